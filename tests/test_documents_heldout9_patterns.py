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


def test_grants_in_paragraphs_each_under_its_own_heading():
    text = (
        "Fylkesmannen i Sogn og Fjordane\n\nSkjønsmidlar til fornying 2014\n\nPublisert 11.04.2014\n\n"
        "Fylkesmannen har sett av 3 millionar kroner til fornyingsprosjekt. Her er prosjekta.\n\n"
        "Førde: Mobil heimeteneste\n"
        "Førde kommune har fått innvilga 500 000 kroner til å prøve ut mobile verktøy i heimetenesta.\n\n"
        "Gloppen og Stryn: Felles planressurs\n"
        "Prosjektet Felles planressurs, der Gloppen kommune samarbeider med Stryn kommune, har fått innvilga "
        "350 000 kroner.\n"
    )
    got = [(r.recipient, r.title, r.amount) for r in parse_text(text).records]
    assert got == [
        ("Førde kommune", "Mobil heimeteneste", 500000),
        ("Gloppen kommune", "Felles planressurs", 350000),
    ]


def test_swedish_headings_name_each_paragraphs_project():
    text = (
        "Luleå kommun\n\nTvå projekt får stöd från Vinnova\n\nPublicerad: 2023-05-04\n\n"
        "Vinnova har beviljat pengar till två projekt i Luleå.\n\n"
        "Snösmart stadsplanering\n"
        "Luleå kommun har fått 900 000 kronor från Vinnova för att planera gator efter snöröjning.\n\n"
        "Digitala bygglov\n"
        "Luleå kommun har fått 400 000 kronor från Vinnova för att göra bygglovsprocessen digital.\n"
    )
    got = [(r.recipient, r.title, r.amount) for r in parse_text(text).records]
    assert got == [
        ("Luleå kommun", "Snösmart stadsplanering", 900000),
        ("Luleå kommun", "Digitala bygglov", 400000),
    ]


def test_vinnova_fact_box_in_another_order_and_programme_in_the_description():
    text = (
        "Startsida > Sök finansierade projekt > Laddplatser på landsbygden\n\n"
        "Laddplatser på landsbygden\n\n"
        "Status Pågående\n"
        "Projektperiod september 2022 - augusti 2024\n"
        "Bidrag från Vinnova 1 230 000 kronor\n"
        "Koordinator KALIX KOMMUN - Tekniska förvaltningen\n"
        "Diarienummer 2022-01733\n\n"
        "Syfte och mål\n"
        "Projektet ska bygga laddplatser vid byarnas bystugor. Projektet finansieras inom Vinnovas utlysning "
        "Energismarta lösningar för glesbygd.\n"
    )
    [r] = parse_text(text).records
    assert (r.title, r.programme, r.amount) == (
        "Laddplatser på landsbygden",
        "Energismarta lösningar för glesbygd",
        1230000,
    )


def test_vinnova_english_page_status_first_and_a_call_label_as_programme():
    text = (
        "Cargo bikes for home care in Lund\n\n"
        "Project duration March 2021 - February 2023\n"
        "Status Completed\n"
        "Coordinator Lunds kommun - Vård och omsorg\n"
        "Funding from Vinnova SEK 860 000\n"
        "Reference number 2020-04411\n"
        "Call Mobility for a sustainable everyday life\n\n"
        "Purpose and goal\nThe project tested cargo bikes for home care staff.\n"
    )
    [r] = parse_text(text).records
    assert (r.title, r.programme, r.amount) == (
        "Cargo bikes for home care in Lund",
        "Mobility for a sustainable everyday life",
        860000,
    )


def test_an_amount_only_in_a_quote_on_what_the_funder_puts_in():
    text = (
        "Piteå kommun\n\nPressmeddelande\n\nNy satsning på digital skola i Piteå\n\n"
        "Publicerad 2022-03-09\n\n"
        "Piteå kommun får stöd från Vinnova för projektet Skolstart Digital, som ska utveckla lärplattformar.\n\n"
        "– Det är fantastiskt att Vinnova går in med 1,7 miljoner kronor, säger Eva Berg, kommunalråd.\n"
    )
    [r] = parse_text(text).records
    assert (r.recipient, r.title, r.amount) == ("Piteå kommun", "Skolstart Digital", 1700000)


def test_owner_named_after_the_verb_and_an_exact_figure_close_to_the_others_sum():
    text = (
        "Borås Stad\n\nTre projekt i Borås får stöd\n\nPublicerad: 2021-10-20\n\n"
        "Textilt återbruk\n"
        "Borås Stad har fått 700 000 kronor från Vinnova för att sortera textilier.\n\n"
        "Grön logistik\n"
        "Borås Stad har fått 560 000 kronor från Vinnova för att samordna varutransporter.\n\n"
        "Smart fjärrvärme\n"
        "I det tredje projektet är Borås Energi och Miljö AB koordinator. Vinnova bidrar med 1 270 000 kronor "
        "för att styra fjärrvärmen efter väderprognoser.\n"
    )
    got = [(r.recipient, r.title, r.amount) for r in parse_text(text).records]
    assert got == [
        ("Borås Stad", "Textilt återbruk", 700000),
        ("Borås Stad", "Grön logistik", 560000),
        ("Borås Energi och Miljö AB", "Smart fjärrvärme", 1270000),
    ]


def test_last_years_prize_winner_is_not_this_pages():
    text = (
        "Kommunal Rapport\n\nOrkland vann innovasjonsprisen\n\nPublisert 20.09.2021\n\n"
        "Kommunesektorens innovasjonspris for 2021 gjekk til Orkland kommune, som får 500 000 kroner frå "
        "departementet.\n\n"
        "I fjor gjekk prisen til Bodø kommune.\n"
    )
    assert [(r.recipient, r.amount) for r in parse_text(text).records] == [("Orkland kommune", 500000)]


def test_money_set_aside_for_a_fronted_recipient():
    text = (
        "Fylkesmannen i Rogaland\n\nSkjønsmidlar 2012\n\nPublisert 14.03.2012\n\n"
        "Fylkesmannen har sett av 2 millionar kroner til fornyingsprosjekt i år.\n\n"
        "Til Suldal kommune er det sett av 250 000 kroner til eit prosjekt om digital postgang.\n"
    )
    assert [(r.recipient, r.amount) for r in parse_text(text).records] == [("Suldal kommune", 250000)]


def test_fixed_width_row_whose_long_name_runs_into_the_title_column():
    text = (
        "Fylkesmannen i Telemark\n\nSkjønnsmidler 2016\n\nPublisert 04.03.2016\n\n"
        "Søker              Prosjekt                         Søkt        Tildelt\n"
        "Bamble kommune     Digital vaktplan                 700 000     450 000\n"
        "Kviteseid kommune Felles landbrukskontor           300 000     300 000\n"
        "Sum                                                1 000 000   750 000\n"
    )
    assert [(r.recipient, r.title, r.amount) for r in parse_text(text).records] == [
        ("Bamble kommune", "Digital vaktplan", 450000),
        ("Kviteseid kommune", "Felles landbrukskontor", 300000),
    ]


def test_an_earlier_stage_grant_to_the_project_last_year():
    text = (
        "Sundsvalls Tidning\n\nSundsvall får miljoner för smart belysning\n\nPublicerad 3 april 2020\n\n"
        "Sundsvalls kommun har beviljats 1,6 miljoner kronor av Vinnova för steg 2 i projektet Ljus i "
        "Stenstan.\n\n"
        "Projektet Ljus i Stenstan ska pröva styrd gatubelysning. I steg 1 fick projektet 300 000 kronor förra året.\n"
    )
    got = [(r.recipient, r.title, r.amount, r.year) for r in parse_text(text).records]
    assert got == [
        ("Sundsvalls kommun", "Ljus i Stenstan", 1600000, 2020),
        ("Sundsvalls kommun", "Ljus i Stenstan", 300000, 2019),
    ]


def test_a_second_funders_grant_to_the_municipality_on_the_same_page():
    text = (
        "Kungsbacka kommun\n\nNyheter\n\nTvå satsningar på digital skola\n\nPublicerad 2022-02-14\n\n"
        "Vinnova har beviljat 950 000 kronor till projektet Smart skolskjuts, där kommunen testar "
        "digital planering.\n\n"
        "Dessutom får kommunen 300 000 kronor från Region Skåne för en förstudie om skolmat.\n"
    )
    got = [(r.funder, r.recipient, r.title, r.amount) for r in parse_text(text).records]
    assert got == [
        ("Vinnova", "Kungsbacka kommun", "Smart skolskjuts", 950000),
        ("Region Skåne", "Kungsbacka kommun", None, 300000),  # the other funder's grant is not that project
    ]


def test_a_headline_with_a_genitive_recipient_restates_the_bodys_grant():
    text = (
        "Vinnova\n\nVinnova stöttar Kirunas arbete med snösmart stadsplanering\n\nPublicerad 2021-09-08\n\n"
        "Kiruna kommun har beviljats 750 000 kronor från Vinnova för projektet Snösmart Kiruna, som ska "
        "planera gator efter snöröjning.\n"
    )
    got = [(r.recipient, r.amount) for r in parse_text(text).records]
    assert got == [("Kiruna kommun", 750000)]


def test_a_headline_naming_the_recipient_in_the_genitive_after_satsar_pa():
    text = (
        "Vinnova\n\nVinnova satsar på Skövdes digitala bygglov\n\nPublicerad 2022-03-15\n\n"
        "Skövde kommun får 1,2 miljoner kronor från Vinnova för att göra bygglovsprocessen digital.\n"
    )
    got = [(r.recipient, r.amount) for r in parse_text(text).records]
    assert got == [("Skövde kommun", 1200000)]


def test_swedish_samla_in_after_an_amount_is_not_a_nynorsk_total():
    text = (
        "Vinnova\n\nStöd till äldreomsorg i Ljusdal\n\nPublicerad 2020-11-02\n\n"
        "Ljusdals kommun har beviljats 2 miljoner kronor från Vinnova för att samla in erfarenheter "
        "från hemtjänsten.\n"
    )
    got = [(r.recipient, r.amount) for r in parse_text(text).records]
    assert got == [("Ljusdals kommun", 2000000)]
