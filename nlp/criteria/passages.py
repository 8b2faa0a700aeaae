"""Award passages of a document: the lines read in order, award and selection cues switching
the mode, lots in force; notice rows apart."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from nlp.criteria.cues import AWARD_CUE, GAP, LOT, SELECTION_CUE, SENTENCE_END, WEAK_CUE, lot_key
from nlp.criteria.rows import parse_row
from nlp.criteria.weights import BARE_ROW, weight_tokens
from nlp.sections import classify_line
from tenders.model import Document
from text import fold_same_length

# Everything after a machine-translation disclaimer repeats the notice in another language.
_DISCLAIMER = re.compile(r"^\W*\[?\s*disclaimer\s*:", re.IGNORECASE)


def prepared_lines(document: Document) -> list[str]:
    lines = []
    for page in document.pages:
        for line in page.text.splitlines():
            if _DISCLAIMER.match(line):
                return lines
            # U+FFFD stands for a lost accented letter in badly decoded files ("Crit�res"); an
            # "e" is right most of the time and lets the cues match.
            lines.append(line.replace("\ufffd", "e").replace("\u00a0", " ").replace("\u202f", " "))
    return lines



@dataclass
class Passage:
    text: str = ""
    lots: list[tuple[int, str | None]] = field(default_factory=list)
    depth: int = 99
    gap: int = 0
    has_tokens: bool = False

    def add(self, text: str, lot: str | None) -> None:
        if self.text:
            self.text += "\n"
        self.lots.append((len(self.text), lot))
        self.text += text


def cue_events(folded: str) -> list[tuple[int, str]]:
    """(offset, kind) of the award/selection cues in a line, in order."""
    events = [(m.start(), "selection") for m in SELECTION_CUE.finditer(folded)]
    taken = [(m.start(), m.end()) for m in SELECTION_CUE.finditer(folded)]
    for m in AWARD_CUE.finditer(folded):
        if not any(a <= m.start() < b for a, b in taken):
            # "La sélection des candidatures sera évaluée selon la méthode de notation suivante":
            # a cue that does not name the offers belongs to the selection sentence before it.
            generic = not re.search(r"offre|attribution|jugement|projets", m.group(0))
            start = max((a for a, _ in taken if a < m.start()), default=None)
            if generic and start is not None and not SENTENCE_END.search(folded, start, m.start()):
                continue
            events.append((m.start(), "award"))
    for m in WEAK_CUE.finditer(folded):
        if not any(a <= m.start() < b for a, b in taken):
            events.append((m.start(), "weak"))
    return sorted(events)


def scan(lines: list[str]) -> tuple[list[list[tuple[str, float, str | None, str | None]]], list[Passage]]:
    """Notice-row blocks (rows: name, weight, type, lot) and free-text award passages."""
    row_blocks: list[list[tuple[str, float, str | None, str | None]]] = [[]]
    passages: list[Passage] = []
    mode = "neutral"  # neutral | award | selection
    current: Passage | None = None
    lot: str | None = None

    def close() -> None:
        nonlocal current
        if current is not None and current.has_tokens:
            passages.append(current)
        current = None

    for line in lines:
        if not line.strip():
            continue
        folded = fold_same_length(line)
        lot_match = LOT.match(line)
        if lot_match and len(line) < 200:
            lot = lot_key(lot_match.group(1))
        heading = classify_line(line)
        has_token = bool(weight_tokens(folded, []))
        selection_here = bool(SELECTION_CUE.search(folded))
        events = cue_events(folded)
        award_depth = 99
        if heading:
            kind, depth, numbered = heading
            if numbered and depth == 1 and not has_token:
                lot = None  # a new top-level section ("Section VI") is about every lot
            if kind == "award" and not selection_here:
                row_blocks.append([])
                if current is not None and current.has_tokens and not has_token:
                    close()  # a new criteria heading: a new list
                events.insert(0, (0, "award"))
                award_depth = depth if numbered else 99
            elif kind == "selection":
                events.insert(0, (0, "selection"))
            elif numbered and not has_token and (mode != "award" or current is None or depth <= current.depth):
                close()
                mode = "neutral"
        row = parse_row(line) if mode != "selection" else None
        if row:
            row_blocks[-1].append((*row, lot))
            continue
        # Walk the cues of the line: each one switches the mode from where it stands.
        pieces: list[tuple[int, int, str]] = []
        start, state = 0, mode
        for offset, kind in events:
            if kind == "weak":
                if state != "neutral":
                    continue
                # A weak cue ("critères", "pondération") opens the passage from its sentence start.
                ends = [m.end() for m in SENTENCE_END.finditer(folded, 0, offset)]
                offset = ends[-1] if ends else 0
            new = "selection" if kind == "selection" else "award"
            if new == state:
                continue
            pieces.append((start, offset, state))
            start, state = offset, new
        pieces.append((start, len(line), state))
        for a, b, state in pieces:
            if state != "award":
                if b > a or state != mode:
                    close()
                mode = state
                continue
            mode = "award"
            if current is None:
                current = Passage(depth=award_depth)
            segment = line[a:b]
            if not segment.strip():
                continue
            current.add(segment, lot)
            if weight_tokens(folded[a:b], []) or BARE_ROW.search(folded[a:b]):
                current.has_tokens, current.gap = True, 0
            else:
                current.gap += len(segment)
                if current.gap > GAP:
                    close()
                    mode = "neutral"
    close()
    return [b for b in row_blocks if b], passages
