"""Recognise funding bodies as pages name them, and say which one a page is about.

Names are returned as the text writes them, tidied only where grammar bends them: a genitive
("Kommunal- og moderniseringsdepartementets (KMD)") becomes the base form, an all-caps "VINNOVA"
becomes "Vinnova", and a bare "Fylkesmannen" gets its county when the page makes the county clear.
The canonical id comes from `etl.funders` (shared with the bulk sources) when it is available.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Norwegian counties, longest first so "Møre og Romsdal" wins over a shorter match.
COUNTIES = sorted(
    [
        "Oslo og Viken",
        "Oslo og Akershus",
        "Vestfold og Telemark",
        "Troms og Finnmark",
        "Møre og Romsdal",
        "Sogn og Fjordane",
        "Aust-Agder",
        "Vest-Agder",
        "Sør-Trøndelag",
        "Nord-Trøndelag",
        "Trøndelag",
        "Østfold",
        "Akershus",
        "Oslo",
        "Hedmark",
        "Oppland",
        "Buskerud",
        "Vestfold",
        "Telemark",
        "Agder",
        "Rogaland",
        "Hordaland",
        "Vestland",
        "Nordland",
        "Troms",
        "Finnmark",
        "Viken",
        "Innlandet",
    ],
    key=len,
    reverse=True,
)
_COUNTY = "|".join(re.escape(c) for c in COUNTIES)

# Which county governor's office covered a county in a given year (offices merged in 2019).
_OFFICE_FROM_2019 = {
    "Oslo": "Oslo og Viken",
    "Viken": "Oslo og Viken",
    "Østfold": "Oslo og Viken",
    "Akershus": "Oslo og Viken",
    "Buskerud": "Oslo og Viken",
    "Oslo og Akershus": "Oslo og Viken",
    "Oslo og Viken": "Oslo og Viken",
    "Hedmark": "Innlandet",
    "Oppland": "Innlandet",
    "Innlandet": "Innlandet",
    "Vestfold": "Vestfold og Telemark",
    "Telemark": "Vestfold og Telemark",
    "Vestfold og Telemark": "Vestfold og Telemark",
    "Aust-Agder": "Agder",
    "Vest-Agder": "Agder",
    "Agder": "Agder",
    "Hordaland": "Vestland",
    "Sogn og Fjordane": "Vestland",
    "Vestland": "Vestland",
    "Troms": "Troms og Finnmark",
    "Finnmark": "Troms og Finnmark",
    "Troms og Finnmark": "Troms og Finnmark",
    "Sør-Trøndelag": "Trøndelag",
    "Nord-Trøndelag": "Trøndelag",
    "Trøndelag": "Trøndelag",
    "Rogaland": "Rogaland",
    "Nordland": "Nordland",
    "Møre og Romsdal": "Møre og Romsdal",
}
_OFFICE_BEFORE_2019 = {
    "Oslo": "Oslo og Akershus",
    "Akershus": "Oslo og Akershus",
    "Oslo og Akershus": "Oslo og Akershus",
}
# Counties that only existed from 2020 cannot name an older office, and vice versa.
_NEW_COUNTIES = {
    "Viken",
    "Innlandet",
    "Vestfold og Telemark",
    "Agder",
    "Vestland",
    "Troms og Finnmark",
    "Oslo og Viken",
}

_GOVERNOR = re.compile(
    rf"(?<![\w])(?P<title>[Ff]ylkesmannen|[Ff]ylkesmann|[Ss]tatsforvalteren|[Ss]tatsforvaltaren)s?"
    rf"(?:\s+i\s+(?P<county>{_COUNTY})(?![\w-]))?"
)


def _minister(field: str) -> re.Pattern:
    return re.compile(rf"[Kk]ommunal-\s+og\s+{field}(?:minister|ministeren)(?![\w])")


_KNOWN = [
    # (pattern, display name, key, country)
    (re.compile(r"(?<![\w])(?:VINNOVA|Vinnova)s?(?![\w])"), "Vinnova", "vinnova", "SE"),
    (
        re.compile(r"Kommunal-\s+og\s+moderniseringsdepartement(?:et|ets)(?:\s*\((?P<abbr>KMD)\))?"),
        "Kommunal- og moderniseringsdepartementet",
        "no-kmd",
        "NO",
    ),
    (
        re.compile(r"Kommunal-\s+og\s+regionaldepartement(?:et|ets)(?:\s*\((?P<abbr>KRD)\))?"),
        "Kommunal- og regionaldepartementet",
        "no-kmd",
        "NO",
    ),
    (
        re.compile(r"Kommunal-\s+og\s+distriktsdepartement(?:et|ets)(?:\s*\((?P<abbr>KDD)\))?"),
        "Kommunal- og distriktsdepartementet",
        "no-kmd",
        "NO",
    ),
    # The minister's title names the ministry ("kommunal- og moderniseringsminister Monica Mæland").
    (_minister("moderniserings"), "Kommunal- og moderniseringsdepartementet", "no-kmd", "NO"),
    (_minister("regional"), "Kommunal- og regionaldepartementet", "no-kmd", "NO"),
    (_minister("distrikts"), "Kommunal- og distriktsdepartementet", "no-kmd", "NO"),
    (re.compile(r"(?<![\w])KMDs?(?![\w])"), "Kommunal- og moderniseringsdepartementet (KMD)", "no-kmd", "NO"),
    (re.compile(r"(?<![\w])KRDs?(?![\w])"), "Kommunal- og regionaldepartementet (KRD)", "no-kmd", "NO"),
    (re.compile(r"(?<![\w])KDDs?(?![\w])"), "Kommunal- og distriktsdepartementet (KDD)", "no-kmd", "NO"),
    (
        re.compile(r"Digitaliseringsdirektoratets?(?:\s*\(Digdir\))?|(?<![\w])Digdirs?(?![\w])"),
        "Digitaliseringsdirektoratet",
        "no-digdir",
        "NO",
    ),
    (
        re.compile(
            r"(?<![\w])(?:Difi|DiFi|DIFI)s?(?![\w])|Direktoratet\s+for\s+forvaltning\s+og\s+(?:IKT|ikt)"
        ),
        "Difi",
        "no-digdir",
        "NO",
    ),
    (re.compile(r"Innovasjon\s+Norge"), "Innovasjon Norge", "no-innovasjon-norge", "NO"),
    (re.compile(r"Norges\s+forskningsråd|(?<![\w])Forskningsrådet"), "Norges forskningsråd", "no-nfr", "NO"),
    (re.compile(r"(?<![\w])Husbanken(?![\w])"), "Husbanken", "no-husbanken", "NO"),
    (re.compile(r"(?<![\w])Tillväxtverket(?![\w])"), "Tillväxtverket", "tillvaxtverket", "SE"),
    (re.compile(r"(?<![\w])Formas(?![\w])"), "Formas", "formas", "SE"),
    (re.compile(r"(?<![\w])Energimyndigheten(?![\w])"), "Energimyndigheten", "energimyndigheten", "SE"),
]
_COUNTY_MUNICIPALITY = re.compile(rf"(?P<county>{_COUNTY})\s+[Ff]ylkeskommune(?![\w])")
_BARE_COUNTY_MUNICIPALITY = re.compile(r"(?<![\w])[Ff]ylkeskommunen(?![\w])")
_PUBLISHER = re.compile(
    r"^\s*(?:Utgiver|Utgjevar|Utgivar|Publisher|Avsender|Avsendar)\s*:\s*(?P<name>[^\n]{3,120})$", re.M
)
_COUNTY_IN_TEXT = re.compile(
    rf"(?:(?:kommun(?:er|ene|ane|ar)|fylket|fylke)\s+i|(?:fra|frå|i)\s+)\s*(?P<county>{_COUNTY})(?![\w])"
)


@dataclass(frozen=True)
class FunderMention:
    name: str  # display name as written (base form)
    key: str  # groups mentions of one body: "vinnova", "county_governor", "no-kmd", ...
    country: str
    start: int
    end: int


# One cheap look before the many precise patterns: most sentences name no funder at all.
_ANY_FUNDER = re.compile(
    r"vinnova|fylkesmann|statsforvalt|departement|minister|KMD|KRD|KDD|digdir|difi|direktoratet\s+for\s+forvaltning|"
    r"innovasjon\s+norge|forskningsråd|husbanken|tillväxtverket|formas|energimyndigheten|fylkeskommun|"
    r"digitaliseringsdirektorat",
    re.I,
)


# Lower-case words without which a pattern in _KNOWN cannot match: a cheap test before the regex.
_HINTS = {
    "Vinnova": ("vinnova",),
    "Kommunal- og moderniseringsdepartementet": ("moderniserings",),
    "Kommunal- og regionaldepartementet": ("regional",),
    "Kommunal- og distriktsdepartementet": ("distrikts",),
    "Kommunal- og moderniseringsdepartementet (KMD)": ("kmd",),
    "Kommunal- og regionaldepartementet (KRD)": ("krd",),
    "Kommunal- og distriktsdepartementet (KDD)": ("kdd",),
    "Digitaliseringsdirektoratet": ("digitaliseringsdirektorat", "digdir"),
    "Difi": ("difi", "direktoratet for forvaltning"),
    "Innovasjon Norge": ("innovasjon",),
    "Norges forskningsråd": ("forskningsråd",),
}


def find_funders(text: str) -> list[FunderMention]:
    """Every funder named in `text`, in order of appearance (overlaps resolved to the longest)."""
    if not _ANY_FUNDER.search(text):
        return []
    found: list[FunderMention] = []
    for m in _GOVERNOR.finditer(text):
        title = m.group("title")
        name = title[0].upper() + title[1:]
        if name == "Fylkesmann":
            name = "Fylkesmannen"
        if m.group("county"):
            name += f" i {m.group('county')}"
        found.append(FunderMention(name, "county_governor", "NO", m.start(), m.end()))
    lowered = text.lower()
    for pattern, name, key, country in _KNOWN:
        hints = _HINTS.get(name, (name.lower(),))
        if not any(hint in lowered for hint in hints):
            continue  # cheap substring test before the regex
        for m in pattern.finditer(text):
            display = name
            if "abbr" in pattern.groupindex and m.group("abbr"):
                display = f"{name} ({m.group('abbr')})"
            found.append(FunderMention(display, key, country, m.start(), m.end()))
    for m in _COUNTY_MUNICIPALITY.finditer(text):
        found.append(
            FunderMention(
                f"{m.group('county')} fylkeskommune", "county_municipality", "NO", m.start(), m.end()
            )
        )
    for m in _BARE_COUNTY_MUNICIPALITY.finditer(text):
        found.append(FunderMention("fylkeskommunen", "county_municipality", "NO", m.start(), m.end()))
    found.sort(key=lambda f: (f.start, -(f.end - f.start)))
    kept: list[FunderMention] = []
    for f in found:
        if kept and f.start < kept[-1].end:
            continue
        kept.append(f)
    return kept


def publisher(text: str) -> FunderMention | None:
    """The body a "Utgiver:"/"Utgjevar:" line names, when it is a known funder."""
    m = _PUBLISHER.search(text)
    if not m:
        return None
    mentions = find_funders(m.group("name"))
    if not mentions:
        return None
    f = mentions[0]
    return FunderMention(f.name, f.key, f.country, m.start("name") + f.start, m.start("name") + f.end)


def counties_named(text: str) -> list[str]:
    """Counties a page places its municipalities in ("kommuner i Viken", "fra Oslo")."""
    return [m.group("county") for m in _COUNTY_IN_TEXT.finditer(text)]


def county_office(counties: list[str], year: int | None) -> str | None:
    """The one county governor's office that covers all `counties` in `year`, if there is exactly one."""
    offices = set()
    for county in counties:
        if year is not None and year >= 2019:
            offices.add(_OFFICE_FROM_2019.get(county, county))
        elif year is not None and county in _NEW_COUNTIES:
            continue
        else:
            offices.add(_OFFICE_BEFORE_2019.get(county, county))
    return offices.pop() if len(offices) == 1 else None


def complete_funder(mention: FunderMention, text: str, year: int | None) -> str:
    """A bare "Fylkesmannen"/"fylkeskommunen" completed with the county the page makes clear."""
    if mention.key == "county_governor" and " i " not in mention.name:
        office = county_office(counties_named(text), year)
        if office:
            return f"{mention.name} i {office}"
    if mention.key == "county_municipality" and mention.name == "fylkeskommunen":
        named = set(counties_named(text)) | {
            m.group("county") for m in re.finditer(rf"(?:i|fra|frå)\s+(?P<county>{_COUNTY})(?![\w])", text)
        }
        if len(named) == 1:
            return f"{named.pop()} fylkeskommune"
        return "Fylkeskommunen"
    return mention.name


def country_of(mention: FunderMention | None, language: str | None) -> str | None:
    if mention is not None:
        return mention.country
    if language == "sv":
        return "SE"
    if language in ("nb", "nn"):
        return "NO"
    return None


def funder_id(name: str | None, country: str | None) -> str | None:
    """Canonical id from the shared funder registry; a plain slug if that registry cannot be used."""
    if not name:
        return None
    try:
        from etl.funders import canonical_funder

        funder = canonical_funder(name, country)
        return funder.funder_id if funder else None
    except Exception:  # the registry is optional for parsing; never let it break a document
        slug = re.sub(r"[^a-z0-9]+", "-", name.lower().replace("ø", "o").replace("å", "a").replace("æ", "ae"))
        return f"{(country or 'xx').lower()}-{slug.strip('-')}"


# Schemes that belong to one funder, for pages that name the scheme but not who runs it.
_SCHEME_FUNDER = [
    (re.compile(r"prosjektskjøn|skjønnsmidl|skjønsmidl|skjønnsramm|fornyingsmidl", re.I), "county_governor"),
    (re.compile(r"medfinansiering", re.I), "Digitaliseringsdirektoratet"),
    (re.compile(r"bulyst|bolyst", re.I), "Kommunal- og regionaldepartementet"),
    (
        re.compile(r"kommunesektorens\s+innovasjonspris|innovasjonsprisen\s+for\s+kommun", re.I),
        "Kommunal- og moderniseringsdepartementet",
    ),
]
_DOMAIN_FUNDER = [
    (re.compile(r"//(?:www\.)?(?:statsforvalteren|fylkesmannen)\.no", re.I), "county_governor"),
    (re.compile(r"//(?:www\.)?vinnova\.se", re.I), "Vinnova"),
    (re.compile(r"//(?:www\.)?digdir\.no", re.I), "Digitaliseringsdirektoratet"),
]


def funder_from_context(text: str, source_url: str | None, year: int | None) -> FunderMention | None:
    """The funder a page implies without naming it: by the scheme it names or the site it came from."""
    guess = None
    for pattern, name in _DOMAIN_FUNDER:
        if source_url and pattern.search(source_url):
            guess = name
            break
    if guess is None:
        for pattern, name in _SCHEME_FUNDER:
            if pattern.search(text):
                guess = name
                break
    if guess is None:
        return None
    if guess == "county_governor":
        title = "Statsforvalteren" if year is not None and year >= 2021 else "Fylkesmannen"
        return FunderMention(title, "county_governor", "NO", -1, -1)
    found = find_funders(guess)
    return found[0] if found else None
