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

# A lean relation equal to `grant_facts` for the columns the aggregates use. The view also builds, for every
# cluster of records, the list of sources and a record count; that GROUP BY over all of `grants` costs ~0.7 s
# per query at 1M rows. Aggregates read `core` (no join at all: funder names are added to the few aggregated
# rows); tables and details read `full` (with the funder columns) and add the per-cluster columns for the rows
# they show. `Database` checks once per build that they have the same rows as the view and falls back to the
# view if not.
CORE_FACTS = """
    SELECT g.*, g.theme_primary AS theme FROM grants AS g WHERE g.is_primary
"""
# recipient_country as the view defines it, when some records leave it empty
CORE_FACTS_COALESCE = """
    SELECT g.* REPLACE (coalesce(g.recipient_country,
               (SELECT f.country FROM funders AS f WHERE f.funder_id = g.funder_id AND f.country IN ('NO', 'SE')))
               AS recipient_country),
           g.theme_primary AS theme
    FROM grants AS g WHERE g.is_primary
"""
FULL_FACTS = """
    SELECT c.*, f.name AS funder, f.short_name AS funder_short, f.country AS funder_country, f.funder_type
    FROM ({core}) AS c JOIN funders AS f USING (funder_id)
"""
VIEW_FACTS = """
    SELECT gf.*, g.cluster_id FROM grant_facts AS gf JOIN grants AS g USING (grant_id)
"""


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
    core_sql: str
    full_sql: str
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
                raise DatabaseUnreadable(f"{self.path}: no grant_facts view")
            core, full = self._choose_facts(con)
            # The previous connection is dropped, not closed: a cursor on another thread may still use it.
            self._open = _Open(con=con, stamp=stamp, core_sql=core, full_sql=full, tables=tables)
            log.info("opened %s (build %s)", self.path, stamp)
            return self._open

    @staticmethod
    def _choose_facts(con: duckdb.DuckDBPyConnection) -> tuple[str, str]:
        """(core, full) relations: the lean ones when they count the same rows as the view."""
        try:
            nulls = con.sql(
                "SELECT count(*) FROM grants WHERE is_primary AND recipient_country IS NULL"
            ).fetchall()
            core = CORE_FACTS_COALESCE if nulls[0][0] else CORE_FACTS
            full = FULL_FACTS.format(core=core)
            lean, view = con.sql(
                f"SELECT (SELECT count(*) FROM ({full})), (SELECT count(*) FROM grant_facts)"
            ).fetchall()[0]
        except duckdb.Error:
            log.exception("lean facts relation failed; using the grant_facts view")
            return VIEW_FACTS, VIEW_FACTS
        if lean != view:
            log.warning("lean facts (%s rows) differ from grant_facts (%s rows); using the view", lean, view)
            return VIEW_FACTS, VIEW_FACTS
        return core, full

    def cursor(self) -> duckdb.DuckDBPyConnection:
        cur = self._current().con.cursor()
        cur.execute(f"USE {CATALOG}")
        return cur

    @property
    def facts_sql(self) -> str:
        """Counted grants with every column the pages use, funder names included."""
        return self._current().full_sql

    @property
    def core_sql(self) -> str:
        """Counted grants without the funder join (for aggregates); same rows as `facts_sql`."""
        return self._current().core_sql

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
