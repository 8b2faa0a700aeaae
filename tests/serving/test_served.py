"""`make run` as a newcomer starts it: the production server (gunicorn), the analysis worker and
the writer as processes of their own; then 50 uploads at once from two organisations.

Correctness only (no timings: bench/load.py and bench/attacks.py measure)."""
from __future__ import annotations

import re
import shlex
import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor

from tests.fixtures.live import Client, wait_analysed
from tests.fixtures.paths import ROOT
from tests.fixtures.processes import launched, tree, wait_until
from tests.fixtures.served import free_port, served, served_env

EXECUTING = re.compile(r"INFO:huey:(\d+):Executing jobs\.tasks\.analyse_tender: (\S+)")


def server_errors(log) -> str:
    """The last exceptions the server logged, to say why a request failed."""
    return "\n".join([line for line in log.read_text().splitlines() if "Error" in line][-5:])


def make_run_arguments(port: int) -> list[str]:
    """The command of the Makefile's `run` target, its flask arguments, on another port."""
    recipe = re.search(r"^run:.*\n\t(.+)$", (ROOT / "Makefile").read_text(), re.M).group(1)
    argv = shlex.split(recipe)
    assert argv[0] == "$(BIN)/flask" and argv[1:4] == ["--app", "app", "serve"], recipe
    assert "--dev" not in argv
    argv[argv.index("--port") + 1] = str(port)
    return argv[3:]


def test_make_run_serves_through_gunicorn_with_its_worker_and_writer_apart(servable, tmp_path, two_officers,
                                                                          small_tender):
    data = tmp_path / "data"
    env = served_env(data)
    token = two_officers(env)["Valbrune"]
    port = free_port()
    log = tmp_path / "make-run.log"
    with launched(make_run_arguments(port), env, log) as supervisor:
        client = Client(f"http://127.0.0.1:{port}", token)
        assert wait_until(lambda: client.get("/login")[0] == 200, 60), log.read_text()[-3000:]
        for path in ("/", "/login", "/check", "/api/tenders"):
            status, headers, _ = client.get(path)
            assert status < 500, path
            assert headers.get("Server", "").startswith("gunicorn") and "Werkzeug" not in headers.get("Server", "")

        members = tree(supervisor.pid)
        children = [p for p in members if p.ppid == supervisor.pid]
        web = [p for p in children if p.argv[1:2] and p.argv[1].endswith("/gunicorn")]
        analysis = [p for p in children if "jobs.queues.analysis" in p.argv]
        writer = [p for p in children if "jobs.queues.writer" in p.argv]
        assert len(web) == len(analysis) == len(writer) == 1 and len(children) == 3, [p.command for p in children]
        web_side = {p.pid for p in tree(web[0].pid)}
        analysis_side = {p.pid for p in tree(analysis[0].pid)}
        assert len(web_side) >= 2 and len(analysis_side) >= 2  # gunicorn's worker; huey's worker processes
        assert not web_side & analysis_side and writer[0].pid not in web_side | analysis_side

        status, sent = client.upload([("RC.txt", small_tender(1))])
        assert status == 202
        assert wait_analysed(client, [sent["id"]], 120) == {sent["id"]: "done"}
        ran = wait_until(lambda: EXECUTING.findall(log.read_text()), 10)
        assert ran and len(ran) == 1
        assert int(ran[0][0]) in analysis_side - {analysis[0].pid}  # in a worker process of the analysis consumer
    output = log.read_text()
    assert "development server" not in output.lower() and "Booting worker" in output
    assert "Control socket" not in output  # none in ~/.gunicorn, shared by every instance of the user


def test_fifty_concurrent_uploads_from_two_organisations_are_all_analysed_once(servable, tmp_path, two_officers,
                                                                               small_tender):
    data = tmp_path / "data"
    tokens = two_officers(served_env(data))
    orgs = sorted(tokens)
    start = threading.Barrier(50)

    def send(n: int) -> tuple[str, int, dict]:
        org = orgs[n % 2]
        client = Client(base, tokens[org], timeout=120)
        start.wait(60)
        return (org, *client.upload([(f"RC-{n:02}.txt", small_tender(n))]))

    with served(data, workers=2, SOLIDARITY_ORG_MAX_PENDING="100") as base:
        with ThreadPoolExecutor(50) as pool:
            answers = list(pool.map(send, range(50)))
        assert [status for _, status, _ in answers] == [202] * 50, server_errors(data / "serve.log")
        ids = [body["id"] for _, _, body in answers]
        assert len(set(ids)) == 50
        owners = {body["id"]: org for org, _, body in answers}
        clients = {org: Client(base, token) for org, token in tokens.items()}
        for org in orgs:
            own = [i for i in ids if owners[i] == org]
            assert set(wait_analysed(clients[org], own, 300).values()) == {"done"}
            other = clients[orgs[1 - orgs.index(org)]]
            assert {other.json(f"/api/tenders/{i}")[0] for i in own[:5]} == {404}  # private to its organisation

    db = sqlite3.connect(data / "solidarity.db")
    try:
        rows = db.execute("SELECT org, count(*), count(DISTINCT id) FROM tenders GROUP BY org ORDER BY org").fetchall()
        statuses = db.execute("SELECT DISTINCT status FROM tenders").fetchall()
    finally:
        db.close()
    assert rows == [(org, 25, 25) for org in orgs] and statuses == [("done",)]
