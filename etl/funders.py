"""Canonical funders: map a funder's name as written to one id per funding body, through its renames."""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

FUNDERS_PATH = Path(__file__).resolve().parent.parent / "data" / "funders.toml"

# "Fylkesmannen i X" became "Statsforvalteren i X" on 2021-01-01: one id for both.
_COUNTY_GOVERNOR = re.compile(
    r"\b(?:fylkesmannen|fylkesmann|statsforvaltaren|statsforvalteren)\s+i\s+(?P<county>[^,.;()\n]+)", re.I
)
_COUNTY_GOVERNOR_BARE = re.compile(r"\b(?:fylkesmannen|fylkesmann|statsforvaltaren|statsforvalteren)\b", re.I)
# Embeter that exist under the new title (2021-); others ended as "Fylkesmannen i X" before the rename.
_STATSFORVALTER_COUNTIES = {
    "oslo og viken",
    "innlandet",
    "vestfold og telemark",
    "agder",
    "rogaland",
    "vestland",
    "møre og romsdal",
    "trøndelag",
    "nordland",
    "troms og finnmark",
    "østfold",
    "buskerud",
    "oslo og akershus",
}
_COUNTY_MUNICIPALITY = re.compile(r"(?P<county>[\wæøåÆØÅ -]+?)\s+fylkeskommunen?\b", re.I)


@dataclass(frozen=True)
class Funder:
    funder_id: str
    name: str  # display name
    short: str
    country: str | None
    type: str | None


def slug(text: str) -> str:
    """ASCII slug for ids: 'Møre og Romsdal' -> 'more-og-romsdal'."""
    text = text.strip().lower().replace("æ", "ae").replace("ø", "o").replace("å", "a")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


@lru_cache(maxsize=1)
def curated_funders(path: Path = FUNDERS_PATH) -> tuple[tuple[Funder, tuple[re.Pattern, ...]], ...]:
    with path.open("rb") as fh:
        entries = tomllib.load(fh).get("funder", [])
    return tuple(
        (
            Funder(e["id"], e["name"], e.get("short", e["name"]), e.get("country"), e.get("type")),
            tuple(re.compile(p, re.I) for p in e.get("patterns", [])),
        )
        for e in entries
    )


def curated_by_id() -> dict[str, Funder]:
    return {f.funder_id: f for f, _ in curated_funders()}


def _tidy_county(county: str) -> str:
    county = re.sub(r"\s+", " ", county).strip(" -")
    # "i Oslo og Viken har tildelt" -> keep only the leading capitalised county name words.
    words = []
    for word in county.split(" "):
        if word[:1].isupper() or (words and word.lower() in {"og", "i"}):
            words.append(word)
        else:
            break
    while words and words[-1].lower() in {"og", "i"}:
        words.pop()
    return " ".join(words)


def canonical_funder(name: str | None, country: str | None = None) -> Funder | None:
    """The canonical funder for a name as written, or None for an empty name.

    Unknown names get a stable id made from the name, so nothing is lumped together by guesswork.
    """
    if not name or not name.strip():
        return None
    name = " ".join(name.split())
    if m := _COUNTY_GOVERNOR.search(name):
        county = _tidy_county(m.group("county"))
        if county:
            modern = "Statsforvalteren" if county.lower() in _STATSFORVALTER_COUNTIES else "Fylkesmannen"
            return Funder(
                f"no-sf-{slug(county)}", f"{modern} i {county}", f"SF {county}", "NO", "county_governor"
            )
    for funder, patterns in curated_funders():
        if any(p.search(name) for p in patterns):
            return funder
    if _COUNTY_GOVERNOR_BARE.search(name):
        return curated_by_id()["no-sf"]
    if m := _COUNTY_MUNICIPALITY.search(name):
        county = m.group("county").strip()
        return Funder(f"no-fk-{slug(county)}", f"{county} fylkeskommune", county, "NO", "county")
    prefix = (country or "xx").lower()
    return Funder(f"{prefix}-{slug(name)}", name, name, country, None)
