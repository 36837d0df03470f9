"""Forskningsrådet open data as common grant frames: Horizon 2020 grants to Norwegian organisations (EUR)
and the soknader2 sample of applications to Forskningsrådet (NOK; only the granted ones are grants).

Source: ../shared/data/nfr_open_data/SOURCE.txt.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from etl.records import frame_schema

H2020_FUNDER = "European Commission (Horizon 2020)"
H2020_FUNDER_ID = "eu-h2020"
H2020_GENRE = "h2020"
CORDIS_URL = "https://cordis.europa.eu/project/id/{}"

NFR_FUNDER = "Forskningsrådet"
NFR_FUNDER_ID = "no-forskningsradet"
SOKNADER_GENRE = "nfr_soknader"
PROSJEKTBANKEN_URL = "https://prosjektbanken.forskningsradet.no/project/FORISS/{}"
# "Prosjekter som har fått støtte har enten fasen Bevilgning ... eller Avsluttet" (soknader2 field list);
# "Avslag" is a rejection.
GRANTED_PHASES = ("Bevilgning", "Avsluttet")

_UNKNOWN_ORG = "ukjent"  # the H2020 file's name for an organisation it cannot identify


def _conform(frame: pl.DataFrame) -> pl.DataFrame:
    """Exactly the common grant-frame columns and dtypes (the build adds source_id and document_id)."""
    schema = {k: v for k, v in frame_schema().items() if k not in ("source_id", "document_id")}
    return frame.select([pl.col(c).cast(t) for c, t in schema.items()])


def _iso_date(text: pl.Expr) -> pl.Expr:
    """'01.06.2020 00:00' -> '2020-06-01'."""
    return text.str.to_date("%d.%m.%Y %H:%M", strict=False).dt.strftime("%Y-%m-%d")


def read_h2020(path: str | Path) -> pl.DataFrame:
    """Horizon 2020 grants to Norwegian organisations: one grant per (project, Norwegian organisation).

    The file has one row per organisation x project with that organisation's own EU contribution, so the rows
    add up to the money without double counting; a project's total is never used. An organisation listed
    twice in one project (two participant numbers) becomes one grant with the sum of its rows. Rows without an
    organisation number are keyed by participant number. Partners are the project's other Norwegian
    organisations (the file holds no foreign ones).
    """
    raw = pl.read_csv(path, separator=";", infer_schema=False)
    org_name = pl.col("Organisasjonsnavn").str.strip_chars()
    rows = raw.with_columns(
        pl.coalesce(
            pl.col("Organisasjonsnummer").str.strip_chars(), pl.format("deltaker-{}", "Deltakernr")
        ).alias("_org_key"),
        pl.when(org_name.str.to_lowercase() != _UNKNOWN_ORG).then(org_name).alias("_recipient"),
        pl.col("Deltakernr").cast(pl.Int32).alias("_participant"),
    ).sort("Prosjektnr", "_participant")

    grants = rows.group_by("Prosjektnr", "_org_key", maintain_order=True).agg(
        pl.all().exclude("Innvilget beløp organisasjon EUR").first(),
        pl.col("Innvilget beløp organisasjon EUR").cast(pl.Float64).sum().alias("_amount"),
        pl.col("Innvilget beløp organisasjon EUR").str.join(" + ").alias("_amount_text"),
    )
    project_orgs = (
        grants.select("Prosjektnr", "_org_key", "_recipient")
        .join(
            grants.select(
                "Prosjektnr", pl.col("_org_key").alias("_other_key"), pl.col("_recipient").alias("_other")
            ),
            on="Prosjektnr",
        )
        .filter((pl.col("_org_key") != pl.col("_other_key")) & pl.col("_other").is_not_null())
        .group_by("Prosjektnr", "_org_key")
        .agg(pl.col("_other").unique().sort().alias("_partners"))
    )
    grants = grants.join(project_orgs, on=["Prosjektnr", "_org_key"], how="left", maintain_order="left")

    signed = _iso_date(pl.col("Kontrakt signeringsdato"))
    start = _iso_date(pl.col("Kontrakt startdato"))
    frame = grants.select(
        pl.format("{}:{}", "Prosjektnr", "_org_key").alias("record_key"),
        pl.lit(H2020_FUNDER).alias("funder"),
        pl.lit(H2020_FUNDER_ID).alias("funder_id"),
        pl.lit("EU").alias("country"),
        pl.col("_recipient").alias("recipient"),
        pl.col("Organisasjonsnummer").alias("recipient_org_number"),
        pl.when(pl.col("FoU sektor").str.to_lowercase() != _UNKNOWN_ORG)
        .then(pl.col("FoU sektor"))
        .alias("recipient_type"),
        pl.col("_partners").fill_null(pl.lit([], dtype=pl.List(pl.String))).alias("partners"),
        pl.col("Prosjektnavn").str.replace_all(r"\s+", " ").str.strip_chars().alias("title"),
        pl.coalesce("Program (H2020)", "Programområde (H2020)").alias("programme"),
        pl.col("Topic").alias("theme"),
        pl.col("_amount").alias("amount"),
        pl.lit("EUR").alias("currency"),
        # Award year = the year the grant agreement was signed; the contract start year if unsigned.
        pl.coalesce(signed, start).str.slice(0, 4).cast(pl.Int32).alias("year"),
        start.alias("start_date"),
        _iso_date(pl.col("Kontrakt sluttdato")).alias("end_date"),
        pl.format(CORDIS_URL, "Prosjektnr").alias("source_url"),
        pl.col("Prosjektnr").alias("reference"),
        pl.col("Kontraktstatus").alias("status"),
        pl.col("_amount_text").alias("amount_text"),
        pl.lit(H2020_GENRE).alias("genre"),
        pl.lit(None, pl.String).alias("language"),
        pl.lit(1.0).alias("confidence"),
        pl.lit("NO").alias("recipient_country"),
        # The file lost leading zeros (Oslo = 301); the codes are the 2020 structure.
        pl.col("Adresse kommunenummer").str.strip_chars().str.zfill(4).alias("municipality_code_raw"),
        pl.lit([], dtype=pl.List(pl.String)).alias("scb_codes"),
    )
    return _conform(frame)


def _recipient_name() -> pl.Expr:
    """The project owner as written; a unit without its own organisation number gets its parent's short name
    in front ('UIO - Psykologisk institutt'), as Vinnova writes 'Organisation - Department'."""
    name = pl.col("prosjektansvarlig_navn").str.replace_all(r"\s+", " ").str.strip_chars()
    parent = pl.col("kortnavn").str.strip_chars()
    needs_parent = (
        _org_number().is_null()
        & parent.is_not_null()
        & ~name.str.to_uppercase().str.contains(parent.str.to_uppercase(), literal=True)
    )
    return pl.when(needs_parent).then(pl.format("{} - {}", parent, name)).otherwise(name)


def _org_number() -> pl.Expr:
    number = pl.col("organisasjonsnummer").str.strip_chars()
    return pl.when(number.str.contains(r"^\d{9}$")).then(number)  # "0" = a unit without its own number


def read_soknader(path: str | Path) -> pl.DataFrame:
    """Forskningsrådet grants from soknader2: rows in phase Bevilgning/Avsluttet with tildelt_belop > 0.

    Rejected applications (Avslag) and the applied-for sum (sokt_belop) are never used. The amount is the
    total granted for the whole project period; the award year is the project's start year (the file has no
    decision date), and only years are known, so start_date/end_date stay null.
    """
    raw = pl.read_csv(path, infer_schema=False)
    granted = raw.filter(
        pl.col("prosjektfase").is_in(GRANTED_PHASES) & (pl.col("tildelt_belop").cast(pl.Float64) > 0)
    )
    frame = granted.select(
        pl.col("prosjektnummer").alias("record_key"),
        pl.lit(NFR_FUNDER).alias("funder"),
        pl.lit(NFR_FUNDER_ID).alias("funder_id"),
        pl.lit("NO").alias("country"),
        _recipient_name().alias("recipient"),
        _org_number().alias("recipient_org_number"),
        pl.col("sektor").alias("recipient_type"),
        pl.lit([], dtype=pl.List(pl.String)).alias("partners"),
        pl.col("prosjekttittel").str.replace_all(r"\s+", " ").str.strip_chars().alias("title"),
        pl.col("aktivitet").alias("programme"),
        pl.col("fag").alias("theme"),
        pl.col("tildelt_belop").cast(pl.Float64).alias("amount"),
        pl.lit("NOK").alias("currency"),
        pl.col("prosjektstart").cast(pl.Int32).alias("year"),
        pl.lit(None, pl.String).alias("start_date"),
        pl.lit(None, pl.String).alias("end_date"),
        pl.format(PROSJEKTBANKEN_URL, "prosjektnummer").alias("source_url"),
        pl.col("prosjektnummer").alias("reference"),
        pl.col("prosjektfase").alias("status"),
        pl.col("tildelt_belop").alias("amount_text"),
        pl.lit(SOKNADER_GENRE).alias("genre"),
        pl.lit(None, pl.String).alias("language"),
        pl.lit(1.0).alias("confidence"),
        pl.lit("NO").alias("recipient_country"),
        pl.col("kommunenummer").str.strip_chars().str.zfill(4).alias("municipality_code_raw"),  # 2024 codes
        pl.lit([], dtype=pl.List(pl.String)).alias("scb_codes"),
    )
    return _conform(frame)
