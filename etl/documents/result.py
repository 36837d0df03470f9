"""What parsing one document yields, and the error for a document that cannot be read at all."""

from __future__ import annotations

from dataclasses import dataclass, field

from etl.records import GrantRecord

# Why a document could not be read; the build quarantines it under this code.
UNREADABLE_REASONS = ("empty", "encoding", "binary", "too_large", "parse_error")

STATUS_RECORDS = "records"
STATUS_NO_GRANT = "no_grant"
STATUS_UNKNOWN = "unknown_genre"


class UnreadableDocument(Exception):
    """A file that cannot be turned into text (or whose parser failed); `reason` is a code for the report."""

    def __init__(self, reason: str, message: str):
        if reason not in UNREADABLE_REASONS:
            raise ValueError(f"unknown reason {reason!r}")
        super().__init__(message)
        self.reason = reason


@dataclass
class DocumentResult:
    genre: str  # "vinnova_project", "allocation", "prize", "news", "call", "unknown"
    language: str | None  # "nb", "nn", "sv", "en"
    records: list[GrantRecord] = field(default_factory=list)
    status: str = STATUS_UNKNOWN  # "records" | "no_grant" | "unknown_genre"
    note: str | None = None  # why no_grant / unknown, for the build report
