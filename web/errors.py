"""App-wide error pages: a French page for the browser, JSON for the API."""
from __future__ import annotations

from flask import Flask, current_app, flash, redirect, render_template, request, url_for
from flask_wtf.csrf import CSRFError


def error_response(status: int, title: str, message: str):
    if request.path.startswith("/api/"):
        return {"error": message}, status
    return render_template("error.html", title=title, message=message), status


def too_large(_err):
    limit = current_app.config["MAX_CONTENT_LENGTH"] // (1024 * 1024)
    message = f"Envoi refusé : les fichiers dépassent {limit} Mo au total. Rien n'a été enregistré."
    if request.path.startswith("/api/"):
        return {"error": message}, 413
    flash(message, "error")
    return redirect(url_for("tenders.index"))


def forbidden(_err):
    return error_response(403, "Action non autorisée", "Votre compte ne permet pas cette action.")


def bad_request(err):
    message = ("Le formulaire a expiré ou ne vient pas de ce site (jeton CSRF absent ou invalide) : "
               "rechargez la page et recommencez." if isinstance(err, CSRFError) else "Requête invalide.")
    return error_response(400, "Requête refusée", message)


def not_found(_err):
    return error_response(404, "Page introuvable", "Cette page n'existe pas ou l'appel d'offres a été supprimé."
                          if not request.path.startswith("/api/") else "Ressource introuvable.")


def init_app(app: Flask) -> None:
    for code, handler in ((400, bad_request), (403, forbidden), (404, not_found), (413, too_large)):
        app.register_error_handler(code, handler)
