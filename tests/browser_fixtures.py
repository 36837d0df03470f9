"""A real Streamlit server on loopback and a headless Debian Chromium driven by Playwright."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from etl.config import REPO_ROOT

SCREENSHOT_DIR = REPO_ROOT / "test-output" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_healthy(url: str, proc: subprocess.Popen, timeout_s: float = 60) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:
                if resp.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"streamlit did not answer at {url} within {timeout_s} s")


@contextlib.contextmanager
def streamlit_server(
    module_args: list[str], *, cwd: Path, log_path: Path, env: dict | None = None
) -> Iterator[str]:
    """`python -m <module_args>` with Streamlit's server flags on a free loopback port; yields its base URL
    once healthy, and stops it afterwards."""
    port = _free_port()
    env = os.environ | {"STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"} | (env or {})
    with log_path.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", *module_args, "--server.headless", "true",
             "--server.port", str(port), "--server.address", "127.0.0.1"],
            cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, proc)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@contextlib.contextmanager
def running_app(db_path: Path, log_path: Path) -> Iterator[str]:
    """A fresh Streamlit server of the dashboard over `db_path` on a free loopback port; yields its base URL."""
    with streamlit_server(
        ["ui.serve"], cwd=REPO_ROOT, log_path=log_path, env={"FUNDING_DB": str(db_path)}
    ) as url:
        yield url


@pytest.fixture(scope="session")
def app_server(built_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The dashboard served from the real database; yields its base URL."""
    with running_app(built_db, tmp_path_factory.mktemp("server") / "streamlit.log") as url:
        yield url


_SHARED: dict = {}  # the one Playwright and Chromium of the session, and how many fixtures hold it


@pytest.fixture(scope="session")
def browser():
    """One Chromium for the session. Every test module that imports this fixture gets its own copy of it (to
    pytest, a fixture per module), and a second `sync_playwright()` while one runs is refused ("Sync API
    inside the asyncio loop"): so the copies share one Playwright, closed when the last copy is done."""
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.fail("Debian chromium is not installed: run bin/setup --dev (apt-get install chromium)")
    if not _SHARED:
        from playwright.sync_api import sync_playwright

        pw = sync_playwright().start()
        launched = pw.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
        _SHARED.update(pw=pw, browser=launched, users=0)
    _SHARED["users"] += 1
    try:
        yield _SHARED["browser"]
    finally:
        _SHARED["users"] -= 1
        if _SHARED["users"] == 0:
            _SHARED["browser"].close()
            _SHARED["pw"].stop()
            _SHARED.clear()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    yield page
    context.close()


_IDLE_JS = """() => {
    const status = document.querySelector('[data-testid="stStatusWidget"]');
    const running = status && /stop|running/i.test(status.innerText);
    const app = document.querySelector('[data-testid="stAppViewContainer"]');
    // something drawn by the script: before the first run, an empty app container also looks idle
    const drawn = document.querySelector('[data-testid="stMainBlockContainer"] [data-testid="stElementContainer"]');
    return app && drawn && !running && !document.querySelector('[data-testid="stSkeleton"]')
        && !document.querySelector('[data-stale="true"]');
}"""


def wait_rendered(page, timeout_ms: int = 60_000, settle_ms: int = 800) -> None:
    """Streamlit has finished: idle (no run, no skeletons, nothing stale) and still idle `settle_ms` later.

    A page often runs twice (the URL state is written back, then the script reruns), with a moment of idleness
    in between; waiting for the idle state to hold avoids reading the first, half-drawn run.
    """
    deadline = time.monotonic() + timeout_ms / 1000
    while True:
        page.wait_for_function(_IDLE_JS, timeout=max(1, int((deadline - time.monotonic()) * 1000)))
        page.wait_for_timeout(settle_ms)
        if page.evaluate(_IDLE_JS):
            return
        if time.monotonic() > deadline:
            raise TimeoutError("the page did not settle")


def screenshot(page, name: str) -> Path:
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOT_DIR / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
