"""`flask --app app backup OUT` and `restore ARCHIVE` round-trip the database and the originals."""
from __future__ import annotations

import io
import tarfile

import pytest

from tests.fixtures.texts import CCAP_TEXT, RC_TEXT


@pytest.fixture
def stored(client, run_jobs) -> int:
    response = client.post("/analyses", data={"files": [(io.BytesIO(RC_TEXT.encode()), "RC.txt"),
                                                        (io.BytesIO(CCAP_TEXT.encode()), "CCAP.txt")]},
                           content_type="multipart/form-data")
    run_jobs()
    return int(response.headers["Location"].rsplit("/", 1)[1])


def fresh_app(tmp_path, monkeypatch, name: str):
    from app import create_app

    monkeypatch.setenv("SOLIDARITY_DATA_DIR", str(tmp_path / name))
    return create_app({"TESTING": True, "WTF_CSRF_ENABLED": False})


def test_backup_then_restore_gives_back_tenders_accounts_and_originals(app, client, stored, tmp_path, monkeypatch):
    from store.db import data_paths

    archive = tmp_path / "sauvegarde.tar.gz"
    result = app.test_cli_runner().invoke(args=["backup", str(archive)])
    assert result.exit_code == 0, result.output
    assert "1 appels d'offres" in result.output and "2 fichiers d'origine" in result.output

    restored = fresh_app(tmp_path, monkeypatch, "restored")
    result = restored.test_cli_runner().invoke(args=["restore", str(archive)])
    assert result.exit_code == 0, result.output
    # the same report, the same originals byte for byte, the same account (its password works)
    assert restored.config["SECRET_KEY"] != ""  # the kept secret is reused by a new process
    browser = restored.test_client()
    login = browser.post("/login", data={"name": "alice", "password": "mot-de-passe-alice"})
    assert login.status_code == 302
    assert browser.get(f"/api/tenders/{stored}").get_json() == client.get(f"/api/tenders/{stored}").get_json()
    before = {p.relative_to(data_paths(app.config)[1]): p.read_bytes() for p in data_paths(app.config)[1].rglob("*") if p.is_file()}
    after = {p.relative_to(data_paths(restored.config)[1]): p.read_bytes()
             for p in data_paths(restored.config)[1].rglob("*") if p.is_file()}
    assert before == after and len(after) == 2


def test_restore_refuses_to_overwrite_data_without_force(app, stored, tmp_path):
    archive = tmp_path / "b.tar.gz"
    app.test_cli_runner().invoke(args=["backup", str(archive)])
    refused = app.test_cli_runner().invoke(args=["restore", str(archive)])
    assert refused.exit_code != 0 and "--force" in refused.output
    forced = app.test_cli_runner().invoke(args=["restore", str(archive), "--force"])
    assert forced.exit_code == 0, forced.output


def test_restore_refuses_an_altered_or_forged_archive(app, stored, tmp_path, monkeypatch):
    archive = tmp_path / "b.tar.gz"
    app.test_cli_runner().invoke(args=["backup", str(archive)])
    with tarfile.open(archive, "r:gz") as tar:
        members = [(m, tar.extractfile(m).read() if m.isfile() else None) for m in tar.getmembers()]

    def rewrite(path, change):
        with tarfile.open(path, "w:gz") as tar:
            for member, data in members:
                member, data = change(member, data)
                tar.addfile(member, io.BytesIO(data) if data is not None else None)

    altered = tmp_path / "altered.tar.gz"
    rewrite(altered, lambda m, d: (m, d[:-1] + b"!" if m.name.startswith("originals/") else d))
    target = fresh_app(tmp_path, monkeypatch, "target")
    result = target.test_cli_runner().invoke(args=["restore", str(altered)])
    assert result.exit_code != 0 and "altéré" in result.output

    forged = tmp_path / "forged.tar.gz"

    def escape(member, data):
        if member.name == "manifest.json":
            return member, data
        member.name = "../../evil-" + member.name.replace("/", "_")
        return member, data

    rewrite(forged, escape)
    result = target.test_cli_runner().invoke(args=["restore", str(forged)])
    assert result.exit_code != 0 and "refusée" in result.output
    assert not list(tmp_path.parent.glob("evil-*"))

    garbage = tmp_path / "garbage.tar.gz"
    garbage.write_bytes(b"not an archive")
    result = target.test_cli_runner().invoke(args=["restore", str(garbage)])
    assert result.exit_code != 0 and "illisible" in result.output
