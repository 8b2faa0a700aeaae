"""What the list page and `GET /api/tenders` filter on, and the SQL condition each filter makes.

Every condition has an index behind it (store.schema m004-m007): the buyer through the
`tenders_fts` full-text index (words and their beginnings, accents ignored), the category through
`tender_categories`, the deadline, the score and the status through their own indexes, and who
sees what through (published) and (org)."""
from __future__ import annotations

import re
from dataclasses import dataclass

from store.access import visible_sql

# The highest code point: "2024-05-03" + TOP is above every deadline of that day, whatever follows.
TOP = "\U0010ffff"


def buyer_query(text: str) -> str | None:
    """The words of a buyer's name as an FTS5 query on the `buyer` column, each word matching
    the beginning of a word ("valb" finds "Ville de Valbrune"); None when there is no word."""
    words = re.findall(r"[^\W_]+", text)
    if not words:
        return None
    return "buyer : (" + " ".join(f'"{word}"*' for word in words) + ")"


@dataclass
class TenderFilter:
    """What the list page and `GET /api/tenders` filter on; empty fields filter nothing.

    Paging: `page` (numbered, for small offsets) or a cursor from the previous answer, `after`
    (the page below a row) or `before` (the page above it), or `last`."""
    buyer: str = ""
    date_from: str = ""  # ISO dates, compared with the tender's deadline
    date_to: str = ""
    category: str = ""
    score_min: float | None = None
    score_max: float | None = None
    status: str = ""
    page: int = 1
    per_page: int = 50
    # Who is looking: published tenders, plus those of `viewer_org`; `see_all` for admins.
    viewer_org: str | None = None
    see_all: bool = False
    after: str = ""
    before: str = ""
    last: bool = False

    def conditions(self, category: bool = True) -> tuple[list[str], list]:
        """The filters' SQL conditions on alias t, who sees what aside (and the category, unless
        `category` is False)."""
        clauses, params = [], []
        if self.buyer and (match := buyer_query(self.buyer)) is not None:
            clauses.append("t.id IN (SELECT rowid FROM tenders_fts WHERE tenders_fts MATCH ?)")
            params.append(match)
        if self.date_from:
            clauses.append("t.deadline >= ?")
            params.append(self.date_from)
        if self.date_to:
            # the range makes the index usable, the substr keeps the meaning: up to that day included
            clauses.append("t.deadline <= ? AND substr(t.deadline, 1, 10) <= ?")
            params.extend([self.date_to + TOP, self.date_to])
        if self.category and category:
            clauses.append("t.id IN (SELECT tender_id FROM tender_categories WHERE category = ?)")
            params.append(self.category)
        if self.score_min is not None:
            clauses.append("t.score_total >= ?")
            params.append(self.score_min)
        if self.score_max is not None:
            clauses.append("t.score_total <= ?")
            params.append(self.score_max)
        if self.status:
            clauses.append("t.status = ?")
            params.append(self.status)
        return clauses, params

    def where(self) -> tuple[str, list]:
        """One WHERE clause on `tenders t`: who sees what (store.access) and the filters."""
        clauses, params = self.conditions()
        if not self.see_all:
            sql, values = visible_sql(self.viewer_org)
            clauses, params = [sql, *clauses], [*values, *params]
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params

    def tally_where(self) -> tuple[str, list]:
        """Who sees what on the `tallies` table (store.schema m006), whose `org` is '' for none."""
        if self.see_all:
            return "", []
        if not self.viewer_org:
            return " WHERE published = 1", []
        return " WHERE (published = 1 OR org = ?)", [self.viewer_org]

    def branches(self) -> list[Branch]:
        """Disjoint queries whose union is where(), each walked along one index in the list order:
        "published, or of the viewer's organisation" is split into the published tenders and the
        organisation's unpublished ones (an OR no index serves in that order), and a category
        filter reads `tender_categories`, which carries the list key and the visibility."""
        clauses, params = self.conditions(category=False)
        if self.category:
            alias, source = "k", "tender_categories k" + (" JOIN tenders t ON t.id = k.tender_id" if clauses else "")
            clauses, params = ["k.category = ?", *clauses], [self.category, *params]
            updated, key = "k.updated", "k.tender_id"
        else:
            alias, source, updated, key = "t", "tenders t", "t.updated", "t.id"
        if self.see_all:
            parts: list[tuple[list[str], list]] = [([], [])]
        elif self.viewer_org is None:
            parts = [([f"{alias}.published = 1"], [])]
        else:
            parts = [([f"{alias}.published = 1"], []),
                     ([f"{alias}.org = ?", f"{alias}.published IS NOT 1"], [self.viewer_org])]
        return [Branch(source, updated, key, " AND ".join(part + clauses), values + params) for part, values in parts]


@dataclass(frozen=True)
class Branch:
    """One of the disjoint queries of a filter: FROM `source`, whose list key is (`updated`, `key`),
    WHERE `condition` (may be empty) with `params`."""
    source: str
    updated: str
    key: str
    condition: str
    params: list

    def sql(self, extra: str | None = None) -> str:
        """FROM and WHERE, with `extra` (on the key: `{key}` placeholders) added."""
        parts = [self.condition] if self.condition else []
        if extra:
            parts.append(extra.format(key=f"({self.updated}, {self.key})"))
        return f" FROM {self.source}" + (" WHERE " + " AND ".join(parts) if parts else "")
