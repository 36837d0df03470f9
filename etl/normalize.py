"""Normalise the enriched records of all sources into the tables of the database.

Input: the staged records (etl/staging.py; stage.enriched: the common grant frame (etl.records.frame_schema)
plus places, converted amounts, themes; stage.clusters: the records that share a cluster).
Output: frames for funders, funder_names, organisations and grant_partners, and the query that fills grants from
the staged records, with stable ids. What has a row per grant stays in DuckDB: Python handles one row per
distinct funder, recipient or partner.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import polars as pl

from etl.funders import canonical_funder, curated_by_id
from etl.organisations import organisation_id, organisation_key_expr, organisation_name
from etl.staging import Stage


@dataclass
class NormalizedTables:
    grants: str  # query over the staged tables
    funders: pl.DataFrame
    funder_names: pl.DataFrame
    organisations: pl.DataFrame
    grant_partners: pl.DataFrame
    # How partners were matched to a numbered organisation by name (see _partners): partner names and partner
    # places given that organisation's id, and names left with their own id because two or more match; and how
    # partners and recipients written as a bare municipality were given its id (_partners, _bare_recipients).
    partner_matches: dict[str, int]


def grant_id(source_id: str, record_key: str) -> str:
    """Stable across builds: depends only on where the record comes from."""
    return "g-" + hashlib.sha1(f"{source_id}|{record_key}".encode()).hexdigest()[:16]


def with_grant_ids(frame: pl.DataFrame) -> pl.DataFrame:
    """The frame (a few rows with source_id and record_key) with their grant_id."""
    ids = [grant_id(s, k) for s, k in frame.select("source_id", "record_key").iter_rows()]
    return frame.with_columns(pl.Series("grant_id", ids, dtype=pl.String))


def hashed_id_sql(prefix: str, table: str) -> str:
    """SQL for `grant_id` ('g-') or dedup.cluster_id ('gc-') of a record of `table`: the same hash of the same
    UTF-8 text, computed where the records are."""
    return f"'{prefix}' || left(sha1({table}.source_id || '|' || {table}.record_key), 16)"


def _same(left: str, right: str, columns: list[str]) -> str:
    """A join condition on columns where null matches null (as polars' nulls_equal=True)."""
    return " AND ".join(f"{left}.{c} IS NOT DISTINCT FROM {right}.{c}" for c in columns)


_FUNDER_KEYS = ["funder_id", "funder", "country"]
_RECIPIENT_KEYS = ["recipient", "recipient_country", "country", "recipient_org_number"]


def _funder_table(records: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Resolve each distinct (funder_id, funder, country) once; returns the mapping and the funders table."""
    distinct = records.select(_FUNDER_KEYS).unique().sort(pl.all(), nulls_last=True)
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
    mapping_frame = pl.DataFrame(mapping, schema=[*_FUNDER_KEYS, "canonical_funder_id"], orient="row")
    funders_frame = pl.DataFrame(
        sorted(funders.values()),
        schema=["funder_id", "name", "short_name", "country", "funder_type"],
        orient="row",
    )
    return mapping_frame, funders_frame


def normalize(stage: Stage, bare_municipalities: pl.DataFrame | None = None) -> NormalizedTables:
    records = stage.table("enriched")
    per_funder = stage.frame(f"SELECT {', '.join(_FUNDER_KEYS)}, count(*) AS n FROM {records} GROUP BY ALL")
    mapping, funders = _funder_table(per_funder)
    stage.append("funder_mapping", mapping)
    funder_names = (
        per_funder.join(mapping, on=_FUNDER_KEYS, how="left", nulls_equal=True)
        .group_by(
            pl.col("canonical_funder_id").alias("funder_id"),
            pl.coalesce("funder", "canonical_funder_id").alias("name_as_written"),
        )
        .agg(pl.col("n").sum().cast(pl.Int32).alias("n_grants"))
        .sort("funder_id", "name_as_written")
    )
    recipients = _with_recipient_org_ids(
        stage.frame(f"SELECT {', '.join(_RECIPIENT_KEYS)}, count(*) AS n_grants FROM {records} GROUP BY ALL")
    )
    numbered = _numbered_by_name(recipients)
    municipalities = _municipalities_by_name(recipients, bare_municipalities)
    recipients, recipient_matches = _bare_recipients(recipients, numbered, municipalities)
    stage.append("recipient_orgs", recipients.drop("n_grants"))

    partners, partner_matches = _partners(
        stage.frame(
            f"SELECT {hashed_id_sql('g-', 'r')} AS grant_id, partners,"
            " coalesce(recipient_country, country) AS org_country"
            f" FROM {records} AS r WHERE len(partners) > 0 ORDER BY _seq"
        ),
        numbered,
        municipalities,
    )
    # Every spelling of an organisation, how often it occurs and in which order it first occurs: recipients
    # in record order, then partners.
    recipient_spellings = stage.frame(
        f"""SELECT o.recipient_org_id AS org_id, coalesce(o.org_name, r.recipient) AS written,
                   r.recipient_org_number AS org_number,
                   coalesce(r.recipient_country, r.country) AS country, r.recipient_type AS org_type,
                   count(*) AS n, min(r._seq) AS _first
            FROM {records} AS r JOIN {stage.table("recipient_orgs")} AS o ON {_same("r", "o", _RECIPIENT_KEYS)}
            WHERE o.recipient_org_id IS NOT NULL
            GROUP BY ALL ORDER BY _first"""
    ).drop("_first")
    partner_spellings = _partner_spellings(partners)
    organisations = _organisations(
        pl.concat([recipient_spellings, partner_spellings], how="vertical_relaxed")
    )
    return NormalizedTables(
        grants=_grants_query(stage),
        funders=funders,
        funder_names=funder_names,
        organisations=organisations,
        grant_partners=partners.select("grant_id", "position", "name", "org_id").sort("grant_id", "position"),
        partner_matches={**recipient_matches, **partner_matches},
    )


def _grants_query(stage: Stage) -> str:
    """The grants rows: staged records with ids, canonical funder, recipient organisation and cluster (a record
    that shares no cluster is its own, by its own key), sorted by source and key."""
    return f"""
        SELECT r.* EXCLUDE (funder_id, theme, year),
            {hashed_id_sql("g-", "r")} AS grant_id,
            m.canonical_funder_id AS funder_id,
            coalesce(r.funder, m.canonical_funder_id) AS funder_as_written,
            o.recipient_org_id,
            coalesce(c.grant_cluster_id, {hashed_id_sql("gc-", "r")}) AS cluster_id,
            coalesce(c.is_primary, true) AS is_primary,
            r.theme AS theme_text,
            r.year AS award_year
        FROM {stage.table("enriched")} AS r
        LEFT JOIN {stage.table("funder_mapping")} AS m ON {_same("r", "m", _FUNDER_KEYS)}
        LEFT JOIN {stage.table("recipient_orgs")} AS o ON {_same("r", "o", _RECIPIENT_KEYS)}
        LEFT JOIN {stage.table("clusters")} AS c ON c._seq = r._seq
        ORDER BY r.source_id, r.record_key
    """


def _with_recipient_org_ids(recipients: pl.DataFrame) -> pl.DataFrame:
    """Distinct recipients (far fewer than grants) with their recipient_org_id."""
    org_ids = [
        organisation_id(name, recipient_country or country, org_number)
        for name, recipient_country, country, org_number in recipients.select(_RECIPIENT_KEYS).iter_rows()
    ]
    return recipients.with_columns(pl.Series("recipient_org_id", org_ids, dtype=pl.String))


def _numbered_by_name(recipients: pl.DataFrame) -> pl.DataFrame:
    """The organisations with an organisation number by tidied name and country: (name_key, org_country,
    numbered_id, n_numbered), n_numbered being how many numbered organisations have that name (numbered_id is
    the one when n_numbered is 1)."""
    numbered = recipients.filter(
        pl.col("recipient_org_number").str.len_chars() > 0, pl.col("recipient_org_id").is_not_null()
    ).select(
        organisation_key_expr(pl.col("recipient")).alias("name_key"),
        pl.coalesce("recipient_country", "country").alias("org_country"),
        "recipient_org_id",
    )
    return (
        numbered.filter(pl.col("name_key").str.len_chars() > 0, pl.col("org_country").is_not_null())
        .group_by("name_key", "org_country")
        .agg(
            pl.col("recipient_org_id").min().alias("numbered_id"),
            pl.col("recipient_org_id").n_unique().alias("n_numbered"),
        )
    )


def _municipalities_by_name(recipients: pl.DataFrame, bare: pl.DataFrame | None) -> pl.DataFrame:
    """The municipality a bare name is (`bare`: etl.reference.regions.RegionResolver.bare_municipalities) by
    name_key and org_country: municipality_id, the id of the one recipient organisation named as that
    municipality ("Askøy kommune", "Göteborgs Stad"), else the id "<name> kommune" (the SCB name in Sweden)
    itself would have; municipality (that name); municipality_apart when the name is kept apart (two
    municipalities of that name, one in each country, an ordinary word, or two or more recipient organisations
    named as it). Partners (_partners) and recipients (_bare_recipients) written bare take municipality_id."""
    schema = {
        "name_key": pl.String,
        "org_country": pl.String,
        "municipality_id": pl.String,
        "municipality": pl.String,
        "municipality_apart": pl.Boolean,
    }
    if bare is None or bare.is_empty():
        return pl.DataFrame(schema=schema)
    claimants = (
        recipients.filter(pl.col("recipient_org_id").is_not_null())
        .select(
            organisation_key_expr(pl.col("recipient")).alias("claim_key"),
            pl.coalesce("recipient_country", "country").alias("country"),
            "recipient_org_id",
        )
        .unique()
    )
    names = (
        bare.join(claimants, on=["claim_key", "country"], how="left")
        .group_by("name_key", "country", "municipality", "apart")
        .agg(
            pl.col("recipient_org_id").drop_nulls().min().alias("claimed_by"),
            pl.col("recipient_org_id").drop_nulls().n_unique().alias("n_claims"),
        )
    )
    # One id per municipality name, computed once per distinct name (a few thousand).
    fallback = [organisation_id(m, c) for m, c in names.select("municipality", "country").iter_rows()]
    return names.with_columns(pl.Series("_own", fallback, dtype=pl.String)).select(
        "name_key",
        pl.col("country").alias("org_country"),
        pl.coalesce("claimed_by", "_own").alias("municipality_id"),
        "municipality",
        (pl.col("apart") | (pl.col("n_claims") > 1)).alias("municipality_apart"),
    )


def _bare_recipients(
    recipients: pl.DataFrame, numbered: pl.DataFrame, municipalities: pl.DataFrame
) -> tuple[pl.DataFrame, dict[str, int]]:
    """The distinct recipients (from `_with_recipient_org_ids`, with n_grants) with a recipient written bare as
    a municipality given that municipality's id, and org_name: how it names its organisation (the municipality,
    "Fjell" -> "Fjell kommune"; null when it is its own). Counts of the names, and their grants, so merged
    and kept apart.

    The rule is the partners' (`_partners`): a recipient without an organisation number whose tidied name and
    country are a municipality's bare name (`municipalities`, from `_municipalities_by_name`) and not the name
    of a numbered organisation is that municipality, unless the name is kept apart. The recipient text itself
    is left as written."""
    keyed = recipients.with_columns(
        organisation_key_expr(pl.col("recipient")).alias("name_key"),
        pl.coalesce("recipient_country", "country").alias("org_country"),
    ).join(
        municipalities.join(
            numbered.select("name_key", "org_country"), on=["name_key", "org_country"], how="anti"
        ),
        on=["name_key", "org_country"],
        how="left",
    )
    candidate = (
        (pl.col("recipient_org_number").fill_null("").str.len_chars() == 0)
        & pl.col("recipient_org_id").is_not_null()
        & pl.col("municipality_id").is_not_null()
    )
    municipal = candidate & ~pl.col("municipality_apart")
    keyed = keyed.with_columns(
        municipal.alias("_municipal"), (candidate & pl.col("municipality_apart")).alias("_apart")
    )
    merged = keyed.filter("_municipal")
    apart = keyed.filter("_apart")
    matches = {
        "recipient_names_municipality": merged["recipient_org_id"].n_unique(),
        "recipient_grants_municipality": int(merged["n_grants"].sum())
        if "n_grants" in merged.columns
        else merged.height,
        "recipient_names_municipality_apart": apart["recipient_org_id"].n_unique(),
    }
    out = keyed.with_columns(
        pl.when("_municipal").then("municipality_id").otherwise("recipient_org_id").alias("recipient_org_id"),
        pl.when("_municipal").then("municipality").otherwise(None).alias("org_name"),
    )
    return out.select(*recipients.columns, "org_name"), matches


def _partners(
    grants: pl.DataFrame, numbered: pl.DataFrame, municipalities: pl.DataFrame | None = None
) -> tuple[pl.DataFrame, dict[str, int]]:
    """One row per partner of a grant (grant_id, partners, org_country), numbered within the grant, with its
    org_id and org_name (how it names its organisation), and how many partner names were matched (see
    `partner_matches`).

    Sources name partners without an organisation number. A partner whose tidied name and country are those of
    exactly one organisation with a number (`numbered`, from `_numbered_by_name`) is that organisation; a name
    shared by two or more numbered organisations is ambiguous and keeps its own, name-based id. Otherwise a
    partner whose tidied name is a municipality's bare name in its country (`municipalities`, from
    `_municipalities_by_name`) is that municipality, named as the municipality ("Askøy" -> "Askøy kommune"),
    unless the name is kept apart there."""
    if municipalities is None:
        municipalities = _municipalities_by_name(pl.DataFrame(), None)
    partners = (
        grants.explode("partners")
        .drop_nulls("partners")
        .with_columns(pl.int_range(pl.len()).over("grant_id").cast(pl.Int32).alias("position"))
        .rename({"partners": "name"})
    )
    # Each distinct partner once: its name-based id, and the numbered organisation its name matches, if any.
    distinct = partners.select("name", "org_country").unique()
    ids = [organisation_id(name, country) for name, country in distinct.iter_rows()]
    distinct = (
        distinct.with_columns(
            pl.Series("name_id", ids, dtype=pl.String),
            organisation_key_expr(pl.col("name")).alias("name_key"),
        )
        .join(numbered, on=["name_key", "org_country"], how="left")
        .join(municipalities, on=["name_key", "org_country"], how="left")
        .with_columns(
            (
                pl.col("n_numbered").is_null()
                & pl.col("municipality_id").is_not_null()
                & ~pl.col("municipality_apart").fill_null(True)
            ).alias("_municipal")
        )
        .with_columns(
            pl.when(pl.col("n_numbered") == 1)
            .then(pl.col("numbered_id"))
            .when(pl.col("_municipal"))
            .then(pl.col("municipality_id"))
            .otherwise(pl.col("name_id"))
            .alias("org_id"),
            pl.when(pl.col("_municipal"))
            .then(pl.col("municipality"))
            .otherwise(pl.col("name"))
            .alias("org_name"),
        )
    )
    partners = partners.join(
        distinct.select("name", "org_country", "org_id", "org_name"),
        on=["name", "org_country"],
        how="left",
        nulls_equal=True,
        maintain_order="left",
    )
    merged = distinct.filter(pl.col("n_numbered") == 1)
    municipal = distinct.filter(pl.col("_municipal"))
    matches = {
        "partner_names_merged": merged["name_id"].n_unique(),
        "partner_places_merged": partners.join(
            merged.select("name", "org_country"), on=["name", "org_country"], nulls_equal=True
        ).height,
        "partner_names_ambiguous": distinct.filter(pl.col("n_numbered") > 1)["name_id"].n_unique(),
        "partner_names_municipality": municipal["name_id"].n_unique(),
        "partner_places_municipality": partners.join(
            municipal.select("name", "org_country"), on=["name", "org_country"], nulls_equal=True
        ).height,
        "partner_names_municipality_apart": distinct.filter(
            pl.col("n_numbered").is_null() & pl.col("municipality_apart").fill_null(False)
        )["name_id"].n_unique(),
    }
    return partners, matches


def _partner_spellings(partners: pl.DataFrame) -> pl.DataFrame:
    """Each partner place as one spelling of its organisation (a partner brings no number or type of its own)."""
    return partners.select(
        "org_id",
        pl.col("org_name" if "org_name" in partners.columns else "name").alias("written"),
        pl.lit(None, pl.String).alias("org_number"),
        pl.col("org_country").alias("country"),
        pl.lit(None, pl.String).alias("org_type"),
        pl.lit(1, pl.Int64).alias("n"),
    )


def _organisations(spellings: pl.DataFrame) -> pl.DataFrame:
    """One row per organisation from its spellings (org_id, written, org_number, country, org_type, n: how many
    grants or partner places have it), given in order of first occurrence."""
    # Tidy each distinct spelling once (a recipient repeats over many grants) and join back.
    written = spellings.select(pl.col("written").unique()).drop_nulls()
    written = written.with_columns(
        pl.Series("_tidy", [organisation_name(w) for w in written["written"]], dtype=pl.String)
    )
    both = spellings.join(written, on="written", how="left", maintain_order="left").with_columns(
        pl.coalesce("_tidy", pl.lit("organisation number ") + pl.col("org_number")).alias("name")
    )
    # The most frequent spelling names the organisation; ties broken alphabetically for determinism.
    names = (
        both.group_by("org_id", "name")
        .agg(pl.col("n").sum())
        .sort(["org_id", "n", "name"], descending=[False, True, False])
        .group_by("org_id", maintain_order=True)
        .first()
        .select("org_id", "name")
    )
    # Other attributes: the first known value, in order of occurrence.
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
