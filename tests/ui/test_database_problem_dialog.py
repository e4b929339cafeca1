"""The GUI explains a bad database file and offers the newest backup."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QInputDialog, QMessageBox

from desktop.db import Database, check_database
from desktop.errors import DatabaseDamagedError
from desktop.services.backup import create_backup, list_backups
from desktop.ui import app as app_module
from desktop.ui.app import DatabaseProblemDialog, open_database_interactively


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
    monkeypatch.setattr(app_module, "run_dialog", clicking(DatabaseProblemDialog.RESTORE, seen))
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
    monkeypatch.setattr(app_module, "run_dialog", clicking(DatabaseProblemDialog.QUIT, seen))
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

    monkeypatch.setattr(app_module, "run_dialog", run)
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

        monkeypatch.setattr(app_module, "run_dialog", run)
        assert open_database_interactively(path) is None
        assert len(seen) == 2 and "allerede åpen" in seen[0].text()  # type: ignore[attr-defined]
        assert seen[0].button_for(DatabaseProblemDialog.RESTORE) is None  # type: ignore[attr-defined]
    finally:
        holder.kill()
        holder.wait(timeout=30)
    db = open_database_interactively(path)  # the holder is gone: opens normally
    assert isinstance(db, Database)
    db.dispose()
