"""The "clause_matcher" component: phrase and token patterns per category (nlp/patterns/*.yml)
and the context cues (cues.yml), as span groups whose spans carry their pattern group id."""
from __future__ import annotations

import re
from typing import Iterable

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span

from nlp.patterns import category_files, group_id, load, pattern_meta
from text import fold

# Pattern metadata is read through the span's id: spaCy keys extension values by character
# offsets only, so two hits on the same words with different labels ("SIAE": insertion word and
# reservation target) would overwrite each other's values.
for _name in ("cue", "also", "fallback"):
    Span.set_extension(_name, getter=lambda s, _n=_name: pattern_meta(s.id_).get(_n), force=True)
Span.set_extension("confidence", getter=lambda s: pattern_meta(s.id_).get("confidence", 1.0), force=True)

_CUE_LABELS = {  # span label -> where its words are in cues.yml
    "MANDATORY": ("modality", "mandatory"), "OPTIONAL": ("modality", "optional"),
    "FUTURE": ("modality", "prescriptive_future"), "CRITERION": ("criterion",), "WEIGHT": ("weight",),
    "DESCRIBE": ("describe",), "CONTRACTOR": ("contractor",), "SELECTION": ("selection",),
    "RESERVATION": ("reservation",), "GENERIC_CONDITION": ("generic_condition",), "BUYER": ("buyer",),
    "SUPPLY": ("supply",), "STAFF": ("staff",),
}


def variants(phrase: str) -> set[str]:
    """The phrase as written, with a typographic apostrophe, with the apostrophe lost ("par
    lactivité", a common defect of published notices), and without accents (OCR, caps)."""
    base = phrase.lower()
    folded = fold(base)
    forms = set()
    for form in (base, folded):
        forms |= {form, form.replace("'", "’")}
        if "'" in form:
            forms.add(form.replace("'", ""))
    return forms


class ClauseMatcher:
    def __init__(self, nlp: Language, name: str, attr: str):
        self.name = name
        self.phrases = PhraseMatcher(nlp.vocab, attr=attr)
        self.tokens = Matcher(nlp.vocab)
        self.groups: dict[str, tuple[str, str]] = {}  # pattern id -> (span group, label)
        for category, data in category_files().items():
            for i, group in enumerate(data.get("groups", [])):
                key = group_id(category, i)
                self.groups[key] = ("clauses", category)
                self._add(nlp, key, group.get("phrases", []), group.get("tokens", []))
            exclude = data.get("exclude") or {}
            key = f"exclude:{category}"
            self.groups[key] = ("exclude", category)
            self._add(nlp, key, exclude.get("phrases", []), exclude.get("tokens", []))
        cues = load("cues.yml")
        for label, path in _CUE_LABELS.items():
            data = cues
            for step in path:
                data = data[step]
            self._cue(nlp, label, data)
        self._cue(nlp, "NEGATION", {"words": cues["negation_before"]["words"]})
        self._cue(nlp, "RESERVATION_SUBJECT", {"words": cues["reservation"]["subjects"]})
        self._cue(nlp, "RESERVATION_BLOCK", {"phrases": cues["reservation"]["block"]})

    def _cue(self, nlp: Language, label: str, data: dict) -> None:
        key = f"cue:{label}"
        self.groups[key] = ("cues", label)
        self._add(nlp, key, list(data.get("words", [])) + list(data.get("phrases", [])), data.get("tokens", []))

    def _add(self, nlp: Language, key: str, phrases: Iterable[str], token_patterns: list) -> None:
        docs = [nlp.make_doc(form) for phrase in phrases for form in sorted(variants(str(phrase)))]
        if docs:
            self.phrases.add(key, docs)
        if token_patterns:
            self.tokens.add(key, token_patterns)

    def __call__(self, doc: Doc) -> Doc:
        found: dict[str, list[Span]] = {"clauses": [], "exclude": [], "cues": []}
        matches = self.phrases(doc) + (self.tokens(doc) if len(self.tokens) else [])
        for match_id, start, end in matches:
            key = doc.vocab.strings[match_id]
            group, label = self.groups[key]
            found[group].append(Span(doc, start, end, label=label, span_id=key))
        clauses = _drop_excluded(found["clauses"], found["exclude"])
        doc.spans["clauses"] = _drop_contained(clauses)
        doc.spans["cues"] = sorted(set(found["cues"]), key=lambda s: (s.start, s.end, s.label_))
        return doc


def _drop_excluded(spans: list[Span], excludes: list[Span]) -> list[Span]:
    """An exclusion ("code de l'environnement") cancels hits of its own category that it overlaps."""
    by_cat: dict[str, list[Span]] = {}
    for ex in excludes:
        by_cat.setdefault(ex.label_, []).append(ex)
    return [
        s for s in spans
        if not any(ex.start < s.end and s.start < ex.end for ex in by_cat.get(s.label_, []))
    ]


def _drop_contained(spans: list[Span]) -> list[Span]:
    """Keep the longest hits: "clause sociale" inside "clause sociale d'insertion" goes.

    Identical spans with different labels stay ("SIAE" is both an insertion word and a
    reservation target); the detector decides between them from context.
    """
    unique = {(s.start, s.end, s.label_, s.id_): s for s in spans}
    spans = sorted(unique.values(), key=lambda s: (s.start, -(s.end - s.start)))
    kept = []
    for s in spans:
        contained = any(
            o.start <= s.start and s.end <= o.end and (o.end - o.start) > (s.end - s.start) for o in spans
        )
        if not contained:
            kept.append(s)
    return kept


@Language.factory("clause_matcher", default_config={"attr": "LOWER"})
def make_clause_matcher(nlp: Language, name: str, attr: str) -> ClauseMatcher:
    return ClauseMatcher(nlp, name, attr)


TAGGER_ATTRS = ("LEMMA", "POS", "TAG", "MORPH")


def patterns_need_tagger(texts: Iterable[str]) -> bool:
    """True when a token pattern uses lemmas or parts of speech."""
    return any(re.search(rf"\b{attr}\s*:", blob) for blob in texts for attr in TAGGER_ATTRS)
