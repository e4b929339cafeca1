"""Encryption at rest: turning a plain file into an SQLCipher one, or changing its passphrase.

The data is copied with ``sqlcipher_export`` into a new file, checked, and then replaces the old
one; the backups are converted too. Free disk blocks may still hold old plain pages: see
docs/security.md.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.db.backups import backups_dir
from desktop.db.engine import connect_raw, connect_sqlcipher
from desktop.db.file_kind import is_plain_sqlite
from desktop.db.files import make_private
from desktop.db.messages import _no_database, _not_ours
from desktop.db.probe import probe_database
from desktop.db.sqlite_errors import _message_for
from desktop.errors import DatabaseError
from desktop.i18n import _

log = logging.getLogger(__name__)

MIN_PASSPHRASE_LENGTH = 8


@dataclass(frozen=True)
class EncryptionResult:
    """What enabling encryption (or changing the passphrase) did."""

    path: Path
    backups_converted: int
    backups_failed: int


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
        raise _no_database(path)
    with InstanceLock(path):
        probe = probe_database(path, passphrase=old_passphrase)
        if probe.revision is None:
            raise _not_ours(path)
        _replace_with_encrypted_copy(path, old=old_passphrase, new=new_passphrase)
        converted, failed = _convert_backups(path, old=old_passphrase, new=new_passphrase)
    log.info("database encrypted (backups converted=%s, failed=%s)", converted, failed)
    return EncryptionResult(path=path, backups_converted=converted, backups_failed=failed)


def _replace_with_encrypted_copy(path: Path, *, old: str | None, new: str) -> None:
    """Export ``path`` into ``<path>.encrypting``, check the copy, sync it and rename it over ``path``.

    A copy that does not match (integrity, rows per table) is removed and ``path`` stays as it was.
    """
    tmp = path.with_name(path.name + ".encrypting")
    tmp.unlink(missing_ok=True)
    try:
        expected = _export_encrypted(path, tmp, old=old, new=new)
        if _table_counts(tmp, new, integrity=True) != expected:
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
        raise _message_for(exc, path, encrypted=bool(old)) from exc


def _convert_backups(path: Path, *, old: str | None, new: str) -> tuple[int, int]:
    """Encrypt (or re-key) every backup of ``path`` with ``new``; the counts converted and failed.

    A backup encrypted with some other passphrase, when ``old`` is not given, is left alone; so is
    a damaged one, counted as failed.
    """
    converted = failed = 0
    folder = backups_dir(path)
    for backup in sorted(folder.glob(f"{path.stem}-*.db")) if folder.is_dir() else []:
        encrypted_now = not is_plain_sqlite(backup)
        if encrypted_now and not old:
            continue  # already encrypted with some other passphrase: leave it alone
        part = backup.with_name(backup.name + ".encrypting")
        try:
            _export_encrypted(backup, part, old=old if encrypted_now else None, new=new)
            os.replace(part, backup)
            converted += 1
        except Exception:  # noqa: BLE001 - a damaged backup stays as it was
            part.unlink(missing_ok=True)
            failed += 1
    return converted, failed


def _export_encrypted(source: Path, target: Path, *, old: str | None, new: str) -> dict[str, int]:
    """Copy every table of ``source`` into a new SQLCipher file with ``sqlcipher_export``.

    Returns the source's rows per table, to compare with the copy.
    """
    conn = connect_sqlcipher(source, old)
    try:
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
