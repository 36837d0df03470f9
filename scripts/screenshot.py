"""Screenshots of dashboard pages in headless Debian Chromium (for the README and for looking at changes).

.venv/bin/python scripts/screenshot.py http://localhost:8501 overview map "grants?country=NO" --out test-output
"""

from __future__ import annotations

import argparse
import re
import shutil
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]


def wait_until_rendered(page, timeout_ms: int = 60_000, settle_ms: int = 800) -> None:
    """Idle (no run, no skeletons) and still idle `settle_ms` later: a page often runs twice."""
    idle = """() => {
        const status = document.querySelector('[data-testid="stStatusWidget"]');
        const running = status && /stop|running/i.test(status.innerText);
        return document.querySelector('[data-testid="stAppViewContainer"]') && !running
            && !document.querySelector('[data-testid="stSkeleton"]');
    }"""
    page.wait_for_timeout(300)
    for _ in range(max(1, timeout_ms // settle_ms)):
        page.wait_for_function(idle, timeout=timeout_ms)
        page.wait_for_timeout(settle_ms)
        if page.evaluate(idle):
            return


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("base_url")
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--out", default="test-output/screenshots")
    parser.add_argument("--width", type=int, default=1400)
    parser.add_argument("--height", type=int, default=1000)
    parser.add_argument("--full-page", action="store_true")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": args.width, "height": args.height})
        for path in args.paths:
            page.goto(f"{args.base_url.rstrip('/')}/{path.lstrip('/')}")
            wait_until_rendered(page)
            name = re.sub(r"[^A-Za-z0-9]+", "_", path).strip("_") or "home"
            page.screenshot(path=str(out / f"{name}.png"), full_page=args.full_page)
            print(out / f"{name}.png")
        browser.close()


if __name__ == "__main__":
    main()
