"""The "Bilan annuel" page, its downloads and GET /api/bilan: who may read which scope."""
from __future__ import annotations

import pytest

from bilan import figures
from decp.normalise import normalise
from decp.scope import parse_scope
from store import decp as decp_store
from tests.fixtures.accounts import logged_in, make_user
from tests.fixtures.decp import BUYERS, held_out

MINE, OTHER = BUYERS[0][0], BUYERS[3][0]  # Valbrune answers for the first buyer only


@pytest.fixture
def decp_data(db):
    records, _ = held_out()
    decp_store.save_contracts(db, (normalise(r) for r in records), "extrait.jsonl")
    decp_store.add_org_buyer(db, "Valbrune", MINE)


def test_an_officer_reads_its_own_buyers_and_nothing_else(client, decp_data):
    page = client.get("/bilan")
    assert page.status_code == 200 and f"siret:{MINE}" in page.text  # its buyers, as the default scope
    own = client.get(f"/bilan?scope=siret:{MINE}&year=2024")
    assert own.status_code == 200 and "Bilan 2024" in own.text and "<svg" in own.text
    assert 'href="/bilan/bilan.pdf?scope=' in own.text
    other = client.get(f"/bilan?scope=siret:{OTHER}&year=2024")
    assert other.status_code == 403 and OTHER in other.text and "Bilan 2024" not in other.text
    assert client.get("/bilan?scope=region:53&year=2024").status_code == 403
    assert client.get(f"/api/bilan?scope=siret:{OTHER}&year=2024").status_code == 403
    assert client.get(f"/bilan/bilan.json?scope=siret:{OTHER}&year=2024").status_code == 403
    assert client.get(f"/bilan/bilan.pdf?scope=siren:{OTHER[:9]}&year=2024").status_code == 403


def test_the_api_gives_the_figures_of_the_report(client, db, decp_data):
    answer = client.get(f"/api/bilan?scope=siret:{MINE}&year=2024")
    assert answer.status_code == 200
    body = answer.get_json()
    expected = figures(db, parse_scope(f"siret:{MINE}"), 2024)
    assert body["contracts"] == expected["contracts"] > 0
    assert body["social"] == expected["social"] and body["environmental"] == expected["environmental"]
    default = client.get("/api/bilan?year=2024").get_json()  # an officer's own buyers by default
    assert default["contracts"] == body["contracts"]


def test_trainers_and_admins_read_any_scope_with_a_token_too(app, decp_data):
    trainer, token = make_user(app, "tom", "trainer", "CNFPT")
    api = app.test_client().get("/api/bilan?scope=region:53&year=2024", headers={"Authorization": f"Bearer {token}"})
    assert api.status_code == 200 and api.get_json()["scope"]["label"] == "Région Bretagne"
    admin = logged_in(app, make_user(app, "root", "admin", "Région")[0])
    assert admin.get(f"/bilan?scope=siret:{OTHER}&year=2024").status_code == 200
    trainer_page = logged_in(app, trainer).get("/bilan?scope=departement:35&year=2023")
    assert trainer_page.status_code == 200 and "Ille-et-Vilaine" in trainer_page.text


def test_downloads(app, decp_data):
    admin = logged_in(app, make_user(app, "root", "admin", "Région")[0])
    query = "scope=region:53&year=2024"
    as_json = admin.get(f"/bilan/bilan.json?{query}")
    assert as_json.mimetype == "application/json" and as_json.get_json()["year"] == 2024
    assert "attachment" in as_json.headers["Content-Disposition"]
    assert "<svg" in admin.get(f"/bilan/bilan.html?{query}").text
    pdf = admin.get(f"/bilan/bilan.pdf?{query}")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")


def test_anonymous_visitors_and_bad_input(app, client, decp_data):
    anon = app.test_client()
    assert anon.get("/bilan").status_code == 302
    assert anon.get("/api/bilan?scope=region:53&year=2024").status_code == 401
    assert anon.get("/bilan/bilan.pdf?scope=region:53&year=2024").status_code == 401
    bad = client.get("/api/bilan?scope=siret:42&year=2024")
    assert bad.status_code == 400 and "SIRET" in bad.get_json()["error"]
    assert client.get(f"/api/bilan?scope=siret:{MINE}&year=deux").status_code == 400
    assert client.get(f"/bilan?scope=siret:{MINE}&year=1800").status_code == 400


def test_the_menu_links_the_page(client):
    assert 'href="/bilan"' in client.get("/bilan").text
