"""Real browser (Playwright driving Debian chromium) against the dashboard on the real database.

What only a browser shows: deep links on a fresh server, every page rendering, a filter changing the URL and the
figures, and a reload of that URL giving the same view. Screenshots land in test-output/screenshots/.
"""

from __future__ import annotations

import re

import duckdb
import pytest
from browser_fixtures import (  # noqa: F401
    app_server,
    browser,
    page,
    running_app,
    screenshot,
    wait_rendered,
)
from dashboard_fixtures import _gen_db, one  # noqa: F401

from analytics.i18n import fmt_int

pytestmark = pytest.mark.browser

# The overview is the default page: its address is the site root.
PAGES = ["", "trends", "map", "grants", "profiles", "compare", "methods"]


def metric_values(tab) -> list[str]:
    return [m.inner_text() for m in tab.locator('[data-testid="stMetricValue"]').all()]


def assert_no_error_shown(tab) -> None:
    assert tab.locator('[data-testid="stException"]').count() == 0
    assert "Traceback" not in tab.inner_text("body")


def test_deep_link_on_a_fresh_server_gets_the_full_app(built_db, browser, tmp_path):  # noqa: F811
    """The first request a new server sees is a shared link to a page: navigation and layout must be there."""
    with running_app(built_db, tmp_path / "server.log") as url:
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        tab = context.new_page()
        tab.goto(f"{url}/map?country=NO")
        wait_rendered(tab)
        layout = tab.get_attribute('[data-testid="stAppViewContainer"]', "data-layout")
        assert layout == "wide"
        assert tab.title() == "Nordic innovation funding"
        assert tab.locator('[data-testid="stTopNavLink"]').count() == len(PAGES)
        # the map itself, and no spurious "Page not found" dialog over it (streamlit issue 9624; ui/serve.py)
        tab.locator(".js-plotly-plot").first.wait_for(timeout=60_000)
        assert tab.get_by_text("Page not found").count() == 0
        assert tab.locator('[role="dialog"]').count() == 0
        assert_no_error_shown(tab)
        context.close()


def test_click_on_a_bar_filters_and_the_link_keeps_the_view(gen_db, browser, tmp_path):  # noqa: F811
    """A click on a funder bar narrows the filters; the address bar then reproduces the view on another page."""
    with running_app(gen_db, tmp_path / "server.log") as url:
        context = browser.new_context(viewport={"width": 1400, "height": 1400})
        tab = context.new_page()
        tab.goto(f"{url}/?lang=sv&country=SE")
        bars = tab.locator(".st-key-ov_funder .js-plotly-plot .bars .point path")
        bars.first.wait_for(timeout=60_000)
        bars.nth(bars.count() - 1).click(force=True)  # the largest funder (top bar)
        tab.wait_for_function("() => window.location.search.includes('funder=')", timeout=30_000)
        link = tab.evaluate("window.location.href")
        assert "lang=sv" in link and "country=SE" in link
        funder = link.split("funder=")[1].split("&")[0]
        n = one(
            gen_db,
            "SELECT count(*) FROM grant_facts WHERE recipient_country = 'SE' AND funder_id = ?",
            [funder],
        )
        shown = fmt_int(n, "sv").replace("\xa0", "")
        tab.wait_for_function(
            "(n) => Array.from(document.querySelectorAll('[data-testid=stMetricValue]'))"
            ".some(e => e.textContent.replace(/\\s/g, '') === n)",
            arg=shown,
            timeout=30_000,
        )
        other = context.new_page()
        other.goto(link.replace("/?", "/grants?"))
        other.wait_for_function(
            "(n) => document.body.innerText.replace(/\\s/g, '').includes(n)", arg=shown, timeout=60_000
        )
        context.close()


@pytest.mark.parametrize("name", PAGES)
def test_every_page_opens_without_error(app_server, page, name):  # noqa: F811
    page.goto(f"{app_server}/{name}")
    wait_rendered(page)
    assert_no_error_shown(page)
    assert page.locator('[data-testid="stTopNavLink"]').count() == len(PAGES)
    screenshot(page, f"page_{name or 'overview'}")


def test_overview_by_name_is_the_overview_with_its_filters(app_server, page):  # noqa: F811
    """The default page lives at /, but a typed or shared /overview?... link opens it, filters and language kept."""
    page.goto(f"{app_server}/overview?lang=nb&country=NO")
    page.wait_for_function("() => window.location.pathname === '/'", timeout=30_000)
    wait_rendered(page)
    assert_no_error_shown(page)
    assert page.get_by_text("Page not found").count() == 0
    assert "lang=nb" in page.url and "country=NO" in page.url
    assert page.get_by_role("heading", name="Nordisk innovasjonsfinansiering").count() == 1


def test_filter_changes_url_and_figures_and_a_reload_reproduces_them(app_server, page, built_db):  # noqa: F811
    page.goto(f"{app_server}/")
    wait_rendered(page)
    before = metric_values(page)
    page.locator('[data-testid="stSidebar"]').get_by_role("radio", name="Norway", exact=True).click()
    page.wait_for_function("() => window.location.search.includes('country=NO')", timeout=30_000)
    wait_rendered(page)
    after = metric_values(page)
    assert after != before

    # The grant count shown equals the database's count of Norwegian grants.
    con = duckdb.connect(str(built_db), read_only=True)
    expected = con.execute("SELECT count(*) FROM grant_facts WHERE recipient_country = 'NO'").fetchone()[0]
    con.close()
    shown = [int(re.sub(r"\D", "", v)) for v in after if re.fullmatch(r"[\d\s,.\u00a0\u202f]+", v)]
    assert expected in shown
    screenshot(page, "overview_norway")

    link = page.url
    other = page.context.new_page()
    other.goto(link)
    wait_rendered(other)
    assert metric_values(other) == after
    assert "country=NO" in other.url


def test_language_switch_relabels_and_stays_in_the_url(app_server, page):  # noqa: F811
    page.goto(f"{app_server}/?lang=sv")
    wait_rendered(page)
    body = page.inner_text('[data-testid="stSidebar"]')
    assert "Sverige" in body and "Sweden" not in body
    page.get_by_role("link", name=re.compile("Karta")).first.click()
    wait_rendered(page)
    assert "lang=sv" in page.url


# the grid draws on a canvas; its accessible table (hidden) holds the cells' values, header row first (a sorted
# column's header starts with its arrow: "↑ Beløp (NOK)")
_GRID_COLUMN = """(header) => {
    const rows = [...document.querySelectorAll('[data-testid="stDataFrame"] table tr')];
    const at = [...rows[0].querySelectorAll('th, td')]
        .map(c => c.innerText.replace(/^[↑↓]/, '').trim()).indexOf(header);
    return rows.slice(1).map(r => r.querySelectorAll('th, td')[at]?.innerText.trim() ?? null);
}"""


def test_norwegian_grants_in_an_english_browser_sort_by_amount_as_numbers(app_server, browser):  # noqa: F811
    """The amounts are written in bokmål whatever the browser's locale (the text itself is checked under
    AppTest, tests/test_pages_grants_profiles.py), and a click on the amount's header sorts by the number, not
    the text ("12 000 000" after "2 000 000")."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-US")
    tab = context.new_page()
    tab.goto(f"{app_server}/grants?lang=nb&country=NO&sort=year")  # by year: the amounts are in no order
    wait_rendered(tab)
    tab.locator('[data-testid="stDataFrame"]').first.wait_for(timeout=30_000)

    def amounts() -> list[int]:
        return [int(v) for v in tab.evaluate(_GRID_COLUMN, "Beløp (NOK)") if v]

    before = amounts()
    assert len(before) >= 20 and before != sorted(before)
    assert sorted(before) != sorted(before, key=str), "the page must tell a numeric sort from a text sort"
    grid = tab.locator('[data-testid="stDataFrame"]').first.bounding_box()
    # the header row: row selection boxes (~33 px), the year ("small", 75 px), then the amount
    tab.mouse.click(grid["x"] + 33 + 75 + 30, grid["y"] + 18)
    tab.wait_for_function(
        f"() => ({_GRID_COLUMN})('Beløp (NOK)').filter(Boolean).join() === '{','.join(map(str, sorted(before)))}'",
        timeout=10_000,
    )
    assert amounts() == sorted(before)
    assert "↑ Beløp (NOK)" in tab.locator('[data-testid="stDataFrame"] table th').all_inner_texts()
    screenshot(tab, "grants_nb_in_english_browser_sorted_by_amount")
    assert_no_error_shown(tab)
    context.close()
