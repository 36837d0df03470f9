"""The document parsers against the hand-made gold records of the shared corpus and the held-out set.

Seeds: every gold record reproduced with exact amount, year, recipient and funder. Dev: record F1 >= 0.95
and amounts exact on >= 98% of matched records. Held-out (tests/heldout to tests/heldout9, pages written blind
to the parser): the figures are printed, and the test fails only when F1
(or, for heldout2 to heldout9, amount exactness) falls below the level reached minus a small margin, so a change
that loses held-out records shows up. The figures and every miss are printed (pytest -s, or shown in the
failure message).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from scoring import Report, amounts_equal, field_correct, score_split

from etl.documents import parse_document


@pytest.fixture(scope="module")
def corpus(raw_dir: Path) -> Path:
    return raw_dir / "corpus"


def _show(name: str, report: Report) -> str:
    text = f"== {name}\n{report.summary()}\n{report.details()}"
    print(text)
    return text


def test_seed_records_are_all_reproduced_exactly(corpus: Path):
    report = score_split(corpus / "seeds")
    shown = _show("seeds", report)
    assert report.fn == 0 and report.fp == 0, shown
    for doc in report.documents:
        for pred, gold, _ in doc.matches:
            assert amounts_equal(pred["amount"], gold["amount"]), (doc.name, pred, gold)
            assert pred["year"] == gold["year"], (doc.name, pred, gold)
            assert field_correct("recipient", pred, gold), (doc.name, pred, gold)
            assert field_correct("funder", pred, gold, strict=True), (doc.name, pred, gold)


def test_dev_figures_meet_the_quality_bar(corpus: Path):
    report = score_split(corpus / "dev")
    shown = _show("dev", report)
    assert report.f1 >= 0.95, shown
    assert report.amount_exact >= 0.98, shown


TESTS = Path(__file__).resolve().parent
# Held-out sets written blind to the parser: (folder, F1 floor, amount-exactness floor or None). Each set's README
# (or REPORT) gives its blind score; the parser was then fixed with general patterns found from its misses, so a
# set is no longer blind and its floors sit about two records under the level reached: they catch a regression,
# they do not measure generalisation.
HELDOUT_FLOORS = [
    # 75 records; F1 1.000 after the general table / prose / pot patterns
    ("heldout", 0.97, None),
    # 74 records; blind F1 0.750, amounts 0.863; 1.000 / 1.000 after the table / list / prose / prize patterns
    ("heldout2", 0.96, 0.95),
    # 62 records; blind F1 0.825, amounts 1.000; 1.000 / 1.000 after test_documents_heldout3_patterns.py (column
    # roles, sum rows in every layout, applied-for and refused amounts, shared totals, headlines restating the body)
    ("heldout3", 0.96, 0.96),
    # 64 records; blind F1 0.828, amounts 0.896; 0.992 / 1.000 after test_documents_heldout4_patterns.py
    ("heldout4", 0.96, 0.96),
    # 63 records of messy real-crawl layouts; blind F1 0.597, amounts 0.946; 0.968 / 0.984 after
    # test_documents_heldout5_patterns.py
    ("heldout5", 0.93, 0.95),
    # 49 records; blind F1 0.860, amounts 1.000; 0.990 / 1.000 after test_documents_heldout6_patterns.py
    ("heldout6", 0.95, 0.96),
    # 70 records; blind F1 0.687, amounts 0.956; 1.000 / 1.000 after test_documents_heldout7_patterns.py
    ("heldout7", 0.97, 0.97),
    # 69 records; blind F1 0.722, amounts 0.958; 1.000 / 1.000 after test_documents_heldout8_patterns.py
    ("heldout8", 0.97, 0.97),
    # 47 records; blind F1 0.837, amounts 0.972; 1.000 / 1.000 after test_documents_heldout9_patterns.py
    ("heldout9", 0.97, 0.97),
]


@pytest.mark.parametrize(("name", "f1_floor", "amount_floor"), HELDOUT_FLOORS)
def test_heldout_figures_do_not_regress(name: str, f1_floor: float, amount_floor: float | None):
    report = score_split(TESTS / name)
    shown = _show(name, report)
    assert report.f1 >= f1_floor, shown
    if amount_floor is not None:
        assert report.amount_exact >= amount_floor, shown


def test_negative_pages_yield_no_records_and_say_why(corpus: Path):
    for doc in sorted((corpus / "dev" / "docs").glob("*_neg_*")):
        result = parse_document(doc)
        assert result.records == [], doc.name
        assert result.status == "no_grant", (doc.name, result.status, result.note)
        assert result.note, doc.name


def test_records_carry_source_genre_language_and_amount_text(corpus: Path):
    for doc in sorted((corpus / "dev" / "docs").iterdir()):
        result = parse_document(doc)
        for record in result.records:
            assert record.source_url and record.source_url.startswith("http"), doc.name
            assert record.genre == result.genre and record.language == result.language
            assert record.currency in {"NOK", "SEK", "EUR"}
            assert record.country in {"NO", "SE"}
            if record.amount is not None:
                assert record.amount_text and record.amount_text in doc.read_text(encoding="utf-8").replace(
                    "\u00a0", " "
                ), (doc.name, record.amount_text)


# Pages written for these tests in layouts and phrasings the corpus does not have: the parsers must
# generalise from language cues and table structure, not from the corpus documents.
UNSEEN_PAGES = {
    "table_title_first_with_applied_column": (
        "Tildeling av skjønnsmidler til fornying og innovasjon 2022\n\n"
        "Statsforvalteren i Nordland har tildelt 6,2 millioner kroner til 9 prosjekter.\n\n"
        "Prosjektnavn\n\nSøker\n\nSamarbeidskommuner\n\nSøkt beløp\n\nTildelt beløp\n\n"
        "Digital hjemmetjeneste\n\nBodø kommune\n\nSaltdal, Fauske\n\n1 200 000\n\n800 000\n\n"
        "Felles barnevern\n\nVefsn kommune\n\nGrane, Hattfjelldal\n\n900 000\n\n500 000\n\n"
        "Sum\n\n2 100 000\n\n1 300 000\n",
        [("Bodø kommune", "Digital hjemmetjeneste", 800000), ("Vefsn kommune", "Felles barnevern", 500000)],
    ),
    "tab_separated_table_with_total_row": (
        "Prosjektskjønn 2019\n\nFylkesmannen i Rogaland har fordelt prosjektskjønn til kommunene:\n\n"
        "Kommune\tProsjekt\tTilskudd (kr)\nStavanger\tSmartby-lab\t450 000\n"
        "Sandnes\tVelferdsteknologi i hjemmet\t300 000\nTotalt\t\t750 000\n",
        [("Stavanger", "Smartby-lab", 450000), ("Sandnes", "Velferdsteknologi i hjemmet", 300000)],
    ),
    "pipe_table_in_millions": (
        "Fornyingsmidlar 2018\n\nFylkesmannen i Sogn og Fjordane har løyvd midlar til desse prosjekta:\n\n"
        "Kommune | Prosjekt | Beløp (mill. kr)\nFørde | Digital sakshandsaming | 1,1\n"
        "Flora | Kystkommune 2030 | 0,45\nSum | | 1,55\n",
        [("Førde", "Digital sakshandsaming", 1100000), ("Flora", "Kystkommune 2030", 450000)],
    ),
    "dash_list": (
        "Skjønnsmidler 2021 – tildelinger\n\nTildelte prosjekter:\n\n"
        "Alstahaug kommune – Digitalt førstelinjeteam – 350 000 kr\n"
        "Brønnøy kommune – Felles IKT-plattform – 600 000 kr\nTotalt 950 000 kr\n",
        [
            ("Alstahaug kommune", "Digitalt førstelinjeteam", 350000),
            ("Brønnøy kommune", "Felles IKT-plattform", 600000),
        ],
    ),
    "labelled_blocks": (
        "Tildeling av prosjektskjønn 2023\n\nStatsforvalteren i Trøndelag har tildelt skjønnsmidler:\n\n"
        "Søker: Orkland kommune\nProsjekt: Digital innbyggerdialog\nTildelt beløp: 450 000 kr\n\n"
        "Søker: Malvik kommune\nProsjekt: Klimaplan for alle\nTildelt beløp: 300 000 kr\n",
        [
            ("Orkland kommune", "Digital innbyggerdialog", 450000),
            ("Malvik kommune", "Klimaplan for alle", 300000),
        ],
    ),
    "nynorsk_prose_three_grants_and_a_total": (
        "Tre kommunar får innovasjonsmidlar\n\nStatsforvaltaren i Vestland har løyvd til saman 3 millionar "
        "kroner til tre prosjekt. Bergen kommune får 1,5 millionar kroner til prosjektet Grøn mobilitet. "
        "Voss herad får 1 million kroner, og Stord kommune får 500 000 kroner til eit prosjekt om læring.\n",
        [
            ("Bergen kommune", "Grøn mobilitet", 1500000),
            ("Voss herad", None, 1000000),
            ("Stord kommune", "prosjekt om læring", 500000),
        ],
    ),
    "english_news_with_applied_amount": (
        "Lillehammer kommune has been awarded NOK 1.2 million\n\nStatsforvalteren i Innlandet has granted "
        "Lillehammer kommune NOK 1.2 million for the project Smart Lillehammer. The municipality applied for "
        "NOK 2 million.\n\nPublished 4 March 2021\n",
        [("Lillehammer kommune", "Smart Lillehammer", 1200000)],
    ),
    "swedish_news_with_cofinancing": (
        "Örebro kommun får 3,2 miljoner från Vinnova\n\nÖrebro kommun har beviljats 3,2 miljoner kronor från "
        'Vinnova för projektet "Framtidens äldreomsorg". Kommunen medfinansierar projektet med 1,5 miljoner '
        "kronor.\n\n2021-05-12\n",
        [("Örebro kommun", "Framtidens äldreomsorg", 3200000)],
    ),
    "prize_winner_and_nominees": (
        "Bærum kommune vant innovasjonsprisen 2019\n\nInnovasjonsprisen 2019 gikk til Bærum "
        "kommune for arbeidet "
        "med innbyggerinvolvering. Kristiansand og Bodø var også nominert.\n\nPrisen er på 500 000 "
        "kroner og ble "
        "delt ut av kommunal- og moderniseringsminister Monica Mæland.\n",
        [("Bærum kommune", "innovasjonsprisen 2019", 500000)],
    ),
    "nominees_only": (
        "Tre kommuner nominert til innovasjonsprisen 2020\n\nBodø, Stavanger og Lillestrøm kommune "
        "er nominert "
        "til Kommunal- og moderniseringsdepartementets innovasjonspris for 2020. Vinneren får 500 "
        "000 kroner.\n",
        [],
    ),
    "applied_only": (
        "Kommunen søker skjønnsmidler\n\nNordre Follo kommune har søkt om 2 millioner kroner i "
        "skjønnsmidler fra "
        "Statsforvalteren i Oslo og Viken. Prosjektet har et totalbudsjett på 5 millioner kroner.\n",
        [],
    ),
    "call_with_maximum": (
        "Vinnova satsar 100 miljoner på smarta städer\n\nVinnova öppnar en ny utlysning där "
        "kommuner kan söka upp "
        "till 5 miljoner kronor per projekt. Totalt finns 100 miljoner kronor att söka.\n\nSista "
        "ansökningsdag "
        "är 15 mars 2022.\n",
        [],
    ),
}


@pytest.mark.parametrize("name", sorted(UNSEEN_PAGES))
def test_unseen_layouts_and_phrasings(name: str):
    from etl.documents import parse_text

    text, expected = UNSEEN_PAGES[name]
    result = parse_text(text)
    got = [(r.recipient, r.title, r.amount) for r in result.records]
    assert got == expected, (result.genre, result.note, got)
