"""The pages behind «Cases» in the navigation: the case list, and what stands in its place.

The welcome page is shown on an empty database, the loading page until the data layer has loaded
and the case list is filled.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _
from desktop.models.enums import PathwayPhase, label
from desktop.ui.case.table_model import ID_ROLE, CaseTableModel
from desktop.ui.font_size import pt

if TYPE_CHECKING:
    from desktop.services.case.listing import CaseList

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


class CaseListPage(QWidget):
    """Search (name, reference) and filters (phase, coordinator, has overdue tasks) over the cases."""

    case_activated = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._cases: CaseList | None = None  # set when the data layer has loaded
        self._build_filters()
        self._build_table()
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

    def _build_filters(self) -> None:
        """Search by name or reference; filter by phase, coordinator and overdue tasks."""
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

    def _build_table(self) -> None:
        # The model sorts itself (closed cases last): a proxy with a Python lessThan calls back
        # into Python for every comparison, thousands of times for a large list at start-up.
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

    def _activated(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        case_id = self.model.data(index, ID_ROLE)
        if case_id is not None:
            self.case_activated.emit(int(case_id))

    def select_first(self) -> None:
        if self.model.rowCount() and not self.table.currentIndex().isValid():
            self.table.setCurrentIndex(self.model.index(0, 0))

    def select_case(self, case_id: int) -> None:
        row = self.model.row_of_id(case_id)
        if row >= 0:
            self.table.setCurrentIndex(self.model.index(row, 0))
