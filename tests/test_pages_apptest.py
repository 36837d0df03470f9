"""Every page under AppTest: generated DB, empty DB, missing DB; filters change the numbers (checked against
direct SQL); a URL reproduces the view; the language switch relabels; hostile URLs are harmless."""

from __future__ import annotations

import html
import json
import math

import pytest
from dashboard_fixtures import (  # noqa: F401 (fixtures)
    REPO,
    _deferred_downloads,
    _empty_db,
    _gen_db,
    _use_db,
    assert_clean,
    direct,
    drawn,
    one,
    open_page,
)
from streamlit.testing.v1 import AppTest

from analytics.i18n import country_name, fmt_int, fmt_money, fmt_number, fmt_pct, fmt_short, t

PAGES = [
    "pages/views/overview.py",
    "pages/views/trends.py",
    "pages/views/map.py",
    "pages/views/grants.py",
    "pages/views/profiles.py",
    "pages/views/compare.py",
    "pages/views/methods.py",
]
TIMEOUT = 60


def run(page: str | None = None, params: dict | None = None) -> AppTest:
    return open_page(page, params, timeout=TIMEOUT)


def number_format(element, column: str) -> str | None:
    """The column_config format of a table's column: any format replaces the display values in the browser."""
    return json.loads(element.proto.columns).get(column, {}).get("type_config", {}).get("format")


def metric(at: AppTest, label: str) -> str:
    for m in at.metric:
        if m.label == label:
            return m.value
    raise AssertionError(f"no metric {label!r} in {[m.label for m in at.metric]}")


@pytest.mark.parametrize("page", PAGES)
def test_page_runs_on_generated_db(use_db, gen_db, page):
    use_db(gen_db)
    at = run(page)
    assert_clean(at)
    assert at.title, "every page has a title"


@pytest.mark.parametrize("page", PAGES)
def test_page_runs_on_empty_db(use_db, empty_db, page):
    use_db(empty_db)
    at = run(page)
    assert_clean(at)


def test_missing_db_is_explained(use_db, tmp_path):
    use_db(tmp_path / "not-built.duckdb")
    at = run()
    assert not at.exception
    assert any("python -m etl build" in i.value for i in at.info)


def test_overview_headline_matches_sql(use_db, gen_db):
    use_db(gen_db)
    at = run()
    assert_clean(at)
    assert metric(at, "Grants") == fmt_int(one(gen_db, "SELECT count(*) FROM grant_facts"), "en")
    assert metric(at, "Funders") == fmt_int(
        one(gen_db, "SELECT count(DISTINCT funder_id) FROM grant_facts"), "en"
    )


def test_country_filter_changes_the_figures_and_the_url(use_db, gen_db):
    use_db(gen_db)
    at = run()
    at.segmented_control(key="w_country").set_value("NO").run()
    assert_clean(at)
    n = one(gen_db, "SELECT count(*) FROM grant_facts WHERE recipient_country = 'NO'")
    assert metric(at, "Grants") == fmt_int(n, "en")
    assert at.query_params["country"] == "NO"


def test_funder_and_year_filters(use_db, gen_db):
    use_db(gen_db)
    at = run()
    at.multiselect(key="w_funder").set_value(["vinnova"]).run()
    at.slider(key="w_years").set_value((2012, 2015)).run()
    assert_clean(at)
    n = one(
        gen_db,
        "SELECT count(*) FROM grant_facts WHERE funder_id = 'vinnova' AND award_year BETWEEN 2012 AND 2015",
    )
    assert metric(at, "Grants") == fmt_int(n, "en")
    assert at.query_params["funder"] == "vinnova"
    assert (at.query_params["from"], at.query_params["to"]) == ("2012", "2015")


def test_search_and_currency(use_db, gen_db):
    use_db(gen_db)
    at = run()
    at.text_input(key="w_q").set_value("kommune").run()
    at.segmented_control(key="w_ccy").set_value("EUR").run()
    assert_clean(at)
    n = one(
        gen_db,
        """SELECT count(*) FROM grant_facts WHERE title ILIKE '%kommune%' OR recipient ILIKE
                       '%kommune%' OR programme ILIKE '%kommune%' OR reference ILIKE '%kommune%'""",
    )
    assert metric(at, "Grants") == fmt_int(n, "en")
    assert metric(at, "Total granted").endswith(" EUR")
    assert at.query_params["ccy"] == "EUR"


def test_url_reproduces_the_view(use_db, gen_db):
    use_db(gen_db)
    params = {"country": "SE", "from": "2015", "to": "2018", "theme": "digitalisation", "ccy": "SEK"}
    at = run(params=params)
    assert_clean(at)
    n, total = direct(
        gen_db,
        """SELECT count(*), sum(amount_sek) FROM grant_facts WHERE recipient_country = 'SE'
                                 AND award_year BETWEEN 2015 AND 2018 AND theme = 'digitalisation'""",
    )[0]
    assert metric(at, "Grants") == fmt_int(n, "en")
    assert metric(at, "Total granted") == fmt_money(total, "SEK", "en", short=True)
    # the widgets show the state from the URL, and the URL keeps it
    assert at.segmented_control(key="w_country").value == "SE"
    assert at.selectbox(key="w_theme").value == "digitalisation"
    assert at.slider(key="w_years").value == (2015, 2018)
    for key, value in params.items():
        assert at.query_params[key] == value
    # the same link on another page keeps the same filters
    at.switch_page("pages/views/grants.py").run()
    assert_clean(at)
    assert any(fmt_int(n, "en") in c.value for c in at.caption)


def test_page_parameters_in_the_url(use_db, gen_db):
    use_db(gen_db)
    gid = one(gen_db, "SELECT grant_id FROM grant_facts ORDER BY amount_nok DESC NULLS LAST LIMIT 1")
    title = one(gen_db, "SELECT title FROM grant_facts WHERE grant_id = ?", [gid])
    at = run("pages/views/grants.py", {"grant": gid, "sort": "year", "size": "50"})
    assert_clean(at)
    # the detail's title is escaped HTML (pages/views/grants.py: data never goes into markdown there)
    assert any(html.escape(title, quote=True) in h.proto.body for h in at.get("html"))
    assert at.selectbox(key="w_sort").value == "year"
    assert at.query_params["grant"] == gid
    at = run("pages/views/trends.py", {"trend_by": "theme", "trend_view": "share"})
    assert_clean(at)
    assert at.segmented_control(key="w_trend_by").value == "theme"
    assert at.segmented_control(key="w_trend_view").value == "share"


def test_language_switch_changes_labels(use_db, gen_db):
    use_db(gen_db)
    at = run()
    assert at.title[0].value == "Nordic innovation funding"
    at.segmented_control(key="w_lang").set_value("nb").run()
    assert_clean(at)
    assert at.title[0].value == "Nordisk innovasjonsfinansiering"
    assert metric(at, "Tildelinger") == fmt_int(one(gen_db, "SELECT count(*) FROM grant_facts"), "nb")
    assert at.query_params["lang"] == "nb"
    at = run(params={"lang": "sv"})
    assert at.title[0].value == "Nordisk innovationsfinansiering"
    assert any(m.label == "Bidrag" for m in at.metric)


@pytest.mark.parametrize("page", ["pages/views/overview.py", "pages/views/grants.py", "pages/views/map.py"])
def test_hostile_url_is_harmless(use_db, gen_db, page):
    use_db(gen_db)
    before = one(gen_db, "SELECT count(*) FROM grants")
    at = run(
        page,
        {
            "q": "'; DROP TABLE grants; --",
            "region": "NO-03' OR 1=1 --",
            "ccy": "X'; --",
            "funder": "vinnova'); DELETE FROM grants; --",
            "from": "1'; --",
            "sort": "amount; DROP",
            "pg": "-9999",
            "grant": "' OR '1'='1",
            "lang": "<script>",
        },
    )
    assert_clean(at)
    assert one(gen_db, "SELECT count(*) FROM grants") == before
    assert at.title[0].value  # English fallback, the page still renders


def test_empty_filters_explain_themselves(use_db, gen_db):
    use_db(gen_db)
    at = run(params={"q": "no grant has this title zzzz"})
    assert_clean(at)
    assert at.warning and "zzzz" in at.warning[0].value
    at.button(key="empty_reset").click().run()
    assert_clean(at)
    assert metric(at, "Grants") == fmt_int(one(gen_db, "SELECT count(*) FROM grant_facts"), "en")
    assert "q" not in at.query_params


def test_compare_uses_both_selections(use_db, gen_db):
    use_db(gen_db)
    at = run("pages/views/compare.py", {"cmp": "funder", "a": "vinnova", "b": "no-forskningsradet"})
    assert_clean(at)
    shown = [m.value for m in at.metric]
    for fid in ("vinnova", "no-forskningsradet"):
        total = one(gen_db, "SELECT sum(amount_nok) FROM grant_facts WHERE funder_id = ?", [fid])
        assert fmt_money(total, "NOK", "en") in shown


@pytest.mark.parametrize(
    ("params", "where", "verb"),
    [
        ({"cmp": "funder", "a": "vinnova", "b": "no-forskningsradet"}, "funder_id = ?", "granted"),
        ({"cmp": "country", "a": "NO", "b": "SE"}, "recipient_country = ?", "received"),
    ],
)
def test_compare_states_the_ratio_with_the_right_verb(use_db, gen_db, params, where, verb):
    """A funder gives money, a country receives it: the sentence under the two sides says which."""
    use_db(gen_db)
    at = run("pages/views/compare.py", params)
    assert_clean(at)
    a, b = (one(gen_db, f"SELECT sum(amount_nok) FROM grant_facts WHERE {where}", [params[k]]) for k in "ab")
    ratio = fmt_number(a / b, "en", 2)
    sentences = [m.value for m in at.markdown if "times as much as" in m.value]
    assert sentences and f" {verb} {ratio} times as much as " in sentences[0]


def test_map_states_unknown_place(use_db, gen_db):
    use_db(gen_db)
    at = run("pages/views/map.py", {"map_level": "municipality"})
    assert_clean(at)
    unknown = one(gen_db, "SELECT sum(amount_nok) FROM grant_facts WHERE municipality_code IS NULL")
    assert any(fmt_money(unknown, "NOK", "en") in m.value for m in at.markdown)


@pytest.mark.parametrize("ccy", ["NOK", "SEK"])
def test_a_stated_amount_with_no_year_is_not_called_no_amount(use_db, built_db, ccy):
    """The real data holds grants that state an amount but no award year: they cannot be converted, which the
    note under the headline says apart from the grants that state no amount at all."""
    use_db(built_db)
    at = run(None, {"ccy": ccy})
    assert_clean(at)
    no_amount, unconverted = direct(
        built_db,
        f"SELECT count(*) - count(amount), count(amount) - count(amount_{ccy.lower()}) FROM grant_facts",
    )[0]
    assert no_amount and unconverted  # both cases exist in the real data
    captions = " ".join(c.value for c in at.caption)

    def verb(n: int) -> str:  # one grant "states", several "state"
        return "states" if n == 1 else "state"

    assert f"{fmt_int(no_amount, 'en')} of the grants {verb(no_amount)} no amount" in captions
    assert f"{fmt_int(unconverted, 'en')} {verb(unconverted)} an amount but no award year" in captions


def test_recipient_type_filter_speaks_the_readers_language_and_unites_sources(use_db, built_db):
    use_db(built_db)
    at = run(None, {"lang": "nb", "rtype": "university"})
    assert_clean(at)
    box = next(s for s in at.selectbox if s.label == "Mottakertype")
    assert box.value == "university" and "Universitet eller høgskole" in box.options
    assert not [o for o in box.options if o in ("UoH-sektor", "University", "Company", "Governmental")]
    n = one(
        built_db,
        "SELECT count(*) FROM grant_facts WHERE recipient_type IN ('UoH-sektor', 'University',"
        " 'University College')",
    )
    assert metric(at, "Tildelinger") == fmt_int(n, "nb")


def test_unknown_ids_in_a_link_leave_the_url_instead_of_filtering_everything_away(use_db, gen_db):
    use_db(gen_db)
    at = run(None, {"region": "NO-99", "ccy": "usd", "country": "XX", "funder": "nobody", "from": "abc"})
    assert_clean(at)
    assert not {"region", "ccy", "country", "funder", "from"} & set(at.query_params.keys())
    assert metric(at, "Grants") == fmt_int(one(gen_db, "SELECT count(*) FROM grant_facts"), "en")
    known = run(
        None, {"region": "NO-03", "funder": "nobody,vinnova"}
    )  # a known id stays, an unknown one goes
    known.run()  # AppTest shows the URL the previous run left
    assert known.query_params["region"] == "NO-03" and known.query_params["funder"] == "vinnova"


def test_methods_page_shows_the_methods_document(use_db, gen_db):
    """docs/methods.md is the long description of every method: the Data and methods page shows it."""
    use_db(gen_db)
    at = run("pages/views/methods.py", {"lang": "sv"})
    assert_clean(at)
    text = "\n".join(m.value for m in at.markdown)
    assert "## Places" in text and "organisation_seats.toml" in text
    assert any("metodbeskrivningen nedan är på engelska" in c.value for c in at.caption)


def test_country_comparisons_say_the_sources_differ(use_db, built_db):
    """Norway's money is mostly Horizon 2020 to all Norwegian organisations, Sweden's SweCRIS grants involving
    KTH: the Overview's country chart and Compare by country say so, with each country's main source share."""
    use_db(built_db)
    money = direct(
        built_db,
        "SELECT recipient_country, source_id, sum(amount_nok) FROM grant_facts"
        " WHERE recipient_country IS NOT NULL GROUP BY ALL ORDER BY 1, 3 DESC",
    )
    shares = [
        (c, s, v / sum(w for c2, _, w in money if c2 == c))
        for c, s, v in money
        if (c, s, v) == next(row for row in money if row[0] == c)  # each country's largest source
    ]
    assert {s for _, s, _ in shares} == {"nfr_h2020", "swecris_other"}
    titles = dict(direct(built_db, "SELECT source_id, title FROM sources"))
    expected = [f"{country_name(c, 'nb')}: {fmt_pct(v, 'nb')} fra «{titles[s]}»" for c, s, v in shares]
    overview = run(None, {"lang": "nb"})
    compare = run("pages/views/compare.py", {"lang": "nb", "cmp": "country", "a": "NO", "b": "SE"})
    for at in (overview, compare):
        assert_clean(at)
        notes = [c.value for c in at.caption if "Ikke direkte sammenlignbart" in c.value]
        assert notes and all(part in notes[0] for part in expected), (notes, expected)
    one_country = run(None, {"lang": "nb", "country": "NO"})
    assert not [c for c in one_country.caption if "Ikke direkte sammenlignbart" in c.value]


def test_map_unknown_place_follows_the_maps_own_country_switch(use_db, gen_db):
    """With both countries in the filters, the map's switch draws one country: its unplaced money is stated."""
    use_db(gen_db)
    at = run("pages/views/map.py", {"map_country": "SE", "lang": "sv"})
    assert_clean(at)
    sweden, both = (
        one(gen_db, f"SELECT sum(amount_nok) FROM grant_facts WHERE county_code IS NULL {extra}")
        for extra in ("AND recipient_country = 'SE'", "")
    )
    assert sweden != both
    shown = [m.value for m in at.markdown if "###" in m.value]
    assert shown and fmt_money(sweden, "NOK", "sv") in shown[0]
    assert any("saknar känt län" in c.value for c in at.caption)


@pytest.mark.parametrize("lang", ["nb", "sv", "en"])
def test_map_largest_places_in_the_readers_language(use_db, gen_db, lang):
    """The table beside the map: the ten counties with the most money, written as the headline cards write it
    ("5,8 mrd.") over cells that stay numbers, so a click on the header sorts by value, not by text."""
    use_db(gen_db)
    at = run("pages/views/map.py", {"lang": lang})
    assert_clean(at)
    element = next(d for d in at.dataframe if "NOK" in map(str, d.value.columns))
    values, text = element.value["NOK"], drawn(element)["NOK"]
    largest = direct(  # a county is a country's code: NO-03 (Oslo) is not SE-03 (Uppsala)
        gen_db,
        """SELECT r.name, CAST(sum(g.amount_nok) AS DOUBLE) FROM grant_facts AS g
           JOIN regions AS r ON r.level = 'county' AND r.country = g.recipient_country AND r.code = g.county_code
           GROUP BY ALL HAVING sum(g.amount_nok) > 0 ORDER BY 2 DESC LIMIT 10""",
    )
    assert element.value[t("place", lang)].tolist() == [name for name, _ in largest]
    assert values.dtype.kind == "f" and values.tolist() == pytest.approx([v for _, v in largest])
    assert text == [fmt_short(v, lang) for _, v in largest]
    assert not [c for c in text if "None" in c or "nan" in c.lower()]
    assert number_format(element, "NOK") is None  # a format would replace the text in the browser
    assert element.proto.placeholder == "–"  # what the browser draws for a missing number (else "None")


def test_map_largest_places_per_inhabitant_are_numbers_in_the_readers_language(use_db, gen_db):
    use_db(gen_db)
    at = run("pages/views/map.py", {"lang": "sv", "map_measure": "per_capita"})
    assert_clean(at)
    header = t("measure_per_capita", "sv")
    element = next(d for d in at.dataframe if header in map(str, d.value.columns))
    values, text = element.value[header], drawn(element)[header]
    assert values.dtype.kind == "f" and len(values) == 10
    assert text == [fmt_int(v, "sv") for v in values]
    assert element.proto.placeholder == "–"
    shown = [v for v in values if not math.isnan(v)]
    assert shown == sorted(shown, reverse=True)


# ---------------------------------------------------------------------------------------------- real browser


# ---------------------------------------------------------------------------------------------- downloads and modes
def download(at: AppTest, key: str):
    for button in at.download_button:
        if button.key == key:
            return button
    raise AssertionError(f"no download button {key!r} in {[b.key for b in at.download_button]}")


def test_grants_page_offers_the_downloads(use_db, gen_db, deferred_downloads):
    use_db(gen_db)
    at = run("pages/views/grants.py", {"country": "NO", "from": "2016"})
    assert_clean(at)
    n, total = direct(
        gen_db,
        "SELECT count(*), sum(amount_nok) FROM grant_facts WHERE recipient_country = 'NO' AND award_year >= 2016",
    )[0]
    panel = [e for e in at.expander if e.label.startswith("Download these")]
    assert panel and fmt_int(n, "en") in panel[0].label
    # the panel states the rows and the sum the file will hold
    assert any(
        fmt_int(n, "en") in m.value and fmt_money(total, "NOK", "en", compact=False) in m.value
        for m in at.markdown
    )
    grants = download(at, "dl_file")
    assert grants.label == f"Download {fmt_int(n, 'en')} grants (CSV)"
    assert grants.proto.deferred_file_id, "built only when clicked (a callable)"
    assert not grants.proto.disabled
    for key in ("dl_360_json", "dl_360_csv"):
        assert download(at, key).proto.deferred_file_id
    # another format relabels the button and names the file after the view and the date
    at.segmented_control(key="dl_fmt").set_value("xlsx").run()
    assert_clean(at)
    assert download(at, "dl_file").label.endswith("(Excel (XLSX))")
    assert download(at, "dl_file").proto.ignore_rerun, "a download does not rerun the page"
    _build, name, mime = deferred_downloads["dl_file"]
    assert name.startswith("nordic-innovation-grants_grants_") and name.endswith(".xlsx")
    assert mime.endswith("spreadsheetml.sheet")
    # an empty column choice cannot be downloaded and says why
    at.segmented_control(key="dl_fmt").set_value("csv").run()
    at.multiselect(key="dl_cols_simple_amount_nok").set_value([]).run()
    assert download(at, "dl_file").proto.disabled
    assert any("at least one column" in w.value for w in at.warning)


def test_language_switch_relabels_the_download_panel(use_db, gen_db):
    use_db(gen_db)
    at = run("pages/views/grants.py")
    n = fmt_int(one(gen_db, "SELECT count(*) FROM grant_facts"), "nb")
    at.segmented_control(key="w_lang").set_value("nb").run()
    assert_clean(at)
    assert download(at, "dl_file").label == f"Last ned {n} tildelinger (CSV)"
    assert download(at, "dl_360_json").label == "360Giving-pakke (JSON)"
    assert any(e.label.startswith("Last ned disse") for e in at.expander)
    assert at.segmented_control(key="dl_fmt").label == "Format"
    # Nordic Excel: semicolon and BOM by default in bokmål
    assert at.segmented_control(key="dl_sep_nb").value == ";"
    assert at.checkbox(key="dl_bom_nb").value is True
    at.segmented_control(key="w_lang").set_value("sv").run()
    assert_clean(at)
    assert download(at, "dl_file").label.startswith("Ladda ner ")
    assert download(at, "dl_file").label.endswith(" bidrag (CSV)")


def test_chart_pages_offer_chart_downloads_and_a_deck(use_db, gen_db, deferred_downloads):
    import io
    import zipfile

    import polars as pl

    use_db(gen_db)
    at = run(params={"country": "NO"})
    assert_clean(at)
    keys = {b.key for b in at.download_button}
    for chart in ("ov_country", "ov_year", "ov_funder", "ov_theme"):
        assert {f"{chart}_dl_csv", f"{chart}_dl_png", f"{chart}_dl_svg"} <= keys
    assert download(at, "deck").proto.deferred_file_id
    assert deferred_downloads["deck"][1].endswith(".pptx")
    assert deferred_downloads["ov_funder_dl_png"][1].endswith(
        "_overview_by-funder_" + deferred_downloads["deck"][1][-15:-5] + ".png"
    )
    # the chart's numbers: one row per funder, summing to the page's total, with a README
    build, _name, _mime = deferred_downloads["ov_funder_dl_csv"]
    archive = zipfile.ZipFile(io.BytesIO(build()))
    csv_name = next(n for n in archive.namelist() if n.endswith(".csv"))
    table = pl.read_csv(archive.read(csv_name))
    n_funders, total = direct(
        gen_db,
        "SELECT count(DISTINCT funder_id), sum(amount_nok) FROM grant_facts WHERE recipient_country = 'NO'",
    )[0]
    assert table.height == n_funders and table["funder_id"].n_unique() == n_funders
    assert table["amount_nok"].sum() == pytest.approx(total)
    readme = archive.read("README.txt").decode()
    assert "Recipient country: Norway" in readme and "Suggested citation" in readme
    at = run("pages/views/methods.py")
    assert_clean(at)
    assert deferred_downloads["dataset_zip"][1].endswith(".zip")
    assert deferred_downloads["dataset_db"][1].endswith(".duckdb")


@pytest.fixture
def nav_positions(monkeypatch):
    """The `position` each run passes to st.navigation."""
    import streamlit

    seen: list[str] = []
    original = streamlit.navigation

    def recording(pages, *, position="sidebar", **kwargs):
        seen.append(position)
        return original(pages, position=position, **kwargs)

    monkeypatch.setattr(streamlit, "navigation", recording)
    return seen


def sidebar_widgets(at: AppTest) -> list:
    return [
        w
        for w in (*at.segmented_control, *at.selectbox, *at.multiselect, *at.slider)
        if w.key.startswith("w_")
    ]


def test_presentation_mode_pages_through_the_charts(use_db, gen_db, nav_positions):
    use_db(gen_db)
    at = run(params={"present": "1", "country": "SE"})
    assert_clean(at)
    assert nav_positions[-1] == "hidden"
    assert not sidebar_widgets(at), "no filter controls in presentation mode"
    assert at.title[0].value == "Money by recipient country"
    assert any(c.value == "Chart 1 of 4" for c in at.caption)
    # no sidebar on screen: the slide itself says which grants it shows
    assert any(c.value == "Filters: Recipient country: Sweden" for c in at.caption)
    assert at.button(key="present_prev").disabled
    titles = ["Money by recipient country", "Money by award year", "Money by funder", "Money by theme"]
    for number, title in enumerate(titles[1:], start=2):
        at.button(key="present_next").click().run()
        assert_clean(at)
        assert at.title[0].value == title
        assert at.query_params["slide"] == str(number)
        assert at.query_params["country"] == "SE" and at.query_params["present"] == "1"
    assert at.button(key="present_next").disabled
    at.button(key="present_prev").click().run()
    assert at.title[0].value == titles[2] and at.query_params["slide"] == "3"
    # a link opens the presentation at its chart
    at = run(params={"present": "1", "slide": "4"})
    assert at.title[0].value == titles[3]
    # leaving it brings back the dashboard, filters and navigation
    at.button(key="present_exit").click().run()
    assert_clean(at)
    assert "present" not in at.query_params and "slide" not in at.query_params
    assert sidebar_widgets(at) and nav_positions[-1] == "top"
    assert at.title[0].value == "Nordic innovation funding"


def test_a_profile_presentation_names_its_subject_and_never_strands_the_reader(use_db, gen_db):
    use_db(gen_db)
    funder = one(gen_db, "SELECT funder_id FROM grant_facts GROUP BY 1 ORDER BY count(*) DESC LIMIT 1")
    name = one(gen_db, "SELECT short_name FROM funders WHERE funder_id = ?", [funder])
    at = run("pages/views/profiles.py", {"present": "1", "profile": "funder", "fund": funder})
    assert_clean(at)
    assert any(c.value.startswith(f"**{name}**") for c in at.caption)
    empty = run("pages/views/profiles.py", {"present": "1", "org": "no-such-organisation"})
    assert_clean(empty)
    assert empty.button(key="present_exit")  # no selector in presentation mode: the way back is there


def test_presentation_button_starts_presentation_mode(use_db, gen_db):
    use_db(gen_db)
    at = run("pages/views/trends.py", {"trend_by": "theme"})
    at.button(key="present_start").click().run()
    assert_clean(at)
    assert at.query_params["present"] == "1" and at.query_params["trend_by"] == "theme"
    assert at.title[0].value == "Money per year"
    assert not sidebar_widgets(at)
    assert not [s for s in at.segmented_control if s.key == "w_trend_by"], "page controls hidden"


def test_embed_mode_hides_navigation_and_controls(use_db, gen_db, nav_positions):
    use_db(gen_db)
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=TIMEOUT)
    at.context = {"is_embedded": True}
    at.query_params["country"] = "NO"
    at.run()
    at.switch_page("pages/views/trends.py").run()
    assert_clean(at)
    assert nav_positions and set(nav_positions) == {"hidden"}
    assert not sidebar_widgets(at) and not at.button and not at.download_button
    assert [s.value for s in at.subheader] == ["Money per year"]
    assert len(at.get("plotly_chart")) == 1
    assert any(c.value.startswith("Source: ") for c in at.caption)


def test_normal_mode_keeps_navigation(use_db, gen_db, nav_positions):
    use_db(gen_db)
    at = run()
    assert_clean(at)
    assert nav_positions[-1] == "top"
    assert sidebar_widgets(at)


def test_without_chromium_images_and_slides_are_explained_not_broken(use_db, gen_db, monkeypatch):
    from exports import images

    def missing() -> str:
        raise images.ChromiumMissing("no chromium here")

    monkeypatch.setattr(images, "chromium_path", missing)
    use_db(gen_db)
    at = run()
    assert_clean(at)
    assert download(at, "deck").proto.disabled
    assert download(at, "ov_funder_dl_png").proto.disabled and download(at, "ov_funder_dl_svg").proto.disabled
    assert not download(at, "ov_funder_dl_csv").proto.disabled, "the data still downloads"
    assert any("not available on this server" in c.value for c in at.caption)


def test_a_failing_export_is_logged_and_reported_to_streamlit(
    use_db, gen_db, deferred_downloads, monkeypatch, caplog
):
    """The callable logs what failed and re-raises: Streamlit then shows its short message under the button
    (never a traceback in the page)."""
    from exports import tables

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    use_db(gen_db)
    run("pages/views/grants.py")
    monkeypatch.setattr(tables, "to_csv_zip", broken)
    build, _name, _mime = deferred_downloads["dl_file"]
    with caplog.at_level("ERROR", logger="dashboard.downloads"), pytest.raises(RuntimeError):
        build()
    assert any("export failed: grants grants as zip" in r.getMessage() for r in caplog.records)
