"""Time each stage of the pipeline on the development corpus; prints figures, asserts nothing.

    .venv/bin/python bench/pipeline.py [--limit N]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CORPUS = ROOT.parent / "shared" / "corpus"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--limit", type=int, default=100, help="notices per folder")
    args = parser.parse_args()
    if not CORPUS.is_dir():
        sys.exit(f"corpus not found at {CORPUS}")
    from service import analyze_path, warm_up

    t0 = time.perf_counter()
    warm_up()
    print(f"model load: {time.perf_counter() - t0:.2f} s")
    sets = {
        "dce (3 PDFs)": [CORPUS / "dce" / "ifpra_normandie_moteur_agri"],
        "ted xml": sorted((CORPUS / "ted").glob("*.xml"))[: args.limit],
        "boamp text": sorted((CORPUS / "boamp_text").glob("*.txt"))[: args.limit],
    }
    for label, paths in sets.items():
        stages: dict[str, list[float]] = {}
        words = 0
        t0 = time.perf_counter()
        for path in paths:
            report, tender, _ = analyze_path(path)
            words += len(tender.text.split())
            for stage, ms in report["timings_ms"].items():
                stages.setdefault(stage, []).append(ms)
        wall = time.perf_counter() - t0
        medians = ", ".join(f"{k} {statistics.median(v):.0f} ms" for k, v in stages.items())
        print(f"{label}: {len(paths)} tenders in {wall:.1f} s ({len(paths) / wall:.1f}/s, "
              f"{words / wall:,.0f} words/s); median per tender: {medians}")


if __name__ == "__main__":
    main()
