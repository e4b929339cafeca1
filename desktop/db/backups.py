"""Backups: where they live, what they are called, and the online copy that makes them.

The rotation itself (how many, when, restoring) is :mod:`desktop.services.backup`; this module
only copies a live database safely.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from desktop import clock
from desktop.db.engine import connect_raw
from desktop.db.files import PART_SUFFIX, fsync_file, fsync_folder, make_private, real_file, remove_part
from desktop.db.sqlite_errors import _message_for
from desktop.errors import DatabaseError, DiskFullError
from desktop.i18n import _

BACKUPS_DIR_NAME = "backups"


def backups_dir(db_path: Path) -> Path:
    """The rotating backups live in ``backups/`` next to the (real) database file."""
    return real_file(db_path).parent / BACKUPS_DIR_NAME


def backup_file_name(db_path: Path, reason: str, when: datetime | None = None) -> Path:
    """``backups/<stem>-<YYYYmmdd-HHMMSS-ffffff>-<reason>.db``: sortable, no case content."""
    stamp = (when or clock.now_precise()).strftime("%Y%m%d-%H%M%S-%f")
    return backups_dir(db_path) / f"{real_file(db_path).stem}-{stamp}-{reason}.db"


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
