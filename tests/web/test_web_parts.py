"""The pure parts of the web layer: passage mark-up, SVG charts, CSV rows."""
from __future__ import annotations

from report.charts import bar_chart, histogram
from web.highlight import Span, find_passage, mark_up, page_anchor, show_pages


def test_passages_are_found_across_line_breaks_and_ellipses():
    page = "Article 3\nLe titulaire réserve 200 heures\nà l'insertion. Fin."
    assert find_passage(page, "réserve 200 heures à l'insertion") == (page.index("réserve"), page.index(". Fin"))
    assert find_passage(page, "Le titulaire réserve…") == (10, 10 + len("Le titulaire réserve"))
    assert find_passage(page, "absent du texte") is None
    assert find_passage(page, "  ") is None


def test_mark_up_escapes_text_and_cuts_overlaps():
    text = "<b>un</b> deux trois"
    html = mark_up(text, [Span(0, 14, "clause-0", "cat-x"), Span(10, 20, "finding-1", "finding-barrier")])
    assert "<b>" not in html and "&lt;b&gt;" in html
    assert html.count('<span class="anchor"') == 2
    assert '<mark class="cat-x finding-barrier" data-spans="clause-0 finding-1">deux</mark>' in html
    assert html.endswith('<mark class="finding-barrier" data-spans="finding-1"> trois</mark>')


def test_show_pages_places_clauses_by_offsets_and_findings_by_text():
    pages = [{"document": "CCAP.pdf", "number": 2, "text": "Préambule. Le titulaire trie les déchets."}]
    report = {
        "clauses": [{"category": "environmental_condition", "text": "Le titulaire trie les déchets.",
                     "document": "CCAP.pdf", "page": 2, "start": 11, "end": 41, "negated": False},
                    {"category": "insertion_clause", "text": "ailleurs", "document": "RC.pdf", "page": 2,
                     "negated": False}],
        "accessibility": {"findings": [{"id": "lots", "kind": "strength", "evidence": "Préambule",
                                        "document": "CCAP.pdf", "page": 2}]},
    }
    (shown,) = show_pages(pages, report)
    assert shown.anchors == ["clause-0", "finding-0"]
    assert shown.id == page_anchor("CCAP.pdf", 2) == "p-CCAP-pdf-2"
    (only,) = show_pages(pages, report, category="insertion_clause")
    assert only.anchors == []


def test_bar_chart_labels_every_bar_with_its_value():
    svg = bar_chart([("Social", 20.4), ("Environnemental", 80)], "Axes <test>", maximum=100)
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert "<title" in svg and "Axes &lt;test&gt;" in svg
    assert ">20</text>" in svg and ">80</text>" in svg and svg.count("<rect") == 2


def test_histogram_counts_each_value_once():
    svg = histogram([0, 5, 10, 99.9, 100, None], "Scores", bins=10)
    assert ">0–10</text>" in svg
    counts = [int(v) for v in __import__("re").findall(r'class="value">(\d+)</text>', svg)]
    assert counts[0] == 2 and counts[1] == 1 and counts[-1] == 2 and sum(counts) == 5
