""""Puis-je répondre ?": the accessibility checklist of a pasted notice or a file, for ESS
enterprises, without an account. The analysis runs in the workers like any other (with smaller
limits); only its report is kept, one hour, under an unguessable address."""
from __future__ import annotations

import json
import secrets

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for

import jobs
from store import checks
from store.db import get_db
from web import verdict
from web.context import date_fr
from web.limits import over_rate
from web.uploads import input_name, refusal, uploaded_files

bp = Blueprint("check", __name__)
PASTED_NAME = "Texte collé"


@bp.get("/check")
def check():
    return render_template("check.html", verdict=None, text="")


@bp.post("/check")
def submit():
    config = current_app.config
    if over_rate("check", config["CHECK_RATE_PER_ADDRESS"]) or over_rate("check-overall", config["CHECK_RATE_OVERALL"]):
        flash("Trop de vérifications demandées en peu de temps : réessayez dans une minute.", "error")
        return render_template("check.html", verdict=None, text=""), 429
    text = request.form.get("text", "").strip()
    limit = current_app.config["CHECK_MAX_CHARS"]
    if len(text) > limit:
        flash(f"Texte trop long ({len(text):,} caractères, au plus {limit:,}) : collez l'avis ou le règlement, "
              "pas tout le dossier.".replace(",", " "), "error")
        return render_template("check.html", verdict=None, text=""), 413
    files = uploaded_files()
    if text:
        files.append((PASTED_NAME, text.encode("utf-8")))
    if not files:
        flash("Collez le texte de l'avis ou choisissez un fichier.", "error")
        return render_template("check.html", verdict=None, text=text), 400
    if (refused := refusal(files, quotas=False)) is not None:
        flash(refused[0], "error")
        return render_template("check.html", verdict=None, text=text), refused[1]
    token = secrets.token_urlsafe(18)
    checks.start(get_db(), token)
    jobs.submit_check(token, files, input_name(files))
    return redirect(url_for("check.result", token=token))


def _result_or_404(token: str) -> dict:
    found = checks.get(get_db(), token)
    if found is None:
        abort(404)
    return found


@bp.get("/check/<token>")
def result(token: str):
    found = _result_or_404(token)
    if found["status"] == "queued":
        return render_template("check_wait.html", token=token)
    if found["status"] == "error":
        flash(found["error"], "error")
        return render_template("check.html", verdict=None, text=""), 422
    report = found["report"]
    return render_template("check.html", report=report, verdict=verdict.build(report, date_fr), text="", token=token)


@bp.get("/check/<token>.json")
def result_json(token: str):
    found = _result_or_404(token)
    if found["report"] is None:
        abort(404)
    return Response(json.dumps(found["report"], ensure_ascii=False, indent=2), mimetype="application/json",
                    headers={"Content-Disposition": 'attachment; filename="verification.json"'})
