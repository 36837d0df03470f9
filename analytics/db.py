"""The one owner of database access.

The dashboard opens the database READ-ONLY and gives every call its own cursor (Streamlit runs sessions,
fragments and download callables on separate threads; a DuckDB connection is not shareable across threads).
A build replaces the file atomically (`os.replace`), so the path's inode/mtime changes: the next call sees
that and reopens. The file is attached to a private in-memory instance: `duckdb.connect(path)` would hand back
a cached instance of the *old* file while any cursor on it is alive.

Path: env `FUNDING_DB`, default `data/funding.duckdb` (relative to the repository).
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

log = logging.getLogger(__name__)

REPO = Path(__file__).resolve().parents[1]
DEFAULT_PATH = "data/funding.duckdb"
CATALOG = "funding"

# Counted grants: `grant_facts` is a table materialised (and sorted by country and year) at the end of each
# build, so pages read it directly; the cluster id is a column of it.
FACTS_SQL = "SELECT * FROM grant_facts"


class DatabaseMissing(RuntimeError):
    """No database file at the configured path (not built yet)."""


class DatabaseUnreadable(RuntimeError):
    """The file exists but is not a readable funding database."""


def db_path() -> Path:
    raw = os.environ.get("FUNDING_DB") or DEFAULT_PATH
    path = Path(raw)
    return path if path.is_absolute() else REPO / path


@dataclass(frozen=True)
class _Open:
    con: duckdb.DuckDBPyConnection
    stamp: tuple[int, int, int]
    tables: frozenset[str]


class Database:
    """Read-only access to one database path; reopens when the file is replaced."""

    def __init__(self, path: Path | str | None = None):
        self.path = Path(path) if path is not None else db_path()
        self._lock = threading.Lock()
        self._open: _Open | None = None

    # ------------------------------------------------------------------ identity
    def _stamp(self) -> tuple[int, int, int]:
        try:
            st = self.path.stat()
        except FileNotFoundError as exc:
            raise DatabaseMissing(str(self.path)) from exc
        return (st.st_ino, st.st_mtime_ns, st.st_size)

    def build_id(self) -> str:
        """Changes whenever a new build replaces the file (used in cache keys)."""
        ino, mtime, size = self._stamp()
        return f"{self.path}:{ino}:{mtime}:{size}"

    def exists(self) -> bool:
        return self.path.is_file()

    # ------------------------------------------------------------------ connection
    def _current(self) -> _Open:
        stamp = self._stamp()
        opened = self._open
        if opened is not None and opened.stamp == stamp:
            return opened
        with self._lock:
            if self._open is not None and self._open.stamp == stamp:
                return self._open
            con = duckdb.connect(":memory:")
            try:
                con.execute(f"ATTACH '{_sql_str(str(self.path))}' AS {CATALOG} (READ_ONLY)")
                con.execute(f"USE {CATALOG}")
                tables = frozenset(
                    r[0]
                    for r in con.sql(
                        "SELECT table_name FROM information_schema.tables WHERE table_catalog = ?",
                        params=[CATALOG],
                    ).fetchall()
                )
            except duckdb.Error as exc:
                con.close()
                raise DatabaseUnreadable(f"{self.path}: {exc}") from exc
            if "grant_facts" not in tables or "grants" not in tables:
                con.close()
                raise DatabaseUnreadable(f"{self.path}: no grant_facts table")
            # The previous connection is dropped, not closed: a cursor on another thread may still use it.
            self._open = _Open(con=con, stamp=stamp, tables=tables)
            log.info("opened %s (build %s)", self.path, stamp)
            return self._open

    def cursor(self) -> duckdb.DuckDBPyConnection:
        cur = self._current().con.cursor()
        cur.execute(f"USE {CATALOG}")
        return cur

    @property
    def facts_sql(self) -> str:
        """Counted grants with every column the pages use."""
        self._current()  # fail early (missing/unreadable) as before
        return FACTS_SQL

    def has_table(self, name: str) -> bool:
        return name in self._current().tables

    # ------------------------------------------------------------------ queries
    def frame(self, sql: str, params: Sequence[Any] | None = None) -> pl.DataFrame:
        cur = self.cursor()
        try:
            return cur.sql(sql, params=list(params) if params else None).pl()
        finally:
            cur.close()

    def rows(self, sql: str, params: Sequence[Any] | None = None) -> list[tuple]:
        cur = self.cursor()
        try:
            return cur.sql(sql, params=list(params) if params else None).fetchall()
        finally:
            cur.close()

    def scalar(self, sql: str, params: Sequence[Any] | None = None) -> Any:
        rows = self.rows(sql, params)
        return rows[0][0] if rows else None


def _sql_str(value: str) -> str:
    return value.replace("'", "''")


_instances: dict[Path, Database] = {}
_instances_lock = threading.Lock()


def get_db(path: Path | str | None = None) -> Database:
    """The shared Database for a path (default: env FUNDING_DB), one per process."""
    resolved = Path(path) if path is not None else db_path()
    with _instances_lock:
        db = _instances.get(resolved)
        if db is None:
            db = _instances[resolved] = Database(resolved)
        return db
