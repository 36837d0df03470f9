"""Extract: make every registered input present locally, verified by checksum.

An input is taken from the raw-data directory, else from the download cache, else downloaded from its
registered URL (when there is one and the network answers). A required input that cannot be had stops the
build with a message naming the file and where it comes from.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from etl.config import Settings
from etl.registry import Source, SourceFile

DOCUMENT_SUFFIXES = (".txt", ".html", ".htm")
DOWNLOAD_TIMEOUT_S = 30


class MissingInput(RuntimeError):
    """A required input is absent and could not be fetched."""


class ChecksumMismatch(RuntimeError):
    """A file is present but its bytes are not the registered ones."""


@dataclass
class Inputs:
    """Local paths of every input that is present, keyed by source id."""

    files: dict[str, dict[str, Path]] = field(default_factory=dict)  # source id -> registered path -> local
    documents: dict[str, list[Path]] = field(default_factory=dict)  # source id -> document files
    missing_optional: list[str] = field(default_factory=list)  # human messages
    fetched: list[str] = field(default_factory=list)

    def path(self, source_id: str, suffix: str) -> Path | None:
        for registered, local in self.files.get(source_id, {}).items():
            if registered.endswith(suffix):
                return local
        return None


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def base_dir(source: Source, settings: Settings) -> Path:
    return settings.documents_dir if source.base == "documents_dir" else settings.raw_dir


def _verify(path: Path, expected: str | None) -> None:
    if expected and (actual := sha256_of(path)) != expected:
        raise ChecksumMismatch(
            f"{path}: checksum {actual} differs from the registered {expected} (etl/sources.toml). "
            "The file changed upstream or was edited: check it, then update the registry."
        )


def _download(url: str, target: Path, expected: str | None) -> None:
    """Fetch into a temporary file beside the target; only verified bytes get the final name."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=target.name, suffix=".part")
    try:
        with os.fdopen(fd, "wb") as out, urllib.request.urlopen(url, timeout=DOWNLOAD_TIMEOUT_S) as resp:
            shutil.copyfileobj(resp, out)
        _verify(Path(tmp_name), expected)
        os.replace(tmp_name, target)
    finally:
        if os.path.exists(tmp_name):
            os.unlink(tmp_name)


def _missing_message(source: Source, entry: SourceFile, local: Path, reason: str) -> str:
    where = (
        f"download it from {entry.url}" if entry.url else f"it is derived: {entry.origin or 'see SOURCE.txt'}"
    )
    return (
        f"input missing: {entry.path} (source '{source.id}': {source.title}) was not found at {local}"
        f" and could not be fetched ({reason}); {where}, or point --raw-dir / FUNDING_RAW_DIR at a folder holding it."
    )


def ensure_file(
    source: Source, entry: SourceFile, settings: Settings, *, allow_download: bool = True
) -> Path:
    """Return a verified local path for one registered file, fetching it if needed."""
    local = base_dir(source, settings) / entry.path
    if local.is_file():
        _verify(local, entry.sha256)
        return local
    cached = settings.cache_dir / entry.path
    if cached.is_file():
        _verify(cached, entry.sha256)
        return cached
    if not entry.url:
        raise MissingInput(
            _missing_message(source, entry, local, "no public download gives these exact bytes")
        )
    if not allow_download:
        raise MissingInput(_missing_message(source, entry, local, "downloads are switched off"))
    try:
        _download(entry.url, cached, entry.sha256)
    except (urllib.error.URLError, OSError, TimeoutError) as exc:
        raise MissingInput(_missing_message(source, entry, local, f"offline or unreachable: {exc}")) from exc
    return cached


def list_documents(folder: Path) -> list[Path]:
    """Every page in a documents folder, in a stable order (subfolders included; README/manifest skipped)."""
    if not folder.is_dir():
        return []
    folder = folder.resolve()
    return sorted(
        p
        for p in folder.rglob("*")
        if p.is_file() and not p.name.startswith(".") and p.name.lower() not in {"readme.md", "manifest.csv"}
    )


def extract(sources: dict[str, Source], settings: Settings, *, allow_download: bool = True) -> Inputs:
    """Resolve every input. Raises MissingInput naming all missing required inputs at once."""
    inputs = Inputs()
    errors: list[str] = []
    for source in sources.values():
        for entry in source.files:
            try:
                path = ensure_file(source, entry, settings, allow_download=allow_download)
            except MissingInput as exc:
                (errors if entry.required else inputs.missing_optional).append(str(exc))
                continue
            inputs.files.setdefault(source.id, {})[entry.path] = path
        if source.kind == "documents" and source.folder:
            folder = base_dir(source, settings) / source.folder
            if not folder.is_dir() and source.required:
                errors.append(
                    f"input missing: document folder {source.folder} (source '{source.id}') not found at {folder};"
                    " point --raw-dir / FUNDING_RAW_DIR at the folder that holds the corpus."
                )
            inputs.documents[source.id] = list_documents(folder)
    if errors:
        raise MissingInput("\n".join(errors))
    return inputs
