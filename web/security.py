"""Response headers that keep pages to this site: a strict Content-Security-Policy and friends."""
from __future__ import annotations

from flask import Flask, request

SECURITY_HEADERS = {
    # Scripts, style sheets, fonts and images from this site only (the DSFR is served from here
    # too); no inline script, no framing, forms post only here. Style *attributes* are allowed:
    # the DSFR's script sets some (menu heights, scroll lock), and an attribute cannot run code.
    "Content-Security-Policy": ("default-src 'self'; script-src 'self'; style-src 'self'; style-src-elem 'self'; "
                                "style-src-attr 'unsafe-inline'; img-src 'self' data:; font-src 'self'; "
                                "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
                                "frame-ancestors 'none'"),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


PUBLIC_PREFIXES = ("/dsfr/", "/static/")  # assets only: every page may hold a private tender or a session


def security_headers(response):
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if not request.path.startswith(PUBLIC_PREFIXES):
        response.headers["Cache-Control"] = "no-store"  # private pages and exports stay out of caches
    response.headers.pop("Server", None)
    return response


def init_app(app: Flask) -> None:
    app.after_request(security_headers)
