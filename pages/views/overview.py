"""Overview: the headline figures and the money by country, funder, theme and year, each with a takeaway."""

import datetime as dt

import streamlit as st

from analytics import charts, takeaways
from analytics.labels import relabel
from ui import common, data, downloads, modes, state
from ui.downloads import ChartSpec

ctx = common.setup("overview")
f, lang = ctx.filters, ctx.lang

with common.guard(lang), st.spinner(ctx.t("loading")):
    h = data.q("headline", f)
    if not modes.bare():
        st.title(ctx.t("app_title"))
        st.caption(ctx.t("app_subtitle"))
    if common.empty_state(ctx, h):
        st.stop()
    totals = data.q("totals", f, ("country", "funder", "theme", "year", "country_source"))
    ctx.set_funder_ranking(totals["funder"])
    this_year = dt.date.today().year
    click = ctx.t("click_to_filter")

    funders = charts.top_n(
        totals["funder"], len(charts.PALETTE), ctx.t("other_funders"), keep=ctx.top_funders()
    )
    themes = relabel(totals["theme"], "key", ctx.theme, "label")
    specs = [
        ChartSpec(
            key="ov_country",
            name="by-country",
            title=ctx.t("by_country"),
            figure=charts.country_bars(totals["country"], lang=lang, currency=f.currency),
            frame=totals["country"],
            dim="recipient_country",
            takeaway=takeaways.country(totals["country"], lang, f.currency),
            # the countries' money comes from different sources: say so where the bars invite a comparison
            note=" ".join(
                filter(
                    None, [takeaways.coverage(totals["country_source"], lang, common.source_titles()), click]
                )
            ),
            on_select=common.click_filter("ov_country", "country"),
            key_figures=downloads.key_figures(ctx, totals["country"]),
        ),
        ChartSpec(
            key="ov_year",
            name="by-year",
            title=ctx.t("over_time"),
            figure=charts.year_bars(totals["year"], lang=lang, currency=f.currency, partial_year=this_year),
            frame=totals["year"],
            dim="award_year",
            takeaway=takeaways.years(totals["year"], lang, f.currency, this_year),
            note=click,
            on_select=common.click_filter("ov_year", "from", transform=lambda y: {"from": y, "to": y}),
            key_figures=downloads.key_figures(ctx, totals["year"]),
        ),
        ChartSpec(
            key="ov_funder",
            name="by-funder",
            title=ctx.t("by_funder"),
            figure=charts.bars(funders, lang=lang, currency=f.currency, colors=ctx.funder_colors),
            frame=totals["funder"],
            dim="funder_id",
            takeaway=takeaways.funder(totals["funder"], lang),
            note=click,
            on_select=common.click_filter("ov_funder", "funder"),
            key_figures=downloads.key_figures(ctx, totals["funder"]),
        ),
        ChartSpec(
            key="ov_theme",
            name="by-theme",
            title=ctx.t("by_theme"),
            figure=charts.bars(themes, lang=lang, currency=f.currency, default_color=charts.PALETTE[2]),
            frame=themes,
            dim="theme",
            takeaway=takeaways.theme(totals["theme"], lang, ctx.theme),
            note=click,
            on_select=common.click_filter("ov_theme", "theme"),
            key_figures=downloads.key_figures(ctx, themes),
        ),
    ]
    prov = downloads.provenance(ctx, f, "overview", "")
    if modes.show(ctx, specs, prov):
        st.stop()

    images_ok = downloads.images_available()
    common.metrics(ctx, h)
    downloads.view_toolbar(
        ctx, specs, prov, title=f"{ctx.t('app_title')} — {ctx.t('page_overview')}", images_ok=images_ok
    )
    for pair in (specs[:2], specs[2:]):
        for column, spec in zip(st.columns(2, gap="large"), pair, strict=True):
            with column:
                downloads.chart_card(ctx, spec, prov, images_ok=images_ok)
state.sync_url()
