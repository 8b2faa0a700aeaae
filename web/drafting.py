"""The page "Améliorer mon DCE" and its exports: the clauses written for a tender (drafting),
the insertion hours the buyer re-computes with their own rate and hourly cost, clauses.docx, the
marked-up copy of the DCE's own CCAP or RC, and the same draft as JSON under /api."""
from __future__ import annotations

from types import SimpleNamespace

from flask import Blueprint, Response, abort, current_app, g, jsonify, redirect, render_template, request, url_for
from markupsafe import Markup, escape

import drafting
from drafting import hours as hours_mod
from drafting.docx_out import clauses_docx
from drafting.hours import Parameters
from drafting.markup import mark_up, markable, marked_name, original_docx
from drafting.render import day, eur, hours, num, paragraphs, pct
from store import access
from store import tenders as tender_store
from store.db import data_paths, get_db
from store.originals import original_path
from web.viewer import tender_or_404, visible_tender

bp = Blueprint("drafting", __name__)
api_bp = Blueprint("drafting_api", __name__, url_prefix="/api")
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
LIMITS = {"rate_pct": (0.1, 50.0), "hourly_cost": (5.0, 500.0), "labour_share_pct": (1.0, 100.0)}


def parameters_from(args) -> tuple[Parameters, list[str]]:
    """The buyer's parameters from a query string (percentages and euros); errors in French."""
    values: dict[str, float | None] = {}
    errors = []
    for name, (low, high) in LIMITS.items():
        raw = args.get(name, "").strip().replace(",", ".")
        if not raw:
            values[name] = None
            continue
        try:
            value = float(raw)
        except ValueError:
            value = None
        if value is None or not low <= value <= high:
            errors.append(f"« {name} » doit être un nombre entre {num(low)} et {num(high)}.")
            values[name] = None
        else:
            values[name] = value
    reserve = args.get("reserve_to", "siae")
    def fraction(name: str) -> float | None:
        return values[name] / 100 if values[name] is not None else None

    params = Parameters(rate=fraction("rate_pct"), hourly_cost=values["hourly_cost"],
                        labour_share=fraction("labour_share_pct"),
                        reserve_to=reserve if reserve in ("siae", "ea") else "siae")
    return params, errors


def _plain(value: float) -> str:
    return f"{value:g}"


def _signed(value: float) -> str:
    return ("+" if value > 0 else "−" if value < 0 else "") + num(abs(value))


FMT = SimpleNamespace(eur=eur, pct=pct, hours=hours, num=num, day=day, plain=_plain, signed=_signed)


def _score(value) -> str:
    return "—" if value is None else f"{num(value)}/100"


def _text(text: str) -> Markup:
    """A drafted text as HTML paragraphs and lists (escaped)."""
    html, items = [], []
    for para in paragraphs(text):
        if para.startswith("- "):
            items.append(f"<li>{escape(para[2:])}</li>")
            continue
        if items:
            html.append("<ul>" + "".join(items) + "</ul>")
            items = []
        html.append(f"<p>{escape(para)}</p>")
    if items:
        html.append("<ul>" + "".join(items) + "</ul>")
    return Markup("".join(html))


def _insider(row: dict) -> bool:
    """Who may download a copy of the original files (store.access, the one rule)."""
    return access.is_insider(g.get("user"), row)


def draft_of(row: dict, params: Parameters) -> dict:
    return drafting.draft(row["report"], params=params, pages=tender_store.pages(get_db(), row["id"]))


def _opener(name: str, files: list) -> bytes | None:
    digest = {n: d for n, d in files}.get(name)
    if digest is None:
        return None
    path = original_path(data_paths(current_app.config)[1], digest)
    return path.read_bytes() if path.exists() else None


def _docx_response(data: bytes, filename: str) -> Response:
    return Response(data, mimetype=DOCX, headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def _done_row(tender_id: int) -> dict:
    row = tender_or_404(tender_id)
    if row["status"] != "done" or row["report"] is None:
        abort(404)
    return row


@bp.get("/tenders/<int:tender_id>/draft")
def page(tender_id: int):
    row = tender_or_404(tender_id)
    if row["status"] != "done" or row["report"] is None:
        return redirect(url_for("tenders.tender", tender_id=tender_id))
    params, errors = parameters_from(request.args)
    draft = draft_of(row, params)
    keep = {k: v for k, v in request.args.items() if k in (*LIMITS, "reserve_to") and v}
    documents = [name for name, _ in markable(row["report"])] if row.get("files") and _insider(row) else []
    return render_template("draft.html", row=row, report=row["report"], tender_id=tender_id, draft=draft,
                           errors=errors, keep=keep, documents=documents, args=request.args, fmt=FMT,
                           score=_score, text=_text, min_hours=hours_mod.min_hours()), (400 if errors else 200)


@bp.get("/tenders/<int:tender_id>/draft/clauses.docx")
def clauses(tender_id: int):
    row = _done_row(tender_id)
    params, _ = parameters_from(request.args)
    return _docx_response(clauses_docx(draft_of(row, params)), f"clauses-{tender_id}.docx")


@bp.get("/tenders/<int:tender_id>/draft/marked.docx")
def marked(tender_id: int):
    """The DCE's CCAP or RC (query `doc`, a document name) with the proposals as tracked insertions."""
    row = _done_row(tender_id)
    if not _insider(row):
        abort(404)
    kinds = dict(markable(row["report"]))
    name = request.args.get("doc", "")
    if name not in kinds:
        abort(404)
    files = [(n, None) for n, _ in row.get("files") or []]
    data = original_docx(files, name, opener=lambda file_name: _opener(file_name, row["files"]))
    if data is None:
        abort(404)
    params, _ = parameters_from(request.args)
    return _docx_response(mark_up(data, kinds[name], draft_of(row, params)["levers"]), marked_name(name))


# --- API -------------------------------------------------------------------------------------------

def _api_row(tender_id: int):
    row = visible_tender(tender_id)
    if row is None:
        return None, (jsonify({"error": f"Aucun appel d'offres n° {tender_id}."}), 404)
    if row["status"] != "done" or row["report"] is None:
        return None, (jsonify({"error": f"L'analyse n° {tender_id} n'est pas terminée (état : {row['status']})."}), 409)
    params, errors = parameters_from(request.args)
    if errors:
        return None, (jsonify({"error": " ".join(errors)}), 400)
    return (row, params), None


def _api(tender_id: int, respond):
    found, refused = _api_row(tender_id)
    return refused if refused else respond(*found)


@api_bp.get("/tenders/<int:tender_id>/draft")
def api_draft(tender_id: int):
    return _api(tender_id, lambda row, params: jsonify(draft_of(row, params)))


@api_bp.get("/tenders/<int:tender_id>/draft.docx")
def api_draft_docx(tender_id: int):
    return _api(tender_id, lambda row, params: _docx_response(clauses_docx(draft_of(row, params)),
                                                              f"clauses-{tender_id}.docx"))
