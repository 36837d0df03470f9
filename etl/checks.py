"""Checks declared beside the data: each query must return no rows, else the build fails naming the rows."""

from __future__ import annotations

import datetime as dt

LATEST_PLAUSIBLE_YEAR = dt.date.today().year + 3  # grants are sometimes announced for coming years

CHECKS: list[tuple[str, str]] = [
    ("grant ids unique", "SELECT grant_id, count(*) AS n FROM grants GROUP BY grant_id HAVING n > 1"),
    ("amounts non-negative", "SELECT grant_id, amount FROM grants WHERE amount < 0"),
    (
        "known currencies",
        "SELECT grant_id, currency FROM grants WHERE amount IS NOT NULL"
        " AND (currency IS NULL OR currency NOT IN ('NOK', 'SEK', 'EUR'))",
    ),
    (
        "plausible award years",
        f"SELECT grant_id, award_year FROM grants WHERE award_year NOT BETWEEN 1990 AND {LATEST_PLAUSIBLE_YEAR}",
    ),
    (
        "one counted record per cluster",
        "SELECT cluster_id, count(*) FILTER (WHERE is_primary) AS n FROM grants GROUP BY cluster_id HAVING n <> 1",
    ),
    (
        "every quarantined document has its reason",
        "SELECT d.document_id FROM source_documents d LEFT JOIN quarantine q USING (document_id)"
        " WHERE d.status = 'quarantined' AND q.document_id IS NULL",
    ),
    (
        "document record counts match",
        "SELECT d.document_id, d.n_records, count(g.grant_id) AS n FROM source_documents d"
        " LEFT JOIN grants g USING (document_id) GROUP BY ALL HAVING n <> d.n_records",
    ),
    (
        # Conversion needs the award year's rate; without a year only the original currency is known.
        "converted amounts present for every dated amount",
        "SELECT grant_id, amount, currency, award_year FROM grants WHERE amount IS NOT NULL AND award_year"
        " IS NOT NULL AND (amount_nok IS NULL OR amount_sek IS NULL OR amount_eur IS NULL)",
    ),
]
