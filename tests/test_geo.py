"""GeoJSON preparation: ids join the region codes, rings wind the RFC 7946 way."""

from __future__ import annotations

import json

import pytest

from etl.config import load_settings
from etl.reference import geo
from etl.reference.regions import RegionResolver

RAW = load_settings().raw_dir

# (file, level, country, year of the borders: None = today's)
MAPS = [
    (geo.NO_MUNICIPALITIES_2024, "municipality", "NO", None),
    (geo.NO_COUNTIES_2024, "county", "NO", None),
    (geo.SE_MUNICIPALITIES, "municipality", "SE", None),
    (geo.SE_COUNTIES, "county", "SE", None),
    ("data/no_geo_robhop/kommuner_2020_medium.geojson", "municipality", "NO", 2020),
    ("data/no_geo_robhop/fylker_2020_small.geojson", "county", "NO", 2020),
]


@pytest.fixture(scope="module")
def resolver() -> RegionResolver:
    return RegionResolver.from_raw_dir(RAW)


def _polygons(geometry: dict) -> list:
    return [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]


@pytest.mark.parametrize(("path", "level", "country", "year"), MAPS)
def test_every_feature_joins_a_region_code(resolver, path, level, country, year):
    prepared = geo.prepare_geojson(RAW / path, level, country)
    ids = [f["id"] for f in prepared["features"]]
    known = (
        resolver.municipality_codes(country, year)
        if level == "municipality"
        else resolver.county_codes(country, year)
    )
    assert ids and len(ids) == len(set(ids))
    assert set(ids) <= known
    if year is None:
        assert set(ids) == known  # today's maps cover every region
    width = geo.LEVELS[level]
    for feature in prepared["features"]:
        assert len(feature["id"]) == width and feature["id"].isdigit()
        assert feature["properties"]["code"] == feature["id"] and feature["properties"]["name"]


@pytest.mark.parametrize(("path", "level", "country", "year"), MAPS)
def test_exterior_rings_counter_clockwise_and_holes_clockwise(path, level, country, year):
    prepared = geo.prepare_geojson(RAW / path, level, country)
    for feature in prepared["features"]:
        for polygon in _polygons(feature["geometry"]):
            assert geo.ring_area(polygon[0]) > 0
            assert all(geo.ring_area(hole) < 0 for hole in polygon[1:])


def test_the_2020_files_needed_rewinding():
    with (RAW / "data/no_geo_robhop/kommuner_2020_medium.geojson").open(encoding="utf-8") as fh:
        source = json.load(fh)
    exteriors = [p[0] for f in source["features"] for p in _polygons(f["geometry"])]
    assert sum(geo.ring_area(r) < 0 for r in exteriors) > len(exteriors) / 2  # mostly clockwise as published


def test_rewind_a_clockwise_square_with_a_counter_clockwise_hole():
    square = [[0, 0], [0, 10], [10, 10], [10, 0], [0, 0]]  # clockwise
    hole = [[2, 2], [4, 2], [4, 4], [2, 4], [2, 2]]  # counter-clockwise
    rewound = geo.rewind({"type": "Polygon", "coordinates": [square, hole]})
    exterior, inner = rewound["coordinates"]
    assert geo.ring_area(exterior) == 100 and geo.ring_area(inner) == -4
    assert exterior == square[::-1]


def test_unknown_level_is_refused():
    with pytest.raises(ValueError):
        geo.prepare_geojson(RAW / geo.SE_COUNTIES, "parish", "SE")
