"""Score parsed records against gold records, per document and over a corpus split.

Matching, per document: every predicted/gold pair gets a similarity from recipient (case-insensitive,
normalised, containment allowed, " kommun(e)"/" stad" suffix ignored) and title, with a little weight on
funder and year; pairs are taken greedily, best first, above a threshold. The amount is NOT part of the
similarity: it only breaks ties between otherwise equal pairs (the same municipality with two untitled
grants), so a record with a wrong amount counts as a matched record with a wrong amount, not as a miss
plus a spurious record. From the matches: record precision / recall / F1, the share of matched records
whose amount is exactly right (amount exactness), per-field accuracy (funder, year, recipient, title,
programme), and partner exactness: the share of matched records with the right amount whose partner set
equals gold's (names compared by `name_key`).

Used by tests/test_documents_gold.py and bench/bench_parse.py; run directly for a report:
    python tests/scoring.py [corpus-split-folder ...]
"""

from __future__ import annotations

import difflib
import json
import os
import re
import sys
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

MATCH_THRESHOLD = 0.5
FIELDS = ("funder", "year", "recipient", "title", "programme")
_SUFFIX = re.compile(r"\s+(?:kommune|kommun|kommunes|stad|stads|municipality|city)$")
_PARENTHESIS = re.compile(r"\s*\([^)]*\)")


def raw_dir() -> Path:
    return Path(os.environ.get("FUNDING_RAW_DIR", Path(__file__).resolve().parents[1].parent / "shared"))


def normalise(text: str | None) -> str:
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", str(text)).lower()
    text = text.replace("–", "-").replace("—", "-")
    text = re.sub(r"[^\w\s-]", " ", text)
    return re.sub(r"\s+", " ", text).strip(" -")


def name_key(name: str | None) -> str:
    return _SUFFIX.sub("", normalise(_PARENTHESIS.sub("", name or "")))


def _contains(a: str, b: str) -> bool:
    return bool(a and b) and (f" {a} " in f" {b} " or f" {b} " in f" {a} ")


def recipient_similarity(pred: str | None, gold: str | None) -> float:
    if not pred and not gold:
        return 1.0
    a, b = name_key(pred), name_key(gold)
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    if _contains(a, b):
        return 0.9
    ta, tb = set(a.split()), set(b.split())
    return len(ta & tb) / len(ta | tb)


def text_similarity(pred: str | None, gold: str | None) -> float:
    if not pred and not gold:
        return 1.0
    a, b = normalise(pred), normalise(gold)
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    if _contains(a, b):
        return 0.9
    return difflib.SequenceMatcher(None, a, b).ratio()


def amounts_equal(pred, gold) -> bool:
    if pred is None or gold is None:
        return pred is None and gold is None
    return abs(float(pred) - float(gold)) < 0.5


AMOUNT_TIE_BREAK = 0.001  # far below any real difference in recipient/title similarity


def pair_similarity(pred: dict, gold: dict) -> float:
    """How likely `pred` describes the grant `gold` describes: who got it and for what, not how much."""
    return (
        0.55 * recipient_similarity(pred.get("recipient"), gold.get("recipient"))
        + 0.35 * text_similarity(pred.get("title"), gold.get("title"))
        + 0.05 * funder_equal(pred.get("funder"), gold.get("funder"), strict=False)
        + 0.05 * (pred.get("year") == gold.get("year"))
    )


def _pair_key(pred: dict, gold: dict) -> float:
    return pair_similarity(pred, gold) + AMOUNT_TIE_BREAK * amounts_equal(
        pred.get("amount"), gold.get("amount")
    )


def partners_equal(pred: dict, gold: dict) -> bool:
    """Same set of partner names, each compared as a recipient name is."""
    return {name_key(n) for n in pred.get("partners") or []} == {
        name_key(n) for n in gold.get("partners") or []
    }


def funder_equal(pred: str | None, gold: str | None, strict: bool) -> bool:
    """Strict: same name (an abbreviation in brackets ignored). Lenient: gold may be the less specific
    form ("Fylkesmannen" for "Fylkesmannen i Hordaland")."""
    a, b = normalise(_PARENTHESIS.sub("", pred or "")), normalise(_PARENTHESIS.sub("", gold or ""))
    if a == b:
        return True
    return not strict and bool(a and b) and (a.startswith(b + " ") or b.startswith(a + " "))


def field_correct(name: str, pred: dict, gold: dict, strict: bool = False) -> bool:
    p, g = pred.get(name), gold.get(name)
    if name == "funder":
        return funder_equal(p, g, strict)
    if name == "year":
        return p == g
    if name == "recipient":
        return recipient_similarity(p, g) >= 0.9
    return text_similarity(p, g) >= 0.8


@dataclass
class DocumentScore:
    name: str
    matches: list[tuple[dict, dict, float]] = field(default_factory=list)
    missed: list[dict] = field(default_factory=list)  # gold records nothing matched
    spurious: list[dict] = field(default_factory=list)  # predictions that match no gold record
    error: str | None = None


def match_document(name: str, predicted: list[dict], gold: list[dict]) -> DocumentScore:
    pairs = sorted(
        ((_pair_key(p, g), i, j) for i, p in enumerate(predicted) for j, g in enumerate(gold)),
        key=lambda t: (-t[0], t[1], t[2]),
    )
    used_p: set[int] = set()
    used_g: set[int] = set()
    score = DocumentScore(name)
    for sim, i, j in pairs:
        if sim < MATCH_THRESHOLD or i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        score.matches.append((predicted[i], gold[j], sim))
    score.missed = [g for j, g in enumerate(gold) if j not in used_g]
    score.spurious = [p for i, p in enumerate(predicted) if i not in used_p]
    return score


@dataclass
class Report:
    documents: list[DocumentScore]

    @property
    def tp(self) -> int:
        return sum(len(d.matches) for d in self.documents)

    @property
    def fp(self) -> int:
        return sum(len(d.spurious) for d in self.documents)

    @property
    def fn(self) -> int:
        return sum(len(d.missed) for d in self.documents)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def _matched(self) -> list[tuple[dict, dict, float]]:
        return [m for d in self.documents for m in d.matches]

    @property
    def amounts_right(self) -> int:
        return sum(amounts_equal(p.get("amount"), g.get("amount")) for p, g, _ in self._matched())

    @property
    def amount_exact(self) -> float:
        matched = self._matched()
        return (
            sum(amounts_equal(p.get("amount"), g.get("amount")) for p, g, _ in matched) / len(matched)
            if matched
            else 1.0
        )

    def _with_right_amount(self) -> list[tuple[dict, dict, float]]:
        return [m for m in self._matched() if amounts_equal(m[0].get("amount"), m[1].get("amount"))]

    @property
    def partners_right(self) -> int:
        return sum(partners_equal(p, g) for p, g, _ in self._with_right_amount())

    @property
    def partner_exact(self) -> float:
        scored = self._with_right_amount()
        return self.partners_right / len(scored) if scored else 1.0

    def field_accuracy(self, strict: bool = False) -> dict[str, float]:
        matched = self._matched()
        if not matched:
            return {f: 1.0 for f in FIELDS}
        return {f: sum(field_correct(f, p, g, strict) for p, g, _ in matched) / len(matched) for f in FIELDS}

    def summary(self) -> str:
        lenient = self.field_accuracy()
        strict = self.field_accuracy(strict=True)
        lines = [
            f"documents {len(self.documents)}  gold {self.tp + self.fn}  "
            f"predicted {self.tp + self.fp}  matched {self.tp}",
            f"precision {self.precision:.3f}  recall {self.recall:.3f}  F1 {self.f1:.3f}  "
            f"amount exact {self.amount_exact:.3f} ({self.amounts_right}/{self.tp} matched)",
            "field accuracy: "
            + "  ".join(f"{k} {v:.3f}" for k, v in lenient.items())
            + f"  (funder strict {strict['funder']:.3f})",
            f"partners exact {self.partner_exact:.3f} ({self.partners_right}/{len(self._with_right_amount())})",
        ]
        return "\n".join(lines)

    def details(self) -> str:
        """Per-document misses, spurious records and wrong fields, so a reader sees what fails."""
        out = []
        for d in self.documents:
            problems = []
            if d.error:
                problems.append(f"  error: {d.error}")
            for g in d.missed:
                problems.append(f"  missed  {_short(g)}")
            for p in d.spurious:
                problems.append(f"  spurious {_short(p)}")
            for p, g, _ in d.matches:
                wrong = [
                    f
                    for f in ("amount", *FIELDS)
                    if not (amounts_equal(p.get(f), g.get(f)) if f == "amount" else field_correct(f, p, g))
                ]
                if wrong:
                    problems.append(
                        f"  fields  {', '.join(f'{f}: {p.get(f)!r} (gold {g.get(f)!r})' for f in wrong)}"
                    )
            if problems:
                out.append(d.name)
                out.extend(problems)
        return "\n".join(out) if out else "no misses"


def _short(record: dict) -> str:
    return f"{record.get('recipient')!r} / {record.get('title')!r} / {record.get('amount')!r}"


def score_split(split_dir: Path, parse: Callable | None = None) -> Report:
    """Parse every document of a split (docs/ + gold/ + manifest.csv) and score it."""
    if parse is None:
        from etl.documents import parse_document as parse
    documents = []
    for doc in sorted((split_dir / "docs").iterdir()):
        gold_path = split_dir / "gold" / f"{doc.stem}.json"
        gold = json.loads(gold_path.read_text(encoding="utf-8")) if gold_path.exists() else []
        try:
            predicted = [r.to_contract() for r in parse(doc).records]
            score = match_document(doc.name, predicted, gold)
        except Exception as exc:  # a failing document is a miss, reported by name
            score = DocumentScore(doc.name, missed=list(gold), error=f"{type(exc).__name__}: {exc}")
        documents.append(score)
    return Report(documents)


def main(argv: list[str]) -> int:
    splits = [Path(a) for a in argv] or [raw_dir() / "corpus" / "seeds", raw_dir() / "corpus" / "dev"]
    for split in splits:
        report = score_split(split)
        print(f"== {split}\n{report.summary()}\n{report.details()}\n")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    raise SystemExit(main(sys.argv[1:]))
