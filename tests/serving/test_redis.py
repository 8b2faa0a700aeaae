"""The shared-queue mode, as several machines would run it: the queue in Redis, a web node
(`flask serve --web-only`), two analysis workers (`flask work --role analysis`) that have no
access to the database (each its own empty data folder), one writer beside the database.

40 uploads: none lost (all done), none analysed twice. The proof of "once": each worker's log
has one huey line "Executing jobs.tasks.analyse_tender: <task id>" per analysis it ran; the two
logs together hold exactly 40, with 40 distinct task ids, and every one of the 40 tenders is done
(a done tender was analysed at least once; 40 analyses for 40 tenders leaves none for a second)."""
from __future__ import annotations

import re
import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor

from tests.fixtures.live import Client, wait_analysed
from tests.fixtures.processes import launched, wait_until
from tests.fixtures.served import free_port, served_env

EXECUTING = re.compile(r":Executing jobs\.tasks\.analyse_tender: (\S+)")
FINISHED = re.compile(r":jobs\.tasks\.analyse_tender: (\S+) .*executed in")


def test_two_workers_on_redis_share_40_uploads_none_lost_none_twice(servable, tmp_path, redis_url, two_officers,
                                                                     small_tender):
    data = tmp_path / "data"
    env = served_env(data, SOLIDARITY_QUEUE_URL=redis_url, SOLIDARITY_ORG_MAX_PENDING="100")
    tokens = two_officers(env)
    orgs = sorted(tokens)
    worker_env = [served_env(tmp_path / f"worker-{n}", SOLIDARITY_QUEUE_URL=redis_url) for n in (1, 2)]
    logs = [tmp_path / "worker-1.log", tmp_path / "worker-2.log"]
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    start = threading.Barrier(40)

    def send(n: int) -> tuple[int, dict]:
        client = Client(base, tokens[orgs[n % 2]], timeout=120)
        start.wait(60)
        return client.upload([(f"CCAP-{n:02}.txt", small_tender(1000 + n))])

    with (launched(["work", "--role", "analysis", "--workers", "1"], worker_env[0], logs[0]),
          launched(["work", "--role", "analysis", "--workers", "1"], worker_env[1], logs[1]),
          launched(["work", "--role", "writer"], env, tmp_path / "writer.log"),
          launched(["serve", "--web-only", "--port", str(port)], env, tmp_path / "web.log")):
        web = Client(base)
        assert wait_until(lambda: web.get("/login")[0] == 200, 60), (tmp_path / "web.log").read_text()[-3000:]
        assert wait_until(lambda: all("consumer started" in log.read_text() for log in logs), 60)
        with ThreadPoolExecutor(40) as pool:
            answers = list(pool.map(send, range(40)))
        assert [status for status, _ in answers] == [202] * 40, "\n".join(
            [line for line in (tmp_path / "web.log").read_text().splitlines() if "Error" in line][-5:])
        ids = [body["id"] for _, body in answers]
        assert len(set(ids)) == 40
        for index, org in enumerate(orgs):
            own = [tender_id for n, tender_id in enumerate(ids) if n % 2 == index]
            assert set(wait_analysed(Client(base, tokens[org]), own, 300).values()) == {"done"}
        ran = [EXECUTING.findall(log.read_text()) for log in logs]
        finished = [FINISHED.findall(log.read_text()) for log in logs]

    assert sum(len(r) for r in ran) == 40, [len(r) for r in ran]
    assert len({task for r in ran for task in r}) == 40
    assert [sorted(r) for r in ran] == [sorted(f) for f in finished]  # each one ran to its end
    assert all(ran), f"un seul travailleur a analysé : {[len(r) for r in ran]}"
    assert "analyse_tender" not in (tmp_path / "writer.log").read_text()
    assert not (tmp_path / "web.log").read_text().count("Executing")  # the web node analyses nothing
    for folder in (tmp_path / "worker-1", tmp_path / "worker-2"):  # the workers never stored a tender
        if (folder / "solidarity.db").exists():  # the app factory makes an empty one
            db = sqlite3.connect(folder / "solidarity.db")
            try:
                assert db.execute("SELECT count(*) FROM tenders").fetchone()[0] == 0
            finally:
                db.close()
    db = sqlite3.connect(data / "solidarity.db")
    try:
        assert db.execute("SELECT count(*), count(DISTINCT id) FROM tenders WHERE status = 'done'").fetchone() == (40, 40)
    finally:
        db.close()
