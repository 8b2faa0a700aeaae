"""Which piece of a consultation file a document is (RC, CCAP, CCTP, AE, BPU...).

The file name is the most reliable clue (buyers name their files "RC.pdf", "03-CCTP lot 2");
the title on the first page comes next. Patterns live in kinds.yml so that they can be
completed without touching code.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path, PurePosixPath

import yaml

from text import key

KINDS_FILE = Path(__file__).with_name("kinds.yml")
TEXT_WINDOW = 3000  # titles sit on the first page; further text only cites other pieces

_EXTENSION = re.compile(r"\.[A-Za-z0-9]{1,5}$")


def _compile(pattern: str) -> re.Pattern[str]:
    # Letters may not touch the pattern ("rc" must not match "marche"); digits may ("ccap2").
    return re.compile(rf"(?<![a-z])(?:{pattern})(?![a-z])")


@lru_cache(maxsize=1)
def _patterns() -> dict[str, dict[str, list[re.Pattern[str]]]]:
    data = yaml.safe_load(KINDS_FILE.read_text(encoding="utf-8"))
    return {
        kind: {
            "names": [_compile(p) for p in spec.get("names", [])],
            "titles": [_compile(p) for p in spec.get("titles", [])],
        }
        for kind, spec in data["kinds"].items()
    }


@lru_cache(maxsize=1)
def _fallbacks() -> frozenset[str]:
    """Kinds given only when nothing more specific matches (ANNEXE)."""
    data = yaml.safe_load(KINDS_FILE.read_text(encoding="utf-8"))
    return frozenset(kind for kind, spec in data["kinds"].items() if spec.get("fallback"))


def _earliest(text: str, which: str, kinds: frozenset[str] | None = None) -> str | None:
    """The kind whose pattern matches earliest in `text` (ties go to the order of kinds.yml),
    among `kinds` when given."""
    best: tuple[int, str] | None = None
    for kind, groups in _patterns().items():
        if kinds is not None and kind not in kinds:
            continue
        for pattern in groups[which]:
            match = pattern.search(text)
            if match and (best is None or match.start() < best[0]):
                best = (match.start(), kind)
    return best[1] if best else None


def _stem(name: str) -> str:
    return key(_EXTENSION.sub("", PurePosixPath(name.replace("\\", "/")).name))


def kind_from_text(text: str) -> str | None:
    return _earliest(key(text[:TEXT_WINDOW]), "titles")


def detect_kind(name: str, text: str) -> str:
    """One of taxonomy.DOCUMENT_KINDS: a specific kind from the file name first, else the title
    in the text (an "Annexe ..." heading at the very top counts), else a fallback kind from the
    name ("annexe 3.pdf" is an ANNEXE unless its title says a BPU), else OTHER."""
    stem = _stem(name)
    specific = frozenset(_patterns()) - _fallbacks()
    return (_earliest(stem, "names", specific) or kind_from_text(text or "")
            or _earliest(stem, "names", _fallbacks()) or "OTHER")
