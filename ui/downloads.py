"""Download buttons over `exports/`: the filtered grants, each chart's data and image, 360Giving, the whole
dataset and a slide deck of the view.

Nothing is built while the page runs: every button gets a callable (`st.download_button(data=callable)`) that
Streamlit runs on its own thread when the button is clicked, with `on_click="ignore"` so a download never
reruns the page. What the callable needs from the session (filters, provenance, permalink, labels) is computed
in the script run and captured: the callable has no Streamlit context. A failing export is logged here with
its context and re-raised; Streamlit then shows a short message under the button, never a traceback. Known
causes are checked before the button is drawn (no Chromium for images, Excel's row limit, nothing that
360Giving can hold), and explained in words instead.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

import plotly.graph_objects as go
import polars as pl
import streamlit as st

from analytics import charts, queries
from analytics.db import Database, get_db
from analytics.filters import CPI_COUNTRY, Filters
from analytics.i18n import COUNTRY_NAMES, country_name, fmt_int, fmt_money, fmt_pct
from exports import tables
from exports.provenance import PRODUCT_NAME, Provenance, SourceCredit, export_filename, filters_in_words
from ui import data, state

log = logging.getLogger("dashboard.downloads")

PUBLIC_URL_ENV = "FUNDING_PUBLIC_URL"
FORMATS = ("csv", "xlsx", "parquet", "json")
PRESETS = ("simple", "full")
MIME = {
    "csv": "text/csv; charset=utf-8",
    "zip": "application/zip",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "parquet": "application/vnd.apache.parquet",
    "json": "application/json",
    "png": "image/png",
    "svg": "image/svg+xml",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "duckdb": "application/octet-stream",
}
# URL parameters that describe how the page is shown, not what: left out of permalinks in files
NOT_IN_PERMALINK = ("present", "slide", "pg")


# ---------------------------------------------------------------------------------------------- charts
@dataclass(frozen=True)
class ChartSpec:
    """One chart of a view: what the page draws, and what its downloads, the deck and the presentation need."""

    key: str  # the plotly element's key (unique on the page)
    title: str
    figure: go.Figure
    frame: pl.DataFrame  # the aggregated numbers drawn (key, label, total, n_grants, ... or year, ...)
    dim: str | None = None  # the grant_facts column `key` holds (funder_id, theme, ...): the CSV's header
    name: str = ""  # in file names, e.g. "by-funder" (default: the key)
    takeaway: str | None = None  # the sentence above the chart
    note: str | None = None  # the caption under the chart
    on_select: Callable[[], None] | None = None
    key_figures: tuple[str, ...] = ()  # speaker notes of the slide
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def file_kind(self) -> str:
        return self.name or self.key

    @property
    def spread(self) -> bool:
        """Money spread over the project period's years (Trends), not counted in the award year: a grant is in
        several rows. From `extra["period"]`, else the chart's name ("per-year-...-spread-...")."""
        period = self.extra.get("period")
        return period == "spread" if period else "-spread" in self.name


def country_labels(frame: pl.DataFrame, lang: str) -> pl.DataFrame:
    """A frame whose rows are countries keyed by their codes ("NO") and labelled with them too (the overview's
    totals by country), labelled with the country names in `lang` instead ("Norge")."""
    if not {"key", "label"} <= set(frame.columns) or frame.height == 0:
        return frame
    keys = [k for k in frame["key"].to_list() if k is not None]
    if not keys or not set(keys) <= set(COUNTRY_NAMES["en"]):
        return frame
    return frame.with_columns(
        pl.when(pl.col("label").is_null() | (pl.col("label") == pl.col("key")))
        .then(pl.col("key").replace_strict({c: country_name(c, lang) for c in keys}, return_dtype=pl.Utf8))
        .otherwise(pl.col("label"))
        .alias("label")
    )


def key_figures(ctx, frame: pl.DataFrame, *, top: int = 3) -> tuple[str, ...]:
    """The total and the largest items of a chart's frame, in words (for speaker notes)."""
    if frame.height == 0 or "total" not in frame.columns:
        return ()
    frame = country_labels(frame, ctx.lang)  # "Norge", never the code "NO"
    label_col = "label" if "label" in frame.columns else ("key" if "key" in frame.columns else None)
    whole = float(frame["total"].sum() or 0)
    lines = []
    if "n_grants" in frame.columns and "year" not in frame.columns:  # a spread grant counts in several years
        n = int(frame["n_grants"].sum() or 0)
        lines.append(ctx.t("kf_total", amount=ctx.money(whole, compact=False), n=fmt_int(n, ctx.lang)))
    else:
        lines.append(ctx.t("kf_sum", amount=ctx.money(whole, compact=False)))
    if label_col is None or not whole:
        return tuple(lines)
    grouped = (
        frame.with_columns(pl.col(label_col).cast(pl.Utf8).fill_null(ctx.t("unknown")))
        .group_by(label_col)
        .agg(pl.col("total").sum())
        .sort(["total", label_col], descending=[True, False])
        .head(top)
    )
    for row in grouped.iter_rows(named=True):
        lines.append(
            ctx.t(
                "kf_top",
                label=row[label_col],
                amount=ctx.money(row["total"]),
                share=fmt_pct(row["total"] / whole, ctx.lang, 1),
            )
        )
    return tuple(lines)


def chart_table(spec: ChartSpec, provenance: Provenance) -> pl.DataFrame:
    """The chart's frame with self-explaining column names: `key` as its grant_facts column, the money as
    the export's display amount column (`amount_nok`, `amount_nok_2024_prices`, ...), countries by their names
    in the view's language, years as numbers."""
    display = tables.display_amount_name(provenance)
    renames = {
        "key": spec.dim or "key",
        "year": "year" if spec.spread else "award_year",  # spread: the year of the period, not of the award
        "total": display,
        "n_grants": "grants",
        "n_with_amount": "grants_with_amount",
        "per_inhabitant": f"{display}_per_inhabitant",
    }
    frame = country_labels(spec.frame, provenance.lang) if spec.dim == "recipient_country" else spec.frame
    if spec.dim == "award_year" and "key" in frame.columns and frame.schema["key"] == pl.String:
        frame = frame.with_columns(pl.col("key").cast(pl.Int64, strict=False))
    taken = set(frame.columns)
    mapping = {}
    for old, new in renames.items():
        if old in frame.columns and new != old and new not in taken:
            mapping[old] = new
            taken.add(new)
    return frame.rename(mapping)


def chart_coverage(spec: ChartSpec, headline: dict | None) -> tables.ChartCoverage | None:
    """How the chart's rows relate to the view's total (`headline`: `queries.headline` of the filters the
    chart was drawn from): the money a map cannot place (no known county or municipality), the money a time
    axis cannot date (no award year; spread over years: no year nor start date), any other difference.
    Exact: the view's own figures less the rows' sums. None for a chart of two selections (Compare: see
    `side_coverage`) or without the view's figures."""
    if "selection" in spec.frame.columns:
        return None
    return _coverage(spec, spec.frame, headline)


def side_coverage(spec: ChartSpec, headlines: Mapping[str, dict]) -> tuple[tables.ChartCoverage, ...]:
    """A chart of two selections side by side (Compare; its frame's `selection` column says whose a row is):
    for each selection, its own total (`headlines`: the selection's `queries.headline`, by its `selection`
    value), its rows and the money they leave out, as `chart_coverage` says it for one view."""
    if "selection" not in spec.frame.columns:
        return ()
    out = []
    for side, headline in headlines.items():
        rows = spec.frame.filter(pl.col("selection") == side)
        if (coverage := _coverage(spec, rows, headline)) is not None:
            out.append(dataclasses.replace(coverage, selection=side))
    return tuple(out)


def _coverage(spec: ChartSpec, frame: pl.DataFrame, headline: dict | None) -> tables.ChartCoverage | None:
    """The coverage of `frame` (the chart's rows of one view) against that view's `headline`."""
    if not headline or "total" not in frame.columns:
        return None
    total, grants = float(headline.get("total") or 0), int(headline.get("n_grants") or 0)
    rows_total = float(frame["total"].sum() or 0)
    counted = "n_grants" in frame.columns and not spec.spread
    rows_grants = int(frame["n_grants"].sum() or 0) if counted else None
    left: list[tables.LeftOut] = []
    rest_amount = total - rows_total
    rest_grants = grants - rows_grants if rows_grants is not None else None
    if "location" in frame.columns:  # a map: one row per current region
        level = spec.extra.get("level") or (
            "municipality"
            if "municipality" in spec.name
            or ("code" in frame.columns and (frame["code"].str.len_chars().max() or 0) > 2)
            else "county"
        )
        unknown_amount = float(headline.get(f"unknown_{level}_total") or 0)
        unknown_grants = int(headline.get(f"unknown_{level}_n") or 0)
        if unknown_grants:
            left.append(tables.LeftOut(f"why_no_{level}", unknown_amount, unknown_grants))
        rest_amount -= unknown_amount
        if rest_grants is not None:
            rest_grants -= unknown_grants
        why_rest = "why_other_place"
    elif "year" in frame.columns or spec.dim == "award_year":
        why_rest = "why_no_period" if spec.spread else "why_no_year"
    else:
        why_rest = "why_other"
    if (rest_grants or 0) > 0 or rest_amount >= 0.5:
        # below half a unit the difference is the float sums' rounding: grants with no amount
        left.append(tables.LeftOut(why_rest, rest_amount if rest_amount >= 0.5 else 0.0, rest_grants))
    return tables.ChartCoverage(total, grants, rows_total, rows_grants, tuple(left))


def view_headline(spec: ChartSpec, provenance: Provenance) -> dict | None:
    """The headline figures of the filters the chart was drawn from (`provenance.scope`), from the cache: the
    page asked for them already. A map limited to one country by its own switch: that country's figures."""
    filters = provenance.scope
    if filters is None or "selection" in spec.frame.columns:
        return None
    if "location" in spec.frame.columns and "country" in spec.frame.columns and not filters.country:
        shown = spec.frame["country"].drop_nulls().unique().to_list()
        if len(shown) == 1:
            filters = filters.with_(country=shown[0])
    return data.q("headline", filters)


def chart_csv_zip(spec: ChartSpec, provenance: Provenance, coverage: tables.Coverage = None) -> bytes:
    """The chart's numbers (zip of the CSV named after the chart, and its README)."""
    return tables.to_chart_csv_zip(
        chart_table(spec, provenance),
        provenance,
        chart_title=spec.title,
        name=spec.file_kind,
        coverage=coverage,
        spread=spec.spread,
    ).data


def chart_image(spec: ChartSpec, provenance: Provenance, fmt: str) -> bytes:
    from exports import images

    files = images.figure_images(
        charts.for_export(spec.figure),
        provenance,
        formats=(fmt,),
        chart_title=spec.title,
        name=spec.file_kind,
    )
    return files[fmt].data


def deck(specs: Sequence[ChartSpec], provenance: Provenance, title: str) -> bytes:
    from exports import slides

    chart_slides = [
        slides.ChartSlide(
            title=s.title,
            figure=charts.for_export(s.figure),
            caption=s.takeaway or "",
            key_figures=s.key_figures,
        )
        for s in specs
    ]
    return slides.build_deck(chart_slides, provenance, deck_title=title).data


def images_available() -> bool:
    """Chart images and decks need a Chromium for kaleido; False (and the buttons are explained) without."""
    try:
        from exports import images

        images.chromium_path()
    except Exception:
        return False
    return True


# ---------------------------------------------------------------------------------------------- provenance
def permalink(page_path: str) -> str | None:
    """The address of this view: `FUNDING_PUBLIC_URL` (+ the page) when configured, else the browser's address
    (`st.context.url`), with the view's query parameters."""
    params = {k: v for k, v in state.state().items() if k not in NOT_IN_PERMALINK and v not in (None, "")}
    query = ("?" + urlencode(params)) if params else ""
    public = os.environ.get(PUBLIC_URL_ENV, "").strip()
    if public:
        return f"{public.rstrip('/')}/{page_path}{query}"
    try:
        url = st.context.url
    except Exception:
        url = None
    if not url:
        return None
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", query.lstrip("?"), ""))


VIEW_PAGES = {"profile": "page_profiles"}  # a view whose page key is not `page_<view>`


def provenance(ctx, filters: Filters, view: str, page_path: str) -> Provenance:
    """Everything a file of this view says about itself, from cached queries (no database work later)."""
    info = data.q("build_info") or {}
    used = set(data.q("source_ids", filters))
    sources = data.q("sources_coverage")
    credits = []
    for kind in ("bulk", "documents", "reference"):
        for r in sources.filter(pl.col("kind") == kind).sort("source_id").iter_rows(named=True):
            if r["source_id"] in used or kind == "reference":
                credits.append(
                    SourceCredit(
                        r["source_id"],
                        r["title"],
                        r["licence"],
                        r["attribution"],
                        r.get("licence_url") or None,
                        r.get("homepage") or None,
                        kind,
                    )
                )
    finished = info.get("finished_at")
    built = (
        finished.isoformat(sep=" ", timespec="seconds")
        if hasattr(finished, "isoformat")
        else (str(finished) if finished else None)
    )
    base_year = None
    if filters.constant:
        years = ctx.options.cpi_years.get(CPI_COUNTRY[filters.currency], [])
        base_year = filters.base_year or (years[-1] if years else None)
    words = filters_in_words(
        filters,
        lang=ctx.lang,
        funder_names=ctx.funder_names,
        theme_labels={k: ctx.theme(k) for k in ctx.theme_labels},
        recipient_type_labels={k: ctx.recipient_category(k) for k in ctx.options.recipient_types},
        region_names=ctx.region_names,
        org_names={
            v: (data.q("organisation", v) or {}).get("name") or v for c, v in filters.extra if c == "org"
        },
    )
    return Provenance(
        view=view,
        view_label=ctx.t(VIEW_PAGES.get(view, f"page_{view}")),
        lang=ctx.lang,
        title=ctx.t("app_title"),
        filters=words,
        permalink=permalink(page_path),
        sources=tuple(credits),
        currency=filters.currency,
        price_basis="constant" if filters.constant else "nominal",
        base_year=base_year,
        database_built=built,
        etl_run_id=str(info["run_id"]) if info.get("run_id") else None,
        scope=filters,
    )


# ---------------------------------------------------------------------------------------------- grants
@dataclass(frozen=True)
class GrantsExport:
    """The choices of the download panel."""

    fmt: str = "csv"  # csv | xlsx | parquet | json
    columns: str | tuple[str, ...] = "simple"  # a preset or the chosen columns
    separator: str = ","
    bom: bool = False
    readme: bool = True  # CSV only: a zip of the CSV and its README

    @property
    def extension(self) -> str:
        return "zip" if self.fmt == "csv" and self.readme else self.fmt


def grants_file(
    db: Database,
    filters: Filters,
    prov: Provenance,
    choice: GrantsExport,
    *,
    sort: str = "amount",
    descending: bool = True,
) -> tables.ExportFile:
    """The filtered grants (the page's own filter SQL, every row) as the chosen file."""
    frame = queries.filtered_grants(db, filters, sort, descending)
    columns = choice.columns if isinstance(choice.columns, str) else list(choice.columns)
    if choice.fmt == "csv":
        options = {"columns": columns, "separator": choice.separator, "bom": choice.bom}
        return (tables.to_csv_zip if choice.readme else tables.to_csv)(frame, prov, **options)
    return tables.export(frame, prov, choice.fmt, columns=columns)


def giving360_file(db: Database, filters: Filters, prov: Provenance, fmt: str) -> tables.ExportFile:
    from exports import giving360

    frame = queries.filtered_grants(db, filters)
    if fmt == "json":
        return giving360.to_360giving_json(frame, prov)
    return giving360.to_360giving_csv(frame, prov)


def _deferred(what: str, build: Callable[[], bytes]) -> Callable[[], bytes]:
    """The download's callable: logs a failure with what was being built, then lets Streamlit show its short
    message under the button."""

    def run() -> bytes:
        try:
            return build()
        except Exception:
            log.exception("export failed: %s", what)
            raise

    return run


def preset_columns(preset: str, prov: Provenance, fact_columns: Sequence[str]) -> list[str]:
    display = tables.display_amount_name(prov)
    names = tables.PRESETS[preset]
    out: list[str] = []
    for name in names:
        if name == tables.DISPLAY_AMOUNT:
            out.append(display)
        elif name == tables.FULL:
            out.extend(fact_columns)
        else:
            out.append(name)
    return list(dict.fromkeys(out))


def grants_panel(
    ctx,
    filters: Filters,
    headline: dict,
    *,
    view: str,
    page_path: str,
    sort: str = "amount",
    descending: bool = True,
    key: str = "dl",
    expanded: bool = False,
) -> None:
    """The download panel of the filtered grants, folded under one line that says what it holds: format,
    columns, CSV options, 360Giving, how to cite. Two clicks to a CSV: open, download."""
    prov = provenance(ctx, filters, view, page_path)
    label = ctx.t("dl_expander", n=fmt_int(int(headline["n_grants"]), ctx.lang))
    with st.expander(label, icon=":material/download:", expanded=expanded, key=f"{key}_panel"):
        _grants_panel(ctx, filters, headline, prov, sort, descending, key)


@st.fragment
def _grants_panel(
    ctx, filters: Filters, headline: dict, prov: Provenance, sort: str, descending: bool, key: str
) -> None:
    # a fragment: changing an option reruns the panel only, not the page's queries and table
    t, lang = ctx.t, ctx.lang
    n = int(headline["n_grants"])
    st.markdown(
        t(
            "dl_summary",
            n=fmt_int(n, lang),
            total=fmt_money(headline["total"], filters.currency, lang, compact=False),
            basis=_basis(ctx, prov),
        )
    )
    fact_columns = data.q("fact_columns")
    with st.container(horizontal=True, vertical_alignment="bottom"):
        fmt = st.segmented_control(
            t("dl_format"),
            FORMATS,
            default="csv",
            required=True,
            key=f"{key}_fmt",
            format_func=lambda x: t("fmt_" + x),
        )
        preset = st.segmented_control(
            t("dl_preset"),
            PRESETS,
            default="simple",
            required=True,
            key=f"{key}_preset",
            format_func=lambda x: t("preset_" + x),
        )
        defaults = preset_columns(preset, prov, fact_columns)
        options = list(dict.fromkeys([*defaults, *fact_columns]))
        with st.popover(t("dl_choose"), icon=":material/view_column:", key=f"{key}_choose"):
            chosen = st.multiselect(
                t("dl_columns"),
                options,
                default=defaults,
                # one widget per preset and amount column: a new preset or currency starts from its columns
                key=f"{key}_cols_{preset}_{tables.display_amount_name(prov)}",
            )
    columns: str | tuple[str, ...] = preset if chosen == defaults else tuple(chosen)
    if columns != preset:
        st.caption(f"{t('preset_custom')}: {', '.join(chosen) or '–'}")
    separator, bom, readme = ",", False, True
    if fmt == "csv":
        nordic = lang in ("nb", "sv")
        with st.container(horizontal=True, vertical_alignment="center"):
            separator = st.segmented_control(
                t("dl_separator"),
                [",", ";"],
                default=";" if nordic else ",",
                required=True,
                key=f"{key}_sep_{lang}",  # the default follows the language (Nordic Excel expects ";")
                format_func=lambda s: t("sep_comma") if s == "," else t("sep_semicolon"),
            )
            with st.container(width="content", gap="xsmall"):
                bom = st.checkbox(t("dl_bom"), value=nordic, key=f"{key}_bom_{lang}")
                readme = st.checkbox(t("dl_readme"), value=True, key=f"{key}_readme")
    choice = GrantsExport(fmt=fmt, columns=columns, separator=separator, bom=bom, readme=readme)
    too_many = fmt == "xlsx" and n > tables.XLSX_MAX_ROWS
    with st.container(horizontal=True, vertical_alignment="center"):
        st.download_button(
            t("dl_button", n=fmt_int(n, lang), format=t("fmt_" + fmt)),
            data=_deferred(
                f"{prov.view} grants as {choice.extension}",
                lambda: grants_file(get_db(), filters, prov, choice, sort=sort, descending=descending).data,
            ),
            file_name=export_filename(prov, choice.extension),
            mime=MIME[choice.extension],
            icon=":material/download:",
            type="primary",
            on_click="ignore",
            key=f"{key}_file",
            disabled=not chosen or too_many or n == 0,
        )
        with st.popover(t("dl_cite"), icon=":material/format_quote:", type="tertiary", key=f"{key}_cite"):
            st.code(prov.suggested_citation(), language=None, wrap_lines=True)
    if not chosen:
        st.warning(t("dl_no_columns"), icon=":material/view_column:")
    if too_many:
        st.warning(
            t("dl_xlsx_cap", limit=fmt_int(tables.XLSX_MAX_ROWS, lang), n=fmt_int(n, lang)),
            icon=":material/table:",
        )
    st.caption(t("dl_notes"))

    st.markdown(f"**{t('giving_title')}**")
    possible = int(headline.get("n_with_amount") or 0) > 0
    with st.container(horizontal=True):
        for fmt360, label_key in (("json", "giving_json"), ("csv", "giving_csv")):
            st.download_button(
                t(label_key),
                data=_deferred(
                    f"{prov.view} 360Giving {fmt360}",
                    lambda fmt360=fmt360: giving360_file(get_db(), filters, prov, fmt360).data,
                ),
                file_name=export_filename(prov, fmt360, kind="360giving"),
                mime=MIME[fmt360],
                icon=":material/volunteer_activism:",
                on_click="ignore",
                key=f"{key}_360_{fmt360}",
                disabled=not possible,
            )
    st.caption(t("giving_note") if possible else t("giving_none"))


def _basis(ctx, prov: Provenance) -> str:
    if prov.constant:
        return f"{ctx.t('constant').lower()} {prov.base_year or ''}".strip()
    return ctx.t("nominal").lower()


# ---------------------------------------------------------------------------------------------- chart menus
def chart_menu(
    ctx,
    spec: ChartSpec,
    prov: Provenance,
    *,
    images_ok: bool,
    headline: dict | None = None,
    side_headlines: Mapping[str, dict] | None = None,
) -> None:
    """A small menu beside a chart: its numbers as CSV (zipped with a README), and PNG / SVG images.

    `headline`: the view's figures (`queries.headline` of the chart's filters), for the README's view total
    and the money the chart cannot show; by default looked up (cached) for `prov.scope`. A chart of two
    selections (Compare) gives `side_headlines` instead: each selection's figures, by its `selection` value."""
    t = ctx.t
    coverage: tables.Coverage = (
        side_coverage(spec, side_headlines)
        if side_headlines
        else chart_coverage(spec, headline if headline is not None else view_headline(spec, prov))
    )
    with st.popover(t("chart_menu"), icon=":material/download:", type="tertiary", help=t("chart_menu_help")):
        st.download_button(
            t("chart_csv"),
            data=_deferred(f"{prov.view}/{spec.key} data", lambda: chart_csv_zip(spec, prov, coverage)),
            file_name=export_filename(prov, "zip", kind=spec.file_kind),
            mime=MIME["zip"],
            icon=":material/table_view:",
            on_click="ignore",
            key=f"{spec.key}_dl_csv",
            width="stretch",
        )
        for fmt in ("png", "svg"):
            st.download_button(
                t("chart_" + fmt),
                data=_deferred(f"{prov.view}/{spec.key} {fmt}", lambda fmt=fmt: chart_image(spec, prov, fmt)),
                file_name=export_filename(prov, fmt, kind=spec.file_kind),
                mime=MIME[fmt],
                icon=":material/image:",
                on_click="ignore",
                key=f"{spec.key}_dl_{fmt}",
                width="stretch",
                disabled=not images_ok,
            )
        if not images_ok:
            st.caption(t("images_unavailable"))


def chart_card(
    ctx,
    spec: ChartSpec,
    prov: Provenance,
    *,
    images_ok: bool,
    headline: dict | None = None,
    side_headlines: Mapping[str, dict] | None = None,
) -> None:
    """A chart as the pages draw it: title and download menu, takeaway, the chart, its caption."""
    from ui import common

    with st.container(border=True):
        with st.container(horizontal=True, wrap=False, vertical_alignment="center"):
            st.subheader(spec.title, width="stretch")
            chart_menu(ctx, spec, prov, images_ok=images_ok, headline=headline, side_headlines=side_headlines)
        if spec.takeaway:
            st.markdown(spec.takeaway)
        common.plotly(spec.figure, key=spec.key, on_select=spec.on_select, alt=spec.title)
        if spec.note:
            st.caption(spec.note)


def deck_button(
    ctx, specs: Sequence[ChartSpec], prov: Provenance, *, title: str, images_ok: bool, key: str = "deck"
) -> None:
    """One click: a PPTX of the view (title slide, one slide per chart, sources)."""
    st.download_button(
        ctx.t("deck_button"),
        data=_deferred(f"{prov.view} deck", lambda: deck(specs, prov, title)),
        file_name=export_filename(prov, "pptx"),
        mime=MIME["pptx"],
        icon=":material/slideshow:",
        on_click="ignore",
        key=key,
        help=ctx.t("deck_help"),
        disabled=not images_ok or not specs,
    )


def view_toolbar(
    ctx, specs: Sequence[ChartSpec], prov: Provenance, *, title: str, images_ok: bool, deck_too: bool = True
) -> None:
    """Above a page's charts: the slide deck (when several charts are shown) and presentation mode."""
    from ui import modes

    with st.container(horizontal=True, vertical_alignment="center"):
        if deck_too and len(specs) > 1:
            deck_button(ctx, specs, prov, title=title, images_ok=images_ok)
        modes.present_button(ctx, disabled=not specs)
    if not images_ok:
        st.caption(ctx.t("images_unavailable"))


# ---------------------------------------------------------------------------------------------- whole dataset
def dataset_buttons(ctx) -> None:
    """The whole database: every table as Parquet with the data dictionary (zip), and the DuckDB file."""
    from exports import dataset

    path = get_db().path
    today = dt.date.today()
    st.markdown(ctx.t("dataset_note"))
    with st.container(horizontal=True):
        st.download_button(
            ctx.t("dataset_zip"),
            data=_deferred("dataset zip", lambda: dataset.dataset_zip(path).data),
            file_name=dataset.dataset_filename(today, "zip"),
            mime=MIME["zip"],
            icon=":material/folder_zip:",
            on_click="ignore",
            key="dataset_zip",
        )
        st.download_button(
            ctx.t("dataset_db"),
            data=_deferred("database file", lambda: dataset.database_file(path).data),
            file_name=dataset.dataset_filename(today, "duckdb"),
            mime=MIME["duckdb"],
            icon=":material/database:",
            on_click="ignore",
            key="dataset_db",
        )


def source_line(ctx, prov: Provenance) -> str:
    """One line under embedded and presented charts: who to credit, the amounts, the date."""
    from ui import common

    built = f" · {prov.database_built[:10]}" if prov.database_built else ""
    return (
        ctx.t("source_line", sources=prov.attribution_text(with_reference=False))
        + f" {common.prices_note(ctx)} {PRODUCT_NAME}{built}"
    )
