"""Chart images and decks: real renders through kaleido + Debian chromium (three browser starts in all), then
checks of what a person would get: pixel size, a caption that states filters, source, currency and date, no
live markup from user text, and a deck with the expected slides, pictures and speaker notes."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import os
import struct
import time
from types import SimpleNamespace
from xml.etree import ElementTree

import plotly.graph_objects as go
import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from exports import images, slides
from exports.provenance import Provenance, SourceCredit, filters_in_words

SVG = "{http://www.w3.org/2000/svg}"

PROVENANCE = Provenance(
    view="Overview",
    filters=(
        "Recipient country: Norway",
        "Award years: 2015–2022",
        "Text search: “<script>alert(1)</script>”",
    ),
    permalink="https://funding.example.org/overview?country=NO&from=2015&to=2022",
    sources=(
        SourceCredit(
            "vinnova", "Vinnova grants", "CC0 1.0", "Vinnova, via SweCRIS", "https://example.org/cc0"
        ),
        SourceCredit("nfr", "Forskningsrådet grants", "NLOD 2.0", "The Research Council of Norway"),
        SourceCredit(
            "ecb_fx", "ECB rates", "Reuse with the source cited", "European Central Bank", kind="reference"
        ),
    ),
    currency="SEK",
    database_built="2026-03-01 10:05:00",
    etl_run_id="run-42",
    exported_on=dt.date(2026, 3, 14),
)


def bar_figure() -> go.Figure:
    return go.Figure(go.Bar(x=["Vinnova", "Forskningsrådet", "KDD"], y=[120e6, 80e6, 15e6]))


def line_figure() -> go.Figure:
    fig = go.Figure(go.Scatter(x=[2019, 2020, 2021], y=[1.5e6, 2.5e6, 2.0e6], mode="lines+markers"))
    fig.update_layout(title_text="Already titled", margin={"b": 40})
    return fig


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def svg_text(root: ElementTree.Element) -> str:
    return " ".join(t.strip() for t in root.itertext() if t.strip())


@pytest.fixture(scope="module")
def chromium() -> str:
    try:
        return images.chromium_path()
    except images.ChromiumMissing:
        if os.environ.get("CI"):
            raise  # CI installs Debian chromium (bin/setup --dev): missing there is a failure
        pytest.skip("no Chromium on this machine: run bin/setup --dev")


# ---------------------------------------------------------------------------------------------- caption (no browser)
def test_caption_states_filters_currency_source_and_dates() -> None:
    text = " ".join(images.caption_lines(PROVENANCE))
    for expected in (
        "Recipient country: Norway",
        "Converted amounts in SEK",
        "nominal prices",
        "Vinnova, via SweCRIS",
        "The Research Council of Norway",
        "Exported 2026-03-14",
        "database built 2026-03-01 10:05:00",
        PROVENANCE.permalink,
    ):
        assert expected in text
    assert "European Central Bank" not in text  # reference sources: in the files' READMEs, not the strip


def swedish(provenance: Provenance) -> Provenance:
    """The same view as seen in Swedish: the page builds its filters in words in the view's language."""
    words = filters_in_words(
        SimpleNamespace(country="NO", year_from=2015, year_to=2022, search="skola"), lang="sv"
    )
    return dataclasses.replace(provenance, lang="sv", view_label="Översikt", filters=words)


ENGLISH_LABELS = (
    "Filters:",
    "Source:",
    "Amounts:",
    "View:",
    "Converted",
    "Exported",
    "Licence:",
    "Suggested",
)


def test_caption_of_a_swedish_view_is_swedish() -> None:
    text = " ".join(images.caption_lines(swedish(PROVENANCE)))
    for expected in (
        "Filter: Mottagarland: Norge; Beviljandeår: 2015–2022; Textsökning: ”skola”",
        "Belopp: Omräknade belopp i SEK",
        "löpande priser",
        "Källa: Vinnova, via SweCRIS",
        "Exporterad 2026-03-14",
        "databas byggd 2026-03-01 10:05:00",
        f"Vy: {PROVENANCE.permalink}",
    ):
        assert expected in text
    assert not [label for label in ENGLISH_LABELS if label in text]


def test_with_caption_adds_title_margin_and_escaped_annotation() -> None:
    original = bar_figure()
    captioned = images.with_caption(
        original, PROVENANCE, width=1600, height=900, chart_title="Money by funder"
    )
    assert captioned.layout.title.text == "Money by funder"
    assert captioned.layout.margin.b > 80 and (captioned.layout.width, captioned.layout.height) == (1600, 900)
    note = captioned.layout.annotations[-1]
    assert "&lt;script&gt;" in note.text and "<script>" not in note.text
    assert (
        not original.layout.annotations and original.layout.title.text is None
    )  # the page's figure untouched
    kept = images.with_caption(line_figure(), PROVENANCE, width=1600, height=900, chart_title="Other")
    assert kept.layout.title.text == "Already titled"


def test_sizes_are_checked() -> None:
    assert images.resolve_size("slide") == (1600, 900)
    assert images.resolve_size((800, 450)) == (800, 450)
    with pytest.raises(ValueError):
        images.resolve_size("poster")
    with pytest.raises(ValueError):
        images.resolve_size((50, 50000))
    with pytest.raises(ValueError, match="no room"):
        images.with_caption(bar_figure(), PROVENANCE, width=300, height=200)


def test_missing_chromium_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(images.ChromiumMissing):
        images.chromium_path()


def test_slide_text_is_cleaned_of_control_characters() -> None:
    assert slides.clean("\tTitle\x00 with\x0b junk\r") == "\tTitle  with  junk "


# ---------------------------------------------------------------------------------------------- real renders
@pytest.fixture(scope="module")
def rendered(chromium: str) -> tuple[dict, float]:
    started = time.perf_counter()
    files = images.figure_images(bar_figure(), PROVENANCE, size=(800, 450), chart_title="Money by funder")
    return files, time.perf_counter() - started


def test_png_has_the_requested_pixel_size(rendered: tuple[dict, float]) -> None:
    files, seconds = rendered
    png = files["png"]
    assert (
        png.filename == "nordic-innovation-grants_overview_chart_2026-03-14.png" and png.mime == "image/png"
    )
    assert png_size(png.data) == (800, 450)
    assert len(png.data) > 5_000
    print(f"PNG+SVG 800x450 rendered in {seconds:.2f} s")


def test_svg_parses_has_the_size_and_states_its_caption(rendered: tuple[dict, float]) -> None:
    svg = rendered[0]["svg"]
    assert svg.mime == "image/svg+xml"
    root = ElementTree.fromstring(svg.data)
    assert root.tag == f"{SVG}svg"
    assert (root.get("width"), root.get("height")) == ("800", "450")
    assert not list(root.iter(f"{SVG}script"))  # the search words stay text
    text = svg_text(root)
    for expected in (
        "Money by funder",
        "Recipient country: Norway",
        "SEK",
        "Vinnova, via SweCRIS",
        "2026-03-14",
    ):
        assert expected in text
    assert "<script>alert(1)</script>" in text  # shown literally, as the user typed it


@pytest.fixture(scope="module")
def deck(chromium: str) -> tuple[Presentation, bytes, float]:
    charts = [
        slides.ChartSlide(
            "Money by funder", bar_figure(), key_figures=("Total 215 million SEK", "Largest: Vinnova")
        ),
        slides.ChartSlide("Money per year", line_figure(), caption="Award years 2019–2021"),
    ]
    started = time.perf_counter()
    file = slides.build_deck(charts, PROVENANCE, deck_title="Innovation funding in Norway")
    seconds = time.perf_counter() - started
    assert file.filename == "nordic-innovation-grants_overview_2026-03-14.pptx"
    return Presentation(io.BytesIO(file.data)), file.data, seconds


def slide_text(slide) -> str:
    return "\n".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)


def test_deck_has_title_chart_and_sources_slides(deck) -> None:
    presentation, _, seconds = deck
    print(f"deck with 2 charts built in {seconds:.2f} s")
    title, chart1, chart2, sources = presentation.slides
    assert len(presentation.slides) == 4
    text = slide_text(title)
    for expected in (
        "Innovation funding in Norway",
        "Recipient country: Norway",
        PROVENANCE.permalink,
        "2026-03-14",
    ):
        assert expected in text
    for chart, name in ((chart1, "Money by funder"), (chart2, "Money per year")):
        pictures = [s for s in chart.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert len(pictures) == 1
        assert png_size(pictures[0].image.blob) == (1600, 900)  # the slide size of images.py
        assert pictures[0].width / pictures[0].height == pytest.approx(16 / 9, rel=0.01)
        assert name in slide_text(chart)
    assert "Award years 2019–2021" in slide_text(chart2)
    sources_text = slide_text(sources)
    for expected in (
        "Sources and licences",
        "Vinnova, via SweCRIS",
        "CC0 1.0",
        "NLOD 2.0",
        "European Central Bank",
    ):
        assert expected in sources_text


def test_speaker_notes_carry_the_key_figures(deck) -> None:
    presentation = deck[0]
    notes = [s.notes_slide.notes_text_frame.text for s in presentation.slides]
    assert "Total 215 million SEK" in notes[1] and "Largest: Vinnova" in notes[1]
    for note in notes[1:3]:
        assert "Recipient country: Norway" in note and "Converted amounts in SEK" in note
        assert PROVENANCE.permalink in note
    assert "Suggested citation" in notes[3]


def test_a_swedish_deck_speaks_swedish(chromium: str) -> None:
    file = slides.build_deck(
        [slides.ChartSlide("Pengar per finansiär", bar_figure(), key_figures=("Totalt 215 miljoner SEK",))],
        swedish(PROVENANCE),
        deck_title="Innovationsfinansiering i Norge",
    )
    title, chart, sources = Presentation(io.BytesIO(file.data)).slides
    text = "\n".join(slide_text(s) for s in (title, chart, sources))
    notes = "\n".join(s.notes_slide.notes_text_frame.text for s in (title, chart, sources))
    assert "Vy: Översikt" in slide_text(title)
    assert "Filter: Mottagarland: Norge" in slide_text(title)
    assert "Källor och licenser" in slide_text(sources) and "Licens: CC0 1.0" in slide_text(sources)
    assert "Föreslagen källhänvisning" in notes and "Källa: Vinnova, via SweCRIS" in notes
    assert (
        "Nordic innovation funding dashboard (2026). Nordic public innovation grants, vy ”Översikt”." in text
    )
    assert not [label for label in ENGLISH_LABELS if label in text + notes]


def test_pictures_fit_on_the_slide(deck) -> None:
    presentation = deck[0]
    for slide in presentation.slides:
        for shape in slide.shapes:
            assert shape.left >= 0 and shape.top >= 0
            assert shape.left + shape.width <= presentation.slide_width
            assert shape.top + shape.height <= presentation.slide_height


def test_a_geo_map_renders_without_the_network(chromium: str) -> None:
    """plotly.js fetches a base map for every geo subplot from a CDN; images.py points it at local empty
    layers instead, so a map of our own GeoJSON renders on a machine with no network (like CI)."""
    square = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": "0301",
                "properties": {},
                "geometry": {
                    "type": "Polygon",
                    "coordinates": [[[10, 59], [11, 59], [11, 60], [10, 60], [10, 59]]],
                },
            }
        ],
    }
    fig = go.Figure(go.Choropleth(geojson=square, locations=["0301"], z=[1.0], featureidkey="id"))
    fig.update_geos(fitbounds="locations", visible=False)
    png = images.figure_png(fig, PROVENANCE, size=(640, 480), chart_title="Oslo")
    assert png_size(png.data) == (640, 480)
