"""Load: many concurrent visitors on the real app server, changing filters, for a bounded time.

Each visitor is a websocket client that speaks Streamlit's own protocol (the protobuf messages the browser
sends): it opens a view the way a shared link does (a new session with the filters in the query string, on a
page), then browses one or two other pages in the same session, and starts over with other filters, looking
at each view for 5-15 s as a reader does. The time from the request to the end of the script run is the latency
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
import signal
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
STALL_S = 20  # no server CPU for this long while views wait: the server is stuck
THINK_S = (5.0, 15.0)  # a visitor looks at a view for 5-15 s before changing the filters or the page
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
        if ppid == os.getpid() and port.encode() in cmdline:
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
    waiting: int = 0  # views asked for and not answered yet
    stalled: str = ""  # set when the server stopped working with views waiting


async def _visitor(base_url: str, rng: random.Random, choices, deadline: float, result: LoadResult) -> None:
    def think() -> float:
        return rng.uniform(*THINK_S)

    await asyncio.sleep(rng.uniform(0, THINK_S[1]))  # visitors do not all arrive in the same second
    while time.monotonic() < deadline:
        query = random_query(rng, choices)
        pages = [rng.choice(PAGES), *rng.sample(PAGES, rng.randint(0, 2))]
        result.waiting += 1
        try:
            views = await open_views(base_url, query, pages, think=think, deadline=deadline)
        except (OSError, websockets.WebSocketException) as exc:
            result.failures.append(f"connection failed ({query}): {exc!r}")
            views = []
        finally:
            result.waiting -= 1
        for view in views:
            result.views.append(view)
            if view.errors:
                result.failures.append(f"/{view.page}?{view.query}: {'; '.join(view.errors)}")
        await asyncio.sleep(max(0.0, min(think(), deadline - time.monotonic())))


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def _watch_server(pid: int, deadline: float, result: LoadResult) -> None:
    """Sample the server's memory; notice when it stops working while views wait (a deadlock)."""
    last_cpu, idle_since = cpu_seconds(pid), None
    while time.monotonic() < deadline or result.waiting:
        await asyncio.sleep(1.0)
        result.rss_samples.append(rss_mb(pid))
        now_cpu = cpu_seconds(pid)
        busy = now_cpu - last_cpu > 0.02
        last_cpu = now_cpu
        if busy or not result.waiting:
            idle_since = None
        elif idle_since is None:
            idle_since = time.monotonic()
        elif time.monotonic() - idle_since > STALL_S:
            result.stalled = f"the server used no CPU for {STALL_S} s while {result.waiting} visitors waited"
            return


def run_load(base_url: str, pid: int, choices, n_sessions: int, seconds: float, seed: int) -> LoadResult:
    result = LoadResult()

    async def main() -> None:
        deadline = time.monotonic() + seconds
        visitors = asyncio.gather(
            *(
                _visitor(base_url, random.Random(seed * 1000 + i), choices, deadline, result)
                for i in range(n_sessions)
            )
        )
        watcher = asyncio.ensure_future(_watch_server(pid, deadline, result))
        # the visitors stop starting views at the deadline; a view already running may finish after it
        await asyncio.wait([visitors, watcher], timeout=seconds + VIEW_TIMEOUT_S * 3)
        if result.stalled:
            visitors.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await visitors
        watcher.cancel()

    run_async(main)
    return result


# The server gets a sitecustomize that lets SIGUSR1 print every thread's stack into its log.
_SITECUSTOMIZE = "import faulthandler, signal\nfaulthandler.register(signal.SIGUSR1, all_threads=True)\n"


def dump_server_stacks(pid: int, log_path: Path) -> str:
    """Every thread's stack of the server (into its log); returns the frames that say most, counted."""
    before = log_path.stat().st_size
    os.kill(pid, signal.SIGUSR1)
    time.sleep(2)
    dump = log_path.read_text(errors="replace")[before:]
    tops = {}
    for block in re.split(r"\n(?=Thread 0x|Current thread)", dump):
        frames = re.findall(r'File "([^"]+)", line \d+ in (\S+)', block)
        interesting = [f"{Path(f).name}:{fn}" for f, fn in frames if "threading.py" not in f]
        if interesting:
            tops[interesting[0]] = tops.get(interesting[0], 0) + 1
    return ", ".join(f"{n} x {top}" for top, n in sorted(tops.items(), key=lambda kv: -kv[1])[:8])


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
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(_SITECUSTOMIZE)
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(site), os.environ.get("PYTHONPATH")])))
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
        browser_checks, browser_problems = 0, []
        try:
            while worker.is_alive() and browser_checks < 4:
                address = f"{url}/{PAGES[browser_checks % len(PAGES)]}?country=SE"
                browser_checks += 1
                try:
                    tab.goto(address, timeout=VIEW_TIMEOUT_S * 1000)
                    wait_rendered(tab, timeout_ms=VIEW_TIMEOUT_S * 1000)
                except Exception as exc:  # a timeout: reported with the rest
                    browser_problems.append(f"browser {address}: {type(exc).__name__}")
                    continue
                if tab.locator('[data-testid="stException"]').count() or "Traceback" in tab.inner_text(
                    "body"
                ):
                    browser_problems.append(f"browser {address}: an error is shown")
        finally:
            context.close()
        worker.join(seconds + VIEW_TIMEOUT_S * 4)
        assert not worker.is_alive(), "the load did not stop by itself"
        if "error" in outcome:
            raise outcome["error"]
        result: LoadResult = outcome["result"]
        elapsed = time.monotonic() - started
        rss_end = rss_mb(pid)
        if result.stalled:
            stacks = dump_server_stacks(pid, log_path)
            pytest.fail(
                f"{result.stalled} (a deadlock?) after {len(result.views)} views; where its threads are:"
                f" {stacks}; all stacks in {log_path}"
            )
        result.failures.extend(browser_problems)

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


# Polars runs a Python callback (`map_elements`, `map_batches`) on its own thread pool, which must then take the
# GIL; Streamlit turns polars frames into pandas (`to_pandas`) on another thread, which holds the GIL while it
# waits for that same pool. Under concurrent sessions the two wait for each other and the whole server hangs
# (seen under this load: both polars workers in a `map_elements` callback waiting for the GIL, the GIL held
# by `to_pandas` waiting for the pool). Same family as pola-rs/polars#26821 and #27396.
_POLARS_CALLBACK = re.compile(r"\.(map_elements|map_batches|map_groups|map_rows)\(")


def test_no_python_callbacks_inside_polars_in_the_app():
    repo = Path(__file__).resolve().parents[1]
    files = [
        repo / "dashboard.py",
        *(p for d in ("ui", "pages", "analytics") for p in (repo / d).rglob("*.py")),
    ]
    offenders = [
        f"{path.relative_to(repo)}:{number}: {line.strip()}"
        for path in files
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if _POLARS_CALLBACK.search(line)
    ]
    assert not offenders, "\n".join(offenders)
