"""Throughput of the document parsers on one core.

Replicates the shared corpus pages (seeds + dev) to N documents in a temporary folder, parses them one
after another with `parse_document`, and prints documents per second and peak memory. Then checks the
records are the same as a single pass over the corpus (speed must not change results).

    python bench/bench_parse.py [--documents 10000] [--tracemalloc]

Target: >= 200 documents/s.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from etl.documents import parse_document  # noqa: E402


def corpus_pages(raw_dir: Path) -> list[Path]:
    pages = sorted(raw_dir.glob("corpus/*/docs/*"))
    if not pages:
        raise SystemExit(f"no corpus pages under {raw_dir}/corpus: set FUNDING_RAW_DIR")
    return pages


def replicate(pages: list[Path], count: int, folder: Path) -> list[Path]:
    """`count` files cycling through `pages`, each with its own name (no caching by path possible)."""
    out = []
    for i in range(count):
        source = pages[i % len(pages)]
        target = folder / f"{i:06d}_{source.name}"
        shutil.copyfile(source, target)
        out.append(target)
    return out


def run(count: int, use_tracemalloc: bool) -> dict:
    raw_dir = Path(os.environ.get("FUNDING_RAW_DIR", REPO.parent / "shared"))
    pages = corpus_pages(raw_dir)
    expected = {p.name: len(parse_document(p).records) for p in pages}
    with tempfile.TemporaryDirectory() as tmp:
        files = replicate(pages, count, Path(tmp))
        if use_tracemalloc:
            tracemalloc.start()
        start = time.perf_counter()
        cpu_start = time.process_time()
        records = 0
        mismatches = 0
        for path in files:
            result = parse_document(path)
            records += len(result.records)
            if len(result.records) != expected[path.name.split("_", 1)[1]]:
                mismatches += 1
        elapsed = time.perf_counter() - start
        cpu = time.process_time() - cpu_start
        traced_peak = tracemalloc.get_traced_memory()[1] if use_tracemalloc else None
        if use_tracemalloc:
            tracemalloc.stop()
    return {
        "documents": count,
        "records": records,
        "seconds": elapsed,
        "docs_per_second": count / elapsed,
        "cpu_seconds": cpu,
        "docs_per_cpu_second": count / cpu,
        "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "traced_peak_mib": traced_peak / 2**20 if traced_peak is not None else None,
        "mismatches": mismatches,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--tracemalloc", action="store_true", help="also trace Python allocations (slower)")
    args = parser.parse_args()
    stats = run(args.documents, args.tracemalloc)
    print(
        f"{stats['documents']} documents, {stats['records']} records in {stats['seconds']:.2f} s: "
        f"{stats['docs_per_second']:.0f} documents/s wall clock, "
        f"{stats['docs_per_cpu_second']:.0f} documents per "
        f"CPU-second on one core; peak RSS {stats['peak_rss_mib']:.0f} MiB"
        + (
            f"; traced Python peak {stats['traced_peak_mib']:.1f} MiB"
            if stats["traced_peak_mib"] is not None
            else ""
        )
    )
    if stats["mismatches"]:
        print(
            f"WARNING: {stats['mismatches']} documents gave different records than a single pass",
            file=sys.stderr,
        )
        return 1
    # CPU time is the fair measure on a shared machine; wall clock is printed alongside.
    return 0 if stats["docs_per_cpu_second"] >= 200 else 2


if __name__ == "__main__":
    raise SystemExit(main())
