"""The dialogs that stand between start-up and the main window: which database, and what if it fails.

A database that does not exist yet is created only when the user agrees (:class:`NewDatabaseDialog`);
an encrypted one asks for its passphrase; one that is damaged, locked, in use or not ours gets
:class:`DatabaseProblemDialog` (restore the newest backup, choose another file, or quit). Every
dialog is run through :func:`run_dialog`, reached through this module so that tests can answer
them. :func:`choose_database_file`, :func:`open_database_file` and :func:`demo_database_path` serve
File › Open database and «Open demo data» while the application runs.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QInputDialog,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QWidget,
)

from desktop import APP_NAME
from desktop.errors import (
    DatabaseDamagedError,
    DatabaseError,
    DatabaseInUseError,
    DatabaseLockedError,
    NotAnAnsvarsgruppeDatabaseError,
    UserError,
    WrongPassphraseError,
)
from desktop.i18n import _, format_datetime
from desktop.paths import data_dir

if TYPE_CHECKING:
    from desktop.db import Database

log = logging.getLogger(__name__)

DEMO_FILE_NAME = "demo.db"
OFFERS_BACKUP = (DatabaseDamagedError, NotAnAnsvarsgruppeDatabaseError)


class ChoiceMessageBox(QMessageBox):
    """A message box whose buttons each stand for a choice; ``choice()`` tells which was clicked
    (``QUIT`` when the box was closed without one)."""

    QUIT = -1
    _choices: dict[QPushButton, int]  # set to {} by each subclass's __init__ before adding buttons

    def _add(self, text: str, role: QMessageBox.ButtonRole, choice: int) -> QPushButton:
        button = self.addButton(text, role)
        self._choices[button] = choice
        return button

    def button_for(self, choice: int) -> QPushButton | None:
        for button, value in self._choices.items():
            if value == choice:
                return button
        return None

    def choice(self) -> int:
        clicked = self.clickedButton()
        return self._choices.get(clicked, self.QUIT) if isinstance(clicked, QPushButton) else self.QUIT


class DatabaseProblemDialog(ChoiceMessageBox):
    """What went wrong with the database file, and what the user can do about it.

    Offers, depending on the problem: restoring the newest backup (damaged or foreign file),
    trying again (locked, in use), typing the passphrase again (encrypted), choosing another file,
    or quitting. The file itself is never changed unless the user chooses to restore.
    """

    RESTORE, RETRY, PASSPHRASE, CHOOSE, QUIT = range(5)

    def __init__(self, error: DatabaseError, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(QMessageBox.Icon.Critical, APP_NAME, str(error), parent=parent)
        from desktop.services.backup import newest_backup

        self.setObjectName("databaseProblemDialog")
        self.backup = newest_backup(path) if isinstance(error, OFFERS_BACKUP) else None
        self._choices = {}
        lines = []
        if self.backup is not None:
            lines.append(
                _(
                    "The newest backup is from {date}. Restoring it replaces the file; a copy of the "
                    "current file is kept in the backups folder."
                ).format(date=format_datetime(self.backup.created_at))
            )
            self._add(_("&Restore the newest backup"), QMessageBox.ButtonRole.AcceptRole, self.RESTORE)
        elif isinstance(error, OFFERS_BACKUP):
            lines.append(_("There is no backup of this file. You can choose another database file."))
        if isinstance(error, WrongPassphraseError):
            self._add(_("&Type the passphrase again"), QMessageBox.ButtonRole.AcceptRole, self.PASSPHRASE)
        if isinstance(error, (DatabaseLockedError, DatabaseInUseError)):
            self._add(_("&Try again"), QMessageBox.ButtonRole.AcceptRole, self.RETRY)
        if not lines:
            lines.append(_("Nothing has been changed. You can choose another database file."))
        self.setInformativeText("\n\n".join(lines))
        self._add(_("&Choose another file…"), QMessageBox.ButtonRole.ActionRole, self.CHOOSE)
        quit_button = self._add(_("&Quit"), QMessageBox.ButtonRole.RejectRole, self.QUIT)
        self.setEscapeButton(quit_button)
        first = self.buttons()[0]
        if isinstance(first, QPushButton):  # always: every button is added by _add
            self.setDefaultButton(first)


def run_dialog(dialog: QDialog) -> None:
    """Show a modal dialog (tests replace this to click a button instead)."""
    dialog.exec()


def ask_passphrase(path: Path, parent: QWidget | None = None) -> str | None:
    """Ask for the passphrase of an encrypted database; None when the user cancels."""
    dialog = QInputDialog(parent)
    dialog.setObjectName("passphraseDialog")
    dialog.setWindowTitle(APP_NAME)
    dialog.setLabelText(_("The database {name} is encrypted. Passphrase:").format(name=path.name))
    dialog.setTextEchoMode(QLineEdit.EchoMode.Password)
    dialog.setInputMode(QInputDialog.InputMode.TextInput)
    run_dialog(dialog)
    if dialog.result() != QDialog.DialogCode.Accepted:
        return None
    return dialog.textValue() or None


class NewDatabaseDialog(ChoiceMessageBox):
    """«Create a new, empty database at …?» for a ``--db`` path that does not exist (a typo?), and
    «Make the empty file … a new database?» for a file of 0 bytes (a failed copy, a new file)."""

    CREATE, CHOOSE, QUIT = range(3)

    def __init__(self, path: Path, parent: QWidget | None = None, *, empty_file: bool = False) -> None:
        if empty_file:
            text = _("The file {path} is empty. Make it a new, empty Ansvarsgruppe database?").format(
                path=path
            )
            info = _(
                "The file has nothing in it. If you meant another database, choose it instead; "
                "the file is left as it is unless you choose to make it a database."
            )
        else:
            text = _("There is no database at {path}. Create a new, empty database there?").format(path=path)
            info = _(
                "If you meant an existing database, choose it instead; a mistyped name would start an empty one."
            )
        super().__init__(QMessageBox.Icon.Question, APP_NAME, text, parent=parent)
        self.setObjectName("newDatabaseDialog")
        self.setInformativeText(info)
        self._choices = {}
        for text, role, choice in (
            (_("&Create a new database"), QMessageBox.ButtonRole.YesRole, self.CREATE),
            (_("&Choose another file…"), QMessageBox.ButtonRole.ActionRole, self.CHOOSE),
            (_("&Quit"), QMessageBox.ButtonRole.NoRole, self.QUIT),
        ):
            button = self._add(text, role, choice)
            if choice == self.CHOOSE:
                self.setDefaultButton(button)
            if choice == self.QUIT:
                self.setEscapeButton(button)


def needs_creating(path: Path) -> bool:
    """True for a path with no file, or a file of 0 bytes: opening it would make a new database."""
    try:
        return not path.exists() or (path.is_file() and path.stat().st_size == 0)
    except OSError:
        return False


def confirm_database_path(path: Path) -> Path | None:
    """The path to open: ``path`` itself when it holds something or the user agrees to create a
    database there (a missing or an empty file), another file the user chose, or None when the
    user quits. Declining changes nothing on the disk."""
    while needs_creating(path):
        dialog = NewDatabaseDialog(path, empty_file=path.exists())
        run_dialog(dialog)
        choice = dialog.choice()
        if choice == NewDatabaseDialog.CREATE:
            return path
        if choice != NewDatabaseDialog.CHOOSE:
            return None
        selected, _filter = QFileDialog.getOpenFileName(
            None, _("Open database"), str(_existing_folder(path)), _("Ansvarsgruppe database (*.db)")
        )
        if not selected:
            continue
        path = Path(selected)
    return path


def _existing_folder(path: Path) -> Path:
    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    return folder


def open_database_interactively(
    path: Path,
    *,
    passphrase: str | None = None,
    adopt_empty: bool = False,
    then: Callable[[Any], Any] | None = None,
) -> Any:
    """Open ``path``; on an expected failure explain it and offer a way out.

    The way out depends on the problem (see :class:`DatabaseProblemDialog`): the newest backup
    for a damaged file, retry for a locked one, the passphrase prompt for an encrypted one,
    another file, or quit. Returns the open :class:`Database` (holding the single-instance lock)
    or None when the user quits. ``adopt_empty``: an empty file at ``path`` may become a new
    database (the user agreed, or it is the application's own file).

    ``then`` (start-up: build and show the main window) runs on the open database, and its result
    is returned instead; a :class:`DatabaseError` it meets (a large damaged file, whose damage the
    cheap checks at open did not see) gets the same dialog as a failed open.
    """
    from desktop.db import Database, is_encrypted

    while True:
        db = None
        try:
            if passphrase is None and is_encrypted(path):
                passphrase = ask_passphrase(path)
                if passphrase is None:
                    return None
            db = Database.open(path, passphrase=passphrase, exclusive=True, adopt_empty=adopt_empty)
            return db if then is None else then(db)
        except DatabaseError as exc:
            if db is not None:
                db.dispose()
            log.info("database could not be opened (%s)", type(exc).__name__)
            dialog = DatabaseProblemDialog(exc, path)
            run_dialog(dialog)
            choice = dialog.choice()
            if choice == DatabaseProblemDialog.RESTORE and dialog.backup is not None:
                if not _restore_interactively(path, dialog.backup.path, passphrase):
                    continue
            elif choice == DatabaseProblemDialog.PASSPHRASE:
                passphrase = None
            elif choice == DatabaseProblemDialog.RETRY:
                pass
            elif choice == DatabaseProblemDialog.CHOOSE:
                selected, _filter = QFileDialog.getOpenFileName(
                    None, _("Open database"), str(path.parent), _("Ansvarsgruppe database (*.db)")
                )
                if not selected:
                    return None
                path, passphrase, adopt_empty = Path(selected), None, False
            else:
                return None


def _restore_interactively(path: Path, backup: Path, passphrase: str | None) -> bool:
    from desktop.errors import UserError
    from desktop.services.backup import restore_backup

    try:
        restore_backup(path, backup, passphrase=passphrase)
    except UserError as exc:
        box = QMessageBox(QMessageBox.Icon.Critical, APP_NAME, str(exc))
        run_dialog(box)
        return False
    return True


def choose_database_file(parent: QWidget, folder: Path) -> Path | None:
    """File › Open database: the file chosen, or None."""
    selected, _filter = QFileDialog.getOpenFileName(
        parent, _("Open database"), str(folder), _("Ansvarsgruppe database (*.db)")
    )
    return Path(selected) if selected else None


def open_database_file(parent: QWidget, path: Path) -> Database | None:
    """Open another database while the application runs; a refusal is shown (and None returned)."""
    from desktop.db import Database

    try:
        return Database.open(path)
    except UserError as exc:
        QMessageBox.critical(parent, APP_NAME, str(exc))
        return None


def demo_database_path(parent: QWidget) -> Path | None:
    """The fictional demo database in the data folder, created on first use (None: it could not be)."""
    path = data_dir() / DEMO_FILE_NAME
    if not path.exists():
        from desktop.demo.standard import create_demo

        try:
            create_demo(path).dispose()
        except UserError as exc:
            QMessageBox.critical(parent, APP_NAME, str(exc))
            return None
    return path
