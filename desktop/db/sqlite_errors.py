"""SQLite's errors: which ones mean damage, which ones a user can act on, and their words.

``sqlite3`` and ``sqlcipher3`` have separate exception classes, and SQLAlchemy wraps both; the
functions here accept any of them. The SQLite error code decides where there is one, the words
of the message otherwise.
"""

from __future__ import annotations

from pathlib import Path

from desktop.db.file_kind import is_plain_sqlite
from desktop.db.messages import _not_ours, _read_only_message, damaged_message
from desktop.errors import (
    DatabaseDamagedError,
    DatabaseError,
    DatabaseLockedError,
    DatabaseReadOnlyError,
    DiskFullError,
    WrongPassphraseError,
)
from desktop.i18n import _

_TRANSLATED_SQLITE_CODES = (
    "SQLITE_FULL",
    "SQLITE_BUSY",
    "SQLITE_LOCKED",
    "SQLITE_READONLY",
    "SQLITE_CANTOPEN",
    "SQLITE_IOERR",
)
_TRANSLATED_SQLITE_ERRORS = ("full", "locked", "busy", "readonly", "read-only", "malformed", "not a database")


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


def is_sqlite_error(exc: BaseException) -> bool:
    """An error of SQLite itself (``sqlite3``, ``sqlcipher3``, or SQLAlchemy's wrapper of one)."""
    module = type(exc).__module__.split(".")[0]
    if module in ("sqlite3", "sqlcipher3"):
        return True
    orig = getattr(exc, "orig", None)  # what SQLAlchemy's DBAPIError wraps
    return module == "sqlalchemy" and isinstance(orig, BaseException) and is_sqlite_error(orig)


def _message_for(exc: BaseException, path: Path, *, encrypted: bool) -> DatabaseError:
    """Translate an SQLite error into the user's words. Never includes SQL or data.

    The error's SQLite code decides where there is one; the words of its message otherwise (the
    message of a text that cannot be decoded quotes the text, so it is recognised first).
    """
    text = str(exc).lower()
    if _is_decode_error(text):
        return DatabaseDamagedError(damaged_message(path))
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
        return _not_a_database_message(path, encrypted=encrypted)
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
    return DatabaseDamagedError(damaged_message(path))


def _not_a_database_message(path: Path, *, encrypted: bool) -> DatabaseError:
    """SQLite's «not a database»: a wrong passphrase, a damaged SQLite file, or another file."""
    if encrypted:
        return WrongPassphraseError(
            _("The passphrase does not open {path}. Nothing has been changed.").format(path=path)
        )
    if is_plain_sqlite(path):  # an SQLite file whose inside is broken: damaged, not foreign
        return DatabaseDamagedError(damaged_message(path))
    return _not_ours(path)
