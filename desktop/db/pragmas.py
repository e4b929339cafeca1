"""The SQLite PRAGMAs the services need, kept here so that nothing SQLite-specific lives in them."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.db.engine import connect_raw

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

_CHECKPOINT = "PRAGMA wal_checkpoint(TRUNCATE)"


@contextmanager
def secure_delete(conn: Connection) -> Iterator[None]:
    """Within the block, pages freed on ``conn`` are zeroed: deleted content is not left in the file."""
    conn.exec_driver_sql("PRAGMA secure_delete=ON")
    conn.commit()
    try:
        yield
    finally:
        conn.exec_driver_sql("PRAGMA secure_delete=OFF")


def checkpoint_wal(conn: Connection) -> None:
    """Write the write-ahead log into the database file and empty it."""
    conn.exec_driver_sql(_CHECKPOINT)


def checkpoint_file(db_path: Path, passphrase: str | None = None) -> None:
    """:func:`checkpoint_wal` on the file ``db_path`` through a connection of its own."""
    conn = connect_raw(db_path, passphrase=passphrase)
    try:
        conn.execute(_CHECKPOINT)
    finally:
        conn.close()
