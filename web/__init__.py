"""Stage 6, the web app: blueprints for the buyer's pages (tenders), browsing stored tenders
(browse), the quick check for ESS enterprises (check), the guide, accounts (auth), the JSON API
and the design system's assets; app-wide error pages, headers and template helpers."""
from __future__ import annotations

from flask import Flask
from flask_wtf.csrf import CSRFProtect

from web import api, assets, auth, browse, check, context, errors, guide, security, tenders


def init_app(app: Flask) -> None:
    csrf = CSRFProtect(app)
    csrf.exempt(api.bp)  # the API authenticates with a Bearer token, which a forged form cannot send
    for blueprint in (auth.bp, tenders.bp, browse.bp, check.bp, api.bp, guide.bp, assets.bp):
        app.register_blueprint(blueprint)
    errors.init_app(app)
    security.init_app(app)
    context.init_app(app)
