"""Shared pots: one amount that several named recipients share.

"Pengene fordeles likt mellom Gol, Hemsedal og Ål", "Projekten i Växjö, Gävle och Kalmar delar på
summan", "The money is shared equally between A and B". The recipients are the names listed; the pot is
the amount in the sentence or, when the sentence refers back ("summan", "pengene"), the amount the
sentence before it stated. Only when the text says the pot is split equally (likt / lika / jevnt /
hver / vardera / equally) does each recipient get its share; otherwise each is a grant with amount
unknown (null), which is what the page says.

Recipients named only as places here are completed from the page ("Trollhättan" -> "Trollhättans
stad" when the page writes that), and a recipient's own project is read from the clause the page
describes it in ("Gävle kommun ska i projektet ”Cirkulära byggarbetsplatser” testa ...").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from etl.documents import funder_names
from etl.documents.names import (
    UPPER,
    base_form,
    is_capitalised,
    looks_like_place_or_org,
    name_at,
    name_lists,
    split_name_list,
)
from etl.documents.numbers import NUMBER_WORDS, Money, find_money

_EQUAL = r"likt|lika|jevnt|jamt|equally|evenly"
# "<amount / it> fordeles likt mellom A, B og C"
_SHARED_BETWEEN = re.compile(
    rf"(?<![\w-])(?:fordeles|fordelast|fordelt|fordelte|fordeler|fördelas|fördelat|fördelades|fördelar|deles|delast|"
    rf"delas|delt|delte|delade|split|shared|divided|distributed)\s+(?:(?P<eq>{_EQUAL})\s+)?"
    rf"(?:mellom|mellan|between|among|amongst|blant|bland)\s+"
    # "mellom de tre kommunene Gol, Hemsedal og Ål"
    r"(?:(?:de|dei|the|alle|all)\s+(?:(?P<count>\w+)\s+)?(?:kommunene|kommunane|kommunerna|kommuner|kommunar|"
    r"municipalities|partnerne|partnarane|parterna|regionene|regionane|regionerna)(?:\s*:?\s+|\s*[.,;]|\s*$))?",
    re.I,
)
# "A, B och C delar på summan", "A and B share the money"
_NAMES_SHARE = re.compile(
    rf"\s+(?:delar|deler|deelt|share|split)\s+(?:(?P<eq>{_EQUAL})\s+)?(?:på\s+)?(?=\S)",
    re.I,
)
CUE = re.compile(
    r"(?<![\w-])(?:mellom|mellan|between|among|amongst|blant|bland|delar|deler|share|split)(?![\w-])", re.I
)
# What is shared must be money: an amount, or a noun for it ("pengene", "summan", "the rest").
_POT_NOUN = (
    r"summan|summen|beløpet|beløpa|pengene|pengane|pengarna|pengar|penger|midlene|midlane|midlarna|medlen|midler|"
    r"midlar|potten|bidraget|bidragen|tilskuddet|tilskotet|stödet|støtten|støtta|tildelingen|tildelinga|"
    r"bevilgningen|løyvinga|resten|restbeløpet|rest|det|den|dette|it|this|the\s+(?:money|sum|grant|amount|"
    r"funding|funds|rest|remainder|prize)"
)
_POT_OBJECT = re.compile(rf"^\s*(?:{_POT_NOUN})(?![\w-])", re.I)
_POT_SUBJECT = re.compile(
    rf"(?<![\w-])(?:{_POT_NOUN})\s+(?:\w+\s+){{0,3}}$|"
    r"(?:kroner|kronor|kr\.?|nok|sek|mill\.?|millioner|millionar|miljoner|tkr)\s+(?:\w+\s+){0,3}$",
    re.I,
)
_REFERS_BACK = re.compile(
    r"(?<![\w-])(?:summan|summen|beløpet|beløpa|pengene|pengane|pengarna|midlene|midlane|midlarna|medlen|potten|"
    r"bidraget|tilskuddet|tilskotet|stödet|støtten|it|the\s+(?:money|sum|grant|amount|funding|funds))(?![\w-])",
    re.I,
)
_EQUAL_SHARE = re.compile(
    rf"(?<![\w-])(?:{_EQUAL}|hver|kvar|vardera|each|like\s+mye|lika\s+mycket|like\s+store\s+deler|lika\s+delar|"
    r"in\s+equal\s+(?:parts|shares))(?![\w-])",
    re.I,
)
# "Projekten i Växjö": the list item is the place, not the projects.
_COLLECTIVE_HEAD = re.compile(
    r"^(?:\w*(?:prosjekt|projekt|kommun|project|municipalit)\w*)\s+(?:i|in)\s+", re.I
)


@dataclass
class PotShare:
    names: list[str]
    money: Money | None  # the pot when this sentence states it
    equal: bool  # the text says the pot is split equally
    refers_back: bool  # "summan", "pengene": the pot is the amount stated just before
    sentence: str = ""
    count: int | None = None  # "mellan de tre kommunerna": recipients counted, named elsewhere


def _clean(names: list[str], page_text: str) -> list[str]:
    out = []
    for name in names:
        name = _COLLECTIVE_HEAD.sub("", name.strip())
        if not name or not is_capitalised(name) or len(name.split()) > 4:
            return []
        if (name_at(name) or "") != name:
            return []  # "Helse og omsorg": a sector, not a name
        if not looks_like_place_or_org(name, page_text) or funder_names.find_funders(name):
            return []
        out.append(name)
    return out


def find_share(sentence: str, page_text: str, language: str | None, currency: str | None) -> PotShare | None:
    """The names a pot is shared between, in one sentence (None when the sentence shares no pot)."""
    if not CUE.search(sentence):
        return None
    names: list[str] = []
    money_zone = ""
    equal = False
    count = None
    if (m := _SHARED_BETWEEN.search(sentence)) and _POT_SUBJECT.search(
        sentence[max(0, m.start() - 60) : m.start()]
    ):
        # "Pengene fordeles likt mellom A, B og C" (not "Erfaringene deles mellom ...")
        following = name_lists(sentence[m.end() : m.end() + 400])
        if following and following[0][1] == 0:
            names = following[0][0]
        money_zone = sentence[: m.start()]
        equal = bool(m.group("eq"))
        count = _count_word(m.group("count"))
    elif (m := _NAMES_SHARE.search(sentence)) and (
        _POT_OBJECT.match(sentence[m.end() :])
        or any(x.start <= 2 for x in find_money(sentence[m.end() : m.end() + 60], language, currency))
    ):
        # "A, B och C delar på summan", "A og B deler likt på 900 000 kroner" (not "deler erfaringer")
        before = sentence[: m.start()]
        lists = [lst for lst in name_lists(before) if not before[lst[2] :].strip()]
        if lists:
            names = lists[-1][0]
        money_zone = sentence[m.end() :]
        equal = bool(m.group("eq"))
    names = _clean(names, page_text)
    counted_only = not names and count is not None and count >= 2
    if len(names) < 2 and not counted_only:
        return None
    moneys = [x for x in find_money(money_zone, language, currency) if not x.per_period]
    if counted_only and not moneys:
        return None  # "delas mellan de tre kommunerna" with no pot in the sentence: nothing to divide
    if moneys:
        offset = sentence.find(money_zone)
        x = moneys[0]
        moneys = [Money(x.value, x.currency, x.text, x.start + offset, x.end + offset, x.approximate)]
    return PotShare(
        names=names,
        money=moneys[0] if moneys else None,
        equal=equal or bool(_EQUAL_SHARE.search(sentence)),
        refers_back=bool(_REFERS_BACK.search(sentence)),
        sentence=sentence,
        count=count if counted_only else None,
    )


def _count_word(word: str | None) -> int | None:
    if not word:
        return None
    if word.isdigit():
        return int(word)
    value = NUMBER_WORDS.get(word.lower())
    return int(value) if value and value >= 2 else None


def share_of(pot: Money, count: int) -> Money:
    """One equal share of a pot (the amount text stays the pot's, which is what the page wrote)."""
    return Money(round(pot.value / count, 2), pot.currency, pot.text, pot.start, pot.end, pot.approximate)


def full_name(name: str, page_text: str) -> str:
    """ "Trollhättan" -> "Trollhättans stad", "Gävle" -> "Gävle kommun" when the page writes that form."""
    m = re.search(
        rf"(?<![\w-]){re.escape(name)}s?\s+(?:kommune|kommun|kommuns|kommunes|stad|stads|herad|Stad)(?![\w-])",
        page_text,
    )
    return base_form(m.group(0)) if m else name


_CLAUSE_SPLIT = re.compile(r",\s+(?:och|og|and|samt)\s+|;\s+|\.\s+|,\s+(?=[" + UPPER + r"])")
_QUOTED = re.compile(r"[”“\"«]([^”“\"»\n]{2,140})[”“\"»]")
_WITH = re.compile(
    rf"(?:tillsammans|sammen|saman|together)\s+med\s+(?P<names>[{UPPER}][^.,;]{{1,80}}?)(?=[.,;]|$)|"
    rf"together\s+with\s+(?P<en>[{UPPER}][^.,;]{{1,80}}?)(?=[.,;]|$)",
    re.I,
)


def described_project(name: str, page_text: str) -> tuple[str | None, list[str]]:
    """The project and partners of the clause the page opens with `name` ("Kalmar kommun leder projektet
    ”Fossilfri skärgårdstrafik” tillsammans med Region Kalmar län")."""
    for m in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", page_text):
        before = page_text[max(0, m.start() - 6) : m.start()]
        if not (m.start() == 0 or re.search(r"(?:^|[.!?\n]\s*|,\s+(?:och|og|and)\s+|;\s+)$", before)):
            continue  # only a clause that opens with the name describes it
        rest = page_text[m.end() : m.end() + 400]
        clause = _CLAUSE_SPLIT.split(rest, maxsplit=1)[0]
        quoted = _QUOTED.search(clause)
        if not quoted:
            continue
        partners = []
        if w := _WITH.search(clause[quoted.end() :]):
            partners = split_name_list(w.group("names") or w.group("en") or "")
        return quoted.group(1).strip(), [p for p in partners if is_capitalised(p)]
    return None, []
