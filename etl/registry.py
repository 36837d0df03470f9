"""The source registry (etl/sources.toml): every input with its origin, licence and checksum."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

REGISTRY_PATH = Path(__file__).with_name("sources.toml")
KINDS = ("documents", "bulk", "reference")


@dataclass(frozen=True)
class SourceFile:
    path: str  # relative to the raw dir (or the repo for base="repo")
    sha256: str | None = None
    url: str | None = None  # a download that yields exactly these bytes
    origin: str | None = None  # how a derived file was made, and from what
    required: bool = True


@dataclass(frozen=True)
class Source:
    id: str
    kind: str
    title: str
    scope: str
    licence: str
    attribution: str
    homepage: str = ""
    licence_url: str = ""
    required: bool = True
    base: str = "raw"  # "raw" (the raw-data dir) or "documents_dir" (where users drop pages)
    folder: str | None = None  # documents sources: the folder of pages
    files: tuple[SourceFile, ...] = field(default_factory=tuple)

    def file(self, suffix: str) -> SourceFile:
        """The registered file whose path ends with `suffix` (so callers need not repeat folders)."""
        matches = [f for f in self.files if f.path.endswith(suffix)]
        if len(matches) != 1:
            raise KeyError(f"source {self.id!r} has {len(matches)} files ending in {suffix!r}")
        return matches[0]


class RegistryError(ValueError):
    """The registry file is malformed."""


def load_registry(path: Path = REGISTRY_PATH) -> dict[str, Source]:
    with path.open("rb") as fh:
        raw = tomllib.load(fh)
    sources: dict[str, Source] = {}
    for entry in raw.get("source", []):
        entry = dict(entry)
        files = tuple(
            SourceFile(required=f.pop("required", entry.get("required", True)), **f)
            for f in (dict(x) for x in entry.pop("files", []))
        )
        try:
            source = Source(files=files, **entry)
        except TypeError as exc:
            raise RegistryError(f"{path}: source {entry.get('id')!r}: {exc}") from exc
        if source.kind not in KINDS:
            raise RegistryError(f"{path}: source {source.id!r}: unknown kind {source.kind!r}")
        if source.id in sources:
            raise RegistryError(f"{path}: duplicate source id {source.id!r}")
        sources[source.id] = source
    return sources
