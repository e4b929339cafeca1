"""The «Security» menu: backup now, restore, encryption, audit log of the open case, trusted
signers, lock now.

Installed on the main window by ``desktop/ui/app.py`` (the window itself does not know about
it). Every action works on ``window.db`` and, when the file changes (restore, encryption),
reopens it and hands it to ``window.switch_database``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from desktop import APP_NAME
from desktop.db import MIN_PASSPHRASE_LENGTH, Database, backups_dir, encrypt_database
from desktop.errors import UserError
from desktop.i18n import _
from desktop.ui.palette import error_style

if TYPE_CHECKING:
    from desktop.ui.idle_lock import IdleLock
    from desktop.ui.main_window import MainWindow


class NewPassphraseDialog(QDialog):
    """Choose a passphrase (typed twice); explains that a lost passphrase means lost data."""

    def __init__(self, *, changing: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("newPassphraseDialog")
        self.setWindowTitle(_("Change the passphrase") if changing else _("Encrypt the database"))
        intro = QLabel(
            _(
                "The database and its backups will be encrypted with this passphrase. Without it, "
                "nobody can read the data, not even you: write it down and keep it somewhere safe."
            )
        )
        intro.setWordWrap(True)
        self.first = QLineEdit()
        self.first.setObjectName("newPassphrase")
        self.second = QLineEdit()
        self.second.setObjectName("repeatPassphrase")
        self.first.setAccessibleName(_("New passphrase"))
        self.second.setAccessibleName(_("Repeat the new passphrase"))
        for edit in (self.first, self.second):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.error_label = QLabel()
        self.error_label.setObjectName("passphraseError")
        self.error_label.setStyleSheet(error_style())
        form = QFormLayout()
        form.addRow(_("New &passphrase:"), self.first)
        form.addRow(_("&Repeat it:"), self.second)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)

    def problem(self) -> str | None:
        if len(self.first.text()) < MIN_PASSPHRASE_LENGTH:
            return _("The passphrase must have at least {n} characters.").format(n=MIN_PASSPHRASE_LENGTH)
        if self.first.text() != self.second.text():
            return _("The two passphrases are not the same.")
        return None

    def accept(self) -> None:
        problem = self.problem()
        if problem is not None:
            self.error_label.setText(problem)
            return
        super().accept()

    def passphrase(self) -> str:
        return self.first.text()


class SecurityMenu(QMenu):
    """The actions; each one is a plain method so that tests can call it too."""

    def __init__(self, window: MainWindow, idle_lock: IdleLock | None = None) -> None:
        super().__init__(_("&Security"), window)
        self.setObjectName("securityMenu")
        self._window, self._idle_lock = window, idle_lock
        self.backup_action = self._add(_("Make a &backup now"), self.backup_now)
        self.restore_action = self._add(_("&Restore a backup…"), self.choose_backup)
        self.encrypt_action = self._add(_("&Encrypt the database…"), self.choose_passphrase)
        self.audit_action = self._add(_("&Audit log of the open case…"), self.show_audit_log)
        self.trust_action = self._add(_("&Trusted signers…"), self.show_trust_list)
        self.lock_action = self._add(_("Lock &now"), self.lock_now)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.aboutToShow.connect(self.update_actions)
        self.update_actions()

    def _add(self, text: str, slot: Callable[[], object]) -> QAction:
        action = self.addAction(text)
        action.triggered.connect(slot)
        return action

    @property
    def db(self) -> Database:
        return self._window.db

    def _status(self, text: str) -> None:
        self._window.statusBar().showMessage(text, 10_000)

    def _error(self, exc: UserError) -> None:
        QMessageBox.critical(self._window, APP_NAME, str(exc))

    def update_actions(self) -> None:
        encrypted = self.db.is_encrypted
        self.encrypt_action.setText(
            _("Change the &passphrase…") if encrypted else _("&Encrypt the database…")
        )
        self.lock_action.setEnabled(encrypted and self._idle_lock is not None)
        self.audit_action.setEnabled(self._open_case_id() is not None)

    def _open_case_id(self) -> int | None:
        view = getattr(self._window, "_case_view", None)  # not built yet: no case is open
        case_id = getattr(view, "case_id", None)
        if self._window.centralWidget() is None or view is None or not view.isVisible():
            return None
        return case_id if isinstance(case_id, int) else None

    # -- actions -------------------------------------------------------------------------------
    def backup_now(self) -> Path | None:
        from desktop.services.backup import create_backup

        try:
            info = create_backup(self.db)
        except UserError as exc:
            self._error(exc)
            return None
        self._status(_("Backup written to {path}.").format(path=info.path))
        return info.path

    def choose_backup(self) -> None:
        selected, _filter = QFileDialog.getOpenFileName(
            self._window,
            _("Restore a backup"),
            str(backups_dir(self.db.path)),
            _("Ansvarsgruppe database (*.db)"),
        )
        if not selected:
            return
        answer = QMessageBox.question(
            self._window,
            APP_NAME,
            _(
                "Replace the open database with this backup? Changes made after the backup was taken "
                "are kept only in the copy of the current file in the backups folder."
            ),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.restore_from(Path(selected))

    def restore_from(self, backup: Path) -> bool:
        from desktop.services.backup import restore_backup

        if self._window.refuse_with_unsaved_text(_("The backup cannot be restored yet.")):
            return False
        db = self.db
        db.close_connections()  # no open connection may outlive the file it points to
        try:
            restore_backup(db.path, backup, passphrase=db.passphrase)
            reopened = Database.open(db.path, passphrase=db.passphrase, exclusive=True)
        except UserError as exc:
            self._error(exc)
            return False
        self._window.switch_database(reopened)
        self._status(_("Restored {path} from {source}.").format(path=db.path, source=backup))
        return True

    def choose_passphrase(self) -> None:
        dialog = NewPassphraseDialog(changing=self.db.is_encrypted, parent=self._window)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.encrypt_with(dialog.passphrase())

    def encrypt_with(self, passphrase: str) -> bool:
        if self._window.refuse_with_unsaved_text(_("The database cannot be encrypted yet.")):
            return False
        db = self.db
        db.close_connections()  # no open connection may outlive the file it points to
        try:
            encrypt_database(db.path, passphrase, old_passphrase=db.passphrase)
            reopened = Database.open(db.path, passphrase=passphrase, exclusive=True)
        except UserError as exc:
            self._error(exc)
            return False
        self._window.switch_database(reopened)
        self._status(_("The database and its backups are encrypted."))
        self.update_actions()
        return True

    def show_audit_log(self) -> None:
        from desktop.ui.case.audit_log_dialog import AuditLogDialog

        case_id = self._open_case_id()
        if case_id is None:
            return
        try:
            dialog = AuditLogDialog(self.db, case_id, self._window)
        except UserError as exc:
            self._error(exc)
            return
        dialog.exec()

    def show_trust_list(self) -> None:
        """Whose signatures count as trusted (the same list as ``python -m desktop trust``)."""
        from desktop.ui.minutes.trust_dialogs import TrustListDialog

        TrustListDialog(self._window).exec()

    def lock_now(self) -> None:
        if self._idle_lock is not None:
            self._idle_lock.lock()


def install_security_menu(window: MainWindow, idle_lock: IdleLock | None = None) -> SecurityMenu:
    """Add the menu before «Help» (or last, when there is no Help menu)."""
    menu = SecurityMenu(window, idle_lock)
    bar = window.menuBar()
    actions = bar.actions()
    if actions:
        bar.insertMenu(actions[-1], menu)
    else:
        bar.addMenu(menu)
    window.addAction(menu.lock_action)  # the shortcut works without opening the menu
    return menu
