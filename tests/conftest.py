"""Shared fixtures: an app on a temporary data folder, accounts, the report schema, a tiny DCE.

Plain test data (documents, notices, texts) lives in tests/fixtures/; tests import it from there,
never from one another.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

# The queue runs in this process: tests drain it with the run_jobs fixture (jobs.run_pending).
os.environ["SOLIDARITY_QUEUE_URL"] = "memory://"

from tests.fixtures.accounts import logged_in, make_user
from tests.fixtures.paths import CORPUS
from tests.fixtures.texts import CCAP_TEXT, RC_TEXT


@pytest.fixture(scope="session")
def corpus() -> Path:
    """The shared development corpus; tests that need it skip when it is absent."""
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus absent : tests sur le corpus ignorés")
    return CORPUS


@pytest.fixture
def assert_valid_report():
    from report.schema import errors

    def check(report: dict) -> None:
        found = errors(report)
        assert not found, "\n".join(found[:10])

    return check


@pytest.fixture
def app(tmp_path, monkeypatch):
    monkeypatch.setenv("SOLIDARITY_DATA_DIR", str(tmp_path / "data"))
    from app import create_app

    import jobs

    jobs.analysis.flush()
    jobs.writer.flush()
    # CSRF is checked in tests/web/test_access.py; here forms are posted without the token.
    return create_app({"TESTING": True, "SECRET_KEY": "test", "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False})


@pytest.fixture
def db(app):
    """A connection to the app's database, closed after the test."""
    from store.db import connect, data_paths

    connection = connect(data_paths(app.config)[0])
    yield connection
    connection.close()


@pytest.fixture
def officer(app):
    """Alice, a procurement officer of the town of Valbrune: (User, API token)."""
    return make_user(app, "alice", "officer", "Valbrune")


@pytest.fixture
def client(app, officer):
    """A browser session logged in as Alice."""
    return logged_in(app, officer[0])


@pytest.fixture
def anon(app):
    return app.test_client()


@pytest.fixture
def run_jobs(app):
    """Run the queued analyses in this process, as the background worker would."""
    from jobs import run_pending

    def run() -> int:
        return run_pending()

    return run


@pytest.fixture
def dce_folder(tmp_path) -> Path:
    folder = tmp_path / "dce_valbrune"
    folder.mkdir()
    (folder / "RC.txt").write_text(RC_TEXT, encoding="utf-8")
    (folder / "CCAP.txt").write_text(CCAP_TEXT, encoding="utf-8")
    return folder
