"""The web pages through Flask's test client: upload and progress, report, annotated documents,
exports, list filters, comparison, dashboard, search, quick check and errors.

The queue is in memory here: `run_jobs()` runs its tasks in-process."""
from __future__ import annotations

import csv
import io
import json
import re

import pytest

from tests.fixtures.notices import TED
from tests.fixtures.texts import CCAP_TEXT, RC_TEXT
from tests.fixtures.web import page_text, tender_id_of, upload, valbrune_tender


@pytest.fixture
def analysed(client, run_jobs) -> int:
    """The small Valbrune tender, uploaded through the form and analysed."""
    return valbrune_tender(client, run_jobs)


text = page_text  # the page as a reader sees it: entities decoded (d&#39;insertion -> d'insertion)


# --- home and upload -----------------------------------------------------------------------------

def test_home_page_offers_the_three_paths_and_the_upload_form(client):
    page = text(client.get("/"))
    assert 'enctype="multipart/form-data"' in page and "multiple" in page
    assert "/check" in page and "/guide" in page
    assert "Aucun appel d'offres enregistré" in page
    assert "dsfr.min.css" in page and "cdn" not in page.lower()


def test_upload_queues_the_analysis_and_shows_its_progress(client, run_jobs):
    response = upload(client, ("RC.txt", RC_TEXT), ("CCAP.txt", CCAP_TEXT))
    assert response.status_code == 302
    tender_id = tender_id_of(response)
    page = text(client.get(f"/tenders/{tender_id}"))
    assert 'id="job-progress"' in page and "En attente" in page
    assert f"/api/tenders/{tender_id}" in page  # what the page polls
    assert 'http-equiv="refresh"' in page  # and the fallback without JavaScript
    run_jobs()
    page = text(client.get(f"/tenders/{tender_id}"))
    assert "Entretien des espaces verts" in page
    assert "350 heures" in page  # the flagged insertion passage
    assert "Score achat solidaire" in page and "<svg" in page
    assert 'id="job-progress"' not in page


def test_the_same_files_twice_are_the_same_tender(client, analysed):
    again = upload(client, ("RC.txt", RC_TEXT), ("CCAP.txt", CCAP_TEXT))
    assert tender_id_of(again) == analysed


def test_empty_upload_asks_for_a_file(client):
    response = client.post("/analyses", data={}, content_type="multipart/form-data", follow_redirects=True)
    assert "Choisissez au moins un fichier" in text(response)


def test_an_empty_file_is_refused_before_queueing(client):
    response = upload(client, ("RC.txt", b""))
    assert response.status_code == 302
    page = text(client.get("/"))
    assert "Fichier vide" in page and "RC.txt" in page
    assert client.get("/api/tenders").get_json()["total"] == 0


def test_a_file_of_unknown_type_is_refused_at_once_and_keeps_earlier_tenders(client, analysed):
    response = upload(client, ("plan.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64))
    assert response.status_code == 415
    page = text(response)
    assert "plan.png" in page and "pas pris en charge" in page and "Rien n'a été enregistré" in page
    assert client.get("/api/tenders").get_json()["total"] == 1
    assert "Entretien des espaces verts" in text(client.get(f"/tenders/{analysed}"))


def test_a_file_that_fails_during_the_analysis_shows_the_reason(client, run_jobs):
    bad = tender_id_of(upload(client, ("CCAP.pdf", b"%PDF-1.5 not a pdf at all")))
    run_jobs()
    page = text(client.get(f"/tenders/{bad}"))
    assert "L'analyse n'a pas abouti" in page and "CCAP.pdf" in page


def test_too_large_an_upload_is_refused_with_a_message(app, client):
    app.config["MAX_CONTENT_LENGTH"] = 1024
    response = upload(client, ("RC.txt", "x" * 4096))
    assert response.status_code == 413  # refused from its announced length, before the body is read
    assert "au plus" in text(response) and "Rien n'a été enregistré" in text(response)


def test_unknown_pages_answer_404_in_french(client):
    for url in ("/tenders/999", "/tenders/999/documents", "/tenders/999/report.csv", "/tenders/999/report.pdf",
                "/tenders/999/report.json", "/nulle-part"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "introuvable" in text(response)


def test_report_pages_wait_for_the_analysis(client):
    tender_id = tender_id_of(upload(client, ("RC.txt", RC_TEXT)))
    for suffix in ("/documents", "/report.csv", "/report.json", "/report.pdf"):
        assert client.get(f"/tenders/{tender_id}{suffix}").status_code == 404


# --- the report and its documents ------------------------------------------------------------------

def test_report_links_each_finding_to_its_passage(client, analysed):
    page = text(client.get(f"/tenders/{analysed}"))
    links = set(re.findall(r'href="(/tenders/\d+/documents\?doc=\d+&page=\d+)#((?:clause|finding)-\d+)"', page))
    assert any(a.startswith("clause-") for _, a in links) and any(a.startswith("finding-") for _, a in links)
    for url, anchor in links:
        assert f'id="{anchor}"' in text(client.get(url))  # every link lands on its marked passage
    assert "Voir la fiche du guide" in page


def test_documents_are_shown_one_document_at_a_time(client, analysed):
    first = text(client.get(f"/tenders/{analysed}/documents"))
    assert "RC.txt — texte intégral" in first and "CCAP.txt — texte" not in first
    assert '<option value="2"' in first and "CCAP.txt</option>" in first  # the document selector
    page = text(client.get(f"/tenders/{analysed}/documents?doc=2"))
    marked = re.search(r'<mark class="cat-insertion_clause" data-spans="clause-\d+">([^<]*)</mark>', page)
    assert marked and "350 heures" in marked.group(1)
    assert marked.group(1).startswith("Le titulaire") and marked.group(1).endswith("commande publique.")
    assert 'class="cat-environmental_condition"' in page
    assert client.get(f"/tenders/{analysed}/documents?doc=99&page=x").status_code == 200  # clamped, not an error


def test_a_long_document_is_paged(client, run_jobs):
    long = CCAP_TEXT + "\n\n".join(f"Article {n} - Stipulation\n" + "Le titulaire exécute les prestations. " * 30
                                   for n in range(20, 60))
    tender_id = tender_id_of(upload(client, ("CCAP.txt", long)))
    run_jobs()
    first = text(client.get(f"/tenders/{tender_id}/documents"))
    assert "partie 1 sur" in first and 'aria-label="Pages du document"' in first
    assert len(first) < len(long) + 20_000  # one part, not the whole text
    parts = int(re.search(r"partie 1 sur (\d+)", first).group(1))
    last = text(client.get(f"/tenders/{tender_id}/documents?page={parts}"))
    assert "Article 59" in last and "Article 59" not in first


def test_documents_filter_by_category(client, analysed):
    page = text(client.get(f"/tenders/{analysed}/documents?doc=2&category=environmental_condition"))
    body = page.split('class="page-text"', 1)[1]
    assert "cat-environmental_condition" in body
    assert "cat-insertion_clause" not in body and "finding-" not in body
    # an unknown category is ignored, not an error
    assert client.get(f"/tenders/{analysed}/documents?category=nope").status_code == 200


def test_document_text_is_escaped(client, run_jobs):
    tender_id = tender_id_of(upload(client, ("CCAP.txt", CCAP_TEXT + "\n<script>alert(1)</script>\n")))
    run_jobs()
    page = client.get(f"/tenders/{tender_id}/documents").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


# --- exports -------------------------------------------------------------------------------------

def test_csv_export_lists_score_clauses_findings_and_levers(client, analysed):
    response = client.get(f"/tenders/{analysed}/report.csv")
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(text(response).lstrip("\ufeff")), delimiter=";"))
    sections = {row["rubrique"] for row in rows}
    assert {"score", "clause", "accessibilité", "obligation", "recommandation", "document"} <= sections
    insertion = [r for r in rows if r["libellé"] == "Clause d'insertion" and r["rubrique"] == "clause"]
    assert insertion and "350 heures" in insertion[0]["texte"] and insertion[0]["document"] == "CCAP.txt"
    assert insertion[0]["statut"] == "obligation"
    assert {"Axe « Environnement »", "Axe « Social »"} <= {r["libellé"] for r in rows}
    assert not [r for r in rows if re.search(r"[a-z]+_[a-z]+", r["libellé"] + r["statut"])]  # no id as a label


def test_json_export_is_the_schema_valid_report(client, analysed, assert_valid_report):
    response = client.get(f"/tenders/{analysed}/report.json")
    assert "attachment" in response.headers["Content-Disposition"]
    report = json.loads(text(response))
    assert_valid_report(report)
    assert report["categories"]["insertion_clause"] is True


def test_pdf_export_prints_the_report(client, analysed):
    import pypdfium2

    response = client.get(f"/tenders/{analysed}/report.pdf")
    assert response.status_code == 200, text(response)
    assert response.mimetype == "application/pdf"
    pdf = pypdfium2.PdfDocument(response.data)
    printed = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    assert "Entretien des espaces verts" in printed and "Leviers recommandés" in printed


# --- list, comparison, dashboard, search ------------------------------------------------------------

@pytest.fixture
def three_tenders(client, run_jobs) -> dict[str, int]:
    ids = {
        "valbrune": tender_id_of(upload(client, ("RC.txt", RC_TEXT), ("CCAP.txt", CCAP_TEXT))),
        "plain": tender_id_of(upload(client, ("RC.txt", "Règlement de la consultation\nObjet : Achat de "
                                                         "ramettes de papier\nPrix : 100 %\n"))),
        "notice": tender_id_of(upload(client, ("avis.xml", TED))),
    }
    assert run_jobs() == 3
    return ids


def listed(client, query: str) -> set[int]:
    return {t["id"] for t in client.get("/api/tenders?" + query).get_json()["items"]}


def test_list_filters_by_category_buyer_score_and_date(client, three_tenders):
    ids = three_tenders
    assert listed(client, "") == set(ids.values())
    with_insertion = {i for i in ids.values()
                      if client.get(f"/api/tenders/{i}").get_json()["report"]["categories"]["insertion_clause"]}
    assert ids["valbrune"] in with_insertion and ids["plain"] not in with_insertion
    assert listed(client, "category=insertion_clause") == with_insertion
    assert listed(client, "buyer=nullepart") == {ids["notice"]}
    scores = {t["id"]: t["score_total"] for t in client.get("/api/tenders").get_json()["items"]}
    low = min(scores.values())
    assert listed(client, f"score_max={low}") == {i for i, s in scores.items() if s <= low}
    assert listed(client, f"score_min={low + 0.01}") == {i for i, s in scores.items() if s > low}
    deadlines = {t["id"]: t["deadline"] for t in client.get("/api/tenders").get_json()["items"]}
    dated = {i for i, d in deadlines.items() if d}
    assert dated, "the TED notice states a deadline"
    first = min(deadlines[i] for i in dated)[:10]
    assert listed(client, f"date_from={first}&date_to={first}") == {i for i in dated if deadlines[i][:10] == first}
    assert listed(client, "date_from=2999-01-01") == set()
    page = text(client.get("/tenders?category=insertion_clause&buyer=valbrune"))
    assert "0 appel d'offres." in page  # the Valbrune files name no buyer
    page = text(client.get("/tenders?buyer=nullepart"))
    assert "1 appel d'offres." in page and "Nettoyage des locaux communaux" in page


def test_list_pages_through_results(client, three_tenders):
    first = client.get("/api/tenders?per_page=2&page=1").get_json()
    second = client.get("/api/tenders?per_page=2&page=2").get_json()
    assert first["total"] == 3 and len(first["items"]) == 2 and len(second["items"]) == 1
    assert not {t["id"] for t in first["items"]} & {t["id"] for t in second["items"]}
    assert 'aria-current="page"' in text(client.get("/tenders?per_page=2&page=2"))
    # malformed numbers are ignored rather than failing
    assert client.get("/tenders?score_min=abc&page=x").status_code == 200


def test_compare_shows_two_tenders_side_by_side(client, three_tenders):
    a, b = three_tenders["valbrune"], three_tenders["plain"]
    page = text(client.get(f"/compare?a={a}&b={b}"))
    assert "Entretien des espaces verts" in page and "ramettes" in page
    row = re.search(r"Clause d'insertion</th>(.*?)</tr>", page, re.S).group(1)
    assert re.findall(r">(oui|non)<", row) == ["oui", "non"]
    assert "Aucun rapport" in text(client.get(f"/compare?a={a}&b=999"))
    assert "<select" in text(client.get("/compare"))


def test_dashboard_counts_levers_and_draws_charts(client, three_tenders):
    page = text(client.get("/dashboard"))
    assert "3 appels d'offres analysés" in page
    assert page.count("<svg") == 4
    lever_chart = page.split("Leviers utilisés", 1)[1].split("</svg>", 1)[0]
    expected = client.get("/api/tenders?category=insertion_clause").get_json()["total"]
    assert expected >= 1
    assert re.search(rf"Clause d'insertion</text><rect[^>]*/><text[^>]*>{expected}</text>", lever_chart)


def test_dashboard_of_an_empty_base(client):
    assert "Aucun appel d'offres analysé" in text(client.get("/dashboard"))


def test_search_finds_passages_without_accents(client, analysed):
    page = text(client.get("/search?q=dechets"))
    assert "déchets verts" in page
    assert "Aucun résultat" in text(client.get("/search?q=zzzzzz"))
    assert client.get("/search").status_code == 200


# --- quick check -----------------------------------------------------------------------------------

def checked(client, run_jobs, response):
    """The quick check's result page, once the worker has run it."""
    assert response.status_code == 302
    run_jobs()
    return client.get(response.headers["Location"])


def test_quick_check_of_pasted_text_gives_a_plain_verdict_and_keeps_nothing(client, run_jobs):
    notice = RC_TEXT + CCAP_TEXT + "\nLa visite du site est obligatoire.\n"
    response = checked(client, run_jobs, client.post("/check", data={"text": notice}))
    assert response.status_code == 200
    page = text(response)
    result = page.split('id="resultat"', 1)[1]
    assert "Entretien des espaces verts de la commune de Valbrune" in result  # the title, not "Résultat"
    assert "Oui, une petite structure peut répondre" in result and "aucun passage ne le réserve" in result
    for heading in ("Qui peut répondre", "Sur quels lots", "Pour quand", "Sur quels critères", "Ce que vous pouvez faire"):
        assert heading in result
    assert "Prix des prestations — pondération 50" in result
    assert "350 heures d'insertion" in result and "« Le titulaire s'engage" in result  # with its passage
    assert "Visite de site" in result and "réservez une date" in result
    assert "Marché réservé EA/ESAT" not in result  # "Marché réservé : non" is no reservation
    assert "Texte collé" not in result.split("</h2>", 1)[0] and "texte-colle" not in result
    assert client.get("/api/tenders").get_json()["total"] == 0


def test_quick_check_leaves_the_buyers_advice_to_the_buyer(client, run_jobs):
    response = checked(client, run_jobs, client.post("/check", data={
        "text": "Objet : Entretien des espaces verts\nLe marché n'est pas divisé en lots.\n"
                "Les variantes ne sont pas autorisées.\n"}))
    result = text(response).split('id="resultat"', 1)[1]
    assert "Un seul marché, sans lots" in result
    assert "allotir" not in result.lower() and "diviser le besoin" not in result.lower()


def test_quick_check_of_a_file(client, run_jobs):
    response = checked(client, run_jobs, upload(client, ("RC.txt", RC_TEXT), url="/check"))
    assert response.status_code == 200 and "Sur quels lots" in text(response)


def test_quick_check_errors(client, run_jobs, app):
    assert client.get("/check").status_code == 200
    empty = client.post("/check", data={"text": "  "})
    assert empty.status_code == 400 and "Collez le texte" in text(empty)
    corrupt = checked(client, run_jobs, upload(client, ("avis.pdf", b"%PDF-1.4 broken"), url="/check"))
    assert corrupt.status_code == 422 and "avis.pdf" in text(corrupt)
    app.config["CHECK_MAX_CHARS"] = 1000
    long = client.post("/check", data={"text": "a " * 1000})
    assert long.status_code == 413 and "Texte trop long" in text(long)
    assert client.get("/check/not-a-token").status_code == 404


# --- assets ----------------------------------------------------------------------------------------

def test_dsfr_is_served_from_the_installed_package(app, client, tmp_path):
    from pathlib import Path

    if not Path(app.config["DSFR_DIR"]).is_dir():
        pytest.skip("node_modules/@gouvfr/dsfr absent : lancez `make install` (npm)")
    response = client.get("/dsfr/dsfr.min.css")
    assert response.status_code == 200 and response.mimetype == "text/css"
    assert client.get("/dsfr/../app.py").status_code == 404
    app.config["DSFR_DIR"] = str(tmp_path / "missing")
    assert client.get("/dsfr/dsfr.min.css").status_code == 404


def test_every_route_answers_without_a_server_error(app, client, analysed):
    """Each rule of the app, with an existing id and with an unknown one, bare GET or POST."""
    values = {"tender_id": [analysed, 999], "slug": ["clause-insertion", "inconnue"], "filename": ["dsfr.min.css", "x"],
              "token": ["inconnu", "x"]}
    count = 0
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            for index in range(2):
                url = rule.rule
                for arg in rule.arguments:
                    url = re.sub(rf"<(?:\w+:)?{arg}>", str(values[arg][index]), url)
                response = client.open(url, method=method, data={}, content_type="multipart/form-data")
                assert response.status_code < 500, f"{method} {url} -> {response.status_code}"
                count += 1
    assert count >= 30
