"""Filters -> parameterised SQL: every user value is a parameter; hostile input is harmless."""

from __future__ import annotations

import duckdb
import pytest
from dashboard_fixtures import _gen_db, direct, one  # noqa: F401 (fixture)

from analytics.db import Database
from analytics.filters import Filters, like_pattern
from analytics.queries import headline, totals_by

HOSTILE = [
    "'; DROP TABLE grants; --",
    '" OR 1=1 --',
    "%' OR '1'='1",
    "x'); DELETE FROM grants; --",
    "\\'; SELECT * FROM etl_runs; --",
    "Robert'); DROP TABLE sources;--",
    "_%_",
    "\x00nul",
]


def test_default_filters_have_no_conditions():
    sql, params = Filters().where("x")
    assert sql == "true"
    assert params == []


def test_every_filter_is_a_parameter():
    f = Filters(
        country="NO",
        funders=("vinnova", "no-kdd"),
        programme="Prog A",
        theme="health_care",
        year_from=2015,
        year_to=2018,
        recipient_type="municipality",
        region="NO-0301",
        amount_min=1000,
        amount_max=5e6,
        search="kommune",
        currency="SEK",
    ).normalised()
    sql, params = f.where("x")
    for value in ("NO", "vinnova", "no-kdd", "Prog A", "health_care", "0301", "kommune"):
        assert value not in sql
        assert any(value in str(p) for p in params)
    assert "'municipality'" not in sql and "municipality" in params  # a column name, not the value
    assert sql.count("?") == len(params)
    assert "x.amount_sek" in sql  # the amount column follows the currency


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_search_text_never_reaches_sql(text):
    f = Filters(search=text, programme=text, recipient_type=text).normalised()
    sql, params = f.where("x")
    assert "DROP" not in sql and "DELETE" not in sql and "--" not in sql
    assert sql.count("?") == len(params)


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_values_run_harmlessly(gen_db, text):
    db = Database(gen_db)
    before = one(gen_db, "SELECT count(*) FROM grants")
    h = headline(db, Filters(search=text, programme=text, funders=(text,), theme=text).normalised())
    assert h["n_grants"] == 0
    assert one(gen_db, "SELECT count(*) FROM grants") == before


@pytest.mark.parametrize(
    "params",
    [
        {"country": "NO'; DROP TABLE grants; --"},
        {"region": "NO-03'; --"},
        {"region": "XX-99"},
        {"ccy": "'; DROP"},
        {"from": "2015; DROP", "to": "abc"},
        {"min": "-5", "max": "1e400"},
        {"prices": "constant'--", "base": "1e9"},
        {"funder": "vinnova,no-kdd'; DROP TABLE grants;--"},
        {"theme": "<script>alert(1)</script>"},
    ],
)
def test_hostile_url_values_are_dropped(params):
    f = Filters.from_params(params)
    assert f.country is None
    assert f.region is None
    assert f.currency == "NOK"
    assert f.year_to is None
    assert f.amount_min is None and f.amount_max is None
    assert f.price_basis == "nominal"
    assert f.theme is None
    assert all("'" not in x for x in f.funders)


def test_url_round_trip():
    f = Filters(
        country="SE",
        funders=("vinnova", "se-vr"),
        programme="Innovativa kommuner",
        theme="digitalisation",
        year_from=2012,
        year_to=2020,
        recipient_type="university",
        region="SE-0180",
        amount_min=100000.0,
        amount_max=2e6,
        search="skola",
        currency="EUR",
    ).normalised()
    assert Filters.from_params(f.to_params()) == f
    assert Filters.from_params({}).is_default()


def test_constant_prices_need_a_price_index():
    assert (
        Filters(currency="EUR", price_basis="constant", base_year=2015).normalised().price_basis == "nominal"
    )
    f = Filters(currency="NOK", price_basis="constant", base_year=2015).normalised()
    assert f.constant and f.base_year == 2015


def test_years_and_amounts_are_ordered():
    f = Filters(year_from=2020, year_to=2010, amount_min=5.0, amount_max=1.0).normalised()
    assert (f.year_from, f.year_to) == (2010, 2020)
    assert (f.amount_min, f.amount_max) == (1.0, 5.0)


def test_like_pattern_escapes_wildcards():
    con = duckdb.connect()
    rows = con.execute(
        "SELECT s FROM (VALUES ('100% sure'), ('1000 sure'), ('a_b'), ('axb')) t(s) WHERE s ILIKE ? ESCAPE '\\'",
        [like_pattern("100%")],
    ).fetchall()
    assert rows == [("100% sure",)]
    rows = con.execute(
        "SELECT s FROM (VALUES ('a_b'), ('axb')) t(s) WHERE s ILIKE ? ESCAPE '\\'", [like_pattern("a_b")]
    ).fetchall()
    assert rows == [("a_b",)]


def test_region_filter_knows_the_level(gen_db):
    db = Database(gen_db)
    county = direct(
        gen_db,
        "SELECT county_code FROM grant_facts WHERE recipient_country = 'NO' "
        "AND county_code IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1",
    )[0][0]
    muni = direct(
        gen_db,
        "SELECT municipality_code FROM grant_facts WHERE recipient_country = 'NO' "
        "AND county_code = ? AND municipality_code IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC "
        "LIMIT 1",
        [county],
    )[0][0]
    n_county = headline(db, Filters(region=f"NO-{county}").normalised())["n_grants"]
    n_muni = headline(db, Filters(region=f"NO-{muni}").normalised())["n_grants"]
    assert n_county == one(
        gen_db,
        "SELECT count(*) FROM grant_facts WHERE recipient_country = 'NO' AND county_code = ?",
        [county],
    )
    assert n_muni == one(
        gen_db,
        "SELECT count(*) FROM grant_facts WHERE recipient_country = 'NO' AND municipality_code = ?",
        [muni],
    )
    assert 0 < n_muni < n_county


def test_search_matches_title_recipient_programme_reference(gen_db):
    db = Database(gen_db)
    word = "kommune"
    expected = one(
        gen_db,
        """SELECT count(*) FROM grant_facts WHERE title ILIKE '%kommune%'
                              OR recipient ILIKE '%kommune%' OR programme ILIKE '%kommune%'
                              OR reference ILIKE '%kommune%'""",
    )
    assert headline(db, Filters(search=word))["n_grants"] == expected > 0
    assert totals_by(db, Filters(search=word), "country")["n_grants"].sum() == expected
