"""Settings shared by the ETL and the dashboard: where raw data is read and the database is written."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from etl.registry import REGISTRY_PATH

REPO_ROOT = Path(__file__).resolve().parent.parent
RAW_DIR_ENV = "FUNDING_RAW_DIR"
DB_PATH_ENV = "FUNDING_DB"
DOCUMENTS_DIR_ENV = "FUNDING_DOCUMENTS_DIR"
# Another source registry in place of etl/sources.toml, e.g. the one bench/generate_raw.py writes for a synthetic
# raw-data folder. Its checksums are verified exactly like the default registry's; unset, nothing changes.
REGISTRY_ENV = "FUNDING_REGISTRY"


@dataclass(frozen=True)
class Settings:
    raw_dir: Path  # read-only inputs (CI: ../shared)
    db_path: Path  # the live database the dashboard opens
    documents_dir: Path = REPO_ROOT / "data" / "documents"  # pages users add
    repo_root: Path = REPO_ROOT
    registry_path: Path = REGISTRY_PATH  # the source registry: every input with its checksum

    @property
    def cache_dir(self) -> Path:
        """Where downloaded inputs go when the raw directory lacks them."""
        return self.db_path.parent / "cache"


def load_settings(
    raw_dir: str | Path | None = None,
    db_path: str | Path | None = None,
    documents_dir: str | Path | None = None,
    registry_path: str | Path | None = None,
) -> Settings:
    """Explicit arguments win over the environment, which wins over the defaults.

    The default raw directory is `../shared` beside the checkout, as CI lays it out.
    """
    raw = raw_dir or os.environ.get(RAW_DIR_ENV) or REPO_ROOT.parent / "shared"
    db = db_path or os.environ.get(DB_PATH_ENV) or REPO_ROOT / "data" / "funding.duckdb"
    docs = documents_dir or os.environ.get(DOCUMENTS_DIR_ENV) or REPO_ROOT / "data" / "documents"
    registry = registry_path or os.environ.get(REGISTRY_ENV) or REGISTRY_PATH
    return Settings(
        raw_dir=Path(raw).expanduser().resolve(),
        db_path=Path(db).expanduser().resolve(),
        documents_dir=Path(docs).expanduser().resolve(),
        registry_path=Path(registry).expanduser().resolve(),
    )
