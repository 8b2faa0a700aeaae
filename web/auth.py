"""Who is asking: a session (pages) or `Authorization: Bearer TOKEN` (API).

The signed cookie holds only a random session id that store.sessions must know: logging out
deletes it server-side, and a session idle for two hours is over. API calls that change
something take the token only: a browser sends cookies to any site's forms, never this header,
so the API needs no CSRF token. Pages use the session, with Flask-WTF's CSRF token in every
form. Failed logins slow down the next attempts (store.throttle) without locking anyone out.
"""
from __future__ import annotations

import functools
import math
from urllib.parse import urlparse

from flask import Blueprint, abort, flash, g, redirect, render_template, request, session, url_for

from store import sessions, throttle
from store import users as accounts
from store.db import get_db

bp = Blueprint("auth", __name__)

def bearer_token() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" else None


@bp.before_app_request
def load_user():
    g.user, g.via_token = None, False
    token = bearer_token()
    if token is not None:
        g.user = accounts.by_token(get_db(), token)
        if g.user is None:
            return {"error": "Jeton d'API invalide."}, 401
        g.via_token = True
    elif "sid" in session:
        user_id = sessions.user_of(get_db(), session["sid"])
        g.user = accounts.get_user(get_db(), user_id) if user_id is not None else None
        if g.user is None:
            session.clear()


@bp.app_context_processor
def user_context() -> dict:
    return {"current_user": g.get("user")}


def upload_allowed_or_refuse():
    """None when the current user may upload; otherwise the response that refuses (pages)."""
    if g.user is None:
        flash("Connectez-vous avec un compte d'acheteur pour déposer un dossier.", "error")
        return redirect(url_for("auth.login", next=request.path))
    if not g.user.can_upload:
        abort(403)
    return None


def _safe_next(target: str | None) -> str:
    """Only a path on this site: a login link must not send the user elsewhere."""
    # Browsers read "/\\host" as "//host": backslashes are refused too.
    if (target and target.startswith("/") and not target.startswith("//") and "\\" not in target
            and not urlparse(target).netloc):
        return target
    return url_for("tenders.index")


@bp.route("/login", methods=["GET", "POST"])
def login():
    if request.method == "GET":
        return render_template("login.html", next=request.args.get("next", ""))
    name, address = request.form.get("name", "").strip(), request.remote_addr or ""
    db = get_db()
    wait = throttle.wait_seconds(db, name, address)
    if wait > 0:
        flash(f"Trop d'essais de connexion : réessayez dans {math.ceil(wait)} secondes.", "error")
        response = render_template("login.html", next=request.form.get("next", ""))
        return response, 429, {"Retry-After": str(math.ceil(wait))}
    user = accounts.authenticate(db, name, request.form.get("password", ""))
    if user is None:
        throttle.failed(db, name, address)
        flash("Nom ou mot de passe incorrect.", "error")
        return render_template("login.html", next=request.form.get("next", "")), 401
    throttle.succeeded(db, name, address)
    session.clear()  # a new session at login: no fixation
    session["sid"] = sessions.open_session(db, user.id)
    flash(f"Bonjour {user.name}.", "info")
    return redirect(_safe_next(request.form.get("next")))


@bp.post("/logout")
def logout():
    if "sid" in session:
        sessions.close_session(get_db(), session["sid"])  # a copy of the cookie is dead too
    session.clear()
    flash("Vous êtes déconnecté.", "info")
    return redirect(url_for("tenders.index"))


def token_required(roles: tuple[str, ...] = accounts.UPLOAD_ROLES):
    """For API calls that change data: a valid Bearer token of one of these roles."""
    def decorate(view):
        @functools.wraps(view)
        def wrapped(*args, **kwargs):
            if not g.via_token:
                return {"error": "Authentification requise : en-tête « Authorization: Bearer JETON » "
                                 "(flask --app app create-user)."}, 401
            if g.user.role not in roles:
                return {"error": f"Le rôle « {g.user.role} » ne permet pas cette action."}, 403
            return view(*args, **kwargs)
        return wrapped
    return decorate
