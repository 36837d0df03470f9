"""Vinnova project pages: one project, one grant, stated as labelled facts.

Swedish: Diarienummer / Koordinator / Bidrag från Vinnova / Projektets löptid / Status / Utlysning /
Ansökningsomgång. English: Reference number / Coordinator / Funding from Vinnova / Project duration /
Status / Venture / Call; the older project database: Beviljat belopp / Projektperiod / Program; a
municipality's own English page: "Facts about the project" / Grant from Vinnova / Programme. Values
follow the label on the same line, after spaces, a colon or a pipe
("Coordinator | Piteå kommun - KOMMUNLEDNINGSKONTORET |"). The project title is the line above the
first label.
"""

from __future__ import annotations

import re

from etl.documents import dates, news
from etl.documents.context import Page
from etl.documents.names import split_name_list
from etl.documents.numbers import find_money
from etl.documents.partners import project_page_partners
from etl.records import GrantRecord

_LABELS = {
    "reference": r"Diarienummer|Reference\s+number|Dnr",
    "coordinator": r"Koordinator|Coordinator|Projektkoordinator",
    "amount": r"Bidrag\s+från\s+Vinnova|(?:Funding|Grant)\s+from\s+Vinnova|Vinnovas\s+bidrag|"
    r"Beviljat\s+(?:belopp|bidrag)|Granted\s+(?:amount|funding)",
    "duration": r"Projektets\s+löptid|Project\s+duration|Projekttid|Projektperiod|Project\s+period",
    "status": r"Status",
    "programme": r"Utlysning|Venture|Programme|Program",
    "call": r"Ansökningsomgång|Call",
    "partners": r"Project\s+partners|Projektparter|Partners|Samarbetspartners|Parter",
}
_LABEL_LINE = {
    key: re.compile(rf"^\s*(?:{pattern})\s*(?:[|:]\s*)?(?P<value>.*?)\s*\|?\s*$", re.I)
    for key, pattern in _LABELS.items()
}
_ANY_LABEL = re.compile(rf"^\s*(?:{'|'.join(_LABELS.values())})\b", re.I)
_LABEL_ONLY = re.compile(rf"\s*(?:{'|'.join(_LABELS.values())})\s*", re.I)
_DIARIENUMMER = re.compile(r"(?<![\d-])(?:19|20)\d{2}-\d{5}(?![\d])")
_REFERENCE_ANYWHERE = re.compile(
    r"(?:Diarienummer|Reference\s+number|Dnr)\s*[:|]?\s*(?P<ref>(?:19|20)\d{2}-\d{5})(?![\d])", re.I
)
_BOX_HEADING = re.compile(
    r"(?:projektfakta|project\s+facts|fakta(?:\s+om\s+projektet)?|facts(?:\s+about\s+the\s+project)?|om\s+projektet|"
    r"about\s+the\s+project|"
    r"projektinformation|project\s+information|nyckeluppgifter|key\s+facts)\s*:?",
    re.I,
)
_FUNDED_BY = re.compile(r"\b(?:funded|financed|finansierat?|finansiert|finansieras)\s+(?:by|av)\b", re.I)
_BOILERPLATE = re.compile(
    r"javascript|e-services|e-tjänster|cookies?|logga\s+in|log\s+in|skip\s+to|gå\s+till|meny|menu", re.I
)


def _value_below(lines: list[str], index: int) -> str:
    """A definition-list copy puts the value on the line below its label (one blank line allowed).

    The next label, a heading-like long line or a second blank line means the label has no value.
    """
    blanks = 0
    for k in range(index + 1, min(len(lines), index + 4)):
        text = lines[k].strip()
        if not text:
            blanks += 1
            if blanks > 1:
                return ""
            continue
        if _ANY_LABEL.match(text) or len(text) > 200:
            return ""
        return text
    return ""


# The headings of a project page's description: a partner block under "Parter" ends at the first of them.
_SECTION_HEADING = re.compile(
    r"(?:viktiga\s+resultat|långsiktiga\s+effekter|(?:planerat\s+)?upplägg\s+och|syfte\s+och\s+mål|"
    r"förväntade\s+effekter|important\s+results|expected\s+(?:long\s+term\s+)?effects|"
    r"(?:planned\s+)?approach\s+and|purpose\s+and\s+goal|externa\s+länkar|external\s+links|"
    r"senast\s+uppdaterad|last\s+updated)",
    re.I,
)
MAX_BLOCK_LINES = 20


def _block_below(lines: list[str], index: int) -> list[str]:
    """ "Parter" with one organisation a line below it: the lines up to a blank line, the next label or a
    section heading. A long line or a sentence is description, not a name."""
    names: list[str] = []
    for line in lines[index + 1 : index + 1 + MAX_BLOCK_LINES]:
        text = line.strip(" |•·-–")
        if not text:
            if names:
                break
            continue
        if _ANY_LABEL.match(text) or _SECTION_HEADING.match(text) or len(text) > 100 or text.endswith("."):
            break
        names.append(text)
    return names


def _labelled_values(lines: list[str]) -> tuple[dict[str, str], int | None]:
    values: dict[str, str] = {}
    first_label_line = None
    for index, line in enumerate(lines):
        if len(line) > 300 or not _ANY_LABEL.match(line):
            continue
        for key, pattern in _LABEL_LINE.items():
            m = pattern.match(line)
            if not m:
                continue
            if first_label_line is None and key in ("reference", "coordinator", "amount", "partners"):
                first_label_line = index
            value = m.group("value").strip(" |:")
            if not value and _LABEL_ONLY.fullmatch(line.strip().strip(" |:")):
                below = _block_below(lines, index) if key == "partners" else [_value_below(lines, index)]
                value = "; ".join(below).strip(" |:")
            if key not in values or (not values[key] and value):
                values[key] = value
            break
    return values, first_label_line


def _title(lines: list[str], first_label_line: int | None) -> str | None:
    if first_label_line is None:
        return None
    for line in reversed(lines[:first_label_line]):
        text = line.strip()
        if not text or _BOX_HEADING.fullmatch(text):
            continue  # "Projektfakta" heads the fact box; the project's name is above it
        if _BOILERPLATE.search(text):
            return None
        if _FUNDED_BY.search(text) or (len(text) > 80 and re.search(r"[.!?]$", text)):
            # a page of the project's own (a municipality's) puts a description and a "funded by" line
            # between its heading and the fact box
            continue
        return text if len(text) <= 250 else None
    return None


def _box_start(lines: list[str], first_label_line: int | None) -> int | None:
    """The fact box's first line: labels in any order ("Status Pågående", "Projektperiod ...") may come
    above the first coordinator/amount/reference label; the title is above them all."""
    if first_label_line is None:
        return None
    start = first_label_line
    for k in range(first_label_line - 1, max(-1, first_label_line - 8), -1):
        text = lines[k].strip()
        if not text:
            continue
        if len(text) <= 120 and any((m := p.match(text)) and m.group("value") for p in _LABEL_LINE.values()):
            start = k
            continue
        break
    return start


# "Projektet har finansierats inom Vinnovas utlysning X.", "The project is part of the programme X": a page
# without a programme label names its call in the description, up to the sentence's end.
_PROSE_PROGRAMME = re.compile(
    r"(?:inom|within|part\s+of|under)\s+(?:Vinnovas\s+|Vinnova's\s+)?"
    r"(?:utlysningen|utlysning|programmet|the\s+programme|the\s+call|programme)\s+"
    r"(?P<name>[A-ZÅÄÖ][^.\n]{2,120}?)\s*(?=\.\s|\.?$)",
    re.M,
)


def parse_vinnova_page(page: Page) -> list[GrantRecord]:
    values, first_label_line = _labelled_values(page.lines)
    first_label_line = _box_start(page.lines, first_label_line)
    amount_value = values.get("amount") or ""
    money = find_money(amount_value, page.language, "SEK")
    if not money:
        # Pipe tables sometimes put the currency alone in a neighbouring cell.
        m = re.search(r"\d[\d  .,]*\d|\d", amount_value)
        money = find_money(f"SEK {m.group(0)}", page.language, "SEK") if m else []
    period = dates.find_period(values.get("duration") or "")
    start, end = period if period else (None, None)
    if start is None and values.get("duration"):
        start = dates.month_year(values["duration"])
    reference = None
    if m := _DIARIENUMMER.search(values.get("reference") or ""):
        reference = m.group(0)
    elif m := _REFERENCE_ANYWHERE.search(page.text):
        reference = m.group("ref")  # "Diarienummer 2016-04008" at the bottom of the page
    programme = values.get("programme") or None
    if programme and _DIARIENUMMER.search(programme):
        programme = None
    if not programme and (m := _PROSE_PROGRAMME.search(page.text)):
        programme = m.group("name").strip()
    if not programme and "programme" not in values and not _DIARIENUMMER.search(values.get("call") or "-"):
        programme = values.get("call") or None  # "Call Innovation management for ..." with no programme label
    partners = split_name_list(_partner_value(values["partners"])) if values.get("partners") else []
    if not partners:  # no "Partners" label: the description may name them ("I projektet ingår A, B och C")
        partners = news.page_partners(page.text) or project_page_partners(page.text)
    recipient = values.get("coordinator") or None
    if recipient:
        recipient = re.sub(r"\s+", " ", recipient)
    record = GrantRecord(
        funder="Vinnova",
        country="SE",
        recipient=recipient,
        # "ett samarbete mellan Västerviks kommun, ..." names the coordinator ("VÄSTERVIKS KOMMUN - Avd") too
        partners=[
            p for p in partners if news.recipient_key(p) != news.recipient_key(_organisation(recipient))
        ],
        title=_title(page.lines, first_label_line),
        amount=money[0].value if money else None,
        currency="SEK" if not money else (money[0].currency or "SEK"),
        year=int(start[:4]) if start else None,
        start_date=start,
        end_date=end,
        programme=programme,
        reference=reference,
        status=values.get("status") or None,
        amount_text=money[0].text if money else None,
        confidence=0.95 if money and recipient else 0.7,
    )
    return [record]


def _organisation(coordinator: str | None) -> str | None:
    """ "Piteå kommun - KOMMUNLEDNINGSKONTORET" -> "Piteå kommun": the department after " - " left out."""
    return coordinator.split(" - ")[0] if coordinator else None


def _partner_value(value: str) -> str:
    """ "är A, B och C. Införandet sker ..." (a sentence, not a label) -> "A, B och C"."""
    value = re.sub(r"^(?:är|er|are|is|were|var)\s+", "", value.strip(), flags=re.I)
    return re.split(r"[.!?](?:\s|$)", value, maxsplit=1)[0]
