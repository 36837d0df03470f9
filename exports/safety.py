"""Formula-safe cells for files that open in spreadsheets (CSV and XLSX).

Grant titles and names come from public web pages: a title such as `=cmd|' /C calc'!A0` or `@SUM(A1)` would run
as a formula when a researcher opens the file in Excel or LibreOffice (CSV/formula injection). Every TEXT cell
whose first character (after leading spaces) is `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading
apostrophe, which spreadsheets show as text. Numeric columns are never touched: a negative amount stays a
number. Parquet and JSON are not spreadsheet formats and keep the exact text.
"""

from __future__ import annotations

import polars as pl

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
ESCAPE_PREFIX = "'"
ESCAPE_NOTE = (
    "Text cells that begin with =, +, -, @, a tab or a carriage return start with an added apostrophe (') so that "
    "spreadsheets show them as text instead of running them as formulas; numbers are unchanged. Remove the "
    "leading apostrophe from such text cells if you process the file with code."
)


def needs_escape(text: str) -> bool:
    """True when a spreadsheet could read this text as a formula (leading spaces are skipped by some)."""
    return text.lstrip(" ").startswith(FORMULA_TRIGGERS)


def escape_cell(value: str | None) -> str | None:
    """The text with a leading apostrophe when it could be read as a formula; None stays None."""
    if value is None or not needs_escape(value):
        return value
    return ESCAPE_PREFIX + value


def escape_expr(column: str) -> pl.Expr:
    """`escape_cell` as a vectorised polars expression over one text column."""
    col = pl.col(column)
    pattern = r"^ *[=+\-@\t\r]"
    return pl.when(col.str.contains(pattern)).then(pl.lit(ESCAPE_PREFIX) + col).otherwise(col).alias(column)


def escape_text_columns(frame: pl.DataFrame) -> pl.DataFrame:
    """Every String column escaped; numbers, booleans and other types untouched."""
    text_columns = [name for name, dtype in frame.schema.items() if dtype == pl.String]
    if not text_columns:
        return frame
    return frame.with_columns(escape_expr(name) for name in text_columns)


def lists_to_text(frame: pl.DataFrame, separator: str = "; ") -> pl.DataFrame:
    """List columns (e.g. `sources`, `themes`) joined into one text cell, for flat formats."""
    list_columns = [name for name, dtype in frame.schema.items() if isinstance(dtype, pl.List)]
    if not list_columns:
        return frame
    return frame.with_columns(
        pl.col(name).cast(pl.List(pl.String)).list.join(separator).alias(name) for name in list_columns
    )


def spreadsheet_safe(frame: pl.DataFrame) -> pl.DataFrame:
    """The frame as it may go into a CSV or XLSX cell grid: lists flattened to text, then text escaped."""
    return escape_text_columns(lists_to_text(frame))


# xlsxwriter turns strings that look like formulas, URLs or numbers into those types unless told not to;
# with these options every Python str is written as a string cell.
XLSX_WORKBOOK_OPTIONS = {
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
    "in_memory": True,
}
