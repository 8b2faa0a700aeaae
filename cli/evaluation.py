"""Measuring from the command line: the evaluation against gold labels, training the
classifier, and the spread of a batch of reports."""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from cli.analysis import reports_of
from evaluation.access import AccessResult, format_access, load_access
from evaluation.clauses import LABELS_DIR, evaluate, format_table, load_labels
from nlp.classifier import ARTIFACT, training
from report.stats import format_stats, summarise

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


@click.command("evaluate")
@click.option("--labels", "labels_path", type=click.Path(exists=True, dir_okay=False),
              default=str(LABELS_DIR / "dev.csv"), show_default=True,
              help="Étiquettes de référence (CSV, une ligne par appel d'offres).")
@click.option("--access", "access_path", type=click.Path(dir_okay=False), default=str(LABELS_DIR / "access.yml"),
              show_default=True, help="Étiquettes d'accessibilité et d'identité (YAML) ; « - » pour les ignorer.")
@click.option("--corpus", type=click.Path(file_okay=False),
              default=str(DEFAULT_CORPUS), show_default=True,
              help="Dossier racine des sources citées dans les étiquettes.")
@click.option("--split", type=click.Choice(["all", "tune", "test"]), default="all", show_default=True,
              help="Partition mesurée : tune (réglage), test (figée, jamais regardée en détail) ou all.")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 32))
@click.option("--errors", "show_errors", is_flag=True, help="Liste les erreurs, appel par appel (pas sur test).")
@click.option("--classifier/--no-classifier", "use_classifier", default=None,
              help="Avec ou sans le classifieur de phrases (par défaut : SOLIDARITY_CLASSIFIER, activé).")
def evaluate_command(labels_path: str, access_path: str, corpus: str, split: str, workers: int, show_errors: bool,
                     use_classifier: bool | None = None) -> None:
    """Précision, rappel et F1 par catégorie (avis et dossiers à part), pondérations exactes,
    constats d'accessibilité et champs d'identité."""
    if show_errors and split == "test":
        raise click.ClickException("Les erreurs de la partition de test ne s'affichent pas : elle sert à mesurer, "
                                   "pas à régler. Utilisez --split tune.")
    if use_classifier is not None:  # an env var reaches spawned workers, a module global would not
        os.environ["SOLIDARITY_CLASSIFIER"] = "1" if use_classifier else "0"
    golds = [g for g in load_labels(labels_path) if split == "all" or g.split == split]
    access = [] if access_path == "-" or not Path(access_path).exists() else [
        a for a in load_access(access_path) if split == "all" or a.split == split]
    corpus_dir = Path(corpus)
    missing = [g.source for g in golds if not (corpus_dir / g.source).exists()]
    if missing:
        raise click.ClickException(f"{len(missing)} sources absentes de {corpus_dir} (par ex. {missing[0]}).")
    absent = [a for a in access if not (corpus_dir / a.source).exists()]
    if absent:  # another label set than the corpus's: measured where its sources are
        click.echo(f"{len(absent)} sources des étiquettes d'accès absentes de {corpus_dir} : ignorées.", err=True)
        access = [a for a in access if a not in absent]
    sources = list(dict.fromkeys([g.source for g in golds] + [a.source for a in access]))
    with click.progressbar(length=len(sources), label="Évaluation", file=sys.stderr, show_pos=True) as bar:
        reports = {}
        for source, report in zip(sources, reports_of([str(corpus_dir / s) for s in sources], workers)):
            reports[source] = report
            bar.update(1)
    results = {}
    for group in ("notices", "documents"):
        chosen = [g for g in golds if g.group == group]
        if chosen:
            results[group] = evaluate(chosen, (reports[g.source] for g in chosen))
            click.echo(format_table(results[group], f"{len(chosen)} {GROUP_TITLES[group]} étiquetés "
                                                    f"(partition {split}, {labels_path})"))
            click.echo("")
    if access:
        access_result = AccessResult()
        for gold in access:
            access_result.add(gold, reports[gold.source])
        click.echo(format_access(access_result, f"{len(access)} appels d'offres étiquetés pour l'accès et l'identité "
                                                f"(partition {split}, {access_path})"))
    if show_errors:
        for result in results.values():
            for source, what in result.errors:
                click.echo(f"  {source} : {what}")
            for source, message in result.failed:
                click.echo(f"  {source} : ERREUR {message}")
        if access:
            for source, what in access_result.errors:
                click.echo(f"  {source} : {what}")


GROUP_TITLES = {"notices": "avis", "documents": "dossiers de consultation"}


@click.command("stats")
@click.argument("jsonl", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
def stats_command(jsonl: tuple[str, ...]) -> None:
    """Répartition des scores, notes, obligations et leviers d'un ou plusieurs fichiers de rapports."""
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
              default=str(DEFAULT_CORPUS), show_default=True,
              help="Corpus où retrouver les passages étiquetés (nlp/training/passages.csv) ; ignoré s'il est absent.")
@click.option("--no-corpus", is_flag=True, help="N'utilise que les phrases écrites (nlp/training/sentences.yml).")
@click.option("--variant", type=click.Choice(training.VARIANTS), default=training.DEFAULT_VARIANT, show_default=True,
              help="Caractéristiques du modèle.")
@click.option("--compare", is_flag=True, help="Compare les variantes en validation croisée, sans rien enregistrer.")
def train_command(out: str | None, seed: int, corpus: str, no_corpus: bool, variant: str, compare: bool) -> None:
    """Réentraîne le classifieur de phrases ; affiche les effectifs et la validation croisée
    groupée par appel d'offres (ou, avec --compare, le tableau des variantes)."""
    corpus_dir = None if no_corpus or not Path(corpus).is_dir() else Path(corpus)
    if corpus_dir is None and not no_corpus:
        click.echo(f"{corpus} absent : entraînement sur les seules phrases écrites.", err=True)
    done = [0]

    def progress(_source) -> None:
        done[0] += 1
        if done[0] % 20 == 0:
            click.echo(f"  {done[0]} appels d'offres relus pour leurs passages…", err=True)

    if compare:
        results, counts = training.compare(corpus_dir, seed=seed, progress=progress)
        click.echo(training.format_comparison(results, counts))
        return
    result = training.train(out or ARTIFACT, seed=seed, corpus=corpus_dir, progress=progress, variant=variant)
    click.echo(training.format_training_report(result))


COMMANDS = (evaluate_command, stats_command, train_command)
