"""The annual report in the app: the "Bilan annuel" page (scope and year in, the report in the
page, downloads as JSON, HTML and PDF) and GET /api/bilan. Admins and trainers read any scope,
an officer the buyers of its organisation (bilan.access); the tenders joined to the report are
those the reader may see (store.access)."""
from __future__ import annotations

import json
from datetime import date

from flask import Blueprint, Response, flash, g, jsonify, redirect, render_template, request, url_for

from bilan import build_report
from bilan.access import default_scope, refusal
from bilan.render import body_html, document_html, document_pdf
from decp.scope import Scope, ScopeError, parse_scope
from store import decp as decp_store
from store.access import visible_sql
from store.db import get_db

bp = Blueprint("bilan", __name__)


class Refused(Exception):
    def __init__(self, message: str, status: int):
        super().__init__(message)
        self.message, self.status = message, status


def _identifiers() -> list[str]:
    return decp_store.org_identifiers(get_db(), g.user.org) if g.user is not None else []


def _asked() -> tuple[Scope, int]:
    """The scope and year of the query string, checked against the reader; Refused otherwise."""
    if g.get("user") is None:
        raise Refused("Connectez-vous pour consulter un bilan annuel.", 401)
    text = request.args.get("scope", "").strip()
    try:
        scope = parse_scope(text) if text else default_scope(_identifiers())
    except ScopeError as err:
        raise Refused(str(err), 400) from err
    if scope is None:
        raise Refused("Indiquez un périmètre : siret:…, siren:…, departement:… ou region:….", 400)
    try:
        year = int(request.args.get("year", ""))
    except ValueError:
        raise Refused("Indiquez l'année de notification (par ex. year=2024).", 400) from None
    if not 1990 <= year <= 2100:
        raise Refused("L'année doit être comprise entre 1990 et 2100.", 400)
    if (why := refusal(g.user.role, _identifiers(), scope)) is not None:
        raise Refused(why, 403)
    return scope, year


def _report(scope: Scope, year: int) -> dict:
    user = g.user
    visible = None if user.is_admin else visible_sql(user.org if user.role == "officer" else None)
    return build_report(get_db(), scope, year, visible=visible)


@bp.get("/bilan")
def page():
    if g.get("user") is None:
        flash("Connectez-vous pour consulter un bilan annuel.", "error")
        return redirect(url_for("auth.login", next=request.full_path))
    default = default_scope(_identifiers())
    form = {"scope": request.args.get("scope", default.text if default else ""),
            "year": request.args.get("year", str(date.today().year - 1))}
    if "year" not in request.args:
        if g.user.role == "officer" and default is None:
            flash("Aucun acheteur n'est rattaché à votre organisation : un administrateur le fait avec "
                  "flask --app app org-buyer.", "info")
        return render_template("bilan.html", form=form, report=None, body=None)
    try:
        scope, year = _asked()
    except Refused as refused:
        flash(refused.message, "error")
        return render_template("bilan.html", form=form, report=None, body=None), refused.status
    report = _report(scope, year)
    return render_template("bilan.html", form=form, report=report, body=body_html(report),
                           download_query={"scope": scope.text, "year": year})


def _download(kind: str):
    try:
        scope, year = _asked()
    except Refused as refused:
        return Response(refused.message, status=refused.status, mimetype="text/plain; charset=utf-8")
    report = _report(scope, year)
    name = f"bilan-{year}-{scope.text.replace(':', '-').replace(',', '_').replace(';', '+')}"
    if kind == "json":
        body, mimetype = json.dumps(report, ensure_ascii=False, indent=2), "application/json"
    elif kind == "html":
        body, mimetype = document_html(report), "text/html; charset=utf-8"
    else:
        try:
            body, mimetype = document_pdf(report), "application/pdf"
        except RuntimeError as err:
            return Response(str(err), status=503, mimetype="text/plain; charset=utf-8")
    return Response(body, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{name}.{kind}"'})


@bp.get("/bilan/bilan.json")
def download_json():
    return _download("json")


@bp.get("/bilan/bilan.html")
def download_html():
    return _download("html")


@bp.get("/bilan/bilan.pdf")
def download_pdf():
    return _download("pdf")


@bp.get("/api/bilan")
def api():
    try:
        scope, year = _asked()
    except Refused as refused:
        return jsonify({"error": refused.message}), refused.status
    return jsonify(_report(scope, year))
