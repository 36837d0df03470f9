"""Every page under AppTest: generated DB, empty DB, missing DB; filters change the numbers (checked against
direct SQL); a URL reproduces the view; the language switch relabels; hostile URLs are harmless."""

from __future__ import annotations

import pytest
from dashboard_fixtures import REPO, _empty_db, _gen_db, _use_db, direct, one  # noqa: F401 (fixtures)
from streamlit.testing.v1 import AppTest

from analytics.i18n import fmt_int, fmt_money

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
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=TIMEOUT)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.run()
    if page and page != PAGES[0]:
        at.switch_page(page).run()
    return at


def metric(at: AppTest, label: str) -> str:
    for m in at.metric:
        if m.label == label:
            return m.value
    raise AssertionError(f"no metric {label!r} in {[m.label for m in at.metric]}")


def assert_clean(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


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
    assert any(title in s.value for s in at.subheader)
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


def test_map_states_unknown_place(use_db, gen_db):
    use_db(gen_db)
    at = run("pages/views/map.py", {"map_level": "municipality"})
    assert_clean(at)
    unknown = one(gen_db, "SELECT sum(amount_nok) FROM grant_facts WHERE municipality_code IS NULL")
    assert any(fmt_money(unknown, "NOK", "en") in m.value for m in at.markdown)


# ---------------------------------------------------------------------------------------------- real browser
