"""TED legacy notices (TED_EXPORT, schema R2.0.9 and the R2.0.8 defence/transport forms).

One TED_EXPORT may carry the same form in several languages; we read the French one, else the
original. Structured fields fill the Tender; the whole form is rendered as French text with the
standard form labels so that the text detectors see what a reader of the notice sees.
"""
from __future__ import annotations

import re

from lxml import etree

from tenders.model import AwardCriterion, Document, Lot, Page, Tender

from . import ted_labels as L
from ._xml import (
    child,
    cpv_code,
    descendants,
    elements,
    first,
    french_date,
    iso_date,
    local,
    number,
    text_of,
    unique,
)

FORMAT = "ted-xml"
CRITERION_ELEMENTS = frozenset({"AC_QUALITY", "AC_COST", "AC_PRICE", "AC_CRITERIA"})


# --- choosing the form ---------------------------------------------------------------------


def form_element(root: etree._Element) -> etree._Element | None:
    """The French form section, else the original-language one, else the first form."""
    section = child(root, "FORM_SECTION")
    if section is None:
        return None
    # FORM_SECTION may also hold bookkeeping elements (NOTICE_UUID): forms carry LG or FORM.
    forms = [f for f in elements(section) if f.get("LG") or f.get("FORM")]
    if not forms:
        return None
    for wanted in (
        lambda f: f.get("LG") == "FR" and f.get("CATEGORY") == "ORIGINAL",
        lambda f: f.get("LG") == "FR",
        lambda f: f.get("CATEGORY") == "ORIGINAL",
    ):
        for form in forms:
            if wanted(form):
                return form
    return forms[0]


def form_code(form: etree._Element) -> str | None:
    """"F02" for F02_2014; defence forms say FORM="17", transport ones FORM="T01"."""
    code = form.get("FORM") or local(form).split("_", 1)[0]
    if code.isdigit():
        code = f"F{int(code):02d}"
    return code or None


# --- structured fields ---------------------------------------------------------------------


def _title(form: etree._Element) -> str | None:
    obj = child(form, "OBJECT_CONTRACT")
    title = text_of(child(obj, "TITLE")) or text_of(first(form, "TITLE_CONTRACT"))
    return title.replace("\n", " ") or None


def _buyer(root: etree._Element, form: etree._Element) -> str | None:
    body = child(form, "CONTRACTING_BODY")
    name = text_of(first(child(body, "ADDRESS_CONTRACTING_BODY"), "OFFICIALNAME"))
    if not name:
        # Defence forms nest the name deeper; any first OFFICIALNAME of the form is the buyer's.
        name = text_of(first(form, "OFFICIALNAME"))
    if not name:
        name = text_of(first(child(root, "TRANSLATION_SECTION"), "AA_NAME"))
    return name or None


def _reference(root: etree._Element, form: etree._Element) -> str | None:
    ref = text_of(first(form, "REFERENCE_NUMBER")) or text_of(first(form, "FILE_REFERENCE_NUMBER"))
    if ref:
        return ref
    notice_no = text_of(first(root, "NO_DOC_OJS"))
    return notice_no or root.get("DOC_ID")


def _procedure(root: etree._Element, form: etree._Element) -> str | None:
    for el in form.iter():
        name = local(el)
        if name.startswith("PT_") and name in L.FLAGS:
            return L.FLAGS[name]
    coded = first(root, "PR_PROC")
    if coded is not None:
        return coded.get("CODE") or text_of(coded) or None
    return None


def _cpv(root: etree._Element, form: etree._Element) -> list[str]:
    codes = [cpv_code(c.get("CODE")) for c in descendants(form, "CPV_CODE")]
    if not codes:
        codes = [cpv_code(c.get("CODE")) for c in descendants(root, "ORIGINAL_CPV")]
    return unique(c for c in codes if c)


def _deadline(form: etree._Element) -> str | None:
    date = first(form, "DATE_RECEIPT_TENDERS")
    if date is not None:
        return iso_date(text_of(date), text_of(first(form, "TIME_RECEIPT_TENDERS")))
    limit = first(form, "RECEIPT_LIMIT_DATE")  # R2.0.8 defence forms: DAY/MONTH/YEAR/TIME
    if limit is not None:
        y, m, d = (text_of(child(limit, n)) for n in ("YEAR", "MONTH", "DAY"))
        if y and m and d:
            return iso_date(f"{int(y):04d}-{int(m):02d}-{int(d):02d}", text_of(child(limit, "TIME")))
    return None


def _lot_division(form: etree._Element) -> bool | None:
    names = {local(e) for e in form.iter() if isinstance(e.tag, str)}
    if "LOT_DIVISION" in names or "F17_DIV_INTO_LOT_YES" in names:
        return True
    if "NO_LOT_DIVISION" in names or "DIV_INTO_LOT_NO" in names:
        return False
    return None


def _lots(form: etree._Element) -> list[Lot]:
    lots = []
    for descr in descendants(form, "OBJECT_DESCR"):
        number_ = text_of(child(descr, "LOT_NO"))
        if number_:
            title = text_of(child(descr, "TITLE")).replace("\n", " ") or None
            lots.append(Lot(number=number_, title=title,
                            description=text_of(child(descr, "SHORT_DESCR")) or None))
    for annex in descendants(form, "F17_ANNEX_B"):  # defence forms
        number_ = text_of(child(annex, "LOT_NUMBER"))
        if number_:
            lots.append(Lot(number=number_, title=text_of(child(annex, "LOT_TITLE")) or None,
                            description=text_of(child(annex, "LOT_DESCRIPTION")) or None))
    return lots


def _raw_criteria(form: etree._Element) -> list[dict]:
    """Award criteria as written, per lot: element name, criterion name, weighting text."""
    raw = []
    for descr in descendants(form, "OBJECT_DESCR"):
        lot = text_of(child(descr, "LOT_NO")) or None
        # Older publications put AC_* straight under DIRECTIVE_2014_24_EU, without <AC>.
        for el in descr.iter():
            if not isinstance(el.tag, str):
                continue
            if local(el) in CRITERION_ELEMENTS:
                raw.append({
                    "element": local(el),
                    "name": text_of(child(el, "AC_CRITERION")) or None,
                    "weighting": text_of(child(el, "AC_WEIGHTING")) or None,
                    "lot": lot,
                })
            elif local(el) == "AC_CRITERION" and local(el.getparent()) not in CRITERION_ELEMENTS:
                # Concession forms (F25) list <AC><AC_CRITERION> with no wrapper and no weighting
                # element: the weight, if any, is written in the name.
                raw.append({"element": "AC_CRITERIA", "name": text_of(el) or None, "weighting": None,
                            "lot": lot})
    return raw


_CRITERION_TYPES = {"AC_PRICE": ("price", "Prix"), "AC_COST": ("cost", "Coût"),
                    "AC_QUALITY": ("quality", "")}


# Free-text criterion fields that only point elsewhere ("Voir II.2.14)", "critères énoncés dans
# les documents du marché").
_NOT_A_CRITERION = re.compile(
    r"^\s*(?:voir|cf\.?|se reporter|selon|conform[ée]ment|en application)\b|"
    r"^\s*(?:la concession est attribu[ée]e|les crit[èe]res|crit[èe]res [ée]nonc[ée]s)|"
    r"^\s*(?:r[èe]glement de (?:la )?consultation|documents? de la consultation|cahier des charges)\s*\.?\s*$",
    re.IGNORECASE)


def _criterion(raw: dict) -> AwardCriterion | None:
    weight = number(raw["weighting"])
    name = raw["name"] or ""
    if raw["element"] in _CRITERION_TYPES:
        ctype, default = _CRITERION_TYPES[raw["element"]]
        return AwardCriterion(name=name or default, weight=weight, lot=raw["lot"], type=ctype)
    # AC_CRITERIA (F15, concessions, social services) is untyped: a criterion named after the
    # price is the price criterion.
    if not name or _NOT_A_CRITERION.search(name):
        return None
    ctype = "price" if name.strip().lower().startswith(("prix", "price")) else "quality"
    return AwardCriterion(name=name, weight=weight, lot=raw["lot"], type=ctype)


def _award_criteria(raw: list[dict]) -> list[AwardCriterion]:
    return [c for c in (_criterion(r) for r in raw) if c is not None]


def _has(form: etree._Element, name: str) -> bool:
    return first(form, name) is not None


def _reserved(fields: dict) -> list[str]:
    # The EU checkbox covers sheltered workshops (disability) and integration of disadvantaged
    # persons (insertion) at once: report both, the text detector refines later.
    reserved = []
    if fields["reserved_sheltered_workshop"] or fields["reserved_sheltered_program"]:
        reserved += ["reserved_disability", "reserved_insertion"]
    if fields["reserved_service_mission"]:
        reserved.append("reserved_ess")
    return reserved


def _notice_fields(root: etree._Element, form: etree._Element) -> dict:
    perf = descendants(form, "PERFORMANCE_CONDITIONS")
    performance = "\n".join(filter(None, (text_of(p) for p in perf))) or None
    legal = child(form, "LEGAL_BASIS")
    return {
        "form": form_code(form),
        "language": form.get("LG"),
        "legal_basis": legal.get("VALUE") if legal is not None else None,
        "doc_id": root.get("DOC_ID"),
        "reserved_sheltered_workshop": _has(form, "RESTRICTED_SHELTERED_WORKSHOP"),
        "reserved_sheltered_program": _has(form, "RESTRICTED_SHELTERED_PROGRAM"),
        "reserved_service_mission": _has(form, "RESERVED_ORGANISATIONS_SERVICE_MISSION"),
        "performance_conditions": performance,
        "award_criteria": _raw_criteria(form),
        # For the response-time and turnover checks of scoring/.
        "publication_date": iso_date(text_of(first(root, "DATE_PUB")) or None),
        "estimated_value": _estimated_value(form),
    }


def _estimated_value(form: etree._Element) -> float | None:
    """The whole contract's estimated value (first VAL_ESTIMATED_TOTAL, else VAL_TOTAL), in EUR."""
    for name in ("VAL_ESTIMATED_TOTAL", "VAL_TOTAL"):
        el = first(form, name)
        if el is not None and (el.get("CURRENCY") or "EUR") == "EUR":
            return number(text_of(el))
    return None


# --- text rendering ------------------------------------------------------------------------


def _label(table: dict[str, str], el: etree._Element) -> str | None:
    parent = el.getparent()
    if parent is not None:
        specific = table.get(f"{local(parent)}/{local(el)}")
        if specific:
            return specific
    return table.get(local(el))


def _value(el: etree._Element) -> str:
    """Displayed value of a leaf: text, coded attribute, date, amount."""
    name = local(el)
    if name.startswith("DATE_") or name in ("DATE_START", "DATE_END"):
        return french_date(iso_date(text_of(el))) or text_of(el)
    for attr in ("VALUE", "CTYPE", "CODE"):
        code = el.get(attr)
        if code and not text_of(el):
            return L.VALUE_LABELS.get(code, code)
    text = text_of(el)
    if name == "DURATION" and el.get("TYPE"):
        unit = {"MONTH": "mois", "DAY": "jours", "YEAR": "ans"}.get(el.get("TYPE"), el.get("TYPE"))
        return f"{text} {unit}"
    if el.get("CURRENCY") and text:
        return f"{text} {el.get('CURRENCY')}"
    return text


def _field_line(label: str, value: str) -> str:
    if not value:
        return f"{label} :"
    if "\n" in value or len(value) > 80:
        return f"{label} :\n{value}"
    return f"{label} : {value}"


def _render_criterion(el: etree._Element) -> str:
    name = text_of(child(el, "AC_CRITERION"))
    weight = text_of(child(el, "AC_WEIGHTING"))
    kind = local(el)
    head = {"AC_QUALITY": "Critère de qualité", "AC_COST": "Coût", "AC_PRICE": "Prix"}.get(
        kind, "Critère")
    parts = []
    if name:
        parts.append(f"Nom : {name}")
    if weight:
        parts.append(f"Pondération : {weight}")
    return f"{head} - {' / '.join(parts)}" if parts else head


AC_HEADING = L.HEADINGS["AC"]
_CRITERION_HEADS = ("Critère de qualité", "Coût", "Prix", "Critère")


def _is_criterion_line(last: list[str]) -> bool:
    return bool(last) and last[0].startswith(_CRITERION_HEADS)


def _render_range(el: etree._Element, label: str) -> str:
    low, high = text_of(child(el, "LOW")), text_of(child(el, "HIGH"))
    cur = el.get("CURRENCY", "")
    return f"{label} : offre la plus basse : {low} / offre la plus élevée : {high} {cur}".rstrip()


class _Renderer:
    def __init__(self, form: etree._Element):
        self.form = form
        self.lines: list[str] = []
        self.section: str | None = None
        legal = child(form, "LEGAL_BASIS")
        self.legal_basis = legal.get("VALUE") if legal is not None else None

    def emit(self, text: str) -> None:
        if text:
            self.lines.append(text)

    def blank(self) -> None:
        if self.lines and self.lines[-1]:
            self.lines.append("")

    def render(self) -> str:
        code = form_code(self.form) or ""
        self.emit(L.FORM_TITLES.get(code, f"Avis {code}".strip()))
        if self.legal_basis:
            self.emit(L.LEGAL_BASES.get(self.legal_basis, self.legal_basis))
        for el in elements(self.form):
            self.walk(el)
        return "\n".join(self.lines).strip()

    def walk(self, el: etree._Element) -> None:
        name = local(el)
        if name in L.SKIP:
            return
        if name in L.SECTIONS:
            heading = L.SECTIONS[name]
            if heading != self.section:
                self.blank()
                self.emit(heading)
                self.section = heading
            self.walk_children(el)
            return
        if name in CRITERION_ELEMENTS:
            if local(el.getparent()) != "AC" and self.lines[-1:] != [AC_HEADING] and \
                    not _is_criterion_line(self.lines[-1:]):
                self.emit(AC_HEADING)  # older schemas have no <AC> wrapper to print it
            self.emit(_render_criterion(el))
            return
        if name == "RESERVED_ORGANISATIONS_SERVICE_MISSION":
            self.emit(L.RESERVED_SERVICE_MISSION_2014_25 if self.legal_basis == "32014L0025"
                      else L.RESERVED_SERVICE_MISSION_2014_24)
            return
        if name == "CPV_CODE":
            self.emit(cpv_code(el.get("CODE")) or "")
            return
        if name in ("VAL_RANGE_TOTAL", "RANGE_VALUE_COST") and child(el, "LOW") is not None:
            label = _label(L.HEADINGS, el) or _label(L.FIELDS, el) or "Valeur"
            self.emit(_render_range(el, label))
            return
        if name in ("OBJECT_DESCR", "AWARD_CONTRACT"):
            self.blank()
        if name in L.FLAGS:
            self.emit(L.FLAGS[name])
            self.walk_children(el)
            return
        heading = _label(L.HEADINGS, el)
        has_children = any(local(c) not in ("P", "FT") for c in elements(el))
        if heading is not None and (has_children or not text_of(el)):
            self.emit(heading)
            if has_children:
                self.walk_children(el)
            else:
                self.emit(_value(el))
            return
        label = _label(L.FIELDS, el) or heading
        if has_children:
            if label:
                self.emit(label)
            self.walk_children(el)
            return
        value = _value(el)
        if label:
            self.emit(_field_line(label, value))
        elif value:
            self.emit(value)

    def walk_children(self, el: etree._Element) -> None:
        for c in elements(el):
            self.walk(c)


def render_text(form: etree._Element) -> str:
    return _Renderer(form).render()


# --- entry point ---------------------------------------------------------------------------


def read(root: etree._Element, name: str) -> Tender:
    form = form_element(root)
    tender = Tender(source=name)
    if form is None:
        text = text_of(root)
        tender.documents.append(_document(name, text))
        return tender
    fields = _notice_fields(root, form)
    tender.title = _title(form)
    tender.buyer = _buyer(root, form)
    tender.reference = _reference(root, form)
    tender.procedure = _procedure(root, form)
    tender.cpv = _cpv(root, form)
    tender.deadline = _deadline(form)
    tender.lots = _lots(form)
    tender.award_criteria = _award_criteria(fields["award_criteria"])
    tender.lot_division = _lot_division(form)
    tender.reserved = _reserved(fields)
    tender.notice_fields = fields
    tender.documents.append(_document(name, render_text(form)))
    return tender


def _document(name: str, text: str) -> Document:
    return Document(name=name, kind="AVIS", format=FORMAT, pages=[Page(1, text)], paginated=False)
