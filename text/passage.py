"""A passage as a reader should see it: one line, no bullet, a capital first, and never a word cut in two.

Evidence the analysis keeps is a sentence, or, in a long paragraph, a window of fixed width
around what was found: such a window may start or end inside a word ("rmations sur les
limites…"). The partial word is dropped and an ellipsis says that the text goes on."""
from __future__ import annotations

import re

CUT_AT_LEAST = 150  # shorter evidence ends on sentence boundaries: it was not cut by width
_BULLET = re.compile(r"^(?:[-•–*]|\d+(?:\.\d+)*[.)]?)\s+(?=\S)")
_ENDS = ".;:!?…»)\"'"


def clean_passage(text: str | None, cut_at_least: int = CUT_AT_LEAST) -> str:
    if not text:
        return ""
    text = " ".join(str(text).split())
    text = _BULLET.sub("", text)
    if len(text) < cut_at_least:  # a sentence, or an item of a list cut at its semicolon: shown as one
        return text[:1].upper() + text[1:]
    if text[0].isalpha() and text[0].islower() and " " in text:
        text = "… " + text.split(" ", 1)[1]
    if text[-1] not in _ENDS and " " in text:
        text = text.rsplit(" ", 1)[0].rstrip(",;:") + " …"
    return text


def starts_a_sentence(text: str) -> bool:
    """True for a passage that a reader takes as a whole: a capital, a digit, a quote or a bracket
    first (not the tail of a sentence cut before it)."""
    text = _BULLET.sub("", " ".join(text.split()))
    return bool(text) and (text[0].isupper() or text[0].isdigit() or text[0] in "«\"([")
