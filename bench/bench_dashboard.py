"""Server-side timings of the dashboard: the queries behind each page, and whole AppTest reruns.

    python bench/bench_dashboard.py --db /tmp/grants_1m.duckdb            # an existing database
    python bench/bench_dashboard.py --rows 10000                          # generate one first (bench/output/)
    python bench/bench_dashboard.py --db /tmp/grants_1m.duckdb --no-apptest --iterations 50

"queries" times every query a page runs with the Streamlit cache bypassed (a new filter each time: the
uncached case). "rerun" times a whole AppTest rerun of the page (script, widgets, queries, figures) with the
cache cleared before every run ("uncached") and left warm ("cached"). Prints p50/p95 in milliseconds.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from analytics import queries as q  # noqa: E402
from analytics.db import Database  # noqa: E402
from analytics.filters import Filters  # noqa: E402

PAGES = ["overview", "trends", "map", "grants", "profiles", "compare", "methods"]


def filter_variants(options: q.Options) -> list[Filters]:
    """Different filters on every iteration, so nothing is served from a cache."""
    years = list(range(options.first_year or 2008, (options.last_year or 2026) + 1))
    funders = options.funders["funder_id"].to_list()[:6] or ["vinnova"]
    out = [Filters()]
    for i, y in enumerate(years):
        out.append(Filters(country=("NO", "SE")[i % 2], year_from=y, year_to=min(y + 3, years[-1])))
        out.append(Filters(funders=(funders[i % len(funders)],), year_from=years[0], year_to=y))
        out.append(
            Filters(
                theme=options.themes["theme_id"][i % max(options.themes.height, 1)]
                if options.themes.height
                else None,
                currency=("NOK", "SEK", "EUR")[i % 3],
            )
        )
    return [f.normalised() for f in out]


def per_build_queries(db: Database) -> None:
    """Results that do not depend on the filters: cached once per database build."""
    q.options(db)
    q.geo_shapes(db, "county", ("NO", "SE"))
    q.geo_shapes(db, "municipality", ("NO", "SE"))
    q.search_organisations(db, "", 50)
    q.build_info(db)
    q.sources_coverage(db)
    q.documents_summary(db)
    q.quarantine(db, 500)
    q.funder_renames(db)


def page_queries(db: Database, page: str, f: Filters, org: str | None = None) -> None:
    """The filter-dependent queries a page runs on one rerun (as the page scripts call them)."""
    q.headline(db, f)
    if page == "overview":
        q.totals(db, f, ("country", "funder", "theme", "year"))
    elif page == "trends":
        q.totals_by(db, f, "funder")
        q.by_year(db, f, "funder", "award")
    elif page == "map":
        q.by_region(db, f, "county", None)
    elif page == "grants":
        q.grants_page(db, f, "amount", True, 25, 0)
    elif page == "profiles" and org:
        scoped = f.with_(extra=(("org", org),))
        q.headline(db, scoped)
        q.totals(db, scoped, ("year", "funder", "theme"))
        q.partners_of(db, f, org, 15)
        q.grants_page(db, scoped, "amount", True, 25, 0)
    elif page == "compare":
        for side in (f.with_(country="NO"), f.with_(country="SE")):
            q.headline(db, side)
            q.by_year(db, side, None, "award")
            q.totals_by(db, side, "theme")


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def report(name: str, ms: list[float]) -> str:
    return f"{name:<28} n={len(ms):>3}  p50={statistics.median(ms):7.1f} ms  p95={pct(ms, 95):7.1f} ms"


def bench_queries(db: Database, iterations: int) -> None:
    variants = filter_variants(q.options(db))
    orgs = q.search_organisations(db, "", 50)
    org = orgs["org_id"][0] if orgs.height else None
    ms = []
    for _ in range(max(3, iterations // 4)):
        t0 = time.perf_counter()
        per_build_queries(db)
        ms.append((time.perf_counter() - t0) * 1000)
    print("per-build results (options, shapes, sources; cached until the next build)")
    print("  " + report("all pages, once", ms))
    print(f"filter-dependent queries per page (uncached: {iterations} different filters)")
    for page in PAGES:
        page_queries(db, page, Filters(), org)  # warm the OS page cache, not a result cache
        ms = []
        for i in range(iterations):
            f = variants[i % len(variants)]
            t0 = time.perf_counter()
            page_queries(db, page, f, org)
            ms.append((time.perf_counter() - t0) * 1000)
        print("  " + report(page, ms))


def bench_apptest(iterations: int) -> None:
    import logging

    from streamlit.testing.v1 import AppTest

    for name in ("streamlit", "streamlit.runtime.caching.cache_data_api"):
        logging.getLogger(name).setLevel(logging.ERROR)

    print(f"AppTest reruns ({iterations} each)")
    for page in PAGES:
        at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=120)
        at.run()
        if page != "overview":
            at.switch_page(f"pages/views/{page}.py").run()
        if at.exception:
            print(f"  {page}: exception {at.exception[0].value}")
            continue
        results = {}
        lo, hi = int(at.slider(key="w_years").min), int(at.slider(key="w_years").max)
        spans = [(a, b) for a in range(lo, hi) for b in range(hi, a, -1)]
        for mode in ("uncached", "cached"):
            ms = []
            for i in range(iterations):
                if mode == "uncached":  # a filter never seen before: every aggregate is computed
                    at.slider(key="w_years").set_value(spans[i % len(spans)])
                t0 = time.perf_counter()
                at.run()
                ms.append((time.perf_counter() - t0) * 1000)
            results[mode] = ms
        print("  " + report(f"{page} uncached", results["uncached"]))
        print("  " + report(f"{page} cached", results["cached"]))


def bench_peer_apptest(iterations: int) -> None:
    """The peer (bench/peer_app.py, the whole table in pandas under st.cache_data) rerun the same way as our
    Overview: a new year range each time, then unchanged."""
    import logging

    from streamlit.testing.v1 import AppTest

    logging.getLogger("streamlit").setLevel(logging.ERROR)
    at = AppTest.from_file(str(REPO / "bench" / "peer_app.py"), default_timeout=900)
    at.run()  # loads the whole table once (not timed: its cold start is in bench_peer.py)
    years = at.slider[0]
    lo, hi = int(years.min), int(years.max)
    spans = [(a, b) for a in range(lo, hi) for b in range(hi, a, -1)]
    results = {}
    for mode in ("uncached", "cached"):
        ms = []
        for i in range(iterations):
            if mode == "uncached":
                at.slider[0].set_value(spans[i % len(spans)])
            t0 = time.perf_counter()
            at.run(timeout=900)
            ms.append((time.perf_counter() - t0) * 1000)
        results[mode] = ms
    print(f"peer AppTest reruns ({iterations} each)")
    print("  " + report("peer-overview uncached", results["uncached"]))
    print("  " + report("peer-overview cached", results["cached"]))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", type=Path, help="database to time (default: generate one with --rows)")
    ap.add_argument("--rows", type=int, default=10_000, help="rows to generate when --db is not given")
    ap.add_argument("--iterations", type=int, default=20)
    ap.add_argument("--no-apptest", action="store_true", help="only time the queries")
    ap.add_argument(
        "--peer", action="store_true", help="also rerun the peer app (bench/peer_app.py) the same way"
    )
    args = ap.parse_args(argv)
    path = args.db
    if path is None:
        path = REPO / "bench" / "output" / f"grants_{args.rows}.duckdb"
        if not path.exists():
            import importlib.util

            spec = importlib.util.spec_from_file_location("bench_generate", REPO / "bench" / "generate.py")
            gen = importlib.util.module_from_spec(spec)
            sys.modules[spec.name] = gen
            spec.loader.exec_module(gen)
            gen.write(path, args.rows, 20240101)
    os.environ["FUNDING_DB"] = str(path.resolve())
    db = Database(path.resolve())
    n = q.headline(db, Filters())["n_grants"]
    print(f"database {path} ({n:,} grants)")
    bench_queries(db, args.iterations)
    if not args.no_apptest:
        bench_apptest(args.iterations)
    if args.peer:
        bench_peer_apptest(args.iterations)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
