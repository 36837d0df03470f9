"""Theme taxonomy (data/themes.toml) and the classifier."""

from __future__ import annotations

import json
import time

import polars as pl
import pytest

from etl.bulk import swecris
from etl.config import load_settings
from etl.reference import themes

RAW = load_settings().raw_dir


@pytest.fixture(scope="module")
def taxonomy() -> themes.Taxonomy:
    return themes.load_taxonomy()


def _frame(titles: list[str | None], programmes=None, theme_texts=None, scb=None) -> pl.DataFrame:
    n = len(titles)
    return pl.DataFrame(
        {
            "record_key": [f"r{i}" for i in range(n)],
            "title": titles,
            "programme": programmes or [None] * n,
            "theme": theme_texts or [None] * n,
            "scb_codes": scb or [[] for _ in range(n)],
        },
        schema={
            "record_key": pl.String,
            "title": pl.String,
            "programme": pl.String,
            "theme": pl.String,
            "scb_codes": pl.List(pl.String),
        },
    )


def test_taxonomy_shape(taxonomy):
    real = [t for t in taxonomy.themes if t.id != taxonomy.fallback]
    assert 10 <= len(real) <= 15
    assert taxonomy.fallback in taxonomy.theme_ids()
    for theme in taxonomy.themes:
        assert all(theme.labels[lang] for lang in ("nb", "sv", "en"))
    raw = __import__("tomllib").loads(themes.THEMES_PATH.read_text(encoding="utf-8"))
    for entry in raw["theme"]:
        if entry["id"] != taxonomy.fallback:
            assert all(entry[f"terms_{lang}"] for lang in themes.LANGUAGES), entry["id"]
    assert set(taxonomy.scb_prefixes.values()) <= set(taxonomy.theme_ids())


def test_a_bad_taxonomy_is_refused(tmp_path):
    bad = tmp_path / "themes.toml"
    bad.write_text(
        '[settings]\nfallback = "nothing"\n[[theme]]\nid = "a"\nlabel_nb = "a"\nlabel_sv = "a"\n'
        'label_en = "a"\nterms_en = ["x*y"]\n',
        encoding="utf-8",
    )
    with pytest.raises(ValueError):
        themes.load_taxonomy(bad)


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Digitalisering av barnevernet", {"digitalisation", "children_youth_education"}),
        ("Tiltaksplan digitalisering Kongsbergregionen 2020", {"digitalisation"}),
        ("Välfärdsteknik i äldreomsorgen", {"health_care"}),
        ("Sirkulær økonomi i Oslo kommune", {"climate_environment"}),
        ("Lokaldemokrati og innbyggerdialog", {"democracy_participation"}),
        ("Integrering av nyanlända på arbetsmarknaden", {"integration_inclusion", "business_jobs"}),
        ("Kriseberedskap i kommunen", {"emergency_preparedness"}),
        ("Smart city mobility services", {"urban_rural_development", "mobility_transport"}),
        ("Kunstig intelligens i saksbehandlingen", {"digitalisation"}),  # not "kunst" (art)
    ],
)
def test_titles_in_four_languages(title, expected):
    classified, _ = themes.classify(_frame([title]))
    assert set(classified["themes"][0]) == expected


def test_words_inside_other_words_do_not_match():
    classified, evidence = themes.classify(_frame(["Aid roadmap for the kvantitativ study"]))
    assert classified["themes"][0].to_list() == ["other"]
    assert evidence.row(0, named=True) | {} == {
        "record_key": "r0",
        "theme_id": "other",
        "field": "fallback",
        "term": "no term matched",
        "matched": None,
    }


def test_strength_orders_themes_and_evidence_names_the_term(taxonomy):
    frame = _frame(
        ["Innovationsplattform för hållbar stadsutveckling"],
        programmes=["Digitalisering"],
        scb=[["20105"]],
    )
    classified, evidence = themes.classify(frame)
    order = classified["themes"][0].to_list()
    # Title matches weigh more than programme or SCB matches.
    assert order.index("urban_rural_development") < order.index("digitalisation")
    assert order.index("climate_environment") < order.index("mobility_transport")
    assert classified["theme_primary"][0] == order[0]
    rows = {(r["theme_id"], r["field"], r["term"], r["matched"]) for r in evidence.iter_rows(named=True)}
    assert ("innovation_capacity", "title", "innovationsplattform*", "innovationsplattform") in rows
    assert ("digitalisation", "programme", "digital*", "digitalisering") in rows
    assert ("mobility_transport", "scb", "20105", "20105") in rows


def test_scb_codes_use_the_longest_listed_prefix(taxonomy):
    classified, evidence = themes.classify(_frame([None, None], scb=[["20105"], ["20201"]]))
    assert classified["themes"].to_list() == [["mobility_transport"], ["research_technology"]]
    assert set(evidence["term"]) == {"20105", "2"}


def test_every_record_gets_a_primary_theme_and_evidence_for_every_theme():
    frame = swecris.read_vinnova(RAW / "data" / "swecris_kth" / "swecris_kth_vinnova.csv")
    classified, evidence = themes.classify(frame)
    assert classified.height == frame.height
    assert classified["theme_primary"].null_count() == 0
    assert classified["record_key"].to_list() == frame["record_key"].to_list()
    explained = evidence.select("record_key", "theme_id").unique()
    listed = classified.select("record_key", pl.col("themes").alias("theme_id")).explode("theme_id")
    assert listed.join(explained, on=["record_key", "theme_id"], how="anti").height == 0
    assert set(evidence["field"]) <= {"title", "programme", "theme", "scb", "fallback"}


def test_gold_themes_find_their_theme():
    """Gold records whose hand-written theme names a taxonomy theme get it from title, programme or theme."""
    records = [
        r
        for p in sorted((RAW / "corpus").glob("*/gold/*.json"))
        for r in json.loads(p.read_text(encoding="utf-8"))
    ]
    frame = _frame(
        [r.get("title") for r in records],
        programmes=[r.get("programme") for r in records],
        theme_texts=[r.get("theme") for r in records],
    )
    classified, _ = themes.classify(frame)
    cases = {
        "digitalisation": "digitalisation",
        "circular economy": "climate_environment",
        "emergency preparedness": "emergency_preparedness",
        "local democracy": "democracy_participation",
    }
    checked = 0
    for record, found in zip(records, classified["themes"].to_list(), strict=True):
        for label, theme_id in cases.items():
            if record.get("theme") and label in record["theme"]:
                assert theme_id in found, (record["theme"], found)
                checked += 1
    assert checked >= 4


def test_a_hundred_thousand_rows_in_a_few_seconds():
    frame = swecris.read_other_funders(RAW / "data" / "swecris_kth" / "swecris_kth_grants.csv", [])[0]
    big = pl.concat([frame] * (100_000 // frame.height + 1)).head(100_000)
    big = big.with_columns(pl.format("{}-{}", "record_key", pl.int_range(pl.len())).alias("record_key"))
    started = time.perf_counter()
    classified, evidence = themes.classify(big)
    elapsed = time.perf_counter() - started
    assert classified.height == 100_000 and evidence.height > 100_000
    assert elapsed < 10, f"{elapsed:.1f}s for 100k rows: matching is no longer done on the vocabulary"
