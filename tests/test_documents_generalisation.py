"""Patterns added after the second blind held-out set (tests/heldout2), each on an invented snippet.

Every snippet here was written for this file: other places, projects, amounts and layouts than the
held-out pages, in the four languages the parser reads. Each test names the pattern, not a document.
"""

from __future__ import annotations

import pytest

from etl.documents import parse_text
from etl.documents.names import clean_title
from etl.documents.numbers import find_money, parse_amount_cell
from etl.documents.tables import TRAILING_AMOUNT, header_role
from etl.documents.text import flatten_tables, to_text


def _got(text: str) -> list[tuple]:
    return [(r.recipient, r.title, r.amount) for r in parse_text(text).records]


def _records(text: str):
    return parse_text(text).records


# --- real HTML tables ----------------------------------------------------------------------------


def test_html_table_rows_become_one_line_each_with_cells_kept_apart():
    html = (
        "<html><body><table><tr><th>Kommun</th><th>Projekt</th></tr>"
        "<tr><td>Ljusdal</td><td>Smart<br>skogsbruk</td></tr>"
        "<tr><td>Bollnäs</td><td><p>Nya</p><p>vägar</p></td></tr></table></body></html>"
    )
    lines = [line.strip() for line in to_text(html).splitlines() if line.strip()]
    assert lines == ["Kommun | Projekt", "Ljusdal | Smart skogsbruk", "Bollnäs | Nya vägar"]


def test_layout_tables_are_left_to_the_html_renderer():
    html = "<table><tr><td><table><tr><td>Meny</td></tr></table></td><td>Innhold</td></tr></table>"
    assert flatten_tables(html) == html


def test_html_table_with_caption_heading_empty_cell_and_footer_total():
    html = (
        "<html><body><h1>Skjønnsmidler 2024</h1><p>Statsforvalteren i Nordland har tildelt skjønnsmidler.</p>"
        "<h2>Tildelte prosjekter</h2><table><thead><tr><th>Søker</th><th>Tiltak</th><th>Partnere</th>"
        "<th>Innvilget (kr)</th></tr></thead><tbody>"
        "<tr><td>Hadsel kommune</td><td><p>Felles</p><p>barnevernvakt</p></td><td>Sortland, Bø</td>"
        "<td>650 000</td></tr><tr><td>Røst kommune</td><td>Kystkultur</td><td></td><td>210 000</td></tr>"
        "</tbody><tfoot><tr><td colspan='3'>Sum</td><td>860 000</td></tr></tfoot></table></body></html>"
    )
    records = _records(html)
    assert [(r.recipient, r.title, r.amount) for r in records] == [
        ("Hadsel kommune", "Felles barnevernvakt", 650000),
        ("Røst kommune", "Kystkultur", 210000),
    ]
    assert records[0].partners == ["Sortland", "Bø"] and records[1].partners == []


def test_swedish_html_table_with_header_cells_in_the_first_row():
    html = (
        "<html><body><h1>Beviljade projekt 2023</h1><p>Region Norrbotten har beviljat medel till följande "
        "projekt.</p><table><tr><td>Kommun</td><td>Projekt</td><td>Beviljat belopp (kr)</td></tr>"
        "<tr><td>Kiruna kommun</td><td>Smart gruvstad</td><td>1 200 000</td></tr>"
        "<tr><td>Gällivare kommun</td><td>Digital äldreomsorg</td><td>800 000</td></tr>"
        "<tr><td>Summa</td><td></td><td>2 000 000</td></tr></table></body></html>"
    )
    assert _got(html) == [
        ("Kiruna kommun", "Smart gruvstad", 1200000),
        ("Gällivare kommun", "Digital äldreomsorg", 800000),
    ]


# --- granted-amount column headers ---------------------------------------------------------------


@pytest.mark.parametrize(
    "cell",
    [
        "Tilsagn",
        "Tilsagn (kr)",
        "Innvilget",
        "Innvilga",
        "Løyvd (kr)",
        "Løyving",
        "Bevilget",
        "Bevilga",
        "Beviljat",
        "Beviljade medel",
        "Tilldelat belopp",
        "Granted (NOK)",
        "Awarded",
        "Stønad",
        "Tilskot",
        "Støtte (kr)",
    ],
)
def test_granted_amount_headers_in_four_languages(cell: str):
    assert header_role(cell) == "amount"


@pytest.mark.parametrize(
    "cell",
    ["Søkt beløp", "Omsøkt", "Sökt belopp", "Applied for", "Budsjett", "Budget", "Egenandel", "Totalt"],
)
def test_applied_budget_own_share_and_total_headers_are_not_the_grant(cell: str):
    assert header_role(cell) == "other_amount"


@pytest.mark.parametrize("cell", ["Tilsagnsmottaker", "Tilskuddsmottakar", "Stödmottagare", "Prosjekteigar"])
def test_a_compound_naming_who_receives_is_the_recipient_column(cell: str):
    assert header_role(cell) == "recipient"


@pytest.mark.parametrize("line", ["Tildelte prosjekter", "Innvilga søknader", "Granted projects"])
def test_a_caption_naming_what_was_granted_is_not_a_header(line: str):
    assert header_role(line) is None


def test_one_cell_per_line_table_with_tilsagn_column_applied_column_and_rejection():
    text = (
        "Prosjektskjønn 2022\n\nStatsforvalteren i Agder har behandlet søknadene.\n\n"
        "Søker\n\nProsjekt\n\nOmsøkt\n\nTilsagn (kr)\n\n"
        "Flekkefjord kommune\n\nDigital byggesak\n\n900 000\n\n500 000\n\n"
        "Sirdal kommune\n\nFjellvakt\n\n300 000\n\nAvslag\n\n"
        "Åseral kommune\n\nNy oppvekstmodell\n\n400 000\n\n400 000\n"
    )
    assert _got(text) == [
        ("Flekkefjord kommune", "Digital byggesak", 500000),
        ("Åseral kommune", "Ny oppvekstmodell", 400000),
    ]


def test_tab_table_with_recipient_compound_header_and_dotted_amounts():
    text = (
        "Fornyingsmidler 2021\n\nTilsagnsmottaker\tProsjekt\tBevilget\nGamvik kommune\tHavnelab\t350.000\n"
        "Lebesby kommune\tBoligløft\tkr. 275.000\nTotalt\t\t625.000\n"
    )
    assert _got(text) == [("Gamvik kommune", "Havnelab", 350000), ("Lebesby kommune", "Boligløft", 275000)]


def test_a_header_word_is_never_a_recipient():
    text = (
        "Tildeling 2022\n\nStatsforvaltaren i Vestland har fordelt midlar.\n\nTiltak som har fått midlar:\n\n"
        "Tiltak\n\nAnsvarleg kommune\n\nInnvilga\n\nDigital sakshandsaming\n\nSunnfjord\n\nkr 400 000\n"
    )
    assert _got(text) == [("Sunnfjord", "Digital sakshandsaming", 400000)]


# --- list lines: amount after a dash or a colon; titles cleaned -----------------------------------


@pytest.mark.parametrize(
    ("line", "value"),
    [
        ("Lærdal: «Digital fjellvakt» – 0,45 mill. kr", 450000),
        ("Luster – Berekraftig reiseliv – 1,1 mill. kroner", 1100000),
        ("Ås kommune – Smart vann – 1,2 MNOK", 1200000),
        ("Vik – Kystlab – 850 tkr", 850000),
    ],
)
def test_trailing_amounts_with_a_scale_word(line: str, value: int):
    m = TRAILING_AMOUNT.search(line)
    assert m and parse_amount_cell(m.group("amount"), 1.0, "nb", "NOK").value == value


def test_dash_list_in_millions_with_bracketed_partners():
    text = (
        "Prosjektskjøn 2017\n\nFylkesmannen i Sogn og Fjordane har fordelt prosjektskjøn:\n\n"
        "Lærdal: «Digital fjellvakt» (i samarbeid med Årdal og Aurland) – 0,45 mill. kr\n"
        "Luster: «Berekraftig reiseliv» – 1,1 mill. kr\n"
    )
    records = _records(text)
    assert [(r.recipient, r.title, r.amount) for r in records] == [
        ("Lærdal", "Digital fjellvakt", 450000),
        ("Luster", "Berekraftig reiseliv", 1100000),
    ]
    assert records[0].partners == ["Årdal", "Aurland"]


def test_bulleted_name_colon_amount_til_title():
    text = (
        "Disse får fornyingsmidler\n\nStatsforvalteren i Nordland har fordelt midler.\n\n"
        "• Hamarøy kommune: kr 275 000 til «Ny kystplan».\n"
        "• Lødingen kommune: 180 000 kroner til «Digitalt oppvekstkontor».\n"
    )
    assert _got(text) == [
        ("Hamarøy kommune", "Ny kystplan", 275000),
        ("Lødingen kommune", "Digitalt oppvekstkontor", 180000),
    ]


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("«Digital heimeteneste» (", "Digital heimeteneste"),
        ("«Kystkommune 2040 – grøn omstilling» –", "Kystkommune 2040 – grøn omstilling"),
        ('"Trygg skolväg".', "Trygg skolväg"),
        ("Smart by 2.0", "Smart by 2.0"),
        ("Arkiv (IKA)", "Arkiv (IKA)"),
    ],
)
def test_titles_lose_their_quotes_and_trailing_punctuation(raw: str, clean: str):
    assert clean_title(raw) == clean


# --- joint recipients -----------------------------------------------------------------------------


def test_joint_recipients_the_host_named_after_is_the_recipient():
    text = (
        "Skjønnsmidler 2023\n\nStatsforvalteren i Vestland har tildelt skjønnsmidler.\n\n"
        "Vik kommune og Aurland kommune får 500 000 kroner til prosjektet «Felles planteam». "
        "Aurland er vertskommune.\n"
    )
    records = _records(text)
    assert [(r.recipient, r.title, r.amount, r.partners) for r in records] == [
        ("Aurland kommune", "Felles planteam", 500000, ["Vik kommune"])
    ]


def test_joint_recipients_three_names_owner_stated_in_swedish():
    text = (
        "Vinnova stöttar samarbete\n\nBoden, Luleå och Piteå får 1,5 miljoner kronor från Vinnova för "
        "projektet Norrbottens arktiska labb. Luleå är projektägare.\n"
    )
    records = _records(text)
    assert [(r.recipient, r.amount, r.partners) for r in records] == [("Luleå", 1500000, ["Boden", "Piteå"])]


def test_joint_recipients_without_an_owner_the_first_named_receives():
    text = (
        "Två kommuner får stöd från Vinnova\n\nAle kommun och Lerums kommun får 2 miljoner kronor från "
        "Vinnova för projektet Trygg hemtjänst.\n"
    )
    records = _records(text)
    assert [(r.recipient, r.title, r.amount, r.partners) for r in records] == [
        ("Ale kommun", "Trygg hemtjänst", 2000000, ["Lerums kommun"])
    ]


def test_joint_unpriced_grant_for_a_shared_project_is_one_record():
    text = (
        "Samarbeid\n\nBodø kommune og Saltdal kommune har fått tilsagn om skjønnsmidler til et felles "
        "prosjekt. Bodø er vertskommune.\n"
    )
    records = _records(text)
    assert [(r.recipient, r.amount, r.partners) for r in records] == [
        ("Bodø kommune", None, ["Saltdal kommune"])
    ]


def test_henholdsvis_pairs_names_and_amounts_in_order():
    text = (
        "Skjønnsmidler til Fjellregionen\n\nStatsforvalteren i Innlandet har fordelt skjønnsmidler. "
        "Os kommune og Tolga kommune får henholdsvis 400 000 og 250 000 kroner.\n"
    )
    assert [(r, a) for r, _t, a in _got(text)] == [("Os kommune", 400000), ("Tolga kommune", 250000)]


def test_each_amount_is_still_one_grant_per_name():
    text = (
        "Skjønnsmidler\n\nStatsforvalteren har tildelt midler. Ringsaker og Hamar får 200 000 kroner hver "
        "til digitalisering.\n"
    )
    assert [(r, a) for r, _t, a in _got(text)] == [("Ringsaker", 200000), ("Hamar", 200000)]


# --- sentences opening with an adverbial ------------------------------------------------------------


def test_swedish_verb_second_after_dessutom():
    text = (
        "Två kommuner får pengar från Vinnova\n\nMora kommun har beviljats 1,2 mnkr från Vinnova för "
        "projektet Fjällnära vård. Dessutom får Orsa kommun 600 tkr för en förstudie om digitala hembesök.\n"
    )
    assert _got(text) == [
        ("Mora kommun", "Fjällnära vård", 1200000),
        ("Orsa kommun", "förstudie om digitala hembesök", 600000),
    ]


def test_norwegian_verb_second_after_i_tillegg():
    text = (
        "Skjønnsmidler til Møre\n\nStatsforvalteren i Møre og Romsdal har tildelt Sunndal kommune 700 000 "
        "kroner til prosjektet «Smart drift». I tillegg får Surnadal kommune 300 000 kroner til et "
        "forprosjekt om felles innkjøp.\n"
    )
    assert _got(text) == [
        ("Sunndal kommune", "Smart drift", 700000),
        ("Surnadal kommune", "forprosjekt om felles innkjøp", 300000),
    ]


def test_focus_adverb_before_the_subject_and_a_noun_first_headline():
    text = (
        "Ski får penger\n\nGrannekommunen Ås har også fått penger, men vil ikke si hvor mye.\n\n"
        "Statsforvalteren i Oslo og Viken har tildelt Ski kommune 1 million kroner til prosjektet "
        "«Digital skole».\n\nOgså Ås kommune har fått skjønnsmidler fra Statsforvalteren, til et prosjekt "
        "om rus og psykisk helse.\n"
    )
    assert _got(text) == [
        ("Ski kommune", "Digital skole", 1000000),
        ("Ås kommune", "prosjekt om rus og psykisk helse", None),
    ]


def test_an_opening_adverb_is_never_the_recipient():
    text = "Nyheter\n\nSamtidigt får det konsekvenser för budgeten på 3 miljoner kronor.\n"
    assert _got(text) == []


def test_the_subject_of_an_active_giving_verb_is_the_giver():
    text = (
        "Kommunen deler ut kulturmidler\n\nSkien kommune har tildelt 50 000 kroner til Skien kammerkor og "
        "30 000 kroner til Gulset IL.\n"
    )
    assert _got(text) == []


# --- units and "går N til X" ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "currency"),
    [
        ("beviljats 3,2 mnkr", 3200000, "SEK"),
        ("får 2 Mkr", 2000000, "SEK"),
        ("fick 1,4 MSEK", 1400000, "SEK"),
        ("fikk 4 MNOK", 4000000, "NOK"),
        ("3,5 milj. kr", 3500000, "SEK"),
        ("0,6 mill. kroner", 600000, "NOK"),
        ("750 tusen kroner", 750000, "NOK"),
        ("450 tkr", 450000, "SEK"),
        ("250k kr", 250000, "SEK"),
        ("1,1 mrd. kroner", 1100000000, "NOK"),
    ],
)
def test_scale_units_in_four_languages(text: str, value: int, currency: str):
    found = find_money(text, "sv", "SEK")
    assert [(m.value, m.currency) for m in found] == [(value, currency)]


def test_a_bare_number_joined_to_an_amount_shares_its_unit():
    assert [m.value for m in find_money("fick 1,2 och 0,8 miljoner kronor", "sv", "SEK")] == [1200000, 800000]
    assert [m.value for m in find_money("mellom 400 000 og 600 000 kroner", "nb", "NOK")] == [600000]


def test_goes_to_after_the_amount_with_a_pot_before():
    text = (
        "Tre kommuner deler 2 millioner\n\nNordland fylkeskommune har valgt ut tre kommuner. Av potten på "
        "2 millioner kroner går 1,2 millioner kroner til Vefsn, 500 000 kroner til Grane og 300 000 "
        "kroner til Hattfjelldal.\n"
    )
    records = _records(text)
    assert [(r.recipient, r.amount) for r in records] == [
        ("Vefsn", 1200000),
        ("Grane", 500000),
        ("Hattfjelldal", 300000),
    ]
    assert {r.funder for r in records} == {"Nordland fylkeskommune"}


def test_goes_to_in_swedish():
    text = "Region Jämtland fördelar pengar\n\nAv de 5 miljonerna går 3 miljoner kronor till Strömsund och 2 miljoner till Ragunda.\n"
    assert [(r, a) for r, _t, a in _got(text)] == [("Strömsund", 3000000), ("Ragunda", 2000000)]


def test_a_funder_named_in_full_later_wins_over_a_generic_first_mention():
    text = (
        "Pengar til lokalsamfunn\n\nFylkeskommunen deler ut 1 million kroner. Nordland fylkeskommune har "
        "valgt ut Hemnes kommune, som får 1 million kroner til prosjektet «Hemnes sentrum».\n"
    )
    assert [r.funder for r in _records(text)] == ["Nordland fylkeskommune"]


# --- pots: parts of a pot and a pot shared equally among counted recipients ------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Skjønnsmidler 2024\n\nStatsforvalteren har tildelt 12 millioner kroner i skjønnsmidler til 20 prosjekter. "
        "Av de tildelte midlene går 2 millioner kroner til oppfølging av tidligere prosjekter.\n",
        "Vinnova fördelar 40 miljoner\n\nVinnova har beviljat 40 miljoner kronor till 12 projekt. Av dessa medel "
        "går 8 miljoner kronor till utvärdering.\n",
        "Vinnova fördelar\n\nVinnova har beviljat 20 miljoner kronor till tio projekt. Av potten går 4 miljoner "
        "kronor till utvärdering och spridning.\n",
    ],
)
def test_a_part_of_the_pot_with_no_recipient_is_not_a_grant(text: str):
    assert _got(text) == []


def test_a_pot_shared_equally_among_the_counted_recipients_named_before():
    text = (
        "Två kommuner delar på 3 miljoner\n\nSala och Heby får pengar från Vinnova för att pröva nya sätt att "
        "leverera mat på landsbygden.\n\nVinnova har beviljat totalt 3 miljoner kronor som delas lika mellan "
        "de två kommunerna.\n"
    )
    assert [(r, a) for r, _t, a in _got(text)] == [("Sala", 1500000), ("Heby", 1500000)]


def test_a_count_that_does_not_match_the_names_divides_nothing():
    text = (
        "Kommuner delar på pengar\n\nSala och Heby får pengar från Vinnova.\n\nVinnova har beviljat totalt 3 "
        "miljoner kronor som delas lika mellan de tre kommunerna.\n"
    )
    assert [a for _r, _t, a in _got(text)] == [None, None]


# --- titles and programmes in news phrasing --------------------------------------------------------


def test_project_heter_names_the_title():
    text = (
        "Kalix kommun får stöd\n\nKalix kommun har beviljats stöd från Vinnova. Projektet heter Trygg skolväg "
        "och pågår under 2023.\n"
    )
    assert _got(text) == [("Kalix kommun", "Trygg skolväg", None)]


def test_a_quoted_name_after_the_amount_beats_the_descriptive_purpose():
    text = (
        "Skjønnsmidler 2021\n\nStatsforvalteren i Innlandet har tildelt skjønnsmidler. Lom kommune får "
        "350 000 kroner til et felles prosjekt om turisme, «Fjellbygda 2030».\n"
    )
    assert _got(text) == [("Lom kommune", "Fjellbygda 2030", 350000)]


@pytest.mark.parametrize(
    ("sentence", "programme"),
    [
        (
            "Uppsala kommun har beviljats 2 miljoner kronor inom programmet Smarta städer för projektet "
            "Grön logistik.",
            "Smarta städer",
        ),
        (
            "Vinje kommune har fått 900 000 kroner gjennom ordningen Attraktive lokalsamfunn i år.",
            "Attraktive lokalsamfunn",
        ),
        (
            "Hudiksvalls kommun har beviljats 1 miljon kronor i Vinnovas utlysning Innovativa kommuner 2024.",
            "Innovativa kommuner 2024",
        ),
        ("Eda kommun får 700 000 kronor från Vinnovas satsning Levande bygder.", "Levande bygder"),
    ],
)
def test_programme_named_in_news_phrasing(sentence: str, programme: str):
    records = _records(f"Nyhet\n\n{sentence}\n")
    assert [r.programme for r in records] == [programme]


def test_the_scheme_in_the_heading_wins_over_the_breadcrumb():
    text = (
        "Agder > Kommunal styring > Skjønnsmidler\n\nTildeling av prosjektskjønn 2021\n\nStatsforvalteren i "
        "Agder har fordelt midler.\n\nKommune\n\nProsjekt\n\nBeløp\n\nRisør\n\nKystkultur\n\nkr 250 000\n"
    )
    assert [r.programme for r in _records(text)] == ["prosjektskjønn"]


# --- prize winners in other wordings ---------------------------------------------------------------


def test_prize_won_in_the_first_person_goes_to_the_site_owner():
    text = (
        "Lindesnes kommune\nMeny\n\nVi vant Innovasjonsprisen 2021!\n\nPrisen er på 500 000 kroner og ble delt "
        "ut av kommunal- og moderniseringsministeren. Kvinesdal og Farsund var også nominert.\n"
    )
    assert _got(text) == [("Lindesnes kommune", "Innovasjonsprisen 2021", 500000)]


def test_prize_winner_chosen_as_this_years_municipality():
    text = (
        "Sirdal kommune er kåret til årets innovasjonskommune\n\nSirdal kommune er kåret til årets "
        "innovasjonskommune og får Kommunal- og distriktsdepartementets innovasjonspris 2022. Prisen er på "
        "500 000 kroner. Bygland og Valle var også nominert.\n"
    )
    assert [(r, a) for r, _t, a in _got(text)] == [("Sirdal kommune", 500000)]


def test_prize_ble_tildelt_prisen_keeps_the_organisation_word():
    text = (
        "Innovasjonspris 2020\n\nGjesdal kommune ble tildelt prisen av juryen torsdag. Prisen på 100 000 kroner "
        "ble delt ut av statsforvalteren. Sola og Klepp var også nominert.\n"
    )
    assert [(r, a) for r, _t, a in _got(text)] == [("Gjesdal kommune", 100000)]


@pytest.mark.parametrize(
    "text",
    [
        "Eksempel kommune\n\nVi er nominert til Innovasjonsprisen 2024!\n\nEksempel kommune er en av tre "
        "finalister. Vinneren får 500 000 kroner og kåres i juni.\n",
        "Eksempel kommune\nMeny\n\nVi har søkt om Innovasjonsprisen 2024\n\nKommunen har levert søknad til "
        "innovasjonsprisen. Vinneren får 500 000 kroner.\n",
    ],
)
def test_first_person_nominee_or_applicant_is_not_a_winner(text: str):
    assert _got(text) == []


def test_nynorsk_og_opener_and_a_capital_with_an_accent_ends_a_sentence():
    text = (
        "Skjønsmidlar 2022\n\nStatsforvaltaren i Vestland har løyvd skjønsmidlar. Òg Fitjar kommune får "
        "250 000 kroner til prosjektet «Kystlab».\n"
    )
    assert _got(text) == [("Fitjar kommune", "Kystlab", 250000)]


def test_english_in_addition_and_goes_to_lists():
    also = (
        "Grants announced\n\nStatsforvalteren i Vestland has awarded Bergen kommune NOK 800,000 for the project "
        "Smart Bergen. In addition, Askøy kommune receives NOK 400,000 for a pilot on digital home care.\n"
    )
    assert _got(also) == [
        ("Bergen kommune", "Smart Bergen", 800000),
        ("Askøy kommune", "pilot on digital home care", 400000),
    ]
    goes = (
        "Funding for two municipalities\n\nThe county governor has distributed NOK 3 million. NOK 2 million "
        "goes to Hamar kommune and NOK 1 million to Løten kommune.\n"
    )
    assert [(r, a) for r, _t, a in _got(goes)] == [("Hamar kommune", 2000000), ("Løten kommune", 1000000)]
