"""The SQLite database: engine, start-up checks and migration, backups, optional encryption.

One file per installation (or per ``--db``). WAL journal and foreign keys are switched on for
every connection. Alembic is imported lazily: it is only needed when the schema changes.

Before anything writes to an existing file, :func:`probe_database` reads it through a read-only
connection: a damaged file, a file of another program, a read-only or locked file, a wrong
passphrase or a schema from a newer version is refused with a translated message and left
exactly as it was. With a passphrase the file is opened through SQLCipher (``sqlcipher3``):
every page, the WAL and the backups are encrypted.
"""

from __future__ import annotations

import functools
import logging
import os
import re
import sqlite3
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from desktop import clock
from desktop.errors import (
    DatabaseDamagedError,
    DatabaseError,
    DatabaseLockedError,
    DatabaseReadOnlyError,
    DatabaseTooNewError,
    DiskFullError,
    NotAnAnsvarsgruppeDatabaseError,
    WrongPassphraseError,
)
from desktop.i18n import _

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine
    from sqlmodel import Session

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
BUSY_TIMEOUT_MS = 5000
SQLITE_HEADER = b"SQLite format 3\x00"
BACKUPS_DIR_NAME = "backups"
# ``PRAGMA quick_check`` reads every page, so its time grows with the file. Up to this size it
# runs at open; above it the open makes only the cheap checks (header, schema, both ends of every
# table) and the GUI runs the whole check on a thread once the window shows (:func:`check_integrity`).
QUICK_CHECK_MAX_BYTES = 32 * 1024 * 1024
#: ``PRAGMA application_id`` of our files ("AGRP"), written first into every file this program
#: creates: an SQLite file with no tables is ours (a first start cut short) only when it has it.
APPLICATION_ID = 0x41475250
# Every connection commits with ``synchronous=FULL``: in WAL mode each COMMIT then waits for the
# WAL to reach the disk, so a power cut loses no committed transaction (NORMAL may lose the last
# ones since the previous checkpoint). Cost and argument: docs/security.md, bench_durability.py.
SYNCHRONOUS = "FULL"

PassphraseProvider = Callable[[Path], str | None]
_passphrase_provider: PassphraseProvider | None = None
_exclusive_by_default = False


# --------------------------------------------------------------------------------------------
# Process-wide policy (set by the GUI at start-up)


def set_exclusive_by_default(exclusive: bool) -> None:
    """Make every later ``Database.open`` take the single-instance lock (the GUI process does)."""
    global _exclusive_by_default
    _exclusive_by_default = exclusive


def set_passphrase_provider(provider: PassphraseProvider | None) -> None:
    """A callback asked for the passphrase when an encrypted file is opened without one (GUI)."""
    global _passphrase_provider
    _passphrase_provider = provider


DamageListener = Callable[[Path, DatabaseDamagedError], None]
_damage_listener: DamageListener | None = None


def set_damage_listener(listener: DamageListener | None) -> None:
    """A callback told whenever an open database turns out to be damaged (GUI: the backup offer).

    Called from the thread that met the damage, after the error has been translated and before it
    is raised; the caller still gets the :class:`DatabaseDamagedError`.
    """
    global _damage_listener
    _damage_listener = listener


def _report_damage(path: Path, error: DatabaseError) -> None:
    if isinstance(error, DatabaseDamagedError) and _damage_listener is not None:
        try:
            _damage_listener(Path(path), error)
        except Exception:  # noqa: BLE001 - the listener must never hide the error itself
            log.exception("damage listener failed")


# --------------------------------------------------------------------------------------------
# Connections


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
    from sqlalchemy.pool import NullPool, QueuePool

    from desktop.models import load_all

    load_all()  # every table registered before the first Session, so foreign keys resolve
    if read_only:
        engine = sa.create_engine(
            "sqlite://",
            creator=lambda: connect_raw(db_path, passphrase=passphrase, readonly=True, shared=True),
            poolclass=QueuePool if passphrase else NullPool,
            hide_parameters=True,
        )
        event.listen(engine, "connect", _on_connect_read_only)
        return engine
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


def data_layer_loaded() -> bool:
    """Whether SQLAlchemy, SQLModel and every table are imported (the GUI shows its frame before)."""
    from desktop.models import TABLE_MODULES

    return all(f"desktop.models.{name}" in sys.modules for name in TABLE_MODULES)


# --------------------------------------------------------------------------------------------
# Alembic


def _alembic_config(engine: Engine) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["engine"] = engine
    return cfg


_REVISION_RE = re.compile(r"^revision(?:\s*:\s*str)?\s*=\s*[\"']([^\"']+)[\"']", re.MULTILINE)
_DOWN_RE = re.compile(r"^down_revision(?:\s*:[^=]+)?\s*=\s*(?:[\"']([^\"']+)[\"']|None)", re.MULTILINE)


@functools.cache
def _revision_graph() -> dict[str, str | None]:
    """revision -> down_revision, read from the version files without importing Alembic.

    Importing Alembic is slow; start-up only needs to know whether the file is at head.
    ``tests/migrations`` checks that this agrees with Alembic's own view.
    """
    graph: dict[str, str | None] = {}
    for file in sorted((MIGRATIONS_DIR / "versions").glob("*.py")):
        text = file.read_text(encoding="utf-8")
        revision, down = _REVISION_RE.search(text), _DOWN_RE.search(text)
        if revision is not None and down is not None:
            graph[revision.group(1)] = down.group(1)
    return graph


@functools.cache
def head_revision() -> str:
    graph = _revision_graph()
    heads = set(graph) - {down for down in graph.values() if down}
    assert len(heads) == 1, heads
    return heads.pop()


@functools.cache
def known_revisions() -> frozenset[str]:
    return frozenset(_revision_graph())


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


# --------------------------------------------------------------------------------------------
# Recognising bad files without changing them


def _sqlite_code(exc: BaseException) -> str:
    """SQLite's name for the error (``SQLITE_CORRUPT``, ``SQLITE_FULL`` …), or '' when unknown.

    ``sqlite3`` and ``sqlcipher3`` set ``sqlite_errorname``; a SQLAlchemy error carries the
    driver's error as ``orig``.
    """
    orig = getattr(exc, "orig", None)
    if orig is not None and orig is not exc:
        return _sqlite_code(orig)
    return str(getattr(exc, "sqlite_errorname", "") or "")


def _is_decode_error(text: str) -> bool:
    # The module's own error for a text value that is not UTF-8: we only ever store str, so such a
    # value can only be a damaged page. Its message quotes the stored text: never shown or logged.
    return "could not decode to utf-8" in text


def is_damage(exc: BaseException) -> bool:
    """True when an SQLite error means the file's contents are broken (not full, locked, …)."""
    code = _sqlite_code(exc)
    text = str(getattr(exc, "orig", None) or exc).lower()
    if _is_decode_error(text):
        return True
    if code:
        return code.startswith("SQLITE_CORRUPT") or code in ("SQLITE_NOTADB", "SQLITE_IOERR_SHORT_READ")
    return "malformed" in text or "not a database" in text


_TRANSLATED_SQLITE_CODES = (
    "SQLITE_FULL",
    "SQLITE_BUSY",
    "SQLITE_LOCKED",
    "SQLITE_READONLY",
    "SQLITE_CANTOPEN",
    "SQLITE_IOERR",
)


def is_translated(exc: BaseException) -> bool:
    """True for the SQLite errors a user can act on: full, locked, read-only, damaged, cannot open.

    Everything else (a constraint, an unknown table) is a fault of the program and stays as it is.
    """
    if is_damage(exc):
        return True
    code = _sqlite_code(exc)
    if code:
        return code.startswith(_TRANSLATED_SQLITE_CODES)
    text = str(exc).lower()
    return any(word in text for word in _TRANSLATED_SQLITE_ERRORS)


def _message_for(exc: BaseException, path: Path, *, encrypted: bool) -> DatabaseError:
    """Translate an SQLite error into the user's words. Never includes SQL or data.

    The error's SQLite code decides where there is one; the words of its message otherwise (the
    message of a text that cannot be decoded quotes the text, so it is recognised first).
    """
    text = str(exc).lower()
    if _is_decode_error(text):
        return DatabaseDamagedError(_damaged_message(path))
    code = _sqlite_code(exc)
    full = code.startswith("SQLITE_FULL") if code else "full" in text
    locked = code.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) if code else "locked" in text or "busy" in text
    read_only = (
        code.startswith("SQLITE_READONLY")
        if code
        else ("readonly" in text or "read-only" in text or "attempt to write" in text)
    )
    not_a_database = code == "SQLITE_NOTADB" if code else ("not a database" in text or "encrypted" in text)
    if full:
        return DiskFullError(
            _(
                "The disk is full, so the change could not be saved to {path}. "
                "Free some space and try again; what was saved before is safe."
            ).format(path=path)
        )
    if locked:
        return DatabaseLockedError(
            _(
                "The database {path} is locked by another program. "
                "Close the other program and try again; nothing has been changed."
            ).format(path=path)
        )
    if read_only:
        return DatabaseReadOnlyError(_read_only_message(path))
    if not_a_database:
        if encrypted:
            return WrongPassphraseError(
                _("The passphrase does not open {path}. Nothing has been changed.").format(path=path)
            )
        if is_plain_sqlite(path):  # an SQLite file whose inside is broken: damaged, not foreign
            return DatabaseDamagedError(_damaged_message(path))
        return _not_ours(path)
    if code.startswith("SQLITE_CANTOPEN") or (not code and "unable to open" in text):
        return DatabaseReadOnlyError(
            _("The database {path} cannot be opened. Check that the file and its folder exist.").format(
                path=path
            )
        )
    if code.startswith("SQLITE_IOERR") and code != "SQLITE_IOERR_SHORT_READ":  # short read: truncated
        return DatabaseError(
            _(
                "The database {path} could not be read or written (a problem with the disk or the "
                "connection to it). Check the disk and try again; what was saved before is safe."
            ).format(path=path)
        )
    return DatabaseDamagedError(_damaged_message(path))


def _damaged_message(path: Path) -> str:
    return _(
        "The database {path} is damaged and cannot be used as it is. The file has not been changed."
    ).format(path=path)


def _read_only_message(path: Path) -> str:
    return _(
        "The database {path} is read-only (or its folder is). "
        "Ansvarsgruppe needs to write to it; nothing has been changed."
    ).format(path=path)


def _not_ours(path: Path) -> NotAnAnsvarsgruppeDatabaseError:
    return NotAnAnsvarsgruppeDatabaseError(
        _(
            "The file {path} is not an Ansvarsgruppe database, or it is encrypted and needs its passphrase. "
            "The file has not been changed."
        ).format(path=path)
    )


def _not_a_database(path: Path) -> NotAnAnsvarsgruppeDatabaseError:
    """For a file that is certainly not a database (text, PDF, Office …): no talk of passphrases."""
    return NotAnAnsvarsgruppeDatabaseError(
        _("The file {path} is not an Ansvarsgruppe database. The file has not been changed.").format(
            path=path
        )
    )


def _empty_file(path: Path) -> NotAnAnsvarsgruppeDatabaseError:
    return NotAnAnsvarsgruppeDatabaseError(
        _(
            "The file {path} is empty: it is not an Ansvarsgruppe database. The file has not been changed."
        ).format(path=path)
    )


def _mark_as_ours(path: Path, passphrase: str | None) -> None:
    """Write our ``application_id`` into a new (or blank) file: its first write, before the schema.

    One small transaction (the file's first page); the migration that follows creates the tables
    in one more. A start cut short in between leaves a file that is recognisably ours.
    """
    try:
        conn = connect_raw(path, passphrase=passphrase)
        try:
            if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
                conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                conn.commit()
        finally:
            conn.close()
    except Exception as exc:  # noqa: BLE001 - sqlite3 and sqlcipher3 errors
        raise _message_for(exc, path, encrypted=bool(passphrase)) from exc
    make_private(path)


def is_plain_sqlite(path: Path) -> bool:
    """True for a plain SQLite file; an SQLCipher file starts with random bytes."""
    try:
        with path.open("rb") as fh:
            return fh.read(16) == SQLITE_HEADER
    except OSError:
        return False


#: Openings of files that are certainly not an encrypted database (4+ bytes, so that the random
#: salt at the start of an SQLCipher file practically never matches one by chance).
FOREIGN_MAGIC = (
    b"%PDF",  # PDF
    b"PK\x03\x04",  # ZIP, Word/Excel (.docx/.xlsx), ODF
    b"PK\x05\x06",  # empty ZIP
    b"\xd0\xcf\x11\xe0",  # old Office (.doc/.xls)
    b"\x89PNG",
    b"GIF8",
    b"\xff\xd8\xff\xe0",  # JPEG
    b"\xff\xd8\xff\xe1",
    b"\xff\xd8\xff\xdb",
    b"{\\rtf",
    b"\x7fELF",
    b"7z\xbc\xaf",
    b"Rar!",
    b"\xfd7zXZ",
    b"OggS",
    b"RIFF",
    b"ID3\x03",  # MP3
    b"ID3\x04",
)
#: SQLCipher pages are a power of two from 1024 to 65536 bytes; the file is a whole number of pages.
MIN_PAGE_SIZE = 1024
#: Bits per byte over the first 1024 bytes: encrypted ones ~7.8, text ~4-5 (UTF-16 text lower).
MIN_ENCRYPTED_ENTROPY = 7.2


def _entropy(data: bytes) -> float:
    import math
    from collections import Counter

    total = len(data)
    return -sum(n / total * math.log2(n / total) for n in Counter(data).values()) if total else 0.0


def _is_text(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:  # a character cut at the end of the sample is still text
        return exc.start >= len(data) - 3 and exc.reason == "unexpected end of data"
    return True


def is_encrypted(path: Path) -> bool:
    """True when ``path`` could plausibly be an SQLCipher (encrypted) database.

    An encrypted file cannot be told from random bytes, so this asks: not plain SQLite, a whole
    number of pages (1024..65536 bytes), not text, no known file-type opening (PDF, ZIP/Office,
    images …), and a first page that looks random. Anything else is simply not a database.
    """
    try:
        size = path.stat().st_size
        if size == 0 or size % MIN_PAGE_SIZE:
            return False
        with path.open("rb") as fh:
            first_page = fh.read(MIN_PAGE_SIZE)
    except OSError:
        return False
    if first_page.startswith(SQLITE_HEADER) or first_page.startswith(FOREIGN_MAGIC):
        return False
    if _is_text(first_page):
        return False
    return _entropy(first_page) >= MIN_ENCRYPTED_ENTROPY


def _ensure_sqlite_file(db_path: Path) -> None:
    """Refuse anything that is not an SQLite file before touching it (a PDF, a Word file, …)."""
    if not db_path.exists() or db_path.stat().st_size == 0:
        return
    if not is_plain_sqlite(db_path):
        raise _not_ours(db_path) if is_encrypted(db_path) else _not_a_database(db_path)


@dataclass(frozen=True)
class ProbeResult:
    """What a read-only look at a file found. ``revision`` is None for a new (empty) file.

    ``integrity_checked``: the whole file passed ``PRAGMA quick_check``; False for a large file,
    which had only the cheap checks (see :func:`check_integrity` for the rest).
    """

    exists: bool
    revision: str | None
    encrypted: bool
    integrity_checked: bool = True


def _check_writable(path: Path) -> None:
    folder = path.parent
    if (path.exists() and not os.access(path, os.W_OK)) or not os.access(folder, os.W_OK):
        raise DatabaseReadOnlyError(_read_only_message(path))


#: Tables every Ansvarsgruppe database has had since the first revision.
_OUR_TABLES = frozenset({"case", "meeting", "task"})


def probe_database(
    path: Path, *, passphrase: str | None = None, writable: bool = True, adopt_blank: bool = False
) -> ProbeResult:
    """Look at ``path`` read-only and refuse what Ansvarsgruppe must not write to.

    Raises a :class:`DatabaseError` subclass with a translated message; never changes the file.
    An SQLite file with tables but without our schema revision is another program's; one with no
    tables at all is ours only with our ``application_id`` (a first start that was cut short), or
    with ``adopt_blank`` (the caller knows it is ours to fill). Up to :data:`QUICK_CHECK_MAX_BYTES`
    the whole file is checked (``PRAGMA quick_check``, which reads every page); a larger one only
    cheaply (header, schema, both ends of every table), so that a large healthy file opens at once.
    """
    path = Path(path)
    if not path.exists() or path.stat().st_size == 0:
        if writable:
            _check_writable(path)
        return ProbeResult(exists=False, revision=None, encrypted=bool(passphrase))
    plain = is_plain_sqlite(path)
    if plain and passphrase:
        raise DatabaseError(
            _(
                "The database {path} is not encrypted, but a passphrase was given. "
                "Open it without a passphrase, or encrypt it first."
            ).format(path=path)
        )
    if not plain and (not passphrase or not is_encrypted(path)):
        raise _not_ours(path) if is_encrypted(path) else _not_a_database(path)
    if writable:
        _check_writable(path)
    try:
        conn = connect_raw(path, passphrase=passphrase, readonly=True)
    except Exception as exc:  # noqa: BLE001 - sqlite3 and sqlcipher3 have separate classes
        raise _message_for(exc, path, encrypted=bool(passphrase)) from exc
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        ours_by_id = conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        revision = None
        if "alembic_version" in tables:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = row[0] if row else None
        if revision is None:
            # Another program's SQLite file, with tables or without: never add our tables to it.
            if tables or not (ours_by_id or adopt_blank):
                raise _not_a_database(path) if plain else _not_ours(path)
        elif revision not in known_revisions() and not ours_by_id and not _OUR_TABLES <= tables:
            raise _not_a_database(path) if plain else _not_ours(path)  # another program's Alembic
        checked = path.stat().st_size <= QUICK_CHECK_MAX_BYTES
        if checked:
            check = [str(r[0]) for r in conn.execute("PRAGMA quick_check").fetchall()]
            if check != ["ok"]:
                raise DatabaseDamagedError(_damaged_message(path))
        else:  # the whole check would slow the start: the GUI runs it on a thread (check_integrity)
            _cheap_check(conn, path, tables, plain=plain)
            log.info("large file: cheap checks at open, quick_check later")
    except DatabaseError:
        raise
    except Exception as exc:  # noqa: BLE001
        raise _message_for(exc, path, encrypted=bool(passphrase)) from exc
    finally:
        conn.close()
    if revision is not None and revision not in known_revisions():
        raise DatabaseTooNewError(
            _(
                "The database {path} was made by a newer version of Ansvarsgruppe. "
                "Update the application; the file has not been changed."
            ).format(path=path)
        )
    return ProbeResult(exists=True, revision=revision, encrypted=bool(passphrase), integrity_checked=checked)


def _cheap_check(conn: Any, path: Path, tables: set[str], *, plain: bool) -> None:
    """Checks that cost milliseconds at any size: a truncated file, and the first and the last row
    of every table (the root and both edges of each b-tree). Raises :class:`DatabaseDamagedError`."""
    if plain and _shorter_than_its_header(path):
        raise DatabaseDamagedError(_damaged_message(path))
    for table in sorted(tables):
        quoted = '"{}"'.format(table.replace('"', '""'))
        for sql in (f"SELECT 1 FROM {quoted} LIMIT 1", f"SELECT 1 FROM {quoted} ORDER BY rowid DESC LIMIT 1"):
            try:
                conn.execute(sql).fetchall()
            except Exception as exc:  # noqa: BLE001 - sqlite3 and sqlcipher3 errors
                if is_damage(exc):
                    raise DatabaseDamagedError(_damaged_message(path)) from exc
                # A table without rowid or a virtual table: its first row was read above.


def _shorter_than_its_header(path: Path) -> bool:
    """True when the file ends before the page count in its header says it does (cut off).

    Only when no write-ahead log is pending: during a checkpoint the log, not the file, is whole.
    """
    wal = path.with_name(path.name + "-wal")
    try:
        if wal.exists() and wal.stat().st_size > 0:
            return False
        with path.open("rb") as fh:
            header = fh.read(100)
        size = path.stat().st_size
    except OSError:
        return False
    if len(header) < 100:
        return True
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    change_counter, pages = int.from_bytes(header[24:28], "big"), int.from_bytes(header[28:32], "big")
    valid_for = int.from_bytes(header[92:96], "big")
    if valid_for != change_counter or not pages or page_size < 512 or page_size & (page_size - 1):
        return False  # the count is not reliable (an old writer); SQLite then goes by the file size
    return size < pages * page_size


def check_integrity(path: Path, *, passphrase: str | None = None, report: bool = True) -> None:
    """The whole-file check of a large database, made after it opened (the GUI runs it on a thread).

    ``PRAGMA quick_check`` through its own read-only connection: it reads every page and changes
    nothing. Raises :class:`DatabaseDamagedError` and, with ``report``, tells the damage listener
    (not for a file that is only being looked at, such as a backup to restore).
    Another failure (locked, unreadable) is not damage and is left to the next use of the file.
    """
    path = Path(path)
    try:
        conn = connect_raw(path, passphrase=passphrase, readonly=True)
        try:
            check = [str(r[0]) for r in conn.execute("PRAGMA quick_check").fetchall()]
        finally:
            conn.close()
    except Exception as exc:  # noqa: BLE001 - sqlite3 and sqlcipher3 errors
        if not is_damage(exc):
            log.info("integrity check not made (%s)", _sqlite_code(exc) or type(exc).__name__)
            return
        check = ["damaged"]
    if check != ["ok"]:
        log.warning("integrity check found damage")
        error = DatabaseDamagedError(_damaged_message(path))
        if report:
            _report_damage(path, error)
        raise error


def is_sqlite_error(exc: BaseException) -> bool:
    """An error of SQLite itself (``sqlite3``, ``sqlcipher3``, or SQLAlchemy's wrapper of one)."""
    module = type(exc).__module__.split(".")[0]
    if module in ("sqlite3", "sqlcipher3"):
        return True
    return module == "sqlalchemy" and getattr(exc, "orig", None) is not None and is_sqlite_error(exc.orig)  # type: ignore[attr-defined]


def explain_database_error(exc: BaseException, path: Path, *, passphrase: str | None = None) -> DatabaseError:
    """The user's words for an SQLite error that reached the top untranslated (the last resort of
    the command line): damage when the file is damaged (checked now, read-only), else a plain
    «unexpected error» that names the SQLite code, never the message (it may quote data)."""
    orig = getattr(exc, "orig", None) or exc
    if is_translated(orig):
        return _message_for(orig, Path(path), encrypted=bool(passphrase))
    try:
        check_integrity(Path(path), passphrase=passphrase)
    except DatabaseDamagedError as damaged:
        return damaged
    return DatabaseError(
        _(
            "The database {path} reported an unexpected error ({code}); nothing more has been changed. "
            "The log file in the data folder has the details."
        ).format(path=path, code=_sqlite_code(orig) or type(orig).__name__)
    )


# --------------------------------------------------------------------------------------------
# Migration and backups


def real_file(db_path: Path) -> Path:
    """The file itself when ``db_path`` is a symbolic link (followed to the end); else ``db_path``.

    Backups, restores and the lock work on the real file: a restore through a link replaces the
    target's contents (never the link), and the backups of one file are in one folder.
    """
    path = Path(db_path)
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def backups_dir(db_path: Path) -> Path:
    """The rotating backups live in ``backups/`` next to the (real) database file."""
    return real_file(db_path).parent / BACKUPS_DIR_NAME


def backup_file_name(db_path: Path, reason: str, when: datetime | None = None) -> Path:
    """``backups/<stem>-<YYYYmmdd-HHMMSS-ffffff>-<reason>.db``: sortable, no case content."""
    stamp = (when or clock.now_precise()).strftime("%Y%m%d-%H%M%S-%f")
    return backups_dir(db_path) / f"{real_file(db_path).stem}-{stamp}-{reason}.db"


def migrate_to_head(db_path: Path, engine: Engine, *, passphrase: str | None = None) -> Path | None:
    """Bring the file to the newest schema; return the backup taken first, if any.

    A file whose revision this build does not know was written by a newer version: it is refused
    and left exactly as it was. Before an upgrade the file is copied to ``backups/``.
    """
    import sqlalchemy as sa
    from alembic import command
    from alembic.script import ScriptDirectory

    if passphrase is None:
        _ensure_sqlite_file(db_path)
    cfg = _alembic_config(engine)
    script = ScriptDirectory.from_config(cfg)
    head = script.get_current_head()
    try:
        current = current_revision(engine)
    except sa.exc.DatabaseError as exc:
        raise _message_for(exc, db_path, encrypted=bool(passphrase)) from exc
    if current == head:
        return None
    if current is not None and current not in {r.revision for r in script.walk_revisions()}:
        raise DatabaseTooNewError(
            _(
                "The database {path} was made by a newer version of Ansvarsgruppe. "
                "Update the application; the file has not been changed."
            ).format(path=db_path)
        )
    backup = None
    if current is not None:
        backup = backup_file_name(db_path, f"before-{head}")
        try:
            backup.parent.mkdir(exist_ok=True)
            online_backup(db_path, backup, passphrase=passphrase)
        except (OSError, sqlite3.Error, DatabaseError) as exc:
            backup.unlink(missing_ok=True)
            if isinstance(exc, DatabaseError):
                raise
            raise _message_for(exc, db_path, encrypted=bool(passphrase)) from exc
    try:
        command.upgrade(cfg, "head")
    except sa.exc.DBAPIError as exc:
        raise DatabaseError(
            _("The database {path} could not be updated (read-only, locked or disk full).").format(
                path=db_path
            )
        ) from exc
    log.info("database schema upgraded from %s to %s", current or "empty", head)
    return backup


def make_private(path: Path) -> None:
    """Only the user may read ``path`` (health data on a shared computer); best effort on Windows,
    where the user's profile folder is private already. SQLite gives the WAL the same mode."""
    try:
        os.chmod(path, 0o600)
    except OSError:
        log.info("could not restrict file permissions")


#: A copy being written: ``<target>.part`` (and SQLite's ``.part-journal``), renamed when complete.
PART_SUFFIX = ".part"


def fsync_file(path: Path) -> None:
    """Force ``path``'s contents to the disk (before it is renamed into place)."""
    with Path(path).open("rb+") as fh:
        os.fsync(fh.fileno())


def fsync_folder(folder: Path) -> None:
    """Force a folder's entries (a rename, a new file) to the disk; POSIX only.

    Windows cannot open a folder as a file; NTFS journals its metadata, so there is nothing to do.
    """
    if os.name == "nt":  # pragma: no cover - exercised on Windows only
        return
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        log.info("could not open a folder to sync it")
        return
    try:
        os.fsync(fd)
    except OSError:  # some file systems (network shares) refuse fsync on a folder
        log.info("could not sync a folder")
    finally:
        os.close(fd)


def remove_part(part: Path) -> None:
    """Remove a half-written copy and what SQLite left beside it (best effort)."""
    for suffix in ("", "-journal", "-wal", "-shm"):
        try:
            part.with_name(part.name + suffix).unlink(missing_ok=True)
        except OSError:
            pass


def online_backup(source: Path, target: Path, *, passphrase: str | None = None) -> None:
    """Copy a live database with SQLite's backup API (safe with WAL, unlike a file copy).

    With a passphrase the copy is encrypted with the same passphrase. The copy is written to
    ``<target>.part``, synced to the disk, renamed to ``target`` and the folder synced: after a
    crash or a power cut ``target`` is either absent or complete, never half-written. Errors from
    SQLite are turned into a translated :class:`DatabaseError`; the half-written copy is removed.
    """
    target = Path(target)
    part = target.with_name(target.name + PART_SUFFIX)
    try:
        remove_part(part)
        src = connect_raw(source, passphrase=passphrase)
        try:
            dst = connect_raw(part, passphrase=passphrase)
            try:
                src.backup(dst)
            finally:
                dst.close()
        finally:
            src.close()
        make_private(part)
        fsync_file(part)
        os.replace(part, target)
        fsync_folder(target.parent)
    except Exception as exc:  # noqa: BLE001 - sqlite3 and sqlcipher3 errors
        remove_part(part)
        if isinstance(exc, DatabaseError):
            raise
        if isinstance(exc, OSError) or "full" in str(exc).lower():
            raise DiskFullError(
                _("The backup {path} could not be written (disk full or no access).").format(path=target)
            ) from exc
        raise _message_for(exc, Path(source), encrypted=bool(passphrase)) from exc


# --------------------------------------------------------------------------------------------
# The integrity check command


@dataclass(frozen=True)
class CheckResult:
    integrity: str
    revision: str | None
    head: str
    #: Triggers that keep signed minutes unchangeable (migration 0008) missing from the file.
    missing_triggers: tuple[str, ...] = ()

    @property
    def is_sound(self) -> bool:
        return self.integrity == "ok" and self.revision == self.head and not self.missing_triggers


#: The records triggers every file at (or after) revision 0008 has (issue 19); dropped, they are gone.
RECORDS_TRIGGERS = (
    "minutes_version_signed_no_update",
    "minutes_version_signed_no_delete",
    "case_with_records_no_delete",
    "case_purge_is_final",
)


def check_database(db_path: Path, *, passphrase: str | None = None) -> CheckResult:
    """``PRAGMA integrity_check`` plus the schema revision, without changing the file."""
    db_path = Path(db_path)
    if not db_path.exists():
        raise DatabaseError(_("No database at {path}.").format(path=db_path))
    if passphrase is None:
        _ensure_sqlite_file(db_path)
    try:
        conn = connect_raw(db_path, passphrase=passphrase, readonly=True)
        try:
            rows = conn.execute("PRAGMA integrity_check").fetchall()
            has_version = conn.execute(
                "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'"
            ).fetchone()
            revision = (
                conn.execute("SELECT version_num FROM alembic_version").fetchone() if has_version else None
            )
            triggers = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='trigger'")}
        finally:
            conn.close()
    except Exception as exc:  # noqa: BLE001 - sqlite3 and sqlcipher3 errors
        if isinstance(exc, DatabaseError):
            raise
        error = _message_for(exc, db_path, encrypted=bool(passphrase))
        if type(error) is DatabaseDamagedError:
            error = DatabaseDamagedError(
                _("The database {path} cannot be read: it may be damaged.").format(path=db_path)
            )
        raise error from exc
    integrity = "; ".join(str(r[0]) for r in rows)
    current = revision[0] if revision else None
    missing = tuple(t for t in RECORDS_TRIGGERS if t not in triggers) if current == head_revision() else ()
    return CheckResult(integrity=integrity, revision=current, head=head_revision(), missing_triggers=missing)


# --------------------------------------------------------------------------------------------
# The open database


_TRANSLATED_SQLITE_ERRORS = ("full", "locked", "busy", "readonly", "read-only", "malformed", "not a database")


class Database:
    """An open, migrated database file. Services take one of these.

    ``passphrase`` is kept so that backups can be encrypted with it; it is never logged.
    """

    def __init__(
        self,
        path: Path,
        engine: Engine | None = None,
        *,
        passphrase: str | None = None,
        lock: Any = None,
        read_only: bool = False,
        revision: str | None = None,
    ) -> None:
        self.path = path
        self._engine = engine
        self.passphrase = passphrase
        self._lock = lock
        self.read_only = read_only
        #: The schema revision found by a read-only open (None otherwise: a writable open migrates).
        self.revision = revision
        self._engine_lock = threading.Lock()

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine, made on first use (importing SQLAlchemy and the tables is slow)."""
        with self._engine_lock:
            if self._engine is None:
                self._engine = make_engine(self.path, self.passphrase, read_only=self.read_only)
            return self._engine

    def warm_up(self) -> None:
        """Import SQLAlchemy, SQLModel and the tables and make the engine, ahead of first use.

        The GUI runs this on a thread once the event loop runs, after that thread has imported the
        data layer (``start_warm_up`` in ``desktop/ui/main_window.py``); it reads nothing and
        writes nothing.
        """
        from sqlalchemy.orm import configure_mappers

        _ = self.engine
        configure_mappers()

    def _translate(self, exc: BaseException) -> DatabaseError:
        """The translated error for an SQLite error met in use; damage is told to the listener."""
        error = _message_for(exc, self.path, encrypted=self.is_encrypted)
        if isinstance(error, NotAnAnsvarsgruppeDatabaseError):  # it was ours when it opened
            error = DatabaseDamagedError(_damaged_message(self.path))
        _report_damage(self.path, error)
        return error

    #: False when the open made only the cheap checks (a large file): see :func:`check_integrity`.
    integrity_checked = True

    def __repr__(self) -> str:  # never show the passphrase
        return f"Database({str(self.path)!r}, encrypted={self.is_encrypted})"

    @property
    def is_encrypted(self) -> bool:
        return bool(self.passphrase)

    @property
    def holds_lock(self) -> bool:
        return self._lock is not None and self._lock.is_held

    @classmethod
    def open(
        cls,
        path: Path,
        *,
        create: bool = True,
        passphrase: str | None = None,
        exclusive: bool | None = None,
        read_only: bool = False,
        adopt_empty: bool = False,
    ) -> Database:
        """Open (and migrate) ``path``; with ``create=False`` a missing file is an error.

        A missing file is created (``create``). An existing file with nothing in it (0 bytes, or
        an SQLite file without tables) is refused unless ``adopt_empty``: the caller asked the user
        (GUI), or it is the application's own file in its data folder. A new file gets our
        ``application_id`` before anything else, so that a first start cut short is recognised.

        ``read_only`` (the commands that only read): no lock, no migration, nothing created; the
        file is only read (``mode=ro``), whatever its schema revision (see ``Database.revision``).

        The file is first probed read-only (see :func:`probe_database`). ``exclusive`` takes the
        single-instance lock (default: the process-wide policy, on in the GUI); another process
        holding it gives :class:`~desktop.errors.DatabaseInUseError`. An encrypted file opened
        without a passphrase asks the passphrase provider (the GUI's dialog), if one is set.
        """
        path = Path(path)
        if not path.exists() and not create:
            raise DatabaseError(_("No database at {path}.").format(path=path))
        empty_file = path.exists() and path.stat().st_size == 0
        new_file = not path.exists() or empty_file
        if empty_file and not (create and adopt_empty):  # a failed copy, `touch`: not ours to fill
            raise _empty_file(path)
        if not path.parent.exists():
            raise DatabaseError(_("The folder {path} does not exist.").format(path=path.parent))
        if passphrase is None and _passphrase_provider is not None and is_encrypted(path):
            passphrase = _passphrase_provider(path)
            if passphrase is None:
                raise WrongPassphraseError(
                    _("The database {path} is encrypted; no passphrase was given.").format(path=path)
                )
        passphrase = passphrase or None
        if read_only:
            return cls._open_read_only(path, passphrase)
        if exclusive is None:
            exclusive = _exclusive_by_default
        lock = None
        if exclusive:
            from desktop.services.instance_lock import InstanceLock

            lock = InstanceLock(path).acquire()
        try:
            probe = probe_database(path, passphrase=passphrase, adopt_blank=adopt_empty)
            engine = None
            try:
                if probe.revision is None:
                    _mark_as_ours(path, passphrase)
                if probe.revision != head_revision():  # at head: no need to load Alembic at all
                    engine = make_engine(path, passphrase)
                    migrate_to_head(path, engine, passphrase=passphrase)
                if lock is not None:
                    lock.refresh()  # a file created just now: its identity (hard links) is locked too
            except BaseException:
                if engine is not None:
                    engine.dispose()
                raise
        except BaseException:
            if lock is not None:
                lock.release()
            raise
        if new_file:
            make_private(path)
        log.info("database opened (encrypted=%s, exclusive=%s)", bool(passphrase), bool(exclusive))
        db = cls(path, engine, passphrase=passphrase, lock=lock)
        db.integrity_checked = probe.integrity_checked
        return db

    @classmethod
    def _open_read_only(cls, path: Path, passphrase: str | None) -> Database:
        if not path.exists():
            raise DatabaseError(_("No database at {path}.").format(path=path))
        probe = probe_database(path, passphrase=passphrase, writable=False)
        if not probe.exists:  # an empty file
            raise _not_a_database(path)
        if probe.revision is None:
            raise _not_ours(path)
        log.info("database opened read-only (encrypted=%s)", bool(passphrase))
        return cls(path, passphrase=passphrase, read_only=True, revision=probe.revision)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A short-lived Session that commits on success and rolls back on error.

        A full disk, a read-only or a locked file becomes a translated :class:`DatabaseError`
        (the transaction is rolled back, so what was saved before stays intact).
        """
        import sqlalchemy as sa
        from sqlmodel import Session

        with Session(self.engine, expire_on_commit=False) as session:
            try:
                yield session
                session.commit()
            except sa.exc.DatabaseError as exc:  # OperationalError and the "malformed" ones
                try:
                    session.rollback()
                except sa.exc.DatabaseError:  # a damaged file may fail the rollback too
                    log.info("rollback failed after a database error")
                if exc.orig is not None and is_translated(exc.orig):
                    raise self._translate(exc.orig) from exc
                from desktop.models.records import records_refusal  # the triggers of migration 0008

                if (refusal := records_refusal(exc.orig)) is not None:
                    raise refusal from exc
                raise
            except BaseException:
                session.rollback()
                raise

    def close_connections(self) -> None:
        """Close every open connection (before the file is replaced); later use reopens them."""
        if self._engine is not None:
            self._engine.dispose()

    def dispose(self) -> None:
        """Close every connection and give the single-instance lock back."""
        self.close_connections()
        if self._lock is not None:
            self._lock.release()


@contextmanager
def bulk_write_connection(db: Database) -> Iterator[Any]:
    """A SQLAlchemy connection for writing a whole new file at once (the large demo generator).

    No fsync per write (``synchronous=OFF``: a crash loses the file being generated, nothing
    else) and a 64 MB page cache; ``PRAGMA optimize`` when the block ends without error. The
    connection is not given back to the pool afterwards: no later session may commit without fsync.
    """
    with db.engine.connect() as connection:
        try:
            connection.exec_driver_sql("PRAGMA synchronous=OFF")
            connection.exec_driver_sql("PRAGMA cache_size=-65536")
            connection.commit()
            yield connection
            connection.exec_driver_sql("PRAGMA optimize")
            connection.commit()
        finally:
            connection.invalidate()  # closed, not pooled


# --------------------------------------------------------------------------------------------
# Encryption at rest

MIN_PASSPHRASE_LENGTH = 8


@dataclass(frozen=True)
class EncryptionResult:
    """What enabling encryption (or changing the passphrase) did."""

    path: Path
    backups_converted: int
    backups_failed: int


def _export_encrypted(source: Path, target: Path, *, old: str | None, new: str) -> dict[str, int]:
    """Copy every table of ``source`` into a new SQLCipher file with ``sqlcipher_export``.

    Returns the source's rows per table, to compare with the copy.
    """
    module = _sqlcipher()
    conn = module.connect(str(source), timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        _quiet_sqlcipher(conn)
        if old:
            conn.execute(_key_statement(old))
        if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() == "wal":
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        conn.execute("ATTACH DATABASE ? AS encrypted KEY ?", (str(target), new))
        conn.execute("SELECT sqlcipher_export('encrypted')").fetchall()
        conn.execute("DETACH DATABASE encrypted")
        return _counts(conn)
    finally:
        conn.close()


def _counts(conn: Any) -> dict[str, int]:
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


def _table_counts(path: Path, passphrase: str | None, *, integrity: bool = False) -> dict[str, int] | None:
    """Rows per table (one keyed connection); None when ``integrity`` is asked and fails."""
    conn = connect_raw(path, passphrase=passphrase, readonly=True)
    try:
        if integrity and [r[0] for r in conn.execute("PRAGMA integrity_check")] != ["ok"]:
            return None
        return _counts(conn)
    finally:
        conn.close()


def encrypt_database(
    path: Path, new_passphrase: str, *, old_passphrase: str | None = None
) -> EncryptionResult:
    """Encrypt a plain database (or change the passphrase of an encrypted one) in place.

    The data is copied with ``sqlcipher_export`` into a new file next to it, checked (integrity and
    row counts), and then atomically replaces the old file. Backups in ``backups/`` are converted
    too, so no readable copy stays behind in the rotation. Takes the single-instance lock.
    Free disk blocks may still hold old plain pages: see docs/security.md.
    """
    from desktop.services.instance_lock import InstanceLock

    path = Path(path)
    if len(new_passphrase) < MIN_PASSPHRASE_LENGTH:
        raise DatabaseError(
            _("The passphrase must have at least {n} characters.").format(n=MIN_PASSPHRASE_LENGTH)
        )
    if not path.exists():
        raise DatabaseError(_("No database at {path}.").format(path=path))
    with InstanceLock(path):
        probe = probe_database(path, passphrase=old_passphrase)
        if probe.revision is None:
            raise _not_ours(path)
        tmp = path.with_name(path.name + ".encrypting")
        tmp.unlink(missing_ok=True)
        try:
            expected = _export_encrypted(path, tmp, old=old_passphrase, new=new_passphrase)
            if _table_counts(tmp, new_passphrase, integrity=True) != expected:
                raise DatabaseError(
                    _("The encrypted copy does not match the database; nothing has been changed.")
                )
            with tmp.open("rb+") as fh:
                os.fsync(fh.fileno())
            make_private(tmp)
            for suffix in ("-wal", "-shm"):
                path.with_name(path.name + suffix).unlink(missing_ok=True)
            os.replace(tmp, path)
        except DatabaseError:
            tmp.unlink(missing_ok=True)
            raise
        except Exception as exc:  # noqa: BLE001 - sqlcipher3 / OS errors
            tmp.unlink(missing_ok=True)
            raise _message_for(exc, path, encrypted=bool(old_passphrase)) from exc
        converted = failed = 0
        folder = backups_dir(path)
        for backup in sorted(folder.glob(f"{path.stem}-*.db")) if folder.is_dir() else []:
            encrypted_now = not is_plain_sqlite(backup)
            if encrypted_now and not old_passphrase:
                continue  # already encrypted with some other passphrase: leave it alone
            part = backup.with_name(backup.name + ".encrypting")
            try:
                _export_encrypted(
                    backup, part, old=old_passphrase if encrypted_now else None, new=new_passphrase
                )
                os.replace(part, backup)
                converted += 1
            except Exception:  # noqa: BLE001 - a damaged backup stays as it was
                part.unlink(missing_ok=True)
                failed += 1
    log.info("database encrypted (backups converted=%s, failed=%s)", converted, failed)
    return EncryptionResult(path=path, backups_converted=converted, backups_failed=failed)


# --------------------------------------------------------------------------------------------
# SQLite PRAGMAs the services need (kept here, so that nothing SQLite-specific lives in them)
# --------------------------------------------------------------------------------------------
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
