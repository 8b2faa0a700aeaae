"""Load the YAML files that hold scoring rules, once."""
from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

HERE = Path(__file__).parent
GRID_PATH = HERE / "grid.yml"  # the guide reads it too


@cache
def load(name: str) -> dict:
    with open(HERE / name, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@cache
def load_grid() -> dict:
    with open(GRID_PATH, encoding="utf-8") as fh:
        return yaml.safe_load(fh)
