"""The report's JSON schema (a copy of ../shared/analysis.schema.json) and a validator."""
from __future__ import annotations

import functools
import json
from pathlib import Path

SCHEMA_PATH = Path(__file__).with_name("analysis.schema.json")


@functools.cache
def schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def errors(report: dict) -> list[str]:
    """What makes `report` break the contract, as "path: message" lines; [] when it is valid."""
    import jsonschema

    validator = jsonschema.Draft202012Validator(schema())
    return [f"{list(e.path)}: {e.message}" for e in sorted(validator.iter_errors(report), key=lambda e: list(e.path))]
