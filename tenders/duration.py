"""The initial duration of a contract, renewals apart, as the notice form and the text state it.

The form's "Durée en mois : 48" and its start and end dates count the renewals in; the text sets
them apart, either by stating the first period ("conclu pour un an, reconductible trois fois") or
by counting the renewals ("trois périodes de reconduction d'un an"), from which the first period
is the whole less the renewals.
"""
from __future__ import annotations

import re

from tenders.amounts import months
from tenders.dates import parse_date
from tenders.fields import labelled_lines, lines_of
from tenders.model import Document
from text import fold

_INITIAL = re.compile(r"(?:periode|duree)\s+(?:initiale\s+)?(?:ferme\s+)?de\s+(\w+(?:\s*\(\s*\d+\s*\))?\s+(?:mois|ans?))"
                      r"[^.]{0,120}reconductible|(\w+\s+(?:mois|ans?))\s+(?:ferme\s+)?(?:et\s+)?reconductible"
                      r"|(?:conclue?|passee?)\s+pour\s+une\s+(?:periode|duree)\s+(?:initiale\s+)?(?:ferme\s+)?de\s+"
                      r"(\w+(?:\s*\(\s*\d+\s*\))?\s+(?:mois|ans?))|(?:marche|periode|duree)\s+initiale?\s+(?:de\s+)?(\d{1,3}\s+mois)"
                      # "pour une durée de 1 an. Il est reconductible 3 fois": the first period
                      r"|pour\s+(?:une\s+(?:duree|periode)\s+(?:initiale\s+)?(?:ferme\s+)?(?:de\s+|d'))?(\w+\s+(?:mois|ans?))"
                      r"[.,;]?\s+(?:il|elle|celui-ci|celle-ci|le marche|l'accord-cadre|le contrat)\s+(?:est|sera|pourra etre)\s+"
                      r"(?:ensuite\s+)?(?:renouvelable|reconductible|reconduite?|renouvelee?)")
# the first period of a renewable contract in the renewals' description: "conclu pour un an,
# reconductible trois fois", "d'une durée d'un an, renouvelable", "la durée initiale est de 1 an";
# looser than _INITIAL, so tried only when no line of the files matches _INITIAL
_RENEWED = re.compile(r"(?:conclue?|passee?)\s+pour\s+(\w+\s+(?:mois|ans?))\s*,?\s*(?:reconductible|renouvelable)"
                      r"|duree (?:du marche |de l'accord-cadre |du contrat )?(?:est )?d'(un an|1 an|\w+ mois|\w+ ans)[^.]{0,80}?"
                      r"(?:reconductible|renouvelable)|duree initiale (?:du marche |de l'accord-cadre |du contrat )?"
                      r"(?:est )?de (\w+ (?:mois|ans?))|(?:periode|duree) initiale d'(un(?:\s*\(\s*1\s*\))?\s+an)"
                      r"|contrat initial est conclu pour (?:une (?:duree|periode) (?:de |d'))?(\w+(?:\s*\(\s*\d+\s*\))?\s+(?:mois|ans?))")


def _initial_months(documents: list[Document]) -> float | None:
    """The initial period the text states for a renewable contract, if it states one."""
    folded = [fold(line) for document in documents for line in lines_of(document)]
    for pattern in (_INITIAL, _RENEWED):
        for line in folded:
            m = pattern.search(line)
            found = months(next(g for g in m.groups() if g)) if m else None
            if found:
                return found
    return None


_COUNTS = {"un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8, "neuf": 9,
           "dix": 10}
_COUNT = r"\b(\d{1,2}|" + "|".join(_COUNTS) + r")(?:\s*\(\s*\d{1,2}\s*\))?"
_PERIOD = r"(\w+(?:\s*\(\s*\d+\s*\))?\s+(?:mois|ans?))"
# the renewals counted, with the length of each: "3 reconductions tacites par période de 12 mois",
# "renouvelable 3 x 1 an", "reconductible deux fois pour une durée d'un an", and the form's pair
# "le nombre de périodes de reconduction est fixé à trois. La durée de chaque période ... est d'un an"
_RENEWALS = re.compile(_COUNT + r"\s+(?:reconductions?|renouvellements?)\s+(?:tacites?\s+|expresses?\s+)?"
                       r"(?:par periodes?|d'une duree|pour une duree|de)\s+(?:de\s+|d')?" + _PERIOD
                       + r"|(?:renouvelable|reconductible)\s+" + _COUNT + r"\s*(?:x|fois)\s*(?:par periode de\s+|pour "
                       r"une (?:duree|periode) (?:de\s+|d')|de\s+)?" + _PERIOD)
_RENEWAL_COUNT = re.compile(r"nombre de periodes de reconduction est fixe a " + _COUNT + r"\b")
_RENEWAL_LENGTH = re.compile(r"duree de chaque periode de reconduction est (?:de\s+|d')" + _PERIOD)


def _count(word: str) -> int:
    return int(word) if word.isdigit() else _COUNTS[word]


def _renewals(folded: list[str]) -> tuple[int, float] | None:
    """How many renewals the text counts, and the months of each."""
    text = " ".join(folded)
    m = _RENEWALS.search(text)
    if m:
        count, period = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        length = months(period)
        return (_count(count), length) if length else None
    count, length = _RENEWAL_COUNT.search(text), _RENEWAL_LENGTH.search(text)
    if count and length and months(length.group(1)):
        return _count(count.group(1)), months(length.group(1))
    return None


def _first_period(documents: list[Document], whole: float) -> float:
    """The first period of a contract whose whole duration, renewals in, the form gives."""
    initial = _initial_months(documents)
    if initial:
        return min(whole, initial)
    renewals = _renewals([fold(line) for document in documents for line in lines_of(document)])
    if not renewals:
        return whole
    count, length = renewals
    first = whole - count * length
    # a first period shorter than one renewal is unlikely: the form then gave the first period alone
    return first if first >= length else whole


# a label inside a sentence: "Prestations divisées en lots : non. Durée du marché ou délai d'exécution : 4 mois"
_DURATION_IN_LINE = re.compile(r"(?:^|[.;]\s)duree du marche(?: ou (?:delai|duree) d'execution)?\s*:\s*([^.;]{2,60})")

# the notice form's own field, French or English: "II.2.7) Durée du marché ... Durée en mois : 12"
# (never IV.2.6, the offers' validity, which is also given "en mois")
_FORM_MONTHS = re.compile(r"(?:duree du marche|duree du contrat|duration of the contract)[^:]{0,160}?"
                          r"(?:duree en mois|duration in months)\s*:\s*(\d{1,3})\b")


# the same field given as two dates: "Début : 1er janvier 2021 - Fin : 31 décembre 2021"
_FORM_DATES = re.compile(r"\b(?:debut|start)\s*:\s*(.{6,30}?)\s*[-–]?\s*\b(?:fin|end)\s*:\s*(.{6,30})")


def _months_between(line: str) -> float | None:
    m = _FORM_DATES.search(fold(line))
    start, end = (parse_date(m.group(1)), parse_date(m.group(2))) if m else (None, None)
    if not (start and end and end > start):
        return None
    return float(round((end - start).days / 30.44))  # 1 Jan - 31 Dec: 12 months


def read_duration(documents: list[Document]) -> float | None:
    """The initial duration, renewals apart ("12 mois reconductible 3 fois" -> 12)."""
    for document in documents:
        lines = lines_of(document)
        for i, line in enumerate(lines):
            folded = fold(line)
            m = _FORM_MONTHS.search(folded)
            if m and int(m.group(1)) > 0:
                return _first_period(documents, float(m.group(1)))
            if folded.startswith(("ii.2.7)", "duree du marche", "duration of the contract")):
                months_given = _months_between(" ".join(lines[i : i + 2]))  # the dates may follow on the next line
                if months_given:
                    return _first_period(documents, months_given)
    initial = _initial_months(documents)
    if initial:
        return initial
    for line, following in labelled_lines(documents, "duration"):
        for candidate in following:
            if "mois" in fold(line) and re.fullmatch(r"\d{1,3}", candidate.strip()):
                return _first_period(documents, float(candidate.strip()))  # the form's "Durée en mois : 48"
            found = months(candidate)
            if found:
                return found
    for document in documents:
        for line in lines_of(document):
            m = _DURATION_IN_LINE.search(fold(line))
            found = months(m.group(1)) if m else None
            if found:
                return found
    return None
