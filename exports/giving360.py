"""The filtered grants in the 360Giving Data Standard: a JSON package and the flat CSV form, plus validation.

360Giving requires an awarded amount, a currency, an award date, a funder and a recipient for every grant. A
grant that lacks one of them is left out, never padded (an unknown amount is never written as 0), and the
package says how many were left out and why (`x_nordicfunding.excluded`, and in its description).

Honest approximations, stated in the package description:
- `awardDate` must be a full date, but the sources give the award year only: it is written as 1 January of
  the award year (the planned dates keep the precision the source gave: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`).
- Organisation identifiers use the national registers where the organisation number is known
  (`NO-BRC-<9 digits>` Brønnøysund, `SE-BLV-<10 digits>` Bolagsverket); otherwise a stable id under this
  project's prefix.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jsonschema
import polars as pl
import referencing
from referencing.jsonschema import DRAFT202012

from exports.provenance import PRODUCT_NAME, Provenance, export_filename, slug
from exports.safety import escape_text_columns
from exports.tables import ExportFile

PREFIX = "360G-nordicfunding-"
STANDARD_VERSION = "1.4"
PACKAGE_SCHEMA = "360-giving-package-schema.json"
GRANT_SCHEMA = "360-giving-schema.json"
# The package schema refers to the grant schema by this URL, while the grant schema's own $id says 1.4.3;
# both must resolve to the local file so that validation never fetches anything.
GRANT_SCHEMA_URLS = (
    "https://raw.githubusercontent.com/ThreeSixtyGiving/standard/1.4.2/schema/360-giving-schema.json",
    "https://raw.githubusercontent.com/ThreeSixtyGiving/standard/1.4.3/schema/360-giving-schema.json",
)
COUNTRY_NAMES = {"NO": "Norway", "SE": "Sweden", "EU": "European Union"}
ORG_REGISTERS = {"NO": ("NO-BRC", 9), "SE": ("SE-BLV", 10)}  # org-id.guide prefixes and number lengths
# 360Giving's partial dates (Event.startDate/endDate): YYYY, YYYY-MM or YYYY-MM-DD
_SPACE = re.compile(r"\s")
_PARTIAL_DATE = re.compile(r"^[0-9]{4}(-(0[1-9]|1[012])(-(0[1-9]|[12][0-9]|3[01]))?)?$")

REASON_NO_AMOUNT = "no granted amount stated (amountAwarded is required; never written as 0)"
REASON_NO_CURRENCY = "no currency stated"
REASON_NO_YEAR = "no award year stated (awardDate is required)"
REASON_NO_RECIPIENT = "no recipient stated (recipientOrganization is required)"
REASON_NO_FUNDER = "no funder stated (fundingOrganization is required)"


@dataclass(frozen=True)
class Giving360Export:
    """A 360Giving package and what happened to every grant of the view."""

    package: dict[str, Any]
    grants_in_view: int
    excluded: Mapping[str, int] = field(default_factory=dict)  # reason -> number of grants left out

    @property
    def included(self) -> int:
        return len(self.package["grants"])


# ---------------------------------------------------------------------------------------------- identifiers
def grant_identifier(grant_id: str) -> str:
    """`360G-nordicfunding-<grant_id>`: the project prefix and the stable ETL id (same inputs, same id)."""
    return PREFIX + str(grant_id)


def organisation_identifier(
    org_number: str | None, country: str | None, org_id: str | None = None, name: str | None = None
) -> str:
    """The register-based org-id where the national organisation number is known, else a stable project id."""
    register = ORG_REGISTERS.get(country or "")
    if org_number and register:
        digits = re.sub(r"\D", "", org_number)
        prefix, length = register
        if len(digits) == length:
            return f"{prefix}-{digits}"
    if org_id:
        return f"{PREFIX}org-{org_id}"
    key = re.sub(r"\s+", " ", (name or "").strip().casefold())
    return f"{PREFIX}org-name-{hashlib.sha256(key.encode()).hexdigest()[:16]}"


def funder_identifier(funder_id: str) -> str:
    return f"{PREFIX}funder-{funder_id}"


# ---------------------------------------------------------------------------------------------- one grant
def exclusion_reason(row: Mapping[str, Any]) -> str | None:
    """Why a grant cannot be a valid 360Giving grant, or None when it can."""
    amount = row.get("amount")
    if amount is None or amount != amount:  # NULL or NaN
        return REASON_NO_AMOUNT
    if not row.get("currency"):
        return REASON_NO_CURRENCY
    if row.get("award_year") is None:
        return REASON_NO_YEAR
    if not _text(row.get("recipient")):
        return REASON_NO_RECIPIENT
    if not row.get("funder_id") or not _text(row.get("funder")):
        return REASON_NO_FUNDER
    return None


def grant_to_360(row: Mapping[str, Any]) -> dict[str, Any]:
    """One `grant_facts` row (as a dict) as a 360Giving grant; call `exclusion_reason` first."""
    grant: dict[str, Any] = {
        "id": grant_identifier(row["grant_id"]),
        "title": _title(row),
        "description": _description(row),
        "currency": row["currency"],
        "amountAwarded": float(row["amount"]),
        "awardDate": f"{int(row['award_year']):04d}-01-01",
        "recipientOrganization": [_recipient(row)],
        "fundingOrganization": [_funder(row)],
    }
    planned = {
        key: value
        for key, value in (("startDate", row.get("start_date")), ("endDate", row.get("end_date")))
        if isinstance(value, str) and _PARTIAL_DATE.match(value)
    }
    if planned:
        grant["plannedDates"] = [planned]
    locations = _beneficiary_locations(row)
    if locations:
        grant["beneficiaryLocation"] = locations
    if _text(row.get("programme")):
        grant["grantProgramme"] = [{"title": _text(row["programme"])}]
    if _text(row.get("theme")):
        grant["classifications"] = [{"vocabulary": "nordicfunding:theme", "code": _text(row["theme"])}]
    url = _web_url(row.get("source_url"))
    if url:
        grant["url"] = url
        grant["dataSource"] = url
    return grant


def _text(value: Any) -> str | None:
    text = str(value).strip() if value is not None else ""
    return text or None


def _title(row: Mapping[str, Any]) -> str:
    title = _text(row.get("title"))
    if title:
        return title
    # title is required; say plainly that the source gave none rather than invent one
    what = _text(row.get("programme")) or _text(row.get("funder")) or "grant"
    return f"(no title stated) {what} {row.get('award_year')}"


def _description(row: Mapping[str, Any]) -> str:
    parts = []
    if _text(row.get("programme")):
        parts.append(f"Programme: {_text(row['programme'])}.")
    if _text(row.get("theme_text")):
        parts.append(f"Subject: {_text(row['theme_text'])}.")
    if _text(row.get("amount_text")):
        parts.append(f"Amount as written by the source: “{_text(row['amount_text'])}”.")
    parts.append(f"Award year {row.get('award_year')} (awardDate gives the year only).")
    if _text(row.get("source_title")):
        parts.append(f"Source: {_text(row['source_title'])}.")
    return " ".join(parts)


def _recipient(row: Mapping[str, Any]) -> dict[str, Any]:
    country = _text(row.get("recipient_country"))
    org: dict[str, Any] = {
        "id": organisation_identifier(
            row.get("recipient_org_number"), country, row.get("recipient_org_id"), row.get("recipient")
        ),
        "name": _text(row["recipient"]),
    }
    if country in COUNTRY_NAMES:
        org["addressCountry"] = COUNTRY_NAMES[country]
    if _text(row.get("recipient_type")):
        org["organisationType"] = _text(row["recipient_type"])
    return org


def _funder(row: Mapping[str, Any]) -> dict[str, Any]:
    org: dict[str, Any] = {"id": funder_identifier(row["funder_id"]), "name": _text(row["funder"])}
    if row.get("funder_country") in COUNTRY_NAMES:
        org["addressCountry"] = COUNTRY_NAMES[row["funder_country"]]
    return org


def _beneficiary_locations(row: Mapping[str, Any]) -> list[dict[str, Any]]:
    country = _text(row.get("recipient_country"))
    locations = []
    for level, code_key, name_key in (
        ("Municipality (kommune/kommun)", "municipality_code", "municipality"),
        ("County (fylke/län)", "county_code", "county"),
    ):
        code, name = _text(row.get(code_key)), _text(row.get(name_key))
        if not code and not name:
            continue
        location: dict[str, Any] = {"description": f"{level}, current (2024) national code"}
        if name:
            location["name"] = name
        if code:
            location["geoCode"] = code
        if country in ("NO", "SE"):
            location["countryCode"] = country
        locations.append(location)
    return locations


def _web_url(value: Any) -> str | None:
    text = _text(value)
    if not text or _SPACE.search(text):
        return None
    parts = urlsplit(text)
    return text if parts.scheme in ("http", "https") and parts.netloc else None


# ---------------------------------------------------------------------------------------------- the package
def build_package(frame: pl.DataFrame, provenance: Provenance) -> Giving360Export:
    """Every grant of the frame that 360Giving can hold, and a count of the rest by reason."""
    grants: list[dict[str, Any]] = []
    excluded: Counter[str] = Counter()
    for row in frame.iter_rows(named=True):
        reason = exclusion_reason(row)
        if reason:
            excluded[reason] += 1
        else:
            grants.append(grant_to_360(row))
    excluded_text = (
        "; ".join(
            f"{n} {'grant' if n == 1 else 'grants'} left out: {reason}" for reason, n in excluded.items()
        )
        or "none left out"
    )
    description = (
        f"{len(grants)} of the {frame.height} grants in the view “{provenance.view}” of the {PRODUCT_NAME} "
        f"({excluded_text}). Filters: {provenance.filters_text()}. Amounts are in each grant's original "
        "currency. awardDate is 1 January of the award year: the sources state the year only. "
        f"Data: {provenance.attribution_text(with_reference=False)}."
    )
    package: dict[str, Any] = {
        "version": STANDARD_VERSION,
        "title": f"{provenance.title}: {provenance.view}, {provenance.exported_on.isoformat()}",
        "description": description,
        "issued": provenance.exported_on.isoformat(),
        "identifier": f"{PREFIX}{slug(provenance.view)}-{provenance.exported_on.isoformat()}",
        "publisher": {"name": PRODUCT_NAME},
        "grants": grants,
        # not part of the standard (extra properties are allowed): the export's own accounting
        "x_nordicfunding": {
            "grantsInView": frame.height,
            "grantsIncluded": len(grants),
            "excluded": dict(excluded),
            "awardDatePrecision": "year (awardDate is 1 January of the award year)",
            "provenance": provenance.as_dict(),
        },
    }
    if _web_url(provenance.permalink):
        package["accessURL"] = provenance.permalink
    return Giving360Export(package=package, grants_in_view=frame.height, excluded=dict(excluded))


def _non_empty(result: Giving360Export) -> Giving360Export:
    """360Giving packages hold at least one grant; an empty file would be invalid, so say why instead."""
    if not result.package["grants"]:
        reasons = "; ".join(f"{n}: {reason}" for reason, n in result.excluded.items()) or "the view is empty"
        raise ValueError(f"no grant of this view can be written in 360Giving ({reasons})")
    return result


def to_360giving_json(frame: pl.DataFrame, provenance: Provenance) -> ExportFile:
    """The package as UTF-8 JSON; raises ValueError when no grant of the view qualifies."""
    result = _non_empty(build_package(frame, provenance))
    data = json.dumps(result.package, ensure_ascii=False, allow_nan=False).encode("utf-8")
    return ExportFile(export_filename(provenance, "json", kind="360giving"), "application/json", data)


# ---------------------------------------------------------------------------------------------- flat CSV
FLAT_COLUMNS = (
    "Identifier", "Title", "Description", "Currency", "Amount Awarded", "Award Date",
    "Planned Dates:Start Date", "Planned Dates:End Date",
    "Recipient Org:Identifier", "Recipient Org:Name", "Recipient Org:Country", "Recipient Org:Organisation Type",
    "Funding Org:Identifier", "Funding Org:Name", "Funding Org:Country",
    "Grant Programme:Title", "Classifications:Vocabulary", "Classifications:Code",
    "Beneficiary Location:0:Name", "Beneficiary Location:0:Country Code", "Beneficiary Location:0:Geographic Code",
    "Beneficiary Location:0:Description",
    "Beneficiary Location:1:Name", "Beneficiary Location:1:Country Code", "Beneficiary Location:1:Geographic Code",
    "Beneficiary Location:1:Description",
    "URL", "Data Source",
)  # fmt: skip


def flatten_grant(grant: Mapping[str, Any]) -> dict[str, Any]:
    """A 360Giving grant as one row of the standard's spreadsheet form (column titles as in its templates)."""
    recipient = grant["recipientOrganization"][0]
    funder = grant["fundingOrganization"][0]
    planned = (grant.get("plannedDates") or [{}])[0]
    programme = (grant.get("grantProgramme") or [{}])[0]
    classification = (grant.get("classifications") or [{}])[0]
    row: dict[str, Any] = {
        "Identifier": grant["id"],
        "Title": grant["title"],
        "Description": grant["description"],
        "Currency": grant["currency"],
        "Amount Awarded": grant["amountAwarded"],
        "Award Date": grant["awardDate"],
        "Planned Dates:Start Date": planned.get("startDate"),
        "Planned Dates:End Date": planned.get("endDate"),
        "Recipient Org:Identifier": recipient["id"],
        "Recipient Org:Name": recipient["name"],
        "Recipient Org:Country": recipient.get("addressCountry"),
        "Recipient Org:Organisation Type": recipient.get("organisationType"),
        "Funding Org:Identifier": funder["id"],
        "Funding Org:Name": funder["name"],
        "Funding Org:Country": funder.get("addressCountry"),
        "Grant Programme:Title": programme.get("title"),
        "Classifications:Vocabulary": classification.get("vocabulary"),
        "Classifications:Code": classification.get("code"),
        "URL": grant.get("url"),
        "Data Source": grant.get("dataSource"),
    }
    locations = grant.get("beneficiaryLocation") or []
    for i in range(2):
        location = locations[i] if i < len(locations) else {}
        row[f"Beneficiary Location:{i}:Name"] = location.get("name")
        row[f"Beneficiary Location:{i}:Country Code"] = location.get("countryCode")
        row[f"Beneficiary Location:{i}:Geographic Code"] = location.get("geoCode")
        row[f"Beneficiary Location:{i}:Description"] = location.get("description")
    return {column: row.get(column) for column in FLAT_COLUMNS}


def to_360giving_csv(frame: pl.DataFrame, provenance: Provenance, *, bom: bool = False) -> ExportFile:
    """The flat (spreadsheet) form of the same package: one row per included grant, text formula-escaped."""
    result = _non_empty(build_package(frame, provenance))
    schema = {c: pl.String for c in FLAT_COLUMNS} | {"Amount Awarded": pl.Float64}
    flat = pl.DataFrame([flatten_grant(g) for g in result.package["grants"]], schema=schema, orient="row")
    flat = escape_text_columns(flat)
    buffer = io.StringIO()
    flat.write_csv(buffer)
    data = ("\ufeff" if bom else "").encode() + buffer.getvalue().encode("utf-8")
    return ExportFile(export_filename(provenance, "csv", kind="360giving"), "text/csv; charset=utf-8", data)


# ---------------------------------------------------------------------------------------------- validation
def default_schema_dir() -> Path:
    """The 360Giving schemas in the raw-data folder (env FUNDING_RAW_DIR, default ../shared)."""
    raw = os.environ.get("FUNDING_RAW_DIR") or str(Path(__file__).resolve().parents[2] / "shared")
    return Path(raw) / "data" / "standards_360giving"


@cache
def _validators(schema_dir: str) -> tuple[jsonschema.protocols.Validator, jsonschema.protocols.Validator]:
    """(package validator, grant validator), both resolving the grant schema's URLs to the local file."""
    folder = Path(schema_dir)
    package_schema = json.loads((folder / PACKAGE_SCHEMA).read_text(encoding="utf-8"))
    grant_schema = json.loads((folder / GRANT_SCHEMA).read_text(encoding="utf-8"))
    resource = referencing.Resource.from_contents(grant_schema, default_specification=DRAFT202012)
    registry = referencing.Registry().with_resources((url, resource) for url in GRANT_SCHEMA_URLS)
    checker = _format_checker()
    # Both files are draft 2020-12 ($defs), but their "$schema" spells the draft's URL with http://, which
    # jsonschema does not recognise (it would guess, with a warning): name the draft explicitly.
    return (
        jsonschema.Draft202012Validator(package_schema, registry=registry, format_checker=checker),
        jsonschema.Draft202012Validator(grant_schema, registry=registry, format_checker=checker),
    )


def _format_checker() -> jsonschema.FormatChecker:
    """jsonschema checks `date-time` and `uri` only with optional packages; without a date-time check, the
    schema's `oneOf: [date-time, YYYY-MM-DD]` would match a plain date twice and fail. Check both here."""
    checker = jsonschema.FormatChecker()

    @checker.checks("date-time", raises=ValueError)
    def is_datetime(value: object) -> bool:
        if not isinstance(value, str):
            return True
        if not re.match(r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$", value):
            return False
        dt.datetime.fromisoformat(value.upper().replace("Z", "+00:00"))
        return True

    @checker.checks("uri")
    def is_uri(value: object) -> bool:
        if not isinstance(value, str):
            return True
        parts = urlsplit(value)
        return bool(parts.scheme) and not any(ch.isspace() for ch in value)

    return checker


def validate_package(package: Mapping[str, Any], schema_dir: Path | str | None = None) -> list[str]:
    """Schema errors of a 360Giving package (empty list: valid), validated offline against the local schemas.

    The package schema's `uniqueItems` on grants compares every pair of grants (minutes for 10 000 grants), so
    the package is checked with one grant, each grant against the grant schema, and uniqueness by `id` (equal
    grants have equal ids; 360Giving requires unique ids anyway). Same verdict, linear time.
    """
    package_validator, grant_validator = _validators(str(Path(schema_dir or default_schema_dir()).resolve()))
    grants = package.get("grants")
    errors: list[tuple[list, str]] = []
    if not isinstance(grants, list):
        errors += [(list(e.absolute_path), e.message) for e in package_validator.iter_errors(package)]
    else:
        shell = {**package, "grants": grants[:1]}
        errors += [(list(e.absolute_path), e.message) for e in package_validator.iter_errors(shell)]
        errors = [(path, message) for path, message in errors if path[:2] != ["grants", 0]]
        seen: dict[Any, int] = {}
        for i, grant in enumerate(grants):
            errors += [
                (["grants", i, *e.absolute_path], e.message) for e in grant_validator.iter_errors(grant)
            ]
            key = grant.get("id") if isinstance(grant, dict) else None
            if isinstance(key, str):
                if key in seen:
                    errors.append(
                        (["grants", i, "id"], f"duplicate grant id {key!r} (first at grants/{seen[key]})")
                    )
                seen.setdefault(key, i)
    errors.sort(key=lambda item: [str(p) for p in item[0]])
    return [f"{'/'.join(str(p) for p in path) or '(package)'}: {message}" for path, message in errors]
