"""The cell separator of a CSV file, guessed from its first lines: the candidate that splits the
most lines into the same number of cells, then the one that splits them most. One pass over the
lines given, so linear; shared by the tender reader (a BPU export) and the DECP loader."""
from __future__ import annotations

import re
from collections import Counter

SEPARATORS = (";", "\t", ",", "|")  # in the order French exports use them: first wins a tie
_QUOTED = re.compile(r'"[^"]*"')  # a quoted cell ("Tonte, taille et ramassage") splits nothing


def csv_separator(lines: list[str]) -> str:
    """";" for "Poste;Prix" / "Tonte;1250,50" (the decimal comma splits fewer lines evenly)."""
    best, best_score = SEPARATORS[0], (0, 0)
    unquoted = [_QUOTED.sub("", line) for line in lines if line.strip()]
    for separator in SEPARATORS:
        counts = Counter(line.count(separator) for line in unquoted)
        counts.pop(0, None)
        if not counts:
            continue
        cells, agreeing = max(counts.items(), key=lambda item: (item[1], item[0]))
        if (agreeing, cells) > best_score:
            best, best_score = separator, (agreeing, cells)
    return best
