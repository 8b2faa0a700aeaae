"""The Flask app factory: configuration, then each room plugs itself in (store, jobs, web, cli).

    flask --app app run        the web app on http://127.0.0.1:5000
    flask --app app --help     the commands (cli/)
"""
from __future__ import annotations

import os
from pathlib import Path

from flask import Flask

import cli
import jobs
import store
import web
from store import secret_key


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(
        SECRET_KEY=os.environ.get("SOLIDARITY_SECRET_KEY"),  # else generated in the data folder, below
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_HTTPONLY=True,
        WTF_CSRF_TIME_LIMIT=None,  # valid for the session: a long form is not refused after an hour
        DATA_DIR=os.environ.get("SOLIDARITY_DATA_DIR") or app.instance_path,
        MAX_CONTENT_LENGTH=200 * 1024 * 1024,  # an upload larger than this is refused with 413
        # Analyses run in a background thread + child process; tests turn it off and drive the
        # queue themselves with jobs.run_pending.
        JOBS_WORKER=True,
        JOB_TIMEOUT=900,
        DSFR_DIR=str(Path(__file__).parent / "node_modules" / "@gouvfr" / "dsfr" / "dist"),
    )
    if test_config:
        app.config.update(test_config)
    Path(app.config["DATA_DIR"]).mkdir(parents=True, exist_ok=True)
    app.json.ensure_ascii = False
    if not app.config["SECRET_KEY"]:
        app.config["SECRET_KEY"] = secret_key.load_or_create(Path(app.config["DATA_DIR"]))
    store.db.init_app(app)
    jobs.init_app(app)
    web.init_app(app)
    cli.init_app(app)
    return app
