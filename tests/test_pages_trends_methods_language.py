"""Trends and Data and methods in the reader's language, on the real database (checked against direct SQL).

Trends: the table under the chart writes its numbers as the chosen language does ("58 380 816" in bokmål,
"58,380,816" in English) over cells that stay numbers (a header click sorts by value), each the SQL sum; an empty
cell is drawn "–", never "None"; its columns are the chart's series in the legend's order, run after run. The growth view draws a year without grants in the data
as a gap (no point), never as -100 %, says so under the chart, and its headline compares two years that both
have money. Data and methods: no table shows an internal column name or status code.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import math
import re

import pytest
from dashboard_fixtures import (  # noqa: F401 (fixtures)
    _gen_db,
    _use_db,
    assert_clean,
    direct,
    drawn,
    open_page,
)
from streamlit.testing.v1 import AppTest

from analytics.i18n import country_name, fmt_int

TIMEOUT = 60
TRENDS = "pages/views/trends.py"
METHODS = "pages/views/methods.py"
# bokmål and Swedish group thousands with a (no-break) space: "58 380 816"
SPACED = re.compile(r"^\d{1,3}(?:[\u00a0\u202f ]\d{3})+$")
INTERNAL_NAMES = {
    "status",
    "n",
    "no_grant",
    "records",
    "quarantined",
    "funder_id",
    "name",
    "written_as",
    "source_id",
    "path",
    "reason",
    "detail",
    "source_url",
}


def run(page: str, params: dict) -> AppTest:
    at = open_page(page, params, timeout=TIMEOUT)
    assert_clean(at)
    return at


def trend_table(at: AppTest):
    """The table under the trends chart: the numbers under it (a pandas frame; the year is text)."""
    return trend_element(at).value


def trend_element(at: AppTest):
    assert len(at.dataframe) == 1
    return at.dataframe[0]


def trend_text(at: AppTest) -> dict[str, list[str]]:
    """What the browser draws in the trends table, by column."""
    return drawn(trend_element(at))


def legend(at: AppTest) -> list[str]:
    """The chart's series names in legend (trace) order."""
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    return [html.unescape(trace["name"]) for trace in spec["data"]]


def growth_points(at: AppTest) -> dict[str, dict[int, float | None]]:
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    return {html.unescape(tr["name"]): dict(zip(tr["x"], tr["y"], strict=True)) for tr in spec["data"]}


def by_country_year(db) -> dict[tuple[str, int], float]:
    """SQL: the money per (country, award year), in NOK, as the trends page counts it."""
    return {
        (c, y): s
        for c, y, s in direct(
            db,
            "SELECT recipient_country, award_year, CAST(coalesce(sum(amount_nok), 0) AS DOUBLE) "
            "FROM grant_facts WHERE award_year IS NOT NULL GROUP BY ALL",
        )
    }


def test_nb_table_numbers_are_written_in_bokmal_and_equal_sql(use_db, built_db):
    use_db(built_db)
    at = run(TRENDS, {"lang": "nb", "trend_by": "country"})
    table, text = trend_table(at), trend_text(at)
    sums = by_country_year(built_db)
    countries = sorted({c for c, _ in sums})
    assert table.columns[0] == "År" and text["År"] == table["År"].tolist()
    checked_spaced = 0
    for i, year in enumerate(int(y) for y in table["År"]):
        for code in countries:
            column = country_name(code, "nb")
            # the data under the text: numbers (a header click sorts by value, not "12 000 000" < "2 000 000")
            assert table[column].dtype.kind == "f", table[column].dtype
            value, cell = table[column].iloc[i], text[column][i]
            if (code, year) in sums:
                assert value == pytest.approx(sums[(code, year)]), (code, year, value)
                assert cell == fmt_int(sums[(code, year)], "nb"), (code, year, cell)
                if sums[(code, year)] >= 1_000_000:
                    assert SPACED.match(cell), cell  # "x xxx xxx", not "58,380,816"
                    assert "," not in cell and "." not in cell
                    checked_spaced += 1
            else:  # no grant of that country in that year: no number, drawn as a dash
                assert math.isnan(value) and cell == "–", (code, year, value, cell)
    assert checked_spaced >= 10
    # one known cell, spelled out: Norway in 2020
    no_2020 = sums[("NO", 2020)]
    row = table["År"].tolist().index("2020")
    cell = text["Norge"][row]
    assert cell == fmt_int(no_2020, "nb") and SPACED.match(cell)
    assert cell.replace("\u00a0", "").replace(" ", "") == str(round(no_2020))
    assert table["Norge"].iloc[row] == pytest.approx(no_2020)


def test_en_table_uses_english_separators(use_db, built_db):
    use_db(built_db)
    at = run(TRENDS, {"lang": "en", "trend_by": "country"})
    table, text = trend_table(at), trend_text(at)
    no_2020 = by_country_year(built_db)[("NO", 2020)]
    row = table["Year"].tolist().index("2020")
    cell = text["Norway"][row]
    assert cell == fmt_int(no_2020, "en") and re.match(r"^\d{1,3}(,\d{3})+$", cell)
    assert table["Norway"].iloc[row] == pytest.approx(no_2020)


@pytest.mark.parametrize(
    "params",
    [
        {"lang": "nb"},  # by funder, with "other funders"
        {"lang": "sv", "trend_by": "theme"},
        {"lang": "en", "trend_by": "country", "trend_period": "spread"},
        {"lang": "nb", "trend_by": "none", "trend_view": "growth"},
    ],
)
def test_no_none_in_the_table_and_columns_follow_the_legend(use_db, built_db, params):
    use_db(built_db)
    at = run(TRENDS, params)
    table, text = trend_table(at), trend_text(at)
    cells = [c for column in text.values() for c in column]
    assert not [c for c in cells if c is None or "None" in c or "nan" in c.lower()]
    assert all(c == "–" or re.match(r"^\d[\d\u00a0\u202f ,]*$", c) for c in cells), cells
    # numbers under the text; a gap is no number, drawn "–", and only a gap is drawn so (the browser draws a
    # missing number as the table's placeholder, not as the text under it: "None" unless told)
    assert trend_element(at).proto.placeholder == "–"
    for column in list(table.columns)[1:]:
        assert table[column].dtype.kind == "f", (column, table[column].dtype)
        for value, cell in zip(table[column], text[column], strict=True):
            assert math.isnan(value) == (cell == "–"), (column, value, cell)
    order = list(table.columns)[1:]
    assert order == legend(at)
    # the same order on reruns of the session and in a new session
    for _ in range(2):
        at.run()
        assert list(trend_table(at).columns)[1:] == order == legend(at)
    assert list(trend_table(run(TRENDS, params)).columns)[1:] == order


def test_funder_table_sums_to_the_sql_total_of_each_year(use_db, built_db):
    """Every funder's money is in some column (the top funders and "other funders"), none twice."""
    use_db(built_db)
    at = run(TRENDS, {"lang": "nb"})
    table = trend_table(at)
    assert table.columns[-1] == "Andre finansiører"
    totals = dict(
        direct(
            built_db,
            "SELECT award_year, CAST(coalesce(sum(amount_nok), 0) AS DOUBLE) FROM grant_facts "
            "WHERE award_year IS NOT NULL GROUP BY 1",
        )
    )
    text = trend_text(at)
    for i, row in table.iterrows():
        assert row.iloc[1:].sum() == pytest.approx(totals[int(row["År"])]), row["År"]  # NaN (a gap) skipped
        shown = sum(int(re.sub(r"\D", "", text[c][i])) for c in table.columns[1:] if text[c][i] != "–")
        # each drawn cell is rounded on its own: at most half a krone per column apart
        assert abs(shown - totals[int(row["År"])]) <= len(row) / 2, row["År"]


def test_country_legend_is_ordered_by_money(use_db, built_db):
    use_db(built_db)
    at = run(TRENDS, {"lang": "nb", "trend_by": "country"})
    ranked = direct(
        built_db,
        "SELECT recipient_country FROM grant_facts WHERE award_year IS NOT NULL GROUP BY 1 "
        "ORDER BY sum(amount_nok) DESC NULLS LAST, 1",
    )
    assert legend(at) == [country_name(c, "nb") for (c,) in ranked]


def test_growth_has_no_fall_to_minus_100_where_a_country_has_no_grants(use_db, built_db):
    use_db(built_db)
    at = run(TRENDS, {"lang": "nb", "trend_by": "country", "trend_view": "growth"})
    sums = by_country_year(built_db)
    first, last = min(y for _, y in sums), max(y for _, y in sums)
    norway_years = {y for (c, y), s in sums.items() if c == "NO" and s > 0}
    without = [y for y in range(first, last + 1) if y not in norway_years]
    assert [y for y in without if y > max(norway_years)], (
        "the real data: Norway's sources end before the rest"
    )
    points = growth_points(at)
    norway = points["Norge"]
    for year in without:  # a gap: no point in that year, nor in the year after (nothing to compare with)
        assert norway.get(year) is None, (year, norway.get(year))
        if year + 1 in norway and year + 1 != dt.date.today().year:
            assert norway[year + 1] is None
    for series in points.values():
        assert not [y for y, g in series.items() if g is not None and g <= -0.9999]
    # a year that follows a year with Norwegian grants is the change SQL gives
    year = next(y for y in sorted(norway_years) if y - 1 in norway_years and y != dt.date.today().year)
    expected = (sums[("NO", year)] - sums[("NO", year - 1)]) / sums[("NO", year - 1)]
    assert norway[year] == pytest.approx(expected)
    # the caption says why the line breaks, and where
    gaps = [c.value for c in at.caption if "Et brudd i en linje" in c.value]
    assert gaps and f"Norge: {min(without)}–" in gaps[0]
    assert f"{max(norway_years) + 1}–{last}" in gaps[0]


def test_growth_headline_compares_two_years_with_money_and_says_what_is_missing(use_db, built_db):
    use_db(built_db)
    at = run(TRENDS, {"lang": "nb", "trend_by": "country", "trend_view": "growth"})
    sentence = next(m.value for m in at.markdown if m.value.startswith("Fra "))
    y0, y1 = map(int, re.match(r"Fra (\d{4}) til (\d{4})", sentence).groups())
    totals = dict(
        direct(
            built_db,
            "SELECT award_year, sum(amount_nok) FROM grant_facts WHERE award_year IS NOT NULL GROUP BY 1",
        )
    )
    assert totals.get(y0) and totals.get(y1), "both years of the comparison have money in the data"
    norway = {
        y
        for (y,) in direct(
            built_db, "SELECT DISTINCT award_year FROM grant_facts WHERE recipient_country='NO'"
        )
    }
    if y0 not in norway or y1 not in norway:  # the real data: Norway's sources cover 2013-2021 only
        assert "Ikke alle seriene har tildelinger i dataene" in sentence and "Norge" in sentence


def test_methods_page_in_bokmal_shows_no_internal_names(use_db, built_db):
    use_db(built_db)
    at = run(METHODS, {"lang": "nb"})
    assert at.dataframe, "the documents and funder-name tables"
    for frame in (d.value for d in at.dataframe):
        assert not INTERNAL_NAMES & set(map(str, frame.columns)), list(frame.columns)
        values = {str(v) for v in frame.to_numpy().ravel()}
        assert not {"no_grant", "records", "quarantined", "None"} & values
    docs = next(d.value for d in at.dataframe if "Resultat" in d.value.columns)
    counts = dict(direct(built_db, "SELECT status, count(*) FROM source_documents GROUP BY 1"))
    shown = dict(zip(docs["Resultat"], docs["Dokumenter"], strict=True))
    assert shown["Tildelinger lest"] == fmt_int(counts["records"], "nb")
    assert shown["Ingen tildeling på siden"] == fmt_int(counts["no_grant"], "nb")
    # whole sentences: no placeholder, no double full stop, every bullet starts with a capital
    # (the app's own method bullets, not those of docs/methods.md, which the page shows too)
    own = [m.value for m in at.markdown if "Per innbygger" in m.value and "## " not in m.value]
    bullets = [line for text in own for line in text.splitlines() if line.startswith("- ")]
    assert bullets
    for line in bullets:
        assert "…" not in line and ".." not in line, line
        assert line[2].isupper(), line
    assert any("Per innbygger" in line for line in bullets)
    assert any("på engelsk" in c.value for c in at.caption)


def test_methods_page_in_swedish_says_the_sources_are_in_english(use_db, built_db):
    use_db(built_db)
    at = run(METHODS, {"lang": "sv"})
    assert any("på engelska" in c.value for c in at.caption)
    for frame in (d.value for d in at.dataframe):
        assert not INTERNAL_NAMES & set(map(str, frame.columns))
    english = run(METHODS, {"lang": "en"})
    assert not any("in English" in c.value or "på engelsk" in c.value for c in english.caption)


def test_methods_quarantine_table_in_bokmal(use_db, gen_db):
    """The real data has no quarantined page; the generated database has one for every reason."""
    use_db(gen_db)
    at = run(METHODS, {"lang": "nb"})
    table = next(d.value for d in at.dataframe if "Årsak" in d.value.columns)
    assert list(table.columns) == ["Kilde", "Fil", "Årsak", "Detalj (fra bygget)", "Nettadresse"]
    reasons = set(table["Årsak"])
    assert {"Ukjent tegnkoding", "Ikke en tekstfil", "Tolkningen feilet"} <= reasons
    assert not {"empty", "encoding", "binary", "too_large", "parse_error", "unknown_genre"} & reasons
    docs = next(d.value for d in at.dataframe if "Resultat" in d.value.columns)
    assert "Kunne ikke leses (i karantene)" in set(docs["Resultat"])
