"""Clause detection over a tender's pages: patterns + section context + negation + modality.

`detect_clauses(tender)` runs the shared spaCy pipeline over every page (nlp.pipe, batched, so
linear in the text) and turns the matcher's hits into `Clause`s:
- the category comes from the pattern file, then from context: social/environmental words under
  an award-criteria heading are criteria, under execution conditions they are conditions, in a
  description or candidacy section they are ignored;
- reservation targets (ESAT, SIAE, ESS...) make reserved_* clauses only in a reservation
  statement; the EU form's single checkbox gives both reserved_disability and reserved_insertion
  unless the same section names one of them;
- negated passages ("Clauses sociales : Sans", "aucune clause ...") are kept with negated=True.
"""
from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, field
from typing import Iterator

from spacy.attrs import SENT_START
from spacy.tokens import Doc, Span

from nlp.binding import paperwork
from nlp.docs import doc_text
from nlp.legal_refs import categories_for_ref
from nlp.model import Clause
from nlp.patterns import load
from nlp.pipeline import get_nlp
from nlp.placement import contextual_category, names_a_clause
from nlp.sections import SectionTracker, field_kind
from taxonomy import CATEGORIES, CONDITION_OF, RESERVED
from tenders.model import Tender
from tenders.structure import Skips
from text import fold

BATCH_SIZE = 32
MAX_PASSAGE = 600  # characters; longer sentences (lists without stops) are cut around the hit
PIECE = 10_000  # characters of a page given to spaCy at once: a batch of 32 stays near 100 MB of activations



@functools.cache
def _cues() -> dict:
    return load("cues.yml")


@dataclass
class _Sentence:
    """What the detector needs to know about one sentence (or line) of a page."""

    span: Span
    kind: str  # section kind in force
    section: int  # running section number within the document
    cues: dict[str, list[Span]] = field(default_factory=dict)
    refs: list[Span] = field(default_factory=list)

    def has(self, label: str) -> bool:
        return bool(self.cues.get(label))


@dataclass
class _Hit:
    """A clause before its passage is cut out of the page."""

    category: str
    sentence: _Sentence
    trigger: Span
    negated: bool
    confidence: float
    generic: bool = False  # from the EU checkbox: may be narrowed by its section


# --- negation ----------------------------------------------------------------------------------
def _value_after(doc: Doc, end_char: int) -> str | None:
    """The value of a "label : value" field that ends the trigger's line, lower-cased.

    For a label alone on its line ("Clauses sociales :" / heading), the next non-empty line.
    None when the trigger is not followed by a colon on its line.
    """
    text = doc_text(doc)
    line_end = text.find("\n", end_char)
    line_end = len(text) if line_end < 0 else line_end
    rest = text[end_char:line_end]
    if not rest.strip(" :\t"):
        value = ""  # a label or heading alone on its line: its value is the next line
    else:
        # "label : value", or a table row "| label | value |" (the next cell is the value)
        colon = min((i for i in (rest.find(":"), rest.find("|")) if i >= 0), default=-1)
        if colon < 0 or len(rest[:colon].split()) > 6:
            return None
        value = rest[colon + 1 :].split("|")[0].strip()
    if not value:
        for line in text[line_end + 1 :].splitlines():
            if line.strip():
                value = line.strip()
                break
    return value.lower().rstrip(" .;!") if value else None


@functools.cache
def _negation_values() -> frozenset[str]:
    return frozenset(v.lower() for v in _cues()["negation_values"])


def _is_negated(sentence: _Sentence, trigger: Span) -> bool:
    doc = trigger.doc
    neg = _cues()["negation_before"]
    window_start = max(sentence.span.start, trigger.start - int(neg["window"]))
    negators = {(s.start, s.end) for s in sentence.cues.get("NEGATION", [])}
    for i in range(trigger.start - 1, window_start - 1, -1):
        token = doc[i]
        if token.text in neg["stop"] or "\n" in token.text:
            break
        if any(s <= i < e for s, e in negators):
            return True
    value = _value_after(doc, trigger.end_char)
    return value is not None and value in _negation_values()


def _is_affirmed(trigger: Span) -> bool:
    value = _value_after(trigger.doc, trigger.end_char)
    return value is not None and value in {v.lower() for v in _cues()["affirmative_values"]}


# --- reservation -------------------------------------------------------------------------------
def _reservation_cues(sentence: _Sentence) -> list[Span]:
    """Reservation words of the sentence that are not "sous réserve", "profession déterminée"..."""
    if sentence.has("RESERVATION_BLOCK"):
        blocks = sentence.cues["RESERVATION_BLOCK"]
        # A block phrase only cancels the reservation words it covers, except the profession
        # and assurance ones which make the whole sentence about something else.
        whole = any("profession" in b.text.lower() or "assurance" in b.text.lower() for b in blocks)
        if whole:
            return []
        return [r for r in sentence.cues.get("RESERVATION", [])
                if not any(b.start <= r.start < b.end for b in blocks)]
    return sentence.cues.get("RESERVATION", [])


def _names_contract(sentence: _Sentence, cue: Span) -> bool:
    """ "Le marché (n'est pas) réservé", "Marché réservé : oui": the reservation is about the contract."""
    if any(w in cue.text.lower() for w in ("marché", "lot", "concession", "emplois")):
        return True
    window = int(_cues()["reservation"]["subject_window"])
    return any(cue.start - window <= s.start < cue.start for s in sentence.cues.get("RESERVATION_SUBJECT", []))


def _reservation_hits(sentence: _Sentence) -> list[_Hit]:
    if paperwork(sentence):
        return []  # "déclaration sur l'honneur ... L2113-12 ... pour soumissionner aux marchés réservés"
    cues = _reservation_cues(sentence)
    in_context = bool(cues) or sentence.kind == "reserved"
    negated_cue = next((c for c in cues if _is_negated(sentence, c)), None)
    hits: list[_Hit] = []
    targets = [s for s in sentence.cues.get("_targets", [])]
    for span in targets:
        if in_context:
            negated = negated_cue is not None or _is_negated(sentence, span)
            for category in [span.label_] + list(span._.also or []):
                hits.append(_Hit(category, sentence, span, negated, span._.confidence,
                                 generic=span._.cue == "generic_target"))
        elif span._.fallback:
            # ESAT/SIAE named outside a reservation: a topic word of the fallback category
            resolved = contextual_category(sentence, span, span._.fallback, "aspect")
            if resolved:
                hits.append(_Hit(resolved[0], sentence, span, _is_negated(sentence, span), resolved[1] - 0.1))
    for ref in sentence.refs:
        categories = categories_for_ref(ref._.legal_id, ref._.paragraph)
        for category in categories:  # "art. 36" without its paragraph: both, until the text says which
            hits.append(_Hit(category, sentence, ref, negated_cue is not None, 0.85, generic=len(categories) > 1))
    if not any(h.category in RESERVED for h in hits):
        # A reservation of the contract with no beneficiary named: "Marché réservé : non",
        # "Le marché n'est pas réservé". Negated, it denies every kind of reservation.
        for cue in cues:
            if not _names_contract(sentence, cue):
                continue
            if _is_negated(sentence, cue):
                hits += [_Hit(c, sentence, cue, True, 0.6) for c in RESERVED]
            elif _is_affirmed(cue) or sentence.kind == "reserved":
                hits += [_Hit(c, sentence, cue, False, 0.5, generic=True) for c in RESERVED[:2]]
            break
    return hits


# --- category from context -----------------------------------------------------------------------
def _sentence_hits(sentence: _Sentence) -> list[_Hit]:
    hits = _reservation_hits(sentence)
    reserved_spans = [h.trigger for h in hits if h.category in RESERVED and not h.trigger.label_.startswith(("L", "R"))]
    for span in sentence.cues.get("_clauses", []):
        if span._.cue in ("target", "generic_target"):
            continue
        if any(r.start < span.end and span.start < r.end for r in reserved_spans):
            continue  # "réservé aux structures d'insertion": a reservation, not an insertion clause
        resolved = contextual_category(sentence, span)
        if resolved:
            category, confidence = resolved
            hits.append(_Hit(category, sentence, span, _is_negated(sentence, span), confidence))
    for generic in sentence.cues.get("GENERIC_CONDITION", []):
        if _is_negated(sentence, generic):
            for category in _cues()["generic_condition"]["negated_categories"]:
                hits.append(_Hit(category, sentence, generic, True, 0.6))
    return hits


def named_structures(tender: Tender) -> set[str]:
    """The reservations a tender's words narrow the EU checkbox to: a kind of structure named
    anywhere (ESAT, entreprise adaptée, secteur protégé; SIAE, structure d'insertion), even in
    the candidacy requirements (taxonomy rule 9)."""
    texts = [fold(page.text) for document in tender.documents for page in document.pages]  # folded once
    return {category for category, pattern in _narrowing().items() if any(pattern.search(t) for t in texts)}


@functools.cache
def _narrowing() -> dict[str, re.Pattern]:
    names = _cues()["reservation"]["narrowing"]
    return {category: re.compile(r"(?<![\w])(?:" + "|".join(re.escape(fold(n)) for n in words) + r")(?![\w])")
            for category, words in names.items()}


def _narrow_generic(hits: list[_Hit], structures: set[str] = frozenset()) -> list[_Hit]:
    """The EU checkbox supports both disability and insertion, unless the tender names one.

    An article (L2113-12, 36-I) or a kind of structure (ESAT, SIAE) stated anywhere in the tender
    says which reservation the ticked box means (taxonomy.md).
    """
    named = {h.category for h in hits if h.category in RESERVED and not h.generic and not h.negated}
    named |= structures & {h.category for h in hits if h.generic and not h.negated}
    if not named:
        return hits
    return [h for h in hits if not (h.generic and h.category not in named)]


# --- strength and passage ----------------------------------------------------------------------
def _strength(hit: _Hit) -> str:
    if hit.negated:
        return "mention"
    if hit.category.endswith("_criterion"):
        return "criterion"
    if hit.category in RESERVED:
        return "mandatory"
    if hit.sentence.kind == "award" and hit.category == "fair_trade":
        return "criterion"
    if hit.sentence.has("MANDATORY"):
        return "mandatory"
    if hit.sentence.has("OPTIONAL"):
        return "optional"
    if hit.sentence.kind == "execution" and hit.sentence.has("FUTURE") and not hit.sentence.has("DESCRIBE"):
        return "mandatory"
    return "mention"


def _passage(hit: _Hit) -> tuple[int, int]:
    """Character offsets of the sentence, stripped; cut around the trigger when very long."""
    span = hit.sentence.span
    text = doc_text(span.doc)
    start, end = span.start_char, span.end_char
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end - start > MAX_PASSAGE:
        half = MAX_PASSAGE // 2
        start = max(start, hit.trigger.start_char - half)
        end = min(end, hit.trigger.end_char + half)
        while start > span.start_char and not text[start - 1].isspace():
            start -= 1  # do not cut a word
        while end < span.end_char and not text[end].isspace():
            end += 1
    return start, end


# --- sentences of a page -------------------------------------------------------------------------
def _sentences(doc: Doc, tracker: SectionTracker, counter: list[int]) -> Iterator[_Sentence]:
    """Sentences of a page that hold a hit, with their section kind and their cues.

    Sentence bounds come from the SENT_START array: building every sentence Span (doc.sents)
    costs more than the matching itself on long documents.
    """
    skip = doc.user_data.get("skip") or Skips([])
    at = doc.user_data.get("offset", 0)  # the piece's place in its page, where the skipped spans are counted
    # a table of contents lists headings without opening them
    headings = sorted((h for h in doc.spans["headings"] if not skip.covers(at + h.start_char, at + h.end_char)),
                      key=lambda s: s.start)
    flags = doc.to_array([SENT_START])
    starts = [int(i) for i in (flags == 1).nonzero()[0]] or [0]
    if starts[0] != 0:
        starts.insert(0, 0)
    groups: dict[int, dict[str, list[Span]]] = {}
    refs: dict[int, list[Span]] = {}

    def index(span: Span) -> int:
        return bisect.bisect_right(starts, span.start) - 1

    for span in doc.spans["clauses"]:
        key = "_targets" if span._.cue in ("target", "generic_target") else "_clauses"
        groups.setdefault(index(span), {}).setdefault(key, []).append(span)
    for span in doc.spans["legal_refs"]:
        refs.setdefault(index(span), []).append(span)
    wanted = set(groups) | set(refs)
    for span in doc.spans["cues"]:
        i = index(span)
        if span.label_ in ("RESERVATION", "GENERIC_CONDITION"):
            wanted.add(i)
        groups.setdefault(i, {}).setdefault(span.label_, []).append(span)
    h = 0
    for i in sorted(wanted):
        start = starts[i]
        while h < len(headings) and headings[h].start <= start:
            heading = headings[h]
            tracker.feed(heading.label_, heading._.depth, heading._.numbered)
            counter[0] += 1
            h += 1
        end = starts[i + 1] if i + 1 < len(starts) else len(doc)
        span = doc[start:end]
        if skip and skip.covers(at + span.start_char, at + span.end_char - 1):
            continue  # a line of a table of contents, a bidder's question: no evidence
        kind = field_kind(span.text[:80]) or tracker.kind
        yield _Sentence(span, kind, counter[0], groups.get(i, {}), refs.get(i, []))
    for heading in headings[h:]:  # sections still open on the next page
        tracker.feed(heading.label_, heading._.depth, heading._.numbered)
        counter[0] += 1


def _page_hits(doc: Doc, tracker: SectionTracker, counter: list[int]) -> list[_Hit]:
    hits: list[_Hit] = []
    for sentence in _sentences(doc, tracker, counter):
        hits.extend(_sentence_hits(sentence))
    return hits


def _to_clauses(hits: list[_Hit], document: str, page: int | None) -> list[Clause]:
    best: dict[tuple, Clause] = {}
    for hit in hits:
        start, end = _passage(hit)
        text = doc_text(hit.sentence.span.doc)
        shift = hit.sentence.span.doc.user_data.get("offset", 0)  # the piece's place in its page
        key = (hit.category, start, end, hit.negated)
        legal = list(dict.fromkeys(r._.legal_id for r in hit.sentence.refs))
        clause = Clause(
            category=hit.category,
            text=text[start:end],
            document=document,
            page=page,
            start=start + shift,
            end=end + shift,
            negated=hit.negated,
            strength=_strength(hit),  # type: ignore[arg-type]
            legal_refs=legal,
            confidence=round(max(0.05, min(1.0, hit.confidence)), 2),
            source="pattern",
        )
        if key not in best or clause.confidence > best[key].confidence:
            best[key] = clause
    return sorted(best.values(), key=lambda c: (c.start, CATEGORIES.index(c.category)))


# --- public API ----------------------------------------------------------------------------------
def pieces(text: str, size: int = PIECE) -> Iterator[tuple[int, str]]:
    """(offset, text) of a page in pieces of at most `size` characters, cut at a line break when
    one is near: spaCy refuses texts over its max_length, and one PDF page may hold a whole
    book's worth of text."""
    start = 0
    while len(text) - start > size:
        cut = text.rfind("\n", start + size // 2, start + size)
        cut = cut + 1 if cut > 0 else start + size
        yield start, text[start:cut]
        start = cut
    yield start, text[start:]


def detect_clauses(tender: Tender) -> list[Clause]:
    """Clauses of every page of every document, in reading order."""
    nlp = get_nlp()
    items = (
        (piece, (d, p, offset, skips))
        for d, document in enumerate(tender.documents)
        for p, page, skips in ((p, page, Skips(page.skip)) for p, page in enumerate(document.pages))
        for offset, piece in pieces(page.text)
    )
    current = -1
    tracker = SectionTracker()
    counter = [0]  # running section number, shared by the pages of a document
    found: list[tuple[int, int, list[_Hit]]] = []  # (document index, page index, hits)
    pages: list[tuple[int, list[_Hit]]] = []  # (page index, hits) of the current document

    def flush() -> None:
        if current < 0:
            return
        found.extend((current, p, hits) for p, hits in pages)

    for doc, (d, p, offset, skip) in nlp.pipe(items, as_tuples=True, batch_size=BATCH_SIZE):
        doc.user_data["offset"] = offset
        doc.user_data["skip"] = skip  # the page's, indexed once; offsets are the page's too
        if d != current:
            flush()
            current, tracker, pages = d, SectionTracker(), []
        pages.append((p, _page_hits(doc, tracker, counter)))
    flush()
    every = [h for _, _, hits in found for h in hits]
    kept = {id(h) for h in _narrow_generic(every, named_structures(tender))}
    drop = (_explained_generic_social(every) | _object_words(every, _title_terms(tender))
            | {id(h) for h in every if id(h) not in kept})
    clauses: list[Clause] = []
    for d, p, hits in found:
        document = tender.documents[d]
        clauses.extend(_to_clauses([h for h in hits if id(h) not in drop], document.name, document.pages[p].number))
    return clauses


def _title_terms(tender: Tender) -> frozenset[str]:
    """Topic words of the tender's title: there they name what is bought (taxonomy rule 1)."""
    if not tender.title:
        return frozenset()
    doc = get_nlp()(tender.title[:1000])
    return frozenset(fold(s.text) for s in doc.spans["clauses"] if _names_a_topic(s))


def _names_a_topic(span) -> bool:
    """A topic or a name, not a property required of the supply ("bio ou équivalent"); the
    criterion's product words ("écoresponsable") are too vague to be one."""
    return span._.cue in ("aspect", "explicit") or (span._.cue == "product" and span.label_ in CONDITION_OF)


def _object_words(hits: list[_Hit], terms: frozenset[str]) -> set[int]:
    """ids of hits on a topic word of the title ("collecteurs de déchets": then "déchets" in a
    criterion is about the thing bought, not its environmental performance), unless the passage
    names a clause or a requirement of its own."""
    if not terms:
        return set()
    return {id(h) for h in hits if h.category not in RESERVED and _names_a_topic(h.trigger)
            and fold(h.trigger.text) in terms and not names_a_clause(h.sentence, h.trigger)}


def _explained_generic_social(hits: list[_Hit]) -> set[int]:
    """ids of generic social hits ("clause sociale", "condition d'exécution sociale") in a tender
    that has an insertion clause: the generic words then name that clause, not another one."""
    if not any(h.category == "insertion_clause" and not h.negated for h in hits):
        return set()
    generic = {g.lower() for g in _cues()["generic_social"]}
    return {id(h) for h in hits
            if h.category == "social_condition" and not h.negated and h.trigger.text.lower() in generic}
