"""Publishing and deleting behind a confirmation page, the audit log for admins, the API's
DELETE, "Mes dossiers" with its sortable columns, and the compare page's selectors."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.fixtures.accounts import logged_in, make_user
from tests.fixtures.texts import CCAP_TEXT, RC_TEXT
from tests.fixtures.web import page_text, tender_id_of, upload, valbrune_tender


@pytest.fixture
def analysed(client, run_jobs) -> int:
    return valbrune_tender(client, run_jobs)


text = page_text


def rows_of(db, tender_id: int) -> dict[str, int]:
    """Rows naming the tender, in every table that has a tender_id column."""
    from store.deletion import tender_tables

    return {t: db.execute(f"SELECT count(*) FROM [{t}] WHERE tender_id = ?", (tender_id,)).fetchone()[0]
            for t in tender_tables(db)}


def test_the_report_asks_before_publishing(client, analysed):
    report = text(client.get(f"/tenders/{analysed}"))
    assert f'href="/tenders/{analysed}/publication"' in report and "/publish" not in report  # no one-click form
    page = text(client.get(f"/tenders/{analysed}/publication"))
    assert "Un dossier publié est visible de tous" in page and "Annuler" in page


def test_deleting_removes_everything_and_leaves_an_audit_line(app, client, db, analysed, run_jobs):
    from store.db import data_paths

    db.execute("CREATE TABLE later_added (id INTEGER PRIMARY KEY, tender_id INTEGER, note TEXT)")  # another room's
    db.execute("INSERT INTO later_added (tender_id, note) VALUES (?, 'x')", (analysed,))
    db.conn.commit()
    other = tender_id_of(upload(client, ("RC.txt", RC_TEXT)))  # shares RC.txt with the first tender
    run_jobs()
    originals = data_paths(app.config)[1]
    files = {p.name for p in Path(originals).rglob("*") if p.is_file()}
    assert len(files) == 2
    assert rows_of(db, analysed)["clauses"] > 0 and client.get("/api/search?q=dechets").get_json()["hits"]

    confirm = text(client.get(f"/tenders/{analysed}/suppression"))
    assert "La suppression est définitive" in confirm and "2 fichiers déposés" in confirm
    unconfirmed = client.post(f"/tenders/{analysed}/delete")
    assert unconfirmed.headers["Location"].endswith("/suppression") and client.get(f"/tenders/{analysed}").status_code == 200
    done = client.post(f"/tenders/{analysed}/delete", data={"confirm": "1"}, follow_redirects=True)
    assert "a été supprimé" in text(done)

    assert client.get(f"/tenders/{analysed}").status_code == 404
    assert not any(rows_of(db, analysed).values()), rows_of(db, analysed)  # later_added included
    indexed = {row[0] for row in db.execute("SELECT rowid FROM tenders_fts WHERE tenders_fts MATCH 'espaces'")}
    assert analysed not in indexed and other in indexed  # the title index follows, the other tender stays
    assert client.get("/api/search?q=dechets").get_json()["hits"] == []  # pages and passages left the index
    left = {p.name for p in Path(originals).rglob("*") if p.is_file()}
    assert len(left) == 1 and left <= files  # the CCAP is gone, RC.txt stays: the other tender uses it
    assert client.get(f"/tenders/{other}").status_code == 200
    line = db.execute("SELECT user_name, org, action, tender, title FROM audit").fetchall()
    assert line == [("alice", "Valbrune", "delete", analysed, "Entretien des espaces verts de la commune de Valbrune")]


def test_a_failed_upload_can_be_deleted(client, run_jobs):
    bad = tender_id_of(upload(client, ("CCAP.pdf", b"%PDF-1.5 not a pdf at all")))
    run_jobs()
    page = text(client.get(f"/tenders/{bad}"))
    assert "L'analyse n'a pas abouti" in page and f"/tenders/{bad}/suppression" in page
    assert client.post(f"/tenders/{bad}/delete", data={"confirm": "1"}).status_code == 302
    assert client.get(f"/tenders/{bad}").status_code == 404


def test_only_the_owner_or_an_admin_deletes(app, client, analysed):
    colleague, _ = make_user(app, "claire", "officer", "Valbrune")
    assert logged_in(app, colleague).get(f"/tenders/{analysed}/suppression").status_code == 403
    assert logged_in(app, colleague).post(f"/tenders/{analysed}/delete", data={"confirm": "1"}).status_code == 403
    outsider, _ = make_user(app, "bob", "officer", "Portville")
    assert logged_in(app, outsider).post(f"/tenders/{analysed}/delete", data={"confirm": "1"}).status_code == 404
    assert client.get(f"/tenders/{analysed}").status_code == 200


def test_the_api_deletes_with_a_token(app, client, officer, analysed):
    _, token = officer
    _, other_token = make_user(app, "claire", "officer", "Valbrune")
    assert app.test_client().delete(f"/api/tenders/{analysed}").status_code == 401
    refused = app.test_client().delete(f"/api/tenders/{analysed}", headers={"Authorization": f"Bearer {other_token}"})
    assert refused.status_code == 403 and "titulaire" in refused.get_json()["error"]
    response = app.test_client().delete(f"/api/tenders/{analysed}", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    body = response.get_json()
    assert body["deleted"] and body["rows"]["clauses"] > 0 and body["files"] == 2
    assert app.test_client().delete(f"/api/tenders/{analysed}",
                                    headers={"Authorization": f"Bearer {token}"}).status_code == 404


def test_admins_read_who_published_or_deleted_what_and_when(app, client, analysed):
    client.post(f"/tenders/{analysed}/publish", data={"published": "1", "confirm": "1"})
    client.post(f"/tenders/{analysed}/publish", data={"published": "0", "confirm": "1"})
    client.post(f"/tenders/{analysed}/delete", data={"confirm": "1"})
    assert client.get("/journal").status_code == 403  # an officer
    admin, _ = make_user(app, "root", "admin", "Région")
    page = text(logged_in(app, admin).get("/journal"))
    assert "3 opérations" in page
    assert [m for m in ("suppression", "retrait de la publication", "publication") if m in page] == [
        "suppression", "retrait de la publication", "publication"]
    assert "alice" in page and "Valbrune" in page and re.search(r"\d\d/\d\d/20\d\d à \d\d h \d\d", page)
    assert 'href="/journal"' in text(logged_in(app, admin).get("/"))  # in the admin's menu


def test_my_tenders_are_listed_and_sorted(app, client, run_jobs):
    first = tender_id_of(upload(client, ("RC.txt", RC_TEXT), ("CCAP.txt", CCAP_TEXT)))
    paper = "Règlement de la consultation\nObjet : Achat de ramettes de papier\nPrix : 100 %\n"
    second = tender_id_of(upload(client, ("RC.txt", paper)))
    run_jobs()
    colleague, _ = make_user(app, "claire", "officer", "Valbrune")
    tender_id_of(upload(logged_in(app, colleague), ("RC.txt", "Objet : Fourniture de chaises\n")))
    run_jobs()
    page = text(client.get("/mes-dossiers"))
    assert "Mes dossiers" in page and "(2)" in page and "chaises" not in page  # the colleague's is not mine
    ids = [int(i) for i in re.findall(r'<td><a href="/tenders/(\d+)">', page)]
    assert ids == [second, first]  # newest first
    by_score = [int(i) for i in re.findall(r'<td><a href="/tenders/(\d+)">', text(client.get("/mes-dossiers?tri=-score")))]
    assert by_score == [first, second]
    assert 'aria-sort="descending"' in text(client.get("/mes-dossiers?tri=-score"))
    assert "/mes-dossiers?tri=score" in text(client.get("/mes-dossiers?tri=-score"))  # the header turns it around
    assert 'href="/mes-dossiers"' in text(client.get("/"))
    assert app.test_client().get("/mes-dossiers").status_code == 302  # to the login page


def test_compare_reaches_my_tenders_by_title_and_preselects(app, client, run_jobs, analysed):
    second = tender_id_of(upload(client, ("RC.txt", "Règlement de la consultation\nObjet : Achat de ramettes de papier\n")))
    run_jobs()
    page = text(client.get(f"/compare?a={analysed}"))
    assert f'<option value="{analysed}" selected>' in page  # ?a= pre-selects
    assert "Avec quoi comparer" in page and f"/compare?a={analysed}&amp;b={second}" in response_raw(client, analysed)
    found = text(client.get("/compare?qb=ramettes"))
    group = found.split("Titres contenant « ramettes »", 1)[1].split("</optgroup>", 1)[0]
    assert f'value="{second}"' in group and f'value="{analysed}"' not in group
    both = text(client.get(f"/compare?a={analysed}&b={second}"))
    assert "table" in both and f'<option value="{second}" selected>' in both


def response_raw(client, tender_id: int) -> str:
    return client.get(f"/compare?a={tender_id}").get_data(as_text=True)
