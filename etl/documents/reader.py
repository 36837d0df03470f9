"""Files -> DocumentResult: read bytes safely, find the page's source URL in a manifest, parse."""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

from etl.documents.pipeline import parse_clean_text
from etl.documents.result import DocumentResult, UnreadableDocument
from etl.documents.text import MAX_BYTES, DecodeError, decode_bytes, to_text

MANIFEST_NAME = "manifest.csv"
# Office documents, PDFs, images and archives are not pages, whatever their bytes look like.
BINARY_SUFFIXES = {
    ".pdf",
    ".doc",
    ".docx",
    ".xls",
    ".xlsx",
    ".ppt",
    ".pptx",
    ".odt",
    ".ods",
    ".png",
    ".jpg",
    ".jpeg",
    ".gif",
    ".webp",
    ".zip",
    ".gz",
    ".7z",
    ".rar",
    ".exe",
    ".bin",
}


@lru_cache(maxsize=64)
def _manifest(path: Path, mtime: float) -> dict[str, str]:
    urls: dict[str, str] = {}
    try:
        with path.open(newline="", encoding="utf-8-sig") as fh:
            for row in csv.DictReader(fh):
                name = (row.get("file") or "").strip()
                url = (row.get("source_url") or "").strip()
                if name and url:
                    urls[name] = url
    except (OSError, csv.Error, UnicodeDecodeError):
        return {}
    return urls


def find_source_url(path: Path) -> str | None:
    """The URL a manifest.csv (columns file,source_url) in the file's folder or its parent gives for it."""
    path = Path(path)
    for folder in (path.parent, path.parent.parent):
        manifest = folder / MANIFEST_NAME
        try:
            if not manifest.is_file():
                continue
            urls = _manifest(manifest, manifest.stat().st_mtime)
        except OSError:
            continue
        for key in (
            path.name,
            path.relative_to(folder).as_posix() if path.is_relative_to(folder) else path.name,
        ):
            if key in urls:
                return urls[key]
    return None


def read_document_text(path: Path) -> str:
    """The page text of a file; raises UnreadableDocument (empty, binary, encoding, too_large)."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise UnreadableDocument("empty", f"{path}: cannot be read ({exc.strerror or exc})") from exc
    if path.is_dir():
        raise UnreadableDocument("empty", f"{path}: is a folder, not a page")
    if size > MAX_BYTES:
        raise UnreadableDocument(
            "too_large", f"{path}: {size} bytes is over the {MAX_BYTES} byte limit for a page"
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableDocument("empty", f"{path}: cannot be read ({exc.strerror or exc})") from exc
    if not data.strip():
        raise UnreadableDocument("empty", f"{path}: the file is empty")
    if path.suffix.lower() in BINARY_SUFFIXES:
        raise UnreadableDocument(
            "binary",
            f"{path}: a {path.suffix.lower()} file is not a saved web page (convert it to text first)",
        )
    try:
        raw = decode_bytes(data)
    except DecodeError as exc:
        raise UnreadableDocument(exc.reason, f"{path}: {exc}") from exc
    try:
        text = to_text(raw)
    except Exception as exc:  # a broken HTML file must not stop a build
        raise UnreadableDocument(
            "parse_error", f"{path}: HTML could not be converted to text ({exc!r})"
        ) from exc
    if not text.strip():
        raise UnreadableDocument("empty", f"{path}: no text once markup and whitespace are removed")
    return text


def parse_document(path: Path, source_url: str | None = None) -> DocumentResult:
    path = Path(path)
    text = read_document_text(path)
    if source_url is None:
        source_url = find_source_url(path)
    try:
        return parse_clean_text(text, source_url)
    except Exception as exc:  # any parser bug becomes a quarantined document, with its cause
        raise UnreadableDocument(
            "parse_error", f"{path}: parser failed ({type(exc).__name__}: {exc})"
        ) from exc
