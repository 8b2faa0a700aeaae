"""The French State design system (DSFR), served from the npm package `make install` puts in
node_modules: no CDN at run time. Without it the pages still work, styled by static/style.css."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, send_from_directory

bp = Blueprint("assets", __name__)


@bp.get("/dsfr/<path:filename>")
def dsfr(filename: str):
    from pathlib import Path

    if not Path(current_app.config["DSFR_DIR"]).is_dir():
        abort(404)
    return send_from_directory(current_app.config["DSFR_DIR"], filename, max_age=86400)
