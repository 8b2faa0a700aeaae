"""Nothing outlives the process that started it: `flask serve` killed outright (SIGKILL, as the
out-of-memory killer or `kill -9` would) takes gunicorn, the huey consumers, their workers and
a running sandboxed analysis with it; an analysis worker killed outright takes its sandboxed
analysis with it (otherwise nobody would enforce that analysis's deadline)."""
from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest

from tests.fixtures.live import Client
from tests.fixtures.paths import ROOT
from tests.fixtures.processes import alive, find, read, tree, wait_until
from tests.fixtures.served import served, served_env

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc et prctl : Linux seulement")

# Long enough that its analysis is still running when the server is killed (it is cut in pieces
# past spaCy's length); harmless otherwise.
LONG_TENDER = ("CCAP\nLe titulaire réservera 300 heures à des personnes éloignées de l'emploi.\n"
               + "Le titulaire assure le nettoyage des locaux et trie les déchets.\n" * 25_000).encode()


def _leftovers(members) -> list[str]:
    return [f"{p.pid} {p.command}" for p in members if alive(p)]


def _kill_leftovers(members) -> None:
    for p in members:
        if alive(p):
            os.kill(p.pid, signal.SIGKILL)


def test_a_killed_supervisor_leaves_no_server_nor_worker_behind(servable, tmp_path, two_officers):
    data = tmp_path / "data"
    token = two_officers(served_env(data))["Valbrune"]
    with served(data, workers=1) as base:
        port = base.rsplit(":", 1)[1]
        supervisor = [p for p in find("serve", "--port", port) if p.argv[1:2] and p.argv[1].endswith("/flask")]
        assert len(supervisor) == 1
        client = Client(base, token)
        status, sent = client.upload([("CCAP.txt", LONG_TENDER)])
        assert status == 202

        def analysing():  # the tree, once a sandboxed child runs under a worker of the analysis consumer
            members = tree(supervisor[0].pid)
            consumer = {p.pid for p in members if p.ppid == supervisor[0].pid and "jobs.queues.analysis" in p.argv}
            workers = {p.pid for p in members if p.ppid in consumer}
            return members if any(p.ppid in workers for p in members) else None

        members = wait_until(analysing, 60, every=0.1)
        assert members, "aucune analyse en cours dans un processus isolé"
        assert len(members) >= 7, [p.command for p in members]  # flask, gunicorn x2, consumers, workers, child
        try:
            os.kill(supervisor[0].pid, signal.SIGKILL)
            left = wait_until(lambda: not _leftovers(members), 15)
            assert left, "\n".join(_leftovers(members))
            assert Client(base).get("/login")[0] == 0  # the port is closed
        finally:
            _kill_leftovers(members)


SLOW_JOB = """
import os, sys, time
from jobs.sandbox import run_limited

def slow(path, progress):
    with open(path, "w") as fh:
        fh.write(str(os.getpid()))
    time.sleep(120)

run_limited(slow, (sys.argv[1],), timeout=300, memory=300 * 1024 * 1024)
"""


def test_a_killed_analysis_worker_takes_its_sandboxed_job_with_it(tmp_path):
    pid_file = tmp_path / "child.pid"
    worker = subprocess.Popen([sys.executable, "-c", SLOW_JOB, str(pid_file)], cwd=ROOT,
                              env=dict(os.environ, PYTHONPATH=str(ROOT), SOLIDARITY_QUEUE_URL="memory://"))
    child = None
    try:
        assert wait_until(lambda: pid_file.exists() and pid_file.read_text(), 60, every=0.1)
        child = read(int(pid_file.read_text()))
        assert child is not None and child.ppid == worker.pid
        worker.kill()
        worker.wait(10)
        assert wait_until(lambda: not alive(child), 10, every=0.1), "l'analyse isolée survit à son travailleur"
    finally:
        worker.kill()
        if child is not None and alive(child):
            os.kill(child.pid, signal.SIGKILL)
