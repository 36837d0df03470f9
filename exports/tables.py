"""The filtered grants as files researchers take away: CSV (plain, or zipped with a README), XLSX, Parquet, JSON.

Input: a polars frame of `grant_facts` rows (what the page filtered, every row) and a `Provenance`. Output: an
`ExportFile` (name, MIME type, bytes) ready for a download button. Every format carries the same metadata:
filters in words, permalink, dates, sources with licences, currency and price basis, row count and totals by
currency, and a suggested citation. Rows are never dropped or truncated: a format that cannot hold the data
raises instead of writing a partial file.

A chart's numbers (`to_chart_csv_zip`) are totals per year, place, funder or theme, not grants: their README
states the view's total, what the rows hold and the money they cannot show (grants with no county on a map, no
award year on a time axis), which also follows as the last rows, and every column's meaning. A chart of two
selections (Compare) states each selection's own total, rows and left-out money the same way. Every README
(README.txt and the XLSX README sheet, from the same `Readme`) is in the view's language and number format.
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

from analytics.i18n import fmt_int, fmt_number
from exports.provenance import PRODUCT_NAME, Provenance, export_filename
from exports.safety import XLSX_WORKBOOK_OPTIONS, escape_cell, spreadsheet_safe

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
def display_total(frame: pl.DataFrame, provenance: Provenance) -> dict[str, Any] | None:
    """The sum of the amount in the chosen currency and prices (the total the page shows) and how many grants
    have one; None when the frame has no such column."""
    try:
        column = frame.select(_display_amount(frame, provenance)).to_series()
    except ValueError:
        return None
    return {"column": column.name, "sum": float(column.sum() or 0), "grants": int(column.count())}


def totals(frame: pl.DataFrame, provenance: Provenance, whole: pl.DataFrame | None = None) -> dict[str, Any]:
    """Row count, sums per original currency (never mixed) and of the display amount: a reader can check
    that the file holds everything the dashboard showed. `whole`: the frame before its columns were chosen,
    so the total in the chosen currency is stated even when that column is not exported."""
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
    total = display_total(frame if whole is None else whole, provenance)
    if total is not None:
        out["display_total"] = total
    return out


def metadata(
    frame: pl.DataFrame,
    provenance: Provenance,
    *,
    spreadsheet: bool = False,
    whole: pl.DataFrame | None = None,
) -> dict[str, Any]:
    """Everything about the export as a JSON-ready dict (frame: the selected columns)."""
    data = provenance.as_dict()
    data["totals"] = totals(frame, provenance, whole)
    data["columns"] = describe_columns(frame, provenance)
    data["notes"] = [provenance.say("note_grant_rows"), provenance.say("note_currencies")]
    if spreadsheet:
        data["notes"].append(provenance.say("note_escape"))
    return data


@dataclass(frozen=True)
class Readme:
    """What a README says, in the view's language, before it is written as text or as a sheet."""

    heading: str
    fields: tuple[tuple[str, str], ...]  # (label, value)
    citation: str
    sources: tuple[tuple[str, str], ...]  # (source id, line)
    columns_heading: str
    columns: tuple[dict[str, str], ...]  # name, type, meaning
    notes: tuple[str, ...]


def _money(value: float, provenance: Provenance, digits: int = 0) -> str:
    """An amount in the display currency in the reader's number format ("651 081 838 NOK")."""
    return f"{fmt_number(value, provenance.lang, digits)} {provenance.currency}"


def _view_fields(provenance: Provenance) -> list[tuple[str, str]]:
    say = provenance.say
    built = provenance.database_built or say("unknown")
    return [
        (say("view"), provenance.view_name),
        (say("filters"), provenance.filters_text()),
        (say("permalink"), provenance.permalink or say("none_parenthesised")),
        (say("exported"), provenance.exported_on.isoformat()),
        (
            say("database"),
            say("database_built", built=built)
            + (f", {say('etl_run', run=provenance.etl_run_id)}" if provenance.etl_run_id else ""),
        ),
        (say("currency"), provenance.currency_text()),
    ]


def _sources(provenance: Provenance) -> tuple[tuple[str, str], ...]:
    return tuple((s.source_id, s.line(provenance.lang)) for s in provenance.sources)


def readme(
    frame: pl.DataFrame,
    provenance: Provenance,
    *,
    spreadsheet: bool = True,
    whole: pl.DataFrame | None = None,
) -> Readme:
    """The README of a grants export: what it holds, how it was filtered, its totals, whom to credit."""
    meta = metadata(frame, provenance, spreadsheet=spreadsheet, whole=whole)
    t = meta["totals"]
    say = provenance.say
    fields = [*_view_fields(provenance), (say("rows"), str(t["rows"]))]
    if "display_total" in t:
        total = t["display_total"]
        fields.append(
            (
                say("total"),
                say(
                    "total_value",
                    amount=_money(total["sum"], provenance),
                    n=fmt_int(t["rows"], provenance.lang),
                    basis=provenance.basis_text(),
                ),
            )
        )
    for currency, agg in (t.get("amount_by_original_currency") or {}).items():
        amount = f"{fmt_number(agg['sum'], provenance.lang, 2)} {currency}"
        fields.append(
            (say("sum"), say("sum_original", amount=amount, n=fmt_int(agg["grants"], provenance.lang)))
        )
    if "grants_without_amount" in t:
        fields.append(
            (say("no_amount_label"), say("no_amount", n=fmt_int(t["grants_without_amount"], provenance.lang)))
        )
    return Readme(
        heading=f"{provenance.title} — {PRODUCT_NAME}",
        fields=tuple(fields),
        citation=provenance.suggested_citation(),
        sources=_sources(provenance),
        columns_heading=say("columns"),
        columns=tuple(meta["columns"]),
        notes=tuple(meta["notes"]),
    )


def render_readme(parts: Readme, provenance: Provenance) -> str:
    """A README as plain text: aligned `Label: value` lines, then citation, sources, columns and notes."""
    say = provenance.say
    lines = [parts.heading, "=" * 72, ""]
    lines += [f"{label + ':':<12} {value}" for label, value in parts.fields]
    citation, sources, notes = say("suggested_citation"), say("sources_licences"), say("notes")
    lines += ["", citation, "-" * len(citation), parts.citation, "", sources, "-" * len(sources)]
    lines += [f"* {line}" for _, line in parts.sources] or [f"* {say('not_recorded')}"]
    lines += ["", parts.columns_heading, "-" * len(parts.columns_heading)]
    lines += [f"{c['name']} ({c['type']}): {c['meaning']}" for c in parts.columns]
    lines += ["", notes, "-" * len(notes), *[f"* {n}" for n in parts.notes], ""]
    return "\n".join(lines)


def readme_text(
    frame: pl.DataFrame,
    provenance: Provenance,
    *,
    spreadsheet: bool = True,
    whole: pl.DataFrame | None = None,
) -> str:
    """A plain-text README for the data file: what it holds, how it was filtered, whom to credit."""
    return render_readme(readme(frame, provenance, spreadsheet=spreadsheet, whole=whole), provenance)


# ---------------------------------------------------------------------------------------------- chart numbers
@dataclass(frozen=True)
class LeftOut:
    """Money of the view that a chart cannot show (grants with no county on a map, no year on a time axis)."""

    why: str  # a `why_*` phrase of exports.wording: "why_no_county", "why_no_year", ...
    amount: float  # in the display currency and prices
    grants: int | None  # how many grants; None when they cannot be counted (money spread over years)


@dataclass(frozen=True)
class ChartCoverage:
    """How a chart's rows relate to its view: the view's total, what the rows hold, and what they leave out.

    A chart of two selections side by side (Compare) has one per selection, each naming its `selection` (the
    chart's `selection` value, "A: Norway"): a selection is a view of its own, with its own total."""

    total: float  # the view's total in the display currency and prices (the page's headline)
    grants: int  # the view's number of grants
    rows_total: float  # the sum of the chart's rows
    rows_grants: int | None  # the grants in the rows (None: not additive, e.g. spread over years)
    left_out: tuple[LeftOut, ...] = ()
    selection: str | None = None  # the selection these figures are of; None: the chart's whole view


Coverage = ChartCoverage | Sequence[ChartCoverage] | None  # one view, or one per selection


def _coverages(coverage: Coverage) -> tuple[ChartCoverage, ...]:
    if coverage is None:
        return ()
    return (coverage,) if isinstance(coverage, ChartCoverage) else tuple(coverage)


CHART_MEANINGS = {  # column of a chart's numbers -> wording key of its meaning
    "label": "cm_label",
    "name": "cm_name",
    "key": "cm_key",
    "recipient_country": "cm_recipient_country",
    "funder_id": "cm_funder_id",
    "theme": "cm_theme",
    "recipient_org_id": "cm_recipient_org_id",
    "award_year": "cm_award_year",
    "year": "cm_year",
    "country": "cm_country",
    "code": "cm_code",
    "location": "cm_location",
    "selection": "cm_selection",
    "grants": "cm_grants",
    "grants_with_amount": "cm_grants_with_amount",
    "population": "cm_population",
    "population_year": "cm_population_year",
}


def chart_column_meaning(name: str, provenance: Provenance, *, spread: bool = False) -> str:
    """What a column of a chart's numbers holds, in the view's language."""
    display = display_amount_name(provenance)
    money = {"currency": provenance.currency, "basis": provenance.basis_text()}
    if name == display:
        return provenance.say("cm_amount", **money)
    if name == f"{display}_per_inhabitant":
        return provenance.say("cm_per_inhabitant", **money)
    if name == "grants" and spread:
        return provenance.say("cm_grants_spread")
    key = CHART_MEANINGS.get(name)
    return provenance.say(key) if key else column_meanings().get(name, "")


def _label_column(table: pl.DataFrame) -> str | None:
    """The column a reader reads a row's name in ("label", a map's "name")."""
    return next((c for c in ("label", "name") if table.schema.get(c) == pl.String), None)


def with_left_out_rows(
    table: pl.DataFrame, provenance: Provenance, coverage: Coverage
) -> tuple[pl.DataFrame, bool]:
    """The chart's rows and, last, one row per kind of money the chart cannot show (its label says why), so
    the file's rows add up to the view total; with one coverage per selection, such rows per selection (its
    `selection` column set), so each selection's rows add up to its own total. A chart of selections without
    a label column (Compare's years) gets one, beside `selection`, for these rows. (table, True) when rows
    were added."""
    label = _label_column(table)
    display = display_amount_name(provenance)
    parts = [c for c in _coverages(coverage) if c.left_out]
    by_side = "selection" in table.columns and all(c.selection is not None for c in parts)
    if label is None and by_side and parts:
        label = "label"
        table = table.with_columns(pl.lit(None, dtype=pl.Utf8).alias(label)).select(
            "selection", label, pl.exclude("selection", label)
        )
    if not parts or label is None or display not in table.columns:
        return table, False
    lost = [(c.selection, lo) for c in parts for lo in c.left_out]
    counted = "grants" in table.columns
    extra = pl.DataFrame(
        {
            **({"selection": [side for side, _ in lost]} if by_side else {}),
            label: [provenance.say("left_row", why=provenance.say(lo.why)) for _, lo in lost],
            display: [float(lo.amount) for _, lo in lost],
            **({"grants": [lo.grants for _, lo in lost]} if counted else {}),
        },
        schema_overrides={display: pl.Float64, **({"grants": pl.Int64} if counted else {})},
    )
    return pl.concat([table, extra], how="diagonal_relaxed"), True


def _left_out_text(lo: LeftOut, provenance: Provenance) -> str:
    why = provenance.say(lo.why)
    n = fmt_int(lo.grants, provenance.lang) if lo.grants is not None else None
    if n is None:
        return provenance.say("left_out_amount", amount=_money(lo.amount, provenance), why=why)
    if round(lo.amount) == 0:
        return provenance.say("left_out_count", n=n, why=why)
    return provenance.say("left_out", amount=_money(lo.amount, provenance), n=n, why=why)


def _coverage_fields(coverage: ChartCoverage, provenance: Provenance) -> list[tuple[str, str]]:
    """`View total`, `In the chart` and one `Left out` line per kind of money the chart cannot show; each
    label names the selection when the figures are one selection's ("View total (A: Norway)")."""
    say, lang, basis = provenance.say, provenance.lang, provenance.basis_text()
    of = f" ({coverage.selection})" if coverage.selection else ""
    total = say(
        "total_value",
        amount=_money(coverage.total, provenance),
        n=fmt_int(coverage.grants, lang),
        basis=basis,
    )
    rows_amount = _money(coverage.rows_total, provenance)
    in_chart = (
        say("rows_amount", amount=rows_amount, basis=basis)
        if coverage.rows_grants is None
        else say("total_value", amount=rows_amount, n=fmt_int(coverage.rows_grants, lang), basis=basis)
    )
    fields = [(say("view_total") + of, total), (say("in_chart") + of, in_chart)]
    return fields + [(say("not_in_chart") + of, _left_out_text(lo, provenance)) for lo in coverage.left_out]


def chart_readme(
    table: pl.DataFrame,
    provenance: Provenance,
    *,
    chart_title: str,
    coverage: Coverage = None,
    spread: bool = False,
    left_rows: bool = False,
) -> Readme:
    """The README of a chart's numbers: the view, the chart, the view's total, what the rows hold and the
    money they leave out (and why), every column's meaning, in the view's language. A chart of selections
    (one coverage per selection): the same for each selection, named."""
    say = provenance.say
    fields = [*_view_fields(provenance), (say("chart"), chart_title), (say("rows"), str(table.height))]
    notes = [say("note_chart_rows"), say("note_chart_currency", currency=provenance.currency)]
    if spread:
        notes.append(say("note_spread"))
    if "selection" in table.columns:
        notes.append(say("note_compare"))
    parts = _coverages(coverage)
    for part in parts:
        fields += _coverage_fields(part, provenance)
    if parts:
        sides = "_sides" if any(c.selection for c in parts) else ""
        lost = [lo for c in parts for lo in c.left_out]
        if lost and left_rows:
            whys = "; ".join(dict.fromkeys(say(lo.why) for lo in lost))
            notes.append(say("note_left_row" + sides, why=whys))
        elif not lost:
            notes.append(say("note_rows_add_up" + sides))
    notes.append(say("note_escape"))
    columns = tuple(
        {"name": name, "type": str(dtype), "meaning": chart_column_meaning(name, provenance, spread=spread)}
        for name, dtype in table.schema.items()
    )
    return Readme(
        heading=f"{chart_title} — {provenance.title}",
        fields=tuple(fields),
        citation=provenance.suggested_citation(),
        sources=_sources(provenance),
        columns_heading=say("chart_columns"),
        columns=columns,
        notes=tuple(notes),
    )


def to_chart_csv_zip(
    table: pl.DataFrame,
    provenance: Provenance,
    *,
    chart_title: str,
    name: str,
    coverage: Coverage = None,
    spread: bool = False,
) -> ExportFile:
    """A chart's numbers as a zip of `<view>_<name>_<date>.csv` (named after the chart, so that several charts
    unzip side by side) and README.txt: the view's total (or each selection's) and, as the last rows and in
    the README, the money the chart cannot show."""
    rows, added = with_left_out_rows(table, provenance, coverage)
    csv_file = to_csv(rows, provenance, columns=list(rows.columns), kind=name)
    text = render_readme(
        chart_readme(
            rows, provenance, chart_title=chart_title, coverage=coverage, spread=spread, left_rows=added
        ),
        provenance,
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(csv_file.filename, csv_file.data)
        archive.writestr("README.txt", text.encode("utf-8"))
    return ExportFile(export_filename(provenance, "zip", kind=name), "application/zip", buffer.getvalue())


# ---------------------------------------------------------------------------------------------- formats
def to_csv(
    frame: pl.DataFrame,
    provenance: Provenance,
    *,
    columns: Columns = "simple",
    separator: str = ",",
    decimal_comma: bool | None = None,
    bom: bool = False,
    kind: str | None = None,
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
    return ExportFile(export_filename(provenance, "csv", kind=kind), "text/csv; charset=utf-8", data)


def to_csv_zip(frame: pl.DataFrame, provenance: Provenance, **csv_options: Any) -> ExportFile:
    """A zip of the CSV and README.txt (metadata, sources, citation, column meanings): the plain CSV stays
    readable by every tool, and the metadata travels with it."""
    csv_file = to_csv(frame, provenance, **csv_options)
    selected = select_columns(frame, provenance, csv_options.get("columns", "simple"))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(csv_file.filename, csv_file.data)
        archive.writestr("README.txt", readme_text(selected, provenance, whole=frame).encode("utf-8"))
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
    table.write_excel(
        workbook,
        "grants",
        column_formats=xlsx_number_formats(table),
        autofilter=True,
        freeze_panes="A2",
        autofit=table.height <= 10_000,  # autofit reads every cell; skip it on big sheets
    )
    _write_readme_sheet(workbook, readme(selected, provenance, spreadsheet=True, whole=frame), provenance)
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


# integer columns that are years, codes or ids: written as they are ("2016", never "2,016")
_PLAIN_INTEGER = re.compile(r"(^|_)(year|years|code|id|number|nr)$")


def xlsx_number_formats(table: pl.DataFrame) -> dict[str, str]:
    """Excel number formats by column: money with thousands separators and two decimals, counts with
    thousands separators, and years and codes without (Excel would show the award year 2016 as "2,016")."""
    formats: dict[str, str] = {}
    for name, dtype in table.schema.items():
        if dtype.is_float():
            formats[name] = "#,##0.00"
        elif dtype.is_integer():
            formats[name] = "0" if _PLAIN_INTEGER.search(name) else "#,##0"
    return formats


def _write_readme_sheet(workbook: xlsxwriter.Workbook, parts: Readme, provenance: Provenance) -> None:
    """The README as a sheet: the same words and number formats as README.txt, in the view's language."""
    say = provenance.say
    sheet = workbook.add_worksheet("README")
    bold = workbook.add_format({"bold": True, "valign": "top"})
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    sheet.set_column(0, 0, 24)
    sheet.set_column(1, 1, 110)
    sheet.set_column(2, 2, 60)
    rows: list[tuple[str, str]] = [
        (say("title"), parts.heading),
        *parts.fields,
        (say("suggested_citation"), parts.citation),
    ]
    rows += [(say("note_n", n=i), note) for i, note in enumerate(parts.notes, 1)]
    rows += [(say("source_n", source=source_id), line) for source_id, line in parts.sources]
    row = 0
    for key, value in rows:
        # write_string: the text goes in as text even if it begins with "=" (a user's filter words might)
        sheet.write_string(row, 0, _excel_text(key), bold)
        sheet.write_string(row, 1, _excel_text(value), wrap)
        row += 1
    row += 1
    sheet.write_string(row, 0, say("col_column"), bold)
    sheet.write_string(row, 1, say("col_meaning"), bold)
    sheet.write_string(row, 2, say("col_type"), bold)
    for column in parts.columns:
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
        metadata={
            PARQUET_METADATA_KEY: json.dumps(metadata(selected, provenance, whole=frame), ensure_ascii=False)
        },
    )
    return ExportFile(
        export_filename(provenance, "parquet"), "application/vnd.apache.parquet", buffer.getvalue()
    )


def to_json(frame: pl.DataFrame, provenance: Provenance, *, columns: Columns = "simple") -> ExportFile:
    """`{"metadata": {...}, "grants": [{...}, ...]}` in UTF-8, exact values, null for unknown."""
    selected = select_columns(frame, provenance, columns)
    document = {"metadata": metadata(selected, provenance, whole=frame), "grants": selected.to_dicts()}
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
