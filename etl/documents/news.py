"""Grants stated in running text: news items, press releases and the prose of allocation pages.

A sentence is a grant statement when it has a granting verb ("har fått", "beviljat", "løyvd", "stöttar",
"awarded"). Each amount in it is kept unless the words around it say it is something else: applied
for, a budget, co-financing, a maximum, a total, a rate per year, or a sum spread over "18 prosjekter".
The recipient is the organisation the sentence names (subject, "går til X", "X som får"); otherwise
the one the paragraph is about, the project owner the page names, or the page's stated beneficiary.
A grant named without an amount is kept with `amount=None` when the sentence names its recipient.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from etl.documents import dates, funder_names, pots
from etl.documents.context import Page
from etl.documents.lexicon import (
    CLAUSE_OPENER,
    DISCRETIONARY,
    EACH,
    FINALIST,
    GRANT_VERB,
    NAME_STOP,
    NOT_GRANTED_AFTER,
    NOT_GRANTED_BEFORE,
    PROGRAMME_COMPOUND,
    REFUSAL,
    SUPPORT_NOUN,
    TOTAL_CLAUSE,
)
from etl.documents.names import (
    UPPER,
    base_form,
    clean_name,
    clean_partner_names,
    clean_title,
    has_org_word,
    is_capitalised,
    is_org_suffix,
    is_project_like,
    looks_like_place_or_org,
    name_at,
    name_ending_at,
    name_lists,
    split_name_list,
    tokens,
)
from etl.documents.numbers import NUMBER_WORDS, Money, find_money
from etl.documents.segment import Span, sentences
from etl.documents.tables import header_role
from etl.records import GrantRecord

# Verbs that end a sentence's subject ("Vågå kommune | har fått ...").
_SUBJECT_VERBS = {
    # "Vadsø kommune søkte om 1,2 millioner, men får 600 000 kroner": the applicant is the subject of the grant
    "søkte",
    "søkjer",
    "sökte",
    "ansökte",
    "ansøkte",
    "applied",
    "har",
    "hadde",
    "hade",
    "får",
    "fått",
    "fick",
    "fikk",
    "fekk",
    "mottar",
    "mottok",
    "mottog",
    "vart",
    "ble",
    "blei",
    "blir",
    "er",
    "är",
    "var",
    "vinner",
    "vann",
    "vant",
    "gikk",
    "går",
    "gjekk",
    "is",
    "was",
    "has",
    "wins",
    "won",
    "receives",
    "received",
    "gets",
    "got",
    "kommer",
    "skal",
    "ska",
    "vil",
    "kan",
    "beviljas",
    "beviljades",
    "innvilges",
    "innvilgast",
    "bevilges",
    "tildeles",
    "tildelast",
    "stöttas",
    "startar",
    "samarbetar",
    "deltar",
    "fokuserar",
    "vill",
    "inriktas",
    "satsar",
    "leder",
    "leds",
    "ledes",
    "driver",
    "drivs",
    "fortsätter",
    "fortsetter",
    "tildelte",
    "tildelt",
    "bevilget",
    "løyvde",
    "beviljat",
    "beviljade",
    "stöttar",
    "støtter",
    "støttar",
    "meddelar",
    "melder",
    "ønsker",
    "takker",
    "will",
    "have",
    "are",
    "were",
}
_DISTRIBUTES = re.compile(
    r"fordelt|fordeler|fordelte|delt\s+ut|delte\s+ut|deles\s+ut|fördelat|fördelar|distributed|shared", re.I
)
_PREPOSITIONS = {
    "av",
    "of",
    "i",
    "in",
    "från",
    "fra",
    "frå",
    "med",
    "with",
    "for",
    "för",
    "til",
    "till",
    "to",
    "hos",
    "ved",
    "vid",
    "mellom",
    "mellan",
    "between",
    "inom",
    "innen",
    "under",
}
_EXPLETIVES = {
    "det",
    "der",
    "man",
    "vi",
    "de",
    "dei",
    "han",
    "hun",
    "ho",
    "jag",
    "jeg",
    "eg",
    "ni",
    "there",
    "it",
}
_AUXILIARY_GAP = re.compile(
    r"^\W*(?:(?:har|hadde|hade|nå|nu|også|och|og|i\s+dag|idag|has|have|had|now|today)\s+)*$", re.I
)
# Words that may sit inside a project title (which otherwise ends at a verb or preposition).
# A name ends where the sentence turns to the project or the call ("Smarta städer för projektet X").
_NAME_TURN = {"prosjektet", "projektet", "prosjekt", "projekt", "project", "utlysningen", "programmet"}
_TITLE_STOP = NAME_STOP - {
    "i",
    "för",
    "for",
    "av",
    "og",
    "och",
    "and",
    "of",
    "in",
    "på",
    "en",
    "ett",
    "the",
    "a",
    "an",
    "et",
    "ei",
    "eit",
    "ein",
    "de",
    "til",
    "till",
    "to",
    "om",
    "about",
}
_COUNT_WORDS = {w for w, v in NUMBER_WORDS.items() if v >= 2} | {
    "ulike",
    "fleire",
    "flere",
    "mange",
    "alle",
    "samtlige",
    "diverse",
    "olika",
    "flera",
    "många",
    "several",
    "various",
    "all",
}
_QUOTED = re.compile(r"[”“\"«]([^”“\"»\n]{2,140})[”“\"»]")
_PROJECT_QUOTED = re.compile(
    r"(?<![\w])(?:\w*prosjekt\w*|\w*projekt\w*|\w*satsing\w*|\w*satsning\w*|project)\s+(?:er\s+|är\s+|is\s+)?"
    r"[”“\"«](?P<name>[^”“\"»\n]{2,140})[”“\"»]",
    re.I,
)
_PROJECT_NAMED = re.compile(
    rf"(?<![\w])(?:\w*prosjektet|\w*projektet|prosjekt|projekt|satsingen|satsningen|the\s+project|project)"
    r"(?:\s+(?:heter|het|hette|heiter|kalles|kallast|kallas|er\s+kalt|är\s+kallat|is\s+called|is\s+named|"
    rf"has\s+been\s+named|fikk\s+navnet|fekk\s+namnet|fick\s+namnet))?\s+(?=[{UPPER}0-9])",
    re.I,
)
_APPLIED_TO = re.compile(
    rf"\b(?:søkt|søkte|søker|sökt|ansökt|applied)\b[^.]*?\btil{{1,2}}\s+(?=[{UPPER}])", re.I
)
_PROGRAMME_QUOTED = re.compile(
    r"(?<![\w])(?:utlysningen|utlysning|utlysinga|utlysingen|programmet|programme|the\s+call|call)\s+"
    r"[”“\"«](?P<name>[^”“\"»\n]{2,140})[”“\"»]",
    re.I,
)
# "Vinnovas utlysning X", "inom programmet X", "gjennom ordningen X", "i satsningen X".
_PROGRAMME_NAMED = re.compile(
    r"(?<![\w])(?:programmet|programmene|program|the\s+programme|programme|the\s+call|(?<=['’]s\s)call|the\s+scheme|"
    r"satsingen|satsinga|satsning|satsningen|ordningen|ordninga|utlysningen|utlysning|utlysinga|utlysingen|"
    rf"utlysing)\s+(?=[{UPPER}])",
    re.I,
)
_OWNER_BEFORE = re.compile(
    r"\s+(?:är|er|var|is|blir|will\s+be)\s+(?:the\s+)?(?:projektägare|projektkoordinator|koordinator|huvudsökande|"
    r"projektägaren|prosjekteier|prosjekteigar|prosjektansvarleg|prosjektansvarlig|coordinator|project\s+owner|"
    r"lead\s+partner|vertskommune|vertskommunen|vertskommuna|värdkommun|värdkommunen|host\s+municipality|"
    r"ansvarleg\s+kommune|ansvarlig\s+kommune|søkjarkommune|søkerkommune|lead\s+applicant)\b"
    r"|\s+(?:leder|leier|leiar|leads|leds)\s+(?:prosjektet|projektet|the\s+project|arbeidet|samarbeidet)\b"
    # "Tinn kommune står som søker og prosjekteier", "Kalix kommun står som projektägare"
    r"|\s+(?:står|stod|sto|stend)\s+som\s+(?:(?:søker|søkjar|sökande|ansøker)\s+(?:og|och)\s+)?(?:prosjekteier|"
    r"prosjekteigar|projektägare|søker|søkjar|sökande|huvudsökande|koordinator)\b",
    re.I,
)
# "I det tredje projektet är Gävle Hamn AB koordinator": a fronted adverbial puts the owner after the verb
_INVERTED_OWNER = re.compile(
    rf"(?<![\w])(?:är|er|var|blir|is)\s+(?P<name>[{UPPER}][^,.;:]{{1,60}}?)\s+(?:projektägare|projektkoordinator|"
    r"koordinator|prosjekteier|prosjekteigar|vertskommune|värdkommun|coordinator)(?![\w])",
)
_OWNER_AFTER = re.compile(
    r"(?<![\w])(?:projektägare|prosjekteier|prosjekteigar|projektkoordinator|koordinator|coordinator)\s+(?:är|er|is)\s+",
    re.I,
)
# "Projektet finansieras av Vinnova, leds av RISE": who leads the project a grant sentence is about.
_LED_BY = re.compile(r"(?<![\w])(?:leds|ledes|leies|koordineras|coordinated|led)\s+(?:av|by)\s+", re.I)
_PARTICIPANTS = re.compile(
    r"(?:övriga\s+projektparter\s+är|projektparter(?:na)?\s+är|som\s+projektparter\s*:|i\s+projektet\s+ingår|"
    r"i\s+\w*projektet\s+deltar|deltar\s+i\s+projektet\s*:?|samarbetsparter\s+är|samarbetspartners?\s+är|"
    r"samarbeidspartnar(?:ar|e)?\s+er|samarbeidspartnere\s+er|partners\s+are|project\s+partners\s*:|"
    r"parterna\s+i\s+samarbetet\s*:?|øvrige\s+partnere\s+er)\s*",
    re.I,
)
_HEADING_TARGET = re.compile(r"\btil{1,2}\s+(?P<target>[^.:!?]{3,60})$", re.I)
_GENERIC_TARGET = re.compile(r"prosjekt|projekt|kommun(?:ar|er|ene|ane|erna)\b|tiltak|\d", re.I)
_AGGREGATE_AFTER = re.compile(
    r"^\W{0,3}(?:\w+\s+){0,2}?til{1,2}\s+(?:de\s+|dei\s+|sine\s+|sina\s+)?(?P<head>[\w-]+)(?:\s+(?P<next>[\w-]+))?",
    re.I,
)
_PAREN_MONEY = re.compile(r"\(\s*$")
# "får 400 000 kroner [på vegne av X] til <purpose>": the purpose of an untitled grant, to the end of
# the clause. The phrase between amount and "til" names partners ("på vegne av Østre Agder-samarbeidet").
_VIA = (
    r"på\s+vegne\s+av|på\s+vegner\s+av|on\s+behalf\s+of|sammen\s+med|saman\s+med|i\s+samarbeid\s+med|"
    r"tillsammans\s+med|i\s+samarbete\s+med|together\s+with|in\s+cooperation\s+with"
)
_PURPOSE_AFTER = re.compile(
    # "... fra Statsforvalteren, til et prosjekt om X": the source may come between.
    r"^\s*(?:(?:fra|frå|från|from)\s+[^.;:()]{2,60}?,?\s+(?=til{1,2}\s))?"
    rf"(?:(?:{_VIA})\s+(?P<via>[^.;:()]{{2,80}}?)\s+)?(?:til{{1,2}}|(?P<for>för|for))\s+"
    r"(?P<purpose>[^.;:()]{3,200}?)(?=,?\s+(?:som|der|men|but|which|who)\b|[.;:()!?]|$)",
    re.I,
)
_GENERIC_PURPOSE = re.compile(
    r"^(?:(?:de|dei|sine|sina|sitt|the|their)\s+)?(?:(?:felles|fellesskapleg|nytt|nye|eget|eige|stort|større|"
    r"interkommunalt|interkommunale|gemensamt|gemensamma|joint|new|common|shared)\s+)?(?:\d|(?:\w*prosjekt(?:er|a|ene|ane|et)?|\w*projekt(?:en|et)?|"
    r"tiltak(?:et|ene|a)?)(?![\w-])(?!\s+(?:om|for|innen|innan|med|mot|på|about|on)\b)|"
    r"kommun(?:ar|er|ene|ane|erna)\b)",
    re.I,
)
_INFINITIVE = re.compile(r"^(?:å|att|to)\s+[\w-]+\s+(?:(?:en|et|ei|eit|ein|ett|a|an|the)\s+)?", re.I)
_ARTICLE = re.compile(r"^(?:en|et|ei|eit|ein|ett|a|an|the)\s+(?=\w)", re.I)
_PARTNER_TAIL = re.compile(
    # no quote inside the names: in "«Kvalitetsløft i SFO» sammen med Kvæfjord" the list starts after the title
    rf",?\s+(?:{_VIA}|i)\s+(?P<names>[{UPPER}][^.;:()«»“”\"]*?)\s*$",
)


def _purpose(text_after_money: str, allow_for: bool = False) -> tuple[str | None, list[str]]:
    """ "til å utvikle en felles modell for X sammen med Lyngdal og Hægebostad" -> ("felles modell for X",
    ["Lyngdal", "Hægebostad"]); generic targets ("til 18 prosjekter", "til prosjektet «X»") give None.
    With `allow_for`, "för en förstudie om X" / "for a pilot on X" states a purpose too."""
    m = _PURPOSE_AFTER.match(text_after_money)
    if not m or (m.group("for") and not allow_for):
        return None, []
    partners = split_name_list(m.group("via")) if m.group("via") else []
    purpose = m.group("purpose").strip().strip("«»”“\"'").strip()
    if _GENERIC_PURPOSE.match(purpose) or (purpose.split() or [""])[0].lower() in _COUNT_WORDS:
        return None, partners
    purpose = _INFINITIVE.sub("", purpose)
    purpose = _ARTICLE.sub("", purpose)
    if _GENERIC_PURPOSE.match(purpose):
        return None, partners
    # A trailing list of places or partners: "... sammen med Lyngdal og Hægebostad", "i Bygland, Valle og Bykle".
    if (tail := _PARTNER_TAIL.search(purpose)) and (names := split_name_list(tail.group("names"))):
        is_via = not re.match(r",?\s+i\s", tail.group(0))
        if (is_via or len(names) >= 2) and all(is_capitalised(n) and len(n.split()) <= 4 for n in names):
            partners += names
            purpose = purpose[: tail.start()].strip(" ,")
    purpose = purpose.split(", ")[0].strip().strip("«»”“\"'").strip()
    return (purpose if len(purpose) > 2 else None), partners


_RELATIVE_GETS = re.compile(
    r"\s+som\s+(?:har\s+fått|hadde\s+fått|fått|får|fekk|fikk|fick|mottar|mottok|får\s+tildelt|vart\s+tildelt|ble\s+tildelt)\b",
    re.I,
)
# "..., og Stord kommune får 500 000 kroner": a name right before a receiving verb.
_NAME_GETS = re.compile(
    r"\s+(?:har\s+(?:også\s+|òg\s+|i\s+tillegg\s+)?fått|hade\s+fått|får|fekk|fikk|fick|mottar|mottok|mottog|"
    r"erhåller|receives|received|gets|got)\b",
    re.I,
)
_GOES_TO = re.compile(
    r"(?<![\w])(?:(?:går|gikk|gjekk|gick|gis|ges|tildeles|tildelast|tildelt|delas\s+ut|deles\s+ut)\s+til{1,2}|"
    r"(?:gives|goes|went|is\s+awarded|was\s+awarded)\s+to)\s+",
    re.I,
)
_GIVES_TO = re.compile(
    r"(?<![\w])(?:beviljat|beviljar|beviljade|tildelt|tildelte|tildeler|gett|gitt|gir|ger|gav|ga|awarded|granted|gave|"
    r"gives|stöttar|støtter|støttar|innvilget|innvilga|innvilgar|innvilger|bevilget|bevilga|bevilger|løyvd|løyvde|"
    r"løyver)\s+",
    re.I,
)
_DEFINITE_REFERENCE = re.compile(
    r"(?<![\w])(?:prosjektet|projektet|plattformen|satsingen|satsningen|satsinga|tiltaket|initiativet|the\s+project|"
    r"the\s+platform)(?![\w])",
    re.I,
)


@dataclass
class Grant:
    recipient: str | None
    money: Money | None
    title: str | None = None
    funder: funder_names.FunderMention | None = None
    year: int | None = None
    start_date: str | None = None
    end_date: str | None = None
    partners: list[str] = field(default_factory=list)
    programme: str | None = None
    explicit: bool = False  # recipient named in the sentence itself
    distributive: bool = False
    title_weak: bool = False  # a purpose phrase, not a project name: a named project elsewhere wins
    heading: bool = False  # stated in the page's heading (a headline restating the body)
    own_year: int | None = None  # "I 2022 fekk ...": the year the sentence itself gives, over the page's


@dataclass
class _Topic:
    recipient: str | None = None
    title: str | None = None


# Words that end a name only by accident: a dangling connector, or a time phrase ("... i år").
_TRAILING_FILLER = re.compile(
    r"(?:\s+(?:i|for|för|på|om|til|till|to|of|in|og|och|and|the|a|en|et|ett|ei|eit|ein)"
    r"(?:\s+(?:år|året|fjor|fjol|dag|høst|haust|vår|sommer|sommar|(?:19|20)\d\d))?)+$",
    re.I,
)


def _title_from(text: str, start: int) -> str | None:
    """A project title starting at `start`: up to the first verb/preposition or punctuation."""
    end = start
    count = 0
    window = text[start : start + 300]
    if "\n" in window.rstrip("\n") and not window.split("\n", 1)[0].rstrip().endswith(("-", "–")):
        window = window.split("\n", 1)[0]  # a fact box's next line is another label, not more of the name
    toks = tokens(window)
    for k, (tok, _s, e) in enumerate(toks):
        if (
            tok in (",", ";", "(", ")", '"', "“", "”", "«", "»", ".", "!", "?", ":", "…")
            or tok.lower() in _TITLE_STOP
            or (count and tok.lower() in _NAME_TURN)
        ):
            break
        if count and tok.lower() in ("og", "och", "and") and k + 1 < len(toks):
            following = toks[k + 1][0]
            if following.lower() in _TITLE_STOP | _CLAUSE_VERBS and not is_capitalised(following):
                break  # "Projektet heter Rent vatten Öland och drivs av ...": a new clause, not the title
        if count == 0 and not is_capitalised(tok):
            return None
        end = start + e
        count += 1
        if count >= 14:
            break
    title = _TRAILING_FILLER.sub("", text[start:end].strip(" -–.")).strip(" -–.")
    return title if title and count else None


# Verbs that open a second clause after "och"/"og"/"and" (passives and auxiliaries beyond NAME_STOP).
_CLAUSE_VERBS = {
    "drivs", "drives", "leds", "ledes", "leiast", "genomförs", "gjennomføres", "gjennomførast", "finansieras",
    "finansieres", "startar", "starter", "startet", "pågår", "varar", "varer", "skall", "is", "will", "runs",
}  # fmt: skip
_PROJECT_HINT = re.compile(r"prosjekt|projekt|satsing|satsning|project|søk|sök|applied", re.I)


@lru_cache(maxsize=512)
def project_names(text: str) -> list[tuple[str, int]]:
    """Project names a text introduces: quoted after "prosjektet", or capitalised after it."""
    if not _PROJECT_HINT.search(text):
        return []
    found = [(m.group("name").strip(), m.start()) for m in _PROJECT_QUOTED.finditer(text)]
    taken = [pos for _, pos in found]
    for m in _PROJECT_NAMED.finditer(text):
        if any(abs(m.start() - p) < 3 for p in taken):
            continue
        if text[m.end() : m.end() + 1] in '”“"«':
            continue
        if title := _title_from(text, m.end()):
            found.append((title, m.start()))
    for m in _APPLIED_TO.finditer(text):
        if (title := _title_from(text, m.end())) and len(title.split()) >= 2 and not has_org_word(title):
            found.append((title, m.start()))
    found.sort(key=lambda t: t[1])
    return found


def programme_of(page: Page, genre: str) -> str | None:
    """The call or scheme the page names ("utlysningen ”X”", "programmet X", "Bulystsatsinga")."""
    text = page.text
    if m := _PROGRAMME_QUOTED.search(text):
        return m.group("name").strip()
    for m in _PROGRAMME_NAMED.finditer(text):
        if (title := _title_from(text, m.end())) and not has_org_word(title):
            return title
    text = page.content_text  # a scheme named in a breadcrumb is the site's section, not the programme
    if genre == "allocation" and (m := DISCRETIONARY.search(text)):
        return m.group(0)
    compounds = [m.group(0) for m in PROGRAMME_COMPOUND.finditer(text)]
    for name in compounds:
        if name[0].isupper():
            return name
    if compounds:
        return compounds[0]
    if m := DISCRETIONARY.search(text):
        return m.group(0)
    return None


@lru_cache(maxsize=16)
def project_owner(text: str) -> str | None:
    """The organisation the page names as project owner or coordinator."""
    for m in _OWNER_BEFORE.finditer(text):
        if (name := name_ending_at(text, m.start())) and not funder_names.find_funders(name):
            return name
    for m in _OWNER_AFTER.finditer(text):
        name = clean_name(name_at(text, m.end()))
        if name and not funder_names.find_funders(name):
            return name
    return None


# "Prosjektet er eit samarbeid mellom A, B og C": the members of one project (a page with one grant only;
# on a page with several grants the sentence may describe any of them).
_COLLABORATION = re.compile(
    r"(?:er|är|is)\s+(?:eit|et|ett|a)\s+(?:samarbeid|samarbete|collaboration|partnership)\s+(?:mellom|mellan|between)\s+|"
    rf"(?:genomförs|genomfördes|genomförts|drivs|drevs|gjennomføres|gjennomførast|gjennomført|utføres|"
    rf"is\s+carried\s+out|was\s+carried\s+out|is\s+run|is\s+led)"
    # "genomförs av Region X tillsammans med A, B och C": the lead may stand between the verb and the partners
    rf"(?:\s+(?:av|by)\s+[^.;\n]{{2,80}}?)?\s+(?:{_VIA}|i\s+samverkan\s+med)\s+",
    re.I,
)


# "Rendalen og Engerdal kommuner deltar i prosjektet", "Stryn, Gloppen og Bremanger er med i samarbeidet": the
# partners named before the verb (one grant on the page, as for _COLLABORATION).
_TAKE_PART = re.compile(
    r"(?P<names>[^.!?\n]{3,200}?)\s+(?:kommuner|kommunar|kommunene|kommunane|kommunerna|kommuner\s+også)?\s*"
    r"(?:deltar|deltek|er\s+med|är\s+med|medverkar|take\s+part|are\s+partners)\s+(?:i|som\s+partnar\w*\s+i|in)\s+"
    r"(?:prosjektet|prosjektsamarbeidet|samarbeidet|projektet|samarbetet|the\s+project)\b",
    re.I,
)


def partners_before_verb(text: str) -> list[str]:
    """The names of a "A, B og C deltar i prosjektet" sentence (the clause right before the verb)."""
    for m in _TAKE_PART.finditer(text):
        clause = re.split(
            r",\s+(?:og|och|and)\s+|;\s+|\s+(?:og|och|and)\s+(?=[A-ZÆØÅÄÖ][^,]*,)", m.group("names")
        )[-1]
        clause = re.sub(r"^(?:og|och|and|også|òg|även|dessutom)\s+", "", clause.strip(), flags=re.I)
        names = split_name_list(clause)
        if names and all(
            is_capitalised(n)
            and len(n.split()) <= 4
            and n.split()[0].lower() not in _COUNT_WORDS
            and (name_at(n) or "") == n  # a proper name, not "Ungdommer fra hele regionen"
            and looks_like_place_or_org(n, text)
            for n in names
        ):
            return names
    return []


def page_partners(text: str) -> list[str]:
    """The partners of a page about one grant: listed ("I projektet ingår ..."), a collaboration ("er eit
    samarbeid mellom ...") or named before "deltar i prosjektet"."""
    return list(participants(text) or participants(text, _COLLABORATION)) or partners_before_verb(text)


_DESCRIPTION = rf"(?:[a-zæøåäöé][\w-]*\s+){{1,4}}(?=[{UPPER}])"
# Where a list ends: a comma and lower case, unless "the" and a few words lead to a name (", the Swedish
# University of ...", ", the housing company Bostaden").
_LIST_GOES_ON = re.compile(rf",\s+(?!the\s+(?:[a-zæøåäöé][\w-]*\s+){{0,3}}[{UPPER}])(?=[a-zæøåäöé])")
# "kommunene i Innlandet", "three municipalities in Östergötland": unnamed members of a region, not the region.
_MEMBERS_OF_REGION = re.compile(r"(?:kommun\w*|municipalit\w*)\s+(?:i|in)\s+$", re.I)


def _drop_description(m: re.Match) -> str:
    """The separator of a list item without the descriptive words before its name (kept when they say the
    name is a region whose members go unnamed, so that the item is no name at all)."""
    separator = m.group(1) if m.re.groups else ""
    return m.group(0) if _MEMBERS_OF_REGION.search(m.group(0)) else separator


@lru_cache(maxsize=16)
def participants(text: str, cue: re.Pattern = _PARTICIPANTS) -> tuple[str, ...]:
    """Organisations the page lists as taking part ("I projektet ingår A, B och C")."""
    out: list[str] = []
    for m in cue.finditer(text):
        rest = text[m.end() :]
        bullets = re.match(r"(?:\s*\n)*((?:[ \t]*[•·▪●*-][ \t]+[^\n]+\n?)+)", rest)
        if bullets:
            for line in bullets.group(1).splitlines():
                name = line.strip(" \t•·▪●*-")
                if name and is_capitalised(name) and name not in out:
                    out.append(name)
            continue  # a bulleted list
        end = re.search(r"[.!?](?:\s|$)|\n\s*\n", rest)
        chunk = rest[: end.start()] if end else rest[:400]
        # "Flå, Nes og Hol, og vart starta i 2021": the list ends where the sentence goes on in lower case.
        # ", the Swedish University of ..." goes on listing: "the" and a few words before a name.
        chunk = _LIST_GOES_ON.split(chunk, maxsplit=1)[0]
        # "KTH och företaget Tunstall Nordic", "the municipalities of Arvika, Sunne and the housing company
        # Bostaden": descriptive words before a name, at the list's start or after its separators.
        chunk = re.sub(rf"(^|,\s*|(?<![\w-])(?:och|og|and)\s+){_DESCRIPTION}", _drop_description, chunk)
        for item in split_name_list(chunk):
            item = re.sub(rf"^{_DESCRIPTION}", _drop_description, item)
            name = name_at(item) if not item.isupper() else item
            if name and name not in out:
                out.append(name)
    return tuple(out)


# "Kommunen Lindesnes får ...", "Nabokommunen Hole har ...": the noun first, then the municipality's name.
_MUNICIPALITY_NOUN = r"(?:[\w]*[Kk]ommunen|[\w]*[Kk]ommuna|[Kk]ommune)"
_NOUN_FIRST = re.compile(
    rf"^{_MUNICIPALITY_NOUN}\s+(?P<name>[{UPPER}][\w'’-]+(?:\s+og\s+[{UPPER}][\w'’-]+)?)$"
)
_NOUN_FIRST_AT = re.compile(
    rf"{_MUNICIPALITY_NOUN}\s+(?P<name>[{UPPER}][\w'’-]+(?:\s+og\s+[{UPPER}][\w'’-]+)?)(?![\w'’-])"
)
_NOUN_FIRST_BEFORE = re.compile(
    rf"(?<![\w])(?:[\w]*[Kk]ommunen|[\w]*[Kk]ommuna)\s+(?P<name>[{UPPER}][\w'’-]+(?:\s+og\s+[{UPPER}][\w'’-]+)?)\s*$"
)
_LEADING_BULLET = re.compile(
    r"^(?:[\s•·▪●*–—-]+|\s*\d{1,2}[.)]\s+)"
)  # "• X får", "1. X innvilges" (a decision)


def _municipality(name: str, language: str | None) -> str:
    return f"{name} kommun" if language == "sv" else f"{name} kommune"


# The subject's verb is an active form of giving ("har beviljat", "tildeler", "has awarded"): the subject is
# the funder. Passive forms ("er tildelt", "beviljas", "har fått tildelt") name the recipient.
_ACTIVE_GIVING = re.compile(
    r"\s*(?:(?:har|hadde|hade|has|have|had)\s+)?(?:(?:nå|nu|også|òg|även|i\s+dag|idag|now|also|today)\s+)?"
    r"(?:beviljat|beviljar|beviljade|tildelt|tildeler|tildelte|bevilget|bevilger|bevilga|gitt|gir|gav|ger|gett|"
    r"løyvd|løyver|løyvde|løyvt|innvilget|innvilga|innvilger|fordelt|fordeler|fordelte|delt\s+ut|delte\s+ut|"
    r"tilldelat|tilldelar|tilldelade|awarded|awards|granted|grants|gave|gives|allocated|allocates)(?![\w])",
    re.I,
)


def _inverted_subject(rest: str, page_text: str, language: str | None) -> list[str] | None:
    """After an opening adverbial: "får Skellefteå kommun 850 tkr" -> ["Skellefteå kommun"] (verb-second
    order); None when no verb follows the adverbial (the subject then comes first: "Også X har fått")."""
    words = rest.split(maxsplit=1)
    if not words or words[0].lower() not in _SUBJECT_VERBS:
        return None
    after = words[1] if len(words) > 1 else ""
    after = re.sub(
        r"^(?:(?:også|òg|även|också|nu|nå|i\s+dag|idag|dessutom|also|now)\s+)+", "", after, flags=re.I
    )
    if m := _NOUN_FIRST_AT.match(after):
        return [_municipality(m.group("name"), language)]
    name = clean_name(name_at(after))
    if (
        not name
        or funder_names.find_funders(name)
        or _is_header_word(name)
        or not looks_like_place_or_org(name, page_text)
    ):
        return []
    return [name]


def _is_header_word(name: str) -> bool:
    """A table's column header ("Tiltak", "Søker", "Prosjekt") standing where a name should be."""
    return len(name.split()) == 1 and header_role(name) is not None


# A regional body named by a place and lower-case words ending in the body's kind.
_COUNCIL = re.compile(
    rf"[{UPPER}][\w-]+(?:\s+[{UPPER}][\w-]+)?(?:\s+[a-zæøåäö-]+){{1,3}}\s+(?:råd|rådet|samarbeid|samarbeidet|"
    r"samarbete|förbund|kommunalförbund|selskap|samkommune)"
)


# "Til Verran kommune går det 300 000 kroner", "Til Bø er det løyvd ...": the recipient fronted before the verb.
_FRONTED_RECIPIENT = re.compile(r"^(?:Til|Till)\s+")
_FRONTED_VERB = re.compile(
    r"\s+(?:(?:går|gikk|gjekk|gick)\s+det|(?:er|var|blir|ble|vert|vart|har)\s+det\s+(?:blitt\s+|vorte\s+)?"
    r"(?:tildelt|bevilget|bevilga|løyvd|løyvt|innvilget|innvilga|gitt|beviljats|tilldelats|satt\s+av|sett\s+av))"
    r"(?![\w])",
    re.I,
)


def _fronted_recipient(sentence: str, page_text: str) -> str | None:
    if not (m := _FRONTED_RECIPIENT.match(sentence)):
        return None
    name = clean_name(name_at(sentence, m.end()))
    if not name:
        return None
    after = sentence.find(name, m.end()) + len(name)
    if not _FRONTED_VERB.match(sentence, after) or funder_names.find_funders(name):
        return None
    return name if has_org_word(name) or looks_like_place_or_org(name, page_text) else None


def _subject(sentence: str, page_text: str, language: str | None = None) -> list[str]:
    """Names before the sentence's first verb: one organisation, or a list ("Malmö, Lund och Borås")."""
    sentence = _LEADING_BULLET.sub("", sentence)  # "• Setesdal regionråd får ...": a list item
    if fronted := _fronted_recipient(sentence, page_text):
        return [fronted]
    if opener := CLAUSE_OPENER.match(sentence):
        rest = sentence[opener.end() :]
        inverted = _inverted_subject(rest, page_text, language)
        if inverted is not None:
            return inverted  # "Samtidigt får Skellefteå kommun 850 tkr"
        sentence = rest  # "Også Hole kommune har fått ...": a focus adverb before the subject
    toks = tokens(sentence[:240])
    verb_at = None
    for k, (tok, s, _e) in enumerate(toks[:16]):
        if k > 0 and tok.lower() in _SUBJECT_VERBS:
            verb_at = s
            # "Vidare er det løyvd": verb-second order, the words before the verb are not the subject.
            if k + 1 < len(toks) and toks[k + 1][0].lower() in _EXPLETIVES:
                return []
            break
    if verb_at is None:
        return []
    if _ACTIVE_GIVING.match(sentence[verb_at:]):
        return []  # "Region Norrbotten har beviljat medel till ...": the subject gives, it does not receive
    prefix = sentence[:verb_at].strip(" ,")
    if not prefix or not is_capitalised(prefix):
        return []
    prefix = re.split(r"\s+som(?:\s+|$)", prefix)[0].strip(" ,")
    prefix = re.sub(r"\s*\([A-ZÆØÅÄÖ]{2,10}\)$", "", prefix)  # "... råd (SIPR) får": the abbreviation
    if _COUNCIL.fullmatch(prefix):
        return [prefix]  # "Sunnhordland interkommunale politiske råd": a body named with lower-case words
    if m := _NOUN_FIRST.match(prefix):
        return [_municipality(m.group("name"), language)]
    if "," in prefix or re.search(r"\s(?:og|och|and)\s", prefix):
        items = split_name_list(prefix)
        if (
            len(items) >= 2
            and all(is_capitalised(i) and (name_at(i) or "") == i and len(i.split()) <= 4 for i in items)
            and all(looks_like_place_or_org(i, page_text) and not funder_names.find_funders(i) for i in items)
        ):
            return items
        prefix = prefix.split(",")[0].strip()
    name = name_at(prefix)
    if not name or len(name) < len(prefix) - 1:
        return []
    if (
        funder_names.find_funders(name)
        or not looks_like_place_or_org(name, page_text)
        or _is_header_word(name)
    ):
        return []
    return [clean_name(name)]


def _explicit_recipient(segment: str, page_text: str, language: str | None = None) -> str | None:
    """An organisation the words name as receiving: "går til Askøy kommune", "beviljat Vingåkers kommun"."""
    for pattern in (_RELATIVE_GETS, _NAME_GETS):
        titles = [t for t, _ in project_names(segment)]
        for m in pattern.finditer(segment):
            if noun_first := _NOUN_FIRST_BEFORE.search(segment, max(0, m.start() - 80), m.start()):
                return _municipality(noun_first.group("name"), language)
            name = name_ending_at(segment, m.start())
            if not name or any(name in t for t in titles):
                continue  # "prosjektet Smart velferdsregion Nord-Gudbrandsdal får": a title, not a recipient
            before = segment[: segment.rfind(name, 0, m.start())].split()
            if before and before[-1].lower() in _PREPOSITIONS:
                continue  # "en del av Kiruna Sustainability Center har fått": not the subject
            if (
                looks_like_place_or_org(name, page_text)
                and not funder_names.find_funders(name)
                and not _is_header_word(name)
            ):
                return name
    for pattern in (_GOES_TO, _GIVES_TO):
        for m in pattern.finditer(segment):
            name = base_form(clean_name(name_at(segment, m.end())))
            if (
                name
                and (has_org_word(name) or looks_like_place_or_org(name, page_text))
                and not funder_names.find_funders(name)
                and not _is_header_word(name)
            ):
                return name
    return None


def _count_in(subject_text: str) -> int | None:
    m = re.match(
        r"\s*(\d+|\w+)\s+(?:kommun\w*|prosjekt\w*|projekt\w*|organisasjon\w*|søkjar\w*|søker\w*)",
        subject_text,
        re.I,
    )
    if not m:
        return None
    word = m.group(1).lower()
    if word.isdigit():
        return int(word)
    value = NUMBER_WORDS.get(word)
    return int(value) if value and value >= 2 else None


EACH_NAMED = re.compile(
    rf"\s*(?:til|till|to)\s+(?:hver|hvar|kvar|var|each)\s+(?:av|of)\s+(?:kommunene|kommunane|kommunerna|"
    rf"the\s+municipalities(?:\s+of)?)\s+[{UPPER}]",
    re.I,
)
_CEILING_GRANTED = re.compile(
    r"(?<![\w])(?:får|fekk|fikk|fick|tildeles|tildelast|tilldelas|beviljas|receives|gets|"
    r"(?:er|har\s+blitt|har\s+vorte)\s+(?:tildelt|tildelte|innvilget|innvilga|løyvd)|har\s+fått|har\s+fatt)\s+"
    r"(?:inntil|opp\s+til|upp\s+till|up\s+to)\s*$",
    re.I,
)


def _granted_ceiling(sentence: str, money: Money, subject: list[str]) -> bool:
    """ "Kvam herad får inntil 600 000 kroner": one named recipient's grant, paid against its costs up to that
    sum. A call's maximum has no such recipient ("Kommunane kan få inntil", "Hver kommune får inntil")."""
    if re.search(
        r"(?:inntil|opp\s+til|upp\s+till|up\s+to)\s*$", sentence[: money.start], re.I
    ) and EACH_NAMED.match(sentence[money.end :]):
        return True  # "inntil 200 000 kroner til hver av kommunene A, B og C": each named one's grant
    return (
        len(subject) >= 1
        and not any(EACH.search(s) for s in subject)
        and bool(_CEILING_GRANTED.search(sentence[: money.start]))
    )


def _is_aggregate(sentence: str, money: Money, previous_end: int = 0) -> bool:
    """Is this amount a total spread over several projects ("til 18 prosjekter", "til saman")?

    The cue words are looked for after the previous amount only: in "Av potten på 3 millioner kroner går
    1,4 millioner kroner til Rauma" the pot's word qualifies the pot, not the share."""
    before = sentence[: money.start]
    after = sentence[money.end :]
    words_before = " ".join(sentence[previous_end : money.start].split()[-6:])
    if NOT_GRANTED_BEFORE.search(words_before) or NOT_GRANTED_AFTER.search(after):
        return True
    clause_start = max(before.rfind(","), before.rfind(";"))
    clause = sentence[clause_start + 1 : money.end + 40]
    if TOTAL_CLAUSE.search(clause):
        return True
    verbs = list(GRANT_VERB.finditer(before))
    if verbs and _DISTRIBUTES.fullmatch(verbs[-1].group(0)) and not EACH.search(after[:30]):
        return True  # "har fordelt 8 millioner kroner": spread over several recipients
    if m := _AGGREGATE_AFTER.match(after):
        head = m.group("head").lower()
        following = (m.group("next") or "").lower()
        if head.isdigit() or head in _COUNT_WORDS:
            return True
        if re.fullmatch(r"(?:kommunale|kommunal|regionale)?", head) and re.match(
            r"(?:fornyings|utviklings|innovasjons)?prosjekt", following
        ):
            return True
        if re.fullmatch(
            r"(?:prosjekt(?:er|a|ene|ane)?|projekt(?:en)?|kommun(?:ane|ene|er|ar|erna)|søkjar\w*|søker\w*)",
            head,
        ):
            return True
    # A plural, counted subject ("35 prosjekt i 17 fylke som ... får") shares the amount.
    return bool(_count_in(before.lstrip()) and not EACH.search(after[:30]))


def _segment_title(
    segment: str, whole: str, seg_offset: int, genre: str, money_start: int | None, money_end: int | None
) -> str | None:
    names = project_names(segment)
    if names:
        return names[-1][0]
    if money_start is not None and _PAREN_MONEY.search(whole[:money_start]):
        # "vidareutvikling av X (310 tusen kroner)": the words before the bracket.
        before = whole[seg_offset:money_start].rstrip(" (")
        before = re.sub(r"^[\s),;]*(?:og|och|and)?\s*", "", before)
        before = re.sub(r"^.*?\b(?:går|gikk|gjekk|går)\s+til{1,2}\s+", "", before)
        before = before.strip(" ,;")
        if 2 < len(before) <= 120:
            return before
    return None


def _distributed_names(page: Page, sentence: Span, count: int | None) -> list[str]:
    """The names an "each" amount goes to: a list of `count` names near the sentence."""
    candidates = name_lists(page.text[sentence.start :]) + name_lists(page.text[: sentence.start])
    for names, _s, _e in candidates:
        if count is None or len(names) == count:
            return names
    return []


def extract_prose_grants(page: Page, genre: str, default_recipient: str | None = None) -> list[Grant]:
    text = page.text
    owner = project_owner(text)
    named_projects = project_names(text)
    grants: list[Grant] = []
    split_pots: list[float] = []  # pots split equally: a figure equal to one restates the pot
    heading_start = text.find(page.title) if page.title else -1
    heading_end = heading_start + len(page.title) if heading_start >= 0 else -1
    sections: list[tuple[str, str, list[Grant]]] = []  # (heading line, its paragraph, the grants read there)
    for paragraph in page.prose_paragraphs():
        may_share = bool(pots.CUE.search(paragraph.text))
        if (
            not GRANT_VERB.search(paragraph.text)
            and not may_share
            and not _GOES_AMOUNT_TO.search(paragraph.text)
        ):
            continue  # the topic resets per paragraph, so a paragraph without a granting verb adds nothing
        topic = _Topic()
        previous: list[Grant] = []
        previous_moneys: list[Money] = []
        previous_text = ""
        before = len(grants)
        heading = _section_heading(paragraph, page.title)
        for sentence in sentences(paragraph):
            share = (
                pots.find_share(sentence.text, text, page.language, page.default_currency)
                if may_share
                else None
            )
            if share is not None and share.count:
                # "4,5 miljoner kronor som delas lika mellan de tre kommunerna": the three named before.
                new = []
                if _share_among_named(share, grants):
                    split_pots.append(share.money.value)
            elif share is not None:
                new = _pot_grants(page, share, previous, previous_moneys, previous_text, grants)
                if new and new[0].money is not None:
                    split_pots.append(sum(g.money.value for g in new))
            else:
                new = _sentence_grants(page, genre, sentence, topic, owner, named_projects, default_recipient)
                if heading_start <= sentence.start < heading_end:
                    for g in new:
                        g.heading = True
            grants.extend(new)
            previous, previous_text = new, sentence.text
            previous_moneys = [
                m for m in find_money(sentence.text, page.language, page.default_currency) if not m.per_period
            ]
        if heading:
            sections.append((heading, paragraph.text, grants[before:]))
    _apply_section_headings(sections)
    if split_pots:
        grants = [
            g
            for g in grants
            if g.distributive or g.money is None or all(abs(g.money.value - pot) > 0.5 for pot in split_pots)
        ]
    grants = _fold_heading_grants(grants, owner)
    _prefer_named_titles(grants, named_projects)
    return grants


# "Voss: Kvardagsrehabilitering", "Stord og Fitjar: Felles barnevernteneste": who, then the project's name
_SECTION_WHO_TITLE = re.compile(r"^(?P<who>[^:]{2,60}?):\s+(?P<title>\S.{2,80})$")


def _section_heading(paragraph: Span, page_title: str) -> str | None:
    """A paragraph's first line when it is a short heading over prose ("Matsvinn i skolköken" / "Gävle kommun
    har fått 620 000 kronor ..."): one phrase, capitalised, no sentence end, no amount, not the page's title."""
    lines = paragraph.text.strip("\n").split("\n")
    if len(lines) < 2:
        return None
    first = lines[0].strip()
    words = first.split()
    if (
        not 1 <= len(words) <= 9
        or len(first) > 80
        or first == page_title
        or first[-1] in ".!?,;:"
        or not is_capitalised(words[0])
        or re.search(r"\d{3}", first)
        or GRANT_VERB.search(first)
        or not any(line.strip().endswith((".", "!", "?")) for line in lines[1:])
    ):
        return None
    return first


def _apply_section_headings(sections: list[tuple[str, str, list[Grant]]]) -> None:
    """Grants in consecutive paragraphs, each under its own heading: the heading names the project (and,
    as "Kommune: Tittel", its owner). Only when at least two headed paragraphs hold exactly one grant."""
    single = [
        (h, text, gs[0]) for h, text, gs in sections if len([g for g in gs if g.money]) == 1 and len(gs) == 1
    ]
    if len(single) < 2:
        return
    for heading, text, grant in single:
        title, who = heading, None
        if m := _SECTION_WHO_TITLE.match(heading):
            title, who = m.group("title").strip(), m.group("who").strip()
        if not grant.title or grant.title_weak:
            grant.title, grant.title_weak = clean_title(title), False
        if grant.recipient is None and who:
            first = re.split(r"\s+(?:og|och|and|&)\s+|,\s*", who)[0].strip()
            full = re.search(rf"\b{re.escape(first)}\s+(?:kommune|kommun|herad|stad)\b", text)
            grant.recipient = full.group(0) if full else first


def _fold_heading_grants(grants: list[Grant], owner: str | None) -> list[Grant]:
    """A headline restates the body's grant under a shorter name ("Hallingdal får 2,3 millionar" over "Dei
    seks kommunane får 2,3 millionar ... Hol kommune er prosjekteigar"): when exactly one body grant has the
    heading's amount, they are one grant. The body's recipient wins when the body names it (or it is the
    page's project owner); otherwise the heading's does."""
    body = [g for g in grants if not g.heading and g.money is not None]
    out = []
    for g in grants:
        same = [b for b in body if g.heading and g.money is not None and b.money.value == g.money.value]
        if len(same) != 1 or recipient_key(same[0].recipient) == recipient_key(g.recipient):
            out.append(g)  # the same name is folded later; several body grants of that amount: ambiguous
            continue
        b = same[0]
        body_named = b.explicit or (owner is not None and recipient_key(b.recipient) == recipient_key(owner))
        if g.recipient and not (b.recipient and body_named):
            b.recipient, b.partners, b.explicit = g.recipient, g.partners or b.partners, g.explicit
        if g.title and (not b.title or (b.title_weak and not g.title_weak)):
            b.title, b.title_weak = g.title, g.title_weak
        b.partners = b.partners or [p for p in g.partners if recipient_key(p) != recipient_key(b.recipient)]
    return out


def _share_among_named(share: pots.PotShare, grants: list[Grant]) -> bool:
    """Give each of the `share.count` recipients named so far without an amount an equal share of the pot,
    when the page names exactly that many (and the text says the pot is split equally)."""
    if share.money is None or not share.equal or not share.count:
        return False
    unpriced: dict[str, list[Grant]] = {}
    for g in grants:
        if g.recipient and g.money is None and g.explicit:
            unpriced.setdefault(recipient_key(g.recipient), []).append(g)
    if len(unpriced) != share.count or any(
        g.money is not None and recipient_key(g.recipient) in unpriced for g in grants
    ):
        return False
    money = pots.share_of(share.money, share.count)
    for same in unpriced.values():
        for g in same:
            g.money, g.distributive = money, True
    return True


def _pot_grants(
    page: Page,
    share: pots.PotShare,
    previous: list[Grant],
    previous_moneys: list[Money],
    previous_text: str,
    grants: list[Grant],
) -> list[Grant]:
    """One grant per name a pot is shared between; each gets an equal share only when the text says so."""
    pot, title = share.money, None
    if (
        pot is None
        and not share.refers_back
        and not GRANT_VERB.search(share.sentence)
        and not previous
        and not previous_moneys
    ):
        return []  # names "fordelt mellom" with no money or grant in sight: not a shared grant
    if pot is None and share.refers_back:
        stated = [g for g in previous if g.money is not None]
        if len(stated) == 1:
            # "har gitt 1,8 millioner kroner til prosjektet «X». Pengene fordeles likt mellom ...": the
            # grant just stated is the pot, not a grant to whoever that sentence seemed to name.
            pot, title = stated[0].money, stated[0].title
            grants.remove(stated[0])
        elif len(previous_moneys) == 1:
            pot = previous_moneys[0]
            named = {n for n, _ in project_names(previous_text)}
            title = next(iter(named)) if len(named) == 1 else None
    money = pots.share_of(pot, len(share.names)) if pot is not None and share.equal else None
    period = dates.find_period(share.sentence)  # "delar på summan och pågår under 2022–2024"
    out = []
    for name in share.names:
        recipient = pots.full_name(name, page.text)
        own_title, partners = (None, [])
        if title is None:
            own_title, partners = pots.described_project(recipient, page.text)
        elif money is not None:
            partners = [n for n in share.names if n != name]  # one joint project
        out.append(
            Grant(
                recipient,
                money,
                title=title or own_title,
                partners=partners,
                explicit=True,
                distributive=True,
                start_date=period[0] if period else None,
                end_date=period[1] if period else None,
            )
        )
    return out


def recipient_key(name: str | None) -> str:
    """Compare recipients across name forms: "Sundsvall" / "Sundsvalls kommun", "Askøy kommune" / "Askøy"."""
    key = (name or "").lower().strip()
    stripped = re.sub(r"\s+(?:kommune|kommun|kommunes|kommuns|stad|stads|herad|municipality)$", "", key)
    if stripped != key and stripped.endswith("s") and len(stripped) > 3:
        stripped = stripped[:-1]  # Swedish genitive before "kommun"/"stad": "Sundsvalls kommun"
    return stripped


def _prefer_named_titles(grants: list[Grant], named_projects: list[tuple[str, int]]) -> None:
    """A grant restated (headline, body) keeps the project's name over a purpose phrase for its title;
    so does the one grant of a page that names one project ("søknad om midler til prosjektet «X»")."""
    names = {n for n, _ in named_projects}
    single = len(names) == 1 and len({recipient_key(g.recipient) for g in grants}) == 1
    for g in grants:
        if not g.title_weak:
            continue
        if single:
            g.title, g.title_weak = next(iter(names)), False
            continue
        for other in grants:
            if (
                other is not g
                and other.title
                and not other.title_weak
                and recipient_key(other.recipient) == recipient_key(g.recipient)
                and (other.money is None or g.money is None or other.money.value == g.money.value)
            ):
                g.title, g.title_weak = other.title, False
                break


@dataclass
class _Sentence:
    """One sentence and what is known around it while reading a paragraph."""

    page: Page
    genre: str
    span: Span
    topic: _Topic
    owner: str | None
    named_projects: list[tuple[str, int]]
    default_recipient: str | None

    @property
    def text(self) -> str:
        return self.span.text


def _sentence_grants(page, genre, sentence: Span, topic: _Topic, owner, named_projects, default_recipient):
    ctx = _Sentence(page, genre, sentence, topic, owner, named_projects, default_recipient)
    s = sentence.text
    subject = _subject(s, page.text, page.language)
    projects_here = project_names(s)
    funders_here = funder_names.find_funders(s)
    subject_is_project = len(subject) == 1 and is_project_like(subject[0]) and owner is not None
    out: list[Grant] = []
    if (GRANT_VERB.search(s) or _GOES_AMOUNT_TO.search(s)) and not FINALIST.search(s):
        moneys = find_money(s, page.language, page.default_currency)
        granted = [
            m
            for k, m in enumerate(moneys)
            if not m.per_period
            and (not _is_aggregate(s, m, moneys[k - 1].end if k else 0) or _granted_ceiling(s, m, subject))
        ]
        refused = REFUSAL.search(s)
        if refused:
            # "X søkte om 600 000 kroner, men fikk avslag": nothing in the refused clause was granted.
            granted = [m for m in granted if not REFUSAL.search(_clause_of(s, m))]
        if granted and any(EACH.search(s[m.end : m.end + 30]) for m in granted):
            out = _distributed_grants(ctx, granted[0], funders_here)
        elif granted:
            out = _amount_grants(ctx, granted, subject, subject_is_project, funders_here)
        elif refused:
            out = []  # a refusal names an applicant, not a grantee
        elif SUPPORT_NOUN.search(s) or funders_here:
            out = _unpriced_grants(ctx, subject, subject_is_project, projects_here, funders_here, moneys)
        if period := dates.find_period(s):
            for grant in out:
                grant.start_date, grant.end_date = period
                grant.year = int(period[0][:4])
        elif own_year := _OPENING_YEAR.match(s):
            for grant in out:
                grant.own_year = int(own_year.group("year"))  # "I 2022 fekk ...": that year's, not the page's
        elif _LAST_YEAR.search(s) and page.published:
            for grant in out:
                grant.own_year = page.published.year - 1  # "fick projektet 500 000 kronor förra året"
    # What the paragraph is about, for the sentences that follow.
    if len(subject) == 1:
        topic.recipient = owner if subject_is_project else subject[0]
        if is_project_like(subject[0]):
            topic.title = subject[0]
    elif out and all(g.explicit and g.recipient == out[0].recipient for g in out):
        topic.recipient = out[
            0
        ].recipient  # "Statsforvalteren har innvilget Vågan kommune ...": Vågan, from now on
    elif not out and (m := _OWNER_BEFORE.search(s) or _INVERTED_OWNER.search(s)):
        # "I det tredje projektet är Gävle Hamn AB koordinator. Vinnova bidrar med ...": the paragraph's owner
        name = name_ending_at(s, m.start()) if m.re is _OWNER_BEFORE else name_at(m.group("name"))
        if name and not funder_names.find_funders(name):
            topic.recipient = name
    if projects_here:
        topic.title = projects_here[-1][0]
    return out


# "I 2022 fekk Stryn ...", "I juni 2023 beviljades ...", "In 2021 Alta received ...": a sentence opening on its year.
_OPENING_YEAR = re.compile(
    r"\s*(?:I|In|År|Året)\s+(?:(?:januar|januari|january|februar|februari|february|mars|march|april|mai|maj|may|"
    r"juni|june|juli|july|august|augusti|september|oktober|october|november|desember|december)\s+)?"
    r"(?P<year>(?:19|20)\d{2})(?:\s*,)?\s+(?![\d%])",
)
_FROM_REGION = re.compile(
    rf"\s*(?:kronor|kr\.?)?\s*från\s+(?P<name>Region\s+[{UPPER}][\w-]+(?:\s+[{UPPER}][\w-]+)?)"
)
_THE_MUNICIPALITY = re.compile(
    r"(?<![\w])(?:får|fick|fekk|fikk|har\s+fått|receives|received)\s+(?:også\s+|även\s+|också\s+)?"
    r"(?:kommunen|kommuna|the\s+municipality)\s*$",
    re.I,
)
_LAST_YEAR = re.compile(r"(?<![\w])(?:förra\s+året|i\s+fjol|i\s+fjor|last\s+year)(?![\w])", re.I)
_CLAUSE_BREAK = re.compile(r"[,;:]\s+|\s+(?:men|mens|medan|but|while|whereas)\s+", re.I)


def _clause_of(sentence: str, money: Money) -> str:
    """The clause an amount stands in: from the clause break before it to the one after it."""
    start = 0
    for m in _CLAUSE_BREAK.finditer(sentence, 0, money.start):
        start = m.end()
    after = _CLAUSE_BREAK.search(sentence, money.end)
    return sentence[start : after.start() if after else len(sentence)]


# "NOK 500k each to A and B", "til hver av kommunene A, B og C": the names follow the "each".
_EACH_TO = re.compile(
    r"\s*(?:(?:each|hver|kvar|vardera)\s+(?:to|til|till)|(?:til|till|to)\s+(?:hver|kvar|var\s+och\s+en|each)\s+"
    r"(?:av|of))(?:\s+(?:the\s+)?(?:kommunene|kommunane|kommunerna|municipalities))?\s+",
    re.I,
)


def _distributed_grants(ctx: _Sentence, money: Money, funders_here) -> list[Grant]:
    """ "Fem kommuner har fått 300 000 kroner hver": one grant per name in the list that counts them."""
    s = ctx.text
    each_to = _EACH_TO.match(s, money.end)
    following = name_lists(s[each_to.end() :]) if each_to else []
    quoted = project_names(s)
    if following and following[0][1] == 0:
        names = following[0][0]  # the list right after "each to", not a funder's "Troms and Finnmark" before
    else:
        names = _distributed_names(ctx.page, ctx.span, _count_in(s))
        # a counted group ("Fem kommuner ... hver") may name its shared project in a later sentence
        quoted = quoted or [(q, 0) for q in _QUOTED.findall(ctx.page.text[ctx.span.start :])[:1]]
    # A project shared by several separate grantees is the scheme they were funded under, unless the sentence
    # calls it the project each runs ("til hver av kommunene A, B og C til prosjektet «X»").
    programme = quoted[0][0] if quoted else None
    title = None
    if programme and each_to and _OWN_PROJECT.search(s[each_to.end() :].split(programme)[0]):
        title, programme = programme, None
    funder = funders_here[0] if funders_here else None
    return [
        Grant(n, money, explicit=True, distributive=True, programme=programme, funder=funder, title=title)
        for n in names
    ]


_OWN_PROJECT = re.compile(r"(?:til|for|för|to)\s+(?:prosjektet|projektet|the\s+project)\s*[«\"“]?\s*$", re.I)


# "går 1,4 millioner kroner til Rauma": a giving verb, the amount, then the recipient after "til".
_GOES_AMOUNT_TO = re.compile(
    rf"(?<![\w])(?:går|gikk|gjekk|gick|goes|went)\s+(?:\S+\s+){{1,5}}?til{{1,2}}\s+[{UPPER}]", re.I
)
_GIVING_VERB = re.compile(
    r"(?<![\w])(?:går|gikk|gjekk|gick|goes|went|gis|ges|gir|ger|gav|ga|gitt|gett|gives|gave|tildeles|tildelast|"
    r"tildeler|tildelte|tildelt|tildela|fordeles|fordelast|fordeler|fordelte|fordelt|fördelas|fördelar|fördelade|"
    r"bevilger|bevilget|bevilga|bevilges|løyver|løyvde|løyvd|innvilget|innvilga|beviljar|beviljat|beviljade|"
    r"tilldelar|tilldelade|awarded|granted|allocated|allocates|delas\s+ut|deles\s+ut|delte\s+ut)(?![\w])",
    re.I,
)
# "... 1 million kroner [i skjønnsmidler] til Vestvågøy kommune": the kind of money may stand between
_TO_AFTER_MONEY = re.compile(
    r"^\s*(?:(?:i|in)\s+(?:[\w-]+\s+){0,2}?(?:skjønnsmidl\w*|skjønsmidl\w*|prosjektskjønn\w*|støtte|stønad|"
    r"tilskudd|tilskot|midler|midlar|stöd|bidrag|funding|support)\s+)?(?:til{1,2}|to)\s+",
    re.I,
)
# "Av potten på 3 millioner ...", "Av de tildelte midlene går ...": a part of a pot, given to someone
# the sentence must name; otherwise it is a sub-total of the pot (not a grant).
_PARTITIVE = re.compile(
    r"^\W*(?:av|utav|of)\s+(?:de\s+|dei\s+|dessa\s+|disse\s+|desse\s+|the\s+|this\s+|årets\s+)?(?:[\w-]+\s+)?"
    r"(?:midlene|midlane|midlar|midler|midlarna|medlen|medel|pengene|pengane|pengarna|potten|pottens|ramma|rammen|"
    r"ramen|summen|summan|beløpet|tildelingen|tildelinga|funds|money|pot|sum|allocation)(?![\w-])",
    re.I,
)
_RESPECTIVELY = re.compile(r"(?<![\w])(?:henholdsvis|høvesvis|respektive|respectively)(?![\w])", re.I)
_SPEECH_AFTER = re.compile(r"^\s*,?\s*(?:sier|seier|sa|säger|sade|says|said)\b", re.I)
_PROGRAMME_BEFORE = re.compile(
    r"(?:programmet|programme|program|ordningen|ordninga|utlysningen|utlysning|utlysinga|satsingen|satsinga|"
    r"satsningen|satsning|the\s+call|call|scheme)\s*$",
    re.I,
)
_BULLET_LINE = re.compile(r"\n[ \t]*[•·▪●*–-]|\n[ \t]*\n")


def _recipients_after_to(text: str, page_text: str) -> list[str]:
    """ "Rauma, 1 million til Smøla" -> ["Rauma"]; "Ås, Vestby og Frogn" -> three names; [] when what
    follows "til" is not an organisation or a place (a purpose, a project)."""
    lists = name_lists(text[:200])
    if lists and lists[0][1] == 0:
        names = lists[0][0]
    else:
        name = clean_name(name_at(text))
        names = [name] if name else []
    if len(names) == 1 and (follow := re.match(r"\s*([^\W\d][\w-]*)", text[len(names[0]) :])):
        word = follow.group(1)
        if word.islower() and word not in NAME_STOP and not is_org_suffix(word):
            return []  # "til Skien kammerkor": the place opens a longer name, it is not the recipient
    out = []
    for name in names:
        name = base_form(name)
        single_place = len(name.split()) == 1 and looks_like_place_or_org(name, page_text)
        if (
            not (has_org_word(name) or single_place)
            or funder_names.find_funders(name)
            or _is_header_word(name)
        ):
            return out if out else []
        out.append(name)
    return out


# One project several names share: "et felles prosjekt", "ett gemensamt projekt", "til sammen", "jointly".
_JOINT = re.compile(
    r"(?<![\w])(?:felles|fellesprosjekt\w*|samarbeidsprosjekt\w*|gemensam\w*|samverkansprojekt\w*|til\s+sammen|"
    r"til\s+saman|tilsammen|joint|jointly|together)(?![\w])",
    re.I,
)


def _joint_recipient(subject: list[str], ctx: _Sentence) -> tuple[str, list[str]]:
    """Several names share one grant ("Bø kommune og Øksnes kommune får 400 000 kroner"): the one the next
    words call project owner or host ("Bø er prosjekteier", "Gjøvik er vertskommune") receives it, the
    others are partners; with no owner stated, the first named."""
    following = ctx.page.text[ctx.span.end : ctx.span.end + 400]
    if cut := _BULLET_LINE.search(following):
        following = following[: cut.start()]
    return owner_first(subject, following)


def owner_first(names: list[str], following: str) -> tuple[str, list[str]]:
    """Of several names sharing one grant, the one `following` calls project owner or host ("Bø er
    prosjekteier", "Gjøvik er vertskommune") and the others; with no owner stated, the first named."""
    for m in _OWNER_BEFORE.finditer(following):
        owner = name_ending_at(following, m.start())
        if not owner:
            continue
        for name in names:
            if recipient_key(name) == recipient_key(owner):
                return name, [n for n in names if n is not name]
    return names[0], names[1:]


def _quoted_title(sentence: str, start: int, end: int) -> str | None:
    """A quoted name after the amount, in the same sentence ("til et felles prosjekt om innkjøp, «X»"),
    unless it names a programme or is a quotation."""
    for m in _QUOTED.finditer(sentence, start, end):
        if _PROGRAMME_BEFORE.search(sentence[max(0, m.start() - 30) : m.start()]):
            continue
        if _SPEECH_AFTER.match(sentence[m.end() :]):
            continue
        return clean_title(m.group(1))
    return None


def _amount_grants(
    ctx: _Sentence, granted: list[Money], subject, subject_is_project, funders_here
) -> list[Grant]:
    """One grant per granted amount, each with the recipient and title nearest to it."""
    s, topic = ctx.text, ctx.topic
    out = []
    previous_end = 0
    partitive = bool(_PARTITIVE.match(s))
    several = len(subject) >= 2 and not subject_is_project
    respectively = several and len(subject) == len(granted) and bool(_RESPECTIVELY.search(s))
    routed_to = False  # an earlier amount of this sentence went "til X": the list goes on
    for index, money in enumerate(granted):
        segment = s[previous_end : money.start]
        recipient, explicit = None, False
        partners: list[str] = []
        from_subject = False
        if respectively:
            recipient, explicit, from_subject = subject[index], True, True  # "får henholdsvis 1 og 2 mill."
        elif index == 0 and subject and not subject_is_project and not _funder_is_agent(s, money.start):
            if len(subject) == 1:
                recipient, explicit = subject[0], True
            else:
                recipient, partners = _joint_recipient(subject, ctx)
                explicit = from_subject = True
        # The words right after the amount, to the end of the clause; "Det største bidraget, 6 miljoner
        # kronor, går till X": an amount in apposition, the clause goes on after its comma.
        tail = s[money.end : money.end + 60]
        tail = re.sub(r"^,\s*(?=(?:går|gikk|gjekk|gick|goes|went)\s)", " ", tail)
        after = money.text + re.split(r",|;|\s(?:og|och|and|men|but)\s", tail, maxsplit=1)[0]
        if not from_subject and (
            found := _explicit_recipient(segment + after, ctx.page.text, ctx.page.language)
        ):
            recipient, explicit = found, True
        if index == 0 and recipient and not partners and (via := _VIA_BEFORE_MONEY.search(segment)):
            names = split_name_list(via.group("names"))
            if all(
                is_capitalised(n) and len(n.split()) <= 4 and not funder_names.find_funders(n) for n in names
            ):
                partners = [n for n in names if recipient_key(n) != recipient_key(recipient)]
        to = _TO_AFTER_MONEY.match(s[money.end :])
        if to and not from_subject and (routed_to or _GIVING_VERB.search(s[: money.start])):
            # "går 1,4 millioner kroner til Rauma, 1 million til Smøla": the recipient follows the amount.
            names = _recipients_after_to(s[money.end + to.end() :], ctx.page.text)
            if names:
                recipient, partners, explicit = pots.full_name(names[0], ctx.page.text), names[1:], True
                routed_to = True
        if partitive and not explicit:
            previous_end = money.end
            continue  # "Av de tildelte midlene går 5,5 millioner til videreføring": a part of the pot
        following = granted[index + 1].start if index + 1 < len(granted) else len(s)
        title = _segment_title(segment, s, previous_end, ctx.genre, money.start, money.end)
        if title is None:
            # "... får 1,5 millionar kroner til prosjektet Grøn mobilitet": the name after the amount.
            after_names = project_names(s[money.end : following])
            title = after_names[0][0] if after_names else None
        if title is None:
            title = _quoted_title(s, money.end, following)
        if title is None and len(granted) == 1 and len(_QUOTED.findall(s)) == 1:
            title = _quoted_title(
                s, 0, len(s)
            )  # "søkte om 1,2 mill. til «Grønn havn», men får 600 000 kroner"
        title_weak = False
        if title is None and not routed_to:
            # "... får 400 000 kroner til å utvikle en felles modell for ...", "850 tkr för en förstudie om
            # ...": the stated purpose (a project named elsewhere on the page wins over it).
            title = _purpose(s[money.end : following], allow_for=True)[0]
            title_weak = title is not None
        if title is None and subject_is_project:
            title = subject[0]
        if title is None and _DEFINITE_REFERENCE.search(segment):
            title = topic.title
        if recipient is None:
            # The page's default beneficiary only where the sentence itself names the funder (or the
            # page heading named the beneficiary, on allocation pages).
            fallback = ctx.default_recipient if (ctx.genre == "allocation" or funders_here) else None
            if index == 0 and ctx.default_recipient and _THE_MUNICIPALITY.search(segment):
                # "Dessutom får kommunen 400 000 kronor från Region Halland": the page's municipality
                fallback = ctx.default_recipient
            recipient = topic.recipient or ctx.owner or fallback
        if title is None and recipient == topic.recipient and topic.title and _DEFINITE_REFERENCE.search(s):
            title = topic.title
        if subject_is_project and recipient is None:
            recipient = subject[0]
        if recipient is None and (title is None or title_weak):
            previous_end = money.end
            continue  # no one named and only a purpose ("til videreføring av prosjekter"): not a grant record
        funder = _funder_near(funders_here, recipient)
        if region := _FROM_REGION.match(s, money.end):
            # "400 000 kronor från Region Halland": a regional council's own grant, not the page's funder's
            name = region.group("name")
            funder = funder_names.FunderMention(
                name, f"se-region-{name.lower()}", "SE", region.start(), region.end()
            )
        if ctx.genre == "allocation":
            partners = partners + [p for p in _clause_partners(s[money.end :]) if p not in partners]
        out.append(
            Grant(
                recipient,
                money,
                title=title,
                explicit=explicit,
                funder=funder,
                partners=partners,
                title_weak=title_weak,
            )
        )
        previous_end = money.end
    return out


# "Haugesund kommune har sammen med Karmøy og Bokn fått 1,1 millioner", "Ludvika kommun får i samverkan med
# Smedjebackens kommun 1 750 000 kronor": partners named between the subject and its amount.
_VIA_BEFORE_MONEY = re.compile(
    rf"(?<![\w])(?i:{_VIA}|i\s+samverkan\s+med)\s+(?P<names>[{UPPER}][^.;:()]{{1,150}}?)"
    r"(?:\s+(?i:har\s+)?(?i:fått|får|fekk|fikk|fick|mottatt|mottar|mottok|erhåller|tildelt|beviljats|tilldelats|"
    r"received|receives|been\s+awarded))?\s*$"
)
_VIA_NAMES = re.compile(rf"(?<![\w])(?:{_VIA})\s+(?P<names>[{UPPER}][^.;:()]{{1,120}}?)(?=[.;:()]|,\s|$)")


def _clause_partners(text_after_money: str) -> list[str]:
    """Partners a grant sentence names after its amount: "i samarbeid med Iveland og Evje og Hornnes"."""
    _title, partners = _purpose(text_after_money)
    if partners:
        return partners
    clause = re.split(r"[.;!?](?:\s|$)", text_after_money, maxsplit=1)[0]
    if m := _VIA_NAMES.search(clause):
        names = split_name_list(m.group("names"))
        if names and all(is_capitalised(n) and len(n.split()) <= 5 for n in names):
            return names
    return []


def _unpriced_grants(
    ctx: _Sentence, subject, subject_is_project, projects_here, funders_here, moneys
) -> list[Grant]:
    """A grant named without an amount: only when this sentence itself names who got it."""
    s = ctx.text
    recipients = subject if subject and not subject_is_project else []
    if not recipients and (found := _explicit_recipient(s, ctx.page.text, ctx.page.language)):
        recipients = [found]
    if subject_is_project:
        recipients = [ctx.owner]
    if not recipients and (led := _LED_BY.search(s)):
        leader = clean_name(name_at(s, led.end()))
        if leader and not funder_names.find_funders(leader):
            recipients = [leader]
    if not recipients or (len(recipients) == 1 and _count_in(s)) or _plural_only(s, moneys):
        return []
    partners: list[str] = []
    if len(recipients) >= 2 and recipients is subject:
        owner, others = _joint_recipient(recipients, ctx)
        if owner is not recipients[0] or _JOINT.search(s):
            # "Bodø kommune og Saltdal kommune har fått midler til et felles prosjekt. Bodø er vertskommune."
            recipients, partners = [owner], others
    title = projects_here[-1][0] if projects_here else None
    title_weak = False
    if title is None and ctx.genre == "allocation" and (support := SUPPORT_NOUN.search(s)):
        title = _purpose(s[support.end() :])[0]  # "får også midler til et prosjekt om lokal beredskap"
        title_weak = title is not None
    if title is None and subject_is_project:
        title = subject[0]
    if title is None and len(recipients) == 1 and is_project_like(recipients[0]):
        title = recipients[0]
    if title is None and _DEFINITE_REFERENCE.search(s):
        title = ctx.topic.title or (ctx.named_projects[0][0] if ctx.named_projects else None)
    return [
        Grant(
            name,
            None,
            title=title,
            explicit=True,
            funder=_funder_near(funders_here, name),
            title_weak=title_weak,
            partners=partners,
        )
        for name in recipients
    ]


def _funder_is_agent(sentence: str, money_start: int) -> bool:
    """In "... och Vinnova beviljar 8 500 tkr" the funder gives: the sentence's subject is not a recipient."""
    verbs = [v for v in GRANT_VERB.finditer(sentence) if v.end() <= money_start]
    if not verbs:
        return False
    verb = verbs[-1]
    window_start = max(0, verb.start() - 60)
    for f in funder_names.find_funders(sentence[window_start : verb.start()]):
        if _AUXILIARY_GAP.match(sentence[window_start + f.end : verb.start()]):
            return True
    return False


def _plural_only(sentence: str, moneys: list[Money]) -> bool:
    return (
        bool(
            re.search(
                r"\b(?:\d+|to|tre|fire|fem|seks|två|fyra|sex)\s+(?:prosjekt|projekt|plattformar|kommun)",
                sentence,
                re.I,
            )
        )
        and not moneys
    )


def _funder_near(mentions: list[funder_names.FunderMention], recipient: str | None):
    for f in mentions:
        if recipient and f.name.lower() in recipient.lower():
            continue
        return f
    return None


def _county_name(name: str) -> bool:
    return name in funder_names.COUNTIES


def heading_target(page: Page) -> str | None:
    """The beneficiary a heading names: "3,2 millionar i skjønsmidlar til region vest" -> "region vest"."""
    m = _HEADING_TARGET.search(page.title)
    if not m:
        return None
    target = m.group("target").strip()
    if target[:1] in "«\"“”'":
        return None  # "850 000 kroner til «Smart fjellbygd»": a quoted project, not who receives it
    if _GENERIC_TARGET.search(target) or funder_names.find_funders(target) or _county_name(target):
        return None  # "til 18 prosjekter", "til Agder": many recipients, not one
    return target


def first_municipality(page: Page) -> str | None:
    for m in re.finditer(rf"(?<![\w])([{UPPER}][\w'’-]+)\s+(kommune|kommun|stad|Stad)(?![\w])", page.text):
        name = f"{m.group(1)} {m.group(2)}"
        if m.group(1).lower() not in ("denne", "dessa", "hele", "hela", "vår", "var", "min", "din"):
            return name
    return None


def to_records(
    page: Page, grants: list[Grant], genre: str, year: int | None, programme: str | None
) -> list[GrantRecord]:
    main = page.main_funder() or funder_names.funder_from_context(page.text, page.source_url, year)
    parts = list(participants(page.text))
    if not parts and len({recipient_key(g.recipient) for g in grants}) == 1:
        parts = page_partners(page.text)
    records = []
    for g in grants:
        mention = g.funder or main
        funder = funder_names.complete_funder(mention, page.text, g.year or year) if mention else None
        # Partners the page lists ("I projektet ingår ...") belong to its grant; the recipient is dropped.
        partners = g.partners or (parts if g.recipient else [])
        records.append(
            GrantRecord(
                funder=funder,
                country=funder_names.country_of(mention, page.language),
                recipient=g.recipient,
                partners=clean_partner_names(partners, g.recipient),
                title=g.title,
                amount=g.money.value if g.money else None,
                currency=(g.money.currency if g.money else None) or page.default_currency,
                year=g.own_year or (year if year is not None else g.year),
                start_date=g.start_date,
                end_date=g.end_date,
                programme=g.programme or programme,
                amount_text=g.money.text if g.money else None,
                confidence=_confidence(g),
            )
        )
    return records


def _confidence(grant: Grant) -> float:
    """0.8 for a recipient the sentence names, 0.6 for one taken from context; 0.1 less for a rounded figure
    ("drygt 5,3 miljoner"), the way a round's total is often restated."""
    confidence = 0.8 if grant.explicit else 0.6
    return confidence - 0.1 if grant.money and grant.money.approximate else confidence
