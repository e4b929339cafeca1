"""Raw looks at a database file for tests: rows beside the ORM, its tables, its bytes (never used by the app)."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from desktop.db import Database, connect_raw


def sql_rows(db: Database, sql: str, parameters: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """The rows of one read-only statement, through a fresh DB-API connection (keyed when encrypted)."""
    connection = connect_raw(db.path, passphrase=db.passphrase, readonly=True)
    try:
        return connection.execute(sql, parameters).fetchall()
    finally:
        connection.close()


@contextmanager
def sql_connection(db: Database) -> Iterator[Any]:
    """A fresh writable DB-API connection to ``db``'s file (keyed when encrypted), in autocommit:
    for statements a test runs beside the app, such as an FTS5 integrity check."""
    connection = connect_raw(db.path, passphrase=db.passphrase)
    connection.isolation_level = None
    try:
        yield connection
    finally:
        connection.close()


def digest(path: Path) -> str:
    """The SHA-256 of a file's bytes: to show that something left it exactly as it was."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def tables(path: Path) -> set[str]:
    """The names of the tables in a plain SQLite file."""
    conn = sqlite3.connect(path)
    try:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    finally:
        conn.close()
