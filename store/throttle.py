"""Failed logins, counted in the database (shared by every web process) per account, per
address, per (account, address) and overall. Each count past its allowance asks for a growing
delay before the next attempt; no count ever blocks an account for good, and a right password
is accepted as soon as the delay has passed."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import sqlite_utils
from sqlite_migrate import Migrations

from store.schema import register

WINDOW = timedelta(minutes=15)  # failures older than this are forgotten
migrations = register(Migrations("throttle"))


@dataclass(frozen=True)
class Allowance:
    free: int  # failures allowed before any delay
    max_delay: float  # seconds: the delay doubles with each failure past `free`, up to this


# (account, address) is the guesser at one account; account alone, a guesser spread over many
# addresses; address alone, one address trying many names; "all", a flood. The shared-address
# and account-wide allowances are generous and capped low, so that a stranger behind the same
# proxy can only slow a user down for seconds, never lock them out.
ALLOWANCES = {"pair": Allowance(3, 300), "account": Allowance(10, 30), "address": Allowance(20, 60),
              "all": Allowance(200, 5)}


@migrations()
def m001_login_failures(db: sqlite_utils.Database) -> None:
    db["login_failures"].create({"key": str, "failures": int, "first": str, "last": str}, pk="key",
                                if_not_exists=True)


def _keys(name: str, address: str) -> dict[str, str]:
    name = name.strip().lower()
    return {"pair": f"pair:{name}|{address}", "account": f"account:{name}", "address": f"address:{address}",
            "all": "all"}


def _now() -> datetime:
    return datetime.now(timezone.utc)


def wait_seconds(db: sqlite_utils.Database, name: str, address: str) -> float:
    """How long this (name, address) must still wait before trying again; 0 when it may."""
    now = _now()
    wait = 0.0
    for kind, key in _keys(name, address).items():
        row = db.execute("SELECT failures, first, last FROM login_failures WHERE key = ?", (key,)).fetchone()
        if row is None or now - datetime.fromisoformat(row[1]) > WINDOW:
            continue
        allowance = ALLOWANCES[kind]
        over = row[0] - allowance.free
        if over > 0:
            delay = min(2.0 ** (over - 1), allowance.max_delay)
            wait = max(wait, delay - (now - datetime.fromisoformat(row[2])).total_seconds())
    return max(wait, 0.0)


def failed(db: sqlite_utils.Database, name: str, address: str) -> None:
    stamp = _now()
    with db.atomic():
        for key in _keys(name, address).values():
            row = db.execute("SELECT failures, first FROM login_failures WHERE key = ?", (key,)).fetchone()
            if row is None or stamp - datetime.fromisoformat(row[1]) > WINDOW:
                db["login_failures"].upsert({"key": key, "failures": 1, "first": stamp.isoformat(),
                                             "last": stamp.isoformat()}, pk="key")
            else:
                db.execute("UPDATE login_failures SET failures = failures + 1, last = ? WHERE key = ?",
                           (stamp.isoformat(), key))


def succeeded(db: sqlite_utils.Database, name: str, address: str) -> None:
    keys = _keys(name, address)
    with db.atomic():
        for kind in ("pair", "account"):
            db.execute("DELETE FROM login_failures WHERE key = ?", (keys[kind],))
