"""Serving: the web server and the queue's consumers, started and stopped together.

    flask --app app serve [--host H --port P --workers N]   gunicorn + analysis workers + writer
    flask --app app serve --web-only                        gunicorn alone (a web node)
    flask --app app serve --dev                             the same with Flask's reloader
    flask --app app work [--role analysis|writer|both]      consumers only (another machine)

Every child runs in its own process group and dies with the supervisor, even when the supervisor
is killed outright (SIGKILL, out of memory): the kernel sends it SIGTERM then (Linux
PR_SET_PDEATHSIG), so no server or worker is left behind holding the port or the queue.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from jobs.sandbox import die_with_parent

BIN = Path(sys.executable).parent
MAX_RESTARTS = 5  # per process and per minute; past that, everything stops
STOP_WAIT_S = 20  # after SIGTERM, how long a child may take before its whole group is killed
POLL_MAX_S = "1"  # an idle consumer looks at the SQLite queue at least this often (huey's default: 10 s)


def consumers(role: str, workers: int) -> list[tuple[str, list[str]]]:
    out = []
    if role in ("analysis", "both"):
        # Logged at INFO: one "Executing jobs.tasks.analyse_tender: <task id>" line and one
        # "executed in" line per job, the worker's log of what it ran.
        out.append(("analyse", [str(BIN / "huey_consumer"), "jobs.queues.analysis", "-k", "process",
                                "-w", str(workers), "-n", "-m", POLL_MAX_S]))
    if role in ("writer", "both"):
        out.append(("écriture", [str(BIN / "huey_consumer"), "jobs.queues.writer", "-k", "thread", "-w", "1", "-q",
                                 "-m", POLL_MAX_S]))
    return out


def web_server(host: str, port: int, threads: int, dev: bool) -> tuple[str, list[str]]:
    if dev:
        return "web", [str(BIN / "flask"), "--app", "app", "run", "--debug", "--host", host, "--port", str(port)]
    # One process with threads: pages are light (every analysis runs in the consumers), and the
    # login throttle, quotas and rate limits then see every request. No control socket: gunicorn
    # would put it in ~/.gunicorn/gunicorn.ctl, shared by every instance of the same user (a
    # second server takes it over and removes it when it stops).
    return "web", [str(BIN / "gunicorn"), "--bind", f"{host}:{port}", "--workers", "1", "--threads", str(threads),
                   "--worker-class", "gthread", "--timeout", "60", "--no-control-socket", "--access-logfile", "-",
                   "app:create_app()"]


def _start(argv: list[str], env: dict[str, str]) -> subprocess.Popen:
    """A child in its own process group, told by the kernel to stop when this process dies."""
    supervisor = os.getpid()
    return subprocess.Popen(argv, env=env, process_group=0,
                            preexec_fn=lambda: die_with_parent(signal.SIGTERM, supervisor))


def _kill_group(proc: subprocess.Popen) -> None:
    """SIGKILL for a child and everything it started (its workers, their sandboxed analyses)."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait()


def supervise(commands: list[tuple[str, list[str]]], env: dict[str, str]) -> int:
    """Run every command; restart one that dies (a few times); stop all on Ctrl-C or SIGTERM."""
    running: dict[str, subprocess.Popen] = {}
    restarts: dict[str, list[float]] = {name: [] for name, _ in commands}
    stopping = False

    def stop(_signum=None, _frame=None) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    for name, argv in commands:
        running[name] = _start(argv, env)
        click.echo(f"[{name}] démarré (pid {running[name].pid})", err=True)
    status = 0
    while not stopping:
        time.sleep(0.5)
        for name, argv in commands:
            code = running[name].poll()
            if code is None:
                continue
            recent = [t for t in restarts[name] if time.monotonic() - t < 60]
            if len(recent) >= MAX_RESTARTS:
                click.echo(f"[{name}] s'arrête sans cesse (code {code}) : arrêt de tout.", err=True)
                stopping, status = True, 1
                break
            restarts[name] = recent + [time.monotonic()]
            click.echo(f"[{name}] arrêté (code {code}) : redémarrage.", err=True)
            running[name] = _start(argv, env)
    for proc in running.values():
        if proc.poll() is None:
            proc.terminate()
    deadline = time.monotonic() + STOP_WAIT_S
    for proc in running.values():
        try:
            proc.wait(max(deadline - time.monotonic(), 0.1))
        except subprocess.TimeoutExpired:
            _kill_group(proc)
    return status


def _env() -> dict[str, str]:
    os.umask(0o077)  # every file the servers and workers create is the owner's only
    env = dict(os.environ)
    env["SOLIDARITY_DATA_DIR"] = str(current_app.config["DATA_DIR"])
    return env


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--workers", default=os.cpu_count() or 1, show_default=True, type=click.IntRange(1, 64),
              help="Processus d'analyse (un par cœur par défaut).")
@click.option("--threads", default=8, show_default=True, type=click.IntRange(1, 64), help="Fils du serveur web.")
@click.option("--dev", is_flag=True, help="Serveur de développement de Flask, rechargé à chaque modification.")
@click.option("--web-only", is_flag=True,
              help="Le serveur web seul (nœud web) : les analyses et l'écriture tournent ailleurs (flask work).")
@with_appcontext
def serve_command(host: str, port: int, workers: int, threads: int, dev: bool, web_only: bool) -> None:
    """Sert l'application (gunicorn) avec ses processus d'analyse et d'écriture."""
    if web_only:
        click.echo(f"Achat public solidaire sur http://{host}:{port} (serveur web seul).", err=True)
        sys.exit(supervise([web_server(host, port, threads, dev)], _env()))
    click.echo(f"Achat public solidaire sur http://{host}:{port} ({workers} processus d'analyse).", err=True)
    sys.exit(supervise([web_server(host, port, threads, dev)] + consumers("both", workers), _env()))


@click.command("work")
@click.option("--role", type=click.Choice(["analysis", "writer", "both"]), default="both", show_default=True,
              help="analysis : n'a besoin que de la file (SOLIDARITY_QUEUE_URL) ; writer : à côté de la base.")
@click.option("--workers", default=os.cpu_count() or 1, show_default=True, type=click.IntRange(1, 64))
@click.option("--once", is_flag=True, help="Traite ce qui attend, dans ce processus, puis s'arrête.")
@with_appcontext
def work_command(role: str, workers: int, once: bool) -> None:
    """Traite la file des analyses (sans le serveur web)."""
    if once:
        from jobs import run_pending

        click.echo(f"{run_pending()} analyse(s) effectuée(s).")
        return
    sys.exit(supervise(consumers(role, workers), _env()))


COMMANDS = (serve_command, work_command)
