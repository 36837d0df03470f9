"""Themes: what a grant is about, from match terms in data/themes.toml (editable without touching code).

`classify` splits a record's title, programme and theme text into words, matches each theme's terms
against the distinct words (and the few two- and three-word phrases that start a multi-word term) with one
anchored regular expression per theme, and joins the hits back to the records (words are split once per
distinct text, so a text shared by many records costs no more than one); SweCRIS SCB research-subject
codes are mapped by their longest listed prefix. Matching the vocabulary instead of every row keeps 100k
records to a second or two. Every match is kept as evidence (which term, in which field), so a theme shown
on the dashboard can always be explained. A record with no match gets the fallback theme ("other").
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import polars as pl

THEMES_PATH = Path(__file__).resolve().parents[2] / "data" / "themes.toml"
LANGUAGES = ("nb", "nn", "sv", "en")
TEXT_FIELDS = ("title", "programme", "theme")
FALLBACK_FIELD = "fallback"


@dataclass(frozen=True)
class Theme:
    id: str
    labels: dict[str, str]  # nb / sv / en
    terms: tuple[str, ...]  # all languages, in file order, without duplicates


@dataclass(frozen=True)
class Taxonomy:
    themes: tuple[Theme, ...]
    fallback: str
    field_weights: dict[str, int]
    scb_prefixes: dict[str, str]  # SCB code prefix -> theme id

    def theme_ids(self) -> list[str]:
        return [t.id for t in self.themes]


MAX_TERM_WORDS = 3


def term_words(term: str) -> list[str]:
    """A term as its words: hyphens count as spaces ('e-helse*' -> ['e', 'helse*'])."""
    return re.sub(r"[\s\-‐–]+", " ", term.strip().lower()).split()


def term_pattern(term: str) -> str:
    """Anchored regex for a term against one word or phrase: 'klima*' is a prefix, 'ai' a whole word."""
    words = term_words(term)
    body = " ".join(re.escape(w.rstrip("*")) for w in words)
    return "^" + body + (r"\w*$" if words[-1].endswith("*") else "$")


def load_taxonomy(path: str | Path = THEMES_PATH) -> Taxonomy:
    """Read and check the taxonomy file: unique ids, a defined fallback, SCB targets that exist."""
    with Path(path).open("rb") as fh:
        raw = tomllib.load(fh)
    themes = []
    for entry in raw["theme"]:
        terms = [t.strip().lower() for lang in LANGUAGES for t in entry.get(f"terms_{lang}", [])]
        for term in terms:
            if "*" in term[:-1] or not 1 <= len(term_words(term)) <= MAX_TERM_WORDS:
                raise ValueError(
                    f"{path}: theme {entry['id']!r}: bad term {term!r} ('*' only at the end, 1-3 words)"
                )
        labels = {lang: entry[f"label_{lang}"] for lang in ("nb", "sv", "en")}
        themes.append(Theme(entry["id"], labels, tuple(dict.fromkeys(terms))))
    ids = [t.id for t in themes]
    if len(set(ids)) != len(ids):
        raise ValueError(f"{path}: duplicate theme ids")
    settings = raw.get("settings", {})
    fallback = settings.get("fallback", "other")
    scb = {str(k): v for k, v in raw.get("scb", {}).items()}
    unknown = ({fallback} | set(scb.values())) - set(ids)
    if unknown:
        raise ValueError(f"{path}: undefined theme ids {sorted(unknown)}")
    weights = {"title": 3, "theme": 2, "programme": 1, "scb": 1} | settings.get("field_weights", {})
    return Taxonomy(tuple(themes), fallback, weights, scb)


@cache
def default_taxonomy() -> Taxonomy:
    return load_taxonomy()


def themes_table(taxonomy: Taxonomy | None = None) -> pl.DataFrame:
    """The taxonomy as a table for the database: theme_id, labels, sort order, fallback flag, terms."""
    taxonomy = taxonomy or default_taxonomy()
    return pl.DataFrame(
        [
            (
                t.id,
                t.labels["nb"],
                t.labels["sv"],
                t.labels["en"],
                i,
                t.id == taxonomy.fallback,
                list(t.terms),
            )
            for i, t in enumerate(taxonomy.themes)
        ],
        schema={
            "theme_id": pl.String,
            "label_nb": pl.String,
            "label_sv": pl.String,
            "label_en": pl.String,
            "sort_order": pl.Int32,
            "is_fallback": pl.Boolean,
            "terms": pl.List(pl.String),
        },
        orient="row",
    )


def _scb_theme(code: str, prefixes: dict[str, str]) -> tuple[str, str] | None:
    """(theme id, prefix) for the longest listed prefix of an SCB code."""
    for length in range(len(code), 0, -1):
        if code[:length] in prefixes:
            return prefixes[code[:length]], code[:length]
    return None


_EVIDENCE_SCHEMA = {
    "_row": pl.UInt32,
    "theme_id": pl.String,
    "field": pl.String,
    "term": pl.String,
    "matched": pl.String,
}


def _distinct_texts(rows: pl.DataFrame, fields: list[str]) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The distinct lower-case texts of the fields, and which row has which.

    Returns (texts: _text, field, text; links: _row, _text). Many rows share a text (SweCRIS SCB labels: ~1.5k
    distinct among a million rows), so words are split and matched once per distinct text, not per row.
    """
    texts, links, offset = [], [], 0
    for field in fields:
        lower = rows.select(
            "_row", pl.col(field).cast(pl.String).str.to_lowercase().alias("text")
        ).drop_nulls()
        distinct = (
            lower.select(pl.col("text").unique())
            .with_row_index("_text", offset=offset)
            .with_columns(pl.lit(field).alias("field"))
        )
        offset += distinct.height
        texts.append(distinct.select("_text", "field", "text"))
        links.append(lower.join(distinct.select("text", "_text"), on="text").select("_row", "_text"))
    return pl.concat(texts, how="vertical"), pl.concat(links, how="vertical")


def _words(texts: pl.DataFrame) -> pl.DataFrame:
    """One row per word occurrence: _text, field, pos, word."""
    return (
        texts.select("_text", "field", pl.col("text").str.extract_all(r"\w+").alias("word"))
        .with_columns(pl.int_ranges(pl.col("word").list.len(), dtype=pl.UInt32).alias("pos"))
        .explode("word", "pos")
        .drop_nulls("word")
    )


def _phrases(words: pl.DataFrame, taxonomy: Taxonomy) -> pl.DataFrame:
    """The units terms are matched against: every word, plus the 2- and 3-word phrases that begin with the
    first word of a multi-word term (so the phrase table stays small)."""
    starts = {n: set() for n in range(2, MAX_TERM_WORDS + 1)}
    for theme in taxonomy.themes:
        for term in theme.terms:
            parts = term_words(term)
            if len(parts) > 1:
                starts[len(parts)].add(parts[0])
    units = [words.select("_text", "field", pl.col("word").alias("unit"))]
    for n, first_words in starts.items():
        if not first_words:
            continue
        following = [pl.col("word").shift(-k).alias(f"_w{k}") for k in range(1, n)] + [
            (pl.col("_text").shift(-(n - 1)) == pl.col("_text"))
            & (pl.col("field").shift(-(n - 1)) == pl.col("field"))
        ]
        phrase = (
            words.with_columns(*following[:-1], following[-1].alias("_same"))
            .filter(pl.col("word").is_in(sorted(first_words)) & pl.col("_same"))
            .select(
                "_text",
                "field",
                pl.concat_str(["word", *[f"_w{k}" for k in range(1, n)]], separator=" ").alias("unit"),
            )
        )
        units.append(phrase)
    return pl.concat(units, how="vertical").unique()


def _text_evidence(rows: pl.DataFrame, taxonomy: Taxonomy) -> pl.DataFrame:
    """Every (row, theme, field, term, matched text) from the text fields."""
    fields = [f for f in TEXT_FIELDS if f in rows.columns]
    if not fields:
        return pl.DataFrame(schema=_EVIDENCE_SCHEMA)
    texts, links = _distinct_texts(rows, fields)
    units = _phrases(_words(texts), taxonomy)
    vocabulary = units.select("unit").unique()
    hits = []
    for theme in taxonomy.themes:
        if not theme.terms:
            continue
        # Prefix terms share one trailing \w*: a \w* inside every branch of the alternation is far slower.
        prefixes = [t for t in theme.terms if t.endswith("*")]
        wholes = [t for t in theme.terms if not t.endswith("*")]
        branches = []
        if prefixes:
            branches.append("^(?:" + "|".join(term_pattern(t)[1:-4] for t in prefixes) + r")\w*$")
        if wholes:
            branches.append("^(?:" + "|".join(term_pattern(t)[1:-1] for t in wholes) + ")$")
        matched = vocabulary.filter(pl.col("unit").str.contains("|".join(branches)))
        # Name the most specific configured term behind each hit ("innovationsplattform*" over "innovation*").
        compiled = sorted(((t, re.compile(term_pattern(t))) for t in theme.terms), key=lambda p: -len(p[0]))
        hits += [
            (theme.id, unit, next(t for t, rx in compiled if rx.match(unit)))
            for unit in matched["unit"].to_list()
        ]
    table = pl.DataFrame(
        hits, schema={"theme_id": pl.String, "unit": pl.String, "term": pl.String}, orient="row"
    )
    # Hits per distinct text, then back to every row that has the text.
    text_hits = units.join(table, on="unit").select(
        "_text", "theme_id", "field", "term", pl.col("unit").alias("matched")
    )
    return links.join(text_hits, on="_text").select(list(_EVIDENCE_SCHEMA))


def _scb_evidence(rows: pl.DataFrame, taxonomy: Taxonomy) -> pl.DataFrame:
    if "scb_codes" not in rows.columns:
        return pl.DataFrame(schema=_EVIDENCE_SCHEMA)
    codes = rows.select("_row", pl.col("scb_codes").alias("matched")).explode("matched").drop_nulls("matched")
    mapping = [
        (code, *hit)
        for code in codes["matched"].unique().to_list()
        if (hit := _scb_theme(code, taxonomy.scb_prefixes)) is not None
    ]
    table = pl.DataFrame(
        mapping, schema={"matched": pl.String, "theme_id": pl.String, "term": pl.String}, orient="row"
    )
    return (
        codes.join(table, on="matched")
        .with_columns(pl.lit("scb").alias("field"))
        .select(list(_EVIDENCE_SCHEMA))
    )


def classify(frame: pl.DataFrame, taxonomy: Taxonomy | None = None) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Add `themes` (list[str], strongest first) and `theme_primary` (never null) to a grant frame.

    Strength of a theme = sum over its distinct matched (field, term) of the field's weight (title 3,
    theme text 2, programme 1, SCB code 1 by default); ties keep the taxonomy's order. Returns the frame
    and the evidence: record_key (and source_id when the frame has it), theme_id, field (title / programme /
    theme / scb / fallback), term (the configured term or SCB prefix) and matched (the text or code found).
    """
    taxonomy = taxonomy or default_taxonomy()
    frame = frame.drop(["themes", "theme_primary"], strict=False)
    rows = frame.with_row_index("_row")
    evidence = pl.concat([_text_evidence(rows, taxonomy), _scb_evidence(rows, taxonomy)], how="vertical")

    order = {theme_id: i for i, theme_id in enumerate(taxonomy.theme_ids())}
    weights = pl.col("field").replace_strict(taxonomy.field_weights, default=1, return_dtype=pl.Int32)
    ranked = (
        evidence.unique(["_row", "theme_id", "field", "term"])
        .group_by("_row", "theme_id")
        .agg(weights.sum().alias("_score"))
        .with_columns(pl.col("theme_id").replace_strict(order, return_dtype=pl.Int32).alias("_order"))
        .sort("_row", pl.col("_score"), "_order", descending=[False, True, False])
        .group_by("_row", maintain_order=True)
        .agg(pl.col("theme_id").alias("themes"))
    )
    fallback = taxonomy.fallback
    classified = (
        rows.join(ranked, on="_row", how="left", maintain_order="left")
        .with_columns(pl.col("themes").fill_null(pl.lit([fallback], dtype=pl.List(pl.String))))
        .with_columns(pl.col("themes").list.first().alias("theme_primary"))
    )
    unmatched = rows.join(evidence.select("_row").unique(), on="_row", how="anti")
    fallback_evidence = unmatched.select(
        "_row",
        pl.lit(fallback).alias("theme_id"),
        pl.lit(FALLBACK_FIELD).alias("field"),
        pl.lit("no term matched").alias("term"),
        pl.lit(None, pl.String).alias("matched"),
    )
    keys = [c for c in ("source_id", "record_key") if c in frame.columns]
    evidence = (
        pl.concat([evidence, fallback_evidence], how="vertical")
        .join(rows.select("_row", *keys), on="_row")
        .sort("_row", "theme_id", "field", "term", "matched", nulls_last=True)
        .select(*keys, "theme_id", "field", "term", "matched")
    )
    return classified.drop("_row"), evidence
