"""The guide in the web app: contents, sheets with excerpts, search, links from a report."""
from __future__ import annotations

import html
import re

from guide.sheets import load_sheets
from scoring.data import load
from taxonomy import FINDINGS
from tests.fixtures.texts import CCAP_TEXT, RC_TEXT
from tests.fixtures.web import upload
from web.context import guide_href


def test_contents_lists_every_sheet(client):
    page = client.get("/guide").get_data(as_text=True)
    for sheet in load_sheets():
        assert f'href="/guide/{sheet.id}"' in page


def test_a_sheet_page_and_an_unknown_one(client):
    page = client.get("/guide/clause-insertion")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Clause type" in text and "Bonnes pratiques repérées" in text
    assert client.get("/guide/nulle-part").status_code == 404


def test_guide_search_ignores_accents_and_finds_the_sheet(client):
    text = client.get("/guide/recherche?q=ecolabel").get_data(as_text=True)
    assert 'href="/guide/condition-environnementale"' in text
    assert "Aucune fiche" in client.get("/guide/recherche?q=zzzzqqq").get_data(as_text=True)
    assert client.get('/guide/recherche?q="unbalanced').status_code == 200


def test_every_recommendation_leads_to_an_existing_sheet_or_section(client):
    sheets = {s.id: s for s in load_sheets()}
    refs = {lever["guide_ref"] for lever in load("levers.yml")} | {f"acces-{f}" for f in FINDINGS}
    for ref in refs:
        slug, _, anchor = guide_href(ref).removeprefix("/guide/").partition("#")
        assert slug in sheets, ref
        if anchor:
            assert f'<a id="{anchor}"></a>' in sheets[slug].body, ref


def test_tender_page_links_recommendations_to_the_guide(client, run_jobs):
    location = upload(client, ("RC.txt", RC_TEXT), ("CCAP.txt", CCAP_TEXT)).headers["Location"]
    run_jobs()
    page = client.get(location).get_data(as_text=True)
    links = re.findall(r'href="(/guide/[^"]+)"', page)
    assert links and all(client.get(link.split("#")[0]).status_code == 200 for link in links)


def test_answer_keys_are_for_trainers_and_admins_only(app, client, anon):
    from tests.fixtures.accounts import logged_in, make_user

    for who in (anon, client):  # anonymous, and an officer
        page = who.get("/guide/exercices").get_data(as_text=True)
        assert "Exercice 1" in page and "Corrigé" not in page and "réservés aux formateurs" in page
    for role in ("trainer", "admin"):
        user, _ = make_user(app, f"u-{role}", role, "CNFPT")
        page = logged_in(app, user).get("/guide/exercices").get_data(as_text=True)
        assert "<details><summary>Corrigé</summary>" in page
    kinds = {"Repérer le levier", "Corriger la clause", "Calculer les heures d'insertion", "Choisir le levier"}
    assert all(kind in html.unescape(page) for kind in kinds)


def test_the_guide_and_the_exercises_download_as_pdf(app, anon):
    import pypdfium2

    response = anon.get("/guide/guide.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "attachment" in response.headers["Content-Disposition"]
    pdf = pypdfium2.PdfDocument(response.data)
    assert len(pdf) >= 30 and "Sommaire" in pdf[1].get_textpage().get_text_range()
    assert "Télécharger le guide (PDF)" in anon.get("/guide").get_data(as_text=True)
    questions = pypdfium2.PdfDocument(anon.get("/guide/exercices.pdf").data)
    printed = "".join(questions[i].get_textpage().get_text_range() for i in range(len(questions)))
    assert "Exercice 1" in printed and "Corrigé" not in printed


def test_excerpts_name_their_tender_and_buyer_with_a_link(client, run_jobs):
    tender_id = int(upload(client, ("RC.txt", RC_TEXT), ("CCAP.txt", CCAP_TEXT)).headers["Location"].rsplit("/", 1)[1])
    run_jobs()
    client.post(f"/tenders/{tender_id}/publish", data={"published": "1", "confirm": "1"})
    page = client.get("/guide/clause-insertion").get_data(as_text=True)
    assert "350 heures" in page
    assert re.search(rf'<a href="/tenders/{tender_id}">Entretien des espaces verts[^<]*</a> — CCAP.txt', page)
    assert "RC.txt</footer>" not in page and "texte-colle" not in page
    access = client.get("/guide/acces-petites-structures").get_data(as_text=True)
    assert "Les variantes sont autorisées." in access and "Variantes" in access  # a stored strength
