"""Charts in a real browser: margins computed from the labels (analytics/margins.py) must fit what plotly draws.

The dashboard turns plotly's automargin off so a chart is drawn once per filter change instead of twice; the
price is that a margin estimated too small would cut a label off. These tests open the chart pages in three
languages and check every tick label, axis title and legend entry lies inside its chart.
"""

from __future__ import annotations

import pytest
from browser_fixtures import app_server, browser, page, wait_rendered  # noqa: F401

from analytics.margins import text_width

pytestmark = pytest.mark.browser

# For every drawn chart: its text outside the chart's box, and whether its axes still use automargin.
CHARTS_JS = """() => [...document.querySelectorAll('.js-plotly-plot')].map(gd => {
    const box = gd.getBoundingClientRect();
    const outside = [...gd.querySelectorAll(
        '.xtick text, .ytick text, .g-xtitle text, .g-ytitle text, .legendtext')]
        .filter(e => {
            const r = e.getBoundingClientRect();
            return r.width > 0 && (r.left < box.left - 0.5 || r.right > box.right + 0.5
                || r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5);
        })
        .map(e => e.textContent);
    const fl = gd._fullLayout || {};
    const cartesian = Boolean(fl.xaxis && fl.yaxis && !fl.map);
    const widest = Math.max(0, ...[...gd.querySelectorAll('.ytick text')].map(e => e.getBBox().width));
    return {outside, cartesian, automargin: cartesian && Boolean(fl.xaxis.automargin || fl.yaxis.automargin),
            left: fl._size ? fl._size.l : null, widest};
})"""

VIEWS = [
    "/?lang=en",
    "/?lang=nb&country=SE",
    "/trends?lang=sv",
    "/trends?lang=nb&trend_view=growth&trend_by=theme",
    "/trends?lang=en&trend_view=share&trend_by=country",
    "/compare?lang=nb&cmp=funder",
    "/compare?lang=en&cmp=theme",
]


@pytest.mark.parametrize("view", VIEWS)
def test_chart_labels_fit_inside_margins_computed_without_automargin(app_server, page, view):  # noqa: F811
    page.goto(app_server + view)
    wait_rendered(page)
    page.wait_for_function("() => document.querySelectorAll('.js-plotly-plot .main-svg').length > 0")
    charts = page.evaluate(CHARTS_JS)
    cartesian = [c for c in charts if c["cartesian"]]
    assert cartesian, f"no bar or line chart drawn on {view}"
    for chart in cartesian:
        assert chart["outside"] == [], f"labels cut off on {view}: {chart['outside']}"
        # drawn once: the margins were set from the labels, not measured by a second plotly pass
        assert chart["automargin"] is False
        # and not wastefully wide: at most ~60 px beyond the widest tick label
        assert chart["left"] <= chart["widest"] + 80, chart


def test_estimated_label_widths_are_never_narrower_than_drawn():
    """The glyph table was measured in Chromium; widths drawn there (Source Sans, 14 px, SVG bounding boxes):
    "Statens energimyndighet" 147 px, "Riksbankens Jubileumsfond" 164 px, "Sweden" 47 px, "Sverige" 43 px."""
    drawn = {"Statens energimyndighet": 147, "Riksbankens Jubileumsfond": 164, "Sweden": 47, "Sverige": 43}
    for text, px in drawn.items():
        estimate = text_width(text, 14)
        assert px - 1 <= estimate <= px * 1.12, (text, estimate, px)
