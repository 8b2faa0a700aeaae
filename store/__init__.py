"""Stage 5, keeping: SQLite through sqlite-utils, and the originals on disk.

    store.db          connection, get_db/init_app for Flask, data paths
    store.schema      the schema as migrations (sqlite-migrate)
    store.tenders     saving and reading analysed tenders, the list and its filters
    store.queue       the analysis queue on the tender rows
    store.originals   originals kept once under their SHA-256
    store.users       accounts, roles, API tokens
    store.access      who sees what (one rule, in Python and in SQL)
    store.search      full-text search
    store.dashboard   the dashboard's figures
    store.decp        DECP contracts, organisations' buyers, the annual report's SQL
    store.backup      backup and restore of the data folder
    store.secret_key  the session signing key
"""
from store import access, checks, dashboard, db, decp, originals, queue, schema, search, sessions, tenders, throttle, users

__all__ = ["access", "checks", "dashboard", "db", "decp", "originals", "queue", "schema", "search", "sessions", "tenders", "throttle", "users"]
