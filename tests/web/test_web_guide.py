"""The guide in the web app: contents, sheets with excerpts, search, links from a report."""
from __future__ import annotations

import re

from guide.sheets import load_sheets
from scoring.data import load
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
    refs = {lever["guide_ref"] for lever in load("levers.yml")} | {f"acces-{f}" for f in load("accessibility.yml")}
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


def test_trainer_page_hides_answers_until_asked(client):
    text = client.get("/guide/exercices").get_data(as_text=True)
    assert "Exercice 1" in text and "<details><summary>Corrigé</summary>" in text
