"""One page, prepared once for every genre parser: text, language, sentences, dates and funders."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from etl.documents import dates, funder_names, segment
from etl.documents.genre import detect_language
from etl.documents.lexicon import is_breadcrumb, is_contact_line, is_furniture, related_lines


@dataclass
class Page:
    text: str
    source_url: str | None = None
    language: str | None = None
    consumed_lines: set[int] = field(default_factory=set)  # lines a table/list parser already read

    def __post_init__(self) -> None:
        if self.language is None:
            self.language = detect_language(self.text)
        # a footer's contact lines (org. number, phone, postbox) are read by no parser: their numbers are not money
        self.consumed_lines |= {i for i, line in enumerate(self.lines) if is_contact_line(line)}
        self.consumed_lines |= related_lines(self.lines)  # "Les også:" lists: other articles' headlines

    @cached_property
    def lines(self) -> list[str]:
        return self.text.split("\n")

    @cached_property
    def line_starts(self) -> list[int]:
        starts, pos = [], 0
        for line in self.lines:
            starts.append(pos)
            pos += len(line) + 1
        return starts

    @cached_property
    def title(self) -> str:
        """The first non-empty line that is not page furniture (skip link, menu, cookie notice)."""
        first = ""
        for line in self.lines:
            text = line.strip()
            if not text:
                continue
            first = first or text
            if not is_furniture(text):
                return text
        return first

    @cached_property
    def content_text(self) -> str:
        """The text with breadcrumb and menu lines blanked (same length, same offsets)."""
        return "\n".join(
            " " * len(line) if is_breadcrumb(line) or is_furniture(line) else line for line in self.lines
        )

    @cached_property
    def funders(self) -> list[funder_names.FunderMention]:
        return funder_names.find_funders(self.text)

    @cached_property
    def publisher(self) -> funder_names.FunderMention | None:
        return funder_names.publisher(self.text)

    @cached_property
    def published(self) -> dates.DateMention | None:
        return dates.publication_date(self.text)

    @property
    def default_currency(self) -> str | None:
        if self.language == "sv" or any(f.key == "vinnova" for f in self.funders[:3]):
            return "SEK"
        if self.language in ("nb", "nn"):
            return "NOK"
        return None

    def prose_paragraphs(self) -> list[segment.Span]:
        """Paragraphs with the lines that structural parsers consumed blanked out."""
        if not self.consumed_lines:
            return segment.paragraphs(self.text)
        masked = "\n".join(
            (" " * len(line) if i in self.consumed_lines else line) for i, line in enumerate(self.lines)
        )
        return segment.paragraphs(masked)

    def main_funder(self) -> funder_names.FunderMention | None:
        """The publisher when it is a funder, else the funder the page names most often (first on ties)."""
        if self.publisher is not None:
            return self.publisher
        if not self.funders:
            return None
        counts: dict[str, int] = {}
        for f in self.funders:
            counts[f.key] = counts.get(f.key, 0) + 1
        best = max(counts.values())
        for f in self.funders:
            if counts[f.key] == best:
                # Prefer the fullest spelling of that body ("Fylkesmannen i X" over "Fylkesmannen").
                same = [g for g in self.funders if g.key == f.key]
                return max(same, key=lambda g: (_specificity(g), -g.start))
        return None


def _specificity(mention: funder_names.FunderMention) -> int:
    """How fully a mention names its body: "Fylkesmannen i Agder", "Møre og Romsdal fylkeskommune" and
    "… (KMD)" over a generic "Fylkesmannen"/"fylkeskommunen", so a later full name beats an early bare one."""
    name = mention.name
    if " i " in name or "(" in name:
        return len(name)
    if mention.key == "county_municipality" and name.lower() != "fylkeskommunen":
        return len(name)
    return 0
