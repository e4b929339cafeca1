"""The read-only look at a file before anything may write to it (:func:`probe_database`).

A damaged file, a file of another program, a read-only or locked file, a wrong passphrase or a
schema from a newer version is refused with a translated message and left exactly as it was.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.db.engine import connect_raw
from desktop.db.file_kind import APPLICATION_ID, is_encrypted, is_plain_sqlite
from desktop.db.integrity import check_at_open
from desktop.db.messages import _not_a_database, _not_ours, _read_only_message, _too_new
from desktop.db.schema import known_revisions
from desktop.db.sqlite_errors import _message_for
from desktop.errors import DatabaseError, DatabaseReadOnlyError
from desktop.i18n import _

#: Tables every Ansvarsgruppe database has had since the first revision.
_OUR_TABLES = frozenset({"case", "meeting", "task"})


@dataclass(frozen=True)
class ProbeResult:
    """What a read-only look at a file found. ``revision`` is None for a new (empty) file.

    ``integrity_checked``: the whole file passed ``PRAGMA quick_check``; False for a large file,
    which had only the cheap checks (see :func:`~desktop.db.integrity.check_integrity` for the rest).
    """

    exists: bool
    revision: str | None
    encrypted: bool
    integrity_checked: bool = True


def probe_database(
    path: Path, *, passphrase: str | None = None, writable: bool = True, adopt_blank: bool = False
) -> ProbeResult:
    """Look at ``path`` read-only and refuse what Ansvarsgruppe must not write to.

    Raises a :class:`DatabaseError` subclass with a translated message; never changes the file.
    An SQLite file with tables but without our schema revision is another program's; one with no
    tables at all is ours only with our ``application_id`` (a first start that was cut short), or
    with ``adopt_blank`` (the caller knows it is ours to fill). Up to
    :data:`~desktop.db.integrity.QUICK_CHECK_MAX_BYTES` the whole file is checked (``PRAGMA
    quick_check``, which reads every page); a larger one only cheaply (header, schema, both ends
    of every table), so that a large healthy file opens at once.
    """
    path = Path(path)
    if not path.exists() or path.stat().st_size == 0:
        if writable:
            _check_writable(path)
        return ProbeResult(exists=False, revision=None, encrypted=bool(passphrase))
    plain = is_plain_sqlite(path)
    _refuse_by_kind(path, plain=plain, passphrase=passphrase)
    if writable:
        _check_writable(path)
    revision, checked = _read_revision_and_check(path, passphrase, plain=plain, adopt_blank=adopt_blank)
    if revision is not None and revision not in known_revisions():
        raise _too_new(path)
    return ProbeResult(exists=True, revision=revision, encrypted=bool(passphrase), integrity_checked=checked)


def _check_writable(path: Path) -> None:
    folder = path.parent
    if (path.exists() and not os.access(path, os.W_OK)) or not os.access(folder, os.W_OK):
        raise DatabaseReadOnlyError(_read_only_message(path))


def _refuse_by_kind(path: Path, *, plain: bool, passphrase: str | None) -> None:
    """Refuse, from its first bytes, a file the passphrase (given or not) cannot be right for."""
    if plain and passphrase:
        raise DatabaseError(
            _(
                "The database {path} is not encrypted, but a passphrase was given. "
                "Open it without a passphrase, or encrypt it first."
            ).format(path=path)
        )
    if not plain and (not passphrase or not is_encrypted(path)):
        raise _not_ours(path) if is_encrypted(path) else _not_a_database(path)


def _read_revision_and_check(
    path: Path, passphrase: str | None, *, plain: bool, adopt_blank: bool
) -> tuple[str | None, bool]:
    """Through one read-only connection: the file's schema revision, and whether the whole file
    was checked (:func:`~desktop.db.integrity.check_at_open`). An SQLite error gets its message."""
    try:
        conn = connect_raw(path, passphrase=passphrase, readonly=True)
    except Exception as exc:  # noqa: BLE001 - sqlite3 and sqlcipher3 have separate classes
        raise _message_for(exc, path, encrypted=bool(passphrase)) from exc
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        revision = _our_revision(conn, path, tables, plain=plain, adopt_blank=adopt_blank)
        checked = check_at_open(conn, path, tables, plain=plain)
    except DatabaseError:
        raise
    except Exception as exc:  # noqa: BLE001
        raise _message_for(exc, path, encrypted=bool(passphrase)) from exc
    finally:
        conn.close()
    return revision, checked


def _our_revision(conn: Any, path: Path, tables: set[str], *, plain: bool, adopt_blank: bool) -> str | None:
    """The schema revision stored in the file (None: none yet); refuses another program's file."""
    ours_by_id = conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    revision: str | None = None
    if "alembic_version" in tables:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        revision = row[0] if row else None
    if revision is None:
        # Another program's SQLite file, with tables or without: never add our tables to it.
        if tables or not (ours_by_id or adopt_blank):
            raise _not_a_database(path) if plain else _not_ours(path)
    elif revision not in known_revisions() and not ours_by_id and not _OUR_TABLES <= tables:
        raise _not_a_database(path) if plain else _not_ours(path)  # another program's Alembic
    return revision
