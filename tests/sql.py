"""Raw SQL for tests that look at what a service stored, beside the ORM (never used by the app)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
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
