"""The Grants page's download holds exactly the rows and the sum the page shows.

The page runs under AppTest with a filtered URL; the file is built by the very callable its download button
registered (what a click in the browser runs). The file's rows and sum are compared with the page's own
statement of them, with the query layer's headline, and with direct SQL on the database file.
"""

from __future__ import annotations

import io
import json
import zipfile

import polars as pl
import pytest
from dashboard_fixtures import (  # noqa: F401 (fixtures)
    REPO,
    _deferred_downloads,
    _gen_db,
    _use_db,
    direct,
)
from streamlit.testing.v1 import AppTest

from analytics import queries
from analytics.db import Database
from analytics.filters import Filters
from analytics.i18n import fmt_int, fmt_money

TIMEOUT = 60
SEARCH = "(title ILIKE ? OR recipient ILIKE ? OR programme ILIKE ? OR reference ILIKE ?)"
DEFLATED_NOK_2015 = """amount_nok
    * (SELECT cpi FROM cpi WHERE country = 'NO' AND year <= 2015 ORDER BY year DESC LIMIT 1)
    / (SELECT cpi FROM cpi AS c WHERE c.country = 'NO' AND c.year <= g.award_year ORDER BY c.year DESC LIMIT 1)"""

# (URL of the view, the display amount column of the file, direct SQL: count and sum over grant_facts AS g)
VIEWS = [
    (
        {"country": "SE", "from": "2015", "to": "2018", "theme": "digitalisation", "ccy": "SEK"},
        "amount_sek",
        "SELECT count(*), sum(amount_sek) FROM grant_facts AS g WHERE recipient_country = 'SE' "
        "AND award_year BETWEEN 2015 AND 2018 AND theme = 'digitalisation'",
        [],
    ),
    (
        {"funder": "vinnova,no-kdd", "q": "kommune", "ccy": "EUR"},
        "amount_eur",
        f"SELECT count(*), sum(amount_eur) FROM grant_facts AS g WHERE funder_id IN ('vinnova', 'no-kdd') "
        f"AND {SEARCH}",
        ["%kommune%"] * 4,
    ),
    (
        {"country": "NO", "prices": "constant", "base": "2015", "min": "1000000"},
        "amount_nok_2015_prices",
        f"SELECT count(*), sum({DEFLATED_NOK_2015}) FROM grant_facts AS g "
        f"WHERE recipient_country = 'NO' AND {DEFLATED_NOK_2015} >= 1000000",
        [],
    ),
]


def grants_page(params: dict) -> AppTest:
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=TIMEOUT)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    at.switch_page("pages/views/grants.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    return at


def built(deferred_downloads, key: str = "dl_file") -> tuple[bytes, str]:
    build, name, _mime = deferred_downloads[key]
    return build(), name


def csv_from_zip(data: bytes) -> tuple[pl.DataFrame, str]:
    archive = zipfile.ZipFile(io.BytesIO(data))
    names = archive.namelist()
    assert sorted(n.rsplit(".", 1)[-1] for n in names) == ["csv", "txt"]
    csv_name = next(n for n in names if n.endswith(".csv"))
    return pl.read_csv(archive.read(csv_name), infer_schema_length=None), archive.read("README.txt").decode()


@pytest.mark.parametrize(("params", "amount_column", "sql", "sql_params"), VIEWS)
def test_csv_of_the_view_has_exactly_the_rows_and_sum_the_page_shows(
    use_db, gen_db, deferred_downloads, params, amount_column, sql, sql_params
):
    use_db(gen_db)
    n_sql, total_sql = direct(gen_db, sql, sql_params)[0]
    assert n_sql > 0, "a view with grants in it"
    headline = queries.headline(Database(gen_db), Filters.from_params(params))
    assert headline["n_grants"] == n_sql
    assert headline["total"] == pytest.approx(total_sql)

    at = grants_page(params)
    data, name = built(deferred_downloads)  # the default: CSV with its README, in a zip
    assert name.startswith("nordic-innovation-grants_grants_") and name.endswith(".zip")
    frame, readme = csv_from_zip(data)
    assert frame.height == n_sql
    assert frame["grant_id"].n_unique() == n_sql
    assert frame[amount_column].sum() == pytest.approx(total_sql)
    # exactly the grants of the view, not merely as many
    ids = {r[0] for r in direct(gen_db, sql.replace("count(*), sum(", "grant_id, (", 1), sql_params)}
    assert set(frame["grant_id"].to_list()) == ids

    # the page says the same: its caption's count, and the panel's rows and (exact) sum
    currency = params.get("ccy", "NOK")
    shown_n, shown_total = fmt_int(n_sql, "en"), fmt_money(total_sql, currency, "en", compact=False)
    assert any(f"of {shown_n} grants" in c.value for c in at.caption)
    assert any(shown_n in m.value and shown_total in m.value for m in at.markdown)
    assert fmt_money(frame[amount_column].sum(), currency, "en", compact=False) == shown_total

    # the README carries the provenance
    assert f"Rows:        {n_sql}" in readme
    for part in ("Filters:", "Permalink:", "Database:", "Suggested citation", "Sources and licences"):
        assert part in readme
    assert currency in readme.split("Currency:", 1)[1].split("\n", 1)[0]


def test_other_formats_and_options_hold_the_same_rows(use_db, gen_db, deferred_downloads):
    use_db(gen_db)
    params, amount_column, sql, sql_params = VIEWS[0]
    n_sql, total_sql = direct(gen_db, sql, sql_params)[0]
    at = grants_page(params)

    # plain CSV for a Nordic Excel: semicolons, decimal commas, a byte-order mark, no README
    at.segmented_control(key="dl_sep_en").set_value(";").run()
    at.checkbox(key="dl_bom_en").check().run()
    at.checkbox(key="dl_readme").uncheck().run()
    data, name = built(deferred_downloads)
    assert name.endswith(".csv") and data.startswith(b"\xef\xbb\xbf")
    frame = pl.read_csv(data[3:], separator=";", decimal_comma=True, infer_schema_length=None)
    assert frame.height == n_sql and frame[amount_column].sum() == pytest.approx(total_sql)

    # every column; then a chosen few
    at.segmented_control(key="dl_preset").set_value("full").run()
    at.segmented_control(key="dl_fmt").set_value("parquet").run()
    data, name = built(deferred_downloads)
    frame = pl.read_parquet(io.BytesIO(data))
    assert name.endswith(".parquet") and frame.height == n_sql
    assert {"grant_id", "sources", "themes", "has_conflict", amount_column} <= set(frame.columns)
    assert frame[amount_column].sum() == pytest.approx(total_sql)

    at.segmented_control(key="dl_fmt").set_value("json").run()
    at.multiselect(key=f"dl_cols_full_{amount_column}").set_value(["grant_id", "title", amount_column]).run()
    data, name = built(deferred_downloads)
    document = json.loads(data)
    assert name.endswith(".json") and len(document["grants"]) == n_sql
    assert set(document["grants"][0]) == {"grant_id", "title", amount_column}
    assert document["metadata"]["totals"]["rows"] == n_sql
    assert document["metadata"]["totals"][f"{amount_column}_sum"] == pytest.approx(total_sql)

    at.segmented_control(key="dl_fmt").set_value("xlsx").run()
    data, name = built(deferred_downloads)
    sheet = pl.read_excel(io.BytesIO(data), sheet_name="grants")
    assert name.endswith(".xlsx") and sheet.height == n_sql
    assert sheet.columns == ["grant_id", "title", amount_column]
    assert sheet[amount_column].sum() == pytest.approx(total_sql)


def test_360giving_files_of_the_view(use_db, gen_db, deferred_downloads):
    use_db(gen_db)
    params, _amount_column, sql, sql_params = VIEWS[0]
    n_sql = direct(gen_db, sql, sql_params)[0][0]
    n_with_amount = direct(gen_db, sql.replace("count(*)", "count(amount)", 1), sql_params)[0][0]
    grants_page(params)
    data, name = built(deferred_downloads, "dl_360_json")
    package = json.loads(data)
    assert name.endswith("_360giving_" + name.rsplit("_", 1)[-1])
    assert package["x_nordicfunding"]["grantsInView"] == n_sql
    assert len(package["grants"]) <= n_with_amount
    data, name = built(deferred_downloads, "dl_360_csv")
    flat = pl.read_csv(data)
    assert name.endswith(".csv") and flat.height == len(package["grants"])
