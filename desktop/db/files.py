"""The database file on disk: its real path, its permissions, and writes that survive a power cut.

A copy is written to ``<target>.part``, synced, renamed into place and its folder synced: after a
crash the target is either absent or complete (:func:`desktop.db.backups.online_backup`).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

log = logging.getLogger(__name__)

#: A copy being written: ``<target>.part`` (and SQLite's ``.part-journal``), renamed when complete.
PART_SUFFIX = ".part"


def real_file(db_path: Path) -> Path:
    """The file itself when ``db_path`` is a symbolic link (followed to the end); else ``db_path``.

    Backups, restores and the lock work on the real file: a restore through a link replaces the
    target's contents (never the link), and the backups of one file are in one folder.
    """
    path = Path(db_path)
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def make_private(path: Path) -> None:
    """Only the user may read ``path`` (health data on a shared computer); best effort on Windows,
    where the user's profile folder is private already. SQLite gives the WAL the same mode."""
    try:
        os.chmod(path, 0o600)
    except OSError:
        log.info("could not restrict file permissions")


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
