"""eForms notices (UBL ContractNotice, PriorInformationNotice, ContractAwardNotice).

Texts exist in several languages (languageID); we read French ("FRA") when present, else the
notice's own language. BT numbers in comments refer to the eForms business terms.
"""
from __future__ import annotations

from lxml import etree

from tenders.model import AwardCriterion, Document, Lot, Page, Tender

from ._xml import (
    child,
    children,
    clean,
    cpv_code,
    descendants,
    first,
    french_date,
    iso_date,
    local,
    number,
    unique,
)

FORMAT = "eforms-xml"

ROOT_TITLES = {
    "ContractNotice": "Avis de marché (eForms)",
    "PriorInformationNotice": "Avis de préinformation (eForms)",
    "ContractAwardNotice": "Avis d'attribution de marché (eForms)",
}

PROCEDURES = {
    "open": "Procédure ouverte",
    "restricted": "Procédure restreinte",
    "neg-w-call": "Procédure négociée avec mise en concurrence préalable",
    "neg-wo-call": "Procédure négociée sans mise en concurrence préalable",
    "comp-dial": "Dialogue compétitif",
    "innovation": "Partenariat d'innovation",
    "comp-tend": "Procédure de mise en concurrence",
    "oth-single": "Autre procédure en une étape",
    "oth-mult": "Autre procédure en plusieurs étapes",
    "exp-int-rail": "Appel à manifestation d'intérêt (transport ferroviaire)",
}

CODE_LABELS = {
    "strategic-procurement": {
        "env-imp": "Réduction des incidences environnementales",
        "soc-obj": "Objectif social",
        "inn-pur": "Achat d'innovation",
        "none": "Aucune passation de marché stratégique",
    },
    "environmental-impact": {
        "clim-mitig": "Atténuation du changement climatique",
        "clim-adapt": "Adaptation au changement climatique",
        "circ-econ": "Transition vers une économie circulaire",
        "biodiv-eco": "Protection et restauration de la biodiversité et des écosystèmes",
        "pollu-prev": "Prévention et réduction de la pollution",
        "water-mar": "Utilisation durable et protection des ressources aquatiques et marines",
        "other": "Autre incidence environnementale",
    },
    "social-objective": {
        "opp": "Promotion de l'emploi, de l'inclusion sociale et de l'insertion",
        "work-cond": "Conditions de travail équitables",
        "gen-eq": "Égalité entre les femmes et les hommes",
        "et-eq": "Égalité ethnique",
        "acc-all": "Accessibilité pour tous",
        "hum-right": "Respect des droits de l'homme",
        "other": "Autre objectif social",
    },
    "innovative-acquisition": {
        "mar-nov": "Nouveauté sur le marché",
        "proc-inn": "Innovation de procédé",
        "rd-act": "Activités de recherche et développement",
    },
    "contract-nature": {"works": "Travaux", "supplies": "Fournitures", "services": "Services"},
}

RESERVED_PARTICIPATION = {  # BT-71
    "res-ws": "Participation réservée aux ateliers protégés et aux opérateurs économiques qui "
    "ont pour objectif l'intégration sociale et professionnelle de personnes handicapées ou "
    "défavorisées",
    "res-pub-ser": "Participation réservée aux organisations qui ont une mission de service "
    "public et remplissent les conditions fixées par la directive",
    "none": "Participation réservée : non",
}
RESERVED_IDS = {"res-ws": ["reserved_disability", "reserved_insertion"],
                "res-pub-ser": ["reserved_ess"]}
RESERVED_EXECUTION = {  # BT-736
    "yes": "L'exécution du marché est réservée dans le cadre de programmes d'emplois protégés",
    "no": "Exécution réservée dans le cadre de programmes d'emplois protégés : non",
}
CRITERION_HEADS = {"quality": "Critère de qualité", "price": "Prix", "cost": "Coût"}

# Labels of free texts, by "Parent/Element" then by element.
TEXT_LABELS = {
    "ProcurementProject/Name": "Intitulé",
    "ProcurementProject/Description": "Description",
    "ProcurementProject/Note": "Informations complémentaires",
    "ContractExecutionRequirement/Description": "Conditions d'exécution du marché",
    "ProcurementAdditionalType/ProcurementType": "Description de la passation de marché "
    "stratégique",
    "AwardingTerms/Description": "Critères d'attribution – précisions",
    "AwardingCriterion/Description": "Critères d'attribution – précisions",
    "TenderingProcess/Description": "Principales caractéristiques de la procédure",
    "TenderingTerms/Note": "Informations complémentaires",
    "SpecificTendererRequirement/Description": "Critère de sélection",
    "AppealTerms/PresentationPeriod": "Recours",
    "Note": "Informations complémentaires",
    "Description": "Description",
    "Name": "Nom",
}


class _Reader:
    def __init__(self, root: etree._Element):
        self.root = root
        self.lang = _language(root)
        self.done: set[etree._Element] = set()  # texts already rendered (kept alive: stable)

    # -- language-aware access ----------------------------------------------------------------

    def pick(self, candidates: list[etree._Element]) -> etree._Element | None:
        """The French (or chosen-language) element among translations, else the first."""
        if not candidates:
            return None
        for el in candidates:
            if el.get("languageID") == self.lang:
                return el
        for el in candidates:
            if el.get("languageID") is None:
                return el
        return candidates[0]

    def text(self, parent: etree._Element | None, name: str) -> str:
        return self.text_among(children(parent, name))

    def text_among(self, candidates: list[etree._Element]) -> str:
        el = self.pick(candidates)
        if el is None:
            return ""
        for same in candidates:  # translations count as rendered too
            self.done.add(same)
        return clean(el.text)

    def party_name(self, company: etree._Element | None) -> str:
        # Some notices repeat <cac:PartyName> once per language instead of repeating <cbc:Name>.
        return self.text_among([n for p in children(company, "PartyName")
                                for n in children(p, "Name")])

    # -- structured fields --------------------------------------------------------------------

    def organizations(self) -> dict[str, etree._Element]:
        orgs = {}
        for org in descendants(self.root, "Organization"):
            company = child(org, "Company")
            ident = first(child(company, "PartyIdentification"), "ID")
            if ident is not None and ident.text:
                orgs[ident.text.strip()] = company
        return orgs

    def buyer(self) -> etree._Element | None:
        party = first(child(self.root, "ContractingParty"), "Party")
        ident = first(party, "ID")
        if ident is None or not ident.text:
            return None
        return self.organizations().get(ident.text.strip())

    def lots(self) -> list[etree._Element]:
        return [lot for lot in children(self.root, "ProcurementProjectLot")
                if (first(lot, "ID") is not None and first(lot, "ID").get("schemeName") in
                    (None, "Lot", "Part"))]

    def codes(self, scope: etree._Element | None, list_name: str) -> list[str]:
        return unique(clean(el.text) for el in (scope.iter() if scope is not None else [])
                      if isinstance(el.tag, str) and el.get("listName") == list_name)

    def cpv(self) -> list[str]:
        codes = [cpv_code(el.text) for el in self.root.iter()
                 if isinstance(el.tag, str) and local(el) == "ItemClassificationCode"
                 and el.get("listName") == "cpv"]
        return unique(c for c in codes if c)

    def deadline(self) -> str | None:
        for name in ("TenderSubmissionDeadlinePeriod", "ParticipationRequestReceptionPeriod"):
            period = first(self.root, name)
            if period is not None:
                date = child(period, "EndDate")
                time = child(period, "EndTime")
                return iso_date(date.text if date is not None else None,
                                time.text if time is not None else None)
        return None

    def criteria(self, lot: etree._Element, lot_id: str | None) -> list[AwardCriterion]:
        found = []
        for crit in descendants(lot, "SubordinateAwardingCriterion"):
            ctype = clean(_text(child(crit, "AwardingCriterionTypeCode"))) or "quality"
            name = self.text(crit, "Name") or self.text(crit, "Description")
            weight = None
            for param in descendants(crit, "AwardCriterionParameter"):
                code = child(param, "ParameterCode")
                if code is not None and code.get("listName") == "number-weight":
                    weight = number(_text(child(param, "ParameterNumeric")))
            found.append(AwardCriterion(
                name=name or CRITERION_HEADS.get(ctype, ctype), weight=weight, lot=lot_id,
                type=ctype if ctype in CRITERION_HEADS else "quality"))
        return found


def _text(el: etree._Element | None) -> str:
    return el.text or "" if el is not None else ""


def _language(root: etree._Element) -> str:
    langs = [el.get("languageID") for el in root.iter()
             if isinstance(el.tag, str) and el.get("languageID")]
    if "FRA" in langs:
        return "FRA"
    notice_lang = first(root, "NoticeLanguageCode")
    if notice_lang is not None and notice_lang.text:
        return notice_lang.text.strip()
    return langs[0] if langs else "FRA"


# --- rendering -----------------------------------------------------------------------------


def _line(label: str, value: str) -> str:
    if not value:
        return ""
    return f"{label} :\n{value}" if "\n" in value or len(value) > 80 else f"{label} : {value}"


def _code_lines(reader: _Reader, scope: etree._Element, list_name: str, label: str) -> list[str]:
    labels = CODE_LABELS[list_name]
    return [f"{label} : {labels.get(code, code)}" for code in reader.codes(scope, list_name)]


def _org_lines(reader: _Reader, company: etree._Element | None) -> list[str]:
    if company is None:
        return []
    address = child(company, "PostalAddress")
    contact = child(company, "Contact")
    country = first(child(address, "Country"), "IdentificationCode")
    lines = [
        _line("Nom officiel", reader.party_name(company)),
        _line("Numéro d'identification", clean(_text(first(child(company, "PartyLegalEntity"),
                                                            "CompanyID")))),
        _line("Adresse postale", reader.text(address, "StreetName")),
        _line("Ville", reader.text(address, "CityName")),
        _line("Code postal", clean(_text(child(address, "PostalZone")))),
        _line("Pays", clean(_text(country))),
        _line("Courriel", clean(_text(child(contact, "ElectronicMail")))),
        _line("Téléphone", clean(_text(child(contact, "Telephone")))),
        _line("Adresse internet", clean(_text(child(company, "WebsiteURI")))),
    ]
    return [line for line in lines if line]


def _project_lines(reader: _Reader, project: etree._Element | None) -> list[str]:
    if project is None:
        return []
    lines = [
        _line("Identifiant interne", clean(_text(child(project, "ID")))),
        _line("Intitulé", reader.text(project, "Name")),
        _line("Description", reader.text(project, "Description")),
        _line("Nature du marché", CODE_LABELS["contract-nature"].get(
            clean(_text(child(project, "ProcurementTypeCode"))), "")),
    ]
    main = [cpv_code(_text(first(c, "ItemClassificationCode")))
            for c in children(project, "MainCommodityClassification")]
    extra = [cpv_code(_text(first(c, "ItemClassificationCode")))
             for c in children(project, "AdditionalCommodityClassification")]
    if any(main):
        lines.append(_line("Code CPV principal", " ".join(c for c in main if c)))
    if any(extra):
        lines.append(_line("Codes CPV additionnels", " ".join(c for c in extra if c)))
    lines += _code_lines(reader, project, "strategic-procurement", "Passation de marché "
                         "stratégique")
    lines += _code_lines(reader, project, "environmental-impact", "Marché public écologique – "
                         "incidence environnementale")
    lines += _code_lines(reader, project, "social-objective", "Marché public socialement "
                         "responsable – objectif social")
    lines += _code_lines(reader, project, "innovative-acquisition", "Achat d'innovation")
    lines.append(_line("Informations complémentaires", reader.text(project, "Note")))
    return [line for line in lines if line]


def _criterion_lines(reader: _Reader, lot: etree._Element, lot_id: str) -> list[str]:
    lines = []
    for crit in descendants(lot, "SubordinateAwardingCriterion"):
        ctype = clean(_text(child(crit, "AwardingCriterionTypeCode"))) or "quality"
        name = reader.text(crit, "Name")
        description = reader.text(crit, "Description")
        weight = ""
        for param in descendants(crit, "AwardCriterionParameter"):
            code = child(param, "ParameterCode")
            if code is not None and code.get("listName") == "number-weight":
                weight = clean(_text(child(param, "ParameterNumeric")))
        parts = [f"Nom : {name}"] if name else []
        if weight:
            parts.append(f"Pondération : {weight}")
        head = CRITERION_HEADS.get(ctype, ctype)
        lines.append(f"{head} - {' / '.join(parts)}" if parts else head)
        if description:
            lines.append(f"Description : {description}")
    return lines


def _reservation_lines(reader: _Reader, lot: etree._Element) -> list[str]:
    lines = [RESERVED_PARTICIPATION.get(c, c)
             for c in reader.codes(lot, "reserved-procurement")]
    lines += [RESERVED_EXECUTION.get(c, c) for c in reader.codes(lot, "reserved-execution")]
    return lines


def _deadline_lines(lot: etree._Element) -> list[str]:
    lines = []
    labels = {"TenderSubmissionDeadlinePeriod": "Date limite de réception des offres",
              "ParticipationRequestReceptionPeriod": "Date limite de réception des demandes "
              "de participation"}
    for name, label in labels.items():
        period = first(lot, name)
        if period is not None:
            when = iso_date(_text(child(period, "EndDate")), _text(child(period, "EndTime")))
            lines.append(_line(label, french_date(when)))
    return [line for line in lines if line]


def _remaining_texts(reader: _Reader, scope: etree._Element) -> list[str]:
    """Every free text of the scope not rendered yet, in document order (nothing is lost)."""
    lines = []
    for el in scope.iter():
        if not isinstance(el.tag, str) or el.get("languageID") is None or el in reader.done:
            continue
        parent = el.getparent()
        group = [c for c in children(parent, local(el))]
        chosen = reader.pick(group)
        for same in group:
            reader.done.add(same)
        if chosen is None or not clean(chosen.text):
            continue
        key = f"{local(parent)}/{local(el)}"
        label = TEXT_LABELS.get(key) or TEXT_LABELS.get(local(el), local(el))
        lines.append(_line(label, clean(chosen.text)))
    return lines


def render_text(reader: _Reader, lots: list[etree._Element]) -> str:
    root = reader.root
    out = [ROOT_TITLES.get(local(root), "Avis (eForms)")]
    notice_id = clean(_text(child(root, "ID")))
    out.append(_line("Identifiant de l'avis", notice_id))
    out.append(_line("Date d'envoi", french_date(iso_date(_text(child(root, "IssueDate"))))))
    out += ["", "Section 1 : Acheteur"] + _org_lines(reader, reader.buyer())
    process = child(root, "TenderingProcess")
    out += ["", "Section 2 : Procédure"]
    out += _project_lines(reader, child(root, "ProcurementProject"))
    code = clean(_text(child(process, "ProcedureCode")))
    out.append(_line("Type de procédure", PROCEDURES.get(code, code)))
    out.append(_line("Principales caractéristiques de la procédure",
                     reader.text(process, "Description")))
    for lot in lots:
        lot_id = clean(_text(first(lot, "ID")))
        out += ["", f"Section 5 : Lot {lot_id}"]
        out += _project_lines(reader, child(lot, "ProcurementProject"))
        out += _reservation_lines(reader, lot)
        criteria = _criterion_lines(reader, lot, lot_id)
        if criteria:
            out += ["Critères d'attribution"] + criteria
        out += _deadline_lines(lot)
        out += _remaining_texts(reader, lot)
    rest = _remaining_texts(reader, root)
    if rest:
        out += ["", "Autres informations"] + rest
    return "\n".join(_squeeze(out)).strip()


def _squeeze(lines: list[str]) -> list[str]:
    """Drop empty values; a blank line stays only before a section heading."""
    out: list[str] = []
    for i, line in enumerate(lines):
        if line:
            out.append(line)
        elif out and i + 1 < len(lines) and lines[i + 1].startswith(("Section", "Autres")):
            out.append("")
    return out


# --- entry point ---------------------------------------------------------------------------


def read(root: etree._Element, name: str) -> Tender:
    reader = _Reader(root)
    lots = reader.lots()
    tender = Tender(source=name)
    project = child(root, "ProcurementProject")
    tender.title = reader.text(project, "Name") or None
    buyer = reader.buyer()
    if buyer is not None:
        tender.buyer = reader.party_name(buyer) or None
    tender.reference = (clean(_text(child(project, "ID")))
                        or clean(_text(child(root, "ContractFolderID")))
                        or clean(_text(child(root, "ID")))) or None
    code = clean(_text(child(child(root, "TenderingProcess"), "ProcedureCode")))
    tender.procedure = PROCEDURES.get(code, code) or None
    tender.cpv = reader.cpv()
    tender.deadline = reader.deadline()
    reserved_codes: list[str] = []
    for lot in lots:
        lot_id = clean(_text(first(lot, "ID")))
        codes = reader.codes(lot, "reserved-procurement")
        reserved_codes += codes
        lot_reserved = unique(cat for c in codes for cat in RESERVED_IDS.get(c, []))
        tender.lots.append(Lot(
            number=lot_id,
            title=reader.text(child(lot, "ProcurementProject"), "Name") or None,
            reserved=lot_reserved,
            description=reader.text(child(lot, "ProcurementProject"), "Description") or None,
        ))
        tender.award_criteria += reader.criteria(lot, lot_id)
    tender.lot_division = (len(lots) > 1) if lots else None
    tender.reserved = unique(cat for lot in tender.lots for cat in lot.reserved)
    tender.notice_fields = {
        "notice_type": clean(_text(child(root, "NoticeTypeCode"))) or None,
        "notice_subtype": clean(_text(first(root, "SubTypeCode"))) or None,
        "language": reader.lang,
        "reserved_procurement": unique(reserved_codes),
        "reserved_execution": reader.codes(root, "reserved-execution"),
        "strategic_procurement": reader.codes(root, "strategic-procurement"),
        "green_procurement": reader.codes(root, "environmental-impact"),
        "social_procurement": reader.codes(root, "social-objective"),
        "innovative_procurement": reader.codes(root, "innovative-acquisition"),
        "lot_count": len(lots),
        # For the response-time and turnover checks of scoring/.
        "publication_date": iso_date(_text(first(root, "PublicationDate")) or _text(child(root, "IssueDate"))),
        "estimated_value": number(_text(first(root, "EstimatedOverallContractAmount"))),
    }
    reader.done.clear()  # rendering starts afresh: the structured pass marked texts as read
    text = render_text(reader, lots)
    tender.documents.append(Document(name=name, kind="AVIS", format=FORMAT,
                                     pages=[Page(1, text)], paginated=False))
    return tender
