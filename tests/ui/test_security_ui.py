"""Security menu (backup now, encryption), idle lock and the audit log dialog, on real widgets."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence

from desktop.db import Database, is_plain_sqlite
from desktop.models.enums import AuditAction
from desktop.services.audit import record
from desktop.services.backup import list_backups
from desktop.ui.app import install_security_features
from desktop.ui.case.audit_log_dialog import AuditLogDialog, AuditTableModel
from desktop.ui.idle_lock import PANEL_COLOR, IdleLock
from desktop.ui.main_window import MainWindow
from desktop.ui.security_menu import NewPassphraseDialog, SecurityMenu

pytestmark = pytest.mark.window(exclusive=True)


@pytest.fixture(autouse=True)
def _security_features(window: MainWindow) -> None:
    install_security_features(window)


def security_menu(win: MainWindow) -> SecurityMenu:
    menu = win.findChild(SecurityMenu, "securityMenu")
    assert menu is not None
    return menu


def test_the_security_menu_sits_before_help_and_makes_backups(window: MainWindow, tmp_path: Path) -> None:
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles.index("&Sikkerhet") == len(titles) - 2
    menu = security_menu(window)
    path = menu.backup_now()
    assert path is not None and path.exists()
    assert [b.path for b in list_backups(window.db.path)] == [path]
    assert "Sikkerhetskopi skrevet" in window.statusBar().currentMessage()


def test_encrypting_from_the_gui_keeps_the_window_working(window: MainWindow, qtbot) -> None:
    menu = security_menu(window)
    menu.backup_now()
    cases_before = window.case_list.model.rowCount()
    assert cases_before > 0
    assert menu.encrypt_with("en lang passordfrase")
    assert window.db.is_encrypted and not is_plain_sqlite(window.db.path)
    assert all(not is_plain_sqlite(b.path) for b in list_backups(window.db.path))
    assert window.case_list.model.rowCount() == cases_before
    menu.update_actions()
    assert (
        menu.encrypt_action.text() == "Bytt &passordfrase …" or "passordfrase" in menu.encrypt_action.text()
    )


def test_the_passphrase_dialog_checks_length_and_repeat(qtbot) -> None:
    dialog = NewPassphraseDialog(changing=False)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.first, "kort")
    qtbot.keyClick(dialog.first, Qt.Key.Key_Return)
    assert dialog.isVisible() and "minst 8 tegn" in dialog.error_label.text()
    dialog.first.clear()
    qtbot.keyClicks(dialog.first, "lang nok frase")
    qtbot.keyClicks(dialog.second, "lang nok frasE")
    qtbot.keyClick(dialog.second, Qt.Key.Key_Return)
    assert dialog.isVisible() and "ikke like" in dialog.error_label.text()
    dialog.second.clear()
    qtbot.keyClicks(dialog.second, "lang nok frase")
    qtbot.keyClick(dialog.second, Qt.Key.Key_Return)
    assert not dialog.isVisible() and dialog.passphrase() == "lang nok frase"


def test_idle_lock_covers_the_window_and_blocks_shortcuts(window: MainWindow, qtbot, tmp_path: Path) -> None:
    assert security_menu(window).encrypt_with("en lang passordfrase")
    fired: list[bool] = []
    probe = QAction("probe", window)
    probe.setShortcut(QKeySequence("Ctrl+Shift+F9"))
    probe.triggered.connect(lambda: fired.append(True))
    window.addAction(probe)
    lock = IdleLock(window, lambda: window.db, minutes=0.0005)  # 30 ms without input
    qtbot.waitUntil(lambda: lock.is_locked, timeout=5000)
    assert lock.panel.geometry() == window.rect()
    shot = window.grab().toImage()
    shot.save(str(tmp_path / "locked.png"))
    # Opaque: where the case list was, only the panel's colour is seen.
    for x, y in ((300, 140), (700, 600), (40, 60)):
        assert shot.pixelColor(x, y).name() == PANEL_COLOR, (x, y)
    qtbot.keyClick(
        window, Qt.Key.Key_F9, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert not fired  # shortcuts are swallowed while locked
    qtbot.keyClicks(lock.panel.passphrase_edit, "feil")
    qtbot.keyClick(lock.panel.passphrase_edit, Qt.Key.Key_Return)
    assert lock.is_locked and "ikke passordfrasen" in lock.panel.error_label.text()
    lock.minutes = 0  # no new lock while the test goes on
    qtbot.keyClicks(lock.panel.passphrase_edit, "en lang passordfrase")
    qtbot.keyClick(lock.panel.passphrase_edit, Qt.Key.Key_Return)
    assert not lock.is_locked
    qtbot.keyClick(
        window, Qt.Key.Key_F9, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert fired


def test_a_plain_database_is_not_locked(window: MainWindow) -> None:
    lock = IdleLock(window, lambda: window.db, minutes=0)
    assert not lock.lock() and not lock.is_locked


def test_audit_dialog_lists_and_exports(qtbot, qtmodeltester, demo_db: Database, tmp_path: Path) -> None:
    with demo_db.session() as session:
        record(session, AuditAction.CASE_OPENED, case_id=1, actor="Koordinator")
        record(session, AuditAction.MINUTES_SIGNED, case_id=1)
    dialog = AuditLogDialog(demo_db, 1)
    qtbot.addWidget(dialog)
    qtmodeltester.check(dialog.model)
    assert isinstance(dialog.model, AuditTableModel)
    rows = dialog.model.rowCount()
    assert rows >= 2
    texts = [dialog.model.index(r, AuditTableModel.WHAT).data() for r in range(rows)]
    assert "Saken ble åpnet" in texts and "Referat signert" in texts
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.grab().save(str(tmp_path / "audit.png"))
    out = dialog.export_to(tmp_path / "innsyn.csv")
    exported = list(csv.DictReader(out.open(encoding="utf-8")))
    assert len(exported) == rows and exported[-1]["action"] == "minutes_signed"


def test_opening_a_case_is_audited(window: MainWindow) -> None:
    from desktop.services.audit import case_audit

    before = [e for e in case_audit(window.db, 2) if e.action == "case_opened"]
    window.show_case(2)
    window.show_cases()
    window.show_case(2)
    after = [e for e in case_audit(window.db, 2) if e.action == "case_opened"]
    assert len(after) == len(before) + 2
    assert all(e.os_user for e in after)


def test_an_open_dialog_is_covered_and_unlocks_everything(window: MainWindow, qtbot) -> None:
    from PySide6.QtWidgets import QDialog, QLabel, QVBoxLayout

    assert security_menu(window).encrypt_with("en lang passordfrase")
    dialog = QDialog(window)
    QVBoxLayout(dialog).addWidget(QLabel("Kari Nordmann: notat"))
    dialog.resize(400, 300)
    dialog.setModal(True)
    dialog.show()
    qtbot.waitExposed(dialog)
    lock = IdleLock(window, lambda: window.db, minutes=0)
    assert lock.lock()
    panels = lock.panels()
    assert len(panels) == 2 and panels[1].parentWidget() is dialog and panels[1].isVisible()
    assert dialog.grab().toImage().pixelColor(200, 40).name() == PANEL_COLOR
    qtbot.keyClicks(panels[1].passphrase_edit, "en lang passordfrase")
    qtbot.keyClick(panels[1].passphrase_edit, Qt.Key.Key_Return)
    assert not lock.is_locked and dialog.isVisible()
