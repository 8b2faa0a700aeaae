"""The report's data files: national targets and figures with their sources, size bands, CPV
division labels, the method text."""
from __future__ import annotations

import functools
from pathlib import Path

import yaml

HERE = Path(__file__).parent


@functools.cache
def _load(name: str):
    return yaml.safe_load((HERE / name).read_text(encoding="utf-8"))


def reference() -> dict:
    return _load("reference.yml")


def cpv_labels() -> dict[str, str]:
    return _load("cpv_divisions.yml")


def method() -> dict:
    return _load("method.yml")


def size_bounds() -> list[float]:
    return [float(band["below"]) for band in reference()["size_bands"] if "below" in band]


def size_labels() -> dict[int, str]:
    labels = {i: band["label"] for i, band in enumerate(reference()["size_bands"])}
    return {-1: "montant absent ou symbolique", **labels}
