"""Boundaries for choropleth maps: GeoJSON with zero-padded code ids and RFC 7946 winding.

Plotly joins a figure's `locations` to `feature.id`, so every feature gets the code as the dashboard stores it
(kommune "0301", county "03"). Plotly's geo choropleths also read ring orientation, and the source files
disagree (the Norwegian 2020 files wind clockwise), so rings are rewound: exterior rings counter-clockwise,
holes clockwise (RFC 7946 section 3.1.6).
"""

from __future__ import annotations

import json
from pathlib import Path

NO_MUNICIPALITIES_2024 = "data/no_geo_robhop/kommuner_2024_S.geojson"
NO_COUNTIES_2024 = "data/no_geo_robhop/fylker_2024_S.geojson"
SE_MUNICIPALITIES = "data/se_geo_okfse/swedish_municipalities.geojson"
SE_COUNTIES = "data/se_geo_okfse/swedish_regions.geojson"

LEVELS = {"municipality": 4, "county": 2}  # code width per level
# Property names that hold the code / the name, by level, across the Norwegian and Swedish files.
_CODE_PROPERTIES = {
    "municipality": ("kommunenummer", "id", "kom_kod", "municipality_code"),
    "county": ("fylkesnummer", "l_id", "lan_code", "county_code", "id"),
}
_NAME_PROPERTIES = ("kommunenavn", "fylkesnavn", "kom_namn", "navn", "name")


def ring_area(ring: list[list[float]]) -> float:
    """Signed area (shoelace) of a lon/lat ring: positive when counter-clockwise."""
    return 0.5 * sum(
        x0 * y1 - x1 * y0 for (x0, y0, *_), (x1, y1, *_) in zip(ring, ring[1:] + ring[:1], strict=True)
    )


def _rewind_polygon(rings: list) -> list:
    out = []
    for i, ring in enumerate(rings):
        counter_clockwise = ring_area(ring) > 0
        exterior = i == 0
        out.append(ring if counter_clockwise == exterior else ring[::-1])
    return out


def rewind(geometry: dict) -> dict:
    """The geometry with exterior rings counter-clockwise and holes clockwise."""
    if geometry["type"] == "Polygon":
        return {**geometry, "coordinates": _rewind_polygon(geometry["coordinates"])}
    if geometry["type"] == "MultiPolygon":
        return {**geometry, "coordinates": [_rewind_polygon(p) for p in geometry["coordinates"]]}
    return geometry


def _first(properties: dict, names: tuple[str, ...]):
    for name in names:
        if properties.get(name) not in (None, ""):
            return properties[name]
    return None


def prepare_geojson(path: str | Path, level: str, country: str) -> dict:
    """A FeatureCollection for plotly: each feature has `id` = zero-padded code, properties
    {code, name, country, level}, and RFC 7946 winding.

    `level` is "municipality" or "county". Raises ValueError when a feature has no code: a map whose
    regions cannot be joined would silently show nothing.
    """
    if level not in LEVELS:
        raise ValueError(f"level must be one of {sorted(LEVELS)}, not {level!r}")
    with Path(path).open(encoding="utf-8") as fh:
        source = json.load(fh)
    features = []
    for feature in source["features"]:
        properties = feature.get("properties") or {}
        code = _first(properties, _CODE_PROPERTIES[level])
        if code is None:
            raise ValueError(f"{path}: a feature has no {level} code: {properties}")
        code = str(code).strip().zfill(LEVELS[level])
        name = _first(properties, _NAME_PROPERTIES)
        features.append(
            {
                "type": "Feature",
                "id": code,
                "properties": {"code": code, "name": name, "country": country, "level": level},
                "geometry": rewind(feature["geometry"]),
            }
        )
    return {"type": "FeatureCollection", "features": features}
