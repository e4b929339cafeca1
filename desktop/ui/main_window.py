"""The main window: a left navigation (Cases, Tasks, Meeting), the pages behind it, menus, status bar.

Cases shows the case list (or a welcome page on an empty database); choosing a case opens the case
view, with a way back. The task board and the meeting workspace are built by other modules and
imported only when first shown, so the window appears fast.

The window also shows before the data layer (SQLAlchemy, SQLModel and the tables) has been
imported (``data_layer.py``): the frame comes at once with «Loading cases …», the data layer loads
on a thread, and the case list is filled through the ordinary service when it has arrived. The
pages behind «Cases» are in ``case/list_page.py``, the menus in ``main_menus.py``, and what their
commands do (a new case, another database, the minutes, help) in ``main_commands.py``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from desktop import APP_NAME
from desktop.db import Database
from desktop.errors import NotFoundError
from desktop.i18n import _
from desktop.ui.actions import ActionId, create_actions
from desktop.ui.case.list_page import CaseListPage, LoadingPage, WelcomePage
from desktop.ui.data_layer import DataLayerRelay, data_layer_ready, start_warm_up
from desktop.ui.database_dialogs import DEMO_FILE_NAME
from desktop.ui.main_commands import MainCommands
from desktop.ui.main_menus import build_main_menus, show_meeting_actions, show_meeting_placeholder
from desktop.ui.navigation import NavigationList
from desktop.ui.pages import fit_to_screen, size_to_current_page
from desktop.ui.shortcuts_dialog import shortcut_lines

if TYPE_CHECKING:
    from desktop.services.case.creation import CaseService
    from desktop.services.case.listing import CaseList
    from desktop.ui.case.view import CaseView
    from desktop.ui.meeting.workspace import MeetingWorkspace
    from desktop.ui.tasks.board import TaskBoard

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    """The application window. ``show_case`` and ``show_tasks`` are public for tests and screenshots."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from PySide6.QtWidgets import QApplication

        from desktop.ui.key_names import install_key_name_translator

        app = QApplication.instance()
        if app is not None:  # always, once a widget exists; the stubs allow None
            install_key_name_translator(app)  # key names in menus and shortcut help
        self.db = db
        self.commands = MainCommands(self)
        self._case_rows: CaseList | None = None  # made when the data layer has loaded
        fit_to_screen(self, 1366, 768)
        self.task_board: TaskBoard | None = None  # built when first shown
        self.meeting_workspace: MeetingWorkspace | None = None  # built when first shown
        self._meeting_actions: list[QAction] = []
        self.welcome = WelcomePage()
        self.loading = LoadingPage()
        self.case_list = CaseListPage()
        self._case_view: CaseView | None = None  # built when a case is first opened
        self.stack = QStackedWidget()
        size_to_current_page(self.stack)
        self.stack.addWidget(self.loading)
        self.stack.addWidget(self.welcome)
        self.stack.addWidget(self.case_list)
        self.nav = NavigationList()
        self.nav.currentRowChanged.connect(self._nav_changed)
        body = QWidget()
        body_layout = QHBoxLayout(body)
        body_layout.setContentsMargins(0, 0, 0, 0)
        body_layout.setSpacing(0)
        body_layout.addWidget(self.nav)
        body_layout.addWidget(self.stack, 1)
        self.setCentralWidget(body)
        self._create_actions()
        self._build_menus()
        self.welcome.create_button.clicked.connect(self.commands.new_case)
        self.welcome.demo_button.clicked.connect(self.commands.open_demo)
        self.case_list.new_button.clicked.connect(self.commands.new_case)
        self.case_list.case_activated.connect(self.show_case)
        self.db_label = QLabel()
        self.statusBar().addPermanentWidget(self.db_label)
        self._case_count_text = ""
        self.stack.currentChanged.connect(self._page_changed)
        self._relay = DataLayerRelay(self)
        self._relay.loaded.connect(self._data_layer_arrived)
        self.is_loading_cases = False
        if data_layer_ready():
            self.refresh()
        else:
            self._load_data_layer()

    def _create_actions(self) -> None:
        commands = self.commands
        # Some handlers return a value (close() and show_meeting() say whether they did it); a
        # triggered action ignores it.
        handlers: dict[ActionId, Callable[[], object]] = {
            ActionId.NEW_CASE: commands.new_case,
            ActionId.OPEN_DATABASE: commands.choose_database,
            ActionId.OPEN_DEMO: commands.open_demo,
            ActionId.QUIT: self.close,
            ActionId.FIND: self.focus_search,
            ActionId.ABOUT: commands.about,
            ActionId.SHORTCUTS: commands.show_shortcuts,
            ActionId.SHOW_CASES: self.show_cases,
            ActionId.SHOW_TASKS: self.show_tasks,
            ActionId.SHOW_MEETING: self.show_meeting,
            ActionId.BACK: self.show_cases,
            ActionId.REFRESH: self.refresh_current,
            ActionId.EXPORT_MINUTES: commands.export_minutes,
            ActionId.VERIFY_MINUTES: commands.verify_minutes,
            ActionId.IMPORT_HANDOVER: commands.import_handover,
            ActionId.SETTINGS: commands.show_settings,
            ActionId.PURGE_CASE: commands.purge_case,
        }
        self.actions_by_id = create_actions(self, handlers)

    # -- the data layer --------------------------------------------------------------------------

    def _load_data_layer(self) -> None:
        """Show the frame with «Loading cases …» and import the data layer on a thread."""
        self.is_loading_cases = True
        self.stack.setCurrentWidget(self.loading)
        self.nav.show_row(NavigationList.CASES)
        self.db_label.setText(_("Database: {path}").format(path=self.db.path))
        self.statusBar().showMessage(_("Loading cases …"))
        self._update_window_title()
        db, relay = self.db, self._relay

        def arrived() -> None:
            try:
                relay.loaded.emit()
            except RuntimeError:  # the window was closed meanwhile
                pass

        # Once the event loop runs: the window is painted first, and no import of the GUI thread
        # is half-way when the warm-up takes the import lock.
        QTimer.singleShot(0, lambda: start_warm_up(db, arrived))

    def _data_layer_arrived(self) -> None:
        if self.is_loading_cases:
            self.is_loading_cases = False
            self.refresh()

    @property
    def case_rows(self) -> CaseList:
        """The case list's service (importing it loads the data layer, if it has not loaded yet)."""
        if self._case_rows is None:
            from desktop.services.case.listing import CaseList

            self._case_rows = CaseList(self.db)
            self.case_list.set_cases(self._case_rows)
        return self._case_rows

    # -- structure -------------------------------------------------------------------------------

    @property
    def cases(self) -> CaseService:
        """The case service (creating cases); imports the ORM, so made when first needed."""
        from desktop.services.case.creation import CaseService

        return CaseService(self.db)

    @property
    def case_view(self) -> CaseView:
        """The case view, built on first use (its imports and widgets cost start-up time)."""
        if self._case_view is None:
            from desktop.ui.case.view import CaseView

            view = CaseView(self.db)
            view.back_requested.connect(self.show_cases)
            view.plan_meeting_requested.connect(self.plan_meeting)
            view.open_meeting_requested.connect(self.open_meeting)
            view.case_changed.connect(lambda _id: self._update_window_title())
            self.stack.addWidget(view)
            self._case_view = view
        return self._case_view

    def is_case_view_shown(self) -> bool:
        """Whether the case view is the page on screen (the commands act on its case)."""
        return self._case_view is not None and self.stack.currentWidget() is self._case_view

    def flush_case_view(self) -> None:
        """Save what is typed in the case view, if it was ever built."""
        if self._case_view is not None:
            self._case_view.flush_pending()

    def _build_menus(self) -> None:
        menus = build_main_menus(self.menuBar(), self.actions_by_id)
        self.file_menu, self.edit_menu, self.view_menu, self.help_menu = (
            menus.file,
            menus.edit,
            menus.view,
            menus.help,
        )
        self.meeting_menu, self.minutes_menu = menus.meeting, menus.minutes
        self.meeting_menu.aboutToShow.connect(self._fill_meeting_menu)
        show_meeting_placeholder(self.meeting_menu, self.show_meeting)

    def all_actions(self) -> list[QAction]:
        """Every action of the window, the meeting workspace's included (for the shortcut check)."""
        return list(self.actions_by_id.values()) + list(self._meeting_actions)

    def _nav_changed(self, row: int) -> None:
        if row == NavigationList.CASES and not (
            self.stack.currentWidget() in (self.loading, self.welcome, self.case_list)
            or self.is_case_view_shown()
        ):
            self.show_cases()
        elif row == NavigationList.TASKS and self.stack.currentWidget() is not self.task_board:
            self.show_tasks()
        elif row == NavigationList.MEETING and (
            self.meeting_workspace is None or self.stack.currentWidget() is not self.meeting_workspace
        ):
            self.show_meeting()

    # -- pages -----------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload the case list; show the welcome page on an empty database."""
        self.is_loading_cases = False
        has_cases = self.case_rows.has_cases()
        self.case_list.reload_coordinators()
        self.case_list.refresh()
        if self.stack.currentWidget() in (self.loading, self.welcome, self.case_list) or not has_cases:
            self.stack.setCurrentWidget(self.case_list if has_cases else self.welcome)
            self.nav.show_row(NavigationList.CASES)
        if has_cases:
            self.case_list.select_first()
        self.db_label.setText(_("Database: {path}").format(path=self.db.path))
        count = self.case_list.model.rowCount()
        self._case_count_text = _("{count} cases").format(count=count) if has_cases else _("No cases yet")
        self._page_changed()
        self._update_window_title()

    def _page_changed(self) -> None:
        """The number of cases belongs to the case list; other pages keep the status bar free."""
        if self.stack.currentWidget() in (self.case_list, self.welcome):
            self.statusBar().showMessage(self._case_count_text)
        elif not self.is_loading_cases:
            self.statusBar().clearMessage()

    def _update_window_title(self) -> None:
        is_demo = self.db.path.name == DEMO_FILE_NAME
        # Qt adds the application's display name to every window title on Windows and X11.
        parts = [self.db.path.name]
        if self.is_case_view_shown() and self.case_view.detail is not None:
            parts.insert(1, self.case_view.detail.reference)
        title = " — ".join(parts)
        self.setWindowTitle(title + (" — " + _("demo data (fictional)") if is_demo else ""))

    def show_cases(self) -> None:
        """The case list (or the welcome page), with the last opened case still selected."""
        self.stack.setCurrentWidget(self.case_list)
        self.refresh()
        case_id = self._case_view.case_id if self._case_view is not None else None
        if case_id is not None:
            self.case_list.select_case(case_id)
        if self.stack.currentWidget() is self.case_list:
            self.case_list.table.setFocus()

    def show_case(self, case_id: int) -> None:
        """Open the case view for ``case_id``."""
        try:
            self.case_view.load(case_id)
        except NotFoundError as exc:
            QMessageBox.warning(self, APP_NAME, str(exc))
            return
        self.stack.setCurrentWidget(self.case_view)
        self.nav.show_row(NavigationList.CASES)
        self._update_window_title()
        self.case_view.tabs.setFocus()

    def show_tasks(self) -> None:
        """The task board across all cases (built on first use)."""
        if self.task_board is None:
            try:
                from desktop.ui.tasks.board import TaskBoard
            except ImportError:
                self.nav.show_row(self._nav_row_of_current())
                self.statusBar().showMessage(_("The task board is not available in this version."))
                return
            self.task_board = TaskBoard(self.db, self)
            self.task_board.case_requested.connect(self.show_case)
            self.stack.addWidget(self.task_board)
        else:
            self.task_board.refresh()
        self.stack.setCurrentWidget(self.task_board)
        self.nav.show_row(NavigationList.TASKS)
        self._update_window_title()

    def _ensure_meeting_workspace(self) -> MeetingWorkspace | None:
        if self.meeting_workspace is not None:
            return self.meeting_workspace
        try:
            from desktop.ui.meeting.workspace import MeetingWorkspace
        except ImportError:
            return None
        workspace = MeetingWorkspace(self.db, self)
        workspace.finished.connect(self._meeting_finished)
        self.stack.addWidget(workspace)
        self.meeting_workspace = workspace
        self._meeting_actions = list(workspace.menu_actions())
        show_meeting_actions(self.meeting_menu, self._meeting_actions)
        return workspace

    def _fill_meeting_menu(self) -> None:
        self._ensure_meeting_workspace()

    def _nav_row_of_current(self) -> int:
        current = self.stack.currentWidget()
        if current is self.task_board and current is not None:
            return NavigationList.TASKS
        if current is self.meeting_workspace and current is not None:
            return NavigationList.MEETING
        return NavigationList.CASES

    def show_meeting(self, *, needs_meeting: bool = True) -> bool:
        """The meeting workspace as it was last left.

        With nothing open there yet, the open case's next (or latest) meeting is opened; without a
        case the user is told where to start instead of seeing an empty planner.
        """
        workspace = self._ensure_meeting_workspace()
        if workspace is None:
            self.nav.show_row(self._nav_row_of_current())
            self.statusBar().showMessage(_("The meeting workspace is not available in this version."))
            return False
        has_meeting = bool(getattr(getattr(workspace, "ctx", None), "meeting_id", 0))
        if needs_meeting and not has_meeting:
            detail = self.case_view.detail
            if detail is None or not detail.meetings:
                self.nav.show_row(self._nav_row_of_current())
                self.statusBar().showMessage(_("Open a case first, then plan a meeting or open one."), 8000)
                return False
            upcoming = self.case_view.next_meeting()
            self.open_meeting(upcoming.id if upcoming else detail.meetings[-1].id)
            return True
        self.stack.setCurrentWidget(workspace)
        self.nav.show_row(NavigationList.MEETING)
        self._update_window_title()
        return True

    def plan_meeting(self, case_id: int) -> None:
        if self.show_meeting(needs_meeting=False) and self.meeting_workspace is not None:
            self.meeting_workspace.new_meeting(case_id)

    def open_meeting(self, meeting_id: int) -> None:
        if self.show_meeting(needs_meeting=False) and self.meeting_workspace is not None:
            self.meeting_workspace.open_meeting(meeting_id)

    def _meeting_finished(self, case_id: int) -> None:
        self.show_case(case_id)

    def refresh_current(self) -> None:
        current = self.stack.currentWidget()
        if self.is_case_view_shown():
            self.case_view.reload()
        elif current is self.task_board and self.task_board is not None:
            self.task_board.refresh()
        elif current is self.meeting_workspace and self.meeting_workspace is not None:
            self.meeting_workspace.refresh()
        else:
            self.refresh()

    # -- search, the open database, closing ------------------------------------------------------

    def focus_search(self) -> None:
        if self.stack.currentWidget() is not self.case_list:
            self.show_cases()
        if self.stack.currentWidget() is self.case_list:
            self.case_list.search_edit.setFocus()
            self.case_list.search_edit.selectAll()

    def switch_database(self, db: Database) -> None:
        self.flush_case_view()
        self.db.dispose()
        self.db = db
        self._case_rows = None  # a new service for the new database, made by refresh()
        for page in (self.task_board, self.meeting_workspace):
            if page is not None:
                self.stack.removeWidget(page)
                page.deleteLater()
        self.task_board = self.meeting_workspace = None
        self._meeting_actions = []
        show_meeting_placeholder(self.meeting_menu, self.show_meeting)
        if self._case_view is not None:
            self.stack.removeWidget(self._case_view)
            self._case_view.deleteLater()
            self._case_view = None
        self.stack.setCurrentWidget(self.case_list)
        self.refresh()
        if self.stack.currentWidget() is self.case_list:
            self.case_list.table.setFocus()  # Enter opens the selected case

    def shortcut_lines(self) -> list[tuple[str, str]]:
        """(what, keys) for the Help › Keyboard shortcuts list, the meeting workspace's included."""
        lines = shortcut_lines(self.actions_by_id.values())
        workspace = self._ensure_meeting_workspace()
        if workspace is not None:
            lines.extend(workspace.shortcut_help())
        return lines

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.refuse_with_unsaved_text(_("Ansvarsgruppe cannot be closed yet.")):
            event.ignore()
            return
        self.flush_case_view()
        self.db.dispose()
        super().closeEvent(event)

    def refuse_with_unsaved_text(self, refused: str) -> bool:
        """Quitting, or replacing the open database (another file, a restore, encryption), waits
        while meeting notes have not reached the database (a full disk): the window shows the
        meeting, and the message says what is refused (``refused``, a sentence) and why."""
        workspace = self.meeting_workspace
        if workspace is None or not hasattr(workspace, "refuse_with_unsaved_text"):
            return False
        text = workspace.refuse_with_unsaved_text(refused)
        if not text:
            return False
        self.stack.setCurrentWidget(workspace)
        self.nav.show_row(NavigationList.MEETING)
        QMessageBox.warning(self, APP_NAME, text)
        return True
