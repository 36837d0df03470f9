"""Overview: the headline figures and the money by country, funder, theme and year, each with a takeaway."""

import datetime as dt

import streamlit as st

from analytics import charts, takeaways
from ui import common, data, state

ctx = common.setup("overview")
f, lang = ctx.filters, ctx.lang
st.title(ctx.t("app_title"))
st.caption(ctx.t("app_subtitle"))

with common.guard(lang), st.spinner(ctx.t("loading")):
    h = data.q("headline", f)
    if common.empty_state(ctx, h):
        st.stop()
    common.metrics(ctx, h)
    totals = data.q("totals", f, ("country", "funder", "theme", "year"))
    ctx.set_funder_ranking(totals["funder"])
    this_year = dt.date.today().year

    left, right = st.columns(2, gap="large")
    with left, st.container(border=True):
        st.subheader(ctx.t("by_country"))
        st.markdown(takeaways.country(totals["country"], lang, f.currency) or "")
        common.plotly(
            charts.country_bars(totals["country"], lang=lang, currency=f.currency),
            key="ov_country",
            on_select=common.click_filter("ov_country", "country"),
            alt=ctx.t("by_country"),
        )
        st.caption(ctx.t("click_to_filter"))
    with right, st.container(border=True):
        st.subheader(ctx.t("over_time"))
        st.markdown(takeaways.years(totals["year"], lang, f.currency, this_year) or "")
        common.plotly(
            charts.year_bars(totals["year"], lang=lang, currency=f.currency, partial_year=this_year),
            key="ov_year",
            alt=ctx.t("over_time"),
            on_select=common.click_filter("ov_year", "from", transform=lambda y: {"from": y, "to": y}),
        )
        st.caption(ctx.t("click_to_filter"))

    left, right = st.columns(2, gap="large")
    with left, st.container(border=True):
        st.subheader(ctx.t("by_funder"))
        st.markdown(takeaways.funder(totals["funder"], lang) or "")
        funders = charts.top_n(
            totals["funder"], len(charts.PALETTE), ctx.t("other_funders"), keep=ctx.top_funders()
        )
        common.plotly(
            charts.bars(funders, lang=lang, currency=f.currency, colors=ctx.funder_colors),
            key="ov_funder",
            alt=ctx.t("by_funder"),
            on_select=common.click_filter("ov_funder", "funder"),
        )
        st.caption(ctx.t("click_to_filter"))
    with right, st.container(border=True):
        st.subheader(ctx.t("by_theme"))
        st.markdown(takeaways.theme(totals["theme"], lang, ctx.theme) or "")
        themes = totals["theme"].with_columns(
            totals["theme"]["key"].map_elements(ctx.theme, return_dtype=str).alias("label")
        )
        common.plotly(
            charts.bars(themes, lang=lang, currency=f.currency, default_color=charts.PALETTE[2]),
            key="ov_theme",
            alt=ctx.t("by_theme"),
            on_select=common.click_filter("ov_theme", "theme"),
        )
        st.caption(ctx.t("click_to_filter"))
state.sync_url()
