"""Formula injection: hostile text comes back inert from CSV and XLSX, numbers stay numbers."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from xml.etree import ElementTree

import duckdb
import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_exports_tables import make_fixture_db

from exports import tables
from exports.provenance import Provenance
from exports.safety import (
    ESCAPE_PREFIX,
    FORMULA_TRIGGERS,
    escape_cell,
    escape_text_columns,
    lists_to_text,
    needs_escape,
    spreadsheet_safe,
)

HOSTILE = ["=cmd|' /C calc'!A0", "+1", "-2", "@SUM(A1)", "\tTab", "\rReturn", '  =HYPERLINK("x")']
HARMLESS = ["Oslo kommune", "a=b", "2020-01", "æøå", "", "'already quoted", "<script>alert(1)</script>"]
NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}


@pytest.fixture(scope="module")
def grants(tmp_path_factory: pytest.TempPathFactory) -> pl.DataFrame:
    db = make_fixture_db(tmp_path_factory.mktemp("safety") / "fixture.duckdb")
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.sql("SELECT * FROM grant_facts ORDER BY grant_id").pl()
    finally:
        con.close()


@pytest.fixture(scope="module")
def provenance() -> Provenance:
    # filter words are user input too: they end up in README cells
    return Provenance(
        view="grants", filters=("Text search: “=1+1”", "=HYPERLINK()"), exported_on=dt.date(2026, 1, 2)
    )


@pytest.mark.parametrize("text", HOSTILE)
def test_formula_like_text_is_prefixed(text: str) -> None:
    assert needs_escape(text)
    assert escape_cell(text) == ESCAPE_PREFIX + text


@pytest.mark.parametrize("text", HARMLESS)
def test_harmless_text_is_unchanged(text: str) -> None:
    assert escape_cell(text) == text


def test_none_stays_none() -> None:
    assert escape_cell(None) is None


@given(st.text())
def test_escaped_text_never_starts_like_a_formula_and_loses_nothing(text: str) -> None:
    escaped = escape_cell(text)
    assert not needs_escape(escaped)
    assert escaped in (text, ESCAPE_PREFIX + text)  # the original is always recoverable


@given(st.lists(st.one_of(st.none(), st.text()), max_size=20))
def test_vectorised_escape_matches_the_cell_function(values: list[str | None]) -> None:
    frame = pl.DataFrame({"t": values}, schema={"t": pl.String})
    assert escape_text_columns(frame)["t"].to_list() == [escape_cell(v) for v in values]


def test_numbers_stay_numbers_even_negative() -> None:
    frame = pl.DataFrame(
        {"title": ["-2", "ok"], "amount": [-2.5, 3.0], "year": [-1, 2020], "flag": [True, False]},
        schema={"title": pl.String, "amount": pl.Float64, "year": pl.Int32, "flag": pl.Boolean},
    )
    safe = spreadsheet_safe(frame)
    assert safe.schema == frame.schema
    assert safe["amount"].to_list() == [-2.5, 3.0] and safe["year"].to_list() == [-1, 2020]
    assert safe["title"].to_list() == ["'-2", "ok"]


def test_lists_become_escaped_text() -> None:
    frame = pl.DataFrame({"themes": [["=evil", "b"], None, []]})
    assert spreadsheet_safe(frame)["themes"].to_list() == ["'=evil; b", None, ""]
    assert lists_to_text(frame)["themes"].to_list() == ["=evil; b", None, ""]


# ---------------------------------------------------------------------------------------------- in real files
@pytest.mark.parametrize("separator", [",", ";"])
def test_csv_cells_are_inert_when_parsed_as_csv(
    grants: pl.DataFrame, provenance: Provenance, separator: str
) -> None:
    data = tables.to_csv(grants, provenance, columns="full", separator=separator).data.decode("utf-8")
    rows = list(csv.reader(io.StringIO(data, newline=""), delimiter=separator))
    header, body = rows[0], rows[1:]
    assert len(body) == grants.height
    text_columns = {
        i for i, name in enumerate(header) if grants.schema[name] in (pl.String, pl.List(pl.String))
    }
    for row in body:
        for i, cell in enumerate(row):
            if i in text_columns:
                assert not cell.lstrip(" ").startswith(FORMULA_TRIGGERS), (header[i], cell)
    titles = [row[header.index("title")] for row in body]
    assert "'=cmd|' /C calc'!A0" in titles and "'@SUM(A1)" in titles and "'\tTabbed title" in titles
    assert "'\rCarriage return" in titles
    amounts = [row[header.index("amount")] for row in body]
    assert all(a == "" or re.fullmatch(r"-?\d+([.,]\d+)?", a) for a in amounts)  # plain numbers, unquoted


def _sheet_cells(xlsx: bytes, sheet: str) -> list[tuple[str, str | None, str | None, bool]]:
    """(cell ref, type attribute, text value, has formula) of every cell of a sheet, from the raw XML."""
    archive = zipfile.ZipFile(io.BytesIO(xlsx))
    shared = [
        "".join(t.text or "" for t in si.iter(f"{{{NS['m']}}}t"))
        for si in ElementTree.fromstring(archive.read("xl/sharedStrings.xml")).findall("m:si", NS)
    ]
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    names = [s.get("name") for s in workbook.find("m:sheets", NS)]
    root = ElementTree.fromstring(archive.read(f"xl/worksheets/sheet{names.index(sheet) + 1}.xml"))
    cells = []
    for c in root.iter(f"{{{NS['m']}}}c"):
        value = c.find("m:v", NS)
        inline = c.find("m:is", NS)
        text = value.text if value is not None else None
        if c.get("t") == "s" and text is not None:
            text = shared[int(text)]
        elif inline is not None:
            text = "".join(t.text or "" for t in inline.iter(f"{{{NS['m']}}}t"))
        cells.append((c.get("r"), c.get("t"), text, c.find("m:f", NS) is not None))
    return cells


def test_xlsx_has_no_formulas_strings_are_strings_numbers_are_numbers(
    grants: pl.DataFrame, provenance: Provenance
) -> None:
    data = tables.to_xlsx(grants, provenance, columns="full").data
    cells = _sheet_cells(data, "grants")
    assert not any(has_formula for *_, has_formula in cells)
    column_of: dict[str, str] = {}
    by_column: dict[str, list[tuple[str | None, str | None]]] = {}
    for ref, kind, text, _ in cells:
        letters, row = re.fullmatch(r"([A-Z]+)(\d+)", ref).groups()
        if row == "1":
            column_of[text] = letters
        else:
            by_column.setdefault(letters, []).append((kind, text))
    titles = by_column[column_of["title"]]
    assert ("s", "'=cmd|' /C calc'!A0") in titles and ("s", "'-2") in titles
    assert all(kind in ("s", "inlineStr") for kind, text in titles if text is not None)  # one title is NULL
    amounts = [(kind, text) for kind, text in by_column[column_of["amount"]] if text is not None]
    assert amounts and all(kind in (None, "n") for kind, _ in amounts)  # number cells, not text
    assert sorted(float(text) for _, text in amounts) == sorted(grants["amount"].drop_nulls().to_list())
    readme = _sheet_cells(data, "README")
    assert not any(has_formula for *_, has_formula in readme)
    assert any(text == "'=HYPERLINK()" or (text and "“=1+1”" in text) for _, _, text, _ in readme)
