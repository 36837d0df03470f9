"""Document parsers: saved web pages (text or HTML) -> GrantRecords.

Public interface (used by `python -m etl parse` and by the build):

- `parse_document(path, source_url=None) -> DocumentResult`
- `parse_text(text, source_url=None) -> DocumentResult`
- `find_source_url(path) -> str | None` (from a manifest.csv beside the file or one folder up)
- `UnreadableDocument` (raised with a `reason` code when a file cannot be read)

Modules, one job each: `text` (bytes -> text), `numbers`, `dates`, `lexicon` (cue words), `names`,
`funder_names`, `segment` (sentences), `genre`, `context` (a prepared page), `themes`, and per genre:
`vinnova_page`, `tables` + `allocation`, `prize`, `news`; `pipeline` picks and merges, `reader` reads files.
"""

from __future__ import annotations

from etl.documents.pipeline import MAX_TEXT_CHARS, parse_clean_text
from etl.documents.reader import find_source_url, parse_document
from etl.documents.result import DocumentResult, UnreadableDocument
from etl.documents.text import normalise_text

__all__ = ["DocumentResult", "UnreadableDocument", "find_source_url", "parse_document", "parse_text"]


def parse_text(text: str, source_url: str | None = None) -> DocumentResult:
    """Parse page text (plain or HTML). Never raises: a parser failure comes back as an unknown genre."""
    try:
        from etl.documents.text import to_text

        text = text[:MAX_TEXT_CHARS]
        try:
            clean = to_text(text)
        except Exception:  # malformed HTML: fall back to the raw characters
            clean = normalise_text(text)
        return parse_clean_text(clean, source_url)
    except Exception as exc:
        return DocumentResult(
            "unknown", None, [], "unknown_genre", f"parser error: {type(exc).__name__}: {exc}"
        )
