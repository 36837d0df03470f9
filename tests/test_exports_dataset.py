"""The whole-dataset zip: one Parquet file per table and view with every row, the data dictionary, and a README
of sources and licences; the DuckDB file offered byte for byte."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import duckdb
import polars as pl
import pytest
from test_exports_tables import make_fixture_db

from exports import dataset
from exports.tables import DATA_DICTIONARY

DAY = dt.date(2026, 4, 1)


@pytest.fixture(scope="module")
def fixture_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_fixture_db(tmp_path_factory.mktemp("dataset") / "fixture.duckdb")


@pytest.fixture(scope="module")
def archive(fixture_db: Path) -> zipfile.ZipFile:
    file = dataset.dataset_zip(fixture_db, exported_on=DAY)
    assert file.filename == "nordic-innovation-grants_dataset_2026-04-01.zip"
    assert file.mime == "application/zip"
    return zipfile.ZipFile(io.BytesIO(file.data))


def db_relations(db: Path) -> dict[str, pl.DataFrame]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        names = [
            r[0] for r in con.sql("SELECT table_name FROM duckdb_tables() WHERE NOT internal").fetchall()
        ]
        return {name: con.sql(f'SELECT * FROM "{name}"').pl() for name in [*names, "grant_facts"]}
    finally:
        con.close()


def test_every_table_and_the_view_with_every_row(archive: zipfile.ZipFile, fixture_db: Path) -> None:
    relations = db_relations(fixture_db)
    parquet = {
        n.removeprefix("parquet/").removesuffix(".parquet")
        for n in archive.namelist()
        if n.endswith(".parquet")
    }
    assert parquet == set(relations)
    for name, expected in relations.items():
        back = pl.read_parquet(io.BytesIO(archive.read(f"parquet/{name}.parquet")))
        assert back.height == expected.height, name
        assert back.columns == expected.columns, name
    facts = pl.read_parquet(io.BytesIO(archive.read("parquet/grant_facts.parquet"))).sort("grant_id")
    assert facts.equals(relations["grant_facts"].sort("grant_id"))
    grants = pl.read_parquet(io.BytesIO(archive.read("parquet/grants.parquet")))
    assert grants.height == facts.height + 1  # the non-counted duplicate record is in grants, not grant_facts


def test_data_dictionary_and_readme(archive: zipfile.ZipFile) -> None:
    assert archive.read("data_dictionary.md") == DATA_DICTIONARY.read_bytes()
    readme = archive.read("README.txt").decode("utf-8")
    for expected in (
        "parquet/grant_facts.parquet  (table, 10 rows)",
        "parquet/grants.parquet  (table, 11 rows)",
        "run-fixture",
        "Vinnova, via SweCRIS. Licence: CC0 1.0 (https://example.org/cc0)",
        "Source: European Central Bank",
        "DuckDB 2.0",
    ):
        assert expected in readme


def test_database_file_is_the_same_bytes_and_opens(fixture_db: Path, tmp_path: Path) -> None:
    file = dataset.database_file(fixture_db, exported_on=DAY)
    assert file.filename == "nordic-innovation-grants_database_2026-04-01.duckdb"
    assert file.data == fixture_db.read_bytes()
    copy = tmp_path / "copy.duckdb"
    copy.write_bytes(file.data)
    con = duckdb.connect(str(copy), read_only=True)
    try:
        assert con.sql("SELECT count(*) FROM grant_facts").fetchall()[0][0] == 10
    finally:
        con.close()


def test_write_dataset_zip_reports_row_counts(fixture_db: Path, tmp_path: Path) -> None:
    counts = dataset.write_dataset_zip(fixture_db, tmp_path / "out.zip", exported_on=DAY)
    assert counts["grant_facts"] == 10 and counts["grants"] == 11 and counts["sources"] == 3
    assert zipfile.ZipFile(tmp_path / "out.zip").testzip() is None
