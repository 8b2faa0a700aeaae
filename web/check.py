""""Puis-je répondre ?": the accessibility checklist of a pasted notice or a file, for ESS
enterprises, without an account; nothing is stored."""
from __future__ import annotations

import json

from flask import Blueprint, Response, flash, render_template, request

from service import analyze_files
from tenders.errors import ReadError
from web.uploads import input_name, refusal, uploaded_files

bp = Blueprint("check", __name__)


@bp.route("/check", methods=["GET", "POST"])
def check():
    if request.method == "GET":
        return render_template("check.html", report=None, text="")
    text = request.form.get("text", "").strip()
    files = uploaded_files()
    if text:
        files.append(("texte-colle.txt", text.encode("utf-8")))
    if not files:
        flash("Collez le texte de l'avis ou choisissez un fichier.", "error")
        return render_template("check.html", report=None, text=text), 400
    if (refused := refusal(files)) is not None:
        flash(refused[0], "error")
        return render_template("check.html", report=None, text=text), refused[1]
    try:
        report, _ = analyze_files(files, input_name(files))
    except ReadError as err:
        flash(str(err), "error")
        return render_template("check.html", report=None, text=text), 422
    if request.form.get("format") == "json":  # the user keeps the result; the server does not
        return Response(json.dumps(report, ensure_ascii=False, indent=2), mimetype="application/json",
                        headers={"Content-Disposition": 'attachment; filename="verification.json"'})
    return render_template("check.html", report=report, text=text)
