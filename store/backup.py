"""Backup and restore of the data folder: the SQLite database, the originals and the secret key.

The database is copied with SQLite's online backup API, so a backup taken while the app runs is
consistent. A restore checks everything (archive paths, database integrity, each original's
SHA-256) before it replaces anything.
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import tarfile
import tempfile
from datetime import datetime, timezone
from pathlib import Path

from store.db import DB_NAME

FORMAT = 1


class RestoreError(Exception):
    """The archive cannot be restored; the message says why, in French."""


def table_counts(db_path: Path) -> dict[str, int]:
    conn = sqlite3.connect(db_path)
    try:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        return {table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] if table in tables else 0
                for table in ("tenders", "users")}
    finally:
        conn.close()


def online_copy(db_path: Path, target: Path) -> Path:
    """SQLite's online backup of the database into `target`: consistent while the app writes."""
    source, copy = sqlite3.connect(db_path), sqlite3.connect(target)
    try:
        source.backup(copy)
    finally:
        source.close()
        copy.close()
    return target


def backup(data_dir: Path, out: Path) -> dict[str, int]:
    db_path = data_dir / DB_NAME
    if not db_path.exists():
        raise FileNotFoundError(f"Aucune base dans {data_dir}.")
    originals = sorted(p for p in (data_dir / "originals").rglob("*") if p.is_file() and p.suffix != ".part")
    with tempfile.TemporaryDirectory() as tmp:
        snapshot = online_copy(db_path, Path(tmp) / DB_NAME)
        counts = {**table_counts(snapshot), "originals": len(originals)}
        manifest = {"format": FORMAT, "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                    "counts": counts, "originals": {p.name: p.relative_to(data_dir).as_posix() for p in originals}}
        partial = out.with_name(out.name + ".part")
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # it holds every tender
        with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
            data = json.dumps(manifest, indent=1).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
            tar.add(snapshot, DB_NAME)
            if (data_dir / "secret_key").exists():
                tar.add(data_dir / "secret_key", "secret_key")
            for path in originals:
                tar.add(path, path.relative_to(data_dir).as_posix())
        os.replace(partial, out)  # never a half-written backup under the final name
    return counts


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def read_manifest(path: Path, expected_format: object, unreadable: str) -> dict:
    try:
        manifest = json.loads(path.read_text())
    except (OSError, ValueError) as err:
        raise RestoreError(unreadable) from err
    if not isinstance(manifest, dict) or manifest.get("format") != expected_format:
        found = manifest.get("format") if isinstance(manifest, dict) else "?"
        raise RestoreError(f"Format de sauvegarde inconnu ({found}).")
    return manifest


def check_database(db_path: Path) -> None:
    """RestoreError unless the database file reads and passes SQLite's integrity check."""
    try:
        conn = sqlite3.connect(db_path)
        ok = conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        conn.close()
    except sqlite3.DatabaseError as err:
        raise RestoreError("La base de la sauvegarde est illisible.") from err
    if not ok:
        raise RestoreError("La base de la sauvegarde est endommagée (integrity_check).")


def target_database(data_dir: Path, force: bool) -> Path:
    """The database a restore replaces; RestoreError when it holds data and `force` is not given."""
    data_dir.mkdir(parents=True, exist_ok=True)
    db_path = data_dir / DB_NAME
    if db_path.exists() and not force and any(table_counts(db_path).values()):
        raise RestoreError(f"{db_path} contient déjà des données : ajoutez --force pour les remplacer.")
    return db_path


def replace_database(staged: Path, db_path: Path) -> None:
    """The checked copy in place of the database (its WAL files first: they belong to the old one)."""
    for suffix in ("-wal", "-shm"):
        Path(str(db_path) + suffix).unlink(missing_ok=True)
    os.replace(staged, db_path)


def _check(staging: Path) -> dict:
    manifest = read_manifest(staging / "manifest.json", FORMAT,
                             "Archive sans manifeste lisible : ce n'est pas une sauvegarde de l'outil.")
    check_database(staging / DB_NAME)
    for digest, relative in manifest["originals"].items():
        path = staging / relative
        if not path.is_file() or file_sha256(path) != digest:
            raise RestoreError(f"Fichier d'origine manquant ou altéré dans la sauvegarde : {relative}.")
    return manifest


def restore(archive: Path, data_dir: Path, force: bool = False) -> dict[str, int]:
    db_path = target_database(data_dir, force)
    with tempfile.TemporaryDirectory(dir=data_dir) as tmp:
        staging = Path(tmp)
        try:
            with tarfile.open(archive, "r:gz") as tar:
                tar.extractall(staging, filter="data")  # refuses absolute paths, '..', links outside
        except (tarfile.TarError, OSError, EOFError) as err:
            raise RestoreError(f"Archive illisible ou refusée : {err}.") from err
        manifest = _check(staging)
        # Everything checked: originals first (content-addressed, so merging is safe), then the database.
        for relative in manifest["originals"].values():
            target = data_dir / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(staging / relative, target)
        if (staging / "secret_key").exists():
            shutil.copy2(staging / "secret_key", data_dir / "secret_key")
        replace_database(staging / DB_NAME, db_path)
    return {**table_counts(db_path), "originals": len(manifest["originals"])}
