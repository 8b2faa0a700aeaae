"""Applying the model to a tender: extra clauses for categories the rules did not find."""
from __future__ import annotations

from nlp.classifier.artifact import enabled, load_artifact
from nlp.classifier.calibration import calibrated
from nlp.classifier.context import RESERVED, has_topic_word, is_negated, normalise, place, strength_of
from nlp.classifier.features import example
from nlp.classifier.sentences import Sentence, document_sentences
from nlp.model import Clause
from taxonomy import CATEGORIES

MAX_PER_CATEGORY = 3  # passages reported per added category

def _candidates(artifact: dict, rows: list[tuple[object, object, Sentence]]) -> list[list[tuple[str, float]]]:
    """Per sentence, the categories whose calibrated probability reaches their threshold, best
    first. The one-vs-rest models are independent binary detectors, so one sentence may carry
    two categories ("valeur sociale et environnementale")."""
    if not rows:
        return []
    thresholds: dict[str, float] = artifact["thresholds"]
    # context tokens only for a model that reads them: the others strip them again (features._words_only)
    if "context" in artifact.get("meta", {}).get("variant", "tfidf+context"):
        texts = [example(s.text, s.kind, d.kind) for d, _, s in rows]
    else:
        texts = [normalise(s.text) for _, _, s in rows]
    out = []
    for row in class_probabilities(artifact, texts):
        found = [(c, float(p)) for c, p in zip(artifact["categories"], row) if p >= thresholds.get(c, 1.01)]
        out.append(sorted(found, key=lambda x: -x[1]))
    return out


def class_probabilities(artifact: dict, examples: list[str]):
    """P(category | sentence): each one-vs-rest model's decision value through its calibration
    (nlp.classifier.training.calibrate), fitted on out-of-fold scores of held-out tenders."""
    return calibrated(artifact["pipeline"].decision_function(examples), artifact["calibration"])


def classify_clauses(tender, rule_clauses: list[Clause], artifact: dict | None = None,
                     use: bool | None = None) -> list[Clause]:
    """Extra clauses for the categories the rules did not find (affirmed or denied) in `tender`.

    `use` overrides the SOLIDARITY_CLASSIFIER switch; `artifact` overrides the shipped model.
    """
    if not (enabled() if use is None else use):
        return []
    artifact = artifact if artifact is not None else load_artifact()
    if artifact is None:
        return []
    # A category the rules affirm needs nothing more; one they saw denied ("Marché réservé :
    # non") is left alone: the tender said no.
    known = {c.category for c in rule_clauses}
    if known & set(RESERVED):
        # the rules read the reservation and narrowed it by the text (ESAT/EA vs SIAE, taxonomy
        # case 9): the model, trained on checkbox rows that carry both, must not widen it again
        known |= set(RESERVED)
    rows: list[tuple[object, object, Sentence]] = []
    for document in tender.documents:
        pages = document.pages
        for p, sentence in document_sentences(pages):
            if sentence.kind in ("object", "selection") or not has_topic_word(sentence.text):
                continue  # no topic word: the model's hits there are noise, and it saves time
            rows.append((document, pages[p], sentence))
    found: dict[str, list[Clause]] = {}
    for (document, page, sentence), candidates in zip(rows, _candidates(artifact, rows)):
        placed: dict[str, float] = {}
        for label, prob in candidates:
            category = place(label, sentence)
            if category is not None and category not in known and category not in placed:
                placed[category] = prob
        if not placed or is_negated(page.text, sentence.start, sentence.end):
            continue
        for category, prob in placed.items():
            found.setdefault(category, []).append(Clause(
                category=category, text=sentence.text, document=document.name, page=page.number,
                start=sentence.start, end=sentence.end, negated=False,
                strength=strength_of(category, sentence.text),  # type: ignore[arg-type]
                legal_refs=_legal_refs(sentence.text), confidence=round(prob, 3), source="classifier",
            ))
    extra = []
    for category in CATEGORIES:
        best = sorted(found.get(category, []), key=lambda c: -c.confidence)[:MAX_PER_CATEGORY]
        extra.extend(sorted(best, key=lambda c: (c.document, c.page or 0, c.start)))
    return extra


def _legal_refs(text: str) -> list[str]:
    from nlp.legal_refs import find_legal_refs

    return list(dict.fromkeys(r.id for r in find_legal_refs(text)))
