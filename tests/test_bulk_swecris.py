"""SweCRIS readers against the real KTH extract (figures from ../shared/data/swecris_kth/SOURCE.txt)."""

from __future__ import annotations

import re

import polars as pl
import pytest

from etl.bulk import swecris
from etl.config import load_settings

RAW = load_settings().raw_dir  # FUNDING_RAW_DIR, default ../shared beside the checkout
FOLDER = RAW / "data" / "swecris_kth"
VINNOVA_CSV = FOLDER / "swecris_kth_vinnova.csv"
GRANTS_CSV = FOLDER / "swecris_kth_grants.csv"


@pytest.fixture(scope="module")
def vinnova() -> pl.DataFrame:
    return swecris.read_vinnova(VINNOVA_CSV)


@pytest.fixture(scope="module")
def others(vinnova) -> tuple[pl.DataFrame, pl.DataFrame]:
    return swecris.read_other_funders(GRANTS_CSV, vinnova["reference"].to_list())


@pytest.fixture(scope="module")
def raw_grants() -> pl.DataFrame:
    return pl.read_csv(GRANTS_CSV, infer_schema=False)


def test_vinnova_total_is_the_documented_figure(vinnova):
    assert vinnova.height == 1408
    assert vinnova["record_key"].n_unique() == 1408
    assert vinnova["amount"].sum() == 4_320_150_059


def test_frames_have_exactly_the_common_schema(vinnova, others):
    frame, removed = others
    assert dict(vinnova.schema) == swecris.grant_frame_schema()
    assert dict(frame.schema) == swecris.grant_frame_schema()
    assert removed.columns == [*swecris.grant_frame_schema(), "reason", "duplicate_of"]


def test_vinnova_fields(vinnova):
    raw = pl.read_csv(VINNOVA_CSV, infer_schema=False)
    assert set(vinnova["funder_id"]) == {"vinnova"}
    assert set(vinnova["currency"]) == {"SEK"} and set(vinnova["country"]) == {"SE"}
    assert vinnova["reference"].to_list() == raw["diarienummer"].to_list()
    assert vinnova["year"].null_count() == 0  # the rows without fundingYear take the project start year
    first = vinnova.row(0, named=True)
    assert first["source_url"] == f"https://www.vr.se/english/swecris.html#/project/{first['record_key']}"
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", d) for d in vinnova["start_date"].drop_nulls())


def test_missing_amounts_stay_null_never_zero(vinnova, others, raw_grants):
    frame, removed = others
    read = pl.concat([vinnova, frame, removed.drop("reason", "duplicate_of")]).unique("record_key")
    joined = read.join(
        raw_grants.select(pl.col("projectId").alias("record_key"), "fundingsSek"), on="record_key"
    )
    assert joined.height == raw_grants.height
    missing = joined.filter(pl.col("fundingsSek").is_null())
    assert missing.height > 0
    assert missing["amount"].null_count() == missing.height
    assert (
        joined["amount"] == joined["fundingsSek"].cast(pl.Float64)
    ).sum() == joined.height - missing.height


def test_rj_repeats_of_vinnova_projects_are_removed_and_counted(vinnova, others, raw_grants):
    frame, removed = others
    # SOURCE.txt: 1,372 of the 1,438 "_RJ" rows repeat a Vinnova project.
    assert removed.height == 1372
    assert removed["record_key"].str.ends_with("_RJ").all()
    assert removed["reason"].str.starts_with("repeats Vinnova project").all()
    assert removed["reference"].is_in(vinnova["reference"].implode()).all()
    assert (removed["duplicate_of"] == removed["reference"] + "_Vinnova").all()
    # Every row of the file is accounted for: Vinnova file, kept, or removed with a reason.
    assert vinnova.height + frame.height + removed.height == raw_grants.height
    assert "vinnova" not in set(frame["funder_id"])
    assert frame.filter(pl.col("funder_id") == "se-rj").height == 1438 - 1372


def test_a_shared_diarienummer_alone_does_not_remove_a_grant(vinnova, others):
    """Vetenskapsrådet and Vinnova number cases alike: 2008-03863_VR is not 2008-03863_Vinnova."""
    frame, _ = others
    shared = frame.filter(pl.col("reference").is_in(vinnova["reference"].implode())).join(
        vinnova.select("reference", pl.col("title").alias("vinnova_title")), on="reference"
    )
    assert shared.height > 0
    assert (shared["title"] != shared["vinnova_title"]).all()


def test_funder_ids_follow_the_funders_org_numbers(others, raw_grants):
    frame, _ = others
    pairs = frame.select("funder", "funder_id").unique()
    assert pairs["funder"].n_unique() == pairs["funder_id"].n_unique() == pairs.height
    ids = dict(pairs.iter_rows())
    assert ids["Vetenskapsrådet"] == "se-vr"
    assert ids["Formas"] == "se-formas"
    assert ids["Forte"] == "se-forte"
    assert ids["Statens energimyndighet"] == "se-energimyndigheten"
    assert ids["Riksbankens Jubileumsfond"] == "se-rj"
    assert all(re.fullmatch(r"(se-[a-z0-9-]+)", i) for i in ids.values())


def test_personal_identity_numbers_are_not_published_as_org_numbers(vinnova, others, raw_grants):
    frame, removed = others
    read = pl.concat([vinnova, frame, removed.drop("reason", "duplicate_of")])
    assert read["recipient_org_number"].drop_nulls().str.contains(r"^\d{2}[2-9]\d{3}-\d{4}$").all()
    personal = raw_grants.filter(pl.col("coordinatingOrganisationId").str.contains(r"^\d{2}[01]\d{3}-\d{4}$"))
    assert personal.height > 0  # the file has grants held by persons (sole traders, individual grants)
    held_by_persons = read.filter(pl.col("record_key").is_in(personal["projectId"].implode()))
    assert held_by_persons.height == personal.height
    assert held_by_persons["recipient_org_number"].null_count() == personal.height


def test_scb_codes_are_the_most_specific_subjects(others):
    frame, _ = others
    codes = frame["scb_codes"].explode().drop_nulls()
    assert codes.len() > 0
    assert codes.str.contains(r"^\d{1,5}$").all()
    assert not codes.str.contains(r"^9+$").any()  # "Oklassificerat" is not a subject
    with_codes = frame.filter(pl.col("scb_codes").list.len() > 0)
    assert with_codes["theme"].null_count() == 0
