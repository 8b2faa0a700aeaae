"""`flask --app app backup DIR`: incremental (each original copied once, a dated compressed
snapshot of the database each time), owner-only modes; `restore DIR` or one of its snapshots."""
from __future__ import annotations

import stat

import pytest

from tests.fixtures.stored import Spec, save_spec


def run(app, *args):
    return app.test_cli_runner().invoke(args=list(args))


def store_specs(app, *specs: Spec) -> list[int]:
    from store.db import connect, data_paths

    db_path, originals = data_paths(app.config)
    db = connect(db_path)
    try:
        return [save_spec(db, originals, spec) for spec in specs]
    finally:
        db.close()


def fresh_app(tmp_path, monkeypatch, name: str):
    from app import create_app

    monkeypatch.setenv("SOLIDARITY_DATA_DIR", str(tmp_path / name))
    return create_app({"TESTING": True, "WTF_CSRF_ENABLED": False})


def originals_in(folder) -> dict:
    return {p.name: p.stat() for p in (folder / "originals").rglob("*") if p.is_file()}


def test_second_backup_copies_only_new_originals_and_restore_takes_the_latest(app, officer, tmp_path, monkeypatch):
    from store.secret_key import load_or_create

    out = tmp_path / "sauvegardes"
    secret = load_or_create(app.config["DATA_DIR"])  # what a deployment without SOLIDARITY_SECRET_KEY has
    store_specs(app, Spec(title="Espaces verts", categories=("insertion_clause",), org="Valbrune"),
                Spec(title="Ramettes", published=True))
    first = run(app, "backup", str(out))
    assert first.exit_code == 0, first.output
    assert "2 fichiers d'origine, dont 2 nouveaux copiés" in first.output
    before = originals_in(out)
    assert len(before) == 2

    # the same file by another organisation (same original), and a new one
    store_specs(app, Spec(title="Espaces verts", org="Port-Aubrac"), Spec(title="Nettoyage", published=True))
    second = run(app, "backup", str(out))
    assert second.exit_code == 0, second.output
    assert "3 fichiers d'origine, dont 1 nouveaux copiés" in second.output
    after = originals_in(out)
    assert len(after) == 3
    for name, kept in before.items():  # not copied again: same inode, same modification time
        assert (after[name].st_ino, after[name].st_mtime_ns) == (kept.st_ino, kept.st_mtime_ns)
    snapshots = sorted((out / "snapshots").iterdir())
    assert len(snapshots) == 2
    assert {p.name for p in snapshots[1].iterdir()} == {"solidarity.db.gz", "originals.txt.gz", "secret_key",
                                                        "manifest.json"}
    for path in out.rglob("*"):  # owner only
        assert stat.S_IMODE(path.stat().st_mode) == (0o700 if path.is_dir() else 0o600), path
    assert stat.S_IMODE(out.stat().st_mode) == 0o700

    restored = fresh_app(tmp_path, monkeypatch, "restored")
    result = run(restored, "restore", str(out))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "restored" / "secret_key").read_text().strip() == secret
    assert "4 appels d'offres" in result.output and "3 fichiers d'origine" in result.output
    browser = restored.test_client()
    assert browser.post("/login", data={"name": "alice", "password": "mot-de-passe-alice"}).status_code == 302
    assert browser.get("/api/tenders").get_json()["total"] == 3  # Valbrune's own and the published ones
    from store.db import data_paths

    source, target = data_paths(app.config)[1], data_paths(restored.config)[1]
    assert {p.name: p.read_bytes() for p in source.rglob("*") if p.is_file()} == \
        {p.name: p.read_bytes() for p in target.rglob("*") if p.is_file()}

    older = fresh_app(tmp_path, monkeypatch, "older")
    result = run(older, "restore", str(snapshots[0]))  # one snapshot: the state of the first backup
    assert result.exit_code == 0, result.output
    assert "2 appels d'offres" in result.output and "2 fichiers d'origine" in result.output


def test_restore_from_a_folder_checks_before_replacing_anything(app, tmp_path, monkeypatch):
    out = tmp_path / "sauvegardes"
    store_specs(app, Spec(title="Espaces verts", published=True))
    assert run(app, "backup", str(out)).exit_code == 0
    refused = run(app, "restore", str(out))
    assert refused.exit_code != 0 and "--force" in refused.output

    (original,) = [p for p in (out / "originals").rglob("*") if p.is_file()]
    original.chmod(0o600)
    original.write_bytes(original.read_bytes() + b"!")
    target = fresh_app(tmp_path, monkeypatch, "target")
    result = run(target, "restore", str(out))
    assert result.exit_code != 0 and "altéré" in result.output
    from store.db import data_paths

    assert not list(data_paths(target.config)[1].rglob("*"))  # nothing replaced

    (tmp_path / "vide").mkdir()
    result = run(target, "restore", str(tmp_path / "vide"))
    assert result.exit_code != 0 and "aucun instantané" in result.output


@pytest.mark.parametrize("name", ["b.tar.gz", "b.tgz"])
def test_an_archive_name_keeps_the_single_file_form(app, tmp_path, name):
    store_specs(app, Spec(title="Espaces verts", published=True))
    result = run(app, "backup", str(tmp_path / name))
    assert result.exit_code == 0, result.output
    assert (tmp_path / name).is_file() and stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o600
