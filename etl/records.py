"""The one record shape every source produces before normalisation.

Document parsers, bulk readers and the normaliser all speak `GrantRecord`; the
`to_contract()` form is the public JSON contract of `python -m etl parse`
(see ../shared/corpus/RECORD_FORMAT.md).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

# Keys of the public record contract, in the order they are printed.
CONTRACT_KEYS = (
    "funder",
    "country",
    "recipient",
    "partners",
    "title",
    "amount",
    "currency",
    "year",
    "start_date",
    "end_date",
    "programme",
    "theme",
    "source_url",
)


@dataclass
class GrantRecord:
    """One grant (or prize) as a source states it, before normalisation.

    Amounts are in the original currency; `amount` is None when no granted
    amount is stated (an applied-for sum, a budget or a call maximum is never
    put here).
    """

    funder: str | None
    country: str | None  # funder's country: "NO" or "SE"
    recipient: str | None
    partners: list[str] = field(default_factory=list)
    title: str | None = None
    amount: float | None = None
    currency: str | None = None  # "NOK", "SEK" or "EUR"
    year: int | None = None  # award year (Vinnova pages: project start year)
    start_date: str | None = None  # "YYYY", "YYYY-MM" or "YYYY-MM-DD"
    end_date: str | None = None
    programme: str | None = None
    theme: str | None = None
    source_url: str | None = None
    # Extra keys (welcome by the contract).
    funder_id: str | None = None  # canonical funder id, see etl/funders.py
    reference: str | None = None  # diarienummer, project number, ...
    status: str | None = None
    amount_text: str | None = None  # the source text span the amount came from
    recipient_org_number: str | None = None
    recipient_type: str | None = None
    genre: str | None = None  # document genre or bulk source kind
    language: str | None = None  # nb, nn, sv, en
    confidence: float | None = None

    def to_contract(self) -> dict:
        """The record as `python -m etl parse` prints it: contract keys first."""
        data = asdict(self)
        ordered = {key: data.pop(key) for key in CONTRACT_KEYS}
        if ordered["amount"] is not None and float(ordered["amount"]).is_integer():
            ordered["amount"] = int(ordered["amount"])
        ordered.update(data)
        return ordered


def frame_schema():
    """Polars dtypes of the common grant frame: GrantRecord fields plus the columns bulk sources add."""
    import polars as pl  # local import: the parser CLI should not pay for polars

    return {
        "source_id": pl.String,
        "record_key": pl.String,
        "document_id": pl.String,
        "funder": pl.String,
        "funder_id": pl.String,
        "country": pl.String,
        "recipient": pl.String,
        "recipient_org_number": pl.String,
        "recipient_type": pl.String,
        "recipient_country": pl.String,
        "partners": pl.List(pl.String),
        "title": pl.String,
        "programme": pl.String,
        "theme": pl.String,
        "amount": pl.Float64,
        "currency": pl.String,
        "year": pl.Int32,
        "start_date": pl.String,
        "end_date": pl.String,
        "source_url": pl.String,
        "reference": pl.String,
        "status": pl.String,
        "amount_text": pl.String,
        "genre": pl.String,
        "language": pl.String,
        "confidence": pl.Float64,
        "municipality_code_raw": pl.String,
        "scb_codes": pl.List(pl.String),
    }
