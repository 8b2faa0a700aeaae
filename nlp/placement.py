"""Where a hit stands decides what it is: the category of a social or environmental trigger given
its sentence's section, parties and modality (taxonomy.md, "How to decide the hard cases"). Pure:
a cued sentence and a span in, a category and confidence out."""
from __future__ import annotations

from typing import Protocol

from spacy.tokens import Span

from nlp.binding import binds_no_one, binds_suppliers_only, paperwork
from taxonomy import CONDITION_OF, CRITERION_OF


class Placed(Protocol):
    kind: str
    cues: dict

    def has(self, label: str) -> bool: ...


def _selection_outside(sentence: Placed, span: Span) -> bool:
    """Candidacy words besides the trigger's own: "jeunes sans qualification" names a public, not
    a qualification to prove."""
    return any(not (span.start <= c.start and c.end <= span.end) for c in sentence.cues.get("SELECTION", []))


def names_a_clause(sentence: Placed, span: Span) -> bool:
    """In a title or description, an explicit hit counts when it names a clause or an obligation."""
    words = span.text.lower()
    return any(w in words for w in ("clause", "condition", "heure", "engagement")) or sentence.has("MANDATORY")


def contextual_category(
    sentence: Placed, span: Span, category: str | None = None, cue: str | None = None
) -> tuple[str, float] | None:
    """Category of a social/environmental hit given where it stands; None when it is no clause."""
    category = category or span.label_
    cue = cue or span._.cue
    confidence = float(span._.confidence)
    if category == "social_condition" and cue == "supply_chain" and binds_suppliers_only(sentence):
        return None  # labour standards of the suppliers alone: fair trade (taxonomy rule 7)
    if paperwork(sentence) or (binds_no_one(sentence) and (cue in ("aspect", "supply_chain") or (
            cue == "explicit" and not names_a_clause(sentence, span)))):
        return None  # a sworn statement, the buyer's pledge, a reminder of the law (taxonomy rules 4, 5)
    if sentence.kind == "selection":
        return None  # candidate selection is not execution (taxonomy rules 3, 7), whatever the words
    if category == "fair_trade":
        if cue == "supply_chain" and (sentence.kind == "object" or not (
                sentence.kind == "execution" or sentence.has("MANDATORY") or sentence.has("CONTRACTOR"))):
            return None  # ILO conventions named, but bound on no one: a description or a reminder
        return category, confidence
    in_award = (sentence.kind == "award" or sentence.has("WEIGHT")
                or (sentence.has("CRITERION") and sentence.kind != "execution"))
    if cue == "explicit":
        if in_award:  # "Critère : Politique d'alimentation durable" even inside a description
            return CRITERION_OF.get(category, category), confidence
        if sentence.kind == "object" and not names_a_clause(sentence, span):
            return None  # "Fourniture de produits écolabel": a title describing the purchase
        if category in CONDITION_OF and sentence.kind == "execution":
            return CONDITION_OF[category], confidence
        return category, confidence
    scored = sentence.has("WEIGHT") or sentence.has("CRITERION")
    if cue == "product" and category in CONDITION_OF:  # "produits écoresponsables": a criterion word
        if in_award:
            return category, confidence
        if sentence.kind == "object" and not names_a_clause(sentence, span):
            return None  # "extension éco-responsable de la cuisine": too vague to require anything
        return CONDITION_OF[category], confidence
    if cue == "product":
        # A property required of what is bought counts wherever it is written (taxonomy rule 2);
        # it is a criterion only in a line that scores ("produits écolabel : 10 points").
        return (CRITERION_OF.get(category, category) if in_award and scored else category), confidence
    # aspect: a topic word that needs its context
    bound = sentence.has("CONTRACTOR") and sentence.has("MANDATORY") and not _selection_outside(sentence, span)
    if sentence.kind == "object" and bound and not in_award:  # "le titulaire devra livrer du recyclé" (rule 2)
        return CONDITION_OF.get(category, category), confidence - 0.1
    if sentence.kind in ("object", "selection", "reserved"):
        return None
    if _selection_outside(sentence, span) and not sentence.has("WEIGHT"):
        return None  # "une référence de projet aux performances énergétiques": capacity proof (rule 3)
    if in_award:
        return CRITERION_OF.get(category, category), confidence
    if sentence.has("DESCRIBE"):
        return None  # "le candidat précisera ses démarches d'insertion": asks the offer, does not oblige
    if sentence.kind == "execution":
        if confidence < 0.7 and not any(sentence.has(c) for c in ("MANDATORY", "FUTURE", "CONTRACTOR", "OPTIONAL",
                                                                  "GENERIC_CONDITION")):
            return None  # a bare topic word ("emballages", "déchets") under the heading: no rule stated
        return CONDITION_OF.get(category, category), confidence
    modal = sentence.has("MANDATORY") or sentence.has("OPTIONAL")
    # "le candidat devra justifier de compétences en environnement": a capacity, not a clause
    if sentence.has("CONTRACTOR") and modal and not _selection_outside(sentence, span):
        return CONDITION_OF.get(category, category), confidence - 0.1
    return None
