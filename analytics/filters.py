"""The shared filters and their compilation to a parameterised SQL WHERE clause.

User values never enter SQL text: every value is a `?` parameter; the only SQL fragments chosen by a value
(the amount column) come from fixed whitelists. `Filters.from_params` parses URL query parameters and drops
anything it cannot validate, so a hostile URL only ever yields the defaults.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields, replace

CURRENCIES = ("NOK", "SEK", "EUR")
COUNTRIES = ("NO", "SE")
# grant_facts.recipient_category (etl/facts.sql): one vocabulary over the sources' own type labels
RECIPIENT_CATEGORIES = (
    "municipality",
    "county",
    "university",
    "research_institute",
    "company",
    "health",
    "public_sector",
    "non_profit",
    "other",
)
PRICE_BASES = ("nominal", "constant")
AMOUNT_COLUMN = {"NOK": "amount_nok", "SEK": "amount_sek", "EUR": "amount_eur"}
# Constant prices deflate with the consumer price index of the currency's country; EUR has none in the data.
CPI_COUNTRY = {"NOK": "NO", "SEK": "SE"}
MIN_YEAR, MAX_YEAR = 1990, 2100
MAX_SEARCH = 200
MAX_FUNDERS = 30
_REGION = re.compile(r"^(NO|SE)-(\d{2}|\d{4})$")
_ID = re.compile(r"^[A-Za-z0-9_.:\-]{1,80}$")
_TEXT_MAX = 300


def _clean_text(value: object, limit: int = _TEXT_MAX) -> str | None:
    if value is None:
        return None
    text = str(value).replace("\x00", "").strip()
    return text[:limit] or None


def _int(value: object, lo: int, hi: int) -> int | None:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if lo <= number <= hi else None


def _float(value: object) -> float | None:
    try:
        number = float(str(value).strip())
    except (TypeError, ValueError):
        return None
    if number != number or number in (float("inf"), float("-inf")) or number < 0 or number > 1e15:
        return None
    return number


def like_pattern(text: str) -> str:
    """`%text%` for ILIKE with the wildcards in `text` escaped (ESCAPE '\\')."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


@dataclass(frozen=True)
class Filters:
    country: str | None = None  # NO / SE (recipient country)
    funders: tuple[str, ...] = ()  # canonical funder ids
    programme: str | None = None  # exact programme as written
    theme: str | None = None  # primary theme id
    year_from: int | None = None  # award year, inclusive
    year_to: int | None = None
    recipient_type: str | None = None  # a RECIPIENT_CATEGORIES id (grant_facts.recipient_category)
    region: str | None = None  # "NO-03" (county) or "NO-0301" (municipality); current codes
    amount_min: float | None = None  # in the display currency and price basis
    amount_max: float | None = None
    search: str = ""  # free text in title, recipient, programme, reference
    currency: str = "NOK"
    price_basis: str = "nominal"
    base_year: int | None = None  # constant prices: the CPI base year
    extra: tuple[tuple[str, str], ...] = field(default=(), compare=True)  # (column, value) from profiles

    # ------------------------------------------------------------------ validation
    def normalised(self) -> Filters:
        country = self.country if self.country in COUNTRIES else None
        funders = tuple(dict.fromkeys(f for f in self.funders if isinstance(f, str) and _ID.match(f)))[
            :MAX_FUNDERS
        ]
        region = self.region if isinstance(self.region, str) and _REGION.match(self.region) else None
        y0 = (
            self.year_from
            if isinstance(self.year_from, int) and MIN_YEAR <= self.year_from <= MAX_YEAR
            else None
        )
        y1 = self.year_to if isinstance(self.year_to, int) and MIN_YEAR <= self.year_to <= MAX_YEAR else None
        if y0 is not None and y1 is not None and y0 > y1:
            y0, y1 = y1, y0
        amin = _float(self.amount_min) if self.amount_min is not None else None
        amax = _float(self.amount_max) if self.amount_max is not None else None
        if amin is not None and amax is not None and amin > amax:
            amin, amax = amax, amin
        currency = self.currency if self.currency in CURRENCIES else "NOK"
        basis = self.price_basis if self.price_basis in PRICE_BASES else "nominal"
        base = (
            self.base_year
            if isinstance(self.base_year, int) and MIN_YEAR <= self.base_year <= MAX_YEAR
            else None
        )
        if basis == "constant" and currency not in CPI_COUNTRY:
            basis, base = "nominal", None
        extra = tuple((c, str(v)[:_TEXT_MAX]) for c, v in self.extra if c in EXTRA_COLUMNS)
        return Filters(
            country=country,
            funders=funders,
            programme=_clean_text(self.programme),
            theme=self.theme if isinstance(self.theme, str) and _ID.match(self.theme) else None,
            year_from=y0,
            year_to=y1,
            recipient_type=self.recipient_type if self.recipient_type in RECIPIENT_CATEGORIES else None,
            region=region,
            amount_min=amin,
            amount_max=amax,
            search=_clean_text(self.search, MAX_SEARCH) or "",
            currency=currency,
            price_basis=basis,
            base_year=base if basis == "constant" else None,
            extra=extra,
        )

    # ------------------------------------------------------------------ SQL
    @property
    def amount_column(self) -> str:
        return AMOUNT_COLUMN.get(self.currency, "amount_nok")

    @property
    def constant(self) -> bool:
        return self.price_basis == "constant" and self.currency in CPI_COUNTRY

    def value_sql(self, alias: str = "x") -> str:
        """SQL expression of the displayed amount (currency, price basis); needs the deflator join `d`."""
        col = f"{alias}.{self.amount_column}"
        return f"({col} * d.factor)" if self.constant else col

    def deflator_sql(self) -> tuple[str, list]:
        """A CTE body (year, factor): CPI[base] / CPI[year], the latest published index for later years."""
        if not self.constant:
            return "SELECT NULL::INTEGER AS year, 1.0::DOUBLE AS factor WHERE false", []
        country = CPI_COUNTRY[self.currency]
        sql = """
            SELECT y.year::INTEGER AS year,
                   (SELECT c.cpi FROM cpi AS c WHERE c.country = ? AND c.year <= ?
                    ORDER BY c.year DESC LIMIT 1)
                   / (SELECT c.cpi FROM cpi AS c WHERE c.country = ? AND c.year <= y.year
                      ORDER BY c.year DESC LIMIT 1) AS factor
            FROM range(1990, 2101) AS y(year)
        """
        base = self.base_year if self.base_year is not None else 9999
        return sql, [country, base, country]

    def where(self, alias: str = "x", *, skip: tuple[str, ...] = ()) -> tuple[str, list]:
        """WHERE conditions (without the keyword) over the facts relation `alias` and parameters.

        `skip` leaves out named filters (e.g. a chart of all countries ignores the country filter only when
        asked to; by default every filter applies).
        """
        a = f"{alias}."
        conds: list[str] = []
        params: list = []
        if self.country and "country" not in skip:
            conds.append(f"{a}recipient_country = ?")
            params.append(self.country)
        if self.funders and "funders" not in skip:
            conds.append(f"{a}funder_id IN ({', '.join('?' for _ in self.funders)})")
            params.extend(self.funders)
        if self.programme and "programme" not in skip:
            conds.append(f"{a}programme = ?")
            params.append(self.programme)
        if self.theme and "theme" not in skip:
            conds.append(f"{a}theme = ?")
            params.append(self.theme)
        if self.year_from is not None and "years" not in skip:
            conds.append(f"{a}award_year >= ?")
            params.append(self.year_from)
        if self.year_to is not None and "years" not in skip:
            conds.append(f"{a}award_year <= ?")
            params.append(self.year_to)
        if self.recipient_type and "recipient_type" not in skip:
            conds.append(f"{a}recipient_category = ?")
            params.append(self.recipient_type)
        if self.region and "region" not in skip:
            country, code = self.region.split("-", 1)
            if len(code) == 2:
                # A county, or a former county (e.g. Viken 2020-2023) standing for the current ones it became.
                conds.append(
                    f"{a}recipient_country = ? AND ({a}county_code = ? OR {a}county_code IN (SELECT unnest(r.parts)"
                    " FROM regions AS r WHERE r.level = 'former_county' AND r.country = ? AND r.code = ?))"
                )
                params.extend([country, code, country, code])
            else:
                conds.append(f"{a}recipient_country = ? AND {a}municipality_code = ?")
                params.extend([country, code])
        if self.amount_min is not None and "amount" not in skip:
            conds.append(f"{self.value_sql(alias)} >= ?")
            params.append(self.amount_min)
        if self.amount_max is not None and "amount" not in skip:
            conds.append(f"{self.value_sql(alias)} <= ?")
            params.append(self.amount_max)
        if self.search and "search" not in skip:
            pattern = like_pattern(self.search)
            cols = ("title", "recipient", "programme", "reference")
            conds.append("(" + " OR ".join(f"{a}{c} ILIKE ? ESCAPE '\\'" for c in cols) + ")")
            params.extend([pattern] * len(cols))
        for column, value in self.extra:
            if column in EXTRA_COLUMNS and "extra" not in skip:
                conds.append(f"{a}{EXTRA_COLUMNS[column]} = ?")
                params.append(value)
        return (" AND ".join(conds) if conds else "true"), params

    # ------------------------------------------------------------------ URL
    def to_params(self) -> dict[str, str]:
        """Query parameters for the non-default values (a link reproduces the filters)."""
        out: dict[str, str] = {}
        if self.country:
            out["country"] = self.country
        if self.funders:
            out["funder"] = ",".join(self.funders)
        if self.programme:
            out["programme"] = self.programme
        if self.theme:
            out["theme"] = self.theme
        if self.year_from is not None:
            out["from"] = str(self.year_from)
        if self.year_to is not None:
            out["to"] = str(self.year_to)
        if self.recipient_type:
            out["rtype"] = self.recipient_type
        if self.region:
            out["region"] = self.region
        if self.amount_min is not None:
            out["min"] = _num(self.amount_min)
        if self.amount_max is not None:
            out["max"] = _num(self.amount_max)
        if self.search:
            out["q"] = self.search
        if self.currency != "NOK":
            out["ccy"] = self.currency
        if self.price_basis != "nominal":
            out["prices"] = self.price_basis
            if self.base_year is not None:
                out["base"] = str(self.base_year)
        return out

    @classmethod
    def from_params(cls, params: Mapping[str, object]) -> Filters:
        def get(key: str) -> str | None:
            value = params.get(key)
            if isinstance(value, list | tuple):
                value = value[-1] if value else None
            return None if value is None else str(value)

        funder_raw = params.get("funder")
        if isinstance(funder_raw, list | tuple):
            funder_raw = ",".join(str(v) for v in funder_raw)
        funders = tuple(p.strip() for p in str(funder_raw or "").split(",") if p.strip())
        return cls(
            country=get("country"),
            funders=funders,
            programme=get("programme"),
            theme=get("theme"),
            year_from=_int(get("from"), MIN_YEAR, MAX_YEAR),
            year_to=_int(get("to"), MIN_YEAR, MAX_YEAR),
            recipient_type=get("rtype"),
            region=get("region"),
            amount_min=_float(get("min")),
            amount_max=_float(get("max")),
            search=get("q") or "",
            currency=(get("ccy") or "NOK").upper(),
            price_basis=get("prices") or "nominal",
            base_year=_int(get("base"), MIN_YEAR, MAX_YEAR),
        ).normalised()

    def with_(self, **changes) -> Filters:
        return replace(self, **changes).normalised()

    def is_default(self) -> bool:
        return not self.to_params()

    def as_dict(self) -> dict:
        return asdict(self)


# Exact-match columns a profile page may add (organisation, funder); never chosen from user text.
EXTRA_COLUMNS = {"org": "recipient_org_id", "funder": "funder_id"}

URL_KEYS = (
    "country",
    "funder",
    "programme",
    "theme",
    "from",
    "to",
    "rtype",
    "region",
    "min",
    "max",
    "q",
    "ccy",
    "prices",
    "base",
)
FIELD_NAMES = tuple(f.name for f in fields(Filters))


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))
