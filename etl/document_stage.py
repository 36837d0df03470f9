"""Parse every registered document folder into a records frame, accounting for each document.

Each document ends in exactly one state: it yields records, it is recognised but names no grant, or it is
quarantined with its reason. Nothing is dropped silently.
"""

from __future__ import annotations

import hashlib
import sys
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from etl.documents import UnreadableDocument, parse_document
from etl.extract import Inputs, sha256_of
from etl.records import frame_schema
from etl.registry import Source


@dataclass
class DocumentStageResult:
    records: pl.DataFrame  # common grant frame
    documents: pl.DataFrame  # one row per document (source_documents table)
    quarantine: pl.DataFrame


def document_id(source_id: str, relative_path: str) -> str:
    return "doc-" + hashlib.sha1(f"{source_id}/{relative_path}".encode()).hexdigest()[:16]


def _progress(items: list, enabled: bool):
    if not enabled:
        return items
    from tqdm import tqdm

    return tqdm(items, desc="parse documents", unit="doc", file=sys.stderr)


def parse_all_documents(
    sources: dict[str, Source], inputs: Inputs, base_dirs: dict[str, Path], *, progress: bool = False
) -> DocumentStageResult:
    """`base_dirs` maps a documents source id to the folder its relative paths are taken from."""
    work = [(sid, path) for sid, paths in sorted(inputs.documents.items()) for path in paths]
    records: list[dict] = []
    documents: list[dict] = []
    quarantine: list[dict] = []
    for source_id, path in _progress(work, progress):
        relative = path.relative_to(base_dirs[source_id]).as_posix()
        doc_id = document_id(source_id, relative)
        row = {
            "document_id": doc_id,
            "source_id": source_id,
            "path": relative,
            "sha256": sha256_of(path),
            "bytes": path.stat().st_size,
            "genre": None,
            "language": None,
            "status": "quarantined",
            "n_records": 0,
            "source_url": None,
            "note": None,
        }
        try:
            result = parse_document(path)
        except UnreadableDocument as exc:
            quarantine.append(_quarantined(row, exc.reason, str(exc)))
            documents.append(row | {"note": str(exc)})
            continue
        row |= {"genre": result.genre, "language": result.language, "note": result.note}
        if result.status == "unknown_genre":
            detail = result.note or "no funder, grant or prize wording recognised"
            quarantine.append(_quarantined(row, "unknown_genre", f"{relative}: {detail}"))
        elif not result.records:
            row["status"] = "no_grant"
        else:
            row |= {"status": "records", "n_records": len(result.records)}
            row["source_url"] = result.records[0].source_url
            for index, record in enumerate(result.records):
                data = record.to_contract()
                data.update(source_id=source_id, record_key=f"{relative}#{index}", document_id=doc_id)
                records.append(data)
        documents.append(row)
    schema = frame_schema()
    records_frame = (
        pl.DataFrame([{k: r.get(k) for k in schema} for r in records], schema=schema, orient="row")
        if records
        else pl.DataFrame(schema=schema)
    )
    return DocumentStageResult(
        records=records_frame,
        documents=pl.DataFrame(documents, schema=_DOCUMENT_SCHEMA),
        quarantine=pl.DataFrame(quarantine, schema=_QUARANTINE_SCHEMA),
    )


def _quarantined(row: dict, reason: str, detail: str) -> dict:
    return {
        "document_id": row["document_id"],
        "source_id": row["source_id"],
        "path": row["path"],
        "reason": reason,
        "detail": detail,
    }


_DOCUMENT_SCHEMA = {
    "document_id": pl.String,
    "source_id": pl.String,
    "path": pl.String,
    "sha256": pl.String,
    "bytes": pl.Int64,
    "genre": pl.String,
    "language": pl.String,
    "status": pl.String,
    "n_records": pl.Int32,
    "source_url": pl.String,
    "note": pl.String,
}
_QUARANTINE_SCHEMA = {
    "document_id": pl.String,
    "source_id": pl.String,
    "path": pl.String,
    "reason": pl.String,
    "detail": pl.String,
}
