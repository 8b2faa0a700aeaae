"""The spaCy pipeline: fr_core_news_sm (tagger, lemmatizer, senter) plus rule components.

Components (registered with spaCy's factories, so `nlp.add_pipe(name)` works anywhere):
- "line_breaks":      a line break ends a sentence unless the line is visibly wrapped
- "legal_refs":       doc.spans["legal_refs"], label = normalised id (L2113-13, CMP-14...)
- "section_headings": doc.spans["headings"], label = section kind (award, execution...)
- "clause_matcher":   doc.spans["clauses"], label = taxonomy category id, from nlp/patterns/*.yml;
                      doc.spans["cues"], label = NEGATION/MANDATORY/OPTIONAL/CRITERION/CONTRACTOR/
                      RESERVATION/RESERVATION_BLOCK/GENERIC_CONDITION
"""
from __future__ import annotations

import functools
import re
import unicodedata
from pathlib import Path
from typing import Iterable

import numpy
import spacy
import yaml
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.attrs import IDX, IS_SPACE, ORTH, SENT_START
from spacy.tokens import Doc, Span
from spacy.util import compile_suffix_regex

from nlp.legal_refs import find_legal_refs
from nlp.model import CATEGORIES
from nlp.sections import find_headings

PATTERNS_DIR = Path(__file__).parent / "patterns"
MODEL = "fr_core_news_sm"

# Pattern metadata by match key ("clause:<category>:<group>"), shared by all matcher instances
# (keys are deterministic). Span extensions read it through the span's kb_id: spaCy keys
# extension values by character offsets only, so two hits on the same words with different
# labels ("SIAE": insertion word and reservation target) would overwrite each other's values.
PATTERN_META: dict[str, dict] = {}


def _meta(span: Span) -> dict:
    return PATTERN_META.get(span.kb_id_, {})


def _heading_field(span: Span, i: int) -> int:
    parts = span.kb_id_.split(":")
    return int(parts[i]) if len(parts) == 2 else 0


_GETTERS = {
    "cue": lambda s: _meta(s).get("cue"),
    "confidence": lambda s: _meta(s).get("confidence", 1.0),
    "also": lambda s: _meta(s).get("also"),
    "fallback": lambda s: _meta(s).get("fallback"),
    "legal_id": lambda s: s.label_,
    "paragraph": lambda s: s.kb_id_ or None,
    "depth": lambda s: _heading_field(s, 0),
    "numbered": lambda s: bool(_heading_field(s, 1)),
}
for _name, _getter in _GETTERS.items():
    Span.set_extension(_name, getter=_getter, force=True)


def _variants(phrase: str) -> set[str]:
    """The phrase as written, with a typographic apostrophe, with the apostrophe lost ("par
    lactivité", a common defect of published notices), and without accents (OCR, caps)."""
    base = phrase.lower()
    folded = "".join(c for c in unicodedata.normalize("NFKD", base) if not unicodedata.combining(c))
    forms = set()
    for form in (base, folded):
        forms |= {form, form.replace("'", "’")}
        if "'" in form:
            forms.add(form.replace("'", ""))
    return forms


def doc_text(doc: Doc) -> str:
    """doc.text, computed once per doc (spaCy rebuilds it from the tokens at every access)."""
    text = doc.user_data.get("text")
    if text is None:
        text = doc.user_data["text"] = doc.text
    return text


def load_yaml(name: str) -> dict:
    with (PATTERNS_DIR / name).open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@functools.cache
def category_files() -> dict[str, dict]:
    """Pattern data per category, from nlp/patterns/<category>.yml."""
    return {cat: load_yaml(f"{cat}.yml") for cat in CATEGORIES if (PATTERNS_DIR / f"{cat}.yml").exists()}


# --- line_breaks -------------------------------------------------------------------------------
_WRAPPED_END = re.compile(r"[a-zà-ÿ,\-’']$")
_TERMINAL = {".", "!", "?", ";", "…", "...", ".»", "».", "):"}


@Language.component("line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """Start a sentence after a line break, unless a lower-case line continues a wrapped one.

    Why: notices put one field per line without final stops ("Clauses sociales : Sans" then
    "Marché réservé : oui"); the statistical senter would merge them and mix their negations.
    PDF text wraps lines mid-sentence: "...et à lutter\ncontre les discriminations" stays whole.
    The senter also splits on " - " or ":" inside a line ("Critère de qualité - Nom : ..."):
    within a line only a final stop ends a sentence.
    Works on arrays (no Token objects): setting Token.is_sent_start one by one is O(n) each.
    """
    n = len(doc)
    if n < 2:
        return doc
    text = doc_text(doc)
    arr = doc.to_array([SENT_START, IDX, IS_SPACE, ORTH]).astype("int64")  # SENT_START -1 comes as uint64
    sent_start, idx, is_space = arr[:, 0].tolist(), arr[:, 1].tolist(), arr[:, 2].tolist()
    orth = doc.to_array([ORTH]).tolist()  # hashes: keep them unsigned
    terminal = _terminal_ids(doc)
    previous = -1  # last non-space token
    after_break = False
    for i in range(n):
        chunk = text[idx[i] : idx[i + 1]] if i + 1 < n else ""
        if not is_space[i]:
            if i > 0:
                if after_break:
                    prev_text = doc.vocab.strings[orth[previous]] if previous >= 0 else ""
                    wrapped = _WRAPPED_END.search(prev_text) and text[idx[i]].islower()
                    sent_start[i] = -1 if wrapped else 1
                elif sent_start[i] == 1 and previous >= 0 and orth[previous] not in terminal:
                    sent_start[i] = -1
            previous = i
            after_break = False
        elif i > 0 and not after_break:
            sent_start[i] = -1  # spaces stay with the sentence before them
        if "\n" in chunk:
            after_break = True
    sent_start[0] = 1
    doc.from_array([SENT_START], numpy.asarray(sent_start, dtype="int64").astype("uint64").reshape(-1, 1))
    return doc


def _terminal_ids(doc: Doc) -> set[int]:
    return {doc.vocab.strings.add(t) for t in _TERMINAL}


# --- legal_refs --------------------------------------------------------------------------------
@Language.component("legal_refs")
def legal_refs_component(doc: Doc) -> Doc:
    spans = []
    for ref in find_legal_refs(doc_text(doc)):
        span = doc.char_span(ref.start, ref.end, label=ref.id, kb_id=ref.paragraph or "", alignment_mode="expand")
        if span is not None:
            spans.append(span)
    doc.spans["legal_refs"] = spans
    return doc


# --- section_headings --------------------------------------------------------------------------
@Language.component("section_headings")
def section_headings(doc: Doc) -> Doc:
    spans = []
    for heading in find_headings(doc_text(doc)):
        span = doc.char_span(heading.start, heading.end, label=heading.kind,
                             kb_id=f"{heading.depth}:{int(heading.numbered)}", alignment_mode="expand")
        if span is not None:
            spans.append(span)
    doc.spans["headings"] = spans
    return doc


# --- clause_matcher ----------------------------------------------------------------------------
class ClauseMatcher:
    """Phrase and token patterns per category (nlp/patterns/*.yml) and context cues (cues.yml)."""

    def __init__(self, nlp: Language, name: str):
        self.name = name
        self.phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.tokens = Matcher(nlp.vocab)
        self.meta: dict[str, tuple[str, str]] = {}  # match key -> (span group, label)
        for category, data in category_files().items():
            for i, group in enumerate(data.get("groups", [])):
                key = f"clause:{category}:{i}"
                self.meta[key] = ("clauses", category)
                PATTERN_META[key] = {"cue": group["cue"], "confidence": float(group.get("confidence", 0.7)),
                                     "also": group.get("also"), "fallback": group.get("fallback")}
                self._add(nlp, key, group.get("phrases", []), group.get("tokens", []))
            exclude = (data.get("exclude") or {})
            key = f"exclude:{category}"
            self.meta[key] = ("exclude", category)
            self._add(nlp, key, exclude.get("phrases", []), exclude.get("tokens", []))
        cues = load_yaml("cues.yml")
        modality = cues["modality"]
        self._cue(nlp, "MANDATORY", modality["mandatory"])
        self._cue(nlp, "OPTIONAL", modality["optional"])
        self._cue(nlp, "FUTURE", modality["prescriptive_future"])
        self._cue(nlp, "CRITERION", cues["criterion"])
        self._cue(nlp, "WEIGHT", cues["weight"])
        self._cue(nlp, "DESCRIBE", cues["describe"])
        self._cue(nlp, "CONTRACTOR", cues["contractor"])
        self._cue(nlp, "SELECTION", cues["selection"])
        self._cue(nlp, "NEGATION", {"words": cues["negation_before"]["words"]})
        self._cue(nlp, "RESERVATION", cues["reservation"])
        self._cue(nlp, "RESERVATION_SUBJECT", {"words": cues["reservation"]["subjects"]})
        self._cue(nlp, "RESERVATION_BLOCK", {"phrases": cues["reservation"]["block"]})
        self._cue(nlp, "GENERIC_CONDITION", cues["generic_condition"])

    def _cue(self, nlp: Language, label: str, data: dict) -> None:
        key = f"cue:{label}"
        self.meta[key] = ("cues", label)
        self._add(nlp, key, list(data.get("words", [])) + list(data.get("phrases", [])), data.get("tokens", []))

    def _add(self, nlp: Language, key: str, phrases: Iterable[str], token_patterns: list) -> None:
        docs = [nlp.make_doc(form) for phrase in phrases for form in sorted(_variants(str(phrase)))]
        if docs:
            self.phrases.add(key, docs)
        if token_patterns:
            self.tokens.add(key, token_patterns)

    def __call__(self, doc: Doc) -> Doc:
        found: dict[str, list[Span]] = {"clauses": [], "exclude": [], "cues": []}
        matches = self.phrases(doc) + (self.tokens(doc) if len(self.tokens) else [])
        for match_id, start, end in matches:
            key = doc.vocab.strings[match_id]
            group, label = self.meta[key]
            found[group].append(Span(doc, start, end, label=label, kb_id=key))
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
    unique = {(s.start, s.end, s.label_, s.kb_id_): s for s in spans}
    spans = sorted(unique.values(), key=lambda s: (s.start, -(s.end - s.start)))
    kept = []
    for s in spans:
        contained = any(
            o.start <= s.start and s.end <= o.end and (o.end - o.start) > (s.end - s.start) for o in spans
        )
        if not contained:
            kept.append(s)
    return kept


@Language.factory("clause_matcher")
def make_clause_matcher(nlp: Language, name: str) -> ClauseMatcher:
    return ClauseMatcher(nlp, name)


_TAGGER_ATTRS = ("LEMMA", "POS", "TAG", "MORPH")
TAGGER_PIPES = ("tok2vec", "morphologizer", "attribute_ruler", "lemmatizer")


def _patterns_need_tagger() -> bool:
    """True when a token pattern in nlp/patterns uses lemmas or parts of speech."""
    blobs = [(PATTERNS_DIR / f).read_text(encoding="utf-8") for f in sorted(p.name for p in PATTERNS_DIR.glob("*.yml"))]
    return any(re.search(rf"\b{attr}\s*:", blob) for blob in blobs for attr in _TAGGER_ATTRS)


@functools.cache
def get_nlp() -> Language:
    """The shared pipeline, loaded once per process.

    fr_core_news_sm with its senter, without parser and NER. The tagger, lemmatizer and their
    tok2vec are not even loaded while no pattern uses LEMMA/POS/TAG/MORPH: the senter has its own
    tok2vec and gives the same sentences, and the rules match lower-cased text. Excluding rather
    than disabling them saves about 1.8 s of a cold start and their memory (bench/run). Most of
    what remains (about 3.5 s) is Python compiling the French tokenizer's 1.4 MB exception regex.
    """
    excluded = ["parser", "ner"] + ([] if _patterns_need_tagger() else list(TAGGER_PIPES))
    nlp = spacy.load(MODEL, exclude=excluded)
    # Flattened notice lists glue items as "environnementales,- Qualité": split ",-" off the word.
    nlp.tokenizer.suffix_search = compile_suffix_regex(list(nlp.Defaults.suffixes) + [r"[,;:]-+"]).search
    nlp.enable_pipe("senter")
    nlp.add_pipe("line_breaks", after="senter")
    nlp.add_pipe("legal_refs")
    nlp.add_pipe("section_headings")
    nlp.add_pipe("clause_matcher")
    return nlp
