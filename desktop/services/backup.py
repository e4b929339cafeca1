"""Automatic rotating backups and restore, with SQLite's online backup API.

Backups live in ``backups/`` next to the database file and are named
``<stem>-<YYYYmmdd-HHMMSS-ffffff>-<reason>.db`` (no case content in file names). They are made on
start, after each closed meeting (:func:`backup_after_meeting`) and once a day
(:func:`backup_daily_if_due`). Rotation keeps the newest :data:`KEEP_RECENT` automatic backups
plus the newest one of each of the last :data:`KEEP_DAYS` days; safety copies (taken before a
restore or a schema update, or of a damaged file) are kept :data:`KEEP_SAFETY` deep. A backup of
an encrypted database is encrypted with the same passphrase.

Crash safety: every copy is written as ``<name>.part``, synced, renamed into place and its folder
synced (:func:`desktop.db.online_backup`), so a backup is complete or absent, also after a power
cut. Rotation runs at the start and at the end of every backup and restore, so that copies left by
a run that was killed between the two are removed by the next one; half-written ``.part`` files are
removed at once by an operation that holds the single-instance lock when only such an operation
writes them (the safety copies), else after :data:`STALE_PART_SECONDS`.

A database reached through a symbolic link is backed up and restored as the file it points to:
backups live next to the real file, and a restore replaces the real file, never the link.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from desktop import clock
from desktop.db import (
    PART_SUFFIX,
    QUICK_CHECK_MAX_BYTES,
    Database,
    backup_file_name,
    backups_dir,
    check_integrity,
    checkpoint_file,
    fsync_file,
    fsync_folder,
    is_encrypted,
    online_backup,
    probe_database,
    real_file,
    remove_part,
)
from desktop.errors import BackupError, DatabaseError, NotAnAnsvarsgruppeDatabaseError
from desktop.i18n import _

log = logging.getLogger(__name__)

KEEP_RECENT = 10
KEEP_DAYS = 14
KEEP_SAFETY = 5
MAX_AGE_DAYS = 90  # retention: data deleted from the database is gone from the backups after this
# A ``.part`` of an automatic or manual backup may be written right now by another process (the
# ``backup`` command needs no lock) or by the GUI's backup thread: removed when this old.
STALE_PART_SECONDS = 3600
# SQLite's files beside a database (a damaged file is kept with its WAL).
COMPANIONS = ("-wal", "-shm", "-journal")

REASON_START = "start"
REASON_MEETING = "meeting"
REASON_DAILY = "daily"
REASON_MANUAL = "manual"
REASON_BEFORE_RESTORE = "before-restore"
REASON_DAMAGED = "damaged"
AUTOMATIC_REASONS = frozenset({REASON_START, REASON_MEETING, REASON_DAILY})
# Written only by an operation that holds the single-instance lock: the safety copies (before a
# restore or a schema update, of a damaged file). Any ``.part`` of these found by such an
# operation is left by a run that was killed.
_WRITTEN_WITHOUT_LOCK = AUTOMATIC_REASONS | {REASON_MANUAL}

_NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6}-\d{6})-(?P<reason>[a-z0-9_-]+)\.db$")
# What a crash can leave beside the backups: ``<backup>.part`` (with SQLite's ``-journal``), or a
# ``<backup>-wal`` whose backup was removed.
_LEFTOVER = re.compile(r"^(?P<backup>.+\.db)(?P<part>\.part)?(?P<companion>-journal|-wal|-shm)?$")


@dataclass(frozen=True)
class BackupInfo:
    """One backup file: where, when and why it was made."""

    path: Path
    created_at: datetime
    reason: str
    size_bytes: int

    @property
    def is_automatic(self) -> bool:
        return self.reason in AUTOMATIC_REASONS


def _parse(path: Path, stem: str) -> BackupInfo | None:
    match = _NAME.match(path.name)
    if match is None or match["stem"] != stem:
        return None
    try:
        created = datetime.strptime(match["stamp"], "%Y%m%d-%H%M%S-%f")
        size = path.stat().st_size
    except (ValueError, OSError):
        return None
    return BackupInfo(path=path, created_at=created, reason=match["reason"], size_bytes=size)


def list_backups(db_path: Path) -> list[BackupInfo]:
    """The backups of ``db_path``, newest first."""
    folder = backups_dir(db_path)
    if not folder.is_dir():
        return []
    stem = real_file(db_path).stem
    found = [info for p in folder.glob(f"{stem}-*.db") if (info := _parse(p, stem)) is not None]
    return sorted(found, key=lambda b: b.created_at, reverse=True)


def newest_backup(db_path: Path, *, usable_only: bool = True) -> BackupInfo | None:
    """The newest backup worth restoring (copies of damaged files are never offered)."""
    for info in list_backups(db_path):
        if usable_only and info.reason == REASON_DAMAGED:
            continue
        return info
    return None


def _make_folder(folder: Path) -> None:
    if folder.is_dir():
        return
    try:
        folder.mkdir(exist_ok=True)
    except OSError as exc:
        raise BackupError(_("The backup folder {path} cannot be created.").format(path=folder)) from exc
    fsync_folder(folder.parent)  # the new folder's entry survives a power cut too


def _write_backup(db: Database, target: Path) -> None:
    _make_folder(target.parent)
    try:
        online_backup(db.path, target, passphrase=db.passphrase)  # .part, fsync, rename, fsync folder
    except (DatabaseError, OSError) as exc:
        raise BackupError(
            _("The backup {path} could not be written (disk full or no access).").format(path=target)
        ) from exc


def create_backup(db: Database, reason: str = REASON_MANUAL, *, rotate: bool = True) -> BackupInfo:
    """Write a backup of ``db`` into its ``backups/`` folder and rotate the old ones (before and
    after: what a killed run left is rotated by the next one)."""
    if rotate:
        rotate_backups(db.path)
    target = backup_file_name(db.path, reason)
    _write_backup(db, target)
    log.info("backup created (reason=%s)", reason)
    if rotate:
        rotate_backups(db.path)
    info = _parse(target, real_file(db.path).stem)
    assert info is not None
    return info


def backup_to(db: Database, out: Path) -> Path:
    """A backup at a place the user chose (``backup --out FILE``); refuses to overwrite a file."""
    out = Path(out)
    if out.exists():
        raise BackupError(_("{path} already exists. Choose a new file name for the backup.").format(path=out))
    if not out.parent.is_dir():
        raise BackupError(_("The folder {path} does not exist.").format(path=out.parent))
    if out.resolve() == db.path.resolve() or _same_file(out, db.path):
        raise BackupError(_("The backup cannot replace the database itself."))
    _write_backup(db, out)
    log.info("backup written to a chosen file")
    return out


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def rotate_backups(db_path: Path, *, now: datetime | None = None, holding_lock: bool = False) -> list[Path]:
    """Delete old backups; return the deleted paths.

    Kept: the newest ``KEEP_RECENT`` automatic backups, the newest automatic backup of each of the
    last ``KEEP_DAYS`` days, and the newest ``KEEP_SAFETY`` of each kind of safety copy; but
    nothing older than ``MAX_AGE_DAYS`` (retention) except the newest automatic backup. Backups
    the user wrote with ``--out`` elsewhere are never touched. Half-written copies are removed
    (see :func:`_remove_stale_parts`; ``holding_lock``: the caller holds the single-instance lock).
    """
    db_path = real_file(db_path)
    now = now or clock.now_precise()
    _remove_stale_parts(db_path, holding_lock=holding_lock)
    backups = list_backups(db_path)
    automatic = [b for b in backups if b.is_automatic]
    keep: set[Path] = {b.path for b in automatic[:KEEP_RECENT]}
    seen_days: set[object] = set()
    oldest_day = (now - timedelta(days=KEEP_DAYS - 1)).date()
    for info in automatic:
        day = info.created_at.date()
        if day >= oldest_day and day not in seen_days:
            seen_days.add(day)
            keep.add(info.path)
    by_reason: dict[str, int] = {}
    for info in backups:
        if info.is_automatic:
            continue
        by_reason[info.reason] = by_reason.get(info.reason, 0) + 1
        if by_reason[info.reason] <= KEEP_SAFETY:
            keep.add(info.path)
    too_old = now - timedelta(days=MAX_AGE_DAYS)
    newest_automatic = automatic[0].path if automatic else None
    keep = {p for p in keep if p == newest_automatic or _created(backups, p) >= too_old}
    deleted = []
    for info in backups:
        if info.path not in keep:
            try:
                info.path.unlink()
                deleted.append(info.path)
            except OSError:
                log.warning("an old backup could not be deleted")
                continue
            for suffix in COMPANIONS:  # a damaged file's copy keeps its WAL beside it
                info.path.with_name(info.path.name + suffix).unlink(missing_ok=True)
    return deleted


def _remove_stale_parts(db_path: Path, *, holding_lock: bool = False) -> None:
    """Half-written copies (``.part``, with SQLite's ``-journal``) left by a crash or a kill.

    A part of a safety copy found while holding the single-instance lock is certainly dead (only
    a holder of the lock writes those); any other part, and a ``-wal`` whose backup is gone, once
    untouched for :data:`STALE_PART_SECONDS`. File ages are compared with the clock that stamped
    them, the folder's own (:func:`folder_now`): not :mod:`desktop.clock`, which tests fix, nor
    the laptop's, which may differ from a file server's by more than the hour that decides.
    """
    folder = backups_dir(db_path)
    if not folder.is_dir():
        return
    stem = real_file(db_path).stem
    oldest: float | None = None  # asked of the folder only when a leftover needs its age
    for path in folder.glob(f"{stem}-*"):
        left = _LEFTOVER.match(path.name)
        backup = _NAME.match(left["backup"]) if left else None
        if left is None or backup is None or backup["stem"] != stem:
            continue
        if left["part"]:
            dead_now = holding_lock and backup["reason"] not in _WRITTEN_WITHOUT_LOCK
        elif left["companion"] and not path.with_name(left["backup"]).exists():
            dead_now = False  # a WAL kept beside a damaged file's copy, whose copy is gone
        else:
            continue
        try:
            if not dead_now and oldest is None:
                oldest = folder_now(folder) - STALE_PART_SECONDS
            if dead_now or path.stat().st_mtime < (oldest or 0.0):
                path.unlink()
        except OSError:
            pass


def folder_now(folder: Path) -> float:
    """ "Now" as the file system of ``folder`` stamps files (the mtime of a file made there just
    now); the process's clock when the folder cannot be written to."""
    try:
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".now-", delete=True) as marker:
            return os.fstat(marker.fileno()).st_mtime
    except OSError:
        return time.time()


def _created(backups: list[BackupInfo], path: Path) -> datetime:
    return next(b.created_at for b in backups if b.path == path)


def backup_on_start(db: Database) -> BackupInfo | None:
    """The start-up backup (a failure is logged, never stops the app: the data itself is fine)."""
    return _safe_backup(db, REASON_START)


def backup_after_meeting(db: Database) -> BackupInfo | None:
    """Call this after a meeting is closed: a backup that holds the whole meeting."""
    return _safe_backup(db, REASON_MEETING)


def backup_daily_if_due(db: Database, *, now: datetime | None = None) -> BackupInfo | None:
    """A daily backup, unless there is already one from today (the GUI calls this every hour)."""
    now = now or clock.now_precise()
    if any(b.reason == REASON_DAILY and b.created_at.date() == now.date() for b in list_backups(db.path)):
        return None
    return _safe_backup(db, REASON_DAILY)


def _safe_backup(db: Database, reason: str) -> BackupInfo | None:
    try:
        return create_backup(db, reason)
    except (BackupError, DatabaseError):
        log.warning("automatic backup failed (reason=%s)", reason)
        return None


# --------------------------------------------------------------------------------------------
# Restore


@dataclass(frozen=True)
class RestoreResult:
    """What a restore did: the file now in use and where the replaced file was kept."""

    db_path: Path
    restored_from: Path
    previous_copy: Path | None


def validate_backup(path: Path, *, passphrase: str | None = None) -> None:
    """Refuse a file that is not a usable Ansvarsgruppe database (read-only look)."""
    path = Path(path)
    if not path.is_file() or path.stat().st_size == 0:
        raise BackupError(_("{path} is not a backup file.").format(path=path))
    try:
        probe = probe_database(path, passphrase=passphrase, writable=False)
    except NotAnAnsvarsgruppeDatabaseError as exc:
        raise BackupError(
            _(
                "{path} is not an Ansvarsgruppe backup (or it is encrypted with another passphrase). "
                "Nothing was restored."
            ).format(path=path)
        ) from exc
    except DatabaseError as exc:
        raise BackupError(
            _("{path} cannot be restored: {reason}").format(path=path, reason=str(exc))
        ) from exc
    if probe.revision is None:
        raise BackupError(_("{path} is not an Ansvarsgruppe database.").format(path=path))
    if path.stat().st_size > QUICK_CHECK_MAX_BYTES:
        # The probe checks only the cheap things above this size; a backup about to replace the
        # database gets the whole-file check, so a damaged copy is never restored over a sound one.
        try:
            check_integrity(path, passphrase=passphrase, report=False)
        except DatabaseError as exc:
            raise BackupError(
                _("{path} cannot be restored: {reason}").format(path=path, reason=str(exc))
            ) from exc


def keep_copy_of_current(db_path: Path, reason: str, *, passphrase: str | None = None) -> Path | None:
    """Copy the current file into ``backups/`` before it is replaced.

    A healthy file is copied with the backup API (including what is still in the WAL); a damaged
    one byte for byte, with its ``-wal`` file, so that nothing is lost even if it cannot be read.
    Either way the copy is written under a ``.part`` name, synced and renamed: a kill leaves a part
    (removed by the next operation), never a half-written file that looks like a backup.
    """
    db_path = real_file(db_path)
    if not db_path.exists() or db_path.stat().st_size == 0:
        return None
    target = backup_file_name(db_path, reason)
    _make_folder(target.parent)
    try:
        probe_database(db_path, passphrase=passphrase, writable=False)
        online_backup(db_path, target, passphrase=passphrase)
    except DatabaseError:
        part = target.with_name(target.name + PART_SUFFIX)
        try:
            wal = db_path.with_name(db_path.name + "-wal")
            if wal.exists():
                shutil.copyfile(wal, part.with_name(part.name + "-wal"))
                fsync_file(part.with_name(part.name + "-wal"))
                os.replace(part.with_name(part.name + "-wal"), target.with_name(target.name + "-wal"))
            shutil.copy2(db_path, part)
            fsync_file(part)
            os.replace(part, target)
            fsync_folder(target.parent)
        except OSError as exc:
            remove_part(part)
            target.with_name(target.name + "-wal").unlink(missing_ok=True)
            raise BackupError(
                _(
                    "A copy of {path} could not be kept (disk full or no access); nothing was restored."
                ).format(path=db_path)
            ) from exc
    return target


def restore_backup(db_path: Path, source: Path, *, passphrase: str | None = None) -> RestoreResult:
    """Replace ``db_path`` with ``source``, keeping a copy of what it replaces.

    Takes the single-instance lock: refused while the file is open elsewhere (under any name). The
    source is validated first and copied with the backup API into a temporary file in the same
    folder, which is synced and then atomically replaces the database (the folder is synced too);
    stale ``-wal``/``-shm`` files of the old database are removed so they can never be applied to
    the restored one. Through a symbolic link, the file it points to is replaced, not the link.
    Backups are rotated before and after, so a killed restore's copies do not pile up.
    """
    from desktop.services.instance_lock import InstanceLock

    db_path, source = real_file(db_path), Path(source)
    if source.resolve() == db_path.resolve() or _same_file(source, db_path):
        raise BackupError(_("A database cannot be restored from itself."))
    if not db_path.parent.is_dir():
        raise BackupError(_("The folder {path} does not exist.").format(path=db_path.parent))
    validate_backup(source, passphrase=passphrase)
    with InstanceLock(db_path) as lock:
        rotate_backups(db_path, holding_lock=True)  # what killed restores left, before adding to it
        current_passphrase = passphrase if is_encrypted(db_path) else None
        previous = keep_copy_of_current(
            db_path,
            REASON_BEFORE_RESTORE,
            passphrase=current_passphrase,
        )
        tmp = db_path.with_name(db_path.name + ".restoring")
        remove_part(tmp)
        remove_part(tmp.with_name(tmp.name + PART_SUFFIX))
        try:
            online_backup(source, tmp, passphrase=passphrase)  # synced before the rename
            # The old file's last commits may still be in its WAL: written into the file (and the
            # WAL emptied) first, a kill between removing the WAL and the rename loses nothing.
            _checkpoint(db_path, current_passphrase)
            for suffix in ("-wal", "-shm"):
                db_path.with_name(db_path.name + suffix).unlink(missing_ok=True)
            os.replace(tmp, db_path)
            fsync_folder(db_path.parent)
        except (OSError, DatabaseError) as exc:
            remove_part(tmp)
            raise BackupError(
                _("The restore failed (disk full or no access); the database was not changed.")
            ) from exc
        lock.refresh()  # the restored file is a new inode: lock it too (hard links made to it)
        db = Database.open(db_path, passphrase=passphrase)  # migrates an older backup to this version
        db.dispose()
        rotate_backups(db_path, holding_lock=True)
    log.info("database restored from a backup")
    return RestoreResult(db_path=db_path, restored_from=source, previous_copy=previous)


def _checkpoint(db_path: Path, passphrase: str | None) -> None:
    """The write-ahead log of ``db_path`` written into the file; a file that cannot do it (damaged)
    is left as it is: the copy kept before the restore holds it, WAL included."""
    try:
        checkpoint_file(db_path, passphrase)
    except Exception as exc:  # noqa: BLE001 - sqlite3 and sqlcipher3 errors
        log.info("checkpoint before restore not made (%s)", type(exc).__name__)
