"""Grants: the filtered grants as a sortable table paged in SQL; a selected grant shows every field."""

import math

import polars as pl
import streamlit as st

from analytics.i18n import country_name, fmt_int, fmt_money
from analytics.labels import relabel
from analytics.queries import PAGE_SIZES, SORTS
from ui import common, data, downloads, modes, state

# where a theme word was found (grant_theme_evidence.field); each has a UI string "gp_ev_<field>"
EVIDENCE_FIELDS = ("title", "programme", "theme", "scb", "fallback")

ctx = common.setup("grants")
f, lang = ctx.filters, ctx.lang
modes.no_charts(ctx)  # presentation / embed mode: a page without charts says so and stops
st.title(ctx.t("page_grants"))

with common.guard(lang):
    h = data.q("headline", f)
    if common.empty_state(ctx, h):
        st.stop()
    total = int(h["n_grants"])
    sorts = list(SORTS)
    sizes = [str(s) for s in PAGE_SIZES]
    with st.container(horizontal=True, vertical_alignment="bottom"):
        key = state.seed("sort", lambda v: v if v in sorts else "amount")
        sort = st.selectbox(
            ctx.t("sort_by"),
            sorts,
            key=key,
            format_func=lambda s: ctx.t("sort_" + s),
            width=220,
            on_change=state.writer("sort", lambda v: None if v in (None, "amount") else v),
        )
        key = state.seed("asc", lambda v: v != "1")
        descending = st.toggle(
            ctx.t("descending"), key=key, on_change=state.writer("asc", lambda v: None if v else "1")
        )
        key = state.seed("size", lambda v: v if v in sizes else sizes[0])
        size = int(
            st.segmented_control(
                ctx.t("page_size"),
                sizes,
                key=key,
                required=True,
                on_change=state.writer("size", lambda v: None if v in (None, sizes[0]) else v),
            )
        )
    downloads.grants_panel(
        ctx, f, h, view="grants", page_path="grants", sort=sort, descending=bool(descending), key="dl"
    )
    pages = max(1, math.ceil(total / size))

    def _page(v: str | None) -> int:
        try:
            return min(max(int(v or 1), 1), pages)
        except ValueError:
            return 1

    page_no = _page(state.get("pg"))
    offset = (page_no - 1) * size
    with st.spinner(ctx.t("loading")):
        rows = data.q("grants_page", f, sort, bool(descending), size, offset)
    shown = relabel(rows, "theme", ctx.theme)
    shown = relabel(shown, "recipient_country", lambda c: country_name(c, lang))
    amount_col, original_col = ctx.t("col_amount", currency=f.currency), ctx.t("col_original")
    # the amount the table is sorted by comes first, beside the year: at 1440 px the long titles would push
    # it off-screen to the right
    table = shown.select(
        pl.col("award_year").cast(pl.Utf8).alias(ctx.t("col_year")),
        pl.col("value").round(0).cast(pl.Int64).alias(amount_col),
        pl.col("funder_short").alias(ctx.t("col_funder")),
        pl.col("recipient").alias(ctx.t("col_recipient")),
        pl.col("title").alias(ctx.t("col_title")),
        pl.col("amount").round(0).alias(original_col),  # written with its currency below
        pl.col("theme").alias(ctx.t("col_theme")),
        pl.col("programme").alias(ctx.t("col_programme")),
        pl.col("municipality").alias(ctx.t("col_place")),
        pl.col("county").alias(ctx.t("col_county")),
    )
    st.caption(
        ctx.t(
            "rows_info",
            first=fmt_int(offset + 1 if total else 0, lang),
            last=fmt_int(min(offset + size, total), lang),
            total=fmt_int(total, lang),
        )
        + " · "
        + ctx.t("select_grant")
        + " "
        + common.prices_note(ctx)
    )
    # a new page, sort or filter gets a fresh table (a stale row selection would point at another grant)
    table_key = (
        f"grants_table_{abs(hash((f, sort, descending, size, page_no)))}_{st.session_state.get('_tbl', 0)}"
    )
    # the numbers in the view's language, not the browser's ("1 500 000" in nb and sv), still sorted as numbers
    event = st.dataframe(
        common.number_table(table, lang, units={original_col: shown["currency"].to_list()}),
        hide_index=True,
        placeholder=common.GAP,  # a missing number: "–", not the browser's "None"
        key=table_key,
        on_select="rerun",
        selection_mode="single-row",
        alt=ctx.t("page_grants"),
        height=38 + 35 * max(table.height, 1),
        column_config={
            ctx.t("col_year"): st.column_config.TextColumn(width="small"),
            amount_col: st.column_config.NumberColumn(width=130),  # no format: it would replace the text
            ctx.t("col_recipient"): st.column_config.TextColumn(width=260),
            ctx.t("col_title"): st.column_config.TextColumn(width="large"),
        },
    )
    if pages > 1:
        st.pagination(
            pages,
            default=page_no,
            key=state.widget_key("pg"),
            max_visible_pages=9,
            on_change=state.writer("pg", lambda v: None if v in (None, 1) else str(v)),
        )
    selected = event.selection.rows if event is not None else []
    if selected and 0 <= selected[0] < rows.height:
        chosen = rows["grant_id"][selected[0]]
        if state.get("grant") != chosen:
            state.set_param("grant", chosen, touch_widget=False)

grant_id = state.get("grant")
if grant_id:
    with common.guard(lang):
        detail = data.q("grant_detail", grant_id)
        st.divider()
        if detail is None:
            st.info(ctx.t("grant_missing"))
        else:
            g = detail["grant"]
            with st.container(border=True):
                top = st.container(horizontal=True, vertical_alignment="center")
                # data values go into HTML escaped (markdown would link a bare URL in a title)
                if g["title"]:
                    heading = f"{ctx.t('grant_detail')}: {g['title']}"
                else:  # no title in the source: name the grant by who got it from whom
                    heading = ctx.t(
                        "gp_untitled", recipient=g["recipient"] or ctx.t("unknown"), funder=g["funder"] or "–"
                    )
                top.html(f"<h3 class='grant-title'>{common.html_text(heading)}</h3>")

                def close() -> None:
                    state.set_param("grant", None, touch_widget=False)
                    st.session_state["_tbl"] = st.session_state.get("_tbl", 0) + 1

                top.button(ctx.t("close"), icon=":material/close:", key="close_grant", on_click=close)
                if not g["title"]:
                    st.caption(ctx.t("gp_no_title"))
                c1, c2, c3 = st.columns(3)
                c1.metric(
                    ctx.t("col_original"), fmt_money(g["amount"], g["currency"] or "", lang, compact=False)
                )
                c2.metric(
                    ctx.t("col_amount", currency=f.currency),
                    fmt_money(g[f.amount_column], f.currency, lang, compact=False),
                )
                if g["amount"] is not None and g[f.amount_column] is None:
                    # an amount is stated but has no rate to convert it at: say why the figure is missing
                    why = "gp_not_converted_year" if g["award_year"] is None else "gp_not_converted"
                    c2.caption(ctx.t(why, currency=f.currency))
                c3.metric(
                    ctx.t("col_year"),
                    str(g["award_year"]) if g["award_year"] is not None else ctx.t("gp_year_unknown"),
                )
                place = f"{g['municipality'] or ctx.t('unknown')}, {g['county'] or ''}"
                st.html(
                    f"<p><b>{ctx.t('col_recipient')}:</b> {common.html_text(g['recipient'] or '–')} · "
                    f"<b>{ctx.t('col_funder')}:</b> {common.html_text(g['funder'])} · "
                    f"<b>{ctx.t('col_place')}:</b> {common.html_text(place)}"
                    f" ({country_name(g['recipient_country'], lang)})</p>"
                )
                left, right = st.columns(2, gap="large")
                with left:
                    st.markdown(f"**{ctx.t('provenance')}**")
                    src = detail["source"]
                    if g.get("amount_text"):
                        st.markdown(f"{ctx.t('source_text')}:")
                        st.code(g["amount_text"], language=None, wrap_lines=True)
                    if g.get("source_url"):
                        st.link_button(ctx.t("source_link"), g["source_url"], icon=":material/open_in_new:")
                    st.markdown(
                        f"**{ctx.t('gp_source')}:** {src.get('title') or '–'}  \n"
                        f"**{ctx.t('licence')}:** {src.get('licence', '–')}  \n"
                        f"**{ctx.t('attribution')}:** {src.get('attribution', '–')}"
                    )
                    # the sources by their registry title; the internal ids only in the tooltip
                    reported = detail["reported_by"]
                    titles = [
                        ctx.t("gp_quoted", text=title or sid)
                        for sid, title in zip(reported["source_id"], reported["title"], strict=True)
                    ]
                    n_records = int(g["n_records"] or 0)
                    st.caption(
                        ctx.t(
                            "gp_reported_one" if n_records == 1 else "gp_reported_many",
                            n=fmt_int(n_records, lang),
                            sources=", ".join(titles) or "–",
                        ),
                        help=ctx.t("gp_source_ids", ids=", ".join(reported["source_id"])),
                    )
                    if g["has_conflict"]:
                        st.warning(
                            ctx.t("conflict", fields=", ".join(detail["conflicts"]["field"].to_list()))
                        )
                with right:
                    st.markdown(f"**{ctx.t('theme_evidence')}**")
                    ev = detail["evidence"]
                    if ev.height:
                        label_col = {"en": "label_en", "nb": "label_nb", "sv": "label_sv"}[lang]
                        # the field a word was found in, in words (the database keeps theme/title/programme...)
                        ev_fields = {k: ctx.t("gp_ev_" + k) for k in EVIDENCE_FIELDS}
                        st.dataframe(
                            ev.select(
                                pl.col(label_col).alias(ctx.t("col_theme")),
                                pl.col("field")
                                .replace_strict(ev_fields, default=pl.col("field"), return_dtype=pl.Utf8)
                                .alias(ctx.t("ev_field")),
                                pl.when(pl.col("field") == "fallback")
                                .then(pl.lit("–"))
                                .otherwise(pl.col("term"))
                                .alias(ctx.t("ev_term")),
                            ),
                            hide_index=True,
                            alt=ctx.t("theme_evidence"),
                        )
                    st.markdown(f"**{ctx.t('partners')}**")
                    if detail["partners"].height:
                        partners = relabel(detail["partners"], "country", lambda c: country_name(c, lang))
                        st.dataframe(
                            partners.select(
                                pl.col("position").alias("#"),
                                pl.col("name").alias(ctx.t("gp_col_name")),
                                pl.col("org_type").alias(ctx.t("recipient_type")),
                                pl.col("country").alias(ctx.t("country")),
                            ),
                            hide_index=True,
                            alt=ctx.t("partners"),
                        )
                    else:
                        st.caption(ctx.t("no_partners"))
                with st.expander(ctx.t("all_fields"), icon=":material/list:"):
                    fields = {k: (", ".join(map(str, v)) if isinstance(v, list) else v) for k, v in g.items()}
                    # an HTML table of escaped values: st.table would render markdown in the data
                    st.html(common.html_table({k: "–" if v is None else v for k, v in fields.items()}))
state.sync_url()
