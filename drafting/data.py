"""The drafting room's data files, loaded once: ratios.yml (insertion hours and purchase
families, every figure with its source), articles.yml (the articles in force by date) and
clauses.yml (the clause texts, Jinja templates written for this project)."""
from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

HERE = Path(__file__).parent


@cache
def load(name: str) -> dict:
    with open(HERE / name, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def ratios() -> dict:
    return load("ratios.yml")


def articles() -> dict:
    return load("articles.yml")


def clauses() -> dict:
    return load("clauses.yml")
