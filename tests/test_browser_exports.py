"""Real browser (Playwright driving Debian chromium) against the dashboard on the real database: the downloads
arrive as files, and presentation and embed modes look as they should.

- Grants page: open the download panel, click the CSV download, receive the file; its rows are exactly the
  database's grants of the filtered view.
- Overview: one click on the slides button gives a PPTX that python-pptx opens, with a title slide stating the
  filters and the link, one slide per chart with speaker notes, and a sources slide.
"""

from __future__ import annotations

import io
import re
import zipfile

import duckdb
import polars as pl
import pytest
from browser_fixtures import app_server, browser, page, screenshot, wait_rendered  # noqa: F401
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

pytestmark = pytest.mark.browser


def db_rows(path, sql: str, params: list | None = None) -> list[tuple]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def test_grants_csv_download_holds_exactly_the_filtered_grants(app_server, page, built_db):  # noqa: F811
    page.goto(f"{app_server}/grants?country=NO&from=2015")
    wait_rendered(page)
    page.locator(".st-key-dl_panel summary").click()
    button = page.get_by_role("button", name=re.compile(r"^Download [\d,]+ grants \(CSV\)$"))
    button.wait_for(timeout=30_000)
    screenshot(page, "grants_download_panel")
    with page.expect_download(timeout=60_000) as info:
        button.click()
    download = info.value
    assert re.fullmatch(
        r"nordic-innovation-grants_grants_\d{4}-\d{2}-\d{2}\.zip", download.suggested_filename
    )
    archive = zipfile.ZipFile(io.BytesIO(download.path().read_bytes()))
    csv_name = next(n for n in archive.namelist() if n.endswith(".csv"))
    frame = pl.read_csv(archive.read(csv_name), infer_schema_length=None)

    where = "recipient_country = 'NO' AND award_year >= 2015"
    expected = {r[0] for r in db_rows(built_db, f"SELECT grant_id FROM grant_facts WHERE {where}")}
    total = db_rows(built_db, f"SELECT sum(amount_nok) FROM grant_facts WHERE {where}")[0][0]
    assert frame.height == len(expected)
    assert set(frame["grant_id"].to_list()) == expected
    assert frame["amount_nok"].sum() == pytest.approx(total)
    readme = archive.read("README.txt").decode("utf-8")
    assert "Recipient country: Norway" in readme and "Award years: 2015 and later" in readme
    assert re.search(r"Permalink:\s+http://127\.0\.0\.1:\d+/grants\?\S*country=NO", readme)
    assert f"Rows:        {len(expected)}" in readme


def test_one_click_deck_of_the_overview(app_server, page, built_db):  # noqa: F811
    page.goto(f"{app_server}/?country=SE")
    wait_rendered(page)
    with page.expect_download(timeout=180_000) as info:
        page.get_by_role("button", name="Slides of this view (PPTX)").click()
    download = info.value
    assert download.suggested_filename.endswith(".pptx")
    assert "_overview_" in download.suggested_filename
    deck = Presentation(io.BytesIO(download.path().read_bytes()))
    slides = list(deck.slides)
    assert len(slides) >= 1 + 4 + 1
    title_text = " ".join(s.text_frame.text for s in slides[0].shapes if s.has_text_frame)
    assert "Recipient country: Sweden" in title_text
    assert re.search(r"http://127\.0\.0\.1:\d+/\?country=SE", title_text)
    chart_titles = [
        next(s.text_frame.text for s in slide.shapes if s.has_text_frame) for slide in slides[1:5]
    ]
    assert chart_titles == [
        "Money by recipient country",
        "Money by award year",
        "Money by funder",
        "Money by theme",
    ]
    for slide in slides[1:5]:
        assert any(shape.shape_type == MSO_SHAPE_TYPE.PICTURE for shape in slide.shapes), (
            "a chart picture on every chart slide"
        )
        assert slide.has_notes_slide and "Total:" in slide.notes_slide.notes_text_frame.text
    swedish_total = db_rows(
        built_db, "SELECT sum(amount_nok) FROM grant_facts WHERE recipient_country = 'SE'"
    )[0][0]
    notes = slides[1].notes_slide.notes_text_frame.text
    assert f"{round(swedish_total):,}" in notes  # the key figure is the database's sum
    rest = " ".join(s.text_frame.text for slide in slides[5:] for s in slide.shapes if s.has_text_frame)
    assert rest.startswith("Sources and licences") and "Vinnova" in rest


def test_presentation_mode_in_the_browser(app_server, page):  # noqa: F811
    page.goto(f"{app_server}/?present=1&country=NO")
    wait_rendered(page)
    assert page.locator('[data-testid="stSidebar"]').count() == 0
    assert page.locator('[data-testid="stTopNavLink"]').count() == 0
    assert page.locator("h1").first.inner_text() == "Money by recipient country"
    screenshot(page, "present_1")
    page.get_by_role("button", name="Next").click()
    page.wait_for_function("() => window.location.search.includes('slide=2')", timeout=30_000)
    wait_rendered(page)
    assert page.locator("h1").first.inner_text() == "Money by award year"
    assert "country=NO" in page.url and "present=1" in page.url
    other = page.context.new_page()  # the link opens the presentation at the same chart
    other.goto(page.url)
    wait_rendered(other)
    assert other.locator("h1").first.inner_text() == "Money by award year"
    other.close()


def test_present_button_leaves_no_sidebar(app_server, page):  # noqa: F811
    """Pressing "Present" in the full dashboard: slide 1 has no sidebar, not even an empty strip of it (the
    browser kept the sidebar it had drawn until the next run; a link with present=1 never had one)."""
    page.goto(f"{app_server}/?lang=nb&country=NO")
    wait_rendered(page)
    sidebar = page.locator('[data-testid="stSidebar"]')
    assert sidebar.is_visible() and sidebar.bounding_box()["width"] > 100
    page.get_by_role("button", name="Presenter").click()
    page.wait_for_function("() => window.location.search.includes('present=1')", timeout=30_000)
    wait_rendered(page)
    assert page.locator("h1").first.inner_text() == "Penger etter mottakerland"
    screenshot(page, "present_after_button")
    assert not sidebar.is_visible()
    expand = page.locator('[data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"]')
    assert expand.filter(visible=True).count() == 0
    # the slide uses the whole width: the main area starts at the window's left edge
    assert page.locator('[data-testid="stMain"]').bounding_box()["x"] < 1
    page.get_by_role("button", name="Avslutt presentasjonen").click()
    page.wait_for_function("() => !window.location.search.includes('present=1')", timeout=30_000)
    wait_rendered(page)
    assert sidebar.is_visible()  # back in the dashboard, the filters are there again


def test_embed_mode_in_the_browser(app_server, page):  # noqa: F811
    page.goto(f"{app_server}/trends?embed=true&trend_by=country")
    wait_rendered(page)
    page.wait_for_selector(".js-plotly-plot", timeout=30_000)
    assert page.locator('[data-testid="stSidebar"]').count() == 0
    assert page.locator('[data-testid="stTopNavLink"]').count() == 0
    assert page.locator(".js-plotly-plot").count() == 1
    body = page.inner_text("body")
    assert "Source:" in body and "Open in the dashboard" in body
    screenshot(page, "embed_trends")
