"""Prize announcements (KMD/Difi innovasjonspris and the like): the winner is a record, finalists are not.

The winner is the organisation a sentence says the prize went to ("prisen gikk til X", "X ble tildelt
innovasjonsprisen", "X vinner innovasjonsprisen 2017", "Innovasjonspris til X"); names in sentences
about finalists, nominees or honourable mentions are left out. The prize amount is the money in a
sentence about the prize; the prize's name as written ("KMDs innovasjonspris") is the programme, and
with its year ("KMDs innovasjonspris 2018") the title.
"""

from __future__ import annotations

import re

from etl.documents import dates, funder_names
from etl.documents.context import Page
from etl.documents.lexicon import FINALIST, NOT_GRANTED_BEFORE, is_furniture
from etl.documents.names import has_org_word, is_org_suffix, looks_like_place_or_org, name_at, name_ending_at
from etl.documents.numbers import find_money
from etl.documents.segment import sentences
from etl.records import GrantRecord

_PRIZE = (
    r"(?:[Ii]nnovasjonspris(?:en)?|[Ii]nnovationspris(?:et)?|[Ii]nnovation\s+[Pp]rize|[Ii]nnovation\s+[Aa]ward"
    r"|[Ii]nnovasjonsprisa|(?<![\w-])[A-ZÆØÅa-zæøåäö-]{3,}pris(?:en|et|a)?)"
)
# The owner is a genitive ("KMDs", "Kommunal- og moderniseringsdepartementets (KMD)") or a possessive
# with si/sin/sitt ("Kommunal- og distriktsdepartementet si innovasjonspris"); the year follows the name
# ("innovasjonsprisen 2019") or is given with "for" ("innovasjonspris for 2019").
_PRIZE_NAME = re.compile(
    rf"(?<![\w-])(?:(?P<owner>(?:Kommunal-\s+og\s+)?(?:[\w-]+s(?:\s+\([A-ZÆØÅ]{{2,6}}\))?|"
    rf"[\w-]+(?:\s+\([A-ZÆØÅ]{{2,6}}\))?\s+(?:si|sin|sitt|sine)))\s+)?(?P<prize>{_PRIZE})"
    rf"(?:\s+(?P<for>for\s+|för\s+|i\s+)?(?P<year>(?:19|20)\d{{2}}))?(?![\w])"
)
_NOT_OWNER = {"årets", "dagens", "sin", "sitt", "sine", "this", "dens", "hans", "hennes", "deres", "its"}
_NOT_OWNER_HEAD = {
    "han",
    "ho",
    "hun",
    "dei",
    "de",
    "den",
    "det",
    "kommunen",
    "kommuna",
    "juryen",
    "vi",
    "eg",
    "jeg",
}
_PRIZE_OR_IT = rf"(?<![\w-])(?:{_PRIZE}|prisen|prisa|priset|the\s+prize|the\s+award|pris)"
_WINNER_BEFORE = re.compile(
    rf"\s+(?:ble|vart|blei|er|har\s+blitt|blir|was|has\s+been|is)?\s*(?:\w+\s+){{0,2}}?(?:tildelt|tildelast|tildeles|"
    rf"awarded|given)\s+(?:\w+\s+){{0,2}}?{_PRIZE_OR_IT}"
    rf"|\s+(?:vinner|vant|vann|fikk|fekk|får|mottok|mottar|tok\s+imot|won|wins|receives|received|gets|got|"
    rf"(?:er|ble|vart|är|blev|is)\s+(?:årets\s+)?(?:vinner(?:en)?|vinnar(?:en)?|vinnare(?:n)?|the\s+winner)\s+(?:av|of))\s+"
    rf"(?:[\w-]+\s+){{0,4}}?{_PRIZE_OR_IT}",
    re.I,
)
_WINNER_AFTER = re.compile(
    # "prisen på ein halv million kroner gjekk til X": the prize money may stand between prize and verb
    rf"{_PRIZE_OR_IT}(?:\s+(?:for\s+|för\s+)?(?:19|20)\d{{2}})?(?:\s+(?:på|of|worth)\s+[^.,;:!?]{{1,40}}?)?"
    rf"\s+(?:(?:gikk|går|gjekk|gjeng|vart\s+gitt|ble\s+gitt|tildeles|gis|"
    rf"went|goes)\s+)?til{{1,2}}\s+",
    re.I,
)
_HANDED_OUT = re.compile(
    r"\b(?:utdelt|delt\s+ut|delte\s+ut|deles\s+ut|vart\s+delt|ble\s+delt|presented|awarded)\b", re.I
)


def _prize_name(sentence: str) -> tuple[str, str | None, int | None] | None:
    """(name without year, owner, year) of the prize a sentence names, preferring one with an owner."""
    best = None
    for m in _PRIZE_NAME.finditer(sentence):
        owner = m.group("owner")
        if owner and (owner.lower() in _NOT_OWNER or owner.split()[0].lower() in _NOT_OWNER_HEAD):
            owner = None
        prize = m.group("prize")
        name = f"{owner} {prize}" if owner else prize
        year = int(m.group("year")) if m.group("year") else None
        candidate = (name, owner, year)
        if best is None or (owner and not best[1]):
            best = candidate
    return best


# "Hustadvika kommune er kåra til årets innovative kommune": chosen as this year's winner.
_CHOSEN = re.compile(
    r"\s+(?:er|ble|vart|blei|blir|har\s+blitt|har\s+vorte|är|blev|har\s+blivit|is|was|has\s+been)\s+"
    r"(?:kåra|kåret|kårt|kårad|korad|utnevnt|utnemnd|utsedd|utnämnd|named|chosen|voted)\s+"
    r"(?:til|till|som|as|to)\s+(?:årets|this\s+year's|the)(?![\w])",
    re.I,
)
# "Vi vann Innovasjonsprisen 2023!": the winner writes on its own site.
_FIRST_PERSON_WIN = re.compile(
    rf"^\W*(?:vi|we)\s+(?:har\s+|have\s+)?(?:vann|vant|vunne|vunnet|vunnit|fikk|fekk|fick|won|got|mottok|fått)\s+"
    rf"(?:[\w-]+\s+){{0,3}}?{_PRIZE_OR_IT}",
    re.I,
)
_COORDINATED = re.compile(r"\s(?:og|och|and)\s", re.I)


def _lead_name(sentence: str, verb_start: int) -> str | None:
    """The organisation a sentence opens with, when the winning verb is coordinated with an earlier one
    ("X er kåra til årets kommune og får prisen")."""
    name = name_at(sentence, 0)
    if not name or not has_org_word(name):
        return None
    between = sentence[len(name) : verb_start + 1]
    return name if _COORDINATED.search(between) and not re.search(r"[.;:!?]", between) else None


def site_owner(page: Page) -> str | None:
    """The organisation whose site the page is on: an organisation's name among the page's first lines."""
    seen = 0
    for line in page.lines:
        text = line.strip()
        if not text or is_furniture(text):
            continue
        if has_org_word(text) and name_at(text) == text and not funder_names.find_funders(text):
            return text
        seen += 1
        if seen >= 4:
            break
    return None


def _winners_in(sentence: str, page_text: str) -> list[str]:
    found = []
    for m in _WINNER_AFTER.finditer(sentence):
        name = name_at(sentence, m.end())
        if name:
            found.append(name)
    for m in _WINNER_BEFORE.finditer(sentence):
        name = name_ending_at(sentence, m.start())
        if (
            name
            and (suffix := re.match(r"\s+(\S+)", sentence[m.start() :]))
            and is_org_suffix(suffix.group(1))
        ):
            name = f"{name} {suffix.group(1)}"  # "Gjesdal kommune ble tildelt prisen": the verb group took "kommune"
        name = name or _lead_name(sentence, m.start())
        if name:
            found.append(name)
    for m in _CHOSEN.finditer(sentence):
        if re.search(r"pris|prize|award|vinn|winner|innovativ", sentence[m.end() : m.end() + 80], re.I):
            name = name_ending_at(sentence, m.start())
            if name:
                found.append(name)
    return [
        n
        for n in found
        if looks_like_place_or_org(n, page_text)
        and not funder_names.find_funders(n)
        and not re.match(r"(?i)(?:juryen|vinneren|vinnaren|winner|kommunen|prisen)\b", n)
    ]


def _same(a: str, b: str) -> bool:
    a, b = a.lower(), b.lower()
    return a == b or a.startswith(b + " ") or b.startswith(a + " ")


_WINNER_WORD = re.compile(
    r"(?<![\w])(?:vinneren|vinnaren|vinnarna|vinnerne|the\s+winner|winners?)(?![\w])", re.I
)


# "I fjor gjekk prisen til X", "Förra årets vinnare var X", "Last year's winner, X": an earlier round
_EARLIER_ROUND = re.compile(
    r"(?<![\w])(?:i\s+fjor|i\s+fjol|fjorårets|fjolårets|förra\s+året|förra\s+årets|last\s+year(?:'s)?|"
    r"året\s+før|året\s+innan|forrige\s+år|tidligere\s+vinnere?|tidlegare\s+vinnarar?|previous\s+winners?)(?![\w])",
    re.I,
)


def parse_prize(page: Page) -> list[GrantRecord]:
    winners: list[str] = []
    finalists: list[str] = []
    names: list[tuple[str, str | None, int | None]] = []
    amount = None
    award_sentence = None
    for paragraph in page.prose_paragraphs():
        for sentence in sentences(paragraph):
            s = sentence.text
            prize = _prize_name(s)
            candidates = _winners_in(s, page.text)
            # "Vinneren får et diplom og 500 000 kroner": the winner's reward, though a diploma is mentioned
            if FINALIST.search(s) and not _WINNER_WORD.search(s):
                finalists.extend(candidates)
                finalists.extend(n for n in re.findall(r"[A-ZÆØÅ][\w-]+", s.split(" var ")[0]) if n)
                continue
            if _EARLIER_ROUND.search(s) and not find_money(s, page.language, "NOK"):
                continue  # "I fjor gjekk prisen til Asker kommune": an earlier year's winner, not this page's
            if not candidates and _FIRST_PERSON_WIN.match(s) and (owner := site_owner(page)):
                candidates = [owner]
            if candidates:
                winners.extend(candidates)
                if prize:
                    names.append(prize)
            if re.search(
                r"pris|prize|award|vinner|vinnar|winner", s, re.I
            ):  # "Vinneren får ... 500 000 kroner"
                if amount is None:
                    for money in find_money(s, page.language, "NOK"):
                        before = " ".join(s[: money.start].split()[-6:])
                        if not NOT_GRANTED_BEFORE.search(before) and not money.per_period:
                            amount = money
                            break
                if award_sentence is None and _HANDED_OUT.search(s):
                    award_sentence = s
    # Winners come only from sentences that are not about finalists; a name also listed as finalist
    # is kept only when it is the first winner named (the lead sentence).
    kept: list[str] = []
    for index, w in enumerate(winners):
        if index > 0 and any(_same(w, f) for f in finalists):
            continue
        if not any(_same(w, k) for k in kept):
            kept.append(w)
    if not kept:
        return []

    # the page's own text, not its footer or "Relatert" links (another year's prize)
    own_text = "\n".join(
        " " * len(line) if i in page.consumed_lines else line for i, line in enumerate(page.lines)
    )
    chosen = next((n for n in names if n[1]), names[0] if names else None)
    # "... gjekk til X" says only "prisen": the prize is the one the page names elsewhere
    chosen = chosen or _prize_name(own_text)
    programme = chosen[0] if chosen else None
    year = chosen[2] if chosen else None
    prize_year = rf"{_PRIZE}\s+(?:(?:for|för|til|i)\s+(?:[\w-]+\s+){{0,2}})?((?:19|20)\d{{2}})"
    if year is None and (m := re.search(prize_year, own_text)):
        year = int(m.group(1))
    stated_year = year
    if year is None and page.published:
        year = page.published.year
    title = _prize_title(page.text, names, stated_year)
    start_date = dates.day_month_in(award_sentence, year) if award_sentence else None

    mention = _prize_funder(page)
    funder = mention.name if mention else None
    records = []
    for winner in kept:
        records.append(
            GrantRecord(
                funder=funder,
                country=mention.country if mention else "NO",
                recipient=winner,
                title=title,
                amount=amount.value if amount else None,
                currency=(amount.currency if amount else None) or "NOK",
                year=year,
                start_date=start_date,
                programme=programme,
                amount_text=amount.text if amount else None,
                confidence=0.9,
            )
        )
    return records


def _prize_title(text: str, names: list[tuple[str, str | None, int | None]], year: int | None) -> str | None:
    """The prize's name for the title, per the record contract: as the page writes it with its year
    ("KMDs innovasjonspris 2018", "Innovasjonsprisen 2019"), an owner's form first; else, when the page
    states the prize's year ("innovasjonspris for 2022"), the plain name the page uses with that year."""
    if year is None:
        return None
    written = [
        m
        for m in _PRIZE_NAME.finditer(text)
        if m.group("year") and not m.group("for") and int(m.group("year")) == year
    ]
    owned = [m for m in written if m.group("owner") and m.group("owner").lower() not in _NOT_OWNER]
    best = (owned or written or [None])[0]
    if best is not None:
        return best.group(0).strip()
    plain = next((n for n, owner, _y in names if not owner), None)
    return f"{plain} {year}" if plain else None


def _prize_funder(page: Page) -> funder_names.FunderMention | None:
    """The ministry behind the prize: the publisher, else a named department, else the main funder."""
    if page.publisher:
        return page.publisher
    ministries = [f for f in page.funders if f.key == "no-kmd"]
    if ministries:
        return max(ministries, key=lambda f: ("(" in f.name, len(f.name)))
    return page.main_funder() or funder_names.funder_from_context(page.text, page.source_url, None)
