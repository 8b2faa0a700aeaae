"""The guide from the command line."""
from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from guide.build import build, build_exercises
from store import db as db_module


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
    db = db_module.connect(db_module.data_paths(current_app.config)[0])
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


COMMANDS = (guide_group,)
