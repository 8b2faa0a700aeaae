"""The JSON API and its OpenAPI description: upload -> 202, polling, list, search, PDF, errors."""
from __future__ import annotations

import io

import jsonschema
import pytest

from tests.fixtures.texts import CCAP_TEXT, RC_TEXT

TOKEN: dict[str, str] = {}


@pytest.fixture(autouse=True)
def alice_token(officer):
    TOKEN["alice"] = officer[1]


def post(client, *files, token: str | None = "alice"):
    data = {"files": [(io.BytesIO(content.encode() if isinstance(content, str) else content), name)
                      for name, content in files]}
    headers = {"Authorization": f"Bearer {TOKEN.get(token, token)}"} if token else {}
    return client.post("/api/tenders", data=data, content_type="multipart/form-data", headers=headers)


@pytest.fixture(scope="module")
def spec(tmp_path_factory):
    from app import create_app

    app = create_app({"TESTING": True, "DATA_DIR": str(tmp_path_factory.mktemp("data"))})
    return app.test_client().get("/api/openapi.json").get_json()


@pytest.fixture
def conforms(spec):
    """Validate a response body against a schema of the OpenAPI description."""
    def check(body, schema_name: str) -> None:
        schema = {"$ref": f"#/components/schemas/{schema_name}", "components": spec["components"]}
        jsonschema.Draft202012Validator(schema).validate(body)

    return check


def test_upload_answers_202_then_the_report_once_done(client, run_jobs, conforms, assert_valid_report):
    response = post(client, ("RC.txt", RC_TEXT), ("CCAP.txt", CCAP_TEXT))
    assert response.status_code == 202
    body = response.get_json()
    assert set(body) == {"id", "status"} and body["status"] == "queued"
    assert response.headers["Location"].endswith(f"/api/tenders/{body['id']}")

    queued = client.get(f"/api/tenders/{body['id']}").get_json()
    assert queued["status"] == "queued" and queued["report"] is None and queued["progress"] == 0
    conforms(queued, "Job")

    run_jobs()
    done = client.get(f"/api/tenders/{body['id']}").get_json()
    assert done["status"] == "done" and done["progress"] == 100
    conforms(done, "Job")
    assert_valid_report(done["report"])
    assert done["report"]["categories"]["insertion_clause"] is True
    assert done["report"]["id"] == body["id"]


def test_a_file_of_unknown_type_is_refused_with_415(client):
    response = post(client, ("plan.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64))
    assert response.status_code == 415 and "plan.png" in response.get_json()["error"]
    assert client.get("/api/tenders").get_json()["total"] == 0


def test_a_file_that_fails_in_the_worker_ends_in_error_with_its_reason(client, run_jobs, conforms):
    tender_id = post(client, ("CCAP.pdf", b"%PDF-1.5 not a pdf")).get_json()["id"]
    run_jobs()
    job = client.get(f"/api/tenders/{tender_id}").get_json()
    assert job["status"] == "error" and "CCAP.pdf" in job["error"] and job["report"] is None
    conforms(job, "Job")


def test_upload_errors(app, client):
    none = client.post("/api/tenders", data={}, content_type="multipart/form-data",
                       headers={"Authorization": f"Bearer {TOKEN['alice']}"})
    assert none.status_code == 400 and "files" in none.get_json()["error"]
    empty = post(client, ("RC.txt", b""))
    assert empty.status_code == 400 and "RC.txt" in empty.get_json()["error"]
    app.config["MAX_CONTENT_LENGTH"] = 1024
    big = post(client, ("RC.txt", "x" * 4096))
    assert big.status_code == 413 and "Mo" in big.get_json()["error"]
    assert client.get("/api/tenders").get_json()["total"] == 0


def test_unknown_ids_answer_404_in_json(client):
    for url in ("/api/tenders/999", "/api/tenders/999/report.pdf", "/api/nothing"):
        response = client.get(url)
        assert response.status_code == 404 and response.is_json and response.get_json()["error"], url


def test_report_pdf_waits_for_the_analysis(client, run_jobs):
    tender_id = post(client, ("RC.txt", RC_TEXT)).get_json()["id"]
    pending = client.get(f"/api/tenders/{tender_id}/report.pdf")
    assert pending.status_code == 409 and "pas terminée" in pending.get_json()["error"]
    run_jobs()
    done = client.get(f"/api/tenders/{tender_id}/report.pdf")
    assert done.status_code == 200 and done.data.startswith(b"%PDF")


def test_list_and_search(client, run_jobs, conforms):
    post(client, ("RC.txt", RC_TEXT), ("CCAP.txt", CCAP_TEXT))
    run_jobs()
    listing = client.get("/api/tenders?status=done").get_json()
    assert listing["total"] == 1 and listing["page"] == 1
    for item in listing["items"]:
        conforms(item, "TenderSummary")
    assert client.get("/api/tenders?status=queued").get_json()["total"] == 0
    hits = client.get("/api/search?q=dechets").get_json()
    assert hits["query"] == "dechets" and any("déchets" in h["text"] for h in hits["hits"])
    assert client.get("/api/search?q=zzzz").get_json()["hits"] == []
    missing = client.get("/api/search")
    assert missing.status_code == 400 and "q" in missing.get_json()["error"]


def test_openapi_description_is_valid_and_covers_every_api_route(app, spec):
    from openapi_spec_validator import validate

    validate(spec)
    documented = set(spec["paths"])
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/"):
            path = rule.rule.replace("<int:tender_id>", "{id}")
            assert path in documented, f"{path} is not in web/openapi.yml"
            for method in rule.methods - {"HEAD", "OPTIONS"}:
                assert method.lower() in spec["paths"][path], f"{method} {path} is not documented"
    assert spec["components"]["schemas"]["Report"]["required"]  # analysis.schema.json, inlined
