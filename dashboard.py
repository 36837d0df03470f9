"""Entry point: builds the navigation over the pages in pages/ and runs the chosen one.

    python -m ui.serve                (bin/dashboard does this; env FUNDING_DB picks the database; default data/funding.duckdb)

Every page draws the shared sidebar itself (ui/sidebar.py); all view state lives in the URL (ui/state.py).
"""

import logging

import streamlit as st

from analytics.i18n import t
from ui import modes, state

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")

st.set_page_config(
    page_title="Nordic innovation funding",
    page_icon=":material/account_balance:",
    layout="wide",
    initial_sidebar_state="expanded",
)

state.init()
lang = state.lang()
PAGES = [
    # the default page is served at /; its own pathname is reserved but not served, so /overview is an alias
    ("pages/views/overview.py", "page_overview", ":material/dashboard:", "home", True),
    ("pages/views/trends.py", "page_trends", ":material/trending_up:", "trends", False),
    ("pages/views/map.py", "page_map", ":material/map:", "map", False),
    ("pages/views/grants.py", "page_grants", ":material/table_rows:", "grants", False),
    ("pages/views/profiles.py", "page_profiles", ":material/apartment:", "profiles", False),
    ("pages/views/compare.py", "page_compare", ":material/compare_arrows:", "compare", False),
    ("pages/views/methods.py", "page_methods", ":material/menu_book:", "methods", False),
]
pages = [
    st.Page(path, title=t(key, lang), icon=icon, url_path=url, default=default)
    for path, key, icon, url, default in PAGES
]


def overview_alias() -> None:
    """/overview: the default page lives at /, but a typed or shared /overview link must not say "not found"."""
    st.switch_page(pages[0], query_params=st.query_params.to_dict())


page = st.navigation(
    [
        *pages,
        st.Page(overview_alias, title=t("page_overview", lang), url_path="overview", visibility="hidden"),
    ],
    # presentation and embed modes show the view's charts only (ui/modes.py)
    position=modes.navigation_position(),
)
page.run()
