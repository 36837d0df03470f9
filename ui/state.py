"""View state that lives in the URL, so a link reproduces the view exactly.

One canonical dict of query parameters per session (`_url_state`), seeded from the URL on the session's first
run. Widgets are keyed `w_<param>`: they are seeded from the canonical state when Streamlit has no value for
them (first render, after a page switch), and their `on_change` callbacks write back. Every run ends with the
browser URL equal to the canonical state (non-default values only). Values are stable ids, not labels, so a
link works whatever the reader's language. Invalid values are ignored (the filters validate them).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import streamlit as st

from analytics.filters import URL_KEYS, Filters
from analytics.i18n import LANGUAGES

STATE = "_url_state"
MAX_PARAM = 300
# Page-specific parameters (validated by their page); every other key is dropped from the URL.
PAGE_KEYS = (
    "trend_by",
    "trend_period",
    "trend_view",
    "map_level",
    "map_measure",
    "map_country",
    "sort",
    "asc",
    "size",
    "pg",
    "grant",
    "profile",
    "org",
    "org_q",
    "fund",
    "cmp",
    "a",
    "b",
    "present",  # presentation mode (ui/modes.py): "1"
    "slide",  # presentation mode: the chart shown, from 1
)
ALL_KEYS = ("lang", *URL_KEYS, *PAGE_KEYS)
# URL keys edited by one widget under another name
COMPOSITE = {"from": "years", "to": "years"}


def _clean(raw: Mapping[str, Any]) -> dict[str, str]:
    out: dict[str, str] = {}
    for key in ALL_KEYS:
        value = raw.get(key)
        if isinstance(value, list | tuple):
            value = value[-1] if value else None
        if value is None:
            continue
        text = str(value).replace("\x00", "")[:MAX_PARAM]
        if text != "":
            out[key] = text
    return out


def init() -> dict[str, str]:
    """The session's canonical state, seeded from the URL on the first run of the session.

    The browser URL is brought in line by `sync_url()`, which pages call after `st.navigation` (a URL
    written before it is replaced by the navigation's own)."""
    if STATE not in st.session_state:
        st.session_state[STATE] = _clean(st.query_params.to_dict())
    state: dict[str, str] = st.session_state[STATE]
    if state.get("lang") not in LANGUAGES:
        state.pop("lang", None)
    return state


def state() -> dict[str, str]:
    return st.session_state.get(STATE) or init()


def get(key: str, default: str | None = None) -> str | None:
    return state().get(key, default)


def lang() -> str:
    value = state().get("lang", "en")
    return value if value in LANGUAGES else "en"


def filters() -> Filters:
    return Filters.from_params(state())


def replace_filters(f: Filters) -> None:
    """Make the canonical filter parameters those of `f`: a value the filters ignore (an unknown region, a
    currency that does not exist) leaves the URL instead of staying there unexplained."""
    canonical = f.to_params()
    for key in URL_KEYS:
        if state().get(key) != canonical.get(key):
            set_param(key, canonical.get(key))


def sync_url() -> None:
    """Make the browser URL equal to the canonical state."""
    desired = {k: v for k, v in st.session_state.get(STATE, {}).items() if v not in (None, "")}
    current = _clean(st.query_params.to_dict())
    if current != desired or set(st.query_params.keys()) - set(desired):
        st.query_params.from_dict(desired)


def set_param(key: str, value: str | None, *, widget_value: Any = None, touch_widget: bool = True) -> None:
    """Set (or clear with None/"") one parameter; also resets its widget so it shows the new value.

    Call from callbacks (they run before widgets are created) or before the widget renders. The browser URL
    follows at the next `sync_url()` of the run (query-parameter changes made inside a callback do not reach
    the browser)."""
    s = state()
    if value in (None, ""):
        s.pop(key, None)
    else:
        s[key] = str(value)[:MAX_PARAM]
    if touch_widget:
        wkey = widget_key(COMPOSITE.get(key, key))
        if wkey in st.session_state:
            del st.session_state[wkey]
    if key in URL_KEYS:
        s.pop("pg", None)
        st.session_state.pop(widget_key("pg"), None)


def set_params(values: Mapping[str, str | None]) -> None:
    for key, value in values.items():
        set_param(key, value)


def clear_filters() -> None:
    """Drop every filter (keep the language and page settings)."""
    for key in URL_KEYS:
        set_param(key, None)
    st.session_state.pop(widget_key("years"), None)


def widget_key(param: str) -> str:
    return f"w_{param}"


def seed(param: str, to_widget: Callable[[str | None], Any]) -> str:
    """Seed the widget of `param` from the state when Streamlit has no value for it; returns its key."""
    key = widget_key(param)
    if key not in st.session_state:
        st.session_state[key] = to_widget(state().get(param))
    return key


def choice(param: str, options: list[str], default: str) -> str:
    """A page setting from the state: one of `options`, `default` when absent or unknown."""
    value = get(param)
    return value if value in options else default


def choice_control(
    param: str, label: str, options: list[str], default: str, format_func: Callable = str, **widget: Any
) -> str:
    """A segmented control for a setting kept in the URL (the default is left out of the URL); `widget`
    passes layout options (width, label_visibility, disabled) on to Streamlit."""
    key = seed(param, lambda v: v if v in options else default)
    return st.segmented_control(
        label,
        options,
        key=key,
        required=True,
        format_func=format_func,
        on_change=writer(param, lambda v: None if v in (None, default) else v),
        **widget,
    )


def writer(param: str, from_widget: Callable[[Any], str | None]) -> Callable[[], None]:
    """An on_change callback that writes the widget's value into the state."""

    def callback() -> None:
        value = from_widget(st.session_state.get(widget_key(param)))
        s = state()
        if value in (None, ""):
            s.pop(param, None)
        else:
            s[param] = str(value)[:MAX_PARAM]
        if param in URL_KEYS or param == "years":
            s.pop("pg", None)  # a new filter starts the grants table on its first page
            st.session_state.pop(widget_key("pg"), None)

    return callback
