"""The question the dashboard is built to answer in three clicks, on the real database:
"How much went to digitalisation projects in Viken municipalities 2018–2021, and from whom?"

Viken existed 2020–2023; since 2024 its area is Østfold, Akershus and Buskerud. The region filter offers it as a
former county standing for those three current counties.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from analytics import queries as q
from analytics.db import Database
from analytics.filters import Filters


@pytest.fixture(scope="module")
def question(built_db: Path):
    return Database(built_db), Filters(theme="digitalisation", region="NO-30", year_from=2018, year_to=2021)


def test_viken_is_offered_as_a_former_county(built_db: Path):
    db = Database(built_db)
    regions = q.options(db).regions
    viken = regions.filter(regions["location"] == "NO-30").row(0, named=True)
    assert viken["level"] == "former_county" and viken["name"].startswith("Viken")


def test_total_and_funders_equal_direct_sql(question, built_db: Path):
    db, filters = question
    con = duckdb.connect(str(built_db), read_only=True)
    where = (
        "recipient_country = 'NO' AND county_code IN ('31', '32', '33') AND theme = 'digitalisation'"
        " AND award_year BETWEEN 2018 AND 2021"
    )
    total, n = con.execute(
        f"SELECT CAST(sum(amount_nok) AS DOUBLE), count(*) FROM grant_facts WHERE {where}"
    ).fetchone()
    by_funder = dict(
        con.execute(
            f"SELECT funder_id, CAST(sum(amount_nok) AS DOUBLE) FROM grant_facts WHERE {where} GROUP BY 1"
        ).fetchall()
    )
    assert n > 0 and len(by_funder) >= 2  # a real answer: several grants from more than one funder

    head = q.headline(db, filters.normalised())
    assert head["n_grants"] == n
    assert head["total"] == pytest.approx(total)

    funders = q.totals_by(db, filters.normalised(), "funder")
    shown = dict(zip(funders["key"].to_list(), funders["total"].to_list(), strict=True))
    assert shown == pytest.approx(by_funder)


def test_the_answer_is_a_link(question):
    _, filters = question
    params = filters.normalised().to_params()
    assert params["region"] == "NO-30" and params["theme"] == "digitalisation"
    assert Filters.from_params(params).normalised() == filters.normalised()
