"""Analysing tenders from the command line: one, a batch, an import into the store (analyses in
parallel processes, this one the single writer)."""
from __future__ import annotations

import json
import multiprocessing
import sys
from collections.abc import Iterator

import click
from flask import current_app
from flask.cli import with_appcontext

from report.summary import format_summary
from service import analyze_path, pipeline_version, report_or_error, warm_up
from store import db as db_module
from store import tenders as tender_store
from tenders.errors import ReadError


def reports_of(paths: list[str], workers: int) -> Iterator[dict]:
    """The report of each path, in order (a failed input gives a report with `error` set); the
    model is loaded once per process."""
    if workers == 1:
        warm_up()
        yield from map(report_or_error, paths)
        return
    with multiprocessing.get_context("spawn").Pool(workers, initializer=warm_up) as pool:
        yield from pool.imap(report_or_error, paths, chunksize=1)


@click.command("analyze")
@click.argument("path", type=click.Path(exists=True))
@click.option("--json", "as_json", is_flag=True, help="Affiche le rapport JSON complet.")
def analyze_command(path: str, as_json: bool) -> None:
    """Analyse un appel d'offres (fichier, dossier ou ZIP) et affiche le résultat."""
    try:
        report = analyze_path(path)[0]
    except ReadError as err:
        raise click.ClickException(str(err)) from err
    click.echo(json.dumps(report, ensure_ascii=False, indent=2) if as_json else format_summary(report))


@click.command("batch")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--jsonl", "out", required=True, type=click.Path(dir_okay=False, writable=True),
              help="Fichier de sortie : un rapport JSON par ligne.")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 32),
              help="Processus d'analyse en parallèle.")
def batch_command(paths: tuple[str, ...], out: str, workers: int) -> None:
    """Analyse chaque PATH comme un appel d'offres ; écrit un rapport par ligne."""
    failed = 0
    with open(out, "w", encoding="utf-8") as fh, click.progressbar(
        length=len(paths), label="Analyse", file=sys.stderr, show_pos=True
    ) as bar:
        for report in reports_of(list(paths), workers):
            failed += bool(report.get("error"))
            fh.write(json.dumps(report, ensure_ascii=False) + "\n")
            fh.flush()
            bar.update(1)
    click.echo(f"{len(paths)} appels d'offres, {failed} en erreur, rapports dans {out}", err=True)


def analysed(path: str) -> tuple[str, tuple | str]:
    """In a worker process: (path, (report, tender, files)), or (path, why it could not be read)."""
    try:
        return path, analyze_path(path)
    except ReadError as err:
        return path, str(err)


def analyses_of(paths: list[str], workers: int) -> Iterator[tuple[str, tuple | str]]:
    """Each path's analysis as soon as it is done (in any order with several workers)."""
    if workers == 1:
        yield from map(analysed, paths)
        return
    with multiprocessing.get_context("spawn").Pool(workers, initializer=warm_up) as pool:
        yield from pool.imap_unordered(analysed, paths, chunksize=1)


@click.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--org", default=None, help="Organisation propriétaire : le dossier lui reste privé. "
                                          "Sans --org, il est publié (avis déjà publics, corpus).")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 32),
              help="Processus d'analyse en parallèle ; ce processus-ci enregistre chaque résultat.")
@with_appcontext
def import_command(paths: tuple[str, ...], org: str | None, workers: int) -> None:
    """Analyse chaque PATH et l'enregistre dans la base."""
    db_path, originals = db_module.data_paths(current_app.config)
    db = db_module.connect(db_path)
    errors = 0
    try:
        for path, result in analyses_of(list(paths), workers):  # one writer: this process
            if isinstance(result, str):
                errors += 1
                click.echo(f"{path} : {result}", err=True)
                continue
            report, tender, files = result
            tender_id = tender_store.save(db, originals, report, tender, files, org=org, published=org is None,
                                          pipeline=pipeline_version())
            click.echo(f"{path} → appel d'offres n° {tender_id} ({report['tender']['title'] or 'sans titre'}), "
                       f"score {report['score']['total']}")
    finally:
        db.close()
    if errors:
        sys.exit(1)


COMMANDS = (analyze_command, batch_command, import_command)
