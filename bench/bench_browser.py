"""Filter change to updated chart, measured in a real browser (Playwright driving Debian chromium).

    python bench/bench_browser.py --db data/funding.duckdb                 # the real data
    python bench/bench_browser.py --rows 1000000                           # generate 1M synthetic grants first
    python bench/bench_browser.py --db /tmp/grants_10m.duckdb --iterations 40

Each iteration clicks a different filter in the sidebar (country, then a year range through the URL) on the
Overview and measures from the click until Streamlit is idle again and the headline figures have changed
(the charts are drawn in the same pass). Also measures cold start (server start to first chart). Prints p50/p95
in milliseconds; targets: p50 <= 150 ms at 1M grants, <= 250 ms at 10M.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

from browser_fixtures import CHROMIUM_ARGS, running_app  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

IDLE_JS = """() => {
    const status = document.querySelector('[data-testid="stStatusWidget"]');
    const running = status && /stop|running/i.test(status.innerText);
    return !running && !document.querySelector('[data-testid="stSkeleton"]')
        && document.querySelectorAll('.js-plotly-plot').length > 0;
}"""
FIGURES_JS = (
    "() => [...document.querySelectorAll('[data-testid=stMetricValue]')].map(e => e.innerText).join('|')"
)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p * (len(ordered) - 1)))]


def measure(db: Path, iterations: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        started = time.perf_counter()
        with running_app(db, Path(tmp) / "server.log") as url:
            browser = pw.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(url)
            page.wait_for_function(IDLE_JS, timeout=120_000)
            cold_start = (time.perf_counter() - started) * 1000
            sidebar = page.locator('[data-testid="stSidebar"]')
            choices = ["Norway", "Sweden", "Both countries"]
            timings = []
            for i in range(iterations):
                before = page.evaluate(FIGURES_JS)
                t0 = time.perf_counter()
                sidebar.get_by_role("radio", name=choices[i % len(choices)], exact=True).click()
                page.wait_for_function(
                    f"(b) => ({FIGURES_JS})() !== b && ({IDLE_JS})()", arg=before, timeout=60_000
                )
                timings.append((time.perf_counter() - t0) * 1000)
            browser.close()
    return {
        "cold_start_ms": cold_start,
        "p50_ms": statistics.median(timings),
        "p95_ms": percentile(timings, 0.95),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", type=Path)
    parser.add_argument("--rows", type=int)
    parser.add_argument("--iterations", type=int, default=30)
    args = parser.parse_args()
    db = args.db
    if db is None:
        import subprocess

        db = REPO / "bench" / "output" / f"grants_{args.rows}.duckdb"
        if not db.exists():
            cmd = [
                sys.executable,
                str(REPO / "bench/generate.py"),
                "--rows",
                str(args.rows),
                "--out",
                str(db),
            ]
            subprocess.run(cmd, check=True)
    result = measure(db, args.iterations)
    print(
        f"{db.name}: cold start {result['cold_start_ms']:.0f} ms; filter change to updated chart "
        f"p50 {result['p50_ms']:.0f} ms, p95 {result['p95_ms']:.0f} ms ({args.iterations} clicks)"
    )


if __name__ == "__main__":
    main()
