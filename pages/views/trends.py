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
    this_year = dt.date.today().year
    # growth of the money awarded per year (a spread view starts low: earlier grants are not in it)
    awarded = frame if period == "award" else data.q("by_year", f, None, "award")
    fig = charts.trend(
        frame,
        lang=lang,
        currency=f.currency,
        view=view,
        colors=colors,
        other_label=ctx.t("other_funders") if by == "funder" else ctx.t("other"),
        partial_year=this_year,
    )
    notes = [ctx.t("spread_note") if period == "spread" else ctx.t("award_note"), common.prices_note(ctx)]
    if frame.height and frame["year"].max() >= this_year:
        notes.append(ctx.t("partial_year", year=this_year))
    spec = ChartSpec(
        key="trend_chart",
        name=f"per-year-{by or 'total'}-{period}-{view}",
        title=ctx.t("trend_title"),
        figure=fig,
        frame=frame,
        dim={"funder": "funder_id", "theme": "theme", "country": "recipient_country"}.get(by),
        takeaway=takeaways.growth(awarded, lang, this_year),
        note=" ".join(notes),
        key_figures=downloads.key_figures(ctx, frame),
    )
    prov = downloads.provenance(ctx, f, "trends", "trends")
    if modes.show(ctx, [spec], prov):
        st.stop()
    images_ok = downloads.images_available()
    downloads.view_toolbar(ctx, [spec], prov, title=ctx.t("page_trends"), images_ok=images_ok)
    downloads.chart_card(ctx, spec, prov, images_ok=images_ok)
    # the numbers behind the chart, one row per year (the chart menu downloads them)
    table = (
        frame.group_by("year", "label")
        .agg(pl.col("total").sum().round(0).cast(pl.Int64))
        .pivot(on="label", index="year", values="total")
        .sort("year")
        .with_columns(pl.col("year").cast(pl.Utf8))
        .rename({"year": ctx.t("year_axis")})
    )
    st.dataframe(
        table,
        hide_index=True,
        alt=ctx.t("trend_title"),
        column_config={
            c: st.column_config.NumberColumn(c, format="localized")
            for c in table.columns
            if c != ctx.t("year_axis")
        },
    )
state.sync_url()
