"""Forskningsrådet readers against the real files (figures from ../shared/data/nfr_open_data/SOURCE.txt)."""

from __future__ import annotations

import polars as pl
import pytest

from etl.bulk import nfr, swecris
from etl.config import load_settings

RAW = load_settings().raw_dir
FOLDER = RAW / "data" / "nfr_open_data"
H2020_CSV = FOLDER / "bevilgningereu_dataset.csv"
SOKNADER_CSV = FOLDER / "soknader2_sample.csv"


@pytest.fixture(scope="module")
def h2020() -> pl.DataFrame:
    return nfr.read_h2020(H2020_CSV)


@pytest.fixture(scope="module")
def raw_h2020() -> pl.DataFrame:
    return pl.read_csv(H2020_CSV, separator=";", infer_schema=False)


@pytest.fixture(scope="module")
def soknader() -> pl.DataFrame:
    return nfr.read_soknader(SOKNADER_CSV)


def test_h2020_total_is_the_documented_figure(h2020):
    # SOURCE.txt: sum "Innvilget beløp organisasjon EUR" = 1,672,234,782 EUR; no euro counted twice.
    assert round(h2020["amount"].sum()) == 1_672_234_782
    assert set(h2020["currency"]) == {"EUR"}


def test_h2020_one_grant_per_project_and_organisation(h2020, raw_h2020):
    assert dict(h2020.schema) == swecris.grant_frame_schema()
    assert h2020["record_key"].n_unique() == h2020.height
    organisation = pl.coalesce("Organisasjonsnummer", pl.format("deltaker-{}", "Deltakernr"))
    expected = raw_h2020.select(pl.format("{}:{}", "Prosjektnr", organisation).alias("k"))["k"].n_unique()
    assert h2020.height == expected
    assert h2020["record_key"].str.contains(r"^\d+:(\d{9}|deltaker-\d+)$").all()
    assert (h2020["reference"] == h2020["record_key"].str.extract(r"^(\d+):", 1)).all()
    assert set(h2020["funder_id"]) == {"eu-h2020"} and set(h2020["country"]) == {"EU"}
    assert set(h2020["recipient_country"]) == {"NO"}


def test_h2020_organisation_listed_twice_in_a_project_is_summed(h2020, raw_h2020):
    twice = (
        raw_h2020.drop_nulls("Organisasjonsnummer")
        .group_by("Prosjektnr", "Organisasjonsnummer")
        .agg(
            pl.col("Innvilget beløp organisasjon EUR").cast(pl.Float64).sum().alias("total"),
            pl.len().alias("n"),
        )
        .filter(pl.col("n") > 1)
    )
    assert twice.height > 0
    for project, org, total, n in twice.iter_rows():
        grant = h2020.filter(pl.col("record_key") == f"{project}:{org}")
        assert grant.height == 1
        assert grant["amount"][0] == pytest.approx(total)
        assert grant["amount_text"][0].count(" + ") == n - 1


def test_h2020_partners_are_the_other_norwegian_organisations(h2020):
    multi = h2020.filter(pl.col("partners").list.len() > 0)
    assert multi.height > 0
    for row in multi.head(200).iter_rows(named=True):
        assert row["recipient"] not in row["partners"]
        project = h2020.filter(pl.col("reference") == row["reference"])
        others = set(project.filter(pl.col("record_key") != row["record_key"])["recipient"].drop_nulls())
        assert set(row["partners"]) == others


def test_h2020_municipality_codes_get_their_leading_zero(h2020, raw_h2020):
    codes = h2020["municipality_code_raw"].drop_nulls()
    assert codes.str.contains(r"^\d{4}$").all()
    oslo = raw_h2020.filter(pl.col("Adresse kommunenummer") == "301")
    assert oslo.height > 0
    keys = oslo.select(pl.format("{}:{}", "Prosjektnr", "Organisasjonsnummer"))[:, 0]
    assert set(h2020.filter(pl.col("record_key").is_in(keys.implode()))["municipality_code_raw"]) == {"0301"}


def test_h2020_years_and_dates(h2020):
    assert h2020["year"].null_count() == 0
    assert h2020["year"].min() >= 2014 and h2020["year"].max() <= 2022
    assert h2020["start_date"].drop_nulls().str.contains(r"^\d{4}-\d{2}-\d{2}$").all()
    assert h2020["source_url"].str.starts_with("https://cordis.europa.eu/project/id/").all()


def test_soknader_counts_only_grants_with_the_granted_amount(soknader):
    raw = pl.read_csv(SOKNADER_CSV, infer_schema=False)
    granted = raw.filter(
        pl.col("prosjektfase").is_in(["Bevilgning", "Avsluttet"])
        & (pl.col("tildelt_belop").cast(pl.Float64) > 0)
    )
    assert soknader.height == granted.height
    assert "Avslag" not in set(soknader["status"])
    assert (soknader["amount"] > 0).all()
    # SOURCE.txt: sum tildelt_belop = 417,581,442 NOK; rejected applications add nothing to it.
    assert round(soknader["amount"].sum()) == 417_581_442
    # The applied-for sum is never the amount: where the two differ, the granted one is kept.
    differs = granted.filter(pl.col("sokt_belop") != pl.col("tildelt_belop"))
    assert differs.height > 0
    amounts = dict(soknader.select("record_key", "amount").iter_rows())
    for key, granted_amount in differs.select(
        "prosjektnummer", pl.col("tildelt_belop").cast(pl.Float64)
    ).iter_rows():
        assert amounts[key] == granted_amount


def test_soknader_fields(soknader):
    assert dict(soknader.schema) == swecris.grant_frame_schema()
    assert set(soknader["funder_id"]) == {"no-forskningsradet"} and set(soknader["currency"]) == {"NOK"}
    assert set(soknader["funder"]) == {"Forskningsrådet"} and set(soknader["country"]) == {"NO"}
    assert soknader["title"].str.contains("\n").sum() == 0
    assert soknader["recipient_org_number"].drop_nulls().str.contains(r"^\d{9}$").all()
    assert soknader["municipality_code_raw"].drop_nulls().str.contains(r"^\d{4}$").all()
