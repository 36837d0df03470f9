"""Data and methods: sources with coverage, scope, licences and attribution; quarantined documents; methods;
caveats; build time."""

from pathlib import Path

import polars as pl
import streamlit as st

from analytics.i18n import fmt_date, fmt_int, fmt_money
from ui import common, data, downloads, modes, state

ctx = common.setup("methods")
lang = ctx.lang
modes.no_charts(ctx)  # presentation / embed mode: a page without charts says so and stops
st.title(ctx.t("page_methods"))

METHODS_DOC = Path(__file__).resolve().parents[2] / "docs" / "methods.md"  # pages/views/ -> repo root
DOC_STATUSES = ("records", "no_grant", "quarantined")  # source_documents.status
REASONS = ("empty", "encoding", "binary", "too_large", "parse_error", "unknown_genre")  # quarantine.reason


def _label(prefix: str, value: str | None, known: tuple[str, ...]) -> str | None:
    """A build's code (status, reason) as words in the reader's language; an unknown code as it is."""
    return ctx.t(f"{prefix}_{value}") if value in known else value


with common.guard(lang):
    info = data.q("build_info")
    if info:
        st.caption(ctx.t("built_at", when=fmt_date(info["finished_at"], lang), run=str(info["run_id"])[:16]))

    st.header(ctx.t("sources"))
    if lang != "en":  # the registry's titles, scopes and licences are published in English
        st.caption(ctx.t("sources_in_english"))
    sources = data.q("sources_coverage")
    source_titles = dict(zip(sources["source_id"].to_list(), sources["title"].to_list(), strict=True))
    for kind in ("bulk", "documents", "reference"):
        part = sources.filter(pl.col("kind") == kind)
        for r in part.iter_rows(named=True):
            with st.container(border=True):
                st.markdown(f"**{r['title']}** · `{r['source_id']}`")
                st.markdown(r["scope"])
                lines = []
                if r["n_records"]:
                    years = f"{r['first_year']}–{r['last_year']}" if r["first_year"] is not None else "–"
                    lines.append(
                        f"{ctx.t('coverage')}: {years} · {fmt_int(r['n_records'], lang)} "
                        f"{ctx.t('records')} · {fmt_int(r['n_counted'], lang)} {ctx.t('counted')} · "
                        f"{fmt_money(r['total_nok'], 'NOK', lang)}"
                    )
                licence = r["licence"]
                if r.get("licence_url"):
                    licence = f"[{licence}]({r['licence_url']})"
                lines.append(f"{ctx.t('licence')}: {licence}")
                lines.append(f"{ctx.t('attribution')}: {r['attribution']}")
                if r.get("homepage"):
                    lines.append(f"<{r['homepage']}>")
                st.markdown("  \n".join(lines))

    st.header(ctx.t("dataset_title"))
    downloads.dataset_buttons(ctx)

    # every table with headers and values in the reader's language (the build's codes are not for readers)
    st.header(ctx.t("documents"))
    docs = data.q("documents_summary")
    if docs.height:
        st.dataframe(
            pl.DataFrame(
                {
                    ctx.t("col_doc_status"): [
                        _label("doc_status", v, DOC_STATUSES) for v in docs["status"].to_list()
                    ],
                    ctx.t("col_doc_n"): [fmt_int(n, lang) for n in docs["n"].to_list()],
                },
                schema={ctx.t("col_doc_status"): pl.Utf8, ctx.t("col_doc_n"): pl.Utf8},
            ),
            hide_index=True,
            alt=ctx.t("documents"),
            column_config={ctx.t("col_doc_n"): st.column_config.TextColumn(alignment="right")},
        )
    st.subheader(ctx.t("quarantined"))
    q = data.q("quarantine", 500)
    if q.height:
        columns = {
            "col_source": [source_titles.get(v, v) for v in q["source_id"].to_list()],
            "col_file": q["path"].to_list(),
            "col_reason": [_label("reason", v, REASONS) for v in q["reason"].to_list()],
            "col_detail": q["detail"].to_list(),
            "col_address": q["source_url"].to_list(),
        }
        st.dataframe(
            pl.DataFrame(
                {ctx.t(k): v for k, v in columns.items()}, schema={ctx.t(k): pl.Utf8 for k in columns}
            ),
            hide_index=True,
            alt=ctx.t("quarantined"),
            column_config={ctx.t("col_address"): st.column_config.LinkColumn()},
        )
    else:
        st.caption(ctx.t("no_quarantine"))

    st.header(ctx.t("methods"))
    if METHODS_DOC.is_file():
        if lang != "en":
            st.caption(ctx.t("methods_in_english"))
        st.markdown(METHODS_DOC.read_text(encoding="utf-8"))
    st.markdown(
        "\n".join(
            f"- {ctx.t(key)}"
            for key in ("m_nominal", "award_note", "spread_note", "constant_eur", "m_per_capita")
        )
    )

    st.header(ctx.t("caveats"))
    if lang != "en":  # the caveats are the registry's scopes, in English
        st.caption(ctx.t("sources_in_english"))
    st.markdown(
        "\n".join(
            f"- {r['title']}: {r['scope']}"
            for r in sources.filter(pl.col("kind") != "reference").iter_rows(named=True)
        )
    )

    st.subheader(ctx.t("funder_names"))
    renames = data.q("funder_renames")
    st.dataframe(
        renames.select(
            pl.col("funder_id").alias(ctx.t("col_funder_id")),
            pl.col("name").alias(ctx.t("col_funder_name")),
            pl.col("written_as").list.join(" · ").alias(ctx.t("col_written_as")),
        ),
        hide_index=True,
        alt=ctx.t("funder_names"),
    )
state.sync_url()
