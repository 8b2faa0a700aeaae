"""Flask app factory and CLI commands.

    flask --app app run                     the web app on http://127.0.0.1:5000
    flask --app app analyze PATH [--json]   analyse one tender (file, folder or ZIP)
    flask --app app batch PATH... --jsonl OUT [--workers N]
    flask --app app import PATH...          analyse and store
    flask --app app evaluate [--labels CSV] precision, recall and F1 against gold labels
    flask --app app stats REPORTS.jsonl     how the scores of a batch spread
    flask --app app guide build --out DIR   the guide as guide.html and guide.pdf
    flask --app app train [--out F --seed N] rebuild the sentence classifier (nlp/classifier.py)
    flask --app app work                    run queued analyses in this process
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click
from flask import Flask, current_app, g
from flask.cli import with_appcontext

import store


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True)
    data_dir = os.environ.get("SOLIDARITY_DATA_DIR") or app.instance_path
    app.config.from_mapping(
        SECRET_KEY=os.environ.get("SOLIDARITY_SECRET_KEY"),  # else generated in the data folder, below
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_HTTPONLY=True,
        WTF_CSRF_TIME_LIMIT=None,  # valid for the session: a long form is not refused after an hour
        DATA_DIR=data_dir,
        MAX_CONTENT_LENGTH=200 * 1024 * 1024,  # an upload larger than this is refused with 413
        JSON_AS_ASCII=False,
        # Analyses run in a background thread + child process; tests turn it off and drive the
        # queue themselves with jobs.run_pending.
        JOBS_WORKER=True,
        JOB_TIMEOUT=900,
        DSFR_DIR=str(Path(__file__).parent / "node_modules" / "@gouvfr" / "dsfr" / "dist"),
    )
    if test_config:
        app.config.update(test_config)
    Path(app.config["DATA_DIR"]).mkdir(parents=True, exist_ok=True)
    app.json.ensure_ascii = False

    from flask_wtf.csrf import CSRFProtect

    from jobs import Worker
    from web import api, assets, auth, guide, views

    if not app.config["SECRET_KEY"]:
        app.config["SECRET_KEY"] = auth.secret_key(Path(app.config["DATA_DIR"]))
    csrf = CSRFProtect(app)
    csrf.exempt(api.bp)  # the API authenticates with a Bearer token, which a forged form cannot send
    app.register_blueprint(auth.bp)
    app.register_blueprint(views.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(guide.bp)
    app.register_blueprint(assets.bp)
    app.teardown_appcontext(close_db)
    db_path, originals = data_paths(app)
    store.connect(db_path).close()  # create or migrate the schema once, before any thread opens it
    app.extensions["jobs"] = Worker(db_path, originals, timeout=app.config["JOB_TIMEOUT"])

    @app.before_request
    def start_worker() -> None:
        # Started by the first request, not by create_app: CLI commands build the app too and
        # must not start analysing the queue.
        if app.config["JOBS_WORKER"]:
            app.extensions["jobs"].start()

    for command in (analyze_command, batch_command, import_command, evaluate_command, stats_command, guide_group,
                    train_command, work_command, create_user_command, backup_command, restore_command):
        app.cli.add_command(command)
    return app


def wake_worker() -> None:
    if current_app.config["JOBS_WORKER"]:
        current_app.extensions["jobs"].wake()


def data_paths(app: Flask) -> tuple[Path, Path]:
    data_dir = Path(app.config["DATA_DIR"])
    return data_dir / "solidarity.db", data_dir / "originals"


def get_db():
    if "db" not in g:
        db_path, _ = data_paths(current_app)
        g.db = store.connect(db_path, schema=False)
    return g.db


def close_db(_exc=None) -> None:
    db = g.pop("db", None)
    if db is not None:
        db.close()


@click.command("analyze")
@click.argument("path", type=click.Path(exists=True))
@click.option("--json", "as_json", is_flag=True, help="Affiche le rapport JSON complet.")
def analyze_command(path: str, as_json: bool) -> None:
    """Analyse un appel d'offres (fichier, dossier ou ZIP) et affiche le résultat."""
    from scoring.summary import format_summary
    from service import analyze_path
    from tenders.errors import ReadError

    try:
        report = analyze_path(path)[0]
    except ReadError as err:
        raise click.ClickException(str(err)) from err
    if as_json:
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        click.echo(format_summary(report))


def _pool_init() -> None:
    from service import warm_up

    warm_up()


@click.command("batch")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--jsonl", "out", required=True, type=click.Path(dir_okay=False, writable=True),
              help="Fichier de sortie : un rapport JSON par ligne.")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 32),
              help="Processus d'analyse en parallèle.")
def batch_command(paths: tuple[str, ...], out: str, workers: int) -> None:
    """Analyse chaque PATH comme un appel d'offres ; écrit un rapport par ligne."""
    from service import report_or_error, warm_up

    failed = 0
    with open(out, "w", encoding="utf-8") as fh, click.progressbar(
        length=len(paths), label="Analyse", file=sys.stderr, show_pos=True
    ) as bar:
        if workers == 1:
            warm_up()  # the model is loaded once for the whole batch
            results = map(report_or_error, paths)
            pool = None
        else:
            import multiprocessing

            pool = multiprocessing.get_context("spawn").Pool(workers, initializer=_pool_init)
            results = pool.imap(report_or_error, paths, chunksize=1)
        try:
            for report in results:
                failed += bool(report.get("error"))
                fh.write(json.dumps(report, ensure_ascii=False) + "\n")
                fh.flush()
                bar.update(1)
        finally:
            if pool is not None:
                pool.close()
                pool.join()
    click.echo(f"{len(paths)} appels d'offres, {failed} en erreur, rapports dans {out}", err=True)


@click.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--org", default=None, help="Organisation propriétaire : le dossier lui reste privé. "
                                          "Sans --org, il est publié (avis déjà publics, corpus).")
@with_appcontext
def import_command(paths: tuple[str, ...], org: str | None) -> None:
    """Analyse chaque PATH et l'enregistre dans la base."""
    from service import analyze_path, pipeline_version
    from tenders.errors import ReadError

    db_path, originals = data_paths(current_app)
    db = store.connect(db_path)
    errors = 0
    for path in paths:
        try:
            report, tender, files = analyze_path(path)
        except ReadError as err:
            errors += 1
            click.echo(f"{path} : {err}", err=True)
            continue
        tender_id = store.save(db, originals, report, tender, files, org=org, published=org is None,
                               pipeline=pipeline_version())
        click.echo(f"{path} → appel d'offres n° {tender_id} ({report['tender']['title'] or 'sans titre'}), "
                   f"score {report['score']['total']}")
    db.close()
    if errors:
        sys.exit(1)


@click.command("work")
@with_appcontext
def work_command() -> None:
    """Analyse, dans ce processus, les dépôts en attente de l'application web."""
    from jobs import run_pending

    db_path, originals = data_paths(current_app)
    click.echo(f"{run_pending(db_path, originals)} analyse(s) effectuée(s).")


def _map_reports(paths: list[str], workers: int):
    """Reports for each path, in order; the model is loaded once per process."""
    from service import report_or_error, warm_up

    if workers == 1:
        warm_up()
        yield from map(report_or_error, paths)
        return
    import multiprocessing

    with multiprocessing.get_context("spawn").Pool(workers, initializer=_pool_init) as pool:
        yield from pool.imap(report_or_error, paths, chunksize=1)


@click.command("evaluate")
@click.option("--labels", "labels_path", type=click.Path(exists=True, dir_okay=False),
              default=str(Path(__file__).parent / "nlp" / "labels" / "dev.csv"), show_default=True,
              help="Étiquettes de référence (CSV, une ligne par appel d'offres).")
@click.option("--corpus", type=click.Path(file_okay=False),
              default=str(Path(__file__).parent.parent / "shared" / "corpus"), show_default=True,
              help="Dossier racine des sources citées dans les étiquettes.")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 32))
@click.option("--errors", "show_errors", is_flag=True, help="Liste les erreurs, appel par appel.")
@click.option("--classifier/--no-classifier", "use_classifier", default=None,
              help="Avec ou sans le classifieur de phrases (par défaut : SOLIDARITY_CLASSIFIER, activé).")
def evaluate_command(labels_path: str, corpus: str, workers: int, show_errors: bool,
                     use_classifier: bool | None = None) -> None:
    """Précision, rappel et F1 par catégorie, et part des pondérations exactes."""
    if use_classifier is not None:  # an env var reaches spawned workers, a module global would not
        os.environ["SOLIDARITY_CLASSIFIER"] = "1" if use_classifier else "0"
    from nlp.evaluate import Result, format_table, load_labels

    golds = load_labels(labels_path)
    corpus_dir = Path(corpus)
    missing = [g.source for g in golds if not (corpus_dir / g.source).exists()]
    if missing:
        raise click.ClickException(f"{len(missing)} sources absentes de {corpus_dir} (par ex. {missing[0]}).")
    result = Result()
    paths = [str(corpus_dir / g.source) for g in golds]
    with click.progressbar(length=len(golds), label="Évaluation", file=sys.stderr, show_pos=True) as bar:
        for gold, report in zip(golds, _map_reports(paths, workers)):
            result.add(gold, report)
            bar.update(1)
    click.echo(format_table(result, f"{len(golds)} appels d'offres étiquetés ({labels_path})"))
    if show_errors:
        for source, what in result.errors:
            click.echo(f"  {source} : {what}")
        for source, message in result.failed:
            click.echo(f"  {source} : ERREUR {message}")


@click.command("stats")
@click.argument("jsonl", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
def stats_command(jsonl: tuple[str, ...]) -> None:
    """Répartition des scores, notes, obligations et leviers d'un ou plusieurs fichiers de rapports."""
    from scoring.stats import format_stats, summarise

    def reports():
        for path in jsonl:
            with open(path, encoding="utf-8") as fh:
                for number, line in enumerate(fh, 1):
                    if line.strip():
                        try:
                            yield json.loads(line)
                        except json.JSONDecodeError as err:
                            raise click.ClickException(f"{path}, ligne {number} : JSON illisible ({err.msg}).")

    click.echo(format_stats(summarise(reports())))


@click.command("train")
@click.option("--out", type=click.Path(dir_okay=False), default=None,
              help="Fichier du modèle (par défaut nlp/models/clause_classifier.joblib).")
@click.option("--seed", default=0, show_default=True, type=int)
@click.option("--corpus", type=click.Path(file_okay=False),
              default=str(Path(__file__).parent.parent / "shared" / "corpus"), show_default=True,
              help="Corpus dont les phrases sont étiquetées par les règles ; ignoré s'il est absent.")
@click.option("--no-corpus", is_flag=True, help="N'utilise que les phrases écrites (nlp/training).")
def train_command(out: str | None, seed: int, corpus: str, no_corpus: bool) -> None:
    """Réentraîne le classifieur de phrases ; affiche les effectifs et la validation croisée."""
    from nlp import classifier

    corpus_dir = None if no_corpus or not Path(corpus).is_dir() else Path(corpus)
    if corpus_dir is None and not no_corpus:
        click.echo(f"{corpus} absent : entraînement sur les seules phrases écrites.", err=True)
    done = [0]

    def progress(_path) -> None:
        done[0] += 1
        if done[0] % 100 == 0:
            click.echo(f"  {done[0]} avis étiquetés par les règles…", err=True)

    result = classifier.train(out or classifier.ARTIFACT, seed=seed, corpus=corpus_dir, progress=progress)
    click.echo(classifier.format_training_report(result))


@click.group("guide")
def guide_group() -> None:
    """Le guide de l'achat public solidaire."""


@guide_group.command("build")
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False), help="Dossier de sortie.")
@click.option("--pdf/--no-pdf", default=True, show_default=True, help="Produire aussi guide.pdf.")
@click.option("--trainer", is_flag=True, help="Produire aussi les exercices du mode formateur, avec corrigé.")
@with_appcontext
def guide_build_command(out_dir: str, pdf: bool, trainer: bool) -> None:
    """Écrit guide.html et guide.pdf, avec les extraits des dossiers enregistrés."""
    from guide.build import build, build_exercises

    db_path, _ = data_paths(current_app)
    db = store.connect(db_path)
    try:
        written = build(Path(out_dir), db=db, pdf=pdf)
        if trainer:
            written += build_exercises(Path(out_dir), db=db, pdf=pdf)
    except RuntimeError as err:
        raise click.ClickException(str(err)) from err
    finally:
        db.close()
    for path in written:
        click.echo(f"{path} ({path.stat().st_size // 1024} Ko)")


@click.command("create-user")
@click.argument("name")
@click.option("--role", required=True, type=click.Choice(["admin", "officer", "trainer"]))
@click.option("--org", required=True, help="Organisation (les dossiers y sont partagés).")
@click.option("--password", default=None, help="Sinon un mot de passe est tiré au hasard et affiché.")
@with_appcontext
def create_user_command(name: str, role: str, org: str, password: str | None) -> None:
    """Crée un compte ; la dernière ligne affichée est son jeton d'API (montré une seule fois)."""
    import secrets

    import accounts

    db_path, _ = data_paths(current_app)
    db = store.connect(db_path)
    shown = password is None
    password = password or secrets.token_urlsafe(12)
    try:
        user, token = accounts.create_user(db, name, role, org, password)
    except accounts.AccountError as err:
        raise click.ClickException(str(err)) from err
    finally:
        db.close()
    click.echo(f"Compte « {user.name} » ({user.role}, {user.org}) créé.")
    if shown:
        click.echo(f"Mot de passe : {password}")
    click.echo("Jeton d'API (à garder, il ne sera plus affiché) :")
    click.echo(token)


@click.command("backup")
@click.argument("out", type=click.Path(dir_okay=False, writable=True))
@with_appcontext
def backup_command(out: str) -> None:
    """Sauvegarde la base et les fichiers d'origine dans une archive .tar.gz."""
    from backup import backup

    counts = backup(Path(current_app.config["DATA_DIR"]), Path(out))
    click.echo(f"{out} : base ({counts['tenders']} appels d'offres, {counts['users']} comptes) "
               f"et {counts['originals']} fichiers d'origine.")


@click.command("restore")
@click.argument("archive", type=click.Path(exists=True, dir_okay=False))
@click.option("--force", is_flag=True, help="Remplacer une base qui contient déjà des données.")
@with_appcontext
def restore_command(archive: str, force: bool) -> None:
    """Restaure une sauvegarde faite par `backup` (application arrêtée)."""
    from backup import RestoreError, restore

    try:
        counts = restore(Path(archive), Path(current_app.config["DATA_DIR"]), force=force)
    except RestoreError as err:
        raise click.ClickException(str(err)) from err
    click.echo(f"Restauré : {counts['tenders']} appels d'offres, {counts['users']} comptes, "
               f"{counts['originals']} fichiers d'origine.")
