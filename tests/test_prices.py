"""CPI and population tables (figures from ../shared/data/cpi and population SOURCE.txt)."""

from __future__ import annotations

import polars as pl
import pytest

from etl.config import load_settings
from etl.reference import prices

RAW = load_settings().raw_dir
CPI = RAW / prices.CPI_FILE
NO_POP = RAW / prices.NO_POPULATION_FILE
SE_POP = RAW / prices.SE_POPULATION_FILE


@pytest.fixture(scope="module")
def cpi() -> pl.DataFrame:
    return prices.load_cpi(CPI)


@pytest.fixture(scope="module")
def population() -> pl.DataFrame:
    return prices.load_population(NO_POP, SE_POP)


def _cpi(cpi, country, year) -> float:
    return cpi.filter((pl.col("country") == country) & (pl.col("year") == year))["cpi"].item()


def test_cpi_documented_values(cpi):
    assert _cpi(cpi, "NO", 2015) == pytest.approx(108.587, abs=0.001)
    assert _cpi(cpi, "NO", 2023) == pytest.approx(140.684, abs=0.001)
    assert round(_cpi(cpi, "NO", 2024) / _cpi(cpi, "NO", 2015) * 100, 1) == 133.6  # SSB KPI 2015=100
    assert round((_cpi(cpi, "SE", 2023) / _cpi(cpi, "SE", 2022) - 1) * 100, 4) == 8.5486
    assert cpi["year"].min() == 1990 and cpi["year"].max() == 2024


def test_real_terms_factor_is_base_over_year(cpi):
    factors = prices.real_terms_factors(cpi, 2024)
    no_2020 = factors.filter((pl.col("country") == "NO") & (pl.col("year") == 2020))["factor"].item()
    assert no_2020 == pytest.approx(_cpi(cpi, "NO", 2024) / _cpi(cpi, "NO", 2020))
    assert factors.filter(pl.col("year") == 2024)["factor"].to_list() == [1.0, 1.0]
    with pytest.raises(ValueError):
        prices.real_terms_factors(cpi, 1900)


def test_real_amounts_use_each_currency_s_own_cpi(cpi):
    frame = pl.DataFrame(
        {
            "year": [2020, 2030, None],
            "amount_nok": [1000.0, 1000.0, 1000.0],
            "amount_sek": [500.0, None, 1.0],
        },
        schema_overrides={"year": pl.Int32},
    )
    out = prices.add_real_amounts(frame, cpi, base_year=2024)
    assert out["amount_nok_real"][0] == pytest.approx(1000 * _cpi(cpi, "NO", 2024) / _cpi(cpi, "NO", 2020))
    assert out["amount_sek_real"][0] == pytest.approx(500 * _cpi(cpi, "SE", 2024) / _cpi(cpi, "SE", 2020))
    assert out["amount_nok_real"][1] == 1000.0  # after the series: nearest CPI year (the base year)
    assert "nearest year" in out["real_terms_method"][1]
    assert out["amount_nok_real"][2] is None and out["amount_sek_real"][1] is None


def _population(population, country, level, code, year) -> float:
    code_filter = pl.col("code").is_null() if code is None else pl.col("code") == code
    rows = population.filter(
        (pl.col("country") == country) & (pl.col("level") == level) & code_filter & (pl.col("year") == year)
    )
    return rows["population"].item()


def test_population_documented_values(population):
    # SOURCE.txt's 5,367,578 for 2020 is the sum of the kommuner; the file's national row says 5,367,580
    # (national and kommune rows differ by a few persons in some years before 2024).
    no_2020 = population.filter(
        (pl.col("country") == "NO") & (pl.col("level") == "municipality") & (pl.col("year") == 2020)
    )
    assert no_2020["population"].sum() == 5_367_578
    assert _population(population, "NO", "nation", None, 2020) == pytest.approx(5_367_578, abs=5)
    assert _population(population, "NO", "nation", None, 2024) == 5_550_203
    assert _population(population, "NO", "municipality", "0301", 2026) == 728_714
    assert _population(population, "SE", "nation", None, 2018) == 10_120_242
    assert _population(population, "SE", "nation", None, 2019) == 10_230_185
    assert _population(population, "SE", "municipality", "0180", 2022) == 978_770


def test_swedish_years_between_counts_are_interpolated_linearly(population):
    p2019 = _population(population, "SE", "municipality", "0180", 2019)
    p2022 = _population(population, "SE", "municipality", "0180", 2022)
    p2020 = _population(population, "SE", "municipality", "0180", 2020)
    assert p2020 == pytest.approx(p2019 + (p2022 - p2019) / 3)
    row = population.filter(
        (pl.col("country") == "SE") & (pl.col("code") == "0180") & (pl.col("year") == 2020)
    )
    assert row["method"].item() == "interpolated linearly between 2019 and 2022"
    after = population.filter(
        (pl.col("country") == "SE") & (pl.col("code") == "0180") & (pl.col("year") == 2024)
    )
    assert after["population"].item() == p2022 and "carried forward" in after["method"].item()


def test_population_frame_is_ready_for_joins(population):
    assert dict(population.schema) == prices.POPULATION_SCHEMA
    assert population.select(pl.struct("country", "level", "code", "year").is_duplicated().sum()).item() == 0
    assert population["population"].null_count() == 0 and population["method"].null_count() == 0
    municipal = population.filter(pl.col("level") == "municipality")
    assert municipal["code"].str.contains(r"^\d{4}$").all()
    assert population.filter(pl.col("level") == "county")["code"].str.contains(r"^\d{2}$").all()
    # Both countries cover the same years from 2005, so per-inhabitant figures can be compared.
    se_years = set(population.filter(pl.col("country") == "SE")["year"])
    no_years = set(
        population.filter((pl.col("country") == "NO") & (pl.col("level") == "municipality"))["year"]
    )
    assert no_years <= se_years
    # Sweden's 290 kommuner every year (Knivsta from 2003).
    counts = municipal.filter(pl.col("country") == "SE").group_by("year").len()
    assert set(counts.filter(pl.col("year") >= 2003)["len"]) == {290}
