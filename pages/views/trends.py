"""Trends: money per year by funder, theme or country; award year or spread over the project period."""

import datetime as dt

import polars as pl
import streamlit as st

from analytics import charts, takeaways
from analytics.i18n import country_name
from analytics.labels import relabel
from ui import common, data, downloads, modes, state
from ui.downloads import ChartSpec

ctx = common.setup("trends")
f, lang = ctx.filters, ctx.lang

BY = ["", "funder", "theme", "country"]
PERIODS = ["award", "spread"]
VIEWS = ["absolute", "share", "growth"]


def _by(v: str | None) -> str:
    return "" if v == "none" else (v if v in BY else "funder")


def _years_text(years: list[int]) -> str:
    """2008, 2009, 2010, 2014 -> "2008–2010, 2014"."""
    runs: list[list[int]] = []
    for y in sorted(years):
        if runs and y == runs[-1][-1] + 1:
            runs[-1].append(y)
        else:
            runs.append([y])
    return ", ".join(f"{r[0]}–{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)


def _series_labels(series: pl.DataFrame, keys: list[str]) -> dict[str, str]:
    """Each series' name as the legend shows it (unique: they become the table's column headers)."""
    firsts = dict(
        series.sort("year").group_by("key", maintain_order=True).first().select("key", "label").rows()
    )
    labels: dict[str, str] = {}
    for key in keys:
        label = firsts.get(key) or ctx.t("unknown")
        labels[key] = label if label not in labels.values() else f"{label} ({key})"
    return labels


def _with_money(series: pl.DataFrame, key: str) -> set[int]:
    """The years in which a series has grants with money in the data."""
    return set(series.filter((pl.col("key") == key) & (pl.col("total") > 0))["year"].to_list())


def _legend_keys(frame: pl.DataFrame, keys: list[str]) -> pl.DataFrame:
    """A by_year frame with its keys mapped onto the chart's series (the rest into "other")."""
    if charts.OTHER_KEY not in keys:
        return frame
    return frame.with_columns(
        pl.when(pl.col("key").is_in(keys))
        .then(pl.col("key"))
        .otherwise(pl.lit(charts.OTHER_KEY))
        .alias("key")
    )


def _growth_takeaway(awarded: pl.DataFrame, keys: list[str], labels: dict[str, str]) -> str | None:
    """The headline change (takeaways.growth: the first and last complete years that have money in the data),
    and, when the chart is split, which series have no grants in the data in one of those two years: then
    the change is partly where the sources begin and end, and the sentence says so."""
    sentence = takeaways.growth(awarded, lang, this_year)
    if not sentence or not by or len(keys) < 2:
        return sentence
    per_year = awarded.group_by("year").agg(pl.col("total").sum()).sort("year")
    per_year = per_year.filter((pl.col("year") < this_year) & (pl.col("total") > 0))
    if per_year.height < 2:
        return sentence
    y0, y1 = per_year["year"][0], per_year["year"][-1]
    by_series = _legend_keys(awarded, keys)
    missing = []
    for key in keys:
        absent = [y for y in (y0, y1) if y not in _with_money(by_series, key)]
        if absent:
            joined = f" {ctx.t('and_word')} ".join(map(str, absent))
            missing.append(f"{labels[key]} {joined}")
    if not missing:
        return sentence
    return f"{sentence} {ctx.t('tk_growth_cover', y0=y0, y1=y1, missing=_at_most(missing, 3))}"


def _at_most(parts: list[str], n: int) -> str:
    """The first `n` parts and how many more: "a; b; c; and 2 more"."""
    more = [ctx.t("growth_gaps_more", n=len(parts) - n)] if len(parts) > n else []
    return "; ".join([*parts[:n], *more])


def _growth_gaps(series: pl.DataFrame, keys: list[str], labels: dict[str, str]) -> str | None:
    """The caption under a growth chart when a series has years without grants in the data (gaps, not falls)."""
    if series.height == 0:
        return None
    span = range(int(series["year"].min()), int(series["year"].max()) + 1)
    gaps = []
    for key in keys:
        have = _with_money(series, key)
        absent = [y for y in span if y not in have]
        if absent:
            gaps.append(f"{labels[key]}: {_years_text(absent)}")
    if not gaps:
        return None
    return ctx.t("growth_gaps", gaps=_at_most(gaps, 4))


if modes.bare():  # presentation / embed: the settings come from the URL, no controls
    by, period, view = (
        _by(state.get("trend_by")),
        state.choice("trend_period", PERIODS, "award"),
        state.choice("trend_view", VIEWS, "absolute"),
    )
else:
    st.title(ctx.t("page_trends"))
    with st.container(horizontal=True, vertical_alignment="bottom"):
        key = state.seed("trend_by", _by)
        by = st.segmented_control(
            ctx.t("trend_by"),
            BY,
            key=key,
            required=True,
            format_func=lambda b: {
                "": ctx.t("trend_none"),
                "funder": ctx.t("funders"),
                "theme": ctx.t("theme"),
                "country": ctx.t("country"),
            }[b],
            on_change=state.writer("trend_by", lambda v: None if v == "funder" else (v or "none")),
        )
        period = state.choice_control(
            "trend_period", ctx.t("trend_period"), PERIODS, "award", lambda p: ctx.t("period_" + p)
        )
        view = state.choice_control(
            "trend_view", ctx.t("trend_view"), VIEWS, "absolute", lambda v: ctx.t("view_" + v)
        )
by = by or ""  # "" = one total series ("none" in the URL; the default is by funder)

with common.guard(lang), st.spinner(ctx.t("loading")):
    h = data.q("headline", f)
    if common.empty_state(ctx, h):
        st.stop()
    frame = data.q("by_year", f, by or None, period)
    if by == "theme":
        frame = relabel(frame, "key", ctx.theme, "label")
    elif by == "country":
        frame = relabel(frame, "key", lambda c: country_name(c, lang), "label")
    elif not by:
        frame = frame.with_columns(pl.lit(ctx.t("trend_none")).alias("label"))
    colors = ctx.funder_colors if by == "funder" else (charts.COUNTRY_COLORS if by == "country" else None)
    other_label = ctx.t("other_funders") if by == "funder" else ctx.t("other")
    this_year = dt.date.today().year
    # the chart's series in its legend order (the table below has the same columns in the same order)
    series, keys = charts.trend_series(frame, colors=colors, other_label=other_label)
    labels = _series_labels(series, keys)
    # growth of the money awarded per year (a spread view starts low: earlier grants are not in it)
    awarded = frame if period == "award" else data.q("by_year", f, by or None, "award")
    fig = charts.trend(
        frame,
        lang=lang,
        currency=f.currency,
        view=view,
        colors=colors,
        other_label=other_label,
        partial_year=this_year,
    )
    notes = [ctx.t("spread_note") if period == "spread" else ctx.t("award_note"), common.prices_note(ctx)]
    if frame.height and frame["year"].max() >= this_year:
        notes.append(ctx.t("partial_year", year=this_year))
    if view == "growth" and (gaps := _growth_gaps(series, keys, labels)):
        notes.append(gaps)
    spec = ChartSpec(
        key="trend_chart",
        name=f"per-year-{by or 'total'}-{period}-{view}",
        title=ctx.t("trend_title"),
        figure=fig,
        frame=frame,
        dim={"funder": "funder_id", "theme": "theme", "country": "recipient_country"}.get(by),
        takeaway=_growth_takeaway(awarded, keys, labels),
        note=" ".join(notes),
        key_figures=downloads.key_figures(ctx, frame),
    )
    prov = downloads.provenance(ctx, f, "trends", "trends")
    if modes.show(ctx, [spec], prov):
        st.stop()
    images_ok = downloads.images_available()
    downloads.view_toolbar(ctx, [spec], prov, title=ctx.t("page_trends"), images_ok=images_ok)
    downloads.chart_card(ctx, spec, prov, images_ok=images_ok)
    # The numbers behind the chart: one row per year, one column per series of the chart in its legend order.
    # Numbers written in the reader's language ("58 380 816" in nb and sv) by common.number_table, so a click on
    # a header sorts by value; "–" where a series has no grants that year. The year stays text ("2020", not
    # "2 020"). The chart menu downloads the numbers.
    if keys:
        years = sorted(series["year"].unique().to_list())
        cells = {(y, k): v for y, k, v in series.select("year", "key", "total").iter_rows()}
        year_header = ctx.t("year_axis")
        table = pl.DataFrame(
            {
                year_header: [str(y) for y in years],
                **{labels[k]: [cells.get((y, k)) for y in years] for k in keys},
            },
            schema={year_header: pl.Utf8, **{labels[k]: pl.Float64 for k in keys}},
        )
        st.dataframe(
            common.number_table(table, lang),
            hide_index=True,
            placeholder=common.GAP,  # a year without grants: "–", not the browser's "None"
            alt=ctx.t("trend_title"),
            height="content",  # one row per year: all of them, no scrolling inside the table
        )
state.sync_url()
