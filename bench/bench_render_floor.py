"""Where a filter change spends its time in the browser: Streamlit's floor, Plotly's floor, and the Overview.

    python bench/bench_render_floor.py --rows 1000000       # the 1M synthetic database (generated if missing)
    python bench/bench_render_floor.py --db data/funding.duckdb

Three measurements in headless Chromium (the tests' flags, no GPU), each a median over several runs:

1. **Streamlit floor**: a minimal Streamlit app (a radio in the sidebar and one line of text) with the same
   server settings. Timed from the click to Streamlit's `script_finished` message plus two animation
   frames (the browser has drawn it).
2. **A page without charts**: the same click on our Data and methods page (sidebar of filters, tables).
3. **Overview**: the same click on the Overview (four charts). The difference to (2) is what the charts
   and their cards cost, in the server and the browser together.
4. **Streamlit + the four charts**: a minimal app that draws the Overview's four figures (as the app builds
   them, with click-to-filter on) and scales their values on each click: no database, no sidebar of ours, no
   cards. What Streamlit and plotly.js alone cost for this page on this machine: the floor of any
   implementation with this stack.
5. **Plotly floor**: the Overview's four figures, built by the app's own chart code from the database, drawn by
   plotly.js alone in a blank page: `Plotly.newPlot` for all four (what Streamlit 1.67 does on a filter
   change: a chart with selection events gets a new element id when its data changes, so it is mounted
   afresh) and `Plotly.react` (an update in place, what a chart that kept its identity would cost).

It also checks the remount: it marks the chart nodes before a click and counts how many survive it.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

from browser_fixtures import CHROMIUM_ARGS, running_app, streamlit_server  # noqa: E402
from playwright.sync_api import Page, sync_playwright  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402

OUTPUT = REPO / "bench" / "output"
COUNTRIES = ["Norway", "Sweden", "Both countries"]
TWO_FRAMES_JS = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(1))))"
CHARTS_DRAWN_JS = "(n) => document.querySelectorAll('.js-plotly-plot .main-svg').length >= n"


class ScriptFinished:
    """Timestamps of Streamlit's `script_finished` messages on the page's websocket."""

    def __init__(self, page: Page):
        self.times: list[float] = []
        page.on("websocket", lambda ws: ws.on("framereceived", self._received))

    def _received(self, payload: bytes | str) -> None:
        if isinstance(payload, str):
            return
        message = ForwardMsg()
        message.ParseFromString(payload)
        if message.WhichOneof("type") == "script_finished":
            self.times.append(time.perf_counter())

    def wait_after(self, page: Page, t0: float, timeout_s: float = 60) -> None:
        deadline = time.perf_counter() + timeout_s
        while not any(t > t0 for t in self.times):
            if time.perf_counter() > deadline:
                raise TimeoutError("no script_finished after the click")
            page.wait_for_timeout(2)


def click_latencies(page: Page, finished: ScriptFinished, clicks: int, charts: int) -> list[float]:
    timings = []
    for _ in range(clicks):
        radio = next_country(page)
        t0 = time.perf_counter()
        radio.evaluate(
            "e => e.click()"
        )  # a plain DOM click: no Playwright actionability checks in the timing
        finished.wait_after(page, t0)
        if charts:
            page.wait_for_function(CHARTS_DRAWN_JS, arg=charts, timeout=60_000, polling="raf")
        page.evaluate(TWO_FRAMES_JS)
        timings.append((time.perf_counter() - t0) * 1000)
        page.wait_for_timeout(300)  # let the previous rerun's late work settle
    return timings


def next_country(page: Page):
    """The first country radio in the sidebar that is not selected now (a click on it changes the filter)."""
    sidebar = page.locator('[data-testid="stSidebar"]')
    for name in COUNTRIES:
        radio = sidebar.get_by_role("radio", name=name, exact=True)
        if not radio.is_checked():
            return radio.element_handle()
    raise RuntimeError("every country radio is checked")


def surviving_charts(page: Page) -> tuple[int, int]:
    """(charts before, charts that are the same DOM node after) a filter change."""
    before = page.evaluate(
        "() => { const ps = document.querySelectorAll('.js-plotly-plot');"
        " ps.forEach(p => p.dataset.benchMark = '1'); return ps.length; }"
    )
    next_country(page).evaluate("e => e.click()")
    page.wait_for_timeout(3000)
    kept = page.evaluate("() => document.querySelectorAll('.js-plotly-plot[data-bench-mark]').length")
    return before, kept


def overview_specs(db: Path) -> list[dict]:
    """The Overview's four figures as Streamlit sends them (plotly JSON with the Streamlit template)."""
    import plotly.io as pio
    import streamlit.elements.plotly_chart  # noqa: F401 (registers Streamlit's plotly template)

    from analytics import charts, queries
    from analytics.db import Database
    from analytics.filters import Filters

    totals = queries.totals(Database(db), Filters(), ("country", "year", "funder", "theme"))
    figures = [
        charts.country_bars(totals["country"], lang="en", currency="NOK"),
        charts.year_bars(totals["year"], lang="en", currency="NOK"),
        charts.bars(charts.top_n(totals["funder"], len(charts.PALETTE), "Other"), lang="en", currency="NOK"),
        charts.bars(totals["theme"], lang="en", currency="NOK"),
    ]
    return [json.loads(pio.to_json(fig, validate=False)) for fig in figures]


PLOTLY_LOOP_JS = """async ([specs, react, runs]) => {
    const divs = specs.map(() => {
        const d = document.createElement('div'); d.style.width = '640px'; document.body.appendChild(d); return d;
    });
    const copy = (x) => JSON.parse(JSON.stringify(x));
    for (let i = 0; i < specs.length; i++) await Plotly.newPlot(divs[i], copy(specs[i].data), copy(specs[i].layout));
    const out = [];
    for (let r = 0; r < runs; r++) {
        const t0 = performance.now();
        for (let i = 0; i < specs.length; i++) {
            const data = copy(specs[i].data);
            data.forEach(t => { if (Array.isArray(t.y)) t.y = t.y.map(v => v * (1 + (r % 5) / 10)); });
            if (react) await Plotly.react(divs[i], data, copy(specs[i].layout));
            else { Plotly.purge(divs[i]); await Plotly.newPlot(divs[i], data, copy(specs[i].layout)); }
        }
        await new Promise(res => requestAnimationFrame(() => requestAnimationFrame(res)));
        out.push(performance.now() - t0);
    }
    divs.forEach(d => { Plotly.purge(d); d.remove(); });
    return out;
}"""


def plotly_floor(browser, specs: list[dict], runs: int) -> dict[str, list[float]]:
    import plotly

    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.set_content("<html><body></body></html>")
    page.add_script_tag(path=str(Path(plotly.__file__).parent / "package_data" / "plotly.min.js"))
    out = {
        "newPlot": page.evaluate(PLOTLY_LOOP_JS, [specs, False, runs]),
        "react": page.evaluate(PLOTLY_LOOP_JS, [specs, True, runs]),
    }
    page.close()
    return out


MINIMAL_APP = f"""
import streamlit as st
country = st.sidebar.radio("Country", {COUNTRIES!r})
st.write(country)
"""

# The same click redraws the Overview's four figures (specs.json), their values scaled per country so each
# click changes the data, as a filter does; selection events on, as on the Overview.
CHARTS_APP = (
    MINIMAL_APP
    + """
import json
import plotly.graph_objects as go
SCALE = {"Norway": 1.0, "Sweden": 0.7, "Both countries": 1.3}[country]
for i, spec in enumerate(json.load(open("specs.json"))):
    for trace in spec["data"]:
        axis = "x" if trace.get("orientation") == "h" else "y"
        trace[axis] = [v * SCALE for v in trace[axis]]
    st.plotly_chart(go.Figure(spec), key=f"chart{i}", on_select="rerun", selection_mode="points")
"""
)


@contextlib.contextmanager
def minimal_app(tmp: Path, source: str = MINIMAL_APP, specs: list[dict] | None = None) -> Iterator[str]:
    """The smallest Streamlit app with the same click, served with the dashboard's settings."""
    tmp.mkdir(exist_ok=True)
    (tmp / ".streamlit").mkdir()
    shutil.copy(REPO / ".streamlit" / "config.toml", tmp / ".streamlit" / "config.toml")
    (tmp / "app.py").write_text(source)
    if specs is not None:
        (tmp / "specs.json").write_text(json.dumps(specs))
    with streamlit_server(["streamlit", "run", "app.py"], cwd=tmp, log_path=tmp / "minimal.log") as url:
        yield url


def clicks_on(browser, url: str, clicks: int, charts: int, result: dict, name: str) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    finished = ScriptFinished(page)
    page.goto(url)
    page.get_by_role("radio", name="Norway", exact=True).wait_for(timeout=120_000)
    if charts:
        page.wait_for_function(CHARTS_DRAWN_JS, arg=charts, timeout=120_000)
    page.wait_for_timeout(1500)
    click_latencies(page, finished, 3, charts)  # warm: every filter value cached once
    result[name] = click_latencies(page, finished, clicks, charts)
    if charts:
        result["charts_before"], result["charts_kept"] = surviving_charts(page)
    page.close()


def measure(db: Path, clicks: int) -> dict:
    result: dict = {"db": db.name}
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
        specs = overview_specs(db)
        with minimal_app(Path(tmp) / "minimal") as url:
            clicks_on(browser, url, clicks, 0, result, "minimal")
        with minimal_app(Path(tmp) / "charts", CHARTS_APP, specs) as url:
            clicks_on(browser, url, clicks, 4, result, "minimal_charts")
        with running_app(db, Path(tmp) / "server.log") as url:
            clicks_on(browser, url + "/methods", clicks, 0, result, "methods")
            clicks_on(browser, url + "/", clicks, 4, result, "overview")
        result["plotly"] = plotly_floor(browser, specs, runs=clicks)
        browser.close()
    return result


def summary(result: dict) -> list[tuple[str, float, float]]:
    def p(values: list[float], q: float) -> float:
        ordered = sorted(values)
        return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]

    rows = [
        ("Streamlit floor: the same click in a minimal Streamlit app", result["minimal"]),
        ("Streamlit + the Overview's 4 figures, nothing else", result["minimal_charts"]),
        ("Data and methods: a page of ours without charts", result["methods"]),
        ("Overview: the same filter change, four charts", result["overview"]),
        ("plotly.js alone: Plotly.newPlot x4 (what a remount costs)", result["plotly"]["newPlot"]),
        ("plotly.js alone: Plotly.react x4 (an update in place)", result["plotly"]["react"]),
    ]
    return [(label, statistics.median(v), p(v, 0.95)) for label, v in rows]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", type=Path)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--clicks", type=int, default=15)
    args = parser.parse_args()
    db = args.db or OUTPUT / f"grants_{args.rows}.duckdb"
    if not db.exists():
        cmd = [sys.executable, str(REPO / "bench/generate.py"), "--rows", str(args.rows), "--out", str(db)]
        subprocess.run(cmd, check=True)
    result = measure(db, args.clicks)
    OUTPUT.mkdir(parents=True, exist_ok=True)
    (OUTPUT / f"render_floor_{db.stem}.json").write_text(json.dumps(result, indent=1))
    print(f"{db.name}, ms from the click (or the draw call) to drawn, {args.clicks} runs each")
    print(f"{'':62} {'p50':>7} {'p95':>7}")
    for label, p50, p95 in summary(result):
        print(f"{label:62} {p50:7.0f} {p95:7.0f}")
    print(
        f"charts that kept their DOM node through a filter change: "
        f"{result['charts_kept']} of {result['charts_before']}"
    )


if __name__ == "__main__":
    main()
