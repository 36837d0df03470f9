"""The peer of the benchmark: the common Streamlit pattern the dashboard is compared against (issue #6).

    FUNDING_DB=bench/output/grants_1000000.duckdb streamlit run bench/peer_app.py
    PEER_CACHE=resource FUNDING_DB=... streamlit run bench/peer_app.py     # st.cache_resource instead

The whole `grant_facts` table is read once into a pandas frame and cached with `st.cache_data`; every rerun
filters that frame in Python and aggregates it with pandas `groupby`. It shows what the Overview shows for the
benchmark's filters (country, award years, funders): the five headline figures and the money by country,
funder, theme and year, drawn with plotly. Amounts are NOK, nominal (the dashboard's default).

Written the way a competent person writes this pattern: the table is loaded once per server (not per
session), the lookup of theme names is cached too, the frame is masked once and only the columns the page
uses are copied, the aggregates are vectorised, and the charts are plain `go.Bar` figures (not plotly
express, whose figure building alone costs more than the pandas work at 10k rows). What it does not do is
what the pattern cannot do: keep the table out of the Python process, or avoid `st.cache_data` handing every
rerun its own unpickled copy of it (PEER_CACHE=resource shows the pattern without that copy).
"""

from __future__ import annotations

import os

import duckdb
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

DB = os.environ.get("FUNDING_DB", "data/funding.duckdb")
COUNTRIES = {"": "Both countries", "NO": "Norway", "SE": "Sweden"}
USED = [
    "recipient_country",
    "funder_id",
    "funder_short",
    "theme",
    "award_year",
    "amount_nok",
    "recipient_key",
]
TOP_FUNDERS = 7  # as the Overview: the largest funders, the rest as one "Other funders" bar
BLUE = "#0072B2"
# The pattern caches the frame with st.cache_data, which hands every rerun its own unpickled copy. With
# PEER_CACHE=resource it uses st.cache_resource instead: one frame shared by every rerun and session (no copy),
# the pattern at its best (bench/bench_peer.py --peer-cache resource).
cache_frame = st.cache_resource if os.environ.get("PEER_CACHE") == "resource" else st.cache_data

st.set_page_config(page_title="Nordic innovation funding (pandas)", layout="wide")


@cache_frame(show_spinner="Loading grants…")
def load(path: str) -> pd.DataFrame:
    # the whole table, plus one column: a recipient is its organisation id, or its name when it has none
    # (as the dashboard counts recipients)
    sql = "SELECT *, coalesce(recipient_org_id, recipient) AS recipient_key FROM grant_facts"
    with duckdb.connect(path, read_only=True) as con:
        return con.sql(sql).df()


@st.cache_data
def labels(path: str) -> tuple[dict[str, str], dict[str, str]]:
    """Short funder names and English theme names (small lookup tables)."""
    with duckdb.connect(path, read_only=True) as con:
        funders = dict(con.sql("SELECT funder_id, short_name FROM funders").fetchall())
        themes = dict(con.sql("SELECT theme_id, label_en FROM themes").fetchall())
    return funders, themes


def money(value: float) -> str:
    for divisor, unit in ((1e9, "bn"), (1e6, "m"), (1e3, "k")):
        if abs(value) >= divisor:
            return f"{value / divisor:,.1f} {unit} NOK"
    return f"{value:,.0f} NOK"


def bar_chart(frame: pd.DataFrame, label: str, *, horizontal: bool = True, height: int | None = None):
    """Bars of `total` by `label`, the largest on top; hover shows the number of grants."""
    if horizontal:
        frame = frame.sort_values("total")
    bar = go.Bar(
        x=frame["total"] if horizontal else frame[label],
        y=frame[label] if horizontal else frame["total"],
        orientation="h" if horizontal else "v",
        text=frame["total"].map(money) if horizontal else None,
        customdata=frame["n_grants"],
        hovertemplate="%{" + ("y" if horizontal else "x") + "}<br>%{customdata:,} grants<extra></extra>",
        marker_color=BLUE,
    )
    fig = go.Figure(bar)
    fig.update_layout(
        height=height or max(260, 40 + 34 * len(frame)), margin={"l": 10, "r": 10, "t": 10, "b": 10}
    )
    return fig


def by(view: pd.DataFrame, column: str) -> pd.DataFrame:
    return (
        view.groupby(column, dropna=False, observed=True)["amount_nok"]
        .agg(total="sum", n_grants="size")
        .reset_index()
        .sort_values("total", ascending=False)
    )


df = load(DB)
years = (int(df["award_year"].min()), int(df["award_year"].max()))
funders, themes = labels(DB)

with st.sidebar:
    st.header("Filters")
    country = st.segmented_control(
        "Country", list(COUNTRIES), format_func=COUNTRIES.get, default="", required=True, width="stretch"
    )
    chosen = st.multiselect(
        "Funders", sorted(funders, key=funders.get), format_func=funders.get, placeholder="All funders"
    )
    year_from, year_to = st.slider("Award years", *years, value=years, step=1)

mask = df["award_year"].between(year_from, year_to)
if country:
    mask &= df["recipient_country"] == country
if chosen:
    mask &= df["funder_id"].isin(chosen)
view = df.loc[mask, USED]

st.title("Nordic innovation funding")
if view.empty:
    st.info("No grants match these filters.")
    st.stop()

cols = st.columns([1.4, 1, 0.8, 1, 1.3])
cols[0].metric("Total granted", money(view["amount_nok"].sum()), border=True)
cols[1].metric("Grants", f"{len(view):,}", border=True)
cols[2].metric("Funders", f"{view['funder_id'].nunique():,}", border=True)
cols[3].metric("Recipients", f"{view['recipient_key'].nunique():,}", border=True)
cols[4].metric("Median grant", money(view["amount_nok"].median()), border=True)

by_country = by(view, "recipient_country")
by_country["country"] = by_country["recipient_country"].map(COUNTRIES).fillna("Unknown")
by_year = by(view, "award_year").sort_values("award_year")
by_funder = by(view, "funder_short")
if len(by_funder) > TOP_FUNDERS + 1:
    rest = by_funder.iloc[TOP_FUNDERS:]
    other = pd.DataFrame(
        {
            "funder_short": ["Other funders"],
            "total": [rest["total"].sum()],
            "n_grants": [rest["n_grants"].sum()],
        }
    )
    by_funder = pd.concat([by_funder.iloc[:TOP_FUNDERS], other], ignore_index=True)
by_theme = by(view, "theme")
by_theme["theme"] = by_theme["theme"].map(themes).fillna("Unknown")

charts = [
    ("country", "By country", bar_chart(by_country, "country", height=220)),
    ("year", "Over time", bar_chart(by_year, "award_year", horizontal=False, height=340)),
    ("funder", "By funder", bar_chart(by_funder, "funder_short")),
    ("theme", "By theme", bar_chart(by_theme, "theme")),
]
for pair in (charts[:2], charts[2:]):
    for column, (key, title, fig) in zip(st.columns(2, gap="large"), pair, strict=True):
        with column, st.container(border=True):
            st.subheader(title)
            # a key keeps the chart's identity across reruns: plotly updates it instead of drawing a new one
            st.plotly_chart(fig, key=f"chart_{key}", config={"displaylogo": False})
