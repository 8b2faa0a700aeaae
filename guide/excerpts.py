"""Best-practice excerpts for the guide, drawn from the tenders stored in the database.

For each taxonomy category, the strongest real passages: obligations and criteria before options
and mentions, then by confidence; negated passages never; the same wording only once. Each
excerpt keeps the tender, document and page it came from.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

STRENGTH_RANK = {"mandatory": 0, "criterion": 0, "optional": 1, "mention": 2}
MIN_CHARS, MAX_CHARS = 60, 500  # shorter passages are headings; longer ones are lists run together


@dataclass
class Excerpt:
    category: str
    text: str
    tender_id: int
    tender_title: str
    document: str
    page: int | None
    strength: str

    @property
    def source(self) -> str:
        where = self.document + (f", p. {self.page}" if self.page else "")
        return f"{self.tender_title or 'Consultation n° ' + str(self.tender_id)} — {where}"


def _key(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower()).strip()


def best_excerpts(db, categories: list[str], limit: int = 3) -> list[Excerpt]:
    """The `limit` strongest distinct passages of these categories in the database `db`
    (a sqlite_utils Database); [] when nothing has been analysed yet."""
    if not categories or "clauses" not in db.table_names():
        return []
    marks = ", ".join("?" for _ in categories)
    rows = db.execute(
        f"SELECT c.category, c.text, c.tender_id, t.title, c.document, c.page, c.strength, c.confidence, "
        f"coalesce(c.legal_refs, '[]') != '[]' AS cited "
        f"FROM clauses c JOIN tenders t ON t.id = c.tender_id "
        # only published tenders: a file under preparation is confidential to its organisation
        f"WHERE t.published = 1 AND c.negated = 0 AND coalesce(c.source, '') != 'notice' AND c.category IN ({marks}) "
        f"AND length(c.text) BETWEEN ? AND ?",
        [*categories, MIN_CHARS, MAX_CHARS],
    ).fetchall()
    # binding first, then passages that cite their article (written by the buyer, not the form)
    rows.sort(key=lambda r: (STRENGTH_RANK.get(r[6], 3), -int(r[8] or 0), -(r[7] or 0), r[2], r[1]))
    seen: set[str] = set()
    tenders: set[int] = set()
    out = []
    for category, text, tender_id, title, document, page, strength, _, _ in rows:
        key = _key(text)
        if key in seen or tender_id in tenders:
            continue  # one excerpt per tender: show the range of practice
        seen.add(key)
        tenders.add(tender_id)
        out.append(Excerpt(category, " ".join(text.split()), tender_id, title or "", document, page, strength))
        if len(out) == limit:
            break
    return out
