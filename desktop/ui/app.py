"""Start the GUI: QApplication, shipped fonts, translators, the database, the main window."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from desktop import APP_NAME
from desktop.errors import DatabaseError
from desktop.i18n import _, install
from desktop.paths import FONTS_DIR, LOCALE_DIR, RESOURCES_DIR, default_db_path

UI_FONT_FAMILY = "Noto Sans"


def load_fonts() -> None:
    """Use the fonts we ship: a fresh machine may have none, and the PDFs use the same ones."""
    for font in sorted(FONTS_DIR.glob("*.ttf")):
        QFontDatabase.addApplicationFont(str(font))
    app_font = QFont(UI_FONT_FAMILY)
    app_font.setPointSizeF(max(QApplication.font().pointSizeF(), 10.0))
    QApplication.setFont(app_font)


def install_qt_translator(app: QApplication, language: str) -> bool:
    """Qt's own strings (OK/Cancel, context menus) in the chosen language; ours win over Qt's."""
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for directory in (str(LOCALE_DIR), qt_dir):
        translator = QTranslator(app)
        if translator.load(QLocale(language), "qtbase", "_", directory):
            return app.installTranslator(translator)
    return False


def create_application(language: str | None = None) -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    icon = RESOURCES_DIR / "icons" / "ansvarsgruppe.svg"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    lang = install(language or os.environ.get("ANSVARSGRUPPE_LANG", "nb"))
    QLocale.setDefault(QLocale({"nb": "nb_NO", "nn": "nn_NO", "en": "en_GB"}[lang]))
    install_qt_translator(app, lang)
    load_fonts()
    return app


def open_database_interactively(path: Path) -> object | None:
    """Open ``path``; on an expected failure explain it and let the user pick another file."""
    from desktop.db import Database

    while True:
        try:
            return Database.open(path)
        except DatabaseError as exc:
            box = QMessageBox(QMessageBox.Icon.Critical, APP_NAME, str(exc))
            box.setInformativeText(_("Nothing has been changed. You can choose another database file."))
            choose = box.addButton(_("Choose another file…"), QMessageBox.ButtonRole.AcceptRole)
            box.addButton(_("Quit"), QMessageBox.ButtonRole.RejectRole)
            box.exec()
            if box.clickedButton() is not choose:
                return None
            selected, _filter = QFileDialog.getOpenFileName(
                None, _("Open database"), str(path.parent), _("Ansvarsgruppe database (*.db)")
            )
            if not selected:
                return None
            path = Path(selected)


def run_gui(db_path: Path | None, language: str | None = None) -> int:
    app = create_application(language)
    from desktop.db import Database
    from desktop.ui.main_window import MainWindow

    db = open_database_interactively(db_path or default_db_path())
    if not isinstance(db, Database):
        return 1
    window = MainWindow(db)
    window.show()
    return app.exec()
