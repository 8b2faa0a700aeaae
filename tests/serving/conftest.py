"""Fixtures of the serving proofs: the real served app (gunicorn, huey consumers) on loopback,
officers of two organisations with their API tokens, Debian's redis-server on a free port.

Each test that needs a server skips, saying why in French, when gunicorn or redis-server is
missing; every wait is bounded."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.fixtures.processes import wait_until
from tests.fixtures.served import FLASK, flask_command, free_port

GUNICORN = Path(FLASK).with_name("gunicorn")
HUEY = Path(FLASK).with_name("huey_consumer")


@pytest.fixture
def servable():
    """Skip when the production server or the queue consumer is not installed in the venv."""
    for binary in (GUNICORN, HUEY):
        if not binary.exists():
            pytest.skip(f"{binary.name} absent du venv (make install) : tests du service ignorés")


def _small_tender(n: int) -> bytes:
    """A small tender of its own (distinct files are distinct tenders)."""
    return (f"RÈGLEMENT DE LA CONSULTATION n° {n}\n"
            f"Objet : entretien des espaces verts du secteur {n}.\n"
            "Le marché est décomposé en 2 lots.\n"
            f"Le titulaire réservera {100 + n} heures de travail à des personnes éloignées de l'emploi "
            "(article L2112-2 du code de la commande publique).\n"
            "Critères : prix 60 %, valeur technique 40 %.\n").encode()


@pytest.fixture
def small_tender():
    """n -> the bytes of the n-th small tender."""
    return _small_tender


def create_officer(env: dict[str, str], name: str, org: str) -> str:
    """`flask create-user NAME --role officer --org ORG --password P`: the API token it prints last."""
    out = flask_command(env, "create-user", name, "--role", "officer", "--org", org, "--password", f"mdp-{name}-2026")
    return out.strip().splitlines()[-1].strip()


@pytest.fixture
def two_officers():
    """(env) -> {org: token} for an officer of Valbrune and one of Port-Aubrac in that data folder."""
    def make(env: dict[str, str]) -> dict[str, str]:
        return {org: create_officer(env, name, org) for name, org in (("alice", "Valbrune"), ("bruno", "Port-Aubrac"))}

    return make


@pytest.fixture
def redis_url(tmp_path):
    """redis-server on a free loopback port, nothing saved to disk; its URL."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server absent (paquet Debian « redis-server », make system) : mode Redis non testé")
    redis = pytest.importorskip("redis", reason="bibliothèque redis absente : mode Redis non testé")
    port = free_port()
    folder = tmp_path / "redis"
    folder.mkdir()
    with open(folder / "redis.log", "w") as log:
        proc = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                                 "--dir", str(folder)], stdout=log, stderr=subprocess.STDOUT)
    try:
        def answers() -> bool:
            try:
                return bool(redis.Redis(host="127.0.0.1", port=port, socket_timeout=1).ping())
            except redis.RedisError:
                return False

        if not wait_until(answers, 20):
            pytest.fail("redis-server ne répond pas : " + (folder / "redis.log").read_text()[-2000:])
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        proc.terminate()
        proc.wait(10)

