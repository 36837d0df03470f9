"""Shared fixtures: where the raw data is, and one real database built once per test session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from etl.config import REPO_ROOT, load_settings


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--long", action="store_true", help="run the long versions of fuzz/load/fault tests")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--long"):
        os.environ.setdefault("FUZZ_EXAMPLES", "100000")
        return
    skip_long = pytest.mark.skip(reason="long version: run with --long")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip_long)


@pytest.fixture(scope="session")
def raw_dir() -> Path:
    path = Path(os.environ.get("FUNDING_RAW_DIR", REPO_ROOT.parent / "shared")).resolve()
    if not (path / "corpus").is_dir():
        pytest.fail(f"raw data not found at {path}: set FUNDING_RAW_DIR to the shared folder")
    return path


@pytest.fixture(scope="session")
def built_db(raw_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real database, built once from ../shared into a temporary folder."""
    from etl.pipeline import run_build

    folder = tmp_path_factory.mktemp("db")
    empty_user_docs = folder / "user_documents"
    empty_user_docs.mkdir()
    settings = load_settings(raw_dir, folder / "funding.duckdb", empty_user_docs)
    run_build(settings, allow_download=False, progress=False)
    return settings.db_path
