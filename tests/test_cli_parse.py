"""`python -m etl parse FILE... --format jsonl`, exactly as RECORD_FORMAT.md specifies."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from etl.config import REPO_ROOT
from etl.records import CONTRACT_KEYS


def _parse(*files: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "etl", "parse", *map(str, files), "--format", "jsonl"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_prints_one_contract_record_per_line(raw_dir: Path):
    docs = sorted((raw_dir / "corpus/seeds/docs").iterdir())
    result = _parse(*docs)
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == 18
    for record in records:
        assert set(CONTRACT_KEYS) <= set(record)
        assert record["country"] in {"NO", "SE"}
        assert isinstance(record["partners"], list)


def test_document_without_grant_prints_nothing_and_exits_zero(raw_dir: Path):
    result = _parse(raw_dir / "corpus/dev/docs/023_se_neg_vinnova_call_ideslussar_2016.txt")
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""


def test_unreadable_file_exits_nonzero_with_a_clear_message(tmp_path: Path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    missing = tmp_path / "nope.txt"
    for path in (empty, missing):
        result = _parse(path)
        assert result.returncode != 0
        assert result.stdout == ""
        assert path.name in result.stderr
