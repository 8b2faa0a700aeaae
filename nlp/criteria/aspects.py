"""The social/environmental aspects of an award criterion, and its type, from its name."""
from __future__ import annotations

import functools
import re

from nlp.patterns import category_files
from taxonomy import ASPECT_SOURCES
from text import fold


@functools.cache
def _aspect_terms() -> dict[str, tuple[re.Pattern[str], re.Pattern[str] | None]]:
    """Per aspect: a regex of its pattern phrases and one of their exclusions (accent-folded)."""
    files = category_files()

    def compile_terms(sources: tuple[str, ...], key: str) -> re.Pattern[str] | None:
        terms: set[str] = set()
        for cat in sources:
            data = files[cat]
            if key == "phrases":
                for group in data.get("groups", []):
                    terms |= {fold(str(p)).replace("’", "'") for p in group.get("phrases", [])}
            else:
                terms |= {fold(str(p)).replace("’", "'") for p in (data.get("exclude") or {}).get("phrases", [])}
        if not terms:
            return None
        alternation = "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
        return re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])")

    return {aspect: (compile_terms(sources, "phrases"), compile_terms(sources, "exclude"))
            for aspect, sources in ASPECT_SOURCES.items()}


def classify_aspects(name: str) -> list[str]:
    """ "environmental" and/or "social" for an award criterion's name; [] for a plain one."""
    text = fold(name).replace("’", "'")
    aspects = []
    for aspect, (terms, excluded) in _aspect_terms().items():
        cleaned = excluded.sub(" ", text) if excluded else text
        if terms is not None and terms.search(cleaned):
            aspects.append(aspect)
    return aspects


def criterion_type(name: str) -> str:
    """price, cost or quality, from the criterion's name."""
    folded = fold(name)
    if re.search(r"\bcouts?\b|cycle de vie", folded):
        return "cost"
    if re.search(r"^(?:le\s+|les\s+)?(?:prix|montant|tarif|offre financiere|valeur economique|critere financier)|\bprix\b",
                 folded):
        return "price"
    return "quality"
