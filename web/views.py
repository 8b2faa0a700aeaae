"""HTML pages: upload a tender, follow its analysis, read the report and its documents, list,
compare and search stored tenders, the corpus dashboard, and the quick check for ESS enterprises."""
from __future__ import annotations

import json
from collections import Counter

from flask import (Blueprint, Response, abort, current_app, flash, g, redirect, render_template, request,
                   url_for)

import accounts
import store
from app import data_paths, get_db, wake_worker
from nlp.model import CATEGORIES
from scoring.summary import CATEGORY_LABELS, STATUS_LABELS
from tenders.errors import ReadError
from web import charts
from web.exports import report_csv
from web.highlight import page_anchor, passage_links, show_pages

bp = Blueprint("views", __name__)

FINDING_LABELS = {
    "lots": "Allotissement", "turnover_requirement": "Chiffre d'affaires exigé", "response_time": "Délai de réponse",
    "advance_payment": "Avance", "retention_guarantee": "Retenue de garantie", "payment_delay": "Délai de paiement",
    "penalties": "Pénalités", "references_required": "Références exigées", "joint_bids": "Groupements",
    "variants": "Variantes", "site_visit": "Visite de site", "candidacy_file": "Dossier de candidature",
}
AXIS_LABELS = {"social": "Social", "environmental": "Environnemental", "ethical": "Éthique",
               "accessibility": "Accès des petites structures"}
STAGE_LABELS = {None: "En attente", "read": "Lecture des documents", "detect": "Repérage des clauses",
                "score": "Notation", "save": "Enregistrement"}
STATUS_TEXT = {"queued": "en attente", "running": "en cours", "done": "terminée", "error": "en erreur"}
ACCEPT = ".pdf,.docx,.odt,.html,.htm,.txt,.md,.xml,.zip"


@bp.app_context_processor
def labels() -> dict:
    return {"CATEGORY_LABELS": CATEGORY_LABELS, "STATUS_LABELS": STATUS_LABELS, "FINDING_LABELS": FINDING_LABELS,
            "AXIS_LABELS": AXIS_LABELS, "STAGE_LABELS": STAGE_LABELS, "STATUS_TEXT": STATUS_TEXT,
            "CATEGORIES": CATEGORIES, "ACCEPT": ACCEPT}


def uploaded_files() -> list[tuple[str, bytes]]:
    return [(f.filename, f.read()) for f in request.files.getlist("files") if f and f.filename]


def input_name(files: list[tuple[str, bytes]]) -> str:
    return files[0][0] if len(files) == 1 else f"{files[0][0]} et {len(files) - 1} autre(s)"


def empty_files(files: list[tuple[str, bytes]]) -> list[str]:
    return [name for name, data in files if not data]


def enqueue(files: list[tuple[str, bytes]]) -> int:
    """Queue an upload for the current user, who owns it; it stays private to their organisation."""
    _, originals = data_paths(current_app)
    from service import pipeline_version

    tender_id = store.enqueue(get_db(), originals, files, input_name(files), org=g.user.org, owner_id=g.user.id,
                              pipeline=pipeline_version())
    wake_worker()
    return tender_id


def visible_tender(tender_id: int) -> dict | None:
    """The tender if the current user may see it; None otherwise (as if it did not exist)."""
    row = store.get_tender(get_db(), tender_id)
    return row if row is not None and accounts.can_see(g.get("user"), row) else None


def tender_or_404(tender_id: int) -> dict:
    row = visible_tender(tender_id)
    if row is None:
        abort(404)  # another organisation's tender: 404, not 403, so its existence is not revealed
    return row


def viewer_filter(**fields) -> store.TenderFilter:
    user = g.get("user")
    return store.TenderFilter(viewer_org=user.org if user else None, see_all=bool(user and user.is_admin), **fields)


def done_report_or_404(tender_id: int) -> dict:
    row = tender_or_404(tender_id)  # checks the viewer may see it
    if row["report"] is None:
        abort(404)
    return row["report"]


def filters_from(args) -> store.TenderFilter:
    """The list filters from a query string; a malformed number is ignored, not an error."""
    def number(name: str) -> float | None:
        try:
            return float(args[name]) if args.get(name, "").strip() else None
        except ValueError:
            return None

    def integer(name: str, default: int, top: int) -> int:
        try:
            return max(1, min(int(args.get(name, default)), top))
        except ValueError:
            return default

    category = args.get("category", "")
    status = args.get("status", "")
    return viewer_filter(
        buyer=args.get("buyer", "").strip(), date_from=args.get("date_from", "").strip(),
        date_to=args.get("date_to", "").strip(), category=category if category in CATEGORIES else "",
        score_min=number("score_min"), score_max=number("score_max"),
        status=status if status in store.STATUSES else "", page=integer("page", 1, 10_000),
        per_page=integer("per_page", 50, 200))


# --- upload and report ---------------------------------------------------------------------------

@bp.get("/")
def index():
    recent = store.list_tenders(get_db(), viewer_filter(per_page=8))
    return render_template("index.html", tenders=recent)


@bp.post("/analyses")
def upload():
    from web.auth import upload_allowed_or_refuse

    if (refused := upload_allowed_or_refuse()) is not None:
        return refused
    files = uploaded_files()
    if not files:
        flash("Choisissez au moins un fichier (PDF, DOCX, ODT, HTML, texte, XML d'avis ou ZIP du DCE).", "error")
        return redirect(url_for("views.index"))
    if empty := empty_files(files):
        flash(f"Fichier vide : « {empty[0]} ». Rien n'a été enregistré.", "error")
        return redirect(url_for("views.index"))
    if (refusal := preflight(files)) is not None:
        message, status = refusal
        flash(message, "error")
        return render_template("index.html", tenders=store.list_tenders(get_db(), viewer_filter(per_page=8))), status
    return redirect(url_for("views.tender", tender_id=enqueue(files)))


def preflight(files: list[tuple[str, bytes]]) -> tuple[str, int] | None:
    """(French message, HTTP status) when the upload must be refused before anything is stored."""
    from tenders.preflight import check_upload, http_status

    try:
        check_upload(files)
    except ReadError as err:
        return f"{err} Rien n'a été enregistré.", http_status(err)
    return None


@bp.get("/tenders/<int:tender_id>")
def tender(tender_id: int):
    row = tender_or_404(tender_id)
    if row["status"] != "done" or row["report"] is None:
        return render_template("progress.html", row=row, tender_id=tender_id)
    report = row["report"]
    links = passage_links(show_pages(store.pages(get_db(), tender_id), report))
    axes = [(AXIS_LABELS.get(axis, axis), value) for axis, value in report["score"]["axes"].items()]
    chart = charts.bar_chart(axes, "Score par axe, sur 100", maximum=100)
    return render_template("tender.html", report=report, row=row, tender_id=tender_id, links=links, chart=chart,
                           can_publish=accounts.can_publish(g.user, row))


@bp.post("/tenders/<int:tender_id>/publish")
def publish(tender_id: int):
    """The owner opens the tender to everyone (and to the guide's excerpts), or closes it again."""
    row = tender_or_404(tender_id)
    if not accounts.can_publish(g.user, row):
        abort(403)
    published = request.form.get("published") == "1"
    store.set_published(get_db(), tender_id, published)
    flash("Appel d'offres publié : visible de tous et source d'extraits pour le guide." if published
          else "Appel d'offres retiré : visible de votre seule organisation.", "info")
    return redirect(url_for("views.tender", tender_id=tender_id))


@bp.get("/tenders/<int:tender_id>/documents")
def documents(tender_id: int):
    report = done_report_or_404(tender_id)
    category = request.args.get("category", "")
    category = category if category in CATEGORIES else ""
    pages = show_pages(store.pages(get_db(), tender_id), report, category)
    present = Counter(c["category"] for c in report["clauses"] if not c["negated"])
    return render_template("documents.html", report=report, tender_id=tender_id, pages=pages, category=category,
                           present=present)


@bp.get("/tenders/<int:tender_id>/report.json")
def export_json(tender_id: int):
    report = done_report_or_404(tender_id)
    body = json.dumps(report, ensure_ascii=False, indent=2)
    return Response(body, mimetype="application/json",
                    headers={"Content-Disposition": f'attachment; filename="rapport-{tender_id}.json"'})


@bp.get("/tenders/<int:tender_id>/report.csv")
def export_csv(tender_id: int):
    report = done_report_or_404(tender_id)
    return Response(report_csv(report, FINDING_LABELS), mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="rapport-{tender_id}.csv"'})


@bp.get("/tenders/<int:tender_id>/report.pdf")
def export_pdf(tender_id: int):
    return report_pdf_response(tender_id)


def report_pdf_response(tender_id: int) -> Response:
    from guide.build import html_to_pdf

    report = done_report_or_404(tender_id)
    axes = [(AXIS_LABELS.get(axis, axis), value) for axis, value in report["score"]["axes"].items()]
    html = render_template("report_print.html", report=report, tender_id=tender_id,
                           chart=charts.bar_chart(axes, "Score par axe, sur 100", maximum=100))
    try:
        pdf = html_to_pdf(html)
    except RuntimeError as err:
        return Response(str(err), status=503, mimetype="text/plain; charset=utf-8")
    return Response(pdf, mimetype="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="rapport-{tender_id}.pdf"'})


# --- list, comparison, dashboard, search --------------------------------------------------------

@bp.get("/tenders")
def tender_list():
    filters = filters_from(request.args)
    db = get_db()
    total = store.count_tenders(db, filters)
    pages = max(1, -(-total // filters.per_page))
    args = {k: v for k, v in request.args.items() if k != "page"}
    return render_template("tenders.html", tenders=store.list_tenders(db, filters), filters=filters, total=total,
                           pages=pages, args=args)


@bp.get("/compare")
def compare():
    db = get_db()
    choices = store.list_tenders(db, viewer_filter(status="done", per_page=200))
    picked = []
    for key in ("a", "b"):
        try:
            tender_id = int(request.args.get(key, ""))
        except ValueError:
            continue
        row = visible_tender(tender_id)
        if row is None or row["report"] is None:
            flash(f"Aucun rapport pour l'appel d'offres n° {tender_id}.", "error")
            continue
        picked.append((tender_id, row["report"]))
    return render_template("compare.html", choices=choices, picked=picked, args=request.args)


@bp.get("/dashboard")
def dashboard():
    db = get_db()
    done = viewer_filter(status="done")
    where, params = done.where()
    total = store.count_tenders(db, done)
    levers = {row["category"]: row["n"] for row in db.query(
        "SELECT c.category, count(DISTINCT c.tender_id) AS n FROM clauses c JOIN tenders t ON t.id = c.tender_id"
        f"{where} AND c.negated = 0 GROUP BY c.category", params)}
    lever_chart = charts.bar_chart([(CATEGORY_LABELS[c], levers.get(c, 0)) for c in CATEGORIES],
                                   "Appels d'offres utilisant chaque levier")
    rows = list(db.query(f"SELECT score_total, grade, accessibility_score FROM tenders t{where}", params))
    grades = Counter(row["grade"] for row in rows)
    return render_template(
        "dashboard.html", total=total, levers=levers,
        lever_chart=lever_chart,
        score_chart=charts.histogram([r["score_total"] for r in rows], "Répartition des scores achat solidaire"),
        grade_chart=charts.bar_chart([(g, grades.get(g, 0)) for g in "ABCDE"], "Appels d'offres par note"),
        access_chart=charts.histogram([r["accessibility_score"] for r in rows],
                                      "Répartition des scores d'accès des petites structures"),
        queued=store.count_tenders(db, viewer_filter(status="queued"))
        + store.count_tenders(db, viewer_filter(status="running")))


@bp.get("/search")
def search():
    query = request.args.get("q", "").strip()
    return render_template("search.html", query=query, hits=visible_search(query))


def visible_search(query: str) -> list[dict]:
    if not query:
        return []
    viewer = viewer_filter()
    return store.search(get_db(), query, viewer_org=viewer.viewer_org, see_all=viewer.see_all)


# --- quick check for ESS enterprises -------------------------------------------------------------

@bp.route("/check", methods=["GET", "POST"])
def check():
    """"Puis-je répondre ?": the accessibility checklist of a pasted notice or a file; nothing stored."""
    if request.method == "GET":
        return render_template("check.html", report=None, text="")
    from service import analyze_files

    text = request.form.get("text", "").strip()
    files = uploaded_files()
    if text:
        files.append(("texte-colle.txt", text.encode("utf-8")))
    if not files:
        flash("Collez le texte de l'avis ou choisissez un fichier.", "error")
        return render_template("check.html", report=None, text=text), 400
    if (refusal := preflight(files)) is not None:
        flash(refusal[0], "error")
        return render_template("check.html", report=None, text=text), refusal[1]
    try:
        report, _ = analyze_files(files, input_name(files))
    except ReadError as err:
        flash(str(err), "error")
        return render_template("check.html", report=None, text=text), 422
    if request.form.get("format") == "json":  # the user keeps the result; the server does not
        return Response(json.dumps(report, ensure_ascii=False, indent=2), mimetype="application/json",
                        headers={"Content-Disposition": 'attachment; filename="verification.json"'})
    return render_template("check.html", report=report, text=text)


@bp.app_errorhandler(413)
def too_large(_err):
    limit = current_app.config["MAX_CONTENT_LENGTH"] // (1024 * 1024)
    message = f"Envoi refusé : les fichiers dépassent {limit} Mo au total. Rien n'a été enregistré."
    if request.path.startswith("/api/"):
        return {"error": message}, 413
    flash(message, "error")
    return redirect(url_for("views.index"))


def error_response(status: int, title: str, message: str):
    """JSON for the API, a French page for the browser."""
    if request.path.startswith("/api/"):
        return {"error": message}, status
    return render_template("error.html", title=title, message=message), status


@bp.app_errorhandler(403)
def forbidden(_err):
    return error_response(403, "Action non autorisée", "Votre compte ne permet pas cette action.")


@bp.app_errorhandler(400)
def bad_request(err):
    from flask_wtf.csrf import CSRFError

    message = ("Le formulaire a expiré ou ne vient pas de ce site (jeton CSRF absent ou invalide) : "
               "rechargez la page et recommencez." if isinstance(err, CSRFError) else "Requête invalide.")
    return error_response(400, "Requête refusée", message)


@bp.app_errorhandler(404)
def not_found(_err):
    return error_response(404, "Page introuvable", "Cette page n'existe pas ou l'appel d'offres a été supprimé."
                          if not request.path.startswith("/api/") else "Ressource introuvable.")


@bp.app_template_global()
def weight(value: float | None) -> str:
    """A criterion weight as printed (60, 12,5) or "non pondéré"; points or percent, as the notice gave it."""
    if value is None:
        return "non pondéré"
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}".replace(".", ",")


@bp.app_template_global()
def anchor_of(document: str, page: int | None) -> str:
    return page_anchor(document, page)
