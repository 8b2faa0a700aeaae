"""The passages of a page of text, marked up.

Pure functions: stored page text and report items in, spans and HTML-safe mark-up out. Clause
offsets are page-relative (spaCy keeps the page text verbatim); accessibility evidence has no
offsets, so it is looked up in the page text, tolerant of line breaks and a trailing ellipsis.
Every span is then snapped to what a reader calls a passage: it starts and ends on whole words,
on the sentence around it, and a table row (a line of " | " cells) is never run into the next one.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import Markup, escape

SENTENCE_REACH = 240  # how far a span is widened, at most, to reach its sentence's ends
_SENTENCE_END = re.compile(r"(?<![Aa]rt)(?<!\bp)(?<!\bal)(?<!\bcf)(?<!\bn°)[.!?;](?=\s)|\n\s*\n"
                           r"|\n(?=\s*(?:[-•–*«(\"]|\d+(?:\.\d+)*\s*[-.)]?\s|[A-ZÀ-Ý]))")


@dataclass
class Span:
    start: int
    end: int
    anchor: str  # "clause-3", "finding-1": the id a link jumps to
    css: str  # "cat-insertion_clause" or "finding-barrier"


def find_passage(text: str, passage: str) -> tuple[int, int] | None:
    """Where `passage` sits in `text`, whatever the whitespace; None when it is not there."""
    passage = passage.strip().rstrip("…").rstrip(".").strip()
    if not passage:
        return None
    at = text.find(passage)
    if at >= 0:
        return at, at + len(passage)
    words = passage.split()[:40]
    pattern = r"\s+".join(re.escape(w) for w in words)
    match = re.search(pattern, text)
    return (match.start(), match.end()) if match else None


def _is_row(line: str) -> bool:
    return " | " in line or line.startswith("| ") or line.endswith(" |")


def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of each line that [start, end) touches."""
    out, at = [], text.rfind("\n", 0, start) + 1
    while at < len(text) and (at < end or not out):
        stop = text.find("\n", at)
        stop = len(text) if stop < 0 else stop
        out.append((at, stop))
        at = stop + 1
    return out


def _word_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    while start > 0 and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while end < len(text) and end > 0 and text[end - 1].isalnum() and text[end].isalnum():
        end += 1
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _sentence_bounds(text: str, start: int, end: int, line: tuple[int, int] | None = None) -> tuple[int, int]:
    """The sentence around [start, end): widened back to the end of the previous sentence and
    forward to the end of this one, within SENTENCE_REACH (and within `line` when given)."""
    low, high = (line if line else (max(0, start - SENTENCE_REACH), min(len(text), end + SENTENCE_REACH)))
    low, high = max(low, start - SENTENCE_REACH), min(high, end + SENTENCE_REACH)
    left = low if line or low == 0 else None
    for m in _SENTENCE_END.finditer(text, low):  # not endpos: a boundary's lookahead reads past it
        if m.end() > start:
            break
        left = m.end()
    right = high if line or high == len(text) else None
    probe = text[end - 1:end] if end > 0 else ""
    if probe in ".!?;" and probe:
        right = end
    else:
        m = _SENTENCE_END.search(text, end, high)
        if m:
            right = m.start() + (1 if text[m.start()] in ".!?;" else 0)
    return (start if left is None else min(left, start)), (end if right is None else max(right, end))


def _drop_headings(text: str, start: int, end: int) -> int:
    """Past the heading lines ("Article 7 - Conditions d'exécution") a span starts with, when a
    sentence follows them inside the span."""
    while True:
        stop = text.find("\n", start, end)
        if stop < 0:
            return start
        line = text[start:stop].strip()
        rest = text[stop + 1:end].strip()
        if not rest or len(line) > 100 or (line and line[-1] in ".;:!?") or _is_row(line):
            return start
        start = stop + 1
        while start < end and text[start].isspace():
            start += 1


def snap(text: str, start: int, end: int) -> tuple[int, int]:
    """A span as a reader's passage: whole words, its sentence, one table row at most, no heading."""
    start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
    if end <= start:
        return start, end
    start, end = _word_bounds(text, start, end)
    start = _drop_headings(text, start, end)
    lines = _lines(text, start, end)
    rows = [line for line in lines if _is_row(text[line[0]:line[1]])]
    if rows:
        best = max(rows, key=lambda line: min(end, line[1]) - max(start, line[0]))
        start, end = max(start, best[0]), min(end, best[1])
        start, end = _sentence_bounds(text, start, end, best)
    else:
        start, end = _sentence_bounds(text, start, end)
    return _word_bounds(text, start, end)


def spans_for_page(document: str, number: int, text: str, clauses: list[dict], findings: list[dict],
                   category: str = "") -> list[Span]:
    spans = []
    for index, clause in enumerate(clauses):
        if clause["document"] != document or (clause.get("page") or 1) != number:
            continue
        if category and clause["category"] != category:
            continue
        start, end = clause.get("start"), clause.get("end")
        if start is None or text[start:end] != clause["text"]:
            found = find_passage(text, clause["text"])
            if not found:
                continue
            start, end = found
        spans.append(Span(*snap(text, start, end), f"clause-{index}", f"cat-{clause['category']}"))
    if not category:
        for index, finding in enumerate(findings):
            if finding.get("document") != document or (finding.get("page") or 1) != number:
                continue
            found = find_passage(text, finding.get("evidence") or "")
            if found:
                spans.append(Span(*snap(text, *found), f"finding-{index}", f"finding-{finding['kind']}"))
    return [s for s in spans if s.end > s.start]


def mark_up(text: str, spans: list[Span], offset: int = 0) -> Markup:
    """The text escaped, each stretch covered by spans wrapped in one <mark>; `offset` is where
    `text` starts in the page the spans were found in (a part of a long page).

    Overlapping spans are cut at every boundary, so each stretch lists all the spans covering it;
    an empty anchor element sits where each span starts."""
    spans = [Span(s.start - offset, s.end - offset, s.anchor, s.css) for s in spans
             if s.end > offset and s.start < offset + len(text)]
    cuts = sorted({0, len(text), *(max(0, s.start) for s in spans), *(min(len(text), s.end) for s in spans)})
    out: list[str] = []
    for left, right in zip(cuts, cuts[1:]):
        for span in spans:
            if max(0, span.start) == left and span.start >= 0:
                out.append(f'<span class="anchor" id="{span.anchor}"></span>')
        covering = [s for s in spans if s.start <= left and right <= s.end]
        piece = str(escape(text[left:right]))
        if covering:
            classes = " ".join(dict.fromkeys(s.css for s in covering))
            names = " ".join(s.anchor for s in covering)
            out.append(f'<mark class="{classes}" data-spans="{names}">{piece}</mark>')
        else:
            out.append(piece)
    return Markup("".join(out))
