"""Presentation mode and embed mode: the charts of a view without the dashboard around them.

- Presentation (`?present=1`, the chart shown in `&slide=N`): no sidebar, no navigation, no page controls;
  one chart per screen in large type, with big "previous / next" buttons (no keyboard needed) and the chart's
  number in the URL, so a link opens the presentation at that chart.
- Embed (`?embed=true`, Streamlit's own embed flag, which also drops its toolbar): no sidebar, no navigation,
  no controls: only the view's chart(s) and a source line, for an intranet page's iframe. Streamlit keeps
  the `embed` parameter to itself (`st.query_params` never shows it), so the app reads `st.context.is_embedded`.

The filters and page settings still come from the URL (ui/state.py); pages ask `bare()` before drawing their
controls and hand their charts to `show()`.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from analytics import charts
from ui import state

PRESENT = "present"
EMBED = "embed"

# Large type for a projector; the chart's own fonts are enlarged by charts.for_screen. No sidebar: the script
# draws none, but after the "Present" button Streamlit's browser side (1.67, with the sidebar navigation off)
# keeps the sidebar it had open, empty, as a grey strip until the next run; hidden here, it is gone at once.
PRESENT_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"] {
  display: none;
}
[data-testid="stMainBlockContainer"] { padding-top: 4rem; padding-bottom: 1rem; }
[data-testid="stMainBlockContainer"] h1 { font-size: 2.8rem; }
[data-testid="stMainBlockContainer"] [data-testid="stMarkdownContainer"] p { font-size: 1.5rem; }
[data-testid="stMainBlockContainer"] [data-testid="stCaptionContainer"] p { font-size: 1.05rem; }
.st-key-present_nav button { min-height: 4.5rem; }
.st-key-present_nav button p { font-size: 1.6rem; font-weight: 600; }
</style>
"""
EMBED_CSS = """
<style>
[data-testid="stMainBlockContainer"] { padding-top: 0.5rem; padding-bottom: 0.5rem; }
</style>
"""


def _embedded() -> bool:
    try:
        return bool(st.context.is_embedded)
    except Exception:  # no browser context (e.g. a bare script run)
        return False


def mode() -> str | None:
    """ "embed", "present" or None (the full dashboard)."""
    if _embedded():
        return EMBED
    if state.get("present") == "1":
        return PRESENT
    return None


def bare() -> bool:
    """True when the page must not draw its sidebar, navigation or controls."""
    return mode() is not None


def navigation_position() -> str:
    return "hidden" if bare() else "top"


def _go(slide: int | None) -> None:
    state.set_param("slide", None if not slide or slide <= 1 else str(slide), touch_widget=False)


def _start() -> None:
    state.set_param("present", "1", touch_widget=False)
    state.set_param("slide", None, touch_widget=False)


def _exit() -> None:
    state.set_param("present", None, touch_widget=False)
    state.set_param("slide", None, touch_widget=False)


def present_button(ctx, *, disabled: bool = False) -> None:
    st.button(
        ctx.t("present"),
        icon=":material/co_present:",
        key="present_start",
        on_click=_start,
        help=ctx.t("present_help"),
        disabled=disabled,
    )


def exit_button(ctx) -> None:
    st.button(ctx.t("present_exit"), icon=":material/close:", key="present_exit", on_click=_exit)


def no_charts(ctx) -> None:
    """For a page without charts (a table, the methods): say so in presentation or embed mode, and stop."""
    current = mode()
    if current is None:
        return
    st.info(ctx.t("present_none" if current == PRESENT else "embed_none"))
    if current == PRESENT:
        exit_button(ctx)
    st.stop()


def slide_number(count: int) -> int:
    """The chart shown (1-based, from the URL), kept within 1..count."""
    try:
        number = int(state.get("slide") or 1)
    except ValueError:
        number = 1
    return min(max(number, 1), max(count, 1))


def show(ctx, specs: Sequence, prov, *, subject: str | None = None) -> bool:
    """Draw the view in presentation or embed mode; False (nothing drawn) in the full dashboard.

    `subject` names what a profile's charts are about ("Vinnova"): a slide must say it, the sidebar is gone."""
    current = mode()
    if current is None:
        return False
    if current == EMBED:
        _embed(ctx, specs, prov, subject)
    else:
        _present(ctx, specs, prov, subject)
    state.sync_url()  # the page stops after this
    return True


def view_line(ctx, prov, subject: str | None) -> str:
    """What the charts show, in words: the profile's subject and the filters (no sidebar says it here)."""
    from ui import common

    parts = [f"**{common.md_text(subject)}**"] if subject else []
    parts.append(f"{ctx.t('filters')}: {common.md_text(prov.filters_text())}")
    return " · ".join(parts)


def _present(ctx, specs: Sequence, prov, subject: str | None = None) -> None:
    from ui import common, downloads

    st.html(PRESENT_CSS)
    if not specs:
        st.info(ctx.t("present_none"), icon=":material/co_present:")
        exit_button(ctx)
        return
    count = len(specs)
    number = slide_number(count)
    if state.get("slide") and state.get("slide") != str(number):  # an out-of-range link: show its clamp
        _go(number)
    spec = specs[number - 1]
    with st.container(horizontal=True, vertical_alignment="center"):
        st.title(spec.title, width="stretch")
        st.caption(ctx.t("present_index", i=number, n=count), width="content")
        st.button(
            ctx.t("present_exit"),
            icon=":material/close:",
            key="present_exit",
            on_click=_exit,
            type="tertiary",
        )
    st.caption(view_line(ctx, prov, subject))
    if spec.takeaway:
        st.markdown(spec.takeaway)
    common.plotly(charts.for_screen(spec.figure, height=520), key=f"present_{spec.key}", alt=spec.title)
    st.caption(downloads.source_line(ctx, prov))
    if count == 1:
        return
    with st.container(horizontal=True, key="present_nav"):
        st.button(
            ctx.t("present_prev"),
            icon=":material/arrow_back:",
            key="present_prev",
            on_click=_go,
            args=(number - 1,),
            disabled=number <= 1,
            width="stretch",
        )
        st.button(
            ctx.t("present_next"),
            icon=":material/arrow_forward:",
            icon_position="right",
            key="present_next",
            on_click=_go,
            args=(number + 1,),
            disabled=number >= count,
            type="primary",
            width="stretch",
        )


def _embed(ctx, specs: Sequence, prov, subject: str | None = None) -> None:
    from ui import common, downloads

    st.html(EMBED_CSS)
    st.caption(view_line(ctx, prov, subject))
    if not specs:
        st.info(ctx.t("embed_none"))
    for spec in specs:
        st.subheader(spec.title)
        common.plotly(spec.figure, key=f"embed_{spec.key}", alt=spec.title)
    line = downloads.source_line(ctx, prov)
    if prov.permalink:
        line += f" · [{ctx.t('open_dashboard')}]({prov.permalink})"
    st.caption(line)
