"""Cue words (sv / nb / nn / en) that decide whether an amount or a sentence is a grant.

Kept in one place so every genre parser judges "granted", "applied for", "total" and "maximum" alike.
All patterns are compiled once, case-insensitive, on word boundaries.
"""

from __future__ import annotations

import re


def _words(*alternatives: str) -> re.Pattern:
    return re.compile(r"(?<![\w-])(?:" + "|".join(alternatives) + r")(?![\w-])", re.I)


# Nynorsk "samla" ("samla sum", "ein samla ramme", "samla 2 millionar") sums up; the verb "samla" does not:
# Swedish "för att samla in erfarenheter", nynorsk "for å samla inn data", "samla ihop", "samla upp".
_SAMLA_TOTAL = r"(?<!att\s)(?<!å\s)samla(?!\s+(?:in|inn|ihop|upp|opp)(?![\w-]))"


# A funder gives, a recipient gets: the verbs that make a sentence a grant statement.
GRANT_VERB = _words(
    # nb / nn
    r"tildelt",
    r"tildelte",
    r"tildeler",
    r"tildeles",
    r"tildelast",
    r"tildela",
    r"tildelinga?",
    r"fått",
    r"får",
    r"fekk",
    r"fikk",
    r"mottar",
    r"mottok",
    r"motteke",
    r"mottatt",
    r"løyvd",
    r"løyvde",
    r"løyver",
    r"løyvt",
    r"løyvast",
    r"bevilget",
    r"bevilger",
    r"bevilges",
    r"bevilga",
    r"innvilget",
    r"innvilga",
    r"innvilges",
    r"innvilgast",
    r"innvilger",
    r"innvilgar",
    r"støtter",
    r"støttar",
    r"gir",
    r"gis",
    r"gitt",
    r"går\s+till?",
    r"gikk\s+til",
    r"gjekk\s+til",
    r"gick\s+till",
    r"delt\s+ut",
    r"delte\s+ut",
    r"fordelt",
    r"fordeler",
    r"finansieres\s+av",
    r"finansiert\s+av",
    # sv
    r"beviljat",
    r"beviljar",
    r"beviljas",
    r"beviljats",
    r"beviljades",
    r"beviljade",
    r"stöttar",
    r"stöder",
    r"fick",
    r"tilldelas",
    r"tilldelats",
    r"tilldelades",
    r"erhåller",
    r"erhållit",
    r"finansieras\s+av",
    r"finansierar",
    r"bidrar\s+med",  # "Vinnova bidrar med 2 080 000 kronor"
    r"går\s+in\s+med",  # "att Vinnova går in med 3,2 miljoner kronor"
    # "Til Kvam herad er det sett av 300 000 kroner": set aside for a named one (not "har sett av 4 millionar")
    r"(?:er|vart|ble|blei|blir|vert)\s+det\s+(?:satt|sett)\s+av",
    r"ger",
    r"vann",
    r"vinner",
    # en
    r"awarded",
    r"granted",
    r"grants",
    r"receives?",
    r"received",
    r"gets",
    r"got",
    r"wins",
    r"won",
    r"goes\s+to",
    r"went\s+to",
    r"funded\s+by",
    r"financed\s+by",
    r"supports",
)

# Nouns that say money or support was given ("får stöd", "fått tildelt midler").
SUPPORT_NOUN = re.compile(
    r"(?<![\w-])(?:stöd|stödet|bidrag|bidraget|\w*bidrag|finansiering|anslag|anslaget|pengar|medel|"
    r"støtte|støtta|midler|midlar|midlene|midlane|tilskudd|tilskot|penger|pengar|skjønnsmidl\w*|"
    r"prisen|pris|priset|funding|grant|support|money|prize|award)(?![\w-])",
    re.I,
)

# The amount is not a grant when one of these stands right before it (or right after it).
NOT_GRANTED_BEFORE = _words(
    # a corrected figure: "angavs felaktigt att Vinnova beviljat 4,2 miljoner"
    r"felaktigt",
    r"feilaktig",
    r"feilaktig\w*",
    r"uriktig\w*",
    r"incorrectly",
    r"erroneously",
    r"søkt",
    r"søkte",
    r"omsøkt",
    r"ansøkt",
    r"ansøkte",
    r"søkjer",
    r"sökte",
    r"ansökte",
    r"begärde",
    r"begärt",
    r"bad\s+om",
    r"bedt\s+om",
    r"requested",
    r"sought",
    r"søknadsbeløp\w*",
    r"søknadssum\w*",
    r"søknad(?:er|ar|ene|ane)?",
    r"søkjar\w*",
    r"søker",
    r"søkere",
    r"sökt",
    r"ansökt",
    r"ansökan",
    r"ansökningar",
    r"sökande",
    r"applied",
    r"applications?",
    r"applying",
    r"budsjett\w*",
    r"budget\w*",
    r"budgeterad\w*",
    r"projektbudget\w*",
    r"prosjektbudsjett\w*",
    r"kostnad\w*",
    r"kostnader",
    r"cost",
    r"costs",
    r"omsetning",
    r"omsättning",
    r"medfinansiering",
    r"egenfinansiering",
    r"eigenfinansiering",
    r"egenandel",
    r"eigendel",
    r"co-?financing",
    r"totalt",
    r"total",
    r"totala?",
    r"til\s+saman",
    r"tilsammen",
    _SAMLA_TOTAL,
    r"samlet",
    r"samlede?",
    r"sammanlagt",
    r"sammanlagd",
    r"i\s+alt",
    r"summa",
    r"sum",
    r"in\s+total",
    r"max",
    r"maks",
    r"maximalt",
    r"maximum",
    r"maksimalt",
    r"upp\s+till",
    r"opp\s+til",
    r"inntil",
    r"høyst",
    r"høgst",
    r"högst",
    r"up\s+to",
    r"ramme",
    r"ramma",
    r"ramen",
    r"skjønnsramme\w*",
    r"skjønsramm\w*",
    r"potten",
    r"pott",
    r"extern\s+finansiering",
    r"ekstern\s+finansiering",
    r"kan\s+søke",
    r"kan\s+sökas",
    r"kan\s+vinne",
    r"vinne",
    r"premieres\s+med",
)
NOT_GRANTED_AFTER = re.compile(
    r"^\W{0,3}(?:(?:i|av|of|in)\s+(?:den\s+|det\s+)?(?:samla|samlede?|totale?|total)|i\s+søknad|"
    r"i\s+(?:egen|eigen)\w*|i\s+budsjett|i\s+budget|i\s+ekstern|i\s+extern|"
    # a change against another figure ("får 42 miljoner kronor mer än i år"), not a sum given
    r"(?:mer|meir|mindre|fler|færre|färre|more|less)\s+(?:än|enn|en|than)(?![\w-]))",
    re.I,
)

# The heading of a fact box ("Fakta", "Fakta om projektet", "Facts about the project", "Kort om prosjektet"):
# the box's labelled lines describe the page's grant, they are not a card headed by its recipient.
BOX_HEADING = re.compile(
    r"^(?:fakta|faktaruta|fakta\s+om\s+.+|facts?(?:\s+about\s+.+)?|fact\s+box|(?:kort\s+)?om\s+(?:projektet|prosjektet)|"
    r"about\s+the\s+project|i\s+korthet|in\s+brief|kort\s+om\s+.+)$",
    re.I,
)

# The name of a pot of money, not of a recipient: "Innovationsfond: 4,2 miljoner" in a budget's list.
MONEY_POOL = re.compile(r"(?:fond|fonden|fondet|fund|budget|budsjett|budsjettet|pott|potten)$", re.I)

# A clause that sums up: its amount is a total even when the cue is not adjacent.
TOTAL_CLAUSE = _words(
    r"totalt",
    r"til\s+saman",
    r"tilsammen",
    _SAMLA_TOTAL,
    r"samlet",
    r"sammanlagt",
    r"sammanlagd",
    r"i\s+alt",
    r"in\s+total",
    r"altogether",
    r"fordelt\s+likt",
    r"delt\s+likt",
    r"fördelat\s+lika",
    r"shared\s+equally",
)

# A refusal: the application was turned down ("fikk avslag", "ble ikke prioritert", "fick inte stöd",
# "beviljades inte", "was not funded"). Whoever it names got no grant.
REFUSAL = re.compile(
    r"(?<![\w-])(?:(?:fikk|fekk|fått|fick|fikk\s+også|fick\s+också)\s+(?:et\s+|eit\s+|ett\s+)?(?:avslag|nei|nej)|"
    r"(?:fikk|fekk|får|fick|får)\s+(?:ikke|ikkje|inte|ej|ingen|inga|inget)\s+(?:\w+\s+){0,2}?(?:støtte|stønad|midler|midlar|"
    r"tilskudd|tilskot|penger|pengar|stöd|medel|bidrag|tildeling|tilsagn|finansiering)|"
    r"(?:ble|blei|vart|er|har\s+blitt|har\s+vorte)\s+(?:ikke|ikkje)\s+(?:prioritert|innvilget|innvilga|tildelt|støttet|støtta)|"
    r"(?:ikke|ikkje)\s+(?:prioritert|innvilget|innvilga)|avslått|avslegen|avslagen|avslogs|"
    r"(?:beviljades|prioriterades|tilldelades)\s+(?:inte|ej)|(?:inte|ej)\s+(?:beviljad\w*|prioriterad\w*)|"
    r"(?:was|were|has\s+been|have\s+been)\s+(?:rejected|declined|turned\s+down|refused)|"
    r"(?:was|were)\s+not\s+(?:funded|granted|awarded|successful|prioriti[sz]ed)|did\s+not\s+receive)(?![\w-])",
    re.I,
)

# "300 000 kroner hver": one amount for each of several recipients.
EACH = _words(r"hver", r"kvar", r"hvert", r"kvart", r"vardera", r"each", r"per\s+kommune", r"per\s+kommun")

# Words that introduce the partners after a lead organisation ("Orkdal kommune, i samarbeid med Agdenes og
# Meldal", "Harstad kommune (med Kvæfjord og Ibestad)", "Luleå kommun tillsammans med Boden").
WITH_PARTNERS = (
    r"i\s+samarbeid\s+med|sammen\s+med|saman\s+med|i\s+samarbete\s+med|i\s+samverkan\s+med|tillsammans\s+med|"
    r"together\s+with|in\s+(?:cooperation|collaboration|partnership)\s+with|med|with|on\s+behalf\s+of|"
    r"på\s+vegne\s+av|på\s+vegner\s+av|på\s+uppdrag\s+av"
)

# A sum or total row in a table or list: the row's first cell (or label) is a sum word, alone or with a
# few filler words ("Sum tildelt", "Totalt for 2021"), followed by the end of the cell or a figure. A sum
# word that opens an ordinary title ("Samla tenester for barn", "Samlet plan for ...") is not a total.
_SUM_WORD = (
    r"(?:sum|summa|summer|totalsum|totalsumma|totalbeløp|totalbelopp|totalt?|i\s+alt|til\s+saman|tilsammen|"
    r"samla|samlet|samlede|sammanlagt|sammenlagt|samanlagt|grand\s+total)"
)
_SUM_FILLER = (
    r"(?:tildel\w*|tildl\w*|løyv\w*|bevilg\w*|innvilg\w*|beviljat|prosjekt\w*|projekt\w*|midl\w*|beløp\w*|"
    r"belopp|beviljade|medel|tilskud\w*|tilskot\w*|stønad|støtte|stöd|søkt|sökt|omsøkt|og|och|and|sum|"
    r"kommun\w*|alle|alla|totalt|kroner|kronor|kr\.?|nok|sek|for|för|av|i|til|granted|awarded|(?:19|20)\d\d)"
)
SUM_ROW = re.compile(
    rf"^\s*{_SUM_WORD}(?:\s+{_SUM_FILLER}){{0,4}}\s*[:.]?(?:\s*$|\s*(?=[\d|;\t])|\s{{2,}}|\s*(?=(?:kr|nok|sek)\b))",
    re.I,
)

# A subtotal that names its group: "Sum Trøndelag sør 2 250 000", "Sum nye prosjekt 1 350", "Totalt Agder: 3,1"
# ("sum"/"totalt" never open a recipient's name or a project title).
SUBTOTAL_ROW = re.compile(
    r"^\s*(?:sum|summa|totalt|totalsum|totalsumma|subtotal)\s+[^\d\n]{1,40}?[\s:]*(?=\d|$)", re.I
)
_ROW_LEAD = re.compile(r"^[\s|•·▪●*–—-]+")


def is_sum_row(text: str) -> bool:
    """A sum or total row, also when written as a pipe row or a list item ("| Sum | | 3 900 |", "• Totalt: ...")."""
    text = _ROW_LEAD.sub("", text)
    return bool(SUM_ROW.match(text) or SUBTOTAL_ROW.match(text))


def is_subtotal_row(text: str) -> bool:
    """A sum over one group of a table ("Sum Trøndelag sør"), after which the table goes on."""
    text = _ROW_LEAD.sub("", text)
    return bool(SUBTOTAL_ROW.match(text)) and not SUM_ROW.match(text)


# Calls for proposals: who can apply, how much can be applied for, deadlines.
CALL_CUE = re.compile(
    r"vem\s+kan\s+söka|hur\s+mycket\s+kan|vad\s+kan\s+(?:man|ni)\s+söka|kan\s+söka\s+(?:finansiering|bidrag|stöd)|"
    r"erbjudandet\s+i\s+korthet|utlysningstext|sista\s+ansökningsdag|ansökan\s+ska|stängde\s+\d|"
    r"who\s+can\s+apply|how\s+much\s+can\s+you\s+apply|closed\s+on|deadline|apply\s+for|"
    r"søknadsfrist|frist\s+for\s+å\s+søke|kan\s+søke|kan\s+søkje|inviterte?\s+til\s+å\s+søke|"
    r"søknadsskjema|kan\s+vinne|oppfordrer\s+\w+\s+(?:kommuner\s+)?til\s+å\s+søke|utlysing|"
    r"søk\s+om|søk\s+nå",
)  # matched against lower-cased text (faster than re.I over a whole page)

# Finalists and nominees: named, honoured, not winners.
FINALIST = _words(
    r"finalist\w*",
    r"finaleheat\w*",
    r"finalen",
    r"nominert\w*",
    r"nominerte",
    r"nominated",
    r"nominees?",
    r"shortlisted",
    r"heder",
    r"hederlig",
    r"heiderleg",
    r"diplom",
    r"diploma",
    r"runner-?up",
)

# Words for "prize".
PRIZE_WORD = re.compile(
    r"(?<![\w])(?:\w*pris(?:en|et)?|\w*priser|prize|award)(?![\w])",
    re.I,
)

# A project is named right after these ("prosjektet Smart velferdsregion", "projektet ”Accelerera”").
PROJECT_KEYWORD = re.compile(
    r"(?<![\w])(?:\w*prosjekt(?:et|a)?|\w*projekt(?:et)?|satsinga|satsingen|satsningen|plattformen|"
    r"tiltaket|initiativet|the\s+project|project)(?:\s+(?:er|är|is|heter|kalla|kallas|kalt))?\s+$",
    re.I,
)
# A programme or call is named right after these.
PROGRAMME_KEYWORD = re.compile(
    r"(?<![\w])(?:programmet|programmer|program|utlysningen|utlysning|utlysinga|utlysingen|ordningen|"
    r"ordninga|satsingen|satsinga|satsningen|the\s+programme|the\s+call|call)\s+$",
    re.I,
)
# Compound programme nouns written as one word ("Bulystsatsinga", "medfinansieringsordninga").
PROGRAMME_COMPOUND = re.compile(
    r"(?<![\w-])\w+(?:satsinga|satsingen|satsningen|ordninga|ordningen|programmet|programmene)(?![\w-])",
    re.I,
)
# County-governor discretionary funds, named as programmes.
DISCRETIONARY = re.compile(
    r"(?<![\w-])(?:prosjektskjønn\w*|prosjektskjøn\w*|skjønnsmidl\w*|skjønsmidl\w*|skjønnsmiddel|"
    r"fornyingsmidl\w*|fornyings-\s+og\s+innovasjonsmidl\w*)(?![\w-])",
    re.I,
)
# The same funds on a county governor's English page ("discretionary funds for renewal and innovation").
DISCRETIONARY_EN = re.compile(
    r"(?<![\w-])discretionary\s+(?:funds|grants|funding)(?:\s+for\s+renewal\s+and\s+innovation)?(?![\w-])",
    re.I,
)

# Words that end a name: finite verbs and prepositions that follow a subject or a title.
NAME_STOP = {
    "får",
    "fått",
    "fick",
    "fikk",
    "fekk",
    "mottar",
    "mottok",
    "har",
    "hadde",
    "hade",
    "er",
    "är",
    "var",
    "vart",
    "ble",
    "blei",
    "blir",
    "vil",
    "skal",
    "ska",
    "kan",
    "kommer",
    "kjem",
    "som",
    "med",
    "fra",
    "från",
    "frå",
    "til",
    "till",
    "på",
    "under",
    "innen",
    "inom",
    "innan",
    "gjennom",
    "genom",
    "hos",
    "ved",
    "vid",
    "with",
    "from",
    "to",
    "will",
    "is",
    "was",
    "has",
    "have",
    "receives",
    "received",
    "got",
    "gets",
    "beviljas",
    "beviljats",
    "tildeles",
    "tildelt",
    "bevilges",
    "løyvd",
    "går",
    "gikk",
    "gjekk",
    "vann",
    "vant",
    "vinner",
    "wins",
    "won",
    "at",
    "att",
    "for",
    "för",
    "och",
    "og",
    "and",
    "samt",
    "sammen",
    "tillsammans",
    "i",
    "in",
    "of",
    "av",
    "om",
    "about",
    "där",
    "der",
    "when",
    "när",
    "når",
    "da",
    "då",
    "after",
    "etter",
    "efter",
    "before",
    "før",
    "före",
    "which",
    "who",
    "that",
    "the",
    "a",
    "an",
    "en",
    "ett",
    "ei",
    "eit",
    "ein",
    "et",
    "stöttar",
    "stöder",
    "støtter",
    "støttar",
    "finansieras",
    "finansieres",
    "leds",
    "ledes",
    "pågår",
    "startar",
    "starter",
    "ut",
    "delt",
}
# Small words that may sit inside a proper name ("Future by Lund", "Direktoratet for e-helse").
NAME_CONNECTOR = {
    "by",
    "i",
    "for",
    "för",
    "og",
    "och",
    "av",
    "på",
    "de",
    "du",
    "la",
    "le",
    "of",
    "and",
    "&",
    "-",
    "–",
}

# Page furniture: skip links, menus, language switches, script/cookie notices. Never a heading, a
# recipient or a year: "Hopp til hovedinnhold", "Gå til hovudinnhald", "Hoppa till huvudinnehållet".
SKIP_LINK = re.compile(
    r"^\s*(?:hopp|hoppa|gå|skip|jump|direkte)\s+(?:over\s+|direkte\s+)?(?:til|till|to)\s+(?:hoved|hovud|huvud|main|"
    r"innhold|innhald|innehåll|content|startsid|navigasjon|navigation|meny|menu|søk|sök|search)\w*(?:\s+\w+)?\s*$",
    re.I,
)
FURNITURE_LINE = re.compile(
    r"^\s*(?:meny|menu|søk|sök|search|logg\s+inn|logga\s+in|log\s+in|in\s+english|english|på\s+svenska|"
    r"på\s+norsk|bokmål|nynorsk|lyssna|translate|till\s+startsidan|startsida|til\s+forsiden|forsiden|"
    r"abonner|kontakt|del|dela|share|print|skriv\s+ut|(?:bokmål|nynorsk|english|sámegiella)(?:\s*\|?\s*"
    r"(?:bokmål|nynorsk|english|sámegiella))+|.*\bjavascript\b.*|.*\b(?:cookies|kakor|informasjonskapsl\w+)\b.*)"
    r"\s*\|?\s*$",
    re.I,
)
# Archive banners: "Dette innholdet er skrevet før 2019, da antall fylkesmannsembeter gikk fra 16 til 10",
# "Dette innhaldet er meir enn eitt år gammalt". Their years are not the page's year.
ARCHIVE_BANNER = re.compile(
    r"(?:innholdet|innhaldet|innehållet|this\s+content|the\s+content)\s+(?:er|är|is|was|vart|ble)\s+"
    r"(?:skrevet|skrive|skriven|skrivet|written|publisert|publicerat|published|mer\s+enn|meir\s+enn|äldre|older)|"
    r"\b(?:historisk\s+arkiv|historical\s+archive)\b",
    re.I,
)
# A year right after these is a bound, not the year something happened ("skrevet før 2019").
YEAR_BOUND_BEFORE = re.compile(
    r"(?:før|innan|innen|före|before|etter|efter|after|sidan|siden|sedan|since|fra\s+og\s+med|til\s+og\s+med|"
    r"inntil|until)\s+(?:år\s+|året\s+)?$",
    re.I,
)


# A page footer's contact details: "Org.nr. 974 764 350", "Telefon 74 16 80 00", "Postboks 2600, 7734 Steinkjer".
# Their numbers are never amounts, and their words never a recipient.
CONTACT_LINE = re.compile(
    r"^\s*(?:org\.?\s*n[ro]\.?|organisasjonsnummer|organisationsnummer|orgnr|telefon|tlf\.?|tel\.|phone|"
    r"sentralbord|växel|vxl|postboks|postadresse|postadress|besøksadresse\w*|besöksadress\w*|"
    r"visiting\s+address|postal\s+address|e-?post|e-?mail|faks|fax|box\s+\d)\b"
    r"|\b(?:org\.?\s*nr\.?|organisasjonsnummer|organisationsnummer|sentralbord)\s*:?\s*\d",
    re.I,
)


# A list of links to other articles ("Les også:", "Relaterade nyheter"): their headlines name other grants.
RELATED_HEADING = re.compile(
    r"^\s*(?:les\s+også|les\s+òg|sjå\s+også|se\s+også|läs\s+också|läs\s+mer|relaterte?(?:\s+\w+)?|relaterat|relaterade(?:\s+\w+)?|"
    r"related\s+\w+|see\s+also|read\s+also|fler\s+nyheter|flere\s+nyheter|andre\s+saker|"
    r"andra\s+läser|mest\s+lest|mest\s+lästa)\s*:?\s*(?P<rest>.*)$",
    re.I,
)


def related_lines(lines: list[str]) -> set[int]:
    """Indices of a related-articles list: its heading and the short lines after it, up to a blank line
    (or the heading's own line when the link follows on it: "Les også: Ny barnevernleder i Hadsel")."""
    out: set[int] = set()
    for i, line in enumerate(lines):
        if len(line) > 120 or not (m := RELATED_HEADING.match(line)):
            continue
        out.add(i)
        if m.group("rest").strip():
            continue
        for k in range(i + 1, min(len(lines), i + 12)):
            if not lines[k].strip():
                if k > i + 1:
                    break
                continue
            if len(lines[k]) > 160:
                break
            out.add(k)
    return out


def is_contact_line(line: str) -> bool:
    return len(line) <= 300 and bool(CONTACT_LINE.search(line))


def is_furniture(line: str) -> bool:
    """A line of page furniture (skip link, menu, language switch, script or cookie notice)."""
    return bool(SKIP_LINK.match(line) or FURNITURE_LINE.match(line))


# Adverbials that open a sentence before its verb ("Samtidigt får X", "I tillegg har X fått", "Også X har
# fått"): never part of a name. In verb-second languages the subject then follows the verb.
CLAUSE_OPENER = re.compile(
    r"^(?:i\s+tillegg|i\s+tillägg|i\s+tilleg|i\s+år|i\s+fjor|i\s+fjol|i\s+dag|i\s+høst|i\s+haust|i\s+vår|"
    r"i\s+(?:19|20)\d\d|(?:i|ved|vid|in)\s+(?:samme|same|samma|the\s+same)\s+\w+|til\s+slutt|till\s+sist|på\s+samme\s+måte|på\s+same\s+måte|på\s+samma\s+sätt|"
    r"in\s+addition|this\s+year|last\s+year|at\s+the\s+same\s+time|samtidig|samtidigt|dessutom|dessuten|"
    r"därtill|därutöver|dertil|vidare|videre|også|òg|även|också|nu|nå|idag|tillika|likaså|likeså|likeins|"
    r"sist|slutligen|endelig|deretter|därefter|etterpå|seinare|senere|senare|tidligere|tidlegare|tidigare|"
    r"additionally|also|furthermore|moreover|meanwhile|likewise|finally|today|now)(?![\w-])\s*,?\s+",
    re.I,
)

# "Agder > Kommunal styring > Skjønnsmidler", "Kommun och politik / Nyheter": the site's path to a page.
BREADCRUMB = re.compile(r"^\s*(?:[^/>›»|\n]{1,40}?\s+[/>›»]\s+){1,8}[^/>›»|\n]{1,60}$")


def is_breadcrumb(line: str) -> bool:
    return len(line) <= 200 and bool(BREADCRUMB.match(line)) and not re.search(r"\d{3}", line)
