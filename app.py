"""The Flask app factory: configuration, then each room plugs itself in (store, jobs, web, cli).

    flask --app app run        the web app on http://127.0.0.1:5000
    flask --app app --help     the commands (cli/)
"""
from __future__ import annotations

import os
from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

import cli
import store
import web
from jobs.config import queue_url
from store import secret_key


def _mb(name: str, default: int) -> int:
    return int(os.environ.get(name) or default) * 1024 * 1024


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(
        SECRET_KEY=os.environ.get("SOLIDARITY_SECRET_KEY"),  # else generated in the data folder, below
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_HTTPONLY=True,
        WTF_CSRF_TIME_LIMIT=None,  # valid for the session: a long form is not refused after an hour
        DATA_DIR=os.environ.get("SOLIDARITY_DATA_DIR") or app.instance_path,
        SESSION_COOKIE_SECURE=os.environ.get("SOLIDARITY_SECURE_COOKIES", "") == "1",  # behind TLS
        MAX_CONTENT_LENGTH=_mb("SOLIDARITY_MAX_UPLOAD_MB", 200),  # an upload larger than this: 413
        CHECK_MAX_BYTES=_mb("SOLIDARITY_CHECK_MAX_MB", 5),  # the anonymous quick check
        CHECK_MAX_CHARS=int(os.environ.get("SOLIDARITY_CHECK_MAX_CHARS") or 300_000),
        CHECK_RATE_PER_ADDRESS=os.environ.get("SOLIDARITY_CHECK_RATE") or "10 per minute;60 per hour",
        CHECK_RATE_OVERALL=os.environ.get("SOLIDARITY_CHECK_RATE_OVERALL") or "120 per minute",
        ORG_MAX_PENDING=int(os.environ.get("SOLIDARITY_ORG_MAX_PENDING") or 20),
        ORG_STORAGE_MB=int(os.environ.get("SOLIDARITY_ORG_STORAGE_MB") or 5000),
        RATELIMIT_STORAGE_URI=os.environ.get("SOLIDARITY_RATELIMIT_URL") or (
            queue_url() if queue_url().startswith("redis") else "memory://"),
        DSFR_DIR=str(Path(__file__).parent / "node_modules" / "@gouvfr" / "dsfr" / "dist"),
        # Reverse proxies in front of the app (nginx: 1). Their X-Forwarded-For and
        # X-Forwarded-Proto are then believed, as many hops deep: the client's address is what
        # rate limits and the login throttle count. 0: the headers are ignored (anyone can send them).
        PROXY_COUNT=int(os.environ.get("SOLIDARITY_PROXY_COUNT") or 0),
    )
    if test_config:
        app.config.update(test_config)
    if app.config["PROXY_COUNT"]:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=app.config["PROXY_COUNT"], x_proto=app.config["PROXY_COUNT"])
    Path(app.config["DATA_DIR"]).mkdir(parents=True, exist_ok=True)
    app.json.ensure_ascii = False
    if not app.config["SECRET_KEY"]:
        app.config["SECRET_KEY"] = secret_key.load_or_create(Path(app.config["DATA_DIR"]))
    store.db.init_app(app)
    web.init_app(app)
    cli.init_app(app)
    return app
