"""The annual report from the command line: importing DECP files, tying organisations to their
buyers, writing bilan.json, bilan.html and bilan.pdf.

    decp import FILE...                       JSON, JSON Lines or CSV; re-import updates
    org-buyer ORG SIRET_OR_SIREN...           this organisation answers for these buyers
    bilan --scope SCOPE --year YYYY --out DIR the report of a scope (decp.scope) and a year
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from bilan import build_report
from bilan.render import document_html, document_pdf
from decp.scope import ScopeError, parse_scope
from store import db as db_module
from store import decp as decp_store

SHOWN_PROBLEMS = 20  # bad records printed one by one; all are counted


def _db():
    return db_module.connect(db_module.data_paths(current_app.config)[0])


@click.group("decp")
def decp_group() -> None:
    """Données essentielles de la commande publique (DECP)."""


@decp_group.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@with_appcontext
def import_command(files: tuple[str, ...]) -> None:
    """Importe des fichiers DECP (JSON, JSON Lines, CSV ; formats 2024 et 2019)."""
    db = _db()
    result = decp_store.ImportResult()
    try:
        for name in files:
            size = Path(name).stat().st_size
            with click.progressbar(length=size, label=Path(name).name, file=sys.stderr) as bar:
                done = [0]

                def progress(offset: int, bar=bar, done=done) -> None:
                    if offset > done[0]:
                        bar.update(offset - done[0])
                        done[0] = offset

                decp_store.import_file(db, name, result, progress)
    finally:
        db.close()
    for problem in result.problems[:SHOWN_PROBLEMS]:
        click.echo(f"ignoré — {problem}", err=True)
    if result.problem_count > SHOWN_PROBLEMS:
        click.echo(f"… et {result.problem_count - SHOWN_PROBLEMS} autre(s) enregistrement(s) ignoré(s).", err=True)
    dates = ", ".join(f"{n} {label}" for key, label in (("missing", "sans date"), ("invalid", "date illisible"))
                      if (n := result.date_flags.get(key)))
    amounts = sum(result.amount_flags.values())
    click.echo(f"{result.files} fichier(s), {result.records} marchés lus : {result.new} nouveaux, "
               f"{result.updated} mis à jour, {result.unchanged} inchangés ; {result.problem_count} "
               f"enregistrement(s) ignoré(s) ; {dates or 'toutes les dates lues'} ; {amounts} montant(s) "
               "signalé(s) (absent, 0 ou 1 €, négatif, invraisemblable).")


@click.command("org-buyer")
@click.argument("org")
@click.argument("identifiers", nargs=-1, required=True)
@with_appcontext
def org_buyer_command(org: str, identifiers: tuple[str, ...]) -> None:
    """Rattache à l'organisation ORG les acheteurs (SIRET, ou SIREN pour tous ses établissements)
    dont ses agents peuvent consulter le bilan."""
    db = _db()
    try:
        for identifier in identifiers:
            try:
                added = decp_store.add_org_buyer(db, org, identifier)
            except ValueError as err:
                raise click.ClickException(str(err)) from err
            click.echo(f"{org} ← {identifier}" + ("" if added else " (déjà rattaché)"))
        click.echo(f"{org} : {', '.join(decp_store.org_identifiers(db, org))}")
    finally:
        db.close()


@click.command("bilan")
@click.option("--scope", "scope_text", required=True,
              help="siret:…, siren:…, departement:… ou region:… (plusieurs valeurs séparées par des virgules).")
@click.option("--year", required=True, type=click.IntRange(1990, 2100), help="Année de notification.")
@click.option("--out", required=True, type=click.Path(file_okay=False), help="Dossier où écrire les trois fichiers.")
@with_appcontext
def bilan_command(scope_text: str, year: int, out: str) -> None:
    """Écrit bilan.json, bilan.html et bilan.pdf pour un périmètre et une année."""
    try:
        scope = parse_scope(scope_text)
    except ScopeError as err:
        raise click.BadParameter(str(err), param_hint="--scope") from err
    db = _db()
    try:
        report = build_report(db, scope, year)
    finally:
        db.close()
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "bilan.json").write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    (folder / "bilan.html").write_text(document_html(report), encoding="utf-8")
    click.echo(f"{scope.label}, {year} : {report['contracts']} marchés ; {folder / 'bilan.json'}, {folder / 'bilan.html'}")
    try:
        (folder / "bilan.pdf").write_bytes(document_pdf(report))
    except RuntimeError as err:
        raise click.ClickException(str(err)) from err
    click.echo(f"{folder / 'bilan.pdf'}")


COMMANDS = (decp_group, org_buyer_command, bilan_command)
