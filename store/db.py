"""The SQLite connection, the Flask-tutorial way: one connection per request in `g`, closed at
teardown; the schema made or migrated once, when the app starts (init_app)."""
from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

import sqlite_utils
from flask import Flask, current_app, g

from store.statistics import refresh_if_grown

BUSY_TIMEOUT_S = 30  # a writer waits this long for another one before giving up
DB_NAME = "solidarity.db"


class _Database(sqlite_utils.Database):
    """sqlite-utils' Database whose transactions take the write lock when they start.

    A plain BEGIN reads first and asks for the write lock later; with several writers SQLite
    then refuses the upgrade at once ("database is locked"), without waiting for the busy
    timeout. BEGIN IMMEDIATE waits for the lock instead (tests/serving show both)."""

    @contextlib.contextmanager
    def atomic(self):
        if self.conn.in_transaction:
            with super().atomic():
                yield self
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")


def connect(db_path: str | Path, schema: bool = True) -> sqlite_utils.Database:
    """Open the database. `schema=False` for connections made while others may be open (web
    requests, the worker): migrating concurrently would fight over the write lock."""
    db = _Database(sqlite3.connect(str(db_path), timeout=BUSY_TIMEOUT_S, check_same_thread=True))
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_S * 1000}")
    db.execute("PRAGMA foreign_keys = ON")
    if schema:
        from store.schema import migrate

        db.execute("PRAGMA journal_mode = WAL")  # readers (web pages) don't block an analysis being saved
        migrate(db)
    return db


def data_paths(config) -> tuple[Path, Path]:
    """(database file, originals folder) of an app's configuration (or a data folder path)."""
    data_dir = Path(config["DATA_DIR"] if not isinstance(config, (str, Path)) else config)
    return data_dir / DB_NAME, data_dir / "originals"


def get_db() -> sqlite_utils.Database:
    if "db" not in g:
        g.db = connect(data_paths(current_app.config)[0], schema=False)
    return g.db


def close_db(_exc=None) -> None:
    db = g.pop("db", None)
    if db is not None:
        db.close()


def private(path: Path, mode: int) -> None:
    """The data folder holds confidential tenders and the session secret: owner only."""
    if path.exists() and path.stat().st_mode & 0o777 != mode:
        path.chmod(mode)


def init_app(app: Flask) -> None:
    db_path, originals = data_paths(app.config)
    db_path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    private(db_path.parent, 0o700)
    db = connect(db_path)  # create or migrate the schema once, before any thread opens it
    try:
        refresh_if_grown(db)  # the planner's statistics, made again when the tenders have grown
    finally:
        db.close()
    for path in (db_path, Path(f"{db_path}-wal"), Path(f"{db_path}-shm")):
        private(path, 0o600)
    originals.mkdir(exist_ok=True, mode=0o700)
    private(originals, 0o700)
    app.teardown_appcontext(close_db)
