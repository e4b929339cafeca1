"""The task board: every open task across all cases, overdue first (issue 4, "Follow up").

Left: the party groups with their open and overdue counts, which filter the table. Above the
table: words, responsible person, only overdue (the two choosers are in ``board_filters.py``).
Counting and the first page are loaded off the UI thread; later pages are fetched as the user
scrolls (one indexed query each). Closing a task asks for its outcome. Enter (or double-click)
opens the task's case.

Above the table, «Needs attention» (``attention_box.py``) lists what keeps the plan from going
stale (issue 10).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.db import Database
from desktop.errors import UserError
from desktop.i18n import _, ngettext
from desktop.models.enums import TaskStatus
from desktop.services.tasks.board import GroupCount, TaskFilter, TaskPage, TaskRow, TaskService
from desktop.services.tasks.follow_up import FollowUpService, FollowUpWarnings
from desktop.ui.background_op import BackgroundOp
from desktop.ui.font_size import pt
from desktop.ui.palette import muted_style
from desktop.ui.tasks.attention_box import AttentionBox, number, short_text
from desktop.ui.tasks.board_filters import PartyGroupList, ResponsibleCombo
from desktop.ui.tasks.outcome_dialog import TaskOutcomeDialog
from desktop.ui.tasks.table_model import (
    CASE_ROLE,
    COL_CASE,
    COL_DUE,
    COL_PARTY,
    COL_RESPONSIBLE,
    COL_STATUS,
    COL_TEXT,
    TaskProxyModel,
    TaskTableModel,
)

FILTER_DELAY_MS = 250


class TaskBoard(QWidget):
    """``TaskBoard(db, parent)``; ``refresh()`` reloads; ``case_requested(case_id)`` opens a case."""

    case_requested = Signal(int)
    loaded = Signal()  # after a (re)load has been shown; tests wait for it
    task_closed = Signal(int)

    def __init__(self, db: Database, parent: QWidget | None = None, *, today: date | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)  # created first, so it is destroyed (and drained) first
        self._pool.setMaxThreadCount(1)
        self._db = db
        self._service = TaskService(db)
        self._today = today
        self._generation = 0
        self._loading = False
        self._names_pending = False
        self._counts: list[GroupCount] = []
        self.warnings = FollowUpWarnings((), (), ())
        self._pending_status = ""  # shown once the reload after an action has finished
        # Opens the dialog that records a later confirmation; tests replace it (no modal dialog).
        self.open_later_confirmation: Any = self._open_later_confirmation
        self.outcome_dialog: TaskOutcomeDialog | None = None
        self.search_dialog: QWidget | None = None
        self._build()
        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(FILTER_DELAY_MS)
        self._filter_timer.timeout.connect(self.reload_tasks)
        self._connect()
        self.refresh()

    # -- building --------------------------------------------------------------------------------

    def _build(self) -> None:
        header = self._header()
        left = self._party_column()
        filters = self._filters()
        self.attention = AttentionBox()
        self._build_table()
        buttons = self._buttons()
        right = QVBoxLayout()
        right.addWidget(self.attention)
        right.addLayout(filters)
        right.addWidget(self.table, 1)
        right.addWidget(self.empty_label, 1)
        right.addLayout(buttons)
        body = QHBoxLayout()
        body.addLayout(left)
        body.addSpacing(8)
        body.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addLayout(body, 1)
        self._update_buttons()

    def _header(self) -> QHBoxLayout:
        title = QLabel(_("Tasks to follow up"))
        title.setObjectName("taskBoardTitle")
        title.setStyleSheet(f"font-size: {pt(16)}; font-weight: 600;")
        self.summary_label = QLabel()
        self.summary_label.setObjectName("taskBoardSummary")
        self.search_button = QPushButton(_("Search &notes, agreements and tasks…"))
        header = QHBoxLayout()
        header.addWidget(title)
        header.addSpacing(16)
        header.addWidget(self.summary_label, 1)
        header.addWidget(self.search_button)
        return header

    def _party_column(self) -> QVBoxLayout:
        """The party groups with their counts; choosing one filters the table."""
        self.group_list = PartyGroupList()
        group_title = QLabel(_("&Party"))
        group_title.setBuddy(self.group_list)
        group_title.setStyleSheet("font-weight: 600;")
        left = QVBoxLayout()
        left.addWidget(group_title)
        left.addWidget(self.group_list)
        return left

    def _filters(self) -> QHBoxLayout:
        """Words, the responsible person (typed or chosen), only overdue."""
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText(_("Filter by words in the task or its outcome"))
        self.filter_edit.setAccessibleName(_("Filter tasks"))
        self.filter_edit.setClearButtonEnabled(True)
        self.responsible_combo = ResponsibleCombo()
        self.overdue_check = QCheckBox(_("Only &overdue"))
        filters = QHBoxLayout()
        filters.addWidget(self.filter_edit, 3)
        filters.addWidget(self.responsible_combo, 2)
        filters.addWidget(self.overdue_check)
        return filters

    def _build_table(self) -> None:
        self.model = TaskTableModel(None, self, today=self._today)
        self.proxy = TaskProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setAccessibleName(_("Open tasks"))
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move between cells
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(False)  # the order (overdue first) comes from the service
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.setShowGrid(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(30)
        head = self.table.horizontalHeader()
        head.setHighlightSections(False)
        head.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        head.setSectionResizeMode(COL_TEXT, QHeaderView.ResizeMode.Stretch)
        for column in (COL_DUE, COL_RESPONSIBLE, COL_PARTY, COL_CASE, COL_STATUS):
            head.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        self._fit_columns()
        self.empty_label = QLabel()
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setStyleSheet(f"{muted_style(size=12)} padding: 24px;")
        self.empty_label.hide()

    def _buttons(self) -> QHBoxLayout:
        self.open_button = QPushButton(_("Open &case"))
        self.done_button = QPushButton(_("Mark &done…"))
        self.drop_button = QPushButton(_("End wi&thout doing it…"))
        self.status_label = QLabel()
        self.status_label.setObjectName("taskBoardStatus")
        self.status_label.setStyleSheet(muted_style())
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.done_button)
        buttons.addWidget(self.drop_button)
        buttons.addSpacing(16)
        buttons.addWidget(self.status_label, 1)
        return buttons

    def _connect(self) -> None:
        self.group_list.currentRowChanged.connect(lambda _row: self.reload_tasks())
        self.responsible_combo.currentIndexChanged.connect(lambda _i: self.reload_tasks())
        self.overdue_check.toggled.connect(lambda _on: self.reload_tasks())
        self.filter_edit.textChanged.connect(lambda _t: self._filter_timer.start())
        self.filter_edit.returnPressed.connect(self._filter_now)
        self.table.activated.connect(self._activated)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        self.model.modelReset.connect(self._update_buttons)
        self.open_button.clicked.connect(self.open_selected_case)
        self.done_button.clicked.connect(lambda: self.close_selected(TaskStatus.DONE))
        self.drop_button.clicked.connect(lambda: self.close_selected(TaskStatus.DROPPED))
        self.search_button.clicked.connect(self.open_search)
        self.attention.case_requested.connect(self.case_requested)
        self.attention.confirmation_requested.connect(self.record_confirmation)

    # -- public ----------------------------------------------------------------------------------

    def set_database(self, db: Database) -> None:
        """Show another database (the main window switched files)."""
        self._db = db
        self._service = TaskService(db)
        self.refresh()

    def refresh(self) -> None:
        """Reload everything: names of the responsible, counts and the first page."""
        self._start_load(with_names=True)

    def reload_tasks(self) -> None:
        """Reload counts and the first page for the current filters."""
        self._filter_timer.stop()
        self._start_load(with_names=False)

    @property
    def is_loading(self) -> bool:
        return self._loading

    def current_filter(self) -> TaskFilter:
        return TaskFilter(
            party_group=self.group_list.chosen_group(),
            responsible=self.responsible_combo.currentData() or None,
            text=self.filter_edit.text(),
            only_overdue=self.overdue_check.isChecked(),
        )

    def selected_task(self) -> TaskRow | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        source = self.proxy.mapToSource(rows[0])
        return self.model.row_at(source.row()) if source.isValid() else None

    # -- loading ---------------------------------------------------------------------------------

    def _start_load(self, *, with_names: bool) -> None:
        # A names load overtaken by a newer filter must not be lost: carry it to the next load.
        self._names_pending = with_names or self._names_pending
        with_names = self._names_pending
        self._generation += 1
        generation = self._generation
        flt = self.current_filter()
        service, today = self._service, self._today

        follow_up = FollowUpService(self._db)

        def work() -> tuple[TaskPage, list[GroupCount], list[str] | None, FollowUpWarnings | None]:
            page = service.page(flt, limit=TaskTableModel.PAGE, today=today)
            counts = service.counts_by_group(today=today, responsible=flt.responsible, text_filter=flt.text)
            names = service.responsible_names() if with_names else None
            warnings = follow_up.warnings(today=today) if with_names else None
            return page, counts, names, warnings

        self._loading = True
        self.status_label.setText(_("Loading…"))
        BackgroundOp(self, work).on_success(lambda result: self._loaded(generation, flt, result)).on_failure(
            lambda exc: self._failed(generation, exc)
        ).run(self._pool)

    def _loaded(self, generation: int, flt: TaskFilter, result: Any) -> None:
        if generation != self._generation:
            return  # a newer filter was chosen meanwhile
        page, counts, names, warnings = result
        service, today = self._service, self._today

        def fetch(after: TaskRow | None, limit: int) -> TaskPage:
            return service.page(flt, after=after, limit=limit, today=today)

        self.model.reset(fetch, page)
        self._counts = counts
        self._show_counts(flt)
        if names is not None:
            self.responsible_combo.fill_names(names)
            self._names_pending = False
        if warnings is not None:
            self.warnings = warnings
            self.attention.show_warnings(warnings)
        self._loading = False
        self._show_empty_state(flt)
        if self.model.rowCount() and not self.table.selectionModel().hasSelection():
            self.table.selectRow(0)
        self.status_label.setText(self._pending_status)
        self._pending_status = ""
        self.loaded.emit()

    def _failed(self, generation: int, exc: object) -> None:
        if generation != self._generation:
            return
        self._loading = False
        message = str(exc) if isinstance(exc, UserError) else _("The tasks could not be loaded.")
        self.status_label.setText(message)
        self.loaded.emit()

    def _show_counts(self, flt: TaskFilter) -> None:
        total = sum(c.open for c in self._counts)
        overdue = sum(c.overdue for c in self._counts)
        self.group_list.show_counts(self._counts, GroupCount("", total, overdue))
        self.summary_label.setText(
            ngettext(
                "{count} open task across all cases",
                "{count} open tasks across all cases",
                total,
            ).format(count=number(total))
            + "  ·  "
            + ngettext("{count} overdue", "{count} overdue", overdue).format(count=number(overdue))
        )

    def record_confirmation(self) -> None:
        """Record the confirmation the selected meeting waits for; a new version of the minutes follows."""
        warning = self.attention.selected_warning()
        if warning is None or warning[0] != "awaiting":
            return
        self.open_later_confirmation(warning[2])
        self.refresh()

    def _open_later_confirmation(self, meeting_id: int) -> None:
        from desktop.ui.minutes.later_confirmation_dialog import LaterConfirmationDialog, version_text

        waiting = next((w for w in self.warnings.awaiting if w.meeting_id == meeting_id), None)
        dialog = LaterConfirmationDialog(
            self._db, meeting_id, self, member_id=waiting.user_member_id if waiting else None
        )
        dialog.recorded.connect(lambda result: setattr(self, "_pending_status", version_text(result)))
        dialog.exec()
        dialog.deleteLater()

    def _show_empty_state(self, flt: TaskFilter) -> None:
        empty = self.model.rowCount() == 0
        if empty:
            filtered = bool(flt.party_group or flt.responsible or flt.text.strip() or flt.only_overdue)
            self.empty_label.setText(
                _("No open tasks match these filters.")
                if filtered
                else _("There are no open tasks. Everything agreed has been followed up.")
            )
        self.empty_label.setVisible(empty)
        self.table.setVisible(not empty)

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self._fit_columns()

    def _fit_columns(self) -> None:
        """The task's own words get the most room; the other columns share the rest."""
        # From the board's own width: the table's viewport is not resized yet at this point.
        width = max(700, self.width() - self.group_list.width() - 60)
        due, case = 105, 95
        rest = width - due - case
        task = int(rest * 0.42)
        others = rest - task
        self.table.setColumnWidth(COL_DUE, due)
        self.table.setColumnWidth(COL_CASE, case)
        self.table.setColumnWidth(COL_RESPONSIBLE, int(others * 0.28))
        self.table.setColumnWidth(COL_PARTY, int(others * 0.30))
        self.table.setColumnWidth(COL_STATUS, int(others * 0.42))

    def _filter_now(self) -> None:
        self.reload_tasks()

    # -- actions ---------------------------------------------------------------------------------

    def _update_buttons(self) -> None:
        has_task = self.selected_task() is not None
        for button in (self.open_button, self.done_button, self.drop_button):
            button.setEnabled(has_task)

    def _activated(self, index: QModelIndex) -> None:
        case_id = self.proxy.data(index, CASE_ROLE)
        if case_id is not None:
            self.case_requested.emit(int(case_id))

    def open_selected_case(self) -> None:
        task = self.selected_task()
        if task is not None:
            self.case_requested.emit(task.case_id)

    def close_selected(self, status: TaskStatus) -> None:
        """Ask for the outcome (window-modal, not blocking), then close the task."""
        task = self.selected_task()
        if task is None:
            return
        dialog = TaskOutcomeDialog(task, status, self)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.accepted.connect(lambda: self._close_task(task, status, dialog.outcome()))
        dialog.finished.connect(lambda _r: dialog.deleteLater())
        self.outcome_dialog = dialog
        dialog.open()

    def _close_task(self, task: TaskRow, status: TaskStatus, outcome: str) -> None:
        try:
            self._service.close_task(task.id, status, outcome)
        except UserError as exc:
            QMessageBox.warning(self, _("The task was not closed"), str(exc))
            return
        row = self.model.row_of(task.id)
        self.model.remove_task(task.id)
        if self.model.rowCount():
            self.table.selectRow(min(max(row, 0), self.model.rowCount() - 1))
        self._counts = self._recount(task)
        self._show_counts(self.current_filter())
        self._show_empty_state(self.current_filter())
        self.status_label.setText(
            _("Marked as done: {task}").format(task=short_text(task.text))
            if status == TaskStatus.DONE
            else _("Ended: {task}").format(task=short_text(task.text))
        )
        self.table.setFocus()
        self.task_closed.emit(task.id)

    def _recount(self, closed: TaskRow) -> list[GroupCount]:
        """Counts after closing one task, without a round trip to the database."""
        return [
            replace(c, open=c.open - 1, overdue=c.overdue - (1 if closed.overdue else 0))
            if c.group == closed.party_group
            else c
            for c in self._counts
        ]

    def open_search(self) -> None:
        from desktop.ui.search_dialog import SearchDialog

        if self.search_dialog is None:
            dialog = SearchDialog(self._db, self)
            dialog.case_requested.connect(self.case_requested)
            self.search_dialog = dialog
        self.search_dialog.show()
        self.search_dialog.raise_()
        self.search_dialog.activateWindow()
