"""A PowerPoint deck of the current view for network meetings: a title slide (what, filters, link, date), one
slide per chart (captioned image from images.py, a caption, speaker notes with the key figures) and a sources
slide (licences and attribution). Built with python-pptx on its default template at 16:9.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass

import plotly.graph_objects as go
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.util import Emu, Inches, Pt

from exports.images import render_many, resolve_size, with_caption
from exports.provenance import PRODUCT_NAME, Provenance, SourceCredit, export_filename
from exports.tables import ExportFile
from exports.wording import labelled

SLIDE_WIDTH = Inches(13.333)
SLIDE_HEIGHT = Inches(7.5)
MARGIN = Inches(0.5)
SOURCES_PER_SLIDE = 7
TEXT_SCALE = 4 / 3  # chart text on slides: 1600x900 pixels laid out as 1200x675
_BLANK_LAYOUT = 6  # "Blank" in python-pptx's default template: we place every box ourselves
_GREY = RGBColor(0x44, 0x44, 0x44)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # not allowed in the XML of a slide
MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


@dataclass(frozen=True)
class ChartSlide:
    """One chart of the view: its title, the figure, a one-line caption and the key figures for the notes."""

    title: str
    figure: go.Figure
    caption: str = ""
    key_figures: tuple[str, ...] = ()  # e.g. ("Total: 1.2 bn NOK over 345 grants", "Largest funder: Vinnova")


def clean(text: str | None) -> str:
    """Text safe for slide XML: control characters from web pages (NUL, vertical tab, carriage return...)
    become spaces; tabs and newlines stay."""
    return _CONTROL.sub(" ", text or "").replace("\r", " ")


def build_deck(
    charts: Sequence[ChartSlide],
    provenance: Provenance,
    *,
    deck_title: str | None = None,
    image_size: str | tuple[int, int] = "slide",
) -> ExportFile:
    """The deck as a .pptx file. All chart images are rendered by one browser (see images.render_many)."""
    width, height = resolve_size(image_size)
    # lay the chart out on a smaller canvas and render it scaled up: same pixels, text large enough to read
    # from the back of a meeting room (plotly's 12 px fonts look tiny on a 1600 px wide slide image)
    layout_w, layout_h = round(width / TEXT_SCALE), round(height / TEXT_SCALE)
    captioned = [
        with_caption(c.figure, provenance, width=layout_w, height=layout_h, chart_title=c.title)
        for c in charts
    ]
    jobs = [(fig, "png") for fig in captioned]
    pngs = render_many(jobs, width=layout_w, height=layout_h, scale=width / layout_w) if charts else []

    deck = Presentation()
    deck.slide_width, deck.slide_height = SLIDE_WIDTH, SLIDE_HEIGHT
    _title_slide(deck, provenance, deck_title or provenance.title)
    for chart, png in zip(charts, pngs, strict=True):
        _chart_slide(deck, chart, png, provenance, width / height)
    credits = list(provenance.sources)
    for start in range(0, max(len(credits), 1), SOURCES_PER_SLIDE):
        _sources_slide(deck, credits[start : start + SOURCES_PER_SLIDE], provenance, first=start == 0)

    buffer = io.BytesIO()
    deck.save(buffer)
    return ExportFile(export_filename(provenance, "pptx"), MIME, buffer.getvalue())


# ---------------------------------------------------------------------------------------------- slides
def _text_box(slide, left, top, width, height, paragraphs: Sequence[tuple[str, int, bool]]):
    """A word-wrapped text box; paragraphs are (text, size in points, bold)."""
    box = slide.shapes.add_textbox(left, top, width, height)
    frame = box.text_frame
    frame.word_wrap = True
    for i, (text, size, bold) in enumerate(paragraphs):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        run = paragraph.add_run()
        run.text = clean(text)
        run.font.size = Pt(size)
        run.font.bold = bold
    return box


def _notes(slide, lines: Sequence[str]) -> None:
    slide.notes_slide.notes_text_frame.text = clean("\n".join(lines))


def _title_slide(deck, provenance: Provenance, title: str) -> None:
    slide = deck.slides.add_slide(deck.slide_layouts[_BLANK_LAYOUT])
    inner = SLIDE_WIDTH - 2 * MARGIN
    lang = provenance.lang
    _text_box(
        slide,
        MARGIN,
        Inches(1.6),
        inner,
        Inches(1.4),
        [(title, 40, True), (labelled("view", provenance.view_name, lang), 20, False)],
    )
    details = [
        (labelled("filters", provenance.filters_text(), lang), 18, False),
        (provenance.currency_text(), 14, False),
        (provenance.dates_text(), 14, False),
    ]
    if provenance.permalink:
        details.append((provenance.permalink, 14, False))
    box = _text_box(slide, MARGIN, Inches(3.4), inner, Inches(3.0), details)
    if provenance.permalink:
        box.text_frame.paragraphs[-1].runs[0].hyperlink.address = provenance.permalink
    _text_box(slide, MARGIN, SLIDE_HEIGHT - Inches(0.8), inner, Inches(0.4), [(PRODUCT_NAME, 12, False)])
    _notes(
        slide,
        [
            labelled("filters", provenance.filters_text(), lang),
            provenance.currency_text(),
            provenance.suggested_citation(),
        ],
    )


def _chart_slide(deck, chart: ChartSlide, png: bytes, provenance: Provenance, aspect: float) -> None:
    slide = deck.slides.add_slide(deck.slide_layouts[_BLANK_LAYOUT])
    inner = SLIDE_WIDTH - 2 * MARGIN
    lang = provenance.lang
    _text_box(slide, MARGIN, Inches(0.25), inner, Inches(0.7), [(chart.title, 26, True)])
    caption = chart.caption or f"{provenance.currency} · {provenance.filters_text()}"
    caption_top = SLIDE_HEIGHT - Inches(0.75)
    # the largest picture of the image's aspect ratio between the title and the caption, centred
    top = Inches(1.0)
    max_w, max_h = inner, caption_top - top - Inches(0.1)
    pic_w = min(max_w, Emu(int(max_h * aspect)))
    pic_h = Emu(int(pic_w / aspect))
    left = Emu(int((SLIDE_WIDTH - pic_w) / 2))
    slide.shapes.add_picture(io.BytesIO(png), left, top, width=pic_w, height=pic_h)
    box = _text_box(slide, MARGIN, caption_top, inner, Inches(0.6), [(caption, 12, False)])
    box.text_frame.paragraphs[0].runs[0].font.color.rgb = _GREY
    _notes(
        slide,
        [
            chart.title,
            *(f"• {line}" for line in chart.key_figures),
            "",
            labelled("filters", provenance.filters_text(), lang),
            provenance.currency_text(),
            labelled("source", provenance.attribution_text(with_reference=False), lang),
            provenance.dates_text(),
            *([labelled("link", provenance.permalink, lang)] if provenance.permalink else []),
        ],
    )


def _sources_slide(deck, credits: Sequence[SourceCredit], provenance: Provenance, *, first: bool) -> None:
    slide = deck.slides.add_slide(deck.slide_layouts[_BLANK_LAYOUT])
    inner = SLIDE_WIDTH - 2 * MARGIN
    lang = provenance.lang
    heading = provenance.say("sources_licences")
    if not first:
        heading += " " + provenance.say("continued")
    _text_box(slide, MARGIN, Inches(0.25), inner, Inches(0.7), [(heading, 26, True)])
    paragraphs: list[tuple[str, int, bool]] = []
    for credit in credits:
        paragraphs.append((credit.title, 14, True))
        paragraphs.append(
            (f"{credit.attribution}. {labelled('licence', credit.licence_text(), lang)}", 12, False)
        )
    if not paragraphs:
        paragraphs.append((provenance.say("no_source"), 14, False))
    _text_box(slide, MARGIN, Inches(1.1), inner, SLIDE_HEIGHT - Inches(1.9), paragraphs)
    _text_box(
        slide,
        MARGIN,
        SLIDE_HEIGHT - Inches(0.8),
        inner,
        Inches(0.6),
        [(provenance.suggested_citation(), 10, False)],
    )
    _notes(slide, [provenance.say("suggested_citation") + ":", provenance.suggested_citation()])
