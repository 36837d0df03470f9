"""The data dictionary documents every column of grant_facts and every table of the database."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb

from etl.config import REPO_ROOT

DICTIONARY = REPO_ROOT / "docs" / "data_dictionary.md"


def _documented_names() -> set[str]:
    text = DICTIONARY.read_text(encoding="utf-8")
    names = set()
    for cell in re.findall(r"^\| ([^|]+) \|", text, flags=re.M):
        names.update(n.strip() for n in cell.split(","))
    names.update(re.findall(r"`([a-z_]+)`", text))
    return names


def test_every_grant_facts_column_is_documented(built_db: Path):
    con = duckdb.connect(str(built_db), read_only=True)
    columns = [r[0] for r in con.execute("DESCRIBE grant_facts").fetchall()]
    missing = [c for c in columns if c not in _documented_names()]
    assert not missing, f"document these grant_facts columns in docs/data_dictionary.md: {missing}"


def test_every_table_is_documented(built_db: Path):
    con = duckdb.connect(str(built_db), read_only=True)
    tables = [r[0] for r in con.execute("SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall()]
    missing = [t for t in tables if t not in _documented_names()]
    assert not missing, f"document these tables in docs/data_dictionary.md: {missing}"
