"""Compare: two selections side by side (countries, funders, counties or themes) on the same scales."""

import polars as pl
import streamlit as st

from analytics import charts, takeaways
from analytics.filters import Filters
from analytics.i18n import country_name, fmt_int, fmt_number
from analytics.labels import relabel
from ui import common, data, downloads, modes, state
from ui.downloads import ChartSpec

ctx = common.setup("compare")
f, lang = ctx.filters, ctx.lang

DIMS = ["country", "funder", "county", "theme"]
if modes.bare():  # presentation / embed: the settings come from the URL, no controls
    dim = state.choice("cmp", DIMS, "country")
else:
    st.title(ctx.t("page_compare"))
    dim = state.choice_control("cmp", ctx.t("compare_by"), DIMS, "country", lambda d: ctx.t("compare_" + d))

o = ctx.options
if dim == "country":
    choices = ["NO", "SE"]
    label = {c: country_name(c, lang) for c in choices}
elif dim == "funder":
    choices = o.funders["funder_id"].to_list()
    label = ctx.funder_names
elif dim == "county":
    counties = o.regions.filter(pl.col("level") == "county")
    choices = counties["location"].to_list()
    label = {r["location"]: f"{r['name']} ({r['country']})" for r in counties.iter_rows(named=True)}
else:
    choices = o.themes["theme_id"].to_list()
    label = {c: ctx.theme(c) for c in choices}


def side_filters(value: str) -> Filters:
    if dim == "country":
        return f.with_(country=value)
    if dim == "funder":
        return f.with_(funders=(value,))
    if dim == "county":
        return f.with_(region=value)
    return f.with_(theme=value)


if len(choices) < 2:
    st.info(ctx.t("empty_db"))
    st.stop()
if modes.bare():
    a = state.get("a") if state.get("a") in choices else choices[0]
    b = state.get("b") if state.get("b") in choices else choices[1]
else:
    c1, c2 = st.columns(2)
    with c1:
        key = state.seed("a", lambda v: v if v in choices else choices[0])
        a = st.selectbox(
            ctx.t("side_a"),
            choices,
            key=key,
            format_func=lambda x: label.get(x, x),
            on_change=state.writer("a", lambda v: v),
        )
    with c2:
        key = state.seed("b", lambda v: v if v in choices else choices[1])
        b = st.selectbox(
            ctx.t("side_b"),
            choices,
            key=key,
            format_func=lambda x: label.get(x, x),
            on_change=state.writer("b", lambda v: v),
        )
    st.caption(ctx.t("same_scales") + " " + common.prices_note(ctx))

with common.guard(lang), st.spinner(ctx.t("loading")):
    fa, fb = side_filters(a), side_filters(b)
    ha, hb = data.q("headline", fa), data.q("headline", fb)
    names = (label.get(a, a), label.get(b, b))
    sides = (f"A: {names[0]}", f"B: {names[1]}")
    colors = (
        (charts.COUNTRY_COLORS.get(a, charts.PALETTE[0]), charts.COUNTRY_COLORS.get(b, charts.PALETTE[1]))
        if dim == "country"
        else (charts.PALETTE[0], charts.PALETTE[1])
    )
    if dim == "country" and a == b:
        colors = (charts.PALETTE[0], charts.PALETTE[1])
    ya, yb = data.q("by_year", fa, None, "award"), data.q("by_year", fb, None, "award")
    other = "theme" if dim != "theme" else "funder"
    # countries: where each side's money comes from, in the same scan (the sources differ by country)
    dims = (other, "country_source") if dim == "country" else (other,)
    sides_totals = data.q("totals", fa, dims), data.q("totals", fb, dims)
    ta, tb = (t[other] for t in sides_totals)
    if other == "theme":
        ta = relabel(ta, "key", ctx.theme, "label")
        tb = relabel(tb, "key", ctx.theme, "label")
    else:
        ta, tb = charts.top_n(ta, 8, ctx.t("other_funders")), charts.top_n(tb, 8, ctx.t("other_funders"))

    def both(x: pl.DataFrame, y: pl.DataFrame, drop: tuple[str, ...] = ()) -> pl.DataFrame:
        """The two sides' numbers in one frame, a `selection` column saying which side a row is from."""
        return pl.concat(
            [
                part.drop(drop, strict=False).with_columns(pl.lit(side).alias("selection"))
                for part, side in ((x, sides[0]), (y, sides[1]))
            ],
            how="diagonal_relaxed",
        ).select("selection", pl.exclude("selection"))

    years_frame, bars_frame = both(ya, yb, ("key", "label")), both(ta, tb)
    specs = [
        ChartSpec(
            key="cmp_years",
            name="compare-years",
            title=ctx.t("over_time"),
            figure=charts.compare_years(ya, yb, labels=sides, lang=lang, currency=f.currency, colors=colors),
            frame=years_frame,
            key_figures=downloads.key_figures(
                ctx, years_frame.with_columns(pl.col("selection").alias("label"))
            ),
        ),
        ChartSpec(
            key="cmp_bars",
            name=f"compare-{other}",
            title=ctx.t("by_theme") if other == "theme" else ctx.t("by_funder"),
            figure=charts.compare_bars(ta, tb, labels=sides, lang=lang, currency=f.currency, colors=colors),
            frame=bars_frame,
            dim="theme" if other == "theme" else "funder_id",
            key_figures=downloads.key_figures(
                ctx, bars_frame.with_columns(pl.col("selection").alias("label"))
            ),
        ),
    ]
    prov = downloads.provenance(ctx, f, "compare", "compare")
    if modes.show(ctx, specs, prov):
        st.stop()
    images_ok = downloads.images_available()
    downloads.view_toolbar(
        ctx, specs, prov, title=f"{ctx.t('page_compare')}: {names[0]} / {names[1]}", images_ok=images_ok
    )
    cols = st.columns(2, gap="large")
    for col, h, name in zip(cols, (ha, hb), names, strict=True):
        with col, st.container(border=True):
            st.subheader(name)
            st.metric(ctx.t("total_granted"), ctx.money(h["total"]))
            st.markdown(
                f"{ctx.t('n_grants')}: **{fmt_int(h['n_grants'], lang)}** · "
                f"{ctx.t('median_grant')}: **{ctx.money(h['median'])}** · "
                f"{ctx.t('n_recipients')}: **{fmt_int(h['n_recipients'], lang)}**"
            )
    if hb["total"]:
        st.markdown(
            ctx.t(
                "ratio_funder" if dim == "funder" else "ratio",
                a=names[0],
                b=names[1],
                ratio=fmt_number(ha["total"] / hb["total"], lang, 2),
            )
        )
    if dim == "country" and a != b:  # Norway and Sweden are covered by different sources: say so by the ratio
        by_source = pl.concat([t["country_source"] for t in sides_totals])
        if note := takeaways.coverage(by_source, lang, common.source_titles()):
            st.caption(note)
    # each side is its own selection: a chart's data states each side's own total and what it leaves out
    side_headlines = {sides[0]: ha, sides[1]: hb}
    for spec in specs:
        downloads.chart_card(ctx, spec, prov, images_ok=images_ok, side_headlines=side_headlines)
state.sync_url()
