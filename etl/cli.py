"""Command line: `python -m etl parse FILE... --format jsonl`, `python -m etl build`, `python -m etl extract`."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from etl.config import load_settings


def _add_location_flags(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--raw-dir", help="folder holding the raw inputs (default: $FUNDING_RAW_DIR or ../shared)"
    )
    parser.add_argument("--db", help="database file to write (default: $FUNDING_DB or data/funding.duckdb)")
    parser.add_argument("--offline", action="store_true", help="never download a missing input")


def cmd_parse(args: argparse.Namespace) -> int:
    """Print one JSON object per extracted record on stdout; problems go to stderr."""
    from etl.documents import UnreadableDocument, parse_document

    failed = 0
    records = []
    for name in args.files:
        path = Path(name)
        if not path.is_file():
            print(f"error: {path}: no such file", file=sys.stderr)
            failed += 1
            continue
        try:
            result = parse_document(path)
        except UnreadableDocument as exc:
            print(f"error: {exc}", file=sys.stderr)
            failed += 1
            continue
        if result.status != "records":
            print(
                f"{path}: {result.status} ({result.genre}){': ' + result.note if result.note else ''}",
                file=sys.stderr,
            )
        for record in result.records:
            data = record.to_contract()
            if args.format == "jsonl":
                print(json.dumps(data, ensure_ascii=False))
            else:
                records.append(data)
    if args.format == "json":
        print(json.dumps(records, ensure_ascii=False, indent=1))
    return 1 if failed else 0


def cmd_build(args: argparse.Namespace) -> int:
    from etl.pipeline import format_summary, run_build

    settings = load_settings(args.raw_dir, args.db)
    result = run_build(settings, force=args.force, allow_download=not args.offline)
    print(format_summary(result))
    return 0


def cmd_extract(args: argparse.Namespace) -> int:
    from etl.extract import extract
    from etl.registry import load_registry

    settings = load_settings(args.raw_dir, args.db)
    inputs = extract(load_registry(settings.registry_path), settings, allow_download=not args.offline)
    n_files = sum(len(v) for v in inputs.files.values())
    n_docs = sum(len(v) for v in inputs.documents.values())
    print(
        f"all required inputs present and verified: {n_files} files, {n_docs} documents (raw dir {settings.raw_dir})"
    )
    for message in inputs.missing_optional:
        print(f"note: optional input missing: {message}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m etl", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p_parse = sub.add_parser("parse", help="extract grant records from document files")
    p_parse.add_argument("files", nargs="+", help="text or HTML pages")
    p_parse.add_argument("--format", choices=["jsonl", "json"], default="jsonl")
    p_parse.set_defaults(func=cmd_parse)

    p_build = sub.add_parser("build", help="build the database from every registered input")
    _add_location_flags(p_build)
    p_build.add_argument("--force", action="store_true", help="rebuild even when the inputs are unchanged")
    p_build.set_defaults(func=cmd_build)

    p_extract = sub.add_parser("extract", help="check (and fetch) every registered input")
    _add_location_flags(p_extract)
    p_extract.set_defaults(func=cmd_extract)

    args = parser.parse_args(argv)
    import duckdb

    from etl.extract import ChecksumMismatch, MissingInput
    from etl.load import BuildLocked, CheckFailed

    try:
        return args.func(args)
    except (MissingInput, ChecksumMismatch, BuildLocked, CheckFailed) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        # A full disk or an unwritable data folder: say which file, change nothing.
        print(f"error: {exc.strerror or exc} ({exc.filename or ''})", file=sys.stderr)
        return 3
    except duckdb.Error as exc:
        # DuckDB reports its own write failures (no space, cannot open file); the live database is untouched.
        message = " ".join(str(exc).split())
        print(f"error: the database could not be written ({message})", file=sys.stderr)
        return 3
