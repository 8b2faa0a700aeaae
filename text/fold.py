"""The one accent fold of the project, in three strengths.

- `fold`: lower case, no accents, typographic quotes made plain, ligatures spelt out. For
  comparing words ("Général" = "general"); the length may change.
- `fold_same_length`: the same, one character for one, so that offsets found in the folded text
  are offsets in the original (regexes over page text that report passages).
- `key`: `fold`, then every run of other characters than letters and digits turned into one space
  ("Acte d'Engagement" -> "acte d engagement"), for matching names and titles.
"""
from __future__ import annotations

import functools
import re
import unicodedata

# Characters that NFKD leaves alone but that readers treat as their plain counterpart.
_SPECIAL = {"’": "'", "‘": "'", "«": '"', "»": '"', "\u00a0": " ", "\u202f": " "}
_LIGATURES = {"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae"}
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """Lower case without accents; ’ → ', œ → oe."""
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.translate(_LOOSE_TABLE)


_LOOSE_TABLE = str.maketrans({**{k: v for k, v in _SPECIAL.items() if k in "’‘"}, **_LIGATURES})


@functools.cache
def _fold_char(ch: str) -> str:
    if ch in _SPECIAL:
        return _SPECIAL[ch]
    if ch in _LIGATURES:
        return _LIGATURES[ch][0]  # one character for one: "œ" -> "o"
    base = "".join(c for c in unicodedata.normalize("NFKD", ch.lower()) if not unicodedata.combining(c))
    return base if len(base) == 1 else ch.lower()[:1] or ch


class _SameLengthTable(dict):
    """str.translate table filled on demand: one folded character for one."""

    def __missing__(self, code: int) -> str:
        folded = _fold_char(chr(code))
        self[code] = folded
        return folded


_SAME_LENGTH = _SameLengthTable()


def fold_same_length(text: str) -> str:
    """Lower case without accents, one character for one (offsets carry over)."""
    return text.translate(_SAME_LENGTH)


def key(text: str) -> str:
    """Folded, with one space between runs of letters and digits."""
    return _NON_ALNUM.sub(" ", fold(text)).strip()
