"""Server-side sessions: the browser's signed cookie carries only a random session id; this
table says whether it is still valid. Logging out deletes the row, so a copy of the cookie
taken before is worth nothing; a session unused for IDLE is over."""
from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta, timezone

import sqlite_utils
from sqlite_migrate import Migrations

from store.schema import register

IDLE = timedelta(hours=2)
TOUCH_EVERY = timedelta(minutes=1)  # last_seen is written at most this often per session
migrations = register(Migrations("sessions"))


@migrations()
def m001_sessions(db: sqlite_utils.Database) -> None:
    db["sessions"].create({"id_hash": str, "user_id": int, "created": str, "last_seen": str}, pk="id_hash",
                          if_not_exists=True)
    db["sessions"].create_index(["user_id"], if_not_exists=True)


def _hash(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


def _now() -> datetime:
    return datetime.now(timezone.utc)


def open_session(db: sqlite_utils.Database, user_id: int) -> str:
    """A new session for the user; returns its id (kept in the cookie, stored hashed)."""
    session_id = secrets.token_urlsafe(32)
    stamp = _now().isoformat(timespec="seconds")
    with db.atomic():
        db["sessions"].insert({"id_hash": _hash(session_id), "user_id": user_id, "created": stamp, "last_seen": stamp})
    return session_id


def user_of(db: sqlite_utils.Database, session_id: str, idle: timedelta = IDLE) -> int | None:
    """The user of a live session (touching it), or None for an unknown, closed or idle one."""
    row = db.execute("SELECT user_id, last_seen FROM sessions WHERE id_hash = ?", (_hash(session_id),)).fetchone()
    if row is None:
        return None
    now = _now()
    last = datetime.fromisoformat(row[1])
    if now - last > idle:
        close_session(db, session_id)
        return None
    if now - last > TOUCH_EVERY:
        with db.atomic():
            db.execute("UPDATE sessions SET last_seen = ? WHERE id_hash = ?",
                       (now.isoformat(timespec="seconds"), _hash(session_id)))
    return row[0]


def close_session(db: sqlite_utils.Database, session_id: str) -> None:
    with db.atomic():
        db.execute("DELETE FROM sessions WHERE id_hash = ?", (_hash(session_id),))


def close_all(db: sqlite_utils.Database, user_id: int | None = None) -> int:
    """Every session (of one user, or of everyone: after rotating the secret)."""
    with db.atomic():
        if user_id is None:
            return db.execute("DELETE FROM sessions").rowcount
        return db.execute("DELETE FROM sessions WHERE user_id = ?", (user_id,)).rowcount
