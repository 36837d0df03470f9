"""Text -> DocumentResult: pick the genre, run its parser(s), merge, and stamp every record.

Order matters: a Vinnova project page is recognised by its labels; a call for proposals yields
nothing; a prize page is read by the prize parser; tables and lists are read before prose, and the
prose parser then skips the lines they consumed.
"""

from __future__ import annotations

import re

from etl.documents import dates
from etl.documents import genre as genre_mod
from etl.documents.allocation import page_year, parse_allocation, programme_name
from etl.documents.context import Page
from etl.documents.funder_names import funder_id
from etl.documents.names import drop_corrected_statements, drop_parallel_names, has_org_word
from etl.documents.news import (
    extract_prose_grants,
    first_municipality,
    heading_target,
    participants,
    programme_of,
    project_names,
    recipient_key,
    to_records,
)
from etl.documents.numbers import final_item_amounts
from etl.documents.partners import add_passage_partners, tidy_partners
from etl.documents.prize import parse_prize
from etl.documents.result import STATUS_NO_GRANT, STATUS_RECORDS, STATUS_UNKNOWN, DocumentResult
from etl.documents.themes import theme_label
from etl.documents.vinnova_page import parse_vinnova_page
from etl.records import GrantRecord

MAX_TEXT_CHARS = 2_000_000  # a page longer than this is cut: no grant page is that long

_COUNTRY_BY_CURRENCY = {"NOK": "NO", "SEK": "SE"}


def parse_clean_text(text: str, source_url: str | None = None) -> DocumentResult:
    """Parse normalised page text. May raise on a parser bug; `parse_text` is the never-raising wrapper."""
    text = final_item_amounts(drop_corrected_statements(drop_parallel_names(text[:MAX_TEXT_CHARS])))
    if not text.strip():
        return DocumentResult("unknown", None, [], STATUS_UNKNOWN, "no text")
    page = Page(text, source_url)
    genre, records, note = _dispatch(page)
    records = [_stamp(r, page, genre) for r in records]
    if records:
        return DocumentResult(genre, page.language, records, STATUS_RECORDS, None)
    if genre == "unknown":
        return DocumentResult(
            genre, page.language, [], STATUS_UNKNOWN, note or "no funder, grant or prize wording"
        )
    return DocumentResult(genre, page.language, [], STATUS_NO_GRANT, note)


def _dispatch(page: Page) -> tuple[str, list[GrantRecord], str | None]:
    text = page.text
    if genre_mod.is_vinnova_project_page(text):
        project = parse_vinnova_page(page)
        if any(r.recipient for r in project):
            return "vinnova_project", project, None
        # No coordinator: a news item's fact box ("Bidrag från Vinnova: 850 000:-") rather than a project page.
        genre, records, note = _dispatch_other(page)
        return (genre, records, note) if records else ("vinnova_project", project, None)
    return _dispatch_other(page)


def _dispatch_other(page: Page) -> tuple[str, list[GrantRecord], str | None]:
    text = page.text

    cues = genre_mod.call_cues(text)
    if genre_mod.is_prize_page(text) and cues < 3:
        prize_records = parse_prize(page)
        if prize_records:
            return "prize", prize_records, None
        if not genre_mod.is_allocation_page(text):
            # Nominees, finalists or a call for the prize: no winner named, so nothing awarded.
            return "prize", [], "prize page without a named winner (call or nominees)"

    structured = parse_allocation(page)
    if cues >= 3 and not structured:
        # A call for proposals; a list of grants on the same page would still have been read above.
        return "call", [], f"call for proposals ({cues} call cues): nothing granted yet"

    genre = "allocation" if (structured or genre_mod.is_allocation_page(text)) else "news"
    prose = _prose_records(page, genre)
    allocation_page = genre_mod.is_allocation_page(text)
    _name_unnamed(structured, prose)
    records = structured + [r for r in prose if not _duplicates_structured(r, structured, allocation_page)]
    if len(records) == 1 and records[0].title is None and not allocation_page:
        names = {n for n, _ in project_names(text)}
        if len(names) == 1:
            records[0].title = next(iter(names))  # a news item's fact box under "Projektet heter X"

    add_passage_partners(records, text)
    if cues >= 2 and not records:
        return "call", [], f"call for proposals ({cues} call cues): nothing granted yet"
    if not records:
        if genre_mod.prize_mentions(text) >= 2:
            return "prize", [], "prize page without a named winner (call or nominees)"
        if genre == "allocation":
            return genre, [], "allocation page with totals only (the list is elsewhere)"
        if genre_mod.mentions_funding(text):
            return "news", [], "no granted amount or named recipient"
        return "unknown", [], None
    return genre, records, None


def _prose_records(page: Page, genre: str) -> list[GrantRecord]:
    if genre == "allocation":
        default = heading_target(page)
        year = page_year(page)
        programme = programme_name(page) or programme_of(page, genre)
    else:
        parts = list(participants(page.text))
        default = first_municipality(page)
        default = default or next(
            (p for p in parts if re.search(r"kommun|stad", p, re.I)), parts[0] if parts else None
        )
        year = page.published.year if page.published else None
        programme = programme_of(page, genre)
    grants = extract_prose_grants(page, genre, default)
    records = to_records(page, grants, genre, year, programme)
    records = merge_prose_records(records)
    if len(records) == 1 and records[0].start_date is None and genre != "allocation":
        records[0].start_date = dates.start_date_in(page.text)  # "med start 1 januari 2024"
    single_news = len(records) == 1 and genre != "allocation"
    if single_news and records[0].start_date is None and (period := dates.project_period(page.text)):
        records[0].start_date, records[0].end_date = period  # "Projektet pågår 2025–2027"
    if len(records) == 1 and records[0].year is None and (period := dates.find_period(page.text)):
        records[0].year = int(period[0][:4])  # "Projektet pågår 2021-2023" elsewhere on the page
    names = {n for n, _ in project_names(page.text)}
    _one_project_owner(records, names)
    if (
        len(names) == 1
        and len(records) == 1
        and records[0].title is None
        and records[0].programme != next(iter(names))
    ):
        records[0].title = next(iter(names))  # the one project the page introduces
    return records


def _one_project_owner(records: list[GrantRecord], names: set[str]) -> None:
    """A page on one project of one recipient ("Norrköpings kommun har beviljats 2,4 miljoner ... I steg 1 fick
    projektet 500 000 kronor förra året"): a grant to "projektet" is that recipient's, and every grant of the
    page is that project's."""
    owners = {_key(r.recipient) for r in records if r.recipient}
    funders = {r.funder for r in records}  # a second funder's grant is another project's
    if len(records) < 2 or len(owners) != 1 or len(names) != 1 or len(funders) != 1:
        return
    owner = next(r.recipient for r in records if r.recipient)
    name = next(iter(names))
    if not all(r.recipient or r.title == name for r in records):
        return
    for r in records:
        r.recipient = r.recipient or owner
        if r.title is None and r.programme != name:
            r.title = name


def _key(name: str | None) -> str:
    return recipient_key(name)


def _same_or_genitive(mention: str | None, name: str | None) -> bool:
    """An amount-less mention names the recipient `name`, as is or in the Swedish genitive a headline puts
    it in ("Vinnova stöttar Piteås arbete med ..." over the body's "Piteå kommun har beviljats ...")."""
    a, b = _key(mention), _key(name)
    if a == b:
        return True
    return bool(mention and b) and not has_org_word(mention) and a == b + "s"


def _fuller_name(a: str | None, b: str | None) -> str | None:
    """Of two forms of one recipient, the one that names the organisation ("Sundsvalls kommun")."""
    if a and b and not has_org_word(a) and has_org_word(b):
        return b
    return a or b


_COLLECTIVE = re.compile(
    r"(?i)(?:^|[\s-])(?:kommunane|kommunene|kommunerna|kommunar|kommuner|municipalities)$"
    # a headline's definite noun for the body the article then names ("Regionrådet får 1,4 millionar")
    r"|^(?:regionrådet|rådet|samarbeidet|samarbetet|regionen|förbundet|the\s+council)$"
)


def _is_round(value: float) -> bool:
    digits = str(int(value)).rstrip("0")
    return len(digits) <= 2


def merge_prose_records(records: list[GrantRecord]) -> list[GrantRecord]:
    """One record per grant: fold repeats (headline and body), amount-less mentions and rounded figures."""
    records = [r for r in records if r.recipient or r.title]
    with_amount = [r for r in records if r.amount is not None]
    out: list[GrantRecord] = []
    for r in with_amount:
        same = next((o for o in out if _key(o.recipient) == _key(r.recipient) and o.amount == r.amount), None)
        if same:  # the headline and the body state the same grant
            same.recipient = _fuller_name(same.recipient, r.recipient)
            same.title = same.title or r.title
            same.programme = same.programme or r.programme
            same.partners = same.partners or r.partners
            continue
        out.append(r)
    # "Nordfjord-kommunane får 1,2 millionar" (a headline) and "Stad kommune ... 1,2 millionar" (the body):
    # the group's grant is the one its named project owner receives.
    out = [
        r
        for r in out
        if not (
            _COLLECTIVE.search(r.recipient or "")
            and any(
                o is not r and o.amount == r.amount and o.recipient and not _COLLECTIVE.search(o.recipient)
                for o in out
            )
        )
    ]
    # A rounded headline figure ("fem miljoner") next to the exact one ("5 153 226 kr") is the same grant.
    kept = []
    for r in out:
        exact = next(
            (
                o
                for o in out
                if o is not r
                and _is_round(r.amount)
                and not _is_round(o.amount)
                and _key(o.recipient) == _key(r.recipient)
                and abs(o.amount - r.amount) <= 0.05 * o.amount
            ),
            None,
        )
        if exact:
            exact.title = exact.title or r.title
            continue
        kept.append(r)
    out = kept
    # A figure that is the sum of the others, with no recipient of its own, is the round's total; so is one
    # that several named recipients "share" when the page then states each one's grant ("Falun, Borlänge och
    # Ludvika får tillsammans sex miljoner" before 2,4 + 1,85 + 1,75 miljoner).
    if len(out) >= 3:
        out = [r for r in out if not _restates_total(r, out)]
    for r in records:
        if r.amount is not None:
            continue
        match = next((o for o in out if _key(o.recipient) == _key(r.recipient)), None)
        match = match or next(
            (o for o in out if o.amount is not None and _same_or_genitive(r.recipient, o.recipient)), None
        )
        if match:
            match.recipient = _fuller_name(match.recipient, r.recipient)
            match.title = match.title or r.title
            match.year = match.year or r.year
            match.start_date = match.start_date or r.start_date
            match.end_date = match.end_date or r.end_date
            continue
        if same := next(
            (o for o in out if _key(o.recipient) == _key(r.recipient) and o.amount is None), None
        ):
            # The headline and the body name the same unpriced grant; the body often adds its title.
            same.recipient = _fuller_name(same.recipient, r.recipient)
            same.title = same.title or r.title
            same.partners = same.partners or r.partners
            continue
        out.append(r)
    return out


def _names_itemised(r: GrantRecord, records: list[GrantRecord]) -> bool:
    """`r` names several recipients, and at least one of them has a grant of its own among `records`."""
    if not r.partners:
        return False
    keys = {_key(n) for n in [r.recipient, *r.partners] if n}
    return any(o is not r and o.amount is not None and _key(o.recipient) in keys for o in records)


def _restates_total(r: GrantRecord, records: list[GrantRecord]) -> bool:
    if (r.confidence or 0) < 0.8:
        # no recipient named in its sentence, or a rounded figure ("Drygt 5,3 miljoner kronor går till
        # Värmland" over grants of 1,2 + 2,4 + 0,85 + 0,88 miljoner): a few percent off the sum is the total a round
        # figure is; an exact one ("Vinnova bidrar med 2 080 000 kronor") is a total only when it is the sum
        return _is_sum_of_others(r, records, tolerance=0.05 if _is_round(r.amount) else 0.001)
    return _is_sum_of_others(r, records) and _names_itemised(r, records)


def _is_sum_of_others(r: GrantRecord, records: list[GrantRecord], tolerance: float = 0.02) -> bool:
    others = [o.amount for o in records if o is not r and o.amount is not None]
    total = sum(others)
    return len(others) >= 2 and total > 0 and abs(total - r.amount) <= tolerance * r.amount


def _name_unnamed(structured: list[GrantRecord], prose: list[GrantRecord]) -> None:
    """A fact box gives the project and the amount but not who receives it ("Projekt: X / Beviljat belopp:
    3 000 000 kronor"); the sentence stating the same grant names the recipient."""
    for s in structured:
        if s.recipient or s.amount is None:
            continue
        same = [r for r in prose if r.recipient and r.amount == s.amount]
        if len({_key(r.recipient) for r in same}) == 1:
            s.recipient = same[0].recipient
            # the box's "Parter:" line lists the recipient too
            s.partners = [p for p in s.partners if _key(p) != _key(s.recipient)] or same[0].partners


def _duplicates_structured(r: GrantRecord, structured: list[GrantRecord], allocation_page: bool) -> bool:
    """A prose record that restates a listed one. In a news item whose fact box states the grant, a sentence
    naming a grant without its amount ("Nu har Vinnova beviljat pengar till en förstudie") is about it; on
    an allocation page an amount-less grant to someone not in the list ("Karasjok: beløpet fastsettes
    senere") is a grant of its own."""
    listed = [s.amount for s in structured if s.amount is not None]
    if r.amount is not None and len(listed) >= 2 and abs(sum(listed) - r.amount) <= 0.005 * r.amount:
        return True  # "Til sammen er det tildelt kr 2 250 000": the listed grants' total
    listed_with_amounts = bool(listed)
    if r.amount is None and listed_with_amounts:
        return not allocation_page or any(_same_name(s.recipient, r.recipient) for s in structured)
    return any(
        s.amount == r.amount and (_key(s.recipient) == _key(r.recipient) or s.title == r.title)
        for s in structured
    )


def _same_name(a: str | None, b: str | None) -> bool:
    """ "Strömstad" and "Strömstads kommun": one name key starts the other."""
    ka, kb = _key(a), _key(b)
    return bool(ka and kb) and (ka.startswith(kb) or kb.startswith(ka))


def _stamp(record: GrantRecord, page: Page, genre: str) -> GrantRecord:
    record.source_url = page.source_url
    record.genre = genre
    record.language = page.language
    if record.currency is None:
        record.currency = page.default_currency
    if record.country is None:
        record.country = _COUNTRY_BY_CURRENCY.get(record.currency or "")
    record.partners = tidy_partners(list(record.partners or []), record.recipient)
    record.funder_id = funder_id(record.funder, record.country)
    record.theme = record.theme or theme_label(record.title, record.programme, page.title)
    return record
