"""General text patterns the document parsers handle, each on a small synthetic snippet.

Every snippet here was written for this file (invented places, projects and amounts); none is a copy
of a corpus or held-out page. Each test names the pattern, not a document.
"""

from __future__ import annotations

import pytest
from scoring import match_document

from etl.documents import parse_text
from etl.documents.lexicon import SUM_ROW, is_furniture
from etl.documents.numbers import parse_amount_cell, scale_from_note
from etl.documents.tables import header_role, is_rejected_cell


def _got(text: str) -> list[tuple]:
    return [(r.recipient, r.title, r.amount) for r in parse_text(text).records]


# --- scorer: pairs on who and what, not on how much ---------------------------------------------


def test_scorer_pairs_a_wrong_amount_as_a_match_with_a_wrong_amount():
    gold = [{"recipient": "Kvitsund kommune", "title": "Ny skolemodell", "amount": 1_200_000, "year": 2020}]
    pred = [{"recipient": "Kvitsund kommune", "title": "Ny skolemodell", "amount": 1_200, "year": 2020}]
    score = match_document("doc", pred, gold)
    assert len(score.matches) == 1 and not score.missed and not score.spurious


def test_scorer_uses_the_amount_only_to_break_ties():
    gold = [
        {"recipient": "Kvitsund", "title": None, "amount": 100_000},
        {"recipient": "Kvitsund", "title": None, "amount": 200_000},
    ]
    pred = [
        {"recipient": "Kvitsund", "title": None, "amount": 200_000},
        {"recipient": "Kvitsund", "title": None, "amount": 100_000},
    ]
    score = match_document("doc", pred, gold)
    assert all(p["amount"] == g["amount"] for p, g, _ in score.matches)


def test_scorer_does_not_pair_a_record_naming_someone_else():
    gold = [{"recipient": "Kvitsund kommune", "title": "Ny skolemodell", "amount": 300_000}]
    pred = [{"recipient": "hovedinnhold", "title": "Noe annet", "amount": 300_000}]
    score = match_document("doc", pred, gold)
    assert not score.matches and score.missed and score.spurious


# --- Vinnova fact box ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("labels", "amount_line", "period"),
    [
        (
            ("Koordinator", "Bidrag från Vinnova", "Projektets löptid", "Utlysning"),
            "812 400 kronor",
            "maj 2021 - april 2023",
        ),
        (
            ("Coordinator", "Funding from Vinnova", "Project duration", "Venture"),
            "SEK 812 400",
            "May 2021 - April 2023",
        ),
    ],
)
def test_vinnova_fact_box_with_label_and_value_on_separate_lines(labels, amount_line, period):
    coordinator, amount, duration, call = labels
    text = (
        "Meny\n\nSnösmart väghållning i Fjällby\n\nDiarienummer\n\n"
        f"{coordinator}\nFjällby Sensor AB\n{amount}\n{amount_line}\n{duration}\n{period}\n"
        f"{call}\nSmarta städer\n\nSyfte och mål\nProjektets totala budget är 1 600 000 kronor.\n"
    )
    records = parse_text(text).records
    assert len(records) == 1
    r = records[0]
    assert (r.recipient, r.amount, r.year, r.start_date, r.end_date, r.programme) == (
        "Fjällby Sensor AB",
        812400,
        2021,
        "2021-05",
        "2023-04",
        "Smarta städer",
    )
    assert r.title == "Snösmart väghållning i Fjällby"


# --- tables: sums, rejections, units, column orders -------------------------------------------------


@pytest.mark.parametrize(
    ("line", "is_sum"),
    [
        ("Sum", True),
        ("Totalt", True),
        ("Sum tildelte prosjekter", True),
        ("Totalt 950 000 kr", True),
        ("Sum | | 1 000 000 |", True),
        ("Samla tenester for barn", False),
        ("Samlet plan for helse", False),
        ("Totalforsvar i kommunen", False),
        ("Summer school for ungdom", False),
    ],
)
def test_only_a_row_led_by_a_sum_word_is_a_total(line: str, is_sum: bool):
    assert bool(SUM_ROW.match(line)) is is_sum


def test_budget_and_sum_words_inside_a_title_cell_do_not_end_the_table():
    text = (
        "Tildeling av skjønnsmidler 2020\n\nStatsforvalteren i Innlandet har tildelt midler.\n\n"
        "Kommune\nProsjekt\nTildelt beløp\n"
        "Ekrheim\nBudsjettmodell for barnehagene\n500 000\n"
        "Lysvik\nTotal kvalitet i hjemmetjenesten\n600 000\n"
        "Nordhol\nSamla tenester for barn og unge\n1 000 000\nSum\n2 100 000\n"
    )
    assert _got(text) == [
        ("Ekrheim", "Budsjettmodell for barnehagene", 500000),
        ("Lysvik", "Total kvalitet i hjemmetjenesten", 600000),
        ("Nordhol", "Samla tenester for barn og unge", 1000000),
    ]


@pytest.mark.parametrize("rejected", ["Avslag", "0", "–", "Ikke innvilget"])
def test_a_rejected_row_in_the_granted_column_does_not_shift_the_table(rejected: str):
    text = (
        "Prosjektskjønn 2020\n\nFylkesmannen i Nordland har behandlet søknadene.\n\n"
        "Søker\n\nProsjekt\n\nSøkt beløp\n\nTildelt beløp\n\n"
        "Ekrheim kommune\n\nDigital skole\n\n500 000\n\n300 000\n\n"
        f"Lysvik kommune\n\nKulturløft\n\n200 000\n\n{rejected}\n\n"
        "Nordhol kommune\n\nKystplan\n\n300 000\n\n250 000\n\nSum\n\n1 000 000\n\n550 000\n"
    )
    assert _got(text) == [
        ("Ekrheim kommune", "Digital skole", 300000),
        ("Nordhol kommune", "Kystplan", 250000),
    ]


def test_a_rejected_row_in_a_pipe_table_is_skipped():
    text = (
        "Allocation of project funds 2021\n\nStatsforvalteren i Vestland has awarded funds.\n\n"
        "Applicant | Project | Applied (NOK) | Granted (NOK)\n"
        "Ekrheim kommune | Smart city | 900 000 | 600 000\n"
        "Lysvik kommune | Green tourism | 400 000 | Rejected\n"
        "Nordhol kommune | AI in schools | 300 000 | 300 000\nTotal | | 1 600 000 | 900 000\n"
    )
    assert _got(text) == [
        ("Ekrheim kommune", "Smart city", 600000),
        ("Nordhol kommune", "AI in schools", 300000),
    ]


@pytest.mark.parametrize(
    ("cell", "rejected"), [("Avslag", True), ("avslått", True), ("0", True), ("–", True), ("250 000", False)]
)
def test_rejection_cells(cell: str, rejected: bool):
    assert is_rejected_cell(cell) is rejected


@pytest.mark.parametrize(
    ("header", "role"),
    [
        ("Tildelt (i 1000 kr)", "amount"),
        ("Beløp (mill. kr)", "amount"),
        ("Kommune(r)", "recipient"),
        ("Søkjar(ar)", "recipient"),
        ("Oversikt over tildelte midler", None),
        ("Følgende prosjekter har fått midler", None),
    ],
)
def test_header_cells_with_units_and_plural_marks(header: str, role: str | None):
    assert header_role(header) == role


def test_unit_in_the_header_scales_bare_numbers_in_one_cell_per_line_tables():
    text = (
        "Tildeling av prosjektskjønn 2020\n\nFylkesmannen har fordelt prosjektskjønn.\n\n"
        "Kommune\nProsjekt\nSamarbeidspartnere\nTildelt (i 1000 kr)\n"
        "Ekrheim\nDigital plan\nLysvik\n700\n"
        "Nordhol\nNy legevakt\n\n1 250\n"  # the empty partner cell is a blank line
        "Sørvik\nVelferdsteknologi\nLysvik, Kvitsund\n600\nSum\n\n\n2 550\n"
    )
    assert _got(text) == [
        ("Ekrheim", "Digital plan", 700000),
        ("Nordhol", "Ny legevakt", 1250000),
        ("Sørvik", "Velferdsteknologi", 600000),
    ]


def test_unit_note_above_the_table_and_apostrophe_thousands():
    text = (
        "Skjønnsmidler 2023\n\nBeløpene er oppgitt i hele tusen kroner.\n\n"
        "Søker\nProsjekt\nBeløp\nEkrheim kommune\nNordlys\n750\nLysvik kommune\nGrenseløst\n1 100\n"
        "Sum\n1 850\n"
    )
    assert _got(text) == [("Ekrheim kommune", "Nordlys", 750000), ("Lysvik kommune", "Grenseløst", 1100000)]
    pipe = "Skjønnsmidler 2021\n\nKommune | Prosjekt | Beløp\nEkrheim | Smart havn | 450'\nLysvik | Ny plan | 1 200'\n"
    assert _got(pipe) == [("Ekrheim", "Smart havn", 450000), ("Lysvik", "Ny plan", 1200000)]


@pytest.mark.parametrize(
    ("cell", "scale", "value"), [("450'", 1.0, 450000), ("1 200’", 1.0, 1200000), ("2 000", 1e3, 2000000)]
)
def test_thousands_marks_and_scaled_cells(cell: str, scale: float, value: float):
    money = parse_amount_cell(cell, scale)
    assert money is not None and money.value == value


@pytest.mark.parametrize(
    ("note", "scale"),
    [
        ("Tildelingene er oppgitt i tusen kroner.", 1e3),
        ("Alle beløp i 1000 kr", 1e3),
        ("Beløpa er i mill. kr", 1e6),
        ("Figures in NOK thousands", 1e3),
        ("Det kom inn 33 søknader i 2020.", 1.0),
    ],
)
def test_unit_notes(note: str, scale: float):
    assert scale_from_note(note) == scale


def test_project_first_table_with_partners_in_brackets_after_the_lead_municipality():
    text = (
        "Skjønnsmidler 2021\n\nProsjekt\nKommune(r)\nTildelt\n"
        "Felles IKT-drift\nEkrheim (Lysvik, Nordhol)\n600 000\nDigital skole\nSørvik\n450 000\n"
    )
    records = parse_text(text).records
    assert [(r.recipient, r.partners, r.title, r.amount) for r in records] == [
        ("Ekrheim", ["Lysvik", "Nordhol"], "Felles IKT-drift", 600000),
        ("Sørvik", [], "Digital skole", 450000),
    ]


def test_a_list_in_the_recipient_cell_names_the_lead_first():
    text = (
        "Skjønnsmidler 2019\n\nKommune\nProsjekt\nTildelt\n"
        "Ekrheim, Lysvik og Nordhol\nFelles planressurs\nkr 400 000\n"
        "Ulvdal barnevern (Sørvik kommune)\nTidlig innsats\nkr 300 000\n"
    )
    records = parse_text(text).records
    assert [(r.recipient, r.partners) for r in records] == [
        ("Ekrheim", ["Lysvik", "Nordhol"]),
        ("Ulvdal barnevern (Sørvik kommune)", []),
    ]


# --- page furniture and the award year ---------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "Hopp til hovedinnhold",
        "Gå til hovudinnhald",
        "Hoppa till huvudinnehållet",
        "Skip to main content",
        "Meny",
    ],
)
def test_skip_links_and_menus_are_furniture(line: str):
    assert is_furniture(line)


def test_skip_link_is_never_the_heading_or_a_recipient():
    text = (
        "Hopp til hovedinnhold\nStatsforvalteren i Rogaland\n\nSkjønnsmidler til fornying 2021\n\n"
        "Statsforvalteren har tildelt 3 millioner kroner til sju prosjekter. Største tildeling, 1,2 mill., "
        "går til Kvitsund kommune og prosjektet «Smart Kvitsund».\n\nPublisert 26.04.2021\n"
    )
    assert _got(text) == [("Kvitsund kommune", "Smart Kvitsund", 1200000)]


@pytest.mark.parametrize(
    "banner",
    [
        "Dette innholdet er skrevet før 2019, da antall fylkesmannsembeter gikk fra 16 til 10.",
        "Dette innhaldet er skrive før 2019, då talet på fylkesmannsembete gjekk frå 16 til 10.",
    ],
)
def test_the_award_year_never_comes_from_an_archive_banner(banner: str):
    text = (
        "Fylkesmannen i Hordaland\nMeny\n\nFornyingsmidlar\n\nPublisert 12.06.2016\n\n"
        f"{banner}\n\nSøkjar | Prosjekt | Løyvd |\nEkrheim kommune | Smart by | 500 000 |\n"
        "Lysvik kommune | Ny helseplan | 300 000 |\nSum | | 800 000 |\n"
    )
    assert {r.year for r in parse_text(text).records} == {2016}


# --- prose recipients --------------------------------------------------------------------------------


def test_noun_first_municipality_regional_council_and_on_behalf_of():
    text = (
        "Disse får skjønnsmidler i 2022\n\nStatsforvalteren i Innlandet har fordelt 3 millioner kroner til "
        "fem prosjekter.\n\nPublisert 10.05.2022\n\n"
        "• Kommunen Ekrheim får 500 000 kroner til å utvikle en ny modell for hjemmetjenester sammen med "
        "Lysvik og Nordhol.\n"
        "• Fjellbygd regionråd får 700 000 kroner til felles innkjøp.\n"
        "• Sørvik kommune får 1,1 millioner kroner på vegne av Kyst-samarbeidet til en felles strategi for "
        "digital post.\n"
        "• Kvitsund kommune får også midler til et prosjekt om klimatilpasning, men beløpet er ikke avklart.\n"
    )
    records = parse_text(text).records
    assert [(r.recipient, r.title, r.amount) for r in records] == [
        ("Ekrheim kommune", "ny modell for hjemmetjenester", 500000),
        ("Fjellbygd regionråd", "felles innkjøp", 700000),
        ("Sørvik kommune", "felles strategi for digital post", 1100000),
        ("Kvitsund kommune", "prosjekt om klimatilpasning", None),
    ]
    assert records[0].partners == ["Lysvik", "Nordhol"]
    assert records[2].partners == ["Kyst-samarbeidet"]


def test_noun_first_municipality_in_swedish():
    text = "Nyheter\n\nPublicerad 2022-05-02\n\nKommunen Ekby får 2 miljoner kronor från Vinnova till projektet ”Ekby växer”.\n"
    assert _got(text) == [("Ekby kommun", "Ekby växer", 2000000)]


@pytest.mark.parametrize(
    "sentence",
    [
        "Det största bidraget, 4 miljoner kronor, går till Ekby kommuns projekt ”Smart Ekby”.",
        "Det största bidraget på 4 miljoner kronor går till Ekby kommun för projektet ”Smart Ekby”.",
    ],
)
def test_an_amount_inside_the_sentence_before_its_recipient(sentence: str):
    text = (
        "Vinnova stöttar fem kommuner\n\nPublicerad 2022-05-02\n\nVinnova har beviljat totalt 12 miljoner "
        f"kronor till fem kommunala projekt. {sentence}\n"
    )
    assert _got(text) == [("Ekby kommun", "Smart Ekby", 4000000)]


@pytest.mark.parametrize(
    ("headline", "body"),
    [
        ("Ekby får 3,2 miljoner från Vinnova", "Ekbys kommun har beviljats 3,2 miljoner kronor"),
        ("Lysvik får 2,5 millioner", "Lysvik kommune har fått 2,5 millioner kroner"),
    ],
)
def test_headline_and_body_naming_the_same_grant_give_one_record(headline: str, body: str):
    funder = "från Vinnova" if "Vinnova" in headline else "fra Statsforvalteren i Nordland"
    text = f"{headline}\n\nPublisert 03.03.2022\n\n{body} {funder} för projektet ”Smart skola”.\n"
    records = parse_text(text).records
    assert len(records) == 1
    assert records[0].recipient == body.split(" har")[0]
    assert records[0].title == "Smart skola"


# --- shared pots ---------------------------------------------------------------------------------------


def test_a_pot_shared_equally_is_split_between_the_named_recipients():
    text = (
        "Tre kommuner får felles digitaliseringsmidler\n\nPublisert 11.03.2021\n\n"
        "Statsforvalteren i Innlandet har gitt 1,5 millioner kroner til prosjektet «Digital Fjelldal». "
        "Beløpet fordeles likt mellom de tre kommunene Ekrheim, Vestre Lysvik og Nordhol.\n"
    )
    records = parse_text(text).records
    assert [(r.recipient, r.title, r.amount) for r in records] == [
        ("Ekrheim", "Digital Fjelldal", 500000),
        ("Vestre Lysvik", "Digital Fjelldal", 500000),
        ("Nordhol", "Digital Fjelldal", 500000),
    ]
    assert records[0].partners == ["Vestre Lysvik", "Nordhol"]


def test_a_headline_restating_a_split_pot_is_not_another_grant():
    text = (
        "Ekrheim, Lysvik og Nordhol får 1,8 millioner\n\nPublisert 11.03.2021\n\n"
        "Statsforvalteren i Oslo og Viken har gitt 1,8 millioner kroner til prosjektet «Digitale Fjelldal». "
        "Pengene fordeles likt mellom Ekrheim, Lysvik og Nordhol.\n"
    )
    assert _got(text) == [
        ("Ekrheim", "Digitale Fjelldal", 600000),
        ("Lysvik", "Digitale Fjelldal", 600000),
        ("Nordhol", "Digitale Fjelldal", 600000),
    ]


def test_names_sharing_equally_with_the_amount_in_the_sentence():
    text = (
        "Nyhet\n\nPublisert 05.05.2021\n\nStatsforvaltaren i Vestland har løyvd midlar til eit felles "
        "prosjekt. Ekrheim, Lysvik og Nordhol deler likt på 900 000 kroner.\n"
    )
    assert [a for *_, a in _got(text)] == [300000, 300000, 300000]


def test_a_pot_shared_without_saying_equally_gives_recipients_without_amounts():
    text = (
        "Fyra kommuner delar på 20 miljoner\n\nPublicerad 2022-03-02\n\n"
        "Vinnova satsar 20 miljoner kronor på fyra kommunala projekt. Projekten i Ekby, Lysby, Norrby och "
        "Sörby delar på summan.\n\n"
        "Det största bidraget, 7 miljoner kronor, går till Ekby kommuns projekt ”Gröna maskiner”.\n\n"
        "Lysby kommun ska i projektet ”Cirkulär bygg” testa nya metoder. Norrby kommun utvecklar "
        "”Smart laddning”, och Sörby stad leder projektet ”Fossilfri färja” tillsammans med Region Sörby.\n"
    )
    records = parse_text(text).records
    assert [(r.recipient, r.title, r.amount) for r in records] == [
        ("Ekby kommun", "Gröna maskiner", 7000000),
        ("Lysby kommun", "Cirkulär bygg", None),
        ("Norrby kommun", "Smart laddning", None),
        ("Sörby stad", "Fossilfri färja", None),
    ]
    assert records[-1].partners == ["Region Sörby"]


def test_a_list_of_sectors_is_not_a_shared_pot():
    text = (
        "Nyhet\n\nPublisert 01.02.2022\n\nEkrheim kommune har fått 3 millioner kroner i skjønnsmidler fra "
        "Statsforvalteren i Vestland. Midlene fordeles mellom Helse og omsorg, Oppvekst og Kultur.\n"
    )
    assert _got(text) == [("Ekrheim kommune", None, 3000000)]


@pytest.mark.parametrize(
    "sentence",
    [
        "Ekrheim og Lysvik deler erfaringer fra arbeidet.",
        "Erfaringene deles mellom Ekrheim, Lysvik og Nordhol.",
        "Prosjektet er et samarbeid mellom Ekrheim, Lysvik og Nordhol.",
    ],
)
def test_sharing_something_other_than_money_is_not_a_pot(sentence: str):
    text = (
        "Nyhet\n\nPublisert 01.02.2022\n\nEkrheim kommune har fått 400 000 kroner fra Statsforvalteren i "
        f"Nordland til prosjektet «Trygg heim». {sentence}\n"
    )
    assert _got(text) == [("Ekrheim kommune", "Trygg heim", 400000)]


def test_each_of_a_list_of_named_municipalities_gets_the_amount_each():
    text = (
        "Tre kommuner får stöd\n\nPublicerad 2021-09-10\n\nVinnova har beviljat Ekby kommun, Lysby kommun "
        "och Norrby kommun 500 000 kronor vardera för digitala tjänster. Totalt satsar Vinnova 1,5 miljoner "
        "kronor.\n"
    )
    assert _got(text) == [
        ("Ekby kommun", None, 500000),
        ("Lysby kommun", None, 500000),
        ("Norrby kommun", None, 500000),
    ]


def test_a_maximum_column_is_not_a_granted_column():
    assert header_role("Maks beløp") == "other_amount"


# --- prizes --------------------------------------------------------------------------------------------


def test_prize_owner_with_possessive_and_year_given_with_for():
    text = (
        "Fjelldal kommune vann innovasjonsprisen\n\nPublisert: 16.06.2023\n\n"
        "Fjelldal kommune er vinnar av Kommunal- og distriktsdepartementet si innovasjonspris for 2023. "
        "Prisen er på 500.000 kroner. Dei andre finalistane var Lysvik kommune og Nordhol kommune.\n"
    )
    records = parse_text(text).records
    assert [(r.recipient, r.amount, r.year) for r in records] == [("Fjelldal kommune", 500000, 2023)]
    assert records[0].programme == "Kommunal- og distriktsdepartementet si innovasjonspris"
    assert records[0].title == "innovasjonsprisen 2023"


def test_prize_title_is_the_name_written_with_its_year():
    text = (
        "Innovasjonsprisen 2021 til Fjelldal kommune\n\nPublisert 10.06.2021\n\n"
        "Fjelldal kommune vant torsdag Kommunal- og moderniseringsdepartementets innovasjonspris for 2021. "
        "Prisen er på en halv million kroner. Finalistene Lysvik og Nordhol fikk heder og diplom.\n"
    )
    records = parse_text(text).records
    assert [(r.recipient, r.title, r.amount) for r in records] == [
        ("Fjelldal kommune", "Innovasjonsprisen 2021", 500000)
    ]
    assert records[0].programme == "Kommunal- og moderniseringsdepartementets innovasjonspris"
