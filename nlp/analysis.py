"""One tender's text analysed: award criteria, rule clauses, classifier clauses, and the
reservations a notice states only in its structured fields."""
from __future__ import annotations

from nlp.classifier import classify_clauses
from nlp.criteria import award_criteria
from nlp.detect import detect_clauses
from nlp.model import Analysis, Clause
from tenders.model import Tender

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


def analyse_tender(tender: Tender) -> Analysis:
    criteria = award_criteria(tender)
    clauses = detect_clauses(tender)
    clauses += classify_clauses(tender, clauses)  # recall over the rules; SOLIDARITY_CLASSIFIER=0: patterns only
    clauses += notice_clauses(tender, clauses)
    return Analysis(clauses=clauses, criteria=criteria)
