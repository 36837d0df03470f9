"""Cached query results for the pages.

Only small aggregated results are cached (`st.cache_data`), keyed by the query, its arguments (the filters)
and the database build id, so a new build never serves old numbers. Whole tables are never cached.
"""

from __future__ import annotations

import logging
from typing import Any

import streamlit as st

from analytics import queries
from analytics.db import Database, get_db

log = logging.getLogger(__name__)

CACHEABLE = {
    "headline",
    "totals",
    "totals_by",
    "by_year",
    "by_region",
    "geo_shapes",
    "grants_page",
    "grant_detail",
    "search_organisations",
    "organisation",
    "funder",
    "partners_of",
    "partner_grants",
    "options",
    "sources_coverage",
    "quarantine",
    "documents_summary",
    "build_info",
    "funder_renames",
    "export_count",
    "population_year",
    "fact_columns",
    "source_ids",
}


@st.cache_data(show_spinner=False, max_entries=1000, ttl=6 * 3600)
def _cached(build_id: str, name: str, args: tuple, kwargs: tuple) -> Any:
    return getattr(queries, name)(get_db(), *args, **dict(kwargs))


def db() -> Database:
    return get_db()


def q(name: str, *args: Any, **kwargs: Any) -> Any:
    """Run `queries.<name>(db, *args, **kwargs)`, cached per database build."""
    if name not in CACHEABLE:
        raise ValueError(f"not a cacheable query: {name}")
    database = get_db()
    return _cached(database.build_id(), name, args, tuple(sorted(kwargs.items())))


@st.cache_resource(show_spinner=False, max_entries=8)
def _shapes(build_id: str, level: str, countries: tuple[str, ...]) -> dict:
    return queries.geo_shapes(get_db(), level, countries)


def geo_shapes(level: str, countries: tuple[str, ...]) -> dict:
    """Region shapes, shared (not copied) between sessions: a large, read-only structure per build."""
    return _shapes(get_db().build_id(), level, tuple(countries))


def export_csv(filters) -> bytes:
    """Uncached (large): built on the download's own thread with its own cursor."""
    return queries.export_csv(get_db(), filters)


def filtered_grants(filters, sort: str = "amount", descending: bool = True):
    """Every filtered grant (uncached: large; called from a download's own thread, with its own cursor)."""
    return queries.filtered_grants(get_db(), filters, sort, descending)
