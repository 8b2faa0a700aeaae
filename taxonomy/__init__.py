"""The taxonomy's ids, French labels and groupings, loaded once from taxonomy.yml.

Every stage reads its ids from here: clause categories (reports' `clauses[].category`),
accessibility finding ids, document kinds, and the French words the interface shows for them.
"""
from __future__ import annotations

from pathlib import Path

import yaml

_DATA = yaml.safe_load((Path(__file__).with_name("taxonomy.yml")).read_text(encoding="utf-8"))

CATEGORIES: tuple[str, ...] = tuple(_DATA["categories"])
CATEGORY_LABELS: dict[str, str] = {c: spec["label"] for c, spec in _DATA["categories"].items()}
RESERVED: tuple[str, ...] = tuple(c for c, spec in _DATA["categories"].items() if spec["kind"] == "reservation")
CRITERION_OF: dict[str, str] = dict(_DATA["criterion_of"])
CONDITION_OF: dict[str, str] = dict(_DATA["condition_of"])
ASPECT_SOURCES: dict[str, tuple[str, ...]] = {a: tuple(v) for a, v in _DATA["aspect_sources"].items()}
ASPECT_LABELS: dict[str, str] = dict(_DATA["aspect_labels"])

FINDINGS: tuple[str, ...] = tuple(_DATA["findings"])
FINDING_LABELS: dict[str, str] = dict(_DATA["findings"])
FINDING_KIND_LABELS: dict[str, str] = dict(_DATA["finding_kinds"])

STRENGTH_LABELS: dict[str, str] = dict(_DATA["strengths"])
STATUS_LABELS: dict[str, str] = dict(_DATA["statuses"])

DOCUMENT_KINDS: tuple[str, ...] = tuple(_DATA["document_kinds"])
DOCUMENT_KIND_LABELS: dict[str, str] = dict(_DATA["document_kinds"])

# Recommendations: the levers' labels, and a barrier's advice under its finding's label.
LEVER_LABELS: dict[str, str] = {**FINDING_LABELS, **_DATA["levers"]}
RULE_LABELS: dict[str, str] = dict(_DATA["compliance_rules"])
CRITERION_TYPE_LABELS: dict[str, str] = dict(_DATA["criterion_types"])
