"""The web app: upload, tender page, list, search, JSON API, bad uploads."""
from __future__ import annotations

import io

from tests.conftest import CCAP_TEXT, RC_TEXT


def upload(client, *files):
    data = {"files": [(io.BytesIO(content.encode() if isinstance(content, str) else content), name)
                      for name, content in files]}
    return client.post("/analyses", data=data, content_type="multipart/form-data")


def test_home_page_has_the_upload_form(client):
    page = client.get("/").get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in page
    assert "Aucun appel d'offres enregistré" in page


def test_upload_leads_to_the_tender_page(client):
    response = upload(client, ("RC.txt", RC_TEXT), ("CCAP.txt", CCAP_TEXT))
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Entretien des espaces verts" in page
    assert "350 heures" in page  # the flagged insertion passage
    assert "CCAP.txt" in page
    assert "Score achat solidaire" in page
    listing = client.get("/").get_data(as_text=True)
    assert "Entretien des espaces verts" in listing


def test_api_returns_the_schema_valid_report(client, assert_valid_report):
    location = upload(client, ("RC.txt", RC_TEXT), ("CCAP.txt", CCAP_TEXT)).headers["Location"]
    tender_id = int(location.rstrip("/").rsplit("/", 1)[1])
    report = client.get(f"/api/tenders/{tender_id}").get_json()
    assert_valid_report(report)
    assert report["categories"]["insertion_clause"] is True
    assert client.get("/api/tenders").get_json()[0]["id"] == tender_id
    assert client.get("/api/tenders/999").status_code == 404


def test_corrupt_upload_is_refused_and_nothing_is_stored(client):
    upload(client, ("RC.txt", RC_TEXT))
    response = upload(client, ("CCAP.pdf", b"%PDF-1.5 not a pdf at all"))
    assert response.status_code == 302
    page = client.get("/").get_data(as_text=True)
    assert "CCAP.pdf" in page  # the flashed message names the file
    assert page.count("/tenders/") == 1  # only the earlier tender


def test_empty_upload_asks_for_a_file(client):
    response = client.post("/analyses", data={}, content_type="multipart/form-data", follow_redirects=True)
    assert "Choisissez au moins un fichier" in response.get_data(as_text=True)


def test_search_finds_passages_without_accents(client):
    upload(client, ("RC.txt", RC_TEXT), ("CCAP.txt", CCAP_TEXT))
    page = client.get("/search?q=dechets").get_data(as_text=True)
    assert "déchets verts" in page
