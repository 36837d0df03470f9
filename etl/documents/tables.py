"""Allocation tables as saved pages flatten them, read by their header words, in any column order.

Three layouts occur:
- one cell per line ("Kommune / Samarbeidspartnere / Prosjekt / Tildelt beløp", then four lines a row;
  a long title may spill onto two lines, an empty partner cell may vanish);
- one row per line with cells separated by tabs, pipes or runs of spaces (HTML rendered as text);
- one row per line with single spaces ("Søkjar Prosjekt Endeleg medfinansiering", then
  "Arbeidstilsynet Felles arkitektur for tilsynsmyndigheter 7 008 505").

Rows are anchored on the amount cell. Sum/total rows end a table; a row cut off before its amount
(a truncated page) is dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from etl.documents.lexicon import is_subtotal_row, is_sum_row
from etl.documents.names import has_org_word, is_capitalised, name_at
from etl.documents.numbers import Money, parse_amount_cell, scale_from_header, scale_from_note

RECIPIENT, PARTNERS, TITLE, AMOUNT, OTHER_AMOUNT, OTHER = (
    "recipient",
    "partners",
    "title",
    "amount",
    "other_amount",
    "other",
)

# Word stems of "granted" in nb / nn / sv / en: tildelt, tilsagn, innvilga, løyvd, bevilget,
# beviljade medel, tilldelat, tilskudd/tilskot, stønad, støtte, stöd, bidrag, granted, awarded, funding.
_GRANTED_WORDS = re.compile(
    r"tildel|tildlet|tilsag|tilldel|beløp|belopp|bevilg|bevilj|innvilg|løyv|tilskud|tilskot|støtt|stønad|"
    r"stöd|bidrag|medfinansiering|utbetal|^kr\.?$|kroner|kronor|\bnok\b|\bsek\b|amount|grant|award|"
    r"funding|allocat|^medel\b|\bmedel$|^sum\b|\(kr\)|\bi\s+kr\b",
    re.I,
)

_ROLE_PATTERNS = [
    (
        OTHER_AMOUNT,
        # Applied for, budgeted, own share, a cap or a total: amounts that are not the grant.
        re.compile(
            r"søkt|omsøkt|søknadsbeløp|søknadssum|sökt|ansökt|budsjett|budget|kostnad|egenandel|eigendel|"
            r"egenfinansier|eigenfinansier|egeninnsats|eigeninnsats|egeninsats|own\s+contribution|co-?financ|"
            r"totalramme|applied|requested|total\s+project|maks|maksimalt|\bmax|maximum|inntil|høgst|högst|"
            r"up\s+to|upp\s+till|^total[te]?$|\bcost",
            re.I,
        ),
    ),
    (AMOUNT, _GRANTED_WORDS),
    (
        PARTNERS,
        re.compile(
            r"samarbeid|partner|^parter(?:na)?$|deltak|involverte|medsøk|andre\s+kommun|samverkan|øvrige\s+kommun",
            re.I,
        ),
    ),
    (
        RECIPIENT,
        re.compile(
            r"^kommun(?:e|en|ar|er)?$|^søk(?:er|jar|ar)$|^søkere$|mottak|mottag|prosjekteier|prosjekteigar|"
            r"prosjektansvarl|ansvarleg|ansvarlig|organisasjon|virksomhet|verksemd|^etat$|^sökande$|"
            r"koordinator|coordinator|projektägare|huvudsökande|project\s+owner|lead\s+partner|recipient|applicant|"
            r"municipality|organi[sz]ation|beneficiary|^kommune/region$",
            re.I,
        ),
    ),
    (
        TITLE,
        re.compile(
            # not the project's period ("Projekttid", "Prosjektperiode", "Project period")
            r"^(?:prosjekt|projekt|project)(?!\s*(?:tid|perio|period|duration))|prosjektnavn|prosjektnamn|tittel|"
            r"^tiltak|formål|føremål|beskrivelse|skildring|^title|namn\s+på|navn\s+på|aktivitet",
            re.I,
        ),
    ),
    (
        OTHER,
        re.compile(
            # a case or file number ("Saksnr.", "Diarienummer", "Ref.") identifies the application, nothing more
            r"^fylke|^län$|^county$|^region$|^år$|^periode|^status|^nr\.?$|^kategori|^type$|^tema$|^dato$|"
            r"^(?:antal|antall|tal\s+på|number\s+of)\s+(?:projekt|prosjekt|project)\w*$|"
            r"^saks?n(?:r|ummer)\.?$|^arkiv(?:nr|sak)\.?$|^diarie?n(?:r|ummer)\.?$|^dnr\.?$|^ref\.?$|^case\s+no\.?$",
            re.I,
        ),
    ),
]
_THREE_DIGITS = re.compile(r"\d{3}")
# A span of years or "since <year>" in an amount header: a running total per organisation.
_CUMULATIVE = re.compile(
    r"(?<!\d)(?:19|20)\d\d\s*[–—-]\s*(?:19|20)?\d\d(?!\d)|(?:sedan|siden|sidan|since)\s+(?:19|20)\d\d", re.I
)
# A receiving party named by a compound of a grant word ("Tilskuddsmottaker", "Bidragsmottagare"), or the
# applying / lead municipality ("Søkjarkommune", "Søkerkommune", "Vertskommune", "Ansvarleg kommune").
_RECIPIENT_COMPOUND = re.compile(
    r"\w(?:mottak\w*|mottag\w*|eier|eigar|recipients?)$|^(?:søk(?:er|jar|ar|nads)|sökande|vert|värd|ansvar\w*|"
    r"hoved|hovud|lead|applicant)s?\s?kommun(?:e|en|a|ar|er)?$|^(?:lead|applying)\s+municipality$",
    re.I,
)
# "Tildelte prosjekter", "Innvilga søknader": a caption naming what was granted, not a column.
_GRANTED_CAPTION = re.compile(
    r"(?:tildelte|tildelade|innvilga|innvilgede|innvilgete|løyvde|bevilgede|bevilga|beviljade|støttede|"
    r"granted|funded|awarded)\s+(?:prosjekt\w*|projekt\w*|tiltak\w*|søknad\w*|ansökning\w*|kommun\w*|"
    r"projects|applications|municipalities)",
    re.I,
)
# Words of a caption above a table ("Oversikt over tildelte midler", "Følgende prosjekter"), not a header.
_CAPTION = re.compile(
    r"(?<![\w-])(?:oversikt|oversyn|over|følgende|følgjande|tabell\w*|liste|lista|list|table|disse|desse|dessa|"
    r"these|nedenfor|nedanfor|nedan|below)(?![\w-])",
    re.I,
)
_FINITE_VERB = re.compile(r"\b(?:har|er|ble|vart|fått|får|fekk|fikk|är|has|have|were|was)\b", re.I)
# Tabs, pipes, runs of spaces, or the semicolons of a spreadsheet export ("Kommune;Prosjekt;Tilsagn").
_CELL_SPLIT = re.compile(r"\t+|\s*[|;]\s*|\s{2,}")
# Scale words an amount cell may carry ("0,8 mill. kr", "1,2 MNOK", "850 tkr").
_CELL_SCALE = (
    r"(?:mill\.?|millioner|millionar|million|miljoner|miljon|mio\.?|mnkr|mkr|mnok|msek|mrd\.?|milliarder|"
    r"tkr|tnok|tsek|ksek|tusen)"
)
TRAILING_AMOUNT = re.compile(
    # a scaled amount first, so that "1 900 tkr" is read whole and not as "1" and "900 tkr"
    # (grouped digits never start inside another number: "2.0 350" is a title's "2.0" and 350)
    rf"(?P<amount>(?:(?:kr\.?|NOK|SEK)\s?)?(?<![\d.,])[1-9]\d{{0,2}}(?:[ \u00a0\u2009\u202f]\d{{3}})+\s?{_CELL_SCALE}"
    r"(?:\s?(?:kr\.?|kroner|kronor|NOK|SEK))?"
    r"|(?:(?:kr\.?|NOK|SEK)\s?)?(?<![\d.,])[1-9]\d{0,2}(?:[ \u00a0\u2009\u202f.]\d{3})+(?:,-|,\d{1,2})?"
    r"(?:\s*(?:kr\.?|kroner|kronor|NOK|SEK))?"
    rf"|(?:(?:kr\.?|NOK|SEK)\s?)?\d+(?:[.,]\d{{1,3}})?\s?{_CELL_SCALE}(?:\s?(?:kr\.?|kroner|kronor|NOK|SEK))?"
    r"|(?<![\w-])(?:MNOK|MSEK|MNSEK|MNKR|TNOK|TSEK|MEUR)\s?\d+(?:[.,]\d{1,3})?"  # the scale first: "MNOK 1,0"
    r"|(?:NOK|SEK|EUR)\s?[1-9]\d{0,2}(?:,\d{3})+(?![\d,])"  # English grouping after a code: "NOK 1,500,000"
    r"|(?:kr\.?|NOK|SEK)\s?\d+(?:,-)?|\d+,\d{1,3}|\d{1,3}(?:[ \u00a0.]\d{3})*['’´](?:\s?(?:kr\.?|kroner|kronor|NOK|SEK))?)\s*\|?\s*$",
    re.I,
)


@dataclass
class Column:
    role: str
    header: str
    scale: float = 1.0


@dataclass
class TableRow:
    cells: dict[str, str]
    amount: Money
    line_indices: set[int] = field(default_factory=set)


@dataclass
class Table:
    columns: list[Column]
    rows: list[TableRow]
    header_lines: set[int]
    end_line: int


# Units and plural markers inside a header cell: "Tildelt (i 1000 kr)", "Beløp (mill. kr)", "Kommune(r)".
_HEADER_UNIT = re.compile(
    r"\(\s*(?:i\s+|in\s+)?(?:hele\s+|heile\s+)?(?:1[\s.]?000|tusen|mill\.?|millioner|millionar|miljoner|tkr|mkr|mnkr|"
    r"mnok|tnok|tsek|msek|kr\.?|kroner|kronor|nok|sek|eur|thousands?|millions?)(?:\s*(?:kr\.?|kroner|kronor|nok|sek|eur))?"
    r"\s*\)|(?<![\w-])(?:i|in)\s+(?:hele\s+|heile\s+)?(?:1[\s.]?000|tusen|mill\.?|millioner|millionar|miljoner)"
    r"(?:\s*(?:kr\.?|kroner|kronor|nok|sek))?(?![\w-])",
    re.I,
)
_PLURAL_MARK = re.compile(r"(?<=\w)\s?\((?:r|er|ar|e|a|ne|s|es)\)", re.I)


def _header_text(cell: str) -> str:
    text = _PLURAL_MARK.sub("", cell)
    return re.sub(r"\s+", " ", _HEADER_UNIT.sub(" ", text)).strip()


@lru_cache(maxsize=4096)
def header_role(cell: str) -> str | None:
    raw = cell.strip()
    text = raw.strip(":*").strip()
    if "(" in text or re.search(r"(?i)\b(?:i|in)\s", text):
        stripped = _header_text(text)
        if not stripped and _HEADER_UNIT.search(text):
            return AMOUNT  # a header that is only a unit: "(kr)", "(i 1000 kr)"
        text = stripped
    if _CUMULATIVE.search(text) and _GRANTED_WORDS.search(text):
        return OTHER_AMOUNT  # "Beviljat totalt 2015–2023 (tkr)": money summed over years, not one grant
    # Header cells are short labels; a sentence that mentions "tildelt" is not one.
    if not text or len(text) > 60 or len(text.split()) > 5 or raw.endswith(":") or _THREE_DIGITS.search(text):
        return None
    if _FINITE_VERB.search(text) or _CAPTION.search(text):
        return None
    if _RECIPIENT_COMPOUND.search(text):
        return RECIPIENT  # "Tilsagnsmottaker", "Stödmottagare": who receives, not how much
    if _GRANTED_CAPTION.fullmatch(text):
        return None  # "Tildelte prosjekter": a heading over the table, not a column
    for role, pattern in _ROLE_PATTERNS:
        if pattern.search(text):
            return role
    return None


def _split_header_words(line: str) -> list[str] | None:
    """A single-spaced header line -> its header cells, or None when some words are not header words."""
    words = re.findall(r"\([^()]*\)|[^\s()]+", line)  # "Tildelt (i 1000 kr)": the bracket is one word
    if not 2 <= len(words) <= 10:
        return None
    cells: list[str] = []
    i = 0
    while i < len(words):
        for size in (3, 2, 1):
            if i + size > len(words):
                continue
            group = " ".join(words[i : i + size])
            role = header_role(group)
            if not role:
                continue
            # "Søkjar Prosjekt" is two headers; "Tildelt beløp" and "Søkt beløp" are one.
            inner = [header_role(w) for w in words[i : i + size]] if size > 1 else []
            if any(r not in (None, role) and not (role == OTHER_AMOUNT and r == AMOUNT) for r in inner):
                continue
            cells.append(group)
            i += size
            break
        else:
            return None
    return cells if len(cells) >= 2 else None


def _columns(cells: list[str]) -> list[Column] | None:
    roles = [header_role(c) for c in cells]
    if any(r is None for r in roles) or AMOUNT not in roles:
        return None
    if RECIPIENT not in roles and TITLE not in roles:
        return None
    return [Column(r, c, scale_from_header(c)) for r, c in zip(roles, cells, strict=True)]


def _is_end_cell(cell: str) -> bool:
    text = cell.strip()
    return (is_sum_row(text) and not is_subtotal_row(text)) or (len(text) > 160 and ". " in text)


# The granted cell of a rejected application: no grant, but a cell all the same (the row must not shift).
_REJECTED = re.compile(
    r"^\s*(?:avslag|avslått|avslege|avslegen|avslagen|avslaget|avvist|avvist\w*|ikke\s+(?:innvilget|tildelt|støttet)|"
    r"ikkje\s+(?:innvilga|løyvd|tildelt|støtta)|ingen\s+tildeling|ikke\s+prioritert|ikkje\s+prioritert|nei|"
    r"ej\s+beviljad|ej\s+beviljat|avslogs|rejected|declined|not\s+funded|0(?:[,.]0+)?(?:\s*(?:kr|,-))?|kr\.?\s*0|"
    r"0\s*kr)\s*\.?\s*$",
    re.I,
)
_EMPTY_MARK = re.compile(r"^\s*[-–—−]\s*$")


def is_rejected_cell(cell: str, text_cells_complete: bool = True) -> bool:
    """A granted cell saying "not granted": "Avslag", "0", or a dash where the row's text cells are complete."""
    return bool(_REJECTED.match(cell)) or (text_cells_complete and bool(_EMPTY_MARK.match(cell)))


def find_tables(lines: list[str], language: str | None, currency: str | None) -> list[Table]:
    tables: list[Table] = []
    i = 0
    n = len(lines)
    while i < n:
        found = _header_at(lines, i)
        if not found:
            i += 1
            continue
        columns, header_lines, mode = found
        _apply_unit_note(lines, min(header_lines), columns)
        after = max(header_lines) + 1
        if mode == "stream":
            table = _read_stream(lines, after, columns, language, currency)
        else:
            table = _read_line_rows(lines, after, columns, language, currency, mode)
        table.header_lines = header_lines
        if table.rows:
            tables.append(table)
        i = max(table.end_line, after)
    return tables


def applied_for_lists(lines: list[str]) -> set[int]:
    """The lines of tables whose only amount column is applied for ("Applicant | Project | Applied amount") or
    summed over years ("Kommun | Antal projekt | Beviljat 2015–2023"): applications before any decision or
    running totals, whose rows are not grants."""
    out: set[int] = set()
    for i, line in enumerate(lines):
        cells = [c for c in _CELL_SPLIT.split(line.strip()) if c.strip()]
        roles = [header_role(c) for c in cells]
        if len(cells) < 2 or None in roles or AMOUNT in roles or OTHER_AMOUNT not in roles:
            continue
        if RECIPIENT not in roles and TITLE not in roles:
            continue
        j = i + 1
        while j < len(lines) and TRAILING_AMOUNT.search(lines[j].strip(), max(0, len(lines[j].strip()) - 64)):
            j += 1
        if j > i + 1:
            out |= set(range(i, j))
    return out


def _apply_unit_note(lines: list[str], header_line: int, columns: list[Column]) -> None:
    """ "Tildelingene er oppgitt i tusen kroner" just above a table scales its unscaled amount columns."""
    seen = 0
    for k in range(header_line - 1, -1, -1):
        text = lines[k].strip()
        if not text:
            continue
        scale = scale_from_note(text)
        if scale != 1.0:
            for col in columns:
                if col.role in (AMOUNT, OTHER_AMOUNT) and col.scale == 1.0:
                    col.scale = scale
            return
        seen += 1
        if seen >= 4:
            return


def _header_at(lines: list[str], i: int) -> tuple[list[Column], set[int], str] | None:
    line = lines[i].strip()
    if not line or _GRANTED_CAPTION.fullmatch(line.rstrip(":")):
        return None
    cells = [c for c in _CELL_SPLIT.split(line) if c.strip()]
    if len(cells) >= 2 and (cols := _columns(cells)):
        return cols, {i}, "cells"
    # "Beviljade projekt (tkr):" leads into a list: a caption, not a header row of single-spaced words
    if not line.endswith(":") and (words := _split_header_words(line)) and (cols := _columns(words)):
        # "Beviljat / bidrag (tkr)": a header cell wrapped onto the next line, with the table's unit
        if i + 1 < len(lines) and _HEADER_WRAP.fullmatch(lines[i + 1].strip()):
            words = [*words[:-1], f"{words[-1]} {lines[i + 1].strip()}"]
            if wrapped := _columns(words):
                return wrapped, {i, i + 1}, "words"
        return cols, {i}, "words"
    # One header cell per line: collect consecutive header-word lines (blank lines between allowed).
    if not header_role(line):
        return None
    cells, used = [], []
    j = i
    while j < len(lines) and len(cells) < 8:
        text = lines[j].strip()
        if not text:
            j += 1
            continue
        if not header_role(text) or (j > i and len([c for c in _CELL_SPLIT.split(text) if c.strip()]) > 1):
            break  # a line of several cells is a header row of its own, not one more header cell
        cells.append(text)
        used.append(j)
        j += 1
    if len(cells) >= 2 and (cols := _columns(cells)):
        return cols, set(used), "stream"
    return None


def _assign(cells: list[str], columns: list[Column]) -> dict[str, str]:
    """Text cells of one row -> roles, merging spill-over into the title and dropping missing partners."""
    text_cols = [c for c in columns if c.role not in (AMOUNT, OTHER_AMOUNT)]
    cells = [c.strip() for c in cells if c.strip()]
    out: dict[str, str] = {}
    if not text_cols or not cells:
        return out
    if len(cells) < len(text_cols):
        # A vanished empty cell: partners first, then "other" columns.
        for drop in (PARTNERS, OTHER):
            while len(cells) < len(text_cols) and any(c.role == drop for c in text_cols):
                idx = max(k for k, c in enumerate(text_cols) if c.role == drop)
                text_cols = text_cols[:idx] + text_cols[idx + 1 :]
    if len(cells) > len(text_cols):
        flex = next((k for k, c in enumerate(text_cols) if c.role == TITLE), len(text_cols) - 1)
        head = cells[:flex]
        tail_len = len(text_cols) - flex - 1
        tail = cells[len(cells) - tail_len :] if tail_len else []
        middle = cells[flex : len(cells) - tail_len]
        cells = [*head, " ".join(middle), *tail]
    for col, cell in zip(text_cols, cells, strict=False):
        if col.role in out:
            out[col.role] += " " + cell
        else:
            out[col.role] = cell
    return out


def _granted_amount(values: list[tuple[Column, Money | None]]) -> Money | None:
    for col, money in values:
        if col.role == AMOUNT:
            return money  # None for a rejected application
    return None


def _read_stream(lines, start, columns, language, currency) -> Table:
    """One cell per line. A row is its text cells, then its amount cells; the amounts anchor the rows.

    A granted cell that says "Avslag", "0" or "–" closes its row without a grant (so the next row does
    not shift), and a new header or a sum row ends the table; a budget word in a title cell does not.
    """
    amount_positions = [k for k, c in enumerate(columns) if c.role in (AMOUNT, OTHER_AMOUNT)]
    first_amount = amount_positions[0]
    lead_text = [c for c in columns[:first_amount] if c.role not in (AMOUNT, OTHER_AMOUNT)]
    max_pending = 2 * len(lead_text) + 2  # spill-over allowed; beyond this the table has ended
    rows: list[TableRow] = []
    pending: list[tuple[int, str]] = []
    j = start
    end = start
    n = len(lines)
    while j < n:
        text = lines[j].strip()
        if not text:
            j += 1
            continue
        if _is_end_cell(text) or (not pending and rows and _header_at(lines, j)):
            end = j
            break
        money = parse_amount_cell(text, columns[first_amount].scale, language, currency)
        rejected = (
            money is None
            and columns[first_amount].role == AMOUNT
            and is_rejected_cell(text, len(pending) >= len(lead_text))
        )
        if money is None and not rejected:
            if len(pending) >= max_pending:
                end = pending[0][0]
                break
            pending.append((j, text))
            j += 1
            end = j
            continue
        # The amount cell, then any columns to its right.
        amounts: list[tuple[Column, Money | None]] = [(columns[first_amount], money)]
        used = {j}
        trailing_cells: list[str] = []
        k = j + 1
        for col in columns[first_amount + 1 :]:
            while k < n and not lines[k].strip():
                k += 1
            if k >= n:
                break
            cell = lines[k].strip()
            if col.role in (AMOUNT, OTHER_AMOUNT):
                m = parse_amount_cell(cell, col.scale, language, currency)
                if m is None and not (col.role == AMOUNT and is_rejected_cell(cell)):
                    break
                amounts.append((col, m))
            else:
                if _is_end_cell(cell) or parse_amount_cell(cell, 1.0, language, currency):
                    break
                trailing_cells.append(cell)
            used.add(k)
            k += 1
        granted = _granted_amount(amounts)
        lead_cols = columns[:first_amount] + [
            c for c in columns[first_amount + 1 :] if c.role not in (AMOUNT, OTHER_AMOUNT)
        ]
        cells = _assign([c for _, c in pending] + trailing_cells, lead_cols)
        if granted is not None and cells:
            rows.append(TableRow(cells, granted, {idx for idx, _ in pending} | used))
        pending = []
        j = k
        end = j
    else:
        end = len(lines)
    return Table(columns, rows, set(), end)


_HEADER_WRAP = re.compile(r"[a-zæøåäö]{2,14}\.?(?:\s+\([^()]{1,20}\))?|\([^()]{1,20}\)")
# An organisation that ends a row, by its last word: "Bergs kommun", "Fosen regionråd", "Region Jämtland".
_TRAILING_ORG = re.compile(
    r"^(?P<title>.+?)\s+(?P<org>(?:[A-ZÆØÅÄÖ][\w'’.-]*\s+){1,3}(?:kommune|kommun|stad|herad|fylkeskommune|"
    r"regionråd|kommunalförbund|IKS|AB|AS|universitet|högskola|høgskole)|Region\s+[A-ZÆØÅÄÖ][\w-]*(?:\s+[A-ZÆØÅÄÖ][\w-]*)?)$"
)


def split_title_and_org(text: str) -> tuple[str, str]:
    """ "Smart snöröjning Åre Åre kommun" -> ("Smart snöröjning Åre", "Åre kommun"): the organisation is the
    capitalised words before an organisation word at the end of the row ("" when there is none)."""
    text = text.strip()
    if m := _TRAILING_ORG.match(text):
        words = text.split()
        if words[-1] in ("kommun", "kommune", "stad", "herad") and len(words) >= 3:
            return " ".join(words[:-2]), " ".join(words[-2:])  # a municipality is one name and its suffix
        return m.group("title"), m.group("org")
    return "", ""


_NAME_THEN_BRACKET = re.compile(r"^(?P<org>[^()]{2,60}?)\s*\((?P<desc>[^()]{2,60})\)\s+(?P<rest>\S.*)$")
_LEGAL_FORMS = {"IKS", "AS", "ASA", "AB", "SA", "KF", "HF", "BA", "IKA", "KO", "Ltd", "AB)"}


def split_org_and_title(text: str) -> tuple[str, str]:
    """Split "Arbeidstilsynet Felles arkitektur ..." -> ("Arbeidstilsynet", "Felles arkitektur ...").

    The organisation name ends at the first word that is followed by a capitalised word, unless it is
    a genitive ("Statens"), ends in a hyphen ("Arbeids-") or is followed by an abbreviation in brackets.
    """
    if m := _NAME_THEN_BRACKET.match(text):
        # "Østre Agder (interkommunalt samarbeid) Felles barnevernsvakt": the bracket describes the name
        name_words = m.group("org").split()
        if is_capitalised(m.group("rest")) and all(is_capitalised(w) or w in ("og", "i") for w in name_words):
            return m.group("org"), m.group("rest")
    words = text.split()
    for k in range(len(words) - 1):
        word, following = words[k], words[k + 1]
        if following.startswith("(") or following in _LEGAL_FORMS:
            continue  # "Sunnmøre regionråd IKS Digital ...": the legal form belongs to the name
        if word.endswith("-") or word.lower() in ("og", "for", "i", "av", "och", "för", "&"):
            continue
        if k == 0 and re.search(r"(?:en|et|a)s$", word) and word[0].isupper():
            continue  # a definite genitive opens a longer name: "Statens Sivilrettsforvaltning"
        if is_capitalised(following):
            return " ".join(words[: k + 1]), " ".join(words[k + 1 :])
    name = name_at(text) or ""
    return name, text[len(name) :].strip()


_SEPARATOR = re.compile(r"\s*[|;]\s*|\t")


def _separated_cells(text: str, count: int) -> list[str] | None:
    """The cells of a row written with pipes, tabs or semicolons, empty ones kept, when there are `count` of them."""
    if not any(sep in text for sep in "|\t;"):
        return None
    cells = _SEPARATOR.split(text.strip())
    if len(cells) > count and not cells[0].strip():
        cells = cells[1:]  # "| a | b |": the outer pipes
    if len(cells) > count and not cells[-1].strip():
        cells = cells[:-1]
    return cells if len(cells) == count else None


# A bare figure at the end of a row, for a column whose header or note gives the unit (thousands, millions).
_BARE_SCALED = re.compile(r"(?<=\s)(?P<amount>\d{1,3}(?:[ \u00a0]\d{3})*(?:[.,]\d{1,3})?)\s*\|?\s*$")
_UNIT_ONLY = re.compile(r"(?:kr\.?|kroner|kronor|nok|sek|,-)", re.I)
_HEADER_TAIL = re.compile(r"[a-zæøåäö]{2,14}\.?")  # one lower-case word under the header: "beløp", "(kr)"


def _whole_row(text: str, title_first: bool = False) -> bool:
    """ "Trondheim kommune Digital hjemmeoppfølging", "Værnesregionen Felles responssenter": an organisation and
    a title on one line (not "Felles kundegrensesnitt", a title whose organisation stood on the line above)."""
    if title_first:
        return all(split_title_and_org(text))
    org, title = split_org_and_title(text)
    return bool(org and title) and (has_org_word(org) or title[:1].isupper())


def _read_line_rows(lines, start, columns, language, currency, mode) -> Table:
    amount_cols = [c for c in columns if c.role in (AMOUNT, OTHER_AMOUNT)]
    text_cols = [c for c in columns if c.role not in (AMOUNT, OTHER_AMOUNT)]
    rows: list[TableRow] = []
    pending: list[tuple[int, str]] = []
    misses = 0
    j = start
    end = start
    while j < len(lines):
        raw = lines[j]
        text = raw.strip()
        j += 1
        if not text:
            continue
        if _is_end_cell(text):
            end = j
            break
        if _UNIT_ONLY.fullmatch(text) or (not rows and not pending and _HEADER_TAIL.fullmatch(text)):
            # "kr" wrapped onto a line of its own, or a header cell's second line ("Tildelt / beløp")
            end = j
            continue
        if is_sum_row(text):
            pending, misses = [], 0  # "Sum Trøndelag sør 2 250 000": a subtotal, and it ends a group
            end = j
            continue
        cells = [c for c in _CELL_SPLIT.split(text) if c.strip()]
        moneys: list[tuple[Column, Money]] = []
        if mode == "cells" and len(cells) >= 2:
            # Explicit separators keep an empty cell in its column ("Nordre Land | Tittel | | 300 000").
            row_cells = _separated_cells(text, len(columns)) or cells
            if (
                len(row_cells) == len(columns) - 1
                and [c.role for c in columns[:2]] == [RECIPIENT, TITLE]
                and all(split_org_and_title(row_cells[0]))
                and has_org_word(split_org_and_title(row_cells[0])[0])
            ):
                # "Tvedestrand kommune Felles IKT for Østre Agder": a long name ran into the title's column
                row_cells = [*split_org_and_title(row_cells[0]), *row_cells[1:]]
            if len(row_cells) == len(columns):
                for col, cell in zip(columns, row_cells, strict=True):
                    if col.role in (AMOUNT, OTHER_AMOUNT) and (
                        m := parse_amount_cell(cell, col.scale, language, currency)
                    ):
                        moneys.append((col, m))
                granted = _granted_amount(moneys)
                if granted:
                    row = {
                        col.role: cell.strip()
                        for col, cell in zip(columns, row_cells, strict=True)
                        if col.role not in (AMOUNT, OTHER_AMOUNT) and cell.strip()
                    }
                    rows.append(TableRow(row, granted, {j - 1}))
                    pending, misses = [], 0
                    end = j
                    continue
        if len(cells) >= 2 and columns[-1].role == AMOUNT and is_rejected_cell(cells[-1]):
            # "Verdal kommune | Ny organisering | 350 000 | Avslag": a rejected application, no grant.
            pending, misses = [], 0
            end = j
            continue
        m = TRAILING_AMOUNT.search(text, max(0, len(text) - 64))  # only the tail: bounded work
        if m is None and amount_cols[-1].scale != 1.0:
            m = _BARE_SCALED.search(text, max(0, len(text) - 24))  # "... 800" under "(beløp i 1000 kr)"
            if m and len(text[: m.start()].split()) < 2:
                m = None  # "Steg 1": a group heading with a number in it, not a row
        money = parse_amount_cell(m.group("amount"), amount_cols[-1].scale, language, currency) if m else None
        if money is None or amount_cols[-1].role != AMOUNT:
            if money is None and len(text) <= 120 and not text.endswith(("?", ":", ".")):
                pending.append((j - 1, text))
                misses += 1
                if misses > 2:
                    end = j
                    break
                continue
            end = j
            break
        body = text[: m.start()].strip()
        if not re.search(r"[^\W\d_]", body) and not pending:
            pending, misses = [], misses + 1  # "2021 47 44 950 13 900": figures only, no one named
            end = j
            continue
        parts = [c for c in _CELL_SPLIT.split(body) if c.strip()]
        title_first = [c.role for c in text_cols[:2]] == [TITLE, RECIPIENT]
        if pending and len(text_cols) >= 2 and len(parts) == 1 and _whole_row(parts[0], title_first):
            pending = []  # the row is whole on its line: the lines above were a group heading ("Trøndelag sør")
        if pending:
            parts = [p for _, p in pending] + parts
        if len(parts) < len(text_cols) and len(text_cols) >= 2 and parts:
            if (
                title_first
            ):  # "Fjällnära hemtjänst på distans Bergs kommun 480": the organisation ends the row
                title, org = split_title_and_org(parts[0])
                if org and title:
                    parts = [title, org, *parts[1:]]
            else:
                org, title = split_org_and_title(parts[0])
                if org and title:
                    parts = [org, title, *parts[1:]]
        cells_by_role = _assign(parts, text_cols)
        if cells_by_role:
            rows.append(TableRow(cells_by_role, money, {idx for idx, _ in pending} | {j - 1}))
        pending, misses = [], 0
        end = j
    else:
        end = len(lines)
    return Table(columns, rows, set(), end)
