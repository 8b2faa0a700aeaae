"""Accounts, roles, organisations, publication, CSRF, API tokens and security headers."""
from __future__ import annotations

import io
import os
import re
import stat
from datetime import timedelta

import pytest

from tests.fixtures.accounts import logged_in, make_user
from tests.fixtures.texts import CCAP_TEXT, RC_TEXT


def upload(client, *files, url="/analyses", **kwargs):
    data = {"files": [(io.BytesIO(content.encode()), name) for name, content in files]}
    return client.post(url, data=data, content_type="multipart/form-data", **kwargs)


@pytest.fixture
def valbrune_tender(client, run_jobs) -> int:
    """Alice's private tender, analysed."""
    response = upload(client, ("RC.txt", RC_TEXT), ("CCAP.txt", CCAP_TEXT))
    run_jobs()
    return int(response.headers["Location"].rsplit("/", 1)[1])


@pytest.fixture
def bob(app):
    """An officer of another organisation."""
    user, token = make_user(app, "bob", "officer", "Port-Aubrac")
    return logged_in(app, user), token


PRIVATE_URLS = ("/tenders/{id}", "/tenders/{id}/documents", "/tenders/{id}/report.csv", "/tenders/{id}/report.json",
                "/tenders/{id}/report.pdf", "/api/tenders/{id}", "/api/tenders/{id}/report.pdf")


# --- organisations -------------------------------------------------------------------------------

def test_another_organisation_gets_404_not_the_tender(client, bob, anon, valbrune_tender):
    bob_client, bob_token = bob
    for url in PRIVATE_URLS:
        url = url.format(id=valbrune_tender)
        assert client.get(url).status_code == 200, url  # Alice sees her own
        assert bob_client.get(url).status_code == 404, url
        assert anon.get(url).status_code == 404, url
        assert anon.get(url, headers={"Authorization": f"Bearer {bob_token}"}).status_code == 404, url
    assert bob_client.post(f"/tenders/{valbrune_tender}/publish", data={"published": "1"}).status_code == 404


def test_another_organisation_does_not_find_it_in_lists_search_compare_or_dashboard(bob, valbrune_tender):
    bob_client, _ = bob
    assert bob_client.get("/api/tenders").get_json()["total"] == 0
    assert "Entretien des espaces verts" not in bob_client.get("/tenders").get_data(as_text=True)
    assert bob_client.get("/api/search?q=dechets").get_json()["hits"] == []
    assert "déchets verts" not in bob_client.get("/search?q=dechets").get_data(as_text=True)
    page = bob_client.get(f"/compare?a={valbrune_tender}&b={valbrune_tender}").get_data(as_text=True)
    assert "Entretien des espaces verts" not in page
    assert "0 appel d'offres analysé" in bob_client.get("/dashboard").get_data(as_text=True)


def test_colleagues_of_the_same_organisation_share_tenders(app, valbrune_tender):
    colleague, _ = make_user(app, "claire", "officer", "Valbrune")
    assert logged_in(app, colleague).get(f"/tenders/{valbrune_tender}").status_code == 200


def test_publishing_opens_the_tender_to_everyone_and_only_the_owner_may(app, client, bob, anon, valbrune_tender):
    colleague, _ = make_user(app, "claire", "officer", "Valbrune")
    assert logged_in(app, colleague).post(f"/tenders/{valbrune_tender}/publish",
                                          data={"published": "1", "confirm": "1"}).status_code == 403
    assert logged_in(app, colleague).get(f"/tenders/{valbrune_tender}/publication").status_code == 403
    # without the confirmation page's field, a post only leads to that page
    unconfirmed = client.post(f"/tenders/{valbrune_tender}/publish", data={"published": "1"})
    assert unconfirmed.headers["Location"].endswith(f"/tenders/{valbrune_tender}/publication")
    assert anon.get(f"/tenders/{valbrune_tender}").status_code == 404
    confirm = client.get(f"/tenders/{valbrune_tender}/publication").get_data(as_text=True)
    assert "visible de tous" in confirm and 'name="confirm" value="1"' in confirm
    assert client.post(f"/tenders/{valbrune_tender}/publish", data={"published": "1", "confirm": "1"}).status_code == 302
    for url in PRIVATE_URLS:
        assert anon.get(url.format(id=valbrune_tender)).status_code == 200, url
    assert bob[0].get("/api/tenders").get_json()["total"] == 1
    client.post(f"/tenders/{valbrune_tender}/publish", data={"published": "0", "confirm": "1"})
    assert anon.get(f"/tenders/{valbrune_tender}").status_code == 404


def test_admin_sees_every_tender(app, valbrune_tender):
    admin, _ = make_user(app, "root", "admin", "Région")
    admin_client = logged_in(app, admin)
    assert admin_client.get(f"/tenders/{valbrune_tender}").status_code == 200
    assert admin_client.get("/api/tenders").get_json()["total"] == 1


def test_the_same_files_in_two_organisations_are_two_tenders(client, bob, run_jobs, valbrune_tender):
    bob_client, _ = bob
    other = upload(bob_client, ("RC.txt", RC_TEXT), ("CCAP.txt", CCAP_TEXT))
    other_id = int(other.headers["Location"].rsplit("/", 1)[1])
    assert other_id != valbrune_tender
    run_jobs()
    assert client.get(f"/tenders/{other_id}").status_code == 404
    assert bob_client.get(f"/tenders/{other_id}").status_code == 200


def test_guide_excerpts_come_only_from_published_tenders(app, client, valbrune_tender):
    import store
    from guide.excerpts import best_excerpts
    from store.db import data_paths

    def excerpts():
        db = store.db.connect(data_paths(app.config)[0])
        try:
            return best_excerpts(db, ["insertion_clause"])
        finally:
            db.close()

    assert excerpts() == []
    client.post(f"/tenders/{valbrune_tender}/publish", data={"published": "1", "confirm": "1"})
    assert excerpts() and "350 heures" in excerpts()[0].text


# --- roles -----------------------------------------------------------------------------------------

def test_anonymous_visitors_are_sent_to_the_login_page_to_upload(anon):
    response = upload(anon, ("RC.txt", RC_TEXT))
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert anon.get("/api/tenders").get_json()["total"] == 0
    assert "connectez-vous" in anon.get("/").get_data(as_text=True)


def test_trainers_read_but_do_not_upload(app):
    trainer, token = make_user(app, "tom", "trainer", "CNFPT")
    trainer_client = logged_in(app, trainer)
    assert upload(trainer_client, ("RC.txt", RC_TEXT)).status_code == 403
    api = upload(trainer_client, ("RC.txt", RC_TEXT), url="/api/tenders", headers={"Authorization": f"Bearer {token}"})
    assert api.status_code == 403 and "trainer" in api.get_json()["error"]
    assert trainer_client.get("/guide").status_code == 200
    assert trainer_client.get("/guide/exercices").status_code == 200


def test_api_needs_a_valid_token_to_upload(anon, client, officer):
    assert upload(anon, ("RC.txt", RC_TEXT), url="/api/tenders").status_code == 401
    # a logged-in browser session is not enough: the API takes the header only (no CSRF there)
    assert upload(client, ("RC.txt", RC_TEXT), url="/api/tenders").status_code == 401
    bad = anon.get("/api/tenders", headers={"Authorization": "Bearer not-a-token"})
    assert bad.status_code == 401 and "invalide" in bad.get_json()["error"]
    good = upload(anon, ("RC.txt", RC_TEXT), url="/api/tenders", headers={"Authorization": f"Bearer {officer[1]}"})
    assert good.status_code == 202


def test_anonymous_quick_check_keeps_only_its_report_an_hour_and_offers_a_download(anon, run_jobs, app):
    sent = anon.post("/check", data={"text": RC_TEXT})
    assert sent.status_code == 302
    waiting = anon.get(sent.headers["Location"])
    assert waiting.status_code == 200 and "en cours" in waiting.get_data(as_text=True)
    run_jobs()
    page = anon.get(sent.headers["Location"])
    assert page.status_code == 200 and "une heure" in page.get_data(as_text=True)
    download = anon.get(sent.headers["Location"] + ".json")
    assert download.mimetype == "application/json" and "attachment" in download.headers["Content-Disposition"]
    assert download.get_json()["accessibility"]["findings"]
    assert anon.get("/api/tenders").get_json()["total"] == 0
    from store.db import connect, data_paths

    db = connect(data_paths(app.config)[0])
    assert db["checks"].count == 1 and db["originals"].count == 0 and db["pages"].count == 0
    db.execute("UPDATE checks SET created = '2000-01-01T00:00:00+00:00'")
    db.conn.commit()
    from store.checks import purge

    assert purge(db) == 1
    db.close()
    assert anon.get(sent.headers["Location"]).status_code == 404  # an hour later: gone


# --- login, sessions and the secret ----------------------------------------------------------------

def test_login_and_logout(app, officer):
    browser = app.test_client()
    wrong = browser.post("/login", data={"name": "alice", "password": "pas le bon"})
    assert wrong.status_code == 401 and "incorrect" in wrong.get_data(as_text=True)
    assert browser.post("/login", data={"name": "nobody", "password": "x" * 10}).status_code == 401
    ok = browser.post("/login", data={"name": "alice", "password": "mot-de-passe-alice", "next": "/tenders"})
    assert ok.status_code == 302 and ok.headers["Location"] == "/tenders"
    assert "alice · Valbrune" in browser.get("/").get_data(as_text=True)
    browser.post("/logout")
    assert "Se connecter" in browser.get("/").get_data(as_text=True)


def test_repeated_failed_logins_are_slowed_down_not_locked(app, officer, monkeypatch):
    import store.throttle as throttle

    clock = [throttle._now()]
    monkeypatch.setattr(throttle, "_now", lambda: clock[0])
    browser = app.test_client()
    for _ in range(4):  # three are free, the fourth asks for a delay
        assert browser.post("/login", data={"name": "alice", "password": "devine"}).status_code == 401
    slowed = browser.post("/login", data={"name": "alice", "password": "mot-de-passe-alice"})
    assert slowed.status_code == 429 and "Trop d" in slowed.get_data(as_text=True) and slowed.headers["Retry-After"]
    # another name from the same address is not slowed
    assert browser.post("/login", data={"name": "bob", "password": "devine"}).status_code == 401
    clock[0] += timedelta(seconds=2)  # the delay has passed: the right password is accepted
    assert browser.post("/login", data={"name": "alice", "password": "mot-de-passe-alice"}).status_code == 302


def test_login_never_redirects_to_another_site(app, officer):
    browser = app.test_client()
    for target in ("https://evil.example/", "//evil.example/x", "/\\evil.example"):
        response = browser.post("/login", data={"name": "alice", "password": "mot-de-passe-alice", "next": target})
        assert response.headers["Location"] == "/", target


def test_passwords_and_tokens_are_stored_hashed(app, officer):
    import store
    from store.db import data_paths

    user, token = officer
    db = store.db.connect(data_paths(app.config)[0])
    row = db.execute("SELECT password_hash, token_hash FROM users WHERE id = ?", (user.id,)).fetchone()
    db.close()
    assert "mot-de-passe-alice" not in row[0] and row[0].startswith(("scrypt:", "pbkdf2:"))
    assert token not in row[1] and len(row[1]) == 64


def test_the_session_secret_is_generated_once_and_kept_private(tmp_path, monkeypatch):
    from app import create_app

    monkeypatch.setenv("SOLIDARITY_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("SOLIDARITY_SECRET_KEY", raising=False)
    first = create_app()
    secret = tmp_path / "data" / "secret_key"
    assert secret.exists() and stat.S_IMODE(os.stat(secret).st_mode) == 0o600
    assert len(first.config["SECRET_KEY"]) == 64
    assert create_app().config["SECRET_KEY"] == first.config["SECRET_KEY"]


def test_a_forged_session_cookie_is_ignored(app, officer):
    browser = app.test_client()
    browser.set_cookie("session", '{"user_id": %d}' % officer[0].id)
    assert "Se connecter" in browser.get("/").get_data(as_text=True)


def test_create_user_prints_the_token_on_its_last_line(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["create-user", "diane", "--role", "officer", "--org", "Metropole"])
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    token = lines[-1]
    assert re.fullmatch(r"[A-Za-z0-9_-]{40,}", token)
    assert any(line.startswith("Mot de passe : ") for line in lines)
    response = app.test_client().get("/api/tenders", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    again = runner.invoke(args=["create-user", "diane", "--role", "officer", "--org", "Metropole"])
    assert again.exit_code != 0 and "existe déjà" in again.output
    bad = runner.invoke(args=["create-user", "eve", "--role", "officer", "--org", "X", "--password", "court"])
    assert bad.exit_code != 0 and "8 caractères" in bad.output


# --- CSRF and headers --------------------------------------------------------------------------------

@pytest.fixture
def csrf_app(tmp_path, monkeypatch):
    monkeypatch.setenv("SOLIDARITY_DATA_DIR", str(tmp_path / "csrf-data"))
    from app import create_app

    return create_app({"TESTING": True, "SECRET_KEY": "csrf-test"})


def test_every_form_carries_a_csrf_token(csrf_app, run_jobs):
    user, _ = make_user(csrf_app, "alice", "officer", "Valbrune")
    browser = logged_in(csrf_app, user)
    for url in ("/", "/check", "/login"):
        page = browser.get(url).get_data(as_text=True)
        forms = re.findall(r'<form[^>]*method="post".*?</form>', page, re.S)
        assert forms, url
        for form in forms:
            assert 'name="csrf_token"' in form, (url, form[:80])


def test_posts_without_the_csrf_token_are_refused(csrf_app):
    user, _ = make_user(csrf_app, "alice", "officer", "Valbrune")
    browser = logged_in(csrf_app, user)
    for url, data in (("/analyses", {}), ("/check", {"text": RC_TEXT}), ("/login", {"name": "alice"}),
                      ("/logout", {}), ("/tenders/1/publish", {"published": "1"})):
        response = browser.post(url, data=data)
        assert response.status_code == 400, url
        assert "CSRF" in response.get_data(as_text=True), url
    page = browser.get("/check").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    assert browser.post("/check", data={"text": RC_TEXT, "csrf_token": token}).status_code == 302


def test_pages_send_a_content_security_policy(anon):
    response = anon.get("/")
    policy = response.headers["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["script-src"] == "'self'" and directives["style-src-elem"] == "'self'"
    assert "frame-ancestors 'none'" in policy
    assert [name for name, value in directives.items() if "unsafe-inline" in value] == ["style-src-attr"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "<script>" not in response.get_data(as_text=True)  # no inline script the policy would block
