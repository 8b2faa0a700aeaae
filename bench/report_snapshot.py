"""Reports of a fixed set of corpus inputs, one JSON line each (keys sorted, timings removed),
to compare two versions of the code byte for byte: a refactor must leave them identical.

    .venv/bin/python bench/report_snapshot.py before.jsonl   # on the old commit
    .venv/bin/python bench/report_snapshot.py after.jsonl    # on the new one
    cmp before.jsonl after.jsonl

The set: every corpus DCE, the first 20 TED notices, 20 BOAMP text notices, 5 BOAMP XML and 5
eForms notices (sorted by name).
"""
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def inputs() -> list[Path]:
    found = sorted((CORPUS / "dce").iterdir())
    for pattern, n in (("ted/*.xml", 20), ("boamp_text/*.txt", 20), ("boamp_xml/*.xml", 5),
                       ("eforms/real_fr_2023_2024/*.xml", 5)):
        found += sorted(CORPUS.glob(pattern))[:n]
    return found


def main(out: str) -> None:
    from service import report_or_error

    with open(out, "w", encoding="utf-8") as fh:
        for path in inputs():
            report = report_or_error(os.path.relpath(path))  # the same text whatever the checkout
            report.pop("timings_ms", None)
            fh.write(json.dumps(report, ensure_ascii=False, sort_keys=True) + "\n")
    print(f"{len(inputs())} reports in {out}")


if __name__ == "__main__":
    main(sys.argv[1])
