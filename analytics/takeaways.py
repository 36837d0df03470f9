"""One-line takeaways computed from the same frames the charts show (so the sentence and the chart agree)."""

from __future__ import annotations

import polars as pl

from analytics.i18n import country_name, fmt_money, fmt_pct, fmt_signed_pct, t


def _share(part: float, whole: float) -> float | None:
    return part / whole if whole else None


def country(frame: pl.DataFrame, lang: str, currency: str) -> str | None:
    frame = frame.filter(pl.col("total") > 0).sort("total", descending=True)
    if frame.height < 2:  # one country (filtered): nothing to compare
        return None
    top = frame.row(0, named=True)
    share = _share(top["total"], float(frame["total"].sum()))
    return t(
        "tk_country",
        lang,
        top=country_name(top["key"], lang),
        share=fmt_pct(share, lang),
        amount=fmt_money(top["total"], currency, lang),
    )


def coverage(frame: pl.DataFrame, lang: str, titles: dict[str, str]) -> str | None:
    """When the countries' money comes mostly from different sources (Norway: Horizon 2020 to all Norwegian
    organisations; Sweden: SweCRIS grants involving KTH), say so: the country bars are not like for like.

    `frame` is the `country_source` totals ("NO|nfr_h2020" keys); None when the countries share a main source
    or only one country has money."""
    if frame.height == 0:
        return None
    parts = (
        frame.filter((pl.col("total") > 0) & pl.col("key").is_not_null())
        .with_columns(
            pl.col("key").str.split_exact("|", 1).struct.rename_fields(["country", "source"]).alias("k")
        )
        .unnest("k")
    )
    main = (
        parts.with_columns((pl.col("total") / pl.col("total").sum().over("country")).alias("share"))
        .sort(["country", "total", "source"], descending=[False, True, False])
        .group_by("country", maintain_order=True)
        .first()
    )
    if main.height < 2 or main["source"].n_unique() == 1:
        return None
    pieces = [
        t(
            "coverage_part",
            lang,
            country=country_name(r["country"], lang),
            share=fmt_pct(r["share"], lang),
            source=titles.get(r["source"], r["source"]),
        )
        for r in main.iter_rows(named=True)
    ]
    return t("coverage_note", lang, parts="; ".join(pieces))


def funder(frame: pl.DataFrame, lang: str) -> str | None:
    frame = frame.filter(pl.col("total") > 0).sort("total", descending=True)
    if frame.height == 0:
        return None
    whole = float(frame["total"].sum())
    top = frame.row(0, named=True)
    if frame.height == 1:  # "the largest of one: 100 %; the top three give 100 %" says nothing
        return t("tk_funder_only", lang, top=top["label"] or top["key"])
    if frame.height <= 3:
        return t(
            "tk_funder_few",
            lang,
            top=top["label"] or top["key"],
            share=fmt_pct(_share(top["total"], whole), lang),
        )
    return t(
        "tk_funder",
        lang,
        top=top["label"] or top["key"],
        share=fmt_pct(_share(top["total"], whole), lang),
        top3=fmt_pct(_share(float(frame["total"].head(3).sum()), whole), lang),
    )


def theme(frame: pl.DataFrame, lang: str, label) -> str | None:
    frame = frame.filter(pl.col("total") > 0).sort("total", descending=True)
    if frame.height == 0:
        return None
    top = frame.row(0, named=True)
    return t(
        "tk_theme",
        lang,
        top=label(top["key"]),
        share=fmt_pct(_share(top["total"], float(frame["total"].sum())), lang),
    )


def years(frame: pl.DataFrame, lang: str, currency: str, current_year: int | None = None) -> str | None:
    """Peak year and the last complete year (the current year is partial)."""
    frame = frame.filter(pl.col("key").is_not_null()).with_columns(pl.col("key").cast(pl.Int64).alias("year"))
    if frame.height == 0:
        return None
    if frame.height == 1:
        return t("tk_year_one", lang, year=frame["year"][0])
    complete = frame.filter(pl.col("year") < current_year) if current_year else frame
    if complete.height == 0:
        complete = frame
    peak = complete.sort(["total", "year"], descending=[True, False]).row(0, named=True)
    last = complete.sort("year").row(-1, named=True)
    if peak["year"] == last["year"]:
        return t("tk_year_last", lang, year=peak["year"], amount=fmt_money(peak["total"], currency, lang))
    return t(
        "tk_year",
        lang,
        year=peak["year"],
        amount=fmt_money(peak["total"], currency, lang),
        last_full=last["year"],
        last_amount=fmt_money(last["total"], currency, lang),
    )


def growth(frame: pl.DataFrame, lang: str, current_year: int | None = None) -> str | None:
    """Change between the first and last complete year of a (year, total) frame summed over keys."""
    per_year = frame.group_by("year").agg(pl.col("total").sum()).sort("year")
    if current_year:
        per_year = per_year.filter(pl.col("year") < current_year)
    per_year = per_year.filter(pl.col("total") > 0)
    if per_year.height < 2:
        return None
    first, last = per_year.row(0, named=True), per_year.row(-1, named=True)
    change = (last["total"] - first["total"]) / first["total"]
    return t("tk_growth", lang, y0=first["year"], y1=last["year"], change=fmt_signed_pct(change, lang))
