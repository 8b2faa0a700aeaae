"""Shared fixtures: an app on a temporary data folder, the report schema, tiny tenders."""
from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"


@pytest.fixture(scope="session")
def report_validator():
    schema = json.loads((ROOT / "analysis.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.fixture
def assert_valid_report(report_validator):
    def check(report: dict) -> None:
        errors = sorted(report_validator.iter_errors(report), key=lambda e: list(e.path))
        assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])

    return check


@pytest.fixture
def app(tmp_path, monkeypatch):
    monkeypatch.setenv("SOLIDARITY_DATA_DIR", str(tmp_path / "data"))
    from app import create_app

    # CSRF is checked in tests/test_access.py; here forms are posted without the token.
    return create_app({"TESTING": True, "SECRET_KEY": "test", "JOBS_WORKER": False, "WTF_CSRF_ENABLED": False})


def make_user(app, name: str, role: str, org: str):
    """A user in the app's database; returns (User, API token)."""
    import accounts
    import store
    from app import data_paths

    db = store.connect(data_paths(app)[0])
    try:
        return accounts.create_user(db, name, role, org, f"mot-de-passe-{name}")
    finally:
        db.close()


def logged_in(app, user):
    client = app.test_client()
    with client.session_transaction() as session:
        session["user_id"] = user.id
    return client


@pytest.fixture
def officer(app):
    """Alice, a procurement officer of the town of Valbrune: (User, API token)."""
    return make_user(app, "alice", "officer", "Valbrune")


@pytest.fixture
def client(app, officer):
    """A browser session logged in as Alice."""
    return logged_in(app, officer[0])


@pytest.fixture
def anon(app):
    return app.test_client()


@pytest.fixture
def run_jobs(app):
    """Run the queued analyses in this process, as the background worker would."""
    from app import data_paths
    from jobs import run_pending

    def run() -> int:
        return run_pending(*data_paths(app))

    return run


# A small consultation file written for the tests: an RC with award criteria and an CCAP with
# an insertion clause, an environmental condition, and a negative reservation statement.
RC_TEXT = """RÈGLEMENT DE LA CONSULTATION

Objet de la consultation : Entretien des espaces verts de la commune de Valbrune

Article 1 - Allotissement
La consultation est décomposée en 2 lots : lot 1 tonte et taille, lot 2 fleurissement.

Article 2 - Variantes
Les variantes sont autorisées.

Article 3 - Critères de jugement des offres
Prix des prestations : 50 %
Valeur technique : 30 %
Performance en matière de protection de l'environnement : 20 %

Le DUME est accepté pour la candidature.
"""

CCAP_TEXT = """CAHIER DES CLAUSES ADMINISTRATIVES PARTICULIÈRES

Article 7 - Conditions d'exécution
Le titulaire s'engage à réserver au moins 350 heures de travail à des personnes éloignées de l'emploi, au titre de la clause sociale d'insertion prévue à l'article L2112-2 du code de la commande publique.
Le titulaire devra trier les déchets verts et les orienter vers une filière de compostage.

Article 8 - Marché réservé : non

Article 9 - Paiement
Le délai global de paiement est fixé à 30 jours.
"""


@pytest.fixture
def dce_folder(tmp_path) -> Path:
    folder = tmp_path / "dce_valbrune"
    folder.mkdir()
    (folder / "RC.txt").write_text(RC_TEXT, encoding="utf-8")
    (folder / "CCAP.txt").write_text(CCAP_TEXT, encoding="utf-8")
    return folder
