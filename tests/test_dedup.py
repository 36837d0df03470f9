"""Deduplication over the combined frame: every bulk source plus the corpus gold records as documents."""

from __future__ import annotations

import json

import polars as pl
import pytest

from etl.bulk import nfr, swecris
from etl.config import load_settings
from etl.dedup import assign_clusters, cluster_id
from etl.records import frame_schema
from etl.reference.regions import RegionResolver, add_places

RAW = load_settings().raw_dir
SCHEMA = frame_schema()


def _as_bulk(frame: pl.DataFrame, source_id: str) -> pl.DataFrame:
    return frame.with_columns(
        pl.lit(source_id).alias("source_id"), pl.lit(None, pl.String).alias("document_id")
    ).select([pl.col(c).cast(t) for c, t in SCHEMA.items()])


def _documents(records: list[dict]) -> pl.DataFrame:
    return pl.DataFrame([{k: r.get(k) for k in SCHEMA} for r in records], schema=SCHEMA, orient="row")


def _gold_documents() -> pl.DataFrame:
    """The gold records as the document parser would emit them (one document per gold file)."""
    records = []
    for path in sorted((RAW / "corpus").glob("*/gold/*.json")):
        corpus = path.parts[-3]
        for index, record in enumerate(json.loads(path.read_text(encoding="utf-8"))):
            records.append(
                record
                | {
                    "source_id": f"corpus_{corpus}",
                    "record_key": f"{path.stem}.txt#{index}",
                    "document_id": f"doc-{corpus}-{path.stem}",
                    "funder_id": "vinnova" if record["funder"] == "Vinnova" else None,
                    "genre": "vinnova_project" if "_vinnova_" in path.stem else "news",
                }
            )
    return _documents(records)


@pytest.fixture(scope="module")
def combined() -> pl.DataFrame:
    vinnova = swecris.read_vinnova(RAW / "data/swecris_kth/swecris_kth_vinnova.csv")
    others, _ = swecris.read_other_funders(
        RAW / "data/swecris_kth/swecris_kth_grants.csv", vinnova["reference"]
    )
    frame = pl.concat(
        [
            _as_bulk(vinnova, "swecris_vinnova"),
            _as_bulk(others, "swecris_other"),
            _as_bulk(nfr.read_h2020(RAW / "data/nfr_open_data/bevilgningereu_dataset.csv"), "nfr_h2020"),
            _as_bulk(nfr.read_soknader(RAW / "data/nfr_open_data/soknader2_sample.csv"), "nfr_soknader"),
            _gold_documents(),
        ]
    )
    return add_places(frame, RegionResolver.from_raw_dir(RAW))


@pytest.fixture(scope="module")
def clustered(combined) -> tuple[pl.DataFrame, pl.DataFrame]:
    return assign_clusters(combined)


def test_every_record_has_a_cluster_and_one_primary_per_cluster(combined, clustered):
    out, _ = clustered
    assert out.height == combined.height
    assert out["grant_cluster_id"].null_count() == 0
    primaries = out.group_by("grant_cluster_id").agg(pl.col("is_primary").sum())
    assert (primaries["is_primary"] == 1).all()


def test_no_diarienummer_twice_among_primary_records(clustered):
    out, _ = clustered
    swedish = out.filter(
        pl.col("is_primary") & pl.col("reference").is_not_null() & (pl.col("country") == "SE")
    )
    assert swedish.height > 5000
    assert swedish.select(pl.struct("funder_id", "reference").is_duplicated().sum()).item() == 0


def test_bulk_participation_rows_are_never_merged(combined, clustered):
    out, _ = clustered
    h2020 = out.filter(pl.col("source_id") == "nfr_h2020")
    assert (
        h2020["grant_cluster_id"].n_unique() == h2020.height
    )  # one project, several organisations: several grants
    bulk_sum = combined.filter(pl.col("document_id").is_null())["amount"].sum()
    assert out.filter(pl.col("is_primary") & pl.col("document_id").is_null())["amount"].sum() == bulk_sum


def test_news_about_one_grant_with_different_amounts_is_one_cluster_with_a_conflict(clustered):
    out, conflicts = clustered
    lund = out.filter(pl.col("title") == "Lund Innovation")
    assert lund.height >= 2 and lund["grant_cluster_id"].n_unique() == 1
    assert lund.filter(pl.col("is_primary"))["genre"].item() == "vinnova_project"  # the funder's page wins
    rows = conflicts.filter(pl.col("grant_cluster_id") == lund["grant_cluster_id"][0])
    assert set(rows["field"]) == {"amount"}
    assert set(rows["value"].drop_nulls()) == {str(a) for a in lund["amount"].drop_nulls()}
    assert len(set(rows["value"].drop_nulls())) == 2


def test_different_recipients_are_not_merged(clustered):
    out, _ = clustered
    # Finnmark fylkeskommune's five 300 000 NOK grants: same funder, year and amount, five kommuner.
    five = out.filter(pl.col("funder") == "Finnmark fylkeskommune")
    assert five.height == 5 and five["grant_cluster_id"].n_unique() == 5


def _vinnova_page_and_swecris_twin() -> pl.DataFrame:
    """A Vinnova project page (seed document, diarienummer 2016-04008), the same page saved twice, and the
    SweCRIS row for the same diarienummer."""
    seed = next(
        r
        for p in sorted((RAW / "corpus/seeds/gold").glob("*.json"))
        for r in json.loads(p.read_text())
        if r["recipient"] == "Skaraborgs Kommunalförbund"
    )
    page = seed | {"funder_id": "vinnova", "reference": "2016-04008", "genre": "vinnova_project"}
    return _documents(
        [
            page | {"source_id": "corpus_seeds", "record_key": "page.txt#0", "document_id": "doc-a"},
            page | {"source_id": "local_documents", "record_key": "page-copy.txt#0", "document_id": "doc-b"},
            page
            | {
                "source_id": "swecris_vinnova",
                "record_key": "2016-04008_Vinnova",
                "document_id": None,
                "genre": "swecris",
                "recipient": "SKARABORGS KOMMUNALFÖRBUND",
                "amount": seed["amount"] + 1000,
            },
        ]
    )


def test_reference_and_saved_twice_link_page_copy_and_bulk_row():
    out, conflicts = assign_clusters(_vinnova_page_and_swecris_twin())
    assert out["grant_cluster_id"].n_unique() == 1
    primary = out.filter(pl.col("is_primary"))
    assert primary["record_key"].item() == "2016-04008_Vinnova"  # official funder data first
    assert primary["grant_cluster_id"].item() == cluster_id("swecris_vinnova", "2016-04008_Vinnova")
    assert {"identical", "reference"} <= set(primary["cluster_rule"].item().split("; "))
    assert set(conflicts["field"]) == {"amount"} and conflicts.height == 3


def test_same_reference_at_another_funder_is_not_linked():
    frame = _vinnova_page_and_swecris_twin().with_columns(
        pl.when(pl.col("source_id") == "swecris_vinnova")
        .then(pl.lit("se-vr"))
        .otherwise("funder_id")
        .alias("funder_id")
    )
    out, _ = assign_clusters(frame)
    assert out["grant_cluster_id"].n_unique() == 2


def test_two_records_of_one_document_stay_two_grants():
    page = _vinnova_page_and_swecris_twin().head(1)
    twice = pl.concat([page, page.with_columns(pl.lit("page.txt#1").alias("record_key"))])
    out, _ = assign_clusters(twice)
    assert out["grant_cluster_id"].n_unique() == 2


def test_cluster_ids_are_deterministic(combined, clustered):
    out, conflicts = clustered
    shuffled = combined.sample(fraction=1.0, shuffle=True, seed=7)
    again, conflicts_again = assign_clusters(shuffled)
    ids = dict(out.select(pl.format("{}|{}", "source_id", "record_key"), "grant_cluster_id").iter_rows())
    ids_again = dict(
        again.select(pl.format("{}|{}", "source_id", "record_key"), "grant_cluster_id").iter_rows()
    )
    assert ids == ids_again
    assert conflicts.equals(conflicts_again)
