"""Raw SQL for tests that look at what a service stored, beside the ORM (never used by the app)."""

from __future__ import annotations

from typing import Any

from desktop.db import Database, connect_raw


def sql_rows(db: Database, sql: str, parameters: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """The rows of one read-only statement, through a fresh DB-API connection (keyed when encrypted)."""
    connection = connect_raw(db.path, passphrase=db.passphrase, readonly=True)
    try:
        return connection.execute(sql, parameters).fetchall()
    finally:
        connection.close()
