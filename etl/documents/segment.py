"""Split page text into paragraphs and sentences, keeping character offsets into the page text.

Single line breaks inside a paragraph are joined (pages wrap sentences), except after a short line
or a line ending in punctuation, which is a heading, a list item or a sentence end.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Tokens before a full stop that do not end a sentence.
_ABBREVIATIONS = {
    "mill",
    "ca",
    "kr",
    "nr",
    "dvs",
    "mm",
    "feks",
    "td",
    "tex",
    "osv",
    "etc",
    "jf",
    "jfr",
    "inkl",
    "ev",
    "evt",
    "st",
    "dr",
    "prof",
    "fv",
    "mfl",
    "tlf",
    "ref",
    "pkt",
    "kl",
    "bla",
    "ma",
    "bl",
    "a",
    "mnd",
    "jan",
    "feb",
    "aug",
    "sep",
    "sept",
    "okt",
    "oct",
    "nov",
    "des",
    "dec",
    "vs",
    "eg",
    "ie",
    "no",
    "mr",
    "mrs",
    "ms",
    "fig",
    "mio",
    "mln",
    "mrd",
    "stk",
    "iflg",
    "ifm",
    "pga",
    "pr",
    "resp",
    "t",
    "o",
    "m",
    "s",
    "f",
    "e",
    "t.o.m",
}
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”»)]*(?=\s+[\"'“”«(\-–•]?\s*[A-ZÆØÅÄÖÜÉÈÁÒÓÔÀÂÊÍÎÚÛ0-9])")
_LAST_TOKEN = re.compile(r"([\w.]+)[.!?…]+[\"'”»)]*$")
_BULLET = re.compile(r"^\s*(?:[•·▪●\-–*]|\d{1,2}[.)])\s+")


@dataclass(frozen=True)
class Span:
    text: str
    start: int  # offset of text[0] in the page
    end: int


def paragraphs(text: str) -> list[Span]:
    """Blank-line separated blocks (offsets into `text`)."""
    spans = []
    for m in re.finditer(r"(?:[^\n]|\n(?![ \t]*\n))+", text):
        block = m.group(0)
        if block.strip():
            spans.append(Span(block, m.start(), m.end()))
    return spans


def _line_breaks_that_end_sentences(block: str) -> list[int]:
    cuts = []
    pos = 0
    lines = block.split("\n")
    for i, line in enumerate(lines[:-1]):
        pos += len(line)
        stripped = line.strip()
        following = lines[i + 1]
        if (
            not stripped
            or stripped[-1] in ".!?:;…"
            or len(stripped) < 70
            or _BULLET.match(following)
            or not following.strip()
        ):
            cuts.append(pos)
        pos += 1
    return cuts


def sentences(block: Span) -> list[Span]:
    """Sentences of a paragraph; newlines inside a sentence become spaces (same length, same offsets)."""
    text = block.text
    cuts = set(_line_breaks_that_end_sentences(text))
    flat = text.replace("\n", " ")
    bounds = []
    for m in _SENTENCE_END.finditer(flat):
        before = _LAST_TOKEN.search(flat[max(0, m.end() - 80) : m.end()])  # bounded: no quadratic scan
        token = before.group(1).lower().replace(".", "") if before else ""
        if flat[m.start()] == "." and token in _ABBREVIATIONS:
            continue
        bounds.append(m.end())
    bounds.extend(cuts)
    out = []
    start = 0
    for cut in sorted(set(bounds)):
        piece = flat[start:cut]
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            out.append(
                Span(
                    piece.strip(), block.start + start + lead, block.start + start + lead + len(piece.strip())
                )
            )
        start = cut
    piece = flat[start:]
    if piece.strip():
        lead = len(piece) - len(piece.lstrip())
        out.append(
            Span(piece.strip(), block.start + start + lead, block.start + start + lead + len(piece.strip()))
        )
    return out
