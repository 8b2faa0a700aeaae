"""JSON API: the same report as `flask --app app analyze --json`."""
from __future__ import annotations

from flask import Blueprint, jsonify

import store
from app import get_db

bp = Blueprint("api", __name__, url_prefix="/api")


@bp.get("/tenders")
def tenders():
    return jsonify(store.list_tenders(get_db()))


@bp.get("/tenders/<int:tender_id>")
def tender(tender_id: int):
    report = store.get_report(get_db(), tender_id)
    if report is None:
        return jsonify({"error": f"Aucun appel d'offres n° {tender_id}."}), 404
    return jsonify(report)
