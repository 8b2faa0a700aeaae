"""Incremental backups into a folder: the originals are content-addressed, so each is copied
once and never compressed again; each backup adds a dated snapshot of the database (SQLite's
online copy, compressed), the secret key and a manifest.

    DIR/originals/ab/abcd…               every original ever backed up, once (mode 600)
    DIR/snapshots/2025-01-03T101112.123456Z/
        solidarity.db.gz                  the database at that moment
        originals.txt.gz                  the originals it needs, one SHA-256 a line
        secret_key                        the session signing key
        manifest.json                     format, date, counts, checksums (written last)

Folders are mode 700, files 600. A snapshot folder gets its final name only once complete. A
restore (from DIR: the latest snapshot; or from one snapshot folder) checks the database's
checksum and integrity and each original's SHA-256 before it replaces anything."""
from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import tempfile
from datetime import datetime, timezone
from pathlib import Path

from store.backup import (RestoreError, check_database, file_sha256, online_copy, read_manifest, replace_database,
                          table_counts, target_database)
from store.db import DB_NAME

FORMAT = "incremental-1"
SECRET = "secret_key"


def _private_dir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    path.chmod(0o700)
    return path


def _private_file(path: Path) -> int:
    """An exclusive descriptor for writing `path`, mode 600."""
    return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)


def _copy_original(source: Path, target: Path) -> bool:
    """Copy an original while checking its SHA-256 (its name); False when the bytes do not match."""
    _private_dir(target.parent)
    partial = target.with_name(target.name + ".part")
    digest = hashlib.sha256()
    with source.open("rb") as src, os.fdopen(_private_file(partial), "wb") as dst:
        for chunk in iter(lambda: src.read(1 << 20), b""):
            digest.update(chunk)
            dst.write(chunk)
    if digest.hexdigest() != source.name:
        partial.unlink()
        return False
    os.replace(partial, target)
    return True


def _compressed_copy(db_path: Path, target: Path) -> tuple[str, dict[str, int]]:
    """SQLite's online copy of the database, gzipped into `target`: the copy's SHA-256 and counts."""
    with tempfile.TemporaryDirectory(dir=target.parent) as tmp:
        snapshot = online_copy(db_path, Path(tmp) / DB_NAME)
        digest = hashlib.sha256()
        with snapshot.open("rb") as src, os.fdopen(_private_file(target), "wb") as raw, \
                gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=6, mtime=0) as dst:
            for chunk in iter(lambda: src.read(1 << 20), b""):
                digest.update(chunk)
                dst.write(chunk)
        counts = table_counts(snapshot)
    return digest.hexdigest(), counts


def backup_folder(data_dir: Path, out: Path) -> dict:
    """One more snapshot in `out`, copying only the originals it does not hold yet."""
    db_path = data_dir / DB_NAME
    if not db_path.exists():
        raise FileNotFoundError(f"Aucune base dans {data_dir}.")
    store_dir = _private_dir(_private_dir(out) / "originals")
    snapshots = _private_dir(out / "snapshots")
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H%M%S.%fZ")
    partial = _private_dir(snapshots / f".{stamp}.part")
    try:
        db_sha, counts = _compressed_copy(db_path, partial / f"{DB_NAME}.gz")
        kept, new, new_bytes, corrupt = [], 0, 0, []
        for path in sorted((data_dir / "originals").rglob("*")):
            if not path.is_file() or path.suffix == ".part":
                continue
            target = store_dir / path.name[:2] / path.name
            if target.exists() and target.stat().st_size == path.stat().st_size:
                kept.append(path.name)  # content-addressed: the same name is the same bytes
                continue
            if _copy_original(path, target):
                kept.append(path.name)
                new += 1
                new_bytes += target.stat().st_size
            else:
                corrupt.append(path.name)
        with os.fdopen(_private_file(partial / "originals.txt.gz"), "wb") as raw, \
                gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as fh:
            fh.write("".join(f"{digest}\n" for digest in kept).encode())
        if (data_dir / SECRET).exists():
            with os.fdopen(_private_file(partial / SECRET), "wb") as fh:
                fh.write((data_dir / SECRET).read_bytes())
        manifest = {"format": FORMAT, "created": stamp, "counts": {**counts, "originals": len(kept)},
                    "database_sha256": db_sha, "new_originals": new, "new_bytes": new_bytes,
                    "corrupt_originals": corrupt}
        with os.fdopen(_private_file(partial / "manifest.json"), "w") as fh:
            json.dump(manifest, fh, indent=1)
        final = snapshots / stamp
        os.replace(partial, final)  # complete, or not there at all
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return {**manifest["counts"], "new": new, "new_bytes": new_bytes, "corrupt": corrupt, "snapshot": final}


def snapshot_of(path: Path) -> Path:
    """The snapshot folder to restore: `path` itself, or the latest one of a backup folder."""
    if (path / "manifest.json").is_file():
        return path
    found = sorted(p for p in (path / "snapshots").glob("*") if (p / "manifest.json").is_file()) \
        if (path / "snapshots").is_dir() else []
    if not found:
        raise RestoreError(f"{path} n'est pas un dossier de sauvegarde de l'outil (aucun instantané complet).")
    return found[-1]


def restore_folder(path: Path, data_dir: Path, force: bool = False) -> dict[str, int]:
    snapshot = snapshot_of(path)
    originals = snapshot.parent.parent / "originals"
    manifest = read_manifest(snapshot / "manifest.json", FORMAT,
                             "Manifeste illisible : ce n'est pas une sauvegarde de l'outil.")
    db_path = target_database(data_dir, force)
    with tempfile.TemporaryDirectory(dir=data_dir) as tmp:
        staged = Path(tmp) / DB_NAME
        try:
            with gzip.open(snapshot / f"{DB_NAME}.gz", "rb") as src, staged.open("wb") as dst:
                shutil.copyfileobj(src, dst, 1 << 20)
            with gzip.open(snapshot / "originals.txt.gz", "rt") as fh:
                digests = fh.read().split()
        except (OSError, EOFError) as err:
            raise RestoreError(f"Instantané illisible : {err}.") from err
        if file_sha256(staged) != manifest.get("database_sha256"):
            raise RestoreError("La base de la sauvegarde est altérée (empreinte différente du manifeste).")
        check_database(staged)
        for digest in digests:
            source = originals / digest[:2] / digest
            if not source.is_file() or file_sha256(source) != digest:
                raise RestoreError(f"Fichier d'origine manquant ou altéré dans la sauvegarde : {digest}.")
        # Everything checked: originals first (content-addressed, so merging is safe), then the database.
        for digest in digests:
            target = data_dir / "originals" / digest[:2] / digest
            target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            shutil.copyfile(originals / digest[:2] / digest, target)
            target.chmod(0o600)
        if (snapshot / SECRET).exists():
            shutil.copyfile(snapshot / SECRET, data_dir / SECRET)
            (data_dir / SECRET).chmod(0o600)
        replace_database(staged, db_path)
        db_path.chmod(0o600)
    return {**table_counts(db_path), "originals": len(digests)}
