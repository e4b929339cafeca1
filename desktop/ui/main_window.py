"""The main window: a left navigation (Cases, Tasks, Meeting), the pages behind it, menus, status bar.

Cases shows the case list (or a welcome page on an empty database); choosing a case opens the case
view, with a way back. The task board and the meeting workspace are built by other modules and
imported only when first shown, so the window appears fast.

The window also shows before the data layer (SQLAlchemy, SQLModel and the tables) has been
imported: the frame comes at once with «Loading cases …», the data layer loads on a thread, and
the case list is filled through the ordinary service when it has arrived.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QFont, QFontMetrics, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop import APP_NAME, __version__
from desktop.db import Database, data_layer_loaded
from desktop.errors import NotFoundError, UserError
from desktop.i18n import _
from desktop.models.enums import PathwayPhase, label
from desktop.paths import data_dir
from desktop.ui.actions import ActionId, create_actions
from desktop.ui.case.table_model import ID_ROLE, CaseTableModel
from desktop.ui.font_size import pt
from desktop.ui.pages import fit_to_screen, size_to_current_page
from desktop.ui.palette import BG_PANEL, BG_PANEL_SELECTED, TEXT_ACCENT

if TYPE_CHECKING:
    from desktop.services.case.creation import CaseService
    from desktop.services.case.listing import CaseList
    from desktop.ui.case.view import CaseView

log = logging.getLogger(__name__)

DEMO_FILE_NAME = "demo.db"


RESIZE_PRECISION_ROWS = 25  # about one screen of rows


class WelcomePage(QWidget):
    """Shown on an empty database: the two ways to get started."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = QLabel(_("Welcome to Ansvarsgruppe"))
        title.setObjectName("welcomeTitle")
        title.setStyleSheet(f"font-size: {pt(20)}; font-weight: 600;")
        text = QLabel(
            _(
                "There are no cases in this database yet. Create the first case, or open the demo "
                "data to see how a responsibility group, its plan and its meetings look."
            )
        )
        text.setWordWrap(True)
        text.setFixedWidth(560)
        text.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        text.setMinimumHeight(text.heightForWidth(560))  # a centred, wrapped label otherwise gets one line
        self.create_button = QPushButton(_("Create a case"))
        self.demo_button = QPushButton(_("Open demo data"))
        for button in (self.create_button, self.demo_button):
            button.setMinimumHeight(40)
            button.setMinimumWidth(200)
        buttons = QHBoxLayout()
        buttons.addStretch()
        buttons.addWidget(self.create_button)
        buttons.addWidget(self.demo_button)
        buttons.addStretch()
        layout = QVBoxLayout(self)
        layout.addStretch()
        layout.addWidget(title, alignment=Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(text, alignment=Qt.AlignmentFlag.AlignHCenter)
        layout.addSpacing(16)
        layout.addLayout(buttons)
        layout.addStretch()


_imports_started = threading.Event()
_imports_done = threading.Event()
#: The name of the thread that loads the data layer (tests slow it down by name).
WARM_UP_THREAD = "warm-up"


def _import_data_layer() -> None:
    """Every module the case list and :meth:`Database.warm_up` need (measured: then nothing more)."""
    import sqlalchemy.dialects.sqlite  # noqa: F401 - the dialect make_engine asks for
    import sqlalchemy.orm  # noqa: F401
    import sqlalchemy.pool  # noqa: F401
    import sqlmodel  # noqa: F401

    import desktop.services.case.listing  # noqa: F401
    from desktop.models import load_all

    load_all()


def load_data_layer() -> None:
    """Import SQLAlchemy, SQLModel, the tables and the case list's service (any thread; idempotent).

    Two threads must never import SQLAlchemy at the same time: its packages import each other,
    and the second thread gets «cannot import name … from partially initialized module» (issue
    15: the meeting screen opened right after start was «not available» in 2 of 6 runs). So the
    imports are made holding Python's own import lock, the one every import takes first
    (``_imp.acquire_lock``, re-entrant for its owner): meanwhile an import in any other thread
    waits instead of starting, and then finds the modules loaded. Modules already loaded need no
    lock, so the window stays responsive (its longest pause ~20 ms, against 0.5-0.8 s with the
    same imports on the UI thread). The mappers are configured after the lock is released.
    """
    import _imp

    if not _imports_done.is_set():
        _imp.acquire_lock()
        try:
            _import_data_layer()
        finally:
            _imp.release_lock()
    from sqlalchemy.orm import configure_mappers

    configure_mappers()
    _imports_done.set()


def start_warm_up(db: Any, then: Callable[[], None]) -> threading.Thread:
    """Load the data layer and warm ``db`` up (engine, first connection) on a thread; ``then``
    runs on that thread when it is done (or has failed: the GUI thread then meets the error).

    Call it from the event loop, not from inside an import: it returns once the thread holds the
    import lock, so no import the caller starts next can slip in first.
    """
    import _imp

    holding = threading.Event()

    def warm_up() -> None:
        try:
            _imp.acquire_lock()
        except BaseException:
            holding.set()
            raise
        try:
            holding.set()
            load_data_layer()  # re-enters the lock this thread holds: the imports are made under it
        except Exception:  # noqa: BLE001 - the GUI thread meets the same error and shows it
            log.exception("loading the data layer failed")
        finally:
            _imp.release_lock()
        try:
            db.warm_up()
        except Exception:  # noqa: BLE001
            log.exception("warming the database up failed")
        then()

    _imports_started.set()
    thread = threading.Thread(target=warm_up, name=WARM_UP_THREAD, daemon=True)
    thread.start()
    holding.wait()
    return thread


def data_layer_ready() -> bool:
    """Whether the case list can be filled now, without waiting for imports on this thread."""
    return _imports_done.is_set() or (not _imports_started.is_set() and data_layer_loaded())


class LoadingPage(QWidget):
    """Shown from the first paint until the data layer has loaded and the case list is filled."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel(_("Loading cases …"))
        self.label.setObjectName("loadingCases")
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setStyleSheet(f"font-size: {pt(14)};")
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)


class _DataLayerRelay(QObject):
    """Brings "the data layer has loaded" from the loading thread to the GUI thread (a queued signal)."""

    loaded = Signal()


class CaseListPage(QWidget):
    """Search (name, reference) and filters (phase, coordinator, has overdue tasks) over the cases."""

    case_activated = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._cases: CaseList | None = None  # set when the data layer has loaded
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText(_("Search by name or reference"))
        self.search_edit.setAccessibleName(_("Search cases"))
        self.search_edit.setClearButtonEnabled(True)
        self.phase_combo = QComboBox()
        self.phase_combo.setAccessibleName(_("Filter by phase"))
        self.phase_combo.addItem(_("All phases"), None)
        for phase in PathwayPhase:
            self.phase_combo.addItem(label(phase), phase.value)
        self.coordinator_combo = QComboBox()
        self.coordinator_combo.setAccessibleName(_("Filter by coordinator"))
        self.overdue_check = QCheckBox(_("Only cases with &overdue tasks"))
        # The model sorts itself (closed cases last): a proxy with a Python lessThan made ~9 000
        # Python calls for 1 000 cases at start-up (0.6 s of the 1.45 s).
        self.model = CaseTableModel(self)
        self.table = QTableView()
        self.table.setAccessibleName(_("Cases"))
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move between cells
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.activated.connect(self._activated)
        self.table.doubleClicked.connect(self._activated)
        title = QLabel(_("Cases"))
        title_font = QFont(self.font())
        title_font.setPointSizeF(title_font.pointSizeF() * 1.6)  # follows a large system font
        title_font.setWeight(QFont.Weight.DemiBold)
        title.setFont(title_font)
        self.open_button = QPushButton(_("Open case"))
        self.open_button.clicked.connect(lambda: self._activated(self.table.currentIndex()))
        self.new_button = QPushButton(_("New case…"))
        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch()
        top.addWidget(self.new_button)
        top.addWidget(self.open_button)
        filters = QHBoxLayout()
        filters.addWidget(self.search_edit, 3)
        filters.addWidget(self.phase_combo, 1)
        filters.addWidget(self.coordinator_combo, 1)
        filters.addWidget(self.overdue_check)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(self.table)
        # Tab follows the screen: the buttons at the top, the filters, then the list.
        chain = (
            self.new_button,
            self.open_button,
            self.search_edit,
            self.phase_combo,
            self.coordinator_combo,
            self.overdue_check,
            self.table,
        )
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)
        self.search_edit.textChanged.connect(self.refresh)
        self.phase_combo.currentIndexChanged.connect(self.refresh)
        self.coordinator_combo.currentIndexChanged.connect(self.refresh)
        self.overdue_check.toggled.connect(self.refresh)

    def set_cases(self, cases: CaseList) -> None:
        """The service the list reads from (a new one when another database is opened)."""
        self._cases = cases

    def reload_coordinators(self) -> None:
        if self._cases is None:
            return
        self.coordinator_combo.blockSignals(True)
        self.coordinator_combo.clear()
        self.coordinator_combo.addItem(_("All coordinators"), None)
        for name in self._cases.coordinator_names():
            self.coordinator_combo.addItem(name, name)
        self.coordinator_combo.blockSignals(False)

    def refresh(self) -> None:
        if self._cases is None:
            return
        phase = self.phase_combo.currentData()
        rows = self._cases.list_cases(
            self.search_edit.text(),
            phase=PathwayPhase(phase) if phase else None,
            coordinator_name=self.coordinator_combo.currentData(),
            only_overdue=self.overdue_check.isChecked(),
        )
        self.model.set_rows(rows)
        # Measure only the first rows: sizing 1 000 rows formats every date (seconds at start-up).
        self.table.horizontalHeader().setResizeContentsPrecision(RESIZE_PRECISION_ROWS)
        self.table.resizeColumnsToContents()

    def _activated(self, index: object) -> None:
        if not index.isValid():  # type: ignore[attr-defined]
            return
        case_id = self.model.data(index, ID_ROLE)  # type: ignore[arg-type]
        if case_id is not None:
            self.case_activated.emit(int(case_id))

    def select_first(self) -> None:
        if self.model.rowCount() and not self.table.currentIndex().isValid():
            self.table.setCurrentIndex(self.model.index(0, 0))

    def select_case(self, case_id: int) -> None:
        row = self.model.row_of_id(case_id)
        if row >= 0:
            self.table.setCurrentIndex(self.model.index(row, 0))


class MainWindow(QMainWindow):
    """The application window. ``show_case`` and ``show_tasks`` are public for tests and screenshots."""

    NAV_CASES, NAV_TASKS, NAV_MEETING = range(3)

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from PySide6.QtWidgets import QApplication

        from desktop.ui.key_names import install_key_name_translator

        install_key_name_translator(QApplication.instance())  # key names in menus and shortcut help
        self.db = db
        self._case_rows: CaseList | None = None  # made when the data layer has loaded
        fit_to_screen(self, 1366, 768)
        self.task_board: QWidget | None = None
        self.meeting_workspace: QWidget | None = None
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
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setAccessibleName(_("Navigation"))
        for text in (_("Cases"), _("Tasks"), _("Meeting")):
            self.nav.addItem(QListWidgetItem(text))
        # One point larger than the system font (not a fixed size: a large system font must follow),
        # and as wide as the longest entry in this language needs.
        nav_font = QFont(self.font())
        nav_font.setPointSizeF(max(nav_font.pointSizeF(), 9.0) + 1)
        self.nav.setFont(nav_font)
        widest = max(
            QFontMetrics(nav_font).horizontalAdvance(self.nav.item(i).text()) for i in range(self.nav.count())
        )
        self.nav.setFixedWidth(max(150, widest + 48))
        self.nav.setStyleSheet(
            f"QListWidget {{ border: none; background: {BG_PANEL}; padding-top: 8px; outline: 0; }}"
            "QListWidget::item { padding: 10px 14px; }"
            f"QListWidget::item:selected {{ background: {BG_PANEL_SELECTED}; color: {TEXT_ACCENT}; font-weight: 600; }}"
        )
        self.nav.currentRowChanged.connect(self._nav_changed)
        body = QWidget()
        body_layout = QHBoxLayout(body)
        body_layout.setContentsMargins(0, 0, 0, 0)
        body_layout.setSpacing(0)
        body_layout.addWidget(self.nav)
        body_layout.addWidget(self.stack, 1)
        self.setCentralWidget(body)
        self.actions_by_id = create_actions(
            self,
            {
                ActionId.NEW_CASE: self.new_case,
                ActionId.OPEN_DATABASE: self.choose_database,
                ActionId.OPEN_DEMO: self.open_demo,
                ActionId.QUIT: self.close,
                ActionId.FIND: self.focus_search,
                ActionId.ABOUT: self.about,
                ActionId.SHORTCUTS: self.show_shortcuts,
                ActionId.SHOW_CASES: self.show_cases,
                ActionId.SHOW_TASKS: self.show_tasks,
                ActionId.SHOW_MEETING: self.show_meeting,
                ActionId.BACK: self.show_cases,
                ActionId.REFRESH: self.refresh_current,
                ActionId.EXPORT_MINUTES: self.export_minutes,
                ActionId.VERIFY_MINUTES: self.verify_minutes,
                ActionId.IMPORT_HANDOVER: self.import_handover,
                ActionId.SETTINGS: self.show_settings,
                ActionId.PURGE_CASE: self.purge_case,
            },
        )
        self._build_menus()
        self.welcome.create_button.clicked.connect(self.new_case)
        self.welcome.demo_button.clicked.connect(self.open_demo)
        self.case_list.new_button.clicked.connect(self.new_case)
        self.case_list.case_activated.connect(self.show_case)
        self.db_label = QLabel()
        self.statusBar().addPermanentWidget(self.db_label)
        self._case_count_text = ""
        self.stack.currentChanged.connect(self._page_changed)
        self._relay = _DataLayerRelay(self)
        self._relay.loaded.connect(self._data_layer_arrived)
        self.is_loading_cases = False
        if data_layer_ready():
            self.refresh()
        else:
            self._load_data_layer()

    # -- the data layer --------------------------------------------------------------------------

    def _load_data_layer(self) -> None:
        """Show the frame with «Loading cases …» and import the data layer on a thread."""
        self.is_loading_cases = True
        self.stack.setCurrentWidget(self.loading)
        self._select_nav(self.NAV_CASES)
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

    def _case_view_shown(self) -> bool:
        return self._case_view is not None and self.stack.currentWidget() is self._case_view

    def _flush_case_view(self) -> None:
        if self._case_view is not None:
            self._case_view.flush_pending()

    def _build_menus(self) -> None:
        a = self.actions_by_id
        file_menu = self.menuBar().addMenu(_("&File"))
        file_menu.addAction(a[ActionId.NEW_CASE])
        file_menu.addSeparator()
        file_menu.addAction(a[ActionId.OPEN_DATABASE])
        file_menu.addAction(a[ActionId.OPEN_DEMO])
        file_menu.addSeparator()
        file_menu.addAction(a[ActionId.SETTINGS])
        file_menu.addAction(a[ActionId.PURGE_CASE])
        file_menu.addSeparator()
        file_menu.addAction(a[ActionId.QUIT])
        edit_menu = self.menuBar().addMenu(_("&Edit"))
        edit_menu.addAction(a[ActionId.FIND])
        view_menu = self.menuBar().addMenu(_("&View"))
        for action_id in (ActionId.SHOW_CASES, ActionId.SHOW_TASKS, ActionId.SHOW_MEETING):
            view_menu.addAction(a[action_id])
        view_menu.addSeparator()
        view_menu.addAction(a[ActionId.BACK])
        view_menu.addAction(a[ActionId.REFRESH])
        self.meeting_menu = self.menuBar().addMenu(_("Meet&ing"))  # «&Edit» already has Alt+E
        self.meeting_menu.aboutToShow.connect(self._fill_meeting_menu)
        placeholder = self.meeting_menu.addAction(_("Open the meeting workspace"))
        placeholder.triggered.connect(self.show_meeting)
        self.minutes_menu = self.menuBar().addMenu(_("&Minutes"))
        self.minutes_menu.addAction(a[ActionId.EXPORT_MINUTES])
        self.minutes_menu.addAction(a[ActionId.VERIFY_MINUTES])
        self.minutes_menu.addAction(a[ActionId.IMPORT_HANDOVER])
        help_menu = self.menuBar().addMenu(_("&Help"))
        help_menu.addAction(a[ActionId.SHORTCUTS])
        help_menu.addAction(a[ActionId.ABOUT])
        self.file_menu, self.edit_menu, self.view_menu, self.help_menu = (
            file_menu,
            edit_menu,
            view_menu,
            help_menu,
        )

    def all_actions(self) -> list[QAction]:
        """Every action of the window, the meeting workspace's included (for the shortcut check)."""
        return list(self.actions_by_id.values()) + list(self._meeting_actions)

    def _nav_changed(self, row: int) -> None:
        if row == self.NAV_CASES and not (
            self.stack.currentWidget() in (self.loading, self.welcome, self.case_list)
            or self._case_view_shown()
        ):
            self.show_cases()
        elif row == self.NAV_TASKS and self.stack.currentWidget() is not self.task_board:
            self.show_tasks()
        elif row == self.NAV_MEETING and (
            self.meeting_workspace is None or self.stack.currentWidget() is not self.meeting_workspace
        ):
            self.show_meeting()

    def _select_nav(self, row: int) -> None:
        self.nav.blockSignals(True)
        self.nav.setCurrentRow(row)
        self.nav.blockSignals(False)

    # -- pages -----------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload the case list; show the welcome page on an empty database."""
        self.is_loading_cases = False
        has_cases = self.case_rows.has_cases()
        self.case_list.reload_coordinators()
        self.case_list.refresh()
        if self.stack.currentWidget() in (self.loading, self.welcome, self.case_list) or not has_cases:
            self.stack.setCurrentWidget(self.case_list if has_cases else self.welcome)
            self._select_nav(self.NAV_CASES)
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
        if self._case_view_shown() and self.case_view.detail is not None:
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
        self._select_nav(self.NAV_CASES)
        self._update_window_title()
        self.case_view.tabs.setFocus()

    def show_tasks(self) -> None:
        """The task board across all cases (built on first use)."""
        if self.task_board is None:
            try:
                from desktop.ui.tasks.board import TaskBoard
            except ImportError:
                self._select_nav(self._nav_row_of_current())
                self.statusBar().showMessage(_("The task board is not available in this version."))
                return
            self.task_board = TaskBoard(self.db, self)
            self.task_board.case_requested.connect(self.show_case)  # type: ignore[attr-defined]
            self.stack.addWidget(self.task_board)
        else:
            self.task_board.refresh()  # type: ignore[attr-defined]
        self.stack.setCurrentWidget(self.task_board)
        self._select_nav(self.NAV_TASKS)
        self._update_window_title()

    def _ensure_meeting_workspace(self) -> QWidget | None:
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
        self.meeting_menu.clear()
        for action in self._meeting_actions:
            self.meeting_menu.addAction(action)  # their shortcuts act inside the workspace only
        return workspace

    def _fill_meeting_menu(self) -> None:
        self._ensure_meeting_workspace()

    def _nav_row_of_current(self) -> int:
        current = self.stack.currentWidget()
        if current is self.task_board and current is not None:
            return self.NAV_TASKS
        if current is self.meeting_workspace and current is not None:
            return self.NAV_MEETING
        return self.NAV_CASES

    def show_meeting(self, *, needs_meeting: bool = True) -> bool:
        """The meeting workspace as it was last left.

        With nothing open there yet, the open case's next (or latest) meeting is opened; without a
        case the user is told where to start instead of seeing an empty planner.
        """
        workspace = self._ensure_meeting_workspace()
        if workspace is None:
            self._select_nav(self._nav_row_of_current())
            self.statusBar().showMessage(_("The meeting workspace is not available in this version."))
            return False
        has_meeting = bool(getattr(getattr(workspace, "ctx", None), "meeting_id", 0))
        if needs_meeting and not has_meeting:
            detail = self.case_view.detail
            if detail is None or not detail.meetings:
                self._select_nav(self._nav_row_of_current())
                self.statusBar().showMessage(_("Open a case first, then plan a meeting or open one."), 8000)
                return False
            upcoming = self.case_view.next_meeting()
            self.open_meeting(upcoming.id if upcoming else detail.meetings[-1].id)
            return True
        self.stack.setCurrentWidget(workspace)
        self._select_nav(self.NAV_MEETING)
        self._update_window_title()
        return True

    def plan_meeting(self, case_id: int) -> None:
        if self.show_meeting(needs_meeting=False):
            self.meeting_workspace.new_meeting(case_id)  # type: ignore[union-attr]

    def open_meeting(self, meeting_id: int) -> None:
        if self.show_meeting(needs_meeting=False):
            self.meeting_workspace.open_meeting(meeting_id)  # type: ignore[union-attr]

    def _meeting_finished(self, case_id: int) -> None:
        self.show_case(case_id)

    def refresh_current(self) -> None:
        current = self.stack.currentWidget()
        if self._case_view_shown():
            self.case_view.reload()
        elif current is self.task_board and self.task_board is not None:
            self.task_board.refresh()  # type: ignore[attr-defined]
        else:
            self.refresh()

    # -- commands --------------------------------------------------------------------------------

    def new_case(self) -> None:
        from desktop.ui.case.new_case_dialog import NewCaseDialog

        cases = self.cases
        dialog = NewCaseDialog(cases, cases.next_reference(), self)
        if dialog.exec() and dialog.case_id is not None:
            self.refresh()
            self.show_case(dialog.case_id)

    def focus_search(self) -> None:
        if self.stack.currentWidget() is not self.case_list:
            self.show_cases()
        if self.stack.currentWidget() is self.case_list:
            self.case_list.search_edit.setFocus()
            self.case_list.search_edit.selectAll()

    def switch_database(self, db: Database) -> None:
        self._flush_case_view()
        self.db.dispose()
        self.db = db
        self._case_rows = None  # a new service for the new database, made by refresh()
        for page in (self.task_board, self.meeting_workspace):
            if page is not None:
                self.stack.removeWidget(page)
                page.deleteLater()
        self.task_board = self.meeting_workspace = None
        self._meeting_actions = []
        self.meeting_menu.clear()
        placeholder = self.meeting_menu.addAction(_("Open the meeting workspace"))
        placeholder.triggered.connect(self.show_meeting)
        if self._case_view is not None:
            self.stack.removeWidget(self._case_view)
            self._case_view.deleteLater()
            self._case_view = None
        self.stack.setCurrentWidget(self.case_list)
        self.refresh()
        if self.stack.currentWidget() is self.case_list:
            self.case_list.table.setFocus()  # Enter opens the selected case

    def choose_database(self) -> None:
        if self.refuse_with_unsaved_text(_("Another database cannot be opened yet.")):
            return
        selected, _filter = QFileDialog.getOpenFileName(
            self, _("Open database"), str(self.db.path.parent), _("Ansvarsgruppe database (*.db)")
        )
        if selected:
            self._open_path(Path(selected))

    def _open_path(self, path: Path) -> None:
        if self.refuse_with_unsaved_text(_("Another database cannot be opened yet.")):
            return
        try:
            db = Database.open(path)
        except UserError as exc:
            QMessageBox.critical(self, APP_NAME, str(exc))
            return
        self.switch_database(db)

    def open_demo(self) -> None:
        """Open the fictional demo database in the data folder, creating it on first use."""
        path = data_dir() / DEMO_FILE_NAME
        if not path.exists():
            from desktop.demo.standard import create_demo

            try:
                create_demo(path).dispose()
            except UserError as exc:
                QMessageBox.critical(self, APP_NAME, str(exc))
                return
        self._open_path(path)

    def chosen_meeting_id(self) -> int | None:
        """The meeting the minutes commands act on: the one open in the meeting workspace, the one
        chosen in the case timeline, else the case's latest held meeting."""
        workspace = self.meeting_workspace
        if workspace is not None and self.stack.currentWidget() is workspace:
            return getattr(getattr(workspace, "ctx", None), "meeting_id", None) or None
        if not self._case_view_shown() or self.case_view.detail is None:
            return None
        detail = self.case_view.detail
        assert detail is not None
        on_timeline = self.case_view.tabs.currentWidget() is self.case_view.timeline
        chosen = self.case_view.timeline.selected_meeting_id() if on_timeline else None
        if chosen is not None:
            return chosen
        held = [m for m in detail.meetings if m.status.value in ("held", "signed")]
        return held[-1].id if held else None

    def purge_case(self) -> None:
        """Purge the open case after its retention period (issue 19): says what goes first."""
        from desktop.ui.case.purge_dialog import purge_case

        case_id = self.case_view.case_id if self._case_view_shown() else None
        if case_id is None:
            QMessageBox.information(self, APP_NAME, _("Open the case to purge first."))
            return
        if purge_case(self, self.db, case_id):
            self.show_cases()

    def export_minutes(self) -> None:
        meeting_id = self.chosen_meeting_id()
        if meeting_id is None:
            QMessageBox.information(
                self,
                _("Export minutes"),
                _("Open a case and choose a held meeting in its timeline first."),
            )
            return
        from desktop.ui.minutes.export_dialog import export_minutes

        export_minutes(self, self.db, meeting_id)
        self.refresh_current()

    def verify_minutes(self) -> None:
        from desktop.ui.minutes.verify_dialog import verify_received_pdf

        verify_received_pdf(self)

    def import_handover(self) -> None:
        from desktop.ui.minutes.import_dialog import import_handover

        case_id = import_handover(self, self.db)
        if case_id is not None:
            self.refresh()
            self.show_case(case_id)

    def shortcut_lines(self) -> list[tuple[str, str]]:
        """(what, keys) for the Help › Keyboard shortcuts list, the meeting workspace's included."""
        lines = [
            (
                action.text().replace("&", ""),
                action.shortcut().toString(QKeySequence.SequenceFormat.NativeText),
            )
            for action in self.actions_by_id.values()
            if not action.shortcut().isEmpty()
        ]
        workspace = self._ensure_meeting_workspace()
        if workspace is not None:
            lines.extend(workspace.shortcut_help())  # type: ignore[attr-defined]
        return lines

    def show_settings(self) -> None:
        """File › Settings; a new language builds a new main window (this one is then dropped)."""
        from desktop.ui.settings_dialog import open_settings

        open_settings(self)

    def show_shortcuts(self) -> None:
        ShortcutsDialog(self.shortcut_lines(), self).exec()

    def about(self) -> None:
        QMessageBox.about(
            self,
            _("About Ansvarsgruppe"),
            _(
                "Ansvarsgruppe {version}. Plans, runs and documents responsibility-group meetings. "
                "Everything is stored on this computer; the application never uses the network."
            ).format(version=__version__),
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.refuse_with_unsaved_text(_("Ansvarsgruppe cannot be closed yet.")):
            event.ignore()
            return
        self._flush_case_view()
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
        self._select_nav(self.NAV_MEETING)
        QMessageBox.warning(self, APP_NAME, text)
        return True


class ShortcutsDialog(QDialog):
    """Help › Keyboard shortcuts: what it does | the keys, with the key names in the user's language."""

    def __init__(self, lines: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle(_("Keyboard shortcuts"))
        self.table = QTableWidget(len(lines), 2)
        self.table.setObjectName("shortcutsTable")
        self.table.setAccessibleName(_("Keyboard shortcuts"))
        self.table.setHorizontalHeaderLabels([_("What"), _("Keys")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(True)
        bold = self.font()
        bold.setBold(True)
        for row, (what, keys) in enumerate(lines):
            self.table.setItem(row, 0, QTableWidgetItem(what))
            keys_item = QTableWidgetItem(keys)
            keys_item.setFont(bold)
            self.table.setItem(row, 1, keys_item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.table.resizeRowsToContents()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(640, 600)

    def rows(self) -> list[tuple[str, str]]:
        return [
            (self.table.item(r, 0).text(), self.table.item(r, 1).text()) for r in range(self.table.rowCount())
        ]
