"""Originals on disk, content-addressed: a file is kept once under its SHA-256, whoever sends it."""
from __future__ import annotations

import hashlib
import os
from pathlib import Path


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def original_path(originals_dir: Path, digest: str) -> Path:
    return Path(originals_dir) / digest[:2] / digest


def keep_original(originals_dir: Path, data: bytes) -> tuple[str, Path]:
    """Write the bytes once under their hash; a second call with the same bytes writes nothing."""
    digest = sha256(data)
    target = original_path(originals_dir, digest)
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        tmp = target.with_suffix(".part")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # tenders are confidential
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, target)  # atomic: never a half-written original under its final name
    return digest, target


def unused(db, digests, except_tender: int | None = None) -> list[str]:
    """The digests no tender (other than `except_tender`) holds any more, by the `tender_files`
    index that triggers keep in step with `tenders.files`."""
    return [digest for digest in dict.fromkeys(digests)
            if db.execute("SELECT 1 FROM tender_files WHERE sha256 = ? AND tender_id IS NOT ? LIMIT 1",
                          (digest, except_tender)).fetchone() is None]


def record_originals(db, kept: list[tuple[str, int, str, Path]], now: str) -> None:
    """Rows of the `originals` table for (name, size, digest, path); known digests are left alone."""
    db["originals"].insert_all(
        ({"sha256": digest, "name": name, "size": size, "path": str(path), "first_seen": now}
         for name, size, digest, path in kept), pk="sha256", ignore=True)


def tender_key(files: list[tuple[str, bytes]], org: str | None = None) -> str:
    """The same files are the same tender within one organisation; two organisations uploading the
    same files get two tenders, neither seeing the other's."""
    digests = "\n".join(sorted(sha256(data) for _, data in files))
    return sha256((digests if org is None else f"{org}\n{digests}").encode())
