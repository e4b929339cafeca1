"""The main window: menu bar, case list (or a welcome page on an empty database), status bar."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop import APP_NAME, __version__
from desktop.db import Database
from desktop.errors import UserError
from desktop.i18n import _
from desktop.models.enums import PathwayPhase, label
from desktop.paths import data_dir
from desktop.services.cases import CaseService
from desktop.ui.actions import ActionId, create_actions
from desktop.ui.case_table_model import ID_ROLE, SORT_ROLE, CaseTableModel

DEMO_FILE_NAME = "demo.db"


class WelcomePage(QWidget):
    """Shown on an empty database: the two ways to get started."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = QLabel(_("Welcome to Ansvarsgruppe"))
        title.setObjectName("welcomeTitle")
        title.setStyleSheet("font-size: 20pt; font-weight: 600;")
        text = QLabel(
            _(
                "There are no cases in this database yet. Create the first case, or open the demo "
                "data to see how a responsibility group, its plan and its meetings look."
            )
        )
        text.setWordWrap(True)
        text.setMaximumWidth(560)
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


class CaseListPage(QWidget):
    """Search (name, reference) and filters (phase, coordinator, has overdue tasks) over the cases."""

    case_activated = Signal(int)

    def __init__(self, cases: CaseService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._cases = cases
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
        self.model = CaseTableModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.table = QTableView()
        self.table.setAccessibleName(_("Cases"))
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.activated.connect(self._activated)
        filters = QHBoxLayout()
        filters.addWidget(self.search_edit, 3)
        filters.addWidget(self.phase_combo, 1)
        filters.addWidget(self.coordinator_combo, 1)
        filters.addWidget(self.overdue_check)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table)
        self.search_edit.textChanged.connect(self.refresh)
        self.phase_combo.currentIndexChanged.connect(self.refresh)
        self.coordinator_combo.currentIndexChanged.connect(self.refresh)
        self.overdue_check.toggled.connect(self.refresh)
        self.reload_coordinators()

    def reload_coordinators(self) -> None:
        self.coordinator_combo.blockSignals(True)
        self.coordinator_combo.clear()
        self.coordinator_combo.addItem(_("All coordinators"), None)
        for name in self._cases.coordinator_names():
            self.coordinator_combo.addItem(name, name)
        self.coordinator_combo.blockSignals(False)

    def refresh(self) -> None:
        phase = self.phase_combo.currentData()
        rows = self._cases.list_cases(
            self.search_edit.text(),
            phase=PathwayPhase(phase) if phase else None,
            coordinator_name=self.coordinator_combo.currentData(),
            only_overdue=self.overdue_check.isChecked(),
        )
        self.model.set_rows(rows)
        self.table.resizeColumnsToContents()

    def _activated(self, index: object) -> None:
        case_id = self.proxy.data(index, ID_ROLE)  # type: ignore[arg-type]
        if case_id is not None:
            self.case_activated.emit(int(case_id))


class MainWindow(QMainWindow):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.cases = CaseService(db)
        self.resize(1366, 768)
        self.welcome = WelcomePage()
        self.case_list = CaseListPage(self.cases)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.welcome)
        self.stack.addWidget(self.case_list)
        self.setCentralWidget(self.stack)
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
            },
        )
        self._build_menus()
        self.welcome.create_button.clicked.connect(self.new_case)
        self.welcome.demo_button.clicked.connect(self.open_demo)
        self.db_label = QLabel()
        self.statusBar().addPermanentWidget(self.db_label)
        self.refresh()

    def _build_menus(self) -> None:
        a = self.actions_by_id
        file_menu = self.menuBar().addMenu(_("&File"))
        file_menu.addAction(a[ActionId.NEW_CASE])
        file_menu.addSeparator()
        file_menu.addAction(a[ActionId.OPEN_DATABASE])
        file_menu.addAction(a[ActionId.OPEN_DEMO])
        file_menu.addSeparator()
        file_menu.addAction(a[ActionId.QUIT])
        edit_menu = self.menuBar().addMenu(_("&Edit"))
        edit_menu.addAction(a[ActionId.FIND])
        help_menu = self.menuBar().addMenu(_("&Help"))
        help_menu.addAction(a[ActionId.SHORTCUTS])
        help_menu.addAction(a[ActionId.ABOUT])
        self.file_menu, self.edit_menu, self.help_menu = file_menu, edit_menu, help_menu

    def refresh(self) -> None:
        self.case_list.reload_coordinators()
        self.case_list.refresh()
        has_cases = bool(self.cases.list_cases())
        self.stack.setCurrentWidget(self.case_list if has_cases else self.welcome)
        is_demo = self.db.path.name == DEMO_FILE_NAME
        title = f"{APP_NAME} — {self.db.path.name}"
        self.setWindowTitle(title + (" — " + _("demo data (fictional)") if is_demo else ""))
        self.db_label.setText(_("Database: {path}").format(path=self.db.path))
        count = self.case_list.model.rowCount()
        self.statusBar().showMessage(
            _("{count} cases").format(count=count) if has_cases else _("No cases yet")
        )

    def new_case(self) -> None:
        from desktop.ui.new_case_dialog import NewCaseDialog

        dialog = NewCaseDialog(self.cases, self.cases.next_reference(), self)
        if dialog.exec() and dialog.case_id is not None:
            self.refresh()

    def focus_search(self) -> None:
        if self.stack.currentWidget() is self.case_list:
            self.case_list.search_edit.setFocus()
            self.case_list.search_edit.selectAll()

    def switch_database(self, db: Database) -> None:
        self.db.dispose()
        self.db = db
        self.cases = CaseService(db)
        self.case_list._cases = self.cases
        self.refresh()

    def choose_database(self) -> None:
        selected, _filter = QFileDialog.getOpenFileName(
            self, _("Open database"), str(self.db.path.parent), _("Ansvarsgruppe database (*.db)")
        )
        if selected:
            self._open_path(Path(selected))

    def _open_path(self, path: Path) -> None:
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
            from desktop.services.demo import create_demo

            try:
                create_demo(path).dispose()
            except UserError as exc:
                QMessageBox.critical(self, APP_NAME, str(exc))
                return
        self._open_path(path)

    def show_shortcuts(self) -> None:
        lines = []
        for action in self.actions_by_id.values():
            if not action.shortcut().isEmpty():
                lines.append(f"{action.text().replace('&', '')}: {action.shortcut().toString()}")
        QMessageBox.information(self, _("Keyboard shortcuts"), "\n".join(lines))

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
        self.db.dispose()
        super().closeEvent(event)
