"""Generate a realistic synthetic funding database with exactly the schema of the real one.

    python bench/generate.py --rows 1000000 --out /tmp/grants_1m.duckdb
    python bench/generate.py --rows 0 --out /tmp/empty.duckdb          # schema and reference tables only
    python bench/generate.py --rows 10000 --out /tmp/x.duckdb --schema-only   # no rows in any table

The file is built by executing etl/schema.sql and etl/facts.sql, then filling every table. Reference tables
(regions, geo shapes, population, exchange rates, consumer prices) come from the shared raw data when it is
found (env FUNDING_RAW_DIR, ../shared or /work/shared), otherwise from a small built-in fallback. Grants are
drawn with numpy per (recipient country, award year) segment (vectorised; never a Python loop per row) and
inserted in that order, so rows are sorted by recipient_country, award_year. Same --seed, same file.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import itertools
import json
import os
import sys
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import numpy as np
import polars as pl

REPO = Path(__file__).resolve().parents[1]
YEARS = list(range(2008, 2027))

THEMES = [
    # id, en, nb, sv, evidence terms
    (
        "digitalisation",
        "Digitalisation",
        "Digitalisering",
        "Digitalisering",
        ["digital", "digitalisering", "KI", "AI", "plattform"],
    ),
    (
        "health_care",
        "Health and care",
        "Helse og omsorg",
        "Hälsa och omsorg",
        ["velferdsteknologi", "omsorg", "hälsa", "hjemmetjeneste", "äldreomsorg"],
    ),
    (
        "children_education",
        "Children and education",
        "Barn og utdanning",
        "Barn och utbildning",
        ["skole", "skola", "barnehage", "förskola", "elever"],
    ),
    (
        "climate_environment",
        "Climate and environment",
        "Klima og miljø",
        "Klimat och miljö",
        ["klima", "klimat", "utslipp", "fossilfri", "sirkulær"],
    ),
    (
        "democracy_participation",
        "Democracy and participation",
        "Demokrati og medvirkning",
        "Demokrati och delaktighet",
        ["medvirkning", "delaktighet", "innbyggerdialog", "medborgardialog"],
    ),
    (
        "integration_inclusion",
        "Integration and inclusion",
        "Integrering og inkludering",
        "Integration och inkludering",
        ["integrering", "inkludering", "nyankomne", "utanförskap"],
    ),
    (
        "emergency_preparedness",
        "Emergency preparedness",
        "Beredskap",
        "Krisberedskap",
        ["beredskap", "krisberedskap", "samfunnssikkerhet", "kris"],
    ),
    (
        "mobility_transport",
        "Mobility and transport",
        "Mobilitet og transport",
        "Mobilitet och transport",
        ["mobilitet", "kollektivtrafikk", "kollektivtrafik", "transport"],
    ),
    (
        "business_jobs",
        "Business and jobs",
        "Næringsliv og arbeidsplasser",
        "Näringsliv och jobb",
        ["næringsutvikling", "näringsliv", "arbeidsplasser", "företag"],
    ),
    (
        "innovation_capacity",
        "Innovation capacity",
        "Innovasjonsevne",
        "Innovationsförmåga",
        ["innovasjon", "innovation", "tjenestedesign", "tjänstedesign", "innovasjonsledelse"],
    ),
    (
        "research_technology",
        "Research and technology",
        "Forskning og teknologi",
        "Forskning och teknik",
        ["forskning", "research", "teknologi", "teknik"],
    ),
    (
        "urban_rural_development",
        "Urban and rural development",
        "By- og distriktsutvikling",
        "Stads- och landsbygdsutveckling",
        ["distrikt", "landsbygd", "stedsutvikling", "stadsutveckling"],
    ),
]
THEME_WEIGHTS = np.array([16, 12, 9, 11, 5, 6, 4, 7, 8, 12, 6, 4], dtype=float)

# County governors (Statsforvalteren, Fylkesmannen until 2020) by the 2024 counties they cover.
SF = [
    ("no-sf-oslo-og-viken", "Oslo og Viken", ["03", "31", "32", "33"]),
    ("no-sf-innlandet", "Innlandet", ["34"]),
    ("no-sf-vestfold-og-telemark", "Vestfold og Telemark", ["39", "40"]),
    ("no-sf-agder", "Agder", ["42"]),
    ("no-sf-rogaland", "Rogaland", ["11"]),
    ("no-sf-vestland", "Vestland", ["46"]),
    ("no-sf-more-og-romsdal", "Møre og Romsdal", ["15"]),
    ("no-sf-trondelag", "Trøndelag", ["50"]),
    ("no-sf-nordland", "Nordland", ["18"]),
    ("no-sf-troms-og-finnmark", "Troms og Finnmark", ["55", "56"]),
]


@dataclass
class Funder:
    id: str
    name: str
    short: str
    country: str  # NO / SE / EU
    ftype: str
    currency: str
    source_id: str
    median: float  # median grant in its currency
    sigma: float
    programmes: list[str]
    names: list[str]  # names as written
    genre: str
    language: str
    url: str
    years: tuple[int, int] = (2008, 2026)
    recipient_types: dict[str, float] = field(default_factory=dict)


MUNI_ONLY = {"Municipality": 0.9, "County": 0.1}
RESEARCH = {
    "University": 0.45,
    "Research institute": 0.2,
    "Company": 0.15,
    "Municipality": 0.12,
    "Hospital": 0.05,
    "Non-profit": 0.03,
}
INNOV = {
    "Company": 0.35,
    "Municipality": 0.3,
    "University": 0.15,
    "Research institute": 0.1,
    "County": 0.05,
    "Non-profit": 0.05,
}

FUNDERS = [
    Funder(
        "vinnova",
        "Vinnova",
        "Vinnova",
        "SE",
        "agency",
        "SEK",
        "swecris_vinnova",
        1_200_000,
        1.0,
        [
            "Innovativa kommuner",
            "Hållbar attraktiv stad",
            "Utmaningsdriven innovation",
            "Offentliga miljöer för innovation",
            "Innovationsledning i offentlig sektor",
            "Digitala stödstrukturer för skolan",
        ],
        ["Vinnova", "VINNOVA – Verket för innovationssystem"],
        "bulk",
        "sv",
        "https://www.vinnova.se/p/",
        recipient_types=INNOV,
    ),
    Funder(
        "se-vr",
        "Vetenskapsrådet (Swedish Research Council)",
        "Vetenskapsrådet",
        "SE",
        "research_council",
        "SEK",
        "swecris_other",
        3_000_000,
        0.8,
        ["Projektbidrag", "Forskningsmiljöbidrag", "Etableringsbidrag"],
        ["Vetenskapsrådet"],
        "bulk",
        "sv",
        "https://www.vr.se/",
        recipient_types=RESEARCH,
    ),
    Funder(
        "se-formas",
        "Formas",
        "Formas",
        "SE",
        "research_council",
        "SEK",
        "swecris_other",
        2_500_000,
        0.8,
        ["Hållbart samhällsbyggande", "Klimatomställning", "Nationella forskningsprogrammet för livsmedel"],
        ["Formas", "Forskningsrådet Formas"],
        "bulk",
        "sv",
        "https://formas.se/",
        recipient_types=RESEARCH,
    ),
    Funder(
        "se-forte",
        "Forte",
        "Forte",
        "SE",
        "research_council",
        "SEK",
        "swecris_other",
        2_000_000,
        0.8,
        ["Välfärd och arbetsliv", "Tillämpad välfärdsforskning"],
        ["Forte"],
        "bulk",
        "sv",
        "https://forte.se/",
        recipient_types=RESEARCH,
    ),
    Funder(
        "se-energimyndigheten",
        "Energimyndigheten (Swedish Energy Agency)",
        "Energimyndigheten",
        "SE",
        "agency",
        "SEK",
        "swecris_other",
        1_800_000,
        1.1,
        ["Energieffektiva städer", "Viable Cities"],
        ["Statens energimyndighet", "Energimyndigheten"],
        "bulk",
        "sv",
        "https://www.energimyndigheten.se/",
        recipient_types=INNOV,
    ),
    Funder(
        "se-tillvaxtverket",
        "Tillväxtverket",
        "Tillväxtverket",
        "SE",
        "agency",
        "SEK",
        "swecris_other",
        800_000,
        1.0,
        ["Regional utveckling", "Smart industri"],
        ["Tillväxtverket"],
        "bulk",
        "sv",
        "https://tillvaxtverket.se/",
        recipient_types=INNOV,
    ),
    Funder(
        "no-kdd",
        "Ministry of Local Government (KRD → KMD → KDD)",
        "KMD/KDD",
        "NO",
        "ministry",
        "NOK",
        "corpus_dev",
        500_000,
        0.9,
        [
            "Innovasjonsprisen for årets kommune",
            "Kommunal- og moderniseringsdepartementets fornyingsmidler",
            "Distriktsprogram",
        ],
        ["Kommunal- og moderniseringsdepartementet", "Kommunal- og distriktsdepartementet", "KMD"],
        "allocation_page",
        "nb",
        "https://www.regjeringen.no/no/aktuelt/",
        recipient_types=MUNI_ONLY,
    ),
    Funder(
        "no-forskningsradet",
        "Forskningsrådet (Research Council of Norway)",
        "Forskningsrådet",
        "NO",
        "research_council",
        "NOK",
        "nfr_soknader",
        4_000_000,
        0.9,
        [
            "FORKOMMUNE",
            "Offentlig sektor-ph.d.",
            "Pilot-O",
            "KOMMUNEFORSK",
            "Innovasjonsprosjekt i offentlig sektor",
        ],
        ["Norges forskningsråd", "Forskningsrådet"],
        "bulk",
        "nb",
        "https://prosjektbanken.forskningsradet.no/",
        recipient_types=RESEARCH,
    ),
    Funder(
        "no-digdir",
        "Digitaliseringsdirektoratet (Digdir, formerly Difi)",
        "Digdir",
        "NO",
        "agency",
        "NOK",
        "corpus_dev",
        1_500_000,
        0.9,
        ["Medfinansieringsordningen", "StimuLab"],
        ["Difi", "Digitaliseringsdirektoratet"],
        "allocation_page",
        "nb",
        "https://www.digdir.no/",
        recipient_types={"Municipality": 0.7, "County": 0.1, "Non-profit": 0.2},
    ),
    Funder(
        "no-innovasjonnorge",
        "Innovasjon Norge",
        "Innovasjon Norge",
        "NO",
        "agency",
        "NOK",
        "corpus_dev",
        900_000,
        1.1,
        ["Offentlige anskaffelser", "Bedriftsnettverk"],
        ["Innovasjon Norge"],
        "news",
        "nb",
        "https://www.innovasjonnorge.no/",
        recipient_types=INNOV,
    ),
    Funder(
        "eu-h2020",
        "European Commission (Horizon 2020)",
        "Horizon 2020",
        "EU",
        "eu",
        "EUR",
        "nfr_h2020",
        350_000,
        1.0,
        ["SC6 Inclusive societies", "SC5 Climate action", "SC1 Health", "LEIT ICT"],
        ["European Commission, Horizon 2020", "Horisont 2020"],
        "bulk",
        "en",
        "https://cordis.europa.eu/project/id/",
        years=(2014, 2022),
        recipient_types=RESEARCH,
    ),
] + [
    Funder(
        fid,
        f"Statsforvalteren i {label}",
        f"SF {label}",
        "NO",
        "county_governor",
        "NOK",
        "corpus_dev",
        300_000,
        0.8,
        ["Skjønnsmidler til fornying og innovasjon", "Skjønnsmidler"],
        [f"Fylkesmannen i {label}", f"Statsforvalteren i {label}"],
        "allocation_page",
        "nb",
        "https://www.statsforvalteren.no/",
        recipient_types=MUNI_ONLY,
    )
    for fid, label, _ in SF
]

# Funder weights per recipient country (the share of grants, not of money).
NO_WEIGHTS = {
    "no-kdd": 6,
    "no-forskningsradet": 18,
    "no-digdir": 6,
    "no-innovasjonnorge": 12,
    "eu-h2020": 8,
    "SF": 50,
}
SE_WEIGHTS = {
    "vinnova": 48,
    "se-vr": 12,
    "se-formas": 10,
    "se-forte": 7,
    "se-energimyndigheten": 9,
    "se-tillvaxtverket": 8,
    "eu-h2020": 6,
}

UNIVERSITIES = {
    "NO": [
        ("Universitetet i Oslo", "0301"),
        ("Universitetet i Bergen", "4601"),
        ("NTNU", "5001"),
        ("UiT Norges arktiske universitet", "5501"),
        ("Universitetet i Agder", "4204"),
        ("Universitetet i Stavanger", "1103"),
        ("OsloMet – storbyuniversitetet", "0301"),
        ("Høgskulen på Vestlandet", "4601"),
        ("Nord universitet", "1804"),
        ("Høgskolen i Innlandet", "3405"),
    ],
    "SE": [
        ("Kungliga Tekniska högskolan", "0180"),
        ("Lunds universitet", "1281"),
        ("Uppsala universitet", "0380"),
        ("Göteborgs universitet", "1480"),
        ("Chalmers tekniska högskola", "1480"),
        ("Umeå universitet", "2480"),
        ("Linköpings universitet", "0580"),
        ("Luleå tekniska universitet", "2580"),
        ("Malmö universitet", "1280"),
        ("Mittuniversitetet", "2281"),
        ("Karlstads universitet", "1780"),
    ],
}
INSTITUTES = {
    "NO": [
        ("SINTEF AS", "5001"),
        ("NORCE Norwegian Research Centre", "4601"),
        ("Nordlandsforskning", "1804"),
        ("Østlandsforskning", "3405"),
        ("NIBR – By- og regionforskningsinstituttet", "0301"),
        ("Møreforsking", "1508"),
        ("Agderforskning", "4204"),
    ],
    "SE": [
        ("RISE Research Institutes of Sweden", "1480"),
        ("IVL Svenska Miljöinstitutet", "0180"),
        ("VTI Statens väg- och transportforskningsinstitut", "0580"),
        ("Skogforsk", "0380"),
        ("Institutet för framtidsstudier", "0180"),
    ],
}
HOSPITALS = {
    "NO": [
        ("Oslo universitetssykehus HF", "0301"),
        ("Helse Bergen HF", "4601"),
        ("St. Olavs hospital HF", "5001"),
        ("Universitetssykehuset Nord-Norge HF", "5501"),
    ],
    "SE": [
        ("Region Stockholm – Karolinska Universitetssjukhuset", "0180"),
        ("Sahlgrenska Universitetssjukhuset", "1480"),
        ("Skånes universitetssjukhus", "1280"),
    ],
}
COMPANY_STEMS = {
    "NO": [
        "Nordlys",
        "Fjord",
        "Fjell",
        "Havbris",
        "Vidde",
        "Bølge",
        "Skog",
        "Nord",
        "Sør",
        "Vest",
        "Øst",
        "Lyng",
        "Tindra",
        "Ærlig",
        "Kyst",
        "Polar",
        "Elv",
        "Bre",
        "Lysglimt",
        "Grønn",
    ],
    "SE": [
        "Norrsken",
        "Älv",
        "Skär",
        "Björk",
        "Gran",
        "Sjö",
        "Fjäll",
        "Öresund",
        "Mälar",
        "Väst",
        "Norr",
        "Syd",
        "Ljus",
        "Åker",
        "Ström",
        "Gläntan",
        "Klippa",
        "Dal",
        "Hav",
        "Grön",
    ],
}
COMPANY_SUFFIX = {
    "NO": [
        "Digital AS",
        "Teknologi AS",
        "Innovasjon AS",
        "Energi AS",
        "Helse AS",
        "Analyse AS",
        "Mobilitet AS",
    ],
    "SE": ["Digital AB", "Teknik AB", "Innovation AB", "Energi AB", "Hälsa AB", "Analys AB", "Mobilitet AB"],
}
NONPROFITS = {
    "NO": ["KS – Kommunesektorens organisasjon", "Norsk Friluftsliv", "Røde Kors", "Kirkens Bymisjon"],
    "SE": ["SKR – Sveriges Kommuner och Regioner", "Röda Korset", "Stadsmissionen", "Friluftsfrämjandet"],
}

TITLE_PARTS = {
    "nb": (
        [
            "Digital tvilling for",
            "Smartere",
            "Fremtidens",
            "Bærekraftig",
            "Innovativ",
            "Trygg",
            "Grønn omstilling i",
            "Velferdsteknologi for",
            "Samskaping om",
            "Brukerreise for",
            "KI-støttet",
            "Ærlig talt om",
        ],
        [
            "vann og avløp",
            "hjemmetjenesten",
            "skolehverdag",
            "kollektivtransport",
            "beredskap",
            "innbyggerdialog",
            "barnehager",
            "eldreomsorg",
            "sentrumsutvikling",
            "næringsliv",
            "bosetting og integrering",
            "byggesak",
        ],
        " i ",
    ),
    "sv": (
        [
            "Digital tvilling för",
            "Smartare",
            "Framtidens",
            "Hållbar",
            "Innovativ",
            "Trygg",
            "Grön omställning i",
            "Välfärdsteknik för",
            "Samskapande kring",
            "Användarresa för",
            "AI-stödd",
            "Ökad delaktighet i",
        ],
        [
            "vatten och avlopp",
            "hemtjänsten",
            "skolvardag",
            "kollektivtrafik",
            "krisberedskap",
            "medborgardialog",
            "förskolor",
            "äldreomsorg",
            "stadsutveckling",
            "näringsliv",
            "integration",
            "bygglov",
        ],
        " i ",
    ),
    "en": (
        [
            "Digital twins for",
            "Smarter",
            "Future",
            "Sustainable",
            "Innovative",
            "Resilient",
            "Green transition in",
            "Welfare technology for",
            "Co-creating",
            "User journeys in",
            "AI-supported",
            "Citizen science for",
        ],
        [
            "water services",
            "home care",
            "schools",
            "public transport",
            "crisis management",
            "civic participation",
            "early childhood",
            "elderly care",
            "urban regeneration",
            "local business",
            "inclusion",
            "planning",
        ],
        " – ",
    ),
}
STATUS = {
    "nb": ["Avsluttet", "Pågående", "Innvilget"],
    "sv": ["Avslutat", "Pågående", "Beviljat"],
    "en": ["Closed", "Ongoing", "Signed"],
}
AMOUNT_WORD = {
    "nb": ("Tildelt:", "kroner"),
    "sv": ("Beviljat belopp:", "kronor"),
    "en": ("EU contribution:", "EUR"),
}


# -------------------------------------------------------------------------------------------- reference data
def raw_dir() -> Path | None:
    candidates = [os.environ.get("FUNDING_RAW_DIR"), str(REPO.parent / "shared"), "/work/shared"]
    for c in candidates:
        if c and (Path(c) / "data").is_dir():
            return Path(c) / "data"
    return None


def _ring_area(ring: list) -> float:
    return sum(x1 * y2 - x2 * y1 for (x1, y1, *_), (x2, y2, *_) in itertools.pairwise(ring)) / 2


def _rewind(geom: dict) -> dict:
    """Exterior rings counter-clockwise, holes clockwise (RFC 7946), coordinates rounded to ~10 m."""

    def fix(poly: list) -> list:
        out = []
        for i, ring in enumerate(poly):
            ring = [[round(x, 4), round(y, 4)] for x, y, *_ in ring]
            ccw = _ring_area(ring) > 0
            if (i == 0) != ccw:
                ring = ring[::-1]
            out.append(ring)
        return out

    if geom["type"] == "Polygon":
        return {"type": "Polygon", "coordinates": fix(geom["coordinates"])}
    return {"type": "MultiPolygon", "coordinates": [fix(p) for p in geom["coordinates"]]}


def _collection(features: list[tuple[str, str, dict]]) -> str:
    return json.dumps(
        {
            "type": "FeatureCollection",
            "features": [
                {"type": "Feature", "id": code, "properties": {"name": name}, "geometry": _rewind(geom)}
                for code, name, geom in features
            ],
        },
        ensure_ascii=False,
        separators=(",", ":"),
    )


@dataclass
class Reference:
    regions: pl.DataFrame  # country, level, code, name, county_code
    geo_shapes: pl.DataFrame  # country, level, geojson
    population: pl.DataFrame  # country, level, code, year, population
    fx_rates: pl.DataFrame  # year, month, nok_per_eur, sek_per_eur
    cpi: pl.DataFrame  # country, year, cpi


# Norwegian counties of 2020-2023 that were split into whole current counties (as the ETL derives them).
FORMER_COUNTIES = [("30", "Viken (–2023)", ["31", "32", "33"]), ("38", "Vestfold og Telemark (–2023)", ["39", "40"]),
                   ("54", "Troms og Finnmark (–2023)", ["55", "56"])]  # fmt: skip


def with_former_counties(regions: pl.DataFrame) -> pl.DataFrame:
    """The regions table as the ETL writes it: a `parts` column and the former counties."""
    current = regions.with_columns(pl.lit(None, pl.List(pl.String)).alias("parts"))
    present = set(current.filter(pl.col("level") == "county")["code"].to_list())
    former = [
        ("NO", "former_county", c, n, c, parts) for c, n, parts in FORMER_COUNTIES if set(parts) <= present
    ]
    return pl.concat([current, pl.DataFrame(former, schema=current.schema, orient="row")])


def load_reference() -> Reference:
    base = raw_dir()
    if base is None:
        print("generate: shared raw data not found; using the built-in fallback regions", file=sys.stderr)
        return fallback_reference()
    regions, shapes, pops = [], [], []
    # Norway: names from SSB KLASS 2024, counties and geometry from the 2024 GeoJSON.
    klass = json.loads((base / "no_kommuner_ssb/ssb_klass131_kommuneinndeling_2024.json").read_text("utf-8"))
    no_munis = {it["code"]: it["name"] for it in klass["classificationItems"] if it["code"] != "9999"}
    fylker = json.loads((base / "no_geo_robhop/fylker_2024_S.geojson").read_text("utf-8"))["features"]
    no_counties = {f["properties"]["id"]: f["properties"]["name"] for f in fylker}
    for code, name in no_munis.items():
        regions.append(("NO", "municipality", code, name, code[:2]))
    for code, name in no_counties.items():
        regions.append(("NO", "county", code, name, code))
    kommuner = json.loads((base / "no_geo_robhop/kommuner_2024_S.geojson").read_text("utf-8"))["features"]
    shapes.append(
        (
            "NO",
            "municipality",
            _collection(
                [
                    (
                        f["properties"]["kommunenummer"],
                        no_munis.get(f["properties"]["kommunenummer"], f["properties"]["name"]),
                        f["geometry"],
                    )
                    for f in kommuner
                ]
            ),
        )
    )
    shapes.append(
        (
            "NO",
            "county",
            _collection([(f["properties"]["id"], f["properties"]["name"], f["geometry"]) for f in fylker]),
        )
    )
    with (base / "population/no_population_b2024.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["level"] in ("county", "municip"):
                level = "county" if row["level"] == "county" else "municipality"
                pops.append(("NO", level, row["code"], int(row["year"]), int(row["population"])))
    # Sweden: codes and names from SCB lists, geometry from okfse.
    with (base / "se_codes_sjbrg/municipality_county.csv").open(encoding="utf-8") as fh:
        se_rows = list(csv.DictReader(fh))
    se_counties = {}
    for r in se_rows:
        regions.append(
            ("SE", "municipality", r["municipality_code"], r["municipality_name_short"], r["county_code"])
        )
        se_counties[r["county_code"]] = r["county_name"]
    for code, name in sorted(se_counties.items()):
        regions.append(("SE", "county", code, name, code))
    se_names = {r["municipality_code"]: r["municipality_name_short"] for r in se_rows}
    kom = json.loads((base / "se_geo_okfse/swedish_municipalities.geojson").read_text("utf-8"))["features"]
    shapes.append(
        (
            "SE",
            "municipality",
            _collection(
                [
                    (
                        f["properties"]["id"],
                        se_names.get(f["properties"]["id"], f["properties"]["kom_namn"]),
                        f["geometry"],
                    )
                    for f in kom
                ]
            ),
        )
    )
    lan = json.loads((base / "se_geo_okfse/swedish_regions.geojson").read_text("utf-8"))["features"]
    shapes.append(
        (
            "SE",
            "county",
            _collection(
                [
                    (
                        f"{f['properties']['l_id']:02d}",
                        se_counties.get(f"{f['properties']['l_id']:02d}", f["properties"]["name"]),
                        f["geometry"],
                    )
                    for f in lan
                ]
            ),
        )
    )
    # Swedish population: published years, interpolated linearly (flat outside) to every year.
    known: dict[str, dict[int, int]] = {}
    with (base / "population/se_population_kommuner.csv").open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            known.setdefault(r["code"], {})[int(r["as_of"][:4])] = int(r["population"])
    county_tot: dict[tuple[str, int], int] = {}
    for code, series in known.items():
        ys = sorted(series)
        for year in YEARS:
            value = round(float(np.interp(year, ys, [series[y] for y in ys])))
            pops.append(("SE", "municipality", code, year, value))
            county_tot[(code[:2], year)] = county_tot.get((code[:2], year), 0) + value
    for (code, year), value in county_tot.items():
        pops.append(("SE", "county", code, year, value))
    fx = pl.read_csv(base / "ecb_fx/ecb_yearly_avg_eur_nok_sek.csv").select(
        "year", pl.lit(None, pl.Int64).alias("month"), "nok_per_eur", "sek_per_eur"
    )
    fxm = pl.read_csv(base / "ecb_fx/ecb_monthly_avg_eur_nok_sek.csv").select(
        "year", "month", "nok_per_eur", "sek_per_eur"
    )
    cpi = pl.read_csv(base / "cpi/cpi_annual_no_se.csv", schema_overrides={"country": pl.Utf8}).select(
        "country", "year", pl.col("cpi_2010_100").alias("cpi")
    )
    return Reference(
        regions=with_former_counties(
            pl.DataFrame(regions, schema=["country", "level", "code", "name", "county_code"], orient="row")
        ),
        geo_shapes=pl.DataFrame(shapes, schema=["country", "level", "geojson"], orient="row"),
        population=pl.DataFrame(
            pops, schema=["country", "level", "code", "year", "population"], orient="row"
        ),
        fx_rates=pl.concat([fx, fxm]).with_columns(
            pl.col("year").cast(pl.Int32), pl.col("month").cast(pl.Int32)
        ),
        cpi=cpi.with_columns(pl.col("year").cast(pl.Int32)),
    )


def fallback_reference() -> Reference:
    """A few real regions with square shapes, for machines without the shared data."""
    munis = [
        ("NO", "0301", "Oslo", "03", "Oslo", 717710, 10.75, 59.91),
        ("NO", "4601", "Bergen", "46", "Vestland", 291189, 5.32, 60.39),
        ("NO", "5001", "Trondheim", "50", "Trøndelag", 214565, 10.39, 63.43),
        ("NO", "5501", "Tromsø", "55", "Troms", 78745, 18.95, 69.65),
        ("NO", "1804", "Bodø", "18", "Nordland", 53712, 14.40, 67.28),
        ("SE", "0180", "Stockholm", "01", "Stockholms län", 984748, 18.07, 59.33),
        ("SE", "1480", "Göteborg", "14", "Västra Götalands län", 604616, 11.97, 57.71),
        ("SE", "1280", "Malmö", "12", "Skåne län", 362133, 13.00, 55.60),
        ("SE", "2480", "Umeå", "24", "Västerbottens län", 131142, 20.26, 63.83),
        ("SE", "2580", "Luleå", "25", "Norrbottens län", 79244, 22.15, 65.58),
    ]
    regions, pops, geo = [], [], {}
    for country, code, name, ccode, cname, pop, lon, lat in munis:
        regions.append((country, "municipality", code, name, ccode))
        if (country, "county", ccode, cname, ccode) not in regions:
            regions.append((country, "county", ccode, cname, ccode))
        sq = {
            "type": "Polygon",
            "coordinates": [
                [
                    [lon - 0.3, lat - 0.15],
                    [lon + 0.3, lat - 0.15],
                    [lon + 0.3, lat + 0.15],
                    [lon - 0.3, lat + 0.15],
                    [lon - 0.3, lat - 0.15],
                ]
            ],
        }
        geo.setdefault((country, "municipality"), []).append((code, name, sq))
        geo.setdefault((country, "county"), []).append((ccode, cname, sq))
        for year in YEARS:
            pops.append((country, "municipality", code, year, pop))
            pops.append((country, "county", ccode, year, pop * 3))
    fx_year = {y: (7.9 + 0.2 * (y - 2008), 9.2 + 0.1 * (y - 2008)) for y in YEARS}
    return Reference(
        regions=with_former_counties(
            pl.DataFrame(regions, schema=["country", "level", "code", "name", "county_code"], orient="row")
        ),
        geo_shapes=pl.DataFrame(
            [(c, lv, _collection(f)) for (c, lv), f in geo.items()],
            schema=["country", "level", "geojson"],
            orient="row",
        ),
        population=pl.DataFrame(
            pops, schema=["country", "level", "code", "year", "population"], orient="row"
        ),
        fx_rates=pl.DataFrame(
            [(y, None, a, b) for y, (a, b) in fx_year.items()],
            schema={
                "year": pl.Int32,
                "month": pl.Int32,
                "nok_per_eur": pl.Float64,
                "sek_per_eur": pl.Float64,
            },
            orient="row",
        ),
        cpi=pl.DataFrame(
            [(c, y, 100 * (1.025 ** (y - 2010))) for c in ("NO", "SE") for y in range(2000, 2025)],
            schema={"country": pl.Utf8, "year": pl.Int32, "cpi": pl.Float64},
            orient="row",
        ),
    )


# ---------------------------------------------------------------------------------------------- organisations
def build_organisations(ref: Reference, rng: np.random.Generator) -> pl.DataFrame:
    """Recipients: every municipality and county, universities, institutes, hospitals, companies and
    non-profits."""
    rows = []
    munis = ref.regions.filter(pl.col("level") == "municipality")
    pop = ref.population.filter((pl.col("level") == "municipality") & (pl.col("year") == 2024)).select(
        "country", "code", "population"
    )
    weights = munis.join(pop, on=["country", "code"], how="left").with_columns(
        pl.col("population").fill_null(5000)
    )
    for r in munis.iter_rows(named=True):
        suffix = " kommune" if r["country"] == "NO" else " kommun"
        if r["country"] == "SE" and r["name"] in ("Stockholm", "Göteborg", "Malmö"):
            suffix = " stad"
        rows.append(
            (
                f"{r['country'].lower()}-m-{r['code']}",
                r["name"] + suffix,
                None,
                r["country"],
                "Municipality",
                r["code"],
            )
        )
    for r in ref.regions.filter(pl.col("level") == "county").iter_rows(named=True):
        name = (
            f"{r['name']} fylkeskommune"
            if r["country"] == "NO"
            else f"Region {r['name'].replace(' län', '')}"
        )
        first = munis.filter((pl.col("country") == r["country"]) & (pl.col("county_code") == r["code"]))
        muni = first["code"][0] if first.height else None
        rows.append((f"{r['country'].lower()}-c-{r['code']}", name, None, r["country"], "County", muni))
    valid = set(zip(munis["country"], munis["code"], strict=True))
    for kind, table in (
        ("University", UNIVERSITIES),
        ("Research institute", INSTITUTES),
        ("Hospital", HOSPITALS),
    ):
        for country, items in table.items():
            for i, (name, code) in enumerate(items):
                code = code if (country, code) in valid else None
                rows.append((f"{country.lower()}-{kind[:3].lower()}-{i}", name, None, country, kind, code))
    for country in ("NO", "SE"):
        w = weights.filter(pl.col("country") == country)
        p = w["population"].to_numpy().astype(float)
        codes = w["code"].to_list()
        stems, suffixes = COMPANY_STEMS[country], COMPANY_SUFFIX[country]
        n = 1500
        picks = rng.choice(len(codes), size=n, p=p / p.sum())
        for i in range(n):  # a small fixed pool of organisations, not one per grant
            name = (
                f"{stems[i % len(stems)]}{['', 'tek', 'data', 'lab', 'vekst'][i // len(stems) % 5]} "
                f"{suffixes[(i // 100) % len(suffixes)]}"
            )
            if i >= len(stems) * 5 * len(suffixes):
                name = f"{name} {i}"
            orgno = f"{9_000_000_00 + i:09d}" if country == "NO" else f"556{i:03d}-{i * 7 % 10000:04d}"
            rows.append((f"{country.lower()}-co-{i}", name, orgno, country, "Company", codes[picks[i]]))
        for i, name in enumerate(NONPROFITS[country]):
            rows.append((f"{country.lower()}-np-{i}", name, None, country, "Non-profit", codes[0]))
    orgs = pl.DataFrame(
        rows,
        schema={
            c: pl.Utf8 for c in ("org_id", "name", "org_number", "country", "org_type", "municipality_code")
        },
        orient="row",
    )
    return orgs.unique("org_id", keep="first", maintain_order=True)


# ------------------------------------------------------------------------------------------------ grants
def year_weights() -> np.ndarray:
    w = np.array([1 + 0.09 * (y - 2008) for y in YEARS])
    w[-1] *= 0.35  # the current year is partial
    return w / w.sum()


def segment_sizes(rows: int) -> list[tuple[str, int, int]]:
    """(country, year, n) in sort order; sizes sum exactly to rows."""
    shares = []
    for country, cshare in (("NO", 0.55), ("SE", 0.45)):
        for year, ys in zip(YEARS, year_weights(), strict=True):
            shares.append((country, year, cshare * ys))
    raw = np.array([s for _, _, s in shares]) * rows
    n = np.floor(raw).astype(int)
    rest = rows - n.sum()
    n[np.argsort(raw - n)[::-1][:rest]] += 1
    return [(c, y, int(k)) for (c, y, _), k in zip(shares, n, strict=True)]


class Generator:
    """Draws grants as integer codes (indices into small lookup tables); SQL turns them into strings."""

    RTYPES = (
        "Municipality",
        "County",
        "University",
        "Research institute",
        "Company",
        "Hospital",
        "Non-profit",
    )

    def __init__(self, ref: Reference, orgs: pl.DataFrame, seed: int):
        self.seed = seed
        self.fidx = {f.id: i for i, f in enumerate(FUNDERS)}
        orgs = orgs.with_row_index("org_i")
        self.orgs = orgs
        counties = ref.regions.filter(pl.col("level") == "county").select(
            "country", "code", pl.col("name").alias("county_name")
        )
        pop = ref.population.filter((pl.col("level") == "municipality") & (pl.col("year") == 2024)).select(
            "country", "code", "population"
        )
        muni = (
            ref.regions.filter(pl.col("level") == "municipality")
            .join(pop, on=["country", "code"], how="left")
            .join(counties, left_on=["country", "county_code"], right_on=["country", "code"], how="left")
            .with_columns(pl.col("population").fill_null(5000))
            .sort("country", "code")
            .with_row_index("muni_i")
        )
        self.muni = muni  # global municipality table: muni_i, country, code, name, county_code, county_name
        self.by_country = {}
        for country in ("NO", "SE"):
            m = muni.filter(pl.col("country") == country)
            p = m["population"].to_numpy().astype(float)
            idx = m["muni_i"].to_numpy().astype(np.int64)
            county = m["county_code"].to_list()
            sf = np.array([self.fidx[self.sf_of(c)] for c in county]) if country == "NO" else None
            org_of = dict(
                zip(
                    orgs.filter((pl.col("country") == country) & (pl.col("org_type") == "Municipality"))[
                        "municipality_code"
                    ].to_list(),
                    orgs.filter((pl.col("country") == country) & (pl.col("org_type") == "Municipality"))[
                        "org_i"
                    ].to_list(),
                    strict=True,
                )
            )
            county_org = {
                c: i
                for c, i in zip(
                    orgs.filter((pl.col("country") == country) & (pl.col("org_type") == "County"))[
                        "org_id"
                    ].to_list(),
                    orgs.filter((pl.col("country") == country) & (pl.col("org_type") == "County"))[
                        "org_i"
                    ].to_list(),
                    strict=True,
                )
            }
            muni_org = np.array([org_of.get(c, 0) for c in m["code"].to_list()], dtype=np.int64)
            cnty_org = np.array(
                [county_org.get(f"{country.lower()}-c-{c}", 0) for c in county], dtype=np.int64
            )
            self.by_country[country] = dict(
                idx=idx, p=p / p.sum(), sf=sf, muni_org=muni_org, county_org=cnty_org
            )
        code_to_i = {(c, k): i for i, c, k in muni.select("muni_i", "country", "code").iter_rows()}
        self.pools: dict[tuple[str, str], tuple[np.ndarray, np.ndarray]] = {}
        for (country, otype), frame in orgs.group_by(["country", "org_type"]):
            frame = frame.sort("org_i")
            mi = np.array([code_to_i.get((country, c), -1) for c in frame["municipality_code"].to_list()])
            self.pools[(country, otype)] = (frame["org_i"].to_numpy().astype(np.int64), mi)

    @staticmethod
    def sf_of(county: str) -> str:
        return next((fid for fid, _, cs in SF if county in cs), "no-sf-oslo-og-viken")

    def segment(self, country: str, year: int, n: int, offset: int) -> tuple[pl.DataFrame, pl.DataFrame]:
        rng = np.random.default_rng([self.seed, offset, year, ord(country[0])])
        cc = self.by_country[country]
        # --- funder: a funder group by weight; county governors by the recipient's county
        weights = NO_WEIGHTS if country == "NO" else SE_WEIGHTS
        names = [
            k
            for k in weights
            if k == "SF" or FUNDERS[self.fidx[k]].years[0] <= year <= FUNDERS[self.fidx[k]].years[1]
        ]
        w = np.array([weights[k] for k in names], dtype=float)
        cat = rng.choice(len(names), size=n, p=w / w.sum())
        local = rng.choice(len(cc["idx"]), size=n, p=cc["p"])  # index within this country's municipalities
        funder_idx = np.array([self.fidx.get(k, -1) for k in names])[cat]
        if "SF" in names:
            funder_idx = np.where(np.array(names)[cat] == "SF", cc["sf"][local], funder_idx)
        f_currency = np.array([f.currency for f in FUNDERS])[funder_idx]
        f_median = np.array([f.median for f in FUNDERS])[funder_idx]
        f_sigma = np.array([f.sigma for f in FUNDERS])[funder_idx]
        f_lang = np.array([f.language for f in FUNDERS])[funder_idx]
        f_lang = np.where((f_lang == "nb") & (rng.random(n) < 0.08), "nn", f_lang)
        f_lang = np.where((f_lang == "sv") & (rng.random(n) < 0.05), "en", f_lang)
        # --- recipient type and organisation; the place is the recipient's municipality
        rtype_p = np.array([[f.recipient_types.get(t, 0.0) for t in self.RTYPES] for f in FUNDERS])
        cum = np.cumsum(rtype_p[funder_idx], axis=1)
        cum = cum / cum[:, -1:]
        rt = np.minimum((rng.random(n)[:, None] > cum).sum(axis=1), len(self.RTYPES) - 1)
        org_i = np.zeros(n, dtype=np.int64)
        muni_i = cc["idx"][local].copy()
        for k, t in enumerate(self.RTYPES):
            mask = rt == k
            m = int(mask.sum())
            if not m:
                continue
            if t == "Municipality":
                org_i[mask] = cc["muni_org"][local[mask]]
            elif t == "County":
                org_i[mask] = cc["county_org"][local[mask]]
            else:
                pool_org, pool_muni = self.pools.get((country, t)) or self.pools[(country, "Company")]
                # skewed: a few organisations receive many grants
                pick = np.minimum((rng.pareto(1.1, m) * len(pool_org) / 8).astype(int), len(pool_org) - 1)
                org_i[mask] = pool_org[pick]
                pm = pool_muni[pick]
                muni_i[mask] = np.where(pm >= 0, pm, muni_i[mask])
        unknown = rng.random(n) < 0.10
        county_only = (~unknown) & (rng.random(n) < 0.02) & (rt != 0)
        place_kind = np.where(unknown, 2, np.where(county_only, 1, 0))
        # --- amounts (log-normal around the funder's median; 3 % state no amount)
        amount = np.exp(np.log(f_median) + f_sigma * rng.standard_normal(n))
        amount = np.where(f_currency == "EUR", np.round(amount, 0), np.round(amount, -3))
        amount = np.maximum(amount, np.where(f_currency == "EUR", 5_000, 50_000))
        amount = np.where(rng.random(n) < 0.03, np.nan, amount)
        # --- dates, themes, titles
        start_month = rng.integers(1, 13, n)
        end_total = (year * 12 + start_month - 1) + rng.integers(6, 49, n)
        theme_idx = rng.choice(len(THEMES), size=n, p=THEME_WEIGHTS / THEME_WEIGHTS.sum())
        second = (theme_idx + rng.integers(1, len(THEMES), n)) % len(THEMES)
        third = (second + rng.integers(1, len(THEMES) - 1, n)) % len(THEMES)
        third = np.where(third == theme_idx, (third + 1) % len(THEMES), third)
        lang_key = np.where(np.isin(f_lang, ["nb", "nn"]), "nb", np.where(f_lang == "sv", "sv", "en"))
        rows_u = np.arange(offset, offset + n, dtype=np.uint64)
        frame = pl.DataFrame(
            {
                "row": rows_u,
                "gid": grant_hash(rows_u),
                "funder_i": funder_idx.astype(np.int32),
                "rtype": np.array(self.RTYPES)[rt],
                "org_i": org_i.astype(np.int64),
                "country": np.full(n, country),
                "amount": amount,
                "currency": f_currency,
                "year": np.full(n, year, dtype=np.int32),
                "start_month": start_month.astype(np.int32),
                "end_year": (end_total // 12).astype(np.int32),
                "end_month": (end_total % 12 + 1).astype(np.int32),
                "date_fmt": rng.choice(3, size=n, p=[0.7, 0.2, 0.1]).astype(np.int32),
                "muni_i": muni_i.astype(np.int64),
                "place_kind": place_kind.astype(np.int32),
                "theme_i": theme_idx.astype(np.int32),
                "theme2_i": second.astype(np.int32),
                "theme3_i": third.astype(np.int32),
                "n_themes": rng.choice([1, 2, 3], size=n, p=[0.45, 0.4, 0.15]).astype(np.int32),
                "title_a": rng.integers(0, 12, n).astype(np.int32),
                "title_b": rng.integers(0, 12, n).astype(np.int32),
                "with_place": rng.random(n) < 0.35,
                "lang": f_lang,
                "lang_key": lang_key,
                "place_method": rng.choice(3, size=n, p=[0.6, 0.3, 0.1]).astype(np.int32),
                "status_i": np.where(end_total // 12 < 2026, 0, rng.integers(1, 3, n)).astype(np.int32),
                "doc_i": rng.integers(0, 4000, n).astype(np.int32),
                "r1": rng.integers(0, 1_000_000, n).astype(np.int32),
            }
        ).with_columns(pl.col("amount").fill_nan(None))
        # --- partners: a quarter of the non-municipal grants name 1-3 partners
        n_partners = np.where((rt != 0) & (rng.random(n) < 0.25), rng.integers(1, 4, n), 0)
        pool = np.concatenate(
            [
                self.pools[(country, t)][0]
                for t in ("University", "Company", "Municipality", "Research institute")
                if (country, t) in self.pools
            ]
        )
        total_p = int(n_partners.sum())
        p_grant = np.repeat(np.arange(n), n_partners).astype(np.uint64) + np.uint64(offset)
        p_pos = np.arange(total_p) - np.repeat(np.cumsum(n_partners) - n_partners, n_partners) + 1
        partners = pl.DataFrame(
            {
                "row": p_grant,
                "gid": grant_hash(p_grant),
                "position": p_pos.astype(np.int32),
                "org_i": pool[rng.integers(0, len(pool), total_p)].astype(np.int64),
            }
        )
        return frame, partners


def grant_hash(rows: np.ndarray) -> np.ndarray:
    """A bijection of the row number onto 64 bits (multiplication by an odd constant wraps mod 2**64)."""
    with np.errstate(over="ignore"):
        return (rows * np.uint64(11400714819323198485)) ^ np.uint64(6148914691236517205)


def dims(con: duckdb.DuckDBPyConnection, ref: Reference) -> None:
    """Small lookup tables the insert SQL joins (dropped at the end)."""
    fr = pl.DataFrame(
        {
            "funder_i": list(range(len(FUNDERS))),
            "funder_id": [f.id for f in FUNDERS],
            "names": [f.names for f in FUNDERS],
            "programmes": [f.programmes for f in FUNDERS],
            "source_id": [f.source_id for f in FUNDERS],
            "genre": [f.genre for f in FUNDERS],
            "url": [f.url for f in FUNDERS],
            "ftype": [f.ftype for f in FUNDERS],
        },
        schema_overrides={"funder_i": pl.Int32},
    )
    con.register("fr_in", fr)
    con.execute("CREATE TEMP TABLE d_funder AS SELECT * FROM fr_in")
    th = pl.DataFrame(
        {
            "theme_i": list(range(len(THEMES))),
            "theme_id": [t[0] for t in THEMES],
            "terms": [t[4] for t in THEMES],
        },
        schema_overrides={"theme_i": pl.Int32},
    )
    con.register("th_in", th)
    con.execute("CREATE TEMP TABLE d_theme AS SELECT * FROM th_in")
    words = pl.DataFrame(
        {
            "lang_key": list(TITLE_PARTS),
            "a": [v[0] for v in TITLE_PARTS.values()],
            "b": [v[1] for v in TITLE_PARTS.values()],
            "sep": [v[2] for v in TITLE_PARTS.values()],
            "status": [STATUS[k] for k in TITLE_PARTS],
            "amount_word": [AMOUNT_WORD[k][0] for k in TITLE_PARTS],
            "unit_word": [AMOUNT_WORD[k][1] for k in TITLE_PARTS],
        }
    )
    con.register("w_in", words)
    con.execute("CREATE TEMP TABLE d_words AS SELECT * FROM w_in")


def dims_gen(con: duckdb.DuckDBPyConnection, gen: Generator) -> None:
    con.register("o_in", gen.orgs.select("org_i", "org_id", "name", "org_number"))
    con.execute(
        "CREATE TEMP TABLE d_org AS SELECT CAST(org_i AS BIGINT) AS org_i, * EXCLUDE (org_i) FROM o_in"
    )
    con.register("m_in", gen.muni.select("muni_i", "code", "name", "county_code", "county_name"))
    con.execute(
        "CREATE TEMP TABLE d_muni AS SELECT CAST(muni_i AS BIGINT) AS muni_i, * EXCLUDE (muni_i) FROM m_in"
    )


INSERT_SQL = """
INSERT INTO grants BY NAME
SELECT
    'g-' || lpad(lower(to_hex(gid)), 16, '0')                                 AS grant_id,
    source_id,
    source_id || ':' || CAST(row AS VARCHAR)                                 AS record_key,
    CASE WHEN genre <> 'bulk' THEN 'doc-' || lpad(CAST(doc_i AS VARCHAR), 5, '0') END AS document_id,
    'g-' || lpad(lower(to_hex(gid)), 16, '0')                                 AS cluster_id,
    true                                                                     AS is_primary,
    funder_id,
    CASE WHEN ftype = 'county_governor' AND year < 2021 THEN names[1]
         WHEN ftype = 'county_governor' THEN names[2]
         ELSE names[1 + (r1 % len(names))] END                               AS funder_as_written,
    org_name                                                                 AS recipient,
    org_id                                                                   AS recipient_org_id,
    org_number                                                               AS recipient_org_number,
    rtype                                                                    AS recipient_type,
    country                                                                  AS recipient_country,
    a[1 + title_a] || ' ' || b[1 + title_b]
        || CASE WHEN with_place AND muni_name IS NOT NULL THEN sep || muni_name ELSE '' END AS title,
    programmes[1 + (r1 // 7) % len(programmes)]                             AS programme,
    CASE WHEN r1 % 3 = 0 THEN terms1[1 + (r1 // 3) % len(terms1)] END        AS theme_text,
    amount,
    currency,
    round(eur * nok_per_eur, 2)                                              AS amount_nok,
    round(eur * sek_per_eur, 2)                                              AS amount_sek,
    round(eur, 2)                                                            AS amount_eur,
    CASE WHEN amount IS NOT NULL THEN 'ECB annual average ' || CAST(year AS VARCHAR) END AS fx_method,
    year                                                                     AS award_year,
    CASE date_fmt WHEN 0 THEN printf('%04d-%02d-%02d', year, start_month, 1 + r1 % 28)
                  WHEN 1 THEN printf('%04d-%02d', year, start_month)
                  ELSE CAST(year AS VARCHAR) END                             AS start_date,
    CASE date_fmt WHEN 0 THEN printf('%04d-%02d-%02d', end_year, end_month, 1 + (r1 // 11) % 28)
                  WHEN 1 THEN printf('%04d-%02d', end_year, end_month)
                  ELSE CAST(end_year AS VARCHAR) END                         AS end_date,
    muni                                                                     AS municipality_code,
    muni_name                                                                AS municipality,
    county                                                                   AS county_code,
    county_name                                                              AS county,
    muni                                                                     AS region_code_at_award,
    CASE WHEN county IS NULL THEN NULL WHEN place_method = 0 THEN 'code'
         WHEN place_method = 1 THEN 'name' ELSE 'org-number' END             AS place_method,
    t1                                                                       AS theme_primary,
    CASE n_themes WHEN 1 THEN [t1] WHEN 2 THEN [t1, t2] ELSE [t1, t2, t3] END AS themes,
    CASE WHEN source_id LIKE 'swecris%' THEN printf('%04d-%05d', year, r1 % 100000)
         WHEN source_id = 'nfr_h2020' THEN CAST(600000 + r1 AS VARCHAR)
         ELSE printf('%02d/%d', year % 100, r1 % 9000) END                   AS reference,
    statuses[1 + status_i]                                                   AS status,
    url || CASE WHEN source_id LIKE 'swecris%' THEN printf('%04d%05d', year, r1 % 100000)
                ELSE CAST(gid % 1000000 AS VARCHAR) END                      AS source_url,
    CASE WHEN amount IS NOT NULL THEN amount_word || ' '
         || replace(format('{:,}', CAST(amount AS BIGINT)), ',', ' ') || ' ' || unit_word END AS amount_text,
    genre,
    lang                                                                     AS language,
    CASE WHEN genre = 'bulk' THEN 1.0 ELSE 0.6 + (r1 % 40) / 100.0 END       AS confidence
FROM (
    SELECT c.*, f.funder_id, f.names, f.programmes, f.source_id, f.genre, f.url, f.ftype,
           t1.theme_id AS t1, t2.theme_id AS t2, t3.theme_id AS t3, t1.terms AS terms1,
           w.a, w.b, w.sep, w.status AS statuses, w.amount_word, w.unit_word,
           o.org_id, o.name AS org_name, o.org_number,
           CASE WHEN c.place_kind = 0 THEN m.code END AS muni,
           CASE WHEN c.place_kind = 0 THEN m.name END AS muni_name,
           CASE WHEN c.place_kind < 2 THEN m.county_code END AS county,
           CASE WHEN c.place_kind < 2 THEN m.county_name END AS county_name,
           x.nok_per_eur, x.sek_per_eur,
           CASE c.currency WHEN 'NOK' THEN c.amount / x.nok_per_eur WHEN 'SEK' THEN c.amount / x.sek_per_eur
                ELSE c.amount END AS eur
    FROM seg AS c
    JOIN d_funder AS f USING (funder_i)
    JOIN d_theme AS t1 ON t1.theme_i = c.theme_i
    JOIN d_theme AS t2 ON t2.theme_i = c.theme2_i
    JOIN d_theme AS t3 ON t3.theme_i = c.theme3_i
    JOIN d_words AS w USING (lang_key)
    JOIN d_org AS o USING (org_i)
    JOIN d_muni AS m USING (muni_i)
    LEFT JOIN fx_rates AS x ON x.year = c.year AND x.month IS NULL
) AS s
ORDER BY row
"""


def write(out: Path, rows: int, seed: int, schema_only: bool = False) -> dict:
    t0 = time.time()
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    for p in (tmp, tmp.with_name(tmp.name + ".wal")):
        p.unlink(missing_ok=True)
    con = duckdb.connect(str(tmp))
    con.execute((REPO / "etl/schema.sql").read_text(encoding="utf-8"))
    if schema_only:
        con.execute((REPO / "etl/facts.sql").read_text(encoding="utf-8"))
        con.close()
        os.replace(tmp, out)
        return {"rows": 0, "seconds": round(time.time() - t0, 1)}
    rng = np.random.default_rng(seed)
    ref = load_reference()
    for name, frame in (
        ("regions", ref.regions),
        ("geo_shapes", ref.geo_shapes),
        ("population", ref.population),
        ("fx_rates", ref.fx_rates),
        ("cpi", ref.cpi),
    ):
        con.register("incoming", frame)
        con.execute(f"CREATE TABLE {name} AS SELECT * FROM incoming")
        con.unregister("incoming")
    registry = tomllib.loads((REPO / "etl/sources.toml").read_text(encoding="utf-8"))
    sources = pl.DataFrame(
        [
            {
                k: s.get(k)
                for k in ("id", "kind", "title", "scope", "licence", "licence_url", "attribution", "homepage")
            }
            for s in registry["source"]
        ]
    )
    con.register("incoming", sources.rename({"id": "source_id"}))
    con.execute("INSERT INTO sources BY NAME SELECT * FROM incoming")
    files = [
        {
            "source_id": s["id"],
            "path": f["path"],
            "sha256": f.get("sha256"),
            "url": f.get("url"),
            "origin": f.get("origin"),
            "present": True,
        }
        for s in registry["source"]
        for f in s.get("files", [])
    ]
    con.register("incoming", pl.DataFrame(files))
    con.execute("INSERT INTO source_files BY NAME SELECT * FROM incoming")
    con.register(
        "incoming",
        pl.DataFrame(
            {
                "funder_id": [f.id for f in FUNDERS],
                "name": [f.name for f in FUNDERS],
                "short_name": [f.short for f in FUNDERS],
                "country": [f.country for f in FUNDERS],
                "funder_type": [f.ftype for f in FUNDERS],
            }
        ),
    )
    con.execute("INSERT INTO funders BY NAME SELECT * FROM incoming")
    con.register(
        "incoming",
        pl.DataFrame(
            {
                "theme_id": [t[0] for t in THEMES],
                "label_en": [t[1] for t in THEMES],
                "label_nb": [t[2] for t in THEMES],
                "label_sv": [t[3] for t in THEMES],
            }
        ),
    )
    con.execute("INSERT INTO themes BY NAME SELECT * FROM incoming")
    orgs = build_organisations(ref, rng)
    con.register("incoming", orgs)
    con.execute("INSERT INTO organisations BY NAME SELECT * FROM incoming")
    con.unregister("incoming")
    # source documents: the pages document-sourced grants come from, plus pages without grants / quarantined
    docs = pl.DataFrame({"i": np.arange(4300, dtype=np.int64)})
    con.register("docs_in", docs)
    con.execute("""
        INSERT INTO source_documents
        SELECT 'doc-' || lpad(CAST(i AS VARCHAR), 5, '0'),
               CASE WHEN i % 2 = 0 THEN 'corpus_dev' ELSE 'corpus_seeds' END,
               'docs/page_' || CAST(i AS VARCHAR) || CASE WHEN i % 5 = 0 THEN '.html' ELSE '.txt' END,
               sha256(CAST(i AS VARCHAR)), 2000 + (i * 37) % 50000,
               ['allocation_page', 'news', 'project_page', 'prize_page'][1 + i % 4],
               ['nb', 'sv', 'en', 'nn'][1 + i % 4],
               CASE WHEN i < 4000 THEN 'records' WHEN i < 4250 THEN 'no_grant' ELSE 'quarantined' END,
               0, 'https://example.org/page/' || CAST(i AS VARCHAR), NULL
        FROM docs_in""")
    con.execute("""
        INSERT INTO quarantine
        SELECT document_id, source_id, path,
               ['empty', 'encoding', 'binary', 'too_large', 'unknown_genre', 'parse_error']
                   [1 + CAST(substr(document_id, 5) AS INT) % 6],
               'Synthetic: ' || ['file is empty', 'not valid UTF-8 (byte 0xE6 at 1204)',
                                 'binary content (PDF)',
                                 'larger than 5 MB', 'no parser recognises this page',
                                 'amount column unreadable: «kr 1,2 mill.»']
                   [1 + CAST(substr(document_id, 5) AS INT) % 6]
        FROM source_documents WHERE status = 'quarantined'""")
    con.execute("BEGIN TRANSACTION")
    dims(con, ref)
    gen = Generator(ref, orgs, seed)
    dims_gen(con, gen)
    offset = 0
    for country, year, n in segment_sizes(rows):
        if n == 0:
            continue
        seg, partners = gen.segment(country, year, n, offset)
        con.register("seg", seg)
        con.execute(INSERT_SQL)
        con.unregister("seg")
        if partners.height:
            con.register("p_in", partners)
            con.execute("""
                INSERT INTO grant_partners
                SELECT 'g-' || lpad(lower(to_hex(gid)), 16, '0'), position, o.name, o.org_id
                FROM p_in JOIN d_org AS o USING (org_i) ORDER BY row, position""")
            con.unregister("p_in")
        offset += n
    print(f"generate: grants and partners in {time.time() - t0:.1f} s", file=sys.stderr)
    # theme evidence: one matched term per theme of every grant
    con.execute("""
        INSERT INTO grant_theme_evidence
        SELECT grant_id, theme_id,
               CASE WHEN pos = 1 AND theme_text IS NOT NULL THEN 'theme_text'
                    WHEN (hash(grant_id) + pos) % 3 = 0
                    THEN 'programme' ELSE 'title' END,
               terms[1 + CAST((hash(grant_id) + pos) % len(terms) AS INT)]
        FROM (SELECT grant_id, theme_text, unnest(themes) AS theme_id,
                     unnest(range(1, len(themes) + 1)) AS pos
              FROM grants) AS g
        JOIN d_theme USING (theme_id)""")
    print(f"generate: theme evidence at {time.time() - t0:.1f} s", file=sys.stderr)
    conflict_cols = {
        r[0]
        for r in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'conflicts'"
        ).fetchall()
    }
    if "detail" in conflict_cols:  # older schema: one row per cluster and field, values as JSON
        con.execute("""
            INSERT INTO conflicts BY NAME
            SELECT cluster_id, 'amount' AS field,
                   json_object(source_id, amount, 'corpus_dev', round(amount * 1.1, -3))::VARCHAR AS detail
            FROM grants WHERE hash(grant_id) % 200 = 0 AND amount IS NOT NULL""")
    else:  # one row per record and field: the counted value and another source's
        con.execute("""
            INSERT INTO conflicts BY NAME
            SELECT cluster_id, 'amount' AS field, grant_id, source_id,
                   CAST(amount AS VARCHAR) AS value, true AS is_primary
            FROM grants WHERE hash(grant_id) % 200 = 0 AND amount IS NOT NULL
            UNION ALL
            SELECT cluster_id, 'amount', grant_id, 'corpus_dev', CAST(round(amount * 1.1, -3) AS VARCHAR), false
            FROM grants WHERE hash(grant_id) % 200 = 0 AND amount IS NOT NULL""")
    con.execute("""
        INSERT INTO funder_names
        SELECT funder_id, funder_as_written, CAST(count(*) AS INTEGER)
        FROM grants GROUP BY ALL ORDER BY ALL""")
    con.execute("""
        UPDATE source_documents SET n_records = c.n
        FROM (SELECT document_id, CAST(count(*) AS INTEGER) AS n FROM grants WHERE document_id IS NOT NULL
              GROUP BY ALL) AS c
        WHERE source_documents.document_id = c.document_id""")
    con.execute("""
        INSERT INTO removed_rows
        SELECT 'swecris_other', 'swecris_other:dup-' || CAST(i AS VARCHAR),
               'repeats a Vinnova project (synthetic)'
        FROM range(25) AS t(i)""")
    summary = json.dumps({"synthetic": True, "rows": rows, "seed": seed})
    now = dt.datetime.now().replace(microsecond=0)
    con.execute(
        "INSERT INTO etl_runs VALUES (?, ?, ?, ?, ?, ?)",
        [
            f"synthetic-{seed}-{rows}",
            now - dt.timedelta(seconds=int(time.time() - t0)),
            now,
            f"synthetic-{seed}-{rows}",
            "bench/generate.py",
            summary,
        ],
    )
    for t in ("d_funder", "d_theme", "d_words", "d_org", "d_muni"):
        con.execute(f"DROP TABLE {t}")
    con.execute("COMMIT")
    # grant_facts is materialised from the filled tables, as the ETL's load does.
    print(f"generate: grant_facts at {time.time() - t0:.1f} s", file=sys.stderr)
    con.execute((REPO / "etl/facts.sql").read_text(encoding="utf-8"))
    print(f"generate: checkpoint at {time.time() - t0:.1f} s", file=sys.stderr)
    con.execute("CHECKPOINT")
    con.close()
    os.replace(tmp, out)
    tmp.with_name(tmp.name + ".wal").unlink(missing_ok=True)
    return {"rows": rows, "seconds": round(time.time() - t0, 1)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=10_000, help="number of counted grants (default 10 000)")
    ap.add_argument("--out", type=Path, required=True, help="DuckDB file to write (replaced atomically)")
    ap.add_argument("--seed", type=int, default=20240101)
    ap.add_argument("--schema-only", action="store_true", help="tables and views only, every table empty")
    args = ap.parse_args(argv)
    result = write(args.out, args.rows, args.seed, schema_only=args.schema_only)
    print(f"generate: wrote {args.out} ({result['rows']:,} grants) in {result['seconds']} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
