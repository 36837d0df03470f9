"""Downloads explain their numbers in the view's language: a chart's CSV states the view's total and the money
its rows leave out (and why), every column's meaning, the country names; the XLSX README sheet says what
README.txt says, in the same words and number format; years are never written "2,016"; chart value labels use
the language's units; the charts' zips unzip side by side.

The page tests run the real database built from ../shared (`built_db`) under AppTest and build the files
exactly as a click would (`deferred_downloads`); every amount is checked against SQL on the file.
"""

from __future__ import annotations

import dataclasses
import io
import zipfile
from types import SimpleNamespace
from xml.etree import ElementTree

import duckdb
import plotly.graph_objects as go
import polars as pl
import pytest
from dashboard_fixtures import _deferred_downloads, _use_db, assert_clean, direct, open_page  # noqa: F401 (fixtures)
from streamlit.testing.v1 import AppTest
from test_exports_tables import EXPORT_DAY, make_fixture_db

from analytics import charts
from analytics.i18n import fmt_int, fmt_money, fmt_number, t
from exports import tables
from exports.provenance import Provenance, provenance_from_db, source_ids_of
from ui import downloads

TIMEOUT = 90
NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
BUILTIN_FORMATS = {0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00"}


# ---------------------------------------------------------------------------------------------- helpers
def run(page: str | None = None, params: dict | None = None) -> AppTest:
    at = open_page(page, params, timeout=TIMEOUT)
    assert_clean(at)
    return at


def chart_zip(deferred: dict, key: str) -> tuple[str, str, pl.DataFrame, str]:
    """(zip file name, inner CSV name, the CSV, README.txt) of a chart's data download."""
    build, name, _mime = deferred[f"{key}_dl_csv"]
    archive = zipfile.ZipFile(io.BytesIO(build()))
    csv_name = next(n for n in archive.namelist() if n.endswith(".csv"))
    table = pl.read_csv(archive.read(csv_name), infer_schema_length=None)
    return name, csv_name, table, archive.read("README.txt").decode("utf-8")


def readme_field(readme: str, label: str) -> list[str]:
    """The values of the `Label: value` lines of a README with this label."""
    return [line.split(":", 1)[1].strip() for line in readme.splitlines() if line.startswith(f"{label}:")]


def money(value: float, lang: str, currency: str = "NOK") -> str:
    return f"{fmt_number(value, lang, 0)} {currency}"


# ---------------------------------------------------------------------------------------------- 1: the map
@pytest.mark.parametrize(
    ("params", "where"),
    [
        ({"country": "SE", "lang": "nb"}, "recipient_country = 'SE'"),  # the sidebar's country filter
        ({"map_country": "NO", "lang": "nb"}, "recipient_country = 'NO'"),  # the map's own country switch
        ({"from": "2016", "to": "2020"}, "award_year BETWEEN 2016 AND 2020"),  # both countries, English
    ],
)
def test_map_chart_csv_states_the_money_with_no_known_county(
    use_db, built_db, deferred_downloads, params, where
):
    use_db(built_db)
    run("pages/views/map.py", params)
    lang = params.get("lang", "en")
    total, n = direct(built_db, f"SELECT sum(amount_nok), count(*) FROM grant_facts WHERE {where}")[0]
    unplaced, n_unplaced = direct(
        built_db,
        f"SELECT coalesce(sum(amount_nok), 0), count(*) FROM grant_facts WHERE {where} AND county_code IS NULL",
    )[0]
    assert n_unplaced > 0, "the filter must leave some grants without a county"
    _name, _csv, table, readme = chart_zip(deferred_downloads, "map_chart")
    say = {"en": ("View total", "Left out"), "nb": ("Visningens sum", "Utelatt")}[lang]
    grants_word = t("grants_axis", lang).lower()
    # the README: the view's total, and the money the map cannot place, with the number of grants and why
    assert readme_field(readme, say[0])[0].startswith(f"{money(total, lang)} ")
    assert f" {fmt_int(n, lang)} " in readme_field(readme, say[0])[0]
    left = readme_field(readme, say[1])
    assert len(left) == 1, readme
    why = {"en": "with no known county", "nb": "med ukjent fylke"}[lang]
    in_word = {"en": "in", "nb": "i"}[lang]
    assert left[0].startswith(f"{money(unplaced, lang)} {in_word} {fmt_int(n_unplaced, lang)} "), left
    assert why in left[0] and (grants_word in left[0] or "grants" in left[0])
    # the file: the regions, then one last row holding the unplaced money; together the view's total
    last = table.row(-1, named=True)
    assert last["name"].startswith({"en": "Not in the chart", "nb": "Ikke i diagrammet"}[lang])
    assert last["code"] is None and last["grants"] == n_unplaced
    assert last["amount_nok"] == pytest.approx(unplaced, abs=0.01)
    assert table["amount_nok"].sum() == pytest.approx(total, abs=0.01)
    assert table["amount_nok"][:-1].sum() == pytest.approx(total - unplaced, abs=0.01)
    assert "One row per counted grant" not in readme


# ---------------------------------------------------------------------------------------------- 1: years
def test_by_year_csv_states_the_grants_with_no_award_year(use_db, built_db, deferred_downloads):
    use_db(built_db)
    run(params={"country": "NO"})
    where = "recipient_country = 'NO'"
    total, n = direct(built_db, f"SELECT sum(amount_nok), count(*) FROM grant_facts WHERE {where}")[0]
    undated, n_undated = direct(
        built_db,
        f"SELECT sum(amount_nok), count(*) FROM grant_facts WHERE {where} AND award_year IS NULL",
    )[0]
    assert n_undated > 0 and undated > 0
    _name, _csv, table, readme = chart_zip(deferred_downloads, "ov_year")
    assert readme_field(readme, "View total") == [
        f"{money(total, 'en')} over {fmt_int(n, 'en')} grants (nominal prices)"
    ]
    assert readme_field(readme, "Left out") == [
        f"{money(undated, 'en')} in {fmt_int(n_undated, 'en')} grants with no award year: "
        "the chart cannot show them"
    ]
    assert readme_field(readme, "In the chart") == [
        f"{money(total - undated, 'en')} over {fmt_int(n - n_undated, 'en')} grants (nominal prices)"
    ]
    # years are numbers; the last row (no year) holds the undated money
    assert table["award_year"].dtype == pl.Int64
    assert table["award_year"][:-1].null_count() == 0 and table["award_year"][-1] is None
    assert table["label"][-1] == "Not in the chart: grants with no award year"
    assert table["amount_nok"].sum() == pytest.approx(total, abs=0.01)
    assert table["grants"].sum() == n


def test_constant_prices_say_the_undated_grants_have_no_amount(use_db, built_db, deferred_downloads):
    """In constant prices an undated grant cannot be deflated: it adds nothing to the view total, and the
    README says so instead of "0 SEK in 15 grants"."""
    use_db(built_db)
    run(params={"ccy": "SEK", "prices": "constant", "lang": "sv"})
    n_undated = direct(built_db, "SELECT count(*) FROM grant_facts WHERE award_year IS NULL")[0][0]
    _name, _csv, table, readme = chart_zip(deferred_downloads, "ov_year")
    assert readme_field(readme, "Utelämnat") == [
        f"{fmt_int(n_undated, 'sv')} bidrag utan beviljandeår, utan belopp i vyns summa: "
        "diagrammet kan inte visa dem"
    ]
    assert "konsumentprisindex i Sverige" in readme_field(readme, "Vyns summa")[0]
    assert table.row(-1, named=True)["grants"] == n_undated


# ---------------------------------------------------------------------------------------------- 2, 6, 7: every chart
def test_chart_zips_are_named_after_their_charts_and_explain_every_column(
    use_db, built_db, deferred_downloads
):
    use_db(built_db)
    run(params={"lang": "nb"})
    inner = {}
    for key, name in (
        ("ov_country", "by-country"),
        ("ov_year", "by-year"),
        ("ov_funder", "by-funder"),
        ("ov_theme", "by-theme"),
    ):
        zip_name, csv_name, table, readme = chart_zip(deferred_downloads, key)
        # "..._overview_by-year_DATE.csv" inside "..._overview_by-year_DATE.zip": four charts unzip side by side
        assert f"_overview_{name}_" in csv_name and csv_name == zip_name.removesuffix(".zip") + ".csv"
        inner[key] = csv_name
        # the chart's own notes, not the grants' ("one row per counted grant")
        assert "grant_facts" not in readme and "Én rad per stolpe" in readme
        columns = readme.split("Kolonner\n--------\n", 1)[1].split("\n\n", 1)[0].splitlines()
        meanings = dict(line.split(": ", 1) for line in columns)
        assert [m.split(" (", 1)[0] for m in meanings] == table.columns
        assert all(meanings.values()), meanings
        assert "Visningens sum" in readme
    assert len(set(inner.values())) == 4
    # the country chart: country names in the view's language, the codes beside them
    _zip, _csv, countries, readme = chart_zip(deferred_downloads, "ov_country")
    assert dict(zip(countries["recipient_country"], countries["label"], strict=True)) == {
        "NO": "Norge",
        "SE": "Sverige",
    }
    # every grant has a country: the rows add up to the view total, and the README says so
    assert "Radene blir til sammen visningens sum" in readme and "Utelatt" not in readme


# ---------------------------------------------------------------------------------------------- Compare
def readme_value(readme: str, label: str) -> list[str]:
    """The values of the README lines labelled exactly `label` (which may hold a colon: "View total (A: X)")."""
    return [line[len(label) + 1 :].strip() for line in readme.splitlines() if line.startswith(f"{label}:")]


@pytest.mark.parametrize(
    ("params", "sides"),
    [
        # by country: Norway and Sweden, in bokmål
        ({"lang": "nb"}, {"A: Norge": "recipient_country = 'NO'", "B: Sverige": "recipient_country = 'SE'"}),
        # two funders, in English
        (
            {"lang": "en", "cmp": "funder", "a": "vinnova", "b": "eu-h2020"},
            {"A: Vinnova": "funder_id = 'vinnova'", "B: Horizon 2020": "funder_id = 'eu-h2020'"},
        ),
    ],
)
def test_compare_chart_csvs_state_each_selections_total(use_db, built_db, deferred_downloads, params, sides):
    """Each side of a comparison is its own selection: a Compare chart's numbers state each side's total, what
    its rows hold and the money they cannot show, as every other chart states its view's, in the view's
    language; each side's rows, with its last row, add up to its own total."""
    use_db(built_db)
    run("pages/views/compare.py", params)
    lang = params["lang"]
    words = {
        "nb": ("Visningens sum", "I diagrammet", "Utelatt", "fordelt på", "tildelinger", "løpende priser"),
        "en": ("View total", "In the chart", "Left out", "over", "grants", "nominal prices"),
    }[lang]
    total_word, in_word, left_word, over, grants_word, basis = words
    _name, _csv, years, readme = chart_zip(deferred_downloads, "cmp_years")
    _name, _csv, bars, bars_readme = chart_zip(deferred_downloads, "cmp_bars")
    assert set(years["selection"]) == set(bars["selection"]) == set(sides)
    for side, where in sides.items():
        total, n = direct(
            built_db, f"SELECT coalesce(sum(amount_nok), 0), count(*) FROM grant_facts WHERE {where}"
        )[0]
        undated, n_undated = direct(
            built_db,
            f"SELECT coalesce(sum(amount_nok), 0), count(*) FROM grant_facts WHERE {where} AND award_year IS NULL",
        )[0]
        stated = f"{money(total, lang)} {over} {fmt_int(n, lang)} {grants_word} ({basis})"
        for text in (readme, bars_readme):
            assert readme_value(text, f"{total_word} ({side})") == [stated], text
        # the years: the undated grants are left out, said in the README and as the side's last row
        dated = (
            f"{money(total - undated, lang)} {over} {fmt_int(n - n_undated, lang)} {grants_word} ({basis})"
        )
        assert readme_value(readme, f"{in_word} ({side})") == [dated]
        rows = years.filter(pl.col("selection") == side)
        assert rows["amount_nok"].sum() == pytest.approx(total, abs=0.01)
        assert rows["grants"].sum() == n
        if n_undated:
            (left,) = readme_value(readme, f"{left_word} ({side})")
            assert {"nb": "uten tildelingsår", "en": "with no award year"}[lang] in left
            assert f"{fmt_int(n_undated, lang)} {grants_word}" in left
            last = rows.filter(pl.col("award_year").is_null()).row(0, named=True)
            assert last["label"].startswith({"nb": "Ikke i diagrammet", "en": "Not in the chart"}[lang])
            assert last["grants"] == n_undated and last["amount_nok"] == pytest.approx(undated, abs=0.01)
        # the bars (themes): every grant has a theme, so each side's rows are its whole total
        rows = bars.filter(pl.col("selection") == side)
        assert rows["amount_nok"].sum() == pytest.approx(total, abs=0.01) and rows["grants"].sum() == n
        assert readme_value(bars_readme, f"{in_word} ({side})") == [stated]
    assert {"nb": "Hvert utvalgs rader blir til sammen", "en": "Each selection's rows add up"}[
        lang
    ] in bars_readme
    assert {"nb": "for hvert utvalg", "en": "for each selection"}[lang] in readme


def test_map_columns_have_meanings(use_db, built_db, deferred_downloads):
    use_db(built_db)
    run("pages/views/map.py", {"map_measure": "per_capita"})
    _zip, csv_name, table, readme = chart_zip(deferred_downloads, "map_chart")
    assert "_map_map-county-per-capita_" in csv_name
    for column, words in (
        ("name", "region's name"),
        ("grants", "number of grants"),
        ("population", "population on 1 January"),
        ("amount_nok_per_inhabitant", "divided by the population"),
        ("population_year", "year of the population"),
        ("location", "map's region id"),
    ):
        assert column in table.columns
        line = next(x for x in readme.splitlines() if x.startswith(f"{column} ("))
        assert words in line, line


def test_speaker_notes_name_countries_in_the_view_language() -> None:
    frame = pl.DataFrame(
        {
            "key": ["NO", "SE"],
            "label": ["NO", "SE"],
            "total": [651_081_838.0, 200_000_000.0],
            "n_grants": [119, 40],
            "n_with_amount": [119, 40],
        }
    )
    ctx = SimpleNamespace(
        lang="nb",
        t=lambda key, **values: t(key, "nb", **values),
        money=lambda value, compact=True, short=False: fmt_money(value, "NOK", "nb", compact=compact),
    )
    lines = downloads.key_figures(ctx, frame)
    assert lines[1].startswith("Norge: ") and lines[2].startswith("Sverige: ")
    assert not any(line.startswith(("NO:", "SE:")) for line in lines)


# ---------------------------------------------------------------------------------------------- 6: value labels
def test_chart_value_labels_use_the_language_units() -> None:
    frame = pl.DataFrame(
        {
            "key": ["a", "b", "c"],
            "label": ["A", "B", "C"],
            "total": [900_000.0, 45_500.0, 2_500_000.0],
            "n_grants": [3, 1, 4],
        }
    )
    texts = {
        lang: list(go.Figure(charts.bars(frame, lang=lang, currency="NOK")).data[0].text)
        for lang in ("en", "nb", "sv")
    }
    for lang in ("nb", "sv"):
        assert not any(" k " in x or x.endswith(" k") for x in texts[lang]), texts[lang]
        assert "900 tusen NOK" in texts[lang]
    assert "900 k NOK" in texts["en"]
    assert "2,5 mill. NOK" in texts["nb"] and "2.5 m NOK" in texts["en"]
    assert charts.value_label(999_999, "NOK", "nb") == "1,0 mill. NOK"  # never "1 000 tusen"


# ---------------------------------------------------------------------------------------------- 3, 4, 5: grants files
@pytest.fixture(scope="module")
def fixture_grants(tmp_path_factory: pytest.TempPathFactory) -> tuple[pl.DataFrame, Provenance]:
    path = make_fixture_db(tmp_path_factory.mktemp("language") / "fixture.duckdb")
    con = duckdb.connect(str(path), read_only=True)
    try:
        grants = con.sql("SELECT * FROM grant_facts ORDER BY grant_id").pl()
        prov = provenance_from_db(
            con,
            view="grants",
            view_label="Tildelinger",
            lang="nb",
            filters=("Mottakerland: Norge",),
            source_ids=source_ids_of(grants),
            exported_on=EXPORT_DAY,
        )
    finally:
        con.close()
    return grants, prov


def sheet_rows(xlsx: bytes, sheet: str) -> list[dict[str, tuple[str | None, str | None]]]:
    """Every row of a sheet as {column letter: (text, number format)}, read from the raw XML."""
    archive = zipfile.ZipFile(io.BytesIO(xlsx))
    shared = [
        "".join(x.text or "" for x in si.iter(f"{{{NS['m']}}}t"))
        for si in ElementTree.fromstring(archive.read("xl/sharedStrings.xml")).findall("m:si", NS)
    ]
    styles = ElementTree.fromstring(archive.read("xl/styles.xml"))
    custom = {int(f.get("numFmtId")): f.get("formatCode") for f in styles.iter(f"{{{NS['m']}}}numFmt")}
    xfs = [int(xf.get("numFmtId", 0)) for xf in styles.find("m:cellXfs", NS)]
    names = [
        s.get("name") for s in ElementTree.fromstring(archive.read("xl/workbook.xml")).find("m:sheets", NS)
    ]
    root = ElementTree.fromstring(archive.read(f"xl/worksheets/sheet{names.index(sheet) + 1}.xml"))
    rows = []
    for row in root.iter(f"{{{NS['m']}}}row"):
        cells = {}
        for c in row.findall("m:c", NS):
            value = c.find("m:v", NS)
            text = value.text if value is not None else None
            if c.get("t") == "s" and text is not None:
                text = shared[int(text)]
            fmt_id = xfs[int(c.get("s", 0))]
            cells["".join(ch for ch in c.get("r") if ch.isalpha())] = (
                text,
                custom.get(fmt_id, BUILTIN_FORMATS.get(fmt_id)),
            )
        rows.append(cells)
    return rows


def test_norwegian_xlsx_readme_sheet_says_what_readme_txt_says(fixture_grants) -> None:
    grants, nb = fixture_grants
    file = tables.to_xlsx(grants, nb)
    rows = sheet_rows(file.data, "README")
    pairs = [(r["A"][0], r.get("B", (None,))[0]) for r in rows if "A" in r]
    labels = [label for label, _ in pairs]
    # the same label/value lines as README.txt, in bokmål and in its number format
    parts = tables.readme(tables.select_columns(grants, nb), nb, whole=grants)
    for field in parts.fields:
        assert field in pairs, field
    text = tables.readme_text(tables.select_columns(grants, nb), nb, whole=grants)
    for label, value in parts.fields:
        assert f"{label + ':':<12} {value}" in text
    assert ("Visning", "Tildelinger") in pairs  # the view's name for people, not its slug "grants"
    assert ("Tittel", parts.heading) in pairs
    nok = grants.filter(pl.col("currency") == "NOK")["amount"].sum()
    assert ("Sum", f"{fmt_number(nok, 'nb', 2)} NOK fordelt på 5 tildelinger (opprinnelige beløp)") in pairs
    assert ("Uten beløp", "1 tildelinger oppgir ikke tildelt beløp (tomt felt)") in pairs
    for expected in ("Rader", "Totalt", "Foreslått kildehenvisning", "Merknad 1", "Kilde: vinnova"):
        assert expected in labels, labels
    assert ("Kolonne", "Betydning") in pairs
    for english in (
        "Title",
        "View",
        "Filters",
        "Rows",
        "Grants without amount",
        "Note 1",
        "Column",
        "Suggested citation",
    ):
        assert english not in labels
    assert not any(label and label.startswith("Sum NOK") for label in labels)
    assert not any(value and " over " in value and "grants" in value for _, value in pairs)


def test_award_year_cells_have_no_thousands_separator(fixture_grants) -> None:
    grants, nb = fixture_grants
    rows = sheet_rows(tables.to_xlsx(grants, nb, columns="full").data, "grants")
    header = {letter: text for letter, (text, _fmt) in rows[0].items()}
    column = {name: letter for letter, name in header.items()}
    years = [r[column["award_year"]] for r in rows[1:]]
    assert {text for text, _ in years} == {str(y) for y in grants["award_year"].to_list()}
    assert {fmt for _, fmt in years} == {"0"}  # 2016, never "2,016"
    assert {r[column["amount_nok"]][1] for r in rows[1:] if column["amount_nok"] in r} == {"#,##0.00"}
    assert tables.xlsx_number_formats(pl.DataFrame({"municipality_code": [301], "n_records": [1200]})) == {
        "municipality_code": "0",
        "n_records": "#,##0",
    }


def test_grants_readme_states_the_converted_total_and_the_price_index(fixture_grants) -> None:
    grants, nb = fixture_grants
    en = dataclasses.replace(nb, lang="en", view_label="Grants", filters=())
    total = grants["amount_nok"].sum()
    readme = tables.readme_text(grants, en)
    assert readme_field(readme, "Total") == [
        f"{money(total, 'en')} over {grants.height} grants (nominal prices)"
    ]
    # constant prices: the page's deflated amounts (`value`), and whose consumer price index made them
    deflated = grants.with_columns((pl.col("amount_sek") * 1.25).alias("value"))
    sv = dataclasses.replace(nb, lang="sv", currency="SEK", price_basis="constant", base_year=2024)
    readme = tables.readme_text(deflated, sv)
    assert readme_field(readme, "Totalt") == [
        f"{money(deflated['value'].sum(), 'sv', 'SEK')} fördelat på {grants.height} bidrag "
        "(fasta priser för 2024, konsumentprisindex i Sverige)"
    ]
    assert "deflaterade med konsumentprisindex i Sverige" in readme_field(readme, "Valuta")[0]
    no = dataclasses.replace(en, price_basis="constant", base_year=2024)
    assert "consumer price index of Norway" in no.currency_text()
    # a custom column choice without the amount column still states the total the page shows
    readme = tables.readme_text(tables.select_columns(grants, en, ["grant_id", "title"]), en, whole=grants)
    assert readme_field(readme, "Total")[0].startswith(money(total, "en"))
