"""Who is asking: a signed session cookie (pages) or `Authorization: Bearer TOKEN` (API).

API calls that change something take the token only: a browser sends cookies to any site's
forms, never this header, so the API needs no CSRF token. Pages use the session, with Flask-WTF's
CSRF token in every form.
"""
from __future__ import annotations

import functools
import threading
import time
from urllib.parse import urlparse

from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, request, session, url_for

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
    elif "user_id" in session:
        g.user = accounts.get_user(get_db(), session["user_id"])
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


class LoginThrottle:
    """At most `limit` failed logins per (address, name) in `window` seconds; in memory, per
    process: enough to make guessing a password by hand or by script slow."""

    def __init__(self, limit: int = 5, window: float = 600):
        self.limit, self.window = limit, window
        self._failures: dict[tuple[str, str], list[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: tuple[str, str], now: float) -> list[float]:
        return [t for t in self._failures.get(key, []) if now - t < self.window]

    def blocked(self, key: tuple[str, str]) -> bool:
        with self._lock:
            return len(self._recent(key, time.monotonic())) >= self.limit

    def failed(self, key: tuple[str, str]) -> None:
        now = time.monotonic()
        with self._lock:
            self._failures[key] = self._recent(key, now) + [now]

    def succeeded(self, key: tuple[str, str]) -> None:
        with self._lock:
            self._failures.pop(key, None)


def throttle() -> LoginThrottle:
    """The app's own throttle (one per app, so test apps and instances do not share failures)."""
    return current_app.extensions.setdefault("login_throttle", LoginThrottle())


def _safe_next(target: str | None) -> str:
    """Only a path on this site: a login link must not send the user elsewhere."""
    # Browsers read "/\\host" as "//host": backslashes are refused too.
    if (target and target.startswith("/") and not target.startswith("//") and "\\" not in target
            and not urlparse(target).netloc):
        return target
    return url_for("tenders.index")


@bp.route("/login", methods=["GET", "POST"])
def login():
    if request.method == "POST":
        key = (request.remote_addr or "", request.form.get("name", "").strip().lower())
        if throttle().blocked(key):
            flash("Trop d'essais de connexion : réessayez dans dix minutes.", "error")
            return render_template("login.html", next=request.form.get("next", "")), 429
        user = accounts.authenticate(get_db(), request.form.get("name", ""), request.form.get("password", ""))
        if user is None:
            throttle().failed(key)
            flash("Nom ou mot de passe incorrect.", "error")
            return render_template("login.html", next=request.form.get("next", "")), 401
        throttle().succeeded(key)
        session.clear()  # a new session at login: no fixation
        session["user_id"] = user.id
        flash(f"Bonjour {user.name}.", "info")
        return redirect(_safe_next(request.form.get("next")))
    return render_template("login.html", next=request.args.get("next", ""))


@bp.post("/logout")
def logout():
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
