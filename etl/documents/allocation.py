"""Allocation pages: a funder (often a county governor) lists the projects it funded this round.

Reads the structured parts: tables (see `tables.py`) and "Kommune: Tittel" list items whose
partners and amount follow on the same or the next line:

    Fjell: Kunnskapstilfang til nytte for lokalmedisinsk senter
    Askøy, Fjell, Sund og Øygarden                                   100 000

Prose sentences on the same page are left to `news.py`; the lines read here are marked consumed so
they are not read twice.
"""

from __future__ import annotations

import re

from etl.documents import dates, funder_names
from etl.documents.context import Page
from etl.documents.lexicon import (
    ARCHIVE_BANNER,
    BOX_HEADING,
    DISCRETIONARY,
    DISCRETIONARY_EN,
    MONEY_POOL,
    NOT_GRANTED_BEFORE,
    PROGRAMME_COMPOUND,
    WITH_PARTNERS,
    YEAR_BOUND_BEFORE,
    is_breadcrumb,
    is_furniture,
    is_sum_row,
)
from etl.documents.names import (
    NOT_A_NAME,
    UPPER,
    clean_partner_names,
    clean_title,
    has_org_word,
    is_capitalised,
    name_at,
    split_name_list,
    trailing_name_list,
)
from etl.documents.news import owner_first, programme_of
from etl.documents.numbers import Money, find_money, parse_amount_cell
from etl.documents.tables import (
    AMOUNT,
    OTHER,
    OTHER_AMOUNT,
    PARTNERS,
    RECIPIENT,
    TITLE,
    TRAILING_AMOUNT,
    applied_for_lists,
    find_tables,
    header_role,
    is_rejected_cell,
)
from etl.records import GrantRecord

# "• Orkdal kommune, i samarbeid med Agdenes og Meldal: «Tittel» – 1,2 mill. kroner": partners may follow the
# name before the colon, after a comma or in brackets.
_ORG_WORD = r"(?:kommune|kommun|herad|fylkeskommune|stad|bydel|regionråd|municipality|(?:regional\s+|county\s+)?council)"
_ONE_NAME = rf"[{UPPER}][\w'’.-]*(?:\s+(?:og\s+)?[{UPPER}][\w'’.-]*){{0,3}}"
# "Fredrikstad kommune og Hvaler kommune: ...": two organisations sharing one grant (the owner is named after).
_JOINT_HEAD = re.compile(
    rf"^(?P<a>{_ONE_NAME}\s+{_ORG_WORD})\s+(?:og|and|och)\s+(?P<b>{_ONE_NAME}\s+{_ORG_WORD})$"
)
_LIST_HEAD = re.compile(
    rf"^\s*(?:[•·▪●*–-]\s+|[•·▪●]\s*|\d{{1,2}}[.)]\s+)?"
    rf"(?P<name>{_ONE_NAME}(?:\s+{_ORG_WORD})?(?:\s+(?:og|and|och)\s+{_ONE_NAME}\s+{_ORG_WORD})?)"
    # the name in another language in brackets: "Lofoten Council (Lofotrådet), on behalf of ..."
    rf"(?:\s*\([{UPPER}][\w'’.-]*\)(?=,))?"
    rf"(?:\s*(?:,\s*|\(\s*)(?:{WITH_PARTNERS})\s+(?P<with>[{UPPER}][^:()\n]{{1,150}}?)\s*\)?)?\s*:\s+(?P<rest>\S.*)$"
)
_LABELS = {
    "tekst",
    "foto",
    "kontakt",
    "publisert",
    "kilde",
    "les mer",
    "merk",
    "nb",
    "tips",
    "sjå",
    "se",
    "tlf",
    "telefon",
    "e-post",
    "epost",
    "utgiver",
    "utgjevar",
    "project partners",
    "contact",
    "status",
    "koordinator",
    "coordinator",
    "diarienummer",
    "note",
    "obs",
    "frist",
    "søknadsfrist",
    "dato",
    "date",
    "kommentar",
    "bildetekst",
    "bildtext",
    "caption",
}
# "Bla. anna Askøy, Fjell og Sund": what follows is a list of partners.
_AMONG_OTHERS = re.compile(
    r"\b(?:bl\.?\s?a\.?|bla\.?\s+anna|blant\s+anna|blant\s+andre|mellom\s+anna|m\.?\s?a\.?|"
    r"mellom\s+andre|bland\s+annat|bl\.?\s?a\.?\s+med|i\s+samarbeid\s+med|saman\s+med|sammen\s+med)\s+",
    re.I,
)
_YEAR_CAPTION = re.compile(r"(?<![\d-])((?:19|20)\d{2})(?![\d-])")


def programme_name(page: Page) -> str | None:
    """The scheme as the page writes it: "prosjektskjønn", "skjønsmidlar", "Bulystsatsinga"."""
    # The heading and the lead name the scheme; a breadcrumb names the site's section ("Skjønnsmidler").
    # An English page names it in English, with the Norwegian name at most in brackets.
    if page.language == "en" and (m := DISCRETIONARY_EN.search(page.content_text)):
        return m.group(0)
    for text in (page.content_text, page.text):
        if scheme := _discretionary_scheme(text):
            return scheme
    compounds = [m.group(0) for m in PROGRAMME_COMPOUND.finditer(page.text)]
    for name in compounds:
        if name[0].isupper():
            return name
    return compounds[0] if compounds else None


_LOOSE_SCHEME = re.compile(r"fornyings", re.I)
_PROPER_SCHEME = re.compile(
    r"(?<![\w-])(?:prosjektskjønn?|(?:skjønnsmidl|skjønsmidl)\w*\s+til\s+fornying\s+og\s+innovasjon)(?![\w-])",
    re.I,
)


def _discretionary_scheme(text: str) -> str | None:
    """The first discretionary scheme the text names. A headline's loose "Fornyingsmidlar" gives way to the
    scheme's proper name further on ("skjønsmidlar til fornying og innovasjon", "prosjektskjønn"), though not
    to a description ("skjønnsmidler til fornyings- og innovasjonsprosjekter")."""
    if not (m := DISCRETIONARY.search(text)):
        return None
    if _LOOSE_SCHEME.match(m.group(0)) and (proper := _PROPER_SCHEME.search(text, m.end())):
        return proper.group(0)
    return m.group(0)


_BRACKETED_LIST = re.compile(r"^(?P<lead>[^()]{2,80}?)\s*\((?P<inner>[^()]{2,200})\)\s*$")


def _all_short_names(names: list[str]) -> bool:
    return all(is_capitalised(n) and len(n.split()) <= 4 and not n[:1].isdigit() for n in names)


def split_recipient_cell(cell: str) -> tuple[str, list[str]]:
    """A recipient cell naming the lead and its partners -> (lead, partners).

    "Stavanger (Sandnes, Sola, Randaberg)" and "Lødingen, Tjeldsund og Evenes": the first-named is the
    recipient. A single name in brackets ("Hallingdal barnevern (Gol kommune)", "(SRF)") qualifies the
    name and stays; "Nore og Uvdal" without a comma is one name.
    """
    if m := _BRACKETED_LIST.match(cell):
        inner = split_name_list(m.group("inner"))
        if ("," in m.group("inner") or len(inner) >= 2) and len(inner) >= 2 and _all_short_names(inner):
            return m.group("lead").strip(), inner
        return cell, []
    if "," in cell and "(" not in cell:
        names = split_name_list(cell)
        if len(names) >= 2 and _all_short_names(names):
            return names[0], names[1:]
    return cell, []


def page_funder(page: Page, year: int | None) -> funder_names.FunderMention | None:
    return page.main_funder() or funder_names.funder_from_context(page.text, page.source_url, year)


def _stated_year(text: str) -> int | None:
    """The year a caption or heading states; not one from an archive banner ("skrevet før 2019")."""
    if ARCHIVE_BANNER.search(text) or is_furniture(text):
        return None
    for m in _YEAR_CAPTION.finditer(text):
        if not YEAR_BOUND_BEFORE.search(text[max(0, m.start() - 25) : m.start()]):
            return int(m.group(1))
    return None


def _caption_year(lines: list[str], header_line: int) -> int | None:
    seen = 0
    for k in range(header_line - 1, -1, -1):
        text = lines[k].strip()
        if not text:
            continue
        if year := _stated_year(text):
            return year
        seen += 1
        if seen >= 3:
            break
    return None


_UPDATED = re.compile(r"oppdatert|endret|endra|uppdaterad|updated|publisert|publicerad|published", re.I)


def page_year(page: Page) -> int | None:
    """Award year: a year in the heading ("Tildeling av prosjektskjønn for 2020"), else the year published."""
    if year := _stated_year(page.title):
        return year
    # the heading may follow the site's name and a breadcrumb ("Fylkesmannen i Aust-Agder" / "Du er her: ..." /
    # "Tildeling av skjønnsmidler ... 2014"): the short lines before the first paragraph
    for line in [x.strip() for x in page.lines if x.strip()][:8]:
        if len(line) > 150:
            break  # the first paragraph: the heading is above it
        if is_breadcrumb(line) or dates.find_dates(line) or _UPDATED.search(line):
            continue  # a date stamp says when the page was written or changed, not the round's year
        if year := _stated_year(line):
            return year
    if page.published:
        return page.published.year
    return None


def _record(page: Page, recipient, title, partners, money, year, programme, funder, country) -> GrantRecord:
    return GrantRecord(
        funder=funder,
        country=country,
        recipient=recipient,
        partners=clean_partner_names([p.strip(" ()") for p in partners], recipient),
        title=clean_title(title),
        amount=money.value,
        currency=money.currency or page.default_currency,
        year=year,
        programme=programme,
        amount_text=money.text,
        confidence=0.9,
    )


_GRANT_CUE_END = re.compile(r"(?:tildeles|tildelast|innvilges|innvilgast|får|fær|beviljas|[–—:-])\s*$", re.I)
_GRANT_VERB_TAIL = re.compile(
    r"\s*[–—:-]?\s*(?:tildeles|tildelast|innvilges|innvilgast|får|fær|beviljas|granted|awarded)\s*[:–-]?\s*$",
    re.I,
)


def _ending_money(segment: str, page: Page) -> Money | None:
    """A spelled or scaled amount that ends the line ("... tildeles en million kroner")."""
    found = find_money(segment, page.language, page.default_currency)
    if not found or segment[found[-1].end :].strip(" .,;–-"):
        return None
    before = segment[: found[-1].start]
    if _GRANT_CUE_END.search(before) and not NOT_GRANTED_BEFORE.search(" ".join(before.split()[-6:])):
        return found[-1]
    return None  # "... en total kostnad på om lag 1,6 millioner kroner": an amount, not this item's grant


# "- kr 400 000 til Lyngen kommune for prosjektet «Tittel»": the amount first, then who, then what.
_AMOUNT_FIRST_TO = re.compile(r"^\s*(?:til|till|to)\s+", re.I)
_QUOTED_TITLE = re.compile(r"[«\"“”]([^»\"“”]{2,150})[»\"“”]")


def _amount_first_items(page: Page) -> list[tuple[str, str | None, list[str], object, set[int]]]:
    items = []
    for i, line in enumerate(page.lines):
        text = _BULLET.sub("", re.sub(r"^\s*[-–]\s+", "", line.strip()))
        if i in page.consumed_lines or not text or len(text) > 260 or is_sum_row(text):
            continue
        found = find_money(text, page.language, page.default_currency)
        if not found or found[0].start != 0 or NOT_GRANTED_BEFORE.search(text[: found[0].start]):
            continue
        to = _AMOUNT_FIRST_TO.match(text[found[0].end :])
        if not to:
            continue
        rest = text[found[0].end + to.end() :]
        name = name_at(rest)
        if not name or not is_capitalised(name) or funder_names.find_funders(name):
            continue
        quoted = _QUOTED_TITLE.search(rest[len(name) :])
        items.append((name, clean_title(quoted.group(1)) if quoted else None, [], found[0], {i}))
    return items if len(items) >= 2 else []  # one such line is a sentence; two or more are a list


# "Oppdal kommune – kr 450 000 – «Tittel»", "Rissa og Åfjord – kr 700 000 – «Tittel» (Rissa er vertskommune)":
# who, the amount, then what, with a note on the owner in brackets.
_AMOUNT_MIDDLE = re.compile(
    r"^\s*(?:[•·▪●*]\s*|[-–]\s+)?(?P<name>[^–—:|\t]{2,80}?)\s+[–—-]\s+(?P<money>[^–—]{2,40}?)\s+[–—-]\s+"
    r"(?P<rest>[^()]{3,200}?)\s*(?:\((?P<note>[^()]{3,120})\))?\s*\.?$"
)


def _amount_middle_items(page: Page) -> list[tuple[str, str | None, list[str], object, set[int]]]:
    items = []
    for i, line in enumerate(page.lines):
        m = _AMOUNT_MIDDLE.match(line) if i not in page.consumed_lines else None
        if not m or is_sum_row(line) or NOT_GRANTED_BEFORE.search(line):
            continue
        money = parse_amount_cell(m.group("money"), 1.0, page.language, page.default_currency)
        lead = lead_and_partners(m.group("name"))
        if money is None or lead is None or funder_names.find_funders(lead[0]):
            continue
        name, partners = lead
        note = m.group("note") or ""
        if " og " in name and _OWNER_NOTE.search(note):
            # "Rissa og Åfjord ... (Rissa er vertskommune)": two sharing one grant ("Nore og Uvdal" is one name)
            name, shared = owner_first(name.split(" og "), note)
            partners = shared + partners
        rest = m.group("rest").strip()
        quoted = _QUOTED_TITLE.fullmatch(rest)
        # a quoted or capitalised project name is the title; "kompensasjon for ..." only says what it is for
        title = quoted.group(1) if quoted else (rest if rest[:1].isupper() else None)
        items.append((name, title, partners, money, {i}))
    return items if len(items) >= 2 else []  # one such line is a sentence; two or more are a list


_OWNER_NOTE = re.compile(r"vertskommune|prosjekteier|prosjekteigar|koordinator|projektägare|värdkommun", re.I)


_PARTNERS_LINE = re.compile(
    r"^\s*(?:samarbeidspartnere?|samarbeidspartnarar|samarbeidskommuner|samarbetspartner\w*|partnere?|partners?)"
    r"\s*:\s*(?P<names>\S.*)$",
    re.I,
)


def _title_line(line: str) -> bool:
    """A project title alone on the line under "Kommune: beløp": short, no amount, no label, no sum."""
    text = line.strip()
    return (
        2 < len(text) <= 140
        and is_capitalised(text)
        and not text.endswith((":", "?"))
        and not _LIST_HEAD.match(text)
        and not _PARTNERS_LINE.match(text)
        and not is_sum_row(text)
        and not TRAILING_AMOUNT.search(text)
        and not re.search(r"[.!?]\s+\S", text)  # one phrase, not sentences
    )


_AFTER_AMOUNT = re.compile(
    rf"^\s*(?P<close>\))?\s*(?:,\s*(?P<with>(?:{WITH_PARTNERS})\s+[{UPPER}][^()]{{1,150}}?)|\.\s+(?P<note>[{UPPER}][^().!?]{{2,150}}?))?"
    r"\s*\.?\s*$"
)


def _amount_last(segment: str, page: Page) -> tuple[str, str]:
    """An item line with its amount moved to the end, and a note that followed the amount ("" if none).

    "Tittel (kr 350 000)", "Tittel (kr 1 200 000), i samarbeid med Fitjar og Tysnes" and "«Tittel» – MNOK 0,8.
    Fredrikstad kommune er prosjekteier.": the amount in brackets, then partners or a sentence."""
    found = find_money(segment, page.language, page.default_currency)
    if not found:
        return segment, ""
    money = found[-1]
    before = segment[: money.start]
    opened = before.rstrip().endswith("(")
    m = _AFTER_AMOUNT.match(segment[money.end :])
    if not m or bool(m.group("close")) != opened or not (opened or m.group("with") or m.group("note")):
        return segment, ""
    if re.search(r"[.!?]\s+\S", before):
        return segment, ""  # sentences ("Rättelse: ... angavs felaktigt ... Rätt belopp är ..."), not an item
    head = before.rstrip()[:-1] if opened else before
    with_clause = f", {m.group('with')}" if m.group("with") else ""
    return f"{head.rstrip(' –—-,')}{with_clause} – {money.text}", m.group("note") or ""


def _is_label(name: str) -> bool:
    """ "Kontakt: ...", "Søkt: 900 000 kroner", "Innovasjonsfond: ...": a label or a pot of money, not an
    organisation heading a list item."""
    lowered = name.lower()
    if MONEY_POOL.search(name):
        return True  # "Innovasjonsfond: 2 millioner kroner": a budget line
    return (
        lowered in _LABELS or lowered.split()[0] in NOT_A_NAME or header_role(name) in (AMOUNT, OTHER_AMOUNT)
    )


def _list_items(page: Page) -> list[tuple[str, str, list[str], object, set[int]]]:
    """List items "Kommune: Tittel" -> (recipient, title, partners, money, lines)."""
    items = []
    lines = page.lines
    i = 0
    while i < len(lines):
        if i in page.consumed_lines:
            i += 1
            continue
        m = _LIST_HEAD.match(lines[i])
        if not m or _is_label(m.group("name")):
            i += 1
            continue
        name, rest = m.group("name"), m.group("rest").strip()
        used = {i}
        title_parts: list[str] = []
        partners = split_name_list(m.group("with")) if m.group("with") else []
        money = None
        segment, note = _amount_last(rest, page)
        if joint := _JOINT_HEAD.match(name):
            name, shared = owner_first([joint.group("a"), joint.group("b")], note)
            partners = shared + partners
        j = i
        lead = find_money(segment, page.language, page.default_currency)
        if lead and lead[0].start == 0:
            # "Arendal kommune: 1 500 000 kroner til «Velferdsteknologi i praksis»"
            rest_title = re.sub(r"^\s*(?:til|till|for|för|to)\s+", "", segment[lead[0].end :]).strip(
                ' «»"”“.'
            )
            k = i + 1
            if not rest_title and k < len(lines) and _title_line(lines[k]):
                # "Aure: 450 000 kroner" / "Digital innbyggerdialog i distriktskommuner": the title below
                rest_title = lines[k].strip().strip(' «»"”“.')
                used = used | {k}
                k += 1
            if k < len(lines) and (m := _PARTNERS_LINE.match(lines[k])):
                partners = partners + split_name_list(
                    m.group("names")
                )  # "Samarbeidspartnere: Gjemnes og Aukra"
                used = used | {k}
            items.append((name, rest_title or None, partners, lead[0], used))
            i = max(used) + 1
            continue
        while True:
            am = TRAILING_AMOUNT.search(segment, max(0, len(segment) - 64))  # only the tail: bounded work
            cut = None  # where the amount starts
            if am:
                money = parse_amount_cell(am.group("amount"), 1.0, page.language, page.default_currency)
                cut = am.start()
            elif (spelled := _ending_money(segment, page)) is not None:
                money, cut = spelled, spelled.start  # "– tildeles en million kroner"
            body = segment[:cut].strip() if cut is not None and money else segment.strip()
            # "Tittel – tildeles kr 350 000,-": the verb is not the title
            body = _GRANT_VERB_TAIL.sub("", body)
            if body:
                title_bit, partner_bit = _split_title_and_partners(body, first=(j == i))
                if title_bit:
                    title_parts.append(title_bit)
                partners.extend(partner_bit)
            if money:
                break
            j += 1
            while j < len(lines) and not lines[j].strip():
                j += 1
            if j >= len(lines) or j - i > 3 or _LIST_HEAD.match(lines[j]) or is_sum_row(lines[j]):
                break
            if j in page.consumed_lines:
                break  # a line another reader took ("Beviljat belopp: ..." of a fact box) is not this item's
            segment = lines[j].strip()
            used.add(j)
        if money:
            items.append((name, " ".join(title_parts).strip() or None, partners, money, used))
            i = max(used) + 1
        else:
            i += 1  # a truncated item (no amount) is not a grant
    return items


_BULLET = re.compile(r"^[•·▪●*]\s*")
# "3. Tønsberg kommune – ...": a numbered list item's number; "2012/88" or "1.5" are not numbers of items
_ITEM_NUMBER = re.compile(r"^\d{1,2}[.)]\s+(?=\S)")
# "... – 900 000 kroner (sammen med Andebu og Stokke)": partners in brackets after the item's amount
_TRAILING_WITH = re.compile(rf"\s*\((?:{WITH_PARTNERS})\s+(?P<names>[^()]{{2,200}})\)\s*\.?\s*$", re.I)
_NAME_COMMA_TITLE = re.compile(
    r"^(?P<name>[^,]{2,60}?\s(?:kommun|kommune|stad|herad|regionråd|fylkeskommune|region\s+\S+)),\s+(?P<title>\S.{2,})$"
)
_PART_SPLIT = re.compile(r"\s+[–—-]\s+|\t+|\s{2,}|:\s+|\s+\|\s+")
# Cells split by dashes keep a colon inside a title ("Svelvik – Kommunereform: utredning – 300 000")
_DASH_SPLIT = re.compile(r"\s+[–—-]\s+|\t+|\s{2,}|\s+\|\s+")
_CELL_SEPARATOR = re.compile(r"\s*\|\s*|\t")
_LEAD_WITH_PARTNERS = re.compile(
    rf"^(?P<name>[^()]{{2,80}}?)\s*(?:,\s*|\(\s*)(?:{WITH_PARTNERS})\s+(?P<names>[^()]{{2,200}}?)\s*\)?\s*$",
    re.I,
)


def lead_and_partners(cell: str) -> tuple[str, list[str]] | None:
    """The lead organisation of a first cell and the partners it names: "Harstad kommune (med Kvæfjord og
    Ibestad)", "Orkdal kommune, i samarbeid med Agdenes", "Stavanger (Sandnes, Sola)"; None if not a name."""
    cell = cell.strip()
    if name_at(cell) == cell:
        return cell, []
    if m := _LEAD_WITH_PARTNERS.match(cell):
        name, names = m.group("name").strip(), split_name_list(m.group("names"))
        if name_at(name) == name and names and _all_short_names(names):
            return name, names
    lead, partners = split_recipient_cell(cell)
    if partners and name_at(lead) == lead:
        return lead, partners
    return None


def _partner_like(cell: str) -> int:
    """How a text cell votes on being the partner column: empty or a list of names (+1), quoted (-1)."""
    if not cell:
        return 1  # a project always has a title; only the partner cell may be left empty
    if cell[0] in "«\"“”'":
        return -1
    names = split_name_list(cell)
    return 1 if len(names) >= 2 and _all_short_names(names) else 0


def _title_column(rests: list[list[str]]) -> int:
    """Of the text cells after the name, the column holding the title: the one least like a partner list,
    judged over all rows (the first on a tie)."""
    best, best_score = 0, None
    for col in range(max(len(r) for r in rests)):
        cells = [r[col] for r in rests if col < len(r)]
        score = sum(_partner_like(c) for c in cells) / len(cells)
        if best_score is None or score < best_score:
            best, best_score = col, score
    return best


def _one_line_items(page: Page) -> list[tuple[str, str, list[str], object, set[int]]]:
    """ "Alstahaug kommune – Digitalt førstelinjeteam – 350 000 kr", "| Vågan kommune | Flakstad | Tittel |
    kr 400.000,- |": name, title and partners in either order, amount. No header is needed: the partner
    column is the one that is empty in some rows or holds lists of names."""
    rows = []
    for i, line in enumerate(page.lines):
        text = _ITEM_NUMBER.sub("", _BULLET.sub("", line.strip()))
        if i in page.consumed_lines or not text or len(text) > 220 or is_sum_row(text):
            continue
        if NOT_GRANTED_BEFORE.search(text):
            continue  # "Søkt beløp – ... – 500 000": applied for, budgeted or a total
        after_partners: list[str] = []
        if (bracket := _TRAILING_WITH.search(text)) and TRAILING_AMOUNT.search(text[: bracket.start()]):
            after_partners = split_name_list(bracket.group("names"))
            text = text[: bracket.start()]
        am = TRAILING_AMOUNT.search(text, max(0, len(text) - 64))
        money = (
            parse_amount_cell(am.group("amount"), 1.0, page.language, page.default_currency) if am else None
        )
        if money is None:
            continue
        body = text[: am.start()].strip()
        if "|" in body or "\t" in body:
            # A pipe or tab row keeps its empty cells, so each cell stays in its column.
            cells = [c.strip(" –—-:") for c in _CELL_SEPARATOR.split(body.strip("| \t"))]
        else:
            split = _DASH_SPLIT if len(_DASH_SPLIT.split(body.strip(" –—-:|"))) >= 2 else _PART_SPLIT
            cells = [p.strip(" –—-:|") for p in split.split(body.strip(" –—-:|")) if p.strip(" –—-:|")]
        if len(cells) == 1 and (m := _NAME_COMMA_TITLE.match(cells[0])):
            cells = [m.group("name"), m.group("title")]  # "Sundsvalls kommun, Digitala trygghetslarm 2.0"
        if len(cells) < 2 or not cells[0] or cells[0].split()[0].lower() in NOT_A_NAME:
            continue
        if (lead := lead_and_partners(cells[0])) is None or not any(cells[1:]):
            continue
        rows.append((i, lead[0], lead[1] + after_partners, cells[1:], money))
    if len(rows) < 2:
        return []  # one such line is a sentence, two or more are a list
    title_col = _title_column([rest for *_, rest, _money in rows])
    items = []
    for i, name, lead_partners, rest, money in rows:
        if title_col >= len(rest) or not rest[title_col]:
            title_col_here = next(k for k, c in enumerate(rest) if c)
        else:
            title_col_here = title_col
        others = [c for k, c in enumerate(rest) if k != title_col_here and c]
        partners = lead_partners + [p for c in others for p in split_name_list(c)]
        title = rest[title_col_here]
        if _AMONG_OTHERS.search(title):  # "«Digital heimeteneste», saman med Bremanger og Kinn"
            title, named = _split_title_and_partners(title, first=True)
            partners += named
        items.append((name, title.strip(" ,"), partners, money, {i}))
    return items


_LABEL_VALUE = re.compile(r"^\s*(?P<label>[^:\n]{2,40}?)\s*:\s*(?P<value>\S.*?)\s*$")


def _labelled_blocks(page: Page) -> list[tuple[str | None, str | None, list[str], object, set[int]]]:
    """Blocks of "Søker: X / Prosjekt: Y / Tildelt: 300 000 kr" lines, one block per grant."""
    items = []
    block: dict[str, str] = {}
    used: set[int] = set()

    def close() -> None:
        money = None
        if AMOUNT in block:
            money = parse_amount_cell(block[AMOUNT], 1.0, page.language, page.default_currency)
            if money is None and (found := find_money(block[AMOUNT], page.language, page.default_currency)):
                money = found[0]
        recipient, title = block.get(RECIPIENT), block.get(TITLE)
        if recipient is None and used and (heading := _block_heading(page, min(used))) is not None:
            # "Hol kommune" or "Vännäs kommun – Idésluss Vännäs" above "Prosjekt: ... / Tildelt: ..."
            recipient, heading_title = _org_and_title(page.lines[heading].strip())
            title = title or heading_title
            used.add(heading)
        if is_rejected_cell(block.get(_DECISION, "")):
            page.consumed_lines |= used  # "Beslut: Avslag": an application turned down, no reader takes it
        elif money is not None and (recipient or title):
            partners = split_name_list(block.get(PARTNERS, ""))
            items.append((recipient, title, partners, money, set(used)))

    for i, line in enumerate(page.lines):
        m = _LABEL_VALUE.match(line) if i not in page.consumed_lines else None
        if m and _DECISION_LABEL.fullmatch(m.group("label")):
            role = _DECISION  # "Beslut: Bifall" / "Vedtak: Avslag"
        else:
            if m and (is_sum_row(line) or header_role(m.group("label").split()[0]) is None):
                m = None  # "Total awarded: ..." is a sum; "Suldal municipality: Title" is a list item, not a label
            role = header_role(m.group("label")) if m else None
        if role is None or role == OTHER:
            continue
        if role in block:  # the same label again: a new grant starts
            close()
            block, used = {}, set()
        block[role] = m.group("value")
        used.add(i)
    close()
    return items if len(items) >= 1 and all(len(u) >= 2 for *_, u in items) else []


# The decision line of an application's card; its value says whether it was granted.
_DECISION = "decision"
_DECISION_LABEL = re.compile(r"\s*(?:beslut|vedtak|vedtaket|avgjerd|decision)\s*", re.I)
_HEADING_DASH = re.compile(r"\s+[–—-]\s+")


def _org_and_title(text: str) -> tuple[str, str | None]:
    """A card's heading: a bare name, or "Organisation – Title"."""
    parts = _HEADING_DASH.split(text, maxsplit=1)
    if len(parts) == 2 and name_at(parts[0]) == parts[0] and has_org_word(parts[0]):
        return parts[0], parts[1]
    return text, None


def _block_heading(page: Page, first: int) -> int | None:
    """The line naming a card's organisation right above its first label line, if it is a bare name or an
    organisation and a title ("Vännäs kommun – Idésluss Vännäs")."""
    k = first - 1
    while k >= 0 and not page.lines[k].strip():
        k -= 1
    text = page.lines[k].strip() if k >= 0 else ""
    if not text or k in page.consumed_lines or _LABEL_VALUE.match(text):
        return None
    text = _org_and_title(text)[0]
    if name_at(text) != text:
        return None
    if BOX_HEADING.match(text):
        return None  # "Fakta": a news item's fact box, whose recipient the text names
    return k if has_org_word(text) or (is_capitalised(text) and len(text.split()) <= 4) else None


_BRACKETED_PARTNERS = re.compile(r"\((?P<inner>[^()]{3,200})\)")


# "m/" abbreviates "med" in table cells: "Felles nettportal (m/ Lunner og Jevnaker)".
_TITLE_WITH_PARTNERS = re.compile(
    rf"^(?P<title>.+?)\s*\((?:(?:{WITH_PARTNERS})\s+|m/\s*)(?P<names>[^()]{{2,200}})\)\s*$", re.I
)


def _title_with_bracketed_partners(cell: str) -> tuple[str, list[str]]:
    """ "Felles beredskapsplattform (med Nannestad, Eidsvoll og Hurdal)" -> the title and the partners; a
    bracket that is not a list of names ("(med fokus på barn)") stays in the title."""
    m = _TITLE_WITH_PARTNERS.match(cell)
    names = split_name_list(m.group("names")) if m else []
    if names and _all_short_names(names):
        return m.group("title").strip(" –-"), names
    return cell, []


def _split_title_and_partners(body: str, first: bool) -> tuple[str, list[str]]:
    body = body.strip(" –—-:|")
    for m in _BRACKETED_PARTNERS.finditer(body):
        # "«Digital heimeteneste» (i samarbeid med Lindås og Meland)": partners in brackets.
        if (among := _AMONG_OTHERS.match(m.group("inner"))) is not None:
            title = (body[: m.start()] + " " + body[m.end() :]).strip(" –—-:|")
            return title, split_name_list(m.group("inner")[among.end() :])
    if m := _AMONG_OTHERS.search(body):
        return body[: m.start()].strip(), split_name_list(body[m.end() :])
    parts = [p for p in re.split(r"\s{2,}|\t", body) if p.strip()]
    if len(parts) >= 2:
        return parts[0].strip(), split_name_list(" ".join(parts[1:]))
    title, names = trailing_name_list(body)
    if names and (title or not first):
        return title, names
    return body, []


_SCHEME_HEADING = re.compile(rf"(?:{DISCRETIONARY.pattern})(?:\s+(?:til|for|until)\s+[\w -]{{3,60}})?", re.I)


def _scheme_sections(page: Page) -> list[tuple[int, str]]:
    """Headings naming a scheme each ("Prosjektskjønn" / "Skjønnsmidler til ekstraordinære hendelser"), when a
    page lists grants under two or more schemes; the items below a heading are under its scheme."""
    found = [
        (i, line.strip()) for i, line in enumerate(page.lines) if _SCHEME_HEADING.fullmatch(line.strip())
    ]
    return found if len({name.lower() for _, name in found}) >= 2 else []


def parse_allocation(page: Page) -> list[GrantRecord]:
    """Records from the tables and list items of an allocation page (marks their lines consumed)."""
    records: list[GrantRecord] = []
    base_year = page_year(page)
    programme = programme_name(page) or programme_of(page, "allocation")  # as for the page's prose records
    mention = page_funder(page, base_year)
    country = funder_names.country_of(mention, page.language)

    for table in find_tables(page.lines, page.language, page.default_currency):
        header_line = min(table.header_lines)
        year = _caption_year(page.lines, header_line) or base_year
        funder = funder_names.complete_funder(mention, page.text, year) if mention else None
        for row in table.rows:
            recipient = row.cells.get(RECIPIENT) or None
            title = row.cells.get(TITLE) or None
            partners = split_name_list(row.cells.get(PARTNERS, ""))
            if title and not partners:
                title, partners = _title_with_bracketed_partners(title)
            if recipient and not partners:
                recipient, partners = split_recipient_cell(recipient)
            records.append(
                _record(page, recipient, title, partners, row.amount, year, programme, funder, country)
            )
            page.consumed_lines |= row.line_indices
        page.consumed_lines |= table.header_lines
        page.consumed_lines |= set(range(header_line, table.end_line))
        if table.end_line < len(page.lines) and is_sum_row(page.lines[table.end_line]):
            page.consumed_lines.add(table.end_line)  # the sum row closing the table

    funder = funder_names.complete_funder(mention, page.text, base_year) if mention else None
    sections = _scheme_sections(page)
    page.consumed_lines |= applied_for_lists(page.lines)  # applications, not grants: no reader takes them
    # Each list reader skips the lines the previous ones consumed.
    for reader in (_labelled_blocks, _list_items, _amount_first_items, _amount_middle_items, _one_line_items):
        for recipient, title, partners, money, used in reader(page):
            scheme = next((name for line, name in reversed(sections) if line < min(used)), programme)
            records.append(
                _record(page, recipient, title, partners, money, base_year, scheme, funder, country)
            )
            page.consumed_lines |= used
    return records
