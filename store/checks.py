"""Quick checks ("puis-je répondre ?") waiting for, or holding, their result: only the report,
kept one hour for the visitor who asked, then deleted. Nothing else of a check is stored."""
from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import sqlite_utils
from sqlite_migrate import Migrations

from store.schema import register

KEPT = timedelta(hours=1)
migrations = register(Migrations("checks"))


@migrations()
def m001_checks(db: sqlite_utils.Database) -> None:
    db["checks"].create({"token": str, "created": str, "status": str, "report": str, "error": str}, pk="token",
                        if_not_exists=True)
    db["checks"].create_index(["created"], if_not_exists=True)


def _now() -> datetime:
    return datetime.now(timezone.utc)


def start(db: sqlite_utils.Database, token: str) -> None:
    with db.atomic():
        db["checks"].insert({"token": token, "created": _now().isoformat(timespec="seconds"), "status": "queued"})


def finish(db: sqlite_utils.Database, token: str, report: dict | None, error: str | None) -> None:
    with db.atomic():
        db.execute("UPDATE checks SET status = ?, report = ?, error = ? WHERE token = ?",
                   ("error" if error else "done", json.dumps(report, ensure_ascii=False) if report else None,
                    error, token))


def get(db: sqlite_utils.Database, token: str) -> dict | None:
    row = db.execute("SELECT status, report, error, created FROM checks WHERE token = ? AND created >= ?",
                     (token, (_now() - KEPT).isoformat(timespec="seconds"))).fetchone()
    if row is None:
        return None
    return {"status": row[0], "report": json.loads(row[1]) if row[1] else None, "error": row[2], "created": row[3]}


def purge(db: sqlite_utils.Database) -> int:
    with db.atomic():
        return db.execute("DELETE FROM checks WHERE created < ?",
                          ((_now() - KEPT).isoformat(timespec="seconds"),)).rowcount
