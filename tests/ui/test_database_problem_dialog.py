"""The GUI explains a bad database file and offers the newest backup."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QInputDialog, QMessageBox

from desktop.db import Database, check_database
from desktop.errors import DatabaseDamagedError
from desktop.services.backup import create_backup, list_backups
from desktop.ui import app as app_module
from desktop.ui import database_dialogs
from desktop.ui.database_dialogs import DatabaseProblemDialog, open_database_interactively
from tests.sql import sql_rows


def damage(path: Path) -> bytes:
    data = bytearray(path.read_bytes())
    for offset in range(4096 * 3, 4096 * 10, 97):
        data[offset : offset + 8] = b"\xde\xad\xbe\xef\x00\xff\x13\x37"
    path.write_bytes(bytes(data))
    return bytes(data)


@pytest.fixture
def damaged_with_backup(demo_db: Database) -> Path:
    create_backup(demo_db)
    path = demo_db.path
    demo_db.dispose()
    damage(path)
    return path


def clicking(choice: int, seen: list[QDialog]):  # type: ignore[no-untyped-def]
    def run(dialog: QDialog) -> None:
        seen.append(dialog)
        if isinstance(dialog, DatabaseProblemDialog):
            button = dialog.button_for(choice)
            assert button is not None, f"choice {choice} not offered"
            button.click()
        else:
            dialog.reject()

    return run


def test_the_dialog_offers_the_newest_backup_and_restores_it(
    qtbot, damaged_with_backup: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = damaged_with_backup
    damaged = path.read_bytes()
    seen: list[QDialog] = []
    monkeypatch.setattr(database_dialogs, "run_dialog", clicking(DatabaseProblemDialog.RESTORE, seen))
    db = open_database_interactively(path)
    assert isinstance(db, Database) and db.holds_lock
    dialog = seen[0]
    assert isinstance(dialog, DatabaseProblemDialog)
    assert "skadet" in dialog.text() and "sikkerhetskopien" in dialog.informativeText()
    db.dispose()
    assert check_database(path).is_sound
    kept = [b for b in list_backups(path) if b.reason == "before-restore"]
    assert kept and kept[0].path.read_bytes() == damaged  # the damaged file is kept, byte for byte


def test_quitting_leaves_the_damaged_file_as_it_was(
    qtbot, damaged_with_backup: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = damaged_with_backup
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    seen: list[QDialog] = []
    monkeypatch.setattr(database_dialogs, "run_dialog", clicking(DatabaseProblemDialog.QUIT, seen))
    assert open_database_interactively(path) is None
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest


def test_the_dialog_is_readable_and_keyboard_driven(qtbot, damaged_with_backup: Path, tmp_path: Path) -> None:
    try:
        Database.open(damaged_with_backup)
    except DatabaseDamagedError as exc:
        error = exc
    dialog = DatabaseProblemDialog(error, damaged_with_backup)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.grab().save(str(tmp_path / "dialog.png"))
    restore = dialog.button_for(DatabaseProblemDialog.RESTORE)
    assert restore is not None and dialog.defaultButton() is restore
    assert dialog.button_for(DatabaseProblemDialog.RETRY) is None  # retrying a damaged file is pointless
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.choice() == DatabaseProblemDialog.QUIT


def test_an_encrypted_database_asks_for_the_passphrase(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "secret.db"
    Database.open(path, passphrase="riktig").dispose()
    answers = iter(["feil", "riktig"])
    shown: list[str] = []

    def run(dialog: QDialog) -> None:
        if isinstance(dialog, QInputDialog):
            assert dialog.textEchoMode() == dialog.textEchoMode().Password
            dialog.setTextValue(next(answers))
            dialog.accept()
        elif isinstance(dialog, QMessageBox):
            shown.append(dialog.text())
            dialog.button_for(DatabaseProblemDialog.PASSPHRASE).click()  # type: ignore[attr-defined, union-attr]

    monkeypatch.setattr(database_dialogs, "run_dialog", run)
    db = open_database_interactively(path)
    assert isinstance(db, Database) and db.is_encrypted
    assert shown and "Passordfrasen" in shown[0]
    db.dispose()


def test_a_second_instance_gets_a_clear_message_not_a_second_writer(
    qtbot, demo_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    import subprocess
    import sys

    path = demo_db.path
    demo_db.dispose()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from pathlib import Path; from desktop.db import Database; "
            "db = Database.open(Path(sys.argv[1]), exclusive=True); print('holding', flush=True); "
            "sys.stdin.readline()",
            str(path),
        ],
        cwd=Path(__file__).resolve().parents[2],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        seen: list[QDialog] = []
        choices = iter([DatabaseProblemDialog.RETRY, DatabaseProblemDialog.QUIT])

        def run(dialog: QDialog) -> None:
            seen.append(dialog)
            assert isinstance(dialog, DatabaseProblemDialog)
            choice = next(choices)
            button = dialog.button_for(choice)
            assert button is not None
            if choice == DatabaseProblemDialog.QUIT:
                holder.kill()  # (the user quits; the other window closes later)
            button.click()

        monkeypatch.setattr(database_dialogs, "run_dialog", run)
        assert open_database_interactively(path) is None
        assert len(seen) == 2 and "allerede åpen" in seen[0].text()  # type: ignore[attr-defined]
        assert seen[0].button_for(DatabaseProblemDialog.RESTORE) is None  # type: ignore[attr-defined]
    finally:
        holder.kill()
        holder.wait(timeout=30)
    db = open_database_interactively(path)  # the holder is gone: opens normally
    assert isinstance(db, Database)
    db.dispose()


# -- a damaged database above QUICK_CHECK_MAX_BYTES, and damage met after the start (issue 15.3) --


class _NoEventLoop:
    """run_gui's QApplication, without its event loop: the test drives the events itself."""

    def exec(self) -> int:
        return 0


@pytest.fixture
def gui_start(qtbot, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """run_gui(path) as the real start-up does it, with its process-wide settings put back after."""
    import sys
    import threading

    from desktop.db import policy

    monkeypatch.setattr(app_module, "create_application", lambda language=None: _NoEventLoop())
    monkeypatch.setattr("desktop.logging_setup.setup_logging", lambda: None)
    monkeypatch.setattr(policy, "_exclusive_by_default", False)
    monkeypatch.setattr(policy, "_passphrase_provider", None)
    monkeypatch.setattr(policy, "_damage_listener", None)
    monkeypatch.setattr(app_module, "_watch", None)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    started: list[object] = []

    def start(path: Path) -> object:
        code = app_module.run_gui(path)
        window = app_module._shown_windows[0] if app_module._shown_windows else None
        started.append(window)
        return code, window

    yield start
    for window in started:
        if window is not None:
            window.close()  # type: ignore[attr-defined]
    app_module._shown_windows.clear()
    for thread in threading.enumerate():  # the backup thread reads the file; let it finish first
        if thread.name in ("backup", "integrity-check", "warm-up"):
            thread.join(60)


def _large_with_backup(demo_db: Database, tmp_path: Path) -> Path:
    from tests.unit.test_damaged_large_db import build_large

    template = demo_db.path
    demo_db.dispose()
    path = tmp_path / "stor" / "stor.db"
    path.parent.mkdir()
    build_large(path, template)
    db = Database.open(path)
    create_backup(db)
    db.dispose()
    return path


def test_a_large_file_whose_first_screen_is_damaged_gets_the_dialog_not_a_crash(
    qtbot, demo_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, gui_start
) -> None:  # noqa: ANN001
    """The cheap checks at open pass (SQLite's structures are whole); building the case list
    meets the damage: the same dialog, and restoring the backup starts the application on it."""
    from tests.unit.test_damaged_large_db import spoil_text

    path = _large_with_backup(demo_db, tmp_path)
    spoil_text(path, "case", "display_name")
    seen: list[QDialog] = []
    monkeypatch.setattr(database_dialogs, "run_dialog", clicking(DatabaseProblemDialog.RESTORE, seen))
    code, window = gui_start(path)
    assert code == 0 and window is not None and window.isVisible()
    assert len(seen) == 1 and isinstance(seen[0], DatabaseProblemDialog)
    assert "skadet" in seen[0].text() and "sikkerhetskopien" in seen[0].informativeText()
    assert sql_rows(window.db, 'SELECT count(*) FROM "case"')[0][0] > 0  # the restored file
    kept = [b for b in list_backups(path) if b.reason == "before-restore"]
    assert kept  # the damaged file is kept, its damage with it
    conn = sqlite3.connect(kept[0].path)
    with pytest.raises(sqlite3.OperationalError):
        conn.execute('SELECT display_name FROM "case"').fetchall()
    conn.close()


def test_damage_found_by_the_check_after_the_window_shows_gets_the_dialog(
    qtbot, demo_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, gui_start
) -> None:  # noqa: ANN001
    """Damage in pages the first screen does not read: the window shows at once; the whole check
    runs on the backup thread, takes no backup of the damaged file, and brings up the dialog."""
    from tests.unit.test_damaged_large_db import scribble_middle

    path = _large_with_backup(demo_db, tmp_path)
    scribble_middle(path)
    backups_before = {b.path for b in list_backups(path)}
    seen: list[QDialog] = []
    monkeypatch.setattr(database_dialogs, "run_dialog", clicking(DatabaseProblemDialog.RESTORE, seen))
    code, window = gui_start(path)
    assert code == 0 and window is not None and window.isVisible()
    assert seen == []  # nothing known yet: the window shows without waiting for the check
    first_db = window.db
    qtbot.waitUntil(lambda: len(seen) == 1, timeout=60_000)
    assert isinstance(seen[0], DatabaseProblemDialog) and "skadet" in seen[0].text()
    qtbot.waitUntil(lambda: window.db is not first_db, timeout=10_000)  # restored, reopened
    new = {b.reason for b in list_backups(path) if b.path not in backups_before}
    assert new == {"before-restore"}  # no start-up backup was taken of the damaged file
    assert check_database(path).integrity == "ok"


def test_damage_met_later_in_a_small_file_gets_the_dialog_too(
    qtbot, demo_db: Database, monkeypatch: pytest.MonkeyPatch, gui_start
) -> None:  # noqa: ANN001
    """Whatever the size and wherever it is met: a read that meets damage while the user works
    (the view shows its own message) brings up the backup offer; quitting closes the window."""
    from sqlmodel import select

    from desktop.errors import UserError
    from desktop.models import Note
    from tests.unit.test_damaged_large_db import spoil_text

    create_backup(demo_db)
    path = demo_db.path
    demo_db.dispose()
    spoil_text(path, "note", "text")  # quick_check cannot see it: the start is normal
    seen: list[QDialog] = []
    monkeypatch.setattr(database_dialogs, "run_dialog", clicking(DatabaseProblemDialog.QUIT, seen))
    code, window = gui_start(path)
    assert code == 0 and window.isVisible() and seen == []
    with pytest.raises(UserError), window.db.session() as session:  # a view catches it, in its own words
        session.exec(select(Note.text)).all()
    qtbot.waitUntil(lambda: len(seen) == 1, timeout=10_000)
    assert isinstance(seen[0], DatabaseProblemDialog) and seen[0].button_for(DatabaseProblemDialog.RESTORE)
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=10_000)


@pytest.mark.qt_no_exception_capture  # the error is meant to reach sys.excepthook
def test_an_sqlite_error_nobody_caught_reaches_the_dialog(
    qtbot, demo_db: Database, monkeypatch: pytest.MonkeyPatch, gui_start
) -> None:  # noqa: ANN001
    import sys

    path = demo_db.path
    demo_db.dispose()
    seen: list[QDialog] = []
    monkeypatch.setattr(database_dialogs, "run_dialog", clicking(DatabaseProblemDialog.QUIT, seen))
    code, window = gui_start(path)
    assert code == 0 and seen == []
    error = sqlite3.DatabaseError("database disk image is malformed")
    error.sqlite_errorname = "SQLITE_CORRUPT"  # type: ignore[attr-defined]
    sys.excepthook(sqlite3.DatabaseError, error, None)  # as PySide reports an error in a slot
    qtbot.waitUntil(lambda: len(seen) == 1, timeout=10_000)
    assert isinstance(seen[0], DatabaseProblemDialog) and "skadet" in seen[0].text()
