"""Applying the model to a tender: extra clauses for categories the rules did not find."""
from __future__ import annotations

from nlp.classifier.artifact import enabled, load_artifact
from nlp.classifier.context import has_topic_word, is_negated, normalise, place, strength_of
from nlp.classifier.sentences import Sentence, document_sentences
from nlp.model import Clause
from taxonomy import CATEGORIES

NONE = "none"
MAX_PER_CATEGORY = 3  # passages reported per added category

def _candidates(artifact: dict, texts: list[str]) -> list[list[tuple[str, float]]]:
    """Per text, the categories whose own probability reaches their threshold, best first.

    The one-vs-rest models are independent binary detectors, so one sentence may carry two
    categories ("valeur sociale et environnementale").
    """
    if not texts:
        return []
    pipeline = artifact["pipeline"]
    thresholds: dict[str, float] = artifact["thresholds"]
    classes = [str(c) for c in pipeline.classes_]
    probabilities = class_probabilities(pipeline, [normalise(t) for t in texts])
    out = []
    for row in probabilities:
        found = [(c, float(p)) for c, p in zip(classes, row) if c != NONE and p >= thresholds.get(c, 1.01)]
        out.append(sorted(found, key=lambda x: -x[1]))
    return out


def class_probabilities(pipeline, normalised: list[str]):
    """P(category | sentence) of each one-vs-rest model, not renormalised across categories.

    Why: with ten classes and a dominant "none", the renormalised probabilities of
    predict_proba crowd together below 0.8 and leave no room for a high threshold; each binary
    model's own probability (the sigmoid of its decision) spreads over [0, 1].
    """
    from scipy.special import expit

    return expit(pipeline.decision_function(normalised))


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
    rows: list[tuple[object, object, Sentence]] = []
    for document in tender.documents:
        pages = document.pages
        for p, sentence in document_sentences(page.text for page in pages):
            if sentence.kind in ("object", "selection") or not has_topic_word(sentence.text):
                continue  # no topic word: the model's hits there are noise, and it saves time
            rows.append((document, pages[p], sentence))
    found: dict[str, list[Clause]] = {}
    for (document, page, sentence), candidates in zip(rows, _candidates(artifact, [s.text for _, _, s in rows])):
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
