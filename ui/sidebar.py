"""The one sidebar of filters, shared by every page and kept in the URL (see `ui/state.py`)."""

from __future__ import annotations

import streamlit as st

from analytics.filters import CPI_COUNTRY, CURRENCIES, Filters
from analytics.i18n import LANGUAGE_NAMES, LANGUAGES, country_name
from ui import state


def _opt(value: str | None, allowed: list[str], default: str = "") -> str:
    return value if value in allowed else default


def render(ctx, page: str) -> Filters:
    """Draw the filters; returns the validated Filters of this run."""
    lang = ctx.lang
    o = ctx.options
    t = ctx.t
    with st.sidebar:
        # ---- language (first: it relabels everything)
        state.choice_control(
            "lang",
            t("language"),
            list(LANGUAGES),
            "en",
            lambda c: LANGUAGE_NAMES[c].split()[0],
            width="stretch",
        )
        st.header(t("filters"), divider="gray")

        # ---- country
        countries = ["", "NO", "SE"]
        key = state.seed("country", lambda v: _opt(v, countries))
        st.segmented_control(
            t("country"),
            countries,
            key=key,
            required=True,
            width="stretch",
            format_func=lambda c: country_name(c, lang) if c else t("all_countries"),
            on_change=state.writer("country", lambda v: v or None),
        )

        # ---- funders
        funder_ids = o.funders["funder_id"].to_list()
        names = dict(zip(funder_ids, o.funders["short_name"].to_list(), strict=True))
        key = state.seed("funder", lambda v: [x for x in (v or "").split(",") if x in names])
        st.multiselect(
            t("funders"),
            funder_ids,
            key=key,
            format_func=lambda x: names.get(x, x),
            placeholder=t("all_funders"),
            on_change=state.writer("funder", lambda v: ",".join(v or []) or None),
        )

        # ---- theme
        themes = ["", *o.themes["theme_id"].to_list()]
        key = state.seed("theme", lambda v: _opt(v, themes))
        st.selectbox(
            t("theme"),
            themes,
            key=key,
            format_func=lambda x: ctx.theme(x) if x else t("all_themes"),
            on_change=state.writer("theme", lambda v: v or None),
        )

        # ---- years
        if o.first_year is not None and o.last_year is not None and o.first_year < o.last_year:
            lo, hi = int(o.first_year), int(o.last_year)
            f0 = ctx.filters

            def to_years(_unused: str | None) -> tuple[int, int]:
                a = f0.year_from if f0.year_from is not None else lo
                b = f0.year_to if f0.year_to is not None else hi
                return (min(max(a, lo), hi), max(min(b, hi), lo))

            def write_years() -> None:
                value = st.session_state.get(state.widget_key("years")) or (lo, hi)
                s = state.state()
                for param, v, edge in (("from", value[0], lo), ("to", value[1], hi)):
                    if v == edge:
                        s.pop(param, None)
                    else:
                        s[param] = str(int(v))
                s.pop("pg", None)
                st.session_state.pop(state.widget_key("pg"), None)

            key = state.seed("years", to_years)
            st.slider(t("years"), min_value=lo, max_value=hi, key=key, step=1, on_change=write_years)

        # ---- region
        regions = o.regions
        locs = [""]
        labels = {"": t("all_regions")}
        for r in regions.sort(["country", "level", "name"]).iter_rows(named=True):
            locs.append(r["location"])
            kind = f"county_{r['country']}" if r["level"] == "county" else r["level"]
            labels[r["location"]] = f"{r['name']} ({country_name(r['country'], lang)}, {t('kind_' + kind)})"
        key = state.seed("region", lambda v: _opt(v, locs))
        st.selectbox(
            t("region"),
            locs,
            key=key,
            format_func=lambda x: labels.get(x, x),
            on_change=state.writer("region", lambda v: v or None),
        )

        more = bool(
            ctx.filters.recipient_type
            or ctx.filters.programme
            or ctx.filters.amount_min is not None
            or ctx.filters.amount_max is not None
        )
        with st.expander(t("more_filters"), expanded=more, icon=":material/tune:"):
            rtypes = ["", *o.recipient_types]
            key = state.seed("rtype", lambda v: _opt(v, rtypes))
            st.selectbox(
                t("recipient_type"),
                rtypes,
                key=key,
                format_func=lambda x: ctx.recipient_category(x) if x else t("all_types"),
                on_change=state.writer("rtype", lambda v: v or None),
            )
            programmes = ["", *o.programmes]
            key = state.seed("programme", lambda v: _opt(v, programmes))
            st.selectbox(
                t("programme"),
                programmes,
                key=key,
                format_func=lambda x: x or t("all_programmes"),
                on_change=state.writer("programme", lambda v: v or None),
            )
            st.caption(t("amount_range", currency=ctx.filters.currency))
            c1, c2 = st.columns(2)
            with c1:
                key = state.seed("min", lambda v: ctx.filters.amount_min)
                st.number_input(
                    t("amount_min"),
                    min_value=0.0,
                    step=100_000.0,
                    format="%.0f",
                    key=key,
                    on_change=state.writer("min", lambda v: None if v is None else f"{v:.0f}"),
                )
            with c2:
                key = state.seed("max", lambda v: ctx.filters.amount_max)
                st.number_input(
                    t("amount_max"),
                    min_value=0.0,
                    step=100_000.0,
                    format="%.0f",
                    key=key,
                    on_change=state.writer("max", lambda v: None if v is None else f"{v:.0f}"),
                )

        key = state.seed("q", lambda v: v or "")
        st.text_input(
            t("search"),
            key=key,
            max_chars=200,
            on_change=state.writer("q", lambda v: (v or "").strip() or None),
        )

        # ---- money
        st.subheader(t("currency"), divider="gray")
        state.choice_control(
            "ccy", t("currency"), list(CURRENCIES), "NOK", width="stretch", label_visibility="collapsed"
        )
        bases = ["nominal", "constant"]
        state.choice_control(
            "prices",
            t("prices"),
            bases,
            "nominal",
            lambda b: t(b),
            width="stretch",
            disabled=ctx.filters.currency not in CPI_COUNTRY,
        )
        current = state.filters()
        if current.currency not in CPI_COUNTRY:
            st.caption(t("constant_eur"))
        elif current.price_basis == "constant":
            years = [str(y) for y in reversed(o.cpi_years.get(CPI_COUNTRY[current.currency], []))]
            if years:
                key = state.seed("base", lambda v: _opt(v, years, years[0]))
                st.selectbox(
                    t("base_year"),
                    years,
                    key=key,
                    on_change=state.writer("base", lambda v: None if v in (None, years[0]) else v),
                )

        st.divider()
        st.button(
            t("reset"),
            on_click=state.clear_filters,
            key="reset_filters",
            icon=":material/restart_alt:",
            width="stretch",
            disabled=current.is_default(),
        )
        st.caption(t("share_link"))
    return state.filters()
