"""A plotly figure as PNG or SVG that speaks for itself: a caption strip under the chart states the filters in
words, the currency and price basis, the sources and the dates, so a chart pasted into a slide or a report
still says what it shows.

Rendering uses kaleido 1.x, which drives a Chromium: Debian's `chromium` package (`bin/setup --dev` installs
it), found on PATH or through env BROWSER_PATH. One browser is started per call and renders every figure and
format asked for in that call (starting it is most of the cost: about 2-3 s; each image then takes ~0.3 s).
Nothing is fetched from the network: MathJax is off, and geo maps get an empty base-map topology from a local
folder instead of plotly's CDN (our maps draw their own GeoJSON; a plotly base map of land and coastlines
would come out empty).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import copy
import html
import json
import os
import shutil
import tempfile
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import kaleido
import plotly.graph_objects as go

from exports.provenance import PRODUCT_NAME, Provenance, export_filename
from exports.tables import ExportFile
from exports.wording import labelled

SIZES = {
    "slide": (1600, 900),  # 16:9, fills a widescreen slide
    "document": (1200, 800),
    "square": (1080, 1080),
    "wide": (1920, 1080),
}
FORMATS = {"png": "image/png", "svg": "image/svg+xml"}
RENDER_TIMEOUT_S = 60
_DEFAULT_MARGIN = {"l": 80, "r": 40, "t": 90, "b": 80}


class ChromiumMissing(RuntimeError):
    """No Chromium for kaleido to drive; images cannot be rendered."""


@dataclass(frozen=True)
class CaptionStyle:
    font_px: int
    line_px: int
    chars_per_line: int
    pad_px: int


def chromium_path() -> str:
    """The Chromium kaleido should drive: env BROWSER_PATH, else `chromium` (Debian) or Chrome on PATH."""
    configured = os.environ.get("BROWSER_PATH")
    if configured and os.path.isfile(configured):
        return configured
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    raise ChromiumMissing(
        "no Chromium found for chart images: install Debian's chromium (bin/setup --dev) or set BROWSER_PATH"
    )


# ---------------------------------------------------------------------------------------------- caption
def caption_style(width: int) -> CaptionStyle:
    font_px = max(11, round(width / 100))
    pad_px = max(8, round(font_px * 0.8))
    # ~0.55 em per character of a sans-serif font: a conservative line length that stays on the image even if
    # plotly widens the left margin for long tick labels (the caption then starts further right)
    chars = max(40, int((width - 2 * pad_px - 80) / (font_px * 0.56)))
    return CaptionStyle(font_px=font_px, line_px=round(font_px * 1.4), chars_per_line=chars, pad_px=pad_px)


def caption_lines(provenance: Provenance) -> list[str]:
    """The caption in words (plain text, one item per logical line; wrapped later)."""
    lang = provenance.lang
    lines = [
        labelled("filters", provenance.filters_text(), lang),
        labelled("amounts", provenance.currency_text(), lang),
        labelled("source", provenance.attribution_text(with_reference=False), lang),
        f"{PRODUCT_NAME} · {provenance.dates_text()}",
    ]
    if provenance.permalink:
        lines.append(labelled("view", provenance.permalink, lang))
    return lines


def _wrapped(lines: Sequence[str], chars: int) -> list[str]:
    out: list[str] = []
    for line in lines:
        out.extend(textwrap.wrap(line, chars, break_long_words=True, break_on_hyphens=False) or [""])
    return out


def with_caption(
    fig: go.Figure, provenance: Provenance, *, width: int, height: int, chart_title: str | None = None
) -> go.Figure:
    """A copy of the figure with a title (if it had none) and the caption strip in an enlarged bottom margin.

    The caption is an annotation placed in paper coordinates at the image's bottom-left corner; its text is
    HTML-escaped because plotly reads a subset of HTML in annotations and filter words come from users.
    """
    out = go.Figure(copy.deepcopy(fig.to_dict()))
    style = caption_style(width)
    lines = _wrapped(caption_lines(provenance), style.chars_per_line)
    caption_px = len(lines) * style.line_px + 2 * style.pad_px
    margin = {key: _margin(out, key) for key in _DEFAULT_MARGIN}
    margin["b"] += caption_px
    plot_w = width - margin["l"] - margin["r"]
    plot_h = height - margin["t"] - margin["b"]
    if plot_w < 100 or plot_h < 100:
        raise ValueError(f"{width}x{height} leaves no room for the chart and its {len(lines)}-line caption")
    if not (out.layout.title and out.layout.title.text):
        out.update_layout(title_text=html.escape(chart_title or provenance.title, quote=False))
    # plotly may still widen a margin for a legend or long tick labels; the enlarged bottom margin already
    # holds the x axis, so the caption keeps its place at the bottom
    out.update_layout(width=width, height=height, margin=margin)
    out.add_annotation(
        text="<br>".join(html.escape(line, quote=False) for line in lines),
        xref="paper",
        yref="paper",
        x=-(margin["l"] - style.pad_px) / plot_w,
        y=-(margin["b"] - style.pad_px) / plot_h,
        xanchor="left",
        yanchor="bottom",
        align="left",
        showarrow=False,
        font={"size": style.font_px, "color": "#444444"},
    )
    return out


def _margin(fig: go.Figure, side: str) -> int:
    value = getattr(fig.layout.margin, side, None)
    return int(value) if value is not None else _DEFAULT_MARGIN[side]


# ---------------------------------------------------------------------------------------------- rendering
def render_many(
    jobs: Sequence[tuple[go.Figure, str]], *, width: int, height: int, scale: float = 1
) -> list[bytes]:
    """(figure, format) pairs rendered in order by one browser; formats: png, svg."""
    for _, fmt in jobs:
        if fmt not in FORMATS:
            raise ValueError(f"unsupported image format {fmt!r}; use one of {sorted(FORMATS)}")
    if not jobs:
        return []
    path = chromium_path()
    topojson = _offline_topojson_url()

    async def run() -> list[bytes]:
        # mathjax=False: no LaTeX in our charts, and its default is a CDN script this machine cannot reach
        async with kaleido.Kaleido(n=1, timeout=RENDER_TIMEOUT_S, mathjax=False, path=path) as k:
            out = []
            for fig, fmt in jobs:
                opts = {"format": fmt, "width": width, "height": height, "scale": scale}
                out.append(await k.calc_fig(fig.to_dict(), opts=opts, topojson=topojson))
            return out

    # asyncio.run in a fresh thread: the caller (Streamlit, a notebook) may already run an event loop
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, run()).result()


_TOPOJSON_LAYERS = ("coastlines", "land", "ocean", "lakes", "rivers", "countries", "subunits")
_TOPOJSON_SCOPES = ("world", "europe", "asia", "africa", "north-america", "south-america", "usa")


@cache
def _offline_topojson_url() -> str:
    """A file:// folder of empty base-map topologies named as plotly.js asks for them (`world_110m.json`...).

    plotly.js loads a base map for every geo subplot, even an invisible one, from a CDN by default; offline
    that fails the whole render. Empty layers let maps of our own GeoJSON render without the network.
    """
    folder = Path(tempfile.mkdtemp(prefix="plotly-topojson-"))
    empty = {"type": "GeometryCollection", "geometries": []}
    topology = json.dumps({"type": "Topology", "objects": dict.fromkeys(_TOPOJSON_LAYERS, empty), "arcs": []})
    for scope in _TOPOJSON_SCOPES:
        for resolution in (50, 110):
            (folder / f"{scope}_{resolution}m.json").write_text(topology, encoding="utf-8")
    return folder.as_uri() + "/"


def resolve_size(size: str | tuple[int, int]) -> tuple[int, int]:
    if isinstance(size, str):
        try:
            return SIZES[size]
        except KeyError:
            raise ValueError(
                f"unknown size {size!r}; use one of {sorted(SIZES)} or (width, height)"
            ) from None
    width, height = (int(v) for v in size)
    if not (200 <= width <= 8000 and 200 <= height <= 8000):
        raise ValueError("image width and height must be between 200 and 8000 pixels")
    return width, height


def figure_images(
    fig: go.Figure,
    provenance: Provenance,
    *,
    formats: Sequence[str] = ("png", "svg"),
    size: str | tuple[int, int] = "slide",
    scale: float = 1,
    chart_title: str | None = None,
    name: str = "chart",
) -> dict[str, ExportFile]:
    """The captioned figure in each format (one browser for all), as downloadable files by format."""
    width, height = resolve_size(size)
    captioned = with_caption(fig, provenance, width=width, height=height, chart_title=chart_title)
    data = render_many([(captioned, fmt) for fmt in formats], width=width, height=height, scale=scale)
    return {
        fmt: ExportFile(export_filename(provenance, fmt, kind=name), FORMATS[fmt], blob)
        for fmt, blob in zip(formats, data, strict=True)
    }


def figure_png(fig: go.Figure, provenance: Provenance, **options) -> ExportFile:
    return figure_images(fig, provenance, formats=("png",), **options)["png"]


def figure_svg(fig: go.Figure, provenance: Provenance, **options) -> ExportFile:
    return figure_images(fig, provenance, formats=("svg",), **options)["svg"]
