"""Keeping the open database safe while the application runs: backups and the whole-file check.

Both run on worker threads; a backup is taken only of a file that passed the check, so that a
damaged file never pushes a good backup out of the rotation.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget

from desktop.errors import DatabaseDamagedError

if TYPE_CHECKING:
    from desktop.db import Database

DAILY_BACKUP_CHECK_MS = 60 * 60 * 1000


def start_backups(window: QWidget, get_db: Callable[[], Database], *, at_start: bool = True) -> QTimer:
    """The start-up backup now (unless ``at_start`` is false), and an hourly check for the daily one.

    Both run on a worker thread (a large database takes seconds to copy); the backup service
    uses its own SQLite connections and never touches a widget.
    """
    from desktop.services.backup import backup_daily_if_due, backup_on_start

    def in_background(work: Callable[[], object]) -> None:
        threading.Thread(target=work, name="backup", daemon=True).start()

    def start() -> None:
        db = get_db()
        if not integrity_confirmed(db):
            return
        backup_on_start(db)
        backup_daily_if_due(db)

    def daily() -> None:
        db = get_db()
        if integrity_confirmed(db):
            backup_daily_if_due(db)

    if at_start:
        in_background(start)
    timer = QTimer(window)
    timer.setObjectName("dailyBackupTimer")
    timer.setInterval(DAILY_BACKUP_CHECK_MS)
    timer.timeout.connect(lambda: in_background(daily))
    timer.start()
    return timer


def integrity_confirmed(db: Database) -> bool:
    """True when ``db`` may be backed up: it passed the whole-file check. Call on a worker thread.

    A large file is opened with the cheap checks only; its ``PRAGMA quick_check`` runs here, before
    the first backup, because a backup of a damaged file must never push a good one out of the
    rotation. Damage is told to the damage listener (:class:`DatabaseWatch`: the dialog).
    """
    if db.damage_found:
        return False
    if db.integrity_checked:
        return True
    from desktop.db import check_integrity

    try:
        check_integrity(db.path, passphrase=db.passphrase)
    except DatabaseDamagedError:
        db.damage_found = True
        return False
    db.integrity_checked = True
    return True


def check_in_background(db: Database) -> threading.Thread:
    """The whole-file check of ``db`` on a worker thread (damage reaches the dialog)."""
    thread = threading.Thread(target=integrity_confirmed, args=(db,), name="integrity-check", daemon=True)
    thread.start()
    return thread
