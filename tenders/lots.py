"""The lots of a tender as its documents list them: a notice's form ("Lot nº : 2"), lines
("Lot 1 : Tonte"), a table ("N° du lot | Intitulé | Montant estimatif"), or a count ("divisé en
4 lots"); with each lot's estimated value when written, and whether the contract is divided."""
from __future__ import annotations

import re

from tenders.fields import HEAD_LINES, after_label, lines_of, tidy, value_in
from tenders.model import Document, Lot
from tenders.terms import fact_pattern
from text import fold

LOT_LINES = 6000  # a notice's form describes each lot in some 20 lines, and may list a hundred

_LOT_LINE = re.compile(r"^[\s\-–—•*|]*lot\s*(?:n\s*[°ºoéàea]?\s*\.?\s*)?(\d{1,2})\s*(?:[:\-–—.)|]\s*|\s+)(.{3,220})$",
                       re.IGNORECASE)
_N_LOTS = re.compile(r"(?:decompose|divise|alloti|reparti)e?s?\s+en\s+(\d{1,2})\s+lot(?:s|\(s\))|(\d{1,2})\s+lots?\s+(?:distincts|separes)"
                     r"|\bnombre de lots\s*[:=]?\s*(\d{1,3})\b"
                     r"|(?:comporte|comprend|compose(?:e|es)? de|fait l'objet (?:de|d'un allotissement en)|se decompose en)"
                     r"\s+(\d{1,2})\s+lots\b")
# "Lot n°1 :" alone on its line, its title on the next one (BOAMP MAPA notices)
_LOT_ALONE = re.compile(r"^[\s\-–—•*|]*lot\s*(?:n\s*[°ºoéàea]?\s*\.?\s*)?(\d{1,2})\s*:?\s*$", re.IGNORECASE)
_FORM_LOT = re.compile(r"\blot\s*n\s*[°ºo]?\s*:\s*(?:lot\s*(?:n\s*[°ºo]?\s*)?)?([a-z]?\d{1,3}(?:\.\d{1,2}|[a-z])?)\b")  # "Lot nº : Lot n o 2" too


def _lot_value(lines: list[str], i: int) -> float | None:
    """The estimated value a notice gives a lot in the lines after its number (II.2.6)."""
    for candidate in lines[i + 1 : i + 40]:
        if _FORM_LOT.search(fold(candidate)):
            return None
        if re.search(r"valeur|montant|estim", fold(candidate)):
            value = value_in(candidate)
            if value is not None and value >= 1000:
                return value
    return None


def read_lots(documents: list[Document]) -> tuple[list[Lot], bool | None]:
    """Lots listed with their titles (and estimated values when the line or the next ones state
    one), from the first document that lists two or more; and whether the contract is divided
    (True), said not to be (False), or the text does not say (None).

    The head of each document is read first; a notice's form describes each lot in some twenty
    lines, so a long one is read further when its head lists lots or when no head did."""
    not_divided, single = None, None
    said_not = fact_pattern("lots", "not_divided")  # the wording terms.py reads, one list
    readable = [d for d in documents if d.kind not in ("CCTP", "BPU", "DQE", "DPGF")]
    for document in readable:
        lines = lines_of(document)
        if not_divided is None and any(said_not.search(fold(line)) for line in lines):
            not_divided = True
        lots = _listed_lots(lines)
        if len(lots) >= 2:
            if len(lines) >= HEAD_LINES:
                further = _listed_lots(lines_of(document, LOT_LINES))
                lots = further if len(further) > len(lots) else lots
            return list(lots.values()), True
        if len(lots) == 1 and single is None and any(_FORM_DIVIDED.search(fold(line)) for line in lines):
            single = list(lots.values())  # a notice's form: "divisé en lots : oui", then "Lot nº : 1" only
        count = next((int(n) for line in lines for m in [_N_LOTS.search(fold(line))] if m
                      for n in m.groups() if n), None)
        if count and count >= 2:
            return [Lot(number=str(k)) for k in range(1, count + 1)], True
    for document in readable:
        lines = lines_of(document, LOT_LINES)
        if len(lines) > HEAD_LINES and single:
            lots = _listed_lots(lines)
            if len(lots) >= 2:
                return list(lots.values()), True
    if single and not not_divided:
        return single, True  # "divisé en lots : oui" and one lot described
    return [], False if not_divided else None


def _listed_lots(lines: list[str]) -> dict[str, Lot]:
    """The lots a document's lines list: form fields, "Lot 1 : ..." lines, a table."""
    lots: dict[str, Lot] = {}
    for i, line in enumerate(lines):
        form = _FORM_LOT.search(fold(line))
        if form and form.group(1).upper().lstrip("0") not in lots:  # "II.2.1) Intitulé : X" then "Lot nº : 2"
            number = form.group(1).upper().lstrip("0") or "0"
            title = next((after_label(previous, "title") for previous in (line, lines[i - 1] if i else "")
                          if after_label(previous, "title")), None)
            lots[number] = Lot(number=number, title=tidy(re.split(r"\s*lot\s*n", title, flags=re.IGNORECASE)[0], 150)
                               if title else None, value_ht=_lot_value(lines, i))
            continue
        alone = _LOT_ALONE.match(line)
        following = next((x for x in lines[i + 1 : i + 3] if x), "") if alone else ""
        if alone and alone.group(1).lstrip("0") not in lots and len(following) >= 3 and not (
                _LOT_ALONE.match(following) or _LOT_LINE.match(following)):
            number = alone.group(1).lstrip("0") or "0"
            lots[number] = Lot(number=number, title=tidy(following, 150))
            continue
        m = _LOT_LINE.match(line)
        if not m or m.group(1).lstrip("0") in lots:
            continue
        title = re.split(r"\s*[:\-–]\s*(?:montant|valeur|estimation)", m.group(2), maxsplit=1, flags=re.IGNORECASE)[0]
        value = None
        for candidate in [line] + lines[i + 1 : i + 3]:
            if re.search(r"montant|valeur|estim|maximum|maximal", fold(candidate)):
                value = value_in(candidate)
                if value is not None:
                    break
            if candidate is not line and _LOT_LINE.match(candidate):
                break
        lots[m.group(1).lstrip("0") or "0"] = Lot(number=m.group(1).lstrip("0") or "0", title=tidy(title, 150),
                                                    value_ht=value)
    table = _table_lots(lines)
    if len(table) > len(lots):  # a table lists every lot; lines may name only some
        lots = table
    return lots


_FORM_DIVIDED = re.compile(r"divise en lots\s*:\s*oui")
_TABLE_HEAD = re.compile(r"^\W*(?:n\s*[°ºo]?\s*(?:du )?lot|lots?|numero du lot)\s*\|")
_TABLE_ROW = re.compile(r"^\W*(?:lot\s*(?:n\s*[°ºo]?\s*)?)?(\d{1,2})\s*\|\s*([^|]{3,220}?)\s*(?:\|(.*))?$", re.IGNORECASE)


def _table_lots(lines: list[str]) -> dict[str, Lot]:
    """Lots listed as a table: a header row "N° du lot | Intitulé | Montant estimatif ..." then
    one row per lot; the first amount of the row (its estimated value) is the lot's value."""
    lots: dict[str, Lot] = {}
    for i, line in enumerate(lines):
        head = fold(line)
        before = next((x for x in reversed(lines[max(0, i - 3):i]) if x), "")
        if not (_TABLE_HEAD.match(head) or (re.match(r"^\W*n\s*[°ºo]\s*\|", head) and "lots" in fold(before))):
            continue
        for row in lines[i + 1 : i + 60]:
            m = _TABLE_ROW.match(row)
            if not m:
                if lots:
                    break
                continue
            number = m.group(1).lstrip("0") or "0"
            value = None
            for cell in (m.group(3) or "").split("|"):
                digits = re.sub(r"[\s\u00a0\u202f.]", "", cell).replace(",", ".")
                if re.fullmatch(r"\d{4,}(?:\.\d{1,2})?", digits):
                    value = float(digits)
                    break
                found = value_in(cell)
                if found is not None:
                    value = found
                    break
            lots.setdefault(number, Lot(number=number, title=tidy(m.group(2), 150), value_ht=value))
        if len(lots) >= 2:
            return lots
        lots = {}
    return lots
