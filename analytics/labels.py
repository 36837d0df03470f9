"""Display labels for code columns, computed without Python callbacks inside polars.

`map_elements` runs the Python function on polars' own thread pool, which must take the GIL; Streamlit converts
frames to pandas on another thread while holding the GIL and waiting for that pool. Under concurrent sessions
the two wait for each other and the server hangs (the load test found it). So the labels are computed here, in
plain Python over the few distinct values, and applied with a vectorised `replace_strict`.
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl


def relabel(
    frame: pl.DataFrame, column: str, label: Callable[[str], str], alias: str | None = None
) -> pl.DataFrame:
    """`frame` with `column` (or a new column `alias`) holding `label(value)` for each value; nulls stay null."""
    target = alias or column
    values = [v for v in frame.get_column(column).unique().to_list() if v is not None]
    if not values:
        return frame.with_columns(pl.lit(None, dtype=pl.Utf8).alias(target))
    mapping = {v: label(v) for v in values}
    return frame.with_columns(
        pl.col(column).replace_strict(mapping, default=None, return_dtype=pl.Utf8).alias(target)
    )
