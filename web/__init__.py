"""Stage 6, the web app: blueprints for the buyer's pages (tenders), browsing stored tenders
(browse), the quick check for ESS enterprises (check), the guide, accounts (auth), the JSON API
and the design system's assets; app-wide error pages, headers and template helpers."""
from __future__ import annotations

from flask import Flask
from flask_wtf.csrf import CSRFProtect

from web import (
    api, assets, auth, bilan, browse, check, compare, context, drafting, errors, guide, limits, manage, security, tenders,
)


def init_app(app: Flask) -> None:
    # Order matters: who is asking (auth) and whether the body may be read at all (limits) come
    # before CSRFProtect, which parses the form.
    app.register_blueprint(auth.bp)
    app.before_request(limits.guard_body)
    limits.init_app(app)
    csrf = CSRFProtect(app)
    csrf.exempt(api.bp)  # the API authenticates with a Bearer token, which a forged form cannot send
    for blueprint in (tenders.bp, manage.bp, browse.bp, compare.bp, check.bp, api.bp, guide.bp, assets.bp, bilan.bp,
                      drafting.bp, drafting.api_bp):
        app.register_blueprint(blueprint)
    errors.init_app(app)
    security.init_app(app)
    context.init_app(app)
