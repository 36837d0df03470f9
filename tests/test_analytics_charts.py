"""Figures: expected traces, keys for click-to-filter, consistent colours, never more than 10 000 points;
UI strings and locale formatting."""

from __future__ import annotations

import re

import polars as pl
import pytest
from dashboard_fixtures import _gen_db  # noqa: F401 (fixture)

from analytics import charts, i18n, takeaways
from analytics import queries as q
from analytics.db import Database
from analytics.filters import Filters


@pytest.fixture(name="totals")
def _totals(gen_db):
    return q.totals(Database(gen_db), Filters(), ("country", "funder", "theme", "year"))


def test_bars_have_one_bar_per_row_and_keys(totals):
    frame = totals["funder"]
    fig = charts.bars(frame, lang="en", currency="NOK")
    assert len(fig.data) == 1
    bar = fig.data[0]
    assert len(bar.y) == frame.height
    assert {c[0] for c in bar.customdata} == set(frame["key"].to_list())
    assert bar.x[-1] == max(bar.x)  # largest on top
    assert bar.textangle == 0  # values read horizontally: a short bar's goes beside it, not turned inside


def test_top_n_keeps_the_total(totals):
    frame = totals["funder"]
    top = charts.top_n(frame, 5, "Other")
    assert top.height == 6
    assert top["key"].to_list()[-1] == charts.OTHER_KEY
    assert top["total"].sum() == pytest.approx(frame["total"].sum())
    fig = charts.bars(top, lang="en", currency="NOK")
    assert fig.data[0].customdata[0][0] == charts.OTHER_KEY  # "other" is drawn last (bottom)
    assert fig.data[0].marker.color[0] == charts.OTHER


def test_funder_colours_are_stable_and_colour_blind_safe(totals):
    ranked = totals["funder"]["key"].to_list()
    colors = charts.funder_colors(ranked)
    assert [colors[k] for k in ranked[: len(charts.PALETTE)]] == charts.PALETTE
    assert all(colors[k] == charts.OTHER for k in ranked[len(charts.PALETTE) :])
    fig = charts.bars(totals["funder"], lang="en", currency="NOK", colors=colors)
    by_key = {c[0]: col for c, col in zip(fig.data[0].customdata, fig.data[0].marker.color, strict=True)}
    assert all(by_key[k] == colors[k] for k in ranked)
    country = charts.country_bars(totals["country"], lang="nb", currency="NOK")
    assert set(country.data[0].marker.color) <= set(charts.COUNTRY_COLORS.values())
    assert set(country.data[0].y) <= {"Norge", "Sverige"}


def test_year_bars_and_trend(gen_db, totals):
    fig = charts.year_bars(totals["year"], lang="en", currency="SEK", partial_year=2026)
    assert list(fig.data[0].x) == sorted(int(k) for k in totals["year"]["key"].to_list())
    frame = q.by_year(Database(gen_db), Filters(), "funder", "award")
    colors = charts.funder_colors(totals["funder"]["key"].to_list())
    fig = charts.trend(frame, lang="en", currency="NOK", view="absolute", colors=colors, other_label="Other")
    names = [t.name for t in fig.data]
    assert len(fig.data) == len(charts.PALETTE) + 1 and names[-1] == "Other"
    for trace in fig.data[:-1]:
        assert trace.marker.color == colors[trace.customdata[0][0]]
    share = charts.trend(frame, lang="en", currency="NOK", view="share", colors=colors)
    per_year = [sum(t.y[i] for t in share.data) for i in range(len(share.data[0].x))]
    assert per_year == pytest.approx([1.0] * len(per_year))
    growth = charts.trend(frame.filter(pl.col("key") == "vinnova"), lang="en", currency="NOK", view="growth")
    assert growth.data[0].y[0] is None


def test_choropleth_regions(gen_db):
    db = Database(gen_db)
    regions = q.by_region(db, Filters(), "municipality")
    fig = charts.choropleth(
        regions, q.geo_shapes(db, "municipality"), lang="sv", currency="SEK", measure="per_capita"
    )
    assert list(fig.data[0].locations) == regions["location"].to_list()
    assert charts.count_points(fig) == regions.height
    # "SEK per invånare" (not "SEK / Per invånare"), ticks with the language's thousands separator
    assert fig.data[0].colorbar.title.text == "SEK per invånare"
    assert fig.data[0].colorbar.tickformat.startswith(",") and fig.layout.separators == ", "


def test_choropleth_colour_bar_speaks_the_language_of_the_bar_charts(gen_db):
    """The colour bar reads "2" under "milliarder NOK" (like the bar charts' axes), not plotly's English "2B"."""
    db = Database(gen_db)
    regions = q.by_region(db, Filters(), "county")
    fig = charts.choropleth(regions, q.geo_shapes(db, "county"), lang="nb", currency="NOK")
    unit, currency = fig.data[0].colorbar.title.text.split()
    divisor = {"milliarder": 1e9, "millioner": 1e6, "tusen": 1e3}[unit]
    assert currency == "NOK"
    shown = dict(zip(fig.data[0].locations, fig.data[0].z, strict=True))
    for location, total in regions.select("location", "total").iter_rows():
        if location is not None and total:
            assert shown[location] * divisor == pytest.approx(total)


def test_no_chart_ships_more_than_10000_points():
    big = pl.DataFrame(
        {
            "key": [str(i) for i in range(10_001)],
            "label": [str(i) for i in range(10_001)],
            "total": [1.0] * 10_001,
            "n_grants": [1] * 10_001,
        }
    )
    with pytest.raises(ValueError, match="aggregate"):
        charts.bars(big, lang="en", currency="NOK")
    assert charts.count_points(charts.bars(big.head(50), lang="en", currency="NOK")) == 50


def test_every_string_has_three_languages_with_the_same_placeholders():
    for key, values in i18n.STRINGS.items():
        assert len(values) == 3 and all(values), key
        names = [set(re.findall(r"{(\w+)}", v)) for v in values]
        assert names[0] == names[1] == names[2], key


def test_translation_and_fallback():
    assert i18n.t("page_map", "nb") == "Kart"
    assert i18n.t("page_map", "sv") == "Karta"
    assert i18n.t("page_map", "xx") == "Map"
    assert i18n.t("no_such_key", "nb") == "no_such_key"


def test_money_is_formatted_per_locale_with_the_iso_code():
    assert i18n.fmt_money(1_234_567, "NOK", "en") == "1.2 million NOK"
    assert i18n.fmt_money(1_234_567, "SEK", "nb") == "1,2 millioner SEK"
    assert i18n.fmt_money(2_500_000_000, "SEK", "sv") == "2,5 miljarder SEK"
    assert i18n.fmt_int(1234567, "en") == "1,234,567"


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [
        (1_040_000, "nb", "1 million NOK"),  # shown as 1: singular, though 1.04 is not one
        (1_040_000, "sv", "1 miljon NOK"),
        (1_040_000, "en", "1 million NOK"),
        (1_960_000, "nb", "2 millioner NOK"),
        (999_960, "nb", "1 million NOK"),  # rounds up into the next unit
        (1_000_400_000, "sv", "1 miljard NOK"),
        (-1_040_000, "nb", "−1 million NOK"),
        (15_000, "sv", "15 tusen NOK"),
    ],
)
def test_compact_money_agrees_in_number_with_what_is_shown(value, lang, expected):
    assert i18n.fmt_money(value, "NOK", lang).replace("-", "−") == expected
    assert i18n.fmt_int(1234567, "nb").replace("\u00a0", " ") == "1 234 567"
    assert i18n.fmt_pct(0.283, "en") == "28%"
    assert i18n.fmt_money(None, "NOK", "en") == "–"
    assert i18n.money_scale(3.4e9, "en") == (1e9, "billion")


def test_takeaways_agree_with_the_data(totals):
    sentence = takeaways.funder(totals["funder"], "en")
    top = totals["funder"].sort("total", descending=True).row(0, named=True)
    share = top["total"] / totals["funder"]["total"].sum()
    assert top["label"] in sentence and i18n.fmt_pct(share, "en") in sentence
    year = takeaways.years(totals["year"], "en", "NOK", current_year=2026)
    assert "2026" not in year  # the partial year is never called the peak


def test_every_figure_is_valid_plotly(gen_db, totals):
    """Figures are built without plotly's per-property validation (speed); validate them all here."""
    import plotly.graph_objects as go

    db = Database(gen_db)
    frame = q.by_year(db, Filters(), "funder", "award")
    figures = [
        charts.bars(totals["funder"], lang="en", currency="NOK"),
        charts.bars(totals["theme"], lang="nb", currency="SEK", horizontal=False),
        charts.country_bars(totals["country"], lang="sv", currency="EUR"),
        charts.year_bars(totals["year"], lang="en", currency="NOK", partial_year=2026),
        charts.choropleth(
            q.by_region(db, Filters(), "county"), q.geo_shapes(db, "county"), lang="en", currency="NOK"
        ),
        charts.compare_years(
            frame.filter(pl.col("key") == "vinnova"),
            frame.filter(pl.col("key") == "se-vr"),
            labels=("A", "B"),
            lang="en",
            currency="NOK",
        ),
        charts.compare_bars(totals["theme"], totals["theme"], labels=("A", "B"), lang="en", currency="NOK"),
        *(charts.trend(frame, lang="en", currency="NOK", view=v) for v in ("absolute", "share", "growth")),
    ]
    for fig in figures:
        go.Figure(fig.to_dict())  # raises on any invalid property
        assert charts.count_points(fig) <= charts.MAX_POINTS


def test_dashboard_margins_are_fixed_from_the_labels_and_images_measure_their_own(totals):
    """On screen the margins come from the labels (one plotly pass per draw): the left margin holds the widest
    funder name. Images and slides, drawn in other sizes, let plotly fit the margins again."""
    from analytics.margins import text_width

    frame = totals["funder"]
    fig = charts.bars(frame, lang="nb", currency="NOK")
    assert fig.layout.yaxis.automargin is False and fig.layout.xaxis.automargin is False
    widest = max(text_width(label, charts.FONT_SIZE - 1) for label in frame["label"].to_list())
    assert widest < fig.layout.margin.l <= widest + 30
    years = charts.year_bars(totals["year"], lang="en", currency="NOK")
    assert years.layout.margin.b > 40 and years.layout.yaxis.automargin is False  # room for the axis titles
    for copy in (charts.for_export(fig), charts.for_screen(fig)):
        assert copy.layout.yaxis.automargin is True and copy.layout.xaxis.automargin is True
