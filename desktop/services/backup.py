"""Automatic rotating backups and restore, with SQLite's online backup API.

Backups live in ``backups/`` next to the database file and are named
``<stem>-<YYYYmmdd-HHMMSS-ffffff>-<reason>.db`` (no case content in file names). They are made on
start, after each closed meeting (:func:`backup_after_meeting`) and once a day
(:func:`backup_daily_if_due`). Rotation keeps the newest :data:`KEEP_RECENT` automatic backups
plus the newest one of each of the last :data:`KEEP_DAYS` days; safety copies (taken before a
restore or a schema update, or of a damaged file) are kept :data:`KEEP_SAFETY` deep. A backup of
an encrypted database is encrypted with the same passphrase.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from desktop import clock
from desktop.db import (
    Database,
    backup_file_name,
    backups_dir,
    is_encrypted,
    online_backup,
    probe_database,
)
from desktop.errors import BackupError, DatabaseError, NotAnAnsvarsgruppeDatabaseError
from desktop.i18n import _

log = logging.getLogger(__name__)

KEEP_RECENT = 10
KEEP_DAYS = 14
KEEP_SAFETY = 5
MAX_AGE_DAYS = 90  # retention: data deleted from the database is gone from the backups after this

REASON_START = "start"
REASON_MEETING = "meeting"
REASON_DAILY = "daily"
REASON_MANUAL = "manual"
REASON_BEFORE_RESTORE = "before-restore"
REASON_DAMAGED = "damaged"
AUTOMATIC_REASONS = frozenset({REASON_START, REASON_MEETING, REASON_DAILY})

_NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6}-\d{6})-(?P<reason>[a-z0-9_-]+)\.db$")


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
    stem = Path(db_path).stem
    found = [info for p in folder.glob(f"{stem}-*.db") if (info := _parse(p, stem)) is not None]
    return sorted(found, key=lambda b: b.created_at, reverse=True)


def newest_backup(db_path: Path, *, usable_only: bool = True) -> BackupInfo | None:
    """The newest backup worth restoring (copies of damaged files are never offered)."""
    for info in list_backups(db_path):
        if usable_only and info.reason == REASON_DAMAGED:
            continue
        return info
    return None


def _write_backup(db: Database, target: Path) -> None:
    try:
        target.parent.mkdir(exist_ok=True)
    except OSError as exc:
        raise BackupError(
            _("The backup folder {path} cannot be created.").format(path=target.parent)
        ) from exc
    tmp = target.with_name(target.name + ".part")
    try:
        online_backup(db.path, tmp, passphrase=db.passphrase)
        os.replace(tmp, target)
    except DatabaseError as exc:
        tmp.unlink(missing_ok=True)
        raise BackupError(
            _("The backup {path} could not be written (disk full or no access).").format(path=target)
        ) from exc
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise BackupError(
            _("The backup {path} could not be written (disk full or no access).").format(path=target)
        ) from exc


def create_backup(db: Database, reason: str = REASON_MANUAL, *, rotate: bool = True) -> BackupInfo:
    """Write a backup of ``db`` into its ``backups/`` folder and rotate the old ones."""
    target = backup_file_name(db.path, reason)
    _write_backup(db, target)
    log.info("backup created (reason=%s)", reason)
    if rotate:
        rotate_backups(db.path)
    info = _parse(target, db.path.stem)
    assert info is not None
    return info


def backup_to(db: Database, out: Path) -> Path:
    """A backup at a place the user chose (``backup --out FILE``); refuses to overwrite a file."""
    out = Path(out)
    if out.exists():
        raise BackupError(_("{path} already exists. Choose a new file name for the backup.").format(path=out))
    if not out.parent.is_dir():
        raise BackupError(_("The folder {path} does not exist.").format(path=out.parent))
    if out.resolve() == db.path.resolve():
        raise BackupError(_("The backup cannot replace the database itself."))
    _write_backup(db, out)
    log.info("backup written to a chosen file")
    return out


def rotate_backups(db_path: Path, *, now: datetime | None = None) -> list[Path]:
    """Delete old backups; return the deleted paths.

    Kept: the newest ``KEEP_RECENT`` automatic backups, the newest automatic backup of each of the
    last ``KEEP_DAYS`` days, and the newest ``KEEP_SAFETY`` of each kind of safety copy; but
    nothing older than ``MAX_AGE_DAYS`` (retention) except the newest automatic backup. Backups
    the user wrote with ``--out`` elsewhere are never touched.
    """
    now = now or clock.now_precise()
    _remove_stale_parts(db_path, now)
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
    return deleted


def _remove_stale_parts(db_path: Path, now: datetime) -> None:
    """Half-written backups (``.part``) left by a crash or a closed app, older than an hour."""
    folder = backups_dir(db_path)
    if not folder.is_dir():
        return
    for part in folder.glob(f"{Path(db_path).stem}-*.db.part"):
        try:
            if datetime.fromtimestamp(part.stat().st_mtime) < now - timedelta(hours=1):
                part.unlink()
        except OSError:
            pass


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


def keep_copy_of_current(db_path: Path, reason: str, *, passphrase: str | None = None) -> Path | None:
    """Copy the current file into ``backups/`` before it is replaced.

    A healthy file is copied with the backup API (including what is still in the WAL); a damaged
    one byte for byte, with its ``-wal`` file, so that nothing is lost even if it cannot be read.
    """
    db_path = Path(db_path)
    if not db_path.exists() or db_path.stat().st_size == 0:
        return None
    target = backup_file_name(db_path, reason)
    target.parent.mkdir(exist_ok=True)
    try:
        probe_database(db_path, passphrase=passphrase, writable=False)
        online_backup(db_path, target, passphrase=passphrase)
    except DatabaseError:
        try:
            shutil.copy2(db_path, target)
            wal = db_path.with_name(db_path.name + "-wal")
            if wal.exists():
                shutil.copy2(wal, target.with_name(target.name + "-wal"))
        except OSError as exc:
            target.unlink(missing_ok=True)
            raise BackupError(
                _(
                    "A copy of {path} could not be kept (disk full or no access); nothing was restored."
                ).format(path=db_path)
            ) from exc
    return target


def restore_backup(db_path: Path, source: Path, *, passphrase: str | None = None) -> RestoreResult:
    """Replace ``db_path`` with ``source``, keeping a copy of what it replaces.

    Takes the single-instance lock: refused while the file is open elsewhere. The source is
    validated first and copied with the backup API into a temporary file in the same folder,
    which then atomically replaces the database; stale ``-wal``/``-shm`` files of the old
    database are removed so they can never be applied to the restored one.
    """
    from desktop.services.instance_lock import InstanceLock

    db_path, source = Path(db_path), Path(source)
    if source.resolve() == db_path.resolve():
        raise BackupError(_("A database cannot be restored from itself."))
    if not db_path.parent.is_dir():
        raise BackupError(_("The folder {path} does not exist.").format(path=db_path.parent))
    validate_backup(source, passphrase=passphrase)
    with InstanceLock(db_path):
        current_passphrase = passphrase if is_encrypted(db_path) else None
        previous = keep_copy_of_current(
            db_path,
            REASON_BEFORE_RESTORE,
            passphrase=current_passphrase,
        )
        tmp = db_path.with_name(db_path.name + ".restoring")
        tmp.unlink(missing_ok=True)
        try:
            online_backup(source, tmp, passphrase=passphrase)
            with tmp.open("rb+") as fh:
                os.fsync(fh.fileno())
            for suffix in ("-wal", "-shm"):
                db_path.with_name(db_path.name + suffix).unlink(missing_ok=True)
            os.replace(tmp, db_path)
        except (OSError, DatabaseError) as exc:
            tmp.unlink(missing_ok=True)
            raise BackupError(
                _("The restore failed (disk full or no access); the database was not changed.")
            ) from exc
        db = Database.open(db_path, passphrase=passphrase)  # migrates an older backup to this version
        db.dispose()
    log.info("database restored from a backup")
    return RestoreResult(db_path=db_path, restored_from=source, previous_copy=previous)
