"""Enrich the combined records: places, currencies, themes, then one cluster per real grant.

Places, currencies and themes depend on the record alone, so they run a batch at a time over the staged records
(stage.records -> stage.enriched, with each record's theme evidence in stage.evidence). Clusters need every record
that a rule could link; those are few, and are clustered together (stage.clusters); every other record is a
cluster of its own.

Also prepares the reference tables the dashboard joins against (regions, shapes, rates, prices, population).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import polars as pl

from etl import dedup
from etl.extract import Inputs
from etl.reference import fx, geo, prices, regions, themes
from etl.staging import Stage

# What clustering reads of a record (besides the keys it computes itself).
_CLUSTER_COLUMNS = [
    "_seq",
    "source_id",
    "record_key",
    "document_id",
    "genre",
    "funder_id",
    "funder",
    "reference",
    "recipient",
    "recipient_org_number",
    "title",
    "amount",
    "currency",
    "year",
    "place_method",
    "municipality_code",
]


@dataclass
class Enriched:
    """What enrich adds besides the staged tables enriched (records with places, amounts converted, themes,
    link keys), evidence (source_id, record_key, theme_id, field, term) and clusters (_seq,
    grant_cluster_id, is_primary of the records that share a cluster with another)."""

    themes: pl.DataFrame
    conflicts: pl.DataFrame  # cluster_id, field, source_id, record_key, value, is_primary
    reference_tables: dict[str, pl.DataFrame] = field(default_factory=dict)
    checks: list[tuple[str, str]] = field(default_factory=list)
    # Municipality names as a partner may write them bare (RegionResolver.bare_municipalities).
    bare_municipalities: pl.DataFrame | None = None


def _resolver(inputs: Inputs) -> regions.RegionResolver:
    return regions.RegionResolver.from_files(
        inputs.path("no_regions", "kommuneinndeling_versions_1971_2024.csv"),
        inputs.path("no_regions", "kommune_code_changes_1971_2024.csv"),
        inputs.path("no_regions", "county_names_numbers_upstream.txt"),
        inputs.path("se_regions", "municipalities.csv"),
        inputs.path("se_regions", "counties.csv"),
    )


def former_counties(changes_csv, county_names_txt) -> list[tuple[str, str, list[str]]]:
    """Norwegian counties that were split into whole current counties: (code, name, current county codes).

    From the 2024-01-01 code changes: e.g. Viken (30) became Østfold (31), Akershus (32) and Buskerud (33). A
    former county is listed only when each of its successors comes from it alone, so a filter on it selects
    exactly its area with today's codes.
    """
    changes = pl.read_csv(changes_csv, infer_schema=False).filter(pl.col("change_occurred") == "2024-01-01")
    moves = changes.select(
        pl.col("old_code").str.slice(0, 2).alias("old"), pl.col("new_code").str.slice(0, 2).alias("new")
    ).filter(pl.col("old") != pl.col("new"))
    names = dict(pl.read_csv(county_names_txt, infer_schema=False).iter_rows())
    sources_of = moves.group_by("new").agg(pl.col("old").unique())
    whole = {new for new, olds in sources_of.iter_rows() if len(olds) == 1}
    result = []
    for old, news in moves.group_by("old").agg(pl.col("new").unique().sort()).sort("old").iter_rows():
        if len(news) > 1 and set(news) <= whole and old in names:
            result.append((old, f"{names[old]} (–2023)", list(news)))
    return result


def _regions_table(
    resolver: regions.RegionResolver,
    shapes: dict[tuple[str, str], dict],
    former: list[tuple[str, str, list[str]]],
) -> pl.DataFrame:
    """Current regions with names, from the prepared shapes (the map's own codes), plus former counties (with the
    current counties they became, in `parts`) so a filter on e.g. Viken selects its area."""
    rows = []
    for (country, level), collection in sorted(shapes.items()):
        for feature in collection["features"]:
            code = feature["id"]
            county = code[:2] if level == "municipality" else code
            rows.append((country, level, code, feature["properties"]["name"], county, None))
    for code, name, parts in former:
        rows.append(("NO", "former_county", code, name, code, parts))
    schema = {
        "country": pl.String,
        "level": pl.String,
        "code": pl.String,
        "name": pl.String,
        "county_code": pl.String,
        "parts": pl.List(pl.String),
    }
    return pl.DataFrame(rows, schema=schema, orient="row").sort("country", "level", "code")


def _shapes(inputs: Inputs) -> dict[tuple[str, str], dict]:
    return {
        ("NO", "county"): geo.prepare_geojson(inputs.path("no_geo", "fylker_2024_S.geojson"), "county", "NO"),
        ("NO", "municipality"): geo.prepare_geojson(
            inputs.path("no_geo", "kommuner_2024_S.geojson"), "municipality", "NO"
        ),
        ("SE", "county"): geo.prepare_geojson(
            inputs.path("se_geo", "swedish_regions.geojson"), "county", "SE"
        ),
        ("SE", "municipality"): geo.prepare_geojson(
            inputs.path("se_geo", "swedish_municipalities.geojson"), "municipality", "SE"
        ),
    }


def enrich(stage: Stage, inputs: Inputs) -> Enriched:
    resolver = _resolver(inputs)
    rates = fx.load_rates(
        inputs.path("ecb_fx", "ecb_yearly_avg_eur_nok_sek.csv"),
        inputs.path("ecb_fx", "ecb_monthly_avg_eur_nok_sek.csv"),
    )
    taxonomy = themes.default_taxonomy()
    places: dict = {}  # resolved once per build, shared by the batches
    for batch in stage.batches("records"):
        placed = regions.add_places(batch, resolver, places)
        converted = fx.add_converted_amounts(placed, rates)
        themed, evidence = themes.classify(converted, taxonomy)
        stage.append("enriched", dedup.with_link_keys(themed))
        stage.append("evidence", evidence.drop("matched"))  # the database keeps no matched text
    stage.drop("records")  # enriched holds every record now
    clustered, conflicts = dedup.assign_clusters(
        stage.frame(dedup.candidates_query(stage.table("enriched"), _CLUSTER_COLUMNS))
    )
    linked = clustered.filter(pl.col("cluster_size") > 1).select("_seq", "grant_cluster_id", "is_primary")
    stage.append("clusters", linked)

    shapes = _shapes(inputs)
    reference = {
        "regions": _regions_table(
            resolver,
            shapes,
            former_counties(
                inputs.path("no_regions", "kommune_code_changes_1971_2024.csv"),
                inputs.path("no_regions", "county_names_numbers_upstream.txt"),
            ),
        ),
        "geo_shapes": pl.DataFrame(
            [(c, lvl, json.dumps(fc, separators=(",", ":"))) for (c, lvl), fc in sorted(shapes.items())],
            schema=["country", "level", "geojson"],
            orient="row",
        ),
        "fx_rates": rates,
    }
    cpi_path = inputs.path("cpi", "cpi_annual_no_se.csv")
    if cpi_path:
        reference["cpi"] = prices.load_cpi(cpi_path)
    no_pop, se_pop = (
        inputs.path("population", "no_population_b2024.csv"),
        inputs.path("population", "se_population_kommuner.csv"),
    )
    if no_pop and se_pop:
        reference["population"] = prices.load_population(no_pop, se_pop)

    checks = [
        (
            "municipality codes are known regions",
            "SELECT g.grant_id, g.recipient_country, g.municipality_code FROM grants g"
            " WHERE g.municipality_code IS NOT NULL AND NOT EXISTS (SELECT 1 FROM regions r"
            " WHERE r.level = 'municipality' AND r.code = g.municipality_code)",
        ),
        (
            "county codes are known regions",
            "SELECT g.grant_id, g.county_code FROM grants g WHERE g.county_code IS NOT NULL AND NOT EXISTS"
            " (SELECT 1 FROM regions r WHERE r.level = 'county' AND r.code = g.county_code)",
        ),
        (
            "themes are in the taxonomy",
            "SELECT grant_id, theme_primary FROM grants WHERE theme_primary NOT IN (SELECT theme_id FROM themes)",
        ),
    ]
    return Enriched(
        themes=themes.themes_table(taxonomy),
        conflicts=conflicts,
        reference_tables=reference,
        checks=checks,
        bare_municipalities=resolver.bare_municipalities(),
    )
