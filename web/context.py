"""What every template may use: the taxonomy's French labels, the grid's axis labels, the job
stages, and small formatting helpers (dates, amounts, weights, clean passages)."""
from __future__ import annotations

from flask import Flask

import taxonomy
from scoring.data import load_grid
from text.passage import clean_passage

STAGE_LABELS = {None: "En attente", "read": "Lecture des documents", "detect": "Repérage des clauses",
                "score": "Notation", "save": "Enregistrement"}
STATUS_TEXT = {"queued": "en attente", "running": "en cours", "done": "terminée", "error": "en erreur"}
ACCEPT = ".pdf,.docx,.docm,.doc,.rtf,.odt,.xlsx,.xlsm,.xls,.ods,.csv,.html,.htm,.txt,.md,.xml,.zip"
AUDIT_LABELS = {"publish": "publication", "unpublish": "retrait de la publication", "delete": "suppression"}
ROLE_LABELS = {"officer": "acheteur", "trainer": "formateur", "admin": "administrateur"}


def axis_labels() -> dict[str, str]:
    return {axis: spec["label"] for axis, spec in load_grid()["axes"].items()}


def labels() -> dict:
    return {"CATEGORY_LABELS": taxonomy.CATEGORY_LABELS, "STATUS_LABELS": taxonomy.STATUS_LABELS,
            "FINDING_LABELS": taxonomy.FINDING_LABELS, "AXIS_LABELS": axis_labels(), "STAGE_LABELS": STAGE_LABELS,
            "STATUS_TEXT": STATUS_TEXT, "CATEGORIES": taxonomy.CATEGORIES, "ACCEPT": ACCEPT,
            "DOCUMENT_KIND_LABELS": taxonomy.DOCUMENT_KIND_LABELS, "ASPECT_LABELS": taxonomy.ASPECT_LABELS,
            "STRENGTH_LABELS": taxonomy.STRENGTH_LABELS, "LEVER_LABELS": taxonomy.LEVER_LABELS,
            "RULE_LABELS": taxonomy.RULE_LABELS, "CRITERION_TYPE_LABELS": taxonomy.CRITERION_TYPE_LABELS,
            "FINDING_KIND_LABELS": taxonomy.FINDING_KIND_LABELS, "AUDIT_LABELS": AUDIT_LABELS,
            "ROLE_LABELS": ROLE_LABELS}


def weight(value: float | None) -> str:
    """A criterion weight as printed (60, 12,5) or "non pondéré"; points or percent, as the notice gave it."""
    if value is None:
        return "non pondéré"
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}".replace(".", ",")


def date_fr(value: str | None) -> str:
    """An ISO date or date-time as a French reader writes it: 17/07/2026 (à 12 h 00)."""
    if not value:
        return "—"
    day = value[:10].split("-")
    if len(day) != 3:
        return value
    text = f"{day[2]}/{day[1]}/{day[0]}"
    time = value[11:16]
    return f"{text} à {time.replace(':', ' h ')}" if len(time) == 5 and time != "00:00" else text


def euros(value: float | None) -> str:
    """1234567.5 -> "1 234 568 € HT"."""
    if value is None:
        return "—"
    return f"{value:,.0f}".replace(",", "\u202f") + "\u00a0€ HT"


def labels_of(values, mapping: dict) -> list[str]:
    """The French labels of ids (an unknown id is not shown as itself)."""
    return [mapping.get(value, "autre") for value in values or []]


def guide_href(ref: str) -> str:
    """Where a recommendation's guide_ref leads: a sheet, or a section of the openness sheet."""
    if ref.startswith("acces-") and ref != "acces-petites-structures":
        return f"/guide/acces-petites-structures#{ref}"
    return f"/guide/{ref}"


def init_app(app: Flask) -> None:
    app.context_processor(labels)
    app.add_template_global(weight, "weight")
    app.add_template_global(guide_href, "guide_href")
    app.add_template_filter(date_fr, "date_fr")
    app.add_template_filter(euros, "euros")
    app.add_template_filter(clean_passage, "clean")
    app.add_template_filter(labels_of, "labels_of")
