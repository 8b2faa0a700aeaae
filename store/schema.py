"""The schema, as sqlite-utils migrations (sqlite-migrate): each step runs once per database, in
order, and is recorded in the `_sqlite_migrations` table. A database made by an older version of
the toolkit is brought up to date when the app or a command opens it; nothing is lost."""
from __future__ import annotations

import sqlite_utils
from sqlite_migrate import Migrations

FTS_TOKENIZE = "unicode61 remove_diacritics 2"  # "dechets" finds "déchets"

migrations = Migrations("solidarity")

# Columns added to the tenders table after its first version, with the default given to rows
# stored before them: (column, type, default).
_LATER_TENDER_COLUMNS = (
    # Analysis jobs live on the tender row, so the id a client gets at upload is the tender's id;
    # rows stored before jobs existed were analysed, hence "done".
    ("status", str, "done"), ("stage", str, None), ("progress", int, 100), ("error", str, None),
    ("files", str, None),
    # Access (store.access): private to `org` until published; rows from before accounts
    # existed stay private (visible to admins) until someone publishes them.
    ("org", str, None), ("owner_id", int, None), ("published", int, 0),
    # service.pipeline_version() of the stored report: same files + same version = no rerun
    ("pipeline", str, None),
)


@migrations()
def m001_tenders(db: sqlite_utils.Database) -> None:
    """Originals, tenders, documents, pages, clauses, users and full-text search; idempotent, so
    that databases made before migrations existed are taken as they are."""
    db["originals"].create({"sha256": str, "name": str, "size": int, "path": str, "first_seen": str},
                           pk="sha256", if_not_exists=True)
    db["tenders"].create({
        "id": int, "key": str, "input": str, "title": str, "buyer": str, "reference": str,
        "procedure": str, "cpv": str, "deadline": str, "score_total": float, "grade": str,
        "accessibility_score": float, "report": str, "created": str, "updated": str,
    }, pk="id", not_null={"key"}, if_not_exists=True)
    db["tenders"].create_index(["key"], unique=True, if_not_exists=True)
    for column, kind, default in _LATER_TENDER_COLUMNS:
        if column not in db["tenders"].columns_dict:
            db["tenders"].add_column(column, kind, not_null_default=default)
    db["documents"].create({"id": int, "tender_id": int, "name": str, "kind": str, "format": str,
                            "pages": int, "sha256": str},
                           pk="id", foreign_keys=[("tender_id", "tenders", "id")], if_not_exists=True)
    db["pages"].create({"id": int, "tender_id": int, "document_id": int, "document": str, "number": int,
                        "text": str},
                       pk="id", foreign_keys=[("tender_id", "tenders", "id"), ("document_id", "documents", "id")],
                       if_not_exists=True)
    db["clauses"].create({"id": int, "tender_id": int, "category": str, "text": str, "document": str, "page": int,
                          "start": int, "end": int, "negated": int, "strength": str, "legal_refs": str,
                          "confidence": float, "source": str},
                         pk="id", foreign_keys=[("tender_id", "tenders", "id")], if_not_exists=True)
    for table in ("documents", "pages", "clauses"):
        db[table].create_index(["tender_id"], if_not_exists=True)
    db["users"].create({"id": int, "name": str, "password_hash": str, "role": str, "org": str,
                        "token_hash": str, "created": str}, pk="id", not_null={"name", "role", "org"},
                       if_not_exists=True)
    db["users"].create_index(["name"], unique=True, if_not_exists=True)
    db["users"].create_index(["token_hash"], unique=True, if_not_exists=True)
    for table in ("pages", "clauses"):
        if not db[table].detect_fts():
            db[table].enable_fts(["text"], tokenize=FTS_TOKENIZE, create_triggers=True)


@migrations()
def m002_drop_unread_tables(db: sqlite_utils.Database) -> None:
    """`scores` and `findings` were written and never read: the report holds both."""
    for table in ("scores", "findings"):
        if table in db.table_names():
            db[table].drop()


# Other rooms' tables bring their own migration sets (e.g. store.decp); they register here.
MIGRATION_SETS: list[Migrations] = [migrations]


def register(migration_set: Migrations) -> Migrations:
    if migration_set not in MIGRATION_SETS:
        MIGRATION_SETS.append(migration_set)
    return migration_set


def migrate(db: sqlite_utils.Database) -> None:
    with db.atomic():
        for migration_set in MIGRATION_SETS:
            migration_set.apply(db)
