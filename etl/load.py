"""Load: write all tables into a fresh DuckDB file, check them, then swap it over the live one atomically.

A failed or killed build leaves the live database untouched: the new file only gets the live name through
`os.replace` after it is complete, checked, checkpointed and fsynced. A running dashboard that holds the old
file open keeps reading it until it reopens. The build's working tables (etl/staging.py) live in an in-memory
database on the same connection, spilled beside the new file when they outgrow DuckDB's memory limit.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb
import polars as pl

from etl.staging import SCHEMA as STAGE

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


def memory_limit() -> str:
    """DuckDB's share of the build's memory: 3 GiB, or half the machine's memory if that is less.

    Beyond it, the staged tables, sorts and joins spill to a folder beside the new file, so the build's peak
    stays nearly flat as the input grows (DuckDB's default, 80 % of RAM, would let it take the machine).
    """
    total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    return f"{min(3 * 2**30, total // 2) // 2**20}MiB"


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


@contextlib.contextmanager
def new_database(db_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection to a fresh database beside `db_path` (tables from schema.sql), with an in-memory database
    attached as `stage` for the build's working tables (etl/staging.py).

    When the block completes, the new file is checkpointed, fsynced and swapped in over `db_path` with
    `os.replace`; on any error it is removed (with its WAL and spill folder) and the live file is untouched.
    """
    db_path.parent.mkdir(parents=True, exist_ok=True)
    tmp_path = db_path.with_name(f"{db_path.name}.tmp-{os.getpid()}")
    spill_dir = tmp_path.with_name(tmp_path.name + ".spill")
    # The caller holds the build lock, so anything temporary left here is from a killed build.
    for stale in db_path.parent.glob(f"{db_path.name}.tmp-*"):
        _remove(stale)
    try:
        con = duckdb.connect(
            str(tmp_path), config={"memory_limit": memory_limit(), "temp_directory": str(spill_dir)}
        )
        try:
            con.execute(f"ATTACH ':memory:' AS {STAGE}")
            con.execute(SCHEMA_PATH.read_text(encoding="utf-8"))
            yield con
            con.execute(f"DETACH DATABASE IF EXISTS {STAGE}")
            con.execute("CHECKPOINT")
        finally:
            con.close()
        _fsync_path(tmp_path)
        os.replace(tmp_path, db_path)
        _fsync_path(db_path.parent)
    finally:
        for path in (tmp_path, tmp_path.with_name(tmp_path.name + ".wal"), spill_dir):
            _remove(path)


def write_tables(
    con: duckdb.DuckDBPyConnection,
    tables: dict[str, pl.DataFrame | str],
    extra_tables: dict[str, pl.DataFrame],
    checks: list[tuple[str, str]],
) -> None:
    """Fill the new database, build grant_facts and run the checks.

    `tables` fill the tables declared in schema.sql (columns matched by name), each from a frame or from a
    query (over the staged tables); `extra_tables` are created from their frames (reference data whose shape
    the frames define). `checks` are (name, SQL) pairs whose query must return no rows.
    """
    for name, rows in tables.items():
        _insert(con, name, rows)
    # Every staged row has been copied: the memory of the scratch tables goes to grant_facts.
    con.execute(f"DETACH DATABASE IF EXISTS {STAGE}")
    for name, frame in extra_tables.items():
        con.register("incoming", frame)
        con.execute(f"CREATE TABLE {name} AS SELECT * FROM incoming")
        con.unregister("incoming")
    if FACTS_PATH.exists():
        con.execute(FACTS_PATH.read_text(encoding="utf-8"))
    run_checks(con, checks)


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: pl.DataFrame | str) -> None:
    """Insert the columns that the table declares (by name) from a frame or a query; extra working columns
    are left out."""
    declared = [r[1] for r in con.execute(f"PRAGMA table_info('{table}')").fetchall()]
    if isinstance(rows, str):
        con.execute(f"INSERT INTO {table} BY NAME SELECT {', '.join(declared)} FROM ({rows})")
        return
    columns = [c for c in declared if c in rows.columns]
    con.register("incoming", rows.select(columns))
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
