"""Start the GUI: QApplication, shipped fonts, translators, the database, the main window."""

from __future__ import annotations

import logging
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QLibraryInfo, QLocale, QObject, Qt, QTranslator, Signal
from PySide6.QtGui import QColor, QFont, QFontDatabase, QIcon, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QMainWindow,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from desktop import APP_NAME
from desktop.errors import (
    DatabaseDamagedError,
    DatabaseError,
)
from desktop.i18n import _, babel_locale, install, resolve_language
from desktop.paths import FONTS_DIR, LOCALE_DIR, RESOURCES_DIR, default_db_path
from desktop.ui import database_dialogs, enter_key
from desktop.ui.database_dialogs import (
    DatabaseProblemDialog,
    ask_passphrase,
    confirm_database_path,
    needs_creating,
    open_database_interactively,
)
from desktop.ui.database_upkeep import check_in_background, start_backups
from desktop.ui.key_names import install_key_name_translator
from desktop.ui.palette import BG_SELECTION, TEXT_DIMMED, TEXT_ON_STRONG

if TYPE_CHECKING:
    from desktop.db import Database
    from desktop.ui.main_window import MainWindow

UI_FONT_FAMILY = "Noto Sans"

log = logging.getLogger(__name__)


def load_fonts() -> None:
    """Use the fonts we ship: a fresh machine may have none, and the PDFs use the same ones."""
    for font in sorted(FONTS_DIR.glob("*.ttf")):
        QFontDatabase.addApplicationFont(str(font))
    app_font = QFont(UI_FONT_FAMILY)
    app_font.setPointSizeF(max(QApplication.font().pointSizeF(), 10.0))
    QApplication.setFont(app_font)


QT_TRANSLATOR_NAME = "qtbaseTranslator"


# Palette colours with WCAG AA contrast (tests/unit/test_contrast.py): Fusion's selection blue
# gives white text only 3.7:1, and placeholder text is drawn at half opacity.
SELECTION_COLOUR = BG_SELECTION
PLACEHOLDER_COLOUR = TEXT_DIMMED


def apply_contrast_palette(app: QApplication) -> None:
    palette = app.palette()
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        palette.setColor(group, QPalette.ColorRole.Highlight, QColor(SELECTION_COLOUR))
        palette.setColor(group, QPalette.ColorRole.HighlightedText, QColor(TEXT_ON_STRONG))
        palette.setColor(group, QPalette.ColorRole.PlaceholderText, QColor(PLACEHOLDER_COLOUR))
    app.setPalette(palette)


def install_qt_translator(app: QApplication, language: str) -> bool:
    """Qt's own strings (OK/Cancel, context menus) in the chosen language; ours win over Qt's.

    Bokmål comes from our ``qtbase_nb.qm`` (Qt ships none), Nynorsk from Qt's ``qtbase_nn.qm``
    with our ``qtbase_nn.qm`` for the few strings Qt's lacks. Ours is installed last, so Qt asks
    it first. A translator installed for an earlier language is removed first (a language switch).
    """
    for old in app.findChildren(QTranslator, QT_TRANSLATOR_NAME):
        app.removeTranslator(old)
        old.setParent(None)
        old.deleteLater()
    if language not in ("nb", "nn"):  # English and the pseudo-locale: Qt's own English
        return False
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    installed = False
    for directory in (qt_dir, str(LOCALE_DIR)):
        translator = QTranslator(app)
        translator.setObjectName(QT_TRANSLATOR_NAME)
        if translator.load(QLocale(language), "qtbase", "_", directory):
            installed = app.installTranslator(translator) or installed
        else:
            translator.setParent(None)
    return installed


def apply_language(language: str) -> str:
    """Switch the whole application to ``language``: our catalogs, Qt's own strings, QLocale."""
    lang = install(language)
    QLocale.setDefault(QLocale(babel_locale(lang)))
    app = QApplication.instance()
    if isinstance(app, QApplication):
        install_qt_translator(app, lang)
        install_key_name_translator(app)
    return lang


def create_application(language: str | None = None) -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setDesktopFileName("ansvarsgruppe")  # matches installer/linux/ansvarsgruppe.desktop (Wayland icon)
    icon = RESOURCES_DIR / "icons" / "ansvarsgruppe.svg"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    apply_language(resolve_language(language))  # --lang > ANSVARSGRUPPE_LANG > settings > nb
    load_fonts()
    apply_contrast_palette(app)
    enter_key.install(app)
    return app


class DatabaseWatch(QObject):
    """Damage met while the application runs — by any read or write, on any thread, or by the
    whole-file check — brings up the same dialog as at start-up: restore the newest backup,
    choose another file, or quit. One per application; it acts on the main window shown."""

    damage_found = Signal(str, str, float)  # path, message, when (time.monotonic)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("databaseWatch")
        self._busy = False
        self._settled_at = 0.0
        self.damage_found.connect(self._handle, Qt.ConnectionType.QueuedConnection)

    def notify(self, path: Path, error: DatabaseError | None = None) -> None:
        """The damage listener (:func:`desktop.db.set_damage_listener`); any thread."""
        from desktop.db import damaged_message

        message = str(error) if error is not None else damaged_message(Path(path))
        self.damage_found.emit(str(path), message, time.monotonic())

    def _handle(self, path: str, message: str, when: float) -> None:
        window = _shown_windows[0] if _shown_windows else None
        db = getattr(window, "db", None)
        if window is None or db is None or self._busy or when < self._settled_at:
            return  # a notice about a file already dealt with (several reads fail at once)
        if os.path.abspath(path) != os.path.abspath(db.path):
            return
        db.damage_found = True  # no more automatic backups of this file
        self._busy = True
        try:
            handle_damage_in_window(window, DatabaseDamagedError(message))
        finally:
            self._busy = False
            self._settled_at = time.monotonic()


_watch: DatabaseWatch | None = None


def watch_database() -> DatabaseWatch:
    """Install (once) the damage listener and the last resort for SQLite errors nobody caught."""
    global _watch
    if _watch is None:
        from desktop.db import set_damage_listener

        _watch = DatabaseWatch(QApplication.instance())
        set_damage_listener(_watch.notify)
        _install_sqlite_excepthook()
    return _watch


def _install_sqlite_excepthook() -> None:
    """An SQLite error that escaped to Qt's event loop: damage goes to the dialog; any other one
    has the file checked (on a thread), which reaches the dialog if the file is damaged."""
    previous = sys.excepthook

    def hook(exc_type: type[BaseException], exc: BaseException, tb: Any) -> None:
        from desktop.db import is_damage, is_sqlite_error

        window = _shown_windows[0] if _shown_windows else None
        db = getattr(window, "db", None)
        if db is not None and _watch is not None and isinstance(exc, Exception) and is_sqlite_error(exc):
            if is_damage(exc):
                _watch.notify(db.path)
            else:
                db.integrity_checked = False
                check_in_background(db)
        previous(exc_type, exc, tb)

    hook._ansvarsgruppe = True  # type: ignore[attr-defined]  # a marker on the function object
    sys.excepthook = hook


def handle_damage_in_window(window: MainWindow, error: DatabaseError) -> None:
    """The database under the open window is damaged: the newest backup, another file, or quit.

    Restoring keeps a copy of the damaged file in the backups folder; the window then shows the
    restored database. Quitting closes the window (and with it the application).
    """
    from desktop.db import Database
    from desktop.errors import UserError

    while True:
        db = window.db
        dialog = DatabaseProblemDialog(error, db.path, parent=window)
        database_dialogs.run_dialog(dialog)
        choice = dialog.choice()
        try:
            if choice == DatabaseProblemDialog.RESTORE and dialog.backup is not None:
                from desktop.services.backup import restore_backup

                db.close_connections()  # no open connection may outlive the file it points to
                restore_backup(db.path, dialog.backup.path, passphrase=db.passphrase)
                reopened = Database.open(db.path, passphrase=db.passphrase, exclusive=True)
            elif choice == DatabaseProblemDialog.CHOOSE:
                selected, _filter = QFileDialog.getOpenFileName(
                    window, _("Open database"), str(db.path.parent), _("Ansvarsgruppe database (*.db)")
                )
                if not selected:
                    continue
                reopened = Database.open(Path(selected), exclusive=True)
            else:
                window.close()
                return
        except UserError as exc:
            database_dialogs.run_dialog(
                QMessageBox(QMessageBox.Icon.Critical, APP_NAME, str(exc), parent=window)
            )
            continue
        window.switch_database(reopened)
        if not reopened.integrity_checked:
            check_in_background(reopened)
        return


def install_security_features(window: MainWindow) -> object:
    """The idle lock (encrypted databases) and the «Security» menu on the main window."""
    from desktop.ui.idle_lock import IdleLock
    from desktop.ui.security_menu import install_security_menu

    idle_lock = IdleLock(window, lambda: window.db)
    install_security_menu(window, idle_lock)
    audit_case_opening(window)
    return idle_lock


def audit_case_opening(window: MainWindow) -> None:
    """Record «case opened» in the audit trail each time the case view comes to the front."""

    def changed(_index: int) -> None:
        case_id = window.case_view.case_id if window.is_case_view_shown() else None
        if case_id is not None:
            from desktop.services.audit import record_case_opened

            record_case_opened(window.db, case_id)

    window.stack.currentChanged.connect(changed)


def build_main_window(db: Database) -> MainWindow:
    """The main window on ``db``, shown. A database error while building it propagates (the
    start-up dialog handles it) and leaves no window behind."""
    from desktop.ui.main_window import MainWindow

    window = MainWindow(db)
    try:
        return show_main_window(window)
    except BaseException:
        window.hide()
        window.deleteLater()
        raise


def run_gui(db_path: Path | None, language: str | None = None, passphrase_env: str | None = None) -> int:
    from desktop.logging_setup import setup_logging

    setup_logging()
    passphrase = None
    if passphrase_env:  # --db-passphrase-env VAR: as for the commands, the variable must be set
        passphrase = os.environ.get(passphrase_env) or None
        if passphrase is None:
            message = _("The environment variable {name} is not set or empty.").format(name=passphrase_env)
            print(_("error: {message}").format(message=message), file=sys.stderr)  # noqa: T201 - before Qt
            return 1
    app = create_application(language)
    from desktop.db import set_exclusive_by_default, set_passphrase_provider

    # In the GUI every database is opened by one writer only, and an encrypted one asks.
    set_exclusive_by_default(True)
    set_passphrase_provider(ask_passphrase)
    if db_path is not None:  # a path given on the command line is never created without asking
        db_path = confirm_database_path(Path(db_path))
        if db_path is None:
            return 1
        adopt_empty = needs_creating(db_path)  # the user agreed to make a database there
    else:
        db_path, adopt_empty = default_db_path(), True  # the application's own file, in its folder
    window = open_database_interactively(
        db_path, passphrase=passphrase, adopt_empty=adopt_empty, then=build_main_window
    )
    if window is None:
        return 1
    watch_database()
    # The window shows its frame with «Loading cases …» and loads the data layer on a thread once
    # the event loop runs (MainWindow._load_data_layer). A large file had only the cheap checks at
    # open: the whole check runs first on the backup thread (before any backup is taken of it),
    # and damage it finds brings up the dialog.
    start_backups(window, lambda: window.db)
    log.info("main window shown")
    return app.exec()


# The main window on screen. A language switch replaces it; this reference keeps the new one alive.
_shown_windows: list[MainWindow] = []


def scroll_when_too_small(window: QMainWindow) -> None:
    """Put the window's content in a scroll area, so that it never needs more than the screen.

    At 1366×768 with the normal font everything fits (tests/ui/test_accessibility.py); with a large
    system font (16–18 pt) or a long translation the content would otherwise force the window
    beyond the screen edge, out of reach. Now scroll bars appear instead, and the scroll area
    follows the keyboard focus.
    """
    from PySide6.QtWidgets import QFrame, QScrollArea

    body = window.centralWidget()
    if body is None or isinstance(body, QScrollArea):
        return
    window.takeCentralWidget()
    area = QScrollArea()
    area.setObjectName("mainScrollArea")
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # not a tab stop of its own
    holder = QWidget()
    holder.setObjectName("mainScrollBody")
    layout = _MinimumHeightLayout(holder)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(body)
    area.setWidget(holder)
    window.setCentralWidget(area)


class _MinimumHeightLayout(QVBoxLayout):
    """A layout that does not trade height for width, so the main scroll area scrolls only when
    the content cannot shrink any further.

    With word-wrapped labels inside, a layout reports a height *for* the viewport's width, and
    ``QScrollArea`` makes its widget that tall — the preferred height, not the minimum — so at a
    usable area of 1366×700 the whole page scrolled and «Start møtet» sat below the fold although
    every list could have shrunk.
    """

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt API)
        return False


def show_main_window(window: MainWindow) -> MainWindow:
    scroll_when_too_small(window)
    install_security_features(window)
    window.show()
    _shown_windows[:] = [window]
    return window


def meeting_is_running(window: MainWindow) -> bool:
    """True while a meeting is in progress in the workspace (its runner or its review before
    closing): that screen, its clock and its unsaved typing are not rebuilt under the user."""
    workspace = window.meeting_workspace
    if workspace is None:  # built when the first meeting is opened
        return False
    ctx = workspace.ctx
    if not ctx.meeting_id:
        return False
    if workspace.stack.currentWidget() is workspace.runner:
        return True
    from desktop.errors import UserError

    try:
        return ctx.meetings.meeting(ctx.meeting_id).status == "in_progress"
    except UserError:  # a meeting that cannot be read (deleted) is no reason to refuse
        return False


def rebuild_main_window(old: MainWindow) -> MainWindow | None:
    """A new main window in the current language, on the same database, showing the same place.

    Every widget builds its texts once, so a language switch builds the window again instead of
    retranslating each label. Returns None (nothing changed) while a meeting is being run: its
    screen is not taken away under the user's hands; the new language then applies from the next
    start (or the next switch). The old window is dropped without closing the database.
    """
    from desktop.ui.main_window import MainWindow

    if meeting_is_running(old):
        return None
    old.flush_case_view()
    workspace = old.meeting_workspace
    meeting_id = workspace.ctx.meeting_id if workspace is not None else None
    if workspace is not None:
        workspace.ctx.writer.wait()
    current = old.stack.currentWidget()
    shown_case = old.case_view if old.is_case_view_shown() else None
    new = MainWindow(old.db)
    new.setGeometry(old.geometry())
    if shown_case is not None and shown_case.case_id is not None:
        new.show_case(shown_case.case_id)
        new.case_view.tabs.setCurrentIndex(shown_case.tabs.currentIndex())
    elif old.task_board is not None and current is old.task_board:
        new.show_tasks()
    elif workspace is not None and current is workspace and meeting_id:
        new.open_meeting(meeting_id)
    if old.isMaximized():
        new.setWindowState(old.windowState())
    show_main_window(new)
    start_backups(new, lambda: new.db, at_start=False)
    old.hide()  # not close(): closing the old window would close the database
    old.deleteLater()
    return new
