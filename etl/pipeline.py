"""The build: extract -> parse and read -> normalise -> load, with a summary of what happened to every input."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from etl import checks, load
from etl.config import Settings
from etl.document_stage import parse_all_documents
from etl.extract import Inputs, base_dir, extract
from etl.normalize import hashed_id_sql, normalize, with_grant_ids
from etl.records import frame_schema
from etl.registry import Source, load_registry
from etl.staging import Stage

ETL_DIR = Path(__file__).resolve().parent


@dataclass
class BuildResult:
    db_path: Path
    skipped: bool  # True when the live database already matches the inputs
    fingerprint: str
    summary: dict = field(default_factory=dict)


def fingerprint(sources: dict[str, Source], inputs: Inputs, settings: Settings) -> str:
    """Hash of everything a build depends on: input bytes, registry, curated data files and ETL code."""
    digest = hashlib.sha256()
    code_and_config = sorted(ETL_DIR.rglob("*.py")) + sorted(ETL_DIR.glob("*.sql"))
    code_and_config += [settings.registry_path, *sorted((settings.repo_root / "data").glob("*.toml"))]
    for path in code_and_config:
        # A registry outside the checkout (FUNDING_REGISTRY) is named by its absolute path.
        name = path.relative_to(settings.repo_root) if path.is_relative_to(settings.repo_root) else path
        digest.update(name.as_posix().encode())
        digest.update(path.read_bytes())
    # Registered files were verified against their checksums by extract, so the checksum stands for the bytes.
    for source in sources.values():
        for entry in source.files:
            present = entry.path in inputs.files.get(source.id, {})
            digest.update(f"{source.id}:{entry.path}:{entry.sha256 if present else 'absent'}".encode())
    for source_id, paths in sorted(inputs.documents.items()):
        for path in paths:
            digest.update(f"{source_id}:{path.name}".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _document_base_dirs(sources: dict[str, Source], settings: Settings) -> dict[str, Path]:
    return {
        s.id: (base_dir(s, settings) / s.folder).resolve()
        for s in sources.values()
        if s.kind == "documents" and s.folder
    }


def _sources_frames(sources: dict[str, Source], inputs: Inputs) -> tuple[pl.DataFrame, pl.DataFrame]:
    source_rows = [
        (s.id, s.kind, s.title, s.scope, s.licence, s.licence_url or None, s.attribution, s.homepage or None)
        for s in sources.values()
    ]
    file_rows = [
        (s.id, f.path, f.sha256, f.url, f.origin, f.path in inputs.files.get(s.id, {}))
        for s in sources.values()
        for f in s.files
    ]
    return (
        pl.DataFrame(
            source_rows,
            schema=[
                "source_id",
                "kind",
                "title",
                "scope",
                "licence",
                "licence_url",
                "attribution",
                "homepage",
            ],
            orient="row",
        ),
        pl.DataFrame(
            file_rows, schema=["source_id", "path", "sha256", "url", "origin", "present"], orient="row"
        ),
    )


BULK_SOURCES = ("swecris_vinnova", "swecris_other", "nfr_h2020", "nfr_soknader")


def _aligned(frame: pl.DataFrame, source_id: str) -> pl.DataFrame:
    """A bulk reader's frame as common grant records of `source_id`."""
    return frame.with_columns(
        pl.lit(source_id).alias("source_id"), pl.lit(None, pl.String).alias("document_id")
    ).select([pl.col(c).cast(t) for c, t in frame_schema().items()])


def _stage_vinnova(stage: Stage, path: Path) -> None:
    from etl.bulk import swecris

    for batch in swecris.vinnova_batches(path, stage.batch_rows):
        stage.append_records("records", _aligned(batch, "swecris_vinnova"))


def _stage_other_funders(stage: Stage, path: Path) -> None:
    """The other funders' SweCRIS rows, less those that repeat a Vinnova project (moved to stage.removed)."""
    from etl.bulk import swecris

    vinnova_rows = stage.table("grants_file_vinnova")
    stage.execute(
        f"CREATE TABLE {vinnova_rows} (reference VARCHAR, record_key VARCHAR, title VARCHAR, amount DOUBLE)"
    )
    for others, vinnova in swecris.other_funder_batches(path, stage.batch_rows):
        stage.append_records("records", _aligned(others, "swecris_other"))
        stage.append("grants_file_vinnova", vinnova)
    records = stage.table("records")
    # Only rows whose diarienummer is a Vinnova reference can repeat one: few, so compared in memory.
    candidates = stage.frame(
        f"""SELECT o.reference, o.record_key, o.title, o.amount,
                   v.record_key AS duplicate_of, v.title AS vinnova_title, v.amount AS vinnova_amount
            FROM {records} AS o JOIN {vinnova_rows} AS v USING (reference)
            WHERE o.source_id = 'swecris_other'
              AND o.reference IN (SELECT reference FROM {records} WHERE source_id = 'swecris_vinnova')
            ORDER BY o._seq"""
    )
    repeats = swecris.repeats_of_vinnova(candidates)
    stage.append(
        "removed", repeats.select(pl.lit("swecris_other").alias("source_id"), "record_key", "reason")
    )
    stage.execute(
        f"DELETE FROM {records} WHERE source_id = 'swecris_other'"
        f" AND record_key IN (SELECT record_key FROM {stage.table('removed')})"
    )


def _read_bulk(inputs: Inputs, stage: Stage) -> None:
    """Every bulk source as common grant records into stage.records (after the documents' records), in file
    order; the rows removed on reading, with reasons, into stage.removed."""
    from etl.bulk import nfr

    _stage_vinnova(stage, inputs.path("swecris_vinnova", "swecris_kth_vinnova.csv"))
    _stage_other_funders(stage, inputs.path("swecris_other", "swecris_kth_grants.csv"))
    h2020 = nfr.read_h2020(inputs.path("nfr_h2020", "bevilgningereu_dataset.csv"))
    stage.append_records("records", _aligned(h2020, "nfr_h2020"))
    soknader = nfr.read_soknader(inputs.path("nfr_soknader", "soknader2_sample.csv"))
    stage.append_records("records", _aligned(soknader, "nfr_soknader"))
    # A participation with 0 granted (e.g. an H2020 partner without EU contribution) is not a grant.
    records, bulk = stage.table("records"), ", ".join(f"'{s}'" for s in BULK_SOURCES)
    stage.execute(
        f"""INSERT INTO {stage.table("removed")} BY NAME
            SELECT source_id, record_key, 'amount 0: no money granted to this organisation' AS reason
            FROM {records} WHERE source_id IN ({bulk}) AND amount = 0 ORDER BY _seq"""
    )
    stage.execute(f"DELETE FROM {records} WHERE source_id IN ({bulk}) AND amount = 0")


def run_build(
    settings: Settings, *, force: bool = False, allow_download: bool = True, progress: bool | None = None
) -> BuildResult:
    """Build data/funding.duckdb from the registered inputs. Skips work when nothing changed (unless `force`)."""
    started = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    progress = sys.stderr.isatty() if progress is None else progress
    sources = load_registry(settings.registry_path)
    inputs = extract(sources, settings, allow_download=allow_download)
    fp = fingerprint(sources, inputs, settings)
    if not force and load.read_fingerprint(settings.db_path) == fp:
        return BuildResult(settings.db_path, skipped=True, fingerprint=fp)

    with load.build_lock(settings.db_path), load.new_database(settings.db_path) as con:
        # The records live in the build's scratch tables (etl/staging.py), not in memory.
        stage = Stage(con)
        docs = parse_all_documents(sources, inputs, _document_base_dirs(sources, settings), progress=progress)
        stage.append_records("records", docs.records)
        _read_bulk(inputs, stage)

        from etl.enrich import enrich  # places, currencies, themes, dedup

        enriched = enrich(stage, inputs)
        tables = normalize(stage, enriched.bare_municipalities)
        source_frame, source_files = _sources_frames(sources, inputs)
        summary = build_summary(
            docs.documents,
            stage.frame(f"SELECT source_id, count(*) AS n FROM {stage.table('enriched')} GROUP BY 1"),
            stage.frame(f"SELECT source_id, count(*) AS n FROM {stage.table('removed')} GROUP BY 1"),
            inputs,
            partner_matches=tables.partner_matches,
        )
        finished = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        run = pl.DataFrame(
            [(fp[:16], started, finished, fp, str(settings.raw_dir), json.dumps(summary, sort_keys=True))],
            schema=["run_id", "started_at", "finished_at", "fingerprint", "raw_dir", "summary"],
            orient="row",
        )
        evidence = stage.table("evidence")
        load.write_tables(
            con,
            tables={
                "sources": source_frame,
                "source_files": source_files,
                "source_documents": docs.documents,
                "quarantine": docs.quarantine,
                "funders": tables.funders,
                "funder_names": tables.funder_names,
                "organisations": tables.organisations,
                "grants": tables.grants,
                "grant_partners": tables.grant_partners,
                "themes": enriched.themes,
                "grant_theme_evidence": f"SELECT {hashed_id_sql('g-', 'e')} AS grant_id, * FROM {evidence} AS e",
                "conflicts": with_grant_ids(enriched.conflicts.rename({"grant_cluster_id": "cluster_id"})),
                "removed_rows": f"SELECT * FROM {stage.table('removed')}",
                "etl_runs": run,
            },
            extra_tables=enriched.reference_tables,
            checks=checks.CHECKS + enriched.checks,
        )
    return BuildResult(settings.db_path, skipped=False, fingerprint=fp, summary=summary)


def build_summary(
    documents: pl.DataFrame,
    records_by_source: pl.DataFrame,
    removed_by_source: pl.DataFrame,
    inputs: Inputs,
    partner_matches: dict[str, int] | None = None,
) -> dict:
    """The build in figures; `records_by_source` and `removed_by_source` are (source_id, n) counts,
    `partner_matches` how partners were matched to numbered organisations and partners and recipients to bare
    municipalities (etl.normalize._partners, _bare_recipients)."""
    per_doc_source = (
        documents.group_by("source_id", "status").agg(pl.len().alias("n")).sort("source_id", "status").rows()
    )
    per_genre = documents.group_by("genre", "status").agg(pl.len().alias("n")).sort("genre", "status").rows()
    return {
        "documents_read": documents.height,
        "documents_by_source_and_status": [list(r) for r in per_doc_source],
        "documents_by_genre_and_status": [list(r) for r in per_genre],
        "quarantined": int((documents["status"] == "quarantined").sum()),
        "records_total": int(records_by_source["n"].sum()),
        "records_by_source": [list(r) for r in records_by_source.sort("source_id").rows()],
        "rows_removed": int(removed_by_source["n"].sum()),
        "rows_removed_by_source": [list(r) for r in removed_by_source.sort("source_id").rows()],
        "missing_optional_inputs": inputs.missing_optional,
        "partner_matches": dict(partner_matches or {}),
    }


def format_summary(result: BuildResult) -> str:
    if result.skipped:
        return f"{result.db_path} is up to date with its inputs (fingerprint {result.fingerprint[:12]}); nothing to do."
    s = result.summary
    lines = [
        f"built {result.db_path}",
        f"  documents read: {s['documents_read']}  quarantined: {s['quarantined']}",
    ]
    for source_id, status, n in s["documents_by_source_and_status"]:
        lines.append(f"    {source_id:<18} {status:<12} {n:>6}")
    lines.append("  documents by genre:")
    for genre, status, n in s["documents_by_genre_and_status"]:
        lines.append(f"    {genre or '-':<18} {status:<12} {n:>6}")
    lines.append(f"  records: {s['records_total']}")
    for source_id, n in s["records_by_source"]:
        lines.append(f"    {source_id:<18} {n:>8}")
    lines.append(
        f"  bulk rows not counted (repeats of another source, 0 granted; see removed_rows): {s['rows_removed']}"
    )
    for source_id, n in s["rows_removed_by_source"]:
        lines.append(f"    {source_id:<18} {n:>8}")
    matches = s.get("partner_matches") or {}
    if matches:
        lines.append(
            "  partners given a numbered organisation's id by name:"
            f" {matches['partner_names_merged']} names, {matches['partner_places_merged']} partner places;"
            f" names shared by two or more numbered organisations, kept apart: {matches['partner_names_ambiguous']}"
        )
    if "partner_names_municipality" in matches:
        lines.append(
            "  partners named as a bare municipality given that municipality's id:"
            f" {matches['partner_names_municipality']} names, {matches['partner_places_municipality']} partner"
            f" places; municipality names kept apart (several municipalities or organisations, both countries, an"
            f" ordinary word): {matches['partner_names_municipality_apart']}"
        )
    if "recipient_names_municipality" in matches:
        lines.append(
            "  recipients without a number named as a bare municipality given that municipality's id:"
            f" {matches['recipient_names_municipality']} names, {matches['recipient_grants_municipality']} grants;"
            f" kept apart: {matches['recipient_names_municipality_apart']}"
        )
    for message in s["missing_optional_inputs"]:
        lines.append(f"  note: optional input missing: {message}")
    return "\n".join(lines)
