"""Query results checked against direct SQL on the same database (grant_facts, the data contract)."""

from __future__ import annotations

import os
import shutil
import threading

import pytest
from dashboard_fixtures import _empty_db, _gen_db, _tiny_db, direct, load_generator, one  # noqa: F401

from analytics import queries as q
from analytics.db import Database, DatabaseMissing
from analytics.filters import Filters

FILTERS = [
    Filters(),
    Filters(country="NO"),
    Filters(country="SE", year_from=2012, year_to=2016),
    Filters(funders=("vinnova", "no-forskningsradet")),
    Filters(theme="digitalisation"),
    Filters(recipient_type="municipality"),
    Filters(amount_min=500_000, amount_max=2_000_000),
    Filters(currency="EUR", country="NO"),
    Filters(currency="SEK", funders=("eu-h2020",)),
]
WHERE = {
    0: ("true", []),
    1: ("recipient_country = 'NO'", []),
    2: ("recipient_country = 'SE' AND award_year BETWEEN 2012 AND 2016", []),
    3: ("funder_id IN ('vinnova', 'no-forskningsradet')", []),
    4: ("theme = 'digitalisation'", []),
    5: ("recipient_category = 'municipality'", []),
    6: ("amount_nok BETWEEN 500000 AND 2000000", []),
    7: ("recipient_country = 'NO'", []),
    8: ("funder_id = 'eu-h2020'", []),
}
COLUMN = {7: "amount_eur", 8: "amount_sek"}


@pytest.mark.parametrize("i", range(len(FILTERS)))
def test_headline_matches_direct_sql(gen_db, i):
    f = FILTERS[i].normalised()
    where = WHERE[i][0]
    col = COLUMN.get(i, "amount_nok")
    h = q.headline(Database(gen_db), f)
    n, total, funders, recipients, median, unknown = direct(
        gen_db,
        f"""
        SELECT count(*), coalesce(sum({col}), 0), count(DISTINCT funder_id),
               count(DISTINCT coalesce(recipient_org_id, recipient)), median({col}),
               coalesce(sum({col}) FILTER (WHERE municipality_code IS NULL), 0)
        FROM grant_facts WHERE {where}""",
    )[0]
    assert h["n_grants"] == n > 0
    assert h["total"] == pytest.approx(float(total), rel=1e-9)
    assert h["n_funders"] == funders
    assert h["n_recipients"] == recipients
    assert h["median"] == pytest.approx(float(median), rel=1e-9)
    assert h["unknown_municipality_total"] == pytest.approx(float(unknown), rel=1e-9)


@pytest.mark.parametrize("i", [0, 1, 3, 7])
def test_totals_by_every_dimension_match(gen_db, i):
    f = FILTERS[i].normalised()
    where = WHERE[i][0]
    col = COLUMN.get(i, "amount_nok")
    result = q.totals(Database(gen_db), f, ("country", "funder", "theme", "year"))
    for dim, column in (
        ("country", "recipient_country"),
        ("funder", "funder_id"),
        ("theme", "theme"),
        ("year", "award_year"),
    ):
        expected = {
            str(k): (float(v or 0), c)
            for k, v, c in direct(
                gen_db, f"SELECT {column}, sum({col}), count(*) FROM grant_facts WHERE {where} GROUP BY 1"
            )
        }
        got = {k: (v, c) for k, v, c in result[dim].select("key", "total", "n_grants").iter_rows()}
        assert got.keys() == expected.keys(), dim
        for key, (value, count) in expected.items():
            assert got[key][0] == pytest.approx(value, rel=1e-9), (dim, key)
            assert got[key][1] == count
    years = [int(k) for k in result["year"]["key"].to_list()]
    assert years == sorted(years)


def test_by_year_award_matches(gen_db):
    frame = q.by_year(Database(gen_db), Filters(country="SE"), "funder", "award")
    expected = direct(
        gen_db,
        """SELECT award_year, funder_id, sum(amount_nok), count(*) FROM grant_facts
                                 WHERE recipient_country = 'SE' GROUP BY ALL""",
    )
    got = {(y, k): (v, n) for y, k, v, n in frame.select("year", "key", "total", "n_grants").iter_rows()}
    assert len(got) == len(expected)
    for y, k, v, n in expected:
        assert got[(y, k)][0] == pytest.approx(float(v or 0))
        assert got[(y, k)][1] == n


def test_spread_conserves_money(gen_db):
    db = Database(gen_db)
    award = q.by_year(db, Filters(country="NO"), None, "award")
    spread = q.by_year(db, Filters(country="NO"), None, "spread")
    assert spread["total"].sum() == pytest.approx(award["total"].sum(), rel=1e-9)
    assert spread["year"].max() > award["year"].max()  # money runs past the last award year


def test_spread_rule_on_known_grants(tiny_db):
    db = Database(tiny_db)
    # g-a: 3 M SEK over "2016"-"2019" (whole years: 2016-2018) -> 1 M a year
    a = q.by_year(db, Filters(funders=("vinnova",), currency="SEK"), None, "spread")
    assert dict(zip(a["year"].to_list(), a["total"].to_list(), strict=True)) == pytest.approx(
        {2016: 1e6, 2017: 1e6, 2018: 1e6}
    )
    # g-b: 3 M NOK over 2016-01..2018-12 -> 1 M a year; g-c: 1.2 M over 2020-07..2021-06 -> 0.6 M + 0.6 M
    b = q.by_year(db, Filters(funders=("no-kdd",)), None, "spread")
    assert dict(zip(b["year"].to_list(), b["total"].to_list(), strict=True)) == pytest.approx(
        {2016: 1e6, 2017: 1e6, 2018: 1e6, 2020: 6e5, 2021: 6e5}
    )
    # a grant stating no amount counts as a grant, adds no money
    h = q.headline(db, Filters(country="NO"))
    assert (h["n_grants"], h["n_with_amount"]) == (3, 2)
    assert h["total"] == pytest.approx(4.2e6)
    assert h["unknown_municipality_total"] == pytest.approx(1.2e6)


def test_constant_prices_use_the_cpi(gen_db):
    db = Database(gen_db)
    f = Filters(currency="NOK", price_basis="constant", base_year=2015).normalised()
    h = q.headline(db, f)
    last = one(gen_db, "SELECT max(year) FROM cpi WHERE country = 'NO'")
    expected = one(
        gen_db,
        """
        SELECT sum(g.amount_nok * b.cpi / c.cpi) FROM grant_facts g
        JOIN cpi c ON c.country = 'NO' AND c.year = least(g.award_year, ?)
        JOIN cpi b ON b.country = 'NO' AND b.year = 2015""",
        [last],
    )
    assert h["total"] == pytest.approx(float(expected), rel=1e-9)
    nominal = q.headline(db, Filters())["total"]
    assert h["total"] != pytest.approx(nominal)


def test_by_region_totals_and_per_inhabitant(gen_db):
    db = Database(gen_db)
    frame = q.by_region(db, Filters(), "county", "NO")
    pop_year = frame["population_year"][0]
    expected = dict(
        direct(
            gen_db,
            """SELECT county_code, sum(amount_nok) FROM grant_facts
                                      WHERE recipient_country = 'NO' AND county_code IS NOT NULL GROUP BY 1""",
        )
    )
    assert frame.height == one(
        gen_db, "SELECT count(*) FROM regions WHERE country = 'NO' AND level = 'county'"
    )
    for row in frame.iter_rows(named=True):
        assert row["total"] == pytest.approx(float(expected.get(row["code"], 0) or 0))
        pop = one(
            gen_db,
            "SELECT population FROM population WHERE country = 'NO' AND level = 'county' "
            "AND code = ? AND year = ?",
            [row["code"], pop_year],
        )
        assert row["population"] == pop
        assert row["per_inhabitant"] == pytest.approx(row["total"] / pop)
        assert row["location"] == f"NO-{row['code']}"
    # money with no known county is not on the map, and is reported
    unknown = one(gen_db, "SELECT sum(amount_nok) FROM grant_facts WHERE county_code IS NULL")
    assert q.headline(db, Filters())["unknown_county_total"] == pytest.approx(float(unknown))


def test_geo_shapes_match_region_locations(gen_db):
    db = Database(gen_db)
    shapes = q.geo_shapes(db, "municipality", ("NO", "SE"))
    ids = {f["id"] for f in shapes["features"]}
    regions = set(q.by_region(db, Filters(), "municipality")["location"].to_list())
    assert len(ids & regions) >= 0.95 * len(regions)


def test_grants_page_sorts_and_pages_in_sql(gen_db):
    db = Database(gen_db)
    f = Filters(country="NO")
    p1 = q.grants_page(db, f, "amount", True, 25, 0)
    p2 = q.grants_page(db, f, "amount", True, 25, 25)
    assert p1.height == p2.height == 25
    values = [v for v in p1["value"].to_list() + p2["value"].to_list()]
    assert values == sorted(values, reverse=True)
    assert not set(p1["grant_id"]) & set(p2["grant_id"])
    top = direct(
        gen_db,
        "SELECT grant_id FROM grant_facts WHERE recipient_country = 'NO' "
        "ORDER BY amount_nok DESC NULLS LAST, grant_id LIMIT 25",
    )
    assert p1["grant_id"].to_list() == [r[0] for r in top]
    asc = q.grants_page(db, f, "year", False, 10, 0)
    assert asc["award_year"].to_list() == sorted(asc["award_year"].to_list())
    # an unknown sort column falls back to the amount (never reaches SQL)
    assert q.grants_page(db, f, "amount; DROP TABLE grants", True, 5, 0).height == 5


def test_grant_detail_has_partners_evidence_and_provenance(gen_db):
    db = Database(gen_db)
    gid = one(gen_db, "SELECT grant_id FROM grant_partners GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1")
    d = q.grant_detail(db, gid)
    g = d["grant"]
    view = direct(
        gen_db,
        "SELECT title, amount, source_url, amount_text, sources, n_records FROM grant_facts "
        "WHERE grant_id = ?",
        [gid],
    )[0]
    assert (g["title"], g["amount"], g["source_url"], g["amount_text"]) == view[:4]
    assert list(g["sources"]) == list(view[4]) and g["n_records"] == view[5]
    assert d["partners"].height == one(
        gen_db, "SELECT count(*) FROM grant_partners WHERE grant_id = ?", [gid]
    )
    assert d["evidence"].height == one(
        gen_db, "SELECT count(*) FROM grant_theme_evidence WHERE grant_id = ?", [gid]
    )
    assert d["source"]["licence"] == one(
        gen_db, "SELECT licence FROM sources WHERE source_id = ?", [g["source_id"]]
    )
    assert q.grant_detail(db, "g-does-not-exist") is None


def test_sources_quarantine_and_build(gen_db):
    db = Database(gen_db)
    cov = q.sources_coverage(db)
    assert cov.height == one(gen_db, "SELECT count(*) FROM sources")
    for row in cov.iter_rows(named=True):
        assert row["n_counted"] == one(
            gen_db, "SELECT count(*) FROM grant_facts WHERE source_id = ?", [row["source_id"]]
        )
    assert q.quarantine(db).height == one(gen_db, "SELECT count(*) FROM quarantine") > 0
    assert q.build_info(db)["run_id"] == one(gen_db, "SELECT run_id FROM etl_runs")


def test_profiles(gen_db):
    db = Database(gen_db)
    orgs = q.search_organisations(db, "universitet", 10)
    assert orgs.height > 0
    org = orgs["org_id"][0]
    h = q.headline(db, Filters(extra=(("org", org),)).normalised())
    assert h["n_grants"] == one(gen_db, "SELECT count(*) FROM grant_facts WHERE recipient_org_id = ?", [org])
    partners = q.partners_of(db, Filters(), org)
    assert org not in partners["org_id"].to_list()
    info = q.funder(db, "vinnova")
    assert info["name"] == "Vinnova" and info["names"].height > 0


def test_options(gen_db):
    o = q.options(Database(gen_db))
    assert o.funders["funder_id"].to_list()[0] == one(
        gen_db, "SELECT funder_id FROM grant_facts GROUP BY 1 ORDER BY sum(amount_nok) DESC LIMIT 1"
    )
    assert (o.first_year, o.last_year) == direct(
        gen_db, "SELECT min(award_year), max(award_year) FROM grant_facts"
    )[0]
    assert set(o.themes["theme_id"]) == {r[0] for r in direct(gen_db, "SELECT theme_id FROM themes")}


def test_export_csv(gen_db):
    db = Database(gen_db)
    data = q.export_csv(db, Filters(country="SE", year_from=2020))
    lines = data.decode("utf-8").strip().split("\n")
    n = one(gen_db, "SELECT count(*) FROM grant_facts WHERE recipient_country = 'SE' AND award_year >= 2020")
    assert len(lines) == n + 1
    assert lines[0].startswith("grant_id,") and lines[0].endswith("value_nok")
    assert len(q.export_csv(db, Filters(), limit=10).decode().strip().split("\n")) == 11


def test_empty_database(empty_db):
    db = Database(empty_db)
    h = q.headline(db, Filters())
    assert h["n_grants"] == 0 and h["total"] == 0
    o = q.options(db)
    assert o.first_year is None and o.funders.height == 0
    assert all(frame.height == 0 for frame in q.totals(db, Filters()).values())
    assert q.by_year(db, Filters(), "funder", "spread").height == 0
    assert q.grants_page(db, Filters()).height == 0
    assert q.sources_coverage(db).height == 0


def test_missing_database(tmp_path):
    db = Database(tmp_path / "nope.duckdb")
    assert not db.exists()
    with pytest.raises(DatabaseMissing):
        q.headline(db, Filters())


def test_reopens_when_a_new_build_replaces_the_file(tmp_path, gen_db, tiny_db):
    live = tmp_path / "live.duckdb"
    shutil.copy(gen_db, live)
    db = Database(live)
    first = q.headline(db, Filters())["n_grants"]
    build = db.build_id()
    cursor = db.cursor()  # a reader still holding the old build
    staged = tmp_path / "new.duckdb.tmp"
    shutil.copy(tiny_db, staged)
    os.replace(staged, live)
    assert db.build_id() != build
    assert q.headline(db, Filters())["n_grants"] == 4 != first
    assert cursor.sql("SELECT count(*) FROM grants").fetchall()[0][0] == first
    cursor.close()


def test_a_cursor_per_call_across_threads(gen_db):
    db = Database(gen_db)
    expected = q.headline(db, Filters(country="NO"))["total"]
    results, errors = [], []

    def work():
        try:
            for _ in range(5):
                results.append(q.headline(db, Filters(country="NO"))["total"])
        except Exception as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert not errors
    assert results == [expected] * 40


def test_generator_is_sorted_and_consistent(gen_db):
    rows = direct(gen_db, "SELECT recipient_country, award_year FROM grants")
    assert rows == sorted(rows)
    # converted amounts agree with the original amount and the year's ECB rate
    bad = one(
        gen_db,
        """
        SELECT count(*) FROM grants g JOIN fx_rates x ON x.year = g.award_year AND x.month IS NULL
        WHERE g.amount IS NOT NULL AND abs(g.amount_eur * (CASE g.currency WHEN 'NOK' THEN x.nok_per_eur
              WHEN 'SEK' THEN x.sek_per_eur ELSE 1 END) - g.amount) > 0.02 * greatest(1, g.amount / 1000)""",
    )
    assert bad == 0
    share_unknown = one(gen_db, "SELECT avg((municipality_code IS NULL)::INT) FROM grants")
    assert 0.05 < share_unknown < 0.2
    assert one(gen_db, "SELECT count(*) FROM grants WHERE NOT is_primary OR cluster_id <> grant_id") == 0
