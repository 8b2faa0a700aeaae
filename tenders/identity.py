"""The tender's identity read from its documents, as a buyer reads a notice or an RC's cover
page: title (objet), buyer, reference, procedure, estimated value HT, duration, lots with their
titles and values, publication date. Fields a notice's structured data already gave are kept.

Labels are data (identity.yml). A value is the rest of the label's line after ":", or the lines
after a label alone on its line; cover pages without labels give their title as the run of
capital lines that is not the document's own title.
"""
from __future__ import annotations

import re

from tenders.dates import parse_date
from tenders.duration import read_duration
from tenders.fields import (
    CONTINUED,
    after_label,
    caps,
    data,
    head_and_tail,
    labelled,
    labelled_lines,
    labels_by_priority,
    lines_of,
    ordered_documents,
    tidy,
    unnumbered,
    value_in,
)
from tenders.lots import read_lots
from tenders.model import Document, Tender
from text import fold


_GENERIC_TITLE = 16  # "marché public", "accord-cadre": a document's title alone, not the start of an object


def _is_document_title(line: str) -> bool:
    folded = fold(line).strip(" :.()")
    for title in map(fold, data()["document_titles"]):
        if len(title) > _GENERIC_TITLE and folded.startswith(title):
            return True
        if len(title) <= _GENERIC_TITLE and re.fullmatch(
                rf"{re.escape(title)}(?:\s+(?:de|d')\s*(?:services|fournitures|travaux|prestations(?: intellectuelles)?))?", folded):
            return True
    return folded in ("rc", "ccap", "cctp", "ae")


def _is_label(line: str) -> bool:
    """ "NOM ET ADRESSE OFFICIELS DE L'ORGANISME ACHETEUR": a field's label, not a title."""
    return any(after_label(line, field) is not None for field in data()["labels"])


def cover_title(lines: list[str]) -> str | None:
    """On a cover page without labels, the longest run of capital lines that names no document,
    no organisation, no field, no form heading ("I.3) COMMUNICATION") and no postcode ("REALISATION DE PRESTATIONS DE FORMATION ...")."""
    best: list[str] = []
    run: list[str] = []
    for line in lines[:60] + [""]:
        if line and caps(line) and not _is_document_title(line) and not organisation(line) and not re.match(
                r"^(?:n\s*[°o]|\d{5}\b|[ivx]+(?:\.\d+)*\))", fold(line)) and not _is_label(line):
            run.append(line)
            continue
        if sum(map(len, run)) > sum(map(len, best)):
            best = run
        run = []
    text = " ".join(best)
    return text if len(text) >= 12 else None


def organisation(line: str) -> bool:
    folded = fold(line).strip()
    if len(folded) > 120 or ":" in folded[:40]:
        return False
    return any(re.match(rf"^(?:la |le |l')?{re.escape(fold(word))}\b", folded) for word in data()["organisation_words"])


def _buyer_value(text: str) -> str:
    """ "COMMUNE DE BEGLES, 77, Rue Calixte ..." -> "COMMUNE DE BEGLES"; "Ville de X (92)" kept."""
    head = re.split(r",\s*(?:\d|num[eé]ro|n°|adresse|code|courriel|t[eé]l|bp\b)", text, maxsplit=1, flags=re.IGNORECASE)[0]
    return head.strip()


_GENERIC_TITLE_LABELS = ("objet", "intitule")


def _good_title(value: str | None) -> bool:
    if not value or len(value) < 12 or _is_document_title(value):
        return False
    folded = fold(value).strip(" .:")
    return not any(folded.startswith(fold(w)) for w in data()["not_titles"])


_BULLETS = ("•", "o", "-", "–")


def boamp_header_title(lines: list[str]) -> str | None:
    """BOAMP notices as text open with "Avis No ...", "publié le ...", "Dépt. : ...", then the
    title; those saved from a word processor with the title, then "Appel d'offre public :"."""
    head = [line for line in lines[:12] if line and line not in _BULLETS]
    if not head:
        return None
    if fold(head[0]).startswith("avis no"):
        for i, line in enumerate(head):
            if fold(line).startswith("dept"):
                return head[i + 1] if i + 1 < len(head) else None
        return None
    for i, line in enumerate(head[1:6], start=1):
        if fold(line).startswith(("appel d'offre public", "appel d'offres public")):
            return head[i - 1]
    return None


def read_title(documents: list[Document]) -> str | None:
    specific = [label for label in labels_by_priority("title") if label not in _GENERIC_TITLE_LABELS]
    for document in documents:
        header = boamp_header_title(lines_of(document))
        if _good_title(header):
            return tidy(header)
    for labels in (specific, None):
        for document in documents:
            value = labelled(lines_of(document), "title", labels=labels)
            if _good_title(value):
                return tidy(value)
        if labels is None:
            break
        for document in documents:
            if document.kind in ("RC", "CCAP", "CCP", "AE", "AVIS"):
                found = cover_title(lines_of(document))
                if _good_title(found):
                    return tidy(found)
    return None


_ADDRESS = re.compile(r"^\d|\b(?:rue|boulevard|avenue|place|cedex|bp|tel|telephone|courriel)\b")


def _named_after(lines: list[str], lead: str) -> str | None:
    """ "L'acheteur du présent accord-cadre est :" then "L'État," "Ministère ...", "Direction des
    achats de l'État", an address: the last organisation before the address, the most precise."""
    try:
        i = lines.index(lead)
    except ValueError:
        return None
    best = None
    for line in [x for x in lines[i + 1 : i + 10] if x][:6]:
        if _ADDRESS.search(fold(line)):
            break
        if organisation(line.rstrip(",")):
            best = line.rstrip(",")
    return best


def read_buyer(documents: list[Document]) -> str | None:
    for document in documents:
        lines = lines_of(document)
        # the line after "I.1) Nom et adresses" runs on with the address: cut by _buyer_value
        value = labelled(lines, "buyer", max_next=1, max_len=2000)
        inner = after_label(value, "buyer") if value else None
        value = inner or value  # "Name and addresses" then "Nom officiel: X"
        if value and CONTINUED.search(fold(value)):
            value = _named_after(lines, value) or value
        if value and 3 <= len(value) and not value.lower().startswith(("http", "le ou les", "non")):
            return tidy(_buyer_value(value), 120)
    for document in documents:
        for line in lines_of(document)[:40]:
            if organisation(line):
                return tidy(_buyer_value(line), 120)
    return None


def _named_reference(value: str) -> str | None:
    """The reference a form's own field gives: a code, or a few words ("AOO 2020/03")."""
    value = re.split(r"\.\s|;", value, maxsplit=1)[0].strip(" .")
    first = re.match(r"[A-Za-z0-9][A-Za-z0-9\-_/.]{2,40}", value)
    if first and re.search(r"\d", first.group()) and len(value.split()) > 3:
        return first.group().strip(".")  # "20-0123 - Travaux de voirie": the code, not the title after it
    if len(value) > 60 or len(value.split()) > 6 or not re.search(r"\w", value):
        return None
    return None if fold(value) in ("sans objet", "neant", "non", "aucun", "aucune") else value


def read_reference(documents: list[Document]) -> str | None:
    named_labels = [fold(label) for label in data()["reference_named"]]
    for document in documents:
        lines = lines_of(document)
        named = labelled(lines, "reference", max_next=1, labels=named_labels)
        if named and _named_reference(named):
            return _named_reference(named)
        value = labelled(lines, "reference", max_next=1)
        if value:
            token = re.search(r"[A-Za-z0-9][A-Za-z0-9\-_/.]{2,40}", value.replace("n°", " "))
            if token and re.search(r"\d", token.group()):
                return token.group().strip(".")
        for line in lines[:40]:  # a cover page's "N°2024-R001-000-000"
            m = re.match(r"^\s*n\s*[°ºo]\s*:?\s*([A-Za-z0-9][A-Za-z0-9\-_/.]{3,40})\s*$", line, re.IGNORECASE)
            if m and re.search(r"\d", m.group(1)):
                return m.group(1)
    for document in documents:
        for line in lines_of(document):
            m = _REFERENCE_IN_LINE.search(fold(line))
            if m and re.search(r"\d", m.group(1)):
                start = m.start(1)  # the same span, unfolded
                return line[start:start + len(m.group(1))].strip(".")
    return None


def _procedure_in(text: str) -> str | None:
    """The procedure named earliest in `text` (folded); the longest name at the same place."""
    found = [(text.find(fold(words)), -len(words), name) for words, name in data()["procedures"]]
    found = [f for f in found if f[0] >= 0]
    return min(found)[2] if found else None


def read_procedure(documents: list[Document]) -> str | None:
    """A line labelled as the procedure ("Type de procédure : ...", "IV.1.1) Type of procedure")
    and the line after it first; else the procedure named earliest in the first lines."""
    labels = [fold(label) for label in data()["procedure_labels"]]
    for document in documents:
        lines = lines_of(document)[:400]
        for i, line in enumerate(lines):
            body = fold(unnumbered(line))
            if any(body.startswith(label) for label in labels):
                named = _procedure_in(fold(" ".join(lines[i : i + 2])))
                if named:
                    return named
    for document in documents:
        named = _procedure_in(fold(" ".join(lines_of(document)[:120])))
        if named:
            return named
    return None


_REFERENCE_IN_LINE = re.compile(r"(?:numero de reference attribue au marche[^:]{0,80}|numero de (?:la )?consultation|"
                                r"numero de reference|sous la reference)\s*:?\s*([A-Za-z0-9][A-Za-z0-9\-_/.]{1,40})")
_ESTIMATED = re.compile(r"(?:sont|est|a ete|ont ete)\s+(?:globalement\s+)?(?:estimee?s?|evaluee?s?)\s+a\s")


def read_value(documents: list[Document]) -> float | None:
    """The estimated value excluding VAT: after its label, or in "les prestations sont estimées à"."""
    for _, following in labelled_lines(documents, "value"):
        for candidate in following:
            value = value_in(candidate)
            if value is not None and value >= 1000:
                return value
    for document in documents:
        for line in lines_of(document):
            m = _ESTIMATED.search(fold(line))
            value = value_in(line[m.end():m.end() + 80]) if m else None
            if value is not None and value >= 1000:
                return value
    return None


def read_deadline(documents: list[Document]) -> str | None:
    """The deadline for offers (or applications), from its label and the lines after it."""
    for document in documents:
        lines = head_and_tail(document)
        for label in labels_by_priority("deadline"):
            for i, line in enumerate(lines):
                rest = after_label(line, "deadline", only=label)
                if rest is None:
                    continue
                for candidate in [rest] + lines[i + 1 : i + 4]:
                    day = parse_date(candidate)
                    if day:
                        return day.isoformat()
    return None


def read_publication(documents: list[Document]) -> str | None:
    """The publication date: the day the notice was sent (TED's header first), else the day it was
    published ("publié le"), in the order of identity.yml."""
    lines = [head_and_tail(document) for document in documents]  # once: every label reads them
    for label in labels_by_priority("publication"):
        for document_lines in lines:
            value = labelled(document_lines, "publication", max_next=1, labels=[label])
            day = parse_date(value) if value else None
            if day:
                return day.isoformat()
    return None


def read_identity(tender: Tender) -> None:
    """Fill what the tender's structured fields left empty from the text of its documents."""
    documents = ordered_documents(tender)
    if not tender.title:
        tender.title = read_title(documents)
    if not tender.buyer:
        tender.buyer = read_buyer(documents)
    if not tender.reference:
        tender.reference = read_reference(documents)
    if not tender.procedure:
        tender.procedure = read_procedure(documents)
    if tender.value_ht is None:
        tender.value_ht = read_value(documents)
    if tender.duration_months is None:
        tender.duration_months = read_duration(documents)
    if tender.publication_date is None:
        tender.publication_date = read_publication(documents)
    if tender.deadline is None:
        tender.deadline = read_deadline(documents)
    if not tender.lots or tender.lot_division is None:
        lots, divided = read_lots(documents)
        if not tender.lots and lots:
            tender.lots = lots
        if tender.lot_division is None and divided is not None:
            tender.lot_division = divided
    values = [lot.value_ht for lot in tender.lots]
    if len(values) > 1 and all(values) and (tender.value_ht is None or tender.value_ht in values):
        tender.value_ht = float(sum(values))  # the lots' estimates add up to the tender's
