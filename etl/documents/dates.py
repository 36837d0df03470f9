"""Dates, months and periods in Swedish, bokmål, nynorsk and English.

"november 2016 - juni 2020" -> ("2016-11", "2020-06"), "2020-2023" -> ("2020", "2023"),
"Publisert 09.09.2020" -> 2020-09-09, "08. juni" (year from context), "Jun 18, 2013", "2023-12-18".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MONTHS = {
    "januar": 1,
    "januari": 1,
    "january": 1,
    "jan": 1,
    "februar": 2,
    "februari": 2,
    "february": 2,
    "feb": 2,
    "mars": 3,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "mai": 5,
    "maj": 5,
    "may": 5,
    "juni": 6,
    "june": 6,
    "jun": 6,
    "juli": 7,
    "july": 7,
    "jul": 7,
    "august": 8,
    "augusti": 8,
    "aug": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "oktober": 10,
    "october": 10,
    "okt": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "desember": 12,
    "december": 12,
    "des": 12,
    "dec": 12,
}
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_YEAR = r"(?:19[5-9]\d|20[0-9]\d)"
_DASH = r"\s*(?:-|–|—|till|til|to|until)\s*"

_MONTH_YEAR = re.compile(rf"\b(?P<month>{_MONTH})\.?\s+(?P<year>{_YEAR})\b", re.I)
_MONTH_PERIOD = re.compile(
    rf"\b(?P<m1>{_MONTH})\.?\s+(?P<y1>{_YEAR}){_DASH}(?P<m2>{_MONTH})\.?\s+(?P<y2>{_YEAR})\b", re.I
)
# "2014-09-01 – 2015-06-30", "01.09.2014 - 30.06.2015": a period stated with full dates.
_ISO_PERIOD = re.compile(
    rf"(?<![\d-])(?P<y1>{_YEAR})-(?P<m1>0[1-9]|1[0-2])-(?P<d1>0[1-9]|[12]\d|3[01]){_DASH}"
    rf"(?P<y2>{_YEAR})-(?P<m2>0[1-9]|1[0-2])-(?P<d2>0[1-9]|[12]\d|3[01])(?![\d-])"
)
_DOTTED_PERIOD = re.compile(
    rf"(?<![\d.])(?P<d1>0?[1-9]|[12]\d|3[01])\.(?P<m1>0?[1-9]|1[0-2])\.(?P<y1>{_YEAR}){_DASH}"
    rf"(?P<d2>0?[1-9]|[12]\d|3[01])\.(?P<m2>0?[1-9]|1[0-2])\.(?P<y2>{_YEAR})(?![\d.])"
)
_YEAR_PERIOD = re.compile(rf"(?<![\d-])(?P<y1>{_YEAR})\s*[-–—/]\s*(?P<y2>\d{{4}}|\d{{2}})(?![\d-])")

_ISO_DATE = re.compile(rf"(?<!\d)(?P<y>{_YEAR})-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])(?!\d)")
_ISO_MONTH = re.compile(rf"(?<![\d-])(?P<y>{_YEAR})-(?P<m>0[1-9]|1[0-2])(?![\d-])")
# A news page's stamp with a two-digit year and a time: "03.03.21 10:14" (never a bare "03.03.21").
_DOTTED_SHORT = re.compile(
    r"(?<![\d.])(?P<d>0?[1-9]|[12]\d|3[01])\.(?P<m>0?[1-9]|1[0-2])\.(?P<yy>\d{2})(?=\s+(?:kl\.?\s*)?\d{1,2}[:.]\d{2}\b)"
)
_DOTTED = re.compile(rf"(?<![\d.])(?P<d>0?[1-9]|[12]\d|3[01])\.(?P<m>0?[1-9]|1[0-2])\.(?P<y>{_YEAR})(?!\d)")
_DAY_MONTH_YEAR = re.compile(
    rf"(?<!\d)(?P<d>0?[1-9]|[12]\d|3[01])\.?\s+(?P<month>{_MONTH})\.?,?\s+(?P<y>{_YEAR})\b", re.I
)
_MONTH_DAY_YEAR = re.compile(
    rf"\b(?P<month>{_MONTH})\.?\s+(?P<d>0?[1-9]|[12]\d|3[01]),?\s+(?P<y>{_YEAR})\b", re.I
)
_DAY_MONTH = re.compile(rf"(?<!\d)(?P<d>0?[1-9]|[12]\d|3[01])\.?\s+(?P<month>{_MONTH})\b(?!\.?\s*\d)", re.I)

_PUBLISHED_LABEL = re.compile(
    r"\b(?:publisert|publicerad|publicerat|published|posted|dato|datum|date)\b[^\n\d]{0,40}", re.I
)
_UPDATED_LABEL = re.compile(
    r"(?:senast\s+uppdaterad|sist\s+endr(?:et|a)|sist\s+oppdatert|last\s+updated|oppdatert|updated|"
    r"uppdaterad|endret|endra)\W{0,3}$",
    re.I,
)
_START_CUE = re.compile(
    r"\b(?:med\s+start|startar|starter|startet|starta|start(?:s|ed)?|from|fra|från|frå|begins?|börjar|begynner)"
    r"\s+(?:i\s+|in\s+|den\s+|on\s+)?$",
    re.I,
)


@dataclass(frozen=True)
class DateMention:
    iso: str  # "YYYY-MM-DD" or "YYYY-MM"
    year: int
    start: int
    end: int


def month_number(word: str) -> int | None:
    return MONTHS.get(word.lower().rstrip("."))


def month_year(text: str) -> str | None:
    """Month and year: "november 2016" -> "2016-11"."""
    m = _MONTH_YEAR.search(text)
    if not m:
        return None
    return f"{m.group('year')}-{month_number(m.group('month')):02d}"


def find_period(text: str) -> tuple[str, str] | None:
    """The first period in `text`: day precision for full dates, month precision when months are named,
    else years."""
    for pattern in (_ISO_PERIOD, _DOTTED_PERIOD):
        if m := pattern.search(text):
            start, end = (
                f"{m.group(f'y{k}')}-{int(m.group(f'm{k}')):02d}-{int(m.group(f'd{k}')):02d}" for k in (1, 2)
            )
            if start <= end:
                return start, end
    if m := _MONTH_PERIOD.search(text):
        return (
            f"{m.group('y1')}-{month_number(m.group('m1')):02d}",
            f"{m.group('y2')}-{month_number(m.group('m2')):02d}",
        )
    for m in _YEAR_PERIOD.finditer(text):
        y1, y2 = m.group("y1"), m.group("y2")
        if len(y2) == 2:
            y2 = y1[:2] + y2
        if 0 < int(y2) - int(y1) <= 15:
            return y1, y2
    return None


def find_dates(text: str) -> list[DateMention]:
    """Every full date (or ISO year-month) in `text`, in order of appearance."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []

    def add(y: str, mo: int, d: int | None, start: int, end: int) -> None:
        if any(s < end and start < e for s, e in taken):
            return
        taken.append((start, end))
        iso = f"{y}-{mo:02d}-{d:02d}" if d else f"{y}-{mo:02d}"
        found.append(DateMention(iso, int(y), start, end))

    for m in _ISO_DATE.finditer(text):
        add(m.group("y"), int(m.group("m")), int(m.group("d")), m.start(), m.end())
    for m in _DOTTED.finditer(text):
        add(m.group("y"), int(m.group("m")), int(m.group("d")), m.start(), m.end())
    for m in _DOTTED_SHORT.finditer(text):
        add(f"20{m.group('yy')}", int(m.group("m")), int(m.group("d")), m.start(), m.end())
    for m in _DAY_MONTH_YEAR.finditer(text):
        add(m.group("y"), month_number(m.group("month")), int(m.group("d")), m.start(), m.end())
    for m in _MONTH_DAY_YEAR.finditer(text):
        add(m.group("y"), month_number(m.group("month")), int(m.group("d")), m.start(), m.end())
    for m in _ISO_MONTH.finditer(text):
        add(m.group("y"), int(m.group("m")), None, m.start(), m.end())
    found.sort(key=lambda d: d.start)
    return found


def publication_date(text: str) -> DateMention | None:
    """When the page was published: a labelled date, else a date near the top that is not "last updated"."""
    for label in _PUBLISHED_LABEL.finditer(text):
        window = text[label.end() : label.end() + 40]
        dates = find_dates(window)
        if dates and dates[0].start <= 12:
            d = dates[0]
            return DateMention(d.iso, d.year, label.end() + d.start, label.end() + d.end)
    head = text[:700]
    for d in find_dates(head):
        if not _UPDATED_LABEL.search(head[max(0, d.start - 30) : d.start]):
            return d
    return None


def day_month_in(fragment: str, year: int | None) -> str | None:
    """A "08. juni" in `fragment` completed with `year` -> "YYYY-MM-DD" (None without a year)."""
    full = find_dates(fragment)
    for d in full:
        if len(d.iso) == 10:
            return d.iso
    if year is None:
        return None
    m = _DAY_MONTH.search(fragment)
    if not m:
        return None
    return f"{year}-{month_number(m.group('month')):02d}-{int(m.group('d')):02d}"


def start_date_in(text: str) -> str | None:
    """A stated start ("med start 1 januari 2024", "startar i juli 2013") -> ISO date or month."""
    for d in find_dates(text):
        if _START_CUE.search(text[max(0, d.start - 25) : d.start]):
            return d.iso
    for m in _MONTH_YEAR.finditer(text):
        if _START_CUE.search(text[max(0, m.start() - 25) : m.start()]):
            return f"{m.group('year')}-{month_number(m.group('month')):02d}"
    return None


# "Projektet pågår 2025–2027", "prosjektet varer fra 2022 til 2024", "the project runs 2021-2023".
_DURATION_CUE = re.compile(
    r"(?<![\w-])(?:pågår|löper|løper|varer|varar|runs|will\s+run|lasts|projektperiod(?:en)?|prosjektperiode(?:n)?|"
    r"project\s+period)(?![\w-])\s*(?:(?:under|i|in|from|fra|från|frå|mellom|mellan|between|er|är|is)\s+|:\s*)?",
    re.I,
)


def project_period(text: str) -> tuple[str, str] | None:
    """A period stated as the project's duration ("Projektet pågår 2025–2027"), right after the cue."""
    for m in _DURATION_CUE.finditer(text):
        window = text[m.end() : m.end() + 40]
        if period := find_period(window):
            start = window.find(period[0][:4])
            if 0 <= start <= 12:
                return period
    return None


def years_in(text: str) -> list[int]:
    return [int(y) for y in re.findall(rf"(?<![\d-]){_YEAR}(?![\d-])", text)]
