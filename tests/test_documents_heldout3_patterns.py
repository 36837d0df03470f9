"""Patterns added after the third blind held-out set (tests/heldout3), each on an invented snippet.

Every snippet was written for this file: other places, projects, amounts and wordings than the held-out
pages. Each test names the general pattern (column roles from headers or content, sum rows, applied-for
and refused amounts, totals shared by itemised grants, headlines restating the body), not a document.
"""

from __future__ import annotations

import pytest

from etl.documents import dates, parse_text
from etl.documents.lexicon import NOT_GRANTED_BEFORE, REFUSAL, is_sum_row
from etl.documents.tables import OTHER_AMOUNT, RECIPIENT, header_role


def _got(text: str) -> list[tuple]:
    return [(r.recipient, r.title, r.amount) for r in parse_text(text).records]


# --- Vinnova: the older project-database layout ----------------------------------------------------------


def test_old_vinnova_layout_with_beviljat_belopp_projektperiod_and_program():
    text = (
        "Projektdatabas\n\nSmart gatubelysning i Hudiksvall\n\nDiarienummer: 2016-00417\n"
        "Koordinator: Hudiksvalls kommun - Tekniska förvaltningen\nFinansiär: VINNOVA\n"
        "Program: Innovationsupphandling - Energismarta kommuner\nBeviljat belopp: 850 000 kr\n"
        "Total projektbudget: 1 900 000 kr\nProjektperiod: 2016-03-01 – 2017-02-28\nStatus: Avslutat\n\n"
        "Sammanfattning\n\nProjektet ska pröva styrning av gatubelysning efter trafik och väder.\n"
    )
    result = parse_text(text)
    assert result.genre == "vinnova_project"
    [r] = result.records
    assert (r.recipient, r.title, r.amount) == (
        "Hudiksvalls kommun - Tekniska förvaltningen",
        "Smart gatubelysning i Hudiksvall",
        850000,
    )
    assert r.programme == "Innovationsupphandling - Energismarta kommuner"
    assert (r.year, r.start_date, r.end_date) == (2016, "2016-03-01", "2017-02-28")


@pytest.mark.parametrize(
    "text, period",
    [
        ("Projektperiod: 2019-01-15 – 2020-12-31", ("2019-01-15", "2020-12-31")),
        ("periode 01.08.2021 - 31.07.2023", ("2021-08-01", "2023-07-31")),
        ("2018-2020", ("2018", "2020")),
    ],
)
def test_periods_stated_with_full_dates_keep_the_day(text, period):
    assert dates.find_period(text) == period


# --- sum and total rows in every layout and language ----------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "| Sum | | | 2 450 |",
        "| Totalt | | | kr 1.750.000,- |",
        "Sum tildelt: NOK 1 900 000",
        "• Totalt beviljat 4 500 000 kr",
        "Samla tildeling\t1 200 000",
        "Summa beviljade medel 3 000 000 kr",
        "Sammenlagt 2 100 000",
        "Sum søkt og tildelt | 5 000 000 | 2 000 000",
    ],
)
def test_sum_rows_are_recognised_as_pipe_rows_list_items_and_labels(line: str):
    assert is_sum_row(line)


@pytest.mark.parametrize(
    "line", ["| Samla tenester for barn | 300 000 |", "Summer School i Tromsø – 150 000", "Sandnes | 400 000"]
)
def test_rows_that_open_with_a_sum_like_word_are_not_sum_rows(line: str):
    assert not is_sum_row(line)


def test_sum_row_of_a_pipe_table_in_thousands_is_not_a_record():
    text = (
        "Statsforvalteren i Vestfold og Telemark har fordelt skjønnsmidler for 2023.\n\n"
        "| Kommune | Prosjekt | Beløp (i 1000 kr) |\n| --- | --- | --- |\n"
        "| Porsgrunn | Digital vannmåler | 700 |\n| Kragerø | Kystberedskap | 350 |\n| Sum | | 1 050 |\n"
    )
    assert _got(text) == [("Porsgrunn", "Digital vannmåler", 700000), ("Kragerø", "Kystberedskap", 350000)]


# --- column roles from headers -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "cell", ["Søkjarkommune", "Søkerkommune", "Vertskommune", "Ansvarleg kommune", "Sökande kommun"]
)
def test_applying_or_host_municipality_headers_name_the_recipient(cell: str):
    assert header_role(cell) == RECIPIENT


def test_cell_per_line_table_with_applicant_partner_applied_and_granted_columns():
    text = (
        "Prosjektskjønn 2023\n\nStatsforvaltaren i Rogaland har fordelt prosjektskjøn.\n\n"
        "Søkerkommune\n\nSamarbeidskommuner\n\nProsjekt\n\nSøkt beløp\n\nTildelt\n\n"
        "Eigersund\n\nBjerkreim, Sokndal\n\nFelles kystsoneplan\n\n800 000\n\n500 000\n\n"
        "Suldal\n\n–\n\nUngdom i bygda\n\n300 000\n\n150 000\n\n"
        "Kvitsøy\n\nRennesøy\n\nØyliv\n\n200 000\n\nAvslag\n\n"
        "Sum\n\n \n\n \n\n1 300 000\n\n650 000\n"
    )
    records = parse_text(text).records
    assert [(r.recipient, r.title, r.amount) for r in records] == [
        ("Eigersund", "Felles kystsoneplan", 500000),
        ("Suldal", "Ungdom i bygda", 150000),
    ]
    assert records[0].partners == ["Bjerkreim", "Sokndal"] and records[1].partners == []
    assert header_role("Søkt beløp") == OTHER_AMOUNT


# --- column roles from content (no header row) ------------------------------------------------------


def test_headerless_pipe_rows_with_the_partner_column_before_the_title():
    text = (
        "Statsforvalteren i Troms og Finnmark har fordelt skjønnsmidler til fornying og innovasjon.\n\n"
        "| Alta kommune | | Digital byggesak | kr 300.000,- |\n"
        "| Sortland kommune | Andøy, Hadsel og Øksnes | Felles vannverk i Vesterålen | kr 600.000,- |\n"
        "| Tana kommune | Finnmarkseiendommen | Laksebørs i Tanadalen | kr 250.000,- |\n"
        "| Totalt | | | kr 1.150.000,- |\n"
    )
    records = parse_text(text).records
    assert [(r.recipient, r.title, r.amount) for r in records] == [
        ("Alta kommune", "Digital byggesak", 300000),
        ("Sortland kommune", "Felles vannverk i Vesterålen", 600000),
        ("Tana kommune", "Laksebørs i Tanadalen", 250000),
    ]
    assert records[1].partners == ["Andøy", "Hadsel", "Øksnes"]
    assert records[2].partners == ["Finnmarkseiendommen"]


# --- list items with partners before the colon or in brackets ---------------------------------------


def test_bullet_items_with_partners_after_the_name_before_the_colon():
    text = (
        "Fylkesmannen i Nordland har fordelt prosjektskjønn for 2019.\n\nDisse prosjektene får tilskudd:\n\n"
        "• Meløy kommune, sammen med Gildeskål og Rødøy: «Kystnær havbruksplan» – 0,9 mill. kroner\n"
        "• Saltdal kommune: «Ny turistvei» – 0,4 mill. kroner\n"
        "• Sørfold kommune (i samarbeid med Steigen kommune): «Felles brannvesen» – 1,1 mill. kroner\n"
    )
    records = parse_text(text).records
    assert [(r.recipient, r.title, r.amount) for r in records] == [
        ("Meløy kommune", "Kystnær havbruksplan", 900000),
        ("Saltdal kommune", "Ny turistvei", 400000),
        ("Sørfold kommune", "Felles brannvesen", 1100000),
    ]
    assert records[0].partners == ["Gildeskål", "Rødøy"] and records[2].partners == ["Steigen kommune"]


def test_dash_lines_with_partners_in_brackets_after_the_recipient():
    text = (
        "Fylkesmannen i Hedmark har fordelt prosjektskjønn for 2017.\n\n"
        "Hamar kommune – «Smart by Hamar» – NOK 500 000\n"
        "Tynset kommune (med Alvdal og Folldal) – «Felles helsehus» – NOK 800 000\n"
        "Sum tildelt: NOK 1 300 000\n"
    )
    records = parse_text(text).records
    assert [(r.recipient, r.title, r.amount) for r in records] == [
        ("Hamar kommune", "Smart by Hamar", 500000),
        ("Tynset kommune", "Felles helsehus", 800000),
    ]
    assert records[1].partners == ["Alvdal", "Folldal"]


# --- news: totals, applied-for and refused amounts ---------------------------------------------------


def test_a_total_several_named_recipients_share_is_not_a_record_when_each_grant_is_stated():
    text = (
        "Tre kommuner i Värmland delar på fem miljoner\n\n"
        "Karlstad, Arvika och Torsby får tillsammans fem miljoner kronor från Vinnova.\n\n"
        "Karlstads kommun får 2 500 000 kronor för projektet ”Smart hamn”.\n\n"
        "Arvika kommun får 1 500 000 kronor för ”Kulturskola på distans”.\n\n"
        "Torsby kommun får 1 000 000 kronor för ”Skogsdata”.\n\n2021-10-04\n"
    )
    assert _got(text) == [
        ("Karlstads kommun", "Smart hamn", 2500000),
        ("Arvika kommun", "Kulturskola på distans", 1500000),
        ("Torsby kommun", "Skogsdata", 1000000),
    ]


@pytest.mark.parametrize(
    "words", ["Kommunen ansökte om", "Regionen sökte", "Kommunen hadde søkt om", "The city requested"]
)
def test_applied_for_wording_before_an_amount(words: str):
    assert NOT_GRANTED_BEFORE.search(words)


def test_swedish_news_applied_amount_next_to_the_granted_one():
    text = (
        "Piteå kommun får stöd för smart snöröjning\n\nPubliceras 2022-02-02\n\n"
        "Piteå kommun har beviljats 900 000 kronor från Vinnova för projektet ”Smart snöröjning”. "
        "Kommunen sökte 1,6 miljoner kronor, men Vinnova beviljade en mindre del.\n"
    )
    assert _got(text) == [("Piteå kommun", "Smart snöröjning", 900000)]


@pytest.mark.parametrize(
    "sentence",
    [
        "Notteroy fikk avslag på søknaden.",
        "Søknaden ble ikke prioritert i år.",
        "Orust kommun fick inte något stöd den här gången.",
        "Ansökan beviljades inte.",
        "Ulvik fekk ikkje midlar i år.",
        "The application from Vaxholm was not funded.",
    ],
)
def test_refusal_wording(sentence: str):
    assert REFUSAL.search(sentence)


def test_a_refused_applicant_is_not_a_record_and_a_granted_clause_is_kept():
    text = (
        "Skjønnsmidler til Hadeland\n\nPublisert 3. mai 2023\n\n"
        "Statsforvalteren i Innlandet har gitt Gran kommune 450 000 kroner til prosjektet «Grønn skole».\n\n"
        "Lunner kommune hadde søkt om 300 000 kroner til et prosjekt om gatelys, men fikk ikke støtte.\n\n"
        "Jevnaker kommune fikk 200 000 kroner, mens Nittedal kommune fikk avslag.\n"
    )
    assert _got(text) == [("Gran kommune", "Grønn skole", 450000), ("Jevnaker kommune", None, 200000)]


# --- news: headlines, owners and partners ---------------------------------------------------------


def test_headline_under_a_region_name_restates_the_grant_the_body_gives_the_project_owner():
    text = (
        "Valdres får 1,8 millionar til felles planarbeid\n\nPublisert: 2. april 2021\n\n"
        "Dei seks valdreskommunane får 1,8 millionar kroner i skjønsmidlar frå Statsforvaltaren i Innlandet "
        "til prosjektet «Plan Valdres». Nord-Aurdal kommune er prosjekteigar.\n\n"
        "Prosjektet er eit samarbeid mellom Etnedal, Sør-Aurdal, Nord-Aurdal, Vestre Slidre, Øystre Slidre "
        "og Vang, og skal vere ferdig i 2023.\n"
    )
    [r] = parse_text(text).records
    assert (r.recipient, r.title, r.amount) == ("Nord-Aurdal kommune", "Plan Valdres", 1800000)
    assert r.partners == ["Etnedal", "Sør-Aurdal", "Vestre Slidre", "Øystre Slidre", "Vang"]


def test_a_quoted_heading_target_is_a_project_not_the_recipient_and_the_owner_phrase_names_it():
    text = (
        "Seljord og Kviteseid får 600 000 kroner til «grønn dal»\n\nPublisert 9. mars 2022\n\n"
        "Statsforvalteren i Vestfold og Telemark har gitt 600 000 kroner i skjønnsmidler til et felles "
        "prosjekt i Seljord og Kviteseid.\n\nSeljord kommune står som søker og prosjekteier for «Grønn dal».\n"
    )
    records = parse_text(text).records
    assert [(r.recipient, r.amount) for r in records] == [("Seljord kommune", 600000)]
    assert records[0].partners == ["Kviteseid"]


def test_partners_named_between_the_subject_and_its_amount():
    text = (
        "Prosjektskjønn 2020\n\nFylkesmannen i Vestland har fordelt prosjektskjønn for 2020.\n\n"
        "Fitjar kommune har sammen med Stord og Tysnes fått 600 000 kroner til «Felles legevakt».\n\n"
        "Kvinnherad kommune får i samarbeid med Etne kommune 250 000 kroner til «Digitalt kulturhus».\n"
    )
    records = parse_text(text).records
    assert [(r.recipient, r.partners, r.amount) for r in records] == [
        ("Fitjar kommune", ["Stord", "Tysnes"], 600000),
        ("Kvinnherad kommune", ["Etne kommune"], 250000),
    ]


def test_single_grant_news_takes_collaborators_and_the_project_period_from_other_sentences():
    text = (
        "Kiruna kommun får 1,2 miljoner från Vinnova\n\nPublicerad 2024-04-10\n\n"
        "Vinnova har beviljat Kiruna kommun 1,2 miljoner kronor för projektet ”Arktisk värmelagring”.\n\n"
        "Projektet genomförs tillsammans med Mälardalens universitet och företaget Polarvärme AB. "
        "Projektet pågår 2024–2026.\n"
    )
    [r] = parse_text(text).records
    assert (r.recipient, r.title, r.amount) == ("Kiruna kommun", "Arktisk värmelagring", 1200000)
    assert r.partners == ["Mälardalens universitet", "Polarvärme AB"]
    assert (r.start_date, r.end_date) == ("2024", "2026")
