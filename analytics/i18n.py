"""UI strings in English, bokmål and Swedish, and locale formatting with babel.

Only the interface is translated: data values (funder names, titles, programmes) stay as published. Theme
labels come from the database's `themes` table, which carries all three languages.
"""

from __future__ import annotations

import math

from babel.numbers import format_compact_decimal, format_decimal, format_percent

LANGUAGES = ("en", "nb", "sv")
LANGUAGE_NAMES = {"en": "English", "nb": "Norsk bokmål", "sv": "Svenska"}
LOCALES = {"en": "en_GB", "nb": "nb_NO", "sv": "sv_SE"}
COUNTRY_NAMES = {
    "en": {"NO": "Norway", "SE": "Sweden", "EU": "EU"},
    "nb": {"NO": "Norge", "SE": "Sverige", "EU": "EU"},
    "sv": {"NO": "Norge", "SE": "Sverige", "EU": "EU"},
}

# key -> (en, nb, sv). Placeholders use str.format names.
STRINGS: dict[str, tuple[str, str, str]] = {
    "app_title": (
        "Nordic innovation funding",
        "Nordisk innovasjonsfinansiering",
        "Nordisk innovationsfinansiering",
    ),
    "app_subtitle": (
        "Public innovation funding for municipalities in Norway and Sweden",
        "Offentlig innovasjonsfinansiering til kommuner i Norge og Sverige",
        "Offentlig innovationsfinansiering till kommuner i Norge och Sverige",
    ),
    # pages
    "page_overview": ("Overview", "Oversikt", "Översikt"),
    "page_trends": ("Trends", "Utvikling", "Utveckling"),
    "page_map": ("Map", "Kart", "Karta"),
    "page_grants": ("Grants", "Tildelinger", "Bidrag"),
    "page_profiles": ("Recipients and funders", "Mottakere og finansiører", "Mottagare och finansiärer"),
    "page_compare": ("Compare", "Sammenlign", "Jämför"),
    "page_methods": ("Data and methods", "Data og metode", "Data och metod"),
    # sidebar
    "filters": ("Filters", "Filtre", "Filter"),
    "language": ("Language", "Språk", "Språk"),
    "country": ("Country", "Land", "Land"),
    "all_countries": ("Both countries", "Begge land", "Båda länderna"),
    "funders": ("Funders", "Finansiører", "Finansiärer"),
    "all_funders": ("All funders", "Alle finansiører", "Alla finansiärer"),
    "programme": ("Programme or call", "Program eller utlysning", "Program eller utlysning"),
    "all_programmes": ("All programmes", "Alle program", "Alla program"),
    "theme": ("Theme", "Tema", "Tema"),
    "all_themes": ("All themes", "Alle tema", "Alla teman"),
    "years": ("Award years", "Tildelingsår", "Beviljandeår"),
    "recipient_type": ("Recipient type", "Mottakertype", "Mottagartyp"),
    "all_types": ("All types", "Alle typer", "Alla typer"),
    # grant_facts.recipient_category (one vocabulary over the sources' own type labels)
    "rcat_municipality": ("Municipality", "Kommune", "Kommun"),
    "rcat_county": ("County or region", "Fylkeskommune", "Region"),
    "rcat_university": ("University or college", "Universitet eller høgskole", "Universitet eller högskola"),
    "rcat_research_institute": ("Research institute", "Forskningsinstitutt", "Forskningsinstitut"),
    "rcat_company": ("Company", "Næringsliv", "Företag"),
    "rcat_health": ("Health trust or hospital", "Helseforetak", "Sjukvård"),
    "rcat_public_sector": ("Other public body", "Annen offentlig virksomhet", "Annan offentlig verksamhet"),
    "rcat_non_profit": (
        "Non-profit or foundation",
        "Ideell organisasjon eller stiftelse",
        "Ideell organisation eller stiftelse",
    ),
    "rcat_other": ("Other", "Annet", "Övrigt"),
    "region": ("County or municipality", "Fylke eller kommune", "Län eller kommun"),
    "all_regions": ("Everywhere", "Overalt", "Överallt"),
    "amount_range": (
        "Grant size ({currency})",
        "Tildelingens størrelse ({currency})",
        "Bidragets storlek ({currency})",
    ),
    "amount_min": ("At least", "Minst", "Minst"),
    "amount_max": ("At most", "Høyst", "Högst"),
    "search": (
        "Search titles, recipients, programmes",
        "Søk i titler, mottakere, program",
        "Sök i titlar, mottagare, program",
    ),
    "currency": ("Currency", "Valuta", "Valuta"),
    "prices": ("Prices", "Priser", "Priser"),
    "nominal": ("Nominal", "Løpende", "Löpande"),
    "constant": ("Constant", "Faste", "Fasta"),
    "base_year": ("Price base year", "Basisår for priser", "Basår för priser"),
    "constant_eur": (
        "Constant prices are available in NOK and SEK (consumer price index of Norway or Sweden).",
        "Faste priser finnes i NOK og SEK (konsumprisindeksen i Norge eller Sverige).",
        "Fasta priser finns i NOK och SEK (konsumentprisindex i Norge eller Sverige).",
    ),
    "more_filters": (
        "Recipient type, programme, grant size",
        "Mottakertype, program, størrelse",
        "Mottagartyp, program, storlek",
    ),
    "reset": ("Clear all filters", "Nullstill filtre", "Rensa alla filter"),
    "share_link": (
        "Link to this view: copy the address bar.",
        "Lenke til denne visningen: kopier adressefeltet.",
        "Länk till den här vyn: kopiera adressfältet.",
    ),
    "county_level": ("Counties", "Fylker", "Län"),
    "former_county_level": ("Former county", "Tidligere fylke", "Tidigare fylke"),
    "municipality_level": ("Municipalities", "Kommuner", "Kommuner"),
    # one place in a list: "Vik (Norge, kommune)", "Uppsala län (Sverige, län)"
    "kind_county_NO": ("county", "fylke", "fylke"),
    "kind_county_SE": ("county", "län", "län"),
    "kind_former_county": ("former county", "tidligere fylke", "tidigare fylke"),
    "kind_municipality": ("municipality", "kommune", "kommun"),
    # headline
    "total_granted": ("Total granted", "Totalt tildelt", "Totalt beviljat"),
    "n_grants": ("Grants", "Tildelinger", "Bidrag"),
    "n_funders": ("Funders", "Finansiører", "Finansiärer"),
    "n_recipients": ("Recipients", "Mottakere", "Mottagare"),
    "median_grant": ("Median grant", "Median tildeling", "Medianbidrag"),
    "no_amount_note": (
        "{n} of the grants state no amount; they count as grants but add nothing to the totals.",
        "{n} av tildelingene oppgir ikke beløp; de telles som tildelinger, men gir ikke noe til summene.",
        "{n} av bidragen anger inget belopp; de räknas som bidrag men bidrar inte till summorna.",
    ),
    "no_amount_note_one": (
        "1 of the grants states no amount; it counts as a grant but adds nothing to the totals.",
        "1 av tildelingene oppgir ikke beløp; den telles som tildeling, men gir ikke noe til summene.",
        "1 av bidragen anger inget belopp; det räknas som bidrag men bidrar inte till summorna.",
    ),
    "unconverted_note_one": (
        "1 states an amount but no award year, so there is no exchange rate or price index to show it in "
        "{currency} with; it is left out of the totals.",
        "1 oppgir et beløp, men ikke tildelingsår, så det finnes ingen kurs eller prisindeks for å vise "
        "det i {currency}; den er holdt utenfor summene.",
        "1 anger ett belopp men inget beviljandeår, så det finns ingen kurs eller prisindex för att visa "
        "det i {currency}; det räknas inte in i summorna.",
    ),
    "unconverted_note": (
        "{n} state an amount but no award year, so there is no exchange rate or price index to show it in "
        "{currency} with; they are left out of the totals.",
        "{n} oppgir et beløp, men ikke tildelingsår, så det finnes ingen kurs eller prisindeks for å vise "
        "det i {currency}; de er holdt utenfor summene.",
        "{n} anger ett belopp men inget beviljandeår, så det finns ingen kurs eller prisindex för att visa "
        "det i {currency}; de räknas inte in i summorna.",
    ),
    "prices_note": (
        "Amounts in {currency}, {basis}.",
        "Beløp i {currency}, {basis}.",
        "Belopp i {currency}, {basis}.",
    ),
    "nominal_long": (
        "nominal (as granted; converted at the ECB average rate of the start month, or of the award year when "
        "no month is known)",
        "løpende priser (som tildelt; omregnet med ECBs gjennomsnittskurs for startmåneden, eller for "
        "tildelingsåret når måneden ikke er kjent)",
        "löpande priser (som beviljat; omräknat med ECB:s genomsnittskurs för startmånaden, eller för "
        "beviljandeåret när månaden inte är känd)",
    ),
    "constant_long": (
        "constant {year} prices (consumer price index of {country})",
        "faste {year}-priser (konsumprisindeksen i {country})",
        "fasta {year}-priser (konsumentprisindex i {country})",
    ),
    "cpi_carry": (
        "The price index for {years} is not published yet; the latest index ({last}) is used for them.",
        "Prisindeksen for {years} er ikke publisert ennå; den siste indeksen ({last}) brukes for dem.",
        "Prisindex för {years} är inte publicerat än; det senaste indexet ({last}) används för dem.",
    ),
    # charts
    "by_country": ("Money by recipient country", "Penger etter mottakerland", "Pengar efter mottagarland"),
    "by_funder": ("Money by funder", "Penger etter finansiør", "Pengar efter finansiär"),
    "by_theme": ("Money by theme", "Penger etter tema", "Pengar efter tema"),
    "over_time": ("Money by award year", "Penger etter tildelingsår", "Pengar efter beviljandeår"),
    "click_to_filter": (
        "Click a bar to filter every page by it.",
        "Klikk på en søyle for å filtrere alle sider.",
        "Klicka på en stapel för att filtrera alla sidor.",
    ),
    "other_funders": ("Other funders", "Andre finansiører", "Övriga finansiärer"),
    "other": ("Other", "Andre", "Övriga"),
    "unknown": ("Unknown", "Ukjent", "Okänd"),
    "amount_axis": ("{unit}", "{unit}", "{unit}"),
    "year_axis": ("Year", "År", "År"),
    "share_axis": ("Share of the year's money", "Andel av årets penger", "Andel av årets pengar"),
    "growth_axis": ("Change from the year before", "Endring fra året før", "Förändring från året innan"),
    "grants_axis": ("Grants", "Tildelinger", "Bidrag"),
    # takeaways
    "tk_country": (
        "{top} received {share} of the money ({amount}).",
        "{top} fikk {share} av pengene ({amount}).",
        "{top} fick {share} av pengarna ({amount}).",
    ),
    "tk_funder": (
        "{top} is the largest funder: {share} of the money; the top three give {top3}.",
        "{top} er største finansiør: {share} av pengene; de tre største gir {top3}.",
        "{top} är största finansiär: {share} av pengarna; de tre största ger {top3}.",
    ),
    "tk_funder_only": (
        "All of this money comes from {top}.",
        "Alle disse pengene kommer fra {top}.",
        "Alla dessa pengar kommer från {top}.",
    ),
    "tk_funder_few": (
        "{top} is the largest funder: {share} of the money.",
        "{top} er største finansiør: {share} av pengene.",
        "{top} är största finansiär: {share} av pengarna.",
    ),
    "coverage_note": (
        "Not like for like: the sources differ by country ({parts}).",
        "Ikke direkte sammenlignbart: kildene er ulike for landene ({parts}).",
        "Inte direkt jämförbart: källorna skiljer sig mellan länderna ({parts}).",
    ),
    "coverage_part": (
        "{country}: {share} from “{source}”",
        "{country}: {share} fra «{source}»",
        "{country}: {share} från ”{source}”",
    ),
    "tk_theme": (
        "{top} is the largest theme with {share} of the money.",
        "{top} er største tema med {share} av pengene.",
        "{top} är största tema med {share} av pengarna.",
    ),
    "tk_year": (
        "The peak year was {year} with {amount}; {last_full} had {last_amount}.",
        "Toppåret var {year} med {amount}; {last_full} hadde {last_amount}.",
        "Toppåret var {year} med {amount}; {last_full} hade {last_amount}.",
    ),
    "tk_year_last": (
        "The last complete year, {year}, was the peak: {amount}.",
        "Det siste hele året, {year}, var toppåret: {amount}.",
        "Det senaste hela året, {year}, var toppåret: {amount}.",
    ),
    "tk_year_one": (
        "All the money was awarded in {year}.",
        "Alle pengene ble tildelt i {year}.",
        "Alla pengar beviljades {year}.",
    ),
    # trends
    "trend_by": ("Split by", "Fordel på", "Fördela på"),
    "trend_none": ("Total", "Totalt", "Totalt"),
    "trend_period": ("Count money", "Tell penger", "Räkna pengar"),
    "period_award": ("in the award year", "i tildelingsåret", "under beviljandeåret"),
    "period_spread": (
        "spread over the project period",
        "fordelt over prosjektperioden",
        "fördelat över projektperioden",
    ),
    "trend_view": ("Show", "Vis", "Visa"),
    "view_absolute": ("Amounts", "Beløp", "Belopp"),
    "view_share": ("Shares", "Andeler", "Andelar"),
    "view_growth": ("Growth", "Vekst", "Tillväxt"),
    "trend_title": ("Money per year", "Penger per år", "Pengar per år"),
    "spread_note": (
        "Each grant's money is spread evenly over the months of its project period (3 M over "
        "2016–2018 counts 1 M a year); a project given as whole years, e.g. 2016–2019, runs from January "
        "of the first to December of the year before the last.",
        "Hver tildeling fordeles jevnt over månedene i prosjektperioden (3 mill. over 2016–2018 teller "
        "1 mill. i året); en periode oppgitt i hele år, f.eks. 2016–2019, regnes fra januar det første "
        "året til desember året før det siste.",
        "Varje bidrag fördelas jämnt över projektperiodens månader (3 mn över 2016–2018 räknas som "
        "1 mn per år); en period angiven i hela år, t.ex. 2016–2019, räknas från januari det första "
        "året till december året före det sista.",
    ),
    "award_note": (
        "Each grant counts in full in its award year (Vinnova: the project's start year).",
        "Hver tildeling telles i sin helhet i tildelingsåret (Vinnova: prosjektets startår).",
        "Varje bidrag räknas i sin helhet under beviljandeåret (Vinnova: projektets startår).",
    ),
    "tk_growth": (
        "From {y0} to {y1} the yearly money changed by {change}.",
        "Fra {y0} til {y1} endret de årlige pengene seg med {change}.",
        "Från {y0} till {y1} förändrades de årliga pengarna med {change}.",
    ),
    "partial_year": (
        "{year} is not over yet: its numbers are partial.",
        "{year} er ikke omme ennå: tallene er ufullstendige.",
        "{year} är inte slut än: siffrorna är ofullständiga.",
    ),
    # map
    "map_level": ("Level", "Nivå", "Nivå"),
    "map_measure": ("Measure", "Mål", "Mått"),
    "measure_total": ("Total", "Totalt", "Totalt"),
    "measure_per_capita": ("Per inhabitant", "Per innbygger", "Per invånare"),
    "per_inhabitant_unit": ("{unit} per inhabitant", "{unit} per innbygger", "{unit} per invånare"),
    "map_countries": ("Countries", "Land", "Länder"),
    "map_title": (
        "Money by place of the recipient (2024 borders)",
        "Penger etter mottakerens sted (grenser 2024)",
        "Pengar efter mottagarens ort (gränser 2024)",
    ),
    "unknown_place": ("Unknown place", "Ukjent sted", "Okänd ort"),
    "unknown_place_note": (
        "{amount} in {n} grants has no known {level} and is not on the map.",
        "{amount} i {n} tildelinger har ukjent {level} og vises ikke på kartet.",
        "{amount} i {n} bidrag saknar {level} och syns inte på kartan.",
    ),
    # the word after "no known" / "ukjent" / "saknar": Swedish agrees with the noun ("känt län", "känd kommun")
    "level_county_word": ("county", "fylke", "känt län"),
    "level_municipality_word": ("municipality", "kommune", "känd kommun"),
    "per_capita_note": (
        "Per inhabitant: the money divided by the population on 1 January {year}.",
        "Per innbygger: pengene delt på folketallet 1. januar {year}.",
        "Per invånare: pengarna delat med folkmängden 1 januari {year}.",
    ),
    "top_places": ("Largest places", "Største steder", "Största orter"),
    "click_region": (
        "Click a region to filter every page by it.",
        "Klikk på et område for å filtrere alle sider.",
        "Klicka på ett område för att filtrera alla sidor.",
    ),
    "colour_cap": (
        "The darkest colour also covers the top 5 % of regions (so one outlier does not pale the rest).",
        "Den mørkeste fargen dekker også de øverste 5 % av områdene (så én ekstremverdi ikke bleker resten).",
        "Den mörkaste färgen täcker även de översta 5 % av områdena "
        "(så att ett extremvärde inte bleker resten).",
    ),
    "pick_place": (
        "Select a row to filter every page by that place.",
        "Velg en rad for å filtrere alle sider på det stedet.",
        "Välj en rad för att filtrera alla sidor på den orten.",
    ),
    "place": ("Place", "Sted", "Ort"),
    "population": ("Population", "Folketall", "Folkmängd"),
    # grants
    "sort_by": ("Sort by", "Sorter etter", "Sortera efter"),
    "sort_amount": ("Amount", "Beløp", "Belopp"),
    "sort_year": ("Year", "År", "År"),
    "sort_title": ("Title", "Tittel", "Titel"),
    "sort_recipient": ("Recipient", "Mottaker", "Mottagare"),
    "sort_funder": ("Funder", "Finansiør", "Finansiär"),
    "sort_place": ("Place", "Sted", "Ort"),
    "descending": ("Largest / latest first", "Størst / nyest først", "Störst / senast först"),
    "page_size": ("Rows per page", "Rader per side", "Rader per sida"),
    "rows_info": (
        "{first}–{last} of {total} grants",
        "{first}–{last} av {total} tildelinger",
        "{first}–{last} av {total} bidrag",
    ),
    "select_grant": (
        "Select a row to see everything about the grant.",
        "Velg en rad for å se alt om tildelingen.",
        "Välj en rad för att se allt om bidraget.",
    ),
    "download_csv": (
        "Download the {n} filtered grants (CSV)",
        "Last ned de {n} filtrerte tildelingene (CSV)",
        "Ladda ner de {n} filtrerade bidragen (CSV)",
    ),
    "download_capped": (
        "The download holds the first {limit} rows; narrow the filters for the rest.",
        "Nedlastingen har de første {limit} radene; snevre inn filtrene for resten.",
        "Nedladdningen har de första {limit} raderna; begränsa filtren för resten.",
    ),
    "col_year": ("Year", "År", "År"),
    "col_funder": ("Funder", "Finansiør", "Finansiär"),
    "col_recipient": ("Recipient", "Mottaker", "Mottagare"),
    "col_title": ("Title", "Tittel", "Titel"),
    "col_programme": ("Programme", "Program", "Program"),
    "col_theme": ("Theme", "Tema", "Tema"),
    "col_amount": ("Amount ({currency})", "Beløp ({currency})", "Belopp ({currency})"),
    "col_original": ("As granted", "Som tildelt", "Som beviljat"),
    "col_place": ("Municipality", "Kommune", "Kommun"),
    "col_county": ("County", "Fylke", "Län"),
    "grant_detail": ("Grant", "Tildeling", "Bidrag"),
    "ev_field": ("Found in", "Funnet i", "Hittat i"),
    "ev_term": ("Word", "Ord", "Ord"),
    "partners": ("Partners", "Partnere", "Partner"),
    "no_partners": ("No partners are named.", "Ingen partnere er oppgitt.", "Inga partner anges."),
    "theme_evidence": (
        "Themes and the words that matched",
        "Tema og ordene som traff",
        "Teman och orden som matchade",
    ),
    "provenance": ("Where this comes from", "Hvor dette kommer fra", "Var detta kommer ifrån"),
    "source_text": ("Source text of the amount", "Kildetekst for beløpet", "Källtext för beloppet"),
    "source_link": ("Source page", "Kildeside", "Källsida"),
    "licence": ("Licence", "Lisens", "Licens"),
    "attribution": ("Attribution", "Kreditering", "Erkännande"),
    "conflict": (
        "The sources disagree on: {fields}",
        "Kildene er uenige om: {fields}",
        "Källorna är oeniga om: {fields}",
    ),
    "all_fields": ("All fields", "Alle felt", "Alla fält"),
    "close": ("Close", "Lukk", "Stäng"),
    "grant_missing": (
        "That grant is not in the current database.",
        "Den tildelingen finnes ikke i databasen.",
        "Det bidraget finns inte i databasen.",
    ),
    # profiles
    "profile_kind": ("Profile of", "Profil av", "Profil av"),
    "kind_org": ("A recipient or partner", "En mottaker eller partner", "En mottagare eller partner"),
    "kind_funder": ("A funder", "En finansiør", "En finansiär"),
    "find_org": (
        "Find a recipient or partner by name",
        "Finn en mottaker eller partner etter navn",
        "Hitta en mottagare eller partner efter namn",
    ),
    "pick_org": ("Organisation", "Organisasjon", "Organisation"),
    "pick_funder": ("Funder", "Finansiør", "Finansiär"),
    "no_match": (
        "No recipient or partner matches that name.",
        "Ingen mottaker eller partner har det navnet.",
        "Ingen mottagare eller partner har det namnet.",
    ),
    "funders_of": (
        "Funders of this recipient",
        "Finansiører til denne mottakeren",
        "Finansiärer till denna mottagare",
    ),
    "recipients_of": ("Largest recipients", "Største mottakere", "Största mottagare"),
    "partners_of": ("Most frequent partners", "Hyppigste partnere", "Vanligaste partner"),
    "grants_of": ("Largest grants", "Største tildelinger", "Största bidrag"),
    # an organisation's label in the profile search: its role(s) when it is a partner too
    "org_also_partner": (
        " · also partner in {n} grants",
        " · også partner i {n} tildelinger",
        " · även partner i {n} bidrag",
    ),
    "org_also_partner_one": (
        " · also partner in 1 grant",
        " · også partner i 1 tildeling",
        " · även partner i 1 bidrag",
    ),
    "org_partner_only": (
        " · partner in {n} grants, received none",
        " · partner i {n} tildelinger, mottok ingen",
        " · partner i {n} bidrag, fick inga",
    ),
    "org_partner_only_one": (
        " · partner in 1 grant, received none",
        " · partner i 1 tildeling, mottok ingen",
        " · partner i 1 bidrag, fick inga",
    ),
    # an organisation's money is what it received; the grants it is a partner in are listed apart
    "received_only": (
        "These figures count only the grants {name} received.",
        "Tallene teller bare tildelingene {name} mottok.",
        "Siffrorna räknar bara de bidrag som {name} fick.",
    ),
    "received_only_partner": (
        "These figures count only the grants {name} received. It is also a partner in {n} grants led by others "
        "(under the filters): see “Grants as partner” below; their money is not counted here.",
        "Tallene teller bare tildelingene {name} mottok. Den er også partner i {n} tildelinger som andre leder "
        "(med filtrene): se «Tildelinger som partner» under; pengene i dem er ikke talt med her.",
        "Siffrorna räknar bara de bidrag som {name} fick. Den är också partner i {n} bidrag som andra leder "
        "(med filtren): se ”Bidrag som partner” nedan; pengarna i dem räknas inte här.",
    ),
    "received_only_partner_one": (
        "These figures count only the grants {name} received. It is also a partner in 1 grant led by another "
        "organisation (under the filters): see “Grants as partner” below; its money is not counted here.",
        "Tallene teller bare tildelingene {name} mottok. Den er også partner i 1 tildeling som en annen leder "
        "(med filtrene): se «Tildelinger som partner» under; pengene i den er ikke talt med her.",
        "Siffrorna räknar bara de bidrag som {name} fick. Den är också partner i 1 bidrag som en annan leder "
        "(med filtren): se ”Bidrag som partner” nedan; pengarna i det räknas inte här.",
    ),
    "partner_only": (
        "{name} received no grants in this data; it took part in {n} grants as a partner.",
        "{name} mottok ingen tildelinger i disse dataene; den var partner i {n} tildelinger.",
        "{name} fick inga bidrag i dessa data; den var partner i {n} bidrag.",
    ),
    "partner_only_one": (
        "{name} received no grants in this data; it took part in 1 grant as a partner.",
        "{name} mottok ingen tildelinger i disse dataene; den var partner i 1 tildeling.",
        "{name} fick inga bidrag i dessa data; den var partner i 1 bidrag.",
    ),
    "no_role": (
        "{name} received no grants in this data and is not named as a partner in any counted grant.",
        "{name} mottok ingen tildelinger i disse dataene og er ikke oppgitt som partner i noen talt tildeling.",
        "{name} fick inga bidrag i dessa data och anges inte som partner i något räknat bidrag.",
    ),
    "partner_grants": ("Grants as partner", "Tildelinger som partner", "Bidrag som partner"),
    "partner_intro": (
        "{name} is a partner in {n} grants led by another organisation.",
        "{name} er partner i {n} tildelinger som en annen organisasjon leder.",
        "{name} är partner i {n} bidrag som en annan organisation leder.",
    ),
    "partner_intro_one": (
        "{name} is a partner in 1 grant led by another organisation.",
        "{name} er partner i 1 tildeling som en annen organisasjon leder.",
        "{name} är partner i 1 bidrag som en annan organisation leder.",
    ),
    "partner_amount_note": (
        "The amounts are each whole grant's, awarded to its lead recipient: the sources do not say what share, "
        "if any, went to {name}, and none of it is counted in {name}'s money.",
        "Beløpene er hele tildelingen, gitt til hovedmottakeren: kildene sier ikke hvor stor del, om noen, "
        "som gikk til {name}, og ingenting av det er talt med i pengene til {name}.",
        "Beloppen är hela bidraget, beviljat till huvudmottagaren: källorna säger inte hur stor del, om någon, "
        "som gick till {name}, och inget av det räknas in i pengarna till {name}.",
    ),
    "partner_filtered": (
        "The sidebar filters leave out {k} of the {m} grants it is a partner in.",
        "Filtrene i sidefeltet utelater {k} av de {m} tildelingene den er partner i.",
        "Filtren i sidofältet utesluter {k} av de {m} bidrag den är partner i.",
    ),
    "partner_none": (
        "{name} is not named as a partner in any grant.",
        "{name} er ikke oppgitt som partner i noen tildeling.",
        "{name} anges inte som partner i något bidrag.",
    ),
    "partner_none_filtered": (
        "None of the {m} grants {name} is a partner in matches the sidebar filters.",
        "Ingen av de {m} tildelingene {name} er partner i, passer med filtrene i sidefeltet.",
        "Inget av de {m} bidrag {name} är partner i matchar filtren i sidofältet.",
    ),
    "partner_rows": (
        "The {shown} most recent of {n} grants as partner.",
        "De {shown} nyeste av {n} tildelinger som partner.",
        "De {shown} senaste av {n} bidrag som partner.",
    ),
    "col_lead": ("Lead recipient", "Hovedmottaker", "Huvudmottagare"),
    "col_whole_amount": (
        "Whole grant ({currency})",
        "Hele tildelingen ({currency})",
        "Hela bidraget ({currency})",
    ),
    "names_used": ("Names used in the sources", "Navn brukt i kildene", "Namn som används i källorna"),
    "profile_filters_note": (
        "The sidebar filters apply here too.",
        "Filtrene i sidefeltet gjelder også her.",
        "Filtren i sidofältet gäller även här.",
    ),
    "pick_something": (
        "Pick a recipient or a funder above.",
        "Velg en mottaker eller finansiør over.",
        "Välj en mottagare eller finansiär ovan.",
    ),
    # compare
    "compare_by": ("Compare", "Sammenlign", "Jämför"),
    "compare_country": ("Countries", "Land", "Länder"),
    "compare_funder": ("Funders", "Finansiører", "Finansiärer"),
    "compare_county": ("Counties", "Fylker/län", "Län/fylken"),
    "compare_theme": ("Themes", "Tema", "Teman"),
    "side_a": ("Selection A", "Utvalg A", "Urval A"),
    "side_b": ("Selection B", "Utvalg B", "Urval B"),
    "same_scales": (
        "Both sides use the same scales; the sidebar filters apply to both.",
        "Begge sider bruker samme skala; filtrene i sidefeltet gjelder begge.",
        "Båda sidor använder samma skala; filtren i sidofältet gäller båda.",
    ),
    "ratio": (
        "{a} received {ratio} times as much as {b}.",
        "{a} fikk {ratio} ganger så mye som {b}.",
        "{a} fick {ratio} gånger så mycket som {b}.",
    ),
    # a funder gives the money the other dimensions receive
    "ratio_funder": (
        "{a} granted {ratio} times as much as {b}.",
        "{a} tildelte {ratio} ganger så mye som {b}.",
        "{a} beviljade {ratio} gånger så mycket som {b}.",
    ),
    # methods
    "sources": ("Sources", "Kilder", "Källor"),
    "coverage": ("Coverage", "Dekning", "Täckning"),
    "records": ("records", "poster", "poster"),
    "counted": ("counted grants", "telte tildelinger", "räknade bidrag"),
    "quarantined": (
        "Documents the build could not read",
        "Dokumenter bygget ikke kunne lese",
        "Dokument som bygget inte kunde läsa",
    ),
    "no_quarantine": ("Every document was read.", "Alle dokumenter ble lest.", "Alla dokument lästes."),
    "methods": ("Methods", "Metode", "Metod"),
    "caveats": ("Known caveats", "Kjente forbehold", "Kända förbehåll"),
    "built_at": (
        "Database built {when} (build {run}).",
        "Databasen ble bygget {when} (bygg {run}).",
        "Databasen byggdes {when} (bygge {run}).",
    ),
    "funder_names": (
        "Funders and the names they were written under",
        "Finansiører og navnene de er skrevet under",
        "Finansiärer och namnen de skrivits under",
    ),
    "documents": ("Documents read", "Dokumenter lest", "Lästa dokument"),
    # downloads (ui/downloads.py)
    "dl_expander": (
        "Download these {n} grants: CSV, Excel, Parquet, JSON or 360Giving",
        "Last ned disse {n} tildelingene: CSV, Excel, Parquet, JSON eller 360Giving",
        "Ladda ner dessa {n} bidrag: CSV, Excel, Parquet, JSON eller 360Giving",
    ),
    "dl_summary": (
        "The file holds the {n} grants of this view, {total} in all ({basis}).",
        "Filen har de {n} tildelingene i denne visningen, {total} til sammen ({basis}).",
        "Filen innehåller de {n} bidragen i den här vyn, {total} totalt ({basis}).",
    ),
    "dl_format": ("Format", "Format", "Format"),
    "fmt_csv": ("CSV", "CSV", "CSV"),
    "fmt_xlsx": ("Excel (XLSX)", "Excel (XLSX)", "Excel (XLSX)"),
    "fmt_parquet": ("Parquet", "Parquet", "Parquet"),
    "fmt_json": ("JSON", "JSON", "JSON"),
    "dl_preset": ("Columns", "Kolonner", "Kolumner"),
    "preset_simple": ("Main columns", "Hovedkolonner", "Huvudkolumner"),
    "preset_full": ("Every column", "Alle kolonner", "Alla kolumner"),
    "preset_custom": ("Your choice", "Eget utvalg", "Eget urval"),
    "dl_choose": ("Choose the columns", "Velg kolonnene", "Välj kolumnerna"),
    "dl_columns": ("Columns in the file", "Kolonner i filen", "Kolumner i filen"),
    "dl_no_columns": ("Choose at least one column.", "Velg minst én kolonne.", "Välj minst en kolumn."),
    "dl_separator": ("Separator", "Skilletegn", "Avgränsare"),
    "sep_comma": ("Comma ( , )", "Komma ( , )", "Komma ( , )"),
    "sep_semicolon": (
        "Semicolon ( ; ), decimal comma",
        "Semikolon ( ; ), desimalkomma",
        "Semikolon ( ; ), decimalkomma",
    ),
    "dl_bom": (
        "UTF-8 with BOM (Excel reads æøå correctly)",
        "UTF-8 med BOM (Excel leser æøå riktig)",
        "UTF-8 med BOM (Excel läser åäö rätt)",
    ),
    "dl_readme": (
        "Add a README with sources, licences and citation (zip)",
        "Legg ved en README med kilder, lisenser og sitering (zip)",
        "Bifoga en README med källor, licenser och citering (zip)",
    ),
    "dl_button": (
        "Download {n} grants ({format})",
        "Last ned {n} tildelinger ({format})",
        "Ladda ner {n} bidrag ({format})",
    ),
    "dl_xlsx_cap": (
        "Excel holds at most {limit} rows and this view has {n}: choose CSV or Parquet, or narrow the filters.",
        "Excel rommer høyst {limit} rader og denne visningen har {n}: velg CSV eller Parquet, eller snevre inn filtrene.",
        "Excel rymmer högst {limit} rader och den här vyn har {n}: välj CSV eller Parquet, eller begränsa filtren.",
    ),
    "dl_notes": (
        "Built when you click. Every file states the filters, a link to this view, the build date, the sources "
        "with their licences, the currency and price basis, and a suggested citation (a CSV in its README). "
        "Text a spreadsheet could run as a formula starts with an apostrophe.",
        "Lages når du klikker. Hver fil oppgir filtrene, en lenke til visningen, byggedato, kildene med lisenser, "
        "valuta og prisgrunnlag og en foreslått sitering (for CSV i README-filen). Tekst som et regneark kunne "
        "kjørt som formel, starter med en apostrof.",
        "Skapas när du klickar. Varje fil anger filtren, en länk till vyn, byggdatum, källorna med licenser, "
        "valuta och prisbas samt en föreslagen citering (för CSV i README-filen). Text som ett kalkylblad kunde "
        "köra som formel börjar med en apostrof.",
    ),
    "dl_cite": ("How to cite this view", "Slik siterer du denne visningen", "Så citerar du den här vyn"),
    "giving_title": ("360Giving Data Standard", "360Giving-standarden", "360Giving-standarden"),
    "giving_json": ("360Giving package (JSON)", "360Giving-pakke (JSON)", "360Giving-paket (JSON)"),
    "giving_csv": ("360Giving flat file (CSV)", "360Giving flat fil (CSV)", "360Giving platt fil (CSV)"),
    "giving_note": (
        "360Giving needs an amount, an award date, a funder and a recipient for every grant: grants without "
        "them are left out, and the file counts them and says why.",
        "360Giving krever beløp, tildelingsdato, finansiør og mottaker for hver tildeling: tildelinger uten "
        "dette utelates, og filen teller dem og sier hvorfor.",
        "360Giving kräver belopp, beviljandedatum, finansiär och mottagare för varje bidrag: bidrag utan "
        "detta utelämnas, och filen räknar dem och anger varför.",
    ),
    "giving_none": (
        "No grant of this view states an amount, so none can be written in 360Giving.",
        "Ingen tildeling i denne visningen oppgir beløp, så ingen kan skrives i 360Giving.",
        "Inget bidrag i den här vyn anger belopp, så inget kan skrivas i 360Giving.",
    ),
    "chart_menu": ("Download", "Last ned", "Ladda ner"),
    "chart_menu_help": (
        "The chart's numbers as CSV, or the chart as an image with a caption of filters, source and date",
        "Tallene bak diagrammet som CSV, eller diagrammet som bilde med bildetekst om filtre, kilde og dato",
        "Siffrorna bakom diagrammet som CSV, eller diagrammet som bild med bildtext om filter, källa och datum",
    ),
    "chart_csv": (  # README: the file in the zip is README.txt in every language
        "Data (CSV + README, zip)",
        "Tall (CSV med README, zip)",
        "Siffror (CSV med README, zip)",
    ),
    "chart_png": ("Image (PNG)", "Bilde (PNG)", "Bild (PNG)"),
    "chart_svg": ("Image (SVG)", "Bilde (SVG)", "Bild (SVG)"),
    "images_unavailable": (
        "Images and slides are not available on this server (it has no Chromium to draw them); the data "
        "downloads work.",
        "Bilder og lysbilder er ikke tilgjengelige på denne serveren (den mangler Chromium til å tegne dem); "
        "datanedlastingene virker.",
        "Bilder och bildspel finns inte på den här servern (den saknar Chromium för att rita dem); "
        "datanedladdningarna fungerar.",
    ),
    "deck_button": ("Slides of this view (PPTX)", "Lysbilder av visningen (PPTX)", "Bildspel av vyn (PPTX)"),
    "deck_help": (
        "A PowerPoint deck: a title slide with the filters and a link, one slide per chart with its caption "
        "and speaker notes of the key figures, and a sources slide. Takes a few seconds.",
        "En PowerPoint-presentasjon: tittelbilde med filtrene og en lenke, ett bilde per diagram med "
        "bildetekst og talernotater med nøkkeltall, og et kildebilde. Tar noen sekunder.",
        "Ett PowerPoint-bildspel: titelbild med filtren och en länk, en bild per diagram med bildtext och "
        "talaranteckningar med nyckeltal, och en källbild. Tar några sekunder.",
    ),
    "kf_total": (
        "Total: {amount} in {n} grants",
        "Totalt: {amount} i {n} tildelinger",
        "Totalt: {amount} i {n} bidrag",
    ),
    "kf_sum": ("Total: {amount}", "Totalt: {amount}", "Totalt: {amount}"),
    "kf_top": ("{label}: {amount} ({share})", "{label}: {amount} ({share})", "{label}: {amount} ({share})"),
    "dataset_title": ("The whole dataset", "Hele datasettet", "Hela datamängden"),
    "dataset_zip": (
        "Every table as Parquet, with the data dictionary (zip)",
        "Alle tabeller som Parquet, med datakatalogen (zip)",
        "Alla tabeller som Parquet, med datakatalogen (zip)",
    ),
    "dataset_db": ("The DuckDB database file", "DuckDB-databasefilen", "DuckDB-databasfilen"),
    "dataset_note": (
        "For your own SQL or analysis: every table of the database (not only the counted grants), a data "
        "dictionary and a README of the sources and their licences. The DuckDB file needs DuckDB 2.0 or newer.",
        "For egen SQL eller analyse: alle tabellene i databasen (ikke bare de telte tildelingene), en "
        "datakatalog og en README om kildene og lisensene deres. DuckDB-filen krever DuckDB 2.0 eller nyere.",
        "För egen SQL eller analys: alla tabeller i databasen (inte bara de räknade bidragen), en datakatalog "
        "och en README om källorna och deras licenser. DuckDB-filen kräver DuckDB 2.0 eller senare.",
    ),
    # presentation and embed modes (ui/modes.py)
    "present": ("Present", "Presenter", "Presentera"),
    "present_help": (
        "One chart per screen in large type, without the controls; the link keeps the chart you are on.",
        "Ett diagram per skjerm med stor skrift, uten kontrollene; lenken husker diagrammet du er på.",
        "Ett diagram per skärm med stor text, utan kontrollerna; länken minns diagrammet du är på.",
    ),
    "present_exit": ("Exit presentation", "Avslutt presentasjonen", "Avsluta presentationen"),
    "present_prev": ("Previous", "Forrige", "Föregående"),
    "present_next": ("Next", "Neste", "Nästa"),
    "present_index": ("Chart {i} of {n}", "Diagram {i} av {n}", "Diagram {i} av {n}"),
    "present_none": (
        "This page has no charts to present.",
        "Denne siden har ingen diagrammer å presentere.",
        "Den här sidan har inga diagram att presentera.",
    ),
    "embed_none": (
        "This page has no charts to embed.",
        "Denne siden har ingen diagrammer å bygge inn.",
        "Den här sidan har inga diagram att bädda in.",
    ),
    "source_line": ("Source: {sources}.", "Kilde: {sources}.", "Källa: {sources}."),
    "open_dashboard": ("Open in the dashboard", "Åpne i dashbordet", "Öppna i instrumentpanelen"),
    # states
    "empty_title": (
        "Nothing matches these filters",
        "Ingenting passer med disse filtrene",
        "Inget matchar dessa filter",
    ),
    "empty_body": (
        "No counted grant matches: {active}. Loosen a filter in the sidebar or clear them all.",
        "Ingen telt tildeling passer: {active}. Løsne et filter i sidefeltet eller nullstill alle.",
        "Inget räknat bidrag matchar: {active}. Lätta på ett filter i sidofältet eller rensa alla.",
    ),
    "empty_db": (
        "The database has no grants yet. Build it with `python -m etl build`.",
        "Databasen har ingen tildelinger ennå. Bygg den med `python -m etl build`.",
        "Databasen har inga bidrag än. Bygg den med `python -m etl build`.",
    ),
    "missing_db": (
        "The database is not built yet. Run `python -m etl build` (or `bin/dashboard`) and reload.",
        "Databasen er ikke bygget ennå. Kjør `python -m etl build` (eller `bin/dashboard`) og last på nytt.",
        "Databasen är inte byggd än. Kör `python -m etl build` (eller `bin/dashboard`) och ladda om.",
    ),
    "error": (
        "Something went wrong while preparing this part of the page. It has been logged; try again or "
        "change the filters.",
        "Noe gikk galt med denne delen av siden. Feilen er logget; prøv igjen eller endre filtrene.",
        "Något gick fel med den här delen av sidan. Felet har loggats; försök igen eller ändra filtren.",
    ),
    "loading": ("Counting…", "Teller…", "Räknar…"),
    "none": ("none", "ingen", "inga"),
    "no_filters": ("no filters", "ingen filtre", "inga filter"),
    # grants and profiles
    "gp_ev_title": ("Title", "Tittel", "Titel"),
    "gp_ev_programme": ("Programme or call", "Program eller utlysning", "Program eller utlysning"),
    "gp_ev_theme": ("Subject text of the source", "Emneteksten i kilden", "Ämnestexten i källan"),
    "gp_ev_scb": ("Research subject code (SCB)", "Forskningsfagkode (SCB)", "Forskningsämneskod (SCB)"),
    "gp_ev_fallback": (
        "No word matched (default theme)",
        "Ingen ord traff (standardtema)",
        "Inget ord matchade (standardtema)",
    ),
    "gp_untitled": (
        "Grant to {recipient} from {funder}",
        "Tildeling til {recipient} fra {funder}",
        "Bidrag till {recipient} från {funder}",
    ),
    "gp_no_title": (
        "The source gives this grant no title.",
        "Kilden oppgir ingen tittel for denne tildelingen.",
        "Källan anger ingen titel för det här bidraget.",
    ),
    "gp_year_unknown": ("Not stated", "Ikke oppgitt", "Ej angivet"),
    "gp_not_converted_year": (
        "Not converted to {currency}: the source gives no award year, so there is no exchange rate for the "
        "amount as granted. The grant is counted, but its money is not in the totals in {currency}.",
        "Ikke regnet om til {currency}: kilden oppgir ikke tildelingsår, så det finnes ingen valutakurs for "
        "beløpet som tildelt. Tildelingen telles, men pengene er ikke med i summene i {currency}.",
        "Inte omräknat till {currency}: källan anger inget beviljandeår, så det finns ingen växelkurs för "
        "beloppet som beviljat. Bidraget räknas, men pengarna ingår inte i summorna i {currency}.",
    ),
    "gp_not_converted": (
        "Not converted to {currency}: no exchange rate was available for the amount as granted.",
        "Ikke regnet om til {currency}: det fantes ingen valutakurs for beløpet som tildelt.",
        "Inte omräknat till {currency}: det fanns ingen växelkurs för beloppet som beviljat.",
    ),
    "gp_reported_one": (
        "Reported by 1 record, from {sources}.",
        "Rapportert i 1 post, fra {sources}.",
        "Rapporterat i 1 post, från {sources}.",
    ),
    "gp_reported_many": (
        "Reported by {n} records, from {sources}.",
        "Rapportert i {n} poster, fra {sources}.",
        "Rapporterat i {n} poster, från {sources}.",
    ),
    "gp_quoted": ("“{text}”", "«{text}»", "”{text}”"),
    "gp_source": ("Source", "Kilde", "Källa"),
    "gp_source_ids": ("Source id: {ids}", "Kilde-id: {ids}", "Käll-id: {ids}"),
    "gp_col_name": ("Name", "Navn", "Namn"),
    "gp_org_mismatch": (
        "The profile below is {name}, which does not match “{query}”. Organisations that match, largest "
        "first: {names}. Pick one in the list above.",
        "Profilen under er {name}, som ikke passer med «{query}». Organisasjoner som passer, største først: "
        "{names}. Velg en i listen over.",
        "Profilen nedan är {name}, som inte matchar ”{query}”. Organisationer som matchar, största först: "
        "{names}. Välj en i listan ovan.",
    ),
    "gp_org_no_match": (
        "No recipient or partner matches “{query}”. The profile below is still {name}.",
        "Ingen mottaker eller partner passer med «{query}». Profilen under er fortsatt {name}.",
        "Ingen mottagare eller partner matchar ”{query}”. Profilen nedan är fortfarande {name}.",
    ),
    "gp_show_first": ("Show {name}", "Vis {name}", "Visa {name}"),
    "gp_records_col": (
        "Records, repeats included",
        "Poster, med gjentakelser",
        "Poster, upprepningar inräknade",
    ),
    "gp_records_note": (
        "Records as the sources report them, repeats included: a grant that two records describe counts "
        "twice here but once under Grants above.",
        "Poster slik kildene oppgir dem, med gjentakelser: en tildeling som to poster beskriver, telles to "
        "ganger her, men én gang under Tildelinger over.",
        "Poster som källorna anger dem, upprepningar inräknade: ett bidrag som två poster beskriver räknas "
        "två gånger här men en gång under Bidrag ovan.",
    ),
    # trends and methods tables
    "growth_gaps": (
        "A gap in a line is a year with no grants in the data for that series ({gaps}): the sources do not "
        "cover it, so it is left out, not shown as a fall.",
        "Et brudd i en linje er et år uten tildelinger i dataene for den serien ({gaps}): kildene dekker det "
        "ikke, så det er utelatt og ikke vist som et fall.",
        "Ett avbrott i en linje är ett år utan bidrag i data för den serien ({gaps}): källorna täcker det "
        "inte, så det är utelämnat och inte visat som ett fall.",
    ),
    "growth_gaps_more": ("and {n} more", "og {n} til", "och {n} till"),
    "and_word": ("and", "og", "och"),
    "tk_growth_cover": (
        "Not every series has grants in the data in both {y0} and {y1} (missing: {missing}), so the change "
        "also reflects where the sources begin and end.",
        "Ikke alle seriene har tildelinger i dataene både i {y0} og {y1} (mangler: {missing}), så endringen "
        "speiler også hvor kildene begynner og slutter.",
        "Alla serier har inte bidrag i data både {y0} och {y1} (saknas: {missing}), så förändringen "
        "speglar också var källorna börjar och slutar.",
    ),
    "methods_in_english": (
        "The full description of the methods below is in English.",
        "Den fullstendige metodebeskrivelsen under er på engelsk.",
        "Den fullständiga metodbeskrivningen nedan är på engelska.",
    ),
    "sources_in_english": (
        "Source titles, scopes, licences and attributions are given as the source registry publishes them.",
        "Kildenes titler, omfang, lisenser og krediteringer er gjengitt slik kilderegisteret publiserer dem, "
        "på engelsk.",
        "Källornas titlar, omfattning, licenser och erkännanden återges som källregistret publicerar dem, "
        "på engelska.",
    ),
    "m_nominal": (
        "Nominal amounts are as granted, converted to NOK, SEK and EUR at the ECB's average rate of the "
        "project's start month, or of the award year when no month is known.",
        "Løpende beløp er som tildelt, omregnet til NOK, SEK og EUR med ECBs gjennomsnittskurs for "
        "prosjektets startmåned, eller for tildelingsåret når måneden ikke er kjent.",
        "Löpande belopp är som beviljat, omräknade till NOK, SEK och EUR med ECB:s genomsnittskurs för "
        "projektets startmånad, eller för beviljandeåret när månaden inte är känd.",
    ),
    "m_per_capita": (
        "Per inhabitant (on the map): the money divided by the population on 1 January of the last chosen "
        "award year, or of the latest earlier year with published figures.",
        "Per innbygger (på kartet): pengene delt på folketallet 1. januar det siste valgte tildelingsåret, "
        "eller det siste året før med publiserte tall.",
        "Per invånare (på kartan): pengarna delat med folkmängden 1 januari det sista valda beviljandeåret, "
        "eller det senaste året före med publicerade siffror.",
    ),
    "col_doc_status": ("Result", "Resultat", "Resultat"),
    "col_doc_n": ("Documents", "Dokumenter", "Dokument"),
    "doc_status_records": ("Grants read", "Tildelinger lest", "Bidrag lästa"),
    "doc_status_no_grant": ("No grant on the page", "Ingen tildeling på siden", "Inget bidrag på sidan"),
    "doc_status_quarantined": (
        "Could not be read (quarantined)",
        "Kunne ikke leses (i karantene)",
        "Kunde inte läsas (i karantän)",
    ),
    "col_source": ("Source", "Kilde", "Källa"),
    "col_file": ("File", "Fil", "Fil"),
    "col_reason": ("Reason", "Årsak", "Orsak"),
    "col_detail": ("Detail (from the build)", "Detalj (fra bygget)", "Detalj (från bygget)"),
    "col_address": ("Web address", "Nettadresse", "Webbadress"),
    "reason_empty": ("Empty or unreadable", "Tom eller uleselig", "Tom eller oläslig"),
    "reason_encoding": ("Unknown text encoding", "Ukjent tegnkoding", "Okänd teckenkodning"),
    "reason_binary": ("Not a text file", "Ikke en tekstfil", "Inte en textfil"),
    "reason_too_large": ("Too large", "For stor", "För stor"),
    "reason_parse_error": ("The parser failed", "Tolkningen feilet", "Tolkningen misslyckades"),
    "reason_unknown_genre": (
        "Not recognised as a grant page",
        "Ikke gjenkjent som en tildelingsside",
        "Inte igenkänd som en bidragssida",
    ),
    "col_funder_id": ("Id (in links)", "Id (i lenker)", "Id (i länkar)"),
    "col_funder_name": ("Name", "Navn", "Namn"),
    "col_written_as": (
        "Written in the sources as",
        "Skrevet i kildene som",
        "Skrivet i källorna som",
    ),
    # export fixes
    # the unit of thousands in a chart's value labels ("900 tusen NOK", as the notes say "900 tusen")
    "short_thousand": ("k", "tusen", "tusen"),
}


def t(key: str, lang: str = "en", **values: object) -> str:
    """The UI string `key` in `lang` (English when missing), with `values` filled in."""
    entry = STRINGS.get(key)
    if entry is None:
        return key
    index = LANGUAGES.index(lang) if lang in LANGUAGES else 0
    text = entry[index] or entry[0]
    return text.format(**values) if values else text


def locale(lang: str) -> str:
    return LOCALES.get(lang, "en_GB")


def country_name(code: str | None, lang: str) -> str:
    if code is None:
        return t("unknown", lang)
    return COUNTRY_NAMES.get(lang, COUNTRY_NAMES["en"]).get(code, code)


def theme_label(theme_id: str | None, lang: str, labels: dict[str, dict[str, str]]) -> str:
    """Theme label from the database's `themes` table ({id: {"en":..., "nb":..., "sv":...}})."""
    if theme_id is None:
        return t("unknown", lang)
    entry = labels.get(theme_id)
    if not entry:
        return theme_id.replace("_", " ").capitalize()
    return entry.get(lang) or entry.get("en") or theme_id


# ------------------------------------------------------------------------------------------------ numbers
def fmt_int(value: float | int | None, lang: str = "en") -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return format_decimal(round(value), locale=locale(lang))


def fmt_number(value: float | None, lang: str = "en", digits: int = 1) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return format_decimal(
        round(value, digits), format="#,##0." + "0" * digits if digits else "#,##0", locale=locale(lang)
    )


def fmt_compact(value: float | None, lang: str = "en") -> str:
    """1.2 million / 1,2 millioner / 1,2 miljoner (full numbers below 10 000)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if abs(value) < 10_000:
        return fmt_int(value, lang)
    # Round to what is shown first, as an int: babel picks the plural from the number it is given, so
    # 1 040 000 came out as "1 millioner" (and 1.0e6 as "1 miljoner": Swedish "one" is for integers only).
    scale = 10 ** (3 * (int(math.log10(abs(value))) // 3))
    shown = round(round(value / scale, 1) * scale)
    return format_compact_decimal(shown, format_type="long", locale=locale(lang), fraction_digits=1)


SHORT_UNITS = {
    "en": ("bn", "m", "k"),
    "nb": ("mrd.", "mill.", "tusen"),
    "sv": ("mdr", "mn", "tn"),
}


def fmt_short(value: float | None, lang: str = "en") -> str:
    """3.4 bn / 3,4 mrd. / 3,4 mdr: for headline figures that must fit a card on a projector."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    units = SHORT_UNITS.get(lang, SHORT_UNITS["en"])
    for divisor, unit in ((1e9, units[0]), (1e6, units[1]), (1e3, units[2])):
        if abs(value) >= divisor and abs(value) >= 10_000:
            scaled = value / divisor
            digits = 0 if abs(scaled) >= 100 else 1
            return f"{fmt_number(scaled, lang, digits)} {unit}"
    return fmt_int(value, lang)


def fmt_money(
    value: float | None, currency: str, lang: str = "en", compact: bool = True, short: bool = False
) -> str:
    """Money with its ISO code, never a bare "kr" (NOK and SEK are both kronor)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if short:
        return f"{fmt_short(value, lang)} {currency}"
    number = fmt_compact(value, lang) if compact else fmt_int(value, lang)
    return f"{number} {currency}"


def fmt_pct(share: float | None, lang: str = "en", digits: int = 0) -> str:
    if share is None or (isinstance(share, float) and math.isnan(share)):
        return "–"
    pattern = "#,##0" + ("." + "0" * digits if digits else "") + " %"
    text = format_percent(share, format=pattern, locale=locale(lang))
    return text.replace(" %", "%") if lang == "en" else text


def fmt_signed_pct(share: float | None, lang: str = "en") -> str:
    if share is None or (isinstance(share, float) and math.isnan(share)):
        return "–"
    text = fmt_pct(abs(share), lang)
    return ("+" if share >= 0 else "−") + text


def fmt_date(value, lang: str = "en") -> str:
    from babel.dates import format_datetime

    if value is None:
        return "–"
    return format_datetime(value, format="medium", locale=locale(lang))


def money_scale(max_value: float, lang: str = "en") -> tuple[float, str]:
    """(divisor, unit word) so that chart axes read "12.3" with the unit "billion" in the axis title."""
    words = {
        "en": ("billion", "million", "thousand", ""),
        "nb": ("milliarder", "millioner", "tusen", ""),
        "sv": ("miljarder", "miljoner", "tusen", ""),
    }.get(lang, ("billion", "million", "thousand", ""))
    m = abs(max_value or 0)
    if m >= 1e9:
        return 1e9, words[0]
    if m >= 1e6:
        return 1e6, words[1]
    if m >= 1e4:
        return 1e3, words[2]
    return 1.0, words[3]


def plotly_separators(lang: str) -> str:
    """Plotly's `separators` (decimal then thousands) for the language."""
    return ".," if lang == "en" else ", "
