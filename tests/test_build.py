"""The build: every document accounted for, deterministic, idempotent, atomic under kill -9 and failures."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from etl import load
from etl.config import REPO_ROOT, load_settings
from etl.pipeline import run_build
from tests.build_helpers import database_digest


def _settings(raw_dir: Path, folder: Path, user_docs: Path | None = None):
    user_docs = user_docs or folder / "user_docs"
    user_docs.mkdir(parents=True, exist_ok=True)
    return load_settings(raw_dir, folder / "funding.duckdb", user_docs)


def test_every_document_is_accounted_for(built_db: Path, raw_dir: Path):
    con = duckdb.connect(str(built_db), read_only=True)
    n_pages = len(list((raw_dir / "corpus/seeds/docs").iterdir())) + len(
        list((raw_dir / "corpus/dev/docs").iterdir())
    )
    statuses = dict(con.sql("SELECT status, count(*) FROM source_documents GROUP BY 1").fetchall())
    assert sum(statuses.values()) == n_pages
    assert statuses.get("records", 0) > 0 and statuses.get("no_grant", 0) > 0
    # A record-bearing document's records are all in grants, linked back to it.
    linked = con.execute(
        "SELECT sum(n_records)::INT, (SELECT count(*) FROM grants WHERE document_id IS NOT NULL)::INT"
        " FROM source_documents"
    ).fetchone()
    assert linked[0] == linked[1] > 0


def test_grant_facts_has_the_contract_columns(built_db: Path):
    con = duckdb.connect(str(built_db), read_only=True)
    columns = {r[0] for r in con.sql("DESCRIBE grant_facts").fetchall()}
    required = {
        "grant_id",
        "source_id",
        "funder_id",
        "funder",
        "funder_country",
        "recipient",
        "title",
        "programme",
        "theme",
        "amount",
        "currency",
        "award_year",
        "start_date",
        "end_date",
        "source_url",
        "amount_nok",
        "amount_sek",
        "amount_eur",
        "recipient_country",
        "municipality_code",
        "municipality",
        "county_code",
        "county",
        "region_code_at_award",
        "themes",
        "sources",
    }
    assert required <= columns, required - columns


def test_seed_grant_is_in_the_database_with_its_provenance(built_db: Path):
    con = duckdb.connect(str(built_db), read_only=True)
    row = con.execute(
        "SELECT amount, currency, award_year, funder_id, source_id FROM grants WHERE amount = 3771922"
    ).fetchone()
    assert row == (3771922.0, "SEK", 2016, "vinnova", "corpus_seeds")


def test_second_build_changes_nothing_and_a_forced_one_is_identical(raw_dir: Path, tmp_path: Path):
    settings = _settings(raw_dir, tmp_path)
    first = run_build(settings, allow_download=False, progress=False)
    assert not first.skipped
    digest = database_digest(settings.db_path)
    mtime = settings.db_path.stat().st_mtime_ns

    again = run_build(settings, allow_download=False, progress=False)
    assert again.skipped and settings.db_path.stat().st_mtime_ns == mtime

    forced = run_build(settings, force=True, allow_download=False, progress=False)
    assert not forced.skipped
    assert database_digest(settings.db_path) == digest


def test_batch_size_changes_nothing(built_db: Path, raw_dir: Path, tmp_path: Path, monkeypatch):
    """Records are read, placed, converted and classified a batch at a time (etl/staging.py); many small
    batches must give the same database as the default ones, and leave no scratch file behind."""
    from etl import staging

    monkeypatch.setattr(staging, "BATCH_ROWS", 700)
    settings = _settings(raw_dir, tmp_path)
    run_build(settings, allow_download=False, progress=False)
    assert database_digest(settings.db_path) == database_digest(built_db)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("funding.duckdb")) == [
        "funding.duckdb",
        "funding.duckdb.lock",
    ]


def test_failed_check_leaves_the_last_good_database(raw_dir: Path, tmp_path: Path, monkeypatch):
    settings = _settings(raw_dir, tmp_path)
    run_build(settings, allow_download=False, progress=False)
    digest = database_digest(settings.db_path)
    from etl import checks

    monkeypatch.setattr(checks, "CHECKS", [*checks.CHECKS, ("always fails", "SELECT grant_id FROM grants")])
    with pytest.raises(load.CheckFailed, match="always fails"):
        run_build(settings, force=True, allow_download=False, progress=False)
    assert database_digest(settings.db_path) == digest
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("funding.duckdb")) == [
        "funding.duckdb",
        "funding.duckdb.lock",
    ]


def _kill_build_at(delay_s: float, raw_dir: Path, settings) -> int:
    env = os.environ | {"FUNDING_RAW_DIR": str(raw_dir), "FUNDING_DOCUMENTS_DIR": str(settings.documents_dir)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "etl", "build", "--force", "--offline", "--db", str(settings.db_path)],
        cwd=REPO_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(delay_s)
    proc.send_signal(signal.SIGKILL)
    return proc.wait()


@pytest.mark.parametrize(
    "runs", [pytest.param(4, id="short"), pytest.param(50, id="long", marks=pytest.mark.slow)]
)
def test_killed_build_leaves_the_previous_database(raw_dir: Path, tmp_path: Path, runs: int):
    settings = _settings(raw_dir, tmp_path)
    started = time.monotonic()
    run_build(settings, allow_download=False, progress=False)
    build_seconds = time.monotonic() - started
    digest = database_digest(settings.db_path)
    rng = random.Random(20261122)
    for _ in range(runs):
        # Kill anywhere from interpreter start-up to past the end of a typical build (the subprocess also
        # pays its imports, so the spread covers parse, load and the swap).
        _kill_build_at(rng.uniform(0.05, build_seconds + 2.0), raw_dir, settings)
        assert database_digest(settings.db_path) == digest
    # A killed build may leave its temporary file behind; the next build clears it.
    run_build(settings, force=True, allow_download=False, progress=False)
    assert not [p.name for p in tmp_path.iterdir() if ".tmp-" in p.name]
    assert database_digest(settings.db_path) == digest


def test_unreadable_pages_are_quarantined_and_the_rest_still_builds(raw_dir: Path, tmp_path: Path):
    user_docs = tmp_path / "user_docs"
    user_docs.mkdir()
    (user_docs / "empty.txt").write_bytes(b"")
    rng = random.Random(1)
    (user_docs / "scan.txt").write_bytes(bytes(rng.randrange(256) for _ in range(4096)))
    (user_docs / "recipe.txt").write_text("Bake the bread for forty minutes at 220 degrees.\n" * 5)
    settings = _settings(raw_dir, tmp_path, user_docs)
    run_build(settings, allow_download=False, progress=False)
    con = duckdb.connect(str(settings.db_path), read_only=True)
    reasons = dict(
        con.sql("SELECT path, reason FROM quarantine WHERE source_id = 'local_documents'").fetchall()
    )
    assert reasons == {"empty.txt": "empty", "scan.txt": "binary", "recipe.txt": "unknown_genre"}
    assert con.execute("SELECT count(*) FROM grants WHERE source_id = 'corpus_seeds'").fetchone()[0] == 18


def test_missing_required_input_fails_with_file_and_origin(tmp_path: Path):
    (tmp_path / "raw").mkdir()
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "etl",
            "build",
            "--offline",
            "--raw-dir",
            str(tmp_path / "raw"),
            "--db",
            str(tmp_path / "funding.duckdb"),
        ],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        env=os.environ | {"FUNDING_DOCUMENTS_DIR": str(tmp_path / "docs")},
    )
    assert result.returncode != 0
    assert "bevilgningereu_dataset.csv" in result.stderr
    assert "https://raw.githubusercontent.com/Forskningsradet/open-data/" in result.stderr
    assert not (tmp_path / "funding.duckdb").exists()
