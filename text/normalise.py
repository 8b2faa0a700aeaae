"""Whitespace normalisation in one linear pass, for every text a reader produces.

Why: downstream rules are regular expressions over page text, and some of them (`\\s*` between
words, lazy `.+?` before a separator) backtrack over a long run of spaces: a pasted text of
250,000 spaces cost minutes. After this pass no run of horizontal whitespace is longer than
MAX_INDENT characters, so no rule can meet one.

- line breaks of every kind (\\r\\n, \\r, \\v, \\x85, U+2028/9) become \\n, a form feed a blank line;
- trailing whitespace goes, leading indentation is kept up to MAX_INDENT characters (list
  depth is read from it), every other run of horizontal whitespace becomes one character;
- at most one blank line in a row; no control characters;
- composed Unicode (NFC): "e" + U+0301 becomes "é", so that labels, offsets and rules see one
  character where the reader shows one (some saved notices decompose every accent).
"""
from __future__ import annotations

import re
import unicodedata

MAX_INDENT = 16
_BREAKS = str.maketrans({"\r": "\n", "\v": "\n", "\x85": "\n", "\u2028": "\n", "\u2029": "\n\n", "\f": "\n\n"})
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
# Horizontal whitespace: what str.split() treats as space, minus line breaks.
_HSPACE = " \t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\x1c\x1d\x1e\x1f"
_RUN = re.compile(f"[{_HSPACE}]{{2,}}")  # greedy over one character class: each character read once


def normalise_whitespace(text: str) -> str:
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").translate(_BREAKS))
    text = _CONTROL.sub("", text)
    out: list[str] = []
    blank = 0
    for line in text.split("\n"):
        body = line.rstrip(_HSPACE)
        stripped = body.lstrip(_HSPACE)
        if not stripped:
            blank += 1
            if blank == 1 and out:
                out.append("")
            continue
        blank = 0
        indent = body[: min(len(body) - len(stripped), MAX_INDENT)]
        out.append(indent + _RUN.sub(lambda m: m.group()[0], stripped))
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)
