"""Anchors: a passage of a corpus text named without copying it.

Human labels on corpus passages (nlp/training/passages.csv) must not hold corpus sentences, and
must survive changes to our readers and sentence splitter. An anchor is the hash of the first
and of the last ANCHOR_WORDS normalised words of the passage, and its length in words:
`3f9a1c-77b2e0:23`. `resolve` finds it again in any reading of the text that keeps the words.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

ANCHOR_WORDS = 6
_WORD = re.compile(r"[a-z0-9]+")


def words(text: str) -> list[tuple[str, int, int]]:
    """(normalised word, start, end) of `text`: lower case, accents and punctuation dropped.

    Not text.fold on purpose: this normalisation is part of the anchor format, frozen since the
    labels were made with it (œ is dropped here, spelt "oe" by text.fold)."""
    out = []
    for m in re.finditer(r"\w+", text):
        folded = unicodedata.normalize("NFKD", m.group().lower())
        folded = "".join(c for c in folded if not unicodedata.combining(c))
        for w in _WORD.findall(folded):
            out.append((w, m.start(), m.end()))
    return out


def _h(items: Iterable[str]) -> str:
    return hashlib.sha1(" ".join(items).encode()).hexdigest()[:6]


def anchor(text: str) -> str | None:
    """The anchor of a passage; None when it holds no word."""
    ws = [w for w, _, _ in words(text)]
    if not ws:
        return None
    k = min(ANCHOR_WORDS, len(ws))
    return f"{_h(ws[:k])}-{_h(ws[-k:])}:{len(ws)}"


@dataclass(frozen=True)
class Located:
    page: int  # index of the page in the sequence given to `resolve`
    start: int  # character offsets in that page's text
    end: int


def resolve(pages: list[str], anchors: Iterable[str]) -> dict[str, Located]:
    """Where each anchor stands in `pages` (first occurrence); anchors not found are absent.

    Linear in the text: one hash per word position and anchor length."""
    wanted: dict[tuple[str, int], list[tuple[str, str]]] = {}
    for a in anchors:
        head_tail, _, n = a.partition(":")
        head, _, tail = head_tail.partition("-")
        k = min(ANCHOR_WORDS, int(n))
        wanted.setdefault((head, k), []).append((a, tail))
    found: dict[str, Located] = {}
    for p, text in enumerate(pages):
        ws = words(text)
        tokens = [w for w, _, _ in ws]
        for k in {k for _, k in wanted}:
            for i in range(len(tokens) - k + 1):
                todo = wanted.get((_h(tokens[i : i + k]), k))
                if not todo:
                    continue
                for a, tail in todo:
                    if a in found:
                        continue
                    n = int(a.rsplit(":", 1)[1])
                    j = i + n
                    if j <= len(tokens) and _h(tokens[j - k : j]) == tail:
                        found[a] = Located(p, ws[i][1], ws[j - 1][2])
    return found
