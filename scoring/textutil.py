"""Small text helpers shared by the scoring rules."""
from __future__ import annotations

import re
import unicodedata

_SPECIAL = {"’": "'", "‘": "'", "«": '"', "»": '"', "\u00a0": " ", "\u202f": " ", "œ": "o"}


def fold(text: str) -> str:
    """Lower-case, accent-free copy of `text` with the SAME length, so offsets carry over."""
    out = []
    for ch in text:
        ch = _SPECIAL.get(ch, ch)
        base = unicodedata.normalize("NFD", ch)[0] if ord(ch) > 127 else ch
        out.append(base.lower() if len(base.lower()) == 1 else base)
    return "".join(out)


_SENTENCE_END = re.compile(r"(?<=[.;!?])\s+|\n\s*\n|\n(?=[-•—–*]\s)")


def sentence_around(text: str, start: int, end: int, limit: int = 320) -> tuple[int, int]:
    """Bounds of the sentence (or line block) holding text[start:end], at most `limit` chars."""
    left = max(0, start - limit)
    lo = left
    for m in _SENTENCE_END.finditer(text, left, start):
        lo = m.end()
    hi_m = _SENTENCE_END.search(text, end, min(len(text), end + limit))
    hi = hi_m.start() if hi_m else min(len(text), end + limit)
    if hi - lo > limit:  # a long paragraph: centre on the match
        lo = max(lo, start - limit // 2)
        hi = min(hi, lo + limit)
    return lo, hi
