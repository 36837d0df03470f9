"""What every page does first, and the shared pieces: error guard, empty state, headline metrics."""

from __future__ import annotations

import contextlib
import html
import logging
import math
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import polars as pl
import streamlit as st

from analytics import charts
from analytics.db import DatabaseMissing, DatabaseUnreadable
from analytics.filters import Filters
from analytics.i18n import country_name, fmt_int, fmt_money, fmt_number, fmt_short, t, theme_label
from analytics.queries import Options
from ui import data, modes, state

if TYPE_CHECKING:
    from pandas.io.formats.style import Styler

log = logging.getLogger("dashboard")
PLOTLY_CONFIG = {
    "displaylogo": False,
    "responsive": True,
    "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d"],
}


@dataclass
class Context:
    lang: str
    filters: Filters
    options: Options
    theme_labels: dict[str, dict[str, str]]
    funder_names: dict[str, str]
    region_names: dict[str, str]
    _funder_colors: dict[str, str] | None = None

    @property
    def funder_colors(self) -> dict[str, str]:
        """Funder colours by rank under the current filters (identical on every page for one URL)."""
        if self._funder_colors is None:
            self.set_funder_ranking(data.q("totals_by", self.filters, "funder"))
        return self._funder_colors or {}

    def set_funder_ranking(self, frame: pl.DataFrame) -> None:
        ranked = frame.sort(["total", "key"], descending=[True, False])["key"].to_list()
        self._funder_colors = charts.funder_colors(ranked)

    def top_funders(self) -> list[str]:
        return charts.coloured_keys(self.funder_colors)

    def t(self, key: str, **values) -> str:
        return t(key, self.lang, **values)

    def theme(self, theme_id: str | None) -> str:
        return theme_label(theme_id, self.lang, self.theme_labels)

    def recipient_category(self, category: str | None) -> str:
        """A grant_facts.recipient_category id in words ("university" -> "Universitet og høgskole")."""
        return self.t(f"rcat_{category}") if category else self.t("unknown")

    def money(self, value: float | None, compact: bool = True, short: bool = False) -> str:
        return fmt_money(value, self.filters.currency, self.lang, compact=compact, short=short)


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>$~])")


def html_text(value: object) -> str:
    """A data value as literal text inside st.html: escaped, so no markup, link or script comes from data."""
    return html.escape(str(value), quote=True)


def html_table(fields: dict[str, object]) -> str:
    """A two-column table (field, value) of data values, escaped, for st.html."""
    th = "text-align:left;vertical-align:top;padding:0.15rem 1.5rem 0.15rem 0;font-weight:600"
    rows = "".join(
        f"<tr><th style='{th}'>{html_text(k)}</th><td>{html_text(v)}</td></tr>" for k, v in fields.items()
    )
    return f"<table class='fields' style='border-collapse:collapse'><tbody>{rows}</tbody></table>"


def md_text(text: object) -> str:
    """A data or URL value as literal text inside Streamlit markdown: no links, emphasis or HTML from data."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text))


@contextlib.contextmanager
def guard(lang: str) -> Iterator[None]:
    """Show a friendly message instead of a traceback; log the traceback server-side."""
    try:
        yield
    except DatabaseMissing:
        st.info(t("missing_db", lang), icon=":material/database:")
    except Exception:
        log.exception("page section failed")
        st.error(t("error", lang), icon=":material/error:")


def setup(page: str) -> Context:
    """State from the URL, database check, options and the shared sidebar; stops with a message if no DB."""
    from ui import sidebar

    state.init()
    state.sync_url()  # the URL follows changes made by callbacks (clicks, widgets) before this run
    lang = state.lang()
    try:
        options: Options = data.q("options")
    except DatabaseMissing:
        st.info(t("missing_db", lang), icon=":material/database:")
        st.stop()
    except DatabaseUnreadable:
        log.exception("database unreadable")
        st.error(t("missing_db", lang), icon=":material/database:")
        st.stop()
    except Exception:
        log.exception("options failed")
        st.error(t("error", lang), icon=":material/error:")
        st.stop()
    labels = {
        r["theme_id"]: {"en": r["label_en"], "nb": r["label_nb"], "sv": r["label_sv"]}
        for r in options.themes.iter_rows(named=True)
    }
    ranked = options.funders["funder_id"].to_list()
    state.replace_filters(known_to_the_database(state.filters(), options))
    ctx = Context(
        lang=lang,
        filters=state.filters(),
        options=options,
        theme_labels=labels,
        funder_names=dict(zip(ranked, options.funders["short_name"].to_list(), strict=True)),
        region_names={r["location"]: f"{r['name']}" for r in options.regions.iter_rows(named=True)},
    )
    if not modes.bare():  # presentation and embed modes: the filters come from the URL, no controls
        ctx.filters = sidebar.render(ctx, page)
    return ctx


def known_to_the_database(f: Filters, o: Options) -> Filters:
    """The filters without ids this database does not have: a link to region NO-99 or a funder that a new
    build no longer holds must not filter everything away while the sidebar shows "everywhere"."""
    regions = set(o.regions["location"].to_list())
    funders = set(o.funders["funder_id"].to_list())
    themes = set(o.themes["theme_id"].to_list())
    return f.with_(
        region=f.region if f.region in regions else None,
        funders=tuple(x for x in f.funders if x in funders),
        theme=f.theme if f.theme in themes else None,
        recipient_type=f.recipient_type if f.recipient_type in o.recipient_types else None,
    )


def title(ctx: Context, key: str, caption: str | None = None) -> None:
    st.title(ctx.t(key))
    if caption:
        st.caption(caption)


def active_filters_text(ctx: Context) -> str:
    f = ctx.filters
    parts = []
    if f.country:
        parts.append(country_name(f.country, ctx.lang))
    if f.funders:
        parts.append(", ".join(ctx.funder_names.get(x, x) for x in f.funders))
    if f.programme:
        parts.append(md_text(f.programme))
    if f.theme:
        parts.append(ctx.theme(f.theme))
    if f.year_from is not None or f.year_to is not None:
        parts.append(f"{f.year_from or '…'}–{f.year_to or '…'}")
    if f.recipient_type:
        parts.append(ctx.recipient_category(f.recipient_type))
    if f.region:
        parts.append(ctx.region_names.get(f.region, f.region))
    if f.amount_min is not None:
        parts.append(f"≥ {ctx.money(f.amount_min)}")
    if f.amount_max is not None:
        parts.append(f"≤ {ctx.money(f.amount_max)}")
    if f.search:
        left, right = {"nb": ("«", "»"), "sv": ("”", "”")}.get(ctx.lang, ("“", "”"))
        parts.append(f"{left}{md_text(f.search)}{right}")
    return "; ".join(parts) if parts else t("no_filters", ctx.lang)


def empty_state(ctx: Context, headline: dict | None) -> bool:
    """True (after explaining why) when nothing matches; the page should then stop."""
    if headline and headline.get("n_grants"):
        return False
    if ctx.options.first_year is None:
        st.info(t("empty_db", ctx.lang), icon=":material/inbox:")
        return True
    st.warning(
        t("empty_body", ctx.lang, active=active_filters_text(ctx)),
        title=t("empty_title", ctx.lang),
        icon=":material/filter_alt_off:",
    )
    st.button(
        t("reset", ctx.lang), on_click=state.clear_filters, key="empty_reset", icon=":material/restart_alt:"
    )
    return True


def metrics(ctx: Context, h: dict, hide: tuple[str, ...] = ()) -> None:
    """The five headline numbers; `hide` leaves out counts that say nothing on a page (a recipient's own
    profile has one recipient)."""
    counts = [k for k in ("n_grants", "n_funders", "n_recipients") if k not in hide]
    widths = {"n_grants": 1, "n_funders": 0.8, "n_recipients": 1}
    cols = st.columns([1.4, *(widths[k] for k in counts), 1.3])
    cols[0].metric(
        ctx.t("total_granted"),
        ctx.money(h["total"], short=True),
        border=True,
        help=fmt_money(h["total"], ctx.filters.currency, ctx.lang, compact=False),
    )
    for col, k in zip(cols[1:-1], counts, strict=True):
        col.metric(ctx.t(k), fmt_int(h[k], ctx.lang), border=True)
    cols[-1].metric(
        ctx.t("median_grant"),
        ctx.money(h["median"], short=True),
        border=True,
        help=fmt_money(h["median"], ctx.filters.currency, ctx.lang, compact=False),
    )
    notes = [prices_note(ctx)]
    # "no amount" only for grants that state none; an amount with no year to convert it at is another case
    stated = h.get("n_amount_stated", h["n_with_amount"])
    if missing := h["n_grants"] - stated:
        key = "no_amount_note_one" if missing == 1 else "no_amount_note"
        notes.append(ctx.t(key, n=fmt_int(missing, ctx.lang)))
    if unconverted := stated - h["n_with_amount"]:
        key = "unconverted_note_one" if unconverted == 1 else "unconverted_note"
        notes.append(ctx.t(key, n=fmt_int(unconverted, ctx.lang), currency=ctx.filters.currency))
    st.caption(" ".join(notes))


def source_titles() -> dict[str, str]:
    """source_id -> the registry's title, for sentences that name where money comes from."""
    sources = data.q("sources_coverage")
    return dict(zip(sources["source_id"].to_list(), sources["title"].to_list(), strict=True))


def prices_note(ctx: Context) -> str:
    f = ctx.filters
    if f.constant:
        from analytics.filters import CPI_COUNTRY

        cpi_years = ctx.options.cpi_years.get(CPI_COUNTRY[f.currency], [])
        base = f.base_year or (cpi_years[-1] if cpi_years else "")
        basis = ctx.t("constant_long", year=base, country=country_name(CPI_COUNTRY[f.currency], ctx.lang))
        note = ctx.t("prices_note", currency=f.currency, basis=basis)
        if cpi_years and ctx.options.last_year and ctx.options.last_year > cpi_years[-1]:
            years = f"{cpi_years[-1] + 1}–{ctx.options.last_year}"
            note += " " + ctx.t("cpi_carry", years=years, last=cpi_years[-1])
        return note
    return ctx.t("prices_note", currency=f.currency, basis=ctx.t("nominal_long"))


def plotly(fig, *, key: str | None = None, on_select=None, alt: str | None = None) -> object:
    """st.plotly_chart with the app's config; selection events when `on_select` is given."""
    if on_select is None:
        return st.plotly_chart(fig, config=PLOTLY_CONFIG, alt=alt, key=key)
    return st.plotly_chart(
        fig, config=PLOTLY_CONFIG, alt=alt, key=key, on_select=on_select, selection_mode="points"
    )


def selected_key(chart_key: str) -> str | None:
    """The key (customdata[0]) of the first point selected in chart `chart_key`, read in a callback."""
    event = st.session_state.get(chart_key)
    try:
        points = event["selection"]["points"]
    except (KeyError, TypeError):
        return None
    for point in points or []:
        custom = point.get("customdata")
        if isinstance(custom, list | tuple) and custom:
            return str(custom[0])
        if point.get("location"):
            return str(point["location"])
    return None


def click_filter(chart_key: str, param: str, transform=None):
    """A selection callback: the clicked bar/region narrows the shared filter `param`."""

    def callback() -> None:
        key = selected_key(chart_key)
        if key is None or key == charts.OTHER_KEY:
            return
        if transform is not None:
            for p, v in transform(key).items():
                state.set_param(p, v)
        else:
            state.set_param(param, key)

    return callback


GAP = "–"  # a missing number, as number_table writes it: st.dataframe(..., placeholder=GAP)


def number_table(
    frame: pl.DataFrame,
    lang: str,
    *,
    digits: Mapping[str, int] | None = None,
    units: Mapping[str, Sequence[str | None]] | None = None,
    short: Sequence[str] = (),
) -> Styler:
    """A small frame for st.dataframe whose number columns are written in the view's language ("1 500 000" in
    nb and sv, "1,500,000" in en; "–" for none) while the cells keep their numbers, so a click on a column's
    header sorts by value, not by text.

    st.column_config.NumberColumn cannot do this: its "localized" format follows the browser's locale (an
    English browser showed a Norwegian view "1,500,000") and a printf format ("%,d") only groups with commas.
    So the text comes from a pandas Styler (st.dataframe shows a Styler's display values and sorts by the data
    under them), and the column_config of such a column must give it no `format`: that would override the
    Styler's text. `digits`: decimals by column (default 0); `units`: per row, a word written after the number
    ("NOK", "SEK": the original amount's currency); `short`: columns written as the headline cards write
    money ("5,8 mrd.", "5.8 bn"). For paged frames only (one Python call per cell).

    A missing number (None, NaN) is drawn by the browser as st.dataframe's `placeholder`, not as the Styler's
    text ("None" by default): give such a table `placeholder=GAP`."""
    numeric = [name for name, dtype in frame.schema.items() if dtype.is_numeric()]
    styler = frame.to_pandas().style  # a RangeIndex: row labels are row positions

    def writer(places: int, unit: str | None = None, brief: bool = False):
        def write(value: object) -> str:
            if value is None or (isinstance(value, float) and math.isnan(value)):
                return GAP
            if brief:
                text = fmt_short(value, lang)  # type: ignore[arg-type]
            else:
                text = fmt_number(value, lang, places) if places else fmt_int(value, lang)  # type: ignore[arg-type]
            return f"{text} {unit}" if unit else text

        return write

    for name in numeric:
        places = (digits or {}).get(name, 0)
        row_units = (units or {}).get(name)
        if row_units is None:
            styler = styler.format(writer(places, brief=name in short), subset=[name])
            continue
        for unit in dict.fromkeys(row_units):
            rows = [i for i, u in enumerate(row_units) if u == unit]
            styler = styler.format(writer(places, unit), subset=(rows, [name]))
    return styler


def frame_or_empty(frame: pl.DataFrame | None) -> pl.DataFrame:
    return frame if frame is not None else pl.DataFrame()
