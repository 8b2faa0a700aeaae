"""Award criteria read from text, and their social/environmental aspects.

Two readings, the first one that finds weights wins:

1. Notice rows, one criterion per line, as the notice form holds them (TED/BOAMP rendering):
   "Critère de qualité - Nom : Valeur technique / Pondération : 20", "Prix - Pondération : 50",
   "1. Valeur technique de l'offre / Pondération : 60". Every row is kept, sub-criteria included:
   the form itself lists them as criteria.
2. Free text inside award-criteria passages (II.2.5, II.2.14, VI.3, contest "critères d'évaluation
   des projets", RC articles, MAPA prose). Weights are found as tokens: "40 %", "30 points",
   "(pondération 50)", "pondéré à 25", "coefficient 0,4", "sur 5 points", "/30" (only when nothing
   else is found) and "noté sur 20 points" (a scale, a weight only when nothing else is found).
   Tokens of one passage make a block; sub-criteria (numbered "1.1", "1.a)", "sous-critère",
   "dont", several weights inside one parenthesis, or runs of weights that add up to the weight
   before them or to 100) come back as `SubCriterion` (an AwardCriterion with `parent`).

Passages about the selection of candidates never count. "Lot n° 2" lines set the lot of what
follows; identical copies of a block (a notice printed twice in one file) count once.
Pure functions: no spaCy.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from nlp.criteria.aspects import classify_aspects, criterion_type
from nlp.criteria.blocks import criteria_of_passage
from nlp.criteria.hierarchy import top_level
from nlp.criteria.names import weight_in_name
from nlp.criteria.passages import prepared_lines, scan
from nlp.criteria.weights import Token, complete
from tenders.model import AwardCriterion, Document, Tender

__all__ = ["SubCriterion", "award_criteria", "classify_aspects", "criterion_type", "extract_award_criteria",
           "weight_in_name"]


@dataclass
class SubCriterion(AwardCriterion):
    """A sub-criterion: its weight counts inside its parent's, not in the total."""

    parent: str | None = None


def extract_award_criteria(document: Document) -> list[AwardCriterion]:
    """Award criteria with weights, per lot when the text says so; sub-criteria as SubCriterion."""
    row_blocks, passages = scan(prepared_lines(document))
    criteria: list[AwardCriterion] = []
    seen: set[tuple] = set()
    for block in row_blocks:
        for lot in dict.fromkeys(r[3] for r in block):
            rows = [r for r in block if r[3] == lot]
            key = (lot, tuple(r[1] for r in rows))
            if key in seen:
                continue  # the same criteria printed again (another copy of the notice)
            seen.add(key)
            for name, weight, ctype, _ in rows:
                criteria.append(AwardCriterion(name=name, weight=weight, lot=lot, type=ctype or criterion_type(name),
                                               aspects=classify_aspects(name)))
    if criteria:
        return criteria

    # Free text: one block per lot, the first complete one (adding up to 100) preferred.
    chosen: dict[str | None, tuple[list[Token], set[int]]] = {}
    for passage in passages:
        for lot, tokens, top in criteria_of_passage(passage):
            weights = [tokens[i].value for i in sorted(top)]
            key = (lot, tuple(weights))
            if key in seen:
                continue
            seen.add(key)
            if lot not in chosen:
                chosen[lot] = (tokens, top)
                continue
            old_tokens, old_top = chosen[lot]
            old_weights = [old_tokens[i].value for i in sorted(old_top)]
            if complete(old_weights):
                continue
            merged = old_tokens + tokens
            merged_top = top_level(merged)
            if complete([merged[i].value for i in sorted(merged_top)]):
                chosen[lot] = (merged, merged_top)  # one list cut by long explanations
            elif complete(weights) or len(weights) > len(old_weights):
                chosen[lot] = (tokens, top)
    lot_lists = {tuple(tokens[i].value for i in sorted(top)) for lot, (tokens, top) in chosen.items() if lot}
    for lot, (tokens, top) in chosen.items():
        if lot is None and tuple(tokens[i].value for i in sorted(top)) in lot_lists:
            continue  # the lots' own lists already say it
        if len(top) < 2 and not complete([tokens[i].value for i in top]):
            continue  # one lone percentage ("30 % de matériaux recyclés") is no list of criteria
        parent: str | None = None
        for i, token in enumerate(tokens):
            name = token.name or "Critère"
            fields = dict(name=name, weight=token.value, lot=lot, type=criterion_type(name),
                          aspects=classify_aspects(name))
            if i in top:
                criteria.append(AwardCriterion(**fields))  # type: ignore[arg-type]
                parent = name
            else:
                criteria.append(SubCriterion(parent=parent, **fields))  # type: ignore[arg-type]
    return criteria


_TEXT_ORDER = {"RC": 0, "AVIS": 1, "CCP": 2}  # the consultation rules state the criteria, then the notice; a CCP without RC


def award_criteria(tender: Tender) -> list[AwardCriterion]:
    """The tender's award criteria: the notice's fields, weights from the text when the fields
    gave none, and the aspects of each. The tender itself is left as it is.

    A notice field may carry the weight in the criterion's name ("Valeur technique — 40 %"), or
    leave the weights to free text (II.2.14, VI.3, the RC). Text criteria are the top-level ones:
    a sub-criterion's weight counts inside its parent's and would double the total.
    """
    found = [replace(c, aspects=list(c.aspects)) for c in tender.award_criteria]
    if found and all(c.weight is None for c in found):
        for criterion in found:
            split = weight_in_name(criterion.name)
            if split:
                criterion.name, criterion.weight = split
    if not any(c.weight is not None for c in found):
        for doc in sorted(tender.documents, key=lambda d: _TEXT_ORDER.get(d.kind, 3)):
            from_text = [c for c in extract_award_criteria(doc) if not isinstance(c, SubCriterion)]
            if any(c.weight is not None for c in from_text):
                found = from_text
                break
    for criterion in found:
        if not criterion.aspects:
            criterion.aspects = classify_aspects(criterion.name)
    return found
