"""The rule data of the detector: one YAML file per taxonomy category, the context cues
(cues.yml) and the section cues (sections.yml). Loaded once; a pattern group is named by its id
("clause:<category>:<n>"), which the matcher puts on every span it finds."""
from __future__ import annotations

import functools
from pathlib import Path

import yaml

from taxonomy import CATEGORIES

PATTERNS_DIR = Path(__file__).parent


@functools.cache
def load(name: str) -> dict:
    with (PATTERNS_DIR / name).open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@functools.cache
def category_files() -> dict[str, dict]:
    """Pattern data per category, from nlp/patterns/<category>.yml."""
    return {cat: load(f"{cat}.yml") for cat in CATEGORIES if (PATTERNS_DIR / f"{cat}.yml").exists()}


def group_id(category: str, index: int) -> str:
    return f"clause:{category}:{index}"


@functools.cache
def pattern_meta(pattern_id: str) -> dict:
    """What a pattern group says of its hits (cue, confidence, also, fallback), by group id; {}
    for ids that are not clause groups (cues, exclusions)."""
    kind, _, rest = pattern_id.partition(":")
    category, _, index = rest.rpartition(":")
    if kind != "clause" or category not in category_files():
        return {}
    group = category_files()[category]["groups"][int(index)]
    return {"cue": group["cue"], "confidence": float(group.get("confidence", 0.7)),
            "also": group.get("also"), "fallback": group.get("fallback")}


def pattern_files() -> list[Path]:
    return sorted(PATTERNS_DIR.glob("*.yml"))
