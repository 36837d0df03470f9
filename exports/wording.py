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
    "constant_prices_cpi": (
        "; constant prices of {base} (deflated with the consumer price index of {country})",
        "; faste priser for {base} (deflatert med konsumprisindeksen i {country})",
        "; fasta priser för {base} (deflaterade med konsumentprisindex i {country})",
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
    "basis_constant_cpi": (
        "constant prices of {base}, consumer price index of {country}",
        "faste priser for {base}, konsumprisindeksen i {country}",
        "fasta priser för {base}, konsumentprisindex i {country}",
    ),
    "basis_constant_of": ("constant prices of {base}", "faste priser for {base}", "fasta priser för {base}"),
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
    "title": ("Title", "Tittel", "Titel"),
    "chart": ("Chart", "Diagram", "Diagram"),
    "total": ("Total", "Totalt", "Totalt"),
    "total_value": (
        "{amount} over {n} grants ({basis})",
        "{amount} fordelt på {n} tildelinger ({basis})",
        "{amount} fördelat på {n} bidrag ({basis})",
    ),
    "note_n": ("Note {n}", "Merknad {n}", "Anmärkning {n}"),
    "source_n": ("Source: {source}", "Kilde: {source}", "Källa: {source}"),
    "col_column": ("Column", "Kolonne", "Kolumn"),
    "col_meaning": ("Meaning", "Betydning", "Betydelse"),
    "col_type": ("Type", "Type", "Typ"),
    "note_grant_rows": (
        "One row per counted grant (grant_facts). Amounts are empty when no granted amount is stated, never 0.",
        "Én rad per talt tildeling (grant_facts). Beløp er tomme når tildelt beløp ikke er oppgitt, aldri 0.",
        "En rad per räknat bidrag (grant_facts). Belopp är tomma när beviljat belopp inte anges, aldrig 0.",
    ),
    "note_currencies": (
        "Sums never mix currencies: use amount + currency, or the converted column.",
        "Summer blander aldri valutaer: bruk amount + currency, eller den omregnede kolonnen.",
        "Summor blandar aldrig valutor: använd amount + currency, eller den omräknade kolumnen.",
    ),
    "note_escape": (
        "Text cells that begin with =, +, -, @, a tab or a carriage return start with an added apostrophe (')"
        " so that spreadsheets show them as text instead of running them as formulas; numbers are unchanged."
        " Remove the leading apostrophe from such text cells if you process the file with code.",
        "Tekstceller som begynner med =, +, -, @, tabulator eller vognretur har fått en apostrof (') foran,"
        " slik at regneark viser dem som tekst i stedet for å kjøre dem som formler; tall er uendret. Fjern"
        " apostrofen foran i slike tekstceller hvis du behandler filen med kode.",
        "Textceller som börjar med =, +, -, @, tabb eller vagnretur har fått en apostrof (') först, så att"
        " kalkylprogram visar dem som text i stället för att köra dem som formler; tal är oförändrade. Ta bort"
        " apostrofen först i sådana textceller om du bearbetar filen med kod.",
    ),
    # README of a chart's numbers
    "chart_columns": ("Columns", "Kolonner", "Kolumner"),
    "view_total": ("View total", "Visningens sum", "Vyns summa"),
    "in_chart": ("In the chart", "I diagrammet", "I diagrammet"),
    "not_in_chart": ("Left out", "Utelatt", "Utelämnat"),
    "rows_amount": ("{amount} ({basis})", "{amount} ({basis})", "{amount} ({basis})"),
    "left_out": (
        "{amount} in {n} grants {why}: the chart cannot show them",
        "{amount} i {n} tildelinger {why}: diagrammet kan ikke vise dem",
        "{amount} i {n} bidrag {why}: diagrammet kan inte visa dem",
    ),
    "left_out_count": (
        "{n} grants {why}, with no amount in the view total: the chart cannot show them",
        "{n} tildelinger {why}, uten beløp i visningens sum: diagrammet kan ikke vise dem",
        "{n} bidrag {why}, utan belopp i vyns summa: diagrammet kan inte visa dem",
    ),
    "left_out_amount": (
        "{amount} from grants {why}: the chart cannot show it",
        "{amount} fra tildelinger {why}: diagrammet kan ikke vise det",
        "{amount} från bidrag {why}: diagrammet kan inte visa det",
    ),
    "why_no_county": ("with no known county", "med ukjent fylke", "utan känt län"),
    "why_no_municipality": ("with no known municipality", "med ukjent kommune", "utan känd kommun"),
    "why_other_place": (
        "placed in a region that is not on the 2024 map",
        "plassert i en region som ikke er på 2024-kartet",
        "placerade i en region som inte finns på 2024-kartan",
    ),
    "why_no_year": ("with no award year", "uten tildelingsår", "utan beviljandeår"),
    "why_no_period": (
        "with no award year or start date",
        "uten tildelingsår eller startdato",
        "utan beviljandeår eller startdatum",
    ),
    "why_other": ("that the chart does not show", "som diagrammet ikke viser", "som diagrammet inte visar"),
    "left_row": (
        "Not in the chart: grants {why}",
        "Ikke i diagrammet: tildelinger {why}",
        "Inte i diagrammet: bidrag {why}",
    ),
    "note_left_row": (
        "The last row holds the money the chart cannot show ({why}); with it, the rows add up to the view"
        " total. Leave it out to get the chart's own numbers.",
        "Siste rad inneholder pengene diagrammet ikke kan vise ({why}); med den blir radene til sammen"
        " visningens sum. Ta den bort for å få diagrammets egne tall.",
        "Sista raden innehåller pengarna som diagrammet inte kan visa ({why}); med den blir raderna"
        " tillsammans vyns summa. Ta bort den för att få diagrammets egna siffror.",
    ),
    "note_left_row_sides": (
        "The last rows hold, for each selection, the money the chart cannot show ({why}); with them, each"
        " selection's rows add up to its own total. Leave them out to get the chart's own numbers.",
        "De siste radene inneholder, for hvert utvalg, pengene diagrammet ikke kan vise ({why}); med dem blir"
        " hvert utvalgs rader til sammen utvalgets egen sum. Ta dem bort for å få diagrammets egne tall.",
        "De sista raderna innehåller, för varje urval, pengarna som diagrammet inte kan visa ({why}); med dem"
        " blir varje urvals rader tillsammans urvalets egen summa. Ta bort dem för att få diagrammets egna"
        " siffror.",
    ),
    "note_rows_add_up_sides": (
        "Each selection's rows add up to its own total: every grant of a selection is in one of its rows.",
        "Hvert utvalgs rader blir til sammen utvalgets egen sum: hver tildeling i et utvalg er med i én av"
        " dets rader.",
        "Varje urvals rader blir tillsammans urvalets egen summa: varje bidrag i ett urval finns i en av dess"
        " rader.",
    ),
    "note_rows_add_up": (
        "The rows add up to the view total: every grant of the view is in one row.",
        "Radene blir til sammen visningens sum: hver tildeling i visningen er med i én rad.",
        "Raderna blir tillsammans vyns summa: varje bidrag i vyn finns i en rad.",
    ),
    "note_chart_rows": (
        "One row per bar, point or region of the chart: the money of the view's grants in it, summed"
        " (not one row per grant; the grants export has those).",
        "Én rad per stolpe, punkt eller område i diagrammet: pengene fra visningens tildelinger der, summert"
        " (ikke én rad per tildeling; eksporten av tildelinger har dem).",
        "En rad per stapel, punkt eller område i diagrammet: pengarna från vyns bidrag där, summerade"
        " (inte en rad per bidrag; exporten av bidrag har dem).",
    ),
    "note_chart_currency": (
        "Money is in {currency} only, converted from each grant's original currency; grants stating no amount"
        " count in the grants column but add nothing to the money.",
        "Pengene er bare i {currency}, omregnet fra hver tildelings opprinnelige valuta; tildelinger uten"
        " oppgitt beløp telles i kolonnen grants, men legger ikke til penger.",
        "Pengarna är bara i {currency}, omräknade från varje bidrags ursprungliga valuta; bidrag utan angivet"
        " belopp räknas i kolumnen grants men lägger inte till pengar.",
    ),
    "note_spread": (
        "Each grant's money is spread evenly over the months of its project period, so a grant counts in"
        " every year it runs: the grants column does not add up to the number of grants.",
        "Hver tildelings penger er fordelt jevnt over månedene i prosjektperioden, så en tildeling telles i"
        " hvert år den varer: kolonnen grants blir ikke til sammen antall tildelinger.",
        "Varje bidrags pengar är fördelade jämnt över månaderna i projektperioden, så ett bidrag räknas varje"
        " år det pågår: kolumnen grants blir inte tillsammans antalet bidrag.",
    ),
    "note_compare": (
        "The column selection says which side of the comparison a row belongs to; each side has its own filters.",
        "Kolonnen selection sier hvilken side av sammenligningen en rad hører til; hver side har egne filtre.",
        "Kolumnen selection anger vilken sida av jämförelsen en rad hör till; varje sida har egna filter.",
    ),
    # meanings of the columns of a chart's numbers
    "cm_label": (
        "the row's name as the chart shows it",
        "radens navn slik diagrammet viser det",
        "radens namn så som diagrammet visar det",
    ),
    "cm_name": (
        "the region's name (2024 borders)",
        "regionens navn (grenser fra 2024)",
        "regionens namn (gränser från 2024)",
    ),
    "cm_key": (
        'the row\'s key ("all": one series for every grant)',
        "radens nøkkel («all»: én serie for alle tildelinger)",
        "radens nyckel (”all”: en serie för alla bidrag)",
    ),
    "cm_recipient_country": (
        "the recipient's country (ISO code)",
        "mottakerens land (ISO-kode)",
        "mottagarens land (ISO-kod)",
    ),
    "cm_funder_id": (
        "the funder's id (as in links)",
        "finansiørens id (som i lenker)",
        "finansiärens id (som i länkar)",
    ),
    "cm_theme": ("the theme's id", "temaets id", "temats id"),
    "cm_recipient_org_id": (
        "the recipient's id, or its name when it has none",
        "mottakerens id, eller navnet når den ikke har en",
        "mottagarens id, eller namnet när det saknas",
    ),
    "cm_award_year": ("the award year", "tildelingsåret", "beviljandeåret"),
    "cm_year": (
        "the year of the project period the money falls in",
        "året i prosjektperioden pengene faller i",
        "året i projektperioden som pengarna faller i",
    ),
    "cm_country": (
        "the region's country (ISO code)",
        "regionens land (ISO-kode)",
        "regionens land (ISO-kod)",
    ),
    "cm_code": (
        "the region's official code (2024 borders)",
        "regionens offisielle nummer (grenser fra 2024)",
        "regionens officiella kod (gränser från 2024)",
    ),
    "cm_location": (
        "country and code: the map's region id",
        "land og nummer: kartets region-id",
        "land och kod: kartans region-id",
    ),
    "cm_selection": (
        "which side of the comparison (A or B) the row is from",
        "hvilken side av sammenligningen (A eller B) raden er fra",
        "vilken sida av jämförelsen (A eller B) raden kommer från",
    ),
    "cm_amount": (
        "the money in {currency}, {basis}: the sum over the row's grants",
        "pengene i {currency}, {basis}: summen for radens tildelinger",
        "pengarna i {currency}, {basis}: summan för radens bidrag",
    ),
    "cm_grants": (
        "the number of grants in the row (with or without an amount)",
        "antall tildelinger i raden (med eller uten beløp)",
        "antal bidrag i raden (med eller utan belopp)",
    ),
    "cm_grants_spread": (
        "the number of grants with money in the row's year",
        "antall tildelinger med penger i radens år",
        "antal bidrag med pengar under radens år",
    ),
    "cm_grants_with_amount": (
        "how many of them state an amount",
        "hvor mange av dem som oppgir beløp",
        "hur många av dem som anger belopp",
    ),
    "cm_population": (
        "the region's population on 1 January of population_year",
        "regionens folketall 1. januar i population_year",
        "regionens folkmängd 1 januari population_year",
    ),
    "cm_per_inhabitant": (
        "the money divided by the population ({currency}, {basis})",
        "pengene delt på folketallet ({currency}, {basis})",
        "pengarna delat med folkmängden ({currency}, {basis})",
    ),
    "cm_population_year": (
        "the year of the population figures",
        "året folketallet gjelder",
        "året som folkmängden gäller",
    ),
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
