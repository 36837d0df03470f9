"""The whole dataset, for those who run their own SQL: one Parquet file per table and view, in a zip with the
data dictionary and a README of sources and licences; and the DuckDB file itself, offered separately.

DuckDB writes the Parquet files (COPY ... TO, streaming) into a temporary folder, so a large table never has
to sit in Python memory. The database is opened read-only; the ETL replaces it atomically, never in place.
"""

from __future__ import annotations

import datetime as dt
import tempfile
import zipfile
from pathlib import Path

import duckdb

from exports.provenance import FILE_STEM, PRODUCT_NAME, SourceCredit, latest_etl_run, source_credits
from exports.tables import DATA_DICTIONARY, ExportFile

FIRST = ("grant_facts",)  # the relation most users want, listed first


def dataset_filename(exported_on: dt.date | None = None, extension: str = "zip") -> str:
    day = (exported_on or dt.date.today()).isoformat()
    kind = "database" if extension == "duckdb" else "dataset"
    return f"{FILE_STEM}_{kind}_{day}.{extension}"


def list_relations(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    """(name, "view" | "table") of the user relations of the main schema: grant_facts first, then by name."""
    views = con.sql(
        "SELECT view_name FROM duckdb_views() WHERE NOT internal AND schema_name = 'main' ORDER BY view_name"
    ).fetchall()
    tables = con.sql(
        "SELECT table_name FROM duckdb_tables() WHERE NOT internal AND schema_name = 'main' ORDER BY table_name"
    ).fetchall()
    relations = [(name, "view") for (name,) in views] + [(name, "table") for (name,) in tables]
    return sorted(relations, key=lambda r: (r[0] not in FIRST, r[0]))


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def write_dataset_zip(
    db_path: Path | str, out_path: Path | str, *, exported_on: dt.date | None = None
) -> dict:
    """Write the dataset zip to `out_path`; returns {relation: row count} as written."""
    exported_on = exported_on or dt.date.today()
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        relations = list_relations(con)
        credits = source_credits(con)
        run_id, built = latest_etl_run(con)
        counts: dict[str, int] = {}
        with tempfile.TemporaryDirectory(prefix="dataset-") as tmp:
            folder = Path(tmp)
            for name, _kind in relations:
                target = folder / f"{name}.parquet"
                con.execute(
                    f"COPY (SELECT * FROM {_quote(name)}) TO '{_sql_path(target)}' (FORMAT parquet, COMPRESSION zstd)"
                )
                counts[name] = con.sql(f"SELECT count(*)::BIGINT FROM {_quote(name)}").fetchall()[0][0]
            readme = dataset_readme(relations, counts, credits, run_id, built, exported_on)
            with zipfile.ZipFile(out_path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
                archive.writestr("README.txt", readme.encode("utf-8"))
                if DATA_DICTIONARY.is_file():
                    archive.write(DATA_DICTIONARY, "data_dictionary.md")
                for name, _kind in relations:
                    # Parquet is already compressed: store it as is
                    archive.write(folder / f"{name}.parquet", f"parquet/{name}.parquet", zipfile.ZIP_STORED)
        return counts
    finally:
        con.close()


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")


def dataset_zip(db_path: Path | str, *, exported_on: dt.date | None = None) -> ExportFile:
    """The dataset zip as bytes, for a download button."""
    exported_on = exported_on or dt.date.today()
    with tempfile.TemporaryDirectory(prefix="dataset-zip-") as tmp:
        target = Path(tmp) / "dataset.zip"
        write_dataset_zip(db_path, target, exported_on=exported_on)
        data = target.read_bytes()
    return ExportFile(dataset_filename(exported_on), "application/zip", data)


def database_file(db_path: Path | str, *, exported_on: dt.date | None = None) -> ExportFile:
    """The DuckDB file itself. One read of one open file: the ETL swaps in a new file with `os.replace`, so the
    bytes read are the whole of one build, never a mix of two."""
    with open(db_path, "rb") as handle:
        data = handle.read()
    return ExportFile(dataset_filename(exported_on, "duckdb"), "application/octet-stream", data)


def dataset_readme(
    relations: list[tuple[str, str]],
    counts: dict[str, int],
    credits: tuple[SourceCredit, ...],
    run_id: str | None,
    built: str | None,
    exported_on: dt.date,
) -> str:
    lines = [
        f"Nordic public innovation grants — the whole dataset of the {PRODUCT_NAME}",
        "=" * 72,
        "",
        f"Exported:  {exported_on.isoformat()}",
        f"Database:  built {built or 'unknown'}" + (f", ETL run {run_id}" if run_id else ""),
        "",
        "Start with parquet/grant_facts.parquet: one row per counted grant (see data_dictionary.md). Money is in",
        "the original currency (amount, currency) and converted (amount_nok, amount_sek, amount_eur); never add",
        "up amounts of different currencies. An unknown amount is empty (NULL), never 0.",
        "",
        "Files",
        "-----",
    ]
    for name, kind in relations:
        lines.append(f"parquet/{name}.parquet  ({kind}, {counts.get(name, 0)} rows)")
    lines += [
        "data_dictionary.md  (what every column means)",
        "",
        "Reading the files",
        "-----------------",
        "DuckDB:  SELECT * FROM 'parquet/grant_facts.parquet';",
        "Python:  polars.read_parquet('parquet/grant_facts.parquet')  or  pandas.read_parquet(...)",
        "R:       arrow::read_parquet('parquet/grant_facts.parquet')",
        "The DuckDB database file itself is offered separately; it needs DuckDB 2.0 or newer.",
        "",
        "Sources and licences",
        "--------------------",
    ]
    lines += [f"* {c.line()}" for c in credits] or ["* (not recorded)"]
    lines.append("")
    return "\n".join(lines)
