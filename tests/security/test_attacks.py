"""Each attack of the hostile-input review, replayed: it must be refused, bounded or harmless.

The served-app replay, with other visitors' latency and the memory of the whole server measured
while each attack runs, is bench/attacks.py (timings belong in benchmarks, not in tests).
"""
from __future__ import annotations

import csv
import io
import os
import stat
import threading
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.fixtures.accounts import logged_in, make_user
from tests.fixtures.documents import odt_bytes
from tests.fixtures.texts import CCAP_TEXT, RC_TEXT
from tests.fixtures.web import tender_id_of, upload
from text.normalise import MAX_INDENT, normalise_whitespace

WHITESPACE = [" ", "\t", "\u00a0", "\u2003", "\u202f", "\u3000", "\r", "\n", "\f", "\v", "\u2028", "\x85"]


def deflated(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def longest_run(text: str) -> int:
    best = run = 0
    for ch in text:
        run = run + 1 if ch in " \t\u00a0\u2003\u202f\u3000" else 0
        best = max(best, run)
    return best


# --- 1. a long run of whitespace froze the server -------------------------------------------------

@settings(max_examples=40, deadline=None)
@given(kind=st.sampled_from(WHITESPACE), n=st.integers(1, 300_000), word=st.sampled_from(["", "a", "Prix"]))
def test_normalising_long_runs_of_any_whitespace_leaves_no_long_run(kind, n, word):
    text = normalise_whitespace(word + kind * n + word + " fin")
    assert longest_run(text) <= MAX_INDENT
    assert "\n\n\n" not in text and text.endswith("fin")


def test_a_pasted_text_of_250000_spaces_is_analysed_in_the_worker(anon, run_jobs):
    sent = anon.post("/check", data={"text": "Marché" + " " * 250_000 + "réservé : non"})
    assert sent.status_code == 302  # the web process only queued it
    run_jobs()
    assert anon.get(sent.headers["Location"]).status_code == 200


def test_an_odt_asking_for_120000_spaces_gets_a_bounded_text(client, run_jobs):
    odt = odt_bytes('<text:p>Prix<text:s text:c="120000"/>40 %</text:p>')
    response = upload(client, ("CCAP.odt", odt))
    run_jobs()
    tender = client.get(f"/api/tenders/{tender_id_of(response)}").get_json()
    assert tender["status"] == "done"


# --- 2. office files were bombs -------------------------------------------------------------------

@pytest.mark.parametrize("name, entries", [
    ("CCTP.docx", {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:t>" + b"a" * 60_000_000}),
    ("CCTP.odt", {"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b" " * 60_000_000}),
])
def test_an_office_bomb_is_refused_at_upload_from_its_directory(client, name, entries):
    bomb = deflated(entries)
    assert len(bomb) < 1_000_000
    response = upload(client, (name, bomb))
    assert response.status_code == 413 and "bombe ZIP" in response.get_data(as_text=True)
    assert client.get("/api/tenders").get_json()["total"] == 0


# --- 3. the anonymous check ran inside the request ------------------------------------------------

def test_the_anonymous_check_runs_in_the_queue_with_smaller_limits(app, anon):
    sent = anon.post("/check", data={"text": RC_TEXT})
    assert sent.status_code == 302 and "en cours" in anon.get(sent.headers["Location"]).get_data(as_text=True)
    too_long = anon.post("/check", data={"text": "a" * (app.config["CHECK_MAX_CHARS"] + 1)})
    assert too_long.status_code == 413 and "Texte trop long" in too_long.get_data(as_text=True)
    big = anon.post("/check", data={"files": [(io.BytesIO(b"x" * (app.config["CHECK_MAX_BYTES"] + 1)), "RC.txt")]},
                    content_type="multipart/form-data")
    assert big.status_code == 413


def test_the_anonymous_check_is_rate_limited_per_address(tmp_path, monkeypatch):
    monkeypatch.setenv("SOLIDARITY_DATA_DIR", str(tmp_path / "data"))
    from app import create_app

    app = create_app({"TESTING": True, "SECRET_KEY": "t", "WTF_CSRF_ENABLED": False,
                      "CHECK_RATE_PER_ADDRESS": "3 per minute", "CHECK_RATE_OVERALL": "100 per minute"})
    visitor = app.test_client()
    codes = [visitor.post("/check", data={"text": RC_TEXT}).status_code for _ in range(4)]
    assert codes == [302, 302, 302, 429]
    other = app.test_client()
    assert other.post("/check", data={"text": RC_TEXT}, environ_base={"REMOTE_ADDR": "10.0.0.9"}).status_code == 302


# --- 4. an archive of many one-megabyte entries held the worker -----------------------------------

def test_an_archive_of_many_compressible_megabytes_is_refused_at_upload(client):
    archive = deflated({f"piece{i:03}.txt": b"x" * 1_000_000 for i in range(60)})
    response = upload(client, ("DCE.zip", archive))
    assert response.status_code == 413 and "bombe ZIP" in response.get_data(as_text=True)


def test_an_organisation_has_quotas_on_pending_analyses_and_storage(app, client):
    app.config["ORG_MAX_PENDING"] = 2
    for i in range(2):
        assert upload(client, (f"RC{i}.txt", RC_TEXT + str(i))).status_code == 302
    refused = upload(client, ("RC9.txt", RC_TEXT + "9"))
    assert refused.status_code == 429 and "en attente" in refused.get_data(as_text=True)
    app.config["ORG_MAX_PENDING"] = 100
    app.config["ORG_STORAGE_MB"] = 0
    full = upload(client, ("RC8.txt", RC_TEXT + "8"))
    assert full.status_code == 413 and "plein" in full.get_data(as_text=True)


def test_a_tender_of_more_than_two_million_characters_is_refused_with_a_reason(client, run_jobs):
    response = upload(client, ("CCTP.txt", ("mot " * 550_000).encode()))
    assert response.status_code == 302
    run_jobs()
    job = client.get(f"/api/tenders/{tender_id_of(response)}").get_json()
    assert job["status"] == "error" and "caractères" in job["error"]


# --- 5. logout did not end a session --------------------------------------------------------------

def test_a_cookie_copied_before_logout_is_dead_after_it(app, officer):
    browser = app.test_client()
    assert browser.post("/login", data={"name": "alice", "password": "mot-de-passe-alice"}).status_code == 302
    cookie = browser.get_cookie("session").value
    assert "alice" in browser.get("/").get_data(as_text=True)
    browser.post("/logout")
    thief = app.test_client()
    thief.set_cookie("session", cookie)
    assert "alice" not in thief.get("/").get_data(as_text=True)
    assert thief.post("/analyses", data={"files": [(io.BytesIO(b"x"), "RC.txt")]},
                      content_type="multipart/form-data").status_code == 302  # to the login page


def test_the_session_cookie_is_secure_when_configured(tmp_path, monkeypatch):
    monkeypatch.setenv("SOLIDARITY_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("SOLIDARITY_SECURE_COOKIES", "1")
    from app import create_app

    app = create_app({"TESTING": True, "SECRET_KEY": "t"})
    assert app.config["SESSION_COOKIE_SECURE"] is True and app.config["SESSION_COOKIE_HTTPONLY"] is True


def test_an_idle_session_ends(app, officer, monkeypatch):
    import store.sessions as sessions
    from datetime import timedelta

    client = logged_in(app, officer[0])
    assert "alice" in client.get("/").get_data(as_text=True)
    later = sessions._now() + sessions.IDLE + timedelta(minutes=1)
    monkeypatch.setattr(sessions, "_now", lambda: later)
    assert "alice" not in client.get("/").get_data(as_text=True)


# --- 6. a page of more than a million characters --------------------------------------------------

def test_a_page_longer_than_spacy_accepts_is_analysed_in_pieces(client, run_jobs):
    text = CCAP_TEXT + ("Le titulaire assure le nettoyage des locaux.\n" * 30_000)
    assert len(text) > 1_000_000
    response = upload(client, ("CCAP.txt", text))
    run_jobs()
    job = client.get(f"/api/tenders/{tender_id_of(response)}").get_json()
    assert job["status"] == "done" and job["report"]["categories"]["insertion_clause"]


# --- 7. guide search shared one SQLite connection across threads ----------------------------------

def test_repeated_guide_searches_from_several_threads_all_answer(app):
    codes = []

    def search(word: str) -> None:
        with app.test_client() as visitor:
            for _ in range(3):
                codes.append(visitor.get(f"/guide/recherche?q={word}").status_code)

    threads = [threading.Thread(target=search, args=(w,)) for w in ("insertion", "lots", "avance", "réservé")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert codes == [200] * 12


# --- 8. CSV formula injection ---------------------------------------------------------------------

def test_no_csv_cell_starts_a_formula(client, run_jobs):
    poisoned = CCAP_TEXT + '\n=HYPERLINK("http://evil.example","clic") Le titulaire trie les déchets.\n'
    response = upload(client, ("+CCAP.txt", poisoned))
    run_jobs()
    body = client.get(f"/tenders/{tender_id_of(response)}/report.csv").get_data(as_text=True).lstrip("\ufeff")
    cells = [cell for row in csv.reader(io.StringIO(body), delimiter=";") for cell in row]
    assert cells and not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert any(c.startswith("'=HYPERLINK") or c.startswith("'+CCAP") for c in cells)


# --- 9. a trainer of the owner's organisation saw its private tenders -----------------------------

def test_a_trainer_gets_404_on_a_private_tender_of_its_own_organisation(app, client, run_jobs):
    response = upload(client, ("RC.txt", RC_TEXT), ("CCAP.txt", CCAP_TEXT))
    run_jobs()
    tender_id = tender_id_of(response)
    trainer, token = make_user(app, "tom", "trainer", "Valbrune")
    for url in (f"/tenders/{tender_id}", f"/tenders/{tender_id}/report.csv", f"/api/tenders/{tender_id}"):
        assert logged_in(app, trainer).get(url).status_code == 404, url
        assert app.test_client().get(url, headers={"Authorization": f"Bearer {token}"}).status_code == 404, url


# --- 10. the login throttle -----------------------------------------------------------------------

def test_many_names_from_one_address_are_slowed_down(app, officer):
    browser = app.test_client()
    codes = [browser.post("/login", data={"name": f"nom{i}", "password": "devine"}).status_code for i in range(30)]
    assert codes[:20] == [401] * 20 and 429 in codes[20:]


def test_a_stranger_cannot_lock_a_user_out_from_another_address(app, officer, monkeypatch):
    import store.throttle as throttle
    from datetime import timedelta

    clock = [throttle._now()]
    monkeypatch.setattr(throttle, "_now", lambda: clock[0])
    attacker = app.test_client()
    for _ in range(40):
        attacker.post("/login", data={"name": "alice", "password": "devine"}, environ_base={"REMOTE_ADDR": "10.6.6.6"})
        clock[0] += timedelta(seconds=0.1)
    clock[0] += timedelta(seconds=throttle.ALLOWANCES["account"].max_delay + 1)  # at most that long
    user = app.test_client()
    ok = user.post("/login", data={"name": "alice", "password": "mot-de-passe-alice"},
                   environ_base={"REMOTE_ADDR": "10.1.1.1"})
    assert ok.status_code == 302


# --- 11. world-readable data and backups ----------------------------------------------------------

def test_the_data_folder_the_database_and_backups_are_owner_only(app, client, run_jobs, tmp_path):
    upload(client, ("RC.txt", RC_TEXT))
    run_jobs()
    from store.backup import backup
    from store.db import data_paths

    db_path, originals = data_paths(app.config)
    mode = lambda p: stat.S_IMODE(os.stat(p).st_mode)  # noqa: E731
    assert mode(db_path.parent) == 0o700 and mode(db_path) == 0o600 and mode(originals) == 0o700
    assert all(mode(p) == 0o600 for p in originals.rglob("*") if p.is_file())
    out = tmp_path / "sauvegarde.tar.gz"
    backup(db_path.parent, out)
    assert mode(out) == 0o600
    result = app.test_cli_runner().invoke(args=["backup", str(tmp_path / "b2.tar.gz")])
    assert "clé secrète" in result.output


def test_rotating_the_secret_ends_every_session(app, officer):
    client = logged_in(app, officer[0])
    secret_before = (app.config["DATA_DIR"] + "/secret_key")
    result = app.test_cli_runner().invoke(args=["rotate-secret"])
    assert result.exit_code == 0 and "1 session" in result.output
    assert "alice" not in client.get("/").get_data(as_text=True)
    assert os.path.exists(secret_before) and stat.S_IMODE(os.stat(secret_before).st_mode) == 0o600


# --- 12. search syntax, anonymous API, caches, bodies read too early ------------------------------

@pytest.mark.parametrize("query", ['"""', "\x00", "AND (", "*"])
def test_queries_the_index_cannot_read_answer_400(client, query):
    assert client.get("/search", query_string={"q": query}).status_code in (200, 400)
    api = client.get("/api/search", query_string={"q": query})
    assert api.status_code in (200, 400) and api.is_json
    assert client.get("/guide/recherche", query_string={"q": query}).status_code in (200, 400)


def test_an_unreadable_query_says_why(client):
    response = client.get("/api/search", query_string={"q": '"""'})
    assert response.status_code == 400 and "mot" in response.get_json()["error"]


def test_anonymous_api_answers_carry_no_paths_nor_people(app, client, run_jobs, anon):
    response = upload(client, ("RC.txt", RC_TEXT))
    run_jobs()
    tender_id = tender_id_of(response)
    client.post(f"/tenders/{tender_id}/publish", data={"published": "1", "confirm": "1"})
    listed = anon.get("/api/tenders").get_json()["items"][0]
    assert not {"org", "owner_id", "files"} & set(listed) and "/" not in (listed["input"] or "")
    one = anon.get(f"/api/tenders/{tender_id}").get_json()
    assert "/" not in one["report"]["input"]
    assert client.get("/api/tenders").get_json()["items"][0]["org"] == "Valbrune"  # its organisation sees it


def test_private_pages_and_exports_are_not_cached(client, run_jobs):
    response = upload(client, ("RC.txt", RC_TEXT))
    run_jobs()
    tender_id = tender_id_of(response)
    for url in ("/", f"/tenders/{tender_id}", f"/tenders/{tender_id}/report.csv", f"/api/tenders/{tender_id}"):
        assert client.get(url).headers["Cache-Control"] == "no-store", url


def test_an_oversized_or_unauthorised_body_is_refused_before_it_is_read(app, anon, client):
    huge = str(app.config["MAX_CONTENT_LENGTH"] + 1)
    stream = io.BytesIO(b"never read")
    response = client.post("/analyses", input_stream=stream, environ_overrides={"CONTENT_LENGTH": huge},
                           content_type="multipart/form-data; boundary=x")
    assert response.status_code == 413 and stream.tell() == 0
    stream = io.BytesIO(b"never read")
    response = anon.post("/api/tenders", input_stream=stream, environ_overrides={"CONTENT_LENGTH": "5000"},
                         content_type="multipart/form-data; boundary=x")
    assert response.status_code == 401 and stream.tell() == 0
