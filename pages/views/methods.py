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

METHODS_DOC = Path(__file__).resolve().parents[1] / "docs" / "methods.md"

with common.guard(lang):
    info = data.q("build_info")
    if info:
        st.caption(ctx.t("built_at", when=fmt_date(info["finished_at"], lang), run=str(info["run_id"])[:16]))

    st.header(ctx.t("sources"))
    sources = data.q("sources_coverage")
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

    st.header(ctx.t("documents"))
    docs = data.q("documents_summary")
    if docs.height:
        st.dataframe(docs, hide_index=True, alt=ctx.t("documents"))
    st.subheader(ctx.t("quarantined"))
    q = data.q("quarantine", 500)
    if q.height:
        st.dataframe(
            q,
            hide_index=True,
            alt=ctx.t("quarantined"),
            column_config={"source_url": st.column_config.LinkColumn()},
        )
    else:
        st.caption(ctx.t("no_quarantine"))

    st.header(ctx.t("methods"))
    if METHODS_DOC.is_file():
        st.markdown(METHODS_DOC.read_text(encoding="utf-8"))
    st.markdown(
        f"- {ctx.t('nominal_long')}.\n- {ctx.t('spread_note')}\n- {ctx.t('award_note')}\n"
        f"- {ctx.t('constant_eur')}\n- {ctx.t('per_capita_note', year='…')}"
    )

    st.header(ctx.t("caveats"))
    st.markdown(
        "\n".join(
            f"- {r['title']}: {r['scope']}"
            for r in sources.filter(pl.col("kind") != "reference").iter_rows(named=True)
        )
    )

    st.subheader(ctx.t("funder_names"))
    renames = data.q("funder_renames")
    st.dataframe(
        renames.with_columns(pl.col("written_as").list.join(" · ")),
        hide_index=True,
        alt=ctx.t("funder_names"),
    )
state.sync_url()
