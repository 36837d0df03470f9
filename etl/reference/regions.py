"""Places: which municipality and county a grant belongs to, in today's borders and at the award year.

Norway changes its map (1971-2024 SSB versions; the 2020 reform and its partial reversal in 2024), so a
code or name is read in the version valid in the award year and traced through SSB's change table to the
2024 code. Sweden has had the same 290 kommuner and 21 län since 2003, so one list serves every year.

Only organisations that are municipalities (or a municipality's department) are placed by name: "Lunds
kommun", "Göteborgs Stad", "Vågå kommune", "Bærum", "Helseetaten i Oslo kommune". A company or university
named after a town ("Lunds universitet", "Kongsberg Maritime AS") is not placed by its name; bulk sources
place those by their address code instead. County councils ("Innlandet fylkeskommune", "Region Skåne") are
placed on their county only. Ambiguous names ("Våler", "Herøy", "Bø" before 2020) need a county.
A Swedish public body (a university, an agency) whose organisation number is in `data/organisation_seats.toml`
is placed at its seat: SweCRIS gives no address. Anything else returns None, and the build counts it in an
explicit "unknown place" bucket.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

import polars as pl

NO_VERSIONS = "data/no_kommuner_ssb/kommuneinndeling_versions_1971_2024.csv"
NO_CHANGES = "data/no_kommuner_ssb/kommune_code_changes_1971_2024.csv"
NO_COUNTY_NAMES = "data/no_kommuner_ssb/county_names_numbers_upstream.txt"
SE_MUNICIPALITIES = "data/se_codes_sjbrg/municipalities.csv"
SE_COUNTIES = "data/se_codes_sjbrg/counties.csv"
SEATS_PATH = Path(__file__).resolve().parents[2] / "data" / "organisation_seats.toml"

_NOT_A_PLACE = {"9999"}  # SSB "Uoppgitt" (unknown)

# Words that say "this organisation is the municipality" (suffixes, after a name).
_NO_MUNICIPAL = r"(?:bykommune|kommune|kommunen|kommuna|kommunane|kommunene|suohkan|municipality)"
_SE_MUNICIPAL = r"(?:kommun|kommunen|stad|stads|municipality)"
_PLURAL = re.compile(r"\b(?:kommunane|kommunene|kommunerna)\b", re.I)
# Swedish names whose genitive is irregular, or official names that differ from the SCB short name.
_SE_ALIASES = {"falu": "Falun", "region gotland": "Gotland"}
# How a recipient that is the municipality is named after the municipality's name (bare_municipalities).
_NO_ORG_SUFFIXES = ("kommune", "kommunen", "kommuna", "bykommune", "herad", "suohkan", "municipality")
_SE_ORG_SUFFIXES = ("kommun", "stad", "municipality")
# Municipality names that, written alone as a partner, are as likely an ordinary word or a first name as the
# municipality (English "moss", "hole"; Norwegian "ski", "sel", "re"; Swedish "mark", "vara"; "Nora", "Mora").
_ALSO_A_WORD = {
    "NO": {"moss", "ski", "hole", "re", "sel", "hol", "lier", "sola"},
    "SE": {"mark", "vara", "ale", "nora", "mora", "sala", "salem"},
}


@dataclass(frozen=True)
class Place:
    """Where a grant belongs. Codes are zero-padded strings: kommune "0301", county "03"."""

    country: str  # "NO" / "SE"
    municipality_code_at_award: str | None  # the code valid in the award year (None when unknown)
    municipality_code: str | None  # today's (2024) code; None when only the county is known
    municipality: str | None
    county_code: str | None
    county: str | None
    method: str  # "code", "name", "name+county", "name+org-number", "county-name", ...


@dataclass
class _Version:
    name: str
    valid_from: dt.date
    valid_to: dt.date | None
    names: dict[str, str]  # code -> name as SSB writes it
    index: dict[str, set[str]]  # normalised name / alias -> codes

    def covers(self, year: int) -> bool:
        return self.valid_from.year <= year and (self.valid_to is None or year < self.valid_to.year)


@dataclass(frozen=True)
class _Change:
    date: dt.date
    old_code: str
    old_name: str
    new_code: str
    new_name: str


def name_key(text: str) -> str:
    """Comparison key for names: case-folded, dashes unified, spaces collapsed ('Aurskog - Høland' =
    'aurskog-høland')."""
    text = re.sub(r"[‐-―−]", "-", text.casefold())
    text = re.sub(r"\s*-\s*", "-", text)
    return " ".join(text.split()).strip(" .,;:")


def _name_parts(name: str) -> set[str]:
    """A SSB name and its aliases: 'Våler (Østfold)' -> {'våler (østfold)', 'våler'};
    'Deatnu - Tana' -> {'deatnu-tana', 'deatnu', 'tana'} (Norwegian and Sami names)."""
    base = re.sub(r"\s*\([^)]*\)\s*$", "", name).strip()
    keys = {name_key(name), name_key(base)}
    keys.update(name_key(part) for part in re.split(r"\s+[-–]\s+", base))
    return {k for k in keys if k}


def _qualifier(name: str) -> str | None:
    m = re.search(r"\(([^)]*)\)\s*$", name)
    return name_key(m.group(1)) if m else None


class RegionResolver:
    """Resolves kommune codes and municipality names to `Place`s (Norway with history, Sweden)."""

    def __init__(
        self,
        no_versions: pl.DataFrame,
        no_changes: pl.DataFrame,
        no_county_names: dict[str, str],
        se_municipalities: pl.DataFrame,
        se_counties: pl.DataFrame,
        se_seats: dict[str, str] | None = None,
    ):
        self._versions = self._build_versions(no_versions)
        self._current = self._versions[-1]
        self._no_county_names = dict(no_county_names)
        self._changes_by_old: dict[str, list[_Change]] = {}
        self._changes_by_new: dict[str, list[_Change]] = {}
        for row in no_changes.sort("change_occurred").iter_rows(named=True):
            change = _Change(
                dt.date.fromisoformat(row["change_occurred"]),
                row["old_code"],
                row["old_name"],
                row["new_code"],
                row["new_name"],
            )
            self._changes_by_old.setdefault(change.old_code, []).append(change)
            self._changes_by_new.setdefault(change.new_code, []).append(change)
        self._no_county_index = {name_key(n): c for c, n in self._no_county_names.items()}

        self._se_names = dict(
            zip(
                se_municipalities["municipality_code"],
                se_municipalities["municipality_name_short"],
                strict=True,
            )
        )
        self._se_full_names = dict(
            zip(se_municipalities["municipality_code"], se_municipalities["municipality_name"], strict=True)
        )
        self._se_county_names = dict(zip(se_counties["county_code"], se_counties["county_name"], strict=True))
        self._se_index: dict[str, set[str]] = {}
        for code, short, full in se_municipalities.select(
            "municipality_code", "municipality_name_short", "municipality_name"
        ).iter_rows():
            for key in {name_key(short), name_key(full)}:
                self._se_index.setdefault(key, set()).add(code)
        for alias, short in _SE_ALIASES.items():
            self._se_index.setdefault(alias, set()).update(c for c, n in self._se_names.items() if n == short)
        self._se_seats = dict(se_seats or {})  # organisation number -> seat municipality code
        if unknown := {code for code in self._se_seats.values() if code not in self._se_names}:
            raise ValueError(f"organisation seats in unknown Swedish municipalities: {sorted(unknown)}")
        self._se_county_index: dict[str, str] = {}
        for code, full, short in se_counties.select(
            "county_code", "county_name", "county_name_short"
        ).iter_rows():
            for form in (
                f"region {short}",
                f"{short}sregionen",
                f"{short}s läns landsting",
                f"landstinget i {short}",
                f"{full} landsting",
                f"region {full}",
            ):
                self._se_county_index[name_key(form)] = code

    # ------------------------------------------------------------------ construction
    @classmethod
    def from_files(
        cls,
        no_versions_csv: str | Path,
        no_changes_csv: str | Path,
        no_county_names_txt: str | Path,
        se_municipalities_csv: str | Path,
        se_counties_csv: str | Path,
        se_seats_toml: str | Path | None = SEATS_PATH,
    ) -> RegionResolver:
        strings = {"infer_schema": False}
        county_names = pl.read_csv(no_county_names_txt, **strings)
        se_municipalities = pl.read_csv(se_municipalities_csv, **strings)
        return cls(
            pl.read_csv(no_versions_csv, **strings),
            pl.read_csv(no_changes_csv, **strings),
            dict(zip(county_names["county_code"], county_names["county_name"], strict=True)),
            se_municipalities,
            pl.read_csv(se_counties_csv, **strings),
            read_seats(se_seats_toml, se_municipalities) if se_seats_toml else None,
        )

    @classmethod
    def from_raw_dir(cls, raw_dir: str | Path) -> RegionResolver:
        """The resolver from the files under the raw-data directory (FUNDING_RAW_DIR, e.g. ../shared)."""
        raw = Path(raw_dir)
        return cls.from_files(
            raw / NO_VERSIONS,
            raw / NO_CHANGES,
            raw / NO_COUNTY_NAMES,
            raw / SE_MUNICIPALITIES,
            raw / SE_COUNTIES,
        )

    @staticmethod
    def _build_versions(frame: pl.DataFrame) -> list[_Version]:
        versions = []
        for (name, valid_from, valid_to), rows in frame.group_by(
            "version_name", "valid_from", "valid_to", maintain_order=True
        ):
            names = {
                code: kommune
                for code, kommune in rows.select("kommunenummer", "kommunenavn").iter_rows()
                if code not in _NOT_A_PLACE
            }
            index: dict[str, set[str]] = {}
            for code, kommune in names.items():
                for key in _name_parts(kommune):
                    index.setdefault(key, set()).add(code)
            versions.append(
                _Version(
                    name,
                    dt.date.fromisoformat(valid_from),
                    dt.date.fromisoformat(valid_to) if valid_to else None,
                    names,
                    index,
                )
            )
        return sorted(versions, key=lambda v: v.valid_from)

    # ------------------------------------------------------------------ public lookups
    def bare_municipalities(self) -> pl.DataFrame:
        """Every current or former municipality name as an organisation might be written bare ("Askøy",
        "Kramfors", the genitive "Grästorps"): name_key (etl.organisations key: case folded, spaces collapsed),
        country, municipality (how the municipality as an organisation is named: "Askøy kommune", "Kramfors
        kommun", "Göteborgs kommun"), claim_key (one row per key of a recipient name that is that
        municipality: "askøy kommune", "askøy herad", "göteborgs stad", ...) and apart: the name does not
        identify one municipality (two at once in one country, e.g. Våler; a municipality in both countries;
        also an ordinary word, see _ALSO_A_WORD)."""
        rows: dict[tuple[str, str], dict] = {}
        for version in self._versions:  # oldest first: the latest spelling of a name wins
            per_key: dict[str, set[str]] = {}
            for code, kommune in version.names.items():
                base = re.sub(r"\s*\([^)]*\)\s*$", "", kommune).strip()
                for part in {base, *re.split(r"\s+[-–]\s+", base)}:
                    part = " ".join(part.split())
                    if part:
                        per_key.setdefault(part.casefold(), set()).add(code)
                        row = rows.setdefault((part.casefold(), "NO"), {"several": False})
                        row["municipality"] = f"{part} kommune"
            for key, codes in per_key.items():
                rows[(key, "NO")]["several"] |= len(codes) > 1
        se_keys: dict[str, set[str]] = {}
        for code, short in self._se_names.items():
            se_keys.setdefault(short.casefold(), set()).add(code)
        for key, codes in list(se_keys.items()):
            if not key.endswith("s"):
                se_keys.setdefault(f"{key}s", set()).update(codes)  # the genitive: "Grästorps" kommun
        full = {code: name for code, name in self._se_full_names.items()}
        for key, codes in se_keys.items():
            rows[(key, "SE")] = {
                "several": len(codes) > 1,
                "municipality": full[next(iter(codes))],
                "codes": codes,
            }
        out = []
        for (key, country), row in rows.items():
            other = "SE" if country == "NO" else "NO"
            apart = row["several"] or (key, other) in rows or key in _ALSO_A_WORD[country]
            if country == "NO":
                claims = {f"{key} {s}" for s in _NO_ORG_SUFFIXES}
            else:
                short = self._se_names[next(iter(row["codes"]))].casefold()
                claims = {f"{short}{g} {s}" for g in ("", "s") for s in _SE_ORG_SUFFIXES}
                claims.add(row["municipality"].casefold())
            out.extend((key, country, row["municipality"], claim, apart) for claim in sorted(claims))
        return pl.DataFrame(
            out,
            schema={
                "name_key": pl.String,
                "country": pl.String,
                "municipality": pl.String,
                "claim_key": pl.String,
                "apart": pl.Boolean,
            },
            orient="row",
        ).sort("country", "name_key", "claim_key")

    def municipality_codes(self, country: str, year: int | None = None) -> set[str]:
        """Municipality codes valid in `year` (None: today's, i.e. the 2024 Norwegian version)."""
        if country == "SE":
            return set(self._se_names)
        return set(self._version_for(year).names)

    def county_codes(self, country: str, year: int | None = None) -> set[str]:
        """County codes valid in `year` (None: today's)."""
        if country == "SE":
            return set(self._se_county_names)
        return {code[:2] for code in self._version_for(year).names}

    def county_name(self, country: str, county_code: str) -> str | None:
        names = self._no_county_names if country == "NO" else self._se_county_names
        return names.get(county_code)

    def resolve(
        self,
        text_or_code: str | int | None,
        country: str | None,
        year: int | None = None,
        *,
        county: str | None = None,
        org_number: str | None = None,
    ) -> Place | None:
        """The place of a kommune code ("0301", 301) or of an organisation's name, in `country` ("NO"/"SE")
        in award year `year` (None: any time, then only names that never meant two places resolve).

        `county` (a county name or code) disambiguates names such as "Våler"; `org_number` lets a Swedish
        municipality's own organisation number (2120xx-xxxx) confirm a name written with a department.
        """
        if text_or_code is None or country not in ("NO", "SE"):
            return None
        text = str(text_or_code).strip()
        if not text:
            return None
        if re.fullmatch(r"\d{3,4}", text):
            return self._resolve_code(text.zfill(4), country, year)
        if country == "SE":
            return self._resolve_se_name(text, county, org_number)
        return self._resolve_no_name(text, year, county)

    # ------------------------------------------------------------------ Norway: versions and changes
    def _version_for(self, year: int | None) -> _Version:
        if year is None:
            return self._current
        for version in self._versions:
            if version.covers(year):
                return version
        return self._versions[0] if year < self._versions[0].valid_from.year else self._current

    def _nearest_versions(self, year: int | None) -> list[_Version]:
        """Versions ordered by distance from the award year (later first on ties)."""
        target = self._version_for(year).valid_from
        return sorted(
            self._versions, key=lambda v: (abs((v.valid_from - target).days), -v.valid_from.toordinal())
        )

    @staticmethod
    def _continuing(changes: list[_Change], forward: bool, origin: set[str]) -> list[_Change]:
        """In a split or merge, follow the unit that keeps the name. The name we started from wins over the
        name at this step: Haram merged into Ålesund in 2020 and left again in 2024, so 1534 Haram -> 1507
        Ålesund -> 1580 Haram, while 1523 Ørskog -> 1507 Ålesund -> 1508 Ålesund."""

        def target(c: _Change) -> str:
            return c.new_code if forward else c.old_code

        if len({target(c) for c in changes}) <= 1:
            return changes
        for names in (origin, None):
            keep = [
                c
                for c in changes
                if (names if names is not None else _name_parts(c.old_name if forward else c.new_name))
                & _name_parts(c.new_name if forward else c.old_name)
            ]
            if len({target(c) for c in keep}) == 1:
                return keep
        return changes

    def _translate(self, code: str, source: _Version, target: _Version) -> set[str]:
        """The code(s) that `code` of version `source` has in version `target` (several after a split)."""
        if source.valid_from == target.valid_from:
            return {code}
        forward = target.valid_from > source.valid_from
        low, high = sorted((source.valid_from, target.valid_from))
        origin = _name_parts(source.names.get(code, ""))
        results: set[str] = set()
        stack = [(code, source.valid_from)]
        seen = set()
        while stack:
            current, since = stack.pop()
            if (current, since) in seen:
                continue
            seen.add((current, since))
            if forward:
                pending = [c for c in self._changes_by_old.get(current, []) if since < c.date <= high]
                step_date = min((c.date for c in pending), default=None)
            else:
                pending = [c for c in self._changes_by_new.get(current, []) if low < c.date <= since]
                step_date = max((c.date for c in pending), default=None)
            if step_date is None:
                if current in target.names:
                    results.add(current)
                continue
            step = self._continuing([c for c in pending if c.date == step_date], forward, origin)
            for change in step:
                nxt = change.new_code if forward else change.old_code
                # Going back, a change on date d produced the code; look for earlier changes only.
                stack.append((nxt, step_date if forward else step_date - dt.timedelta(days=1)))
        return results

    def _no_place(self, code: str, found_in: _Version, year: int | None, method: str) -> Place:
        award_codes = self._translate(code, found_in, self._version_for(year)) if year is not None else set()
        current = self._translate(code, found_in, self._current)
        counties = {c[:2] for c in current}
        current_code = next(iter(current)) if len(current) == 1 else None
        county_code = next(iter(counties)) if len(counties) == 1 else None
        return Place(
            country="NO",
            municipality_code_at_award=next(iter(award_codes)) if len(award_codes) == 1 else None,
            municipality_code=current_code,
            municipality=self._current.names.get(current_code) if current_code else None,
            county_code=county_code,
            county=self._no_county_names.get(county_code) if county_code else None,
            method=method if current_code else f"{method} (county only: municipality split)",
        )

    def _resolve_code(self, code: str, country: str, year: int | None) -> Place | None:
        if country == "SE":
            if code not in self._se_names:
                return None
            return self._se_place(code, "code")
        if code in _NOT_A_PLACE:
            return None
        # Sources do not always use the award year's codes (H2020 uses 2020 codes for 2015 grants, soknader2
        # 2024 codes for 2013): take the version nearest the award year that knows the code.
        for version in self._nearest_versions(year):
            if code in version.names:
                place = self._no_place(code, version, year, "code")
                return place if place.county_code else None
        return None

    def _county_matches(self, code: str, version: _Version, hint: str) -> bool:
        key = name_key(hint)
        if key.isdigit():
            key = key.zfill(2)
        current = self._translate(code, version, self._current)
        county_codes = {code[:2]} | {c[:2] for c in current}
        county_names = {name_key(self._no_county_names.get(c, "")) for c in county_codes}
        county_names |= {_qualifier(version.names[code])} - {None}
        return key in county_codes or key in county_names

    def _resolve_no_name(self, text: str, year: int | None, county: str | None) -> Place | None:
        if _PLURAL.search(text):
            return self._no_several(text, year, county)
        for candidate, hint in _no_name_candidates(text):
            key = name_key(candidate)
            hint = hint or county
            if place := self._no_county_council(key, year):
                return place
            if year is None:
                place = self._no_name_any_time(key, hint)
            else:
                place = self._no_name_in_year(key, year, hint)
            if place:
                return place
        return None

    def _pick(self, codes: set[str], version: _Version, hint: str | None) -> tuple[str | None, bool]:
        """One code from the candidates, using the county hint when the name alone is ambiguous."""
        if len(codes) == 1:
            return next(iter(codes)), False
        if hint:
            matching = {c for c in codes if self._county_matches(c, version, hint)}
            if len(matching) == 1:
                return next(iter(matching)), True
        return None, False

    def _no_name_in_year(self, key: str, year: int, hint: str | None) -> Place | None:
        # The award year's names first; then the nearest version that has the name (a page may use a
        # name from before a merger, e.g. "Fjell" in 2020).
        for version in self._nearest_versions(year):
            codes = version.index.get(key)
            if not codes:
                continue
            code, used_hint = self._pick(codes, version, hint)
            if code is None:
                return None
            return self._no_place(code, version, year, "name+county" if used_hint else "name")
        return None

    def _no_name_any_time(self, key: str, hint: str | None) -> Place | None:
        """Without a year a name resolves only if every place it ever named is the same place today."""
        lineages: dict[frozenset[str], tuple[str, _Version]] = {}
        for version in self._versions:
            for code in version.index.get(key, ()):
                if hint and not self._county_matches(code, version, hint):
                    continue
                lineages.setdefault(frozenset(self._translate(code, version, self._current)), (code, version))
        if len(lineages) != 1:
            return None
        code, version = next(iter(lineages.values()))
        return self._no_place(code, version, None, "name+county" if hint else "name")

    def _no_county_council(self, key: str, year: int | None) -> Place | None:
        m = re.fullmatch(r"(.+?) fylkeskommunen?", key)
        if not m or m.group(1) not in self._no_county_index:
            return None
        code = self._no_county_index[m.group(1)]
        version = self._version_for(year)
        kommuner = [c for c in version.names if c.startswith(code)] or [
            c for v in self._versions for c in v.names if c.startswith(code)
        ]
        today = {
            c[:2] for k in kommuner for c in self._translate(k, self._find_version(k, version), self._current)
        }
        if len(today) != 1:
            return None  # e.g. Viken (30) is three counties today
        county_code = next(iter(today))
        return Place(
            "NO", None, None, None, county_code, self._no_county_names.get(county_code), "county-name"
        )

    def _find_version(self, code: str, preferred: _Version) -> _Version:
        if code in preferred.names:
            return preferred
        return next(v for v in reversed(self._versions) if code in v.names)

    def _no_several(self, text: str, year: int | None, county: str | None) -> Place | None:
        """'Askøy, Fjell og Sund kommunane': several municipalities, placed on their shared county."""
        body = re.sub(_NO_MUNICIPAL + r"\s*$", "", text.strip(), flags=re.I)
        names = [n for n in re.split(r"\s*,\s*|\s+og\s+|\s+och\s+|\s+and\s+", body) if n.strip()]
        if len(names) < 2:
            return None
        places = [self._resolve_no_name(n, year, county) for n in names]
        counties = {p.county_code for p in places if p}
        if None in places or len(counties) != 1:
            return None
        county_code = next(iter(counties))
        return Place(
            "NO",
            None,
            None,
            None,
            county_code,
            self._no_county_names.get(county_code),
            "name (several municipalities: county only)",
        )

    # ------------------------------------------------------------------ Sweden
    def _se_place(self, code: str, method: str) -> Place:
        county_code = code[:2]
        return Place(
            "SE",
            code,
            code,
            self._se_names[code],
            county_code,
            self._se_county_names.get(county_code),
            method,
        )

    def _se_lookup(self, name: str) -> set[str]:
        key = name_key(name)
        codes = self._se_index.get(key)
        if not codes and key.endswith("s"):
            codes = self._se_index.get(key[:-1])  # genitive: "Lunds kommun" -> Lund
        return codes or set()

    def _resolve_se_name(self, text: str, county: str | None, org_number: str | None) -> Place | None:
        if org_number and (seat := self._se_seats.get(_org_number(org_number))):
            return self._se_place(seat, "seat")  # a public body's registered seat (organisation_seats.toml)
        for candidate, _hint in _se_name_candidates(text):
            key = name_key(candidate)
            if key in self._se_county_index and key not in self._se_index:
                code = self._se_county_index[key]
                return Place("SE", None, None, None, code, self._se_county_names.get(code), "county-name")
            codes = self._se_lookup(candidate)
            if len(codes) == 1:
                return self._se_place(next(iter(codes)), "name")
        if org_number and re.match(r"^2120\d{2}-?\d{4}$", org_number.strip()):
            # A municipality's own organisation number: accept the name's leading words as its name
            # ("Göteborgs Stad Stadsledningskontoret").
            words = re.sub(r"\s+[-–]\s+.*$", "", text).split()
            for n in range(len(words), 0, -1):
                head = re.sub(r"\s+" + _SE_MUNICIPAL + r"$", "", " ".join(words[:n]), flags=re.I)
                codes = self._se_lookup(head)
                if len(codes) == 1:
                    return self._se_place(next(iter(codes)), "name+org-number")
        return None


def _org_number(text: str) -> str:
    """A Swedish organisation number as NNNNNN-NNNN ("2021003054" and "202100-3054" are the same)."""
    digits = re.sub(r"\D", "", text)
    return f"{digits[:6]}-{digits[6:]}" if len(digits) == 10 else text.strip()


def read_seats(path: str | Path, se_municipalities: pl.DataFrame) -> dict[str, str]:
    """Organisation number -> seat municipality code, from `data/organisation_seats.toml`. Each entry names
    its municipality by code and name; a pair that SCB's list does not have stops the build (a typo in a
    code would otherwise move a university's money to another town)."""
    names = dict(
        zip(se_municipalities["municipality_code"], se_municipalities["municipality_name_short"], strict=True)
    )
    seats: dict[str, str] = {}
    for entry in tomllib.loads(Path(path).read_text(encoding="utf-8"))["seat"]:
        code, name = entry["municipality"]
        if names.get(code) != name:
            raise ValueError(
                f"{path}: {entry['name']} ({entry['org_number']}): municipality {code} is "
                f"{names.get(code)!r} in SCB's list, not {name!r}"
            )
        number = _org_number(entry["org_number"])
        if number in seats:
            raise ValueError(f"{path}: organisation number {number} is listed twice")
        seats[number] = code
    return seats


def _no_name_candidates(text: str) -> list[tuple[str, str | None]]:
    """Names to try for a Norwegian organisation, with a county hint when the text gives one.

    'Vågå kommune' -> Vågå; 'Helseetaten i Oslo kommune' -> Oslo; 'Oslo kommune, Helseetaten' -> Oslo;
    'HARSTAD KOMMUNE / HÁRSTTÁID SUOHKAN' -> Harstad; 'Våler kommune i Innlandet' -> Våler (hint Innlandet).
    A name with other words ('Kongsberg Maritime AS') gives nothing that matches a municipality.
    """
    text = " ".join(text.replace("–", "-").replace("—", "-").split())
    out: list[tuple[str, str | None]] = []
    if m := re.fullmatch(r".+?\s+i\s+(.+?\s+" + _NO_MUNICIPAL + r")", text, re.I):
        text = m.group(1)  # a department "i X kommune"
    hint = None
    if m := re.fullmatch(r"(.+?)\s+i\s+(.+)", text, re.I):
        text, hint = m.group(1), m.group(2)
    pieces = [text, *re.split(r"\s+-\s+|\s*/\s*|\s*,\s*", text)[:1]]
    for piece in pieces:
        stripped = re.sub(r"\s+" + _NO_MUNICIPAL + r"$", "", piece.strip(), flags=re.I)
        out.append((stripped, hint))
    return out


def _se_name_candidates(text: str) -> list[tuple[str, str | None]]:
    """Names to try for a Swedish organisation: 'Örnsköldsviks kommun - Välfärdsförvaltningen' ->
    Örnsköldsviks; 'Göteborgs Stad' -> Göteborgs; 'BORÅS STAD - BORÅS STAD, Stadskansliet' -> BORÅS."""
    text = " ".join(text.replace("–", "-").replace("—", "-").split())
    pieces = [text, *re.split(r"\s+-\s+|\s*/\s*|\s*,\s*", text)[:1]]
    out: list[tuple[str, str | None]] = []
    for piece in pieces:
        piece = re.sub(r"^(?:city|municipality) of\s+", "", piece.strip(), flags=re.I)
        out.append((piece, None))
        stripped = re.sub(r"\s+" + _SE_MUNICIPAL + r"$", "", piece, flags=re.I)
        if stripped != piece:
            out.append((stripped, None))
    return out


PLACE_COLUMNS = {
    "municipality_code": pl.String,
    "municipality": pl.String,
    "county_code": pl.String,
    "county": pl.String,
    "region_code_at_award": pl.String,
    "place_method": pl.String,
    "place_country": pl.String,
}


def add_places(
    frame: pl.DataFrame, resolver: RegionResolver, known: dict[tuple, Place | None] | None = None
) -> pl.DataFrame:
    """Add municipality_code, municipality, county_code, county, region_code_at_award, place_method and
    place_country (codes are only unique within a country).

    A row is placed by municipality_code_raw when the source gives one (an address code), else by the
    recipient's name (municipalities only). Each distinct (code, name, country, year, org number) is resolved
    once, so the cost follows the number of distinct recipients, not rows. Unplaced rows get nulls. `known`
    holds places resolved before (and gets the new ones), so batches of one build resolve each key once.
    """
    known = {} if known is None else known
    frame = frame.drop(list(PLACE_COLUMNS), strict=False)
    place_country = pl.coalesce(
        pl.when(pl.col("recipient_country").is_in(["NO", "SE"])).then(pl.col("recipient_country")),
        pl.when(pl.col("country").is_in(["NO", "SE"])).then(pl.col("country")),
    )
    keys = ["_raw", "_name", "_country", "_year", "_org"]
    text = pl.coalesce("municipality_code_raw", "recipient")  # what resolve() is given
    # resolve() reads the year only for kommune codes and Norwegian names: a Swedish text with a letter in
    # it is never a code, so its year is left out of the key (one resolve per name instead of per name-year).
    year_free = (place_country == "SE") & text.str.contains(r"\p{L}")
    work = frame.with_columns(
        pl.col("municipality_code_raw").alias("_raw"),
        pl.when(pl.col("municipality_code_raw").is_null()).then(pl.col("recipient")).alias("_name"),
        place_country.alias("_country"),
        pl.when(year_free).then(None).otherwise(pl.col("year").cast(pl.Int32)).cast(pl.Int32).alias("_year"),
        pl.when(pl.col("municipality_code_raw").is_null()).then(pl.col("recipient_org_number")).alias("_org"),
    )
    rows = []
    for key in work.select(keys).unique().iter_rows():
        if key not in known:
            raw, name, country, year, org = key
            known[key] = resolver.resolve(raw if raw is not None else name, country, year, org_number=org)
        place = known[key]
        rows.append(
            key
            + (
                (
                    place.municipality_code,
                    place.municipality,
                    place.county_code,
                    place.county,
                    place.municipality_code_at_award,
                    place.method,
                    place.country,
                )
                if place
                else (None,) * len(PLACE_COLUMNS)
            )
        )
    schema = {
        "_raw": pl.String,
        "_name": pl.String,
        "_country": pl.String,
        "_year": pl.Int32,
        "_org": pl.String,
    }
    places = pl.DataFrame(rows, schema=schema | PLACE_COLUMNS, orient="row")
    return work.join(places, on=keys, how="left", nulls_equal=True, maintain_order="left").drop(keys)
