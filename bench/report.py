"""Markdown tables of the latest benchmark results in bench/output/ (for bench/README.md).

python bench/report.py            # after bench/run_all.sh (or the single scripts) wrote their JSON
"""

from __future__ import annotations

import json
import re
from pathlib import Path

OUT = Path(__file__).resolve().parent / "output"
SIZES = {10_000: "10k", 1_000_000: "1M", 10_000_000: "10M"}


def _mib(b: float | None) -> str:
    return "–" if b is None else f"{b / 2**20:,.0f} MiB"


def _ratio(r: float | None) -> str:
    return "–" if r is None else f"{r:.1f}×"


def _ms(v: float | None) -> str:
    return "–" if v is None else f"{v:,.0f} ms"


def _s(v: float | None) -> str:
    return "–" if v is None else f"{v:.1f} s"


def peer_table() -> str:
    rows = [
        ("cold start to first chart", "cold_first_chart_s", _s),
        ("filter change to updated charts, p50", "filter_p50_ms", _ms),
        ("filter change to updated charts, p95", "filter_p95_ms", _ms),
        ("server RSS after the first view", "rss_first_view", _mib),
        ("RSS per extra session", "rss_per_extra_session", _mib),
        ("peak RSS, 6 sessions", "rss_peak", _mib),
        (
            "bytes sent per chart (per filter change / 4)",
            "bytes_per_chart_p50",
            lambda b: f"{b / 1024:.1f} KiB",
        ),
    ]
    found = {
        n: json.loads((OUT / f"peer_{n}.json").read_text())
        for n in SIZES
        if (OUT / f"peer_{n}.json").exists()
    }
    head = "| | " + " | ".join(f"{SIZES[n]} ours | {SIZES[n]} peer | peer/ours" for n in found) + " |"
    lines = [head, "|---|" + "---|---|---|" * len(found)]
    for label, key, fmt in rows:
        cells = []
        for d in found.values():
            ours, peer = d["median"]["ours"].get(key), d["median"].get("peer", {}).get(key)
            ratios = d["ratios_peer_over_ours"]
            bound = ratios.get(f"{key}_at_least")  # a peer stopped by the memory guard: lower bounds only
            if peer is None and d["median"].get("peer", {}).get("runs_ok") == 0:
                cells += [fmt(ours), "did not fit", f"≥ {bound:.1f}×" if bound else "–"]
            else:
                cells += [fmt(ours), fmt(peer), _ratio(ratios.get(key))]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    loads = ", ".join(
        f"{SIZES[n]}: {d['load_average']['start'][0]:.1f}→{d['load_average']['end'][0]:.1f}"
        for n, d in found.items()
    )
    return "\n".join(lines) + f"\n\nLoad average (1 min) at start→end of each run: {loads}."


def dashboard_table() -> str:
    pat = re.compile(r"^\s+([\w-]+)( uncached| cached)?\s+n=\s*\d+\s+p50=\s*([\d.]+) ms\s+p95=\s*([\d.]+) ms")
    found = {}
    for n in SIZES:
        path = OUT / f"dashboard_{n}.txt"
        if not path.exists():
            continue
        section = "queries"
        for line in path.read_text().splitlines():
            if line.startswith(("AppTest", "peer AppTest")):
                section = "rerun"
            m = pat.match(line)
            if m and m.group(1) != "all":
                kind = "queries" if section == "queries" else m.group(2).strip()
                found.setdefault(n, {})[(m.group(1), kind)] = (float(m.group(3)), float(m.group(4)))
    if not found:
        return "(no dashboard_*.txt yet)"
    pages = ["overview", "trends", "map", "grants", "profiles", "compare", "methods"]
    head = (
        "| page | "
        + " | ".join(
            f"{SIZES[n]} queries | {SIZES[n]} rerun new filter | {SIZES[n]} rerun cached" for n in found
        )
        + " |"
    )
    lines = [head, "|---|" + "---|---|---|" * len(found)]
    for p in pages:
        cells = []
        for d in found.values():
            for kind in ("queries", "uncached", "cached"):
                v = d.get((p, kind))
                cells.append(f"{v[0]:.0f} / {v[1]:.0f}" if v else "–")
        lines.append(f"| {p} | " + " | ".join(cells) + " |")
    if any(("peer-overview", "uncached") in d for d in found.values()):
        peer_cells, ratio_cells = [], []
        for d in found.values():
            for kind in ("queries", "uncached", "cached"):
                v, ours = d.get(("peer-overview", kind)), d.get(("overview", kind))
                peer_cells.append(f"{v[0]:,.0f} / {v[1]:,.0f}" if v else "–")
                ratio_cells.append(f"{v[0] / ours[0]:.1f}×" if v and ours else "–")
        lines.append("| peer: overview | " + " | ".join(peer_cells) + " |")
        lines.append("| peer / ours, overview p50 | " + " | ".join(ratio_cells) + " |")
    return "\n".join(lines)


def _etl_synthetic_rows(label: str, s: dict) -> list[str]:
    """Table rows of one synthetic size: rebuild time, rows per s, peak RSS, ours against the peer."""
    ours, peer, ratios = s["ours"], s["peer"], s["ratios"]
    rows = [
        f"| {label} synthetic: full rebuild ({s['bulk_rows']:,} bulk rows) | {ours['wall_s_median']:.1f} s |"
        f" {peer['wall_s_median']:.1f} s | {ratios['rebuild_speedup_peer_s_over_ours_s']:.2f}× |",
        f"| {label} synthetic: bulk rows per s, whole build | {ours['bulk_rows_per_s_median']:,.0f} |"
        f" {peer['bulk_rows_per_s_median']:,.0f} | {ratios['bulk_rows_per_s_ours_over_peer']:.2f}× |",
    ]
    if (s.get("stages") or {}).get("bulk_path_rows_per_s"):
        rows.append(
            f"| {label} synthetic: bulk rows per s, bulk path only | {s['stages']['bulk_path_rows_per_s']:,.0f} |"
            f" {peer.get('bulk_path_rows_per_s_median', 0):,.0f} | {ratios['bulk_path_rows_per_s_ours_over_peer']:.2f}× |"
        )
    rows.append(
        f"| {label} synthetic: peak RSS | {ours['peak_rss_mib_median']:,.0f} MiB | {peer['peak_rss_mib_median']:,.0f} MiB |"
        f" {ratios['peak_rss_ours_over_peer']:.2f}× (ours/peer) |"
    )
    return rows


def _etl_run_line(label: str, d: dict) -> str:
    commit = str(d.get("machine", {}).get("git", {}).get("commit", "?"))[:7]
    load = f"{d['load']['start'][0]:.1f}→{d['load']['end'][0]:.1f}"
    return f"{label}: run {d['started_at']}, commit {commit}, load average {load}."


def etl_table() -> str:
    """bench_etl.py's JSON at 1M (parsing, the real data, 1M synthetic) and, when there, at 10M."""
    path = OUT / "etl_1000000.json"
    if not path.exists():
        return "(no etl_1000000.json yet)"
    d = json.loads(path.read_text())
    p, r = d["parse"], d["real"]
    lines = [
        "| | ours | peer | ours vs peer |",
        "|---|---|---|---|",
        f"| parse pages, documents per s ({p['documents']:,} pages) | {p['ours']['docs_per_s_median']:,.0f} |"
        f" {p['peer']['docs_per_s_median']:,.0f} | {p['ratio_ours_over_peer']:.3f}× (the peer only finds amounts) |",
        f"| real data: full rebuild ({r['bulk_rows']:,} bulk rows + pages) | {r['ours']['wall_s_median']:.1f} s |"
        f" {r['peer']['wall_s_median']:.1f} s | {r['ratios']['rebuild_speedup_peer_s_over_ours_s']:.2f}× |",
        f"| real data: peak RSS | {r['ours']['peak_rss_mib_median']:,.0f} MiB | {r['peer']['peak_rss_mib_median']:,.0f} MiB |"
        f" {r['ratios']['peak_rss_ours_over_peer']:.2f}× (ours/peer) |",
        *_etl_synthetic_rows("1M", d["synthetic"]),
    ]
    runs = [_etl_run_line("1M", d)]
    big = OUT / "etl_10000000.json"
    if big.exists():
        d10 = json.loads(big.read_text())
        if (d10.get("synthetic") or {}).get("ours", {}).get("wall_s_median"):
            lines += _etl_synthetic_rows("10M", d10["synthetic"])
            runs.append(_etl_run_line("10M", d10))
    return "\n".join(lines) + "\n\n" + " ".join(runs)


def render_floor_table() -> str:
    """bench_render_floor.py's JSON per size: p50 / p95 of each part of a filter change in the browser."""
    import statistics

    found = {
        n: json.loads((OUT / f"render_floor_grants_{n}.json").read_text())
        for n in SIZES
        if (OUT / f"render_floor_grants_{n}.json").exists()
    }
    if not found:
        return "(no render_floor_grants_*.json yet)"

    def cell(values: list[float]) -> str:
        ordered = sorted(values)
        p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
        return f"{statistics.median(values):,.0f} / {p95:,.0f}"

    rows = [
        ("a minimal Streamlit app (one radio, one line of text): the floor", lambda d: d["minimal"]),
        ("our Data and methods page (sidebar, tables, no chart)", lambda d: d["methods"]),
        ("our Overview (sidebar, figures, four charts)", lambda d: d["overview"]),
        ("plotly.js alone, the Overview's 4 figures: `Plotly.newPlot`", lambda d: d["plotly"]["newPlot"]),
        ("plotly.js alone, the same 4 figures: `Plotly.react`", lambda d: d["plotly"]["react"]),
    ]
    lines = [
        "| ms, p50 / p95 | " + " | ".join(SIZES[n] for n in found) + " |",
        "|---" * (len(found) + 1) + "|",
    ]
    lines += [
        f"| {label} | " + " | ".join(cell(get(d)) for d in found.values()) + " |" for label, get in rows
    ]
    kept = ", ".join(f"{SIZES[n]}: {d['charts_kept']} of {d['charts_before']}" for n, d in found.items())
    return "\n".join(lines) + f"\n\nCharts that kept their DOM node through a filter change: {kept}."


if __name__ == "__main__":
    print("## Dashboard against the peer\n\n" + peer_table())
    print("\n## Server side (ms, p50 / p95)\n\n" + dashboard_table())
    print("\n## Where a filter change spends its time in the browser\n\n" + render_floor_table())
    print("\n## ETL\n\n" + etl_table())
