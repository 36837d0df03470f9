"""The grants and profiles pages on the real database (built once from ../shared), under AppTest: the grants
table shows the amount it is sorted by, a grant's detail speaks the reader's language (where a theme word was
found, which source reported it, why an amount has no converted value, a heading for a grant with no title),
and a profile says when the search does not find the organisation shown."""

from __future__ import annotations

import html
import json
import re

import pytest
from dashboard_fixtures import _use_db, assert_clean, direct, drawn, one, open_page  # noqa: F401 (fixtures)
from streamlit.testing.v1 import AppTest

from analytics.i18n import LANGUAGES, fmt_int, fmt_money, t

GRANTS = "pages/views/grants.py"
PROFILES = "pages/views/profiles.py"
TIMEOUT = 60
# the values of grant_theme_evidence.field: never shown as such
RAW_FIELDS = {"theme", "title", "programme", "scb", "fallback"}


def run(page: str, params: dict) -> AppTest:
    at = open_page(page, params, timeout=TIMEOUT)
    assert_clean(at)
    return at


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def captions(at: AppTest) -> list[str]:
    return [c.value for c in at.caption]


def table(at: AppTest, first_column: str):
    for d in at.dataframe:
        if list(d.value.columns)[:1] == [first_column]:
            return d
    raise AssertionError(f"no table starting with {first_column!r}")


def frame(at: AppTest, first_column: str):
    return table(at, first_column).value


def number_format(element, column: str) -> str | None:
    """The column_config format of a column: any format replaces the display values in the browser."""
    return json.loads(element.proto.columns).get(column, {}).get("type_config", {}).get("format")


# grouped as the language groups thousands: a no-break space in bokmål and Swedish, a comma in English
GROUPED = {"nb": r"\d{1,3}(\u00a0\d{3})+", "sv": r"\d{1,3}(\u00a0\d{3})+", "en": r"\d{1,3}(,\d{3})+"}


@pytest.fixture
def real_db(use_db, built_db):
    use_db(built_db)
    return built_db


# ------------------------------------------------------------------------------------------------- grants
def test_the_amount_sorted_by_comes_right_after_the_year(real_db):
    at = run(GRANTS, {"lang": "nb", "ccy": "SEK"})
    table = frame(at, "År")
    assert list(table.columns[:2]) == ["År", "Beløp (SEK)"]
    # the first rows are the largest grants, and the amount beside the year is theirs
    largest = [
        r[0]
        for r in direct(
            real_db,
            "SELECT amount_sek FROM grant_facts ORDER BY amount_sek DESC NULLS LAST, grant_id LIMIT 3",
        )
    ]
    assert table["Beløp (SEK)"].head(3).tolist() == [round(v) for v in largest]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_grants_table_writes_numbers_in_the_view_language_and_sorts_them_as_numbers(real_db, lang):
    """The amounts are written as the view's language writes them, whatever the browser's locale, and the cells
    stay numbers (a click on the column's header sorts by amount, not by text)."""
    at = run(GRANTS, {"lang": lang, "country": "NO"})
    amount, original = t("col_amount", lang, currency="NOK"), t("col_original", lang)
    element = table(at, t("col_year", lang))
    rows = direct(
        real_db,
        """SELECT amount_nok, amount, currency FROM grant_facts WHERE recipient_country = 'NO'
           ORDER BY amount_nok DESC NULLS LAST, grant_id LIMIT 25""",
    )
    cells = drawn(element)
    assert cells[amount] == [fmt_int(round(r[0]), lang) for r in rows]
    assert cells[original] == [f"{fmt_int(round(r[1]), lang)} {r[2]}" for r in rows]
    assert re.fullmatch(GROUPED[lang], cells[amount][0]), cells[amount][0]  # 1 065 444 800 / 1,065,444,800
    assert re.fullmatch(GROUPED[lang] + r" EUR", cells[original][0]), cells[original][0]
    # the data under the text: numbers, so the browser sorts the column numerically
    assert element.value[amount].dtype.kind in "iu" and element.value[original].dtype.kind == "f"
    assert element.value[amount].tolist() == [round(r[0]) for r in rows]
    assert number_format(element, amount) is None and number_format(element, original) is None
    assert element.proto.placeholder == "–", "a grant without an amount would be drawn 'None'"


def test_the_detail_names_the_sources_by_their_title(real_db):
    # the grant reported by the most records (a cluster over several records, maybe several sources)
    gid, cluster, n = direct(
        real_db,
        "SELECT grant_id, cluster_id, n_records FROM grant_facts ORDER BY n_records DESC, grant_id LIMIT 1",
    )[0]
    sources = direct(
        real_db,
        """SELECT DISTINCT g.source_id, s.title FROM grants AS g JOIN sources AS s USING (source_id)
           WHERE g.cluster_id = ? ORDER BY 1""",
        [cluster],
    )
    assert sources
    at = run(GRANTS, {"lang": "nb", "grant": gid})
    line = next(c for c in at.caption if c.value.startswith("Rapportert i"))
    assert line.value.startswith(f"Rapportert i {fmt_int(n, 'nb')} post")
    for source_id, title in sources:
        assert f"«{title}»" in line.value
        assert source_id not in line.value, "the internal id is not the visible name"
        assert source_id in line.proto.help, "the id stays available as a detail"


def test_a_single_record_from_a_page_names_its_source(real_db):
    gid, title = direct(
        real_db,
        """SELECT g.grant_id, s.title FROM grant_facts AS g JOIN sources AS s USING (source_id)
           WHERE g.source_id = 'corpus_dev' AND g.n_records = 1 ORDER BY g.grant_id LIMIT 1""",
    )[0]
    for lang, quoted in (("en", f"“{title}”"), ("sv", f"”{title}”")):
        at = run(GRANTS, {"lang": lang, "grant": gid})
        expected = t("gp_reported_one", lang, sources=quoted)
        assert expected in captions(at)
        assert not any("corpus_dev" in c for c in captions(at))


@pytest.mark.parametrize("field", sorted(RAW_FIELDS))
def test_where_a_theme_word_was_found_is_said_in_words(real_db, field):
    gid = one(
        real_db,
        """SELECT e.grant_id FROM grant_theme_evidence AS e JOIN grant_facts USING (grant_id)
           WHERE e.field = ? ORDER BY e.grant_id LIMIT 1""",
        [field],
    )
    fields = {
        r[0] for r in direct(real_db, "SELECT field FROM grant_theme_evidence WHERE grant_id = ?", [gid])
    }
    at = run(GRANTS, {"lang": "nb", "grant": gid})
    shown = set(frame(at, "Tema")["Funnet i"])
    assert shown == {t("gp_ev_" + f, "nb") for f in fields}
    assert not shown & RAW_FIELDS
    if field == "fallback":  # the English placeholder term is not shown either
        assert "no term matched" not in set(frame(at, "Tema")["Ord"])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_an_amount_that_could_not_be_converted_is_explained(real_db, lang):
    gid, amount, currency = direct(
        real_db,
        """SELECT grant_id, amount, currency FROM grant_facts
           WHERE amount IS NOT NULL AND amount_sek IS NULL ORDER BY grant_id LIMIT 1""",
    )[0]
    at = run(GRANTS, {"lang": lang, "ccy": "SEK", "grant": gid})
    shown = metrics(at)
    assert shown[t("col_original", lang)] == fmt_money(amount, currency, lang, compact=False)
    assert shown[t("col_amount", lang, currency="SEK")] == "–"
    note = t("gp_not_converted_year", lang, currency="SEK")
    assert note in captions(at)
    # a converted grant has no such note
    other = one(
        real_db, "SELECT grant_id FROM grant_facts WHERE amount_sek IS NOT NULL ORDER BY grant_id LIMIT 1"
    )
    at = run(GRANTS, {"lang": lang, "ccy": "SEK", "grant": other})
    assert note not in captions(at)


def test_a_grant_with_no_title_is_named_by_recipient_and_funder(real_db):
    gid, recipient, funder, year = direct(
        real_db,
        "SELECT grant_id, recipient, funder, award_year FROM grant_facts WHERE title IS NULL ORDER BY grant_id LIMIT 1",
    )[0]
    at = run(GRANTS, {"lang": "nb", "grant": gid})
    heading = html.escape(t("gp_untitled", "nb", recipient=recipient, funder=funder), quote=True)
    bodies = [h.proto.body for h in at.get("html")]
    assert f"<h3 class='grant-title'>{heading}</h3>" in bodies
    assert not any("Tildeling: –" in b for b in bodies)
    assert t("gp_no_title", "nb") in captions(at)
    if year is None:
        assert metrics(at)["År"] == "Ikke oppgitt"


# ----------------------------------------------------------------------------------------------- profiles
def kth(db) -> tuple[str, str]:
    return direct(
        db,
        """SELECT recipient_org_id, any_value(recipient) FROM grant_facts WHERE recipient ILIKE 'KTH, %'
           GROUP BY 1 ORDER BY count(*) DESC LIMIT 1""",
    )[0]


def test_a_search_that_misses_the_profile_shown_says_so(real_db):
    org, _ = kth(real_db)
    name = one(real_db, "SELECT name FROM organisations WHERE org_id = ?", [org])
    at = run(PROFILES, {"lang": "nb", "org": org})
    assert not at.info
    at.text_input(key="w_org_q").set_value("kommune").run()
    assert_clean(at)
    # the matches (a name, spelling as recipient or as partner), the most money received first, then the most
    # grants received (as search_organisations orders them)
    first_id, first_name = direct(
        real_db,
        """WITH hits AS (
               SELECT org_id FROM organisations WHERE name ILIKE '%kommune%'
               UNION SELECT recipient_org_id FROM grants WHERE recipient ILIKE '%kommune%'
               UNION SELECT org_id FROM grant_partners WHERE name ILIKE '%kommune%'),
           received AS (SELECT recipient_org_id AS org_id, coalesce(sum(amount_nok), 0) AS total,
                               count(*) AS n FROM grant_facts GROUP BY 1)
           SELECT o.org_id, o.name FROM organisations AS o JOIN hits USING (org_id)
           LEFT JOIN received AS r USING (org_id)
           ORDER BY coalesce(r.total, 0) DESC, coalesce(r.n, 0) DESC, o.name LIMIT 1""",
    )[0]
    notes = [i.value for i in at.info]
    assert len(notes) == 1 and notes[0].startswith(f"Profilen under er {name}, som ikke passer med «kommune»")
    assert first_name in notes[0]
    assert at.query_params["org"] == org, "the profile shown is still the one chosen"
    # the offered switch goes to the first match, and the note goes away
    at.button(key="org_first_match").click().run()
    assert_clean(at)
    assert at.query_params["org"] == first_id
    assert not at.info
    n = one(real_db, "SELECT count(*) FROM grant_facts WHERE recipient_org_id = ?", [first_id])
    assert metrics(at)["Tildelinger"] == fmt_int(n, "nb")


def test_a_search_with_no_match_says_the_profile_is_unchanged(real_db):
    org, _ = kth(real_db)
    name = one(real_db, "SELECT name FROM organisations WHERE org_id = ?", [org])
    at = run(PROFILES, {"lang": "sv", "org": org, "org_q": "zzzz ingen sådan"})
    assert [i.value for i in at.info] == [t("gp_org_no_match", "sv", query="zzzz ingen sådan", name=name)]
    # a search that finds the organisation shown adds no note
    at = run(PROFILES, {"lang": "sv", "org": org, "org_q": "KTH"})
    assert not at.info


def test_the_tile_that_is_trivially_one_is_left_out(real_db):
    org, _ = kth(real_db)
    at = run(PROFILES, {"lang": "nb", "org": org})
    shown = metrics(at)
    assert "Mottakere" not in shown
    n_funders = one(
        real_db, "SELECT count(DISTINCT funder_id) FROM grant_facts WHERE recipient_org_id = ?", [org]
    )
    assert shown["Finansiører"] == fmt_int(n_funders, "nb")
    at = run(PROFILES, {"lang": "nb", "profile": "funder", "fund": "vinnova"})
    shown = metrics(at)
    assert "Finansiører" not in shown
    n_recipients = one(
        real_db,
        "SELECT count(DISTINCT coalesce(recipient_org_id, recipient)) FROM grant_facts WHERE funder_id = 'vinnova'",
    )
    assert shown["Mottakere"] == fmt_int(n_recipients, "nb")


def test_the_names_a_funder_goes_by_count_records_not_grants(real_db):
    at = run(PROFILES, {"lang": "nb", "profile": "funder", "fund": "vinnova"})
    grants = one(real_db, "SELECT count(*) FROM grant_facts WHERE funder_id = 'vinnova'")
    records = one(real_db, "SELECT count(*) FROM grants WHERE funder_id = 'vinnova'")
    assert metrics(at)["Tildelinger"] == fmt_int(grants, "nb")
    names = frame(at, "Navn brukt i kildene")
    assert list(names.columns) == ["Navn brukt i kildene", "Poster, med gjentakelser"]
    assert names["Poster, med gjentakelser"].sum() == records
    assert t("gp_records_note", "nb") in captions(at)


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_profile_tables_write_numbers_in_the_view_language(real_db, lang):
    """A profile's grants, a funder's names and a recipient's partners: numbers as the view's language writes
    them (not the browser's locale), still numbers underneath."""
    at = run(PROFILES, {"lang": lang, "profile": "funder", "fund": "vinnova"})
    amount = t("col_amount", lang, currency="NOK")
    element = table(at, t("col_year", lang))
    largest = [
        round(r[0])
        for r in direct(
            real_db,
            """SELECT amount_nok FROM grant_facts WHERE funder_id = 'vinnova'
               ORDER BY amount_nok DESC NULLS LAST, grant_id LIMIT 25""",
        )
    ]
    assert drawn(element)[amount] == [fmt_int(v, lang) for v in largest]
    assert re.fullmatch(GROUPED[lang], drawn(element)[amount][0])
    assert element.value[amount].tolist() == largest and number_format(element, amount) is None
    names = table(at, t("names_used", lang))
    records = t("gp_records_col", lang)
    assert drawn(names)[records] == [fmt_int(v, lang) for v in names.value[records].tolist()]
    assert number_format(names, records) is None
    assert any(v >= 1000 for v in names.value[records].tolist()), "a count that needs grouping"
    # a recipient's partners: the number of grants shared (the recipient of the most grants with partners)
    org = one(
        real_db,
        """SELECT recipient_org_id FROM grant_facts WHERE grant_id IN (SELECT grant_id FROM grant_partners)
           GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1""",
    )
    at = run(PROFILES, {"lang": lang, "org": org})
    partners = table(at, t("col_recipient", lang))
    n_grants = t("n_grants", lang)
    assert partners.value[n_grants].dtype.kind in "iu"
    assert drawn(partners)[n_grants] == [fmt_int(v, lang) for v in partners.value[n_grants].tolist()]


def test_a_map_with_no_shapes_writes_its_table_in_the_view_language(real_db, monkeypatch):
    """With no region shapes to draw, the map's numbers come as a table: headers and numbers in the view's
    language."""
    from ui import data

    monkeypatch.setattr(
        data, "geo_shapes", lambda level, countries: {"type": "FeatureCollection", "features": []}
    )
    at = run("pages/views/map.py", {"lang": "nb", "country": "NO"})
    element = next(d for d in at.dataframe if "Folketall" in d.value.columns)
    assert list(element.value.columns) == ["Sted", "NOK", "Folketall", "Per innbygger"]
    top = one(
        real_db,
        """SELECT sum(amount_nok) FROM grant_facts WHERE recipient_country = 'NO' AND county_code IS NOT NULL
           GROUP BY county_code ORDER BY 1 DESC LIMIT 1""",
    )
    cells = drawn(element)
    assert fmt_int(top, "nb") in cells["NOK"] and re.fullmatch(GROUPED["nb"], fmt_int(top, "nb"))
    for column in ("NOK", "Folketall", "Per innbygger"):
        assert element.value[column].dtype.kind in "iuf"
        assert cells[column] == [fmt_int(v, "nb") for v in element.value[column].tolist()], column


def test_a_profile_meets_the_organisation_as_partner_and_as_recipient(real_db):
    """SINTEF AS receives Horizon 2020 money under its organisation number and is named as a partner in other
    grants without one: one organisation (etl.normalize._partners), so its profile's partners count the grants of
    both roles, each partner once, and a grant it is a partner in shows its type."""
    org = one(real_db, "SELECT DISTINCT recipient_org_id FROM grants WHERE recipient = 'SINTEF AS'")
    mine = """mine AS (SELECT grant_id, recipient_org_id FROM grant_facts
                       WHERE recipient_org_id = ? OR grant_id IN (SELECT grant_id FROM grant_partners WHERE org_id = ?))"""
    top, n = direct(
        real_db,
        f"""WITH {mine}, together AS (
                SELECT p.org_id FROM grant_partners AS p JOIN mine USING (grant_id) WHERE p.org_id <> ?
                UNION ALL SELECT recipient_org_id FROM mine WHERE recipient_org_id <> ?)
            SELECT org_id, count(*) AS n FROM together GROUP BY 1 ORDER BY n DESC, 1 LIMIT 1""",
        [org, org, org, org],
    )[0]
    as_recipient_only = one(
        real_db,
        """SELECT count(*) FROM grant_partners AS p JOIN grant_facts AS f USING (grant_id)
           WHERE f.recipient_org_id = ? AND p.org_id = ?""",
        [org, top],
    )
    assert n > as_recipient_only, "the grants SINTEF AS is a partner in count too"
    at = run(PROFILES, {"lang": "en", "org": org})
    partners = frame(at, t("col_recipient", "en"))
    names = [name.casefold() for name in partners[t("col_recipient", "en")].tolist()]
    assert len(names) == len(set(names)), "an organisation listed twice"
    top_name = one(real_db, "SELECT name FROM organisations WHERE org_id = ?", [top])
    assert names[0] == top_name.casefold() and partners[t("n_grants", "en")].tolist()[0] == n
    # a grant SINTEF AS is a partner in: its partner row has the type its numbered records give
    gid = one(
        real_db,
        """SELECT min(grant_id) FROM grant_partners WHERE org_id = ?
           AND grant_id IN (SELECT grant_id FROM grant_facts)""",
        [org],
    )
    org_type = one(real_db, "SELECT org_type FROM organisations WHERE org_id = ?", [org])
    assert org_type
    at = run(GRANTS, {"lang": "en", "grant": gid})
    detail = frame(at, "#")
    sintef = detail[detail[t("gp_col_name", "en")].str.casefold() == "sintef as"]
    assert sintef[t("recipient_type", "en")].tolist() == [org_type]
