"""Region resolution against the real SSB / SCB code lists and the names in the corpus gold files.

Expected codes are looked up in the raw code files with the csv module, not written into the tests.
"""

from __future__ import annotations

import csv
import json
import re
from functools import cache

import polars as pl
import pytest

from etl.bulk import nfr
from etl.config import load_settings
from etl.reference.regions import SEATS_PATH, RegionResolver, add_places, name_key, read_seats

RAW = load_settings().raw_dir
SSB_VERSIONS = RAW / "data" / "no_kommuner_ssb" / "kommuneinndeling_versions_1971_2024.csv"
SE_MUNICIPALITIES = RAW / "data" / "se_codes_sjbrg" / "municipalities.csv"


@pytest.fixture(scope="module")
def resolver() -> RegionResolver:
    return RegionResolver.from_raw_dir(RAW)


@cache
def _ssb_rows() -> list[dict]:
    with SSB_VERSIONS.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def ssb_code(name: str, version_year: int) -> str:
    """The code SSB gives kommune `name` in the version that starts in `version_year`."""
    hits = {
        r["kommunenummer"]
        for r in _ssb_rows()
        if r["valid_from"].startswith(str(version_year)) and r["kommunenavn"] == name
    }
    assert len(hits) == 1, (name, version_year, hits)
    return hits.pop()


def scb_code(short_name: str) -> str:
    with SE_MUNICIPALITIES.open(newline="", encoding="utf-8") as fh:
        return next(
            r["municipality_code"] for r in csv.DictReader(fh) if r["municipality_name_short"] == short_name
        )


@pytest.mark.parametrize(
    ("text", "year", "name_2024"),
    [
        ("Bærum", 2020, "Bærum"),
        ("Indre Østfold", 2020, "Indre Østfold"),
        ("Oslo", 2020, "Oslo"),
        ("Vågå kommune", 2021, "Vågå"),
        ("Askøy kommune", 2014, "Askøy"),
        ("Sør-Varanger", None, "Sør-Varanger"),
        ("Hammerfest", None, "Hammerfest - Hámmerfeasta"),
        ("Tana", None, "Deatnu - Tana"),
        ("Kongsberg", 2020, "Kongsberg"),
        ("Helseetaten i Oslo kommune", 2020, "Oslo"),
        ("HARSTAD KOMMUNE / HÁRSTTÁID SUOHKAN", 2018, "Harstad - Hárstták"),
        ("Fjell", 2014, "Øygarden"),  # merged into Øygarden in 2020
        ("Haram", 2019, "Haram"),  # into Ålesund 2020, out again 2024
    ],
)
def test_norwegian_municipal_names(resolver, text, year, name_2024):
    place = resolver.resolve(text, "NO", year)
    assert place is not None
    assert place.municipality_code == ssb_code(name_2024, 2024)
    assert place.county_code == place.municipality_code[:2]
    assert place.method == "name"


def test_code_at_award_and_today_across_the_2020_and_2024_reforms(resolver):
    place = resolver.resolve("Bærum", "NO", 2020)
    assert place.municipality_code_at_award == ssb_code("Bærum", 2020)
    assert place.municipality_code == ssb_code("Bærum", 2024)
    assert (place.county_code, place.county) == ("32", "Akershus")
    old = resolver.resolve("Bærum", "NO", 2016)
    assert old.municipality_code_at_award == ssb_code("Bærum", 2015)


@pytest.mark.parametrize(
    ("county_2020", "counties_2024"), [("30", {"31", "32", "33"}), ("38", {"39", "40"}), ("54", {"55", "56"})]
)
def test_split_counties_map_every_kommune_to_a_new_county(resolver, county_2020, counties_2024):
    codes = {
        r["kommunenummer"]
        for r in _ssb_rows()
        if r["valid_from"] == "2020-01-01" and r["fylkesnummer"] == county_2020
    }
    assert codes
    seen = set()
    for code in codes:
        place = resolver.resolve(code, "NO", 2021)
        assert place is not None and place.method == "code"
        assert place.municipality_code_at_award == code
        assert place.county_code in counties_2024
        seen.add(place.county_code)
    assert seen == counties_2024


def test_codes_from_another_version_than_the_award_year(resolver):
    # Horizon 2020 rows carry 2020 codes for 2016 grants; soknader2 carries 2024 codes for 2013 grants.
    place = resolver.resolve("301", "NO", 2016)
    assert (place.municipality_code, place.municipality_code_at_award) == ("0301", "0301")
    larvik = resolver.resolve(ssb_code("Larvik", 2024), "NO", 2013)
    assert larvik.municipality_code == ssb_code("Larvik", 2024)
    assert larvik.municipality_code_at_award == ssb_code("Larvik", 2013)


def test_a_split_municipality_is_placed_on_its_county_only(resolver):
    tysfjord = ssb_code("Tysfjord - Divtasvuodna", 2019)
    place = resolver.resolve(tysfjord, "NO", 2019)
    assert place.municipality_code is None and place.county_code == "18"
    assert "county only" in place.method


@pytest.mark.parametrize(
    ("text", "short_name"),
    [
        ("Piteå kommun", "Piteå"),
        ("Lunds kommun", "Lund"),
        ("Göteborgs Stad", "Göteborg"),
        ("BORÅS STAD", "Borås"),
        ("Örnsköldsviks kommun - Välfärdsförvaltningen", "Örnsköldsvik"),
        ("Göteborgs kommun - Göteborgs Stad Stadsledningskontoret", "Göteborg"),
        ("Helsingborgs kommun – Helsingborgs stad Stadsbyggnadsförvaltningen", "Helsingborg"),
        ("STOCKHOLMS KOMMUN", "Stockholm"),
        ("Falu kommun", "Falun"),
        ("Malmö", "Malmö"),
    ],
)
def test_swedish_municipal_names(resolver, text, short_name):
    place = resolver.resolve(text, "SE", 2016)
    assert place is not None
    assert place.municipality_code == place.municipality_code_at_award == scb_code(short_name)
    assert place.county_code == place.municipality_code[:2]


def test_every_official_name_resolves_to_its_own_code(resolver):
    with SE_MUNICIPALITIES.open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            for text in (row["municipality_name"], row["municipality_name_short"]):
                assert resolver.resolve(text, "SE", 2020).municipality_code == row["municipality_code"]
    current = [r for r in _ssb_rows() if r["valid_from"] == "2024-01-01" and r["kommunenummer"] != "9999"]
    for row in current:
        assert resolver.resolve(row["kommunenavn"], "NO", 2024).municipality_code == row["kommunenummer"]


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("Lunds universitet", "SE"),
        ("KTH, Kungliga tekniska högskolan", "SE"),
        ("Kista Science City AB", "SE"),
        ("Skaraborgs Kommunalförbund", "SE"),
        ("Kongsberg Maritime AS", "NO"),
        ("Universitetet i Bergen", "NO"),
        ("Fylkesmannen i Oslo og Viken", "NO"),
        ("region vest", "NO"),
        ("Bergen Technology Center AS", "NO"),
    ],
)
def test_organisations_that_are_not_municipalities_are_not_placed_by_name(resolver, text, country):
    assert resolver.resolve(text, country, 2020) is None


def test_ambiguous_names_need_a_county(resolver):
    assert resolver.resolve("Våler", "NO", 2019) is None
    assert resolver.resolve("Våler", "NO", None) is None
    ostfold = resolver.resolve("Våler", "NO", 2019, county="Østfold")
    assert ostfold.municipality_code_at_award == ssb_code("Våler (Østfold)", 2019)
    assert ostfold.method == "name+county"
    assert resolver.resolve("Våler kommune i Innlandet", "NO", 2021).municipality_code == ssb_code(
        "Våler (Innlandet)", 2024
    )
    assert resolver.resolve("Bø", "NO", 2019) is None
    assert resolver.resolve("Bø", "NO", None) is None
    telemark = resolver.resolve("Bø", "NO", 2019, county="Telemark")
    assert telemark.municipality_code_at_award == ssb_code("Bø (Telemark)", 2019)


def test_county_councils_and_several_municipalities_are_placed_on_the_county(resolver):
    place = resolver.resolve("Innlandet fylkeskommune", "NO", 2021)
    assert (place.municipality_code, place.county_code, place.method) == (None, "34", "county-name")
    assert resolver.resolve("Viken fylkeskommune", "NO", 2021) is None  # three counties today
    assert resolver.resolve("Region Skåne", "SE", 2020).county_code == "12"
    several = resolver.resolve("Askøy, Fjell, Sund og Øygarden kommunane", "NO", 2014)
    assert several.municipality_code is None and several.county_code == "46"


def test_a_swedish_municipal_org_number_confirms_a_department_name(resolver):
    text = "Göteborgs Stad Stadsledningskontoret"
    assert resolver.resolve(text, "SE", 2019) is None
    place = resolver.resolve(text, "SE", 2019, org_number="212000-1355")
    assert place.municipality_code == scb_code("Göteborg") and place.method == "name+org-number"


def test_a_swedish_public_body_is_placed_at_its_seat_by_its_org_number(resolver):
    kth = resolver.resolve("KTH, Kungliga tekniska högskolan", "SE", 2019, org_number="202100-3054")
    assert (kth.municipality_code, kth.county_code, kth.method) == (scb_code("Stockholm"), "01", "seat")
    assert resolver.resolve("KTH", "SE", None, org_number="2021003054").municipality_code == scb_code(
        "Stockholm"
    )
    lund = resolver.resolve("Lunds universitet", "SE", 2020, org_number="202100-3211")
    assert lund.municipality_code == scb_code("Lund")
    # a company's registered office is not a place: Scania CV AB stays unplaced
    assert resolver.resolve("Scania CV Aktiebolag", "SE", 2020, org_number="556084-0976") is None
    # a Norwegian organisation number is never read as a Swedish seat
    assert resolver.resolve("Universitetet i Bergen", "NO", 2020, org_number="202100-3054") is None


def test_a_seat_whose_code_and_name_disagree_stops_the_build(tmp_path):
    municipalities = pl.read_csv(SE_MUNICIPALITIES, infer_schema=False)
    assert len(read_seats(SEATS_PATH, municipalities)) > 40
    wrong = tmp_path / "seats.toml"
    wrong.write_text(
        '[[seat]]\norg_number = "202100-3054"\nname = "KTH"\nmunicipality = ["1480", "Stockholm"]\n',
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="1480 is 'Göteborg'"):
        read_seats(wrong, municipalities)


def _gold_norwegian_names() -> list[tuple[str, int | None]]:
    """Recipients and partners of Norwegian gold records that are kommuner: the name, with a "kommune"
    suffix removed, is a kommune name in some SSB version (read from the raw file, not the resolver)."""
    names = {name_key(re.sub(r"\s*\(.*\)$", "", r["kommunenavn"])) for r in _ssb_rows()}
    names |= {name_key(part) for r in _ssb_rows() for part in r["kommunenavn"].split(" - ")}
    found = []
    for path in sorted((RAW / "corpus").glob("*/gold/*.json")):
        for record in json.loads(path.read_text(encoding="utf-8")):
            if record.get("country") != "NO":
                continue
            for text in [record.get("recipient"), *(record.get("partners") or [])]:
                if text and name_key(re.sub(r"\s+kommune$", "", text, flags=re.I)) in names:
                    found.append((text, record.get("year")))
    return found


def test_resolves_95_percent_of_municipal_recipients_in_the_gold_files(resolver):
    names = _gold_norwegian_names()
    assert len(names) >= 40
    resolved = [(text, year) for text, year in names if resolver.resolve(text, "NO", year) is not None]
    unresolved = sorted(set(names) - set(resolved), key=str)
    assert len(resolved) / len(names) >= 0.95, unresolved


def test_add_places_on_the_h2020_frame(resolver):
    frame = nfr.read_h2020(RAW / "data" / "nfr_open_data" / "bevilgningereu_dataset.csv")
    placed = add_places(frame, resolver)
    assert placed.height == frame.height
    assert placed["record_key"].to_list() == frame["record_key"].to_list()
    assert placed["municipality_code"].drop_nulls().str.contains(r"^\d{4}$").all()
    assert placed["county_code"].drop_nulls().str.contains(r"^\d{2}$").all()
    assert set(placed["place_method"].drop_nulls()) <= {"code", "code (county only: municipality split)"}
    # Every code the file gives is a kommune except Svalbard (not a municipality): it stays unplaced.
    unplaced = placed.filter(pl.col("county_code").is_null() & pl.col("municipality_code_raw").is_not_null())
    assert set(unplaced["municipality_code_raw"]) <= {"2100"}
    oslo = placed.filter(pl.col("municipality_code_raw") == "0301")
    assert set(oslo["municipality_code"]) == {"0301"} and set(oslo["county"]) == {"Oslo"}


def test_add_places_by_name_only_for_municipalities(resolver):
    frame = pl.DataFrame(
        {
            "recipient": ["Lunds kommun", "Lunds universitet", "Vågå kommune", None],
            "recipient_country": ["SE", "SE", "NO", "NO"],
            "country": ["SE", "SE", "NO", "NO"],
            "year": [2013, 2013, 2021, 2021],
            "municipality_code_raw": [None, None, None, None],
            "recipient_org_number": [None, None, None, None],
        },
        schema_overrides={
            "year": pl.Int32,
            "municipality_code_raw": pl.String,
            "recipient_org_number": pl.String,
        },
    )
    placed = add_places(frame, resolver)
    assert placed["municipality_code"].to_list() == [scb_code("Lund"), None, ssb_code("Vågå", 2024), None]
    assert placed["place_country"].to_list() == ["SE", None, "NO", None]
    assert placed["place_method"].to_list() == ["name", None, "name", None]
