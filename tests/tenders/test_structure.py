"""What is no evidence in a page: tables of contents and a Q&R's questions; and the table and
form negations a DCE writes ("| Clauses sociales | Sans")."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tenders.reader import read_files
from tenders.structure import Skips, question_spans, skipped, skipped_spans, toc_spans

TOC = ("SOMMAIRE\n"
       "1 - Objet de la consultation .......................................... 3\n"
       "6.1.2 Engagement d'insertion sociale ....... 18\n"
       "7 - Critères d'attribution 21\n"
       "\n"
       "ARTICLE 1 - OBJET DE LA CONSULTATION\n"
       "Le présent marché porte sur l'entretien des espaces verts.\n")


def _covered(text: str, spans, needle: str) -> bool:
    start = text.index(needle)
    return skipped(spans, start, start + len(needle))


def test_dot_leaders_and_numbered_titles_of_a_sommaire_are_skipped():
    spans = toc_spans(TOC)
    assert _covered(TOC, spans, "6.1.2 Engagement d'insertion sociale ....... 18")
    assert _covered(TOC, spans, "7 - Critères d'attribution 21")  # no leaders, but in the block
    assert not _covered(TOC, spans, "Le présent marché porte sur l'entretien des espaces verts.")


def test_a_form_line_to_fill_in_is_not_a_table_of_contents():
    text = "Date de remise des offres : 19 avril 2025 à 12h00\nSignature du candidat ..............\n"
    assert toc_spans(text) == []


def test_questions_of_a_qr_are_skipped_answers_kept():
    text = ("Question 4 : le critère environnemental est-il noté sur 20 points ?\n"
            "Réponse 4 : le critère valeur technique est noté sur 60 points.\n")
    spans = question_spans(text)
    assert _covered(text, spans, "Question 4 : le critère environnemental")
    assert not _covered(text, spans, "Réponse 4")
    assert skipped_spans(text, "RC") == []  # only a Q&R has questions to skip


def _clauses(name: str, text: str):
    from nlp import analyse

    tender = read_files([(name, text.encode())], name)
    return tender, analyse(tender).clauses


def test_a_toc_line_is_never_a_clause():
    _, clauses = _clauses("RC.txt", TOC)
    assert not [c for c in clauses if "Engagement d'insertion" in c.text]


def test_a_bidders_question_is_no_award_criterion():
    text = ("Questions et réponses\n"
            "Question 1 : pouvez-vous ajouter un critère de performance environnementale pondéré à 10 % ?\n"
            "Réponse 1 : non, les critères restent le prix (60 %) et la valeur technique (40 %).\n")
    _, clauses = _clauses("QR_questions_reponses.txt", text)
    assert not [c for c in clauses if c.category == "environmental_criterion" and not c.negated]


def test_a_table_cell_saying_sans_negates_its_label():
    text = ("Synthèse de la consultation\n"
            "| Allotissement | Non |\n"
            "| Clauses sociales | Sans |\n"
            "| Clauses environnementales | Sans |\n")
    tender, clauses = _clauses("RC.txt", text)
    assert not [c for c in clauses if c.category == "social_condition" and not c.negated]
    assert not [c for c in clauses if c.category == "environmental_condition" and not c.negated]
    from scoring import compliance

    rows = {c.rule: c.status for c in compliance.check(tender, clauses)}
    assert rows["social_consideration"] != "ok"  # "Sans" is no social consideration


@given(spans=st.lists(st.tuples(st.integers(0, 300), st.integers(0, 60)).map(lambda t: (t[0], t[0] + t[1])),
                      max_size=30),
       start=st.integers(0, 400), length=st.integers(0, 80))
def test_the_skip_index_answers_as_a_scan_of_every_span_would(spans, start, length) -> None:
    index, end = Skips(spans), start + length
    assert index.covers(start, end) == any(a <= start and end <= b + 1 for a, b in spans)
    assert index.meets(start, end) == any(a < end and start < b for a, b in spans)
    assert bool(index) == bool(spans)
