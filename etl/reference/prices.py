"""Consumer prices and population: tables for real-terms amounts and per-inhabitant figures.

CPI (World Bank WDI, 2010 = 100): an amount of year Y in prices of base year B is amount * cpi[B] / cpi[Y],
with the CPI of the money's country: NOK with Norway's, SEK with Sweden's. EUR amounts are not deflated as
EUR; their NOK and SEK conversions are (docs/methods.md, "Prices and population").

Population (persons on 1 January): Norway every year 2005-2026 on 2024 borders (SSB 07459); Sweden only
2002, 2006, 2010, 2014, 2018, 2019 and 2022, so the years between are interpolated linearly and years after
the last count carry the last count. Every row says how it was obtained (`method`).
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

CPI_FILE = "data/cpi/cpi_annual_no_se.csv"
NO_POPULATION_FILE = "data/population/no_population_b2024.csv"
SE_POPULATION_FILE = "data/population/se_population_kommuner.csv"

CURRENCY_COUNTRY = {"NOK": "NO", "SEK": "SE"}
SE_STRUCTURE_SINCE = 2003  # 290 kommuner since Knivsta was formed in 2003

POPULATION_SCHEMA = {
    "country": pl.String,
    "level": pl.String,  # municipality / county / nation
    "code": pl.String,  # kommune "0301", county "03"; null for the nation
    "name": pl.String,
    "year": pl.Int32,
    "population": pl.Float64,
    "method": pl.String,
}


def load_cpi(path: str | Path) -> pl.DataFrame:
    """country ("NO"/"SE"), year (Int32), cpi (Float64, 2010 = 100), source."""
    return pl.read_csv(path, schema_overrides={"year": pl.Int32, "cpi_2010_100": pl.Float64}).select(
        "country", "year", pl.col("cpi_2010_100").alias("cpi"), "source"
    )


def real_terms_factors(cpi: pl.DataFrame, base_year: int | None = None) -> pl.DataFrame:
    """country, year, factor = cpi[base_year] / cpi[year] (base year default: the latest CPI year)."""
    base_year = base_year or int(cpi["year"].max())
    base = cpi.filter(pl.col("year") == base_year).select("country", pl.col("cpi").alias("_base"))
    if base.height != cpi["country"].n_unique():
        raise ValueError(f"no CPI for base year {base_year} in every country")
    return (
        cpi.join(base, on="country")
        .select("country", "year", (pl.col("_base") / pl.col("cpi")).alias("factor"))
        .with_columns(pl.lit(base_year, pl.Int32).alias("base_year"))
        .sort("country", "year")
    )


def add_real_amounts(frame: pl.DataFrame, cpi: pl.DataFrame, base_year: int | None = None) -> pl.DataFrame:
    """Add amount_nok_real (Norwegian CPI) and amount_sek_real (Swedish CPI) in base-year prices, and
    real_terms_method, to a frame with year, amount_nok and amount_sek (see etl.reference.fx).

    A year outside the CPI series uses the nearest CPI year, and the method says so; a null year gives nulls.
    """
    factors = real_terms_factors(cpi, base_year)
    base = int(factors["base_year"][0])
    frame = frame.drop(["amount_nok_real", "amount_sek_real", "real_terms_method"], strict=False)
    years = [y for y in frame["year"].cast(pl.Int32).unique().to_list() if y is not None]
    cpi_years = sorted(factors["year"].unique().to_list())
    nearest = {y: min(cpi_years, key=lambda a, y=y: (abs(a - y), a)) for y in years}
    methods = {
        y: f"{base} prices, CPI of the currency's country"
        + ("" if n == y else f" (CPI {n} used for {y}: nearest year with a CPI)")
        for y, n in nearest.items()
    }
    year = pl.col("year").cast(pl.Int32)
    columns = []
    for country, column in (("NO", "amount_nok"), ("SE", "amount_sek")):
        by_year = dict(factors.filter(pl.col("country") == country).select("year", "factor").iter_rows())
        factor = {y: by_year[n] for y, n in nearest.items()}
        columns.append(
            (pl.col(column) * year.replace_strict(factor, default=None, return_dtype=pl.Float64)).alias(
                f"{column}_real"
            )
        )
    method = year.replace_strict(methods, default=None, return_dtype=pl.String).alias("real_terms_method")
    return frame.with_columns(*columns, method)


def _no_population(path: str | Path) -> pl.DataFrame:
    raw = pl.read_csv(path, schema_overrides={"code": pl.String, "year": pl.Int32, "population": pl.Float64})
    return raw.select(
        pl.lit("NO").alias("country"),
        pl.col("level").replace({"municip": "municipality"}),
        pl.when(pl.col("code").str.len_chars() > 0).then(pl.col("code")).alias("code"),
        "name",
        "year",
        "population",
        pl.lit("observed (SSB table 07459, 2024 borders)").alias("method"),
    )


def _se_municipalities(path: str | Path, last_year: int) -> pl.DataFrame:
    raw = pl.read_csv(
        path, schema_overrides={"code": pl.String, "county_code": pl.String, "population": pl.Float64}
    )
    observed = raw.select(
        "code",
        "name",
        "county_code",
        pl.col("as_of").str.slice(0, 4).cast(pl.Int32).alias("year"),
        "population",
        pl.format("observed ({})", pl.col("source").str.extract(r"^(SCB|Eurostat)", 1)).alias("method"),
    )
    rows = []
    for (code,), group in observed.sort("year").group_by("code", maintain_order=True):
        name, county_code = group["name"][-1], group["county_code"][-1]
        points = list(
            zip(
                group["year"].to_list(), group["population"].to_list(), group["method"].to_list(), strict=True
            )
        )
        first, last = points[0][0], points[-1][0]
        for year in range(min(first, SE_STRUCTURE_SINCE), last_year + 1):
            if year < first:
                if year < SE_STRUCTURE_SINCE:
                    continue  # the kommun did not exist yet (Knivsta before 2003)
                rows.append((code, name, county_code, year, points[0][1], f"nearest year ({first})"))
            elif year > last:
                rows.append(
                    (code, name, county_code, year, points[-1][1], f"last count carried forward ({last})")
                )
            else:
                rows.append((code, name, county_code, year, *_interpolate(points, year)))
    return pl.DataFrame(
        rows,
        schema={
            "code": pl.String,
            "name": pl.String,
            "county_code": pl.String,
            "year": pl.Int32,
            "population": pl.Float64,
            "method": pl.String,
        },
        orient="row",
    )


def _interpolate(points: list[tuple[int, float, str]], year: int) -> tuple[float, str]:
    """Linear interpolation between the surrounding counts (an observed year returns its count)."""
    for (y0, p0, m0), (y1, p1, _m1) in zip(points, points[1:] + points[-1:], strict=True):
        if year == y0:
            return p0, m0
        if y0 < year < y1:
            # Whole persons: float sums of integers are exact, so county and national totals are deterministic.
            estimate = round(p0 + (p1 - p0) * (year - y0) / (y1 - y0))
            return float(estimate), f"interpolated linearly between {y0} and {y1}"
    raise ValueError(f"year {year} outside the counts")


def load_population(no_path: str | Path, se_path: str | Path) -> pl.DataFrame:
    """Population by country, level (municipality / county / nation), code and year, ready for joins.

    Sweden's county and national rows are sums of its municipalities (method "sum of municipalities").
    Sweden is filled to the last Norwegian year so both countries cover the same years.
    """
    norway = _no_population(no_path)
    last_year = int(norway["year"].max())
    municipalities = _se_municipalities(se_path, last_year)
    sweden_municipal = municipalities.select(
        pl.lit("SE").alias("country"),
        pl.lit("municipality").alias("level"),
        "code",
        "name",
        "year",
        "population",
        "method",
    )
    sweden_county = (
        municipalities.group_by("county_code", "year")
        .agg(pl.col("population").sum())
        .select(
            pl.lit("SE").alias("country"),
            pl.lit("county").alias("level"),
            pl.col("county_code").alias("code"),
            pl.lit(None, pl.String).alias("name"),
            "year",
            "population",
            pl.lit("sum of municipalities").alias("method"),
        )
    )
    sweden_nation = (
        municipalities.group_by("year")
        .agg(pl.col("population").sum())
        .select(
            pl.lit("SE").alias("country"),
            pl.lit("nation").alias("level"),
            pl.lit(None, pl.String).alias("code"),
            pl.lit("Sverige").alias("name"),
            "year",
            "population",
            pl.lit("sum of municipalities").alias("method"),
        )
    )
    frames = [norway, sweden_municipal, sweden_county, sweden_nation]
    return pl.concat(
        [f.select([pl.col(c).cast(t) for c, t in POPULATION_SCHEMA.items()]) for f in frames]
    ).sort("country", "level", "code", "year", nulls_last=True)
