"""Best-practice excerpts for the guide, drawn from the published tenders in the database.

For each taxonomy category, the strongest real passages that pass guide.vetting: obligations and
criteria before options and mentions, then those citing their article, then by confidence;
negated passages never; the same wording only once; one per tender. For the sheet on small
structures, the strengths the accessibility check found in stored tenders. Each excerpt keeps
the tender (title, buyer), document and page it came from.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Iterator

from guide.vetting import refusal
from taxonomy import FINDING_LABELS
from text.passage import clean_passage, starts_a_sentence

STRENGTH_RANK = {"mandatory": 0, "criterion": 0, "optional": 1, "mention": 2}
MIN_CHARS, MAX_CHARS = 60, 500  # shorter passages are headings; longer ones are lists run together
RECENT_REPORTS = 500  # the access excerpts read the reports of the latest published tenders only
PER_TENDER = 2  # access excerpts taken from one tender, at most


@dataclass
class Excerpt:
    category: str  # a taxonomy category, or an accessibility finding id for the small-structures sheet
    text: str
    tender_id: int
    tender_title: str
    document: str
    page: int | None
    strength: str
    buyer: str = ""

    @property
    def tender(self) -> str:
        """The tender as a reader names it: its title and its buyer."""
        title = self.tender_title or f"Consultation n° {self.tender_id}"
        return f"{title} ({self.buyer})" if self.buyer else title

    @property
    def where(self) -> str:
        return self.document + (f", p. {self.page}" if self.page else "")

    @property
    def source(self) -> str:
        return f"{self.tender} — {self.where}"

    @property
    def label(self) -> str:
        """For an access excerpt, the point it illustrates."""
        return FINDING_LABELS.get(self.category, "")


def key(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower()).strip()


def vetted_rows(db, categories: list[str]) -> Iterator[tuple]:
    """(category, text, tender_id, title, buyer, document, page, strength) of every passage of
    these categories that may teach, best first; vetted as they are read, so that a caller that
    needs three stops after a few."""
    if not categories or "clauses" not in db.table_names():
        return
    marks = ", ".join("?" for _ in categories)
    rows = db.execute(
        f"SELECT c.category, c.text, c.tender_id, t.title, t.buyer, c.document, c.page, c.strength, c.confidence, "
        f"coalesce(c.legal_refs, '[]') != '[]' AS cited "
        f"FROM clauses c JOIN tenders t ON t.id = c.tender_id "
        # only published tenders: a file under preparation is confidential to its organisation
        f"WHERE t.published = 1 AND c.negated = 0 AND coalesce(c.source, '') != 'notice' AND c.category IN ({marks}) "
        f"AND length(c.text) BETWEEN ? AND ?",
        [*categories, MIN_CHARS, MAX_CHARS],
    ).fetchall()
    # binding first, then passages that cite their article (written by the buyer, not the form)
    rows.sort(key=lambda r: (STRENGTH_RANK.get(r[7], 3), -int(r[9] or 0), -(r[8] or 0), r[2], r[1]))
    for category, text, tender_id, title, buyer, document, page, strength, _, _ in rows:
        text = " ".join(text.split())
        if refusal(category, text) is None:
            yield category, text, tender_id, title or "", buyer or "", document, page, strength


def best_excerpts(db, categories: list[str], limit: int = 3) -> list[Excerpt]:
    """The `limit` strongest distinct passages of these categories in the database `db`
    (a sqlite_utils Database) that pass guide.vetting."""
    seen: set[str] = set()
    tenders: set[int] = set()
    out = []
    for category, text, tender_id, title, buyer, document, page, strength in vetted_rows(db, categories):
        if key(text) in seen or tender_id in tenders:
            continue  # one excerpt per tender: show the range of practice
        seen.add(key(text))
        tenders.add(tender_id)
        out.append(Excerpt(category, text, tender_id, title, document, page, strength, buyer))
        if len(out) == limit:
            break
    return out


def access_excerpts(db, findings: list[str], limit: int = 6) -> list[Excerpt]:
    """Strengths for small structures found in published tenders (lots, advance, groupings…):
    one per point and per tender, as complete sentences."""
    if not findings or "reports" not in db.table_names():
        return []
    rows = db.execute(
        "SELECT t.id, t.title, t.buyer, json_extract(r.report, '$.accessibility.findings')"
        " FROM tenders t JOIN reports r ON r.tender_id = t.id"
        " WHERE t.published = 1 AND t.status = 'done' ORDER BY t.updated DESC, t.id DESC LIMIT ?",
        [RECENT_REPORTS]).fetchall()
    by_point: dict[str, Excerpt] = {}
    for tender_id, title, buyer, findings_json in rows:
        taken = 0
        for finding in json.loads(findings_json or "[]"):
            point, evidence = finding.get("id"), clean_passage(finding.get("evidence"))
            if (finding.get("kind") != "strength" or point not in findings or point in by_point
                    or not finding.get("document") or not MIN_CHARS // 2 <= len(evidence) <= MAX_CHARS
                    or not starts_a_sentence(evidence) or evidence[-1] not in ".;:!?»)"):
                continue
            by_point[point] = Excerpt(point, evidence, tender_id, title or "", finding["document"],
                                      finding.get("page"), "strength", buyer or "")
            taken += 1
            if taken == PER_TENDER or len(by_point) == limit:
                break  # a few points per tender: show the range of practice
        if len(by_point) == limit:
            break
    return sorted(by_point.values(), key=lambda e: findings.index(e.category))
