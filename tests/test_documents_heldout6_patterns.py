"""Patterns added after the sixth blind held-out set (tests/heldout6), each on an invented snippet with other
places, projects, amounts and wordings than the held-out pages: amount-first list lines, numbered items that end
in "tildeles <amount>" (also spelled out), "Kommune: beløp" with the title and partners on the lines below,
"Name kommun, Title: amount", a heading's year below the site's name, a Vinnova fact box's heading."""

from __future__ import annotations

from etl.documents import parse_text


def _got(text: str) -> list[tuple]:
    return [(r.recipient, r.title, r.amount) for r in parse_text(text).records]


def test_amount_first_list_lines():
    text = (
        "Fylkesmannen i Finnmark\n\nProsjektskjønn 2017\n\nFølgende tildelinger er gjort:\n\n"
        "- kr 500 000 til Alta kommune for prosjektet «Digital nabohjelp»\n"
        "- kr 250 000 til Vardø kommune for et forprosjekt om havnedrift\n"
    )
    assert _got(text) == [("Alta kommune", "Digital nabohjelp", 500000), ("Vardø kommune", None, 250000)]


def test_numbered_items_ending_in_a_granted_amount_also_spelled_out():
    text = (
        "Fylkesmannen i Telemark\n\nTildeling av fornyingsmidler 2015\n\n"
        "1. Bø kommune: Digital skuleskyss – tildeles kr 300 000,-\n"
        "2. Seljord kommune (sammen med Kviteseid): Felles kart – tildeles en million kroner\n"
    )
    records = parse_text(text).records
    assert [(r.recipient, r.title, r.amount, r.year) for r in records] == [
        ("Bø kommune", "Digital skuleskyss", 300000, 2015),
        ("Seljord kommune", "Felles kart", 1000000, 2015),
    ]
    assert records[1].partners == ["Kviteseid"]


def test_municipality_and_amount_with_the_title_and_partners_below():
    text = (
        "Statsforvalteren i Nordland\n\nSkjønnsmidler 2023\n\nDisse kommunene får midler:\n\n"
        "Vefsn: 700 000 kroner\nFelles innkjøpskontor\nSamarbeidspartnere: Grane og Hattfjelldal\n\n"
        "Rana: 300 000 kroner\nSmart parkering\n\nSum: 1 000 000 kroner\n"
    )
    records = parse_text(text).records
    assert [(r.recipient, r.title, r.amount) for r in records] == [
        ("Vefsn", "Felles innkjøpskontor", 700000),
        ("Rana", "Smart parkering", 300000),
    ]
    assert records[0].partners == ["Grane", "Hattfjelldal"]


def test_name_comma_title_colon_amount():
    text = (
        "Region Gävleborg\n\nVinnova stöttar två kommuner\n\nPublicerad 2020-04-02\n\nBeviljade projekt:\n"
        "Hudiksvalls kommun, Trygg hemgång: 750 000 kr\nSandvikens kommun, Smart snöröjning: 400 000 kr\n"
    )
    assert _got(text) == [
        ("Hudiksvalls kommun", "Trygg hemgång", 750000),
        ("Sandvikens kommun", "Smart snöröjning", 400000),
    ]


def test_vinnova_fact_box_heading_is_not_the_title():
    text = (
        "Vinnova\n\nSmart kylkedja i Piteå\n\nProjektfakta\nDiarienummer: 2020-01234\n"
        "Koordinator: Piteå kommun\nBeviljat belopp: 900 000 SEK\nProjektperiod: 2020-05-01 - 2021-04-30\n"
    )
    [record] = parse_text(text).records
    assert (record.title, record.recipient, record.amount) == (
        "Smart kylkedja i Piteå",
        "Piteå kommun",
        900000,
    )
