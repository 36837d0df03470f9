"""Table exports round-trip: every file read back holds the same rows and sums as the frame, with metadata.

`make_fixture_db` (used by the other test_exports_* files too) builds a tiny database from etl/schema.sql and
etl/facts.sql with hostile and awkward values: formula-like titles, a tab and a carriage return at the start,
HTML, Nordic letters, a NULL amount, a missing title and recipient, three currencies.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path
from types import SimpleNamespace

import duckdb
import polars as pl
import pyarrow.parquet as pq
import pytest

from analytics.i18n import fmt_number
from exports import tables
from exports.provenance import (
    Provenance,
    export_filename,
    filters_in_words,
    provenance_from_db,
    slug,
    source_ids_of,
)
from exports.safety import escape_cell

REPO = Path(__file__).resolve().parents[1]
EXPORT_DAY = dt.date(2026, 3, 14)
RATES = {"NOK": 11.0, "SEK": 11.5, "EUR": 1.0}  # per EUR, fixed for the fixture

# title, amount, currency, recipient, country, municipality (code, name), county (code, name), org number
FIXTURE_GRANTS = [
    ("=cmd|' /C calc'!A0", 1_000_000.0, "NOK", "Oslo kommune", "NO", ("0301", "Oslo"), ("03", "Oslo"), "974 760 673"),
    ("+1", 2_500_000.5, "SEK", "Stockholms stad", "SE", ("0180", "Stockholm"), ("01", "Stockholms län"), "212000-0142"),
    ("-2", 300_000.0, "EUR", "Bergen kommune", "NO", ("4601", "Bergen"), ("46", "Vestland"), None),
    ("@SUM(A1)", None, "NOK", "Tromsø kommune", "NO", ("5501", "Tromsø"), ("55", "Troms"), None),
    ("\tTabbed title", 750_000.0, "SEK", "Göteborgs stad", "SE", ("1480", "Göteborg"), ("14", "Västra Götaland"), None),
    ("\rCarriage return", 125_000.25, "NOK", "Bodø kommune", "NO", (None, None), (None, None), None),
    ("<script>alert(1)</script>", 50_000.0, "NOK", "Ås kommune", "NO", ("3218", "Ås"), ("32", "Akershus"), None),
    ("Æøå i Tromsø – åäö i Göteborg", 1_000_000.0, "SEK", "Malmö stad", "SE", ("1280", "Malmö"), ("12", "Skåne"), None),
    ("No recipient stated", 10_000.0, "NOK", None, "NO", (None, None), (None, None), None),
    (None, 20_000.0, "NOK", "Kautokeino kommune", "NO", ("5430", "Guovdageaidnu-Kautokeino"), ("56", "Finnmark"), None),
]  # fmt: skip


# placeholders for NOT NULL columns a fixture row does not name (the ETL's schema grows while we work)
_PLACEHOLDERS = {"VARCHAR": "fixture", "BOOLEAN": False, "INTEGER": 0, "BIGINT": 0, "DOUBLE": 0.0}


def insert_rows(con: duckdb.DuckDBPyConnection, table: str, rows: list[dict]) -> None:
    """Insert rows given as {column: value}; other NOT NULL columns get a placeholder of their type."""
    info = con.sql(
        "SELECT column_name, data_type, is_nullable FROM information_schema.columns "
        "WHERE table_name = ? ORDER BY ordinal_position",
        params=[table],
    ).fetchall()
    for row in rows:
        values = dict(row)
        for name, dtype, nullable in info:
            if name not in values and nullable == "NO":
                values[name] = (
                    dt.datetime(2026, 1, 1) if dtype == "TIMESTAMP" else _PLACEHOLDERS.get(dtype, "x")
                )
        columns = ", ".join(values)
        con.execute(
            f"INSERT INTO {table} ({columns}) VALUES ({', '.join('?' * len(values))})", list(values.values())
        )


def make_fixture_db(path: Path) -> Path:
    """A database with the real schema and views and the FIXTURE_GRANTS (plus one duplicate record)."""
    con = duckdb.connect(str(path))
    try:
        con.execute((REPO / "etl" / "schema.sql").read_text(encoding="utf-8"))
        source_columns = (
            "source_id",
            "kind",
            "title",
            "scope",
            "licence",
            "licence_url",
            "attribution",
            "homepage",
        )
        sources = [
            ("vinnova", "bulk", "Vinnova grants", "Vinnova projects", "CC0 1.0", "https://example.org/cc0",
             "Vinnova, via SweCRIS", "https://www.vinnova.se"),
            ("pages", "documents", "Funding pages", "Public pages", "Public web pages", None,
             "Each page's publisher", None),
            ("ecb_fx", "reference", "ECB rates", "Exchange rates", "Reuse with the source cited", None,
             "Source: European Central Bank", None),
        ]  # fmt: skip
        insert_rows(con, "sources", [dict(zip(source_columns, s, strict=True)) for s in sources])
        funder_columns = ("funder_id", "name", "short_name", "country", "funder_type")
        funders = [
            ("vinnova", "Vinnova", "Vinnova", "SE", "agency"),
            ("no-kdd", "KDD", "KDD", "NO", "ministry"),
        ]
        insert_rows(con, "funders", [dict(zip(funder_columns, f, strict=True)) for f in funders])
        rows = []
        for i, (title, amount, currency, recipient, country, muni, county, org_number) in enumerate(
            FIXTURE_GRANTS
        ):
            year = 2018 + i % 5
            rows.append(
                {
                    "grant_id": f"g-{i:04d}", "source_id": "vinnova" if country == "SE" else "pages",
                    "record_key": f"key-{i}", "cluster_id": f"c-{i}", "is_primary": True,
                    "funder_id": "vinnova" if country == "SE" else "no-kdd", "funder_as_written": "As written",
                    "recipient": recipient, "recipient_org_id": f"org-{i}" if recipient else None,
                    "recipient_org_number": org_number, "recipient_type": "Municipality",
                    "recipient_country": country, "title": title, "programme": "Programme X",
                    "theme_text": "theme text", "amount": amount, "currency": currency,
                    **{
                        f"amount_{c.lower()}": None if amount is None else round(amount / RATES[currency] * rate, 2)
                        for c, rate in RATES.items()
                    },
                    "fx_method": f"ECB annual average {year}", "award_year": year,
                    "start_date": f"{year}-03" if i % 2 else f"{year}",
                    "end_date": f"{year + 2}-12-31" if i % 3 else "not a date",
                    "municipality_code": muni[0], "municipality": muni[1], "county_code": county[0],
                    "county": county[1], "region_code_at_award": muni[0], "place_method": "code",
                    "theme_primary": "digitalisation", "themes": ["digitalisation", "health_care"],
                    "reference": f"ref/{i}", "status": "Avsluttet", "source_url": f"https://example.org/grant/{i}",
                    "amount_text": None if amount is None else f"{amount} kr", "genre": "allocation_page",
                    "language": "nb",
                }
            )  # fmt: skip
        # a second, non-counted record of the Malmö grant's cluster, from another source
        rows.append(
            {
                **rows[7],
                "grant_id": "g-dup",
                "source_id": "pages",
                "record_key": "key-dup",
                "is_primary": False,
            }
        )
        insert_rows(con, "grants", rows)
        insert_rows(con, "conflicts", [{"cluster_id": "c-7", "field": "amount"}])
        insert_rows(
            con,
            "etl_runs",
            [
                {
                    "run_id": "run-fixture", "started_at": dt.datetime(2026, 3, 1, 10, 0),
                    "finished_at": dt.datetime(2026, 3, 1, 10, 5), "fingerprint": "fp", "raw_dir": "raw",
                    "summary": "{}",
                }
            ],
        )  # fmt: skip
        con.execute((REPO / "etl" / "facts.sql").read_text(encoding="utf-8"))  # materialised from the rows
    finally:
        con.close()
    return path


@pytest.fixture(scope="module")
def fixture_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_fixture_db(tmp_path_factory.mktemp("exports") / "fixture.duckdb")


@pytest.fixture(scope="module")
def grants(fixture_db: Path) -> pl.DataFrame:
    con = duckdb.connect(str(fixture_db), read_only=True)
    try:
        return con.sql("SELECT * FROM grant_facts ORDER BY grant_id").pl()
    finally:
        con.close()


@pytest.fixture(scope="module")
def provenance(fixture_db: Path, grants: pl.DataFrame) -> Provenance:
    con = duckdb.connect(str(fixture_db), read_only=True)
    try:
        return provenance_from_db(
            con,
            view="Grants table",
            filters=("Recipient country: Norway", "Text search: “=1+1”"),
            permalink="https://funding.example.org/grants?country=NO&q=%3D1%2B1",
            source_ids=source_ids_of(grants),
            exported_on=EXPORT_DAY,
        )
    finally:
        con.close()


def sums_by_currency(frame: pl.DataFrame) -> dict[str, float]:
    agg = frame.filter(pl.col("amount").is_not_null()).group_by("currency").agg(pl.col("amount").sum())
    return {r["currency"]: r["amount"] for r in agg.to_dicts()}


# ---------------------------------------------------------------------------------------------- fixture sanity
def test_fixture_view_counts_only_primary_records(grants: pl.DataFrame) -> None:
    assert grants.height == len(FIXTURE_GRANTS)
    swedish = grants.filter(pl.col("grant_id") == "g-0007").row(0, named=True)
    assert swedish["n_records"] == 2 and swedish["has_conflict"] is True
    assert sorted(swedish["sources"]) == ["pages", "vinnova"]


# ---------------------------------------------------------------------------------------------- columns
def test_full_preset_is_every_grant_facts_column(grants: pl.DataFrame, provenance: Provenance) -> None:
    full = tables.select_columns(grants, provenance, "full")
    assert full.columns == grants.columns  # nominal NOK: the display amount is amount_nok itself
    assert len(full.columns) >= 44 and {"grant_id", "sources", "has_conflict"} <= set(full.columns)
    constant = Provenance(view="v", price_basis="constant", base_year=2015, exported_on=EXPORT_DAY)
    with_value = grants.with_columns((pl.col("amount_nok") * 2).alias("value"))
    full_constant = tables.select_columns(with_value, constant, "full")
    assert full_constant.columns == [*grants.columns, "amount_nok_2015_prices"]  # `value` only carries it


def test_simple_preset_names_the_amount_in_the_chosen_currency(
    grants: pl.DataFrame, provenance: Provenance
) -> None:
    simple = tables.select_columns(grants, provenance, "simple")
    assert simple.columns == [
        "grant_id", "funder", "recipient", "title", "amount", "currency", "amount_nok", "award_year",
        "municipality", "county", "theme", "source_url",
    ]  # fmt: skip
    sek = Provenance(view="v", currency="SEK", exported_on=EXPORT_DAY)
    assert "amount_sek" in tables.select_columns(grants, sek, "simple").columns


def test_explicit_columns_keep_order_and_unknown_columns_raise(
    grants: pl.DataFrame, provenance: Provenance
) -> None:
    chosen = tables.select_columns(grants, provenance, ["title", "grant_id", "amount_eur"])
    assert chosen.columns == ["title", "grant_id", "amount_eur"]
    with pytest.raises(ValueError, match="not_a_column"):
        tables.select_columns(grants, provenance, ["grant_id", "not_a_column"])
    with pytest.raises(ValueError, match="preset"):
        tables.select_columns(grants, provenance, "everything")


def test_constant_prices_come_from_the_page_never_from_nominal_columns(grants: pl.DataFrame) -> None:
    constant = Provenance(view="v", price_basis="constant", base_year=2020, exported_on=EXPORT_DAY)
    with pytest.raises(ValueError, match="deflated"):
        tables.select_columns(grants, constant, "simple")
    with_value = grants.with_columns((pl.col("amount_nok") * 1.25).alias("value"))
    simple = tables.select_columns(with_value, constant, "simple")
    assert "amount_nok_2020_prices" in simple.columns
    assert simple["amount_nok_2020_prices"].sum() == pytest.approx(grants["amount_nok"].sum() * 1.25)


# ---------------------------------------------------------------------------------------------- CSV
@pytest.mark.parametrize("bom", [False, True])
def test_csv_round_trip_same_rows_and_sums(grants: pl.DataFrame, provenance: Provenance, bom: bool) -> None:
    file = tables.to_csv(grants, provenance, columns="full", bom=bom)
    assert file.filename == "nordic-innovation-grants_grants-table_2026-03-14.csv"
    assert file.data.startswith(b"\xef\xbb\xbf") == bom
    back = pl.read_csv(file.data, infer_schema_length=None)
    assert back.height == grants.height
    assert back["grant_id"].to_list() == grants["grant_id"].to_list()
    assert back["amount"].dtype == pl.Float64 and back["award_year"].dtype == pl.Int64
    assert sums_by_currency(back) == pytest.approx(sums_by_currency(grants))
    assert back["amount_nok"].sum() == pytest.approx(grants["amount_nok"].sum())
    assert back["amount"].null_count() == 1  # the unknown amount stays empty, not 0
    expected_titles = [escape_cell(t) for t in grants["title"].to_list()]
    assert back["title"].to_list() == expected_titles
    assert back.filter(pl.col("grant_id") == "g-0000")["title"].item() == "'=cmd|' /C calc'!A0"
    assert back.filter(pl.col("grant_id") == "g-0007")["sources"].item() == "pages; vinnova"


def test_csv_semicolon_uses_decimal_comma_and_reads_back(
    grants: pl.DataFrame, provenance: Provenance
) -> None:
    file = tables.to_csv(grants, provenance, separator=";")
    text = file.data.decode("utf-8")
    assert "2500000,5" in text  # the Swedish grant's öre, with a decimal comma
    back = pl.read_csv(file.data, separator=";", decimal_comma=True)
    assert back.height == grants.height
    assert sums_by_currency(back) == pytest.approx(sums_by_currency(grants))
    with pytest.raises(ValueError):
        tables.to_csv(grants, provenance, separator="\t")


def test_csv_zip_holds_csv_and_readme_with_provenance(grants: pl.DataFrame, provenance: Provenance) -> None:
    file = tables.to_csv_zip(grants, provenance)
    archive = zipfile.ZipFile(io.BytesIO(file.data))
    csv_name = "nordic-innovation-grants_grants-table_2026-03-14.csv"
    assert sorted(archive.namelist()) == sorted([csv_name, "README.txt"])
    assert pl.read_csv(archive.read(csv_name)).height == grants.height
    readme = archive.read("README.txt").decode("utf-8")
    for expected in (
        "Recipient country: Norway",
        provenance.permalink,
        "2026-03-14",
        "run-fixture",
        "CC0 1.0",
        "Vinnova, via SweCRIS",
        "Source: European Central Bank",
        f"Rows:        {grants.height}",
        "1 grants state no granted amount",
        "Suggested citation",
        "amount_nok (Float64): the amount in NOK",
        "formulas",
    ):
        assert expected in readme


def test_readme_of_a_norwegian_view_is_norwegian(grants: pl.DataFrame, provenance: Provenance) -> None:
    nb = dataclasses.replace(
        provenance, lang="nb", view_label="Tildelinger", filters=("Mottakerland: Norge",)
    )
    readme = tables.readme_text(grants, nb)
    for expected in (
        "Visning:     Tildelinger",
        "Filtre:      Mottakerland: Norge",
        "Omregnede beløp i NOK",
        f"Rader:       {grants.height}",
        "1 tildelinger oppgir ikke tildelt beløp",
        "Foreslått kildehenvisning",
        "Kilder og lisenser",
        "Lisens: CC0 1.0",
        "amount_nok (Float64): the amount in NOK",  # column meanings: the data dictionary's words
    ):
        assert expected in readme
    nok = grants.filter(pl.col("currency") == "NOK")["amount"].sum()
    assert f"{fmt_number(nok, 'nb', 2)} NOK fordelt på" in readme  # "1 234 567,00": the reader's format
    for english in ("Filters:", "Rows:", "Suggested citation", "Sources and licences", "Exported:"):
        assert english not in readme


# ---------------------------------------------------------------------------------------------- XLSX
def test_xlsx_round_trip_numbers_numeric_text_escaped(grants: pl.DataFrame, provenance: Provenance) -> None:
    file = tables.to_xlsx(grants, provenance, columns="full")
    assert file.filename.endswith(".xlsx")
    back = pl.read_excel(io.BytesIO(file.data), sheet_name="grants", infer_schema_length=None)
    assert back.height == grants.height
    assert back["grant_id"].to_list() == grants["grant_id"].to_list()
    assert back["amount"].dtype == pl.Float64
    assert sums_by_currency(back) == pytest.approx(sums_by_currency(grants))
    assert back["amount"].null_count() == 1
    assert back["title"].to_list() == [escape_cell(t) for t in grants["title"].to_list()]
    readme = pl.read_excel(io.BytesIO(file.data), sheet_name="README", has_header=False)
    keys = dict(zip(readme["column_0"].to_list(), readme["column_1"].to_list(), strict=True))
    assert keys["Filters"] == provenance.filters_text()
    assert keys["Permalink"] == provenance.permalink
    assert keys["Rows"] == str(grants.height)
    assert keys["Source: vinnova"].startswith("Vinnova grants — Vinnova, via SweCRIS")


def test_xlsx_refuses_more_rows_than_excel_holds(
    grants: pl.DataFrame, provenance: Provenance, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tables, "XLSX_MAX_ROWS", grants.height - 1)
    with pytest.raises(ValueError, match="Excel"):
        tables.to_xlsx(grants, provenance)


# ---------------------------------------------------------------------------------------------- Parquet, JSON
def test_parquet_round_trip_is_exact_and_carries_provenance(
    grants: pl.DataFrame, provenance: Provenance
) -> None:
    file = tables.to_parquet(grants, provenance)
    back = pl.read_parquet(io.BytesIO(file.data))
    assert back.equals(grants)  # exact values: no escaping, lists kept, nulls kept
    raw = pq.read_metadata(io.BytesIO(file.data)).metadata[tables.PARQUET_METADATA_KEY.encode()]
    meta = json.loads(raw)
    assert meta["filters"] == list(provenance.filters)
    assert meta["permalink"] == provenance.permalink
    assert meta["totals"]["rows"] == grants.height
    assert {s["source_id"] for s in meta["sources"]} == {"vinnova", "pages", "ecb_fx"}
    assert meta["suggested_citation"] == provenance.suggested_citation()


def test_json_round_trip_same_rows_sums_and_nulls(grants: pl.DataFrame, provenance: Provenance) -> None:
    file = tables.to_json(grants, provenance, columns="full")
    document = json.loads(file.data.decode("utf-8"))
    assert set(document) == {"metadata", "grants"}
    back = pl.DataFrame(document["grants"], schema=grants.schema)
    assert back.equals(grants)
    assert sums_by_currency(back) == pytest.approx(sums_by_currency(grants))
    no_amount = next(g for g in document["grants"] if g["grant_id"] == "g-0003")
    assert no_amount["amount"] is None
    assert document["metadata"]["totals"]["grants_without_amount"] == 1
    assert document["metadata"]["totals"]["amount_by_original_currency"]["SEK"]["sum"] == pytest.approx(
        4_250_000.5
    )


def test_export_dispatches_by_format(grants: pl.DataFrame, provenance: Provenance) -> None:
    for fmt, ext in (("csv", ".csv"), ("csv.zip", ".zip"), ("xlsx", ".xlsx"), ("parquet", ".parquet")):
        assert tables.export(grants, provenance, fmt).filename.endswith(ext)
    with pytest.raises(ValueError):
        tables.export(grants, provenance, "docx")


# ---------------------------------------------------------------------------------------------- provenance
def test_provenance_from_db_reads_sources_and_run(provenance: Provenance) -> None:
    assert provenance.etl_run_id == "run-fixture"
    assert provenance.database_built == "2026-03-01 10:05:00"
    assert [s.source_id for s in provenance.sources] == ["pages", "vinnova", "ecb_fx"]  # reference last
    citation = provenance.suggested_citation()
    assert "Recipient country: Norway" in citation and provenance.permalink in citation
    assert "Accessed 2026-03-14" in citation
    assert "European Central Bank" not in citation  # reference sources are in the README, not the citation


def test_provenance_rejects_unknown_currency_and_basis() -> None:
    with pytest.raises(ValueError):
        Provenance(view="v", currency="USD")
    with pytest.raises(ValueError):
        Provenance(view="v", price_basis="real")


def test_filenames_are_slugged_and_dated() -> None:
    p = Provenance(view="Fylke / län: Tromsø", exported_on=EXPORT_DAY)
    assert export_filename(p, "csv") == "nordic-innovation-grants_fylke-lan-tromso_2026-03-14.csv"
    assert export_filename(p, ".json", kind="360Giving") == (
        "nordic-innovation-grants_fylke-lan-tromso_360giving_2026-03-14.json"
    )
    assert slug("../../etc/passwd") == "etc-passwd"


def test_filters_in_words_reads_a_filters_object() -> None:
    filters = SimpleNamespace(
        country="SE", funders=("vinnova", "unknown-id"), programme=None, theme="digitalisation",
        year_from=2015, year_to=2020, recipient_type=None, region="SE-01", amount_min=100000.0,
        amount_max=None, search="skola", currency="SEK", extra=(("org", "org-1"),),
    )  # fmt: skip
    words = filters_in_words(
        filters,
        funder_names={"vinnova": "Vinnova"},
        theme_labels={"digitalisation": "Digitalisation"},
        region_names={"SE-01": "Stockholms län"},
    )
    assert words == (
        "Recipient country: Sweden",
        "Funders: Vinnova, unknown-id",
        "Theme: Digitalisation",
        "Award years: 2015–2020",
        "Place: Stockholms län (SE-01)",
        "Amount: at least 100,000 SEK",
        "Text search: “skola”",
        "Organisation: org-1",
    )
    assert filters_in_words(SimpleNamespace()) == ()
    # a profile's organisation by its name where the page knows it
    named = filters_in_words(SimpleNamespace(extra=(("org", "org-1"),)), org_names={"org-1": "Umeå kommun"})
    assert named == ("Organisation: Umeå kommun",)


def test_filters_in_words_speak_the_views_language() -> None:
    """A deck made from a Swedish or Norwegian view says its filters in that language, numbers in its format."""
    filters = SimpleNamespace(
        country="NO", funders=("ks",), year_from=2018, year_to=None, amount_min=250000.0, amount_max=2e6,
        search="skole", currency="NOK",
    )  # fmt: skip
    nb = filters_in_words(filters, lang="nb", funder_names={"ks": "KS"})
    sv = filters_in_words(filters, lang="sv", funder_names={"ks": "KS"})
    assert nb == (
        "Mottakerland: Norge",
        "Finansiører: KS",
        "Tildelingsår: 2018 og senere",
        "Beløp: 250\u00a0000–2\u00a0000\u00a0000 NOK",
        "Tekstsøk: «skole»",
    )
    assert sv == (
        "Mottagarland: Norge",
        "Finansiärer: KS",
        "Beviljandeår: 2018 och senare",
        "Belopp: 250\u00a0000–2\u00a0000\u00a0000 NOK",
        "Textsökning: ”skole”",
    )


# ---------------------------------------------------------------------------------------------- a bigger database
def test_round_trip_on_a_generated_database(tmp_path: Path) -> None:
    """10 000 synthetic grants (bench/generate.py): every row and every currency's sum survive each format."""
    generator = REPO / "bench" / "generate.py"
    if not generator.is_file():
        pytest.skip("bench/generate.py not present")
    db = tmp_path / "generated.duckdb"
    subprocess.run(
        [sys.executable, str(generator), "--rows", "10000", "--out", str(db)], check=True, capture_output=True
    )
    con = duckdb.connect(str(db), read_only=True)
    try:
        frame = con.sql("SELECT * FROM grant_facts").pl()
        prov = provenance_from_db(con, view="all", source_ids=source_ids_of(frame))
    finally:
        con.close()
    expected = sums_by_currency(frame)
    csv_back = pl.read_csv(tables.to_csv(frame, prov, columns="full").data, infer_schema_length=None)
    xlsx_back = pl.read_excel(io.BytesIO(tables.to_xlsx(frame, prov).data), infer_schema_length=None)
    parquet_back = pl.read_parquet(io.BytesIO(tables.to_parquet(frame, prov).data))
    json_back = pl.DataFrame(json.loads(tables.to_json(frame, prov).data)["grants"], infer_schema_length=None)
    for back in (csv_back, xlsx_back, parquet_back, json_back):
        assert back.height == frame.height
        assert sorted(back["grant_id"].to_list()) == sorted(frame["grant_id"].to_list())
        assert sums_by_currency(back) == pytest.approx(expected)
