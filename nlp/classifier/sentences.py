"""Sentences of a page, cut as the detector cuts them: a line break ends a sentence unless a
lower-case line continues a wrapped one; within a line a final stop does. The detector does not
expose its spaCy docs, and running the pipeline a second time would double the analysis cost."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Iterator

from nlp.sections import SectionTracker, field_kind, find_headings
from tenders.structure import Skips

MAX_SENTENCE = 600  # characters; longer runs (lists without stops) are cut in pieces

_WRAPPED_END = re.compile(r"[a-zà-ÿ,\-’']$")
# A stop ends a sentence when a capital, a digit, a bullet or a quote follows.
_STOP = re.compile(r"(?<=[.!?;…])\s+(?=[A-ZÀ-ÖØ-Þ0-9«\"•\-–—(])")
_ABBREV = {"art", "arts", "cf", "al", "n°", "no", "m", "mme", "mm", "p", "pp", "réf", "ref", "c", "ex", "env",
           "min", "max", "ht", "ttc", "st", "ste", "av", "bd", "tél", "tel", "fig", "vol", "chap", "inc"}


@dataclass
class Sentence:
    start: int  # offsets in the page text
    end: int
    text: str
    kind: str = "other"  # section kind in force (nlp.sections.KINDS)


def _blocks(text: str) -> Iterator[tuple[int, int]]:
    """Runs of lines that form one sentence at most: wrapped lines are joined, blank lines cut."""
    start = end = None
    previous = ""
    pos = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        stripped = body.strip()
        line_start, line_end = pos, pos + len(body)
        pos += len(line)
        if not stripped:
            if start is not None:
                yield start, end
            start = end = None
            previous = ""
            continue
        wrapped = bool(previous) and _WRAPPED_END.search(previous) and stripped[0].islower()
        if start is not None and not wrapped:
            yield start, end
            start = None
        if start is None:
            start = line_start
        end = line_end
        previous = stripped
    if start is not None:
        yield start, end


def _cut_stops(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    piece_start = start
    for m in _STOP.finditer(text, start, end):
        before = text[piece_start : m.start()]
        last = before.rsplit(None, 1)[-1] if before.split() else ""
        word = last.rstrip(".").lower()
        if before.endswith(".") and (len(word) <= 1 or word in _ABBREV):
            continue  # "art. L. 2113-13", "M. Dupont"
        yield piece_start, m.start()
        piece_start = m.end()
    yield piece_start, end


def _cut_long(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    while end - start > MAX_SENTENCE:
        cut = text.rfind(" ", start, start + MAX_SENTENCE)
        cut = cut if cut > start + MAX_SENTENCE // 2 else start + MAX_SENTENCE
        yield start, cut
        start = cut
    yield start, end


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of the sentences of a page text, stripped, in reading order."""
    spans = []
    for b_start, b_end in _blocks(text):
        for s_start, s_end in _cut_stops(text, b_start, b_end):
            for start, end in _cut_long(text, s_start, s_end):
                while start < end and text[start].isspace():
                    start += 1
                while end > start and text[end - 1].isspace():
                    end -= 1
                if sum(c.isalpha() for c in text[start:end]) >= 3:
                    spans.append((start, end))
    return spans


def document_sentences(pages: Iterable) -> Iterator[tuple[int, Sentence]]:
    """(page index, sentence) of a document's pages (tenders.model.Page, or plain texts), with
    the section kind in force; what the page marks as no evidence (a table of contents, a
    bidder's question) is left out. Headings are fed to one SectionTracker across the pages, as
    the detector does.
    """
    tracker = SectionTracker()
    for p, page in enumerate(pages):
        text, skip = (page, Skips([])) if isinstance(page, str) else (page.text, Skips(page.skip))
        headings = [h for h in find_headings(text) if not skip.covers(h.start, h.end)]
        h = 0
        for start, end in split_sentences(text):
            while h < len(headings) and headings[h].start <= start:
                tracker.feed(headings[h].kind, headings[h].depth, headings[h].numbered)
                h += 1
            if skip and skip.covers(start, end):
                continue
            yield p, Sentence(start, end, text[start:end], field_kind(text[start:start + 80]) or tracker.kind)
        for heading in headings[h:]:
            tracker.feed(heading.kind, heading.depth, heading.numbered)
