"""An organisation as a partner, on the real database (built once from ../shared), under AppTest: the profile
search finds organisations that only ever are partners, ranked by money received, then grants received, then
grants as partner; a profile lists the grants its organisation is a partner in (whole amounts, led by others),
under the sidebar filters, apart from the money it received; and a partner-only organisation's profile says it
received nothing instead of showing zeros. Every number is checked against SQL on the file."""

from __future__ import annotations

import re

import pytest
from dashboard_fixtures import _use_db, assert_clean, direct, drawn, one, open_page  # noqa: F401 (fixtures)
from streamlit.testing.v1 import AppTest

from analytics.i18n import fmt_int, t
from ui.common import md_text

PROFILES = "pages/views/profiles.py"
TIMEOUT = 60
GROUPED = {"nb": r"\d{1,3}(\u00a0\d{3})+", "sv": r"\d{1,3}(\u00a0\d{3})+", "en": r"\d{1,3}(,\d{3})+"}

# The counted grants each organisation is a partner in: a partner is named on a record (`grants`), and the
# counted grant is its cluster's row in grant_facts; never a grant the organisation leads itself.
PARTNER_GRANTS = """
    SELECT DISTINCT p.org_id, x.grant_id
    FROM grant_partners AS p JOIN grants AS g ON g.grant_id = p.grant_id
    JOIN grant_facts AS x ON x.cluster_id = g.cluster_id
    WHERE x.recipient_org_id IS DISTINCT FROM p.org_id"""


@pytest.fixture
def real_db(use_db, built_db):
    use_db(built_db)
    return built_db


def run(params: dict) -> AppTest:
    at = open_page(PROFILES, params, timeout=TIMEOUT)
    assert_clean(at)
    return at


def table(at: AppTest, first_column: str):
    for d in at.dataframe:
        if list(d.value.columns)[:1] == [first_column]:
            return d
    raise AssertionError(f"no table starting with {first_column!r}")


def texts(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown] + [c.value for c in at.caption] + [i.value for i in at.info]


def partner_only(db) -> tuple[str, str, int]:
    """The organisation that received nothing and is a partner in the most grants (id, name, grants)."""
    return direct(
        db,
        f"""WITH pg AS ({PARTNER_GRANTS})
            SELECT o.org_id, o.name, count(*) AS n FROM pg JOIN organisations AS o USING (org_id)
            WHERE o.org_id NOT IN (SELECT recipient_org_id FROM grant_facts WHERE recipient_org_id IS NOT NULL)
            GROUP BY ALL ORDER BY n DESC, o.name LIMIT 1""",
    )[0]


def sintef(db) -> str:
    return one(db, "SELECT DISTINCT recipient_org_id FROM grants WHERE recipient = 'SINTEF AS'")


def partner_rows(db, org: str, where: str = "true", params: list | None = None) -> list[tuple]:
    """(title, lead name, funder short name, year, whole amount in NOK) of its grants as partner."""
    return direct(
        db,
        f"""WITH pg AS ({PARTNER_GRANTS})
            SELECT x.title, coalesce(o.name, x.recipient), fu.short_name, x.award_year, x.amount_nok
            FROM pg JOIN grant_facts AS x USING (grant_id)
            LEFT JOIN organisations AS o ON o.org_id = x.recipient_org_id
            LEFT JOIN funders AS fu ON fu.funder_id = x.funder_id
            WHERE pg.org_id = ? AND {where}
            ORDER BY x.award_year DESC NULLS LAST, x.amount_nok DESC NULLS LAST, x.grant_id""",
        [org, *(params or [])],
    )


def test_every_organisation_can_be_found_and_partners_only_ones_are(real_db):
    from analytics import queries
    from analytics.db import Database

    db = Database(real_db)
    n_orgs = one(real_db, "SELECT count(*) FROM organisations")
    everyone = queries.search_organisations(db, "", n_orgs + 10)
    assert everyone.height == n_orgs and everyone["org_id"].n_unique() == n_orgs
    # the organisations that never received a counted grant are there, with their grants as partner
    only = direct(
        real_db,
        f"""WITH pg AS ({PARTNER_GRANTS})
            SELECT org_id, count(*) FROM pg
            WHERE org_id NOT IN (SELECT recipient_org_id FROM grant_facts WHERE recipient_org_id IS NOT NULL)
            GROUP BY 1""",
    )
    assert len(only) > 50, "the real data has some 70 partner-only organisations"
    found = dict(zip(everyone["org_id"].to_list(), everyone["n_partner"].to_list(), strict=True))
    received = dict(zip(everyone["org_id"].to_list(), everyone["n_grants"].to_list(), strict=True))
    for org, n in only:
        assert found[org] == n and received[org] == 0
    # ranked by money received, then grants received, then grants as partner
    keys = list(
        zip(
            (-v for v in everyone["total_nok"].to_list()),
            (-v for v in everyone["n_grants"].to_list()),
            (-v for v in everyone["n_partner"].to_list()),
            strict=True,
        )
    )
    assert keys == sorted(keys)


def test_a_partner_only_organisation_is_found_and_its_profile_lists_its_partner_grants(real_db):
    org, name, n = partner_only(real_db)
    at = run({"lang": "nb"})
    at.text_input(key="w_org_q").set_value(name).run()
    assert_clean(at)
    box = at.selectbox(key="w_org")
    label = box.format_func(org)
    assert label in box.options and label.endswith(t("org_partner_only", "nb", n=fmt_int(n, "nb"))), label
    box.set_value(org).run()
    assert_clean(at)
    assert at.query_params["org"] == org
    # no zero money: an explanation, and no headline cards
    assert [i.value for i in at.info] == [md_text(t("partner_only", "nb", name=name, n=fmt_int(n, "nb")))]
    assert not at.metric
    assert t("partner_grants", "nb") in [s.value for s in at.subheader]
    rows = partner_rows(real_db, org)
    assert len(rows) == n <= 100
    grants = table(at, "Tittel")
    assert list(grants.value.columns) == [
        "Tittel",
        "Hovedmottaker",
        "Finansiør",
        "År",
        "Hele tildelingen (NOK)",
    ]
    assert grants.value["Tittel"].tolist() == [r[0] for r in rows]
    assert grants.value["Hovedmottaker"].tolist() == [r[1] for r in rows]
    assert grants.value["År"].tolist() == [str(r[3]) for r in rows]
    whole = [None if r[4] is None else round(r[4]) for r in rows]
    assert [None if v != v else v for v in grants.value["Hele tildelingen (NOK)"].tolist()] == whole
    leads = table(at, "Hovedmottaker")
    assert leads.value["Tildelinger"].sum() == n
    assert md_text(t("partner_amount_note", "nb", name=name)) in " ".join(c.value for c in at.caption)


def test_sintef_as_lists_the_grants_it_is_a_partner_in_apart_from_its_money(real_db):
    org = sintef(real_db)
    name = one(real_db, "SELECT name FROM organisations WHERE org_id = ?", [org])
    n = one(real_db, f"SELECT count(*) FROM ({PARTNER_GRANTS}) WHERE org_id = ?", [org])
    received = one(real_db, "SELECT count(*) FROM grant_facts WHERE recipient_org_id = ?", [org])
    assert n > 100 and received > 0
    at = run({"lang": "en", "org": org})
    assert not at.info
    # its money and count are the grants it received, and the page says so
    assert {m.label: m.value for m in at.metric}[t("n_grants", "en")] == fmt_int(received, "en")
    note = md_text(t("received_only_partner", "en", name=name, n=fmt_int(n, "en")))
    assert note in [c.value for c in at.caption]
    assert md_text(t("partner_intro", "en", name=name, n=fmt_int(n, "en"))) in texts(at)
    grants = table(at, t("col_title", "en"))
    amount = t("col_whole_amount", "en", currency="NOK")
    rows = partner_rows(real_db, org)[:100]
    assert grants.value[t("col_title", "en")].tolist() == [r[0] for r in rows]
    assert grants.value[amount].tolist() == [round(r[4]) for r in rows]
    cells = drawn(grants)[amount]
    assert cells == [fmt_int(round(r[4]), "en") for r in rows]
    assert re.fullmatch(GROUPED["en"], cells[0])
    assert md_text(t("partner_rows", "en", shown="100", n=fmt_int(n, "en"))) in " ".join(texts(at))
    # lead recipients and funders count the same grants
    leads = table(at, t("col_lead", "en"))
    assert leads.value[t("n_grants", "en")].sum() == n
    top_lead, top_n = direct(
        real_db,
        f"""SELECT coalesce(o.name, x.recipient), count(*) AS k FROM ({PARTNER_GRANTS}) AS pg
            JOIN grant_facts AS x USING (grant_id) LEFT JOIN organisations AS o ON o.org_id = x.recipient_org_id
            WHERE pg.org_id = ? GROUP BY x.recipient_org_id, 1 ORDER BY k DESC, 1 LIMIT 1""",
        [org],
    )[0]
    assert (leads.value.iloc[0, 0], leads.value.iloc[0, 1]) == (top_lead, top_n)
    funders = [
        d for d in at.dataframe if list(d.value.columns) == [t("col_funder", "en"), t("n_grants", "en")]
    ]
    assert len(funders) == 1 and funders[0].value[t("n_grants", "en")].sum() == n


def test_the_sidebar_filters_narrow_the_grants_as_partner(real_db):
    org = sintef(real_db)
    name = one(real_db, "SELECT name FROM organisations WHERE org_id = ?", [org])
    m = one(real_db, f"SELECT count(*) FROM ({PARTNER_GRANTS}) WHERE org_id = ?", [org])
    rows = partner_rows(real_db, org, "x.award_year BETWEEN ? AND ?", [2018, 2019])
    n = len(rows)
    assert 0 < n < m
    at = run({"lang": "nb", "org": org, "from": "2018", "to": "2019"})
    intro = t("partner_intro", "nb", name=name, n=fmt_int(n, "nb"))
    intro += " " + t("partner_filtered", "nb", k=fmt_int(m - n, "nb"), m=fmt_int(m, "nb"))
    assert md_text(intro) in texts(at)
    grants = table(at, "Tittel")
    assert grants.value["Tittel"].tolist() == [r[0] for r in rows[:100]]
    assert set(grants.value["År"]) <= {"2018", "2019"}
    # a filter no grant as partner passes: said, not an empty table
    at = run({"lang": "nb", "org": org, "funder": "vinnova"})
    assert md_text(t("partner_none_filtered", "nb", m=fmt_int(m, "nb"), name=name)) in texts(at)
    assert not [d for d in at.dataframe if list(d.value.columns)[:1] == ["Tittel"]]


@pytest.mark.parametrize(
    ("lang", "heading", "lead", "whole"),
    [
        ("nb", "Tildelinger som partner", "Hovedmottaker", "Hele tildelingen (SEK)"),
        ("sv", "Bidrag som partner", "Huvudmottagare", "Hela bidraget (SEK)"),
    ],
)
def test_the_partner_section_speaks_bokmal_and_swedish(real_db, lang, heading, lead, whole):
    org = sintef(real_db)
    at = run({"lang": lang, "org": org, "ccy": "SEK"})
    assert heading in [s.value for s in at.subheader]
    grants = table(at, t("col_title", lang))
    assert list(grants.value.columns)[1:] == [lead, t("col_funder", lang), t("col_year", lang), whole]
    largest = one(
        real_db,
        f"""SELECT x.amount_sek FROM ({PARTNER_GRANTS}) AS pg JOIN grant_facts AS x USING (grant_id)
            WHERE pg.org_id = ? ORDER BY x.award_year DESC NULLS LAST, x.amount_sek DESC NULLS LAST, x.grant_id
            LIMIT 1""",
        [org],
    )
    cell = drawn(grants)[whole][0]
    assert cell == fmt_int(round(largest), lang) and re.fullmatch(GROUPED[lang], cell)
    # the search labels a partner-only organisation as one
    _, name, n = partner_only(real_db)
    at.text_input(key="w_org_q").set_value(name).run()
    assert_clean(at)
    box = at.selectbox(key="w_org")
    assert any(label.endswith(t("org_partner_only", lang, n=fmt_int(n, lang))) for label in box.options)
