"""The words exported files say about themselves (captions, slides, READMEs, citations), in en, nb and sv.

A deck shown at a Norwegian network meeting should not switch to English on its captions, so every sentence an
export writes is looked up here in the language of the view it was made from (`Provenance.lang`). Data values
(funder names, titles) and the data dictionary's column meanings stay as published.
"""

from __future__ import annotations

from analytics.i18n import LANGUAGES

# key -> (en, nb, sv). Placeholders use str.format names and must be the same in all three.
PHRASES: dict[str, tuple[str, str, str]] = {
    # labels in front of a value
    "view": ("View", "Visning", "Vy"),
    "filters": ("Filters", "Filtre", "Filter"),
    "amounts": ("Amounts", "Beløp", "Belopp"),
    "source": ("Source", "Kilde", "Källa"),
    "link": ("Link", "Lenke", "Länk"),
    "permalink": ("Permalink", "Lenke", "Länk"),
    "exported": ("Exported", "Eksportert", "Exporterad"),
    "database": ("Database", "Database", "Databas"),
    "currency": ("Currency", "Valuta", "Valuta"),
    "rows": ("Rows", "Rader", "Rader"),
    "none_parenthesised": ("(none)", "(ingen)", "(ingen)"),
    "unknown": ("unknown", "ukjent", "okänt"),
    # sentences
    "no_filters": (
        "none (all grants in the database)",
        "ingen (alle tildelinger i databasen)",
        "inga (alla bidrag i databasen)",
    ),
    "converted": (
        "Converted amounts in {currency}, at the ECB average exchange rate of each grant's start month, or of"
        " its award year when no month is known (original amounts and currencies are kept alongside)",
        "Omregnede beløp i {currency}, etter ECBs gjennomsnittskurs for tildelingens startmåned, eller for"
        " tildelingsåret når måneden ikke er kjent (opprinnelige beløp og valutaer følger med)",
        "Omräknade belopp i {currency}, enligt ECB:s genomsnittskurs för bidragets startmånad, eller för"
        " beviljandeåret när månaden inte är känd (ursprungliga belopp och valutor finns kvar)",
    ),
    "constant_prices": (
        "; constant prices of {base} (deflated with the consumer price index)",
        "; faste priser for {base} (deflatert med konsumprisindeksen)",
        "; fasta priser för {base} (deflaterade med konsumentprisindex)",
    ),
    "latest_year": ("the latest published year", "siste publiserte år", "senast publicerade år"),
    "nominal_prices": ("; nominal prices", "; løpende priser", "; löpande priser"),
    "see_sources": (
        "see the sources listed in the dashboard",
        "se kildene som er oppført i dashbordet",
        "se källorna som listas i instrumentpanelen",
    ),
    "exported_on": ("Exported {date}", "Eksportert {date}", "Exporterad {date}"),
    "database_built": ("database built {built}", "database bygget {built}", "databas byggd {built}"),
    "database_unknown": (
        "database build date unknown",
        "ukjent når databasen ble bygget",
        "okänt när databasen byggdes",
    ),
    "etl_run": ("ETL run {run}", "ETL-kjøring {run}", "ETL-körning {run}"),
    "basis_nominal": ("nominal prices", "løpende priser", "löpande priser"),
    "basis_constant": ("constant prices", "faste priser", "fasta priser"),
    "basis_year": ("{year} prices", "{year}-priser", "{year} års priser"),
    "cite_view": (
        "{product} ({year}). {title}, view “{view}”.",
        "{product} ({year}). {title}, visning «{view}».",
        "{product} ({year}). {title}, vy ”{view}”.",
    ),
    "cite_built": ("Database built {built}", "Database bygget {built}", "Databas byggd {built}"),
    "cite_accessed": ("Accessed {date}.", "Lest {date}.", "Hämtad {date}."),
    "cite_data": ("Data: {attribution}.", "Data: {attribution}.", "Data: {attribution}."),
    "suggested_citation": ("Suggested citation", "Foreslått kildehenvisning", "Föreslagen källhänvisning"),
    "sources_licences": ("Sources and licences", "Kilder og lisenser", "Källor och licenser"),
    "continued": ("(continued)", "(fortsatt)", "(forts.)"),
    "licence": ("Licence", "Lisens", "Licens"),
    "no_source": (
        "No source recorded for this view.",
        "Ingen kilde registrert for denne visningen.",
        "Ingen källa registrerad för denna vy.",
    ),
    "not_recorded": ("(not recorded)", "(ikke registrert)", "(inte registrerad)"),
    # README of a table export
    "sum_original": (
        "{amount} over {n} grants (original amounts)",
        "{amount} fordelt på {n} tildelinger (opprinnelige beløp)",
        "{amount} fördelat på {n} bidrag (ursprungliga belopp)",
    ),
    "no_amount": (
        "{n} grants state no granted amount (left empty)",
        "{n} tildelinger oppgir ikke tildelt beløp (tomt felt)",
        "{n} bidrag anger inget beviljat belopp (tomt fält)",
    ),
    "sum": ("Sum", "Sum", "Summa"),
    "no_amount_label": ("No amount", "Uten beløp", "Utan belopp"),
    "columns": (
        "Columns (meanings from the data dictionary, in English)",
        "Kolonner (forklaring fra dataordboken, på engelsk)",
        "Kolumner (förklaring från dataordlistan, på engelska)",
    ),
    "notes": ("Notes", "Merknader", "Anmärkningar"),
    # filters in words
    "f_country": ("Recipient country: {value}", "Mottakerland: {value}", "Mottagarland: {value}"),
    "f_funders": ("Funders: {value}", "Finansiører: {value}", "Finansiärer: {value}"),
    "f_programme": ("Programme: {value}", "Program: {value}", "Program: {value}"),
    "f_theme": ("Theme: {value}", "Tema: {value}", "Tema: {value}"),
    "f_years": ("Award years: {start}–{end}", "Tildelingsår: {start}–{end}", "Beviljandeår: {start}–{end}"),
    "f_year": ("Award year: {year}", "Tildelingsår: {year}", "Beviljandeår: {year}"),
    "f_years_from": (
        "Award years: {year} and later",
        "Tildelingsår: {year} og senere",
        "Beviljandeår: {year} och senare",
    ),
    "f_years_to": (
        "Award years: up to {year}",
        "Tildelingsår: til og med {year}",
        "Beviljandeår: till och med {year}",
    ),
    "f_recipient_type": ("Recipient type: {value}", "Mottakertype: {value}", "Mottagartyp: {value}"),
    "f_place": ("Place: {value}", "Sted: {value}", "Plats: {value}"),
    "f_amount": (
        "Amount: {low}–{high} {currency}",
        "Beløp: {low}–{high} {currency}",
        "Belopp: {low}–{high} {currency}",
    ),
    "f_amount_min": (
        "Amount: at least {low} {currency}",
        "Beløp: minst {low} {currency}",
        "Belopp: minst {low} {currency}",
    ),
    "f_amount_max": (
        "Amount: at most {high} {currency}",
        "Beløp: høyst {high} {currency}",
        "Belopp: högst {high} {currency}",
    ),
    "f_search": ("Text search: “{value}”", "Tekstsøk: «{value}»", "Textsökning: ”{value}”"),
    "f_org": ("Organisation: {value}", "Organisasjon: {value}", "Organisation: {value}"),
    "f_funder": ("Funder: {value}", "Finansiør: {value}", "Finansiär: {value}"),
}


def say(key: str, lang: str = "en", **values: object) -> str:
    """The phrase `key` in `lang` (English for an unknown language), with its placeholders filled."""
    variants = PHRASES[key]
    text = variants[LANGUAGES.index(lang)] if lang in LANGUAGES else variants[0]
    return text.format(**values) if values else text


def labelled(key: str, value: str, lang: str = "en") -> str:
    """`Label: value`, the label in `lang`."""
    return f"{say(key, lang)}: {value}"
