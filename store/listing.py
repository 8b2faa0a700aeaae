"""The list of stored tenders, one page at a time: keyset queries along the (updated, id) index,
the counts (documents, passages) computed for the rows shown only, and the pager's cursors."""
from __future__ import annotations

import heapq
from dataclasses import dataclass

import sqlite_utils

from store.filters import Branch, TenderFilter
from store.paging import Key, Link, decode, encode, page_count, window

LIST_COLUMNS = ("t.id, t.title, t.buyer, t.input, t.deadline, t.score_total, t.grade, t.accessibility_score,"
                " t.created, t.updated, t.status, t.stage, t.progress, t.error, t.org, t.owner_id, t.published,"
                " (SELECT count(*) FROM documents d WHERE d.tender_id = t.id) AS documents,"
                " (SELECT count(*) FROM clauses c WHERE c.tender_id = t.id AND c.negated = 0) AS clauses")


@dataclass
class Page:
    rows: list[dict]
    total: int
    number: int  # of the page shown, from 1
    pages: int
    links: list[Link]
    next: str | None  # cursor for `after`: the page below (None on the last)
    previous: str | None  # cursor for `before`: the page above (None on the first)


BELOW, ABOVE = "{key} < (?, ?)", "{key} > (?, ?)"


def _keys(db: sqlite_utils.Database, branches: list[Branch], bound: str | None, key: Key | None,
          newest_first: bool, limit: int, offset: int = 0) -> list[Key]:
    """Keys in the list order (or its reverse), `offset` skipped: each branch walks its index,
    the sorted runs are merged."""
    way = "DESC" if newest_first else "ASC"
    runs = []
    for branch in branches:
        skip, take = (offset, limit) if len(branches) == 1 else (0, offset + limit)
        runs.append([(row[0], row[1]) for row in db.execute(
            f"SELECT {branch.updated}, {branch.key}{branch.sql(bound)}"
            f" ORDER BY {branch.updated} {way}, {branch.key} {way} LIMIT ? OFFSET ?",
            [*branch.params, *(key or ()), take, skip])])
    if len(runs) == 1:
        return runs[0]
    return list(heapq.merge(*runs, reverse=newest_first))[offset:offset + limit]


def _count(db: sqlite_utils.Database, branches: list[Branch], bound: str | None = None, key: Key | None = None) -> int:
    return sum(db.execute(f"SELECT count(*){branch.sql(bound)}", [*branch.params, *(key or ())]).fetchone()[0]
               for branch in branches)


def rows_of(db: sqlite_utils.Database, ids: list[int]) -> list[dict]:
    """The list columns of these tenders, in this order; the counts are computed for them only."""
    if not ids:
        return []
    found = {row["id"]: row for row in db.query(
        f"SELECT {LIST_COLUMNS} FROM tenders t WHERE t.id IN ({', '.join('?' * len(ids))})", ids)}
    return [found[i] for i in ids if i in found]


def _ahead(db: sqlite_utils.Database, f: TenderFilter, branches: list[Branch], total: int | None,
           size: int) -> tuple[list[Key], int | None]:
    """Up to `size` keys from the first row of the page asked for downwards, and the position of
    that row when it is known without counting (None: reached by a cursor)."""
    per_page = f.per_page
    if f.last and total is not None:
        last = total - (page_count(total, per_page) - 1) * per_page
        return (_keys(db, branches, None, None, False, last)[::-1], total - last) if last > 0 else ([], 0)
    if f.before and (key := decode(f.before)) is not None:
        above = _keys(db, branches, ABOVE, key, False, per_page)
        if not above:  # nothing above: the first page
            return _keys(db, branches, None, None, True, size), 0
        below = _keys(db, branches, BELOW, above[0], True, size - len(above)) if size > len(above) else []
        return above[::-1] + below, None
    if f.after and (key := decode(f.after)) is not None:
        return _keys(db, branches, BELOW, key, True, size), None
    offset = (max(f.page, 1) - 1) * per_page
    return _keys(db, branches, None, None, True, size, offset), offset


def list_tenders(db: sqlite_utils.Database, filters: TenderFilter | None = None) -> list[dict]:
    """The rows of the page asked for (numbered page, cursor or last page), newest first."""
    filters = filters or TenderFilter()
    branches = filters.branches()
    total = _total(db, filters, branches) if filters.last else None
    ahead, _ = _ahead(db, filters, branches, total, filters.per_page)
    return rows_of(db, [key[1] for key in ahead])


def count_tenders(db: sqlite_utils.Database, filters: TenderFilter | None = None) -> int:
    filters = filters or TenderFilter()
    return _total(db, filters, filters.branches())


def _total(db: sqlite_utils.Database, filters: TenderFilter, branches: list[Branch]) -> int:
    """The rows the filters keep: without a filter (who sees what aside), the 'listed' tallies
    kept by triggers, whatever the number of tenders; else counted along the indexes."""
    if filters.category or filters.conditions(category=False)[0]:
        return _count(db, branches)
    where, params = filters.tally_where()
    where = f"{where} AND measure = 'listed'" if where else " WHERE measure = 'listed'"
    return db.execute(f"SELECT coalesce(sum(n), 0) FROM tallies{where}", params).fetchone()[0]


def tender_page(db: sqlite_utils.Database, filters: TenderFilter) -> Page:
    """The page asked for with its total and its pager: every query walks at most three pages of
    the index from the first row shown, whatever the depth, but for the counts."""
    branches = filters.branches()
    per_page = filters.per_page
    total = _total(db, filters, branches)
    ahead, start = _ahead(db, filters, branches, total, 2 * per_page)
    behind = []
    if ahead:
        if start is None:  # reached by a cursor: its position is the number of rows above it
            start = _count(db, branches, ABOVE, ahead[0])
        if start > 0:
            behind = _keys(db, branches, ABOVE, ahead[0], False, 2 * per_page + 1)
    start = min(start if start is not None else total, total)
    shown = ahead[:per_page]
    rows = rows_of(db, [key[1] for key in shown])
    more = bool(shown) and start + len(shown) < total
    return Page(rows=rows, total=total, number=start // per_page + 1, pages=page_count(total, per_page),
                links=window(start, len(shown), total, per_page, ahead, behind),
                next=encode(shown[-1]) if more else None,
                previous=encode(shown[0]) if shown and start > 0 else None)
