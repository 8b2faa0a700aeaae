"""The page "Améliorer mon DCE", its exports and the API: they answer for the tender's
organisation, follow the buyer's parameters, and are 404 for another organisation."""
from __future__ import annotations

import io

import docx
import pytest
from docx.oxml.ns import qn

from tests.fixtures.accounts import logged_in, make_user
from tests.fixtures.drafting import CCAP_PARAGRAPHS, THREE_LOTS_RC, word_file


@pytest.fixture
def tender_id(client, run_jobs) -> int:
    files = {"files": [(io.BytesIO(THREE_LOTS_RC.encode()), "RC.txt"),
                       (io.BytesIO(word_file(CCAP_PARAGRAPHS)), "CCAP.docx")]}
    response = client.post("/analyses", data=files, content_type="multipart/form-data")
    run_jobs()
    return int(response.headers["Location"].rsplit("/", 1)[1])


def urls(tender_id: int) -> list[str]:
    return [f"/tenders/{tender_id}/draft", f"/tenders/{tender_id}/draft/clauses.docx",
            f"/tenders/{tender_id}/draft/marked.docx?doc=CCAP.docx", f"/api/tenders/{tender_id}/draft",
            f"/api/tenders/{tender_id}/draft.docx"]


def insertion_rows(draft: dict) -> list[dict]:
    return [row for item in draft["levers"] if item["lever"] == "insertion_clause" for row in item["lots"]]


def test_the_report_links_to_the_page_which_shows_the_clauses(client, tender_id):
    report_page = client.get(f"/tenders/{tender_id}").get_data(as_text=True)
    assert f'href="/tenders/{tender_id}/draft"' in report_page and "Améliorer mon DCE" in report_page
    response = client.get(f"/tenders/{tender_id}/draft")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Clause sociale d&#39;insertion" in page or "Clause sociale d'insertion" in page
    assert "Pour le règlement de la consultation (RC)" in page and "Pour le CCAP" in page
    assert "CCAP.docx avec les propositions" in page
    assert "<script>" not in page  # the CSP forbids inline scripts: static/draft.js does the live hours
    assert "draft.js" in page


def test_the_hours_follow_the_buyer_s_parameters(client, tender_id):
    default = client.get(f"/api/tenders/{tender_id}/draft").get_json()
    doubled = client.get(f"/api/tenders/{tender_id}/draft?rate_pct=10").get_json()
    assert insertion_rows(default) and all(row["hours"] is not None for row in insertion_rows(default))
    doubled_hours = [r["hours"] for r in insertion_rows(doubled)]
    assert [r["hours"] * 2 for r in insertion_rows(default)] == pytest.approx(doubled_hours, abs=1)
    page = client.get(f"/tenders/{tender_id}/draft?rate_pct=10&hourly_cost=25").get_data(as_text=True)
    first = insertion_rows(client.get(f"/api/tenders/{tender_id}/draft?rate_pct=10&hourly_cost=25").get_json())[0]
    assert f"{first['hours']:,}".replace(",", "\u00a0") + "\u00a0heures" in page
    refused = client.get(f"/api/tenders/{tender_id}/draft?rate_pct=abc")
    assert refused.status_code == 400 and "rate_pct" in refused.get_json()["error"]
    assert client.get(f"/tenders/{tender_id}/draft?hourly_cost=0").status_code == 400


def test_exports_open_in_python_docx(client, tender_id):
    for url in (f"/tenders/{tender_id}/draft/clauses.docx", f"/api/tenders/{tender_id}/draft.docx"):
        response = client.get(url)
        assert response.status_code == 200 and response.mimetype.endswith("wordprocessingml.document"), url
        assert "Article proposé n° 1" in "\n".join(p.text for p in docx.Document(io.BytesIO(response.data)).paragraphs)
    marked = client.get(f"/tenders/{tender_id}/draft/marked.docx?doc=CCAP.docx")
    assert marked.status_code == 200 and "CCAP-propositions.docx" in marked.headers["Content-Disposition"]
    document = docx.Document(io.BytesIO(marked.data))
    assert [p.text for p in document.paragraphs if p.text] == [text for _, text in CCAP_PARAGRAPHS]
    assert any(True for _ in document.element.body.iter(qn("w:ins")))
    assert client.get(f"/tenders/{tender_id}/draft/marked.docx?doc=RC.txt").status_code == 404


def test_api_draft_holds_the_contract_fields(client, tender_id):
    body = client.get(f"/api/tenders/{tender_id}/draft").get_json()
    assert {"score_before", "score_after", "levers", "not_proposed"} <= set(body)
    assert body["score_after"] > body["score_before"]
    for item in body["levers"]:
        assert {"lever", "rc_text", "ccap_text", "score_gain", "lots"} <= set(item)
        for row in item["lots"]:
            assert {"lot", "value_ht", "hours", "parameters"} <= set(row)
            assert {"labour_share", "rate", "hourly_cost"} <= set(row["parameters"])


def test_another_organisation_gets_404(app, client, anon, tender_id):
    bob, bob_token = make_user(app, "bob", "officer", "Port-Aubrac")
    bob_client = logged_in(app, bob)
    for url in urls(tender_id):
        assert client.get(url).status_code == 200, url
        assert bob_client.get(url).status_code == 404, url
        assert anon.get(url).status_code == 404, url
        assert anon.get(url, headers={"Authorization": f"Bearer {bob_token}"}).status_code == 404, url
    assert client.get("/api/tenders/999/draft").status_code == 404


def test_a_published_tender_s_originals_stay_with_its_organisation(app, db, tender_id):
    from store import tenders as tender_store

    tender_store.set_published(db, tender_id, True)
    bob_client = logged_in(app, make_user(app, "bob", "officer", "Port-Aubrac")[0])
    assert bob_client.get(f"/tenders/{tender_id}/draft").status_code == 200
    assert "avec les propositions" not in bob_client.get(f"/tenders/{tender_id}/draft").get_data(as_text=True)
    assert bob_client.get(f"/tenders/{tender_id}/draft/marked.docx?doc=CCAP.docx").status_code == 404


def test_a_trainer_of_the_same_organisation_reads_the_published_draft_without_the_files(app, db, officer, tender_id):
    from store import tenders as tender_store

    tender_store.set_published(db, tender_id, True)
    trainer = logged_in(app, make_user(app, "tom", "trainer", officer[0].org)[0])
    page = trainer.get(f"/tenders/{tender_id}/draft")
    assert page.status_code == 200 and "avec les propositions" not in page.get_data(as_text=True)
    assert trainer.get(f"/tenders/{tender_id}/draft/marked.docx?doc=CCAP.docx").status_code == 404
