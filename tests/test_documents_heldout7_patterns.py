"""Patterns added after the seventh blind held-out set (tests/heldout7), each on an invented snippet with other
places, projects, amounts and wordings than the held-out pages: a table whose amount column comes first (with a
county column), amounts written with the scale first ("MNOK 1,0"), amounts in brackets at the end of a list line
with partners or a note after them, and two organisations heading one list item with the owner named after."""

from __future__ import annotations

from etl.documents import parse_text
from etl.documents.numbers import find_money, parse_amount_cell


def _got(text: str) -> list[tuple]:
    return [(r.recipient, r.title, r.amount) for r in parse_text(text).records]


def test_amount_column_first_with_a_county_column():
    text = (
        "Vinnova\n\nNyhet\nPublicerad 3 mars 2022\n\nTre regioner får medel för öppna data\n\n"
        "Beviljat (kr) | Projekt | Koordinator | Län\n"
        "2 100 000 | Öppna data i kollektivtrafiken | Region Kalmar län | Kalmar\n"
        "1 450 000 | Digital skärgård | Norrtälje kommun | Stockholm\n"
        "Totalt | 3 550 000 | |\n"
    )
    assert _got(text) == [
        ("Region Kalmar län", "Öppna data i kollektivtrafiken", 2100000),
        ("Norrtälje kommun", "Digital skärgård", 1450000),
    ]


def test_scale_word_before_the_figure():
    assert [(m.value, m.currency) for m in find_money("fikk MNOK 2,4 og MSEK 0.5", "nb", "NOK")] == [
        (2400000, "NOK"),
        (500000, "SEK"),
    ]
    assert parse_amount_cell("MNOK 1,3").value == 1300000
    # "tkr 2023" heads a column of a budget table: only scale words that name the currency go first
    assert all(m.value < 1e6 for m in find_money("Budget tkr 2023", "sv", "SEK"))


def test_numbered_list_with_the_scale_first_and_two_owners_in_the_head():
    text = (
        "Fylkesmannen i Buskerud\n\nTildeling av prosjektskjønn for 2017\n\nTildelte prosjekter:\n\n"
        "1. Kongsberg kommune: «Digital byggesak» – MNOK 0,7\n"
        "2. Flå kommune og Nesbyen kommune: «Felles barnevern i Hallingdal» – MNOK 1,1. "
        "Nesbyen kommune er prosjekteier.\n"
    )
    records = parse_text(text).records
    assert [(r.recipient, r.title, r.amount) for r in records] == [
        ("Kongsberg kommune", "Digital byggesak", 700000),
        ("Nesbyen kommune", "Felles barnevern i Hallingdal", 1100000),
    ]
    assert records[1].partners == ["Flå kommune"]


def test_amount_in_brackets_ending_the_line_or_followed_by_partners():
    text = (
        "Fylkesmannen i Sogn og Fjordane\n\nSkjønsmidlar 2015\n\nTildelingar:\n\n"
        "Luster: Sykkelveg til skulen (kr 250 000)\n"
        "Sogndal: Felles legevakt i indre Sogn (kr 900 000), i samarbeid med Leikanger og Balestrand\n"
        "Lærdal: Nytt sentrumsplan (vedtak utsett)\n"
    )
    records = parse_text(text).records
    assert [(r.recipient, r.title, r.amount) for r in records] == [
        ("Luster", "Sykkelveg til skulen", 250000),
        ("Sogndal", "Felles legevakt i indre Sogn", 900000),
    ]
    assert records[1].partners == ["Leikanger", "Balestrand"]
