"""The audit log: who published, withdrew or deleted which tender, and when. Lines are only ever
added; admins read them (web/manage.py). Its own migration set, registered with store.schema."""
from __future__ import annotations

from datetime import datetime, timezone

import sqlite_utils
from sqlite_migrate import Migrations

from store.schema import register
from store.users import User

ACTIONS = ("publish", "unpublish", "delete")
migrations = register(Migrations("audit"))


@migrations()
def m001_audit(db: sqlite_utils.Database) -> None:
    db["audit"].create({"id": int, "at": str, "user_id": int, "user_name": str, "org": str, "action": str,
                        "tender": int, "title": str}, pk="id", not_null={"at", "action"}, if_not_exists=True)
    db["audit"].create_index(["at"], if_not_exists=True)


def record(db: sqlite_utils.Database, user: User | None, action: str, tender: int, title: str | None) -> None:
    """One line; the tender is named by number and title, so the line outlives a deletion."""
    if action not in ACTIONS:
        raise ValueError(action)
    with db.atomic():
        db["audit"].insert({"at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                            "user_id": user.id if user else None, "user_name": user.name if user else None,
                            "org": user.org if user else None, "action": action, "tender": tender, "title": title})


def entries(db: sqlite_utils.Database, limit: int = 100, offset: int = 0) -> list[dict]:
    """The latest lines first."""
    return list(db.query("SELECT id, at, user_name, org, action, tender, title FROM audit"
                         " ORDER BY id DESC LIMIT ? OFFSET ?", [limit, offset]))


def count(db: sqlite_utils.Database) -> int:
    return db.execute("SELECT count(*) FROM audit").fetchone()[0]
