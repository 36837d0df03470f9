"""Which language a page is in and which kind of page it is, from cheap textual signals."""

from __future__ import annotations

import re
from collections import Counter

from etl.documents.lexicon import CALL_CUE, GRANT_VERB, PRIZE_WORD

# Words typical of one language (shared nb/nn words are left out so they cannot tip the balance).
_LANGUAGE_WORDS = {
    "sv": [
        "och",
        "att",
        "är",
        "för",
        "från",
        "inte",
        "också",
        "ska",
        "kronor",
        "kommun",
        "kommunen",
        "detta",
        "genom",
        "även",
        "mellan",
        "samt",
        "sig",
        "sina",
        "hur",
        "vad",
        "vem",
        "där",
        "när",
        "stöd",
        "eller",
        "efter",
        "under",
        "projektet",
        "utveckla",
        "kommer",
        "skulle",
        "ansökan",
    ],
    "nb": [
        "ikke",
        "fra",
        "også",
        "ble",
        "hva",
        "hvordan",
        "jeg",
        "kommunene",
        "disse",
        "mellom",
        "blir",
        "hvor",
        "noen",
        "skal",
        "etter",
        "kroner",
        "hadde",
        "mye",
        "både",
        "prosjektet",
        "søknader",
        "prosjekter",
        "midler",
        "bare",
        "være",
        "vært",
    ],
    "nn": [
        "ikkje",
        "frå",
        "òg",
        "vart",
        "kva",
        "korleis",
        "eg",
        "kommunane",
        "desse",
        "midlar",
        "dei",
        "meir",
        "mykje",
        "berre",
        "ein",
        "eit",
        "vere",
        "vore",
        "fekk",
        "løyvd",
        "heile",
        "mellom",
        "prosjekta",
        "søknadene",
        "eigen",
        "sjå",
        "nokre",
        "har",
        "vorte",
    ],
    "en": [
        "the",
        "and",
        "of",
        "is",
        "that",
        "with",
        "was",
        "has",
        "this",
        "are",
        "be",
        "which",
        "have",
        "from",
        "were",
        "their",
        "project",
        "funding",
    ],
}
_WORD = re.compile(r"[a-zæøåäöéò]+")

_VINNOVA_LABEL = re.compile(
    r"^\s*(?:Bidrag\s+från\s+Vinnova|Funding\s+from\s+Vinnova)\b|^\s*(?:Koordinator|Coordinator)\b"
    r"|^\s*(?:Projektets\s+löptid|Project\s+duration|Projektperiod|Project\s+period)\b",
    re.I | re.M,
)
_ALLOCATION_CUE = re.compile(
    r"prosjektskjønn|skjønnsmidl|skjønsmidl|skjønnsramm|fornyings-\s+og\s+innovasjons|fornyingsmidl|"
    r"tildeling\s+av|tildelingsliste|tildelte\s+prosjekt|følgende\s+prosjekt|medfinansiering\s+\d{4}|"
    r"Tildelt\s+beløp|Tildlet\s+beløp|Endeleg\s+medfinansiering",
    re.I,
)
_FUNDER_WORD = re.compile(
    r"vinnova|fylkesmann|statsforvalt|departement|direktorat|digdir|difi|fylkeskommune|innovasjon\s+norge|"
    r"forskningsråd|tillväxtverket|formas|energimyndigheten",
    re.I,
)


def detect_language(text: str) -> str | None:
    counts = Counter(_WORD.findall(text[:20000].lower()))
    scores = {lang: sum(counts[w] for w in words) for lang, words in _LANGUAGE_WORDS.items()}
    best = max(scores, key=lambda k: scores[k])
    if scores[best] == 0:
        return None
    if best in ("nb", "nn") and scores["nb"] == scores["nn"]:
        return "nb"
    return best


def is_vinnova_project_page(text: str) -> bool:
    labels = {m.group(0).strip().split()[0].lower() for m in _VINNOVA_LABEL.finditer(text[:6000])}
    return ("bidrag" in labels or "funding" in labels) or len(labels) >= 2


def call_cues(text: str) -> int:
    return len({m.group(0) for m in CALL_CUE.finditer(text.lower())})


_PRIZE_NAME = re.compile(
    r"innovasjonspris|innovationspris|innovation\s+(?:prize|award)|(?<![\w-])\w+prisen\b", re.I
)
_PRIZE_CONTEXT = re.compile(
    r"jury|vinner|vinnar|vinnare|winner|nominert|nominerte|finalist|kåret|prisutdeling|delt\s+ut|delte\s+ut|"
    r"awarded\s+the|won\s+the",
    re.I,
)


def is_prize_page(text: str) -> bool:
    """A named prize and the words of a prize-giving (jury, winner, nominees, handed out)."""
    return bool(_PRIZE_NAME.search(text)) and bool(_PRIZE_CONTEXT.search(text))


def prize_mentions(text: str) -> int:
    return sum(
        1
        for m in PRIZE_WORD.finditer(text)
        if re.search(r"pris|prize|award", m.group(0), re.I)
        and not re.fullmatch(r"(?i)(?:\w*kostnads|\w*inn)pris\w*", m.group(0))
    )


def is_allocation_page(text: str) -> bool:
    return bool(_ALLOCATION_CUE.search(text))


def mentions_funding(text: str) -> bool:
    return bool(_FUNDER_WORD.search(text)) or bool(GRANT_VERB.search(text))
