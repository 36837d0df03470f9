"""Patterns added after the ninth blind held-out set (tests/heldout9), each on an invented snippet with other
places, projects, amounts and wordings than the held-out pages."""

from __future__ import annotations

from etl.documents import parse_text


def _got(text: str) -> list[tuple]:
    return [(r.recipient, r.title, r.amount, r.partners) for r in parse_text(text).records]


def test_numbered_list_with_partners_in_brackets_after_the_amount():
    text = (
        "Fylkesmannen i Telemark\n\nTildeling av skjønnsmidler til fornying og innovasjon 2015\n\n"
        "Publisert 03.05.2015\n\nFølgende prosjekter har fått tilskudd (kommune – prosjekt – beløp):\n\n"
        "1. Skien kommune – Digital hjemmetjeneste – 700 000 kroner (sammen med Siljan og Porsgrunn)\n"
        "2. Bø kommune – Arkivplan: felles depot – 350 000 kroner\n"
    )
    assert _got(text) == [
        ("Skien kommune", "Digital hjemmetjeneste", 700000, ["Siljan", "Porsgrunn"]),
        ("Bø kommune", "Arkivplan: felles depot", 350000, []),
    ]
