"""What every template may use: the taxonomy's French labels, the grid's axis labels, the job
stages, and small formatting helpers."""
from __future__ import annotations

from flask import Flask

import taxonomy
from scoring.data import load_grid
from web.highlight import page_anchor

STAGE_LABELS = {None: "En attente", "read": "Lecture des documents", "detect": "Repérage des clauses",
                "score": "Notation", "save": "Enregistrement"}
STATUS_TEXT = {"queued": "en attente", "running": "en cours", "done": "terminée", "error": "en erreur"}
ACCEPT = ".pdf,.docx,.odt,.html,.htm,.txt,.md,.xml,.zip"


def axis_labels() -> dict[str, str]:
    return {axis: spec["label"] for axis, spec in load_grid()["axes"].items()}


def labels() -> dict:
    return {"CATEGORY_LABELS": taxonomy.CATEGORY_LABELS, "STATUS_LABELS": taxonomy.STATUS_LABELS,
            "FINDING_LABELS": taxonomy.FINDING_LABELS, "AXIS_LABELS": axis_labels(), "STAGE_LABELS": STAGE_LABELS,
            "STATUS_TEXT": STATUS_TEXT, "CATEGORIES": taxonomy.CATEGORIES, "ACCEPT": ACCEPT}


def weight(value: float | None) -> str:
    """A criterion weight as printed (60, 12,5) or "non pondéré"; points or percent, as the notice gave it."""
    if value is None:
        return "non pondéré"
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}".replace(".", ",")


def guide_href(ref: str) -> str:
    """Where a recommendation's guide_ref leads: a sheet, or a section of the openness sheet."""
    if ref.startswith("acces-") and ref != "acces-petites-structures":
        return f"/guide/acces-petites-structures#{ref}"
    return f"/guide/{ref}"


def init_app(app: Flask) -> None:
    app.context_processor(labels)
    app.add_template_global(weight, "weight")
    app.add_template_global(page_anchor, "anchor_of")
    app.add_template_global(guide_href, "guide_href")
