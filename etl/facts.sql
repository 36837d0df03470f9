-- grant_facts: the one analytical relation that pages and exports read. One row per counted grant (the primary
-- record of each cluster of records that describe the same real grant). Columns: docs/data_dictionary.md.
-- Materialised as a table: the database never changes after a build, and the per-cluster aggregation would
-- otherwise run on every dashboard query. Rows are sorted by the common filter columns so DuckDB's zone maps
-- skip most row groups on a country/year filter.
CREATE TABLE grant_facts AS
WITH cluster_sources AS (
    SELECT cluster_id,
           list(DISTINCT source_id ORDER BY source_id) AS sources,
           count(*) AS n_records
    FROM grants
    GROUP BY cluster_id
),
cluster_conflicts AS (
    SELECT DISTINCT cluster_id FROM conflicts
)
SELECT
    g.grant_id,
    g.source_id,
    s.title                       AS source_title,
    cs.sources,
    cs.n_records,
    g.funder_id,
    f.name                        AS funder,
    f.short_name                  AS funder_short,
    g.funder_as_written,
    f.country                     AS funder_country,
    f.funder_type,
    g.recipient,
    g.recipient_org_id,
    g.recipient_org_number,
    g.recipient_type,
    -- One vocabulary for the recipient-type filter: sources write "UoH-sektor", "University", "Næringsliv",
    -- "Company", ...; pages (no type) are placed as a municipality or county by the recipient's name.
    CASE
        WHEN g.place_method LIKE 'name%' OR g.recipient_org_number LIKE '2120%'
             OR lower(g.recipient_type) = 'municipality' THEN 'municipality'
        WHEN g.place_method = 'county-name' OR g.recipient_org_number LIKE '2321%'
             OR lower(g.recipient_type) IN ('county', 'region') THEN 'county'
        WHEN lower(g.recipient_type) IN ('uoh-sektor', 'university', 'university college') THEN 'university'
        WHEN lower(g.recipient_type) IN ('instituttsektor', 'research institute') THEN 'research_institute'
        WHEN lower(g.recipient_type) IN ('næringsliv', 'company') THEN 'company'
        WHEN lower(g.recipient_type) IN ('helseforetak', 'hospital', 'health trust') THEN 'health'
        WHEN lower(g.recipient_type) IN ('governmental', 'offentlig sektor', 'norges forskningsråd', 'agency',
                                         'government') THEN 'public_sector'
        WHEN lower(g.recipient_type) IN ('non profits & foundations', 'non-profit', 'nonprofit',
                                         'foundation') THEN 'non_profit'
        WHEN g.recipient_type IS NOT NULL THEN 'other'
        -- pages name no type: a company or a state agency shows in its name
        WHEN regexp_matches(g.recipient, '(?i)\b(AB|AS|ASA|aktiebolag|aksjeselskap)\b') THEN 'company'
        WHEN regexp_matches(g.recipient, '(?i)direktorat|^statens\s|tilsynet\b|registrene\b|myndigheten\b')
             THEN 'public_sector'
    END                           AS recipient_category,
    coalesce(g.recipient_country, CASE WHEN f.country IN ('NO', 'SE') THEN f.country END) AS recipient_country,
    g.title,
    g.programme,
    g.theme_primary               AS theme,
    g.themes,
    g.theme_text,
    g.amount,
    g.currency,
    g.amount_nok,
    g.amount_sek,
    g.amount_eur,
    g.fx_method,
    g.award_year,
    g.start_date,
    g.end_date,
    g.municipality_code,
    g.municipality,
    g.county_code,
    g.county,
    g.region_code_at_award,
    g.place_method,
    g.reference,
    g.status,
    g.source_url,
    g.amount_text,
    g.genre,
    g.language,
    g.document_id,
    g.cluster_id,
    cc.cluster_id IS NOT NULL     AS has_conflict
FROM grants AS g
JOIN funders AS f USING (funder_id)
JOIN sources AS s USING (source_id)
JOIN cluster_sources AS cs USING (cluster_id)
LEFT JOIN cluster_conflicts AS cc USING (cluster_id)
WHERE g.is_primary
ORDER BY recipient_country, award_year, funder_id, grant_id;
