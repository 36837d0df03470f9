"""Names of organisations, places and projects in running text and table cells.

No gazetteer: a name is a run of capitalised words (with small connectors such as "by", "i", "og"
inside), optionally closed by an organisation word ("kommune", "Stad", "AB", "universitet"). Lists
are split on commas with "og/och/and/samt" only in the last item, so "Nore og Uvdal, Flesberg" keeps
"Nore og Uvdal" whole.
"""

from __future__ import annotations

import re
from functools import lru_cache

from etl.documents.lexicon import NAME_CONNECTOR, NAME_STOP

UPPER = "A-ZÆØÅÄÖÜÉÈÁÒÓÔÀÂÊÍÎÚÛ"
_TOKEN = re.compile(r"[\w][\w'’.:&/-]*[\w]|[\w]|\([^()]{1,40}\)|[,;()\"“”«»]|[-–]|[.!?:…•·▪●]|&")

# Words that close an organisation name ("Askøy kommune", "Göteborgs Stad", "Peak Region AB").
ORG_SUFFIX = {
    "kommune",
    "kommun",
    "kommunes",
    "kommuns",
    "stad",
    "stads",
    "fylkeskommune",
    "fylkeskommun",
    "landsting",
    "region",
    "regionråd",
    "universitet",
    "universitetet",
    "högskola",
    "högskolan",
    "høgskole",
    "høgskolen",
    "høgskule",
    "høgskulen",
    "ab",
    "as",
    "asa",
    "sa",
    "iks",
    "kf",
    "förbund",
    "kommunalförbund",
    "forbund",
    "förening",
    "forening",
    "stiftelse",
    "stiftelsen",
    "institutt",
    "institutet",
    "centre",
    "center",
    "senter",
    "park",
    "kommunekonsern",
    "kommunkoncern",
    "bydel",
    "ek",
    "herad",
    "municipality",
    "council",
}
# Words that open an organisation name ("Region Skåne", "Statens vegvesen").
ORG_PREFIX = {
    "region",
    "bydel",
    "statens",
    "direktoratet",
    "universitetet",
    "høgskolen",
    "högskolan",
    "stiftelsen",
}

# Capitalised words that start sentences but are not names.
NOT_A_NAME = {
    "det",
    "den",
    "dette",
    "detta",
    "denne",
    "denna",
    "de",
    "dei",
    "dem",
    "vi",
    "jeg",
    "jag",
    "eg",
    "han",
    "hun",
    "ho",
    "man",
    "ni",
    "i",
    "her",
    "här",
    "nå",
    "nu",
    "now",
    "the",
    "this",
    "it",
    "we",
    "they",
    "alle",
    "alla",
    "flere",
    "fleire",
    "mange",
    "många",
    "ei",
    "en",
    "ett",
    "et",
    "eit",
    "ein",
    "som",
    "totalt",
    "samtidig",
    "også",
    "både",
    "på",
    "til",
    "till",
    "med",
    "for",
    "för",
    "av",
    "fra",
    "från",
    "frå",
    "etter",
    "efter",
    "under",
    "innen",
    "inom",
    "kommunen",
    "kommuner",
    "kommunar",
    "kommuners",
    "municipalities",
    "regioner",
    "regionar",
    "kommunene",
    "kommunane",
    "kommunerna",
    "prosjektet",
    "projektet",
    "prosjekta",
    "prosjektene",
    "pengene",
    "pengane",
    "midlene",
    "midlane",
    "satsingen",
    "satsinga",
    "satsningen",
    "plattformen",
    "tiltaket",
    "juryen",
    "regjeringen",
    "regjeringa",
    "regeringen",
    "staten",
    "fylket",
    "länet",
    "dessa",
    "disse",
    "desse",
    "our",
    "a",
    "an",
    "in",
    "on",
    "at",
    "by",
    "to",
    "from",
    "and",
    "og",
    "och",
    "when",
    "når",
    "när",
    "da",
    "då",
    "om",
    "if",
    "hvis",
    "dersom",
    "also",
    "tildelte",
    "tildelt",
    "fem",
    "fire",
    "tre",
    "seks",
    "sju",
    "ti",
    "two",
    "three",
    "four",
    "five",
    "fyra",
    "två",
    "sex",
    "nye",
    "nya",
    "new",
    "andre",
    "andra",
    "other",
    "innovasjonsprisen",
    "prisen",
    "priset",
    "vinnaren",
    "vinneren",
    "vinnerkommunen",
    "mer",
    "meir",
    "more",
    "les",
    "läs",
    "read",
    "se",
    "sjå",
    "see",
    "kontakt",
    "contact",
    "foto",
    "photo",
    "tekst",
    "text",
    "publisert",
    "publicerad",
    "published",
    "sist",
    "senast",
    "sum",
    "summa",
    "vidare",
    "videre",
    "dessutom",
    "dessuten",
    "derfor",
    "difor",
    "därför",
    "òg",
    "likevel",
    "därefter",
    "deretter",
    "etterpå",
    "tidligere",
    "tidlegare",
    "tidigare",
    "sammanlagt",
    "samla",
    # Adverbs and connectives that open a sentence (verb-second order puts the subject after the verb).
    "samtidigt",
    "därtill",
    "därutöver",
    "därmed",
    "dermed",
    "även",
    "också",
    "tillika",
    "likaså",
    "likeså",
    "slutligen",
    "endelig",
    "idag",
    "ifjor",
    "additionally",
    "furthermore",
    "moreover",
    "meanwhile",
    "likewise",
    "finally",
    "today",
    "however",
    "men",
    "but",
}


@lru_cache(maxsize=8)
def _words_of(text: str) -> frozenset[str]:
    return frozenset(re.findall(r"[\w'’-]+", text))


# A name never runs into an amount ("awarded Lillehammer kommune NOK 1.2 million").
_CURRENCY_WORDS = {"nok", "sek", "eur", "kr", "kroner", "kronor", "mnok", "mkr", "msek", "tkr", "tsek"}


def tokens(text: str) -> list[tuple[str, int, int]]:
    return [(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def is_capitalised(word: str) -> bool:
    return bool(word) and (word[0].isupper() or (word[0].isdigit() and any(c.isalpha() for c in word)))


def is_org_suffix(word: str) -> bool:
    return word.lower().rstrip(".") in ORG_SUFFIX


def has_org_word(name: str) -> bool:
    words = name.split()
    return bool(words) and (is_org_suffix(words[-1]) or words[0].lower() in ORG_PREFIX)


# Lower-case words inside an organisation's name: a county word after its place, a school word after an
# adjective.
_COUNTY_WORDS = {"län", "läns", "fylke"}
_SCHOOL_WORDS = {w for w in ORG_SUFFIX if re.match(r"universitet|högskol|høgsk", w)}


def name_at(text: str, start: int = 0, max_words: int = 7) -> str | None:
    """The proper name that begins at `start` (after spaces), or None.

    "Askøy kommune som får" -> "Askøy kommune"; "Future by Lund, innovationsplattformen" ->
    "Future by Lund"; "Statens Sivilrettsforvaltning (SRF) Verge..." -> the name with its "(SRF)".
    """
    toks = tokens(text[start : start + 300])
    words: list[str] = []
    for i, (tok, _s, _e) in enumerate(toks):
        low = tok.lower()
        if tok in '.!?:…;,"“”«»•·▪●' or low.rstrip(".") in _CURRENCY_WORDS or tok[:1].isdigit():
            break
        if tok.startswith("(") and words:
            if re.fullmatch(r"\([A-ZÆØÅ0-9][\w .&-]{0,20}\)", tok):
                words.append(tok)
                continue
            break
        if not words:
            if not is_capitalised(tok) or low in NOT_A_NAME:
                return None
            words.append(tok)
            continue
        if (
            (is_capitalised(tok) and low not in NAME_STOP)
            or is_org_suffix(tok)
            or low in _COUNTY_WORDS  # "Region Kalmar län", "Länsstyrelsen i Skåne län"
            # "Luleå tekniska universitet", "Chalmers tekniska högskola": an adjective before the school word
            or (i + 1 < len(toks) and toks[i + 1][0].lower() in _SCHOOL_WORDS and tok.islower())
            or (
                (low in NAME_CONNECTOR or tok == "&") and i + 1 < len(toks) and is_capitalised(toks[i + 1][0])
            )
        ):
            words.append(tok)
        else:
            break
        if len(words) >= max_words:
            break
    while words and (words[-1].lower() in NAME_CONNECTOR or words[-1] == "&"):
        words.pop()
    if not words:
        return None
    name = " ".join(words)
    return name


def looks_like_place_or_org(name: str, text: str) -> bool:
    """Could `name` be an organisation or municipality (rather than a common word starting a sentence)?"""
    if not name or not is_capitalised(name):
        return False
    first = name.split()[0]
    if first.lower() in NOT_A_NAME:
        return False
    if has_org_word(name) or len(name.split()) > 1:
        return True
    # A single capitalised word that the page also writes in lower case is a common word.
    return first.lower() not in _words_of(text)


def is_project_like(name: str) -> bool:
    """A multi-word name without an organisation word: "Future by Lund", "Innovationsplattform Kiruna"."""
    return len(name.split()) >= 2 and not has_org_word(name)


def split_name_list(text: str) -> list[str]:
    """Split "Hvaler, Aremark, Skiptvet, Våler og Marker" -> five names; "Nore og Uvdal, Flesberg" -> two."""
    text = re.sub(r"\s+", " ", text).strip(" ,.;:")
    if not text:
        return []
    parts = [p.strip() for p in re.split(r"\s*[,;]\s*|\s+samt\s+", text) if p.strip()]
    if parts:
        # "A och B & C AB": the last "og"/"och"/"and" splits first; "&" only when no word does.
        last = re.split(r"\s+(?:og|och|and)\s+", parts[-1])
        if len(last) == 1:
            last = re.split(r"\s+&\s+", parts[-1])
        if len(last) == 2 and all(is_capitalised(x) for x in last):
            parts = parts[:-1] + last
    out: list[str] = []
    for p in parts:
        p = p.strip(" .:-–")
        if p and p not in out:
            out.append(p)
    return out


_NAME_WORD = rf"[{UPPER}][\w'’.-]{{0,40}}"
# Bounded repetitions and a left anchor keep this linear on any input.
# A lower-case organisation word may close each name: "Östersunds kommun, Krokoms kommun och Bergs kommun".
_ORG_TAIL = r"(?:\s+(?:kommune|kommun|kommuns|kommunes|stad|herad|regionråd|IKS|AB|AS))?"
_LIST_OF_NAMES = re.compile(
    rf"(?<![\w'’.-])(?:{_NAME_WORD}(?:\s+(?:{_NAME_WORD}|og|i|by|&)){{0,4}}{_ORG_TAIL}\s*,\s*){{1,30}}"
    rf"{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,4}}{_ORG_TAIL}"
    rf"(?:\s+(?:og|och|and|samt|&)\s+{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,4}}{_ORG_TAIL})?"
    rf"|(?<![\w'’.-]){_NAME_WORD}{_ORG_TAIL}\s+(?:og|och|and|&)\s+{_NAME_WORD}{_ORG_TAIL}"
)


def name_lists(text: str) -> list[tuple[list[str], int, int]]:
    """Comma lists of capitalised names in running text, with their spans."""
    out = []
    for m in _LIST_OF_NAMES.finditer(text):
        names = split_name_list(m.group(0))
        if len(names) >= 2:
            out.append((names, m.start(), m.end()))
    return out


_TRAILING_LIST = re.compile(
    rf"(?:^|\s)((?:[{UPPER}][\w'’-]*\s*,\s*)+[{UPPER}][\w'’-]*(?:\s+(?:og|och|and|&)\s+[{UPPER}][\w'’-]*)?)\s*$"
)


def trailing_name_list(text: str) -> tuple[str, list[str]]:
    """Split "JordmorHeim Fjell, Sund og Øygarden" into ("JordmorHeim", ["Fjell", "Sund", "Øygarden"])."""
    tail = max(0, len(text) - 200)  # a partner list sits at the end of a line: search only there
    m = _TRAILING_LIST.search(text, tail)
    if not m:
        return text.strip(), []
    return text[: m.start(1)].strip(), split_name_list(m.group(1))


def clean_partner_names(names: list[str], recipient: str | None) -> list[str]:
    """Drop the recipient itself and descriptions that are not organisations ("Samarbeid internt ...")."""
    rec = (recipient or "").lower()
    out = []
    for n in names:
        if not n or not is_capitalised(n) or re.search(r"\binternt?\b|\bingen\b|\bnone\b", n, re.I):
            continue
        if rec and (n.lower() == rec or n.lower() == rec.split(" kommun")[0]):
            continue
        if n not in out:
            out.append(n)
    return out


def clean_name(name: str | None) -> str | None:
    if not name:
        return None
    name = re.sub(r"\s+", " ", name).strip(" ,;:-–")
    return name or None


def name_ending_at(text: str, end: int) -> str | None:
    """The organisation name that ends right before `end` ("... Kiruna kommun| är projektägare")."""
    offset = max(0, end - 160)
    before = text[offset:end]
    toks = tokens(before)
    start_tok = None
    k = len(toks) - 1
    while k >= 0 and len(toks) - k <= 7:
        tok = toks[k][0]
        if is_capitalised(tok) or (
            start_tok is not None and tok.lower() in ("i", "by", "for", "för", "og", "och")
        ):
            start_tok = k
        elif is_org_suffix(tok) and start_tok is None:
            pass  # "Setesdal regionråd", "Vestfold IKS": a lower-case organisation word closes the name
        else:
            break
        k -= 1
    if start_tok is None:
        return None
    while start_tok < len(toks) - 1 and toks[start_tok][0].lower() in ("i", "by", "for", "för", "og", "och"):
        start_tok += 1
    # "Vinnväxt-klustret Future Position X": a descriptive compound is not part of the name.
    while (
        start_tok < len(toks) - 1
        and re.fullmatch(r"\w+-[a-zæøåäö]+", toks[start_tok][0])
        and is_capitalised(toks[start_tok + 1][0])
    ):
        start_tok += 1
    name = name_at(before, toks[start_tok][1])
    return clean_name(name)  # offsets above are relative to `before`


_GENITIVE_ORG = re.compile(
    r"(?<=\s)(kommun|kommune|stad|region|regionråd|universitet|fylkeskommune|herad)s$", re.I
)


def base_form(name: str | None) -> str | None:
    """ "Växjö kommuns" (as in "går till Växjö kommuns projekt") -> "Växjö kommun"; other names unchanged."""
    if not name:
        return name
    return _GENITIVE_ORG.sub(lambda m: m.group(1), name)


_QUOTE_CHARS = "«»“”\"'‘’„"
_TITLE_EDGE = " \t–—-:;,|(•."


def clean_title(title: str | None) -> str | None:
    """A title as a list or table writes it, without its quotes and the punctuation around it:
    "«Digital heimeteneste» –" -> "Digital heimeteneste"; an unbalanced bracket at either end goes too."""
    if not title:
        return None
    text = re.sub(r"\s+", " ", title).strip(_TITLE_EDGE)
    for _ in range(3):
        before = text
        if text.endswith(")") and "(" not in text:
            text = text[:-1]
        if len(text) > 2 and text[0] in _QUOTE_CHARS and text[-1] in _QUOTE_CHARS:
            inner = text[1:-1]
            if not any(q in inner for q in '«»“”"'):
                text = inner  # quotes around the whole title: «X», "X", “X”
        text = text.strip(_TITLE_EDGE).strip()
        if text == before:
            break
    return text or None


# A municipality's Sami or Kven name beside its Norwegian one ("Karasjok kommune (Kárášjoga gielda)",
# "Kautokeino kommune – Guovdageainnu suohkan –"): the same body named twice, not a second name.
_PARALLEL_WORD = r"(?:gielda|gielde|gielddâ|suohkan|fylkkasuohkan|tjïelte|tjielte|kommuuni|kunta)"
_PARALLEL_NAME = rf"[{UPPER}ŊŠŽČĐŦ][^\s()–,]*(?:\s+[^\s()–,]+){{0,2}}\s+{_PARALLEL_WORD}"
_PARALLEL = re.compile(
    rf"(?P<name>\b(?:kommune|kommun|fylkeskommune|herad))"
    rf"(?:\s*\(\s*{_PARALLEL_NAME}\s*\)|\s+[–-]\s+{_PARALLEL_NAME}\s+[–-](?=\s)|,\s*{_PARALLEL_NAME}\s*,)"
)


def drop_parallel_names(text: str) -> str:
    """ "Kautokeino kommune – Guovdageainnu suohkan – får" -> "Kautokeino kommune får"."""
    return _PARALLEL.sub(lambda m: m.group("name"), text)


# A correction note repeats the wrong figure it corrects ("I en tidligere versjon av saken stod det at X fikk
# 1,5 millioner. Det riktige er ..."): that sentence names no grant.
_WRONG_VERSION = re.compile(
    r"(?:tidligere|tidlegare|tidigare|earlier|previous)\s+(?:versjon|version)"
    r"|(?:incorrectly|wrongly)\s+(?:stated|said|reported)",
    re.I,
)
_SENTENCE_END = re.compile(r"(?<!\bmill)(?<!\bmnkr)(?<!\bkr)(?<!\bmln)\.(?=\s|$)|[!?](?=\s|$)|\n")


def drop_corrected_statements(text: str) -> str:
    """Cut each sentence that states what an earlier version of the page wrongly said."""
    while m := _WRONG_VERSION.search(text):
        start = max((e.end() for e in _SENTENCE_END.finditer(text, 0, m.start())), default=0)
        end_m = _SENTENCE_END.search(text, m.end())
        end = end_m.end() if end_m else len(text)
        rest = text[end:]
        text = text[:start] + (rest.lstrip(" ") if text[:start].endswith("\n") or not start else rest)
    return text
