"""A short English theme label from keywords in a record's title and its page (sv / nb / nn / en)."""

from __future__ import annotations

import re

# (pattern, label); the first few that match, in this order, make the label.
_THEMES = [
    (r"digitali|digital\w*|e-tjenest|e-tjänst|\bikt\b|\bict\b|\bit-", "digitalisation"),
    (r"innovasjonspris|innovationspris|innovation prize", "municipal innovation award"),
    (r"innovationsplattform|innovasjonsplattform|innovation platform", "innovation platform"),
    (r"idésluss|idéslussar|idea hub|innovationssluss|innovasjonssluss", "idea hub"),
    (
        r"stadsutveckling|byutvikling|urban development|smart city|smarta städer|hållbara attraktiva städer",
        "sustainable urban development",
    ),
    (r"barnevern|barnvern|barneverntjeneste|child welfare", "child welfare"),
    (r"helse|hälsa|health|folkehelse|frisklivs|omsorg|äldre|eldre|elderly", "health and care"),
    (r"velferdsteknologi|välfärdsteknik|welfare technology", "welfare technology"),
    (r"(?<![\w])(?:klima|climate|miljø|miljö|sirkulær|circular|energi)", "climate and environment"),
    (r"lokaldemokrati|democracy|medverknad|medvirkning|innbyggerdialog|innbyggardialog", "local democracy"),
    (r"samskap|co-creation|medskap", "co-creation"),
    (r"integrering|integration|flyktning|asyl", "integration"),
    (r"kommunereform|kommunesamarbeid|interkommunal", "inter-municipal cooperation"),
    (r"bulyst|bolyst|attraktiv\w* lokalsamfunn|tilflytting", "rural attractiveness"),
    (r"beredskap|preparedness", "emergency preparedness"),
    (r"(?<![\w])(?:vann|vatten|avløp|avlopp|water|sewage)(?![\w])", "water and sewage"),
    (r"næring|näringsliv|business", "business development"),
    (r"innovasjon|innovation|fornying|förnyelse|renewal", "innovation capacity"),
]
_COMPILED = [(re.compile(p, re.I), label) for p, label in _THEMES]


def theme_label(*texts: str | None, max_labels: int = 2) -> str | None:
    """Up to `max_labels` labels, from the most specific text first (title, then page)."""
    labels: list[str] = []
    for text in texts:
        if not text:
            continue
        for pattern, label in _COMPILED:
            if label not in labels and pattern.search(text):
                labels.append(label)
        if labels:
            break
    return ", ".join(labels[:max_labels]) if labels else None
