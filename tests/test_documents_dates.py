"""Dates, months and periods in Swedish, bokmål, nynorsk and English."""

from __future__ import annotations

import pytest

from etl.documents.dates import (
    day_month_in,
    find_dates,
    find_period,
    month_year,
    publication_date,
    start_date_in,
)


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("november 2016 - juni 2020", ("2016-11", "2020-06")),  # sv
        ("November 2016 - December 2019", ("2016-11", "2019-12")),  # en
        ("september 2019 – desember 2023", ("2019-09", "2023-12")),  # nb
        ("mai 2017 til august 2018", ("2017-05", "2018-08")),  # nb/nn
        ("maj 2017 till augusti 2018", ("2017-05", "2018-08")),  # sv
        ("pågår 2020-2023", ("2020", "2023")),
        ("år 2013-15", ("2013", "2015")),
        ("projektperioden 2020–2022", ("2020", "2022")),
    ],
)
def test_periods(text: str, period: tuple[str, str]):
    assert find_period(text) == period


@pytest.mark.parametrize("text", ["Diarienummer 2016-04008", "2015-06987-en", "19–64 år", "2022-2021"])
def test_not_periods(text: str):
    assert find_period(text) is None


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("Publisert 09.09.2020", "2020-09-09"),
        ("Publicerad: 2023-12-18", "2023-12-18"),
        ("Publisert: 08. jun 2017, Sist endra: 24. des 2019", "2017-06-08"),
        ("Aktuellt Publicerad 25 juni, 2013", "2013-06-25"),
        ("Pressmeddelande • Jun 18, 2013 05:33 CEST", "2013-06-18"),
        ("Caroline Wendt\nAugust 29, 2019", "2019-08-29"),
        ("2016-04-21 10:43", "2016-04-21"),
        (" date 2021-02 Nyheter", "2021-02"),
        ("Publicerat av Moa Björnson den 8 juni 2018", "2018-06-08"),
        ("Tekst: Vigleik Brekke\n\npublisert 04.09.2014", "2014-09-04"),
        ("Published 3 March 2021", "2021-03-03"),
    ],
)
def test_publication_dates(text: str, iso: str):
    found = publication_date(text)
    assert found is not None and found.iso == iso


def test_last_updated_is_not_the_publication_date():
    assert publication_date("Senast uppdaterad 2 november 2020\n\nText") is None


@pytest.mark.parametrize(
    ("fragment", "year", "iso"),
    [
        ("på Fremtidens kommuner 2018, fredag 08. juni", 2018, "2018-06-08"),
        ("Arendalskonferansen torsdag 15. juni", 2017, "2017-06-15"),
        ("den 9. mars", None, None),
        ("on 1 January 2024", None, "2024-01-01"),
    ],
)
def test_day_month_completed_with_year(fragment: str, year: int | None, iso: str | None):
    assert day_month_in(fragment, year) == iso


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("Projektet sträcker sig över två år med start 1 januari 2024", "2024-01-01"),
        ("Uppbyggnaden startar i juli 2013 och", "2013-07"),
        ("Prosjektet starter i august 2021", "2021-08"),
        ("The project starts in May 2022", "2022-05"),
    ],
)
def test_start_dates(text: str, iso: str):
    assert start_date_in(text) == iso


def test_month_year_in_four_languages():
    assert month_year("juni 2020") == "2020-06"
    assert month_year("desember 2019") == "2019-12"
    assert month_year("oktober 2018") == "2018-10"
    assert month_year("May 2017") == "2017-05"


def test_find_dates_orders_by_position():
    found = find_dates("Publisert 09.09.2020 og oppdatert 1. oktober 2021")
    assert [d.iso for d in found] == ["2020-09-09", "2021-10-01"]
