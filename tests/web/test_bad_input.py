"""Bad files get a clear French message, through the form, the API and the quick check, and lose
nothing. What types and sizes show is refused at upload with a 4xx and nothing stored; damage
only a reader sees is found by the analysis worker: the job ends in error with the reason.
Files that are odd but readable are analysed with a warning."""
from __future__ import annotations

import io
import zipfile

import pytest

from tests.fixtures.documents import pdf_bytes, pdf_with_blank_pages, zip_bytes
from tests.fixtures.notices import TED
from tests.fixtures.texts import RC_TEXT


def zip_with(entries: dict[str, bytes], method=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def zip_with_symlink() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("RC.txt", RC_TEXT)
        link = zipfile.ZipInfo("secret.txt")
        link.create_system = 3
        link.external_attr = (0o120777 << 16)  # a Unix symbolic link to /etc/passwd
        archive.writestr(link, "/etc/passwd")
    return buffer.getvalue()


BAD = {
    # Refused at upload. id: (file name, bytes, expected status, words of the message)
    "image": ("photo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, 415, "pas pris en charge"),
    "corrupt docx": ("CCTP.docx", b"PK\x03\x04 not really a zip", 422, "endommagé"),
    "xml that is no notice": ("avis.xml", b"<?xml version='1.0'?><facture/>", 415, "ni un avis"),
    "zip path traversal": ("DCE.zip", zip_with({"../../etc/cron.d/x": b"boom"}), 422, "chemin dangereux"),
    "zip bomb": ("DCE.zip", zip_with({"zeros.txt": b"\0" * (20 * 1024 * 1024)}), 413, "bombe ZIP"),
    "corrupt zip": ("DCE.zip", b"PK\x03\x04" + b"\xff" * 200, 422, "endommagée"),
}
DAMAGED = {
    # Read by the worker only. id: (file name, bytes, words of the reason the job shows)
    "image named as text": ("CCAP.txt", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "pas du texte"),
    "corrupt pdf": ("CCAP.pdf", b"%PDF-1.7\n1 0 obj << >> garbage", "endommagé"),
    "encrypted pdf": ("CCAP.pdf", pdf_bytes([["Marché réservé"]], encrypt_with="secret"), "mot de passe"),
    "corrupt odt": ("CCTP.odt", zip_with({"mimetype": b"application/vnd.oasis.opendocument.text"}), "endommagé"),
}


@pytest.fixture(params=sorted(DAMAGED), ids=sorted(DAMAGED))
def damaged(request):
    return DAMAGED[request.param]


@pytest.fixture(params=sorted(BAD), ids=sorted(BAD))
def bad(request):
    return BAD[request.param]


def post(client, name, data, url, **kwargs):
    return client.post(url, data={"files": [(io.BytesIO(data), name)]}, content_type="multipart/form-data", **kwargs)


def test_the_form_refuses_a_bad_file_with_its_reason_and_stores_nothing(client, bad, app):
    name, data, status, words = bad
    response = post(client, name, data, "/analyses")
    assert response.status_code == status
    page = response.get_data(as_text=True)
    assert name in page and words in page.replace("&#39;", "'") and "Rien n&#39;a été enregistré" in page
    assert client.get("/api/tenders").get_json()["total"] == 0
    from store.db import data_paths

    originals = data_paths(app.config)[1]
    assert not originals.exists() or not any(p.is_file() for p in originals.rglob("*"))


def test_the_api_refuses_a_bad_file_with_a_4xx(client, officer, bad):
    name, data, status, words = bad
    response = post(client, name, data, "/api/tenders", headers={"Authorization": f"Bearer {officer[1]}"})
    assert response.status_code == status and response.is_json
    assert words in response.get_json()["error"]


def test_the_quick_check_refuses_a_bad_file_with_a_4xx(anon, bad):
    name, data, status, _ = bad
    assert post(anon, name, data, "/check").status_code == status


def test_a_damaged_file_ends_its_job_in_error_with_the_reason(client, run_jobs, damaged):
    name, data, words = damaged
    response = post(client, name, data, "/analyses")
    assert response.status_code == 302  # accepted: the web process reads no file
    run_jobs()
    tender_id = int(response.headers["Location"].rsplit("/", 1)[1])
    job = client.get(f"/api/tenders/{tender_id}").get_json()
    assert job["status"] == "error" and name in job["error"] and words in job["error"]
    page = client.get(f"/tenders/{tender_id}").get_data(as_text=True)
    assert words in page.replace("&#39;", "'")


def test_a_damaged_file_in_the_quick_check_gives_its_reason(anon, run_jobs, damaged):
    name, data, words = damaged
    response = post(anon, name, data, "/check")
    assert response.status_code == 302
    run_jobs()
    result = anon.get(response.headers["Location"])
    assert result.status_code == 422 and words in result.get_data(as_text=True).replace("&#39;", "'")


def test_one_bad_file_refuses_the_whole_upload(client):
    image = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    data = {"files": [(io.BytesIO(RC_TEXT.encode()), "RC.txt"), (io.BytesIO(image), "plan.png")]}
    response = client.post("/analyses", data=data, content_type="multipart/form-data")
    assert response.status_code == 415 and "plan.png" in response.get_data(as_text=True)
    assert client.get("/api/tenders").get_json()["total"] == 0


def test_limits_on_file_size_page_count_and_zip_entries(client, run_jobs, monkeypatch):
    with monkeypatch.context() as patched:
        patched.setattr("tenders.preflight.MAX_FILE_BYTES", 1000)
        assert post(client, "RC.txt", b"x" * 2000, "/analyses").status_code == 413
    monkeypatch.setattr("tenders.pdf.MAX_PAGES", 2)
    response = post(client, "CCTP.pdf", pdf_bytes([["un"], ["deux"], ["trois"]]), "/analyses")
    run_jobs()
    job = client.get(f"/api/tenders/{int(response.headers['Location'].rsplit('/', 1)[1])}").get_json()
    assert job["status"] == "error" and "3 pages" in job["error"]
    many = zip_bytes({f"piece{i}.txt": RC_TEXT for i in range(5)})
    from tenders.budget import Budget
    from tenders.dce import inspect_zip
    from tenders.errors import TooLarge

    with pytest.raises(TooLarge, match="trop de fichiers"):
        inspect_zip("DCE.zip", many, Budget(max_entries=3))


def test_a_scanned_pdf_is_analysed_and_flagged_for_ocr(client, run_jobs):
    scanned = pdf_with_blank_pages({1: "RÈGLEMENT DE LA CONSULTATION - entretien des espaces verts"}, total=4)
    response = post(client, "RC.pdf", scanned, "/analyses")
    assert response.status_code == 302
    run_jobs()
    tender_id = int(response.headers["Location"].rsplit("/", 1)[1])
    report = client.get(f"/api/tenders/{tender_id}").get_json()["report"]
    warnings = " ".join(w for d in report["tender"]["documents"] for w in d.get("warnings", []))
    assert "scanné" in warnings and "reconnaissance de caractères" in warnings
    # three pages of four unread: no score, said first, and no obligation called "missing"
    assert report["score"]["total"] is None and report["warnings"][0].startswith("Score non calculé : 3 pages sur 4")
    assert "missing" not in {c["status"] for c in report["compliance"]}
    page = client.get(f"/tenders/{tender_id}").get_data(as_text=True)
    assert page.index("Score non calculé") < page.index("Score achat solidaire")


def test_a_symbolic_link_in_a_zip_is_never_followed(client, run_jobs):
    response = post(client, "DCE.zip", zip_with_symlink(), "/analyses")
    assert response.status_code == 302
    run_jobs()
    tender_id = int(response.headers["Location"].rsplit("/", 1)[1])
    job = client.get(f"/api/tenders/{tender_id}").get_json()
    assert job["status"] == "done"
    assert any("lien symbolique" in w for w in job["report"].get("warnings", []))
    assert "root:" not in str(job["report"])


def test_xml_external_entities_are_not_resolved(client, run_jobs):
    notice = TED.replace(b'<?xml version="1.0" encoding="UTF-8"?>',
                         b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE TED_EXPORT [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>')
    notice = notice.replace("Nettoyage des locaux communaux".encode(), b"Nettoyage &xxe; des locaux communaux", 1)
    assert b"&xxe;" in notice
    response = post(client, "avis.xml", notice, "/analyses")
    if response.status_code == 302:
        run_jobs()
        tender_id = int(response.headers["Location"].rsplit("/", 1)[1])
        assert "root:" not in str(client.get(f"/api/tenders/{tender_id}").get_json())
    else:
        assert 400 <= response.status_code < 500
    assert "root:" not in response.get_data(as_text=True)
