"""Users, roles and API tokens, stored next to the tenders.

Passwords are hashed with werkzeug (scrypt); API tokens are random and only their SHA-256 is
stored, so a copy of the database gives neither. Who sees what is store.access.
"""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timezone

import sqlite_utils
from werkzeug.security import check_password_hash, generate_password_hash

ROLES = ("admin", "officer", "trainer")
UPLOAD_ROLES = ("admin", "officer")


@dataclass(frozen=True)
class User:
    id: int
    name: str
    role: str
    org: str

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def can_upload(self) -> bool:
        return self.role in UPLOAD_ROLES


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class AccountError(ValueError):
    """A user cannot be created as asked; the message says why, in French."""


def create_user(db: sqlite_utils.Database, name: str, role: str, org: str, password: str) -> tuple[User, str]:
    """The new user and its API token (shown once: only its hash is kept)."""
    name, org = name.strip(), org.strip()
    if role not in ROLES:
        raise AccountError(f"Rôle inconnu « {role} » : {', '.join(ROLES)}.")
    if not name or not org:
        raise AccountError("Le nom et l'organisation sont obligatoires.")
    if len(password) < 8:
        raise AccountError("Le mot de passe doit compter au moins 8 caractères.")
    if db.execute("SELECT 1 FROM users WHERE name = ?", (name,)).fetchone():
        raise AccountError(f"L'utilisateur « {name} » existe déjà.")
    token = secrets.token_urlsafe(32)
    with db.conn:
        user_id = db.conn.execute(
            "INSERT INTO users (name, password_hash, role, org, token_hash, created) VALUES (?, ?, ?, ?, ?, ?)",
            (name, generate_password_hash(password), role, org, _token_hash(token),
             datetime.now(timezone.utc).isoformat(timespec="seconds"))).lastrowid
    return User(user_id, name, role, org), token


def _user(row) -> User | None:
    return User(*row) if row else None


def get_user(db: sqlite_utils.Database, user_id: int) -> User | None:
    return _user(db.execute("SELECT id, name, role, org FROM users WHERE id = ?", (user_id,)).fetchone())


def authenticate(db: sqlite_utils.Database, name: str, password: str) -> User | None:
    row = db.execute("SELECT id, name, role, org, password_hash FROM users WHERE name = ?", (name.strip(),)).fetchone()
    if row is None:
        generate_password_hash(password)  # same work either way: the timing does not tell names apart
        return None
    return _user(row[:4]) if check_password_hash(row[4], password) else None


def by_token(db: sqlite_utils.Database, token: str) -> User | None:
    if not token:
        return None
    return _user(db.execute("SELECT id, name, role, org FROM users WHERE token_hash = ?",
                            (_token_hash(token),)).fetchone())
