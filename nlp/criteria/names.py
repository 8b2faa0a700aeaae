"""Criteria names around their weights, list markers and their depth."""
from __future__ import annotations

import re

from nlp.criteria.cues import AWARD_CUE
from nlp.criteria.weights import Token, weight_tokens
from text import fold_same_length

_SUB_MARK = re.compile(
    r"(?:(?<=[\s(:;,.])|^)(?:\d+\.\d+(?:\.\d+)*|\d+\.?[a-z])\s*[)/.:\-–]|"
    r"(?:^|\n)[ \t]*\d+\.\d+(?:\.\d+)*\.?\s|sous[- ]criteres?|(?:^|\n|[;(])[\s\-–—•*]*dont\b|"
    r"——|◦|(?:^|\n)[ \t]*o\s")
_TOP_MARK = re.compile(
    r"crit[e]re\s*(?:n\s*[°ºo]?\.?\s*)?\d+\b|(?:(?<=[\s:;.(])|^)\d+\s*[)/](?!\d)|"
    r"(?:(?<=[\s;.()])|^)\d+\s*:\s*(?=[a-z])|(?:^|\n)[ \t]*\d+\s*[.\-–]\s|"
    r"(?:^|\n)[ \t]*[ivx]+\s*[).]\s|(?:^|\n)[ \t]*[a-z]\s*\)\s")
_BOUNDARY = re.compile(r"\n|;|(?<![\d\s])\.\s+(?=[A-Za-zÀ-ÿ])|[.:]\s*(?=\d+(?:\.\d+)*\s*[)/.]\s)")


_ITEM_START = re.compile(r"(?<=[^\d\s])[.!?](?=\s*[^\s\d])|[.;](?=[ \t]*\n)")


WORD_SUB = 99  # "sous-critère", "dont", "——": below any numbering


def marker_depth(segment: str) -> int | None:
    """Depth of the last list marker before a weight: 1 for "1)" or "critère 2", 2 for "1.1" or
    "1.a)", 3 for "1.1.1", `WORD_SUB` for "sous-critère"/"dont"; None without a marker.

    Only the weight's own sentence counts: a note after a list of sub-criteria is not one of them.
    """
    ends = [m.end() for m in _ITEM_START.finditer(segment)]
    segment = segment[ends[-1]:] if ends else segment
    subs = list(_SUB_MARK.finditer(segment))
    tops = [m for m in _TOP_MARK.finditer(segment)
            if not any(s.start() <= m.start() < s.end() or s.start() < m.end() <= s.end() for s in subs)]
    last_sub = subs[-1] if subs else None
    last_top = tops[-1] if tops else None
    if last_sub is None and last_top is None:
        return None
    if last_sub is None or (last_top is not None and last_top.start() > last_sub.start()):
        return 1
    numbering = re.search(r"\d+(?:\.\d+)*(?:\.?[a-z](?![a-z]))?", last_sub.group(0))
    if not numbering:
        return WORD_SUB
    parts = numbering.group(0)
    return parts.count(".") + 1 + (1 if parts[-1].isalpha() and not parts[-2:-1] == "." else 0)


# What a name starts or ends with that is not the name: list markers, "Lot 2 :", "critère 1 :",
# connectors of weight-first phrasing, "pondéré à".
_LEAD = re.compile(r"^(?:[\s\-–—•*>|/:=(),.]+|(?:pour\s+le\s+)?lots?\s*(?:n\s*[°ºo]?\.?\s*)?\d+(?:\s*[-–àa]\s*\d+)?"
                   r"\s*[:)\-–]\s*|\d+(?:\.\d+)+\.?\s+|\d+(?:\.\d+)*\.?[a-z]?\s*[)/.:\-–]\s*|[ivx]+\s*[).]\s+|"
                   r"[a-z]\s*\)\s*|(?:sous[- ])?crit[èe]res?\s*(?:n\s*[°ºo]?\.?\s*)?"
                   r"(?:\d+(?:\.\d+)?\s*[:.\-–]?|[:.\-–\x22«“])\s*|dont\s+|et\s+|"
                   r"pour\s+|sur\s+|au\s+titre\s+d[eu]\s+)+", re.IGNORECASE)
_TRAIL = re.compile(r"(?:[\s\-–—•*>|/:=(,]+|\bsoit|\bet|\bpour|\bsur|\bpond[ée]r[ée]e?s?\s*(?:[àa]|de)?|"
                    r"\bpond[ée]ration\s*(?:totale\s*)?(?:de)?|\bnot[ée]e?s?\s*sur|\bcoefficient|\bde|\bà)+$",
                    re.IGNORECASE)


def clean_name(name: str) -> str:
    name = " ".join(re.sub(r"\(\s*\)", " ", name).split())
    for _ in range(3):
        name = _LEAD.sub("", name)
        name = _TRAIL.sub("", name)
    name = name.strip(" :-–—•*\t;,.\"«»“”")
    if name.count("(") > name.count(")"):
        name = name[:name.rfind("(")].strip()
    elif name.count(")") > name.count("(") and name.endswith(")"):
        name = name[:-1].rstrip()
    return name[:200].rstrip()


def _starts_with_marker(line: str) -> bool:
    folded = "\n" + fold_same_length(line.lstrip(" \t"))
    return any(m.start() <= 1 for pattern in (_TOP_MARK, _SUB_MARK) for m in [pattern.search(folded)] if m)


def _has_letters(name: str) -> bool:
    return len(re.findall(r"[^\W\d_]", name)) >= 3


def _name_after(text: str, token: Token, next_start: int) -> str:
    after = text[token.end:next_start]
    stop = _BOUNDARY.search(after)
    after = after[:stop.start()] if stop else after
    return clean_name(re.split(r"[,(]|\bet\b", after)[0])


def name_for(text: str, token: Token, prev_end: int, next_start: int, weight_first: bool) -> tuple[str, bool]:
    """The criterion's name around its weight, and whether it was read after the weight."""
    before = text[prev_end:token.start]
    cut = [m.end() for m in _BOUNDARY.finditer(before)]
    # The words that announce the list ("les critères suivants :") are no criterion's name.
    folded = fold_same_length(before)
    for m in AWARD_CUE.finditer(folded):
        tail = re.match(r"[^:\n]{0,40}:", folded[m.end():])  # "critères de jugement des offres :"
        cut.append(m.end() + tail.end() if tail else m.end())
    start = max(cut) if cut else 0
    # An item wrapped over two lines: "1. Pertinence de l'insertion par rapport au\nprogramme : 40 %".
    line_start = before.rfind("\n", 0, start) + 1 if start and before[start - 1] == "\n" else None
    if line_start is not None and not _starts_with_marker(before[start:]):
        previous = before.rfind("\n", 0, line_start - 1) + 1
        wrapped = before[previous:start].rstrip()
        if (previous >= max([c for c in cut if c < start], default=0) and not wrapped.endswith((".", ";", ":"))
                and _starts_with_marker(wrapped)):
            start = previous
    name = clean_name(before[start:])
    if weight_first and "\n" not in before:
        # "60 % sur la valeur technique et 40 % sur le prix": the names follow their weights.
        after = _name_after(text, token, next_start)
        if _has_letters(after):
            return after, True
    if _has_letters(name):
        return name, False
    after = _name_after(text, token, next_start)
    if _has_letters(after):
        return after, True
    # "4) prix (selon le bordereau)." then the weight in the next sentence: the marked item
    for piece in reversed(_BOUNDARY.split(before)):
        if _TOP_MARK.match(piece.lstrip()) or _TOP_MARK.match("\n" + piece):
            cleaned = clean_name(piece)
            if cleaned:
                return cleaned, False
    return "Critère", False



def weight_in_name(name: str) -> tuple[str, float] | None:
    """A criterion name that carries its weight ("Valeur technique — 40 %") → (name, weight)."""
    folded = fold_same_length(name)
    tokens = [t for t in weight_tokens(folded, []) if t.kind in ("pct", "pts", "pond")]
    if len(tokens) != 1:
        return None
    token = tokens[0]
    # Only a weight that closes the name or stands in its own parenthesis; "Qualité (dont 30 %
    # pour la méthode)" is not weighted 30.
    tail = name[token.end:].strip(" .;,)")
    bracketed = re.search(r"\(\s*$", folded[:token.start]) and re.match(r"\s*\)", folded[token.end:])
    if tail and not bracketed:
        return None
    rest = (name[:token.start] + " " + name[token.end:]).strip()
    return (clean_name(rest) or name.strip()), token.value
