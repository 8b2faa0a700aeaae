"""Accounts and the data folder from the command line."""
from __future__ import annotations

import secrets
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from store import db as db_module
from store import users as accounts
from store.backup import RestoreError, backup, restore
from store.backup_folder import backup_folder, restore_folder


@click.command("create-user")
@click.argument("name")
@click.option("--role", required=True, type=click.Choice(["admin", "officer", "trainer"]))
@click.option("--org", required=True, help="Organisation (les dossiers y sont partagés).")
@click.option("--password", default=None, help="Sinon un mot de passe est tiré au hasard et affiché.")
@with_appcontext
def create_user_command(name: str, role: str, org: str, password: str | None) -> None:
    """Crée un compte ; la dernière ligne affichée est son jeton d'API (montré une seule fois)."""
    db = db_module.connect(db_module.data_paths(current_app.config)[0])
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


def is_archive(path: str) -> bool:
    return path.endswith((".tar.gz", ".tgz"))


@click.command("backup")
@click.argument("out", type=click.Path(writable=True))
@with_appcontext
def backup_command(out: str) -> None:
    """Sauvegarde la base, les fichiers d'origine et la clé secrète : dans un dossier OUT,
    incrémentale (chaque fichier d'origine copié une seule fois, un instantané daté de la base
    compressé à chaque fois) ; dans une archive unique si OUT finit par .tar.gz."""
    data_dir = Path(current_app.config["DATA_DIR"])
    if is_archive(out):
        counts = backup(data_dir, Path(out))
        click.echo(f"{out} : base ({counts['tenders']} appels d'offres, {counts['users']} comptes) "
                   f"et {counts['originals']} fichiers d'origine.")
    else:
        if Path(out).exists() and not Path(out).is_dir():
            raise click.ClickException(f"{out} existe et n'est pas un dossier (une archive doit finir par .tar.gz).")
        done = backup_folder(data_dir, Path(out))
        click.echo(f"{done['snapshot']} : base ({done['tenders']} appels d'offres, {done['users']} comptes) ; "
                   f"{done['originals']} fichiers d'origine, dont {done['new']} nouveaux copiés "
                   f"({done['new_bytes'] / 1e6:.1f} Mo), les autres déjà sauvegardés.")
        if done["corrupt"]:
            click.echo(f"Attention : {len(done['corrupt'])} fichier(s) d'origine altéré(s) dans les données, "
                       f"non copiés : {', '.join(done['corrupt'][:5])}", err=True)
    click.echo("Attention : la sauvegarde contient la clé secrète des sessions (secret_key) et des dossiers "
               "confidentiels ; gardez-la comme un mot de passe (fichiers en mode 600). Après une fuite : "
               "flask --app app rotate-secret.")


@click.command("restore")
@click.argument("archive", type=click.Path(exists=True))
@click.option("--force", is_flag=True, help="Remplacer une base qui contient déjà des données.")
@with_appcontext
def restore_command(archive: str, force: bool) -> None:
    """Restaure une sauvegarde faite par `backup` (application arrêtée) : une archive .tar.gz, un
    dossier de sauvegarde (son dernier instantané) ou l'un de ses instantanés."""
    data_dir = Path(current_app.config["DATA_DIR"])
    try:
        if Path(archive).is_dir():
            counts = restore_folder(Path(archive), data_dir, force=force)
        else:
            counts = restore(Path(archive), data_dir, force=force)
    except RestoreError as err:
        raise click.ClickException(str(err)) from err
    click.echo(f"Restauré : {counts['tenders']} appels d'offres, {counts['users']} comptes, "
               f"{counts['originals']} fichiers d'origine.")


@click.command("rotate-secret")
@with_appcontext
def rotate_secret_command() -> None:
    """Remplace la clé secrète des sessions et ferme toutes les sessions ouvertes."""
    from store import sessions
    from store.secret_key import rotate

    rotate(Path(current_app.config["DATA_DIR"]))
    db = db_module.connect(db_module.data_paths(current_app.config)[0])
    try:
        closed = sessions.close_all(db)
    finally:
        db.close()
    click.echo(f"Nouvelle clé secrète écrite ; {closed} session(s) fermée(s). Redémarrez le serveur web "
               "(une clé donnée par SOLIDARITY_SECRET_KEY reste à changer à la main).")


COMMANDS = (create_user_command, backup_command, restore_command, rotate_secret_command)
