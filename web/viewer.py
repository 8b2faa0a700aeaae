"""The current viewer's reach: the tenders they may see (store.access), the list filters of a
query string, and 404 for everything else (another organisation's tender does not exist)."""
from __future__ import annotations

from flask import abort, g

from store import access
from store import search as search_store
from store import tenders as tender_store
from store.db import get_db
from taxonomy import CATEGORIES


def visible_tender(tender_id: int) -> dict | None:
    """The tender if the current user may see it; None otherwise (as if it did not exist)."""
    row = tender_store.get_tender(get_db(), tender_id)
    return row if row is not None and access.can_see(g.get("user"), row) else None


def tender_or_404(tender_id: int) -> dict:
    row = visible_tender(tender_id)
    if row is None:
        abort(404)  # another organisation's tender: 404, not 403, so its existence is not revealed
    return row


def done_report_or_404(tender_id: int) -> dict:
    row = tender_or_404(tender_id)
    if row["report"] is None:
        abort(404)
    return row["report"]


def viewer_filter(**fields) -> tender_store.TenderFilter:
    user = g.get("user")
    return tender_store.TenderFilter(viewer_org=access.private_org(user), see_all=bool(user and user.is_admin),
                                     **fields)


def filters_from(args) -> tender_store.TenderFilter:
    """The list filters from a query string; a malformed number or cursor is ignored, not an error.
    Paging: `page` (a number), or `after` / `before` (cursors from a previous answer), or `last=1`."""
    def number(name: str) -> float | None:
        try:
            return float(args[name]) if args.get(name, "").strip() else None
        except ValueError:
            return None

    def integer(name: str, default: int, top: int) -> int:
        try:
            return max(1, min(int(args.get(name, default)), top))
        except ValueError:
            return default

    category = args.get("category", "")
    status = args.get("status", "")
    return viewer_filter(
        buyer=args.get("buyer", "").strip(), date_from=args.get("date_from", "").strip(),
        date_to=args.get("date_to", "").strip(), category=category if category in CATEGORIES else "",
        score_min=number("score_min"), score_max=number("score_max"),
        status=status if status in tender_store.STATUSES else "", page=integer("page", 1, 10_000),
        per_page=integer("per_page", 50, 200), after=args.get("after", "").strip()[:200],
        before=args.get("before", "").strip()[:200], last=args.get("last", "") == "1")


def visible_search(query: str) -> list[dict]:
    """Hits the viewer may see; store.search.BadQuery for a query the index cannot read."""
    if not query:
        return []
    viewer = viewer_filter()
    return search_store.search(get_db(), query, viewer_org=viewer.viewer_org, see_all=viewer.see_all)


_INTERNAL = ("org", "owner_id", "files")  # who uploaded it, and where: for its organisation only


def shown(row: dict) -> dict:
    """A tender row as the viewer may read it: someone outside its organisation does not learn
    who uploaded it, nor server paths (the input keeps its file name only)."""
    user = g.get("user")
    if user is not None and (user.is_admin or user.org == row.get("org")):
        return row
    out = {k: v for k, v in row.items() if k not in _INTERNAL}
    if out.get("input"):
        out["input"] = _file_name(out["input"])
    if isinstance(out.get("report"), dict):
        out["report"] = {**out["report"], "input": _file_name(out["report"].get("input") or "")}
    return out


def _file_name(path: str) -> str:
    return path.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]
