"""Patterns added after the eighth blind held-out set (tests/heldout8), each on an invented snippet with other
places, projects, amounts and wordings than the held-out pages."""

from __future__ import annotations

from etl.documents import parse_text
from etl.documents.numbers import find_money, parse_amount_cell


def _got(text: str) -> list[tuple]:
    return [(r.recipient, r.title, r.amount) for r in parse_text(text).records]


def test_english_m_suffix_after_a_currency():
    assert [
        m.value for m in find_money("Ronneby was granted SEK 3m, partners add NOK 0.4m.", "en", "SEK")
    ] == [
        3000000,
        400000,
    ]
    # "m" alone after digits is metres, not millions
    assert find_money("a 12m long quay", "en", "SEK") == []
    assert parse_amount_cell("15m") is None
