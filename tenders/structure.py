"""What in a page is no evidence: tables of contents, the bidders' questions of a Q&R, and
document properties left at the head of a saved page.

A table of contents repeats the titles of the articles ("6.1.2 Engagement d'insertion sociale
....... 18"): read as text, each line would be a clause and a heading. A bidder's question in a
questions-and-answers document ("Question 4 : le critère environnemental ...") is no criterion;
the buyer's answer is. Readers keep the text as it is (the user sees the page); `skipped_spans`
says which character spans the analysis must not use, and Page.skip holds them.
"""
from __future__ import annotations

import bisect
import itertools
import re

from text import fold

# "Titre ....... 12", "Titre … 12", "Titre . . . . 12"; leaders with no number only count inside a
# table of contents ("Date de remise : 19 avril 2025 ........" is a form line to fill in)
# (each run entered at its start only: a long line of dots or blanks to fill in stays linear)
_LEADERS = re.compile(r"(?:(?<!\.)\.{4,}|(?<!…)…{2,}|(?<!\. )(?:\. ){3,}\.?|(?<!_)_{4,})[ \t]*(\d{0,4})[ \t]*$")
# A title ending with its page number, inside a table of contents: "1.1 - OBJET DE LA CONSULTATION 3"
_TRAILING_PAGE = re.compile(r"\S[ \t]+\d{1,3}[ \t]*$")
_TOC_TITLE = re.compile(r"^\s*(?:sommaire|table des matieres|table des matières|contenu|index)\s*:?\s*$")
_TOC_TAIL = 6  # lines of the block that may lack a page number (wrapped titles, blank lines)
_QUESTION = re.compile(r"^\s*(?:[-•]\s*)?(?:question|q)\s*(?:n\s*[°ºo]\s*)?\d*\s*[:.)–-]", re.IGNORECASE)
_ANSWER = re.compile(r"^\s*(?:[-•]\s*)?(?:r[ée]ponse|r)\s*(?:n\s*[°ºo]\s*)?\d*\s*[:.)–-]", re.IGNORECASE)


def _lines(text: str):
    pos = 0
    for line in text.split("\n"):
        yield pos, pos + len(line), line
        pos += len(line) + 1


def toc_spans(text: str) -> list[tuple[int, int]]:
    """Lines of a table of contents: dot leaders anywhere, and titles ending with a page number
    in the block that follows a "Sommaire" / "Table des matières" line."""
    spans = []
    in_toc, loose = False, 0
    for start, end, line in _lines(text):
        folded = fold(line).strip()
        if _TOC_TITLE.match(folded):
            in_toc, loose = True, 0
            spans.append((start, end))
            continue
        leaders = _LEADERS.search(line)
        if leaders and (leaders.group(1) or in_toc):
            spans.append((start, end))
            in_toc, loose = True, 0  # a table of contents with no title starts at its first entry
            continue
        if in_toc:
            if _TRAILING_PAGE.search(line):
                spans.append((start, end))
                loose = 0
            elif not folded or len(folded) < 120:
                loose += 1
                if loose > _TOC_TAIL:
                    in_toc = False
            else:
                in_toc = False
    return spans


def question_spans(text: str) -> list[tuple[int, int]]:
    """In a Q&R, the questions: from a "Question ..." line to the next "Réponse ..." line."""
    spans = []
    asking_from = None
    for start, end, line in _lines(text):
        if _QUESTION.match(line):
            if asking_from is None:
                asking_from = start
        elif _ANSWER.match(line) and asking_from is not None:
            spans.append((asking_from, start))
            asking_from = None
    if asking_from is not None:
        spans.append((asking_from, len(text)))
    return spans


_PROPERTY_STAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d)?Z?$")
_MAX_PROPERTIES = 60


def properties_span(text: str) -> list[tuple[int, int]]:
    """Document properties a word processor left at the head of a saved page ("admin",
    "Normal", "2020-08-11T02:08:00Z", "EN-US", "X-NONE"): a leading block of one-word lines
    holding a timestamp. Not a title, not a buyer, not evidence."""
    end, stamped = 0, False
    for n, (start, stop, line) in enumerate(_lines(text)):
        word = line.strip()
        if n >= _MAX_PROPERTIES or (word and (len(word) > 40 or " " in word)):
            break
        stamped = stamped or bool(_PROPERTY_STAMP.match(word))
        end = stop
    return [(0, end)] if stamped else []


def skipped_spans(text: str, kind: str) -> list[tuple[int, int]]:
    spans = toc_spans(text) + properties_span(text)
    if kind == "QR":
        spans += question_spans(text)
    return sorted(spans)


class Skips:
    """A page's skipped spans, indexed once, so that each lookup costs O(log n): a table of
    contents gives one span a line, and a page may hold thousands of lines and sentences."""

    __slots__ = ("starts", "reach")

    def __init__(self, spans) -> None:
        ordered = sorted(spans)
        self.starts = [a for a, _ in ordered]
        self.reach = list(itertools.accumulate((b for _, b in ordered), max))  # furthest end so far

    def __bool__(self) -> bool:
        return bool(self.starts)

    def covers(self, start: int, end: int | None = None) -> bool:
        """Whether the passage [start, end] lies in one of the spans."""
        end = start if end is None else end
        i = bisect.bisect_right(self.starts, start) - 1  # the spans starting at or before it
        return i >= 0 and end <= self.reach[i] + 1

    def meets(self, lo: int, hi: int) -> bool:
        """Whether the passage [lo, hi) overlaps one of the spans."""
        i = bisect.bisect_left(self.starts, hi) - 1  # the spans starting before its end
        return i >= 0 and self.reach[i] > lo


def skipped(spans: list[tuple[int, int]], start: int, end: int | None = None) -> bool:
    """Whether the passage starting at `start` lies in one of the spans (one lookup; build a
    Skips once for many)."""
    return Skips(spans).covers(start, end)
