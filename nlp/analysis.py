"""One tender's text analysed: award criteria, rule clauses, classifier clauses, and the
reservations a notice states only in its structured fields."""
from __future__ import annotations

import functools

from nlp.classifier import classify_clauses
from nlp.criteria import award_criteria
from nlp.detect import detect_clauses
from nlp.model import Analysis, Clause
from nlp.patterns import load
from tenders.model import Tender
from text import fold

_RESERVED_LABELS = {
    "reserved_disability": "réservé aux entreprises adaptées et ESAT",
    "reserved_insertion": "réservé aux structures d'insertion par l'activité économique",
    "reserved_ess": "réservé aux entreprises de l'économie sociale et solidaire",
}


def notice_clauses(tender: Tender, clauses: list[Clause]) -> list[Clause]:
    """Reservations a notice states in structured fields that the text detector did not see."""
    seen = {c.category for c in clauses if not c.negated}
    notice = next((d for d in tender.documents if d.kind == "AVIS"), None)
    extra = []
    wanted = list(tender.reserved) + [cat for lot in tender.lots for cat in lot.reserved]
    # The form's one checkbox for sheltered workshops means disability and insertion alike; when
    # the text names which one, the text decides.
    text_named = seen & {"reserved_disability", "reserved_insertion"}
    for category in dict.fromkeys(wanted):
        if category in seen or (text_named and category in ("reserved_disability", "reserved_insertion")):
            continue
        extra.append(Clause(category=category, text=f"Champ structuré de l'avis : marché {_RESERVED_LABELS[category]}.",
                            document=notice.name if notice else (tender.source or ""), page=None,
                            strength="mandatory", source="notice", confidence=1.0))
    return extra


@functools.cache
def _generic_social() -> tuple[str, ...]:
    return tuple(fold(g.lower()) for g in load("cues.yml")["generic_social"])


def explained_by_insertion(clauses: list[Clause]) -> list[Clause]:
    """Without the generic social clauses ("clause sociale : ...") of a tender where the classifier
    found an insertion clause: the generic words then name that clause (taxonomy rule 6). The
    rules apply the same to their own insertion hits (nlp.detect)."""
    if not any(c.category == "insertion_clause" and c.source == "classifier" and not c.negated for c in clauses):
        return clauses
    generic = _generic_social()
    return [c for c in clauses if not (c.category == "social_condition" and c.source == "pattern" and not c.negated
                                       and any(g in fold(c.text.lower()) for g in generic))]


def analyse_tender(tender: Tender) -> Analysis:
    criteria = award_criteria(tender)
    clauses = detect_clauses(tender)
    clauses += classify_clauses(tender, clauses)  # recall over the rules; SOLIDARITY_CLASSIFIER=0: patterns only
    clauses = explained_by_insertion(clauses)
    clauses += notice_clauses(tender, clauses)
    return Analysis(clauses=clauses, criteria=criteria)
