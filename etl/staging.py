"""Working tables of one build, kept in a scratch DuckDB database instead of Python memory.

Held as polars frames, a million bulk rows took gigabytes, and every stage that kept the whole frame (reading,
places, themes, dedup, ids) added copies of its own: ten million rows did not fit in 23 GB. Here each stage
reads its input a batch at a time from a staged table and appends its output to the next one; the steps that
need every row at once (repeats, clusters, ids, the final sort) run as SQL, which DuckDB spills to disk
beyond its memory limit.

The scratch database is an in-memory database attached to the build's connection as `stage` (etl/load.py opens
it); beyond DuckDB's memory limit its blocks spill to a folder beside the new database file. Every staged table
of records has `_seq`, the record's place in the combined order (documents, then each bulk source in file order);
batches are read back in that order.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import duckdb
import polars as pl

SCHEMA = "stage"  # the name etl/load.py attaches the scratch database under
# Rows per batch: large enough that per-batch overhead is small, small enough that a batch and its enriched
# copies stay a few hundred MB.
BATCH_ROWS = 200_000


class Stage:
    """The scratch tables of a build, on the build's DuckDB connection."""

    def __init__(self, con: duckdb.DuckDBPyConnection, batch_rows: int | None = None):
        self.con = con
        self.batch_rows = batch_rows or BATCH_ROWS
        self._next_seq = 0

    def table(self, name: str) -> str:
        return f"{SCHEMA}.{name}"

    def append(self, name: str, frame: pl.DataFrame) -> None:
        """Append the frame's rows; the first append creates the table with the frame's columns."""
        self.con.register("_incoming", frame)
        try:
            self.con.execute(f"CREATE TABLE IF NOT EXISTS {self.table(name)} AS FROM _incoming LIMIT 0")
            self.con.execute(f"INSERT INTO {self.table(name)} BY NAME FROM _incoming")
        finally:
            self.con.unregister("_incoming")

    def append_records(self, name: str, frame: pl.DataFrame) -> None:
        """Append records numbered on from the last appended ones (`_seq`), keeping their order."""
        numbered = frame.with_row_index("_seq", offset=self._next_seq).with_columns(
            pl.col("_seq").cast(pl.Int64)
        )
        self._next_seq += frame.height
        self.append(name, numbered)

    def drop(self, name: str) -> None:
        self.con.execute(f"DROP TABLE {self.table(name)}")

    def frame(self, sql: str, params: list[Any] | None = None) -> pl.DataFrame:
        """A query's result as a polars frame."""
        return self.con.sql(sql, params=params).pl()

    def execute(self, sql: str, params: list[Any] | None = None) -> None:
        self.con.execute(sql, params)

    def batches(self, name: str) -> Iterator[pl.DataFrame]:
        """The staged records a batch at a time, in `_seq` order (ranges of `_seq`: zone maps skip the rest)."""
        last = self.con.execute(f"SELECT max(_seq) FROM {self.table(name)}").fetchall()[0][0]
        if last is None:
            return
        for low in range(0, last + 1, self.batch_rows):
            batch = self.frame(
                f"SELECT * FROM {self.table(name)} WHERE _seq >= ? AND _seq < ?", [low, low + self.batch_rows]
            )
            # A scan keeps insertion order (DuckDB's preserve_insertion_order), which is `_seq` order; an ORDER
            # BY in the query doubled the time of a read.
            if not batch["_seq"].is_sorted():
                batch = batch.sort("_seq")
            if batch.height:  # rows removed after staging leave gaps in _seq
                yield batch
