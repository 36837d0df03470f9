"""Partners of a grant, each rule on an invented snippet (other places, projects and amounts than the gold pages):
partners named in the sentences after the grant, in a footnote on whom the recipient applies with, in the
title; and one tidy form for every list (recipient, currency words, shared plural suffix, "og" in a name)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from etl.documents import parse_text
from etl.documents.partners import COMPOUND_MUNICIPALITIES, split_names, tidy_partners


def _partners(text: str) -> dict[str, list[str]]:
    return {r.recipient: r.partners for r in parse_text(text).records}


_HEAD = "Statsforvalteren i Innlandet\n\nTildeling av skjønnsmidler 2023\n\n"


def test_partners_in_the_sentence_after_the_grant_up_to_the_next_grant():
    text = _HEAD + (
        "Vågå kommune får 450 000 kroner til prosjektet «Felles arkiv i dalen». Prosjektet er et samarbeid "
        "mellom Vågå, Lom og Skjåk.\n\n"
        "Dovre kommune får 300 000 kroner til «Digital vaktordning». Lesja er med i prosjektet.\n\n"
        "Sel kommune får 200 000 kroner til et forprosjekt om felles innkjøp med Nord-Fron og Sør-Fron.\n"
    )
    assert _partners(text) == {
        "Vågå kommune": ["Lom", "Skjåk"],  # the recipient itself is not its own partner
        "Dovre kommune": ["Lesja"],
        "Sel kommune": ["Nord-Fron", "Sør-Fron"],
    }


def test_a_following_sentence_about_another_grant_gives_no_partners():
    text = _HEAD + (
        "Os kommune får 350 000 kroner til «Ny legevakt». Tolga kommune får 250 000 kroner til «Felles IKT» "
        "i samarbeid med Tynset.\n"
    )
    assert _partners(text) == {"Os kommune": [], "Tolga kommune": ["Tynset"]}


def test_partners_named_before_they_join_as_partner_municipalities():
    text = _HEAD + (
        "Rauma kommune har fått tilskot på kr 400 000 til «Felles planteneste», der Vestnes og Aukra er med "
        "som samarbeidskommunar.\n"
    )
    assert _partners(text) == {"Rauma kommune": ["Vestnes", "Aukra"]}


def test_a_note_on_whom_the_recipient_applies_with_or_for():
    text = _HEAD + (
        "Gran kommune – Felles barnevern – kr 500 000\nLunner kommune – Digital skole – kr 250 000\n\n"
        "Gran søker sammen med Jevnaker og Ringerike.\n"
    )
    assert _partners(text) == {"Gran kommune": ["Jevnaker", "Ringerike"], "Lunner kommune": []}


def test_a_title_naming_two_partners_after_med():
    text = _HEAD + (
        "Tildelte prosjekter:\n\nKommune\nProsjekt\nTildelt\nOs\nDigital byggesak\nkr 250 000\n"
        "Folldal\nFelles beredskapsplan med Alvdal og Stor-Elvdal\nkr 350 000\nTotalt\nkr 600 000\n"
    )
    assert _partners(text) == {"Os": [], "Folldal": ["Alvdal", "Stor-Elvdal"]}


def test_tidy_partners():
    # the recipient (also written as "Organisation - Department") and a currency word are not partners
    assert tidy_partners(["Borlänge kommun", "Dalarnas museum"], "BORLÄNGE KOMMUN - Kultur") == [
        "Dalarnas museum"
    ]
    assert tidy_partners(["NOK", "Gaular"], "Fjaler kommune") == ["Gaular"]
    # a plural suffix shared by the names; two organisations joined by "och"; a cut bracket closed
    assert tidy_partners(["Bø og Sauherad kommuner"], "Nome kommune") == ["Bø", "Sauherad"]
    assert tidy_partners(["Region Dalarna och Högskolan Dalarna"], "Falu kommun") == [
        "Region Dalarna",
        "Högskolan Dalarna",
    ]
    assert tidy_partners(["Luleå University of Technology (LTU"], "Bodens kommun") == [
        "Luleå University of Technology (LTU)"
    ]
    # a company named with "och" stays whole
    assert tidy_partners(["Skellefteå Kraft och Energi"], "Skellefteå kommun") == [
        "Skellefteå Kraft och Energi"
    ]


def test_a_municipality_named_with_og_is_one_name():
    assert split_names("Bygland og Nore og Uvdal") == ["Bygland", "Nore og Uvdal"]
    assert tidy_partners(["Flesberg og Evje og Hornnes"], "Rollag kommune") == ["Flesberg", "Evje og Hornnes"]


def test_a_sentence_opening_with_the_recipient_names_its_partners_anywhere_on_the_page():
    text = (
        "Vinnova\n\nNyhet\nPublicerad 4 maj 2023\n\nTvå kommuner får stöd för gränsöverskridande tjänster\n\n"
        "Beviljat | Projekt | Koordinator\n"
        "900 000 | Gränslös skola | Pajala kommun\n"
        "750 000 | Digital fjällvård | Storumans kommun\n\n"
        "Pajala kommuns projekt genomförs tillsammans med Kolari kommun i Finland.\n"
    )
    assert _partners(text) == {"Pajala kommun": ["Kolari kommun"], "Storumans kommun": []}


def test_a_footnote_marked_recipient_and_its_note():
    text = _HEAD + (
        "Kommune            Prosjekt                         Tilskudd\n"
        "Folldal*           Felles innkjøpskontor            kr 200.000,-\n"
        "Våler              Digital byggesak                 kr 150.000,-\n\n"
        "* Folldal kommune er søker på vegne av Folldal og Alvdal.\n"
    )
    assert [r.partners for r in parse_text(text).records] == [["Alvdal"], []]


def test_a_page_about_one_grant_names_its_partners_in_another_paragraph():
    text = (
        "Statsforvaltaren i Vestland har løyvd 900 000 kroner til prosjektet «Felles vaktordning i Sogn».\n\n"
        "Luster kommune er prosjekteigar, og Årdal og Lærdal er med i samarbeidet.\n"
    )
    assert [r.partners for r in parse_text(text).records] == [["Årdal", "Lærdal"]]


def test_the_compound_municipality_names_are_those_of_the_reference_data():
    path = (
        Path(__file__).resolve().parents[2]
        / "shared/data/no_kommuner_ssb/kommuneinndeling_versions_1971_2024.csv"
    )
    if not path.exists():
        pytest.skip("no SSB municipality list")
    with path.open(encoding="utf-8") as f:
        names = {row["kommunenavn"] for row in csv.DictReader(f)}
    # "Herøy (Møre og Romsdal)": the county in brackets only tells two municipalities apart
    assert {n for n in names if " og " in n and "(" not in n} == set(COMPOUND_MUNICIPALITIES)


def _vinnova_page(coordinator: str, description: str, extra_facts: str = "") -> str:
    return (
        "Vinnova\n\nSmart vinterväghållning i inlandet\n\n"
        "Diarienummer 2031-04417\n"
        f"Koordinator {coordinator}\n"
        "Bidrag från Vinnova 1 234 000 kronor\n"
        "Projektets löptid mars 2031 - februari 2033\n"
        "Status Pågående\n"
        "Utlysning Innovativa kommuner\n"
        f"{extra_facts}\n"
        f"Syfte och mål\n\n{description}\n"
    )


def test_a_county_word_and_a_school_adjective_stay_in_the_name():
    text = _vinnova_page(
        "STORUMANS KOMMUN - Tekniska kontoret",
        "Projektet är ett samarbete mellan Storumans kommun, Region Västerbottens län, Umeå tekniska "
        "högskola och Fjäll Väg & Bro AB.",
    )
    assert _partners(text) == {
        "STORUMANS KOMMUN - Tekniska kontoret": [
            "Region Västerbottens län",
            "Umeå tekniska högskola",
            "Fjäll Väg & Bro AB",  # "&" inside a company's name does not split the list
        ]
    }


def test_a_region_named_with_its_county_is_the_recipient_itself():
    text = _vinnova_page(
        "Region Gotlands län - Regional utveckling",
        "Projektet är ett samarbete mellan Region Gotlands län, Slite kommun och Hemse kommun.",
    )
    assert _partners(text) == {"Region Gotlands län - Regional utveckling": ["Slite kommun", "Hemse kommun"]}


def test_a_vinnova_partner_block_one_name_a_line():
    facts = "Parter\nMittuniversitetet\nRegion Västernorrlands län\nÅdalens Buss AB\n"
    text = _vinnova_page("SOLLEFTEÅ KOMMUN - Tekniska förvaltningen", "Projektet testar nya rutter.", facts)
    assert _partners(text) == {
        "SOLLEFTEÅ KOMMUN - Tekniska förvaltningen": [
            "Mittuniversitetet",
            "Region Västernorrlands län",
            "Ådalens Buss AB",  # the block ends at the heading "Syfte och mål"
        ]
    }


@pytest.mark.parametrize(
    ("description", "partners"),
    [
        (
            "Kommunen har mätt vägarna. Projektet har drivits av Bollnäs kommun tillsammans med Ovanåkers "
            "kommun och Söderhamns kommun.",
            ["Ovanåkers kommun", "Söderhamns kommun"],
        ),
        (
            "Arbetet bedrivs i nära samverkan med Högskolan Dalarna och Trafikverket.",
            ["Högskolan Dalarna", "Trafikverket"],
        ),
        # the coordinator said in other words ("the university") is left out
        ("The work is done in close cooperation between the university and Mora kommun.", ["Mora kommun"]),
        # descriptive words before a name are not part of it
        (
            "Together with the municipalities of Leksand, Rättvik and Orsa, the project has tested routes.",
            ["Leksand", "Rättvik", "Orsa"],
        ),
        (
            "The project is run together with Dalarna University, the regional transport company Dalabuss and "
            "researchers at KTH.",
            ["Dalarna University", "Dalabuss", "KTH"],
        ),
        # staff of the municipality are no partners
        ("Testerna har gjorts tillsammans med planerare, GIS-ingenjörer och räddningstjänsten.", []),
    ],
)
def test_a_vinnova_description_names_the_partners_after_a_cue(description, partners):
    text = _vinnova_page("BOLLNÄS KOMMUN - Samhällsbyggnad", description)
    assert _partners(text) == {"BOLLNÄS KOMMUN - Samhällsbyggnad": partners}


def test_unnamed_municipalities_of_a_region_are_no_partner():
    text = (
        "Statsforvalteren i Agder\n\n"
        "Birkenes kommune får 600 000 kroner til prosjektet «Felles barnevern». Prosjektet er et samarbeid "
        "mellom kommunene i Agder.\n"
    )
    assert _partners(text) == {"Birkenes kommune": []}


def test_a_list_holding_the_recipient_names_its_partners():
    text = _HEAD + (
        "Ringsaker kommune får 700 000 kroner til «Felles planverk».\n\n"
        "Nord-Aurdal og Etnedal har søkt sammen om midler til felles legevakt. De får 350 000 kroner, og "
        "Nord-Aurdal er prosjekteier.\n\n"
        # a list of recipients, each with its own grant, names no partners
        "Stange og Løten får til sammen 500 000 kroner. Stange får 300 000 kroner. Løten får 200 000 kroner.\n"
    )
    partners = _partners(text)
    assert partners["Nord-Aurdal"] == ["Etnedal"]
    assert partners["Ringsaker kommune"] == []
    assert partners["Stange"] == [] and partners["Løten"] == []
