"""Real browser (Playwright driving Debian chromium) against the dashboard on the real database.

What only a browser shows: deep links on a fresh server, every page rendering, a filter changing the URL and the
figures, and a reload of that URL giving the same view. Screenshots land in test-output/screenshots/.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

import duckdb
import pytest
from browser_fixtures import (  # noqa: F401
    _free_port,
    _wait_healthy,
    app_server,
    browser,
    page,
    screenshot,
    wait_rendered,
)

from etl.config import REPO_ROOT

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
    port = _free_port()
    env = os.environ | {"FUNDING_DB": str(built_db)}
    with (tmp_path / "server.log").open("w") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.headless", "true",
             "--server.port", str(port), "--server.address", "127.0.0.1"],
            cwd=REPO_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        url = f"http://127.0.0.1:{port}"
        _wait_healthy(url, proc)
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        tab = context.new_page()
        tab.goto(f"{url}/map?country=NO")
        wait_rendered(tab)
        layout = tab.get_attribute('[data-testid="stAppViewContainer"]', "data-layout")
        assert layout == "wide"
        assert tab.title() == "Nordic innovation funding"
        assert tab.locator('[data-testid="stTopNavLink"]').count() == len(PAGES)
        context.close()
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.mark.parametrize("name", PAGES)
def test_every_page_opens_without_error(app_server, page, name):  # noqa: F811
    page.goto(f"{app_server}/{name}")
    wait_rendered(page)
    assert_no_error_shown(page)
    assert page.locator('[data-testid="stTopNavLink"]').count() == len(PAGES)
    screenshot(page, f"page_{name or 'overview'}")


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
