"""Patterns added after the fourth blind held-out set (tests/heldout4), each on an invented snippet.

Every snippet was written for this file: other places, projects, amounts and wordings than the held-out
pages. Each test names the general pattern, not a document: grouped thousands before a scale word, the
thousands mark before "kr", bulleted "name – title, med partners: amount" lines, the call named in the
page's prose, a news item's fact box, "søkte om A, men får B", numbered decisions, inverted word order after
"i samme tildeling", a headline's group of municipalities restating its project owner's grant.
"""

from __future__ import annotations

from etl.documents import parse_text
from etl.documents.tables import RECIPIENT, TRAILING_AMOUNT, header_role


def _got(text: str) -> list[tuple]:
    return [(r.recipient, r.title, r.amount) for r in parse_text(text).records]


def test_grouped_thousands_before_a_scale_word_are_one_amount():
    for cell, amount in (
        ("2 350 tkr", "2 350 tkr"),
        ("Tema – 1 050 tkr", "1 050 tkr"),
        ("1 200' kr", "1 200' kr"),
    ):
        assert TRAILING_AMOUNT.search(cell).group("amount") == amount


def test_tkr_list_with_dashes_and_the_call_named_in_the_lead():
    text = (
        "Vinnova stöttar fem regioner\n\nPressmeddelande 3 mars 2016\n\n"
        "Fem projekt får dela på 7,1 miljoner kronor inom utlysningen Smart offentlig miljö.\n\n"
        "Beviljade projekt (tkr):\n\n"
        "Västerviks kommun – Öppna data i skärgården – 1 850 tkr\n"
        "Nybro kommun – Trygg skolväg – 1 400 tkr\n"
        "Ljusdals kommun – Digital fjärrvård – 2 000 tkr\n"
    )
    records = parse_text(text).records
    assert [(r.recipient, r.title, r.amount) for r in records] == [
        ("Västerviks kommun", "Öppna data i skärgården", 1850000),
        ("Nybro kommun", "Trygg skolväg", 1400000),
        ("Ljusdals kommun", "Digital fjärrvård", 2000000),
    ]
    assert {r.programme for r in records} == {"Smart offentlig miljö"}


def test_bulleted_lines_with_partners_before_the_colon_and_a_thousands_mark():
    text = (
        "Statsforvaltaren i Rogaland\n\nSkjønsmidlar 2024\n\nAlle beløp i tusen kroner (' kr).\n\n"
        "• Hå kommune – «Felles vassverk på Jæren», saman med Klepp og Time: 950' kr\n"
        "• Sauda kommune – «Digital postgang»: 300' kr\n\n"
        "Samla tildeling: 1 250' kr\n"
    )
    records = parse_text(text).records
    assert [(r.recipient, r.title, r.amount) for r in records] == [
        ("Hå kommune", "Felles vassverk på Jæren", 950000),
        ("Sauda kommune", "Digital postgang", 300000),
    ]
    assert records[0].partners == ["Klepp", "Time"]


def test_a_coordinator_or_projektagare_label_names_the_recipient():
    assert header_role("Coordinator") == RECIPIENT
    assert header_role("Projektägare") == RECIPIENT


def test_a_news_fact_box_is_not_a_vinnova_project_page():
    text = (
        "Lokaltidningen\n\nVinnova ger pengar till Öland\n\nPublicerad 4 maj 2024\n\n"
        "Mörbylånga kommun ska testa nya sätt att rena dricksvatten. Nu har Vinnova beviljat pengar till "
        "projektet.\n\nProjektet heter Rent vatten Öland och drivs tillsammans med Borgholm.\n\n"
        "FAKTA: Rent vatten Öland\nProjektägare: Mörbylånga kommun\nPartner: Borgholms kommun\n"
        "Bidrag från Vinnova: 640 000:-\n"
    )
    result = parse_text(text)
    assert result.genre != "vinnova_project"
    [r] = result.records
    assert (r.recipient, r.title, r.amount) == ("Mörbylånga kommun", "Rent vatten Öland", 640000)
    assert r.partners == ["Borgholms kommun"]


def test_applied_for_then_granted_in_one_sentence():
    text = (
        "Statsforvalteren i Innlandet\n\nProsjektskjønn 2022\n\nPublisert 02.03.2022\n\n"
        "Gran kommune søkte om 900 000 kroner til «Smart drift av VA», men får 500 000 kroner.\n\n"
        "Lunner kommune får 250 000 kroner til «Ung i Lunner».\n"
    )
    assert _got(text) == [
        ("Gran kommune", "Smart drift av VA", 500000),
        ("Lunner kommune", "Ung i Lunner", 250000),
    ]


def test_numbered_decisions_with_a_passive_verb():
    text = (
        "Fylkesmannen i Oppland\n\nVår dato: 12.04.2018\n\nTildeling av prosjektskjønn 2018\n\nVedtak\n\n"
        "1. Vågå kommune innvilges kr 250 000,- i prosjektskjønn til prosjektet «Digital fjellberedskap».\n\n"
        "2. Lom kommune innvilges kr 180 000,- i prosjektskjønn til prosjektet «Felles arkiv».\n\n"
        "3. Søknaden fra Skjåk kommune om kr 400 000 avslås.\n"
    )
    assert _got(text) == [
        ("Vågå kommune", "Digital fjellberedskap", 250000),
        ("Lom kommune", "Felles arkiv", 180000),
    ]


def test_inverted_order_after_in_the_same_round():
    text = (
        "Avisa\n\nMillion til Lofoten\n\nPublisert: 01.03.2023\n\n"
        "Statsforvalteren i Nordland har bevilget 1 million kroner i skjønnsmidler til Vestvågøy kommune "
        "for prosjektet «Lofoten digital».\n\n"
        "I samme tildeling fikk Flakstad kommune 200 000 kroner til en ny app for turister.\n"
    )
    got = {(r.recipient, r.amount) for r in parse_text(text).records}
    assert got == {("Vestvågøy kommune", 1000000), ("Flakstad kommune", 200000)}


def test_a_headline_group_of_municipalities_is_its_owners_grant():
    text = (
        "Sunnhordland\n\nSunnhordlands-kommunane får 900 000 kroner til felles innkjøp\n\n"
        "Publisert 5. mai 2023\n\n"
        "Statsforvaltaren i Vestland har løyvd 900 000 kroner i skjønsmidlar til prosjektet «Innkjøp Sunnhordland». "
        "Stord kommune er prosjekteigar.\n"
    )
    assert _got(text) == [("Stord kommune", "Innkjøp Sunnhordland", 900000)]


def test_bracketed_partners_leave_the_title_in_a_table():
    text = (
        "Statsforvalteren i Agder\n\nSkjønnsmidler 2022\n\n"
        "Kommune Prosjekt Tildelt (mill. kr)\n"
        "Lindesnes Felles havneplan (med Lyngdal og Farsund) 0,6\n"
        "Åseral Tidlig innsats (med fokus på barn) 0,2\n"
        "Sum 0,8\n"
    )
    records = parse_text(text).records
    assert [(r.recipient, r.title, r.amount, r.partners) for r in records] == [
        ("Lindesnes", "Felles havneplan", 600000, ["Lyngdal", "Farsund"]),
        ("Åseral", "Tidlig innsats (med fokus på barn)", 200000, []),
    ]
