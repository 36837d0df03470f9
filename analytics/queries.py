"""Questions the pages ask, answered in SQL by DuckDB; every function returns a small polars frame (or dict).

All filtering and aggregation happens in the database. Every value from the user is a `?` parameter (see
`filters.py`); the few SQL fragments picked by an argument (a sort column, a grouping dimension) come from the
whitelists below. Amounts are summed in one currency only: the display currency's converted column, so sums
never mix currencies. `value` is that amount (deflated when constant prices are chosen).
"""

from __future__ import annotations

import io
import itertools
from dataclasses import dataclass

import polars as pl

from analytics.db import Database
from analytics.filters import Filters

# grouping dimension -> (key expression over the filtered facts, row-level label expression)
DIMENSIONS: dict[str, tuple[str, str]] = {
    "country": ("recipient_country", "recipient_country"),
    "funder": ("funder_id", "funder_id"),  # labelled from `funders` after aggregation
    "theme": ("theme", "theme"),
    "year": ("award_year", "CAST(award_year AS VARCHAR)"),
    "recipient_type": ("recipient_category", "recipient_category"),
    "programme": ("programme", "programme"),
    "county": ("recipient_country || '-' || county_code", "county"),
    "municipality": ("recipient_country || '-' || municipality_code", "municipality"),
    "recipient": ("coalesce(recipient_org_id, recipient)", "recipient"),
    # which source the money of each country comes from ("NO|nfr_h2020"): coverage differs by country
    "country_source": ("recipient_country || '|' || source_id", "source_id"),
}
SORTS = {
    "amount": "value",
    "year": "award_year",
    "title": "title",
    "recipient": "recipient",
    "funder": "funder_short",
    "place": "municipality",
}
PAGE_SIZES = (25, 50, 100)
EXPORT_LIMIT = 1_000_000
SPREAD_MAX_MONTHS = 30 * 12

TABLE_COLUMNS = [
    "grant_id",
    "award_year",
    "funder_short",
    "recipient",
    "title",
    "programme",
    "theme",
    "value",
    "amount",
    "currency",
    "municipality",
    "county",
    "recipient_country",
]
EXPORT_COLUMNS = [
    "grant_id",
    "source_id",
    "funder_id",
    "funder",
    "funder_as_written",
    "recipient",
    "recipient_org_id",
    "recipient_org_number",
    "recipient_type",
    "recipient_category",
    "recipient_country",
    "title",
    "programme",
    "theme",
    "theme_text",
    "amount",
    "currency",
    "amount_nok",
    "amount_sek",
    "amount_eur",
    "fx_method",
    "award_year",
    "start_date",
    "end_date",
    "municipality_code",
    "municipality",
    "county_code",
    "county",
    "reference",
    "status",
    "source_url",
]


def _filtered(db: Database, f: Filters, *, funders: bool = False) -> tuple[str, list]:
    """`WITH ..., f AS (filtered facts with `value`)`: the start of every query over many grants.

    `funders=True` adds the funder columns (funder, funder_short, ...) for queries that show or sort by
    them; aggregates label funders after aggregating instead (see `funder_labels`)."""
    where, wparams = f.where("x")
    facts = db.facts_sql
    if f.constant:
        defl, dparams = f.deflator_sql()
        sql = (
            f"WITH d_ AS ({defl}), facts AS ({facts}), "
            f"f AS (SELECT x.*, {f.value_sql('x')} AS value FROM facts AS x "
            f"LEFT JOIN d_ AS d ON d.year = x.award_year WHERE {where})"
        )
        return sql, dparams + wparams
    sql = (
        f"WITH facts AS ({facts}), "
        f"f AS (SELECT x.*, x.{f.amount_column} AS value FROM facts AS x WHERE {where})"
    )
    return sql, wparams


# ---------------------------------------------------------------------------------------------- headline
def headline(db: Database, f: Filters) -> dict:
    """Total, count, funders, recipients, median, and the money with no known place."""
    base, params = _filtered(db, f)
    row = db.frame(
        f"""{base}
        SELECT count(*) AS n_grants,
               count(value) AS n_with_amount,
               count(amount) AS n_amount_stated,
               CAST(coalesce(sum(value), 0) AS DOUBLE) AS total,
               CAST(median(value) AS DOUBLE) AS median,
               count(DISTINCT funder_id) AS n_funders,
               count(DISTINCT coalesce(recipient_org_id, recipient)) AS n_recipients,
               min(award_year) AS first_year,
               max(award_year) AS last_year,
               CAST(coalesce(sum(value) FILTER (WHERE municipality_code IS NULL), 0) AS DOUBLE)
                   AS unknown_municipality_total,
               CAST(coalesce(sum(value) FILTER (WHERE county_code IS NULL), 0) AS DOUBLE)
                   AS unknown_county_total,
               count(*) FILTER (WHERE municipality_code IS NULL) AS unknown_municipality_n,
               count(*) FILTER (WHERE county_code IS NULL) AS unknown_county_n
        FROM f""",
        params,
    )
    return row.row(0, named=True)


# ---------------------------------------------------------------------------------------------- totals
LABEL_COLUMNS = {"county": "county", "municipality": "municipality", "recipient": "recipient"}


def totals(
    db: Database, f: Filters, dims: tuple[str, ...] = ("country", "funder", "theme", "year")
) -> dict[str, pl.DataFrame]:
    """Money and counts by each dimension, from one scan (GROUPING SETS).

    Returns {dim: frame(key, label, total, n_grants, n_with_amount)}."""
    dims = tuple(d for d in dims if d in DIMENSIONS)
    if not dims:
        return {}
    base, params = _filtered(db, f)
    keys = [f"{DIMENSIONS[d][0]}" for d in dims]
    names = [f"k{i}" for i in range(len(keys))]
    labels = [LABEL_COLUMNS[d] for d in dims if d in LABEL_COLUMNS]
    select_keys = ", ".join(f"CAST({k} AS VARCHAR) AS k{i}" for i, k in enumerate(keys))
    frame = db.frame(
        f"""{base},
        keyed AS (SELECT {select_keys}, {", ".join(["value", *labels])} FROM f)
        SELECT {", ".join(names)}, GROUPING({", ".join(names)}) AS gid,
               CAST(coalesce(sum(value), 0) AS DOUBLE) AS total,
               count(*) AS n_grants,
               count(value) AS n_with_amount
               {"".join(f", any_value({c}) AS {c}" for c in labels)}
        FROM keyed
        GROUP BY GROUPING SETS ({", ".join(f"({k})" for k in names)})""",
        params,
    )
    out: dict[str, pl.DataFrame] = {}
    n = len(dims)
    for i, dim in enumerate(dims):
        gid = (1 << n) - 1 - (1 << (n - 1 - i))  # every other key rolled up
        part = frame.filter(pl.col("gid") == gid).rename({f"k{i}": "key"})
        label = pl.col(LABEL_COLUMNS[dim]) if dim in LABEL_COLUMNS else pl.col("key")
        if dim == "funder":
            names_of = funder_labels(db)
            label = pl.col("key").replace_strict(names_of, default=pl.col("key"), return_dtype=pl.Utf8)
        out[dim] = _order(dim, part.with_columns(label.alias("label")))
    return out


def funder_labels(db: Database) -> dict[str, str]:
    """funder_id -> short name for charts."""
    return dict(db.rows("SELECT funder_id, short_name FROM funders"))


def _order(dim: str, part: pl.DataFrame) -> pl.DataFrame:
    out = part.select("key", "label", "total", "n_grants", "n_with_amount")
    if dim == "year":
        out = out.filter(pl.col("key").is_not_null()).sort(pl.col("key").cast(pl.Int64))
    else:
        out = out.sort(["total", "key"], descending=[True, False], nulls_last=True)
    return out.with_columns(pl.col("n_grants").cast(pl.Int64), pl.col("n_with_amount").cast(pl.Int64))


def totals_by(db: Database, f: Filters, dim: str) -> pl.DataFrame:
    return totals(db, f, (dim,)).get(dim, _empty_totals())


def _empty_totals() -> pl.DataFrame:
    return pl.DataFrame(
        schema={
            "key": pl.Utf8,
            "label": pl.Utf8,
            "total": pl.Float64,
            "n_grants": pl.Int64,
            "n_with_amount": pl.Int64,
        }
    )


# ---------------------------------------------------------------------------------------------- over time
def _period_sql() -> str:
    """Start and end month index (year*12 + month-1) of each grant's project period.

    Start: the start date's month (January when only a year is given; the award year when missing).
    End: the end date's month; a year-only end is exclusive when later than the start year (a project
    "2016-2019" runs three years, 2016-2018); a missing end puts everything in the start year.
    """
    return f"""
        s_y, s_m, e_y, e_m,
        s_y * 12 + s_m - 1 AS sm,
        least(s_y * 12 + s_m - 1 + {SPREAD_MAX_MONTHS - 1}, greatest(s_y * 12 + s_m - 1,
            CASE WHEN e_y IS NULL THEN s_y * 12 + 11
                 WHEN e_m IS NULL AND e_y > s_y THEN (e_y - 1) * 12 + 11
                 WHEN e_m IS NULL THEN e_y * 12 + 11
                 ELSE e_y * 12 + e_m - 1 END)) AS em
    """


def by_year(db: Database, f: Filters, by: str | None = None, period: str = "award") -> pl.DataFrame:
    """Money per year (optionally per funder/theme/country): `year, key, label, total, n_grants`.

    period="award": in the award year. period="spread": evenly over the months of the project period
    (3 M over 2016-2018 counts 1 M a year).
    """
    key_sql, label_sql = DIMENSIONS.get(by, ("'all'", "'all'")) if by else ("'all'", "'all'")
    base, params = _filtered(db, f)
    if period != "spread":
        frame = db.frame(
            f"""{base}
            SELECT award_year AS year, CAST({key_sql} AS VARCHAR) AS key, any_value({label_sql}) AS label,
                   CAST(coalesce(sum(value), 0) AS DOUBLE) AS total, count(*) AS n_grants
            FROM f WHERE award_year IS NOT NULL
            GROUP BY 1, 2 ORDER BY 1, 2""",
            params,
        )
    else:
        frame = db.frame(
            f"""{base},
            dated AS (
                SELECT CAST({key_sql} AS VARCHAR) AS key, {label_sql} AS lab,
                       value,
                       coalesce(TRY_CAST(substr(start_date, 1, 4) AS INTEGER), award_year) AS s_y,
                       coalesce(CASE WHEN length(start_date) >= 7
                                     THEN TRY_CAST(substr(start_date, 6, 2) AS INTEGER)
                                END, 1) AS s_m,
                       TRY_CAST(substr(end_date, 1, 4) AS INTEGER) AS e_y,
                       CASE WHEN length(end_date) >= 7
                            THEN TRY_CAST(substr(end_date, 6, 2) AS INTEGER) END AS e_m
                FROM f WHERE value IS NOT NULL AND (start_date IS NOT NULL OR award_year IS NOT NULL)
            ),
            spans AS (
                SELECT key, any_value(lab) AS label, sm, em, sum(value) AS v, count(*) AS n
                FROM (SELECT key, lab, value, {_period_sql()} FROM dated WHERE s_y IS NOT NULL)
                GROUP BY key, sm, em
            ),
            years AS (SELECT key, label, sm, em, v, n, unnest(range(sm // 12, em // 12 + 1)) AS year
                      FROM spans)
            SELECT CAST(year AS INTEGER) AS year, key, any_value(label) AS label,
                   CAST(sum(v * (least(em, year * 12 + 11) - greatest(sm, year * 12) + 1) / (em - sm + 1))
                        AS DOUBLE) AS total,
                   CAST(sum(n) AS BIGINT) AS n_grants
            FROM years GROUP BY year, key ORDER BY year, key""",
            params,
        )
    frame = frame.with_columns(pl.col("year").cast(pl.Int64), pl.col("n_grants").cast(pl.Int64))
    if by == "funder":
        names_of = funder_labels(db)
        frame = frame.with_columns(
            pl.col("key").replace_strict(names_of, default=pl.col("key"), return_dtype=pl.Utf8).alias("label")
        )
    return frame


# ---------------------------------------------------------------------------------------------- places
def population_year(db: Database, f: Filters) -> int | None:
    """The population year used per inhabitant: the filter's last year, clamped to the published years."""
    if not db.has_table("population"):
        return None
    target = f.year_to if f.year_to is not None else 9999
    year = db.scalar("SELECT max(year) FROM population WHERE year <= ?", [target])
    if year is None:
        year = db.scalar("SELECT min(year) FROM population")
    return year


def by_region(db: Database, f: Filters, level: str = "county", country: str | None = None) -> pl.DataFrame:
    """Every current region of the level (and country): total, grants, population, per inhabitant.

    `location` is "NO-03"-style (unique across countries; the map's feature ids)."""
    level = level if level in ("county", "municipality") else "county"
    column = "county_code" if level == "county" else "municipality_code"
    base, params = _filtered(db, f)
    pop_year = population_year(db, f)
    countries = [country] if country in ("NO", "SE") else ["NO", "SE"]
    has_pop = db.has_table("population")
    pop_join = (
        "LEFT JOIN population AS p ON p.country = r.country AND p.level = r.level AND p.code = r.code "
        "AND p.year = ?"
        if has_pop
        else ""
    )
    pop_col = "p.population" if has_pop else "NULL::BIGINT"
    frame = db.frame(
        f"""{base},
        t AS (SELECT recipient_country AS country, {column} AS code,
                     CAST(sum(value) AS DOUBLE) AS total, count(*) AS n_grants
              FROM f WHERE {column} IS NOT NULL GROUP BY ALL)
        SELECT r.country, r.code, r.country || '-' || r.code AS location, r.name,
               CAST(coalesce(t.total, 0) AS DOUBLE) AS total, coalesce(t.n_grants, 0) AS n_grants,
               CAST({pop_col} AS BIGINT) AS population,
               CAST(coalesce(t.total, 0) AS DOUBLE) / nullif({pop_col}, 0) AS per_inhabitant
        FROM regions AS r
        LEFT JOIN t ON t.country = r.country AND t.code = r.code
        {pop_join}
        WHERE r.level = ? AND r.country IN ({", ".join("?" for _ in countries)})
        ORDER BY r.country, r.code""",
        params + ([pop_year] if has_pop else []) + [level, *countries],
    )
    return frame.with_columns(pl.col("n_grants").cast(pl.Int64), pl.lit(pop_year).alias("population_year"))


SIMPLIFY = {"county": 0.03, "municipality": 0.015}  # degrees (~2 km / ~1 km): below a pixel on the map


def geo_shapes(
    db: Database, level: str, countries: tuple[str, ...] = ("NO", "SE"), simplify: bool = True
) -> dict:
    """One FeatureCollection for the level and countries; feature ids "NO-03"-style to match `location`.

    Simplified for the screen (Douglas-Peucker, islets dropped): the municipality map of both countries
    goes from ~1 MB to a few hundred KB, which every map rerun sends to the browser."""
    import json

    level = level if level in ("county", "municipality") else "county"
    rows = (
        db.rows(
            "SELECT country, geojson FROM geo_shapes WHERE level = ? "
            f"AND country IN ({', '.join('?' for _ in countries)})"
            " ORDER BY country",
            [level, *countries],
        )
        if db.has_table("geo_shapes")
        else []
    )
    features = []
    for country, text in rows:
        try:
            collection = json.loads(text)
        except (TypeError, ValueError):
            continue
        for feature in collection.get("features", []):
            code = feature.get("id") or feature.get("properties", {}).get("id")
            if code is None:
                continue
            features.append(
                {
                    "type": "Feature",
                    "id": f"{country}-{code}",
                    "properties": {"name": feature.get("properties", {}).get("name", "")},
                    "geometry": clockwise(
                        simplified(feature.get("geometry"), SIMPLIFY[level])
                        if simplify
                        else feature.get("geometry")
                    ),
                }
            )
    collection = {"type": "FeatureCollection", "features": features}
    if features:
        from analytics.charts import bounds

        collection["bbox"] = list(bounds(collection))
    return collection


def _douglas_peucker(points: list, tolerance: float) -> list:
    """Keep the points that matter at `tolerance` (iterative Douglas-Peucker; the ring stays closed)."""
    if len(points) <= 4:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    tol2 = tolerance * tolerance
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first][:2], points[last][:2]
        dx, dy = x2 - x1, y2 - y1
        norm = dx * dx + dy * dy
        best, index = 0.0, -1
        for i in range(first + 1, last):
            px, py = points[i][0] - x1, points[i][1] - y1
            if norm:
                cross = px * dy - py * dx
                dist2 = cross * cross / norm
            else:
                dist2 = px * px + py * py
            if dist2 > best:
                best, index = dist2, i
        if index >= 0 and best > tol2:
            keep[index] = True
            stack.append((first, index))
            stack.append((index, last))
    out = [[round(p[0], 3), round(p[1], 3)] for p, k in zip(points, keep, strict=True) if k]
    return out if len(out) >= 4 else [*points[:: max(1, len(points) // 4)][:3], points[0]]


def simplified(geometry: dict | None, tolerance: float) -> dict | None:
    """The geometry at `tolerance` degrees; parts smaller than a few tolerance-squares are dropped (the
    largest part of a region is always kept)."""
    if not geometry or geometry.get("type") not in ("Polygon", "MultiPolygon"):
        return geometry
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    min_area = 16 * tolerance * tolerance
    kept = []
    for polygon in polygons:
        if not polygon:
            continue
        rings = [_douglas_peucker(ring, tolerance) for ring in polygon]
        outer = abs(_signed_area(rings[0]))
        holes = [r for r in rings[1:] if abs(_signed_area(r)) >= min_area]
        kept.append((outer, [rings[0], *holes]))
    if not kept:
        return geometry
    largest = max(k[0] for k in kept)
    parts = [p for area, p in kept if area >= min_area or area == largest]
    return (
        {"type": "MultiPolygon", "coordinates": parts}
        if len(parts) > 1
        else {"type": "Polygon", "coordinates": parts[0]}
    )


def _signed_area(ring: list) -> float:
    return sum(x1 * y2 - x2 * y1 for (x1, y1, *_), (x2, y2, *_) in itertools.pairwise(ring)) / 2


def clockwise(geometry: dict | None) -> dict | None:
    """Exterior rings clockwise, holes counter-clockwise: the winding plotly's geo (d3-geo) draws as the
    polygon itself. The database stores RFC 7946 winding (the opposite), which d3 reads as "the whole
    globe but this region" and draws nothing."""
    if not geometry or geometry.get("type") not in ("Polygon", "MultiPolygon"):
        return geometry

    def fix(polygon: list) -> list:
        out = []
        for i, ring in enumerate(polygon):
            is_cw = _signed_area(ring) < 0
            out.append(ring if is_cw == (i == 0) else ring[::-1])
        return out

    if geometry["type"] == "Polygon":
        return {"type": "Polygon", "coordinates": fix(geometry["coordinates"])}
    return {"type": "MultiPolygon", "coordinates": [fix(p) for p in geometry["coordinates"]]}


# ---------------------------------------------------------------------------------------------- grants table
def grants_page(
    db: Database, f: Filters, sort: str = "amount", descending: bool = True, limit: int = 25, offset: int = 0
) -> pl.DataFrame:
    """One page of the filtered grants, sorted and paged in SQL."""
    order = SORTS.get(sort, "value")
    direction = "DESC" if descending else "ASC"
    limit = max(1, min(int(limit), 500))
    offset = max(0, int(offset))
    by_funder = order == "funder_short"
    base, params = _filtered(db, f, funders=by_funder)
    columns = [c for c in TABLE_COLUMNS if c != "funder_short"]
    inner = ", ".join([*columns, "funder_id"] + (["funder_short"] if by_funder else []))
    return db.frame(
        f"""{base},
        page AS (SELECT {inner} FROM f ORDER BY {order} {direction} NULLS LAST, grant_id LIMIT ? OFFSET ?)
        SELECT {
            ", ".join(
                "p." + c
                if c != "funder_short"
                else ("p.funder_short" if by_funder else "fu.short_name AS funder_short")
                for c in TABLE_COLUMNS
            )
        }
        FROM page AS p LEFT JOIN funders AS fu USING (funder_id)
        ORDER BY {("p." + order) if order != "value" else "p.value"} {direction} NULLS LAST, p.grant_id""",
        [*params, limit, offset],
    )


def grant_detail(db: Database, grant_id: str) -> dict | None:
    """Every field of one counted grant, with partners, theme evidence, sources and provenance."""
    rows = db.frame(f"SELECT * FROM ({db.facts_sql}) WHERE grant_id = ?", [str(grant_id)[:100]])
    if rows.height == 0:
        return None
    grant = rows.row(0, named=True)
    cluster = grant["cluster_id"]
    srcs = db.rows(
        "SELECT list(DISTINCT source_id ORDER BY source_id), count(*) FROM grants WHERE cluster_id = ?",
        [cluster],
    )
    grant["sources"], grant["n_records"] = srcs[0] if srcs else ([], 0)
    # the sources of the cluster's records by their registry title (the id is internal)
    reported = db.frame(
        """
        SELECT g.source_id, any_value(s.title) AS title, count(*) AS n_records
        FROM grants AS g LEFT JOIN sources AS s USING (source_id)
        WHERE g.cluster_id = ? GROUP BY g.source_id ORDER BY g.source_id""",
        [cluster],
    )
    conflicts = db.frame("SELECT * FROM conflicts WHERE cluster_id = ? ORDER BY field", [cluster])
    grant["has_conflict"] = conflicts.height > 0
    source = db.frame("SELECT * FROM sources WHERE source_id = ?", [grant["source_id"]])
    document = (
        db.frame("SELECT * FROM source_documents WHERE document_id = ?", [grant["document_id"]])
        if grant.get("document_id")
        else pl.DataFrame()
    )
    partners = db.frame(
        """
        SELECT p.position, p.name, p.org_id, o.org_type, o.country
        FROM grant_partners AS p LEFT JOIN organisations AS o USING (org_id)
        WHERE p.grant_id = ? ORDER BY p.position""",
        [grant_id],
    )
    evidence = db.frame(
        """
        SELECT e.theme_id, t.label_en, t.label_nb, t.label_sv, e.field, e.term
        FROM grant_theme_evidence AS e LEFT JOIN themes AS t USING (theme_id)
        WHERE e.grant_id = ? ORDER BY e.theme_id, e.field""",
        [grant_id],
    )
    return {
        "grant": grant,
        "partners": partners,
        "evidence": evidence,
        "conflicts": conflicts,
        "reported_by": reported,
        "source": source.row(0, named=True) if source.height else {},
        "document": document.row(0, named=True) if document.height else {},
    }


# ---------------------------------------------------------------------------------------------- profiles
# A partner is named on a record (`grant_partners.grant_id` is a `grants` record); the counted grant is the
# record of its cluster in `grant_facts` (a partner named only on another source's record of the same grant
# is still a partner of that grant). SQL over `grants` and a facts relation `{facts}`: (grant_id, org_id,
# name), one row per counted grant and partner; an organisation is not a partner of a grant it leads.
PARTNER_ROWS = """
    SELECT x.grant_id, p.org_id, min(p.name) AS name
    FROM grant_partners AS p JOIN grants AS g ON g.grant_id = p.grant_id
    JOIN {facts} AS x ON x.cluster_id = g.cluster_id
    WHERE x.recipient_org_id IS DISTINCT FROM p.org_id
    GROUP BY x.grant_id, p.org_id"""


def search_organisations(db: Database, text: str, limit: int = 50) -> pl.DataFrame:
    """Organisations (recipients and partners) with a name or spelling that matches `text`: the most money
    received first, then the most grants received, then the most grants as a partner.

    Columns: org_id, name, country, org_type (the recipient category, NULL for a partner only), total_nok
    and n_grants (grants received, unfiltered), n_partner (grants it is a partner in)."""
    from analytics.filters import like_pattern

    pattern = like_pattern((text or "").strip()[:100])
    partner_rows = PARTNER_ROWS.format(facts="grant_facts")
    return db.frame(
        f"""
        WITH facts AS ({db.facts_sql}),
        hits AS (
            SELECT org_id FROM organisations WHERE name ILIKE ? ESCAPE '\\'
            UNION SELECT recipient_org_id FROM grants WHERE recipient ILIKE ? ESCAPE '\\'
            UNION SELECT org_id FROM grant_partners WHERE name ILIKE ? ESCAPE '\\'
        ),
        received AS (
            SELECT recipient_org_id AS org_id, any_value(recipient_country) AS country,
                   any_value(recipient_category) AS org_type,
                   CAST(coalesce(sum(amount_nok), 0) AS DOUBLE) AS total_nok, count(*) AS n_grants
            FROM facts WHERE recipient_org_id IN (SELECT org_id FROM hits) GROUP BY 1
        ),
        partnered AS (
            SELECT org_id, count(*) AS n_partner FROM ({partner_rows})
            WHERE org_id IN (SELECT org_id FROM hits) GROUP BY 1
        )
        SELECT o.org_id, o.name, coalesce(r.country, o.country) AS country, r.org_type,
               coalesce(r.total_nok, 0) AS total_nok, coalesce(r.n_grants, 0) AS n_grants,
               coalesce(pa.n_partner, 0) AS n_partner
        FROM organisations AS o JOIN hits USING (org_id)
        LEFT JOIN received AS r USING (org_id) LEFT JOIN partnered AS pa USING (org_id)
        ORDER BY total_nok DESC, n_grants DESC, n_partner DESC, o.name, o.org_id LIMIT ?""",
        [pattern, pattern, pattern, int(limit)],
    )


def organisation(db: Database, org_id: str) -> dict | None:
    frame = db.frame("SELECT * FROM organisations WHERE org_id = ?", [org_id])
    if frame.height:
        return frame.row(0, named=True)
    name = db.scalar(
        f"SELECT any_value(recipient) FROM ({db.facts_sql}) WHERE recipient_org_id = ?", [org_id]
    )
    return {"org_id": org_id, "name": name} if name else None


def funder(db: Database, funder_id: str) -> dict | None:
    frame = db.frame("SELECT * FROM funders WHERE funder_id = ?", [funder_id])
    if not frame.height:
        return None
    out = frame.row(0, named=True)
    out["names"] = db.frame(
        "SELECT name_as_written, n_grants FROM funder_names WHERE funder_id = ? ORDER BY n_grants DESC",
        [funder_id],
    )
    return out


def partners_of(db: Database, f: Filters, org_id: str, limit: int = 20) -> pl.DataFrame:
    """Organisations that share grants with `org_id` (as partner or coordinator), most shared grants first."""
    base, params = _filtered(db, f.with_(extra=()))
    return db.frame(
        f"""{base},
        partner_rows AS ({PARTNER_ROWS.format(facts="f")}),
        mine AS (
            SELECT grant_id, recipient_org_id, recipient FROM f
            WHERE recipient_org_id = ? OR grant_id IN (SELECT grant_id FROM partner_rows WHERE org_id = ?)
        ),
        together AS (
            SELECT p.org_id, p.name FROM partner_rows AS p
            WHERE p.grant_id IN (SELECT grant_id FROM mine) AND p.org_id <> ?
            UNION ALL
            SELECT recipient_org_id, recipient FROM mine WHERE recipient_org_id <> ?
        )
        SELECT org_id, any_value(name) AS name, count(*) AS n_grants FROM together
        GROUP BY org_id ORDER BY n_grants DESC, name LIMIT ?""",
        [*params, org_id, org_id, org_id, org_id, int(limit)],
    )


def partner_grants(db: Database, f: Filters, org_id: str, limit: int = 100) -> dict:
    """The grants `org_id` is a partner in (led by another organisation), under the filters `f` (the grant's
    own fields: its lead recipient's country, type and place, its funder, year, amount...).

    Returns {n, n_all (no filters), n_received_all (grants it received, no filters), leads (org_id, name,
    n_grants), funders (funder_id, name, n_grants), grants (grant_id, title, recipient, recipient_org_id,
    funder_id, funder_short, award_year, value: the whole grant's amount, largest first within a year, newest
    year first; at most `limit` rows)}."""
    base, params = _filtered(db, f.with_(extra=()))
    limit = max(1, min(int(limit), 500))
    mine = f"""{base},
        partner_rows AS ({PARTNER_ROWS.format(facts="f")}),
        mine AS (SELECT * FROM f WHERE grant_id IN (SELECT grant_id FROM partner_rows WHERE org_id = ?))"""
    counts = db.rows(
        f"""WITH partner_rows AS ({PARTNER_ROWS.format(facts="grant_facts")})
        SELECT (SELECT count(*) FROM partner_rows WHERE org_id = ?),
               (SELECT count(*) FROM grant_facts WHERE recipient_org_id = ?)""",
        [org_id, org_id],
    )[0]
    leads = db.frame(
        f"""{mine}
        SELECT m.recipient_org_id AS org_id, coalesce(any_value(o.name), any_value(m.recipient)) AS name,
               count(*) AS n_grants
        FROM mine AS m LEFT JOIN organisations AS o ON o.org_id = m.recipient_org_id
        GROUP BY 1 ORDER BY n_grants DESC, name""",
        [*params, org_id],
    )
    funders = db.frame(
        f"""{mine}
        SELECT m.funder_id, coalesce(any_value(fu.short_name), m.funder_id) AS name, count(*) AS n_grants
        FROM mine AS m LEFT JOIN funders AS fu USING (funder_id)
        GROUP BY m.funder_id ORDER BY n_grants DESC, name""",
        [*params, org_id],
    )
    grants = db.frame(
        f"""{mine}
        SELECT m.grant_id, m.title, coalesce(o.name, m.recipient) AS recipient, m.recipient_org_id,
               m.funder_id, coalesce(fu.short_name, m.funder_id) AS funder_short, m.award_year, m.value
        FROM mine AS m LEFT JOIN organisations AS o ON o.org_id = m.recipient_org_id
        LEFT JOIN funders AS fu USING (funder_id)
        ORDER BY m.award_year DESC NULLS LAST, m.value DESC NULLS LAST, m.grant_id LIMIT ?""",
        [*params, org_id, limit],
    )
    return {
        "n": int(leads["n_grants"].sum()) if leads.height else 0,
        "n_all": int(counts[0]),
        "n_received_all": int(counts[1]),
        "leads": leads,
        "funders": funders,
        "grants": grants,
    }


# ---------------------------------------------------------------------------------------------- options
@dataclass(frozen=True)
class Options:
    funders: pl.DataFrame  # funder_id, name, short_name, country, funder_type, total_nok, n_grants
    programmes: list[str]
    themes: pl.DataFrame  # theme_id, label_en, label_nb, label_sv
    recipient_types: list[str]
    regions: pl.DataFrame  # country, level, code, name, county_code, location
    first_year: int | None
    last_year: int | None
    cpi_years: dict[str, list[int]]


def options(db: Database) -> Options:
    funders = db.frame(f"""
        WITH facts AS ({db.facts_sql}),
        t AS (SELECT funder_id, CAST(sum(amount_nok) AS DOUBLE) AS total_nok, count(*) AS n_grants
              FROM facts GROUP BY funder_id)
        SELECT fu.funder_id, fu.name, fu.short_name, fu.country, fu.funder_type,
               coalesce(t.total_nok, 0) AS total_nok, coalesce(t.n_grants, 0) AS n_grants
        FROM funders AS fu LEFT JOIN t USING (funder_id)
        ORDER BY total_nok DESC, fu.funder_id""")
    programmes = [
        r[0]
        for r in db.rows(f"""
        SELECT programme FROM ({db.facts_sql}) WHERE programme IS NOT NULL
        GROUP BY programme ORDER BY count(*) DESC, programme LIMIT 2000""")
    ]
    programmes.sort(key=str.casefold)
    themes = db.frame("SELECT theme_id, label_en, label_nb, label_sv FROM themes ORDER BY theme_id")
    rtypes = [
        r[0]
        for r in db.rows(f"""
        SELECT recipient_category FROM ({db.facts_sql}) WHERE recipient_category IS NOT NULL
        GROUP BY 1 ORDER BY count(*) DESC LIMIT 200""")
    ]
    regions = (
        db.frame(
            "SELECT country, level, code, name, county_code, country || '-' || code AS location "
            "FROM regions ORDER BY country, level, code"
        )
        if db.has_table("regions")
        else pl.DataFrame(
            schema={
                "country": pl.Utf8,
                "level": pl.Utf8,
                "code": pl.Utf8,
                "name": pl.Utf8,
                "county_code": pl.Utf8,
                "location": pl.Utf8,
            }
        )
    )
    years = db.rows(f"SELECT min(award_year), max(award_year) FROM ({db.facts_sql})")
    first, last = years[0] if years else (None, None)
    cpi_years: dict[str, list[int]] = {}
    if db.has_table("cpi"):
        for country, year in db.rows("SELECT country, year FROM cpi ORDER BY country, year"):
            cpi_years.setdefault(country, []).append(int(year))
    return Options(
        funders=funders,
        programmes=programmes,
        themes=themes,
        recipient_types=rtypes,
        regions=regions,
        first_year=first,
        last_year=last,
        cpi_years=cpi_years,
    )


# ------------------------------------------------------------------------------------------ data & methods
def sources_coverage(db: Database) -> pl.DataFrame:
    return db.frame("""
        WITH c AS (
            SELECT source_id, count(*) AS n_records, count(*) FILTER (WHERE is_primary) AS n_counted,
                   min(award_year) AS first_year, max(award_year) AS last_year,
                   CAST(sum(amount_nok) FILTER (WHERE is_primary) AS DOUBLE) AS total_nok
            FROM grants GROUP BY source_id)
        SELECT s.source_id, s.kind, s.title, s.scope, s.licence, s.licence_url, s.attribution, s.homepage,
               coalesce(c.n_records, 0) AS n_records, coalesce(c.n_counted, 0) AS n_counted,
               c.first_year, c.last_year, coalesce(c.total_nok, 0) AS total_nok
        FROM sources AS s LEFT JOIN c USING (source_id)
        ORDER BY s.kind, n_counted DESC, s.source_id""")


def quarantine(db: Database, limit: int = 500) -> pl.DataFrame:
    return db.frame(
        """
        SELECT q.source_id, q.path, q.reason, q.detail, d.source_url
        FROM quarantine AS q LEFT JOIN source_documents AS d USING (document_id)
        ORDER BY q.reason, q.source_id, q.path LIMIT ?""",
        [int(limit)],
    )


def documents_summary(db: Database) -> pl.DataFrame:
    return db.frame("SELECT status, count(*) AS n FROM source_documents GROUP BY status ORDER BY status")


def build_info(db: Database) -> dict | None:
    frame = db.frame(
        "SELECT run_id, started_at, finished_at, fingerprint, summary FROM etl_runs "
        "ORDER BY finished_at DESC LIMIT 1"
    )
    return frame.row(0, named=True) if frame.height else None


def funder_renames(db: Database) -> pl.DataFrame:
    return db.frame("""
        SELECT f.funder_id, f.name, list(n.name_as_written ORDER BY n.n_grants DESC) AS written_as
        FROM funders AS f LEFT JOIN funder_names AS n USING (funder_id)
        GROUP BY ALL ORDER BY f.funder_id""")


# ---------------------------------------------------------------------------------------------- export
def export_count(db: Database, f: Filters) -> int:
    return int(headline(db, f)["n_grants"])


def export_csv(db: Database, f: Filters, limit: int = EXPORT_LIMIT) -> bytes:
    """The filtered grants as UTF-8 CSV (the display amount as `value`), at most `limit` rows."""
    base, params = _filtered(db, f, funders=True)
    value_name = f"value_{f.currency.lower()}" + ("_constant" if f.constant else "")
    frame = db.frame(
        f"""{base}
        SELECT {", ".join(EXPORT_COLUMNS)}, value AS {value_name}
        FROM f ORDER BY recipient_country, award_year, grant_id LIMIT ?""",
        [*params, int(limit)],
    )
    buffer = io.BytesIO()
    frame.write_csv(buffer)
    return buffer.getvalue()


def fact_columns(db: Database) -> list[str]:
    """The columns of `grant_facts`, in table order (the export's column chooser)."""
    return db.frame(f"SELECT * FROM ({db.facts_sql}) LIMIT 0").columns


def filtered_grants(db: Database, f: Filters, sort: str = "amount", descending: bool = True) -> pl.DataFrame:
    """Every filtered grant, every `grant_facts` column plus `value` (the displayed amount), no row limit.

    The same filter SQL as the headline and the table (`_filtered`), so the rows and their sum are exactly
    what the page shows; sorted like the table. DuckDB hands the result to polars as Arrow (no Python rows)."""
    order = SORTS.get(sort, "value")
    direction = "DESC" if descending else "ASC"
    base, params = _filtered(db, f)
    return db.frame(f"{base} SELECT * FROM f ORDER BY {order} {direction} NULLS LAST, grant_id", params)


def source_ids(db: Database, f: Filters) -> list[str]:
    """Every source that reported one of the filtered grants (the counted record's and the duplicates')."""
    base, params = _filtered(db, f)
    rows = db.rows(
        f"""{base}
        SELECT DISTINCT s FROM (
            SELECT source_id AS s FROM f
            -- a grant reported once has sources = [source_id]: only duplicates add other sources
            UNION ALL SELECT unnest(sources) AS s FROM f WHERE n_records > 1
        ) WHERE s IS NOT NULL ORDER BY s""",
        params,
    )
    return [r[0] for r in rows]
