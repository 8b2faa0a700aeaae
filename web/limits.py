"""Limits on requests before they cost anything: the size of a body (checked from its headers,
before it is read), who may send an upload at all (before the form is parsed for CSRF), and
rates on the anonymous quick check, per address and overall (the `limits` library, in memory
or in Redis when the queue is shared)."""
from __future__ import annotations

from flask import Flask, current_app, flash, g, redirect, request, url_for
from limits import parse_many
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

# Routes whose body is a file upload, and who may send one.
_UPLOADS = {("POST", "/analyses"), ("POST", "/api/tenders")}


def body_limit() -> int:
    if request.path.startswith("/check"):
        return current_app.config["CHECK_MAX_BYTES"]
    return current_app.config["MAX_CONTENT_LENGTH"]


def guard_body():
    """Refuse before reading: an announced body over the route's limit (413), and an upload from
    someone who may not upload (401/403). Chunked bodies without a length are cut off by
    MAX_CONTENT_LENGTH while being read."""
    from web.errors import error_response

    length = request.content_length
    if length is not None and length > body_limit():
        limit = body_limit() // (1024 * 1024)
        return error_response(413, "Envoi trop volumineux",
                              f"Envoi refusé : au plus {limit} Mo pour cette page. Rien n'a été enregistré.")
    if (request.method, request.path) in _UPLOADS:
        user = g.get("user")
        if user is None and request.path.startswith("/api/"):
            return {"error": "Authentification requise : en-tête « Authorization: Bearer JETON »."}, 401
        if user is None:
            flash("Connectez-vous avec un compte d'acheteur pour déposer un dossier.", "error")
            return redirect(url_for("auth.login", next="/"))
        if user is not None and not user.can_upload:
            return error_response(403, "Action non autorisée",
                                  f"Le rôle « {user.role} » ne permet pas de déposer un dossier.")
    return None


def over_rate(name: str, *rates: str) -> bool:
    """True when this request goes past one of `rates` ("10 per minute;60 per hour"), counted
    per address, or for every visitor when the rate's name ends with "overall"."""
    if not current_app.config.get("RATELIMIT_ENABLED", True):
        return False
    limiter: MovingWindowRateLimiter = current_app.extensions["rate_limiter"]
    who = "all" if name.endswith("overall") else (request.remote_addr or "")
    return not all(limiter.hit(item, name, who) for rate in rates for item in parse_many(rate))


def init_app(app: Flask) -> None:
    storage = storage_from_string(app.config.get("RATELIMIT_STORAGE_URI") or "memory://")
    app.extensions["rate_limiter"] = MovingWindowRateLimiter(storage)
