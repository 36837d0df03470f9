"""The phrases exported files use: complete in every language, with the same placeholders."""

import re

from analytics.i18n import LANGUAGES
from exports.wording import PHRASES, labelled, say


def test_every_phrase_has_every_language_with_the_same_placeholders() -> None:
    for key, variants in PHRASES.items():
        assert len(variants) == len(LANGUAGES) and all(v.strip() for v in variants), key
        names = [set(re.findall(r"{(\w+)}", v)) for v in variants]
        assert all(n == names[0] for n in names), key


def test_phrases_in_each_language_and_english_for_an_unknown_one() -> None:
    assert say("sources_licences", "nb") == "Kilder og lisenser"
    assert say("sources_licences", "sv") == "Källor och licenser"
    assert say("sources_licences", "xx") == "Sources and licences"
    assert say("f_year", "sv", year=2020) == "Beviljandeår: 2020"
    assert labelled("filters", "Norge", "nb") == "Filtre: Norge"
