"""ETL benchmarks (issue #6): parsing, bulk load and full rebuilds, each against a naive peer in the same run.

    python bench/bench_etl.py --rows 1000000             # 3 runs of everything, medians
    python bench/bench_etl.py --rows 10000000 --runs 1 --builds peer,stages --skip parse,real   # 10M once
    python bench/bench_etl.py --rows 0 --runs 5          # parsing and the real-data rebuild only

Prints a table and writes bench/output/etl_<rows>.json with every run, the medians, the load average around
each run and a description of the machine. Figures:

1. Parsing, documents/s: the shared corpus pages (seeds + dev) replicated to --documents files
   (bench/bench_parse.py's method), parsed one after another on one core.
   ours: etl.documents.parse_document(path) per file (genre detection, every grant with its amount,
   recipient, funder, year...).
   peer: what a typical script does: read the file as UTF-8, BeautifulSoup(text, "html.parser").get_text(" "),
   and one regular expression that finds amounts (a number, an optional scale word such as "mill."/"tusen",
   a currency such as "kr"/"NOK"/"SEK"/"EUR") - no genre, no recipient, no funder, no year.
2. Bulk load, rows/s, and 3. full rebuild, seconds: `python -m etl build` into a fresh database (so the
   unchanged-inputs shortcut cannot apply) from
   - the real raw data (--real-raw-dir, default ../shared), and
   - a synthetic raw folder from bench/generate_raw.py with --rows SweCRIS grant rows (its sources.toml is
     passed as FUNDING_REGISTRY, so every input is still verified against a checksum).
   Wall time, CPU time (os.wait4) and peak RSS (its own VmHWM) are those of the build process. Bulk rows are
   the data rows of the four bulk files (both SweCRIS files, the two Forskningsrådet files); rows/s = bulk
   rows / wall time of the whole build (documents, places, currencies, themes, dedup, ids, checks, grant_facts
   included).
   peer: a naive full build in one process: pandas.read_csv (dtype=object: text kept as written) of the same
   four files,
   DataFrame.apply(axis=1) of a Python function per row doing the same cleaning (amount text -> float,
   missing -> null; award year, falling back to the start year; title whitespace; ISO dates; funder id;
   Vinnova rows of the all-funders file skipped; only granted soknader rows) and the currency conversion
   (ECB annual average of the award year -> NOK, SEK, EUR), then the corpus pages as in 1., then one
   DuckDB table per result (CREATE TABLE AS from the DataFrame). It does not remove repeated rows, place
   grants, classify themes, link duplicates, name organisations, check anything or build grant_facts.
   A separate run of the same build with a timer around each stage ("stages" in --builds) shows where the
   time goes and the peak RSS after each stage; "ours, bulk path only" is that run's reading of the bulk
   files + currency conversion + insert of the grants table, against the peer's read + clean + insert.

A build is killed when its RSS passes --max-rss-gb or it runs past --timeout; the JSON then says so and, for
the stage-timed run, which stage it was in.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import importlib
import importlib.metadata
import json
import math
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BENCH = REPO / "bench"
for _path in (str(REPO), str(BENCH)):
    if _path not in sys.path:
        sys.path.insert(0, _path)

import bench_parse  # noqa: E402
import generate_raw  # noqa: E402

OUTPUT = BENCH / "output"
PACKAGES = ("polars", "duckdb", "pandas", "pyarrow", "numpy", "beautifulsoup4", "inscriptis", "lxml")
BULK_FILES = {  # registered path -> CSV separator
    "data/swecris_kth/swecris_kth_vinnova.csv": ",",
    "data/swecris_kth/swecris_kth_grants.csv": ",",
    "data/nfr_open_data/bevilgningereu_dataset.csv": ";",
    "data/nfr_open_data/soknader2_sample.csv": ",",
}
MIN_AVAILABLE_MIB = 1536
PEER_AMOUNT = re.compile(
    r"(?<![\w.,])(\d{1,3}(?:[ \u00a0.]\d{3})+|\d+(?:[.,]\d+)?)\s*"
    r"(mill(?:ioner|iarder|ion|\.)?|miljoner|mnok|msek|mkr|tkr|tusen|kkr)?\s*"
    r"(kr(?:oner|onor)?\b|nok\b|sek\b|eur\b|€)",
    re.IGNORECASE,
)


# ---------------------------------------------------------------- machine and load


def machine() -> dict:
    cpuinfo = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    meminfo = Path("/proc/meminfo").read_text() if Path("/proc/meminfo").exists() else ""
    model = re.search(r"^model name\s*:\s*(.+)$", cpuinfo, re.M)
    mhz = re.search(r"^cpu MHz\s*:\s*(.+)$", cpuinfo, re.M)

    def kib(key: str) -> int | None:
        m = re.search(rf"^{key}:\s*(\d+) kB", meminfo, re.M)
        return int(m.group(1)) if m else None

    os_release = Path("/etc/os-release")
    pretty = (
        re.search(r'^PRETTY_NAME="?([^"\n]+)', os_release.read_text(), re.M) if os_release.exists() else None
    )
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            versions[name] = None
    git = {}
    with contextlib.suppress(OSError, subprocess.CalledProcessError):
        git["commit"] = _git("rev-parse", "HEAD")
        git["uncommitted_changes"] = bool(_git("status", "--porcelain", "--untracked-files=no"))
    return {
        "cpu_model": model.group(1).strip() if model else platform.processor() or None,
        "cpu_mhz": float(mhz.group(1)) if mhz else None,
        "cores": os.cpu_count(),
        "cores_usable": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "ram_gib": round(kib("MemTotal") / 2**20, 1) if kib("MemTotal") else None,
        "ram_available_gib_at_start": round(kib("MemAvailable") / 2**20, 1) if kib("MemAvailable") else None,
        "os": pretty.group(1) if pretty else platform.platform(),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "packages": versions,
        "git": git,
    }


def _git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True, check=True).stdout.strip()


def load1() -> float:
    return round(os.getloadavg()[0], 2)


def _rss_mib(pid: int, field: str = "VmRSS") -> float:
    """A process's resident memory now (VmRSS) or its high-water mark since it started its program (VmHWM)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    m = re.search(rf"^{field}:\s*(\d+) kB", status, re.M)
    return int(m.group(1)) / 1024 if m else 0.0


def _available_mib() -> float:
    """MemAvailable of the machine (other processes share it): a build is stopped before the OOM killer acts."""
    try:
        m = re.search(r"^MemAvailable:\s*(\d+) kB", Path("/proc/meminfo").read_text(), re.M)
    except OSError:
        return math.inf
    return int(m.group(1)) / 1024 if m else math.inf


def measure(cmd: list[str], env: dict[str, str], *, max_rss_mib: float, timeout: float) -> dict:
    """Run `cmd`; wall time, the child's CPU time (rusage) and peak RSS, load average before/during/after.

    The peak is the child's own high-water mark (VmHWM), read every 0.1 s until it exits. rusage's ru_maxrss
    is not used for it: Linux carries the spawning process's high-water mark over into the child's, so it
    reported 6.8 GiB for every 10M build, the memory this script took to count the rows of the 10M files.
    """
    load_before = os.getloadavg()
    peak_load = load_before[0]
    peak_rss = 0.0
    killed = None
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, env=env, cwd=REPO, stdout=out, stderr=err)
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            peak_rss = max(peak_rss, _rss_mib(proc.pid, "VmHWM"))
            if killed is None:
                if _rss_mib(proc.pid) > max_rss_mib:
                    killed = f"RSS above {max_rss_mib:.0f} MiB"
                elif _available_mib() < MIN_AVAILABLE_MIB:
                    killed = f"less than {MIN_AVAILABLE_MIB} MiB of memory left on the machine"
                elif time.perf_counter() - start > timeout:
                    killed = f"running past {timeout:.0f} s"
                if killed:
                    proc.kill()
            peak_load = max(peak_load, os.getloadavg()[0])
            time.sleep(0.1)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode(errors="replace")
        stderr = err.read().decode(errors="replace")
    return {
        "wall_s": round(wall, 3),
        "user_s": round(usage.ru_utime, 2),
        "sys_s": round(usage.ru_stime, 2),
        "peak_rss_mib": round(peak_rss, 1),
        "returncode": proc.returncode,
        "killed": killed,
        "load1_before": round(load_before[0], 2),
        "load1_max_during": round(peak_load, 2),
        "load1_after": load1(),
        "stdout_tail": stdout[-1500:],
        "stderr_tail": stderr[-1500:],
    }


def median(values: list[float]) -> float | None:
    values = [v for v in values if v is not None]
    return round(statistics.median(values), 3) if values else None


# ---------------------------------------------------------------- 1. parsing


def peer_parse_page(path: Path) -> int:
    """The peer's page: BeautifulSoup text, then every amount-looking match. Returns how many it found."""
    try:
        from bs4 import BeautifulSoup
    except ImportError as exc:  # a benchmark-only dependency, not in requirements*.txt
        raise SystemExit(
            "the parsing peer needs BeautifulSoup: .venv/bin/pip install beautifulsoup4"
        ) from exc

    text = path.read_text(encoding="utf-8", errors="replace")
    plain = BeautifulSoup(text, "html.parser").get_text(" ")
    return sum(1 for _ in PEER_AMOUNT.finditer(plain))


def bench_parsing(raw_dir: Path, count: int, runs: int) -> dict:
    from etl.documents import parse_document

    pages = bench_parse.corpus_pages(raw_dir)
    expected = {p.name: len(parse_document(p).records) for p in pages}  # also warms imports and caches
    peer_parse_page(pages[0])
    ours_runs, peer_runs = [], []
    with tempfile.TemporaryDirectory(prefix="etl_bench_parse_") as tmp:
        files = bench_parse.replicate(pages, count, Path(tmp))
        for run in range(runs):
            order = ("ours", "peer") if run % 2 == 0 else ("peer", "ours")
            for who in order:
                before = load1()
                wall0, cpu0 = time.perf_counter(), time.process_time()
                if who == "ours":
                    found = mismatches = 0
                    for path in files:
                        n = len(parse_document(path).records)
                        found += n
                        mismatches += n != expected[path.name.split("_", 1)[1]]
                else:
                    found = sum(peer_parse_page(path) for path in files)
                    mismatches = None
                wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
                entry = {
                    "seconds": round(wall, 3),
                    "cpu_seconds": round(cpu, 3),
                    "docs_per_s": round(count / wall, 1),
                    "docs_per_cpu_s": round(count / cpu, 1),
                    ("records" if who == "ours" else "amounts_found"): found,
                    "load1_before": before,
                    "load1_after": load1(),
                }
                if who == "ours":
                    entry["mismatches_vs_single_pass"] = mismatches
                (ours_runs if who == "ours" else peer_runs).append(entry)
    ours = {
        "what": "etl.documents.parse_document(path) per file: genre, then every grant (amount, currency, "
        "recipient, funder, year, ...)",
        "docs_per_s_median": median([r["docs_per_s"] for r in ours_runs]),
        "docs_per_cpu_s_median": median([r["docs_per_cpu_s"] for r in ours_runs]),
        "runs": ours_runs,
    }
    peer = {
        "what": 'read UTF-8; BeautifulSoup(text, "html.parser").get_text(" "); PEER_AMOUNT.finditer (number, '
        "optional scale word, currency); count the matches. No genre, recipient, funder or year.",
        "regex": PEER_AMOUNT.pattern,
        "docs_per_s_median": median([r["docs_per_s"] for r in peer_runs]),
        "docs_per_cpu_s_median": median([r["docs_per_cpu_s"] for r in peer_runs]),
        "runs": peer_runs,
    }
    return {
        "documents": count,
        "distinct_pages": len(pages),
        "ours": ours,
        "peer": peer,
        "ratio_ours_over_peer": _ratio(ours["docs_per_s_median"], peer["docs_per_s_median"]),
        "ratio_ours_over_peer_cpu": _ratio(ours["docs_per_cpu_s_median"], peer["docs_per_cpu_s_median"]),
    }


def _ratio(a: float | None, b: float | None) -> float | None:
    return round(a / b, 3) if a and b else None


# ---------------------------------------------------------------- 2./3. builds


def bulk_rows(raw_dir: Path) -> dict[str, int]:
    """Data rows of each bulk file (quoted line breaks are not rows)."""
    import polars as pl

    return {
        path: pl.scan_csv(raw_dir / path, separator=sep, infer_schema=False).select(pl.len()).collect().item()
        for path, sep in BULK_FILES.items()
    }


def build_env(registry: Path | None, documents_dir: Path) -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if k not in ("FUNDING_REGISTRY", "FUNDING_DB", "FUNDING_RAW_DIR")
    }
    env["FUNDING_DOCUMENTS_DIR"] = str(documents_dir)  # an empty folder: no user pages in the figures
    env["PYTHONUNBUFFERED"] = "1"
    if registry:
        env["FUNDING_REGISTRY"] = str(registry)
    return env


def db_facts(db: Path) -> dict:
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        by_source = con.sql("SELECT source_id, count(*) FROM grants GROUP BY 1 ORDER BY 1").fetchall()
        return {
            "grants": sum(n for _, n in by_source),
            "grants_by_source": dict(by_source),
            "grant_facts": con.execute("SELECT count(*) FROM grant_facts").fetchone()[0],
            "organisations": con.execute("SELECT count(*) FROM organisations").fetchone()[0],
            "db_mib": round(db.stat().st_size / 2**20, 1),
        }
    finally:
        con.close()


def _child_command(kind: str, raw_dir: Path, db: Path) -> list[str]:
    """This script in child mode: the peer's build, or our build with stage timers; results in DB.json."""
    flags = ["--child", kind, "--raw-dir", str(raw_dir), "--db", str(db), "--child-out", f"{db}.json"]
    return [sys.executable, str(Path(__file__).resolve()), *flags]


def run_builds(label: str, raw_dir: Path, registry: Path | None, rows: int, args, work: Path) -> dict:
    """`runs` x (our build, the peer's build), interleaved; then one stage-timed build of ours."""
    docs_dir = work / "no_user_documents"
    docs_dir.mkdir(exist_ok=True)
    env = build_env(registry, docs_dir)
    limit = args.max_rss_gb * 1024
    ours, peer, facts = [], [], None
    for run in range(args.runs):
        for who in ("ours", "peer") if run % 2 == 0 else ("peer", "ours"):
            if who not in args.builds:
                continue
            db = work / f"{label}_{who}_{run}.duckdb"
            if who == "ours":
                cmd = [sys.executable, "-m", "etl", "build", "--raw-dir", str(raw_dir), "--db", str(db)]
                cmd.append("--offline")
            else:
                cmd = _child_command("peer", raw_dir, db)
            print(f"  {label}: {who} build {run + 1}/{args.runs} ...", file=sys.stderr, flush=True)
            result = measure(cmd, env, max_rss_mib=limit, timeout=args.timeout)
            ok = result["returncode"] == 0 and not result["killed"]
            if who == "ours":
                result["built"] = ok and "built " in result["stdout_tail"]
                if result["built"] and facts is None:
                    facts = db_facts(db)
                result["bulk_rows_per_s"] = round(rows / result["wall_s"], 1) if result["built"] else None
                ours.append(result)
            else:
                child = Path(str(db) + ".json")
                if ok and child.exists():
                    result |= json.loads(child.read_text())
                    result["bulk_rows_per_s"] = round(rows / result["wall_s"], 1)
                    result["bulk_path_rows_per_s"] = round(rows / result["phases_s"]["bulk_total"], 1)
                peer.append(result)
            print(
                f"    {result['wall_s']:.1f} s, peak RSS {result['peak_rss_mib']:.0f} MiB, load "
                f"{result['load1_before']}->{result['load1_after']}"
                + (f", KILLED: {result['killed']}" if result["killed"] else "")
                + ("" if ok else f", exit {result['returncode']}: {result['stderr_tail'][-300:]}"),
                file=sys.stderr,
                flush=True,
            )
            for path in work.glob(f"{db.name}*"):
                path.unlink(missing_ok=True)
    stages = None
    if "stages" in args.builds:
        db = work / f"{label}_stages.duckdb"
        cmd = _child_command("stages", raw_dir, db) + (["--profile"] if args.profile else [])
        print(f"  {label}: stage-timed build ...", file=sys.stderr, flush=True)
        stages = measure(cmd, env, max_rss_mib=limit, timeout=args.timeout)
        child = Path(str(db) + ".json")
        if child.exists():
            stages |= json.loads(child.read_text())
        else:  # killed or failed: when each stage started, from the child's progress lines
            started = re.findall(r"^stage> (.+) at ([\d.]+) s$", stages["stderr_tail"], re.M)
            stages["stage_started_at_s"] = [[name, float(at)] for name, at in started]
            stages["last_stage_started"] = f"{started[-1][0]} at {started[-1][1]} s" if started else None
        if stages.get("stages_s"):
            s = stages["stages_s"]
            bulk_path = (
                s.get("bulk: read the four files", 0) + s.get("  currencies", 0) + s.get("  insert grants", 0)
            )
            stages["bulk_path_s"] = round(bulk_path, 3)
            stages["bulk_path_rows_per_s"] = round(rows / bulk_path, 1) if bulk_path else None
        for path in work.glob(f"{db.name}*"):
            path.unlink(missing_ok=True)
    built = [r for r in ours if r["built"]]
    peer_ok = [r for r in peer if "phases_s" in r]
    summary = {
        "raw_dir": str(raw_dir),
        "registry": str(registry) if registry else "etl/sources.toml",
        "bulk_rows": rows,
        "ours": {
            "command": "python -m etl build --raw-dir RAW --db FRESH.duckdb --offline"
            + (" (FUNDING_REGISTRY=RAW/sources.toml)" if registry else ""),
            "wall_s_median": median([r["wall_s"] for r in built]),
            "cpu_s_median": median([r["user_s"] + r["sys_s"] for r in built]),
            "peak_rss_mib_median": median([r["peak_rss_mib"] for r in built]),
            "bulk_rows_per_s_median": median([r["bulk_rows_per_s"] for r in built]),
            "database": facts,
            "runs": ours,
        },
        "peer": {
            "what": "naive full build: pandas.read_csv(dtype=object) of the four bulk files, DataFrame.apply(axis=1) "
            "row-wise cleaning + ECB annual-average conversion, BeautifulSoup + amount regex over the corpus "
            "pages, DuckDB CREATE TABLE AS from each DataFrame (see the module docstring)",
            "wall_s_median": median([r["wall_s"] for r in peer_ok]),
            "peak_rss_mib_median": median([r["peak_rss_mib"] for r in peer_ok]),
            "bulk_rows_per_s_median": median([r["bulk_rows_per_s"] for r in peer_ok]),
            "bulk_path_rows_per_s_median": median([r["bulk_path_rows_per_s"] for r in peer_ok]),
            "runs": peer,
        }
        if "peer" in args.builds
        else None,
        "stages": stages,
    }
    if summary["peer"]:
        o, p = summary["ours"], summary["peer"]
        summary["ratios"] = {
            "bulk_rows_per_s_ours_over_peer": _ratio(
                o["bulk_rows_per_s_median"], p["bulk_rows_per_s_median"]
            ),
            "rebuild_speedup_peer_s_over_ours_s": _ratio(p["wall_s_median"], o["wall_s_median"]),
            "bulk_path_rows_per_s_ours_over_peer": _ratio(
                (stages or {}).get("bulk_path_rows_per_s"), p["bulk_path_rows_per_s_median"]
            ),
            "peak_rss_ours_over_peer": _ratio(o["peak_rss_mib_median"], p["peak_rss_mib_median"]),
        }
    return summary


# ---------------------------------------------------------------- children (run in their own process)


def child_peer(raw_dir: Path, db: Path) -> dict:
    """The naive full build (see the module docstring). Returns its phase times."""
    import duckdb
    import pandas as pd

    from etl.bulk.swecris import FUNDER_IDS
    from etl.funders import slug

    phases: dict[str, float] = {}
    t = time.perf_counter()
    rates_frame = pd.read_csv(raw_dir / "data/ecb_fx/ecb_yearly_avg_eur_nok_sek.csv")
    rates = {int(r.year): (r.nok_per_eur, r.sek_per_eur) for r in rates_frame.itertuples()}
    first, last = min(rates), max(rates)

    def text(value) -> str | None:
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return None
        value = str(value).strip()
        return value or None

    def number(value) -> float | None:
        value = text(value)
        try:
            return float(value.replace(" ", "").replace(",", ".")) if value else None
        except ValueError:
            return None

    def iso(value) -> str | None:
        value = text(value)
        return value[:10] if value and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value[:10]) else None

    def norway_date(value) -> str | None:  # "01.06.2020 00:00" -> "2020-06-01"
        value = text(value)
        m = re.match(r"(\d{2})\.(\d{2})\.(\d{4})", value or "")
        return f"{m.group(3)}-{m.group(2)}-{m.group(1)}" if m else None

    def money(amount: float | None, currency: str, year: int | None) -> tuple:
        if amount is None or year is None:
            return None, None, None
        nok, sek = rates[min(max(year, first), last)]
        eur = amount if currency == "EUR" else amount / (nok if currency == "NOK" else sek)
        return round(eur * nok, 2), round(eur * sek, 2), round(eur, 2)

    def clean_title(value) -> str | None:
        value = text(value)
        return " ".join(value.split()) if value else None

    def swecris(row) -> tuple | None:
        if "diarienummer" not in row.index and row["fundingOrganisationId"] == "202100-5216":
            return None  # Vinnova rows come from the Vinnova file
        amount = number(row["fundingsSek"])
        start = iso(row["projectStartDate"])
        year = int(row["fundingYear"]) if text(row["fundingYear"]) else (int(start[:4]) if start else None)
        funder_org = text(row["fundingOrganisationId"])
        funder = text(row["fundingOrganisationNameSv"])
        funder_id = FUNDER_IDS.get(funder_org) or f"se-{slug(funder or funder_org or '')}"
        recipient = text(row["coordinatingOrganisationNameSv"])
        return (
            row["projectId"],
            funder_id,
            funder,
            None if recipient == "NULL" else recipient,
            text(row["coordinatingOrganisationId"]),
            clean_title(row["projectTitleSv"]) or clean_title(row["projectTitleEn"]),
            amount,
            "SEK",
            year,
            start,
            iso(row["projectEndDate"]),
            *money(amount, "SEK", year),
        )

    def h2020(row) -> tuple:
        amount = number(row["Innvilget beløp organisasjon EUR"])
        signed = norway_date(row["Kontrakt signeringsdato"]) or norway_date(row["Kontrakt startdato"])
        year = int(signed[:4]) if signed else None
        return (
            f"{row['Prosjektnr']}:{text(row['Organisasjonsnummer']) or row['Deltakernr']}",
            "eu-h2020",
            "European Commission (Horizon 2020)",
            text(row["Organisasjonsnavn"]),
            text(row["Organisasjonsnummer"]),
            clean_title(row["Prosjektnavn"]),
            amount,
            "EUR",
            year,
            norway_date(row["Kontrakt startdato"]),
            norway_date(row["Kontrakt sluttdato"]),
            *money(amount, "EUR", year),
        )

    def soknad(row) -> tuple | None:
        amount = number(row["tildelt_belop"])
        if row["prosjektfase"] not in ("Bevilgning", "Avsluttet") or not amount:
            return None
        year = int(row["prosjektstart"]) if text(row["prosjektstart"]) else None
        return (
            row["prosjektnummer"],
            "no-forskningsradet",
            "Forskningsrådet",
            text(row["prosjektansvarlig_navn"]),
            text(row["organisasjonsnummer"]),
            clean_title(row["prosjekttittel"]),
            amount,
            "NOK",
            year,
            None,
            None,
            *money(amount, "NOK", year),
        )

    columns = ["record_key", "funder_id", "funder", "recipient", "org_number", "title", "amount", "currency"]
    columns += ["year", "start_date", "end_date", "amount_nok", "amount_sek", "amount_eur"]
    cleaners = {
        "data/swecris_kth/swecris_kth_vinnova.csv": ("swecris_vinnova", swecris),
        "data/swecris_kth/swecris_kth_grants.csv": ("swecris_other", swecris),
        "data/nfr_open_data/bevilgningereu_dataset.csv": ("nfr_h2020", h2020),
        "data/nfr_open_data/soknader2_sample.csv": ("nfr_soknader", soknad),
    }
    phases["setup"] = time.perf_counter() - t
    results = []
    read = clean = 0.0
    for path, sep in BULK_FILES.items():
        t = time.perf_counter()
        # dtype=object: text as Python strings, as written (pandas 3's default "str" dtype makes apply(axis=1)
        # about 15x slower; the peer should not be handicapped by that).
        frame = pd.read_csv(
            raw_dir / path, sep=sep, dtype=object, keep_default_na=False, na_values=["", "NA"]
        )
        read += time.perf_counter() - t
        t = time.perf_counter()
        source_id, cleaner = cleaners[path]
        rows = [r for r in frame.apply(cleaner, axis=1) if r is not None]
        out = pd.DataFrame(rows, columns=columns)
        out.insert(0, "source_id", source_id)
        results.append(out)
        del frame
        clean += time.perf_counter() - t
    phases["bulk_read"] = read
    phases["bulk_clean"] = clean

    t = time.perf_counter()
    pages = bench_parse.corpus_pages(raw_dir)
    page_rows = pd.DataFrame(
        [(p.relative_to(raw_dir).as_posix(), peer_parse_page(p)) for p in pages], columns=["path", "amounts"]
    )
    phases["pages"] = time.perf_counter() - t

    t = time.perf_counter()
    grants = pd.concat(results, ignore_index=True)
    con = duckdb.connect(str(db))
    con.register("incoming_grants", grants)
    con.execute("CREATE TABLE grants AS SELECT * FROM incoming_grants")
    con.register("incoming_pages", page_rows)
    con.execute("CREATE TABLE pages AS SELECT * FROM incoming_pages")
    con.execute("CHECKPOINT")
    con.close()
    phases["bulk_insert"] = time.perf_counter() - t
    phases["bulk_total"] = phases["bulk_read"] + phases["bulk_clean"] + phases["bulk_insert"]
    return {"phases_s": {k: round(v, 3) for k, v in phases.items()}, "peer_rows": len(grants)}


# Stages timed in the stage run: (module, function, label). Patched module attributes, so the ETL runs as is.
STAGES = [
    ("etl.pipeline", "extract", "extract: verify every input"),
    ("etl.pipeline", "fingerprint", "fingerprint"),
    ("etl.pipeline", "parse_all_documents", "documents: parse"),
    ("etl.pipeline", "_read_bulk", "bulk: read the four files"),
    ("etl.pipeline", "_stage_vinnova", "  swecris_kth_vinnova.csv"),
    ("etl.pipeline", "_stage_other_funders", "  swecris_kth_grants.csv (repeats removed)"),
    ("etl.bulk.nfr", "read_h2020", "  bevilgningereu_dataset.csv"),
    ("etl.bulk.nfr", "read_soknader", "  soknader2_sample.csv"),
    ("etl.enrich", "enrich", "enrich"),
    ("etl.reference.regions", "add_places", "  places"),
    ("etl.reference.fx", "add_converted_amounts", "  currencies"),
    ("etl.reference.themes", "classify", "  themes"),
    ("etl.dedup", "assign_clusters", "  dedup (clusters)"),
    ("etl.enrich", "_shapes", "  map shapes"),
    ("etl.pipeline", "normalize", "normalise: ids, funders, organisations"),
    ("etl.pipeline", "build_summary", "summary"),
    ("etl.load", "write_tables", "load: write the database"),
    ("etl.load", "_insert", "  insert"),
    ("etl.load", "run_checks", "  checks"),
]
TOP_LEVEL = [label for _, _, label in STAGES if not label.startswith(" ")]
LOAD_REST = "  grant_facts, reference tables"
OTHER = "other (staging the documents, run log, checkpoint, fsync, swap, lock)"


def child_stages(raw_dir: Path, db: Path, profile: bool) -> dict:
    """`python -m etl build` in this process with a timer around each stage (printed as it starts)."""
    timings: dict[str, float] = {}
    peak_after: dict[str, float] = {}  # the process's RSS high-water mark when each stage ended
    t_import = time.perf_counter()
    from etl import cli

    for module_name, _, _ in STAGES:
        importlib.import_module(module_name)
    imported = time.perf_counter() - t_import

    def timed(function, label):
        def wrapper(*args, **kwargs):
            name = f"  insert {args[1]}" if label == "  insert" else label
            print(f"stage> {name.strip()} at {time.perf_counter() - t0:.1f} s", file=sys.stderr, flush=True)
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                elapsed = time.perf_counter() - start
                timings[name] = timings.get(name, 0.0) + elapsed
                peak_after[name.strip()] = _peak_rss_mib()
                if label == "  insert":
                    timings[label] = timings.get(label, 0.0) + elapsed

        return wrapper

    for module_name, attr, label in STAGES:
        module = sys.modules[module_name]
        setattr(module, attr, timed(getattr(module, attr), label))
    argv = ["build", "--raw-dir", str(raw_dir), "--db", str(db), "--offline"]
    t0 = time.perf_counter()
    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    code = cli.main(argv)
    if profiler:
        profiler.disable()
    total = time.perf_counter() - t0
    if code != 0:
        raise SystemExit(code)
    top = sum(timings.get(label, 0.0) for label in TOP_LEVEL)
    timings[OTHER] = max(0.0, total - top)
    load_parts = sum(timings.get(label, 0.0) for label in ("  insert", "  checks"))
    timings[LOAD_REST] = max(0.0, timings.get("load: write the database", 0.0) - load_parts)
    result = {
        "import_s": round(imported, 3),
        "build_s": round(total, 3),
        "stages_s": {k: round(v, 3) for k, v in timings.items()},
        "peak_rss_mib_after_stage": peak_after,
    }
    if profiler:
        result["profile_top"] = _profile_top(profiler)
    return result


def _peak_rss_mib() -> float:
    m = re.search(r"^VmHWM:\s*(\d+) kB", Path("/proc/self/status").read_text(), re.M)
    return round(int(m.group(1)) / 1024, 1) if m else 0.0


def _profile_top(profiler, n: int = 25) -> list[dict]:
    """The ETL's own functions by cumulative time (polars work shows as the calling function's time)."""
    import pstats

    stats = pstats.Stats(profiler).stats
    rows = []
    for (filename, line, name), (_, calls, tottime, cumtime, _) in stats.items():
        if f"{os.sep}etl{os.sep}" in filename and ".venv" not in filename:
            rows.append(
                {
                    "function": f"{Path(filename).relative_to(REPO).as_posix()}:{line}({name})",
                    "calls": calls,
                    "own_s": round(tottime, 3),
                    "cumulative_s": round(cumtime, 3),
                }
            )
    return sorted(rows, key=lambda r: -r["cumulative_s"])[:n]


# ---------------------------------------------------------------- report


def print_table(report: dict) -> None:
    lines = []
    load = report["load"]
    lines.append(
        f"ETL benchmark, {report['machine']['cpu_model']} ({report['machine']['cores']} cores, "
        f"{report['machine']['ram_gib']} GiB), load average {load['start']} at start, {load['end']} at end; "
        f"medians of {report['runs']} runs"
    )
    header = f"{'figure':<58}{'ours':>14}{'peer':>14}{'ours/peer':>11}  load1"
    lines += [header, "-" * len(header)]

    def row(name, ours, peer, ratio, load1=""):
        fmt = lambda v: "-" if v is None else (f"{v:,.1f}" if isinstance(v, float) else f"{v:,}")  # noqa: E731
        ratio_text = "-" if ratio is None else f"{ratio:.3g}"
        lines.append(f"{name:<58}{fmt(ours):>14}{fmt(peer):>14}{ratio_text:>11}  {load1}")

    if p := report.get("parse"):
        loads = [r["load1_before"] for r in p["ours"]["runs"]]
        row(
            f"parse: documents/s ({p['documents']} pages)",
            p["ours"]["docs_per_s_median"],
            p["peer"]["docs_per_s_median"],
            p["ratio_ours_over_peer"],
            f"{min(loads)}-{max(loads)}" if loads else "",
        )
        row(
            "parse: documents per CPU-second",
            p["ours"]["docs_per_cpu_s_median"],
            p["peer"]["docs_per_cpu_s_median"],
            p["ratio_ours_over_peer_cpu"],
        )
    for key in ("real", "synthetic"):
        b = report.get(key)
        if not b:
            continue
        rows = report["rows"]
        name = (
            "real" if key == "real" else (f"{rows / 1e6:g}M synth." if rows >= 10**6 else f"{rows:,} synth.")
        )
        lines.append(f"{name}: {b['bulk_rows']:,} bulk rows (data rows of the four bulk files)")
        o, p = b["ours"], b.get("peer") or {}
        loads = [r["load1_before"] for r in o["runs"]]
        loads_txt = f"{min(loads)}-{max(loads)}" if loads else ""
        ratios = b.get("ratios") or {}
        row(f"{name}: full rebuild, s", o["wall_s_median"], p.get("wall_s_median"), _ratio(
            o["wall_s_median"], p.get("wall_s_median")), loads_txt)  # fmt: skip
        row(
            f"{name}: bulk rows/s, whole build",
            o["bulk_rows_per_s_median"],
            p.get("bulk_rows_per_s_median"),
            ratios.get("bulk_rows_per_s_ours_over_peer"),
        )
        stages = b.get("stages") or {}
        row(
            f"{name}: bulk rows/s, bulk path only",
            stages.get("bulk_path_rows_per_s"),
            p.get("bulk_path_rows_per_s_median"),
            ratios.get("bulk_path_rows_per_s_ours_over_peer"),
        )
        row(f"{name}: peak RSS, MiB", o["peak_rss_mib_median"], p.get("peak_rss_mib_median"), ratios.get(
            "peak_rss_ours_over_peer"))  # fmt: skip
        failed = [r for r in o["runs"] if not r["built"]]
        if failed:
            lines.append(
                f"  {len(failed)} build(s) failed: {failed[0]['killed'] or failed[0]['stderr_tail'][-200:]}"
            )
    for key in ("real", "synthetic"):
        stages = (report.get(key) or {}).get("stages") or {}
        if stages.get("stages_s"):
            lines.append(
                f"\nwhere the time goes ({key}, one stage-timed build of {stages['build_s']:.1f} s):"
            )
            order = [label for _, _, label in STAGES] + [LOAD_REST, OTHER]
            peaks = stages.get("peak_rss_mib_after_stage", {})
            for name in order:
                seconds = stages["stages_s"].get(name)
                if seconds is None or (seconds < 0.05 and name.startswith(" ")):
                    continue
                share = 100 * seconds / stages["build_s"]
                peak = peaks.get(name.strip())
                peak_text = f"   peak RSS so far {peak:,.0f} MiB" if peak and not name.startswith(" ") else ""
                lines.append(f"  {name:<56}{seconds:>9.2f} s {share:>4.0f} %{peak_text}")
        elif stages.get("killed"):
            lines.append(
                f"\n{key} stage-timed build killed ({stages['killed']}) in: {stages.get('last_stage_started')}"
            )
    print("\n".join(lines))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=1_000_000, help="synthetic SweCRIS rows (0: none)")
    ap.add_argument("--runs", type=int, default=3, help="runs of each measurement; medians are reported")
    ap.add_argument("--documents", type=int, default=2000, help="replicated pages for the parsing figure")
    ap.add_argument(
        "--real-raw-dir", type=Path, help="the real raw data (default FUNDING_RAW_DIR, ../shared)"
    )
    ap.add_argument(
        "--raw-dir", type=Path, help="a synthetic folder from generate_raw.py (default: make one)"
    )
    ap.add_argument(
        "--work-dir", type=Path, help="scratch folder (default: a new one in the system temp dir)"
    )
    ap.add_argument("--keep", action="store_true", help="keep the generated synthetic folder")
    ap.add_argument("--skip", default="", help="comma list of parse,real,synthetic")
    ap.add_argument(
        "--builds",
        default="ours,peer,stages",
        help="comma list of the builds to run: ours (timed `python -m etl build`), peer, stages (one stage-timed build)",
    )
    ap.add_argument("--profile", action="store_true", help="cProfile the stage-timed build (slower)")
    ap.add_argument("--max-rss-gb", type=float, default=19.0, help="kill a build whose RSS passes this")
    ap.add_argument("--timeout", type=float, default=3600.0, help="kill a build running longer (s)")
    ap.add_argument("--seed", type=int, default=20240101)
    ap.add_argument("--out", type=Path, help="JSON file (default bench/output/etl_<rows>.json)")
    ap.add_argument("--child", choices=["peer", "stages"], help=argparse.SUPPRESS)
    ap.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--child-out", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    args.builds = {b.strip() for b in args.builds.split(",") if b.strip()}
    if args.builds - {"ours", "peer", "stages"}:
        ap.error(f"--builds: unknown {sorted(args.builds - {'ours', 'peer', 'stages'})}")

    if args.child:
        result = (
            child_peer(args.raw_dir, args.db)
            if args.child == "peer"
            else child_stages(args.raw_dir, args.db, args.profile)
        )
        args.child_out.write_text(json.dumps(result, indent=1))
        return 0

    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    real_raw = (args.real_raw_dir or generate_raw.default_raw_dir()).resolve()
    work = args.work_dir or Path(tempfile.mkdtemp(prefix="etl_bench_"))
    work.mkdir(parents=True, exist_ok=True)
    report = {
        "issue": 6,
        "started_at": dt.datetime.now().isoformat(timespec="seconds"),
        "command": " ".join(["python", "bench/bench_etl.py", *(argv if argv is not None else sys.argv[1:])]),
        "rows": args.rows,
        "runs": args.runs,
        "machine": machine(),
        "load": {"start": [round(x, 2) for x in os.getloadavg()]},
        "real_raw_dir": str(real_raw),
    }
    print(f"work folder {work}; load average {report['load']['start']}", file=sys.stderr)
    if "parse" not in skip:
        print(f"parsing: {args.documents} pages x {args.runs} runs, ours and peer ...", file=sys.stderr)
        report["parse"] = bench_parsing(real_raw, args.documents, args.runs)
    if "real" not in skip:
        print("real data: builds ...", file=sys.stderr)
        report["real"] = run_builds("real", real_raw, None, sum(bulk_rows(real_raw).values()), args, work)
    generated = None
    if args.rows and "synthetic" not in skip:
        raw = args.raw_dir
        if raw is None:
            raw = work / f"raw_{args.rows}"
            print(f"synthetic: generating {args.rows:,} rows in {raw} ...", file=sys.stderr)
            generated = generate_raw.generate(args.rows, raw, args.seed, real_raw)
        counts = bulk_rows(raw)
        report["synthetic_generate"] = generated or {"raw_dir": str(raw), "given": True}
        report["synthetic_bulk_rows_by_file"] = counts
        print("synthetic: builds ...", file=sys.stderr)
        report["synthetic"] = run_builds(
            "synthetic", raw, raw / "sources.toml", sum(counts.values()), args, work
        )
        if generated and not args.keep:
            shutil.rmtree(raw, ignore_errors=True)
    report["load"]["end"] = [round(x, 2) for x in os.getloadavg()]
    report["finished_at"] = dt.datetime.now().isoformat(timespec="seconds")
    out = args.out or OUTPUT / f"etl_{args.rows}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=1, ensure_ascii=False))
    if args.work_dir is None and not (generated and args.keep):
        shutil.rmtree(work, ignore_errors=True)
    print_table(report)
    print(f"\nwrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
