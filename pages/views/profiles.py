"""Recipients and funders: a profile per organisation or funder (money over time, funders or recipients,
partners, largest grants). An organisation's money is what it received; the grants it is a partner in (led by
another organisation) are a section of their own, and an organisation that is only ever a partner is found and
shown too."""

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
PARTNER_GRANTS_SHOWN = 100  # the grants-as-partner table: the most recent first


def _counted(ctx: common.Context, key: str, n: int, **values) -> str:
    """A string with a count: its `_one` form for one."""
    return ctx.t(f"{key}_one" if n == 1 else key, n=fmt_int(n, ctx.lang), **values)


def _org_label(ctx: common.Context, row: dict) -> str:
    """A search hit: name (country, type), and its role as a partner when it has one."""
    about = [country_name(row["country"], ctx.lang)] if row["country"] else []
    if row["org_type"]:
        about.append(ctx.recipient_category(row["org_type"]))
    label = f"{row['name']} ({', '.join(about)})" if about else row["name"]
    if row["n_partner"]:
        key = "org_also_partner" if row["n_grants"] else "org_partner_only"
        label += _counted(ctx, key, row["n_partner"])
    return label


def _grants_per_name(ctx, frame: pl.DataFrame, name_header: str) -> None:
    """A small (name, number of grants) table: the leads or the funders of an organisation's partner grants."""
    st.dataframe(
        common.number_table(
            frame.select(
                pl.col("name").alias(ctx.t(name_header)),
                pl.col("n_grants").alias(ctx.t("n_grants")),
            ),
            ctx.lang,
        ),
        hide_index=True,
        placeholder=common.GAP,
        height=_table_height(frame.height, 6),
        column_config={ctx.t("n_grants"): st.column_config.NumberColumn(width="small")},  # no format
        alt=ctx.t(name_header),
    )


def _table_height(rows: int, most: int = 12) -> int:
    return 38 + 35 * min(max(rows, 1), most)


def _partner_section(ctx: common.Context, name: str, roles: dict) -> None:
    """The grants the organisation is a partner in, under the sidebar filters: how many, led by whom, funded by
    whom, and the grants with their whole amounts (not the partner's share, which no source states)."""
    lang, n, m = ctx.lang, roles["n"], roles["n_all"]
    st.subheader(ctx.t("partner_grants"))
    if not m:
        st.caption(common.md_text(ctx.t("partner_none", name=name)))
        return
    if not n:
        st.caption(common.md_text(ctx.t("partner_none_filtered", m=fmt_int(m, lang), name=name)))
        return
    text = _counted(ctx, "partner_intro", n, name=name)
    if n < m:
        text += " " + ctx.t("partner_filtered", k=fmt_int(m - n, lang), m=fmt_int(m, lang))
    st.markdown(common.md_text(text))
    leads, funders, rows = roles["leads"], roles["funders"], roles["grants"]
    left, right = st.columns([3, 2], gap="large")
    with left:
        _grants_per_name(ctx, leads, "col_lead")
    with right:
        _grants_per_name(ctx, funders, "col_funder")
    amount = ctx.t("col_whole_amount", currency=ctx.filters.currency)
    st.dataframe(
        common.number_table(
            rows.select(
                pl.col("title").alias(ctx.t("col_title")),
                pl.col("recipient").alias(ctx.t("col_lead")),
                pl.col("funder_short").alias(ctx.t("col_funder")),
                pl.col("award_year").cast(pl.Utf8).alias(ctx.t("col_year")),
                pl.col("value").round(0).cast(pl.Int64).alias(amount),
            ),
            lang,
        ),
        hide_index=True,
        placeholder=common.GAP,  # a missing number: "–", not the browser's "None"
        height=_table_height(rows.height),
        column_config={  # long titles must not push the year and the amount out of view
            ctx.t("col_title"): st.column_config.TextColumn(width=330),
            ctx.t("col_lead"): st.column_config.TextColumn(width=220),
            ctx.t("col_year"): st.column_config.TextColumn(width="small"),
            amount: st.column_config.NumberColumn(width=140),  # no format: it would replace the text
        },
        alt=ctx.t("partner_grants"),
    )
    notes = [ctx.t("partner_amount_note", name=name)]
    if rows.height < n:
        notes.append(ctx.t("partner_rows", shown=fmt_int(rows.height, lang), n=fmt_int(n, lang)))
    st.caption(common.md_text(" ".join(notes)))


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
        labels = {r["org_id"]: _org_label(ctx, r) for r in found.iter_rows(named=True)}
        # the chosen organisation's name when a search leaves it out of the matches
        outside: str | None = None
        if current and current not in labels:
            org = data.q("organisation", current)
            if org:
                ids = [current, *ids]
                # labelled as a search hit is (its roles), from a search for its own name
                own = data.q("search_organisations", org["name"], 50).filter(pl.col("org_id") == current)
                labels[current] = _org_label(ctx, own.row(0, named=True)) if own.height else org["name"]
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
    # an organisation's grants as a partner (the sidebar filters apply to them as to any grant)
    roles = data.q("partner_grants", f, subject, PARTNER_GRANTS_SHOWN) if kind == "org" else None
    if not bare:
        st.caption(ctx.t("profile_filters_note"))
    if not h["n_grants"]:
        if roles is not None and not roles["n_received_all"] and ctx.options.first_year is not None:
            # never a recipient: say so (not "nothing matches the filters"), and show what it took part in
            if roles["n_all"]:
                st.info(
                    common.md_text(_counted(ctx, "partner_only", roles["n_all"], name=subject_name)),
                    icon=":material/group:",
                )
            else:
                st.info(common.md_text(ctx.t("no_role", name=subject_name)), icon=":material/info:")
        else:
            common.empty_state(ctx, h)
        if roles is not None and roles["n_all"]:
            _partner_section(ctx, subject_name, roles)
        if modes.mode() == modes.PRESENT:  # no slides to show: the way back must be there
            modes.exit_button(ctx)
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
    if roles is not None:
        # its money is what it received: the grants it is a partner in are not in these figures
        if roles["n"]:
            note = _counted(ctx, "received_only_partner", roles["n"], name=subject_name)
        else:
            note = ctx.t("received_only", name=subject_name)
        st.caption(common.md_text(note))
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
    if roles is not None:
        _partner_section(ctx, subject_name, roles)
state.sync_url()
