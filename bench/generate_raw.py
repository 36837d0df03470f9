"""Write a synthetic raw-data folder that the real ETL builds from: N SweCRIS grant rows, everything else real.

    python bench/generate_raw.py --rows 1000000 --out /tmp/raw_1m
    FUNDING_REGISTRY=/tmp/raw_1m/sources.toml python -m etl build --raw-dir /tmp/raw_1m --db /tmp/x.duckdb

The folder mirrors the real one (env FUNDING_RAW_DIR, ../shared or /work/shared):
  data/swecris_kth/swecris_kth_grants.csv    N synthetic rows in exactly the real file's format: the same 25
                                             columns in the same order, UTF-8 without BOM, comma, LF between
                                             records, quotes only where needed ("" inside), empty = missing.
  data/swecris_kth/swecris_kth_vinnova.csv   the Vinnova rows of that file with `diarienummer` in front, as the
                                             real pair of files relates.
  sources.toml                               a copy of etl/sources.toml whose two SweCRIS entries carry the
                                             synthetic files' SHA-256 (and say they are synthetic); point
                                             FUNDING_REGISTRY at it. Every other checksum is the real one.
  everything else                            symlinks to the real raw folder (corpus pages, other bulk sources,
                                             reference data): nothing is copied.

Rows are drawn per chunk with numpy and written with polars (no Python loop per row, apart from the ~10 % of
project ids in a funder's non-standard format). Each synthetic row starts from a real row of the same file
(a "template"), which gives the mix of funders (Vetenskapsrådet, Vinnova, Riksbankens Jubileumsfond, Formas,
Energimyndigheten, ...), award types, SCB subject strings, date formats, load timestamps and missing values;
the rest is new: project ids (unique; the funder's own id format), titles (real title words recombined, with
the real file's stray CR/LF and quotes), amounts (the template's amount times a log-normal factor), dates
around the award year, and the coordinator, drawn from the real coordinators, synthetic companies (their number
grows with N) and Swedish municipalities and regions (so the ETL places some grants on the map). The real
file's quirks are kept at their real rates: most Riksbankens Jubileumsfond rows repeat a Vinnova project (same
diarienummer and title, usually the same amount), a few other funders' diarienummer equal a Vinnova one,
"NULL" written for a missing coordinator name, personal identity numbers as coordinator ids, and award year,
amount and funding dates missing together. Same --rows and --seed, same bytes.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
import tomllib
from pathlib import Path

import numpy as np
import polars as pl

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from etl.extract import sha256_of  # noqa: E402  (the registry's own checksum)

REGISTRY = REPO / "etl" / "sources.toml"
GRANTS = "data/swecris_kth/swecris_kth_grants.csv"
VINNOVA = "data/swecris_kth/swecris_kth_vinnova.csv"
SYNTHETIC = (GRANTS, VINNOVA)
CHUNK = 500_000

_STANDARD_DN = r"^\d{4}-\d{5}$"  # "2019-02088": Vinnova, Vetenskapsrådet, Formas, Forte, most RJ
OKLASSIFICERAT = "¤¤¤ 9: Oklassificerat, Unclassified, 999: Oklassificerat, Unclassified, 99999: Oklassificerat, Unclassified "
GOVERNMENTAL = ("Stat, regioner, kommuner, församlingar", "Governmental")
COMPANY = ("Företag", "Company")
# Synthetic company names: a distinctive word, sometimes a trade word, then the company form.
COMPANY_WORDS = (
    "Norrsken", "Aponomy", "Cleanergy", "Fjällvind", "Havsbris", "Ljusdal", "Granit", "Skogsglänta", "Kvarnsten",
    "Solvik", "Ekhagen", "Bergvik", "Älvdal", "Polar", "Nordic", "Lumen", "Aurora", "Tundra", "Insjö", "Kustlinje",
    "Stenbacka", "Myrberg", "Lövgren", "Sjöberg", "Ström", "Björk", "Lind", "Ek", "Al", "Hav", "Berg", "Dal", "Vik",
    "Fors", "Ås", "Holm", "Näs", "Sand", "Lid", "Mo", "Ryd", "Hult", "Torp",
)  # fmt: skip
COMPANY_TRADES = (
    "", "", "", "Innovation", "Technologies", "Data", "Energi", "Konsult", "Medical", "Systems", "Solutions",
    "Bygg", "Miljö", "Analys", "Robotics", "Bio", "Design", "Logistik", "Sensor", "Labs",
)  # fmt: skip


def default_raw_dir() -> Path:
    for candidate in (os.environ.get("FUNDING_RAW_DIR"), REPO.parent / "shared"):
        if candidate and (Path(candidate) / GRANTS).is_file():
            return Path(candidate).resolve()
    raise SystemExit("real raw data not found: set FUNDING_RAW_DIR or pass --real-raw-dir")


# ---------------------------------------------------------------- what the real file looks like


class Model:
    """Everything the generator samples from, read once from the real SweCRIS files."""

    def __init__(self, real_raw: Path, rows: int, rng: np.random.Generator):
        real = pl.read_csv(real_raw / GRANTS, infer_schema=False)
        self.columns = real.columns
        parts = pl.col("projectId").str.extract_groups(r"^(?<dn>.*)_(?<suf>[^_]+)$")
        real = real.with_columns(parts.struct.field("dn"), parts.struct.field("suf"))
        vinnova_dn = real.filter(pl.col("suf") == "Vinnova")["dn"]
        real = real.with_columns(
            ((pl.col("suf") == "RJ") & pl.col("dn").is_in(vinnova_dn.implode())).alias("_repeat"),
            pl.col("fundingsSek").cast(pl.Float64).alias("_amount"),
            pl.col("dn").str.contains(_STANDARD_DN).alias("_standard"),
            # 0: "2011", 1: "2011-01-01 12:00:00", 2: "2011-01-01", 3: missing
            pl.when(pl.col("fundingStartDate").is_null())
            .then(3)
            .when(pl.col("fundingStartDate").str.len_chars() == 4)
            .then(0)
            .when(pl.col("fundingStartDate").str.len_chars() > 10)
            .then(1)
            .otherwise(2)
            .alias("_date_format"),
            pl.coalesce(
                pl.col("fundingYear").cast(pl.Int32),
                pl.col("projectStartDate").str.slice(0, 4).cast(pl.Int32),
            ).alias("_year"),
            pl.col("projectTitleSv").str.split(" ").list.len().fill_null(0).alias("_len_sv"),
            pl.col("projectTitleEn").str.split(" ").list.len().fill_null(0).alias("_len_en"),
        )
        self.repeat_share = real["_repeat"].sum() / real.height  # RJ rows repeating a Vinnova project
        templates = real.filter(~pl.col("_repeat"))
        self.vinnova_templates = templates.filter(pl.col("suf") == "Vinnova")
        self.other_templates = templates.filter(pl.col("suf") != "Vinnova")
        # Share of Vinnova projects that have an RJ twin in the real file (1 372 of 1 408).
        self.twin_share = real["_repeat"].sum() / self.vinnova_templates.height
        self.rj = real.filter(pl.col("_repeat")).select(
            *[c for c in self.columns if c.startswith("fundingOrganisation")], "loadedDate", "updatedDate"
        )
        self.collision_share = (
            templates.filter((pl.col("suf") != "Vinnova") & pl.col("dn").is_in(vinnova_dn.implode())).height
            / self.other_templates.height
        )

        def words(column: str) -> pl.Series:
            """Every word of the real titles, as often as it occurs (punctuation and quotes kept)."""
            split = pl.col(column).drop_nulls().str.replace_all(r"\s+", " ").str.strip_chars().str.split(" ")
            return real.select(split).explode(column).filter(pl.col(column).str.len_chars() > 0)[column]

        self.words_sv = words("projectTitleSv")
        self.words_en = words("projectTitleEn")
        self.organisations = self._organisations(real, real_raw, rows, rng)

    @staticmethod
    def _organisations(
        real: pl.DataFrame, real_raw: Path, rows: int, rng: np.random.Generator
    ) -> pl.DataFrame:
        """Coordinators with a sampling weight: the real ones (by their frequency), synthetic companies (more
        of them for more rows), Swedish municipalities and regions, and a few people (personal numbers)."""
        cols = [c for c in real.columns if c.startswith("coordinatingOrganisation")]
        known = real.group_by(cols, maintain_order=True).agg(pl.len().cast(pl.Float64).alias("w"))
        known = known.with_columns(pl.col("w") / pl.col("w").sum() * 0.62)

        n_companies = max(2_000, rows // 40)
        numbers = np.unique(rng.integers(0, 10**8, n_companies * 2))[:n_companies]
        rng.shuffle(numbers)
        word = np.array(COMPANY_WORDS)[rng.integers(0, len(COMPANY_WORDS), (len(numbers), 2))]
        trade = np.array(COMPANY_TRADES)[rng.integers(0, len(COMPANY_TRADES), len(numbers))]
        form = np.where(rng.random(len(numbers)) < 0.1, "Aktiebolag", "AB")
        caps = rng.random(len(numbers)) < 0.15  # "CLEANERGY AB": some are registered in capitals
        names = [
            (f"{a}{b.lower()} {t} {f}" if t else f"{a}{b.lower()} {f}").replace("  ", " ")
            for (a, b), t, f in zip(word, trade, form, strict=True)
        ]
        names = [n.upper() if c else n for n, c in zip(names, caps, strict=True)]
        ranks = np.arange(1, len(numbers) + 1, dtype=float)
        companies = pl.DataFrame(
            {
                cols[0]: [f"55{n // 10**4:04d}-{n % 10**4:04d}" for n in numbers],
                cols[1]: names,
                cols[2]: names,
                cols[3]: COMPANY[0],
                cols[4]: COMPANY[1],
                "w": 0.315 * (1 / ranks) / (1 / ranks).sum(),  # a few companies win many grants
            }
        )

        municipalities = pl.read_csv(real_raw / "data/se_codes_sjbrg/municipalities.csv", infer_schema=False)
        counties = pl.read_csv(real_raw / "data/se_codes_sjbrg/counties.csv", infer_schema=False)
        county_name = next(c for c in counties.columns if "name" in c.lower())
        public = pl.concat(
            [
                municipalities.select(
                    pl.format("2120{}-{}", pl.col("county_code"), pl.col("municipality_code")).alias(cols[0]),
                    pl.col("municipality_name").alias(cols[1]),
                    pl.format("{} Municipality", pl.col("municipality_name_short")).alias(cols[2]),
                ),
                counties.select(
                    pl.format("2321{}-00{}", pl.col("county_code"), pl.col("county_code")).alias(cols[0]),
                    pl.format("Region {}", pl.col(county_name).str.replace(r"\s+län$", "")).alias(cols[1]),
                    pl.format("Region {}", pl.col(county_name).str.replace(r"\s+län$", "")).alias(cols[2]),
                ),
            ]
        ).with_columns(
            pl.lit(GOVERNMENTAL[0]).alias(cols[3]),
            pl.lit(GOVERNMENTAL[1]).alias(cols[4]),
            pl.lit(0.06 / (municipalities.height + counties.height)).alias("w"),
        )
        born = rng.integers(40, 100, 50) * 10_000 + rng.integers(1, 13, 50) * 100 + rng.integers(1, 29, 50)
        people = pl.DataFrame(
            {
                cols[0]: [f"{b:06d}-{s:04d}" for b, s in zip(born, rng.integers(0, 10**4, 50), strict=True)],
                cols[1]: "NULL",
                cols[2]: "NULL",
                cols[3]: "Övrigt",
                cols[4]: "Other",
                "w": 0.005 / 50,
            }
        )
        table = pl.concat([known, companies, public, people], how="vertical_relaxed")
        return table.with_columns(pl.col("w") / pl.col("w").sum())


# ---------------------------------------------------------------- one chunk of rows


class Serials:
    """Unique diarienummer serials per year ("2019-02088") and a counter for the other id formats."""

    def __init__(self, rows: int, rng: np.random.Generator):
        self.rng = rng
        self.size = max(100_000, int(rows * 0.25))  # room for every funder's cases of a year
        self.width = len(str(self.size - 1))
        self.free: dict[int, np.ndarray] = {}
        self.used: dict[int, int] = {}
        self.counter = 1

    def take(self, year: int, n: int) -> np.ndarray:
        if year not in self.free:
            self.free[year] = self.rng.permutation(self.size)[: self.size // 2] + 1
            self.used[year] = 0
        start = self.used[year]
        if start + n > len(self.free[year]):
            raise RuntimeError(f"too many rows for award year {year}; raise Serials.size")
        self.used[year] = start + n
        return self.free[year][start : start + n]

    def other(self, template_ids: list[str]) -> list[str]:
        """'P44374-1' -> 'P00017-1', '123/19' -> '018/19': the longest digit run (the case number) replaced
        by a fresh number at least as wide."""
        out = []
        for dn in template_ids:
            runs = list(re.finditer(r"\d+", dn)) or [re.search(r"$", dn)]
            run = max(reversed(runs), key=lambda m: len(m.group()))
            out.append(f"{dn[: run.start()]}{self.counter:0{len(run.group())}d}{dn[run.end() :]}")
            self.counter += 1
        return out


def _titles(words: pl.Series, lengths: np.ndarray, rng: np.random.Generator) -> pl.Series:
    """Titles of the given word counts (0 -> missing) made of real title words."""
    n, top = len(lengths), int(lengths.max(initial=0))
    if top == 0:
        return pl.Series([None] * n, dtype=pl.String)
    picks = rng.integers(0, len(words), (top, n))
    frame = pl.DataFrame({f"w{j}": words.gather(picks[j]) for j in range(top)}).with_columns(
        pl.Series("_len", lengths)
    )
    parts = [pl.when(pl.col("_len") > j).then(pl.col(f"w{j}")) for j in range(top)]
    title = pl.concat_str(parts, separator=" ", ignore_nulls=True)
    return frame.select(pl.when(pl.col("_len") > 0).then(title).alias("t"))["t"]


def _with_line_breaks(titles: pl.Series, rng: np.random.Generator, share: float) -> pl.Series:
    """The real file's stray line breaks: a trailing CR LF, or a break inside the title."""
    n = len(titles)
    pick = rng.random(n)
    where = rng.integers(1, 6, n)
    frame = pl.DataFrame({"t": titles, "p": pick, "k": where})
    split = pl.col("t").str.split(" ")
    inner = pl.concat_str(
        split.list.head(pl.col("k")).list.join(" "),
        pl.lit(" \n"),
        split.list.slice(pl.col("k")).list.join(" "),
    )
    return frame.select(
        pl.when(pl.col("t").is_null() | (pl.col("p") >= share))
        .then(pl.col("t"))
        .when(pl.col("p") < share * 0.7)
        .then(pl.col("t") + "\r\n")
        .when(split.list.len() > pl.col("k"))
        .then(inner)
        .otherwise(pl.col("t") + "\n")
        .alias("t")
    )["t"]


def _pad(expr: pl.Expr) -> pl.Expr:
    return expr.cast(pl.String).str.zfill(2)


def make_chunk(model: Model, serials: Serials, n: int, rng: np.random.Generator) -> pl.DataFrame:
    """`n` rows in the real column order (plus `_dn`, `_vinnova`, used for the Vinnova file)."""
    n_twins = round(n * model.repeat_share)
    n_vinnova = min(n - n_twins, int(np.ceil(n_twins / model.twin_share)))
    n_other = n - n_twins - n_vinnova
    base = pl.concat(
        [
            model.vinnova_templates[rng.integers(0, model.vinnova_templates.height, n_vinnova)],
            model.other_templates[rng.integers(0, model.other_templates.height, n_other)],
        ]
    )
    m = base.height
    missing = base["_amount"].is_null().to_numpy()
    year = base["_year"].to_numpy().astype(np.int32)
    start_year = year + (rng.random(m) < 0.013)
    start_month = np.where(rng.random(m) < 0.4, 1, rng.integers(1, 13, m))
    start_day = np.where(rng.random(m) < 0.7, 1, rng.integers(1, 29, m))
    end_year = start_year + rng.choice([0, 1, 2, 3, 4], m, p=[0.1, 0.3, 0.3, 0.2, 0.1])
    year_end = rng.random(m) < 0.6  # most projects end on 31 December
    end_month = np.where(year_end, 12, rng.integers(1, 13, m))
    end_day = np.where(year_end, 31, rng.integers(1, 29, m))
    amount = np.round(base["_amount"].fill_null(0).to_numpy() * rng.lognormal(0.0, 0.35, m))

    # Project ids: "<diarienummer>_<funder code>", unique; the diarienummer year is the award year or the one
    # before (the application year).
    dn_year = np.where(missing, start_year, year) - (rng.random(m) < 0.3)
    standard = base["_standard"].to_numpy()
    dn = np.empty(m, dtype=object)
    for y in np.unique(dn_year[standard]):
        rows = np.flatnonzero(standard & (dn_year == y))
        dn[rows] = [f"{y}-{s:0{max(5, serials.width)}d}" for s in serials.take(int(y), len(rows))]
    odd = np.flatnonzero(~standard)
    dn[odd] = serials.other(base["dn"].gather(odd).to_list())
    # A few other funders' cases carry the same number as an unrelated Vinnova project (each number once; never
    # an RJ row, which would be a repeat).
    is_vinnova = np.arange(m) < n_vinnova
    other_funder = (base["suf"] != "RJ").to_numpy() & ~is_vinnova
    colliding = np.flatnonzero(other_funder & standard & (rng.random(m) < model.collision_share))
    colliding = colliding[:n_vinnova]
    dn[colliding] = dn[rng.choice(n_vinnova, len(colliding), replace=False)]

    title_sv = _with_line_breaks(_titles(model.words_sv, base["_len_sv"].to_numpy(), rng), rng, 0.047)
    title_en = _titles(model.words_en, base["_len_en"].to_numpy(), rng)
    orgs = model.organisations
    org_rows = orgs[rng.choice(orgs.height, m, p=orgs["w"].to_numpy())].drop("w")

    start = pl.format("{}-{}-{}", pl.col("_sy"), _pad(pl.col("_sm")), _pad(pl.col("_sd")))
    end = pl.format("{}-{}-{}", pl.col("_ey"), _pad(pl.col("_em")), _pad(pl.col("_ed")))

    def funding_date(date: pl.Expr, year_col: str) -> pl.Expr:
        fmt = pl.col("_date_format")
        return (
            pl.when(fmt == 0)
            .then(pl.col(year_col).cast(pl.String))
            .when(fmt == 1)
            .then(date + " 12:00:00")
            .when(fmt == 2)
            .then(date)
        )

    frame = base.with_columns(
        pl.Series("_dn", dn, dtype=pl.String),
        pl.Series("_vinnova", is_vinnova),
        pl.Series("_sy", start_year),
        pl.Series("_sm", start_month),
        pl.Series("_sd", start_day),
        pl.Series("_ey", end_year),
        pl.Series("_em", end_month),
        pl.Series("_ed", end_day),
        pl.Series("_amt", amount.astype(np.int64)),
        pl.Series("_missing", missing),
        pl.Series("_year_out", year),
        title_sv.alias("projectTitleSv"),
        title_en.alias("projectTitleEn"),
        *[org_rows[c] for c in org_rows.columns],
    ).with_columns(
        pl.format("{}_{}", "_dn", "suf").alias("projectId"),
        start.alias("projectStartDate"),
        end.alias("projectEndDate"),
        pl.when(~pl.col("_missing")).then(pl.format("{}.0", "_amt")).alias("fundingsSek"),
        pl.when(~pl.col("_missing")).then(pl.col("_year_out").cast(pl.String)).alias("fundingYear"),
        pl.when(~pl.col("_missing")).then(funding_date(start, "_year_out")).alias("fundingStartDate"),
        pl.when(~pl.col("_missing")).then(funding_date(end, "_ey")).alias("fundingEndDate"),
    )

    # Riksbankens Jubileumsfond rows that repeat a Vinnova project (the upstream artefact), at the real rate:
    # same diarienummer, titles, dates and coordinator; now and then another amount, title or end date.
    twins = frame.head(n_vinnova)[rng.permutation(n_vinnova)[:n_twins]] if n_twins else frame.clear()
    t = twins.height
    rj = model.rj[rng.integers(0, model.rj.height, t)]
    odd_amount = rng.random(t) < 0.015
    twins = twins.with_columns(
        *[rj[c] for c in rj.columns],
        pl.lit("RJ").alias("suf"),
        pl.lit(False).alias("_vinnova"),
        pl.format("{}_RJ", "_dn").alias("projectId"),
        pl.when(pl.Series(odd_amount) & ~pl.col("_missing"))
        .then(
            pl.format("{}.0", (pl.col("_amt") * pl.Series(rng.uniform(0.5, 1.5, t))).round().cast(pl.Int64))
        )
        .otherwise(pl.col("fundingsSek"))
        .alias("fundingsSek"),
        pl.when(pl.Series(rng.random(t) < 0.002))
        .then(pl.col("projectTitleSv") + " (fortsättning)")
        .otherwise(pl.col("projectTitleSv"))
        .alias("projectTitleSv"),
        pl.when(pl.Series(rng.random(t) < 0.036))
        .then(pl.format("{}-12-31", pl.col("_ey") + 1))
        .otherwise(pl.col("projectEndDate"))
        .alias("projectEndDate"),
        pl.when(pl.col("_missing")).then(None).otherwise(start + " 12:00:00").alias("fundingStartDate"),
        pl.when(pl.col("_missing")).then(None).otherwise(end + " 12:00:00").alias("fundingEndDate"),
        pl.when(pl.Series(rng.random(t) < 0.09)).then(pl.lit(OKLASSIFICERAT)).otherwise("scbs").alias("scbs"),
    )
    out = pl.concat([frame, twins]).select(*model.columns, "_dn", "_vinnova")
    if out["projectId"].n_unique() != out.height:
        raise RuntimeError("generated project ids repeat")
    return out.sort("projectId", descending=True)  # the real file runs from the newest diarienummer down


# ---------------------------------------------------------------- the folder


def link_real_inputs(real_raw: Path, out: Path) -> None:
    """Symlink every top-level folder of the real raw dir, and every data/ folder but swecris_kth."""
    for entry in sorted(real_raw.iterdir()):
        if entry.name == "data":
            (out / "data").mkdir(parents=True, exist_ok=True)
            for sub in sorted(entry.iterdir()):
                if sub.name != "swecris_kth":
                    _symlink(sub, out / "data" / sub.name)
        elif entry.is_dir() and entry.name == "corpus":
            _symlink(entry, out / entry.name)


def _symlink(target: Path, link: Path) -> None:
    if link.is_symlink() or link.exists():
        if link.is_symlink() and Path(os.readlink(link)) == target:
            return
        raise SystemExit(f"{link} exists and is not a link to {target}: use an empty --out folder")
    link.symlink_to(target, target_is_directory=target.is_dir())


def write_registry(out: Path, checksums: dict[str, str], note: str) -> Path:
    """etl/sources.toml with the synthetic files' checksums and origin; everything else byte for byte."""
    text = REGISTRY.read_text(encoding="utf-8")
    registry = tomllib.loads(text)
    for source in registry["source"]:
        for entry in source.get("files", []):
            if entry["path"] not in checksums:
                continue
            for old, new in (
                (f'sha256 = "{entry["sha256"]}"', f'sha256 = "{checksums[entry["path"]]}"'),
                (f'origin = "{entry["origin"]}"', f'origin = "{note}"'),
            ):
                if text.count(old) != 1:
                    raise SystemExit(f"cannot rewrite {old!r} in {REGISTRY}: its layout changed")
                text = text.replace(old, new)
    header = (
        "# GENERATED by bench/generate_raw.py for a synthetic raw-data folder; not the project's registry.\n"
        f"# {note}\n# Use: FUNDING_REGISTRY={out / 'sources.toml'} python -m etl build --raw-dir {out}\n\n"
    )
    path = out / "sources.toml"
    path.write_text(header + text, encoding="utf-8")
    return path


def generate(rows: int, out: Path, seed: int, real_raw: Path | None = None, chunk: int = CHUNK) -> dict:
    if rows < 1:
        raise SystemExit("--rows must be at least 1")
    t0 = time.perf_counter()
    real_raw = (real_raw or default_raw_dir()).resolve()
    out = out.resolve()
    if out == real_raw or real_raw in out.parents or REPO in out.parents:
        raise SystemExit(f"--out must be outside the real raw folder and the repository: {out}")
    out.mkdir(parents=True, exist_ok=True)
    link_real_inputs(real_raw, out)
    folder = out / "data" / "swecris_kth"
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    model = Model(real_raw, rows, rng)
    serials = Serials(rows, rng)
    counts = {"grants_rows": 0, "vinnova_rows": 0}
    with (
        (folder / "swecris_kth_grants.csv.part").open("wb") as g,
        (folder / "swecris_kth_vinnova.csv.part").open("wb") as v,
    ):
        done = 0
        while done < rows:
            n = min(chunk, rows - done)
            frame = make_chunk(model, serials, n, rng)
            vinnova = frame.filter(pl.col("_vinnova")).select(
                pl.col("_dn").alias("diarienummer"), *model.columns
            )
            options = {"include_header": done == 0, "quote_style": "necessary", "null_value": ""}
            frame.select(model.columns).write_csv(g, **options)
            vinnova.write_csv(v, **options)
            counts["grants_rows"] += frame.height
            counts["vinnova_rows"] += vinnova.height
            done += n
            print(
                f"generate_raw: {done:,}/{rows:,} rows at {time.perf_counter() - t0:.1f} s", file=sys.stderr
            )
    for name in ("swecris_kth_grants.csv", "swecris_kth_vinnova.csv"):
        os.replace(folder / f"{name}.part", folder / name)
    checksums = {path: sha256_of(out / path) for path in SYNTHETIC}
    note = (
        f"Synthetic: bench/generate_raw.py --rows {rows} --seed {seed} (templates from {real_raw / GRANTS})"
    )
    (folder / "SOURCE.txt").write_text(
        f"{note}\nNot real grants. Format and quirks of the real files; see bench/generate_raw.py.\n",
        encoding="utf-8",
    )
    registry = write_registry(out, checksums, note)
    return {
        **counts,
        "bulk_rows": counts["grants_rows"] + counts["vinnova_rows"],
        "bytes": sum((out / p).stat().st_size for p in SYNTHETIC),
        "seconds": round(time.perf_counter() - t0, 1),
        "registry": str(registry),
        "raw_dir": str(out),
        "seed": seed,
        "checksums": checksums,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, required=True, help="rows of the synthetic swecris_kth_grants.csv")
    ap.add_argument("--out", type=Path, required=True, help="folder to write (outside the repo and shared/)")
    ap.add_argument("--seed", type=int, default=20240101)
    ap.add_argument(
        "--real-raw-dir", type=Path, help="the real raw folder (default: FUNDING_RAW_DIR, ../shared)"
    )
    args = ap.parse_args(argv)
    result = generate(args.rows, args.out, args.seed, args.real_raw_dir)
    print(
        f"generate_raw: wrote {result['grants_rows']:,} grant rows and {result['vinnova_rows']:,} Vinnova rows "
        f"({result['bytes'] / 2**20:,.0f} MiB) to {result['raw_dir']} in {result['seconds']} s\n"
        f"  build with: FUNDING_REGISTRY={result['registry']} python -m etl build --raw-dir {result['raw_dir']}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
