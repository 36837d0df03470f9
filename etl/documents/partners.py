"""Partners of a grant named in the prose around it, and one tidy form for every record's partner list.

The readers fill `partners` from what sits in the grant's own cell, line or clause. Pages often name the
partners a sentence later ("Hamar kommune får 800 000 kroner til X. Prosjektet er et samarbeid mellom
Hamar, Løten og Stange."), in a footnote ("Notodden søker sammen med Hjartdal og Tinn.") or in the title
("Felles ROS-analyse med Steigen og Hamarøy"); `add_passage_partners` reads those for records that have
none. `tidy_partners` gives every list one form: no recipient, no currency word, "A og B kommuner" as two
names, an abbreviation's bracket kept whole.
"""

from __future__ import annotations

import itertools
import re

from etl.documents.lexicon import WITH_PARTNERS
from etl.documents.names import UPPER, has_org_word, is_capitalised, looks_like_place_or_org, name_lists
from etl.documents.news import page_partners, participants, partners_before_verb, recipient_key
from etl.records import GrantRecord

# Norwegian municipalities whose name holds "og" (SSB kommuneinndeling 1971-2024): one name, not two.
COMPOUND_MUNICIPALITIES = ("Evje og Hornnes", "Nore og Uvdal")

# Words that introduce the partners right after them. "med"/"with" alone are weak (a title's "arbeid med
# Helse Nord" is a topic), so they need a list of two or more names.
_STRONG_CUE = re.compile(
    rf"(?<![\w])(?:(?!(?:med|with)\s)(?:{WITH_PARTNERS})"
    r"|(?:et|eit|ett|a)\s+(?:samarbeid|samarbete|collaboration|partnership)\s+(?:mellom|mellan|med|between|with)"
    # "i nära samverkan med A", "in close cooperation between the university and B": a closeness word between
    r"|(?:i|in)\s+(?:nära|tett|nært|tät|close)\s+(?:samverkan|samarbete|samarbeid|cooperation|collaboration)\s+"
    r"(?:med|mellan|mellom|with|between)"
    r"|(?:samarbeidskommun\w*|samarbeidspartn\w*|samarbetspartn\w*|samverkanspart\w*|partners?)\s*:)\s+",
    re.I,
)
_WEAK_CUE = re.compile(r"(?<![\w])(?:med|with)\s+(?=[" + UPPER + "])")
# "..., der Tingvoll og Nesset er med som samarbeidskommunar": partners named before the verb.
_MEMBERS_BEFORE = re.compile(
    r"(?:der|where|og|och|and)\s+(?P<names>[^.!?\n]{2,150}?)\s+(?:er|är|are)\s+med\s+som\s+"
    r"(?:samarbeids|samarbets|partner)\w*",
    re.I,
)
_SENTENCES = re.compile(rf"(?<=[.!?])\s+(?=[{UPPER}«\"•–-])|\n")
# "Klepp og Time kommuner", "Grästorps och Vänersborgs kommuner": a plural suffix shared by the names.
_PLURAL_SUFFIX = re.compile(r"\s+(?:kommuner|kommunar|kommunene|kommunane|kommunerna|municipalities)$", re.I)
_NOT_A_PARTNER = re.compile(r"^(?:NOK|SEK|EUR|kr|kroner|kronor)$", re.I)
# "VA-ingenjörer", "IT-avdelningen": an abbreviation compounded with a common noun names staff, not a partner.
_ROLE_COMPOUND = re.compile(rf"^[{UPPER}]{{2,5}}-[a-zæøåäöé]+$")
_ORG_PAIR = re.compile(r"\s+(?:og|och|and)\s+")
# "Tornio stad i Finland": the country says where the partner is, it is not part of its name.
_COUNTRY_NOTE = re.compile(
    r"\s+(?:i|in)\s+(?:Finland|Norge|Noreg|Sverige|Danmark|Island|Norway|Sweden|Denmark)$"
)


def tidy_partners(partners: list[str], recipient: str | None) -> list[str]:
    """One form for a partner list: the recipient (also as "Org - Department") and currency words dropped,
    "Region A och Högskolan B" and "A og B kommuner" split, "Name (ABC" closed, repeats removed."""
    own = _own_key(recipient)
    out: list[str] = []
    for name in partners:
        for part in _split_joined(_COUNTRY_NOTE.sub("", name.strip())):
            if part.count("(") > part.count(")"):
                part += ")"  # "Blekinge Institute of Technology (BTH": a reader cut the bracket
            if not part or _NOT_A_PARTNER.match(part) or _ROLE_COMPOUND.match(part):
                continue
            if own and recipient_key(part) == own:
                continue
            if part not in out:
                out.append(part)
    return out


def _own_key(recipient: str | None) -> str:
    """The recipient's name key without its department ("ORG - Avdeling") or a table's footnote mark
    ("Sigdal*", pointing to a note below the table)."""
    return recipient_key((recipient or "").split(" - ")[0].rstrip("*† "))


def _split_joined(name: str) -> list[str]:
    """ "Klepp og Time kommuner" -> Klepp, Time; "Norsjö kommun och Malå kommun" -> two organisations; a
    municipality named with "og" ("Evje og Hornnes") or a company ("Energi och Miljö AB") stays one."""
    plural = _PLURAL_SUFFIX.search(name)
    if plural:
        return split_names(name[: plural.start()])
    halves = _ORG_PAIR.split(name)
    if len(halves) == 2 and all(has_org_word(h) for h in halves) and name not in COMPOUND_MUNICIPALITIES:
        return halves
    return split_names(name) if _ORG_PAIR.search(name) and len(halves) > 2 else [name]


def split_names(text: str) -> list[str]:
    """ "Bygland og Evje og Hornnes" -> Bygland, Evje og Hornnes: the last "og" of a list splits it unless it
    belongs to a municipality's name."""
    protected = text
    for i, name in enumerate(COMPOUND_MUNICIPALITIES):
        protected = protected.replace(name, f"\0{i}\0")
    pieces = [p.strip() for p in re.split(r"\s*[,;]\s*|\s+(?:og|och|and|samt|&)\s+", protected) if p.strip()]
    restored = [re.sub(r"\0(\d)\0", lambda m: COMPOUND_MUNICIPALITIES[int(m.group(1))], p) for p in pieces]
    return [p for p in restored if is_capitalised(p)]


# A page with more grants than this is a register-like table: its partners are in its own columns, and a
# passage search per record would be quadratic in the page's length.
MAX_RECORDS = 200
MAX_AMOUNT_MENTIONS = 5  # the grant's sentence is among the first mentions of its amount


def add_passage_partners(records: list[GrantRecord], text: str) -> None:
    """Fill the partners of records that have none from the grant's passage, its title and the page's
    "<recipient> søker sammen med ..." notes."""
    if len(records) > MAX_RECORDS:
        return
    for record in records:
        if record.partners or not record.recipient:
            continue
        others = [o for o in records if o is not record]
        before, passage = _passage(record, others, text)
        found = _from_sentences([record.title or "", *passage])
        found = found or _recipient_note(record.recipient, text)
        if len(records) == 1:  # a page about one grant: what it says of "the project" is about this grant
            found = found or page_partners(text)
        # not the grant's own sentence: "Sundsvalls kommun, Digitala trygghetslarm: 980 000 kr" is no list
        found = found or _list_naming(record, others, [*before, *passage[1:]], text)
        record.partners = tidy_partners(found, record.recipient)


def _list_naming(
    record: GrantRecord, others: list[GrantRecord], sentences: list[str], text: str
) -> list[str]:
    """ "Pengene skal finansiere en felles vakt for Bodø, Saltdal og Gildeskål", "Eidskog og Sør-Odal har
    søkt sammen": a list of places or organisations that holds the recipient names its partners (a list that
    holds another grant's recipient is a list of recipients)."""
    own = _own_key(record.recipient)
    recipients = {_own_key(o.recipient) for o in others if o.recipient}
    for sentence in sentences:
        for names, _start, _end in name_lists(sentence):
            keys = {recipient_key(n) for n in names}
            if own in keys and not keys & recipients and all(looks_like_place_or_org(n, text) for n in names):
                return [n for n in names if recipient_key(n) != own]
    return []


def project_page_partners(text: str) -> list[str]:
    """A page about one project (a Vinnova project page, written by the project): the partners named after a
    strong cue ("tillsammans med", "i samverkan med", "ett samarbete mellan") in any sentence of it."""
    for sentence in _SENTENCES.split(text):
        if names := participants(sentence, _STRONG_CUE):
            return list(names)
    return []


def _from_sentences(sentences: list[str]) -> list[str]:
    """The first names a sentence gives after a partner cue (two or more after a bare "med"/"with"), or
    before "deltar i prosjektet" / "er med som samarbeidskommune"."""
    for sentence in sentences:
        weak = participants(sentence, _WEAK_CUE)
        names = list(participants(sentence, _STRONG_CUE)) or (list(weak) if len(weak) >= 2 else [])
        names = names or partners_before_verb(sentence)
        if not names and (m := _MEMBERS_BEFORE.search(sentence)):
            names = split_names(m.group("names"))
        if names and all(is_capitalised(n) for n in names):
            return names
    return []


def _passage(record: GrantRecord, others: list[GrantRecord], text: str) -> tuple[list[str], list[str]]:
    """The sentence stating the grant (its amount and recipient) and those after it in the same paragraph,
    up to the next grant: one that states another amount or opens with another recipient; and the sentence
    before it in the paragraph, if any ("A og B har søkt sammen. De får 450 000 kroner")."""
    if not record.amount_text:
        return [], []
    own = recipient_key(record.recipient)
    other_amounts = {o.amount_text for o in others if o.amount_text and o.amount_text != record.amount_text}
    other_names = {recipient_key(o.recipient) for o in others if o.recipient} - {own}
    for m in itertools.islice(re.finditer(re.escape(record.amount_text), text), MAX_AMOUNT_MENTIONS):
        # the paragraph around the mention, at most a few sentences either side
        start = max(text.rfind("\n\n", 0, m.start()), m.start() - 600, 0)
        end = text.find("\n\n", m.end())
        end = min(end if end > 0 else len(text), m.end() + 1500)
        sentences = [s for s in _SENTENCES.split(text[start:end]) if s.strip()]
        first = next((i for i, s in enumerate(sentences) if record.amount_text in s), None)
        if first is None or own not in sentences[first].lower():
            continue
        passage = [sentences[first]]
        for s in sentences[first + 1 :]:
            opening = s.strip(" •*-–").lower()
            if any(a in s for a in other_amounts) or any(opening.startswith(n) for n in other_names if n):
                break
            passage.append(s)
        return sentences[max(first - 1, 0) : first], passage
    return [], []


def _recipient_note(recipient: str, text: str) -> list[str]:
    """ "Notodden søker sammen med Hjartdal og Tinn.", "* Sigdal kommune er søker på vegne av Sigdal og
    Krødsherad.", "Haparanda stads projekt genomförs tillsammans med Tornio stad": a sentence anywhere on the
    page that opens with the recipient and, a few words on, says whom it works with or for."""
    name = _own_key(recipient)
    note = re.compile(
        rf"(?:^|\n|[.!?]\s)[\s*•-]*{re.escape(name)}\w*(?:\s+[\w-]+){{0,4}}?\s+"
        rf"(?={_STRONG_CUE.pattern})",
        re.I,
    )
    if m := note.search(text):
        line_end = text.find("\n", m.end())
        return list(participants(text[m.end() : line_end if line_end > 0 else len(text)], _STRONG_CUE))
    return []
