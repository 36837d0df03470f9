"""Amounts as pages write them, in Swedish, bokmål, nynorsk and English."""

from __future__ import annotations

import pytest

from etl.documents.numbers import find_money, parse_amount_cell, parse_number_words, scale_from_header


@pytest.mark.parametrize(
    ("text", "language", "value", "span"),
    [
        # sv
        ("Bidrag från Vinnova 3 771 922 kronor", "sv", 3771922, "3 771 922 kronor"),
        ("Vinnova har beviljat 8 500 tkr till", "sv", 8500000, "8 500 tkr"),
        ("stöttar plattformen med 6,65 miljoner kronor.", "sv", 6650000, "6,65 miljoner kronor"),
        ("Hållbar klimatomställning får fyra miljoner kronor", "sv", 4000000, "fyra miljoner kronor"),
        ("beviljas summan 5 153 226 kr under", "sv", 5153226, "5 153 226 kr"),
        ("upp till 2 mkr i bidrag", "sv", 2000000, "2 mkr"),
        ("attraherat 251 miljoner SEK i", "sv", 251000000, "251 miljoner SEK"),
        ("med två och en halv miljon kronor", "sv", 2500000, "två och en halv miljon kronor"),
        # nb
        ("Innovasjonspris på 500.000 kroner ble utdelt", "nb", 500000, "500.000 kroner"),
        ("kr. 50.000 til hver", "nb", 50000, "kr. 50.000"),
        ("fikk 3.000.000,- i støtte", "nb", 3000000, "3.000.000,-"),
        ("får 1,5 mill. kroner", "nb", 1500000, "1,5 mill. kroner"),
        ("får i overkant 1,4 millioner kroner fra", "nb", 1400000, "1,4 millioner kroner"),
        ("mottar en halv million.", "nb", 500000, "en halv million"),
        ("har delt ut kr 8 475 000 til", "nb", 8475000, "kr 8 475 000"),
        ("300 000 statlige kroner hver", "nb", 300000, "300 000 statlige kroner"),
        ("19,4 mill. kroner til", "nb", 19400000, "19,4 mill. kroner"),
        ("2 MNOK til prosjektet", "nb", 2000000, "2 MNOK"),
        ("470.000 kroner", "nb", 470000, "470.000 kroner"),
        # nn
        ("har i tillegg fått 310 tusen kroner til", "nn", 310000, "310 tusen kroner"),
        ("får tildelt 1.9 mill kroner frå Bulystsatsinga", "nn", 1900000, "1.9 mill kroner"),
        ("Det er løyvd 1,25  millionar kroner til", "nn", 1250000, "1,25  millionar kroner"),
        ("fekk ein halv million kroner", "nn", 500000, "ein halv million kroner"),
        ("4,4 mill. i skjønsmidlar", "nn", 4400000, "4,4 mill."),
        # en
        ("Funding from Vinnova SEK 3 573 324", "en", 3573324, "SEK 3 573 324"),
        ("a grant of NOK 2.5 million", "en", 2500000, "NOK 2.5 million"),
        ("awarded SEK 1,200,000 to", "en", 1200000, "SEK 1,200,000"),
        ("received five million kronor", "en", 5000000, "five million kronor"),
        # exotic spaces inside numbers
        ("Bidrag 1\u00a0450\u00a0000 kronor", "sv", 1450000, "1\u00a0450\u00a0000 kronor"),
        ("Bidrag 1\u202f450\u2009000 kr", "sv", 1450000, "1\u202f450\u2009000 kr"),
    ],
)
def test_amount_in_running_text(text: str, language: str, value: float, span: str):
    found = find_money(text, language)
    assert found, text
    assert found[0].value == value
    assert found[0].text == span
    assert text[found[0].start : found[0].end] == span


@pytest.mark.parametrize(
    ("text", "currency"),
    [
        ("3 771 922 kronor", "SEK"),
        ("500.000 kroner", "NOK"),
        ("SEK 3 573 324", "SEK"),
        ("NOK 300 000", "NOK"),
        ("EUR 20 000", "EUR"),
        ("2 MNOK", "NOK"),
        ("8 500 tkr", None),  # "kr" alone does not say which krone
    ],
)
def test_currency(text: str, currency: str | None):
    assert find_money(text)[0].currency == currency


def test_default_currency_fills_in_for_kr():
    assert find_money("8 500 tkr", "sv", "SEK")[0].currency == "SEK"


@pytest.mark.parametrize(
    "text",
    [
        "59 søknader kom inn",
        "i 2020 og 2021",
        "fem kommuner i Finnmark",
        "Projektets löptid november 2016 - juni 2020",
        "Diarienummer 2016-04008",
        "Ni kan söka",
    ],
)
def test_counts_years_and_ids_are_not_money(text: str):
    assert find_money(text, "nb") == []


def test_approximate_and_per_year_amounts_are_flagged():
    approx = find_money("får i overkant av 1,4 millioner kroner", "nb")[0]
    assert approx.approximate and approx.value == 1400000
    assert find_money("nesten 32 millionar kroner", "nn")[0].approximate
    rate = find_money("vi får 2 miljoner kronor per år från Vinnova", "sv")[0]
    assert rate.per_period
    assert find_money("SEK 1 million a year", "en")[0].per_period


@pytest.mark.parametrize(
    ("words", "value"),
    [
        ("fyra", 4),
        ("en halv", 0.5),
        ("ein halv", 0.5),
        ("to og en halv", 2.5),
        ("tre hundre", 300),
        ("halvannen", 1.5),
        ("twenty", 20),
        ("tjugo", 20),
    ],
)
def test_number_words(words: str, value: float):
    assert parse_number_words(words) == value


@pytest.mark.parametrize(
    ("cell", "scale", "value"),
    [
        ("900 000", 1.0, 900000),
        ("1 450 000", 1.0, 1450000),
        ("kr 100 000", 1.0, 100000),
        ("100 000 kr", 1.0, 100000),
        ("3.000.000,-", 1.0, 3000000),
        ("1,1", 1e6, 1100000),  # a bare 1,1 in a column headed in millions
        ("450", 1e3, 450000),  # in a column headed (1000 kr)
        ("1 450 000", 1e6, 1450000),  # a full amount under a millions header is not scaled again
    ],
)
def test_table_cells(cell: str, scale: float, value: float):
    money = parse_amount_cell(cell, scale)
    assert money is not None and money.value == value


@pytest.mark.parametrize("cell", ["2020", "12", "Kongsberg", "DigiBarnevern 2020", ""])
def test_cells_that_are_not_amounts(cell: str):
    assert parse_amount_cell(cell) is None


@pytest.mark.parametrize(
    ("header", "scale"),
    [
        ("Tildelt beløp", 1.0),
        ("Beløp (mill. kr)", 1e6),
        ("Tilskot i 1000 kr", 1e3),
        ("MNOK", 1e6),
        ("Bidrag (tkr)", 1e3),
        ("Tildelt (i millioner kroner)", 1e6),
    ],
)
def test_scale_from_header(header: str, scale: float):
    assert scale_from_header(header) == scale
