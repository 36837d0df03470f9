"""Amounts of money as Nordic and English pages write them.

"3 771 922 kronor", "SEK 3 573 324", "470.000 kroner", "kr. 50.000", "3.000.000,-", "1,5 mill. kroner",
"8 500 tkr", "310 tusen kroner", "fyra miljoner kronor", "en halv million", "1.9 mill kroner",
"300 000 statlige kroner" and a bare "1,1" in a table column headed in millions.

The digits are read with `babel.numbers.parse_decimal` in a locale chosen from the separators the
number itself uses (space or dot groups -> Nordic, comma groups -> English), so "470.000" is 470 000
and "6,65" is 6.65. Number words and scale words come from small tables below.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from babel.numbers import NumberFormatError, parse_decimal

SCALE_WORDS = {
    "tkr": 1e3,
    "tsek": 1e3,
    "ksek": 1e3,
    "tnok": 1e3,
    "knok": 1e3,
    "teur": 1e3,
    "tusen": 1e3,
    "tusind": 1e3,
    "thousand": 1e3,
    "mill": 1e6,
    "mio": 1e6,
    "mln": 1e6,
    "million": 1e6,
    "millions": 1e6,
    "millioner": 1e6,
    "millionar": 1e6,
    "millionen": 1e6,
    "miljon": 1e6,
    "miljoner": 1e6,
    "miljonen": 1e6,
    "mnok": 1e6,
    "mkr": 1e6,
    "mnkr": 1e6,
    "mnsek": 1e6,
    "milj": 1e6,
    "mdkr": 1e9,
    "mdr": 1e9,
    "mdsek": 1e9,
    "kkr": 1e3,
    "k": 1e3,
    "m": 1e6,
    "msek": 1e6,
    "meur": 1e6,
    "mrd": 1e9,
    "milliard": 1e9,
    "milliarder": 1e9,
    "milliardar": 1e9,
    "miljard": 1e9,
    "miljarder": 1e9,
    "billion": 1e9,
    "billions": 1e9,
}
# Scale words that also name the currency.
_SCALE_CURRENCY = {
    "tsek": "SEK",
    "ksek": "SEK",
    "msek": "SEK",
    "mnsek": "SEK",
    "mdsek": "SEK",
    "tnok": "NOK",
    "knok": "NOK",
    "mnok": "NOK",
    "meur": "EUR",
    "teur": "EUR",
}

# Number words of sv / nb / nn / en that precede a scale word ("fyra miljoner", "en halv million").
NUMBER_WORDS = {
    "en": 1,
    "ett": 1,
    "ei": 1,
    "ein": 1,
    "eitt": 1,
    "et": 1,
    "one": 1,
    "a": 1,
    "an": 1,
    "to": 2,
    "två": 2,
    "tvo": 2,
    "two": 2,
    "tre": 3,
    "three": 3,
    "fire": 4,
    "fyra": 4,
    "four": 4,
    "fem": 5,
    "five": 5,
    "seks": 6,
    "sex": 6,
    "six": 6,
    "sju": 7,
    "syv": 7,
    "seven": 7,
    "åtte": 8,
    "åtta": 8,
    "eight": 8,
    "ni": 9,
    "nio": 9,
    "nine": 9,
    "ti": 10,
    "tio": 10,
    "ten": 10,
    "elleve": 11,
    "elva": 11,
    "eleven": 11,
    "tolv": 12,
    "twelve": 12,
    "tretten": 13,
    "tretton": 13,
    "fjorten": 14,
    "fjorton": 14,
    "femten": 15,
    "femton": 15,
    "seksten": 16,
    "sexton": 16,
    "sytten": 17,
    "sjutton": 17,
    "atten": 18,
    "arton": 18,
    "nitten": 19,
    "nitton": 19,
    "tjue": 20,
    "tjugo": 20,
    "tyve": 20,
    "twenty": 20,
    "tretti": 30,
    "trettio": 30,
    "thirty": 30,
    "førti": 40,
    "förti": 40,
    "fyrtio": 40,
    "forty": 40,
    "femti": 50,
    "femtio": 50,
    "fifty": 50,
    "seksti": 60,
    "sextio": 60,
    "sixty": 60,
    "sytti": 70,
    "sjuttio": 70,
    "seventy": 70,
    "åtti": 80,
    "åttio": 80,
    "eighty": 80,
    "nitti": 90,
    "nittio": 90,
    "ninety": 90,
}
_HUNDRED = {"hundre", "hundra", "hundred"}
_HALF = {"halv": 0.5, "half": 0.5, "halvannen": 1.5, "halvanna": 1.5, "halvannan": 1.5, "halvtannen": 1.5}
_AND = {"og", "och", "and"}

_NUMWORD = "|".join(sorted(list(NUMBER_WORDS) + list(_HUNDRED) + list(_HALF), key=len, reverse=True))
_SCALE = "|".join(sorted((w for w in SCALE_WORDS if w not in ("k", "m")), key=len, reverse=True))
_DIGITS = (
    r"(?<![\d.,])(?:\d{1,3}(?:[ \u00a0\u2009\u202f.,]\d{3})+(?:[.,]\d{1,2}(?!\d))?|\d+(?:[.,]\d+)?)(?![\d])"
)
_WORDS = rf"(?<![\w-])(?:{_NUMWORD})(?:[ -]+(?:og|och|and|{_NUMWORD}))*(?![\w-])"
# Abbreviations keep their dot ("mill."); full words never swallow a sentence's full stop.
# "k" and "m" only right after the digits ("850k", "SEK 2m"): "5 k" is too often something else, and "m"
# counts only after a currency ("2m" alone is metres).
_SCALE_TOKEN = rf"(?:(?:mill|mio|mln|mrd|milj)\.|(?:{_SCALE})\b|(?<=\d)[km]\b)"
_CUR_PRE = r"(?:kr\.?|kroner|kronor|NOK|SEK|EUR|€)"
_CUR_POST = r"(?:kroner|kronor|krone|krona|kr\b\.?|NOK|SEK|EUR|euro|€|,-|:-)"
# Adjectives pages put between the number and the currency ("300 000 statlige kroner").
_ADJ = r"(?:statlige|statlege|statliga|norske|svenska|ekstra|nye|nya|friske|offentlige|offentliga)"

# A scale word that names the currency may stand before the figure: "MNOK 1,0", "MSEK 2.5", "TNOK 850" (not
# "tkr"/"mkr", which head table columns: "tkr 2023").
_SCALE_PRE = r"(?<![\w-])(?:mnok|msek|mnsek|mnkr|tnok|tsek|meur)(?![\w-])"

MONEY = re.compile(
    rf"(?:(?P<prescale>{_SCALE_PRE})\s?|(?P<pre>{_CUR_PRE})\s?)?"
    rf"(?P<num>{_DIGITS}|{_WORDS})"
    rf"(?:\s*(?P<scale>{_SCALE_TOKEN}))?"
    rf"(?:(?:\s+{_ADJ})?\s*(?P<cur>{_CUR_POST}))?",
    re.I,
)
_APPROX_BEFORE = re.compile(
    r"(?:i\s+overkant\s+(?:av\s+)?|nesten|nærmere|nærmare|cirka|ca\.?|drøyt|drøye|rundt|omkring|opp\s+mot|"
    r"knapt|godt\s+over|over|drygt|nästan|närmare|runt|about|around|nearly|almost|more\s+than|"
    r"approximately|approx\.?|some)\s*$",
    re.I,
)
_PER_PERIOD_AFTER = re.compile(
    r"^\s*(?:(?:per|pr\.?|om|i|hvert|kvart|varje|a|each)\s+(?:år|året|year|månad|måned|månaden|måneden|month)\b"
    r"|årlig|årligen|annually|yearly)",
    re.I,
)
# "450'" and "1 200'": an apostrophe after the number marks thousands (Norwegian table shorthand).
_THOUSANDS_MARK = "'’´"
_CELL = re.compile(
    rf"^\s*(?:(?P<prescale>{_SCALE_PRE})\s?|(?P<pre>{_CUR_PRE})\s?)?(?P<num>{_DIGITS})(?P<kmark>[{_THOUSANDS_MARK}])?"
    rf"(?:\s*(?P<scale>{_SCALE_TOKEN}))?\s*(?P<cur>{_CUR_POST})?\s*$",
    re.I,
)


@dataclass(frozen=True)
class Money:
    """One amount found in text; `text` is the exact span it was read from."""

    value: float
    currency: str | None
    text: str
    start: int
    end: int
    approximate: bool = False
    per_period: bool = False  # "per år", "a year": a rate, not the grant


def parse_number(digits: str, has_scale: bool = False, language: str | None = None) -> Decimal | None:
    """Digits as written -> Decimal, choosing the locale from the separators used."""
    s = re.sub(r"[ \u2009\u202f]", "\u00a0", digits.strip())
    try:
        if re.fullmatch(r"\d{1,3}(?:\u00a0\d{3})+(?:,\d+)?", s):
            return parse_decimal(s, locale="nb_NO")
        if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", s):
            return parse_decimal(s, locale="da_DK")  # "470.000", "3.000.000": dots group thousands
        if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", s):
            if has_scale and s.count(",") == 1 and language != "en":
                return parse_decimal(s, locale="nb_NO")  # "1,250 millionar" is 1.25 million
            return parse_decimal(s, locale="en_US")
        if re.fullmatch(r"\d+,\d+", s):
            return parse_decimal(s, locale="nb_NO")
        if re.fullmatch(r"\d+\.\d+", s):
            return parse_decimal(s, locale="en_US")  # "1.9 mill": a decimal point
        if re.fullmatch(r"\d+", s):
            return Decimal(s)
    except (NumberFormatError, InvalidOperation, ValueError):
        return None
    return None


def parse_number_words(words: str) -> float | None:
    """Number words: "fyra" -> 4, "en halv" -> 0.5, "to og en halv" -> 2.5, "tre hundre" -> 300."""
    tokens = [t for t in re.split(r"[\s-]+", words.lower()) if t]
    total = 0.0
    current = 0.0
    seen = False
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok in _AND:
            total += current
            current = 0.0
        elif tok in _HALF:
            # "en halv" is one half, not one and a half.
            current = _HALF[tok] if current in (0.0, 1.0) else current + _HALF[tok]
            seen = True
        elif tok in _HUNDRED:
            current = (current or 1) * 100
            seen = True
        elif tok in NUMBER_WORDS:
            if i + 1 < len(tokens) and tokens[i + 1] in _HALF and NUMBER_WORDS[tok] == 1:
                current += 0.0  # "en halv": the article belongs to "halv"
            else:
                current += NUMBER_WORDS[tok]
            seen = True
        else:
            return None
        i += 1
    total += current
    return total if seen and total > 0 else None


def _currency_of(pre: str | None, cur: str | None, scale: str | None, default: str | None) -> str | None:
    for word in (pre, cur):
        if not word:
            continue
        w = word.lower().rstrip(".")
        if w in ("nok",):
            return "NOK"
        if w in ("sek",):
            return "SEK"
        if w in ("eur", "euro", "€"):
            return "EUR"
        if w in ("kroner", "krone"):
            return "NOK"
        if w in ("kronor", "krona"):
            return "SEK"
    if scale and scale.lower().rstrip(".") in _SCALE_CURRENCY:
        return _SCALE_CURRENCY[scale.lower().rstrip(".")]
    return default


def _value(num: str, scale: str | None, language: str | None) -> float | None:
    factor = SCALE_WORDS.get(scale.lower().rstrip("."), 1.0) if scale else 1.0
    if num[:1].isdigit():
        number = parse_number(num, has_scale=bool(scale), language=language)
        if number is None:
            return None
        value = float(number * Decimal(str(factor)))
    else:
        if not scale:
            return None  # "fem" alone is a count, not money
        words = parse_number_words(num)
        if words is None:
            return None
        value = words * factor
    return round(value, 2)


def find_money(text: str, language: str | None = None, default_currency: str | None = None) -> list[Money]:
    """Every amount of money in `text` (a number with a currency or scale word), in order."""
    found: list[Money] = []
    for m in MONEY.finditer(text):
        pre, num, scale, cur = m.group("pre"), m.group("num"), m.group("scale"), m.group("cur")
        if m.group("prescale"):
            if scale or not num[:1].isdigit():
                continue
            scale = m.group("prescale")
        if not (pre or scale or cur):
            continue
        if scale and scale.lower() == "m" and not pre:
            continue
        if not num[:1].isdigit() and not scale:
            continue
        if pre and pre.lower().startswith("kr") and not num[:1].isdigit():
            continue
        value = _value(num, scale, language)
        if value is None or value <= 0:
            continue
        if not scale and value < 100 and (cur or "").strip() in (",-", ":-"):
            continue
        start, end = m.start(), m.end()
        span = text[start:end].rstrip()
        end = start + len(span)
        before = text[max(0, start - 30) : start]
        after = text[end : end + 25]
        found.append(
            Money(
                value=value,
                currency=_currency_of(pre, cur, scale, default_currency),
                text=span,
                start=start,
                end=end,
                approximate=bool(_APPROX_BEFORE.search(before)),
                per_period=bool(_PER_PERIOD_AFTER.search(after)),
            )
        )
    if found:
        found = sorted(found + _shared_unit_amounts(text, found, language), key=lambda x: x.start)
    return found


# "henholdsvis 400 000 og 250 000 kroner", "1,2 och 0,8 miljoner kronor": a bare number joined to an amount
# shares its currency and scale word.
_SHARED_UNIT_BEFORE = re.compile(rf"(?P<num>{_DIGITS})\s*(?:,|og|och|and|eller|or)\s+$", re.I)
_RANGE_BEFORE = re.compile(r"(?:mellom|mellan|between|fra|från|from|frå)\s+$", re.I)


def _shared_unit_amounts(text: str, found: list[Money], language: str | None) -> list[Money]:
    out: list[Money] = []
    for money in found:
        m = _SHARED_UNIT_BEFORE.search(text, max(0, money.start - 40), money.start)
        if not m or m.end() != money.start or _RANGE_BEFORE.search(text[max(0, m.start() - 12) : m.start()]):
            continue
        if any(f.start <= m.start("num") < f.end for f in found):
            continue
        unit = MONEY.match(text, money.start)
        scale = unit.group("scale") if unit else None
        value = _value(m.group("num"), scale, language)
        if value is None or (not scale and (value < 1000 or 1900 <= value <= 2100)):
            continue
        start, end = m.start("num"), m.end("num")
        out.append(
            Money(value, money.currency, text[start:end], start, end, money.approximate, money.per_period)
        )
    return out


def parse_amount_cell(
    cell: str, column_scale: float = 1.0, language: str | None = None, default_currency: str | None = None
) -> Money | None:
    """A table cell that is wholly an amount ("900 000", "kr 1,5 mill.", a bare "1,1" under "mill. kr")."""
    m = _CELL.match(cell)
    if not m:
        return None
    pre, num, scale, cur = m.group("pre"), m.group("num"), m.group("scale"), m.group("cur")
    if m.group("prescale"):
        if scale:
            return None
        scale = m.group("prescale")
    if scale and scale.lower() == "m" and not pre:
        return None
    if m.group("kmark") and not scale:
        scale, column_scale = None, 1e3  # "450'": thousands, whatever the column says
        explicit_thousands = True
    else:
        explicit_thousands = False
    number = parse_number(num, has_scale=bool(scale) or column_scale != 1.0, language=language)
    if number is None:
        return None
    explicit = bool(pre or scale or cur or explicit_thousands)
    plain_year = 1900 <= number <= 2100 and num.isdigit()
    if not explicit:
        if column_scale == 1.0:
            if number < 1000 or plain_year:
                return None  # counts, row numbers and years are not amounts
        elif plain_year:
            return None
    factor = SCALE_WORDS.get(scale.lower().rstrip("."), 1.0) if scale else column_scale
    if not scale and not explicit_thousands and number >= (1000 if column_scale >= 1e6 else 100000):
        factor = 1.0  # a full amount written in a column headed in thousands/millions
    value = round(float(number * Decimal(str(factor))), 2)
    if value <= 0:
        return None
    text = cell.strip()
    start = cell.find(text)
    return Money(value, _currency_of(pre, cur, scale, default_currency), text, start, start + len(text))


# A note that states the unit of a table's figures: "Tildelingene er oppgitt i tusen kroner",
# "Alle beløp i 1000 kr", "Belopp i tkr", "Figures in NOK thousand", "(tall i hele tusen)".
_UNIT_NOTE = re.compile(
    r"(?<![\w-])(?:beløp\w*|belopp\w*|tall|tal|tala|siffer|summer|summar|tildeling\w*|løyving\w*|bevilgning\w*|"
    r"tilskudd\w*|tilskot\w*|amounts?|figures?|sums?)(?![\w-])[^.\n]{0,40}?(?<![\w-])(?:i|in)\s+"
    r"(?:hele\s+|heile\s+|nok\s+|sek\s+)?(?P<unit>1\s?000|1\.000|tusen|tusental|tkr|tnok|tsek|thousands?|"
    r"mill\.?|millioner|millionar|miljoner|mnok|mkr|mnkr|msek|millions?)(?![\w-])",
    re.I,
)


def scale_from_note(line: str) -> float:
    """The unit a short note above a table states for its figures (1.0 when it states none)."""
    if len(line) > 160:
        return 1.0
    m = _UNIT_NOTE.search(line)
    if not m:
        return 1.0
    return scale_from_header(m.group("unit"))


def scale_from_header(header: str) -> float:
    """The unit a table column states in its header: "(1000 kr)" -> 1e3, "mill. kr" -> 1e6."""
    h = header.lower()
    if re.search(r"\b(?:mill|milj|mnok|mkr|mnkr|msek|million\w*|miljon\w*)\b", h):
        return 1e6
    if re.search(r"\b(?:1[\s.]?000|tusen|tusental|tkr|tsek|tnok|ksek|thousands?)\b", h):
        return 1e3
    return 1.0


# "Tilskuddet ble satt til kr 600 000. Etter klage er det nedjustert til kr 450 000": the amount a decision was
# changed to replaces the first one.
_CHANGED_TO = re.compile(
    r"\b(?:nedjustert|oppjustert|justert|justerats|justerat|økt|auka|auket|redusert|endret|endra|sett\s+ned|"
    r"satt\s+ned|sänkts|sänkt|höjts|höjt|ändrats|ändrat|minskats|ökats|reduced|increased|changed|revised|"
    r"adjusted|cut)\s+(?:til|till|to)\s+",
    re.I,
)
_ITEM_WITH_SENTENCES = re.compile(r"^(?P<head>[^:.!?\n]{3,160}):\s+(?P<rest>\S[^\n]*)$", re.M)
_AWARDED_ONLY = re.compile(
    r"^(?:tildelt|tildelet|innvilget|innvilga|løyvd|beviljat|beviljats|awarded|granted)\s+$", re.I
)


def final_item_amounts(text: str) -> str:
    """ "Org – «Title»: Tildelt kr 250 000. Etter klage er tilskuddet økt til kr 400 000." -> "Org – «Title»:
    kr 400 000"; "Org – «Title»: Tildelt kr 300 000 etter klage." -> "Org – «Title»: kr 300 000"."""

    def final(m: re.Match) -> str:
        rest = m.group("rest")
        found = find_money(rest)
        if not found:
            return m.group(0)
        changed = list(_CHANGED_TO.finditer(rest))
        after = [f for f in found if changed and f.start == changed[-1].end()]
        if after:
            return f"{m.group('head')}: {after[0].text}"
        if len(found) == 1 and _AWARDED_ONLY.match(rest[: found[0].start]) and len(rest) - found[0].end < 40:
            return f"{m.group('head')}: {found[0].text}"
        return m.group(0)

    return _ITEM_WITH_SENTENCES.sub(final, text)
