"""Who sees what, in one place: a tender is visible to the buyers (officers) of its organisation,
to everyone once its owner has published it, and to admins; its owner (or an admin) publishes
it. Trainers read published tenders only, whatever their organisation. The same rule as a Python
test (`can_see`) and as SQL (`visible_sql`) for lists, search and the dashboard."""
from __future__ import annotations

from store.users import User


def can_see(user: User | None, row: dict) -> bool:
    return bool(row.get("published")) or is_insider(user, row)


def is_insider(user: User | None, row: dict) -> bool:
    """Who works with the tender's own files (a copy of the originals, marked up): its
    organisation's buyers and admins; publishing a report never publishes the buyer's files."""
    if user is None:
        return False
    return user.is_admin or (user.role == "officer" and row.get("org") is not None and row.get("org") == user.org)


def can_publish(user: User | None, row: dict) -> bool:
    return user is not None and (user.is_admin or (user.id == row.get("owner_id")))


def private_org(user: User | None) -> str | None:
    """The organisation whose private tenders `user` may see (None: published ones only)."""
    return user.org if user is not None and user.role == "officer" else None


def visible_sql(org: str | None, alias: str = "t") -> tuple[str, list]:
    """SQL condition: the tender is published or belongs to `org`."""
    if org is None:
        return f"{alias}.published = 1", []
    return f"({alias}.published = 1 OR {alias}.org = ?)", [org]
