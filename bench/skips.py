#!/usr/bin/env python3
"""Inputs that once cost more than linear time: a page whose table of contents gives one
skipped span a line (terms, the classifier's sentences, the detector), and long runs of dots,
underscores, digits or thousands groups (the table-of-contents leaders, amounts). Prints the time of each as the
input doubles; asserts nothing. Run from the repository root:

    .venv/bin/python bench/skips.py
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from nlp.classifier.sentences import document_sentences  # noqa: E402
from nlp.detect import detect_clauses  # noqa: E402
from nlp.pipeline import get_nlp  # noqa: E402
from tenders.model import Document, Page, Tender  # noqa: E402
from tenders.amounts import amounts  # noqa: E402
from tenders.structure import skipped_spans, toc_spans  # noqa: E402
from tenders.terms import read_terms  # noqa: E402


def main() -> None:
    get_nlp()  # loaded before timing
    for lines in (2000, 4000, 8000):
        # a table-of-contents line after each line of text: no two skipped spans touch
        text = "".join(f"Article {i} Clause d'insertion ....... {i % 90}\nLe titulaire respecte le délai de "
                       "paiement.\n" for i in range(lines))
        page = Page(1, text, skip=skipped_spans(text, "CCAP"))
        tender = Tender(documents=[Document(name="CCAP.pdf", kind="CCAP", format="pdf", paginated=True,
                                            pages=[page])])
        times = []
        for name, run in (("terms", lambda: read_terms(tender)),
                          ("classifier sentences", lambda: list(document_sentences(tender.documents[0].pages))),
                          ("detector", lambda: detect_clauses(tender))):
            started = time.perf_counter()
            run()
            times.append(f"{name} {time.perf_counter() - started:.2f} s")
        print(f"{len(text):>8,} characters, {len(page.skip):>5} skipped spans: " + ", ".join(times))
    for length in (4000, 8000, 16000):
        times = []
        for name, run in (("dots", lambda: toc_spans("." * length + " x")),
                          ("underscores", lambda: toc_spans("Nom : " + "_" * length + " x")),
                          ("digits", lambda: amounts("1" * length + " x")),
                          ("thousands groups", lambda: amounts("123 " * (length // 4) + "x"))):
            started = time.perf_counter()
            run()
            times.append(f"{name} {time.perf_counter() - started:.3f} s")
        print(f"a run of {length:>6,} characters: " + ", ".join(times))


if __name__ == "__main__":
    main()
