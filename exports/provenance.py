"""What an exported file says about itself: filters in words, sources and licences, currency, dates, citation.

Every export format (tables, 360Giving, images, slides) takes one `Provenance`, so a CSV, a chart and a deck of
the same view tell the same story. `provenance_from_db` fills the parts that live in the database (sources and
their licences, the ETL run); the page fills the rest (view name, filters in words, permalink).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, fields
from typing import Any

import duckdb

from analytics.i18n import country_name, fmt_int
from exports.wording import labelled, say

PRODUCT_NAME = "Nordic innovation funding dashboard"
FILE_STEM = "nordic-innovation-grants"
DEFAULT_TITLE = "Nordic public innovation grants"
CURRENCIES = ("NOK", "SEK", "EUR")
PRICE_BASES = ("nominal", "constant")
CPI_COUNTRY = {"NOK": "NO", "SEK": "SE"}  # whose consumer price index deflates amounts in the currency


@dataclass(frozen=True)
class SourceCredit:
    """One registry source as the `sources` table states it: what it is, its licence and who to credit."""

    source_id: str
    title: str
    licence: str
    attribution: str
    licence_url: str | None = None
    homepage: str | None = None
    kind: str | None = None  # documents | bulk | reference

    def licence_text(self) -> str:
        return f"{self.licence} ({self.licence_url})" if self.licence_url else self.licence

    def line(self, lang: str = "en") -> str:
        """`Title — attribution. Licence: ... (url)` on one line."""
        return f"{self.title} — {self.attribution}. {labelled('licence', self.licence_text(), lang)}"


@dataclass(frozen=True)
class Provenance:
    """Everything an export must say on its face. Immutable; build one per export request."""

    view: str  # the page or view exported, e.g. "grants", "overview"; used in file names
    filters: tuple[str, ...] = ()  # active filters in words, one per item; empty means all grants
    permalink: str | None = None  # a link that reproduces exactly this view and these filters
    sources: tuple[SourceCredit, ...] = ()
    currency: str = "NOK"  # display currency of converted amounts
    price_basis: str = "nominal"  # nominal | constant
    base_year: int | None = None  # constant prices: CPI base year (None: latest published index)
    database_built: str | None = None  # when the ETL run that built the database finished (ISO)
    etl_run_id: str | None = None
    exported_on: dt.date = field(default_factory=dt.date.today)
    title: str = DEFAULT_TITLE
    citation: str | None = None  # overrides the generated suggested citation
    lang: str = "en"  # the language of the view: every sentence below (and in captions, slides) is in it
    view_label: str | None = None  # the view's name for people ("Oversikt"); `view` stays the file-name slug
    # The filters the view was drawn from (an `analytics.filters.Filters`), so that the dashboard can look up
    # the view's own figures (its total, the money with no place) for a chart's README. Never written into a
    # file, not part of equality.
    scope: Any = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.currency not in CURRENCIES:
            raise ValueError(f"currency must be one of {CURRENCIES}, not {self.currency!r}")
        if self.price_basis not in PRICE_BASES:
            raise ValueError(f"price_basis must be one of {PRICE_BASES}, not {self.price_basis!r}")

    # ------------------------------------------------------------------ sentences
    @property
    def constant(self) -> bool:
        return self.price_basis == "constant"

    @property
    def view_name(self) -> str:
        return self.view_label or self.view

    def say(self, key: str, **values: object) -> str:
        """A phrase of `exports.wording` in this view's language."""
        return say(key, self.lang, **values)

    def filters_text(self) -> str:
        return "; ".join(self.filters) if self.filters else self.say("no_filters")

    def currency_text(self) -> str:
        """What the converted amounts are: currency, price basis and how they were converted."""
        text = self.say("converted", currency=self.currency)
        if self.constant:
            country = self.cpi_country_name()
            text += (
                self.say("constant_prices_cpi", base=self._base_text(), country=country)
                if country
                else self.say("constant_prices", base=self._base_text())
            )
        else:
            text += self.say("nominal_prices")
        return text

    def _base_text(self) -> str:
        return str(self.base_year) if self.base_year else self.say("latest_year")

    def cpi_country_name(self) -> str | None:
        """The country whose consumer price index deflates the amounts ("Norway" for NOK), in the view's
        language; None for nominal prices or a currency without one."""
        code = CPI_COUNTRY.get(self.currency) if self.constant else None
        return country_name(code, self.lang) if code else None

    def basis_text(self) -> str:
        """The price basis in a few words: "nominal prices", "constant prices of 2024, consumer price index
        of Norway"."""
        if not self.constant:
            return self.say("basis_nominal")
        country = self.cpi_country_name()
        if country:
            return self.say("basis_constant_cpi", base=self._base_text(), country=country)
        return self.say("basis_constant_of", base=self._base_text())

    def attribution_text(self, *, with_reference: bool = True) -> str:
        """Who to credit, each once. Without reference sources (exchange rates, prices, maps): the short form
        for a citation or a chart caption; the files' READMEs list every source with its licence."""
        credits = [s for s in self.sources if with_reference or s.kind != "reference"] or list(self.sources)
        if not credits:
            return self.say("see_sources")
        return "; ".join(dict.fromkeys(s.attribution for s in credits))

    def dates_text(self) -> str:
        built = (
            self.say("database_built", built=self.database_built)
            if self.database_built
            else self.say("database_unknown")
        )
        run = f" ({self.say('etl_run', run=self.etl_run_id)})" if self.etl_run_id else ""
        return f"{self.say('exported_on', date=self.exported_on.isoformat())}; {built}{run}"

    def suggested_citation(self) -> str:
        if self.citation:
            return self.citation
        basis = self.say(f"basis_{self.price_basis}")
        parts = [
            self.say(
                "cite_view",
                product=PRODUCT_NAME,
                year=self.exported_on.year,
                title=self.title,
                view=self.view_name,
            ),
            f"{labelled('filters', self.filters_text(), self.lang)}.",
            f"{self.currency}, {basis}"
            + (
                f" ({self.say('basis_year', year=self.base_year)})"
                if self.constant and self.base_year
                else ""
            )
            + ".",
        ]
        if self.database_built:
            parts.append(
                self.say("cite_built", built=self.database_built)
                + (f", {self.say('etl_run', run=self.etl_run_id)}." if self.etl_run_id else ".")
            )
        if self.permalink:
            parts.append(f"{self.permalink}.")
        parts.append(self.say("cite_accessed", date=self.exported_on.isoformat()))
        parts.append(self.say("cite_data", attribution=self.attribution_text(with_reference=False)))
        return " ".join(parts)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready metadata (dates as ISO strings) with the sentences a reader needs."""
        # every field but `scope` (the dashboard's filters object: the words are in `filters`)
        data = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "scope"}
        data["exported_on"] = self.exported_on.isoformat()
        data["filters"] = list(self.filters)
        data["sources"] = [asdict(s) for s in self.sources]
        data["filters_text"] = self.filters_text()
        data["currency_text"] = self.currency_text()
        data["suggested_citation"] = self.suggested_citation()
        data["view_name"] = self.view_name
        data["produced_by"] = PRODUCT_NAME
        return data


# ---------------------------------------------------------------------------------------------- file names
def slug(text: str) -> str:
    """Lower-case ASCII letters, digits and single dashes: safe in any file system and URL."""
    text = text.lower().translate(
        str.maketrans({"æ": "ae", "ø": "o", "å": "a", "ä": "a", "ö": "o", "é": "e"})
    )
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:60] or "export"


def export_filename(provenance: Provenance, extension: str, *, kind: str | None = None) -> str:
    """`nordic-innovation-grants_<view>[_<kind>]_<YYYY-MM-DD>.<ext>`; the view and kind are slugged."""
    parts = [FILE_STEM, slug(provenance.view)]
    if kind:
        parts.append(slug(kind))
    parts.append(provenance.exported_on.isoformat())
    return "_".join(parts) + "." + extension.lstrip(".")


# ---------------------------------------------------------------------------------------------- from the database
def source_credits(
    con: duckdb.DuckDBPyConnection, source_ids: Iterable[str] | None = None, *, with_reference: bool = True
) -> tuple[SourceCredit, ...]:
    """Credits from the `sources` table: the given sources (all when None), plus the reference sources
    (exchange rates, prices, regions) that every converted or placed amount depends on."""
    rows = con.sql(
        "SELECT source_id, title, licence, attribution, licence_url, homepage, kind FROM sources "
        "ORDER BY kind = 'reference', source_id"
    ).fetchall()
    wanted = None if source_ids is None else {str(s) for s in source_ids}
    credits = []
    for source_id, title, licence, attribution, licence_url, homepage, kind in rows:
        if wanted is None or source_id in wanted or (with_reference and kind == "reference"):
            credits.append(
                SourceCredit(
                    source_id, title, licence, attribution, licence_url or None, homepage or None, kind
                )
            )
    return tuple(credits)


def latest_etl_run(con: duckdb.DuckDBPyConnection) -> tuple[str | None, str | None]:
    """(run id, finished at as ISO text) of the build that made this database; (None, None) if unrecorded."""
    rows = con.sql("SELECT run_id, finished_at FROM etl_runs ORDER BY finished_at DESC LIMIT 1").fetchall()
    if not rows:
        return None, None
    row = rows[0]
    finished = row[1].isoformat(sep=" ", timespec="seconds") if hasattr(row[1], "isoformat") else str(row[1])
    return str(row[0]), finished


def provenance_from_db(
    con: duckdb.DuckDBPyConnection,
    *,
    view: str,
    filters: Sequence[str] = (),
    permalink: str | None = None,
    currency: str = "NOK",
    price_basis: str = "nominal",
    base_year: int | None = None,
    source_ids: Iterable[str] | None = None,
    **extra: Any,
) -> Provenance:
    """A Provenance with the database's sources (those in `source_ids`, or all) and its ETL run."""
    run_id, built = latest_etl_run(con)
    return Provenance(
        view=view,
        filters=tuple(filters),
        permalink=permalink,
        sources=source_credits(con, source_ids),
        currency=currency,
        price_basis=price_basis,
        base_year=base_year,
        database_built=built,
        etl_run_id=run_id,
        **extra,
    )


def source_ids_of(frame: Any) -> set[str]:
    """Every source that reported a grant in the frame (`source_id` and the `sources` list), for credits."""
    ids: set[str] = set()
    if "source_id" in frame.columns:
        ids.update(v for v in frame["source_id"].unique().to_list() if v)
    if "sources" in frame.columns:
        ids.update(v for v in frame["sources"].explode().unique().to_list() if v)
    return ids


# ---------------------------------------------------------------------------------------------- filters in words
def filters_in_words(
    filters: Any,
    *,
    lang: str = "en",
    funder_names: Mapping[str, str] | None = None,
    theme_labels: Mapping[str, str] | None = None,
    region_names: Mapping[str, str] | None = None,
    recipient_type_labels: Mapping[str, str] | None = None,
    org_names: Mapping[str, str] | None = None,
) -> tuple[str, ...]:
    """The active filters of an `analytics.filters.Filters` (read by attribute name) as short phrases in `lang`.

    Currency and price basis are not filters; they are stated separately (`Provenance.currency_text`).
    Label maps turn ids into names where the page has them; unknown ids are shown as they are.
    """
    funder_names = funder_names or {}
    theme_labels = theme_labels or {}
    region_names = region_names or {}
    get = lambda name: getattr(filters, name, None)  # noqa: E731 - tolerate older/newer Filters
    w = lambda key, **values: say(key, lang, **values)  # noqa: E731
    words: list[str] = []
    if get("country"):
        words.append(w("f_country", value=country_name(get("country"), lang)))
    if get("funders"):
        words.append(w("f_funders", value=", ".join(funder_names.get(f, f) for f in get("funders"))))
    if get("programme"):
        words.append(w("f_programme", value=get("programme")))
    if get("theme"):
        words.append(w("f_theme", value=theme_labels.get(get("theme"), get("theme"))))
    y0, y1 = get("year_from"), get("year_to")
    if y0 is not None and y1 is not None:
        words.append(w("f_years", start=y0, end=y1) if y0 != y1 else w("f_year", year=y0))
    elif y0 is not None:
        words.append(w("f_years_from", year=y0))
    elif y1 is not None:
        words.append(w("f_years_to", year=y1))
    if get("recipient_type"):
        kind = get("recipient_type")
        words.append(w("f_recipient_type", value=(recipient_type_labels or {}).get(kind, kind)))
    if get("region"):
        region = get("region")
        name = region_names.get(region)
        words.append(w("f_place", value=f"{name} ({region})" if name else region))
    amin, amax = get("amount_min"), get("amount_max")
    currency = get("currency") or "NOK"
    if amin is not None and amax is not None:
        words.append(w("f_amount", low=fmt_int(amin, lang), high=fmt_int(amax, lang), currency=currency))
    elif amin is not None:
        words.append(w("f_amount_min", low=fmt_int(amin, lang), currency=currency))
    elif amax is not None:
        words.append(w("f_amount_max", high=fmt_int(amax, lang), currency=currency))
    if get("search"):
        words.append(w("f_search", value=get("search")))
    for column, value in get("extra") or ():
        if column == "funder":
            words.append(w("f_funder", value=funder_names.get(value, value)))
        else:
            name = (org_names or {}).get(value, value)  # "KTH, Kungliga tekniska högskolan", not its id
            words.append(w("f_org", value=name) if column == "org" else f"{column}: {value}")
    return tuple(words)
