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
from etl.normalize import normalize
from etl.records import frame_schema
from etl.registry import Source, load_registry

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


def _read_bulk(inputs: Inputs) -> tuple[list[pl.DataFrame], pl.DataFrame]:
    """Every bulk source as a common grant frame, plus the rows removed on reading (with reasons)."""
    from etl.bulk import nfr, swecris

    frames: list[pl.DataFrame] = []
    removed: list[pl.DataFrame] = []
    vinnova = swecris.read_vinnova(inputs.path("swecris_vinnova", "swecris_kth_vinnova.csv"))
    frames.append(vinnova.with_columns(pl.lit("swecris_vinnova").alias("source_id")))
    others, dropped = swecris.read_other_funders(
        inputs.path("swecris_other", "swecris_kth_grants.csv"),
        set(vinnova["reference"].drop_nulls().to_list()),
    )
    frames.append(others.with_columns(pl.lit("swecris_other").alias("source_id")))
    removed.append(dropped.select(pl.lit("swecris_other").alias("source_id"), "record_key", "reason"))
    frames.append(
        nfr.read_h2020(inputs.path("nfr_h2020", "bevilgningereu_dataset.csv")).with_columns(
            pl.lit("nfr_h2020").alias("source_id")
        )
    )
    frames.append(
        nfr.read_soknader(inputs.path("nfr_soknader", "soknader2_sample.csv")).with_columns(
            pl.lit("nfr_soknader").alias("source_id")
        )
    )
    # A participation with 0 granted (e.g. an H2020 partner without EU contribution) is not a grant.
    zero = [f.filter(pl.col("amount") == 0) for f in frames]
    removed += [
        z.select(
            "source_id",
            "record_key",
            pl.lit("amount 0: no money granted to this organisation").alias("reason"),
        )
        for z in zero
        if z.height
    ]
    frames = [f.filter(pl.col("amount").is_null() | (pl.col("amount") != 0)) for f in frames]
    schema = frame_schema()
    aligned = [
        f.with_columns(pl.lit(None, pl.String).alias("document_id")).select(
            [pl.col(c).cast(t) for c, t in schema.items()]
        )
        for f in frames
    ]
    return aligned, pl.concat(removed) if removed else pl.DataFrame(
        schema={"source_id": pl.String, "record_key": pl.String, "reason": pl.String}
    )


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

    with load.build_lock(settings.db_path):
        docs = parse_all_documents(sources, inputs, _document_base_dirs(sources, settings), progress=progress)
        bulk_frames, removed = _read_bulk(inputs)
        combined = pl.concat([docs.records, *bulk_frames], how="vertical")

        from etl.enrich import enrich  # places, currencies, themes, dedup

        enriched = enrich(combined, inputs)
        tables = normalize(enriched.records)
        source_frame, source_files = _sources_frames(sources, inputs)
        summary = build_summary(docs.documents, tables.grants, removed, inputs)
        finished = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        run = pl.DataFrame(
            [(fp[:16], started, finished, fp, str(settings.raw_dir), json.dumps(summary, sort_keys=True))],
            schema=["run_id", "started_at", "finished_at", "fingerprint", "raw_dir", "summary"],
            orient="row",
        )
        load.write_database(
            settings.db_path,
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
                "grant_theme_evidence": enriched.evidence.join(
                    tables.grants.select("source_id", "record_key", "grant_id"),
                    on=["source_id", "record_key"],
                ),
                "conflicts": enriched.conflicts.rename({"grant_cluster_id": "cluster_id"}).join(
                    tables.grants.select("source_id", "record_key", "grant_id"),
                    on=["source_id", "record_key"],
                ),
                "removed_rows": removed,
                "etl_runs": run,
            },
            extra_tables=enriched.reference_tables,
            checks=checks.CHECKS + enriched.checks,
        )
    return BuildResult(settings.db_path, skipped=False, fingerprint=fp, summary=summary)


def build_summary(
    documents: pl.DataFrame, grants: pl.DataFrame, removed: pl.DataFrame, inputs: Inputs
) -> dict:
    per_doc_source = (
        documents.group_by("source_id", "status").agg(pl.len().alias("n")).sort("source_id", "status").rows()
    )
    per_genre = documents.group_by("genre", "status").agg(pl.len().alias("n")).sort("genre", "status").rows()
    per_source = grants.group_by("source_id").agg(pl.len().alias("records")).sort("source_id").rows()
    return {
        "documents_read": documents.height,
        "documents_by_source_and_status": [list(r) for r in per_doc_source],
        "documents_by_genre_and_status": [list(r) for r in per_genre],
        "quarantined": int((documents["status"] == "quarantined").sum()),
        "records_total": grants.height,
        "records_by_source": [list(r) for r in per_source],
        "rows_removed": removed.height,
        "rows_removed_by_source": [
            list(r) for r in removed.group_by("source_id").agg(pl.len().alias("n")).sort("source_id").rows()
        ],
        "missing_optional_inputs": inputs.missing_optional,
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
    for message in s["missing_optional_inputs"]:
        lines.append(f"  note: optional input missing: {message}")
    return "\n".join(lines)
