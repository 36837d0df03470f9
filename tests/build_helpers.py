"""Helpers for build tests: a content digest of a database that ignores only the run log's timestamps."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb


def database_digest(db_path: Path) -> dict[str, str]:
    """Per table, a hash of all rows in a canonical order (etl_runs: only its fingerprint)."""
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        tables = [r[0] for r in con.sql("SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall()]
        digests = {}
        for table in tables:
            columns = "fingerprint" if table == "etl_runs" else "*"
            rows = con.sql(f"SELECT {columns} FROM {table}").fetchall()
            payload = "\n".join(sorted(repr(r) for r in rows))
            digests[table] = hashlib.sha256(payload.encode()).hexdigest()
        return digests
    finally:
        con.close()
