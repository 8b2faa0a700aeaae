"""Notice rows, one criterion per line as the notice form holds them:
"Critère de qualité - Nom : Valeur technique / Pondération : 20", "Prix - Pondération : 50"."""
from __future__ import annotations

import re

from nlp.criteria.names import clean_name
from nlp.criteria.weights import number
from text import fold

_NUM = r"(\d+(?:[.,]\d+)?)"
_ROW = re.compile(
    r"^(?P<kind>crit[èe]re de qualit[ée]|co[ûu]t|prix|crit[èe]re)\s*(?:-\s*nom)?\s*:\s*(?P<name>.+?)\s*/\s*"
    r"pond[ée]ration\s*:\s*" + _NUM,
    re.IGNORECASE,
)
_ROW_PRICE = re.compile(r"^(?P<kind>prix|co[ûu]t)\s*-\s*pond[ée]ration\s*:\s*" + _NUM, re.IGNORECASE)
_ROW_SLASH = re.compile(r"^(?:\d+\s*[.)]\s+)?(?P<name>.+?)\s*/\s*pond[ée]ration\s*:\s*" + _NUM + r"\s*%?\s*$",
                        re.IGNORECASE)


def parse_row(line: str) -> tuple[str, float, str | None] | None:
    """(name, weight, explicit type) of a notice criterion row."""
    text = line.strip()
    m = _ROW.match(text)
    if m:
        kind = fold(m.group("kind"))
        ctype = "cost" if kind.startswith("cout") else "price" if kind == "prix" else None
        return clean_name(m.group("name")), number(m.group(3)), ctype
    m = _ROW_PRICE.match(text)
    if m:
        cost = fold(m.group("kind")).startswith("cout")
        return ("Coût" if cost else "Prix"), number(m.group(2)), ("cost" if cost else "price")
    m = _ROW_SLASH.match(text)
    if m:
        return clean_name(m.group("name")), number(m.group(2)), None
    return None
