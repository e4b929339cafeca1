"""What the main window's menu commands do: a new case, another database, the minutes, help.

Each command opens a dialog or a file chooser from the main window and then shows the result
there (the new case, the other database, the imported case). The window's pages and the
navigation between them stay in ``main_window.py``; the menus are built in ``main_menus.py``.
Dialogs and their imports are loaded when a command is first used, not at start-up.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox

from desktop import APP_NAME, __version__
from desktop.i18n import _
from desktop.ui.database_dialogs import choose_database_file, demo_database_path, open_database_file
from desktop.ui.minutes.menu_commands import export_chosen_minutes, meeting_for_minutes
from desktop.ui.shortcuts_dialog import ShortcutsDialog

if TYPE_CHECKING:
    from desktop.ui.main_window import MainWindow


class MainCommands:
    """The commands of the File, Minutes and Help menus, acting on ``window``."""

    def __init__(self, window: MainWindow) -> None:
        self._window = window

    # -- cases -----------------------------------------------------------------------------------

    def new_case(self) -> None:
        from desktop.ui.case.new_case_dialog import NewCaseDialog

        window = self._window
        cases = window.cases
        dialog = NewCaseDialog(cases, cases.next_reference(), window)
        if dialog.exec() and dialog.case_id is not None:
            window.refresh()
            window.show_case(dialog.case_id)

    def purge_case(self) -> None:
        """Purge the open case after its retention period (issue 19): says what goes first."""
        from desktop.ui.case.purge_dialog import purge_case

        window = self._window
        case_id = window.case_view.case_id if window.is_case_view_shown() else None
        if case_id is None:
            QMessageBox.information(window, APP_NAME, _("Open the case to purge first."))
            return
        if purge_case(window, window.db, case_id):
            window.show_cases()

    # -- databases -------------------------------------------------------------------------------

    def choose_database(self) -> None:
        window = self._window
        if window.refuse_with_unsaved_text(_("Another database cannot be opened yet.")):
            return
        path = choose_database_file(window, window.db.path.parent)
        if path is not None:
            self.open_path(path)

    def open_path(self, path: Path) -> None:
        """Open the database at ``path`` in the window, unless meeting notes are still unsaved."""
        window = self._window
        if window.refuse_with_unsaved_text(_("Another database cannot be opened yet.")):
            return
        db = open_database_file(window, path)
        if db is not None:
            window.switch_database(db)

    def open_demo(self) -> None:
        """Open the fictional demo database in the data folder, creating it on first use."""
        path = demo_database_path(self._window)
        if path is not None:
            self.open_path(path)

    # -- minutes ---------------------------------------------------------------------------------

    def chosen_meeting_id(self) -> int | None:
        """The meeting the minutes commands act on: the one open in the meeting workspace, else the
        one chosen in the open case (see ``meeting_for_minutes``)."""
        window = self._window
        workspace = window.meeting_workspace
        if workspace is not None and window.stack.currentWidget() is workspace:
            return workspace.ctx.meeting_id or None
        return meeting_for_minutes(window.case_view if window.is_case_view_shown() else None)

    def export_minutes(self) -> None:
        window = self._window
        if export_chosen_minutes(window, window.db, self.chosen_meeting_id()):
            window.refresh_current()

    def verify_minutes(self) -> None:
        from desktop.ui.minutes.verify_dialog import verify_received_pdf

        verify_received_pdf(self._window)

    def import_handover(self) -> None:
        from desktop.ui.minutes.import_dialog import import_handover

        window = self._window
        case_id = import_handover(window, window.db)
        if case_id is not None:
            window.refresh()
            window.show_case(case_id)

    # -- settings and help -----------------------------------------------------------------------

    def show_settings(self) -> None:
        """File › Settings; a new language builds a new main window (this one is then dropped)."""
        from desktop.ui.settings_dialog import open_settings

        open_settings(self._window)

    def show_shortcuts(self) -> None:
        ShortcutsDialog(self._window.shortcut_lines(), self._window).exec()

    def about(self) -> None:
        QMessageBox.about(
            self._window,
            _("About Ansvarsgruppe"),
            _(
                "Ansvarsgruppe {version}. Plans, runs and documents responsibility-group meetings. "
                "Everything is stored on this computer; the application never uses the network."
            ).format(version=__version__),
        )
