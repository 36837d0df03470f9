"""Nothing a page can contain makes the parsers crash (or stall).

`parse_text` never raises on any string; `parse_document` on any bytes either returns a DocumentResult
or raises UnreadableDocument. Real pages are also mutated: cut, lines duplicated, swapped, junk inserted.
Short by default; FUZZ_EXAMPLES=100000 (or pytest --long) runs it for real.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etl.documents import DocumentResult, UnreadableDocument, parse_document, parse_text
from etl.records import GrantRecord

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "60"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)

_CORPUS = (
    Path(os.environ.get("FUNDING_RAW_DIR", Path(__file__).resolve().parents[1].parent / "shared")) / "corpus"
)
REAL_PAGES = sorted(p.read_text(encoding="utf-8") for p in _CORPUS.glob("*/docs/*.txt")) or [
    "Vinnova har beviljat 1 kr"
]

# Fragments that push the parsers' regexes and heuristics: numbers, labels, headers, cues.
_FRAGMENTS = [
    "Koordinator ",
    "Bidrag från Vinnova ",
    "Funding from Vinnova | SEK ",
    " kronor",
    " kr",
    "mill.",
    " tkr",
    "Kommune\n",
    "Tildelt beløp\n",
    "Samarbeidspartnere\n",
    "Prosjekt\n",
    "Sum ",
    "Totalt ",
    "1 500 000",
    "3.000.000,-",
    "1,5",
    "en halv million",
    "fyra miljoner",
    "Fylkesmannen i Oslo og Viken",
    "har fått",
    "beviljat",
    "innovasjonspris",
    " gikk til ",
    "finalister",
    "Fjell: ",
    "Askøy, Fjell, Sund og Øygarden",
    "(310 tusen kroner)",
    "”",
    "«",
    "|",
    "\t",
    "\u00a0",
    "\u202f",
    "\u00ad",
    "\n\n",
    ".",
    ",",
    " hver ",
    "2020-2023",
    "november 2016 - juni 2020",
    "Publisert 09.09.2020",
    "<table><tr><td>",
    "</td></tr>",
]


def _check(result: DocumentResult) -> None:
    assert isinstance(result, DocumentResult)
    assert result.status in {"records", "no_grant", "unknown_genre"}
    assert (result.status == "records") == bool(result.records)
    for record in result.records:
        assert isinstance(record, GrantRecord)
        record.to_contract()
        assert record.amount is None or record.amount > 0


@FUZZ
@given(st.text(max_size=3000))
def test_parse_text_never_raises_on_any_text(text: str):
    _check(parse_text(text))


@FUZZ
@given(st.lists(st.one_of(st.sampled_from(_FRAGMENTS), st.text(max_size=40)), max_size=80).map("".join))
def test_parse_text_on_grant_flavoured_noise(text: str):
    _check(parse_text(text))


@FUZZ
@given(st.binary(max_size=4000))
def test_parse_document_on_any_bytes(data: bytes):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "page.txt"
        path.write_bytes(data)
        try:
            _check(parse_document(path))
        except UnreadableDocument as exc:
            assert exc.reason in {"empty", "encoding", "binary", "too_large", "parse_error"}
            assert path.name in str(exc)


@st.composite
def mutated_pages(draw) -> str:
    lines = draw(st.sampled_from(REAL_PAGES)).split("\n")
    for _ in range(draw(st.integers(0, 6))):
        op = draw(st.sampled_from(["cut", "dup", "swap", "insert", "drop"]))
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        j = draw(st.integers(0, len(lines) - 1))
        if op == "cut":
            line = lines[i]
            lines = [*lines[:i], line[: draw(st.integers(0, len(line)))]]
        elif op == "dup":
            lines.insert(i, lines[i])
        elif op == "swap":
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "insert":
            lines.insert(i, draw(st.one_of(st.sampled_from(_FRAGMENTS), st.text(max_size=60))))
        else:
            del lines[i]
    return "\n".join(lines)


@FUZZ
@given(mutated_pages())
def test_mutated_real_pages(text: str):
    _check(parse_text(text))


@FUZZ
@given(mutated_pages(), st.sampled_from(["utf-8", "utf-16", "cp1252", "latin-1"]))
def test_mutated_real_pages_as_files_in_other_encodings(text: str, encoding: str):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "page.txt"
        path.write_bytes(text.encode(encoding, errors="replace"))
        try:
            _check(parse_document(path))
        except UnreadableDocument as exc:
            assert exc.reason in {"empty", "encoding", "binary", "too_large", "parse_error"}


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"   \n\n  ", "empty"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "binary"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (bytes(range(256)) * 4, "binary"),
    ],
)
def test_unreadable_files_name_the_file_and_the_reason(tmp_path: Path, data: bytes, reason: str):
    path = tmp_path / "broken_page.txt"
    path.write_bytes(data)
    with pytest.raises(UnreadableDocument) as caught:
        parse_document(path)
    assert caught.value.reason == reason
    assert "broken_page.txt" in str(caught.value)


def test_too_large_file_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from etl.documents import reader

    monkeypatch.setattr(reader, "MAX_BYTES", 100)
    path = tmp_path / "huge.txt"
    path.write_text("Vinnova har beviljat 1 000 000 kronor. " * 10, encoding="utf-8")
    with pytest.raises(UnreadableDocument) as caught:
        parse_document(path)
    assert caught.value.reason == "too_large"


def test_a_parser_bug_becomes_parse_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from etl.documents import reader

    def broken(text, source_url=None):
        raise RuntimeError("boom")

    monkeypatch.setattr(reader, "parse_clean_text", broken)
    path = tmp_path / "page.txt"
    path.write_text("Vinnova har beviljat 1 000 000 kronor.", encoding="utf-8")
    with pytest.raises(UnreadableDocument) as caught:
        parse_document(path)
    assert caught.value.reason == "parse_error" and "boom" in str(caught.value)
    assert isinstance(caught.value.__cause__, RuntimeError)


def test_html_and_legacy_encodings_are_read(tmp_path: Path):
    html = (
        "<html><head><meta charset='iso-8859-1'></head><body><h1>Tildeling av prosjektskjønn for 2021</h1>"
        "<p>Statsforvalteren i Vestland har tildelt midlar:</p><table>"
        "<tr><th>Kommune</th><th>Prosjekt</th><th>Tildelt beløp</th></tr>"
        "<tr><td>Askøy</td><td>Digital heimeteneste</td><td>400&nbsp;000</td></tr>"
        "<tr><td>Sum</td><td></td><td>400 000</td></tr></table></body></html>"
    )
    path = tmp_path / "page.html"
    path.write_bytes(html.encode("latin-1"))
    result = parse_document(path)
    assert [(r.recipient, r.title, r.amount) for r in result.records] == [
        ("Askøy", "Digital heimeteneste", 400000)
    ]
    assert result.records[0].funder == "Statsforvalteren i Vestland"


@pytest.mark.parametrize(
    "text",
    [
        "1 000 " * 20000,
        "x" * 200000,
        "X" * 200000,
        "1" * 200000,
        "A " * 100000,
        "Fjell: Askøy, Fjell, Sund og Øygarden\n" * 5000,
        "Vinnova har beviljat Askøy kommune 1 000 000 kronor till projektet Smart By. " * 1000,
        "Kommune\nProsjekt\nTildelt beløp\n" + "Oslo\nX\n100 000\n" * 5000,
        ("Ab, " * 30000) + "og Cd får 300 000 kroner hver",
    ],
    ids=["amounts", "word", "capital-word", "digits", "initials", "list-items", "grants", "table", "commas"],
)
def test_pathological_pages_finish_quickly(text: str):
    """No regex may go quadratic on a long line: every page of this size parses in seconds."""
    import time

    start = time.perf_counter()
    _check(parse_text(text))
    assert time.perf_counter() - start < 15


def test_office_and_pdf_files_are_binary_whatever_their_bytes(tmp_path: Path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(b"D" * 4096)
    with pytest.raises(UnreadableDocument) as caught:
        parse_document(path)
    assert caught.value.reason == "binary" and "scan.pdf" in str(caught.value)
