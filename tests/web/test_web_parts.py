"""The pure parts of the web layer: passage mark-up and snapping, the documents' views, SVG
charts, clean passages."""
from __future__ import annotations

import re

from report.charts import bar_chart, histogram
from text.passage import clean_passage, starts_a_sentence
from web import docview
from web.highlight import Span, find_passage, mark_up, snap, spans_for_page


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


def test_a_highlight_never_starts_or_ends_inside_a_word():
    text = "Préambule. Le titulaire informe l'acheteur des limites de sa prestation. Suite."
    start, end = snap(text, text.index("rme l'ach"), text.index("mites") + 2)  # mid-word both ends
    assert text[start:end] == "Le titulaire informe l'acheteur des limites de sa prestation."


def test_a_highlight_is_one_table_row_not_the_table():
    rows = ["Critère | Pondération", "Prix | 60 %", "Valeur technique | 30 %",
            "Performance environnementale des produits | 10 %", "Délais | 5 %"]
    text = "\n".join(rows) + "\n"
    start, end = snap(text, text.index("ix | 60"), text.index("Délais"))  # runs over four rows
    assert text[start:end] == "Performance environnementale des produits | 10 %"


def test_a_highlight_drops_the_heading_and_keeps_the_sentence():
    text = "Article 7 - Conditions d'exécution\nLe titulaire trie les déchets du chantier. Article 8"
    start, end = snap(text, 0, text.index("chantier") + 4)
    assert text[start:end] == "Le titulaire trie les déchets du chantier."


def test_spans_place_clauses_by_offsets_and_findings_by_text():
    text = "Préambule. Le titulaire trie les déchets."
    clauses = [{"category": "environmental_condition", "text": "Le titulaire trie les déchets.",
                "document": "CCAP.pdf", "page": 2, "start": 11, "end": 41, "negated": False},
               {"category": "insertion_clause", "text": "ailleurs", "document": "RC.pdf", "page": 2, "negated": False}]
    findings = [{"id": "lots", "kind": "strength", "evidence": "Préambule", "document": "CCAP.pdf", "page": 2}]
    spans = spans_for_page("CCAP.pdf", 2, text, clauses, findings)
    assert [s.anchor for s in spans] == ["clause-0", "finding-0"]
    assert spans_for_page("CCAP.pdf", 2, text, clauses, findings, category="insertion_clause") == []


def _report(*documents):
    return {"tender": {"documents": [{"name": n, "pages": p} for n, p in documents]}, "clauses": [],
            "accessibility": {"findings": []}}


def test_documents_are_viewed_one_at_a_time_a_page_or_a_part_at_a_time():
    long = "\n\n".join(f"Article {n}. " + "Le titulaire exécute les prestations. " * 40 for n in range(12))
    pages = [{"document": "CCAP.pdf", "number": n, "text": f"Page {n}."} for n in (1, 2, 3)]
    pages.append({"document": "CCTP.docx", "number": 1, "text": long})
    report = _report(("CCAP.pdf", 3), ("CCTP.docx", None))
    report["clauses"] = [{"category": "insertion_clause", "text": "Page 3.", "document": "CCAP.pdf", "page": 3,
                          "start": 0, "end": 7, "negated": False}]
    assert docview.documents(pages) == ["CCAP.pdf", "CCTP.docx"]
    assert [v.number for v in docview.views(pages, report, "CCAP.pdf")] == [1, 2, 3]
    parts = docview.views(pages, report, "CCTP.docx")
    assert len(parts) > 1 and all(v.end - v.start < 3 * docview.PART_CHARS for v in parts)
    assert "".join(long[v.start:v.end] for v in parts) == long  # nothing lost, nothing twice
    assert all(long[v.start:v.start + 7] == "Article" for v in parts[1:])  # cut between paragraphs
    assert docview.locate(pages, report) == {"clause-0": "?doc=1&page=3"}
    shown = docview.show(parts[0], long, 1, len(parts), paged=False)
    assert shown.label == f"partie 1 sur {len(parts)}"


def test_the_pager_is_a_window_with_gaps():
    assert docview.pager(1, 1) == []
    assert [label for label, _ in docview.pager(10, 40)] == ["1", "…", "8", "9", "10", "11", "12", "…", "40"]


def test_clean_passages_drop_cut_words_and_bullets():
    cut = "rmations sur les limites de la prestation " + "et sur ses conditions d'exécution " * 5 + "sont remises par le tit"
    cleaned = clean_passage(cut)
    assert cleaned.startswith("… sur les limites") and cleaned.endswith("remises par le …")
    assert clean_passage("- Les variantes sont autorisées.") == "Les variantes sont autorisées."
    assert clean_passage("l'avance est de 20 %") == "L'avance est de 20 %"  # short: an item, not a cut
    assert starts_a_sentence("Le titulaire s'engage.") and not starts_a_sentence("du marché, le titulaire")


def test_bar_chart_labels_every_bar_with_its_value_and_prints_in_colour():
    svg = bar_chart([("Social", 20.4), ("Accès des petites structures", 80)], "Axes <test>", maximum=100)
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert "<title" in svg and "Axes &lt;test&gt;" in svg
    assert re.search(r">20</text>", svg) and ">80</text>" in svg and svg.count("<rect") == 2
    assert svg.count('fill="#000091"') == 2  # WeasyPrint ignores CSS on inline SVG: colours as attributes
    label_x = int(re.search(r'<text x="(\d+)"', svg).group(1))
    assert label_x >= 8 * len("Accès des petites structures")  # the longest label fits left of the bars


def test_histogram_counts_each_value_once():
    svg = histogram([0, 5, 10, 99.9, 100, None], "Scores", bins=10)
    assert ">0–10</text>" in svg
    counts = [int(v) for v in re.findall(r'class="value"[^>]*>(\d+)</text>', svg)]
    assert counts[0] == 2 and counts[1] == 1 and counts[-1] == 2 and sum(counts) == 5
