#!/usr/bin/env python3
"""OCR speed: prints figures, asserts nothing. Run from the repository root:

    .venv/bin/python bench/ocr.py [--pages 8] [--text-pages 100]

1. A generated scan (dense French pages, as a scanner gives them: page images, no text layer)
   read by tenders.pdf.read_pdf: OCR pages per second with Tesseract processes side by side
   (tenders.ocr.WORKERS) and one at a time, the mean confidence, and Tesseract's CPU time a
   page (which a loaded machine does not change, unlike the wall time).
2. A generated text PDF (bench/run's 100-page CCTP): its read time, and how many pages went
   through OCR (none: OCR only runs on pages without a text layer).
"""
from __future__ import annotations

import argparse
import importlib.machinery
import importlib.util
import re
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tenders import ocr
from tenders.budget import Budget, reading
from tenders.pdf import read_pdf
from tests.fixtures.documents import scanned_pdf_bytes

SENTENCES = [
    "Le titulaire réserve une part des heures de travail à des personnes éloignées de l'emploi.",
    "Les prix sont réputés comprendre toutes les charges fiscales frappant la prestation.",
    "Le délai global de paiement est fixé à trente jours à compter de la demande de paiement.",
    "Les emballages sont réduits au strict nécessaire et repris par le titulaire du marché.",
    "Une avance de dix pour cent est accordée au titulaire, sauf renonciation de sa part.",
]


def scan(pages: int) -> bytes:
    """`pages` dense pages (about 40 lines, 350 words each)."""
    return scanned_pdf_bytes(
        [[f"Article {n} - Dispositions particulières"] + [SENTENCES[(n + i) % len(SENTENCES)] for i in range(40)]
         for n in range(1, pages + 1)],
        dpi=200, font_size=10)


def bench_scan(pages: int) -> None:
    why = ocr.unavailable_reason()
    if why:
        print(f"OCR not measured: {why}")
        return
    data = scan(pages)
    for workers in sorted({ocr.WORKERS, 1}, reverse=True):
        ocr.WORKERS = workers
        with reading(Budget()):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            started = time.perf_counter()
            document = read_pdf("scan.pdf", data)
            took = time.perf_counter() - started
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)  # Tesseract's own time
        confidences = [int(m.group(1)) for w in document.warnings if (m := re.search(r"confiance (\d+) %", w))]
        words = len(document.text.split())
        print(f"OCR, {pages} scanned pages, {workers} Tesseract process(es): {took:6.2f} s  "
              f"{pages / took:5.2f} pages/s  {words / took:6.0f} words/s  "
              f"mean confidence {statistics.mean(confidences) if confidences else 0:.0f} %  "
              f"({len(confidences)} pages recognised; Tesseract CPU {cpu / pages:.2f} s a page, "
              f"{words / pages:.0f} words a page)")


def bench_text(pages: int) -> None:
    loader = importlib.machinery.SourceFileLoader("bench_run", str(ROOT / "bench" / "run"))
    spec = importlib.util.spec_from_loader("bench_run", loader)
    bench_run = importlib.util.module_from_spec(spec)
    loader.exec_module(bench_run)
    calls: list[int] = []
    real = ocr._run_tesseract
    ocr._run_tesseract = lambda *args, **kwargs: calls.append(1) or real(*args, **kwargs)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "CCTP.pdf"
        bench_run.generated_pdf(path, pages)
        data = path.read_bytes()
        read_pdf("CCTP.pdf", data)  # warm
        times = []
        for _ in range(5):
            started = time.perf_counter()
            read_pdf("CCTP.pdf", data)
            times.append(time.perf_counter() - started)
    ocr._run_tesseract = real
    print(f"text PDF, {pages} pages: read in {statistics.median(times):.2f} s (median of 5), "
          f"{len(calls)} pages through OCR")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=8)
    parser.add_argument("--text-pages", type=int, default=100)
    args = parser.parse_args()
    bench_scan(args.pages)
    bench_text(args.text_pages)


if __name__ == "__main__":
    main()
