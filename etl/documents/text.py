"""Bytes -> clean text: encoding detection, saved HTML -> text, whitespace normalisation.

Everything downstream works on the text this module returns, so it keeps what carries meaning for
parsing: line breaks (table cells are often one per line), runs of spaces (column gaps in flattened
tables) and the digits of amounts, with every exotic space turned into a plain one.
"""

from __future__ import annotations

import re
import unicodedata

MAX_BYTES = 20 * 1024 * 1024  # larger files are not web pages; refuse rather than stall a build

_BINARY_MAGIC = (
    b"%PDF",
    b"PK\x03\x04",
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"GIF8",
    b"\x1f\x8b",
    b"\xd0\xcf\x11\xe0",
    b"BZh",
    b"\x7fELF",
)
_HTML_START = re.compile(
    rb"^\s*(?:<!doctype\s+html|<html|<\?xml[^>]*>\s*<html|<head|<body|<meta|<div|<p[\s>])", re.I
)
_HTML_TAGS = re.compile(r"<(?:p|div|br|table|tr|td|th|span|a|h[1-6]|li|ul|body|html)\b[^>]{0,500}>", re.I)
_META_CHARSET = re.compile(rb"<meta[^>]{0,200}charset\s*=\s*[\"']?([A-Za-z0-9_\-]+)", re.I)

_CONTROL_BYTES = bytes(b for b in range(32) if b < 9 or b > 13)
# Spaces that web pages put inside numbers and names; all become a plain space.
_SPACES = re.compile("[\u00a0\u2000-\u200a\u202f\u205f\u3000]")
# Invisible characters that split words or numbers when left in.
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# UTF-8 read as Latin-1/cp1252 ("KommunalfÃ¶rbund"): a tell-tale pair of characters.
_MOJIBAKE = re.compile(r"[ÃÂ][\u0080-\u00bf€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]")


class DecodeError(ValueError):
    """The bytes are not text we can read; `reason` is "binary" or "encoding"."""

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason


def looks_binary(data: bytes) -> bool:
    if data.startswith(_BINARY_MAGIC):
        return True
    head = data[:8192]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 text has NULs by design
        return False
    if b"\x00" in head:
        return True
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return controls > max(8, len(head) // 50)


_GARBAGE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffd\ue000-\uf8ff]")


def _text_quality(text: str) -> float:
    """Share of characters that are not control, replacement or private-use ones (1.0 for clean text)."""
    if not text:
        return 0.0
    sample = text[:20000]
    return 1 - len(_GARBAGE.findall(sample)) / len(sample)


def fix_mojibake(text: str) -> str:
    """Repair UTF-8 that was decoded as cp1252/Latin-1 somewhere upstream, when it clearly was."""
    if len(_MOJIBAKE.findall(text)) < 2:
        return text
    for codec in ("cp1252", "latin-1"):
        try:
            repaired = text.encode(codec).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if len(_MOJIBAKE.findall(repaired)) < len(_MOJIBAKE.findall(text)):
            return repaired
    return text


def decode_bytes(data: bytes) -> str:
    """Decode a saved page; raise DecodeError when the bytes are binary or not text in any known encoding."""
    if looks_binary(data):
        raise DecodeError("binary", "binary content (not a text or HTML page)")
    if data.startswith(b"\xef\xbb\xbf"):
        candidates = ["utf-8-sig"]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = ["utf-16"]
    else:
        candidates = ["utf-8"]
        if m := _META_CHARSET.search(data[:4096]):
            candidates.append(m.group(1).decode("ascii", "ignore").lower())
        candidates += ["cp1252", "latin-1"]
    for codec in candidates:
        try:
            text = data.decode(codec)
        except (UnicodeDecodeError, LookupError):
            continue
        if _text_quality(text) >= 0.9:
            return fix_mojibake(text)
    raise DecodeError("encoding", "not decodable as UTF-8, UTF-16, cp1252 or Latin-1 text")


def looks_like_html(text: str) -> bool:
    head = text[:2000].encode("utf-8", "ignore")
    if _HTML_START.search(head):
        return True
    return len(_HTML_TAGS.findall(text[:20000])) >= 5


_TABLE_TAG = re.compile(r"<table\b", re.I)
# Elements inside a cell whose boundaries separate words ("Digital<br>heimeteneste").
_CELL_BREAKS = {
    "br",
    "p",
    "div",
    "li",
    "ul",
    "ol",
    "span",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "strong",
    "em",
}
MAX_CELL_CHARS = 400  # a cell longer than this holds page layout, not data


def _cell_text(cell) -> str:
    for element in cell.iter():
        if element is not cell and element.tag in _CELL_BREAKS:
            element.tail = " " + (element.tail or "")
    return " ".join(cell.text_content().replace("|", "/").split())


def _table_rows(table) -> list[str] | None:
    """A data table's rows as "cell | cell | cell" lines; None for a layout table (nested or long cells)."""
    if table.xpath(".//table|ancestor::table"):
        return None  # nested tables lay out a page
    lines = []
    for caption in table.xpath("./caption"):
        if text := " ".join(caption.text_content().split()):
            lines.append(text)
    for row in table.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr"):
        cells = [_cell_text(c) for c in row.xpath("./th|./td")]
        if any(len(c) > MAX_CELL_CHARS for c in cells):
            return None
        if any(cells):
            lines.append(" | ".join(cells))
    return lines


def flatten_tables(html: str) -> str:
    """Rewrite each data <table> as one line per row with its cells joined by " | ".

    inscriptis lays a table out in padded columns and spreads a multi-line cell over several lines,
    which loses which words belong to which cell; a row per line with explicit separators keeps them
    apart, and the table reader takes the header row's words as column roles. Layout tables (nested,
    or with long cells) are left to inscriptis.
    """
    if not _TABLE_TAG.search(html):
        return html
    import lxml.html  # inscriptis depends on lxml

    try:
        root = lxml.html.fromstring(html)
    except Exception:  # not parseable as HTML after all: inscriptis gets the page as it is
        return html
    changed = False
    for table in list(root.iter("table")):
        lines = _table_rows(table)
        if lines is None or table.getparent() is None:
            continue
        block = lxml.html.Element("div")
        for line in lines:
            row = lxml.html.Element("div")
            row.text = line
            block.append(row)
        block.tail = table.tail
        table.getparent().replace(table, block)
        changed = True
    return lxml.html.tostring(root, encoding="unicode") if changed else html


def html_to_text(html: str) -> str:
    """Render saved HTML as text; data tables come out as one "cell | cell" line per row."""
    from inscriptis import get_text  # imported lazily: plain-text pages never need it

    return get_text(flatten_tables(html))


def normalise_text(text: str) -> str:
    """Plain spaces, no invisible characters, Unix line ends, no trailing blanks; gaps inside lines kept."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = _INVISIBLE.sub("", _SPACES.sub(" ", text))
    text = _CONTROL.sub(" ", text)
    return "\n".join(line.rstrip() for line in text.split("\n")).strip("\n")


def to_text(raw: str) -> str:
    """A decoded page (plain text or HTML) -> normalised text."""
    if looks_like_html(raw):
        raw = html_to_text(raw)
    return normalise_text(raw)
