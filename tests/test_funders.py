"""Canonical funders: one id per funding body through its renames, names as written kept."""

from __future__ import annotations

import pytest

from etl.funders import canonical_funder


@pytest.mark.parametrize(
    ("written", "expected_id"),
    [
        ("Fylkesmannen i Oslo og Viken", "no-sf-oslo-og-viken"),
        ("Statsforvalteren i Oslo og Viken", "no-sf-oslo-og-viken"),
        ("Statsforvaltaren i Vestland", "no-sf-vestland"),
        ("Fylkesmannen i Møre og Romsdal", "no-sf-more-og-romsdal"),
        ("Fylkesmannen", "no-sf"),
        ("Statsforvalteren", "no-sf"),
        ("Kommunal- og regionaldepartementet", "no-kdd"),
        ("Kommunal- og moderniseringsdepartementet (KMD)", "no-kdd"),
        ("Kommunal- og distriktsdepartementet", "no-kdd"),
        ("KMD", "no-kdd"),
        ("Vinnova", "vinnova"),
        ("VINNOVA", "vinnova"),
        ("Digitaliseringsdirektoratet", "no-digdir"),
        ("Difi", "no-digdir"),
        ("Finnmark fylkeskommune", "no-fk-finnmark"),
    ],
)
def test_names_through_renames_share_one_id(written: str, expected_id: str):
    assert canonical_funder(written, "NO").funder_id == expected_id


def test_county_governor_display_name_follows_the_current_title():
    assert canonical_funder("Fylkesmannen i Innlandet").name == "Statsforvalteren i Innlandet"
    # Hordaland's office closed in 2019, before the 2021 rename: it keeps its own name.
    assert canonical_funder("Fylkesmannen i Hordaland").name == "Fylkesmannen i Hordaland"


def test_unknown_funder_gets_its_own_stable_id_not_a_guess():
    first = canonical_funder("Sparebankstiftelsen DNB", "NO")
    assert first.funder_id == "no-sparebankstiftelsen-dnb"
    assert canonical_funder("Sparebankstiftelsen DNB", "NO") == first
    assert canonical_funder("", "NO") is None
