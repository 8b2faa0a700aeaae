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


@migrations()
def m003_reports_apart(db: sqlite_utils.Database) -> None:
    """The report JSON (8 KB and more) moves to its own table: scans of the tenders table (list,
    queue, visibility) no longer walk its overflow pages. Every report is copied first."""
    db.execute("CREATE TABLE IF NOT EXISTS reports (tender_id INTEGER PRIMARY KEY REFERENCES tenders(id),"
               " report TEXT NOT NULL)")
    if "report" in db["tenders"].columns_dict:
        db.execute("INSERT OR REPLACE INTO reports (tender_id, report)"
                   " SELECT id, report FROM tenders WHERE report IS NOT NULL")
        db.execute("ALTER TABLE tenders DROP COLUMN report")


@migrations()
def m004_list_queue_and_visibility_indexes(db: sqlite_utils.Database) -> None:
    """Indexes for the list order (updated, id: keyset paging) within who sees what (published,
    org), the queue (status), each filter, and the passages of a tender by category. `updated`
    is never NULL from now on (a row inserted without it takes its creation time, else '')."""
    db.execute("UPDATE tenders SET updated = coalesce(created, '') WHERE updated IS NULL")
    db.execute("CREATE TRIGGER IF NOT EXISTS tenders_updated_not_null AFTER INSERT ON tenders"
               " WHEN NEW.updated IS NULL BEGIN"
               " UPDATE tenders SET updated = coalesce(NEW.created, '') WHERE id = NEW.id; END")
    # The three list-order indexes carry the filtered columns, so that walking them in order
    # checks a filter without reading the rows (a deadline range far down the list stays cheap).
    carried = "status, score_total, deadline"
    for name, columns in (("tenders_list_order", f"updated, id, published, org, {carried}"),
                          ("tenders_published", f"published, updated, id, {carried}"),
                          ("tenders_org", f"org, updated, id, published, {carried}"),
                          ("tenders_status", "status, updated"),
                          ("tenders_deadline", "deadline, published, org, status"),
                          ("tenders_score", "score_total, published, org, status"),
                          ("clauses_tender_category", "tender_id, category, negated")):
        table = name.split("_", 1)[0]
        db.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({columns})")


@migrations()
def m005_tender_categories(db: sqlite_utils.Database) -> None:
    """The clause categories found (not negated) in each tender, kept by triggers on `clauses`,
    with the tender's list key and visibility (updated, published, org) copied and kept by a
    trigger on `tenders`: the category filter walks this small table's indexes in the list order
    and counts its matches without reading the tenders."""
    db.execute("CREATE TABLE IF NOT EXISTS tender_categories (category TEXT NOT NULL, tender_id INTEGER NOT NULL,"
               " updated TEXT, published INTEGER, org TEXT, PRIMARY KEY (category, tender_id)) WITHOUT ROWID")
    for name, columns in (("tender_categories_tender", "tender_id"),
                          ("tender_categories_order", "category, updated, tender_id"),
                          ("tender_categories_published", "category, published, updated, tender_id"),
                          ("tender_categories_org", "category, org, updated, tender_id, published")):
        db.execute(f"CREATE INDEX IF NOT EXISTS {name} ON tender_categories ({columns})")
    add = ("INSERT INTO tender_categories (category, tender_id, updated, published, org)"
           " SELECT NEW.category, NEW.tender_id, t.updated, t.published, t.org FROM tenders t"
           " WHERE t.id = NEW.tender_id AND NEW.negated = 0 AND NEW.category IS NOT NULL AND NOT EXISTS"
           " (SELECT 1 FROM tender_categories WHERE category = NEW.category AND tender_id = NEW.tender_id);")
    remove = ("DELETE FROM tender_categories WHERE OLD.negated = 0 AND category = OLD.category"
              " AND tender_id = OLD.tender_id AND NOT EXISTS (SELECT 1 FROM clauses WHERE"
              " tender_id = OLD.tender_id AND category = OLD.category AND negated = 0);")
    follow = ("UPDATE tender_categories SET updated = NEW.updated, published = NEW.published, org = NEW.org"
              " WHERE tender_id = NEW.id;")
    for statement in (
            f"CREATE TRIGGER IF NOT EXISTS clauses_category_added AFTER INSERT ON clauses BEGIN {add} END",
            f"CREATE TRIGGER IF NOT EXISTS clauses_category_removed AFTER DELETE ON clauses BEGIN {remove} END",
            "CREATE TRIGGER IF NOT EXISTS clauses_category_changed AFTER UPDATE OF category, negated, tender_id"
            f" ON clauses BEGIN {remove} {add} END",
            "CREATE TRIGGER IF NOT EXISTS tenders_category_keys AFTER UPDATE OF updated, published, org ON tenders"
            " WHEN NEW.updated IS NOT OLD.updated OR NEW.published IS NOT OLD.published OR NEW.org IS NOT OLD.org"
            f" BEGIN {follow} END"):
        db.execute(statement)
    db.execute("INSERT OR IGNORE INTO tender_categories (category, tender_id, updated, published, org)"
               " SELECT DISTINCT c.category, c.tender_id, t.updated, t.published, t.org FROM clauses c"
               " JOIN tenders t ON t.id = c.tender_id WHERE c.negated = 0 AND c.category IS NOT NULL")


def _bin(column: str) -> str:
    """The tenth of 0-100 a score falls in, as text ('0'..'9'; 100 is in the last)."""
    return f"CAST(min(max(CAST({column} / 10 AS INTEGER), 0), 9) AS TEXT)"


def _measures(t: str, tenders: str = "") -> str:
    """(org, published, measure, value) rows a done tender adds to the dashboard: SQL over the row
    `t` (NEW or OLD in a trigger; with `tenders` = "FROM tenders t", over every stored row)."""
    who = f"coalesce({t}.org, '') AS org, coalesce({t}.published, 0) AS published"
    done = f"{t}.status = 'done'"
    join = "FROM tenders t JOIN tender_categories c ON c.tender_id = t.id" if tenders else (
        f"FROM tender_categories c WHERE c.tender_id = {t}.id AND")
    return " UNION ALL ".join((
        f"SELECT {who}, 'total' AS measure, '' AS value {tenders} WHERE {done}",
        f"SELECT {who}, 'grade', coalesce({t}.grade, '') {tenders} WHERE {done}",
        f"SELECT {who}, 'score', {_bin(t + '.score_total')} {tenders} WHERE {done} AND {t}.score_total IS NOT NULL",
        f"SELECT {who}, 'access', {_bin(t + '.accessibility_score')} {tenders} WHERE {done}"
        f" AND {t}.accessibility_score IS NOT NULL",
        f"SELECT {who}, 'lever', c.category {join}{' WHERE' if tenders else ''} {done}"))


def _tally(rows: str, n: str) -> str:
    return (f"INSERT INTO tallies (org, published, measure, value, n) SELECT m.org, m.published, m.measure, m.value,"
            f" {n} FROM ({rows}) m WHERE true GROUP BY 1, 2, 3, 4"
            " ON CONFLICT (org, published, measure, value) DO UPDATE SET n = n + excluded.n;")


@migrations()
def m006_dashboard_tallies(db: sqlite_utils.Database) -> None:
    """The dashboard's figures kept as counts per (organisation, published, measure, value),
    by triggers on the tenders and their categories: the dashboard reads a few hundred rows
    whatever the number of tenders. Only analysed (done) tenders count, but for the measure
    'listed' (every tender, whatever its state: the unfiltered list's total)."""
    db.execute("CREATE TABLE IF NOT EXISTS tallies (org TEXT NOT NULL, published INTEGER NOT NULL,"
               " measure TEXT NOT NULL, value TEXT NOT NULL, n INTEGER NOT NULL,"
               " PRIMARY KEY (org, published, measure, value)) WITHOUT ROWID")
    lever = ("INSERT INTO tallies (org, published, measure, value, n) SELECT coalesce(t.org, ''),"
             " coalesce(t.published, 0), 'lever', {row}.category, {n} FROM tenders t WHERE t.id = {row}.tender_id"
             " AND t.status = 'done' ON CONFLICT (org, published, measure, value) DO UPDATE SET n = n + excluded.n;")
    watched = "status, grade, score_total, accessibility_score, published, org"

    def listed(row: str, n: int) -> str:
        return (f"INSERT INTO tallies (org, published, measure, value, n) VALUES (coalesce({row}.org, ''),"
                f" coalesce({row}.published, 0), 'listed', '', {n})"
                " ON CONFLICT (org, published, measure, value) DO UPDATE SET n = n + excluded.n;")

    for statement in (
            f"CREATE TRIGGER IF NOT EXISTS tenders_tally_added AFTER INSERT ON tenders WHEN NEW.status = 'done'"
            f" BEGIN {_tally(_measures('NEW'), 'count(*)')} END",
            f"CREATE TRIGGER IF NOT EXISTS tenders_tally_removed AFTER DELETE ON tenders WHEN OLD.status = 'done'"
            f" BEGIN {_tally(_measures('OLD'), '-count(*)')} END",
            f"CREATE TRIGGER IF NOT EXISTS tenders_tally_changed AFTER UPDATE OF {watched} ON tenders"
            " WHEN OLD.status = 'done' OR NEW.status = 'done'"
            f" BEGIN {_tally(_measures('OLD'), '-count(*)')} {_tally(_measures('NEW'), 'count(*)')} END",
            f"CREATE TRIGGER IF NOT EXISTS tenders_listed_added AFTER INSERT ON tenders BEGIN {listed('NEW', 1)} END",
            f"CREATE TRIGGER IF NOT EXISTS tenders_listed_removed AFTER DELETE ON tenders BEGIN {listed('OLD', -1)} END",
            "CREATE TRIGGER IF NOT EXISTS tenders_listed_changed AFTER UPDATE OF published, org ON tenders"
            " WHEN NEW.published IS NOT OLD.published OR NEW.org IS NOT OLD.org"
            f" BEGIN {listed('OLD', -1)} {listed('NEW', 1)} END",
            "CREATE TRIGGER IF NOT EXISTS tender_categories_tally_added AFTER INSERT ON tender_categories"
            f" BEGIN {lever.format(row='NEW', n=1)} END",
            "CREATE TRIGGER IF NOT EXISTS tender_categories_tally_removed AFTER DELETE ON tender_categories"
            f" BEGIN {lever.format(row='OLD', n=-1)} END"):
        db.execute(statement)
    db.execute("DELETE FROM tallies")
    db.execute(_tally(_measures("t", "FROM tenders t"), "count(*)"))
    db.execute(_tally("SELECT coalesce(t.org, '') AS org, coalesce(t.published, 0) AS published,"
                      " 'listed' AS measure, '' AS value FROM tenders t", "count(*)"))


@migrations()
def m007_tenders_fts(db: sqlite_utils.Database) -> None:
    """Full-text index of the tenders' title and buyer (the buyer filter: words and prefixes,
    accents ignored), kept by triggers; prefixes of 2 and 3 letters indexed."""
    db.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS tenders_fts USING fts5(title, buyer, content='tenders',"
               f" content_rowid='id', tokenize='{FTS_TOKENIZE}', prefix='2 3')")
    new = "INSERT INTO tenders_fts (rowid, title, buyer) VALUES (NEW.id, NEW.title, NEW.buyer);"
    old = ("INSERT INTO tenders_fts (tenders_fts, rowid, title, buyer)"
           " VALUES ('delete', OLD.id, OLD.title, OLD.buyer);")
    for statement in (
            f"CREATE TRIGGER IF NOT EXISTS tenders_fts_added AFTER INSERT ON tenders BEGIN {new} END",
            f"CREATE TRIGGER IF NOT EXISTS tenders_fts_removed AFTER DELETE ON tenders BEGIN {old} END",
            f"CREATE TRIGGER IF NOT EXISTS tenders_fts_changed AFTER UPDATE OF title, buyer ON tenders"
            f" BEGIN {old} {new} END"):
        db.execute(statement)
    db.execute("INSERT INTO tenders_fts (tenders_fts) VALUES ('rebuild')")


@migrations()
def m008_tender_files(db: sqlite_utils.Database) -> None:
    """Which originals each tender is made of (its `files`, as rows), kept by triggers: an
    organisation's stored bytes and whether another tender still uses a file are read from
    indexes instead of parsing every tender's list."""
    db.execute("CREATE TABLE IF NOT EXISTS tender_files (tender_id INTEGER NOT NULL, sha256 TEXT NOT NULL, org TEXT,"
               " PRIMARY KEY (tender_id, sha256)) WITHOUT ROWID")
    db.execute("CREATE INDEX IF NOT EXISTS tender_files_org ON tender_files (org, sha256)")
    db.execute("CREATE INDEX IF NOT EXISTS tender_files_sha256 ON tender_files (sha256)")
    # [[name, sha256], ...]; something else (bad JSON, another shape) adds nothing rather than failing a save
    listed = "json_each(CASE WHEN json_valid({files}) THEN {files} ELSE '[]' END) f"
    digest = "json_extract(CASE WHEN f.type = 'array' THEN f.value END, '$[1]')"
    add = (f"INSERT OR IGNORE INTO tender_files (tender_id, sha256, org) SELECT NEW.id, {digest}, NEW.org"
           f" FROM {listed.format(files='NEW.files')} WHERE {digest} IS NOT NULL;")
    for statement in (
            f"CREATE TRIGGER IF NOT EXISTS tenders_files_added AFTER INSERT ON tenders BEGIN {add} END",
            "CREATE TRIGGER IF NOT EXISTS tenders_files_changed AFTER UPDATE OF files, org ON tenders BEGIN"
            f" DELETE FROM tender_files WHERE tender_id = OLD.id; {add} END",
            "CREATE TRIGGER IF NOT EXISTS tenders_files_removed AFTER DELETE ON tenders BEGIN"
            " DELETE FROM tender_files WHERE tender_id = OLD.id; END"):
        db.execute(statement)
    db.execute(f"INSERT OR IGNORE INTO tender_files (tender_id, sha256, org) SELECT t.id, {digest}, t.org"
               f" FROM tenders t, {listed.format(files='t.files')} WHERE {digest} IS NOT NULL")


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
