-- The database the dashboard reads. Built fresh by `python -m etl build` into a temporary file and swapped in
-- atomically; never edited in place. Column meanings: docs/data_dictionary.md.

CREATE TABLE sources (
    source_id    VARCHAR PRIMARY KEY,
    kind         VARCHAR NOT NULL,            -- documents | bulk | reference
    title        VARCHAR NOT NULL,
    scope        VARCHAR NOT NULL,            -- what the source covers, stated honestly
    licence      VARCHAR NOT NULL,
    licence_url  VARCHAR,
    attribution  VARCHAR NOT NULL,
    homepage     VARCHAR
);

CREATE TABLE source_files (
    source_id    VARCHAR NOT NULL REFERENCES sources (source_id),
    path         VARCHAR NOT NULL,            -- relative to the raw-data directory
    sha256       VARCHAR,
    url          VARCHAR,                     -- a download giving exactly these bytes
    origin       VARCHAR,                     -- how a derived file was made
    present      BOOLEAN NOT NULL
);

CREATE TABLE source_documents (
    document_id  VARCHAR PRIMARY KEY,
    source_id    VARCHAR NOT NULL REFERENCES sources (source_id),
    path         VARCHAR NOT NULL,            -- relative to the source's folder
    sha256       VARCHAR NOT NULL,
    bytes        BIGINT NOT NULL,
    genre        VARCHAR,
    language     VARCHAR,
    status       VARCHAR NOT NULL CHECK (status IN ('records', 'no_grant', 'quarantined')),
    n_records    INTEGER NOT NULL,
    source_url   VARCHAR,
    note         VARCHAR
);

CREATE TABLE quarantine (
    document_id  VARCHAR NOT NULL REFERENCES source_documents (document_id),
    source_id    VARCHAR NOT NULL,
    path         VARCHAR NOT NULL,
    reason       VARCHAR NOT NULL,            -- empty | encoding | binary | too_large | unknown_genre | parse_error
    detail       VARCHAR NOT NULL
);

CREATE TABLE funders (
    funder_id    VARCHAR PRIMARY KEY,
    name         VARCHAR NOT NULL,
    short_name   VARCHAR NOT NULL,
    country      VARCHAR,
    funder_type  VARCHAR
);

CREATE TABLE funder_names (
    funder_id       VARCHAR NOT NULL REFERENCES funders (funder_id),
    name_as_written VARCHAR NOT NULL,
    n_grants        INTEGER NOT NULL
);

CREATE TABLE organisations (
    org_id       VARCHAR PRIMARY KEY,
    name         VARCHAR NOT NULL,
    org_number   VARCHAR,
    country      VARCHAR,
    org_type     VARCHAR,
    municipality_code VARCHAR
);

CREATE TABLE grants (
    grant_id          VARCHAR PRIMARY KEY,    -- stable: hash of source_id and record_key
    source_id         VARCHAR NOT NULL REFERENCES sources (source_id),
    record_key        VARCHAR NOT NULL,       -- the record's key within its source
    document_id       VARCHAR,                -- for records parsed from a page
    cluster_id        VARCHAR NOT NULL,       -- records of one real grant share a cluster
    is_primary        BOOLEAN NOT NULL,       -- the one record per cluster that is counted
    funder_id         VARCHAR NOT NULL REFERENCES funders (funder_id),
    funder_as_written VARCHAR NOT NULL,
    recipient         VARCHAR,
    recipient_org_id  VARCHAR,
    recipient_org_number VARCHAR,
    recipient_type    VARCHAR,
    recipient_country VARCHAR,
    title             VARCHAR,
    programme         VARCHAR,
    theme_text        VARCHAR,                -- free-text label from the source or parser
    amount            DOUBLE,                 -- original currency; NULL when no granted amount is stated
    currency          VARCHAR,
    amount_nok        DOUBLE,
    amount_sek        DOUBLE,
    amount_eur        DOUBLE,
    fx_method         VARCHAR,
    award_year        INTEGER,
    start_date        VARCHAR,
    end_date          VARCHAR,
    municipality_code VARCHAR,                -- current (2024) code
    municipality      VARCHAR,
    county_code       VARCHAR,
    county            VARCHAR,
    region_code_at_award VARCHAR,
    place_method      VARCHAR,
    theme_primary     VARCHAR,
    themes            VARCHAR[],
    reference         VARCHAR,
    status            VARCHAR,
    source_url        VARCHAR,
    amount_text       VARCHAR,
    genre             VARCHAR,
    language          VARCHAR,
    confidence        DOUBLE
);

CREATE TABLE grant_partners (
    grant_id  VARCHAR NOT NULL REFERENCES grants (grant_id),
    position  INTEGER NOT NULL,
    name      VARCHAR NOT NULL,
    org_id    VARCHAR NOT NULL
);

CREATE TABLE themes (
    theme_id  VARCHAR PRIMARY KEY,
    label_en  VARCHAR NOT NULL,
    label_nb  VARCHAR NOT NULL,
    label_sv  VARCHAR NOT NULL
);

CREATE TABLE grant_theme_evidence (
    grant_id  VARCHAR NOT NULL,
    theme_id  VARCHAR NOT NULL,
    field     VARCHAR NOT NULL,
    term      VARCHAR NOT NULL
);

CREATE TABLE conflicts (                  -- one row per record and field on which a cluster's records differ
    cluster_id VARCHAR NOT NULL,
    field      VARCHAR NOT NULL,
    grant_id   VARCHAR NOT NULL,
    source_id  VARCHAR NOT NULL,
    value      VARCHAR,
    is_primary BOOLEAN NOT NULL
);

CREATE TABLE removed_rows (
    source_id  VARCHAR NOT NULL,
    record_key VARCHAR NOT NULL,
    reason     VARCHAR NOT NULL
);

CREATE TABLE etl_runs (
    run_id        VARCHAR PRIMARY KEY,
    started_at    TIMESTAMP NOT NULL,
    finished_at   TIMESTAMP NOT NULL,
    fingerprint   VARCHAR NOT NULL,          -- hash of inputs + ETL code: equal fingerprints, equal contents
    raw_dir       VARCHAR NOT NULL,
    summary       VARCHAR NOT NULL           -- JSON: counts per source and genre
);
