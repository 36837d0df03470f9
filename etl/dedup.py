"""Deduplication: the same grant reaching us through several sources or pages is one grant.

Records are linked when
  reference  same funder and same reference (diarienummer, project number), e.g. a Vinnova project page and
             its SweCRIS row ("2016-04008" and "2016-04008_Vinnova");
  identical  the same record from two documents (a page saved twice);
  similar    a document and another record with the same funder and award year and the same recipient (name
             after normalisation, or the municipality the recipient is), with overlapping titles or the same
             amount; or with the same distinctive title and recipients that share a distinctive word.
Linked records form a cluster (connected components). Records of one document or one bulk source are never
linked to each other: a source that lists two grants means two grants. Bulk records are only linked by
reference, never by similarity. When a cluster's records disagree on amount, currency or year, every value
goes to `conflicts`; nothing is chosen silently.

One record per cluster is primary (`is_primary`), so sums count each grant once: official funder data >
the funder's project page > the funder's allocation list or prize page > news > anything else; then the one
with an amount, then the lowest (source_id, record_key). The cluster id is a hash of the primary's
source_id and record_key, so the same input gives the same ids.
"""

from __future__ import annotations

import hashlib

import polars as pl

BULK_GENRES = ("swecris", "h2020", "nfr_soknader")
# Lower = preferred as the cluster's primary record.
GENRE_PRIORITY = {
    **dict.fromkeys(BULK_GENRES, 0),  # official funder data
    "vinnova_project": 1,  # the funder's own project page
    "allocation": 2,  # a funder's allocation list
    "prize": 2,
    "news": 3,
}
OTHER_PRIORITY = 4
CONFLICT_FIELDS = ("amount", "currency", "year")
TITLE_OVERLAP = 0.5  # Jaccard share of distinctive title words

_STOPWORDS = frozenset(
    {
        *(
            "och",
            "att",
            "för",
            "med",
            "som",
            "till",
            "från",
            "den",
            "det",
            "eller",
            "samt",
            "ett",
            "på",
            "av",
        ),
        *("og", "til", "fra", "for", "ein", "eit", "i"),
        *("the", "and", "with", "from", "of", "to", "in", "on", "an"),
    }
)
# Words that do not tell organisations apart.
_GENERIC_ORG_WORDS = frozenset(
    {
        *("ab", "as", "asa", "ek", "för", "ekonomisk", "förening", "stiftelsen", "stiftelse", "aktiebolag"),
        *("kommun", "kommune", "kommunen", "stad", "stads", "region", "hf", "sf", "ba", "ida", "iks"),
        *("the", "of", "and", "och", "og"),
    }
)


def _words(text: pl.Expr, drop: frozenset[str]) -> pl.Expr:
    """Distinctive lower-case words (3+ letters, not in `drop`)."""
    return (
        text.str.to_lowercase()
        .str.extract_all(r"\w{3,}")
        .list.eval(pl.element().filter(~pl.element().is_in(sorted(drop))))
        .list.unique()
        .fill_null(pl.lit([], dtype=pl.List(pl.String)))
    )


def _recipient_key(recipient: pl.Expr) -> pl.Expr:
    """'Lunds kommun - Kommunkontoret' and 'LUNDS KOMMUN' -> 'lunds kommun' (department dropped)."""
    organisation = recipient.str.replace(r"\s[-–]\s.*$", "")
    key = organisation.str.to_lowercase().str.replace_all(r"[^\w]+", " ").str.strip_chars()
    return pl.when(key.str.len_chars() > 0).then(key)


def _link_keys(columns: set[str]) -> list[pl.Expr]:
    """_origin (the document, else the source), _bulk, _funder and _ref: what decides whether records can be
    linked at all."""
    document = pl.col("document_id") if "document_id" in columns else pl.lit(None, pl.String)
    genre = pl.col("genre").cast(pl.String)
    is_bulk = genre.is_in(BULK_GENRES).fill_null(False) & document.is_null()
    funder_key = pl.coalesce(
        pl.col("funder_id"),
        pl.lit("name:") + pl.col("funder").str.to_lowercase().str.replace_all(r"\s+", " "),
    )
    reference = pl.col("reference").str.to_uppercase().str.replace_all(r"\s+", "")
    return [
        pl.coalesce(document, pl.col("source_id")).alias("_origin"),
        is_bulk.alias("_bulk"),
        funder_key.alias("_funder"),
        pl.when(reference.str.len_chars() > 0).then(reference).alias("_ref"),
    ]


def with_link_keys(frame: pl.DataFrame) -> pl.DataFrame:
    """The frame with the columns `candidates_query` selects by (_origin, _bulk, _funder, _ref)."""
    return frame.with_columns(_link_keys(set(frame.columns)))


def candidates_query(table: str, columns: list[str]) -> str:
    """SQL for the records of `table` (staged with `with_link_keys` and `_seq`) that a rule can link, in `_seq`
    order; every other record is a cluster of its own (cluster id from its own source_id and record_key).

    The selection is exact, not a heuristic: it holds every record of each (funder, reference) shared by two
    origins (the only reference groups that can yield an edge, whole), every document record (the identical
    rule links documents only; the similar rule starts from one) and every record of a funder and award year
    that a document has (the similar rule's other side). So `assign_clusters` on these records gives the same
    clusters as on all of them, while ten million bulk rows never need to be in memory at once.
    """
    selected = ", ".join(f"r.{c}" for c in columns)
    return f"""
        WITH shared_references AS (
            SELECT _funder, _ref FROM {table}
            WHERE _funder IS NOT NULL AND _ref IS NOT NULL
            GROUP BY _funder, _ref
            HAVING count(DISTINCT _origin) > 1
        ),
        document_years AS (
            SELECT DISTINCT _funder, year FROM {table} WHERE NOT _bulk AND year IS NOT NULL
        )
        SELECT {selected} FROM {table} AS r
        WHERE NOT r._bulk
            OR EXISTS (SELECT 1 FROM shared_references s WHERE s._funder = r._funder AND s._ref = r._ref)
            OR EXISTS (SELECT 1 FROM document_years d WHERE d._funder = r._funder AND d.year = r.year)
        ORDER BY r._seq
    """


def _prepare(frame: pl.DataFrame) -> pl.DataFrame:
    columns = set(frame.columns)
    name_placed = (
        pl.col("place_method").str.starts_with("name").fill_null(False)
        if "place_method" in columns
        else pl.lit(False)
    )
    municipality = pl.col("municipality_code") if "municipality_code" in columns else pl.lit(None, pl.String)
    return frame.with_row_index("_row").with_columns(
        *_link_keys(columns),
        _recipient_key(pl.col("recipient")).alias("_recipient"),
        pl.when(name_placed).then(municipality).alias("_municipality"),
        pl.col("genre")
        .cast(pl.String)
        .replace_strict(GENRE_PRIORITY, default=OTHER_PRIORITY, return_dtype=pl.Int32)
        .fill_null(OTHER_PRIORITY)
        .alias("_priority"),
    )


def _group_edges(
    rows: pl.DataFrame, keys: list[str], rule: str, *, nulls_match: bool = False
) -> pl.DataFrame:
    """Link all records of each group whose records all come from different origins."""
    candidates = rows if nulls_match else rows.drop_nulls(keys)
    groups = (
        candidates.group_by(keys)
        .agg(pl.col("_row"), pl.col("_origin").n_unique().alias("_origins"), pl.len().alias("_n"))
        .filter((pl.col("_origins") >= 2) & (pl.col("_origins") == pl.col("_n")))
    )
    return (
        groups.select(
            pl.col("_row").list.first().alias("a"), pl.col("_row").alias("b"), pl.lit(rule).alias("rule")
        )
        .explode("b")
        .filter(pl.col("a") != pl.col("b"))
    )


def _reference_edges(rows: pl.DataFrame) -> pl.DataFrame:
    """Same funder + reference across origins. Where one origin has several records under one reference
    (Horizon 2020: one per participant), only records with the same recipient are linked."""
    whole = _group_edges(rows, ["_funder", "_ref"], "reference")
    by_recipient = rows.with_columns(
        pl.coalesce(pl.col("recipient_org_number").str.replace_all(r"\D", ""), pl.col("_recipient")).alias(
            "_who"
        )
    )
    return pl.concat([whole, _group_edges(by_recipient, ["_funder", "_ref", "_who"], "reference")])


def _identical_edges(rows: pl.DataFrame) -> pl.DataFrame:
    """The same record (nulls included) from two documents; it must name at least a recipient or a title."""
    keys = ["_funder", "_recipient", "title", "amount", "currency", "year", "_ref"]
    documents = rows.filter(
        ~pl.col("_bulk") & (pl.col("_recipient").is_not_null() | pl.col("title").is_not_null())
    )
    return _group_edges(documents, keys, "identical", nulls_match=True)


def _overlap(a: str, b: str) -> pl.Expr:
    shared = pl.col(a).list.set_intersection(pl.col(b)).list.len()
    union = pl.col(a).list.set_union(pl.col(b)).list.len()
    return pl.when(union > 0).then(shared / union).otherwise(0.0)


def _similar_edges(rows: pl.DataFrame) -> pl.DataFrame:
    """A document record against every record of the same funder and year that shares a block key."""
    documents = rows.filter(~pl.col("_bulk") & pl.col("year").is_not_null())
    # Only records of a funder and year that some document mentions can pair: word lists are built for
    # those alone, so millions of bulk rows without documents cost nothing here.
    base = rows.join(documents.select("_funder", "year").unique(), on=["_funder", "year"], how="semi")
    title_words = _words(pl.col("title"), _STOPWORDS)
    base = base.with_columns(
        title_words.alias("_title_words"),
        pl.when(title_words.list.len() >= 2).then(title_words.list.sort().list.join(" ")).alias("_title_key"),
        _words(pl.col("recipient"), _GENERIC_ORG_WORDS).alias("_recipient_words"),
    )
    columns = ["_row", "_origin", "_bulk", "_title_words", "_recipient_words", "amount", "currency"]
    same_amount = (pl.col("amount") == pl.col("amount_r")) & (pl.col("currency") == pl.col("currency_r"))
    titles_overlap = _overlap("_title_words", "_title_words_r") >= TITLE_OVERLAP
    recipients_share = (
        pl.col("_recipient_words").list.set_intersection(pl.col("_recipient_words_r")).list.len() > 0
    )
    blocks = {
        "_recipient": titles_overlap | same_amount.fill_null(False),
        "_municipality": titles_overlap | same_amount.fill_null(False),
        "_title_key": recipients_share,
    }
    edges = []
    for block, condition in blocks.items():
        keys = ["_funder", "year", block]
        left = base.filter(~pl.col("_bulk")).drop_nulls(keys).select(*keys, *columns)
        right = base.drop_nulls(keys).select(*keys, *columns)
        pairs = left.join(right, on=keys, suffix="_r").filter(
            (pl.col("_origin") != pl.col("_origin_r")) & (pl.col("_row") != pl.col("_row_r")) & condition
        )
        edges.append(
            pairs.select(
                pl.col("_row").alias("a"), pl.col("_row_r").alias("b"), pl.lit("similar").alias("rule")
            )
        )
    return pl.concat(edges)


def _components(edges: pl.DataFrame) -> tuple[dict[int, int], dict[int, set[str]]]:
    """Union-find over the edges: the root of every linked row (the smallest row of its component), and the
    rules that linked each root's component. Rows without edges are their own cluster and cost nothing."""
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in edges.select("a", "b").iter_rows():
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    roots = {node: find(node) for node in list(parent)}
    rules: dict[int, set[str]] = {}
    for a, rule in edges.select("a", "rule").iter_rows():
        rules.setdefault(roots[a], set()).add(rule)
    return roots, rules


def cluster_id(source_id: str, record_key: str) -> str:
    """The id of the cluster whose primary record is (source_id, record_key)."""
    return _hash_ids(pl.Series([f"{source_id}|{record_key}"]))[0]


def _hash_ids(keys: pl.Series) -> list[str]:
    # sha1 rather than polars' hash: ids must not change when polars is upgraded.
    return ["gc-" + hashlib.sha1(key.encode()).hexdigest()[:16] for key in keys.to_list()]


def assign_clusters(frame: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Add grant_cluster_id, is_primary, cluster_size and cluster_rule (how the cluster was linked; null for a
    record alone) to the combined frame of all sources; return it with the conflicts frame
    (grant_cluster_id, field, source_id, record_key, value, is_primary)."""
    frame = frame.drop(["grant_cluster_id", "is_primary", "cluster_size", "cluster_rule"], strict=False)
    rows = _prepare(frame)
    edges = pl.concat([_reference_edges(rows), _identical_edges(rows), _similar_edges(rows)]).unique()
    roots, rules = _components(edges)
    rows = rows.with_columns(
        pl.col("_row").replace_strict(roots, default=pl.col("_row"), return_dtype=pl.UInt32).alias("_cluster")
    )

    ranked = rows.sort(
        "_cluster", "_priority", pl.col("amount").is_null(), "source_id", "record_key", nulls_last=True
    )
    primaries = ranked.group_by("_cluster", maintain_order=True).agg(
        pl.col("_row").first().alias("_primary_row"),
        pl.col("source_id").first().alias("_primary_source"),
        pl.col("record_key").first().alias("_primary_key"),
        pl.len().alias("cluster_size"),
    )
    primaries = primaries.with_columns(
        pl.Series(
            "grant_cluster_id",
            _hash_ids(primaries.select(pl.format("{}|{}", "_primary_source", "_primary_key")).to_series()),
            dtype=pl.String,
        ),
        pl.Series(
            "cluster_rule",
            ["; ".join(sorted(rules[c])) if c in rules else None for c in primaries["_cluster"].to_list()],
            dtype=pl.String,
        ),
    )
    out = rows.join(
        primaries.select("_cluster", "_primary_row", "grant_cluster_id", "cluster_size", "cluster_rule"),
        on="_cluster",
        how="left",
        maintain_order="left",
    ).with_columns((pl.col("_row") == pl.col("_primary_row")).alias("is_primary"))
    conflicts = _conflicts(out)
    result = out.select(
        *frame.columns,
        "grant_cluster_id",
        "is_primary",
        pl.col("cluster_size").cast(pl.Int32),
        "cluster_rule",
    )
    return result, conflicts


def _conflicts(rows: pl.DataFrame) -> pl.DataFrame:
    """One row per record and field where a cluster's records state different values."""
    shared = rows.filter(pl.col("cluster_size") > 1)
    parts = []
    for field in CONFLICT_FIELDS:
        values = shared.select(
            "grant_cluster_id",
            "source_id",
            "record_key",
            "is_primary",
            pl.col(field).cast(pl.String).alias("value"),
        )
        disputed = (
            values.drop_nulls("value")
            .group_by("grant_cluster_id")
            .agg(pl.col("value").n_unique().alias("_n"))
            .filter(pl.col("_n") > 1)
            .select("grant_cluster_id")
        )
        parts.append(values.join(disputed, on="grant_cluster_id").with_columns(pl.lit(field).alias("field")))
    schema = ["grant_cluster_id", "field", "source_id", "record_key", "value", "is_primary"]
    if not parts:
        return pl.DataFrame(schema={c: pl.String for c in schema})
    return pl.concat(parts).select(schema).sort("grant_cluster_id", "field", "source_id", "record_key")
