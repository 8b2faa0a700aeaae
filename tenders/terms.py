"""The contract terms a tender's files state (advance, retention, payment delay, penalties,
turnover floor, references, groupings, variants, site visit, candidacy file, lots), each with
its passage, document and page. Tender in, terms out; the facts are in terms.yml, their
judgement (barrier, strength) in scoring/accessibility.

Files are read sentence by sentence, table rows included ("Variantes | Non" is one unit), in the
order a reader takes them: notice and RC first. Spans that are no evidence (tables of contents,
a Q&R's questions) are skipped.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from tenders.amounts import parse_amount
from tenders.model import Document, Page, Tender, Term
from tenders.structure import Skips
from text import fold_same_length

_DATA = Path(__file__).with_name("terms.yml")
_ORDER = ("AVIS", "RC", "CCP", "CCAP", "AE", "CCTP")  # then every other kind, in file order
# A unit ends after a sentence, at a blank line, or at a line break before what starts a new
# line of its own (a capital, a digit, a bullet, a table cell); a PDF line wrapped inside a
# sentence goes on in lower case and stays in the unit; so does the value under a label alone on
# its line ("Allotissement :" / "Non").
_UNIT_END = re.compile(r"(?<=[.;!?])\s+(?=\S)|(?<=[.;])(?=-\s?[^\W\d_])|\n\s*\n|(?<!:)\n(?=[ \t]*[A-Z0-9ÀÂÄÉÈÊËÎÏÔÖÙÛÜÇ•◦▪■□☐☒þ¨\-–—*|(])")
_MAX_UNIT = 700  # longer runs without a sentence end are read in windows of this size
_EVIDENCE = 320
_NUMBER_WORDS = {"un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7,
                 "huit": 8, "neuf": 9, "dix": 10, "trente": 30, "quarante-cinq": 45, "cinquante": 50,
                 "soixante": 60, "une fois et demie": 1.5}


@dataclass(frozen=True)
class _Fact:
    term: str
    name: str
    pattern: re.Pattern
    unless: re.Pattern | None
    needs: re.Pattern | None
    amount: bool


@functools.cache
def _facts() -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[_Fact, ...]]]:
    data = yaml.safe_load(_DATA.read_text(encoding="utf-8"))
    cues = {term: tuple(words) for term, words in data.pop("cues").items()}
    facts = {}
    for term, specs in data.items():
        facts[term] = tuple(
            _Fact(term, spec["fact"], re.compile(spec["pattern"]),
                  re.compile(spec["unless"]) if spec.get("unless") else None,
                  re.compile(spec["needs"]) if spec.get("needs") else None, bool(spec.get("amount")))
            for spec in specs)
    return cues, facts


def fact_pattern(term: str, name: str) -> re.Pattern:
    """The pattern of one fact of terms.yml, for readers that need the same wording (lots.py)."""
    return next(fact.pattern for fact in _facts()[1][term] if fact.name == name)


def units(page: Page) -> list[tuple[int, int]]:
    """Sentence and table-row spans of a page, outside its skipped spans; linear in its length."""
    text, spans, start = page.text, [], 0
    for m in _UNIT_END.finditer(text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    out = []
    for lo, hi in spans:
        while hi - lo > _MAX_UNIT:  # cut at a space so no word is split
            cut = text.rfind(" ", lo + _MAX_UNIT // 2, lo + _MAX_UNIT)
            cut = cut if cut > lo else lo + _MAX_UNIT
            out.append((lo, cut))
            lo = cut
        if text[lo:hi].strip():
            out.append((lo, hi))
    if page.skip:
        skips = Skips(page.skip)
        out = [(lo, hi) for lo, hi in out if not skips.meets(lo, hi)]
    return out


def _number(match: re.Match) -> float | None:
    for name, raw in match.groupdict().items():
        if name.startswith("n") and raw:
            raw = raw.strip()
            if raw in _NUMBER_WORDS:
                return float(_NUMBER_WORDS[raw])
            try:
                return float(raw.replace(",", "."))
            except ValueError:
                return None
    return None


def _evidence(text: str, lo: int, hi: int, start: int, end: int) -> str:
    if hi - lo > _EVIDENCE:  # a long unit: centre on what was found
        lo = max(lo, start - _EVIDENCE // 2)
        hi = min(hi, lo + _EVIDENCE)
    return " ".join(text[lo:hi].split())


def ordered(tender: Tender) -> list[Document]:
    rank = {kind: i for i, kind in enumerate(_ORDER)}
    return sorted(tender.documents, key=lambda d: rank.get(d.kind, len(_ORDER)))


def read_terms(tender: Tender) -> list[Term]:
    """Every fact the files state, once per (term, fact): its first statement in reading order."""
    cues, facts = _facts()
    found: dict[tuple[str, str], Term] = {}
    for document in ordered(tender):
        for page in document.pages:
            folded = fold_same_length(page.text).replace("\n", " ")  # a wrapped line reads on; same offsets
            for lo, hi in units(page):
                unit = folded[lo:hi]
                probe = f" {unit} "  # a cue such as " ca " may open or close the sentence
                for term, words in cues.items():
                    if not any(w in probe for w in words):
                        continue
                    for fact in facts[term]:
                        if (term, fact.name) in found:
                            continue
                        m = fact.pattern.search(unit)
                        if m is None or (fact.unless and fact.unless.search(unit)) or (
                                fact.needs and not fact.needs.search(unit)):
                            continue
                        evidence = _evidence(page.text, lo, hi, lo + m.start(), lo + m.end())
                        value = parse_amount(page.text[lo:hi]) if fact.amount else _number(m)
                        if fact.amount and value is None:
                            continue
                        found[(term, fact.name)] = Term(term, fact.name, value, evidence, document.name,
                                                        page.number if document.paginated else None)
    order = {(t, f.name): i for i, (t, f) in enumerate((t, f) for t, fs in facts.items() for f in fs)}
    return sorted(found.values(), key=lambda t: order[(t.id, t.fact)])
