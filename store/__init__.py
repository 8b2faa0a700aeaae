"""Stage 5, keeping: SQLite through sqlite-utils, and the originals on disk.

    store.db          connection, get_db/init_app for Flask, data paths
    store.schema      the schema as migrations (sqlite-migrate)
    store.tenders     saving and reading analysed tenders (the report in its own table)
    store.filters     the list's filters as SQL, each with an index behind it
    store.listing     the list one page at a time: keyset queries, counts for the rows shown
    store.paging      cursors and the windowed pager (pure)
    store.statistics  the query planner's statistics, made again as the tenders grow
    store.queue       the analysis queue on the tender rows
    store.originals   originals kept once under their SHA-256
    store.users       accounts, roles, API tokens
    store.access      who sees what (one rule, in Python and in SQL)
    store.search      full-text search
    store.dashboard   the dashboard's figures, from tallies kept by triggers
    store.decp        DECP contracts, organisations' buyers, the annual report's SQL
    store.backup      backup and restore of the data folder as one archive
    store.backup_folder  incremental backups into a folder (each original copied once)
    store.audit       who published or deleted what, and when
    store.deletion    deleting a tender and everything derived from it
    store.mine        the officer's own tenders ("Mes dossiers")
    store.secret_key  the session signing key
"""
from store import (
    access, audit, checks, dashboard, db, decp, deletion, mine, originals, queue, schema, search, sessions,
    tenders, throttle, users,
)

__all__ = [
    "access", "audit", "checks", "dashboard", "db", "decp", "deletion", "mine", "originals", "queue",
    "schema", "search", "sessions", "tenders", "throttle", "users",
]
