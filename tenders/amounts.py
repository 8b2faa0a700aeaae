"""Amounts in euros and durations as French tender text writes them.

"1 500 000 € HT", "250 000.00 EUR", "300 k€", "2 millions d'euros", "465 M€ HT";
"12 mois", "4 ans", "trente-six (36) mois", "une durée d'un an". Pure functions.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from text import fold

# Linear in the text: a digit run is entered at its start only, and a chain of thousands groups
# is at most five long (999 999 999 999 999 999 €): a longer one is no amount, and an unbounded
# chain made each start position scan the rest of it ("123 123 123 …": quadratic).
_NUMBER = r"(\d{1,3}(?:[ \u00a0\u202f.]\d{3}){1,5}(?:[,.]\d{1,2})?|(?<!\d)\d+(?:[,.]\d{1,2})?)"
_AMOUNT = re.compile(_NUMBER + r"\s*(k|m|millions?\s+d['’]|million\s+d['’]|mds?|milliards?\s+d['’])?\s*"
                     r"(?:€|euros?\b|eur\b)", re.IGNORECASE)
_TAX = re.compile(r"^\s*(?:\(?\s*(hors taxes?|h\.?t\.?|hors tva|ttc|t\.t\.c\.?|toutes taxes comprises)\b)",
                  re.IGNORECASE)


@dataclass(frozen=True)
class Amount:
    value: float
    start: int
    end: int
    excl_vat: bool | None  # True: HT, False: TTC, None: not said


def _number(raw: str) -> float:
    raw = re.sub(r"[ \u00a0\u202f]", "", raw)
    decimal = re.fullmatch(r"(.*?)[.,](\d{1,2})", raw)  # "250 000.00", "12 345,6": cents; "1.500.000": not
    whole, cents = decimal.groups() if decimal else (raw, "0")
    return float(whole.replace(".", "").replace(",", "") + "." + cents)


def amounts(text: str) -> list[Amount]:
    """Every amount in euros of `text`, with whether it is said excluding or including VAT."""
    found = []
    for m in _AMOUNT.finditer(text):
        value = _number(m.group(1))
        unit = fold(m.group(2) or "")
        value *= 1e9 if unit.startswith(("md", "milliard")) else 1e6 if unit.startswith("m") else 1e3 if unit == "k" else 1
        tax = _TAX.match(text[m.end():m.end() + 30])
        excl = None if tax is None else not fold(tax.group(1)).startswith(("ttc", "t.t", "toutes"))
        found.append(Amount(value, m.start(), m.end(), excl))
    return found


def parse_amount(text: str) -> float | None:
    """The first amount in euros of a passage: '1 500 000 €', '300 k€', '2 millions d'euros'."""
    found = amounts(text or "")
    return found[0].value if found else None


_WORDS = {"un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8,
          "neuf": 9, "dix": 10, "douze": 12, "dix-huit": 18, "vingt-quatre": 24, "trente-six": 36,
          "quarante-huit": 48}
_DURATION = re.compile(r"(?:(\d{1,3})|(" + "|".join(sorted(_WORDS, key=len, reverse=True)) + r"))\s*(?:\(\s*\d{1,3}\s*\)\s*)?"
                       r"(mois|ans?|annees?)\b")


def months(text: str) -> float | None:
    """The first duration of a passage, in months ("4 ans" -> 48, "un an" -> 12)."""
    m = _DURATION.search(fold(text or ""))
    if not m:
        return None
    count = float(m.group(1)) if m.group(1) else float(_WORDS[m.group(2)])
    return count if m.group(3) == "mois" else count * 12
