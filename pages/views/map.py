"""Map: money by county or municipality of the recipient (2024 borders), absolute or per inhabitant."""

import polars as pl
import streamlit as st

from analytics import charts
from analytics.i18n import country_name, fmt_int
from ui import common, data, downloads, modes, state
from ui.downloads import ChartSpec

ctx = common.setup("map")
f, lang = ctx.filters, ctx.lang

LEVELS = ["county", "municipality"]
MEASURES = ["total", "per_capita"]
COUNTRIES = ["", "NO", "SE"]
if modes.bare():  # presentation / embed: the settings come from the URL, no controls
    level = state.choice("map_level", LEVELS, "county")
    measure = state.choice("map_measure", MEASURES, "total")
    shown = f.country or (state.get("map_country") if state.get("map_country") in COUNTRIES else "")
else:
    st.title(ctx.t("map_title"))
    with st.container(horizontal=True, vertical_alignment="bottom"):
        level = state.choice_control(
            "map_level", ctx.t("map_level"), LEVELS, "county", lambda x: ctx.t(f"{x}_level")
        )
        measure = state.choice_control(
            "map_measure", ctx.t("map_measure"), MEASURES, "total", lambda x: ctx.t(f"measure_{x}")
        )
        # the map shows the country filter's country, or both
        shown = f.country or ""
        if not f.country:
            key = state.seed("map_country", lambda v: v if v in COUNTRIES else "")
            shown = st.segmented_control(
                ctx.t("map_countries"),
                COUNTRIES,
                key=key,
                required=True,
                format_func=lambda c: country_name(c, lang) if c else ctx.t("all_countries"),
                on_change=state.writer("map_country", lambda v: v or None),
            )

with common.guard(lang), st.spinner(ctx.t("loading")):
    h = data.q("headline", f)
    if common.empty_state(ctx, h):
        st.stop()
    countries = (shown,) if shown else ("NO", "SE")
    regions = data.q("by_region", f, level, shown or None)
    shapes = data.geo_shapes(level, countries)
    col = "per_inhabitant" if measure == "per_capita" else "total"
    prov = downloads.provenance(ctx, f, "map", "map")
    spec = (
        ChartSpec(
            key="map_chart",
            name=f"map-{level}-{measure}",
            title=ctx.t("map_title"),
            figure=charts.choropleth(regions, shapes, lang=lang, currency=f.currency, measure=measure),
            frame=regions,
            dim=None,
            note=ctx.t("click_region") + " " + ctx.t("colour_cap"),
            on_select=common.click_filter("map_chart", "region"),
            key_figures=downloads.key_figures(ctx, regions.rename({"name": "label"})),
        )
        if shapes["features"]
        else None
    )
    if modes.show(ctx, [spec] if spec else [], prov):
        st.stop()
    images_ok = downloads.images_available()
    # the map's own country switch narrows what is drawn, so the money it cannot place is that country's too
    here = data.q("headline", f.with_(country=shown)) if shown and not f.country else h
    unknown_total = here["unknown_county_total"] if level == "county" else here["unknown_municipality_total"]
    unknown_n = here["unknown_county_n"] if level == "county" else here["unknown_municipality_n"]
    map_col, side = st.columns([2, 1], gap="large")
    with side:
        with st.container(border=True):
            st.markdown(f"**{ctx.t('unknown_place')}**\n\n### {ctx.money(unknown_total)}")
        st.caption(
            ctx.t(
                "unknown_place_note",
                amount=ctx.money(unknown_total),
                n=fmt_int(unknown_n, lang),
                level=ctx.t(f"level_{level}_word"),
            )
        )
        pop_year = regions["population_year"][0] if regions.height else None
        if measure == "per_capita" and pop_year:
            st.caption(ctx.t("per_capita_note", year=pop_year))
        st.caption(common.prices_note(ctx))
        top = regions.filter(pl.col("total") > 0).sort(col, descending=True, nulls_last=True).head(10)
        st.markdown(f"**{ctx.t('top_places')}**")
        top_locations = top["location"].to_list()

        def pick_place() -> None:  # a row of the table narrows the filters, like a click on the map
            event = st.session_state.get(table_key)
            rows = event["selection"]["rows"] if event else []
            if rows and rows[0] < len(top_locations):
                state.set_param("region", top_locations[rows[0]])

        table_key = f"map_top_{abs(hash((f, level, shown, measure)))}"
        # Amounts in the chosen language by common.number_table ("5,8 mrd." as the headline cards write money,
        # per inhabitant in full): a number column would format with the browser's locale and an English "5.8B".
        # The cells stay numbers, so a click on the header sorts by value ("1,2 mrd." above "950 mill.").
        # short headers: the side column is narrow (the caption above says per inhabitant is in the currency)
        value_header = ctx.t("measure_per_capita") if col == "per_inhabitant" else f.currency
        st.dataframe(
            common.number_table(
                top.select(
                    pl.col("name").alias(ctx.t("place")), pl.col(col).cast(pl.Float64).alias(value_header)
                ),
                lang,
                short=[value_header] if col == "total" else [],
            ),
            hide_index=True,
            placeholder=common.GAP,  # no population: "–", not the browser's "None"
            alt=ctx.t("top_places"),
            key=table_key,
            on_select=pick_place,
            selection_mode="single-row",
            column_config={  # long place names ("Troms - Romsa - Tromssa") must not push the amounts out of view
                ctx.t("place"): st.column_config.TextColumn(width=150 if col == "total" else 130),
                # wide enough for its header ("Per innbygger") and a sort arrow; no format: it would replace the text
                value_header: st.column_config.NumberColumn(width=95 if col == "total" else 120),
            },
        )
        st.caption(ctx.t("pick_place"))
    with map_col:
        if spec is not None:
            with st.container(horizontal=True, vertical_alignment="center"):
                st.space("stretch")
                modes.present_button(ctx)
                downloads.chart_menu(ctx, spec, prov, images_ok=images_ok)
            common.plotly(spec.figure, key=spec.key, alt=spec.title, on_select=spec.on_select)
            st.caption(spec.note)
        else:
            # no shapes to draw: the numbers as a table, in the view's language (common.number_table)
            st.dataframe(
                common.number_table(
                    regions.select(
                        pl.col("name").alias(ctx.t("place")),
                        pl.col("total").alias(f.currency),
                        pl.col("population").alias(ctx.t("population")),
                        pl.col("per_inhabitant").alias(ctx.t("measure_per_capita")),
                    ),
                    lang,
                ),
                hide_index=True,
                placeholder=common.GAP,
            )
state.sync_url()
