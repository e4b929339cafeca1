"""Connections: the per-connection PRAGMAs, the SQLCipher key, and the SQLAlchemy engine.

Every connection gets foreign keys, a busy timeout and ``synchronous=FULL``; a writable engine
also switches the file to WAL. :func:`connect_raw` is the DB-API connection the file-level work
uses (probe, checks, backups); :func:`make_engine` is what sessions use. The tunables below are
read at call time, so a test may patch them on this module.
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from desktop.errors import DatabaseError
from desktop.i18n import _

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

BUSY_TIMEOUT_MS = 5000
# Every connection commits with ``synchronous=FULL``: in WAL mode each COMMIT then waits for the
# WAL to reach the disk, so a power cut loses no committed transaction (NORMAL may lose the last
# ones since the previous checkpoint). Cost and argument: docs/security.md, bench_durability.py.
SYNCHRONOUS = "FULL"


def _sqlcipher() -> Any:
    try:
        import sqlcipher3
    except ImportError as exc:  # pragma: no cover - the wheel is a dependency
        raise DatabaseError(
            _("Encryption is not available in this installation (the sqlcipher3 package is missing).")
        ) from exc
    return sqlcipher3


def _key_statement(passphrase: str) -> str:
    return "PRAGMA key = '{}'".format(passphrase.replace("'", "''"))


def _quiet_sqlcipher(conn: Any) -> None:
    """SQLCipher writes 'hmac check failed' to stderr on a wrong key; the user gets our message."""
    try:
        conn.execute("PRAGMA cipher_log_level = NONE").fetchall()
    except Exception:  # noqa: BLE001 - older SQLCipher: the pragma does not exist
        pass


def connect_raw(
    path: Path, *, passphrase: str | None = None, readonly: bool = False, shared: bool = False
) -> Any:
    """A DB-API connection (``sqlite3`` or ``sqlcipher3``), keyed when a passphrase is given.

    ``readonly`` opens with ``mode=ro``: SQLite then never writes the main file. ``shared``
    allows use from other threads (the caller serialises access).
    """
    module: Any = _sqlcipher() if passphrase else sqlite3
    options: dict[str, Any] = {"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": not shared}
    if readonly:
        conn = module.connect(f"file:{quote(str(path))}?mode=ro", uri=True, **options)
    else:
        conn = module.connect(str(path), **options)
    if passphrase:
        _quiet_sqlcipher(conn)
        conn.execute(_key_statement(passphrase))
    conn.execute(f"PRAGMA synchronous={SYNCHRONOUS}")  # per connection, never stored in the file
    return conn


def connect_sqlcipher(path: Path, passphrase: str | None) -> Any:
    """An ``sqlcipher3`` connection, keyed only when a passphrase is given.

    Unlike :func:`connect_raw` it is SQLCipher's even for a plain file: ``sqlcipher_export`` from
    a plain file into an encrypted one needs it (:mod:`desktop.db.encryption`).
    """
    conn = _sqlcipher().connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        _quiet_sqlcipher(conn)
        if passphrase:
            conn.execute(_key_statement(passphrase))
    except BaseException:
        conn.close()
        raise
    return conn


def _on_connect(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA synchronous={SYNCHRONOUS}")
    cursor.close()


def _on_connect_read_only(dbapi_connection: Any, _record: Any) -> None:
    """A read-only engine: no ``journal_mode`` (setting it is a write); the file's mode is kept."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA query_only=ON")  # a write through this engine fails instead of landing
    cursor.close()


def make_engine(db_path: Path, passphrase: str | None = None, *, read_only: bool = False) -> Engine:
    """An engine for ``db_path`` (created on first write).

    Writable engines keep a small pool of connections (read-only plain ones open one per Session).
    ``read_only``: every connection is opened with ``mode=ro`` (see :func:`connect_raw`), for the
    commands that only read; SQLite then never writes the file.

    ``hide_parameters``: SQLAlchemy would otherwise put the bound values (names, notes) into the
    text of every database exception, and from there into logs and crash reports.

    SQLAlchemy and the tables are imported here, not with this module: opening a database and
    showing the window's frame do not need them (:func:`data_layer_loaded`).
    """
    import sqlalchemy as sa
    from sqlalchemy import event
    from sqlalchemy.pool import QueuePool

    from desktop.models import load_all

    load_all()  # every table registered before the first Session, so foreign keys resolve
    if read_only:
        return _read_only_engine(db_path, passphrase)
    if passphrase:
        url = f"sqlite+pysqlcipher://:{quote(passphrase, safe='')}@/{db_path}"
        # A pool, not NullPool: every new SQLCipher connection pays the key derivation
        # (PBKDF2, 256 000 rounds), far too slow for one connection per Session.
        engine = sa.create_engine(
            url,
            module=_sqlcipher(),
            poolclass=QueuePool,
            pool_size=2,
            max_overflow=4,
            connect_args={"check_same_thread": False},  # a pooled connection may serve a worker thread
            hide_parameters=True,
        )

        def _quiet(dbapi_connection: Any, _record: Any) -> None:
            _quiet_sqlcipher(dbapi_connection)

        event.listen(engine, "connect", _quiet, insert=True)
    else:
        # A small pool here too: otherwise every autosave would open a connection and pay its
        # PRAGMAs again; close_connections() empties it before the file is replaced.
        engine = sa.create_engine(
            f"sqlite:///{db_path}",
            poolclass=QueuePool,
            pool_size=2,
            max_overflow=4,
            connect_args={"check_same_thread": False},  # a pooled connection may serve a worker thread
            hide_parameters=True,
        )
    event.listen(engine, "connect", _on_connect)
    return engine


def _read_only_engine(db_path: Path, passphrase: str | None) -> Engine:
    """Every connection through :func:`connect_raw` with ``mode=ro`` and ``query_only``.

    Plain files get a connection per Session; encrypted ones a pool, as each new SQLCipher
    connection pays the key derivation again.
    """
    import sqlalchemy as sa
    from sqlalchemy import event
    from sqlalchemy.pool import NullPool, QueuePool

    engine = sa.create_engine(
        "sqlite://",
        creator=lambda: connect_raw(db_path, passphrase=passphrase, readonly=True, shared=True),
        poolclass=QueuePool if passphrase else NullPool,
        hide_parameters=True,
    )
    event.listen(engine, "connect", _on_connect_read_only)
    return engine


def data_layer_loaded() -> bool:
    """Whether SQLAlchemy, SQLModel and every table are imported (the GUI shows its frame before)."""
    from desktop.models import TABLE_MODULES

    return all(f"desktop.models.{name}" in sys.modules for name in TABLE_MODULES)
