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


def test_case_number_column_and_partners_bracketed_with_m_slash():
    text = (
        "Fylkesmannen i Telemark\n\nSkjønnsmidler til fornying 2012\n\nDato: 12.05.2012\n\n"
        "Saksnummer\tKommune\tProsjekt\tTilsagn\n"
        "2012/88\tBø kommune\tFelles innkjøp i Midt-Telemark (m/ Sauherad og Nome)\tkr 300.000\n"
        "2012/91\tTinn kommune\tDigital byggesak\tkr 450.000\n"
    )
    records = parse_text(text).records
    assert [(r.recipient, r.title, r.amount, r.partners) for r in records] == [
        ("Bø kommune", "Felles innkjøp i Midt-Telemark", 300000, ["Sauherad", "Nome"]),
        ("Tinn kommune", "Digital byggesak", 450000, []),
    ]


def test_semicolon_separated_export_with_an_empty_cell_and_a_sum_row():
    text = (
        "Statsforvalteren i Agder\n\nTildeling av prosjektskjønn 2023\n\nPublisert 02.03.2023\n\n"
        "Kommune;Prosjekt;Samarbeidskommuner;Tilsagn\n"
        "Lindesnes;Smart vannmåling;Lyngdal, Hægebostad;NOK 0,6 mill.\n"
        "Arendal;Ung medvirkning;;NOK 0,35 mill.\n"
        "Sum;;;NOK 0,95 mill.\n"
    )
    records = parse_text(text).records
    assert [(r.recipient, r.title, r.amount, r.partners) for r in records] == [
        ("Lindesnes", "Smart vannmåling", 600000, ["Lyngdal", "Hægebostad"]),
        ("Arendal", "Ung medvirkning", 350000, []),
    ]


def test_totals_per_municipality_over_years_are_no_grants():
    text = (
        "Upsala Nya Tidning\n\nSå mycket Vinnova-pengar har Uppsalas kommuner fått\n\nPublicerad 2022-04-11\n\n"
        "Kommun | Antal projekt | Beviljat sedan 2016 (tkr)\n"
        "Enköping | 5 | 8 400\n"
        "Tierp | 2 | 1 900\n"
        "Totalt | 7 | 10 300\n"
    )
    assert _got(text) == []


def test_decision_cards_under_an_organisation_and_title_heading():
    text = (
        "Region Jämtland Härjedalen\n\nNyheter\n\nBesluten om innovationsstöd är klara\n\nPublicerad 2019-05-20\n\n"
        "Här är besluten:\n\n"
        "Krokoms kommun – Digital byggdialog\nSökt belopp: 800 000 kr\nBeslut: Bifall\n"
        "Beviljat belopp: 650 000 kr\n\n"
        "Bergs kommun – Smartare hemtjänst\nSökt belopp: 900 000 kr\nBeslut: Avslag\n\n"
        "Åre kommun – Framtidens besöksnäring\nSökt belopp: 400 000 kr\nBeslut: Bifall\n"
        "Beviljat belopp: 400 000 kr\n"
    )
    assert _got(text) == [
        ("Krokoms kommun", "Digital byggdialog", 650000),
        ("Åre kommun", "Framtidens besöksnäring", 400000),
    ]


def test_each_to_named_municipalities_after_a_funder_named_with_and():
    text = (
        "Nordlys\n\nNews\n\nPublished 4 May 2021\n\n"
        "The County Governor of Nordland and Troms has granted NOK 300k each to Lødingen and Tjeldsund "
        "municipalities for their own projects on digital archives.\n"
    )
    assert [(r.recipient, r.amount) for r in parse_text(text).records] == [
        ("Lødingen", 300000),
        ("Tjeldsund", 300000),
    ]


def test_a_sami_name_beside_the_norwegian_one_is_the_same_recipient():
    text = (
        "Nordlys\n\nSkjønnsmidler til Finnmark\n\nPublisert 4. mars 2024\n\n"
        "Porsanger kommune – Porsáŋggu gielda – får 640 000 kroner fra Statsforvalteren i Troms og Finnmark "
        "til «Samisk barnehagenettverk».\n\n"
        "Også Nesseby kommune (Unjárgga gielda) får 300 000 kroner til prosjektet «Digital fjellstue».\n"
    )
    assert _got(text) == [
        ("Porsanger kommune", "Samisk barnehagenettverk", 640000),
        ("Nesseby kommune", "Digital fjellstue", 300000),
    ]


def test_a_correction_note_repeating_the_wrong_amount_is_no_grant():
    text = (
        "Helgelendingen\n\nVefsn får 1,4 millioner til smart vannmåling\n\nPublisert 02.05.2024\n\n"
        "Statsforvalteren i Nordland har tildelt skjønnsmidler til Vefsn kommune for prosjektet "
        "«Smart vannmåling i Mosjøen». I en tidligere versjon av artikkelen stod det at Vefsn kommune fikk "
        "2,4 mill. kroner. Det riktige er 1,4 millioner kroner.\n\nKommunen søkte om 2 millioner kroner.\n"
    )
    assert [(title, amount) for _, title, amount in _got(text)] == [("Smart vannmåling i Mosjøen", 1400000)]


def test_an_item_amount_changed_after_appeal_is_the_final_one():
    text = (
        "Fylkesmannen i Telemark\n\nProsjektskjønn 2014 etter klagebehandling\n\nPublisert 12.07.2014\n\n"
        "Fylkesmannen fordelte 2 millioner kroner i prosjektskjønn. To vedtak er endret etter klage.\n\n"
        "Kragerø kommune – «Felles havnekontor»: Tildelt kr 500 000 i april. Etter klage er tilskuddet "
        "økt til kr 650 000.\n\n"
        "Nome kommune – «Digital vannmåler»: Tilskuddet ble satt til kr 400 000. Etter at prosjektet er "
        "gjort mindre, er det nedjustert til kr 320 000.\n\n"
        "Tinn kommune – «Smart snørydding»: Tildelt kr 280 000 etter klage.\n"
    )
    assert _got(text) == [
        ("Kragerø kommune", "Felles havnekontor", 650000),
        ("Nome kommune", "Digital vannmåler", 320000),
        ("Tinn kommune", "Smart snørydding", 280000),
    ]
    swedish = (
        "Region Gävleborg\n\nBeviljade projektmedel 2021 efter omprövning\n\nPublicerad 2021-09-01\n\n"
        "Ovanåkers kommun – «Digital hemtjänst»: Beviljat 400 000 kronor i maj. Efter omprövning har beloppet "
        "sänkts till 350 000 kronor.\n\n"
        "Ljusdals kommun – «Smart skogsbruk»: Beviljat 600 000 kronor. Beloppet har höjts till 700 000 kronor.\n"
    )
    assert _got(swedish) == [
        ("Ovanåkers kommun", "Digital hemtjänst", 350000),
        ("Ljusdals kommun", "Smart skogsbruk", 700000),
    ]


def test_ceiling_amounts_to_each_named_municipality_and_to_a_group_with_a_host():
    text = (
        "Statsforvalteren i Innlandet\n\nSkjønnsmidler til fornying og innovasjon 2024\n\n"
        "Publisert 10.04.2024\n\n"
        "Statsforvalteren gir et tilskudd på inntil 150 000 kroner til hver av kommunene Lesja, Dovre og Skjåk "
        "til prosjektet «Digitalt fjellvettkurs». Kommunene gjennomfører prosjektet hver for seg.\n\n"
        "Vang, Vestre Slidre og Øystre Slidre er tildelt inntil 700 000 kroner til det felles prosjektet "
        "«Felles arealplan i Valdres». Vang kommune er vertskommune.\n"
    )
    records = parse_text(text).records
    assert [(r.recipient, r.title, r.amount) for r in records][:3] == [
        ("Lesja", "Digitalt fjellvettkurs", 150000),
        ("Dovre", "Digitalt fjellvettkurs", 150000),
        ("Skjåk", "Digitalt fjellvettkurs", 150000),
    ]
    host = records[3]
    assert (host.title, host.amount, sorted(host.partners)) == (
        "Felles arealplan i Valdres",
        700000,
        ["Vestre Slidre", "Øystre Slidre"],
    )
    assert host.recipient.startswith("Vang")
    assert len(records) == 4


def test_a_sentence_opening_on_its_year_dates_its_grant():
    text = (
        "Firda\n\nGloppen får pengar att\n\nPublisert 03.05.2024\n\n"
        "Statsforvaltaren i Vestland har løyvd 500 000 kroner i prosjektskjøn til Gloppen kommune for "
        "«Digital sørvistorg – trinn 2».\n\n"
        "I 2023 fekk Gloppen kommune 300 000 kroner i prosjektskjøn til «Digital sørvistorg – trinn 1».\n"
    )
    records = parse_text(text).records
    assert [(r.title, r.amount, r.year) for r in records] == [
        ("Digital sørvistorg – trinn 2", 500000, 2024),
        ("Digital sørvistorg – trinn 1", 300000, 2023),
    ]
    swedish = (
        "Bergslagsbladet\n\nSmedjebacken får steg 2\n\nPublicerad 2025-02-10\n\n"
        "Vinnova har beviljat Smedjebackens kommun 1 800 000 kronor för steg 2 av ”Smart bruksmiljö”.\n\n"
        "I maj 2024 beviljades Smedjebackens kommun 500 000 kronor från Vinnova för steg 1 av ”Smart bruksmiljö”.\n"
    )
    assert [(r.amount, r.year) for r in parse_text(swedish).records] == [(1800000, 2025), (500000, 2024)]
