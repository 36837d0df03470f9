"""The dashboard against its peer (issue #6): the common Streamlit pattern, in real servers and a real browser.

    python bench/bench_peer.py --rows 1000000                  # generate bench/output/grants_1000000.duckdb
    python bench/bench_peer.py --db /tmp/grants_10m.duckdb     # an existing database
    python bench/bench_peer.py --rows 10000 --runs 1 --steps 8 # a quick check
    python bench/bench_peer.py --rows 1000000 --peer-cache resource   # the peer at its best (no copy per rerun)

The peer is `bench/peer_app.py`: the whole `grant_facts` table read into pandas, cached with `st.cache_data`,
filtered and aggregated in Python. Both apps run as real Streamlit servers on loopback (one at a time, the
order alternating between runs), each driven by headless Chromium (Playwright) through the same sequence of
filter changes in the sidebar (country, award years, funders; every state new, so nothing of ours is served
from a cache, while the peer's whole-table cache stays warm: its best case). Measured per app and run:

- cold start: server process start to the first chart drawn in the browser (and to the complete page);
- filter change to updated chart: from the click or key press until the charts show new data and Streamlit
  is idle with nothing stale (the whole rerun drawn); p50 and p95 over the steps;
- server memory: RSS of the server process after the first page view; the growth with 5 more sessions
  (browser contexts on the page, all open at once) divided by 5; the peak RSS of the run;
- bytes per chart: the websocket frames the server sends for one filter change, divided by the charts (4).

Prints a table (medians over --runs) and writes every figure, the per-run raw values, the ratios (peer/ours)
and a description of the machine to bench/output/peer_<rows>.json (peer_<rows>_resource.json with
--peer-cache resource). Servers are always stopped (also on Ctrl-C, SIGTERM or failure), and every wait has
a timeout (the first page --load-timeout, 15 min by default: the peer's load of 10M rows into pandas).

A memory guard kills a server whose RSS passes --mem-limit-gb (default: 80% of the memory available at
start). A peer that does not fit is reported as failed, with lower bounds for its ratios (its RSS and time
when stopped), and is not started again in later runs. Expect that at 10M rows on a machine of less than
~64 GB: DuckDB's `.df()` of the whole table peaks at several times the frame's own size (about 5.8 GB RSS
for 1M rows), and `st.cache_data` keeps a pickled copy beside it.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import importlib.metadata
import json
import os
import platform
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
from playwright.sync_api import Browser, Page, sync_playwright
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeout

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
from tests.browser_fixtures import CHROMIUM_ARGS  # noqa: E402  (the tests' browser, the same flags)

OUTPUT = REPO / "bench" / "output"
APPS = {"ours": "dashboard.py", "peer": "bench/peer_app.py"}
N_CHARTS = 4  # the Overview's charts: by country, over time, by funder, by theme (both apps)
CHROMIUM = "/usr/bin/chromium"
VIEWPORT = {"width": 1400, "height": 1000}
COUNTRY_LABELS = {"": "Both countries", "NO": "Norway", "SE": "Sweden"}  # the English labels of both apps
PACKAGES = [
    "streamlit",
    "duckdb",
    "polars",
    "pandas",
    "pyarrow",
    "numpy",
    "plotly",
    "playwright",
    "starlette",
]

# Streamlit is done: no run in progress, no skeleton, nothing stale, and every chart on the page.
READY_JS = f"""() => {{
    const status = document.querySelector('[data-testid="stStatusWidget"]');
    const running = status && /stop|running/i.test(status.innerText);
    return !running && !document.querySelector('[data-testid="stSkeleton"]')
        && !document.querySelector('[data-stale="true"]')
        && document.querySelectorAll('.js-plotly-plot').length >= {N_CHARTS};
}}"""
FIRST_CHART_JS = "() => !!document.querySelector('.js-plotly-plot .main-svg')"
# What the charts show: every chart's data (a filter change must change it).
CHARTS_JS = """() => JSON.stringify([...document.querySelectorAll('.js-plotly-plot')]
    .map(p => (p.data || []).map(t => [t.x, t.y])))"""
UPDATED_JS = f"(before) => ({CHARTS_JS})() !== before && ({READY_JS})()"


class ServerDied(RuntimeError):
    """The server process ended (or the memory guard stopped it) while the benchmark waited on it."""


class StepTimeout(RuntimeError):
    pass


# --------------------------------------------------------------------------------------------- processes
def rss_bytes(pid: int) -> tuple[int, int]:
    """(current RSS, peak RSS) of a process, from /proc (0, 0 when it is gone)."""
    rss = hwm = 0
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1]) * 1024
            elif line.startswith("VmHWM:"):
                hwm = int(line.split()[1]) * 1024
    except (FileNotFoundError, ProcessLookupError):
        pass
    return rss, hwm


class MemoryGuard(threading.Thread):
    """Samples a server's RSS; kills it (SIGKILL) when it passes `limit`, before it can take the machine down."""

    def __init__(self, pid: int, limit: int, interval: float = 0.2):
        super().__init__(daemon=True)
        self.pid, self.limit, self.interval = pid, limit, interval
        self.peak = 0
        self.tripped_at: int | None = None
        self._stop = threading.Event()

    def run(self) -> None:
        while not self._stop.is_set():
            rss, _ = rss_bytes(self.pid)
            self.peak = max(self.peak, rss)
            if rss > self.limit:
                self.tripped_at = rss
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.pid, signal.SIGKILL)
                return
            self._stop.wait(self.interval)

    def stop(self) -> None:
        self._stop.set()


@dataclass
class Server:
    app: str
    proc: subprocess.Popen
    url: str
    started: float  # perf_counter at process start
    healthy_after: float  # seconds from start to /_stcore/health answering
    guard: MemoryGuard
    log: Path

    def check(self) -> None:
        if self.proc.poll() is not None:
            if self.guard.tripped_at is not None:
                raise ServerDied(
                    f"{self.app}: stopped by the memory guard at {self.guard.tripped_at / 2**30:.1f} GiB RSS "
                    f"(limit {self.guard.limit / 2**30:.1f} GiB)"
                )
            raise ServerDied(f"{self.app}: server exited with {self.proc.returncode} (log: {self.log})")

    def rss(self) -> tuple[int, int]:
        self.check()
        return rss_bytes(self.proc.pid)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def stop_process(proc: subprocess.Popen) -> None:
    """SIGTERM to the server's own process group, SIGKILL after 15 s."""
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=15)


@contextlib.contextmanager
def serve(
    app: str, db: Path, log: Path, *, env: dict[str, str], limit: int, timeout_s: float
) -> Iterator[Server]:
    """A Streamlit server of `app` over `db` on a free loopback port (started as tests/browser_fixtures.py
    starts the dashboard), healthy within `timeout_s`; always stopped on exit."""
    port = free_port()
    environ = os.environ | env | {"FUNDING_DB": str(db), "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"}
    cmd = [sys.executable, "-m", "streamlit", "run", APPS[app], "--server.headless", "true",
           "--server.port", str(port), "--server.address", "127.0.0.1"]  # fmt: skip
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("w") as out:
        started = time.perf_counter()
        # its own process group: Ctrl-C reaches this script, which stops the server itself
        proc = subprocess.Popen(
            cmd, cwd=REPO, env=environ, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    guard = MemoryGuard(proc.pid, limit)
    guard.start()
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout_s
        while True:
            if proc.poll() is not None:
                raise ServerDied(f"{app}: server exited with {proc.returncode} before answering (log: {log})")
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:
                    if resp.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise TimeoutError(f"{app}: no answer at {url} within {timeout_s:.0f} s (log: {log})")
            time.sleep(0.1)
        yield Server(app, proc, url, started, time.perf_counter() - started, guard, log)
    finally:
        guard.stop()
        stop_process(proc)


# --------------------------------------------------------------------------------------------- browser
class Wire:
    """Counts the websocket frames the server sends to one page."""

    def __init__(self, page: Page):
        self.bytes = 0
        self.frames = 0
        self.last = time.monotonic()
        page.on("websocket", lambda ws: ws.on("framereceived", self._frame))

    def _frame(self, payload: str | bytes) -> None:
        self.bytes += len(payload.encode() if isinstance(payload, str) else payload)
        self.frames += 1
        self.last = time.monotonic()

    def reset(self) -> None:
        self.bytes = self.frames = 0


def wait_js(page: Page, server: Server, js: str, timeout_s: float, arg: object = None) -> None:
    """Wait until `js` holds, checking every 2 s that the server is still alive."""
    deadline = time.monotonic() + timeout_s
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise StepTimeout(f"{server.app}: the page did not get there within {timeout_s:.0f} s")
        try:
            page.wait_for_function(js, arg=arg, timeout=max(1.0, min(2.0, remaining)) * 1000)
            return
        except PlaywrightTimeout:
            server.check()


def settle(page: Page, wire: Wire, server: Server, quiet_s: float = 0.5, timeout_s: float = 30) -> None:
    """Until the page is ready and no frame has arrived for `quiet_s` (the rest of a rerun is counted)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        page.wait_for_timeout(100)
        if time.monotonic() - wire.last >= quiet_s and page.evaluate(READY_JS):
            return
    server.check()


def open_page(browser: Browser) -> tuple[Page, Wire]:
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    return page, Wire(page)


# --------------------------------------------------------------------------------------------- the steps
@dataclass(frozen=True)
class Step:
    kind: str  # country | year_from | add_funder | remove_funder
    value: str  # country code, new first year, or funder label
    state: tuple  # (country, year_from, funder label or "") after the step

    def describe(self) -> str:
        return f"{self.kind}={self.value}"


def plan_steps(db: Path, n: int) -> tuple[list[Step], dict]:
    """A sequence of `n` filter changes in which every state is new (never seen before in the run).

    Rounds of four: add a funder of the current country, first year + 1, remove the funder, next country.
    Within a round the states differ; across rounds the first year only grows. Every state has grants (a
    filter with no grant shows no chart). Funders are named by their short name (both apps' labels)."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        lo, hi = con.sql("SELECT min(award_year), max(award_year) FROM grant_facts").fetchall()[0]
        ranked = con.sql(
            """SELECT coalesce(f.short_name, g.funder_id) AS label, g.recipient_country, count(*) AS n
               FROM grant_facts AS g LEFT JOIN funders AS f USING (funder_id)
               GROUP BY ALL ORDER BY n DESC, label"""
        ).fetchall()

        def count(country: str, year_from: int, funder: str) -> int:
            sql = (
                "SELECT count(*) FROM grant_facts AS g LEFT JOIN funders AS f USING (funder_id) "
                "WHERE g.award_year BETWEEN ? AND ?"
            )
            params: list = [year_from, hi]
            if country:
                sql += " AND g.recipient_country = ?"
                params.append(country)
            if funder:
                sql += " AND coalesce(f.short_name, g.funder_id) = ?"
                params.append(funder)
            return con.sql(sql, params=params).fetchall()[0][0]

        steps: list[Step] = []
        countries = ["", "NO", "SE"]
        country, year, funder = "", int(lo), ""
        seen = {(country, year, funder)}
        for rnd in range(4 * n):
            labels = list(dict.fromkeys(label for label, c, _ in ranked if not country or c == country))
            k = rnd % max(1, len(labels))
            pick = next((x for x in labels[k:] + labels[:k] if count(country, year, x)), None)
            moves = [("add_funder", pick)] if pick else []
            if year + 1 < hi:
                moves.append(("year_from", str(year + 1)))
            if pick:
                moves.append(("remove_funder", pick))
            moves.append(("country", countries[(countries.index(country) + 1) % len(countries)]))
            for kind, value in moves:
                if kind == "add_funder":
                    funder = value
                elif kind == "remove_funder":
                    funder = ""
                elif kind == "year_from":
                    year = int(value)
                else:
                    country = value
                state = (country, year, funder)
                if state in seen or not count(*state):
                    raise RuntimeError(f"cannot plan {n} new filter states (stuck at {state})")
                seen.add(state)
                steps.append(Step(kind, value, state))
                if len(steps) == n:
                    break
            if len(steps) == n:
                break
        rows = con.sql("SELECT count(*) FROM grant_facts").fetchall()[0][0]
    finally:
        con.close()
    return steps, {"first_year": int(lo), "last_year": int(hi), "rows": int(rows)}


def perform(page: Page, step: Step) -> Callable[[], None]:
    """Prepare a step (focus, open a list) and return the one user action that changes the filter."""
    sidebar = page.locator('[data-testid="stSidebar"]')
    if step.kind == "country":
        button = sidebar.get_by_role("radiogroup", name="Country").get_by_role(
            "radio", name=COUNTRY_LABELS[step.value], exact=True
        )
        return button.click
    if step.kind == "year_from":
        start = sidebar.locator('input[type="range"]').first
        start.focus()
        return lambda: page.keyboard.press("ArrowRight")
    funders = sidebar.locator('[data-testid="stMultiSelect"]').filter(has_text="Funders")
    if step.kind == "add_funder":
        # typing narrows the list on the client (a long list is virtualised: an option below is not drawn)
        funders.locator("input").click()
        funders.locator("input").fill(step.value)
        option = page.get_by_role("option", name=step.value, exact=True)
        option.wait_for(state="visible", timeout=30_000)
        return option.click
    return funders.get_by_role("button", name=f"Remove {step.value}", exact=True).click


# --------------------------------------------------------------------------------------------- one app
@dataclass
class AppResult:
    app: str
    ok: bool = True
    error: str | None = None
    healthy_s: float | None = None
    cold_first_chart_s: float | None = None
    cold_complete_s: float | None = None
    rss_first_view: int | None = None
    step_ms: list[float] = field(default_factory=list)
    step_bytes: list[int] = field(default_factory=list)
    step_frames: list[int] = field(default_factory=list)
    steps_done: int = 0
    rss_before_sessions: int | None = None
    rss_after_sessions: int | None = None
    sessions_ready_s: float | None = None
    rss_peak: int | None = None
    killed_at_rss: int | None = None
    server_died: bool = False
    elapsed_before_failure_s: float | None = None

    def summary(self, sessions: int) -> dict:
        out = dict(self.__dict__)
        if self.step_ms:
            out["filter_p50_ms"] = statistics.median(self.step_ms)
            out["filter_p95_ms"] = percentile(self.step_ms, 95)
        if self.step_bytes:
            out["bytes_per_change_p50"] = statistics.median(self.step_bytes)
            out["bytes_per_chart_p50"] = statistics.median(self.step_bytes) / N_CHARTS
        if self.rss_before_sessions is not None and self.rss_after_sessions is not None:
            out["rss_per_extra_session"] = (self.rss_after_sessions - self.rss_before_sessions) / sessions
            out["rss_with_sessions"] = self.rss_after_sessions
        return out


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def measure_app(pw, app: str, db: Path, steps: list[Step], args, run: int) -> AppResult:
    result = AppResult(app)
    env = {"PEER_CACHE": args.peer_cache} if app == "peer" else {}
    variant = f"_{args.peer_cache}" if app == "peer" and args.peer_cache != "data" else ""
    log = OUTPUT / "logs" / f"{app}{variant}_{db.stem}_run{run}.log"
    browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    t_start = time.perf_counter()
    try:
        page, wire = open_page(browser)
        with serve(app, db, log, env=env, limit=args.mem_limit, timeout_s=args.start_timeout) as server:
            t_start = server.started
            result.healthy_s = server.healthy_after
            try:
                page.goto(server.url, timeout=args.load_timeout * 1000)
                wait_js(page, server, FIRST_CHART_JS, args.load_timeout)
                result.cold_first_chart_s = time.perf_counter() - server.started
                wait_js(page, server, READY_JS, args.load_timeout)
                result.cold_complete_s = time.perf_counter() - server.started
                settle(page, wire, server, quiet_s=1.0, timeout_s=args.step_timeout)
                result.rss_first_view = server.rss()[0]
                progress(
                    f"  {app}: first chart {result.cold_first_chart_s:.1f} s, RSS {mib(result.rss_first_view)}"
                )

                for i, step in enumerate(steps):
                    before = page.evaluate(CHARTS_JS)
                    act = perform(page, step)
                    wire.reset()
                    t0 = time.perf_counter()
                    act()
                    wait_js(page, server, UPDATED_JS, args.step_timeout, arg=before)
                    result.step_ms.append((time.perf_counter() - t0) * 1000)
                    settle(page, wire, server, timeout_s=args.step_timeout)
                    result.step_bytes.append(wire.bytes)
                    result.step_frames.append(wire.frames)
                    result.steps_done = i + 1
                    if step.kind == "add_funder":
                        page.keyboard.press("Escape")  # close the list (not timed)
                    if (i + 1) % 8 == 0 or i + 1 == len(steps):
                        progress(
                            f"  {app}: {i + 1}/{len(steps)} filter changes, "
                            f"p50 {statistics.median(result.step_ms):.0f} ms"
                        )

                # more sessions: each a new browser context on the page, all open at once
                page.wait_for_timeout(1000)
                result.rss_before_sessions = server.rss()[0]
                extra = [open_page(browser) for _ in range(args.sessions)]
                t0 = time.perf_counter()
                for p, _ in extra:
                    p.goto(server.url, timeout=args.load_timeout * 1000)
                for p, _ in extra:
                    wait_js(p, server, READY_JS, args.load_timeout)
                result.sessions_ready_s = time.perf_counter() - t0
                for p, w in extra:
                    settle(p, w, server, quiet_s=1.0, timeout_s=args.step_timeout)
                page.wait_for_timeout(1000)
                result.rss_after_sessions = server.rss()[0]
                for p, _ in extra:
                    p.context.close()
                result.rss_peak = max(server.guard.peak, server.rss()[1])
            except (ServerDied, StepTimeout, PlaywrightError) as exc:
                result.ok = False
                result.error = str(exc).splitlines()[0]
                try:
                    server.check()  # a dead server explains a browser error better than the error itself
                except ServerDied as died:
                    result.error = str(died)
                    result.server_died = True
                result.killed_at_rss = server.guard.tripped_at
                result.rss_peak = server.guard.peak
                result.elapsed_before_failure_s = time.perf_counter() - server.started
                progress(f"  {app}: FAILED: {result.error}")
    except (ServerDied, TimeoutError) as exc:  # the server did not come up
        result.ok = False
        result.error = str(exc)
        result.elapsed_before_failure_s = time.perf_counter() - t_start
        progress(f"  {app}: FAILED: {result.error}")
    finally:
        browser.close()
    return result


# --------------------------------------------------------------------------------------------- report
def mib(value: float | None) -> str:
    return "-" if value is None else f"{value / 2**20:,.0f} MiB"


def median_of(runs: list[dict], key: str) -> float | None:
    values = [r[key] for r in runs if r.get(key) is not None]
    return statistics.median(values) if values else None


METRICS = [  # key, label, unit, kind (time or memory or bytes: how the ratio reads)
    ("cold_first_chart_s", "cold start to first chart", "s", "time"),
    ("cold_complete_s", "cold start to complete page", "s", "time"),
    ("filter_p50_ms", "filter change to chart, p50", "ms", "time"),
    ("filter_p95_ms", "filter change to chart, p95", "ms", "time"),
    ("rss_first_view", "RSS after first page view", "MiB", "memory"),
    ("rss_per_extra_session", "RSS per extra session", "MiB", "memory"),
    ("rss_with_sessions", "RSS with 1+N sessions", "MiB", "memory"),
    ("rss_peak", "peak RSS", "MiB", "memory"),
    ("bytes_per_chart_p50", "bytes per chart (one change)", "KiB", "bytes"),
]


def fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    if unit == "MiB":
        return f"{value / 2**20:,.1f}"
    if unit == "KiB":
        return f"{value / 1024:,.1f}"
    if unit == "s":
        return f"{value:,.2f}"
    return f"{value:,.0f}"


def aggregate(runs: list[dict[str, dict]], apps: list[str]) -> tuple[dict, dict]:
    medians: dict[str, dict] = {}
    for app in apps:
        ok = [r[app] for r in runs if app in r and r[app]["ok"]]
        medians[app] = {key: median_of(ok, key) for key, *_ in METRICS}
        medians[app]["runs_ok"] = len(ok)
        medians[app]["runs_failed"] = sum(1 for r in runs if app in r and not r[app]["ok"])
    ratios: dict[str, dict] = {}
    if {"ours", "peer"} <= set(apps):
        for key, *_ in METRICS:
            ours, peer = medians["ours"][key], medians["peer"][key]
            ratios[key] = (
                peer / ours if ours is not None and peer is not None and ours > 0 and peer > 0 else None
            )
        failed = [r["peer"] for r in runs if "peer" in r and r["peer"]["server_died"]]
        if medians["peer"]["runs_ok"] == 0 and failed:
            # the peer's server died (memory): what it had used and taken by then bounds its figures from below
            f0 = failed[0]
            ours = medians["ours"]
            ratios["peer_failed"] = f0["error"]
            if f0.get("rss_peak") and ours["rss_first_view"]:
                ratios["rss_first_view_at_least"] = f0["rss_peak"] / ours["rss_first_view"]
            if (
                f0.get("elapsed_before_failure_s")
                and ours["cold_first_chart_s"]
                and f0["cold_first_chart_s"] is None
            ):
                ratios["cold_first_chart_s_at_least"] = (
                    f0["elapsed_before_failure_s"] / ours["cold_first_chart_s"]
                )
    return medians, ratios


def print_table(medians: dict, ratios: dict, apps: list[str], sessions: int) -> None:
    head = f"{'':<34}" + "".join(f"{a:>14}" for a in apps) + ("  peer/ours" if len(apps) == 2 else "")
    print(head)
    for key, label, unit, _ in METRICS:
        label = label.replace("N", str(sessions)) if "1+N" in label else label
        row = f"{label + f' ({unit})':<34}" + "".join(f"{fmt(medians[a][key], unit):>14}" for a in apps)
        if len(apps) == 2:
            ratio = ratios.get(key)
            row += f"  {ratio:>8.1f}x" if ratio is not None else f"  {'-':>9}"
        print(row)
    for note in ("peer_failed", "rss_first_view_at_least", "cold_first_chart_s_at_least"):
        if note in ratios:
            value = ratios[note]
            print(f"  {note}: {value if isinstance(value, str) else f'>= {value:.1f}x'}")


def machine() -> dict:
    info: dict = {"platform": platform.platform(), "python": sys.version.split()[0], "cores": os.cpu_count()}
    with contextlib.suppress(OSError):
        info["cores_usable"] = len(os.sched_getaffinity(0))
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
    info |= memory_info()
    with contextlib.suppress(OSError):
        for line in Path("/etc/os-release").read_text().splitlines():
            if line.startswith("PRETTY_NAME="):
                info["os"] = line.split("=", 1)[1].strip('"')
    info["packages"] = {}
    for name in PACKAGES:
        with contextlib.suppress(importlib.metadata.PackageNotFoundError):
            info["packages"][name] = importlib.metadata.version(name)
    return info


def memory_info() -> dict:
    out = {}
    with contextlib.suppress(OSError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            key, value = line.split(":", 1)
            if key in ("MemTotal", "MemAvailable"):
                out["ram_total_bytes" if key == "MemTotal" else "ram_available_bytes"] = (
                    int(value.split()[0]) * 1024
                )
    return out


def progress(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def ensure_db(args) -> Path:
    if args.db is not None:
        if not args.db.is_file():
            raise SystemExit(f"no database at {args.db}")
        return args.db.resolve()
    path = OUTPUT / f"grants_{args.rows}.duckdb"
    if not path.exists():
        progress(f"generating {path} ({args.rows:,} rows)")
        cmd = [
            sys.executable,
            str(REPO / "bench" / "generate.py"),
            "--rows",
            str(args.rows),
            "--out",
            str(path),
        ]
        subprocess.run(cmd, check=True, timeout=4 * 3600)
    return path.resolve()


def _terminate(signum, frame) -> None:  # SIGTERM: unwind like Ctrl-C, so every server is stopped
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", type=Path, help="database to serve (default: generate one with --rows)")
    ap.add_argument("--rows", type=int, default=1_000_000, help="rows to generate when --db is not given")
    ap.add_argument("--runs", type=int, default=3, help="runs per app; the table shows their medians")
    ap.add_argument("--steps", type=int, default=24, help="filter changes per run")
    ap.add_argument("--sessions", type=int, default=5, help="extra sessions for the memory per session")
    ap.add_argument("--apps", default="ours,peer", help="comma-separated: ours, peer")
    ap.add_argument("--peer-cache", choices=["data", "resource"], default="data",
                    help="the peer's cache of the frame: st.cache_data (the pattern) or st.cache_resource")  # fmt: skip
    ap.add_argument(
        "--start-timeout", type=float, default=180, help="s for a server to answer its health check"
    )
    ap.add_argument("--load-timeout", type=float, default=900, help="s for the first page (the peer's load)")
    ap.add_argument("--step-timeout", type=float, default=900, help="s for one filter change")
    ap.add_argument(
        "--mem-limit-gb", type=float, help="kill a server above this RSS (default 80%% of available)"
    )
    ap.add_argument("--out", type=Path, help="JSON file (default bench/output/peer_<rows>.json)")
    args = ap.parse_args(argv)
    apps = [a.strip() for a in args.apps.split(",") if a.strip()]
    if not apps or set(apps) - set(APPS):
        ap.error(f"--apps: choose from {', '.join(APPS)}")
    signal.signal(signal.SIGTERM, _terminate)

    OUTPUT.mkdir(parents=True, exist_ok=True)
    db = ensure_db(args)
    start_mem = memory_info()
    available = start_mem.get("ram_available_bytes", 8 * 2**30)
    args.mem_limit = int(args.mem_limit_gb * 2**30) if args.mem_limit_gb else int(0.8 * available)
    steps, facts = plan_steps(db, args.steps)
    rows = facts["rows"]
    suffix = "" if args.peer_cache == "data" else f"_{args.peer_cache}"
    out_path = args.out or OUTPUT / f"peer_{rows}{suffix}.json"
    load_start = os.getloadavg()
    started_at = dt.datetime.now().astimezone().isoformat(timespec="seconds")
    progress(
        f"database {db} ({rows:,} grants, {facts['first_year']}-{facts['last_year']}); {args.runs} run(s) of "
        f"{len(steps)} filter changes; memory guard {args.mem_limit / 2**30:.1f} GiB; load {load_start}"
    )
    runs: list[dict[str, dict]] = []
    chromium_version = None
    peer_gave_up = False
    try:
        with sync_playwright() as pw:
            probe = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            chromium_version = probe.version
            probe.close()
            for run in range(1, args.runs + 1):
                order = apps if run % 2 == 1 else list(reversed(apps))
                progress(f"run {run}/{args.runs}: {' then '.join(order)} (load {os.getloadavg()})")
                this: dict[str, dict] = {}
                for app in order:
                    if app == "peer" and peer_gave_up:
                        progress("  peer: skipped (it failed for memory in an earlier run)")
                        continue
                    result = measure_app(pw, app, db, steps, args, run)
                    this[app] = result.summary(args.sessions)
                    if app == "peer" and result.killed_at_rss is not None:
                        peer_gave_up = True
                runs.append(this)
    except KeyboardInterrupt:
        progress("interrupted: servers stopped; writing the runs completed so far")
    medians, ratios = aggregate(runs, apps)
    report = {
        "started_at": started_at,
        "finished_at": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "database": {"path": str(db), "rows": rows, "bytes": db.stat().st_size, **facts},
        "settings": {
            "runs": args.runs,
            "steps": [s.describe() for s in steps],
            "sessions": args.sessions,
            "apps": {a: APPS[a] for a in apps},
            "peer_cache": args.peer_cache,
            "charts": N_CHARTS,
            "mem_limit_bytes": args.mem_limit,
            "timeouts_s": {"start": args.start_timeout, "load": args.load_timeout, "step": args.step_timeout},
        },
        "machine": machine() | {"chromium": chromium_version, "ram_available_at_start_bytes": available},
        "load_average": {"start": load_start, "end": os.getloadavg()},
        "median": medians,
        "ratios_peer_over_ours": ratios,
        "goals": {
            "faster_10x_filter_p50": None
            if ratios.get("filter_p50_ms") is None
            else ratios["filter_p50_ms"] >= 10,
            "less_memory_5x_first_view": None
            if ratios.get("rss_first_view") is None
            else ratios["rss_first_view"] >= 5,
        },
        "runs": runs,
    }
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(
        f"\n{db.name}: {rows:,} grants; medians of {len(runs)} run(s); load average {report['load_average']}"
    )
    print_table(medians, ratios, apps, args.sessions)
    print(f"wrote {out_path}")
    return 0 if all(medians[a]["runs_ok"] for a in apps) else 1


if __name__ == "__main__":
    raise SystemExit(main())
