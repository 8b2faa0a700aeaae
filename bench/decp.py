"""DECP import and annual-report speed; prints figures, asserts nothing.

    .venv/bin/python bench/decp.py [--records 100000] [--repeat 20]

Builds N records from the real ones in ../shared/corpus/decp/real (each copy gets a new contract
id, so none collapses into another), writes them as JSON Lines and as the official JSON
envelope, imports each into a fresh database the way `flask --app app decp import` does
(timing it, with the peak of Python allocations and the process's peak RSS), then times the
indicators of the busiest région-year: the SQL cells with their aggregation (what the API
serves) and the whole report with its tenders join and texts, then the PDF.
"""
from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from itertools import cycle
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
REAL = ROOT.parent / "shared" / "corpus" / "decp" / "real"


def generate(count: int, folder: Path) -> tuple[Path, Path]:
    """N records from the real ones, ids varied; as JSON Lines and as the official envelope."""
    sources = sorted(REAL.glob("*.jsonl"))
    originals = [json.loads(line) for path in sources for line in path.open(encoding="utf-8") if line.strip()]
    lines, envelope = folder / "decp.jsonl", folder / "decp.json"
    with lines.open("w", encoding="utf-8") as out_lines, envelope.open("w", encoding="utf-8") as out_json:
        out_json.write('{"marches": {"marche": [\n')
        for n, record in zip(range(count), cycle(originals)):
            record = {k: v for k, v in record.items() if k != "_provenance"}
            key = "id_marche" if "id_marche" in record else "id"
            record[key] = f"{record.get(key) or 'X'}-B{n // len(originals)}"
            text = json.dumps(record, ensure_ascii=False)
            out_lines.write(text + "\n")
            out_json.write(("," if n else "") + text + "\n")
        out_json.write("]}}\n")
    return lines, envelope


def timed_import(path: Path, db_path: Path, trace: bool = False) -> dict:
    """Import into db_path; with `trace`, the peak of Python allocations (tracemalloc slows the
    run down, so timings come from untraced runs)."""
    from store import decp as decp_store
    from store.db import connect

    db = connect(db_path)
    if trace:
        tracemalloc.start()
    t0 = time.perf_counter()
    result = decp_store.import_file(db, path)
    elapsed = time.perf_counter() - t0
    peak = tracemalloc.get_traced_memory()[1] if trace else 0
    if trace:
        tracemalloc.stop()
    db.close()
    return {"seconds": elapsed, "records": result.records, "problems": result.problem_count, "new": result.new,
            "peak_mb": peak / 2**20, "size_mb": path.stat().st_size / 2**20}


def busiest_region_year(db) -> tuple[str, int, int]:
    row = db.execute("SELECT region, year, count(*) AS n FROM decp_contracts WHERE kind = 'marche' AND region IS NOT NULL "
                     "AND year IS NOT NULL GROUP BY 1, 2 ORDER BY n DESC LIMIT 1").fetchone()
    return row[0], row[1], row[2]


def latency(function, repeat: int) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        function()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000, max(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    if not REAL.is_dir():
        sys.exit(f"real DECP records not found at {REAL}")
    from bilan import build_report, figures
    from bilan.render import document_pdf
    from decp.scope import parse_scope
    from store.db import connect

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        t0 = time.perf_counter()
        lines, envelope = generate(args.records, folder)
        print(f"generated {args.records} records in {time.perf_counter() - t0:.1f} s "
              f"({lines.stat().st_size / 2**20:.0f} MB JSON Lines, {envelope.stat().st_size / 2**20:.0f} MB JSON)")
        for label, path in (("JSON Lines", lines), ("JSON envelope", envelope)):
            figures_ = timed_import(path, folder / f"{path.suffix[1:]}.db")
            print(f"import {label}: {figures_['records']} records in {figures_['seconds']:.2f} s "
                  f"({figures_['records'] / figures_['seconds']:,.0f} records/s), {figures_['new']} rows, "
                  f"{figures_['problems']} set aside")
            traced = timed_import(path, folder / f"traced-{path.suffix[1:]}.db", trace=True)
            print(f"  peak Python allocations during that import: {traced['peak_mb']:.1f} MB "
                  f"for a {traced['size_mb']:.0f} MB file")
        small = folder / "small.jsonl"
        with lines.open(encoding="utf-8") as src, small.open("w", encoding="utf-8") as out:
            for _, line in zip(range(args.records // 10), src):
                out.write(line)
        tenth = timed_import(small, folder / "small.db", trace=True)
        print(f"import of a tenth ({tenth['records']} records): peak Python allocations {tenth['peak_mb']:.1f} MB "
              "(flat: memory does not grow with the file)")
        again = timed_import(lines, folder / "jsonl.db")
        print(f"re-import of the same JSON Lines: {again['seconds']:.2f} s, {again['new']} new rows")
        print(f"process peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")

        db = connect(folder / "jsonl.db")
        region, year, count = busiest_region_year(db)
        scope = parse_scope(f"region:{region}")
        print(f"busiest région-year: {scope.label} {year}, {count} marchés "
              f"({db.execute('SELECT count(*) FROM decp_contracts').fetchone()[0]} rows in the store)")
        median, worst = latency(lambda: figures(db, scope, year), args.repeat)
        print(f"indicators (SQL cells + aggregation, 5 years): median {median:.0f} ms, max {worst:.0f} ms")
        median, worst = latency(lambda: build_report(db, scope, year), args.repeat)
        print(f"whole report (indicators, quality, tenders join, texts): median {median:.0f} ms, max {worst:.0f} ms")
        report = build_report(db, scope, year)
        median, worst = latency(lambda: document_pdf(report), max(3, args.repeat // 5))
        print(f"PDF of that report: median {median:.0f} ms, max {worst:.0f} ms")
        plan = db.execute("EXPLAIN QUERY PLAN SELECT count(*) FROM decp_contracts WHERE kind = 'marche' "
                          "AND year BETWEEN ? AND ? AND region IN (?)", (year - 4, year, region)).fetchall()
        print("query plan:", "; ".join(row[-1] for row in plan))
        db.close()


if __name__ == "__main__":
    main()
