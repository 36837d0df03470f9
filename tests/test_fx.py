"""Currency conversion with the real ECB averages (../shared/data/ecb_fx)."""

from __future__ import annotations

import csv
import time

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etl.config import load_settings
from etl.reference import fx

RAW = load_settings().raw_dir
YEARLY = RAW / "data" / "ecb_fx" / "ecb_yearly_avg_eur_nok_sek.csv"
MONTHLY = RAW / "data" / "ecb_fx" / "ecb_monthly_avg_eur_nok_sek.csv"


@pytest.fixture(scope="module")
def rates() -> pl.DataFrame:
    return fx.load_rates(YEARLY, MONTHLY)


def _file_row(path, **where) -> dict[str, float]:
    """A row of the ECB file read with the csv module, independent of the code under test."""
    with open(path, newline="") as fh:
        for row in csv.DictReader(fh):
            if all(row[k] == str(v) for k, v in where.items()):
                return {k: float(v) for k, v in row.items() if k.endswith(("_eur", "_sek", "_nok"))}
    raise LookupError(where)


def _convert(rates, **record) -> dict:
    frame = pl.DataFrame(
        [record],
        schema={"amount": pl.Float64, "currency": pl.String, "year": pl.Int32, "start_date": pl.String},
    )
    return fx.add_converted_amounts(frame, rates).row(0, named=True)


def test_rates_frame(rates):
    assert set(rates["period"]) == {"year", "month"}
    assert rates.filter(pl.col("period") == "year")["year"].min() == 1999
    incomplete = rates.filter(~pl.col("complete"))
    # The file ends mid-2026: that year and its last month are partial, everything else is complete.
    assert incomplete.height == 2 and set(incomplete["year"]) == {int(rates["year"].max())}


def test_ecb_2024_annual_averages_are_applied(rates):
    out = _convert(rates, amount=1_000_000.0, currency="EUR", year=2024, start_date=None)
    assert round(out["amount_nok"] / 1_000_000, 3) == 11.629
    assert round(out["amount_sek"] / 1_000_000, 4) == 11.4325
    assert out["amount_eur"] == 1_000_000.0
    assert out["fx_method"] == "ECB annual average 2024"


def test_one_million_nok_in_2020(rates):
    row = _file_row(YEARLY, year=2020)
    out = _convert(rates, amount=1_000_000.0, currency="NOK", year=2020, start_date=None)
    assert out["amount_nok"] == 1_000_000.0
    assert out["amount_eur"] == pytest.approx(1_000_000 / row["nok_per_eur"], rel=1e-12)
    assert out["amount_sek"] == pytest.approx(1_000_000 * row["sek_per_nok"], rel=1e-12)
    assert out["fx_method"] == "ECB annual average 2020"


def test_known_start_month_in_the_award_year_uses_the_monthly_average(rates):
    month = _file_row(MONTHLY, year=2020, month=3)
    out = _convert(rates, amount=1_000_000.0, currency="EUR", year=2020, start_date="2020-03-15")
    assert out["amount_nok"] == pytest.approx(1_000_000 * month["nok_per_eur"], rel=1e-12)
    assert out["fx_method"] == "ECB monthly average 2020-03"
    # A start month in another year than the award year: the award year's annual average.
    out = _convert(rates, amount=1_000_000.0, currency="EUR", year=2020, start_date="2021-03-15")
    assert out["fx_method"] == "ECB annual average 2020"


def test_years_without_complete_rates_use_the_nearest_complete_year(rates):
    first = _file_row(YEARLY, year=1999)
    out = _convert(rates, amount=100.0, currency="SEK", year=1995, start_date=None)
    assert out["amount_eur"] == pytest.approx(100 / first["sek_per_eur"], rel=1e-12)
    assert out["fx_method"] == "ECB annual average 1999 (nearest complete year to 1995)"

    latest = int(rates["year"].max())  # partial year in the file
    last_full = _file_row(YEARLY, year=latest - 1)
    out = _convert(rates, amount=100.0, currency="EUR", year=latest, start_date=None)
    assert out["amount_nok"] == pytest.approx(100 * last_full["nok_per_eur"], rel=1e-12)
    assert out["fx_method"] == f"ECB annual average {latest - 1} (nearest complete year to {latest})"


def test_nulls_unsupported_currencies_and_missing_years(rates):
    out = _convert(rates, amount=None, currency="NOK", year=2020, start_date=None)
    assert (out["amount_nok"], out["amount_sek"], out["amount_eur"], out["fx_method"]) == (None,) * 4
    out = _convert(rates, amount=5.0, currency="USD", year=2020, start_date=None)
    assert (out["amount_nok"], out["amount_sek"], out["amount_eur"]) == (None,) * 3
    assert out["fx_method"] == "not converted: currency USD"
    out = _convert(rates, amount=5.0, currency="NOK", year=None, start_date=None)
    assert out["amount_nok"] == 5.0 and out["amount_eur"] is None
    assert out["fx_method"] == "not converted: no award year"


def test_row_order_and_columns_are_kept(rates):
    frame = pl.DataFrame(
        {
            "record_key": ["a", "b", "c"],
            "amount": [1.0, 2.0, 3.0],
            "currency": ["SEK", "EUR", "NOK"],
            "year": [2015, 2010, 2020],
            "start_date": [None, "2010-06-01", None],
        },
        schema_overrides={"year": pl.Int32},
    )
    out = fx.add_converted_amounts(frame, rates)
    assert out.columns == [*frame.columns, "amount_nok", "amount_sek", "amount_eur", "fx_method"]
    assert out["record_key"].to_list() == ["a", "b", "c"]
    assert out.schema["amount_nok"] == pl.Float64
    assert out["amount_sek"][0] == 1.0 and out["amount_eur"][1] == 2.0 and out["amount_nok"][2] == 3.0


@settings(max_examples=60, deadline=None)
@given(
    amount=st.floats(min_value=0, max_value=1e12, allow_nan=False),
    currency=st.sampled_from(fx.CURRENCIES),
    year=st.integers(min_value=1990, max_value=2030),
)
def test_conversion_keeps_own_currency_and_is_proportional(rates, amount, currency, year):
    frame = pl.DataFrame(
        {
            "amount": [amount, 2 * amount],
            "currency": [currency] * 2,
            "year": [year] * 2,
            "start_date": [None] * 2,
        },
        schema_overrides={"year": pl.Int32, "start_date": pl.String},
    )
    out = fx.add_converted_amounts(frame, rates)
    assert out[f"amount_{currency.lower()}"].to_list() == [amount, 2 * amount]
    for target in ("amount_nok", "amount_sek", "amount_eur"):
        single, double = out[target].to_list()
        assert single >= 0 and double == pytest.approx(2 * single)


def test_a_million_rows_convert_quickly(rates):
    n = 1_000_000
    frame = pl.select(i=pl.int_range(n)).select(
        pl.col("i").cast(pl.Float64).alias("amount"),
        pl.lit(pl.Series(["NOK", "SEK", "EUR"])).gather(pl.col("i") % 3).alias("currency"),
        (pl.col("i") % 30 + 1995).cast(pl.Int32).alias("year"),
        pl.when(pl.col("i") % 2 == 0)
        .then(pl.format("{}-05-01", pl.col("i") % 30 + 1995))
        .alias("start_date"),
    )
    started = time.perf_counter()
    out = fx.add_converted_amounts(frame, rates)
    elapsed = time.perf_counter() - started
    assert out.height == n and out["fx_method"].null_count() == 0
    assert elapsed < 5, f"{elapsed:.1f}s for {n} rows: conversion is no longer vectorised"
