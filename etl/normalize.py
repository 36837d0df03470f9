"""Normalise the combined records of all sources into the tables of the database.

Input: one common grant frame (etl.records.frame_schema) holding every source's records.
Output: frames for grants, funders, funder_names, organisations and grant_partners, with stable ids.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import polars as pl

from etl.funders import canonical_funder, curated_by_id
from etl.organisations import organisation_id, organisation_name


@dataclass
class NormalizedTables:
    grants: pl.DataFrame
    funders: pl.DataFrame
    funder_names: pl.DataFrame
    organisations: pl.DataFrame
    grant_partners: pl.DataFrame


def grant_id(source_id: str, record_key: str) -> str:
    """Stable across builds: depends only on where the record comes from."""
    return "g-" + hashlib.sha1(f"{source_id}|{record_key}".encode()).hexdigest()[:16]


def _funder_table(records: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Resolve each distinct (funder_id, funder, country) once; returns the mapping and the funders table."""
    distinct = records.select("funder_id", "funder", "country").unique().sort(pl.all(), nulls_last=True)
    curated = curated_by_id()
    mapping, funders = [], {}
    for given_id, written, country in distinct.iter_rows():
        named = canonical_funder(written, country)
        if given_id and given_id not in curated and (named is None or named.funder_id != given_id):
            # A bulk source that already knows its funder's identity (e.g. a SweCRIS org number).
            fid, row = given_id, (given_id, written or given_id, written or given_id, country, None)
        else:
            funder = curated.get(given_id) if given_id in curated else named
            if funder is None:
                funder = canonical_funder("unknown funder", country)
            fid = funder.funder_id
            row = (fid, funder.name, funder.short, funder.country or country, funder.type)
        mapping.append((given_id, written, country, fid))
        funders.setdefault(fid, row)
    mapping_frame = pl.DataFrame(
        mapping, schema=["funder_id", "funder", "country", "canonical_funder_id"], orient="row"
    )
    funders_frame = pl.DataFrame(
        sorted(funders.values()),
        schema=["funder_id", "name", "short_name", "country", "funder_type"],
        orient="row",
    )
    return mapping_frame, funders_frame


def normalize(records: pl.DataFrame) -> NormalizedTables:
    mapping, funders = _funder_table(records)
    grants = records.join(mapping, on=["funder_id", "funder", "country"], how="left", nulls_equal=True)
    # A plain loop over the two columns: far cheaper than map_elements building a dict per row.
    ids = [grant_id(s, k) for s, k in zip(grants["source_id"], grants["record_key"], strict=True)]
    grants = grants.with_columns(
        pl.Series("grant_id", ids, dtype=pl.String),
        pl.coalesce("funder", "canonical_funder_id").alias("funder_as_written"),
    )
    grants = _with_recipient_org_ids(grants)

    funder_names = (
        grants.group_by("canonical_funder_id", "funder_as_written")
        .agg(pl.len().cast(pl.Int32).alias("n_grants"))
        .rename({"canonical_funder_id": "funder_id", "funder_as_written": "name_as_written"})
        .sort("funder_id", "name_as_written")
    )

    partners = (
        grants.select(
            "grant_id", "partners", pl.coalesce("recipient_country", "country").alias("org_country")
        )
        .explode("partners")
        .drop_nulls("partners")
        .with_columns(pl.int_range(pl.len()).over("grant_id").cast(pl.Int32).alias("position"))
        .rename({"partners": "name"})
    )
    partners = partners.with_columns(
        pl.struct("name", "org_country")
        .map_elements(lambda r: organisation_id(r["name"], r["org_country"]), return_dtype=pl.String)
        .alias("org_id")
    )

    organisations = _organisations(grants, partners)
    grants = grants.drop("funder_id").rename(
        {
            "canonical_funder_id": "funder_id",
            "grant_cluster_id": "cluster_id",
            "theme": "theme_text",
            "year": "award_year",
        }
    )
    return NormalizedTables(
        grants=grants.sort("source_id", "record_key"),
        funders=funders,
        funder_names=funder_names,
        organisations=organisations,
        grant_partners=partners.select("grant_id", "position", "name", "org_id").sort("grant_id", "position"),
    )


def _with_recipient_org_ids(grants: pl.DataFrame) -> pl.DataFrame:
    """Add recipient_org_id, computed once per distinct recipient (far fewer than grants) and joined back."""
    keys = ["recipient", "recipient_country", "country", "recipient_org_number"]
    distinct = grants.select(keys).unique()
    org_ids = [
        organisation_id(name, recipient_country or country, org_number)
        for name, recipient_country, country, org_number in distinct.iter_rows()
    ]
    distinct = distinct.with_columns(pl.Series("recipient_org_id", org_ids, dtype=pl.String))
    return grants.join(distinct, on=keys, how="left", nulls_equal=True, maintain_order="left")


def _organisations(grants: pl.DataFrame, partners: pl.DataFrame) -> pl.DataFrame:
    recipients = grants.select(
        pl.col("recipient_org_id").alias("org_id"),
        pl.col("recipient").alias("written"),
        pl.col("recipient_org_number").alias("org_number"),
        pl.coalesce("recipient_country", "country").alias("country"),
        pl.col("recipient_type").alias("org_type"),
    ).drop_nulls("org_id")
    partner_orgs = partners.select(
        "org_id",
        pl.col("name").alias("written"),
        pl.lit(None, pl.String).alias("org_number"),
        pl.col("org_country").alias("country"),
        pl.lit(None, pl.String).alias("org_type"),
    )
    both = pl.concat([recipients, partner_orgs])
    # Tidy each distinct spelling once (a recipient repeats over many grants) and join back.
    written = both.select(pl.col("written").unique()).drop_nulls()
    written = written.with_columns(
        pl.Series("_tidy", [organisation_name(w) for w in written["written"]], dtype=pl.String)
    )
    both = both.join(written, on="written", how="left", maintain_order="left").with_columns(
        pl.coalesce("_tidy", pl.lit("organisation number ") + pl.col("org_number")).alias("name")
    )
    # The most frequent spelling names the organisation; ties broken alphabetically for determinism.
    names = (
        both.group_by("org_id", "name")
        .agg(pl.len().alias("n"))
        .sort(["org_id", "n", "name"], descending=[False, True, False])
        .group_by("org_id", maintain_order=True)
        .first()
        .select("org_id", "name")
    )
    attrs = both.group_by("org_id").agg(
        pl.col("org_number").drop_nulls().first(),
        pl.col("country").drop_nulls().first(),
        pl.col("org_type").drop_nulls().first(),
    )
    return (
        names.join(attrs, on="org_id")
        .with_columns(pl.lit(None, pl.String).alias("municipality_code"))
        .sort("org_id")
    )
