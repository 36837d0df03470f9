"""The filtered grants as files researchers take away: CSV (plain, or zipped with a README), XLSX, Parquet, JSON.

Input: a polars frame of `grant_facts` rows (what the page filtered, every row) and a `Provenance`. Output: an
`ExportFile` (name, MIME type, bytes) ready for a download button. Every format carries the same metadata:
filters in words, permalink, dates, sources with licences, currency and price basis, row count and totals by
currency, and a suggested citation. Rows are never dropped or truncated: a format that cannot hold the data
raises instead of writing a partial file.
"""

from __future__ import annotations

import datetime as dt
import decimal
import io
import json
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import polars as pl
import xlsxwriter

from analytics.i18n import fmt_number
from exports.provenance import PRODUCT_NAME, Provenance, export_filename
from exports.safety import ESCAPE_NOTE, XLSX_WORKBOOK_OPTIONS, escape_cell, spreadsheet_safe

DATA_DICTIONARY = Path(__file__).resolve().parents[1] / "docs" / "data_dictionary.md"
PARQUET_METADATA_KEY = "nordic_funding.provenance"
XLSX_MAX_ROWS = 1_048_576 - 1  # Excel's sheet limit, less the header row
XLSX_MAX_TEXT = 32_767  # Excel's limit on the characters in one cell

DISPLAY_AMOUNT = "<display amount>"  # placeholder in presets for the amount in the chosen currency and prices
SIMPLE_COLUMNS = (
    "grant_id", "funder", "recipient", "title", "amount", "currency", DISPLAY_AMOUNT, "award_year",
    "municipality", "county", "theme", "source_url",
)  # fmt: skip
FULL = "<every column>"  # "full": every grant_facts column the frame has, in its order, so a new view column
# is exported without a change here
PRESETS = {"simple": SIMPLE_COLUMNS, "full": (FULL, DISPLAY_AMOUNT)}
# A page may hand over its display amount under this name (analytics' deflated `value`).
VALUE_COLUMN = "value"

Columns = str | Sequence[str]


@dataclass(frozen=True)
class ExportFile:
    """One downloadable file."""

    filename: str
    mime: str
    data: bytes


# ---------------------------------------------------------------------------------------------- columns
def display_amount_name(provenance: Provenance) -> str:
    """Column name of the amount in the chosen currency: `amount_nok`, or `amount_nok_2015_prices`."""
    name = f"amount_{provenance.currency.lower()}"
    if provenance.constant:
        name += f"_{provenance.base_year}_prices" if provenance.base_year else "_latest_prices"
    return name


def _display_amount(frame: pl.DataFrame, provenance: Provenance) -> pl.Expr:
    """The display amount from the frame. Constant prices must come from the page (its `value` column):
    deflating needs the CPI table, and a nominal column must never be passed off as constant prices."""
    name = display_amount_name(provenance)
    if name in frame.columns:
        return pl.col(name)
    if VALUE_COLUMN in frame.columns:
        return pl.col(VALUE_COLUMN).alias(name)
    raise ValueError(
        f"the frame has no {name!r} column"
        + (f" nor a {VALUE_COLUMN!r} column with the deflated amounts" if provenance.constant else "")
    )


def select_columns(frame: pl.DataFrame, provenance: Provenance, columns: Columns = "simple") -> pl.DataFrame:
    """The frame cut to a preset ("simple"; "full": every column of the frame) or an explicit list, in order.

    An explicit list may name any column of the frame and `display_amount_name(provenance)`. Unknown or missing
    columns raise: a researcher who asked for a column must not silently get a file without it.
    """
    if isinstance(columns, str):
        if columns not in PRESETS:
            raise ValueError(f"unknown column preset {columns!r}; use one of {sorted(PRESETS)} or a list")
        wanted = list(PRESETS[columns])
    else:
        wanted = list(dict.fromkeys(columns))
        if not wanted:
            raise ValueError("choose at least one column")
    display = display_amount_name(provenance)
    every = [c for c in frame.columns if c != VALUE_COLUMN]  # `value` is only a carrier of the display amount
    wanted = [c for name in wanted for c in (every if name == FULL else [name])]
    wanted = [display if c == DISPLAY_AMOUNT else c for c in wanted]
    wanted = list(dict.fromkeys(wanted))  # "full" + nominal: amount_nok is both a fact and the display amount
    missing = [c for c in wanted if c not in frame.columns and c != display]
    if missing:
        raise ValueError(f"columns not in the data: {', '.join(missing)}")
    exprs = [_display_amount(frame, provenance) if c == display else pl.col(c) for c in wanted]
    return frame.select(exprs)


@cache
def column_meanings() -> dict[str, str]:
    """Column -> meaning, read from the `grant_facts` table of docs/data_dictionary.md (one source of truth)."""
    try:
        text = DATA_DICTIONARY.read_text(encoding="utf-8")
    except OSError:
        return {}
    meanings: dict[str, str] = {}
    section = text.split("## `grant_facts`", 1)[-1].split("\n## ", 1)[0]
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 3 or cells[0] in ("column", "") or set(cells[0]) <= {"-", " "}:
            continue
        for name in cells[0].split(","):
            meanings[name.strip()] = re.sub(r"`([^`]*)`", r"\1", cells[2])
    return meanings


def describe_columns(frame: pl.DataFrame, provenance: Provenance) -> list[dict[str, str]]:
    meanings = column_meanings()
    display = display_amount_name(provenance)
    described = []
    for name, dtype in frame.schema.items():
        meaning = meanings.get(name, "")
        if name == display:
            meaning = (
                f"the amount in {provenance.currency} chosen for this export. {provenance.currency_text()}"
            )
        described.append({"name": name, "type": str(dtype), "meaning": meaning})
    return described


# ---------------------------------------------------------------------------------------------- metadata
def totals(frame: pl.DataFrame, provenance: Provenance) -> dict[str, Any]:
    """Row count, sums per original currency (never mixed) and of the display amount: a reader can check
    that the file holds everything the dashboard showed."""
    out: dict[str, Any] = {"rows": frame.height}
    if {"amount", "currency"} <= set(frame.columns):
        by_currency = (
            frame.filter(pl.col("amount").is_not_null())
            .group_by("currency")
            .agg(pl.col("amount").sum().alias("sum"), pl.len().alias("grants"))
            .sort("currency", nulls_last=True)
        )
        out["amount_by_original_currency"] = {
            str(r["currency"]): {"sum": r["sum"], "grants": r["grants"]} for r in by_currency.to_dicts()
        }
        out["grants_without_amount"] = int(frame["amount"].is_null().sum())
    display = display_amount_name(provenance)
    if display in frame.columns:
        out[f"{display}_sum"] = frame[display].sum()
    return out


def metadata(frame: pl.DataFrame, provenance: Provenance, *, spreadsheet: bool = False) -> dict[str, Any]:
    """Everything about the export as a JSON-ready dict (frame: the selected columns)."""
    data = provenance.as_dict()
    data["totals"] = totals(frame, provenance)
    data["columns"] = describe_columns(frame, provenance)
    data["notes"] = [
        "One row per counted grant (grant_facts). Amounts are NULL when no granted amount is stated, never 0.",
        "Sums never mix currencies: use amount + currency, or the converted column.",
    ]
    if spreadsheet:
        data["notes"].append(ESCAPE_NOTE)
    return data


def readme_text(frame: pl.DataFrame, provenance: Provenance, *, spreadsheet: bool = True) -> str:
    """A plain-text README for the data file: what it holds, how it was filtered, whom to credit."""
    meta = metadata(frame, provenance, spreadsheet=spreadsheet)
    t = meta["totals"]
    say = provenance.say
    label = lambda key: f"{say(key) + ':':<12} "  # noqa: E731 - aligned `Label:` columns
    built = provenance.database_built or say("unknown")
    lines = [
        f"{provenance.title} — {PRODUCT_NAME}",
        "=" * 72,
        "",
        label("view") + provenance.view_name,
        label("filters") + provenance.filters_text(),
        label("permalink") + (provenance.permalink or say("none_parenthesised")),
        label("exported") + provenance.exported_on.isoformat(),
        label("database")
        + say("database_built", built=built)
        + (f", {say('etl_run', run=provenance.etl_run_id)}" if provenance.etl_run_id else ""),
        label("currency") + provenance.currency_text(),
        label("rows") + str(t["rows"]),
    ]
    for currency, agg in (t.get("amount_by_original_currency") or {}).items():
        amount = f"{fmt_number(agg['sum'], provenance.lang, 2)} {currency}"
        lines.append(label("sum") + say("sum_original", amount=amount, n=agg["grants"]))
    if "grants_without_amount" in t:
        lines.append(label("no_amount_label") + say("no_amount", n=t["grants_without_amount"]))
    citation, sources = say("suggested_citation"), say("sources_licences")
    lines += [
        "",
        citation,
        "-" * len(citation),
        provenance.suggested_citation(),
        "",
        sources,
        "-" * len(sources),
    ]
    lines += [f"* {s.line(provenance.lang)}" for s in provenance.sources] or [f"* {say('not_recorded')}"]
    columns, notes = say("columns"), say("notes")
    lines += ["", columns, "-" * len(columns)]
    lines += [f"{c['name']} ({c['type']}): {c['meaning']}" for c in meta["columns"]]
    lines += ["", notes, "-" * len(notes), *[f"* {n}" for n in meta["notes"]], ""]
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------- formats
def to_csv(
    frame: pl.DataFrame,
    provenance: Provenance,
    *,
    columns: Columns = "simple",
    separator: str = ",",
    decimal_comma: bool | None = None,
    bom: bool = False,
) -> ExportFile:
    """Plain UTF-8 CSV, header row then data; text cells formula-escaped, lists joined with "; ".

    `separator=";"` is for locales that write decimals with a comma (Norwegian, Swedish Excel); decimals then
    use a comma too unless `decimal_comma=False`. `bom=True` adds a UTF-8 byte-order mark so that Excel reads
    æøå correctly when the file is double-clicked.
    """
    if separator not in (",", ";"):
        raise ValueError("separator must be ',' or ';'")
    if decimal_comma is None:
        decimal_comma = separator == ";"
    if decimal_comma and separator == ",":
        raise ValueError("a decimal comma needs the ';' separator")
    table = spreadsheet_safe(select_columns(frame, provenance, columns))
    text = table.write_csv(separator=separator, decimal_comma=decimal_comma, include_bom=False)
    data = ("\ufeff" if bom else "").encode() + text.encode("utf-8")
    return ExportFile(export_filename(provenance, "csv"), "text/csv; charset=utf-8", data)


def to_csv_zip(frame: pl.DataFrame, provenance: Provenance, **csv_options: Any) -> ExportFile:
    """A zip of the CSV and README.txt (metadata, sources, citation, column meanings): the plain CSV stays
    readable by every tool, and the metadata travels with it."""
    csv_file = to_csv(frame, provenance, **csv_options)
    selected = select_columns(frame, provenance, csv_options.get("columns", "simple"))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(csv_file.filename, csv_file.data)
        archive.writestr("README.txt", readme_text(selected, provenance).encode("utf-8"))
    return ExportFile(export_filename(provenance, "zip"), "application/zip", buffer.getvalue())


def to_xlsx(frame: pl.DataFrame, provenance: Provenance, *, columns: Columns = "simple") -> ExportFile:
    """An Excel workbook: sheet "grants" (numbers as number cells, text as string cells, never formulas)
    and sheet "README" (the metadata, sources and citation)."""
    selected = select_columns(frame, provenance, columns)
    if selected.height > XLSX_MAX_ROWS:
        raise ValueError(f"{selected.height} rows exceed Excel's {XLSX_MAX_ROWS} rows: use CSV or Parquet")
    table = spreadsheet_safe(selected)
    _check_cell_lengths(table)
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, XLSX_WORKBOOK_OPTIONS)
    float_columns = [n for n, d in table.schema.items() if d.is_float()]
    table.write_excel(
        workbook,
        "grants",
        column_formats=dict.fromkeys(float_columns, "#,##0.00"),
        autofilter=True,
        freeze_panes="A2",
        autofit=table.height <= 10_000,  # autofit reads every cell; skip it on big sheets
    )
    _write_readme_sheet(workbook, selected, provenance)
    workbook.close()
    mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return ExportFile(export_filename(provenance, "xlsx"), mime, buffer.getvalue())


def _check_cell_lengths(table: pl.DataFrame) -> None:
    """Excel cuts text after 32,767 characters; refuse rather than write a silently shortened cell."""
    for name, dtype in table.schema.items():
        if dtype == pl.String and table.height:
            longest = table[name].str.len_chars().max()
            if longest is not None and longest > XLSX_MAX_TEXT:
                raise ValueError(f"column {name!r} has text longer than Excel's {XLSX_MAX_TEXT} characters")


def _write_readme_sheet(
    workbook: xlsxwriter.Workbook, selected: pl.DataFrame, provenance: Provenance
) -> None:
    sheet = workbook.add_worksheet("README")
    bold = workbook.add_format({"bold": True, "valign": "top"})
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    sheet.set_column(0, 0, 24)
    sheet.set_column(1, 1, 110)
    sheet.set_column(2, 2, 60)
    meta = metadata(selected, provenance, spreadsheet=True)
    rows: list[tuple[str, str]] = [
        ("Title", f"{provenance.title} — {PRODUCT_NAME}"),
        ("View", provenance.view),
        ("Filters", provenance.filters_text()),
        ("Permalink", provenance.permalink or "(none)"),
        ("Exported", provenance.exported_on.isoformat()),
        ("Database built", provenance.database_built or "unknown"),
        ("ETL run", provenance.etl_run_id or "unknown"),
        ("Currency and prices", provenance.currency_text()),
        ("Rows", str(selected.height)),
        ("Suggested citation", provenance.suggested_citation()),
    ]
    for currency, agg in (meta["totals"].get("amount_by_original_currency") or {}).items():
        rows.append((f"Sum {currency} (original)", f"{agg['sum']:,.2f} over {agg['grants']} grants"))
    if "grants_without_amount" in meta["totals"]:
        rows.append(("Grants without amount", str(meta["totals"]["grants_without_amount"])))
    rows += [(f"Note {i}", note) for i, note in enumerate(meta["notes"], 1)]
    rows += [(f"Source: {s.source_id}", s.line()) for s in provenance.sources]
    row = 0
    for key, value in rows:
        # write_string: the text goes in as text even if it begins with "=" (a user's filter words might)
        sheet.write_string(row, 0, key, bold)
        sheet.write_string(row, 1, _excel_text(value), wrap)
        row += 1
    row += 1
    sheet.write_string(row, 0, "Column", bold)
    sheet.write_string(row, 1, "Meaning", bold)
    sheet.write_string(row, 2, "Type", bold)
    for column in meta["columns"]:
        row += 1
        sheet.write_string(row, 0, column["name"])
        sheet.write_string(row, 1, _excel_text(column["meaning"]), wrap)
        sheet.write_string(row, 2, column["type"])


def _excel_text(text: str) -> str:
    return escape_cell(text) or ""


def to_parquet(frame: pl.DataFrame, provenance: Provenance, *, columns: Columns = "full") -> ExportFile:
    """Parquet with the exact values (no escaping, lists kept) and the metadata as JSON in the file's
    key-value metadata under `nordic_funding.provenance`."""
    selected = select_columns(frame, provenance, columns)
    buffer = io.BytesIO()
    selected.write_parquet(
        buffer,
        metadata={PARQUET_METADATA_KEY: json.dumps(metadata(selected, provenance), ensure_ascii=False)},
    )
    return ExportFile(
        export_filename(provenance, "parquet"), "application/vnd.apache.parquet", buffer.getvalue()
    )


def to_json(frame: pl.DataFrame, provenance: Provenance, *, columns: Columns = "simple") -> ExportFile:
    """`{"metadata": {...}, "grants": [{...}, ...]}` in UTF-8, exact values, null for unknown."""
    selected = select_columns(frame, provenance, columns)
    document = {"metadata": metadata(selected, provenance), "grants": selected.to_dicts()}
    data = json.dumps(document, ensure_ascii=False, allow_nan=False, default=_json_default)
    return ExportFile(export_filename(provenance, "json"), "application/json", data.encode("utf-8"))


def _json_default(value: object) -> object:
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return float(value)
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


FORMATS = {"csv": to_csv, "csv.zip": to_csv_zip, "xlsx": to_xlsx, "parquet": to_parquet, "json": to_json}


def export(frame: pl.DataFrame, provenance: Provenance, fmt: str, **options: Any) -> ExportFile:
    """Dispatch by format name (`csv`, `csv.zip`, `xlsx`, `parquet`, `json`)."""
    try:
        writer = FORMATS[fmt]
    except KeyError:
        raise ValueError(f"unknown format {fmt!r}; use one of {sorted(FORMATS)}") from None
    return writer(frame, provenance, **options)
