"""Raw records out of DECP files, streamed (memory does not grow with the file):

- JSON: the official envelope `{"marches": {"marche": [...], "contrat-concession": [...]}}`, the
  consolidated flat one `{"marches": [...]}`, or a bare list; read with ijson, record by record;
- JSON Lines: one record per line (blank lines skipped);
- CSV: one record per row, `;` or `,` separated, dotted or underscored column names.

Each record comes with its position: line number (JSON Lines, CSV) or record number (JSON), and
the bytes read so far, for a progress bar. A line that is not a JSON object, or a broken JSON
file, gives a Raw with `error` set: the caller reports it and goes on."""
from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import ijson

from text.separator import csv_separator

# Where records sit in a JSON document (ijson prefixes of the array members).
JSON_ITEMS = ("marches.marche.item", "marches.contrat-concession.item", "marches.item", "item")
_CSV_LIMIT = 10_000_000  # characters in one CSV field
_OPEN, _CLOSE = ("start_map", "start_array"), ("end_map", "end_array")


@dataclass(frozen=True)
class Raw:
    line: int
    offset: int  # bytes of the file read so far
    data: dict | None = None
    error: str | None = None
    unit: str = "ligne"


def file_kind(path: Path) -> str:
    """"json", "jsonl" or "csv", from the extension, else from the first bytes."""
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        return "jsonl"
    if suffix in (".csv", ".tsv", ".txt"):
        return "csv"
    with path.open("rb") as fh:
        head = fh.read(1 << 16).lstrip(b"\xef\xbb\xbf \t\r\n")
        if not head.startswith((b"{", b"[")):
            return "csv"
        if head.startswith(b"{"):
            first = head.split(b"\n", 1)[0]
            try:
                record = json.loads(first)
            except ValueError:
                return "json"
            if isinstance(record, dict) and "marches" not in record:
                return "jsonl"
    return "json"


def read_raw(path: str | Path) -> Iterator[Raw]:
    path = Path(path)
    kind = file_kind(path)
    return {"jsonl": _jsonl, "csv": _csv, "json": _json}[kind](path)


def _jsonl(path: Path) -> Iterator[Raw]:
    offset = 0
    with path.open("rb") as fh:
        for number, line in enumerate(fh, 1):
            offset += len(line)
            if not line.strip():
                continue
            try:
                data = json.loads(line.lstrip(b"\xef\xbb\xbf") if number == 1 else line)
            except ValueError as err:
                yield Raw(number, offset, error=f"JSON illisible ({err.msg}, colonne {err.colno}).")
                continue
            if not isinstance(data, dict):
                yield Raw(number, offset, error="la ligne n'est pas un objet JSON.")
                continue
            yield Raw(number, offset, data)


class _CountingLines:
    """Text lines of a binary file, counting the bytes read (csv.reader pulls lines from it)."""

    def __init__(self, fh):
        self.fh, self.offset = fh, 0

    def __iter__(self):
        for line in self.fh:
            self.offset += len(line)
            yield line.decode("utf-8-sig" if self.offset == len(line) else "utf-8", errors="replace")


def _csv(path: Path) -> Iterator[Raw]:
    csv.field_size_limit(_CSV_LIMIT)
    with path.open("rb") as fh:
        lines = _CountingLines(fh)
        source = iter(lines)
        header_line = next(source, "")
        delimiter = csv_separator([header_line])
        header = next(csv.reader([header_line], delimiter=delimiter), [])
        reader = csv.reader(source, delimiter=delimiter)
        for row in reader:
            number = reader.line_num + 1  # the header is line 1
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                yield Raw(number, lines.offset, error=f"{len(row)} colonnes au lieu de {len(header)}.")
                continue
            yield Raw(number, lines.offset, dict(zip(header, row)))


def _json(path: Path) -> Iterator[Raw]:
    """Members of the arrays at JSON_ITEMS, built one at a time from ijson's events."""
    number, depth, builder = 0, 0, None
    with path.open("rb") as fh:
        try:
            for prefix, event, value in ijson.parse(fh, use_float=True):
                if depth:  # inside a record (or a member being skipped)
                    depth += (event in _OPEN) - (event in _CLOSE)
                    if builder is not None:
                        builder.event(event, value)
                        if depth == 0:
                            yield Raw(number, fh.tell(), builder.value, unit="enregistrement")
                            builder = None
                    continue
                if prefix in JSON_ITEMS and event not in ("end_array", "end_map", "map_key"):
                    number += 1
                    if event == "start_map":
                        builder, depth = ijson.ObjectBuilder(), 1
                        builder.event(event, value)
                    else:
                        depth = 1 if event == "start_array" else 0
                        yield Raw(number, fh.tell(), error="l'enregistrement n'est pas un objet JSON.",
                                  unit="enregistrement")
        except ijson.JSONError as err:
            yield Raw(number + 1, fh.tell(), error=f"JSON illisible après l'enregistrement {number} ({err}) ; "
                                                    "la suite du fichier est ignorée.", unit="enregistrement")
            return
    if number == 0:
        yield Raw(0, 0, error='aucun marché trouvé : ni {"marches": {"marche": [...]}}, ni {"marches": [...]}, '
                              "ni liste d'objets.", unit="enregistrement")
