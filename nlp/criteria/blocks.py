"""One award passage read as criteria per lot: tokens, names, levels, top-level weights."""
from __future__ import annotations

import re

from nlp.criteria.cues import ALL_LOTS, INLINE_LOT, lot_key
from nlp.criteria.hierarchy import choose_kinds, top_level
from nlp.criteria.names import WORD_SUB, clean_name, marker_depth, name_for
from nlp.criteria.passages import Passage
from nlp.criteria.weights import BARE_ROW, Token, close_to, complete, number, weight_tokens
from text import fold_same_length


def _paren_groups(text: str) -> list[tuple[int, int]]:
    """Spans of balanced parentheses (innermost first); unclosed ones are ignored."""
    spans, stack = [], []
    for i, ch in enumerate(text):
        if ch == "(":
            stack.append(i)
        elif ch == ")" and stack:
            spans.append((stack.pop(), i))
    return sorted(spans, key=lambda s: s[1] - s[0])




_BARE_NOT = re.compile(r"(?:\b(?:article|art|page|n|no|lot|lots|chapitre|annexe|tranche|sur|de|du|des|le|la|les|"
                       r"au|en|par|et|ou|a|version|phase|tour|etape|mois|jours?|ans?)|[°º./\d])\s*[:=|]?\s*$")


def bare_tokens(folded: str, lots: list[tuple[int, str | None]]) -> list[Token]:
    found = []
    for m in BARE_ROW.finditer(folded):
        name = m.group("name").rstrip(" |:=\t")
        if _BARE_NOT.search(name) or weight_tokens(m.group(0), []):
            continue
        value = number(m.group("value"))
        lot = None
        for offset, lot_here in lots:
            if offset <= m.start("value"):
                lot = lot_here
        found.append(Token(value, "pts", m.start("value"), m.end("value"), lot))
    by_lot: dict[str | None, list[Token]] = {}
    for t in found:
        by_lot.setdefault(t.lot, []).append(t)
    return [t for group in by_lot.values() if len(group) >= 2 and complete([t.value for t in group]) for t in group]


_BARE_ITEM = re.compile(r"(?:^|\n)[ \t]*(?:\d+\s*[)/.\-–]|[-–—•])\s*[^\n\d%]{3,150}?\s(\d{1,3})\s*[.;]?[ \t]*"
                        r"(?=\n|$)")


# "Critères d'attribution (total de 110 points)": criteria that add up to more (or less) than 100
_STATED_TOTAL = re.compile(r"\b(?:total|totalise)\s*(?:de|:)?\s*(\d{2,4})\s*(?:points|pts)\b|\b(\d{2,4})\s*points\s+au\s+total\b")


def criteria_of_passage(passage: Passage) -> list[tuple[str | None, list[Token], set[int]]]:
    """Per lot: tokens and the indices of the top-level ones."""
    text = passage.text
    folded = fold_same_length(text)
    lots = list(passage.lots)
    # "Lot 2 :" inside the passage switches the lot of what follows; "pour tous les lots" resets it.
    for m in INLINE_LOT.finditer(folded):
        lots.append((m.start(1), lot_key(m.group(1))))
    for m in ALL_LOTS.finditer(folded):
        lots.append((m.start(), None))
    lots.sort(key=lambda x: x[0])
    tokens = choose_kinds(weight_tokens(folded, lots), folded) or bare_tokens(folded, lots)
    if not tokens:
        return []
    if len({t.lot for t in tokens}) > 1 and sum(
            1 for lot in {t.lot for t in tokens} if sum(t.lot == lot for t in tokens) >= 2) < 2:
        # One list with a lot-specific aside ("pour le lot 2, sous-critère ..."): one lot for all.
        tokens = choose_kinds(weight_tokens(folded, sorted(passage.lots, key=lambda x: x[0])), folded)
    groups = _paren_groups(folded)
    for t in tokens:
        t.group = next((i for i, (a, b) in enumerate(groups) if a < t.start and t.end <= b + 1), None)
    prev_end, base_indent, weight_first = 0, None, False
    depths: list[int | None] = []
    for i, t in enumerate(tokens):
        depth = marker_depth(folded[prev_end:t.start])
        line_start = folded.rfind("\n", 0, t.start) + 1
        indent = len(folded[line_start:]) - len(folded[line_start:].lstrip(" \t"))
        base_indent = indent if base_indent is None else base_indent
        if depth is None and indent >= base_indent + 2 and re.match(r"[ \t]*[-–•*]", folded[line_start:]):
            depth = WORD_SUB  # an indented bullet under a criterion
        depths.append(depth)
        next_start = tokens[i + 1].start if i + 1 < len(tokens) else len(text)
        t.name, weight_first = name_for(text, t, prev_end, next_start, weight_first)
        prev_end = t.end
    # Numbering is relative: "8.1 Prix", "8.2 Délai" in an article 8 are the criteria themselves.
    top_depth = min((d for d in depths if d is not None and d != WORD_SUB), default=1)
    for t, depth in zip(tokens, depths):
        t.level = 1 if depth is not None and depth > top_depth else 0
    out = []
    for lot in dict.fromkeys(t.lot for t in tokens):
        mine = [t for t in tokens if t.lot == lot]
        counts: dict[int, int] = {}
        for t in mine:
            if t.group is not None:
                counts[t.group] = counts.get(t.group, 0) + 1
        for t in mine:
            # Several weights inside one parenthesis detail the weight before it.
            if t.group is not None and 1 < counts[t.group] < len(mine):
                t.level = 1
        stated = _STATED_TOTAL.search(folded)
        total = float(stated.group(1) or stated.group(2)) if stated else None
        top = top_level(mine, total)
        # "4) garanties 10." : a last item written without its unit, kept when it completes the list.
        full = total or (1.0 if all(t.value <= 1 for t in mine) else 100.0)
        total = sum(mine[i].value for i in top)
        if not close_to(total, full) and all(t.kind in ("pond", "pts") for t in mine):
            for m in _BARE_ITEM.finditer(text, mine[-1].end):
                value = float(m.group(1))
                if close_to(total + value, full):
                    extra = Token(value, "pond", m.start(1), m.end(1), lot, 0,
                                   clean_name(text[m.start():m.start(1)]))
                    mine.append(extra)
                    top.add(len(mine) - 1)
                    break
        out.append((lot, mine, top))
    return out
