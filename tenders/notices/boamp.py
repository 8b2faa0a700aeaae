"""BOAMP XML notices (ANNONCE, schema v230 of the Journal officiel).

Element names are French already; the text is the notice's DONNEES block in reading order, with
labels from a small table and, for the rest, the element name made readable ("DUREE_MOIS" →
"Durée mois"). Boxes are empty elements ("VARIANTES_NON") rendered as "Variantes : non".
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
    elements,
    first,
    french_date,
    iso_date,
    local,
    number,
    text_of,
    unique,
)

FORMAT = "boamp-xml"

PROCEDURES = {
    "OUVERT": "Procédure ouverte",
    "RESTREINT": "Procédure restreinte",
    "PROCEDURE_ADAPTE": "Procédure adaptée",
    "DIALOGUE_COMPETITIF": "Dialogue compétitif",
    "NEGOCIE": "Procédure négociée",
    "CONCURRENTIELLE_AVEC_NEGOCIATION": "Procédure concurrentielle avec négociation",
    "PARTENARIAT_INNOVATION": "Partenariat d'innovation",
    "CONCOURS": "Concours",
}

SECTIONS = {
    "IDENTITE": "Section I : Identification de l'acheteur",
    "OBJET": "Section II : Objet du marché",
    "CONDITION_PARTICIPATION": "Section III : Conditions de participation",
    "CONDITION_RELATIVE_MARCHE": "Section III : Conditions relatives au marché",
    "PROCEDURE": "Section IV : Procédure",
    "CONDITION_DELAI": "Section IV : Délais",
    "ATTRIBUTION": "Section V : Attribution du marché",
    "RENSEIGNEMENTS_COMPLEMENTAIRES": "Section VI : Renseignements complémentaires",
}

LABELS = {
    "DENOMINATION": "Nom officiel",
    "ADRESSE": "Adresse postale",
    "CP": "Code postal",
    "VILLE": "Ville",
    "MEL": "Courriel",
    "TEL": "Téléphone",
    "URL": "Adresse internet",
    "URL_PROFIL_ACHETEUR": "Adresse du profil d'acheteur",
    "URL_DOCUMENT": "Adresse des documents",
    "URL_PARTICIPATION": "Adresse de participation",
    "ADJUDICATEUR_NUTS": "Code NUTS",
    "CODE_NUTS": "Code NUTS",
    "TITRE_MARCHE": "Intitulé",
    "REF_MARCHE": "Numéro de référence",
    "OBJET_COMPLET": "Description succincte",
    "PRINCIPAL": "Code CPV principal",
    "SECONDAIRE": "Code CPV additionnel",
    "NUM": "Lot nº",
    "INTITULE": "Intitulé",
    "DESCRIPTION": "Description",
    "LIEU_PRINCIPAL": "Lieu principal d'exécution",
    "LIEU_EXEC_LIVR": "Lieu d'exécution ou de livraison",
    "DUREE_MOIS": "Durée en mois",
    "DUREE_JOUR": "Durée en jours",
    "INFO_COMPL": "Informations complémentaires",
    "RENOUVELLEMENT_DESCRIPTION": "Description des reconductions",
    "OPTIONS_DESCRIPTION": "Description des options",
    "LOTS_RESERVE_POUVOIR_ADJUDICATEUR": "Lots réservés par le pouvoir adjudicateur",
    "SITUATION_JURIDIQUE": "Situation juridique – références requises",
    "CAP_ECO": "Capacité économique et financière",
    "CAP_TECH": "Capacité technique et professionnelle",
    "CONDITION_PARTICULIERE_EXECUTION": "Conditions particulières d'exécution",
    "FORME_JURIDIQUE": "Forme juridique du groupement",
    "RECEPT_OFFRES": "Date limite de réception des offres",
    "DATE_LIMITE_REPONSE": "Date limite de réception des offres",
    "LIMITATION_CANDIDATS": "Critères de limitation du nombre de candidats",
    "CRITERES_ATTRIBUTION": "Critères d'attribution",
    "CRITERES_CCTP": "Critères énoncés dans le cahier des charges",
    "CRITERES_LIBRE": "Critères d'attribution",
    "RENS_COMPLEMENT": "Autres informations",
    "INSTANCE_RECOURS": "Instance chargée des procédures de recours",
    "PROCEDURES_RECOURS_PRECISIONS": "Précisions concernant les délais d'introduction de recours",
    "DATE_ENVOI": "Date d'envoi du présent avis",
    "TITULAIRE": "Titulaire",
    "DIV_EN_LOTS": "Division en lots",
    "OFFRE_TOUS": "Des offres peuvent être présentées pour tous les lots",
    "MARCHE_RESERVE_OUI": "Marché réservé à des ateliers protégés ou à des opérateurs "
    "économiques qui ont pour objectif l'intégration sociale et professionnelle de personnes "
    "handicapées ou défavorisées",
    "MARCHE_RESERVE_NON": "Marché réservé : non",
}

CRITERION_GROUPS = {"CRITERES_QUALITE": "quality", "CRITERES_PRIX": "price",
                    "CRITERES_COUT": "cost", "CRITERES_PONDERES": None}
CRITERION_HEADS = {"quality": "Critère de qualité", "price": "Prix", "cost": "Coût"}


def _humanise(name: str) -> str:
    words = name.replace("-", " ").replace("_", " ").lower().strip()
    return words[:1].upper() + words[1:]


def _flag_line(name: str, parent: str = "") -> str:
    if name.upper() in ("OUI", "NON") and parent:  # <DIV_EN_LOTS><OUI/></DIV_EN_LOTS>
        return f"{LABELS.get(parent, _humanise(parent))} : {name.lower()}"
    if name in LABELS:
        return LABELS[name]
    for suffix, answer in (("_OUI", "oui"), ("_NON", "non")):
        if name.endswith(suffix):
            return f"{_humanise(name[: -len(suffix)])} : {answer}"
    return _humanise(name)


# --- criteria ------------------------------------------------------------------------------


def _criteria_of(block: etree._Element, lot: str | None) -> list[AwardCriterion]:
    found = []
    for group in elements(block):
        kind = local(group)
        if kind not in CRITERION_GROUPS:
            continue
        for crit in children(group, "CRITERE"):
            name = text_of(crit)
            ctype = CRITERION_GROUPS[kind] or (
                "price" if name.lower().startswith("prix") else "quality")
            found.append(AwardCriterion(name=name or CRITERION_HEADS[ctype],
                                        weight=number(crit.get("POIDS")), lot=lot, type=ctype))
        weight = child(group, "POIDS")  # price or cost given as a bare weight
        if weight is not None and not children(group, "CRITERE"):
            ctype = CRITERION_GROUPS[kind] or "price"
            found.append(AwardCriterion(name=CRITERION_HEADS[ctype], weight=number(text_of(weight)),
                                        lot=lot, type=ctype))
    return found


def _criterion_lines(block: etree._Element) -> list[str]:
    lines = []
    for crit in _criteria_of(block, None):
        parts = [f"Nom : {crit.name}"] if crit.name else []
        if crit.weight is not None:
            parts.append(f"Pondération : {crit.weight:g}")
        lines.append(f"{CRITERION_HEADS[crit.type]} - {' / '.join(parts)}")
    for el in elements(block):
        if local(el) not in CRITERION_GROUPS:
            value = text_of(el)
            lines.append(f"{LABELS.get(local(el), _humanise(local(el)))}"
                         + (f" : {value}" if value else ""))
    return lines


# --- text ----------------------------------------------------------------------------------


class _Renderer:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def walk(self, el: etree._Element) -> None:
        name = local(el)
        if name in SECTIONS:
            if self.lines:
                self.lines.append("")
            self.lines.append(SECTIONS[name])
        if name == "CRITERES_ATTRIBUTION":
            self.lines.append(LABELS[name])
            self.lines += _criterion_lines(el)
            return
        if name == "LOT":
            self.lines.append("")
        kids = list(elements(el))
        if kids and name not in SECTIONS and name not in ("DONNEES", "LOT", "LOTS") and \
                name in LABELS:
            self.lines.append(LABELS[name])
        if kids:
            for kid in kids:
                self.walk(kid)
            return
        value = clean(" ".join(el.itertext()))
        if not value:
            self.lines.append(_flag_line(name, local(el.getparent())))
            return
        if name in ("RECEPT_OFFRES", "DATE_LIMITE_REPONSE", "DATE_ENVOI"):
            value = french_date(iso_date(value[:10], value[11:] or None)) or value
        label = LABELS.get(name, _humanise(name))
        self.lines.append(f"{label} : {value}" if len(value) <= 80 else f"{label} :\n{value}")


def render_text(root: etree._Element) -> str:
    renderer = _Renderer()
    summary = text_of(first(root, "RESUME_OBJET"))
    renderer.lines.append("Avis BOAMP" + (f" – {summary}" if summary else ""))
    data = child(root, "DONNEES")
    if data is not None:
        for el in elements(data):
            renderer.walk(el)
    return "\n".join(renderer.lines).strip()


# --- entry point ---------------------------------------------------------------------------


def _procedure(data: etree._Element | None) -> str | None:
    kind = child(child(data, "PROCEDURE"), "TYPE_PROCEDURE")
    for el in elements(kind) if kind is not None else []:
        return PROCEDURES.get(local(el), _humanise(local(el)))
    return None


def _deadline(root: etree._Element) -> str | None:
    raw = text_of(first(root, "RECEPT_OFFRES")) or text_of(first(root, "DATE_LIMITE_REPONSE"))
    if not raw:
        return None
    return iso_date(raw[:10], raw[11:] or None)


def _lot_division(obj: etree._Element | None) -> bool | None:
    div = child(obj, "DIV_EN_LOTS")
    if div is None:
        return None
    names = {local(e) for e in elements(div)}
    return True if "OUI" in names else False if "NON" in names else None


def read(root: etree._Element, name: str) -> Tender:
    data = child(root, "DONNEES")
    obj = child(data, "OBJET")
    tender = Tender(source=name)
    tender.title = (text_of(child(obj, "TITRE_MARCHE")) or text_of(first(root, "RESUME_OBJET"))
                    or text_of(child(obj, "OBJET_COMPLET"))) or None
    tender.buyer = text_of(first(child(data, "IDENTITE"), "DENOMINATION")) or None
    tender.reference = text_of(child(obj, "REF_MARCHE")) or text_of(first(root, "IDWEB")) or None
    tender.procedure = _procedure(data)
    codes = [cpv_code(text_of(c)) for cpv in descendants(data, "CPV") for c in elements(cpv)]
    tender.cpv = unique(c for c in codes if c)
    tender.deadline = _deadline(root)
    tender.lot_division = _lot_division(obj)
    for lot in descendants(obj, "LOT"):
        number_ = text_of(child(lot, "NUM"))
        tender.lots.append(Lot(number=number_, title=text_of(child(lot, "INTITULE")) or None,
                               description=text_of(child(lot, "DESCRIPTION")) or None))
        for block in children(lot, "CRITERES_ATTRIBUTION"):
            tender.award_criteria += _criteria_of(block, number_ or None)
    for block in children(child(data, "PROCEDURE"), "CRITERES_ATTRIBUTION"):
        tender.award_criteria += _criteria_of(block, None)
    reserved = first(data, "MARCHE_RESERVE_OUI") is not None
    if reserved:
        tender.reserved = ["reserved_disability", "reserved_insertion"]
    social_env = child(first(root, "INDEXATION"), "CRITERES_SOCIAUX_ENV")
    tender.notice_fields = {
        "idweb": text_of(first(root, "IDWEB")) or None,
        "reserved": reserved,
        "criteres_sociaux_env": [local(e) for e in elements(social_env)] if social_env is not None
        else [],
        "descripteurs": [text_of(child(d, "LIBELLE")) for d in descendants(root, "DESCRIPTEUR")],
        "performance_conditions": text_of(first(data, "CONDITION_PARTICULIERE_EXECUTION")) or None,
    }
    text = render_text(root)
    tender.documents.append(Document(name=name, kind="AVIS", format=FORMAT,
                                     pages=[Page(1, text)], paginated=False))
    return tender
