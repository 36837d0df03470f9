"""Organisation ids: a partner (named without an organisation number) whose tidied name and country are those of
exactly one organisation with a number gets that organisation's id; an ambiguous name keeps its own."""

from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl
import pytest

from etl.normalize import (
    _bare_recipients,
    _municipalities_by_name,
    _numbered_by_name,
    _organisations,
    _partner_spellings,
    _partners,
    _with_recipient_org_ids,
)
from etl.organisations import organisation_id, organisation_key, organisation_key_expr, organisation_name

NAMES = [
    "SINTEF AS",
    "  Sintef   AS ",
    "KUNGLIGA TEKNISKA HÖGSKOLAN - Skolan för industriell teknik",
    "Lunds kommun – Kommunkontoret",
    "Volvo Car Corporation-Göteborg",
    "NTNU -\nInstitutt for datateknologi",
    "Straße AB",
    "ÅRHUS ØSTERÅS ÆRØ",
    "Σ ΟΔΟΣ",
    "",
]


@pytest.mark.parametrize("written", NAMES)
def test_the_column_key_is_the_key_of_the_tidied_name(written):
    expected = organisation_key(organisation_name(written))
    got = pl.select(organisation_key_expr(pl.lit(written, pl.String))).item()
    assert got == expected


def _recipients(rows: list[tuple]) -> pl.DataFrame:
    frame = pl.DataFrame(
        rows,
        schema=["recipient", "recipient_country", "country", "recipient_org_number"],
        orient="row",
    )
    return _with_recipient_org_ids(frame)


def _grants(rows: list[tuple]) -> pl.DataFrame:
    return pl.DataFrame(
        rows,
        schema={"grant_id": pl.String, "partners": pl.List(pl.String), "org_country": pl.String},
        orient="row",
    )


RECIPIENTS = [
    ("SINTEF AS", "NO", "NO", "919303808"),
    ("Sintef AS - Avd. Trondheim", "NO", "NO", "919303808"),  # the same number, another spelling
    ("Tellu AS", "NO", "NO", "917519919"),
    ("TELLU AS", "NO", "NO", "989743295"),  # a second organisation with the same name: ambiguous
    ("Acme AB", "SE", "SE", "556000-0000"),
    ("Nameless kommune", "NO", "NO", None),  # no number: never a target
]


def test_a_partner_named_as_one_numbered_organisation_takes_its_id():
    recipients = _recipients(RECIPIENTS)
    grants = _grants(
        [
            ("g-1", ["sintef  as", "TELLU AS", "Acme AB", "Nameless kommune"], "NO"),
            ("g-2", ["SINTEF AS - Ocean", "Tellu AS"], "NO"),
            ("g-3", ["Acme AB"], "SE"),
        ]
    )
    partners, matches = _partners(grants, _numbered_by_name(recipients))
    ids = {(r["grant_id"], r["name"]): r["org_id"] for r in partners.iter_rows(named=True)}
    sintef = organisation_id("SINTEF AS", "NO", "919303808")
    assert ids[("g-1", "sintef  as")] == sintef
    assert ids[("g-2", "SINTEF AS - Ocean")] == sintef  # the part before " - " names the organisation
    # two numbered organisations are called Tellu AS: the partner keeps its own, name-based id
    tellu = organisation_id("Tellu AS", "NO")
    assert ids[("g-1", "TELLU AS")] == ids[("g-2", "Tellu AS")] == tellu
    assert tellu not in set(recipients["recipient_org_id"])
    # the name must match in the same country
    assert ids[("g-1", "Acme AB")] == organisation_id("Acme AB", "NO")
    assert ids[("g-3", "Acme AB")] == organisation_id("Acme AB", "SE", "556000-0000")
    # a recipient without a number is not a target (and the name-based ids agree anyway)
    assert ids[("g-1", "Nameless kommune")] == organisation_id("Nameless kommune", "NO")
    assert matches == {
        "partner_names_merged": 2,  # sintef as and SINTEF AS - Ocean (one name-based id); Acme AB in SE
        "partner_places_merged": 3,
        "partner_names_ambiguous": 1,
        "partner_names_municipality": 0,  # no municipality names given
        "partner_places_municipality": 0,
        "partner_names_municipality_apart": 0,
    }
    assert partners.select("grant_id", "position").rows() == [
        ("g-1", 0),
        ("g-1", 1),
        ("g-1", 2),
        ("g-1", 3),
        ("g-2", 0),
        ("g-2", 1),
        ("g-3", 0),
    ]


def test_the_merged_organisation_is_one_row_counting_its_partner_spellings():
    recipients = _recipients([("SINTEF AS", "NO", "NO", "919303808")])
    grants = _grants([(f"g-{i}", ["Sintef as"], "NO") for i in range(3)])
    partners, _ = _partners(grants, _numbered_by_name(recipients))
    sintef = organisation_id("SINTEF AS", "NO", "919303808")
    spellings = pl.concat(
        [
            pl.DataFrame(
                {
                    "org_id": [sintef],
                    "written": ["SINTEF AS"],
                    "org_number": ["919303808"],
                    "country": ["NO"],
                    "org_type": ["Instituttsektor"],
                    "n": [2],
                }
            ),
            _partner_spellings(partners),
        ],
        how="vertical_relaxed",
    )
    organisations = _organisations(spellings)
    assert organisations.rows() == [(sintef, "Sintef as", "919303808", "NO", "Instituttsektor", None)]


# A bare municipality name: invented reference rows in the shape of RegionResolver.bare_municipalities.
def _bare(rows: list[tuple[str, str, str, bool]]) -> pl.DataFrame:
    suffixes = {"NO": [" kommune", " herad"], "SE": [" kommun", "s kommun", " stad", "s stad"]}
    return pl.DataFrame(
        [
            (key, country, municipality, f"{municipality.split()[0].lower().removesuffix('s')}{s}", apart)
            for key, country, municipality, apart in rows
            for s in suffixes[country]
        ],
        schema=["name_key", "country", "municipality", "claim_key", "apart"],
        orient="row",
    )


BARE = _bare(
    [
        ("askøy", "NO", "Askøy kommune", False),
        ("sund", "NO", "Sund kommune", False),
        ("kramfors", "SE", "Kramfors kommun", False),
        ("göteborg", "SE", "Göteborgs kommun", False),
        ("göteborgs", "SE", "Göteborgs kommun", False),  # the genitive
        ("lund", "NO", "Lund kommune", True),  # a municipality in both countries
        ("lund", "SE", "Lunds kommun", True),
        ("kvam", "NO", "Kvam kommune", False),
        ("fjell", "NO", "Fjell kommune", False),
    ]
)


def _municipal_partners(recipients: list[tuple], partners: list[tuple]) -> tuple[dict, dict, pl.DataFrame]:
    frame = _recipients(recipients)
    found, matches = _partners(
        _grants(partners), _numbered_by_name(frame), _municipalities_by_name(frame, BARE)
    )
    ids = {(r["grant_id"], r["name"]): r["org_id"] for r in found.iter_rows(named=True)}
    return ids, matches, found


def test_a_bare_municipality_name_is_the_municipality_organisation():
    ids, matches, partners = _municipal_partners(
        [
            ("Askøy kommune", "NO", "NO", None),
            ("Göteborgs Stad", "SE", "SE", "212000-1355"),
            ("Kvam herad", "NO", "NO", "944 610 000"),
            ("Kvam kommune", "NO", "NO", None),  # two organisations claim Kvam: kept apart
            ("Fjell", "NO", "NO", None),  # a recipient written bare: it and the partner are Fjell kommune
        ],
        [
            ("g-1", ["Askøy", "askøy ", "Sund", "Kvam"], "NO"),
            ("g-2", ["Göteborgs", "Göteborg", "Kramfors", "Lund"], "SE"),
            ("g-3", ["Sund", "Fjell"], "NO"),
        ],
    )
    askoy = organisation_id("Askøy kommune", "NO")
    assert ids[("g-1", "Askøy")] == ids[("g-1", "askøy ")] == askoy
    # no recipient is Sund kommune: every bare "Sund" is one organisation, the id of "Sund kommune"
    assert ids[("g-1", "Sund")] == ids[("g-3", "Sund")] == organisation_id("Sund kommune", "NO")
    goteborg = organisation_id("Göteborgs Stad", "SE", "212000-1355")
    assert ids[("g-2", "Göteborgs")] == ids[("g-2", "Göteborg")] == goteborg
    assert ids[("g-2", "Kramfors")] == organisation_id("Kramfors kommun", "SE")
    assert ids[("g-1", "Kvam")] == organisation_id("Kvam", "NO")
    assert ids[("g-3", "Fjell")] == organisation_id("Fjell kommune", "NO")
    assert ids[("g-2", "Lund")] == organisation_id("Lund", "SE")
    # Askøy (one key, two spellings), Sund, Göteborg and Göteborgs, Kramfors, Fjell
    assert matches["partner_names_municipality"] == 6
    assert matches["partner_places_municipality"] == 8
    assert matches["partner_names_municipality_apart"] == 2  # Kvam, Lund
    # the organisation of the bare mentions is named as the municipality
    organisations = _organisations(_partner_spellings(partners))
    named = dict(organisations.select("org_id", "name").iter_rows())
    assert named[organisation_id("Sund kommune", "NO")] == "Sund kommune"
    assert named[askoy] == "Askøy kommune"


def test_a_municipality_of_the_other_country_or_another_name_is_untouched():
    ids, matches, _ = _municipal_partners(
        [("Askøy kommune", "NO", "NO", None), ("Kramfors kommun", "SE", "SE", "212000-2304")],
        [("g-1", ["Kramfors", "Askøy bryggeri", "Askøy kommune"], "NO"), ("g-2", ["Askøy", "Sund"], "SE")],
    )
    assert ids[("g-1", "Kramfors")] == organisation_id("Kramfors", "NO")  # a Swedish municipality
    assert ids[("g-2", "Askøy")] == organisation_id("Askøy", "SE")
    assert ids[("g-2", "Sund")] == organisation_id("Sund", "SE")
    assert ids[("g-1", "Askøy bryggeri")] == organisation_id("Askøy bryggeri", "NO")
    assert ids[("g-1", "Askøy kommune")] == organisation_id("Askøy kommune", "NO")
    assert matches["partner_names_municipality"] == 0


def _municipal_recipients(recipients: list[tuple]) -> tuple[dict, dict, pl.DataFrame]:
    frame = _recipients(recipients)
    found, matches = _bare_recipients(frame, _numbered_by_name(frame), _municipalities_by_name(frame, BARE))
    ids = {
        (r["recipient"], r["recipient_country"]): r["recipient_org_id"] for r in found.iter_rows(named=True)
    }
    return ids, matches, found


def test_a_bare_recipient_is_the_municipality_organisation_and_its_partners_follow():
    rows = [
        ("Askøy kommune", "NO", "NO", None),
        ("Askøy", "NO", "NO", None),
        ("ASKØY ", None, "NO", None),  # the country of the record
        ("Fjell", "NO", "NO", None),  # no recipient is Fjell kommune: the id "Fjell kommune" would have
        ("Göteborgs Stad", "SE", "SE", "212000-1355"),
        ("Göteborg", "SE", "SE", None),
    ]
    ids, matches, found = _municipal_recipients(rows)
    askoy = organisation_id("Askøy kommune", "NO")
    assert ids[("Askøy", "NO")] == ids[("ASKØY ", None)] == ids[("Askøy kommune", "NO")] == askoy
    assert ids[("Fjell", "NO")] == organisation_id("Fjell kommune", "NO")
    assert ids[("Göteborg", "SE")] == organisation_id("Göteborgs Stad", "SE", "212000-1355")
    assert matches == {
        "recipient_names_municipality": 3,  # Askøy (two spellings, one key), Fjell, Göteborg
        "recipient_grants_municipality": 4,
        "recipient_names_municipality_apart": 0,
    }
    # the recipient text is kept; the organisation is named as the municipality
    named = dict(found.select("recipient", "org_name").iter_rows())
    assert named == {
        "Askøy kommune": None,
        "Askøy": "Askøy kommune",
        "ASKØY ": "Askøy kommune",
        "Fjell": "Fjell kommune",
        "Göteborgs Stad": None,
        "Göteborg": "Göteborgs kommun",
    }
    # a partner written bare takes the same id as the recipient written bare
    frame = _recipients(rows)
    partners, _ = _partners(
        _grants([("g-1", ["Fjell", "Askøy"], "NO")]),
        _numbered_by_name(frame),
        _municipalities_by_name(frame, BARE),
    )
    assert dict(partners.select("name", "org_id").iter_rows()) == {
        "Fjell": ids[("Fjell", "NO")],
        "Askøy": askoy,
    }


def test_a_recipient_kept_apart_or_of_the_other_country_is_untouched():
    bare = pl.concat([BARE, _bare([("moss", "NO", "Moss kommune", True)])])  # an ordinary word
    rows = [
        ("Moss", "NO", "NO", None),
        ("Lund", "SE", "SE", None),  # Lund in both countries
        ("Kramfors", "NO", "NO", None),  # a Swedish municipality on a Norwegian record
        ("Askøy", "SE", "SE", None),
        ("Sund", "NO", "NO", "999 888 777"),  # a number: that organisation
        ("Kvam", "NO", "NO", None),  # two recipients claim Kvam
        ("Kvam herad", "NO", "NO", None),
        ("Kvam kommune", "NO", "NO", "944 610 000"),
        ("Askøy bryggeri", "NO", "NO", None),
    ]
    frame = _recipients(rows)
    found, matches = _bare_recipients(frame, _numbered_by_name(frame), _municipalities_by_name(frame, bare))
    assert found["recipient_org_id"].to_list() == frame["recipient_org_id"].to_list()
    assert found["org_name"].null_count() == found.height
    assert matches["recipient_names_municipality"] == 0
    assert matches["recipient_names_municipality_apart"] == 3  # Moss, Lund, Kvam


def test_the_reference_names_every_municipality_bare():
    from etl.reference.regions import RegionResolver

    raw = Path(__file__).resolve().parents[2] / "shared"
    if not (raw / "data").is_dir():
        pytest.skip("no ../shared data")
    bare = RegionResolver.from_raw_dir(raw).bare_municipalities()
    one = {
        (k, c): (m, a) for k, c, m, a in bare.select("name_key", "country", "municipality", "apart").rows()
    }
    assert one[("askøy", "NO")] == ("Askøy kommune", False)
    assert one[("fjell", "NO")] == ("Fjell kommune", False)  # a former municipality (Øygarden since 2020)
    assert one[("grästorps", "SE")] == ("Grästorps kommun", False)  # the genitive
    assert one[("våler", "NO")][1]  # two municipalities called Våler
    assert one[("lund", "SE")][1] and one[("lund", "NO")][1]  # in both countries
    claims = set(bare.filter(pl.col("name_key") == "göteborg")["claim_key"])
    assert {"göteborgs stad", "göteborgs kommun"} <= claims


# ------------------------------------------------------------------------------------------ the real build
# The tidied-name key in SQL (etl.organisations.organisation_key_expr).
KEY = "lower(trim(regexp_replace(regexp_replace(trim({0}), '(?s)\\s+[-–]\\s+.*$', ''), '\\s+', ' ', 'g')))"


def _direct(db: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


NUMBERED = f"""
    numbered AS (
        SELECT {KEY.format("recipient")} AS name_key, recipient_country AS country,
               count(DISTINCT recipient_org_id) AS n_orgs, min(recipient_org_id) AS org_id
        FROM grants WHERE recipient_org_number <> '' AND recipient IS NOT NULL AND recipient_country IS NOT NULL
        GROUP BY ALL
    ),
    partner AS (
        SELECT p.name, p.org_id, {KEY.format("p.name")} AS name_key,
               coalesce(g.recipient_country, f.country) AS country
        FROM grant_partners AS p JOIN grants AS g USING (grant_id) LEFT JOIN funders AS f USING (funder_id)
    )"""


def test_no_partner_matching_one_numbered_organisation_keeps_another_id(built_db):
    kept = _direct(
        built_db,
        f"""WITH {NUMBERED}
            SELECT DISTINCT p.name, p.org_id, n.org_id FROM partner AS p JOIN numbered AS n USING (name_key, country)
            WHERE n.n_orgs = 1 AND p.org_id <> n.org_id ORDER BY 1""",
    )
    assert kept == []
    merged = _direct(
        built_db,
        f"""WITH {NUMBERED}
            SELECT count(DISTINCT p.name) FROM partner AS p JOIN numbered AS n USING (name_key, country)
            WHERE n.n_orgs = 1""",
    )[0][0]
    assert merged > 400  # most partners are Norwegian Horizon 2020 participants that also receive money


def test_an_ambiguous_partner_name_keeps_its_own_id_on_the_real_build(built_db):
    ambiguous = _direct(
        built_db,
        f"""WITH {NUMBERED}
            SELECT DISTINCT p.name, p.country, p.org_id FROM partner AS p JOIN numbered AS n USING (name_key, country)
            WHERE n.n_orgs > 1""",
    )
    assert ambiguous, "the real data has a name shared by two numbered organisations (Tellu AS)"
    for name, country, org_id in ambiguous:
        assert org_id == organisation_id(name, country)
        assert not _direct(built_db, f"SELECT 1 FROM grants WHERE recipient_org_id = '{org_id}'")


def test_sintef_as_is_one_organisation_as_partner_and_recipient(built_db):
    recipient = _direct(
        built_db, "SELECT DISTINCT recipient_org_id FROM grants WHERE recipient = 'SINTEF AS'"
    )
    partner = _direct(built_db, "SELECT DISTINCT org_id FROM grant_partners WHERE name = 'SINTEF AS'")
    assert len(recipient) == 1 and partner == recipient
    rows = _direct(built_db, f"SELECT org_number FROM organisations WHERE org_id = '{recipient[0][0]}'")
    assert rows == [("919303808",)]
    assert not _direct(
        built_db, "SELECT 1 FROM organisations WHERE name ILIKE 'sintef as' AND org_number IS NULL"
    )


def test_every_partner_has_one_organisation_row(built_db):
    orphans = _direct(
        built_db, "SELECT count(*) FROM grant_partners WHERE org_id NOT IN (SELECT org_id FROM organisations)"
    )
    assert orphans == [(0,)]
    # no organisation without grants or partner places, and none twice
    unused = _direct(
        built_db,
        """SELECT count(*) FROM organisations WHERE org_id NOT IN (SELECT org_id FROM grant_partners)
           AND org_id NOT IN (SELECT recipient_org_id FROM grants WHERE recipient_org_id IS NOT NULL)""",
    )
    assert unused == [(0,)]
    assert _direct(built_db, "SELECT count(*) - count(DISTINCT org_id) FROM organisations") == [(0,)]


def test_no_norwegian_partner_named_as_a_municipality_keeps_another_id(built_db):
    # today's municipality names (the regions table), each the name of one municipality, whose organisation is
    # one recipient named "<name> kommune"
    kept = _direct(
        built_db,
        rf"""WITH municipality AS (
                SELECT lower(regexp_replace(name, '\s*\(.*\)$', '')) AS name_key
                FROM regions WHERE country = 'NO' AND level = 'municipality' GROUP BY 1 HAVING count(*) = 1
            ),
            organisation AS (
                SELECT m.name_key, min(g.recipient_org_id) AS org_id, count(DISTINCT g.recipient_org_id) AS n
                FROM municipality AS m JOIN grants AS g ON {KEY.format("g.recipient")} = m.name_key || ' kommune'
                WHERE g.recipient_country = 'NO' GROUP BY 1
            ),
            {NUMBERED.strip()}
            SELECT DISTINCT p.name, p.org_id, o.org_id FROM partner AS p JOIN organisation AS o USING (name_key)
            WHERE p.country = 'NO' AND o.n = 1 AND p.org_id <> o.org_id""",
    )
    assert kept == []


def test_askoy_is_one_organisation_as_a_bare_partner_and_as_askoy_kommune(built_db):
    ids = _direct(
        built_db,
        """SELECT DISTINCT org_id FROM grant_partners WHERE name IN ('Askøy', 'Askøy kommune')
           UNION SELECT DISTINCT recipient_org_id FROM grants WHERE recipient IN ('Askøy', 'Askøy kommune')""",
    )
    assert len(ids) == 1
    assert _direct(built_db, f"SELECT name FROM organisations WHERE org_id = '{ids[0][0]}'") == [
        ("Askøy kommune",)
    ]
    assert not _direct(built_db, "SELECT 1 FROM organisations WHERE name = 'Askøy'")


def test_no_recipient_named_as_a_municipality_keeps_another_id(built_db, raw_dir):
    # the municipality names of the reference (not kept apart) and the recipient names that are the municipality
    from etl.reference.regions import RegionResolver

    bare = RegionResolver.from_raw_dir(raw_dir).bare_municipalities().filter(~pl.col("apart"))
    con = duckdb.connect(str(built_db), read_only=True)
    try:
        con.register("bare", bare.to_arrow())
        rows = con.execute(
            f"""WITH recipient AS (
                    SELECT DISTINCT g.recipient, g.recipient_org_id AS org_id, g.recipient_org_number AS nr,
                           {KEY.format("g.recipient")} AS name_key, coalesce(g.recipient_country, f.country) AS country
                    FROM grants AS g LEFT JOIN funders AS f USING (funder_id)
                ),
                claim AS (  -- the recipient organisations named as each municipality
                    SELECT b.name_key, b.country, any_value(b.municipality) AS municipality,
                           count(DISTINCT r.org_id) AS n, min(r.org_id) AS org_id
                    FROM bare AS b LEFT JOIN recipient AS r ON r.name_key = b.claim_key AND r.country = b.country
                    GROUP BY 1, 2
                )
                SELECT r.recipient, r.country, r.org_id, c.org_id, c.municipality, c.n
                FROM recipient AS r JOIN claim AS c USING (name_key, country)
                WHERE coalesce(r.nr, '') = '' AND c.n <= 1
                  AND r.name_key NOT IN (SELECT name_key FROM recipient WHERE nr <> '' AND name_key IS NOT NULL)"""
        ).fetchall()
    finally:
        con.close()
    assert len(rows) >= 15, "the real data names municipalities bare as recipients (Fjell, Bergen, Kongsberg)"
    for recipient, country, org_id, claimed, municipality, n in rows:
        expected = claimed if n == 1 else organisation_id(municipality, country)
        assert org_id == expected, (recipient, country)


def test_a_bare_recipient_and_the_municipality_are_one_organisation(built_db):
    for pair in [("Bergen", "BERGEN KOMMUNE"), ("Asker", "Asker kommune"), ("Fjell", "Fjell")]:
        ids = _direct(
            built_db,
            f"""SELECT DISTINCT recipient_org_id FROM grants WHERE recipient IN {pair}
                UNION SELECT DISTINCT org_id FROM grant_partners WHERE name IN {pair}""",
        )
        assert len(ids) == 1, pair
        name = _direct(built_db, f"SELECT name FROM organisations WHERE org_id = '{ids[0][0]}'")[0][0]
        assert name.lower() == f"{pair[0].lower()} kommune"
    # the grants keep the recipient as published
    assert _direct(built_db, "SELECT count(*) FROM grants WHERE recipient = 'Fjell'")[0][0] >= 1
    assert not _direct(built_db, "SELECT 1 FROM organisations WHERE name IN ('Bergen', 'Asker', 'Fjell')")
