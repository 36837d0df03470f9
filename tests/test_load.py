"""Load: many concurrent visitors on the real app server, changing filters, for a bounded time.

Each visitor is a websocket client that speaks Streamlit's own protocol (the protobuf messages the browser
sends): it opens a view the way a shared link does (a new session with the filters in the query string, on a
page), then browses one or two other pages in the same session, and starts over with other filters, looking
at each view for 2-8 s as a reader does. The time from the request to the end of the script run is the latency
of a view. A real browser tab also opens pages while the load runs and must show no error.

Short (always on): 10 visitors for 30 s. `--long`: 50 visitors for 5 minutes. The run stops by itself.
Asserted: no exception element, no error message and no page-not-found on any view, no error or traceback in
the server log, memory growth bounded, and secrets set in the server's environment never in its log or in any
message sent to a client. Printed: views, throughput, p50/p95/max latency, server RSS.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import random
import re
import statistics
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pytest
import websockets
from browser_fixtures import browser, running_app, wait_rendered  # noqa: F401
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

# url path of each page ("" is the default page, the overview)
PAGES = ["", "trends", "map", "grants", "profiles", "compare", "methods"]
VIEW_TIMEOUT_S = 120
THINK_S = (2.0, 8.0)  # a visitor looks at a view for 2-8 s before changing the filters or the page
MAX_RSS_GROWTH_MB = 500
CANARY = "canary-secret-9f4c2e7a1b"  # set as secrets in the server's environment; must never come out


# ---------------------------------------------------------------------------------------- the client
@dataclass
class View:
    """What one script run sent to the client."""

    page: str
    query: str
    seconds: float = 0.0
    metrics: list[tuple[str, str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # exception elements, error alerts, page not found
    texts: list[str] = field(default_factory=list)  # markdown, headings, alerts, captions
    page_hash: str = ""  # the page the server ran
    page_hashes: dict[str, str] = field(default_factory=dict)  # url path -> page script hash
    raw: list[bytes] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _collect(view: View, msg: ForwardMsg) -> str | None:
    kind = msg.WhichOneof("type")
    if kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
        element = msg.delta.new_element
        etype = element.WhichOneof("type")
        if etype == "exception":
            view.errors.append(f"exception {element.exception.type}: {element.exception.message[:300]}")
        elif etype == "alert":
            view.texts.append(element.alert.body)
            if element.alert.format == element.alert.ERROR:
                view.errors.append(f"error message: {element.alert.body[:300]}")
        elif etype == "metric":
            view.metrics.append((element.metric.label, element.metric.body))
        elif etype in ("markdown", "heading"):
            view.texts.append(getattr(element, etype).body)
    elif kind == "page_not_found":
        view.errors.append(f"page not found: {view.page!r}")
    elif kind == "navigation":
        view.page_hash = msg.navigation.page_script_hash
        for p in msg.navigation.app_pages:
            view.page_hashes["" if p.is_default else p.url_pathname] = p.page_script_hash
    return kind


async def _run_view(ws, page: str, query: str, keep_raw: bool) -> View:
    view = View(page=page, query=query)
    msg = BackMsg()
    msg.rerun_script.query_string = query
    msg.rerun_script.page_name = page
    started = time.monotonic()
    await ws.send(msg.SerializeToString())
    while True:
        data = await ws.recv()
        if keep_raw:
            view.raw.append(data)
        fwd = ForwardMsg()
        fwd.ParseFromString(data)
        if _collect(view, fwd) == "script_finished":
            status = fwd.script_finished
            if status == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                continue  # the app asked for a rerun: the view is ready when that one finishes
            if status == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                view.errors.append("script compile error")
            break
    view.seconds = time.monotonic() - started
    if view.page_hashes and view.page_hash != view.page_hashes.get(page):
        view.errors.append(f"asked for page {page!r}, the server ran another one")
    return view


@contextlib.asynccontextmanager
async def session(base_url: str):
    """One browser-tab-like session: a websocket to /_stcore/stream."""
    ws_url = base_url.replace("http://", "ws://") + "/_stcore/stream"
    # like a browser: answers the server's pings, sends none of its own (a busy test process would otherwise
    # drop its own connections on a late pong)
    async with websockets.connect(
        ws_url,
        subprotocols=["streamlit"],
        origin=base_url,
        max_size=None,
        open_timeout=60,
        ping_interval=None,
    ) as ws:
        yield ws


async def open_views(
    base_url: str,
    query: str,
    pages: list[str],
    *,
    keep_raw: bool = False,
    timeout_s: float = VIEW_TIMEOUT_S,
    think=None,
    deadline: float = float("inf"),
) -> list[View]:
    """Open `pages` one after the other in one new session whose URL carries `query`; `think()` gives the
    seconds a visitor looks at a view before opening the next."""
    views = []
    async with session(base_url) as ws:
        for i, page in enumerate(pages):
            if think is not None and i:
                await asyncio.sleep(think())
            if time.monotonic() > deadline:
                break
            try:
                views.append(await asyncio.wait_for(_run_view(ws, page, query, keep_raw), timeout_s))
            except TimeoutError:
                views.append(View(page=page, query=query, seconds=timeout_s, errors=["timed out"]))
                break
    return views


def run_async(make_coro):
    """Run a coroutine to its end on a thread of its own (Playwright's sync API owns this thread's loop)."""
    outcome: dict[str, object] = {}

    def target() -> None:
        try:
            outcome["value"] = asyncio.run(make_coro())
        except BaseException as exc:  # handed to the calling thread
            outcome["error"] = exc

    worker = threading.Thread(target=target, daemon=True)
    worker.start()
    worker.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def fetch_views(base_url: str, query: str, pages: list[str], **kwargs) -> list[View]:
    """Synchronous `open_views` (for tests that are not async)."""
    return run_async(lambda: open_views(base_url, query, pages, **kwargs))


# ---------------------------------------------------------------------------------------- the server
def server_pid(base_url: str) -> int:
    """The pid of the streamlit child of this process serving `base_url` (running_app yields only the URL)."""
    port = base_url.rsplit(":", 1)[1]
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == os.getpid() and b"streamlit" in b" ".join(cmdline) and port.encode() in cmdline:
            return int(entry.name)
    raise RuntimeError(f"no streamlit server child serving {base_url}")


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for {pid}")


# Streamlit's file watcher (watchdog) may log an ERROR when a session's watcher stops while inotify still
# reports: noise of the server, not of the app.
_LOG_NOISE = ("watchdog.observers",)


def server_log_problems(log_path: Path) -> list[str]:
    """Lines of the server log that show an error or a traceback."""
    text = log_path.read_text(errors="replace")
    return [
        line
        for line in text.splitlines()
        if re.search(r"Traceback|\bERROR\b|\bCRITICAL\b", line) and not any(n in line for n in _LOG_NOISE)
    ]


# ---------------------------------------------------------------------------------------- the load
def filter_choices(db_path: Path) -> dict[str, list[str]]:
    """Valid filter values taken from the database (what a visitor can pick)."""
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        funders = [r[0] for r in con.execute("SELECT DISTINCT funder_id FROM grant_facts").fetchall()]
        themes = [r[0] for r in con.execute("SELECT theme_id FROM themes").fetchall()]
        years = con.execute("SELECT min(award_year), max(award_year) FROM grant_facts").fetchone()
        words = [
            r[0]
            for r in con.execute(
                "SELECT DISTINCT lower(split_part(title, ' ', 1)) AS w FROM grant_facts"
                " WHERE length(w) > 4 ORDER BY w LIMIT 40"
            ).fetchall()
        ]
    finally:
        con.close()
    return {
        "funder": sorted(funders),
        "theme": sorted(themes),
        "years": [str(y) for y in range(int(years[0]), int(years[1]) + 1)],
        "q": words,
    }


def random_query(rng: random.Random, choices: dict[str, list[str]]) -> str:
    params: dict[str, str] = {}
    if rng.random() < 0.5:
        params["country"] = rng.choice(["NO", "SE"])
    if rng.random() < 0.4:
        params["funder"] = ",".join(rng.sample(choices["funder"], rng.randint(1, 2)))
    if rng.random() < 0.3:
        params["theme"] = rng.choice(choices["theme"])
    if rng.random() < 0.4:
        a, b = sorted(rng.sample(choices["years"], 2))
        params["from"], params["to"] = a, b
    if rng.random() < 0.2 and choices["q"]:
        params["q"] = rng.choice(choices["q"])
    if rng.random() < 0.3:
        params["ccy"] = rng.choice(["SEK", "EUR"])
    elif rng.random() < 0.2:
        params["prices"] = "constant"
    if rng.random() < 0.2:
        params["lang"] = rng.choice(["nb", "sv"])
    return urllib.parse.urlencode(params)


@dataclass
class LoadResult:
    views: list[View] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    rss_samples: list[float] = field(default_factory=list)


async def _visitor(base_url: str, rng: random.Random, choices, deadline: float, result: LoadResult) -> None:
    def think() -> float:
        return rng.uniform(*THINK_S)

    await asyncio.sleep(rng.uniform(0, THINK_S[1]))  # visitors do not all arrive in the same second
    while time.monotonic() < deadline:
        query = random_query(rng, choices)
        pages = [rng.choice(PAGES), *rng.sample(PAGES, rng.randint(0, 2))]
        try:
            views = await open_views(base_url, query, pages, think=think, deadline=deadline)
        except (OSError, websockets.WebSocketException) as exc:
            result.failures.append(f"connection failed ({query}): {exc!r}")
            views = []
        for view in views:
            result.views.append(view)
            if view.errors:
                result.failures.append(f"/{view.page}?{view.query}: {'; '.join(view.errors)}")
        await asyncio.sleep(max(0.0, min(think(), deadline - time.monotonic())))


async def _sample_rss(pid: int, deadline: float, result: LoadResult) -> None:
    while time.monotonic() < deadline:
        result.rss_samples.append(rss_mb(pid))
        await asyncio.sleep(1.0)


def run_load(base_url: str, pid: int, choices, n_sessions: int, seconds: float, seed: int) -> LoadResult:
    result = LoadResult()

    async def main() -> None:
        deadline = time.monotonic() + seconds
        tasks = [
            _visitor(base_url, random.Random(seed * 1000 + i), choices, deadline, result)
            for i in range(n_sessions)
        ]
        # the visitors stop starting views at the deadline; a view already running may finish after it
        await asyncio.wait_for(
            asyncio.gather(*tasks, _sample_rss(pid, deadline, result)), seconds + VIEW_TIMEOUT_S * 3
        )

    run_async(main)
    return result


def _pct(values: list[float], q: float) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


@pytest.mark.parametrize(
    ("n_sessions", "seconds"),
    [pytest.param(10, 30, id="10x30s"), pytest.param(50, 300, id="50x5min", marks=pytest.mark.slow)],
)
def test_concurrent_sessions(built_db, browser, tmp_path, monkeypatch, n_sessions, seconds):  # noqa: F811
    # secrets in the server's environment: the cookie secret and an unrelated token
    monkeypatch.setenv("STREAMLIT_SERVER_COOKIE_SECRET", CANARY)
    monkeypatch.setenv("FUNDING_API_TOKEN", CANARY)
    log_path = tmp_path / "server.log"
    choices = filter_choices(built_db)
    with running_app(built_db, log_path) as url:
        pid = server_pid(url)
        rss_start = rss_mb(pid)
        # warm-up: every page once (imports, caches, shapes), and a look at everything a client receives
        warm = fetch_views(url, "country=NO&lang=nb", PAGES, keep_raw=True)
        assert all(v.ok for v in warm), [v.errors for v in warm if v.errors]
        assert not any(CANARY.encode() in raw for v in warm for raw in v.raw), "a secret reached a client"
        rss_warm = rss_mb(pid)

        outcome: dict[str, object] = {}

        def load() -> None:
            try:
                outcome["result"] = run_load(url, pid, choices, n_sessions, seconds, seed=n_sessions)
            except BaseException as exc:  # handed to the test thread
                outcome["error"] = exc

        worker = threading.Thread(target=load, daemon=True)
        started = time.monotonic()
        worker.start()
        # meanwhile a real browser opens pages under the load and must show them without error
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        tab = context.new_page()
        browser_checks = 0
        try:
            while worker.is_alive() and browser_checks < 4:
                tab.goto(
                    f"{url}/{PAGES[browser_checks % len(PAGES)]}?country=SE", timeout=VIEW_TIMEOUT_S * 1000
                )
                wait_rendered(tab, timeout_ms=VIEW_TIMEOUT_S * 1000)
                assert tab.locator('[data-testid="stException"]').count() == 0
                assert "Traceback" not in tab.inner_text("body")
                browser_checks += 1
        finally:
            context.close()
        worker.join(seconds + VIEW_TIMEOUT_S * 4)
        assert not worker.is_alive(), "the load did not stop by itself"
        if "error" in outcome:
            raise outcome["error"]
        result: LoadResult = outcome["result"]
        elapsed = time.monotonic() - started
        rss_end = rss_mb(pid)

    latencies = [v.seconds for v in result.views]
    rss_peak = max([rss_warm, rss_end, *result.rss_samples])
    print(
        f"\nload: {n_sessions} sessions for {seconds} s ({elapsed:.0f} s with the last views):"
        f" {len(result.views)} views, {len(result.views) / elapsed:.1f} views/s,"
        f" {len(result.failures)} failures, {browser_checks} browser page loads under load"
        f"\n  latency per view: p50 {_pct(latencies, 50):.2f} s, p95 {_pct(latencies, 95):.2f} s,"
        f" max {max(latencies):.2f} s"
        f"\n  server RSS: start {rss_start:.0f} MB, after warm-up {rss_warm:.0f} MB, peak {rss_peak:.0f} MB,"
        f" end {rss_end:.0f} MB (growth under load {rss_end - rss_warm:+.0f} MB)"
    )
    assert not result.failures, f"{len(result.failures)} failed views:\n" + "\n".join(result.failures[:20])
    assert len(result.views) >= n_sessions, "the visitors hardly got any view"
    assert not server_log_problems(log_path), server_log_problems(log_path)[:20]
    assert CANARY not in log_path.read_text(errors="replace"), "a secret is in the server log"
    assert rss_peak - rss_warm < MAX_RSS_GROWTH_MB, f"memory grew by {rss_peak - rss_warm:.0f} MB"
