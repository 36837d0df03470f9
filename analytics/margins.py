"""Chart margins worked out from the labels, so that plotly draws a chart once.

With `automargin` (Streamlit's plotly theme turns it on for every axis), plotly draws a chart, measures its
tick labels and axis titles, and draws it again with the margins they need. A filter change remounts every
chart with click-to-filter (bench/README.md), so that second pass is paid on each click: about a quarter of
the browser's time to redraw the Overview. The dashboard's tick font is known (Streamlit's Source Sans at
the chart's tick size), so the margins are computed here instead, from the widths of the glyphs.

Only bar and line charts whose labels this module can measure get fixed margins; any other axis keeps
`automargin`, and copies for images and slides turn it back on (`charts.for_export`, `charts.for_screen`).
"""

from __future__ import annotations

import math

# Advance widths of Streamlit's "Source Sans" in em, measured in Chromium (canvas measureText at 100 px) and
# rounded up to 0.05 em, so an estimate is never narrower than the drawn label. Other characters count 0.6.
_GLYPH_EM = {
    0.20: " ",
    0.25: "',.:;ij|í’·",
    0.30: "!Iflł",
    0.35: "()-/[\\]rt{}",
    0.45: '"*?sxzšž“”«»',
    0.50: "0123456789#$+<=>FJLY^_cekvy~éèêçč–×−",
    0.55: "AESTVXZ`aghnouÅøåÄäöüÉóáàúñő",
    0.60: "BCKPRbdpq",
    0.65: "&DGNUÜ",
    0.70: "HOQØÖÓ",
    0.75: "Mw",
    0.80: "Wæ—",
    0.85: "%@mÆ",
    0.95: "…",
}
_WIDTH = {ch: em for em, chars in _GLYPH_EM.items() for ch in chars}
_OTHER_EM = 0.6

# Measured on the dashboard's charts with automargin (Streamlit 1.67 theme, tick font 14 px): a category
# axis needs its widest label plus 17 px; a numeric y axis with a title its widest tick label plus 51 px
# (title, its standoff and the tick padding); an x axis with a title 66 px below the plot.
CATEGORY_PAD = 20
NUMERIC_Y_PAD = 55
X_WITH_TITLE = 66
X_WITHOUT_TITLE = 40
TOP = 16
TOP_WITH_LEGEND = 42  # one row of legend; a legend that wraps still pushes the margin itself
RIGHT_HORIZONTAL = 8
RIGHT_VERTICAL = 16  # half of the last year's label overhangs the plot


def text_width(text: str, size: float) -> float:
    """The drawn width of `text` in px at font size `size`."""
    return size * sum(_WIDTH.get(ch, _OTHER_EM) for ch in text)


def _tick_text(values: list[float], tickformat: str | None, separators: str) -> str:
    """The longest tick label plotly can write for an axis over `values` (a little long, never short)."""
    finite = [v for v in values if v is not None and math.isfinite(v)]
    if not finite:
        return "0"
    top = max(abs(v) for v in finite) * 1.1  # the axis range reaches a little past the data
    negative = min(finite) < 0
    if tickformat and tickformat.endswith("%"):
        digits = f"{round(top * 100):,}".replace(",", separators[1:2] or ",")
        sign = "+" if tickformat.startswith("+") or negative else ""
        return f"{sign}{digits}%"
    # below ten, ticks such as 2.5
    text = "8.8" if top < 10 else f"{math.ceil(top):,}".replace(",", separators[1:2] or ",")
    return ("−" if negative else "") + text


def _stacked_top(traces: list[dict], axis: str) -> list[float]:
    """The heights a stacked bar chart reaches: the sums per category of its traces."""
    sums: dict = {}
    other = "x" if axis == "y" else "y"
    for trace in traces:
        for key, value in zip(trace.get(other) or [], trace.get(axis) or [], strict=False):
            if value is not None:
                sums[key] = sums.get(key, 0.0) + value
    return list(sums.values())


def _labels(values: list) -> list[str] | None:
    """The tick labels of a category axis, or None when the axis is numeric."""
    if values and all(isinstance(v, str) for v in values):
        return values
    return None


def apply(layout: dict, traces: list[dict], tick_size: float) -> None:
    """Set `layout`'s margins from its traces' labels and turn automargin off, for bar and line charts.

    A chart with other traces, or with a category x axis (long labels that plotly may rotate), is left as it
    is."""
    if not traces or any(t.get("type") not in ("bar", "scatter") for t in traces):
        return
    horizontal = all(t.get("orientation") == "h" for t in traces if t.get("type") == "bar") and any(
        t.get("type") == "bar" for t in traces
    )
    xaxis, yaxis = layout.setdefault("xaxis", {}), layout.setdefault("yaxis", {})
    separators = layout.get("separators") or ".,"
    stacked = layout.get("barmode") == "stack"
    if horizontal:
        labels = [label for t in traces for label in (_labels(t.get("y") or []) or [])]
        if not labels:
            return
        left = max(text_width(label, tick_size) for label in labels) + CATEGORY_PAD
    else:
        if any(_labels(t.get("x") or []) for t in traces):
            return
        values = (
            _stacked_top(traces, "y")
            if stacked
            else [v for t in traces for v in (t.get("y") or []) if v is not None]
        )
        tick = _tick_text(values, yaxis.get("tickformat"), separators)
        titled = bool((yaxis.get("title") or {}).get("text"))
        left = text_width(tick, tick_size) + (NUMERIC_Y_PAD if titled else CATEGORY_PAD)
    x_titled = bool((xaxis.get("title") or {}).get("text"))
    layout["margin"] = {
        "l": math.ceil(left),
        "r": RIGHT_HORIZONTAL if horizontal else RIGHT_VERTICAL,
        "t": TOP_WITH_LEGEND if layout.get("showlegend") else TOP,
        "b": X_WITH_TITLE if x_titled else X_WITHOUT_TITLE,
    }
    xaxis["automargin"] = False
    yaxis["automargin"] = False
