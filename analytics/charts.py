"""Plotly figures from the small frames of `queries.py`.

Colour-blind-safe (Okabe-Ito; grey for "other"), one colour per funder and per country on every page: funder
colours follow each funder's rank by total money in the whole database, so a filter never recolours a funder.
Every chart carries the key of each bar/region in `customdata[0]` so a click can narrow the shared filters.
No figure ships more than `MAX_POINTS` points.
"""

from __future__ import annotations

import itertools
import math

import plotly.graph_objects as go
import polars as pl

from analytics import margins
from analytics.i18n import (
    SHORT_UNITS,
    country_name,
    fmt_int,
    fmt_money,
    fmt_number,
    fmt_pct,
    fmt_signed_pct,
    money_scale,
    plotly_separators,
    t,
)
from analytics.labels import relabel

MAX_POINTS = 10_000
# Okabe & Ito (2008), without black (unreadable on the dark theme).
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442"]
OTHER = "#9E9E9E"
COUNTRY_COLORS = {"NO": "#0072B2", "SE": "#E69F00", "EU": "#009E73"}
SEQUENTIAL = [[0.0, "#f7fbff"], [0.15, "#c6dbef"], [0.35, "#6baed6"], [0.6, "#2171b5"], [1.0, "#08306b"]]
OTHER_KEY = "__other__"
FONT_SIZE = 15


def plain(text: object) -> str:
    """A data value as literal text in plotly, which renders a subset of HTML (<a>, <b>, <br>) in labels."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def funder_colors(ranked_funder_ids: list[str]) -> dict[str, str]:
    """Colours by rank under the shared filters (the same on every page for the same URL): the largest
    funders get the palette; the rest are grouped as "other funders" in grey."""
    return {fid: (PALETTE[i] if i < len(PALETTE) else OTHER) for i, fid in enumerate(ranked_funder_ids)}


def coloured_keys(colors: dict[str, str] | None) -> list[str]:
    return [k for k, c in (colors or {}).items() if c != OTHER]


def count_points(fig: go.Figure) -> int:
    total = 0
    for trace in fig.data:
        sizes = [
            len(v)
            for v in (getattr(trace, name, None) for name in ("x", "y", "z", "locations", "values"))
            if v is not None and not isinstance(v, str)
        ]
        total += max(sizes) if sizes else 0
    return total


def _trace(kind: str, **props) -> dict:
    """A trace as a plain dict (`marker_color`-style shorthands expanded)."""
    trace: dict = {"type": kind}
    for key, value in props.items():
        if key.startswith("marker_"):
            marker = trace.setdefault("marker", {})
            rest = key[len("marker_") :]
            if rest.startswith("line_"):
                marker.setdefault("line", {})[rest[len("line_") :]] = value
            else:
                marker[rest] = value
        else:
            trace[key] = value
    return trace


class _Fig:
    """Collects a figure as plain dicts; `_layout` turns it into a go.Figure without per-property validation
    (which costs ~15 ms per figure and ~200 ms for a map; the chart tests validate every figure instead)."""

    def __init__(self, trace: dict | None = None):
        self.data: list[dict] = [trace] if trace else []
        self.layout: dict = {}

    def add_trace(self, trace: dict) -> None:
        self.data.append(trace)

    def update_layout(self, **props) -> None:
        _merge(self.layout, props)

    def _axis(self, name: str, props: dict) -> None:
        if isinstance(props.get("title"), str):
            props["title"] = {"text": props["title"]}
        _merge(self.layout.setdefault(name, {}), props)

    def update_xaxes(self, **props) -> None:
        self._axis("xaxis", props)

    def update_yaxes(self, **props) -> None:
        self._axis("yaxis", props)


def _merge(target: dict, props: dict) -> None:
    for key, value in props.items():
        if isinstance(value, dict) and isinstance(target.get(key), dict):
            _merge(target[key], value)
        else:
            target[key] = value


def _layout(fig: _Fig, lang: str, *, height: int = 380, legend: bool = False) -> go.Figure:
    fig.update_layout(
        height=height,
        margin={"l": 8, "r": 8, "t": 16, "b": 8},
        font={"size": FONT_SIZE},
        separators=plotly_separators(lang),
        showlegend=legend,
        legend={
            "orientation": "h",
            "yanchor": "bottom",
            "y": 1.02,
            "xanchor": "left",
            "x": 0,
            "traceorder": "normal",
        },
        hoverlabel={"font": {"size": FONT_SIZE}},
        clickmode="event+select",
        dragmode=False,
    )
    axis_fonts = {"tickfont": {"size": FONT_SIZE - 1}, "title": {"font": {"size": FONT_SIZE - 1}}}
    fig.update_xaxes(**axis_fonts)
    fig.update_yaxes(**axis_fonts)
    margins.apply(fig.layout, fig.data, tick_size=FONT_SIZE - 1)
    figure = go.Figure({"data": fig.data, "layout": fig.layout}, _validate=False)
    points = count_points(figure)
    if points > MAX_POINTS:
        raise ValueError(f"a chart of {points} points: aggregate before charting (limit {MAX_POINTS})")
    return figure


def top_n(
    frame: pl.DataFrame, n: int, other_label: str, keep: list[str] | None = None, other: bool = True
) -> pl.DataFrame:
    """The `n` largest rows (or the rows whose key is in `keep`) of a (key, label, total, n_grants) frame,
    and one "other" row for the rest."""
    if keep is not None:
        head = frame.filter(pl.col("key").is_in(keep))
        tail = frame.filter(~pl.col("key").is_in(keep))
        if tail.height == 0:
            return head.select("key", "label", "total", "n_grants")
    elif frame.height <= n + 1:
        return frame.select("key", "label", "total", "n_grants")
    else:
        ordered = frame.sort("total", descending=True, nulls_last=True)
        head, tail = ordered.head(n), ordered.tail(frame.height - n)
    if not other:
        return head.select("key", "label", "total", "n_grants")
    rest = pl.DataFrame(
        {
            "key": [OTHER_KEY],
            "label": [other_label],
            "total": [float(tail["total"].sum())],
            "n_grants": [int(tail["n_grants"].sum())],
        }
    )
    return pl.concat(
        [
            head.select("key", "label", "total", "n_grants"),
            rest.cast(head.select("key", "label", "total", "n_grants").schema),
        ]
    )


def value_label(value: float | None, currency: str, lang: str) -> str:
    """A bar's value in the short units of the language: "1.2 bn NOK", "1,2 mrd. NOK", and thousands as the
    language says them ("900 k NOK", "900 tusen NOK"; never the English "k" in bokmål or Swedish). Full
    numbers below 10 000; 999 999 is "1.0 m", not "1,000 k"."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    billions, millions, _ = SHORT_UNITS.get(lang, SHORT_UNITS["en"])
    if abs(value) >= 10_000:
        for divisor, unit in ((1e9, billions), (1e6, millions), (1e3, t("short_thousand", lang))):
            scaled = value / divisor
            digits = 0 if abs(scaled) >= 100 else 1
            if abs(round(scaled, digits)) >= 1:
                return f"{fmt_number(scaled, lang, digits)} {unit} {currency}"
    return f"{fmt_int(value, lang)} {currency}"


def _hover(values: list[float], counts: list[int], currency: str, lang: str) -> list[str]:
    return [
        f"{fmt_money(v, currency, lang)}<br>{fmt_int(c, lang)} {t('grants_axis', lang).lower()}"
        for v, c in zip(values, counts, strict=True)
    ]


def bars(
    frame: pl.DataFrame,
    *,
    lang: str,
    currency: str,
    colors: dict[str, str] | None = None,
    default_color: str = PALETTE[0],
    horizontal: bool = True,
    height: int | None = None,
) -> go.Figure:
    """One bar per row of a (key, label, total, n_grants) frame, largest on top; key in customdata."""
    frame = frame.filter(pl.col("total").is_not_null())
    if horizontal:  # largest on top, "other" always last
        frame = (
            frame.with_columns((pl.col("key") == OTHER_KEY).alias("_o"))
            .sort(["_o", "total"], descending=[True, False])
            .drop("_o")
        )
    divisor, unit = money_scale(float(frame["total"].max() or 0) if frame.height else 0, lang)
    keys = frame["key"].to_list()
    labels = [plain(x) if x is not None else t("unknown", lang) for x in frame["label"].to_list()]
    totals = frame["total"].to_list()
    colors_list = [(colors or {}).get(k, OTHER if k == OTHER_KEY else default_color) for k in keys]
    scaled = [v / divisor for v in totals]
    hover = _hover(totals, frame["n_grants"].to_list(), currency, lang)
    bar = _trace(
        "bar",
        x=scaled if horizontal else labels,
        y=labels if horizontal else scaled,
        orientation="h" if horizontal else "v",
        marker={"color": colors_list},
        customdata=[[k, h] for k, h in zip(keys, hover, strict=True)],
        hovertemplate="<b>%{" + ("y" if horizontal else "x") + "}</b><br>%{customdata[1]}<extra></extra>",
        text=[value_label(v, currency, lang) for v in totals],
        textposition="auto",
        textangle=0,  # a short bar's value goes beside it, never turned on its side to fit inside
        cliponaxis=False,
    )
    fig = _Fig(bar)
    axis_title = f"{unit} {currency}".strip()
    if horizontal:  # room on the right for the value written after the bar
        fig.update_xaxes(title=axis_title, rangemode="tozero", range=[0, max(scaled, default=1) * 1.32])
        fig.update_yaxes(automargin=True)
    else:
        fig.update_yaxes(title=axis_title, rangemode="tozero")
        fig.update_xaxes(type="category")
    return _layout(fig, lang, height=height or max(260, 40 + 34 * frame.height))


def country_bars(frame: pl.DataFrame, *, lang: str, currency: str) -> go.Figure:
    frame = relabel(frame, "key", lambda c: country_name(c, lang), "label")
    return bars(frame, lang=lang, currency=currency, colors=COUNTRY_COLORS, height=220)


def year_bars(frame: pl.DataFrame, *, lang: str, currency: str, partial_year: int | None = None) -> go.Figure:
    """Money per award year as columns (the current, partial year hatched)."""
    frame = frame.filter(pl.col("key").is_not_null()).sort(pl.col("key").cast(pl.Int64))
    years = [int(k) for k in frame["key"].to_list()]
    totals = frame["total"].to_list()
    divisor, unit = money_scale(max(totals) if totals else 0, lang)
    fig = _Fig(
        _trace(
            "bar",
            x=years,
            y=[v / divisor for v in totals],
            marker={
                "color": PALETTE[0],
                "pattern": {"shape": ["/" if y == partial_year else "" for y in years]},
            },
            customdata=[
                [str(y), h]
                for y, h in zip(
                    years, _hover(totals, frame["n_grants"].to_list(), currency, lang), strict=True
                )
            ],
            hovertemplate="<b>%{x}</b><br>%{customdata[1]}<extra></extra>",
        )
    )
    fig.update_xaxes(title=t("year_axis", lang), dtick=1 if len(years) <= 12 else 2, tickangle=0)
    fig.update_yaxes(title=f"{unit} {currency}".strip(), rangemode="tozero")
    return _layout(fig, lang, height=340)


def trend_series(
    frame: pl.DataFrame,
    *,
    colors: dict[str, str] | None = None,
    max_series: int = 7,
    other_label: str = "Other",
) -> tuple[pl.DataFrame, list[str]]:
    """The series a trend chart draws, and their keys in legend order.

    The (year, key, label, total, n_grants) frame with one row per year and series: the top `max_series` keys
    by money (or the coloured funders, when `colors` has them) and the rest as one "other" series; the keys
    ordered by money, largest first, ties by key, "other" last. The per-year table of the trends page uses
    it too, so its columns are the chart's series in the chart's order.
    """
    frame = frame.filter(pl.col("year").is_not_null())
    if frame.height == 0:
        return frame, []
    ranking = (
        frame.group_by("key")
        .agg(pl.col("total").sum().alias("s"))
        .sort(["s", "key"], descending=[True, False])
    )
    keep = ranking["key"].head(max_series).to_list()
    if coloured_keys(colors) and set(ranking["key"].to_list()) - set(coloured_keys(colors)):
        # the same series (and colours) as the other charts of these filters
        order = {k: i for i, k in enumerate(ranking["key"].to_list())}
        keep = sorted([k for k in coloured_keys(colors) if k in order], key=order.get)
        max_series = len(keep)
    if ranking.height > max_series + 1 or (ranking.height > max_series and set(keep) != set(ranking["key"])):
        frame = frame.with_columns(
            pl.when(pl.col("key").is_in(keep)).then(pl.col("key")).otherwise(pl.lit(OTHER_KEY)).alias("key"),
            pl.when(pl.col("key").is_in(keep))
            .then(pl.col("label"))
            .otherwise(pl.lit(other_label))
            .alias("label"),
        )
        keep = [*keep, OTHER_KEY]
    else:
        keep = ranking["key"].to_list()
    frame = (
        frame.group_by(["year", "key"])
        .agg(pl.col("label").first(), pl.col("total").sum(), pl.col("n_grants").sum())
        .sort(["year", "key"])
    )
    return frame, keep


def trend(
    frame: pl.DataFrame,
    *,
    lang: str,
    currency: str,
    view: str = "absolute",
    colors: dict[str, str] | None = None,
    max_series: int = 7,
    other_label: str = "Other",
    partial_year: int | None = None,
) -> go.Figure:
    """Money per year, one series per key (top `max_series`, the rest as "other"; see `trend_series`).

    view: "absolute" (stacked columns), "share" (100 % stacked), "growth" (change from the year before,
    lines). In the growth view a year in which a series has no grants with an amount in the data is a gap in
    the sources' coverage, not a fall: neither that year nor the year after gets a point.
    """
    frame, keep = trend_series(frame, colors=colors, max_series=max_series, other_label=other_label)
    if frame.height == 0:
        return _layout(_Fig(), lang)
    years = sorted(frame["year"].unique().to_list())
    if view == "growth":  # change from the calendar year before: a year missing from the data stays a gap
        years = list(range(years[0], years[-1] + 1))
    year_totals = frame.group_by("year").agg(pl.col("total").sum().alias("yt"))
    frame = frame.join(year_totals, on="year")
    divisor, unit = money_scale(float(year_totals["yt"].max() or 0), lang)
    fig = _Fig()
    single = len(keep) == 1
    for i, key in enumerate(keep):
        part = frame.filter(pl.col("key") == key).sort("year")
        by_year = dict(zip(part["year"].to_list(), part["total"].to_list(), strict=True))
        counts = dict(zip(part["year"].to_list(), part["n_grants"].to_list(), strict=True))
        label = part["label"][0] if part.height else key
        label = plain(label) if label is not None else t("unknown", lang)
        color = (colors or {}).get(key) or (OTHER if key == OTHER_KEY else PALETTE[i % len(PALETTE)])
        values = [by_year.get(y, 0.0) for y in years]
        hover = [
            f"{fmt_money(v, currency, lang)} · {fmt_int(counts.get(y, 0), lang)} "
            f"{t('grants_axis', lang).lower()}"
            for y, v in zip(years, values, strict=True)
        ]
        if view == "share":
            yt = dict(zip(year_totals["year"].to_list(), year_totals["yt"].to_list(), strict=True))
            shares = [(v / yt[y]) if yt.get(y) else 0.0 for y, v in zip(years, values, strict=True)]
            fig.add_trace(
                _trace(
                    "bar",
                    x=years,
                    y=shares,
                    name=label,
                    marker_color=color,
                    customdata=[
                        [key, f"{fmt_pct(s, lang, 1)} · {h}"] for s, h in zip(shares, hover, strict=True)
                    ],
                    hovertemplate=f"<b>{label}</b> %{{x}}<br>%{{customdata[1]}}<extra></extra>",
                )
            )
        elif view == "growth":
            # a year without money in the data for this series (its sources do not cover it) is a gap,
            # never a fall to -100 % or a rise from nothing: only two years that both have money compare
            known = [by_year.get(y) or None for y in years]
            growth = [None] + [((b - a) / a) if a and b else None for a, b in itertools.pairwise(known)]
            # an unfinished year is not a fall
            growth = [None if y == partial_year else g for y, g in zip(years, growth, strict=True)]
            fig.add_trace(
                _trace(
                    "scatter",
                    x=years,
                    y=growth,
                    name=label,
                    mode="lines+markers",
                    line={"color": color, "width": 3},
                    customdata=[
                        [key, f"{fmt_signed_pct(g, lang) if g is not None else '–'} · {h}"]
                        for g, h in zip(growth, hover, strict=True)
                    ],
                    hovertemplate=f"<b>{label}</b> %{{x}}<br>%{{customdata[1]}}<extra></extra>",
                )
            )
        else:
            fig.add_trace(
                _trace(
                    "bar",
                    x=years,
                    y=[v / divisor for v in values],
                    name=label,
                    marker_color=color,
                    customdata=[[key, h] for h in hover],
                    hovertemplate=f"<b>{label}</b> %{{x}}<br>%{{customdata[1]}}<extra></extra>",
                )
            )
    fig.update_xaxes(title=t("year_axis", lang), dtick=1 if len(years) <= 20 else 2)
    if view == "share":
        fig.update_layout(barmode="stack")
        fig.update_yaxes(title=t("share_axis", lang), tickformat=".0%", range=[0, 1])
    elif view == "growth":
        fig.update_yaxes(title=t("growth_axis", lang), tickformat="+.0%", zeroline=True)
    else:
        fig.update_layout(barmode="stack")
        fig.update_yaxes(title=f"{unit} {currency}".strip(), rangemode="tozero")
    return _layout(fig, lang, height=460, legend=not single)


def choropleth(
    frame: pl.DataFrame, geojson: dict, *, lang: str, currency: str, measure: str = "total", height: int = 640
) -> go.Figure:
    """Regions coloured by money (or money per inhabitant); feature ids match `location`."""
    col = "per_inhabitant" if measure == "per_capita" else "total"
    frame = frame.filter(pl.col("location").is_not_null())
    values = [
        v if v is not None and not (isinstance(v, float) and math.isnan(v)) else None
        for v in frame[col].to_list()
    ]
    hover = []
    for name, total, per, pop, n in zip(
        frame["name"].to_list(),
        frame["total"].to_list(),
        frame["per_inhabitant"].to_list(),
        frame["population"].to_list(),
        frame["n_grants"].to_list(),
        strict=True,
    ):
        per_text = (
            fmt_money(per, currency, lang, compact=per is not None and per >= 10_000)
            if per is not None
            else "–"
        )
        hover.append(
            f"<b>{name}</b><br>{fmt_money(total, currency, lang)} · {fmt_int(n, lang)} "
            f"{t('grants_axis', lang).lower()}<br>{t('measure_per_capita', lang)}: {per_text}"
            f"<br>{t('population', lang)}: {fmt_int(pop, lang)}"
        )
    lon0, lat0, lon1, lat1 = geojson.get("bbox") or bounds(geojson)
    # colour range capped at the 95th percentile so one outlier does not wash out every other region
    present = sorted(v for v in values if v)
    zmax = present[min(len(present) - 1, int(0.95 * len(present)))] if present else 1.0
    # the colour bar reads "2" under "milliarder NOK" like the bar charts' axes, not plotly's English "2B"
    divisor, unit = money_scale(zmax, lang)
    values = [v / divisor if v is not None else None for v in values]
    zmax /= divisor
    money_unit = f"{unit} {currency}".strip()
    fig = _Fig(
        _trace(
            "choroplethmap",
            geojson=geojson,
            locations=frame["location"].to_list(),
            z=[v if v is not None else 0 for v in values],
            featureidkey="id",
            colorscale=SEQUENTIAL,
            zmin=0,
            zmax=zmax or 1.0,
            marker_line_color="#666666",
            marker_line_width=0.4,
            marker_opacity=0.9,
            customdata=[[loc, h] for loc, h in zip(frame["location"].to_list(), hover, strict=True)],
            hovertemplate="%{customdata[1]}<extra></extra>",
            colorbar={  # below the map, so the map gets the whole width
                "title": {
                    "text": money_unit if col == "total" else t("per_inhabitant_unit", lang, unit=money_unit),
                    "side": "top",
                },
                "tickformat": ",.2~f",  # "1 000" with the language's separators (layout.separators), not "1000"
                "orientation": "h",
                "x": 0.5,
                "xanchor": "center",
                "y": -0.02,
                "yanchor": "top",
                "len": 0.9,
                "thickness": 12,
            },
        )
    )
    # An empty, transparent MapLibre style: no tiles or fonts from the network, the app's background shows
    # through (light and dark themes), and the regions are the map.
    fig.update_layout(
        map={
            "style": {"version": 8, "sources": {}, "layers": []},
            "center": {"lon": (lon0 + lon1) / 2, "lat": (lat0 + lat1) / 2},
            "zoom": zoom_for(lon0, lat0, lon1, lat1, height - 90),
        }
    )
    return _layout(fig, lang, height=height)


def bounds(geojson: dict) -> tuple[float, float, float, float]:
    """(min lon, min lat, max lon, max lat) of a FeatureCollection (Norway and Sweden when empty)."""
    xs: list[float] = []
    ys: list[float] = []

    def walk(coords) -> None:
        if coords and isinstance(coords[0], int | float):
            xs.append(coords[0])
            ys.append(coords[1])
        else:
            for c in coords:
                walk(c)

    for feature in geojson.get("features", []):
        geometry = feature.get("geometry") or {}
        walk(geometry.get("coordinates", []))
    if not xs:
        return 4.5, 55.0, 31.5, 71.5
    return min(xs), min(ys), max(xs), max(ys)


def zoom_for(lon0: float, lat0: float, lon1: float, lat1: float, height: int, width: int = 600) -> float:
    """A web-mercator zoom that fits the box in a map of about width x height pixels."""

    def merc(lat: float) -> float:
        lat = max(min(lat, 85.0), -85.0)
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    span_x = max(lon1 - lon0, 0.01) / 360
    span_y = max(merc(lat1) - merc(lat0), 0.0001) / (2 * math.pi)
    zoom_x = math.log2(width / 512 / span_x)
    zoom_y = math.log2(height / 512 / span_y)
    return round(max(min(zoom_x, zoom_y) - 0.15, 1.0), 2)


def compare_years(
    a: pl.DataFrame,
    b: pl.DataFrame,
    *,
    labels: tuple[str, str],
    lang: str,
    currency: str,
    colors: tuple[str, str] = (PALETTE[0], PALETTE[1]),
) -> go.Figure:
    """Two (year, total) series on one axis (same scale by construction)."""
    years = sorted(set(a["year"].to_list()) | set(b["year"].to_list()))
    peak = max([*a["total"].to_list(), *b["total"].to_list(), 0])
    divisor, unit = money_scale(peak, lang)
    fig = _Fig()
    for frame, label, color in ((a, labels[0], colors[0]), (b, labels[1], colors[1])):
        values = dict(zip(frame["year"].to_list(), frame["total"].to_list(), strict=True))
        ys = [values.get(y, 0.0) for y in years]
        fig.add_trace(
            _trace(
                "bar",
                x=years,
                y=[v / divisor for v in ys],
                name=label,
                marker_color=color,
                customdata=[[label, fmt_money(v, currency, lang)] for v in ys],
                hovertemplate="<b>%{customdata[0]}</b> %{x}<br>%{customdata[1]}<extra></extra>",
            )
        )
    fig.update_layout(barmode="group")
    fig.update_xaxes(title=t("year_axis", lang), dtick=1 if len(years) <= 20 else 2)
    fig.update_yaxes(title=f"{unit} {currency}".strip(), rangemode="tozero")
    return _layout(fig, lang, height=380, legend=True)


def compare_bars(
    a: pl.DataFrame,
    b: pl.DataFrame,
    *,
    labels: tuple[str, str],
    lang: str,
    currency: str,
    colors: tuple[str, str] = (PALETTE[0], PALETTE[1]),
) -> go.Figure:
    """Two (key, label, total) frames as grouped horizontal bars over the union of keys."""
    keys = (
        pl.concat([a.select("key", "label", "total"), b.select("key", "label", "total")])
        .group_by("key")
        .agg(pl.col("label").first(), pl.col("total").sum())
        .sort("total")
    )
    peak = max([*a["total"].to_list(), *b["total"].to_list(), 0])
    divisor, unit = money_scale(peak, lang)
    fig = _Fig()
    for frame, label, color in ((a, labels[0], colors[0]), (b, labels[1], colors[1])):
        values = dict(zip(frame["key"].to_list(), frame["total"].to_list(), strict=True))
        ys = [values.get(k, 0.0) for k in keys["key"].to_list()]
        fig.add_trace(
            _trace(
                "bar",
                y=[plain(x) for x in keys["label"].to_list()],
                x=[v / divisor for v in ys],
                name=label,
                orientation="h",
                marker_color=color,
                customdata=[[label, fmt_money(v, currency, lang)] for v in ys],
                hovertemplate="<b>%{customdata[0]}</b> · %{y}<br>%{customdata[1]}<extra></extra>",
            )
        )
    fig.update_layout(barmode="group")
    fig.update_xaxes(title=f"{unit} {currency}".strip(), rangemode="tozero")
    fig.update_yaxes(automargin=True)
    return _layout(fig, lang, height=max(300, 60 + 44 * keys.height), legend=True)


# ---------------------------------------------------------------------------------------------- other media
def for_export(fig: go.Figure) -> go.Figure:
    """A copy laid out for an image or a slide: the dashboard's tight margins dropped (the image adds its
    title and caption strip) and a map's colour bar moved to the right, clear of the caption."""
    data = fig.to_dict()
    layout = data.setdefault("layout", {})
    layout.pop("margin", None)
    layout.pop("height", None)
    layout["clickmode"] = "none"
    # the same look wherever it is rendered (inside Streamlit, plotly's default template is Streamlit's)
    layout["template"] = "plotly_white"
    _let_plotly_fit_margins(layout)
    for trace in data.get("data", []):
        if isinstance(trace.get("colorbar"), dict):
            trace["colorbar"].update(
                {"orientation": "v", "x": 1.02, "xanchor": "left", "y": 0.5, "yanchor": "middle", "len": 0.8}
            )
    return go.Figure(data, _validate=False)


def _let_plotly_fit_margins(layout: dict) -> None:
    """Automargin back on: an image or a slide is drawn once, in other fonts and sizes than the ones
    `margins.apply` computed the dashboard's margins for."""
    for axis in ("xaxis", "yaxis"):
        if axis in layout:
            layout[axis]["automargin"] = True


def for_screen(fig: go.Figure, *, font_size: int = 24, height: int = 640) -> go.Figure:
    """A copy with large type and a tall plot: one chart filling a projected screen."""
    data = fig.to_dict()
    layout = data.setdefault("layout", {})
    _merge(
        layout,
        {
            "font": {"size": font_size},
            "hoverlabel": {"font": {"size": font_size}},
            "legend": {"font": {"size": font_size - 2}},
            "height": max(height, int(layout.get("height") or 0)),
        },
    )
    if "map" not in layout:  # a map's zoom was fitted to its own margins
        layout["margin"] = {"l": 16, "r": 16, "t": 48, "b": 16}
    _let_plotly_fit_margins(layout)
    for axis in ("xaxis", "yaxis"):
        if axis in layout:
            _merge(
                layout[axis], {"tickfont": {"size": font_size - 2}, "title": {"font": {"size": font_size}}}
            )
    return go.Figure(data, _validate=False)
