"""Serving: the web server and the queue's consumers, started and stopped together.

    flask --app app serve [--host H --port P --workers N]   gunicorn + analysis workers + writer
    flask --app app serve --dev                             the same with Flask's reloader
    flask --app app work [--role analysis|writer|both]      consumers only (another machine)
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

BIN = Path(sys.executable).parent
MAX_RESTARTS = 5  # per process and per minute; past that, everything stops


def consumers(role: str, workers: int) -> list[tuple[str, list[str]]]:
    out = []
    if role in ("analysis", "both"):
        out.append(("analyse", [str(BIN / "huey_consumer"), "jobs.queues.analysis", "-k", "process",
                                "-w", str(workers), "-n", "-q"]))
    if role in ("writer", "both"):
        out.append(("écriture", [str(BIN / "huey_consumer"), "jobs.queues.writer", "-k", "thread", "-w", "1", "-q"]))
    return out


def web_server(host: str, port: int, threads: int, dev: bool) -> tuple[str, list[str]]:
    if dev:
        return "web", [str(BIN / "flask"), "--app", "app", "run", "--debug", "--host", host, "--port", str(port)]
    # One process with threads: pages are light (every analysis runs in the consumers), and the
    # login throttle, quotas and rate limits then see every request.
    return "web", [str(BIN / "gunicorn"), "--bind", f"{host}:{port}", "--workers", "1", "--threads", str(threads),
                   "--worker-class", "gthread", "--timeout", "60", "--access-logfile", "-", "app:create_app()"]


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
        running[name] = subprocess.Popen(argv, env=env)
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
            running[name] = subprocess.Popen(argv, env=env)
    for proc in running.values():
        if proc.poll() is None:
            proc.terminate()
    for proc in running.values():
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
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
@with_appcontext
def serve_command(host: str, port: int, workers: int, threads: int, dev: bool) -> None:
    """Sert l'application (gunicorn) avec ses processus d'analyse et d'écriture."""
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
