"""Load: write all tables into a fresh DuckDB file, check them, then swap it over the live one atomically.

A failed or killed build leaves the live database untouched: the new file only gets the live name through
`os.replace` after it is complete, checked, checkpointed and fsynced. A running dashboard that holds the old
file open keeps reading it until it reopens.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path

import duckdb
import polars as pl

SCHEMA_PATH = Path(__file__).with_name("schema.sql")
FACTS_PATH = Path(__file__).with_name("facts.sql")


class BuildLocked(RuntimeError):
    """Another build is writing this database."""


class CheckFailed(RuntimeError):
    """A declared data check failed; the message names the offending rows."""


@contextlib.contextmanager
def build_lock(db_path: Path) -> Iterator[None]:
    """One build at a time per database file (a second one fails fast instead of racing)."""
    db_path.parent.mkdir(parents=True, exist_ok=True)
    lock_path = db_path.with_name(db_path.name + ".lock")
    with lock_path.open("w") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise BuildLocked(f"another build holds {lock_path}; wait for it to finish") from exc
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _fsync_path(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_database(
    db_path: Path,
    tables: dict[str, pl.DataFrame],
    extra_tables: dict[str, pl.DataFrame],
    checks: list[tuple[str, str]],
) -> None:
    """Build the database beside `db_path` and atomically replace it.

    `tables` fill the tables declared in schema.sql (columns matched by name); `extra_tables` are created
    from their frames (reference data whose shape the frames define). `checks` are (name, SQL) pairs whose
    query must return no rows.
    """
    db_path.parent.mkdir(parents=True, exist_ok=True)
    tmp_path = db_path.with_name(f"{db_path.name}.tmp-{os.getpid()}")
    # The caller holds the build lock, so any temporary file left here is from a killed build.
    for stale in db_path.parent.glob(f"{db_path.name}.tmp-*"):
        stale.unlink(missing_ok=True)
    try:
        con = duckdb.connect(str(tmp_path))
        try:
            con.execute(SCHEMA_PATH.read_text(encoding="utf-8"))
            for name, frame in tables.items():
                _insert(con, name, frame)
            for name, frame in extra_tables.items():
                con.register("incoming", frame)
                con.execute(f"CREATE TABLE {name} AS SELECT * FROM incoming")
                con.unregister("incoming")
            if FACTS_PATH.exists():
                con.execute(FACTS_PATH.read_text(encoding="utf-8"))
            run_checks(con, checks)
            con.execute("CHECKPOINT")
        finally:
            con.close()
        _fsync_path(tmp_path)
        os.replace(tmp_path, db_path)
        _fsync_path(db_path.parent)
    finally:
        tmp_path.unlink(missing_ok=True)
        tmp_path.with_name(tmp_path.name + ".wal").unlink(missing_ok=True)


def _insert(con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame) -> None:
    """Insert the frame's columns that the table declares (by name); extra working columns are left out."""
    declared = [r[1] for r in con.execute(f"PRAGMA table_info('{table}')").fetchall()]
    columns = [c for c in declared if c in frame.columns]
    con.register("incoming", frame.select(columns))
    try:
        con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM incoming")
    finally:
        con.unregister("incoming")


def run_checks(con: duckdb.DuckDBPyConnection, checks: list[tuple[str, str]]) -> None:
    failures = []
    for name, query in checks:
        rows = con.sql(f"SELECT * FROM ({query}) LIMIT 20").fetchall()
        if rows:
            shown = "\n    ".join(repr(r) for r in rows)
            failures.append(f"check '{name}' failed; offending rows (up to 20):\n    {shown}")
    if failures:
        raise CheckFailed("\n".join(failures))


def read_fingerprint(db_path: Path) -> str | None:
    """The fingerprint of the live database's last build, or None if there is no usable database."""
    if not db_path.is_file():
        return None
    try:
        con = duckdb.connect(str(db_path), read_only=True)
    except duckdb.Error:
        return None
    try:
        row = con.execute("SELECT fingerprint FROM etl_runs ORDER BY finished_at DESC LIMIT 1").fetchone()
    except duckdb.Error:
        return None
    finally:
        con.close()
    return row[0] if row else None
