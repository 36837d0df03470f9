"""Figures of the built database reproduced from the source files: totals, currencies, places, dedup."""

from __future__ import annotations

import csv
import json
import tomllib
from pathlib import Path

import duckdb
import pytest

from etl.reference.regions import SEATS_PATH, RegionResolver


@pytest.fixture(scope="module")
def con(built_db: Path):
    connection = duckdb.connect(str(built_db), read_only=True)
    yield connection
    connection.close()


def _scalar(con, query: str, params: list | None = None):
    return con.execute(query, params or []).fetchone()[0]


def test_vinnova_swecris_total_is_counted_once_and_in_full(con, raw_dir: Path):
    with (raw_dir / "data/swecris_kth/swecris_kth_vinnova.csv").open(encoding="utf-8") as fh:
        expected = sum(
            int(float(r["fundingsSek"])) for r in csv.DictReader(fh) if r["fundingsSek"] not in ("", "NA")
        )
    total = _scalar(con, "SELECT CAST(sum(amount) AS DOUBLE) FROM grants WHERE source_id = 'swecris_vinnova'")
    assert total == expected == 4_320_150_059
    # Counted grants from SweCRIS plus the pages they absorbed: no SweCRIS Vinnova money is lost to dedup.
    counted = _scalar(
        con,
        "SELECT CAST(sum(amount) AS DOUBLE) FROM grant_facts WHERE list_contains(sources, 'swecris_vinnova')"
        " AND currency = 'SEK' AND funder_id = 'vinnova'",
    )
    assert counted == expected


def test_horizon_2020_total_in_eur(con, raw_dir: Path):
    with (raw_dir / "data/nfr_open_data/bevilgningereu_dataset.csv").open(encoding="utf-8", newline="") as fh:
        expected = sum(
            float(r["Innvilget beløp organisasjon EUR"]) for r in csv.DictReader(fh, delimiter=";")
        )
    total = _scalar(
        con, "SELECT sum(amount) FROM grant_facts WHERE source_id = 'nfr_h2020' AND currency = 'EUR'"
    )
    assert round(total) == round(expected) == 1_672_234_782


def test_no_diarienummer_counted_twice(con):
    repeated = con.execute(
        "SELECT funder_id, reference, count(*) FROM grant_facts WHERE reference IS NOT NULL"
        " AND funder_id = 'vinnova' GROUP BY ALL HAVING count(*) > 1"
    ).fetchall()
    assert repeated == []


def test_ecb_2024_averages_applied(con, raw_dir: Path):
    with (raw_dir / "data/ecb_fx/ecb_yearly_avg_eur_nok_sek.csv").open() as fh:
        row = next(r for r in csv.DictReader(fh) if r["year"] == "2024")
    nok_per_eur, sek_per_eur = float(row["nok_per_eur"]), float(row["sek_per_eur"])
    assert round(nok_per_eur, 3) == 11.629 and round(sek_per_eur, 4) == 11.4325
    annual = con.execute(
        "SELECT amount, currency, amount_nok, amount_sek, amount_eur FROM grants"
        " WHERE award_year = 2024 AND fx_method = 'ECB annual average 2024' AND amount > 0"
    ).fetchall()
    assert annual, "expected grants converted at the 2024 annual average"
    nok_per_sek = float(row["nok_per_sek"])  # NOK<->SEK: the mean of the daily ECB cross rates (methods.md)
    for amount, currency, nok, sek, eur in annual:
        expected = {
            "EUR": (amount, amount * nok_per_eur, amount * sek_per_eur),
            "NOK": (amount / nok_per_eur, amount, amount / nok_per_sek),
            "SEK": (amount / sek_per_eur, amount * nok_per_sek, amount),
        }[currency]
        assert (eur, nok, sek) == pytest.approx(expected, rel=1e-9)


def test_sums_never_mix_currencies(con):
    # Every counted amount with a year has all three conversions, so a total in one currency is complete.
    missing = _scalar(
        con,
        "SELECT count(*) FROM grant_facts WHERE amount IS NOT NULL AND award_year IS NOT NULL"
        " AND (amount_nok IS NULL OR amount_sek IS NULL OR amount_eur IS NULL)",
    )
    assert missing == 0


def test_norwegian_municipal_recipients_are_placed(con, raw_dir: Path):
    """>= 95% of Norwegian recipients that are kommuner (per gold) get a municipality in the database."""
    resolver = RegionResolver.from_raw_dir(raw_dir)
    municipal = []
    for gold in sorted((raw_dir / "corpus").glob("*/gold/*.json")):
        for record in json.loads(gold.read_text(encoding="utf-8")):
            name = record["recipient"]
            if record["country"] == "NO" and name and resolver.resolve(name, "NO", record["year"]):
                municipal.append((gold.stem, name))
    assert len(municipal) >= 30
    placed = 0
    for stem, name in municipal:
        row = con.execute(
            "SELECT bool_or(g.municipality_code IS NOT NULL) FROM grants g JOIN source_documents d"
            " USING (document_id) WHERE d.path LIKE ? AND g.recipient = ?",
            [f"%{stem}%", name],
        ).fetchone()
        placed += bool(row and row[0])
    assert placed / len(municipal) >= 0.95, f"{placed}/{len(municipal)} placed"


def test_swedish_public_bodies_are_placed_at_their_seats(con):
    """SweCRIS has no addresses: universities and agencies listed in organisation_seats.toml are placed at
    their seat, and nothing else is placed by its organisation number."""
    seats = {
        entry["org_number"]: entry["municipality"][0]
        for entry in tomllib.loads(SEATS_PATH.read_text(encoding="utf-8"))["seat"]
    }
    rows = con.execute(
        "SELECT recipient_org_number, municipality_code, place_method, count(*) FROM grant_facts"
        " WHERE recipient_country = 'SE' AND source_id LIKE 'swecris%' GROUP BY ALL"
    ).fetchall()
    placed = [(org, code) for org, code, method, _ in rows if method == "seat"]
    assert placed and all(seats.get(org) == code for org, code in placed)
    assert not [org for org, _, method, _ in rows if org in seats and method != "seat"]
    kth = sum(n for org, code, _, n in rows if org == "202100-3054" and code == "0180")
    assert kth > 3000  # SweCRIS here is "projects involving KTH": most of its grants are KTH's, in Stockholm


def test_recipient_types_of_every_source_meet_in_one_vocabulary(con):
    """The recipient-type filter: Norwegian "UoH-sektor" and Swedish "University" are both universities, and
    no type label a source writes falls through to "other" except the sources' own "other" labels."""
    rows = con.execute(
        "SELECT recipient_type, recipient_category, count(*) FROM grant_facts"
        " WHERE recipient_type IS NOT NULL GROUP BY ALL"
    ).fetchall()
    category = {t: c for t, c, _ in rows}
    assert category["UoH-sektor"] == category["University"] == category["University College"] == "university"
    assert category["Næringsliv"] == category["Company"] == "company"
    assert {t for t, c, _ in rows if c == "other"} <= {"Øvrige", "Other"}
    # pages give no type: a municipality placed by its name is a municipality
    untyped = con.execute(
        "SELECT count(*) FILTER (WHERE recipient_category = 'municipality'), count(*) FROM grant_facts"
        " WHERE recipient_type IS NULL AND place_method LIKE 'name%'"
    ).fetchone()
    assert untyped[0] == untyped[1] > 40


def test_every_map_region_has_a_shape_and_every_grant_region_is_known(con):
    for country, level in [
        ("NO", "county"),
        ("NO", "municipality"),
        ("SE", "county"),
        ("SE", "municipality"),
    ]:
        shape = json.loads(
            _scalar(con, "SELECT geojson FROM geo_shapes WHERE country = ? AND level = ?", [country, level])
        )
        codes = {f["id"] for f in shape["features"]}
        known = {
            r[0]
            for r in con.execute(
                "SELECT code FROM regions WHERE country = ? AND level = ?", [country, level]
            ).fetchall()
        }
        assert codes == known and codes
        placed = {
            r[0]
            for r in con.execute(
                f"SELECT DISTINCT {'municipality_code' if level == 'municipality' else 'county_code'}"
                " FROM grant_facts WHERE recipient_country = ? AND municipality_code IS NOT NULL",
                [country],
            ).fetchall()
        }
        assert placed <= codes


def test_each_grant_has_a_primary_theme_with_evidence(con):
    assert _scalar(con, "SELECT count(*) FROM grant_facts WHERE theme IS NULL") == 0
    without_evidence = _scalar(
        con,
        "SELECT count(*) FROM grant_facts f WHERE NOT EXISTS"
        " (SELECT 1 FROM grant_theme_evidence e WHERE e.grant_id = f.grant_id AND e.theme_id = f.theme)",
    )
    assert without_evidence == 0
