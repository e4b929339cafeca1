"""Is the file whole? The check made at open, the deferred whole-file check, and ``check``.

``PRAGMA quick_check`` reads every page, so its time grows with the file. Up to
:data:`QUICK_CHECK_MAX_BYTES` it runs while the file opens (:func:`check_at_open`); above it the
open makes only the cheap checks (header, schema, both ends of every table), and the GUI runs the
whole check on a thread once the window shows (:func:`check_integrity`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.db import policy
from desktop.db.engine import connect_raw
from desktop.db.file_kind import _ensure_sqlite_file
from desktop.db.messages import _no_database, damaged_message
from desktop.db.schema import head_revision
from desktop.db.sqlite_errors import _message_for, _sqlite_code, is_damage, is_translated
from desktop.errors import DatabaseDamagedError, DatabaseError
from desktop.i18n import _

log = logging.getLogger(__name__)

#: Read by :func:`check_at_open` at each open, so a test may patch it on this module.
QUICK_CHECK_MAX_BYTES = 32 * 1024 * 1024

#: The records triggers every file at (or after) revision 0008 has (issue 19); dropped, they are gone.
RECORDS_TRIGGERS = (
    "minutes_version_signed_no_update",
    "minutes_version_signed_no_delete",
    "case_with_records_no_delete",
    "case_purge_is_final",
)


def check_at_open(conn: Any, path: Path, tables: set[str], *, plain: bool) -> bool:
    """The check made while the file opens; True when it was the whole-file one.

    A file up to :data:`QUICK_CHECK_MAX_BYTES` gets ``PRAGMA quick_check``; a larger one only
    :func:`_cheap_check`, since the whole check would slow the start. Raises
    :class:`DatabaseDamagedError`.
    """
    if path.stat().st_size <= QUICK_CHECK_MAX_BYTES:
        check = [str(r[0]) for r in conn.execute("PRAGMA quick_check").fetchall()]
        if check != ["ok"]:
            raise DatabaseDamagedError(damaged_message(path))
        return True
    _cheap_check(conn, path, tables, plain=plain)
    log.info("large file: cheap checks at open, quick_check later")
    return False


def _cheap_check(conn: Any, path: Path, tables: set[str], *, plain: bool) -> None:
    """Checks that cost milliseconds at any size: a truncated file, and the first and the last row
    of every table (the root and both edges of each b-tree). Raises :class:`DatabaseDamagedError`."""
    if plain and _shorter_than_its_header(path):
        raise DatabaseDamagedError(damaged_message(path))
    for table in sorted(tables):
        quoted = '"{}"'.format(table.replace('"', '""'))
        for sql in (f"SELECT 1 FROM {quoted} LIMIT 1", f"SELECT 1 FROM {quoted} ORDER BY rowid DESC LIMIT 1"):
            try:
                conn.execute(sql).fetchall()
            except Exception as exc:  # noqa: BLE001 - sqlite3 and sqlcipher3 errors
                if is_damage(exc):
                    raise DatabaseDamagedError(damaged_message(path)) from exc
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
        error = DatabaseDamagedError(damaged_message(path))
        if report:
            policy._report_damage(path, error)
        raise error


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
# The check command


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


def check_database(db_path: Path, *, passphrase: str | None = None) -> CheckResult:
    """``PRAGMA integrity_check`` plus the schema revision, without changing the file."""
    db_path = Path(db_path)
    if not db_path.exists():
        raise _no_database(db_path)
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
