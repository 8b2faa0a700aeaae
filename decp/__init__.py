"""Stage 1 for the annual report: reading DECP files (données essentielles de la commande
publique). Files in, normalised contract records out; no Flask, no database.

    decp.sources     raw records streamed out of JSON, JSON Lines and CSV files
    decp.normalise   one raw record (2024 or 2019 schema, nested or flat) -> Contract
    decp.values      single values: amounts, dates, CPV, lists, consideration values
    decp.places      département and région of a place of execution or a postcode
    decp.scope       which contracts a report covers (buyers, départements, régions)
    decp.model       Contract, Problem
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from decp.model import Contract, Problem, RecordError
from decp.normalise import normalise
from decp.sources import read_raw

__all__ = ["Contract", "Problem", "read"]


def read(path: str | Path) -> Iterator[tuple[int, Contract | Problem]]:
    """(bytes read so far, contract or problem) for each record of a DECP file, in order."""
    name = Path(path).name
    for raw in read_raw(path):
        if raw.error is not None:
            yield raw.offset, Problem(name, raw.line, raw.error, raw.unit)
            continue
        try:
            yield raw.offset, normalise(raw.data)
        except RecordError as err:
            yield raw.offset, Problem(name, raw.line, str(err), raw.unit)
