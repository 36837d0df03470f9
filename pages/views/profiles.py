"""Recipients and funders: a profile per organisation or funder (money over time, funders or recipients,
partners, largest grants)."""

import polars as pl
import streamlit as st

from analytics import charts
from analytics.filters import Filters
from analytics.i18n import country_name, fmt_int
from analytics.labels import relabel
from ui import common, data, downloads, modes, state
from ui.downloads import ChartSpec

ctx = common.setup("profiles")
f, lang = ctx.filters, ctx.lang
bare = modes.bare()  # presentation / embed: the choices come from the URL, no controls

KINDS = ["org", "funder"]


def _search_mismatch(ctx: common.Context, query: str, name: str, found: pl.DataFrame) -> None:
    """A note that the profile shown is not among the recipients the search finds, and a button to the first."""
    if not found.height:
        st.info(ctx.t("gp_org_no_match", query=query, name=name), icon=":material/search_off:")
        return
    names = ", ".join(found["name"].head(3).to_list())
    st.info(ctx.t("gp_org_mismatch", query=query, name=name, names=names), icon=":material/search:")
    first_id, first_name = found["org_id"][0], found["name"][0]
    st.button(
        ctx.t("gp_show_first", name=first_name),
        key="org_first_match",
        on_click=lambda: state.set_param("org", first_id),
    )


if bare:
    kind = state.choice("profile", KINDS, "org")
else:
    st.title(ctx.t("page_profiles"))
    kind = state.choice_control("profile", ctx.t("profile_kind"), KINDS, "org", lambda k: ctx.t("kind_" + k))

with common.guard(lang):
    subject: str | None = None
    scoped: Filters | None = None
    if bare:
        wanted = state.get("fund") if kind == "funder" else state.get("org")
        if kind == "funder" and wanted in ctx.funder_names:
            subject = wanted
            scoped = f.with_(extra=(("funder", subject),))
        elif kind == "org" and wanted and data.q("organisation", wanted):
            subject = wanted
            scoped = f.with_(extra=(("org", subject),))
    elif kind == "funder":
        funder_ids = ctx.options.funders["funder_id"].to_list()
        names = dict(zip(funder_ids, ctx.options.funders["name"].to_list(), strict=True))
        choices = ["", *funder_ids]
        key = state.seed("fund", lambda v: v if v in names else "")
        subject = (
            st.selectbox(
                ctx.t("pick_funder"),
                choices,
                key=key,
                format_func=lambda x: names.get(x, "—"),
                on_change=state.writer("fund", lambda v: v or None),
            )
            or None
        )
        if subject:
            scoped = f.with_(extra=(("funder", subject),))
    else:
        c1, c2 = st.columns([1, 2], vertical_alignment="bottom")
        with c1:
            key = state.seed("org_q", lambda v: v or "")
            text = st.text_input(
                ctx.t("find_org"),
                key=key,
                max_chars=100,
                on_change=state.writer("org_q", lambda v: (v or "").strip() or None),
            )
        query = (text or "").strip()
        found = data.q("search_organisations", query, 50)
        current = state.get("org")
        ids = found["org_id"].to_list()
        labels = {
            r[
                "org_id"
            ]: f"{r['name']} ({country_name(r['country'], lang)}, {ctx.recipient_category(r['org_type'])})"
            for r in found.iter_rows(named=True)
        }
        outside: str | None = None  # the chosen recipient's name when a search leaves it out of the matches
        if current and current not in labels:
            org = data.q("organisation", current)
            if org:
                ids = [current, *ids]
                labels[current] = org["name"]
                outside = org["name"] if query else None
        with c2:
            if ids:
                key = state.seed("org", lambda v: v if v in labels else ids[0])
                subject = st.selectbox(
                    ctx.t("pick_org"),
                    ids,
                    key=key,
                    format_func=lambda x: labels.get(x, x),
                    on_change=state.writer("org", lambda v: v or None),
                )
            else:
                st.info(ctx.t("no_match"))
        if outside and subject == current:
            # the search does not find the recipient shown: say so, and offer the best match
            _search_mismatch(ctx, query, outside, found)
        if subject:
            scoped = f.with_(extra=(("org", subject),))
            if state.get("org") != subject:
                state.set_param("org", subject, touch_widget=False)

    if not subject or scoped is None:
        st.info(ctx.t("pick_something"))
        if modes.mode() == modes.PRESENT:  # no selector in presentation mode: the way back must be there
            modes.exit_button(ctx)
        st.stop()

    if kind == "funder":
        subject_name = ctx.funder_names.get(subject, subject)
    else:
        subject_name = (data.q("organisation", subject) or {}).get("name") or subject
    h = data.q("headline", scoped)
    if not bare:
        st.caption(ctx.t("profile_filters_note"))
    if common.empty_state(ctx, h):
        st.stop()
    dims = ("year", "funder", "theme") if kind == "org" else ("year", "recipient", "theme", "country")
    totals = data.q("totals", scoped, dims)
    themes = relabel(totals["theme"], "key", ctx.theme, "label")
    year_spec = ChartSpec(
        key="pr_year",
        name="by-year",
        title=ctx.t("over_time"),
        figure=charts.year_bars(totals["year"], lang=lang, currency=f.currency),
        frame=totals["year"],
        dim="award_year",
        key_figures=downloads.key_figures(ctx, totals["year"]),
    )
    if kind == "org":
        side_spec = ChartSpec(
            key="pr_funder",
            name="funders",
            title=ctx.t("funders_of"),
            figure=charts.bars(
                charts.top_n(totals["funder"], 7, ctx.t("other_funders")),
                lang=lang,
                currency=f.currency,
                colors=ctx.funder_colors,
            ),
            frame=totals["funder"],
            dim="funder_id",
            key_figures=downloads.key_figures(ctx, totals["funder"]),
        )
    else:
        side_spec = ChartSpec(
            key="pr_recipients",
            name="recipients",
            title=ctx.t("recipients_of"),
            figure=charts.bars(
                charts.top_n(totals["recipient"], 10, ctx.t("other"), other=False),
                lang=lang,
                currency=f.currency,
                default_color=ctx.funder_colors.get(subject, charts.PALETTE[0]),
            ),
            frame=totals["recipient"],
            dim="recipient_org_id",
            key_figures=downloads.key_figures(ctx, totals["recipient"]),
        )
    theme_spec = ChartSpec(
        key="pr_theme",
        name="by-theme",
        title=ctx.t("by_theme"),
        figure=charts.bars(themes, lang=lang, currency=f.currency, default_color=charts.PALETTE[2]),
        frame=themes,
        dim="theme",
        key_figures=downloads.key_figures(ctx, themes),
    )
    specs = [year_spec, side_spec, theme_spec]
    prov = downloads.provenance(ctx, scoped, "profile", "profiles")
    if modes.show(ctx, specs, prov, subject=subject_name):
        st.stop()
    images_ok = downloads.images_available()
    # a profile of one recipient has one recipient; of one funder, one funder
    common.metrics(ctx, h, hide=("n_recipients",) if kind == "org" else ("n_funders",))
    downloads.view_toolbar(
        ctx, specs, prov, title=f"{ctx.t('page_profiles')}: {subject_name}", images_ok=images_ok
    )
    left, right = st.columns(2, gap="large")
    with left:
        downloads.chart_card(ctx, year_spec, prov, images_ok=images_ok)
    with right:
        downloads.chart_card(ctx, side_spec, prov, images_ok=images_ok)
    left, right = st.columns(2, gap="large")
    with left, st.container(border=True):
        if kind == "org":
            st.subheader(ctx.t("partners_of"))
            partners = data.q("partners_of", f, subject, 15)
            if partners.height:
                st.dataframe(
                    common.number_table(
                        partners.select(
                            pl.col("name").alias(ctx.t("col_recipient")),
                            pl.col("n_grants").alias(ctx.t("n_grants")),
                        ),
                        lang,
                    ),
                    hide_index=True,
                    placeholder=common.GAP,  # a missing number: "–", not the browser's "None"
                    alt=ctx.t("partners_of"),
                )
            else:
                st.caption(ctx.t("no_partners"))
        else:
            st.subheader(ctx.t("names_used"))
            info = data.q("funder", subject)
            if info:
                # funder_names counts records as the sources give them (repeats included), not counted grants
                st.dataframe(
                    common.number_table(
                        info["names"].rename(
                            {"name_as_written": ctx.t("names_used"), "n_grants": ctx.t("gp_records_col")}
                        ),
                        lang,
                    ),
                    hide_index=True,
                    placeholder=common.GAP,  # a missing number: "–", not the browser's "None"
                    alt=ctx.t("names_used"),
                )
                st.caption(ctx.t("gp_records_note"))
    with right:
        downloads.chart_card(ctx, theme_spec, prov, images_ok=images_ok)
    st.subheader(ctx.t("grants_of"))
    rows = data.q("grants_page", scoped, "amount", True, 25, 0)
    # amounts in the view's language, not the browser's, and still sorted as numbers (common.number_table)
    st.dataframe(
        common.number_table(
            rows.select(
                pl.col("award_year").cast(pl.Utf8).alias(ctx.t("col_year")),
                pl.col("title").alias(ctx.t("col_title")),
                pl.col("funder_short" if kind == "org" else "recipient").alias(
                    ctx.t("col_funder") if kind == "org" else ctx.t("col_recipient")
                ),
                pl.col("value").round(0).cast(pl.Int64).alias(ctx.t("col_amount", currency=f.currency)),
            ),
            lang,
        ),
        hide_index=True,
        placeholder=common.GAP,  # a missing number: "–", not the browser's "None"
        alt=ctx.t("grants_of"),
        height=38 + 35 * max(rows.height, 1),
    )
    st.caption(
        ctx.t(
            "rows_info", first=1 if rows.height else 0, last=rows.height, total=fmt_int(h["n_grants"], lang)
        )
    )
    downloads.grants_panel(ctx, scoped, h, view="profile", page_path="profiles", key="pr_dl")
state.sync_url()
