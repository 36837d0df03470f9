"""SweCRIS grants (KTH extract): Vinnova's own file and the other Swedish funders, as common grant frames.

Source: ../shared/data/swecris_kth/SOURCE.txt. Two files share the SweCRIS columns:
  swecris_kth_vinnova.csv  Vinnova only (plus a `diarienummer` column); the authoritative Vinnova rows.
  swecris_kth_grants.csv   every funder, Vinnova included. Most "_RJ" rows repeat a Vinnova project
                           (upstream artefact), so they are removed and reported, never summed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

import polars as pl

from etl.funders import slug
from etl.records import frame_schema

GENRE = "swecris"
PROJECT_URL = "https://www.vr.se/english/swecris.html#/project/{}"

# Canonical ids by the funder's organisation number (stable through renames); other funders get "se-<slug>".
FUNDER_IDS = {
    "202100-5216": "vinnova",
    "202100-5208": "se-vr",  # Vetenskapsrådet
    "202100-5232": "se-formas",
    "202100-5240": "se-forte",
    "202100-5000": "se-energimyndigheten",  # Statens energimyndighet
    "802012-1276": "se-rj",  # Riksbankens Jubileumsfond
    "202100-2585": "se-rymdstyrelsen",
    "802006-0763": "se-hjart-lungfonden",
    "802400-4155": "se-ostersjostiftelsen",
}
VINNOVA_ID = "vinnova"

_ISO_DATE = r"^\d{4}-\d{2}-\d{2}$"
# A Swedish organisation number has a 3rd digit >= 2; a personal identity number (a person who holds the
# grant) has a month there (0 or 1) and must not be published as an organisation number.
_ORG_NUMBER = r"^\d{2}[2-9]\d{3}-\d{4}$"


def grant_frame_schema() -> dict[str, pl.DataType]:
    """The common grant-frame columns a bulk reader returns (the build adds source_id and document_id)."""
    return {k: v for k, v in frame_schema().items() if k not in ("source_id", "document_id")}


_NULL_VALUES = ["NA", "NULL"]
# Polars parses a batched CSV ahead of its consumer by a multiple of the chunk: ~0.5 GB with chunks of this
# size (1.1 GB with 200k rows), so it reads small chunks and `_raw_batches` gathers them.
_CSV_CHUNK_ROWS = 50_000


def _read_raw(path: str | Path) -> pl.DataFrame:
    # Everything as text first: amounts keep their raw form for amount_text, and "NA"/"NULL" mean missing.
    return pl.read_csv(path, infer_schema=False, null_values=_NULL_VALUES)


def _raw_batches(path: str | Path, rows: int) -> Iterator[pl.DataFrame]:
    """The file's rows about `rows` at a time, parsed exactly as `_read_raw` parses the whole file, in file
    order."""
    scan = pl.scan_csv(path, infer_schema=False, null_values=_NULL_VALUES)
    gathered: list[pl.DataFrame] = []
    for chunk in scan.collect_batches(chunk_size=min(rows, _CSV_CHUNK_ROWS)):
        gathered.append(chunk)
        if sum(c.height for c in gathered) >= rows:
            yield pl.concat(gathered)
            gathered = []
    if gathered:
        yield pl.concat(gathered)


def _finest_scb_codes(scbs: pl.Expr) -> pl.Expr:
    """'¤¤¤ 1: ..., 102: ..., 10201: ... ¤¤¤ ...' -> ['10201', ...]: the most specific code of each block.

    Code 9/999/99999 ("Oklassificerat") is not a subject and is dropped.
    """
    return (
        scbs.str.split("¤¤¤")
        .list.eval(pl.element().str.extract_all(r"\b\d{1,5}:").list.last().str.strip_suffix(":"))
        .list.eval(pl.element().filter(pl.element().is_not_null() & ~pl.element().str.contains(r"^9+$")))
        .list.unique()
        .list.sort()
        .fill_null(pl.lit([], dtype=pl.List(pl.String)))
    )


def _finest_scb_labels(scbs: pl.Expr) -> pl.Expr:
    """A short theme label: the most specific SCB subjects' names ('Datavetenskap, Computer Sciences')."""
    labels = (
        scbs.str.split("¤¤¤")
        .list.eval(pl.element().str.extract(r"\b\d{1,5}:\s*([^:]+?)\s*$", 1).str.replace_all(r"\s+", " "))
        .list.eval(
            pl.element().filter(pl.element().is_not_null() & ~pl.element().str.starts_with("Oklassificerat"))
        )
        .list.unique(maintain_order=True)
        .list.join("; ")
    )
    return pl.when(labels.str.len_chars() > 0).then(labels)


def _funder_ids(raw: pl.DataFrame) -> dict[str, str]:
    """Funder org number -> canonical id: the known ids, else "se-" + the slug of the Swedish name. (Read a batch
    at a time, each batch maps its own numbers: the same ids, as SweCRIS names each number one way.)"""
    pairs = raw.select("fundingOrganisationId", "fundingOrganisationNameSv").unique().iter_rows()
    return {org: FUNDER_IDS.get(org) or f"se-{slug(name or org)}" for org, name in pairs}


def _scb_columns(raw: pl.DataFrame) -> pl.DataFrame:
    """`raw` with the theme label and SCB codes parsed from `scbs` (as `_scb_theme`, `_scb_codes`).

    A million rows hold only ~1,500 distinct subject strings, so each is parsed once and joined back
    (the regex parsing per row dominated the read).
    """
    distinct = raw.select(pl.col("scbs").unique()).with_columns(
        _finest_scb_labels(pl.col("scbs")).alias("_scb_theme"),
        _finest_scb_codes(pl.col("scbs")).alias("_scb_codes"),
    )
    return raw.join(distinct, on="scbs", how="left", nulls_equal=True, maintain_order="left")


def _to_grant_frame(raw: pl.DataFrame, reference: pl.Expr) -> pl.DataFrame:
    raw = _scb_columns(raw)
    coordinator_id = pl.col("coordinatingOrganisationId").str.strip_chars()
    start = pl.col("projectStartDate").str.slice(0, 10)
    end = pl.col("projectEndDate").str.slice(0, 10)
    frame = raw.select(
        pl.col("projectId").alias("record_key"),
        pl.col("fundingOrganisationNameSv").alias("funder"),
        pl.col("fundingOrganisationId")
        .replace_strict(_funder_ids(raw), return_dtype=pl.String)
        .alias("funder_id"),
        pl.lit("SE").alias("country"),
        pl.col("coordinatingOrganisationNameSv").str.strip_chars().alias("recipient"),
        pl.when(coordinator_id.str.contains(_ORG_NUMBER)).then(coordinator_id).alias("recipient_org_number"),
        pl.col("coordinatingOrganisationTypeOfOrganisationEn").alias("recipient_type"),
        pl.lit([], dtype=pl.List(pl.String)).alias("partners"),
        pl.coalesce("projectTitleSv", "projectTitleEn")
        .str.replace_all(r"\s+", " ")
        .str.strip_chars()
        .alias("title"),
        pl.lit(None, pl.String).alias("programme"),  # SweCRIS has no call/programme field
        pl.col("_scb_theme").alias("theme"),
        pl.col("fundingsSek").cast(pl.Float64).alias("amount"),  # NA stays null, never 0
        pl.lit("SEK").alias("currency"),
        # Award year = SweCRIS fundingYear; the 11 rows without one take the project's start year.
        pl.coalesce(
            pl.col("fundingYear").cast(pl.Int32), start.str.slice(0, 4).cast(pl.Int32, strict=False)
        ).alias("year"),
        pl.when(start.str.contains(_ISO_DATE)).then(start).alias("start_date"),
        pl.when(end.str.contains(_ISO_DATE)).then(end).alias("end_date"),
        pl.format(PROJECT_URL, pl.col("projectId")).alias("source_url"),
        reference.alias("reference"),
        pl.lit(None, pl.String).alias("status"),
        pl.col("fundingsSek").alias("amount_text"),
        pl.lit(GENRE).alias("genre"),
        pl.lit(None, pl.String).alias("language"),
        pl.lit(1.0).alias("confidence"),
        pl.lit("SE").alias("recipient_country"),
        pl.lit(None, pl.String).alias("municipality_code_raw"),
        pl.col("_scb_codes").alias("scb_codes"),
    )
    return frame.select([pl.col(c).cast(t) for c, t in grant_frame_schema().items()])


def _diarienummer(project_id: pl.Expr) -> pl.Expr:
    """SweCRIS projectId is '<diarienummer>_<funder short code>': '2019-02088_Vinnova' -> '2019-02088'."""
    return project_id.str.extract(r"^(.*)_[^_]+$", 1)


def _vinnova_reference() -> pl.Expr:
    return pl.coalesce("diarienummer", _diarienummer(pl.col("projectId")))


def read_vinnova(path: str | Path) -> pl.DataFrame:
    """Vinnova's projects from swecris_kth_vinnova.csv, one grant per projectId (SEK)."""
    return _to_grant_frame(_read_raw(path), _vinnova_reference())


def vinnova_batches(path: str | Path, rows: int) -> Iterator[pl.DataFrame]:
    """read_vinnova a batch of `rows` file rows at a time (the same rows, in the same order)."""
    for raw in _raw_batches(path, rows):
        yield _to_grant_frame(raw, _vinnova_reference())


def _title_key(title: pl.Expr) -> pl.Expr:
    """Letters and digits only, lower case: 'E!1705, GEN209 - X' and 'E!1705 - GEN209 - X' compare equal."""
    return title.str.to_lowercase().str.replace_all(r"[^\p{L}\p{N}]+", "")


def _split_vinnova(everything: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(other funders' rows, the file's Vinnova rows as compared with them: reference, record_key, title,
    amount)."""
    vinnova_rows = everything.filter(pl.col("funder_id") == VINNOVA_ID).select(
        "reference", "record_key", "title", "amount"
    )
    return everything.filter(pl.col("funder_id") != VINNOVA_ID), vinnova_rows


def other_funder_batches(path: str | Path, rows: int) -> Iterator[tuple[pl.DataFrame, pl.DataFrame]]:
    """swecris_kth_grants.csv a batch of `rows` file rows at a time: (other funders' rows, the batch's Vinnova
    rows as `repeats_of_vinnova` compares them). The repeats can only be found once the whole file is read."""
    for raw in _raw_batches(path, rows):
        yield _split_vinnova(_to_grant_frame(raw, _diarienummer(pl.col("projectId"))))


def read_other_funders(
    path: str | Path, vinnova_references: Iterable[str]
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """All non-Vinnova grants of swecris_kth_grants.csv, and the rows removed as repeats of Vinnova projects.

    Vinnova's own rows are skipped (they come from the Vinnova file). A row of another funder is a repeat when
    its diarienummer is one of `vinnova_references` and the file's Vinnova row for that diarienummer has the
    same title (letters and digits compared) or the same amount (see `repeats_of_vinnova`).

    Returns (frame, removed); `removed` has the grant-frame columns plus `reason` and `duplicate_of` (the
    Vinnova record_key it repeats).
    """
    others, vinnova_rows = _split_vinnova(
        _to_grant_frame(_read_raw(path), _diarienummer(pl.col("projectId")))
    )
    references = pl.Series("reference", list(vinnova_references), dtype=pl.String)
    candidates = others.filter(pl.col("reference").is_in(references.implode())).join(
        vinnova_rows.select(
            "reference",
            pl.col("record_key").alias("duplicate_of"),
            pl.col("title").alias("vinnova_title"),
            pl.col("amount").alias("vinnova_amount"),
        ),
        on="reference",
        how="inner",
    )
    removed = repeats_of_vinnova(candidates).select(*grant_frame_schema(), "reason", "duplicate_of")
    kept = others.join(removed.select("record_key"), on="record_key", how="anti", maintain_order="left")
    return kept, removed


def repeats_of_vinnova(candidates: pl.DataFrame) -> pl.DataFrame:
    """The repeats among `candidates` (other funders' rows whose diarienummer is a Vinnova reference, joined on
    it with the file's Vinnova rows: duplicate_of, vinnova_title, vinnova_amount), with their `reason`, sorted
    by record_key.

    A repeat has the same title (letters and digits compared) or the same amount as the Vinnova row.
    Diarienummer alone is not enough: Vinnova and Vetenskapsrådet number their cases the same way, so the
    same number names unrelated grants.
    """
    same_title = _title_key(pl.col("title")) == _title_key(pl.col("vinnova_title"))
    same_amount = pl.col("amount").eq_missing(pl.col("vinnova_amount"))
    amount_text = pl.col("amount").cast(pl.Int64).cast(pl.String).fill_null("NA")
    vinnova_amount_text = pl.col("vinnova_amount").cast(pl.Int64).cast(pl.String).fill_null("NA")
    reason = (
        pl.when(same_title & same_amount)
        .then(pl.format("repeats Vinnova project {} (same diarienummer, title and amount)", "reference"))
        .when(same_title)
        .then(
            pl.format(
                "repeats Vinnova project {} (same diarienummer and title; amount {} here, {} at Vinnova)",
                "reference",
                amount_text,
                vinnova_amount_text,
            )
        )
        .otherwise(
            pl.format("repeats Vinnova project {} (same diarienummer and amount; title differs)", "reference")
        )
    )
    return candidates.filter(same_title | same_amount).with_columns(reason.alias("reason")).sort("record_key")
