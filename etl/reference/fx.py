"""Currency conversion with ECB reference rates: every amount also in NOK, SEK and EUR.

Method (docs/methods.md, "Currency"): a record whose start month is known and falls in its award year is
converted at the ECB monthly average of that month; otherwise at the ECB annual average of the award year.
Years without a complete year of rates (before 1999, the current partial year, a gap) use the nearest
complete year, and `fx_method` says so. EUR<->NOK and EUR<->SEK use the ECB's NOK/EUR and SEK/EUR means;
NOK<->SEK uses the mean of the daily cross rates (NOK/EUR / SEK/EUR on each day), as the file provides it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl

CURRENCIES = ("NOK", "SEK", "EUR")
_RATE_COLUMNS = ("nok_per_eur", "sek_per_eur", "nok_per_sek", "sek_per_nok")
# A period counts as complete when its last ECB fixing is this close to the period's end (weekends, holidays).
_COMPLETE_SLACK_DAYS = 6


def load_rates(yearly_csv: str | Path, monthly_csv: str | Path) -> pl.DataFrame:
    """Annual and monthly ECB averages in one frame, ready for joins.

    Columns: period ("year" / "month"), year (Int32), month (Int8, null for annual rows), nok_per_eur,
    sek_per_eur, nok_per_sek, sek_per_nok (Float64), n_obs, first_date, last_date (Date) and complete (bool:
    the rates cover the whole period, e.g. False for the year to date).
    """
    rate_types = {c: pl.Float64 for c in _RATE_COLUMNS}
    yearly = pl.read_csv(yearly_csv, schema_overrides={"year": pl.Int32, **rate_types}).with_columns(
        pl.lit("year").alias("period"),
        pl.lit(None, pl.Int8).alias("month"),
        pl.date(pl.col("year"), 12, 31).alias("_period_end"),
    )
    monthly = pl.read_csv(monthly_csv, schema_overrides={"year": pl.Int32, "month": pl.Int8, **rate_types})
    monthly = monthly.with_columns(
        pl.lit("month").alias("period"),
        pl.date(pl.col("year"), pl.col("month"), 1).dt.month_end().alias("_period_end"),
    )
    columns = ["period", "year", "month", *_RATE_COLUMNS, "n_obs", "first_date", "last_date", "_period_end"]
    rates = pl.concat([yearly.select(columns), monthly.select(columns)], how="vertical")
    return rates.with_columns(
        pl.col("first_date").str.to_date(),
        pl.col("last_date").str.to_date(),
    ).select(
        pl.exclude("_period_end"),
        (pl.col("last_date") >= pl.col("_period_end") - dt.timedelta(days=_COMPLETE_SLACK_DAYS)).alias(
            "complete"
        ),
    )


def _nearest_complete_years(years: list[int], rates: pl.DataFrame) -> dict[int, int]:
    """For each year, the complete rate year to use: itself when available, else the nearest one."""
    available = sorted(rates.filter((pl.col("period") == "year") & pl.col("complete"))["year"].to_list())
    if not available:
        raise ValueError("no complete year of ECB rates")
    # Ties (a gap year equally far from two years) go to the earlier year, so the choice is stable.
    return {y: min(available, key=lambda a, y=y: (abs(a - y), a)) for y in years}


def add_converted_amounts(frame: pl.DataFrame, rates: pl.DataFrame) -> pl.DataFrame:
    """Add Float64 amount_nok, amount_sek, amount_eur and fx_method (String) to a frame with amount,
    currency, year and start_date. Null amounts stay null; an amount already in a target currency is copied
    unchanged; a currency other than NOK/SEK/EUR is not converted (fx_method says so).

    Rates are looked up with small year -> rate and year*100+month -> rate maps (`replace_strict`), which keep
    the row order and cost one pass per column, even for 10M rows.
    """
    frame = frame.drop(["amount_nok", "amount_sek", "amount_eur", "fx_method"], strict=False)
    years = [y for y in frame["year"].cast(pl.Int32).unique().to_list() if y is not None]
    nearest = _nearest_complete_years(years, rates)
    yearly = rates.filter(pl.col("period") == "year")
    monthly = rates.filter((pl.col("period") == "month") & pl.col("complete")).with_columns(
        (pl.col("year") * 100 + pl.col("month")).alias("key")
    )

    year = pl.col("year").cast(pl.Int32)
    start = pl.col("start_date").cast(pl.String)
    # The monthly rate applies only when the start month is known and lies in the award year.
    month_key = pl.when(
        start.str.contains(r"^\d{4}-\d{2}") & (start.str.slice(0, 4).cast(pl.Int32, strict=False) == year)
    ).then(year * 100 + start.str.slice(5, 2).cast(pl.Int32, strict=False))
    month_key = pl.when(month_key.is_in(monthly["key"].implode())).then(month_key)
    rate_year = year.replace_strict(nearest, default=None, return_dtype=pl.Int32)

    def rate(column: str) -> pl.Expr:
        by_month = dict(zip(monthly["key"], monthly[column], strict=True))
        by_year = dict(zip(yearly["year"], yearly[column], strict=True))
        return pl.coalesce(
            pl.col("_month_key").replace_strict(by_month, default=None, return_dtype=pl.Float64),
            pl.col("_rate_year").replace_strict(by_year, default=None, return_dtype=pl.Float64),
        ).alias(f"_{column}")

    amount, currency = pl.col("amount"), pl.col("currency")
    to_target = {
        ("NOK", "SEK"): amount * pl.col("_sek_per_nok"),
        ("NOK", "EUR"): amount / pl.col("_nok_per_eur"),
        ("SEK", "NOK"): amount * pl.col("_nok_per_sek"),
        ("SEK", "EUR"): amount / pl.col("_sek_per_eur"),
        ("EUR", "NOK"): amount * pl.col("_nok_per_eur"),
        ("EUR", "SEK"): amount * pl.col("_sek_per_eur"),
    }

    def converted(target: str) -> pl.Expr:
        expr = pl.when(currency == target).then(amount)
        for (source, tgt), value in to_target.items():
            if tgt == target:
                expr = expr.when(currency == source).then(value)
        return expr.otherwise(None).cast(pl.Float64).alias(f"amount_{target.lower()}")

    # Method texts come from one small map keyed by YYYYMM (monthly) or YYYY (annual): formatting a string
    # per row is the slow part at 10M rows.
    method_text = {k: f"ECB monthly average {k // 100}-{k % 100:02d}" for k in monthly["key"]}
    method_text |= {
        y: f"ECB annual average {r}" if r == y else f"ECB annual average {r} (nearest complete year to {y})"
        for y, r in nearest.items()
    }
    unsupported = {c: f"not converted: currency {c}" for c in frame["currency"].unique().to_list() if c}
    method = (
        pl.when(amount.is_null())
        .then(None)
        .when(currency.is_null())
        .then(pl.lit("not converted: currency unknown"))
        .when(~currency.is_in(CURRENCIES))
        .then(currency.replace_strict(unsupported, default=None, return_dtype=pl.String))
        .when(year.is_null())
        .then(pl.lit("not converted: no award year"))
        .otherwise(
            pl.coalesce("_month_key", year).replace_strict(method_text, default=None, return_dtype=pl.String)
        )
    )
    return (
        frame.lazy()
        .with_columns(month_key.alias("_month_key"), rate_year.alias("_rate_year"))
        .with_columns(*[rate(c) for c in _RATE_COLUMNS])
        .with_columns(converted("NOK"), converted("SEK"), converted("EUR"), method.alias("fx_method"))
        .drop("_month_key", "_rate_year", *[f"_{c}" for c in _RATE_COLUMNS])
        .collect()
    )
