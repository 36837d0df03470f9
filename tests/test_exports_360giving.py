"""360Giving export: the package validates against the standard's schemas (offline), leaves out what the
standard cannot hold and says so, and never writes 0 for an unknown amount."""

from __future__ import annotations

import copy
import datetime as dt
import io
import json
import os
import socket
from pathlib import Path

import duckdb
import polars as pl
import pytest
from test_exports_tables import make_fixture_db

from exports import giving360
from exports.provenance import Provenance, provenance_from_db, source_ids_of
from exports.safety import escape_cell

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def schema_dir() -> Path:
    raw = Path(os.environ.get("FUNDING_RAW_DIR", REPO.parent / "shared"))
    folder = raw / "data" / "standards_360giving"
    if not (folder / giving360.PACKAGE_SCHEMA).is_file():
        pytest.fail(f"360Giving schemas not found in {folder}: set FUNDING_RAW_DIR to the shared folder")
    return folder


@pytest.fixture(scope="module")
def grants(tmp_path_factory: pytest.TempPathFactory) -> tuple[pl.DataFrame, Provenance]:
    db = make_fixture_db(tmp_path_factory.mktemp("g360") / "fixture.duckdb")
    con = duckdb.connect(str(db), read_only=True)
    try:
        frame = con.sql("SELECT * FROM grant_facts ORDER BY grant_id").pl()
        prov = provenance_from_db(
            con,
            view="grants",
            filters=("Award years: 2018–2022",),
            permalink="https://funding.example.org/grants?from=2018",
            source_ids=source_ids_of(frame),
            exported_on=dt.date(2026, 5, 1),
        )
        return frame, prov
    finally:
        con.close()


@pytest.fixture(scope="module")
def result(grants: tuple[pl.DataFrame, Provenance]) -> giving360.Giving360Export:
    frame, prov = grants
    return giving360.build_package(frame, prov)


def by_id(result: giving360.Giving360Export) -> dict[str, dict]:
    return {g["id"]: g for g in result.package["grants"]}


def test_package_validates_against_the_standard(result: giving360.Giving360Export, schema_dir: Path) -> None:
    assert giving360.validate_package(result.package, schema_dir) == []


def test_validation_never_touches_the_network(
    result: giving360.Giving360Export, schema_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError("validation tried to open a network connection")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    giving360._validators.cache_clear()  # build the registry anew under the guard
    assert giving360.validate_package(result.package, schema_dir) == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda g: g.pop("amountAwarded"), "is not valid"),
        (lambda g: g.update(awardDate="2020"), "awardDate"),
        (lambda g: g.update(currency="KRONER"), "currency"),
        (lambda g: g["recipientOrganization"][0].pop("id"), "'id' is a required property"),
        (lambda g: g.update(plannedDates=[{"startDate": "2020-13"}]), "startDate"),
    ],
)
def test_validator_rejects_broken_grants(
    result: giving360.Giving360Export, schema_dir: Path, change, message: str
) -> None:
    broken = copy.deepcopy(result.package)
    change(broken["grants"][0])
    errors = giving360.validate_package(broken, schema_dir)
    assert errors and any(message in e for e in errors)


def test_unknown_amounts_and_recipients_are_left_out_and_counted(
    grants: tuple[pl.DataFrame, Provenance], result: giving360.Giving360Export
) -> None:
    frame, _ = grants
    ids = by_id(result)
    assert giving360.grant_identifier("g-0003") not in ids  # NULL amount: left out, not 0
    assert giving360.grant_identifier("g-0008") not in ids  # no recipient
    assert result.excluded == {giving360.REASON_NO_AMOUNT: 1, giving360.REASON_NO_RECIPIENT: 1}
    assert result.included + sum(result.excluded.values()) == frame.height == result.grants_in_view
    known = frame.filter(pl.col("amount").is_not_null() & pl.col("recipient").is_not_null())
    assert sorted(g["amountAwarded"] for g in ids.values()) == sorted(known["amount"].to_list())
    accounting = result.package["x_nordicfunding"]
    assert accounting["grantsInView"] == frame.height and accounting["grantsIncluded"] == result.included
    assert accounting["excluded"] == result.excluded
    assert "1 grant left out: no granted amount stated" in result.package["description"]


def test_grant_fields(result: giving360.Giving360Export) -> None:
    oslo = by_id(result)["360G-nordicfunding-g-0000"]
    assert oslo["title"] == "=cmd|' /C calc'!A0"  # JSON keeps the exact text; it is not a spreadsheet
    assert oslo["currency"] == "NOK" and oslo["amountAwarded"] == 1_000_000.0
    assert oslo["awardDate"] == "2018-01-01"
    assert oslo["recipientOrganization"][0] == {
        "id": "NO-BRC-974760673",
        "name": "Oslo kommune",
        "addressCountry": "Norway",
        "organisationType": "Municipality",
    }
    assert oslo["fundingOrganization"][0]["id"] == "360G-nordicfunding-funder-no-kdd"
    assert oslo["plannedDates"] == [{"startDate": "2018"}]  # "not a date" as end date is left out
    assert [loc["geoCode"] for loc in oslo["beneficiaryLocation"]] == ["0301", "03"]
    assert oslo["url"] == "https://example.org/grant/0"
    stockholm = by_id(result)["360G-nordicfunding-g-0001"]
    assert stockholm["recipientOrganization"][0]["id"] == "SE-BLV-2120000142"
    assert stockholm["plannedDates"] == [{"startDate": "2019-03", "endDate": "2021-12-31"}]
    bodo = by_id(result)["360G-nordicfunding-g-0005"]
    assert "beneficiaryLocation" not in bodo  # place unknown: no location invented
    untitled = by_id(result)["360G-nordicfunding-g-0009"]
    assert untitled["title"].startswith("(no title stated)")


def test_organisation_identifiers() -> None:
    assert giving360.organisation_identifier("974 760 673", "NO") == "NO-BRC-974760673"
    assert giving360.organisation_identifier("202100-5216", "SE") == "SE-BLV-2021005216"
    # a number of the wrong length, or of another country, falls back to the project's stable ids
    assert giving360.organisation_identifier("12345", "NO", "no-m-0301") == "360G-nordicfunding-org-no-m-0301"
    assert giving360.organisation_identifier("974760673", "SE", "x") == "360G-nordicfunding-org-x"
    by_name = giving360.organisation_identifier(None, "NO", None, "Oslo  Kommune")
    assert by_name == giving360.organisation_identifier(None, "SE", None, "oslo kommune")
    assert by_name.startswith("360G-nordicfunding-org-name-")


def test_json_file(grants: tuple[pl.DataFrame, Provenance], schema_dir: Path) -> None:
    frame, prov = grants
    file = giving360.to_360giving_json(frame, prov)
    assert file.filename == "nordic-innovation-grants_grants_360giving_2026-05-01.json"
    package = json.loads(file.data.decode("utf-8"))
    assert giving360.validate_package(package, schema_dir) == []
    assert package["accessURL"] == prov.permalink


def test_flat_csv_uses_the_standard_titles(
    grants: tuple[pl.DataFrame, Provenance], result: giving360.Giving360Export
) -> None:
    frame, prov = grants
    file = giving360.to_360giving_csv(frame, prov)
    # codes such as "0301" are text: read every column as text, then the amount as a number
    back = pl.read_csv(io.BytesIO(file.data), infer_schema=False)
    back = back.with_columns(pl.col("Amount Awarded").cast(pl.Float64))
    assert back.columns == list(giving360.FLAT_COLUMNS)
    for title in (
        "Identifier",
        "Amount Awarded",
        "Award Date",
        "Recipient Org:Identifier",
        "Funding Org:Name",
    ):
        assert title in back.columns
    assert back.height == result.included
    assert back["Amount Awarded"].sum() == pytest.approx(
        sum(g["amountAwarded"] for g in result.package["grants"])
    )
    row = back.filter(pl.col("Identifier") == "360G-nordicfunding-g-0000").row(0, named=True)
    assert row["Title"] == escape_cell("=cmd|' /C calc'!A0")  # spreadsheet form: formula-safe
    assert row["Recipient Org:Identifier"] == "NO-BRC-974760673"
    assert row["Beneficiary Location:0:Geographic Code"] == "0301"
    assert row["Beneficiary Location:1:Name"] == "Oslo" and row["Planned Dates:Start Date"] == "2018"


def test_a_view_with_nothing_to_export_says_why(grants: tuple[pl.DataFrame, Provenance]) -> None:
    frame, prov = grants
    unknown = frame.filter(pl.col("amount").is_null())
    with pytest.raises(ValueError, match="no granted amount"):
        giving360.to_360giving_json(unknown, prov)
    with pytest.raises(ValueError):
        giving360.to_360giving_csv(frame.clear(), Provenance(view="empty"))
