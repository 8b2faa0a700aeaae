"""Stage 2, reading the text: `nlp.analyse(tender)` gives the tender's clauses (taxonomy
categories, each with its passage, document and page) and its award criteria.

    nlp/components/   spaCy components (line breaks, legal references, headings, clause matcher)
    nlp/patterns/     the rules as data: one YAML file per category, context and section cues
    nlp/detect.py     rule clauses: patterns + section context + negation + modality
    nlp/classifier/   a scikit-learn sentence classifier for recall over the rules
    nlp/criteria/     award criteria and their weights, read from notice rows or free text
"""
from __future__ import annotations

from nlp.model import Analysis, Clause

__all__ = ["Analysis", "Clause", "analyse"]


def analyse(tender) -> Analysis:
    """Clauses and award criteria of a read tender; the tender is not changed."""
    from nlp.analysis import analyse_tender  # spaCy loads only when a text is analysed

    return analyse_tender(tender)
