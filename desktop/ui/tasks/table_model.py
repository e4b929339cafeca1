"""Open tasks as a lazily paged table model (STYLE.md §7).

Rows arrive a page at a time through ``canFetchMore``/``fetchMore``; the next page continues
after the last row held (keyset paging), so the hundredth page is as cheap as the first. The
service decides the order (overdue first, then by due date), so the view does not sort.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor

from desktop import clock
from desktop.i18n import N_, _, format_date, ngettext
from desktop.models.enums import PartyType, TaskStatus, label
from desktop.services.tasks.board import TaskPage, TaskRow
from desktop.ui.list_table_model import ListTableModel
from desktop.ui.palette import BG_ERROR_SOFT, TEXT_ERROR

SORT_ROLE = Qt.ItemDataRole.UserRole
ID_ROLE = Qt.ItemDataRole.UserRole + 1
CASE_ROLE = Qt.ItemDataRole.UserRole + 2
OVERDUE_ROLE = Qt.ItemDataRole.UserRole + 3

COLUMNS = (N_("Due"), N_("Task"), N_("Responsible"), N_("Party"), N_("Case"), N_("Status"))
COL_DUE, COL_TEXT, COL_RESPONSIBLE, COL_PARTY, COL_CASE, COL_STATUS = range(len(COLUMNS))

OVERDUE_TEXT = QColor(TEXT_ERROR)
OVERDUE_BACKGROUND = QColor(BG_ERROR_SOFT)

#: ``fetch(after, limit)``: the next rows after ``after`` (None for the first page).
PageFetcher = Callable[[TaskRow | None, int], TaskPage]


class TaskTableModel(ListTableModel):
    COLUMNS = COLUMNS
    PAGE = 200

    def __init__(
        self, fetch: PageFetcher | None = None, parent: Any = None, *, today: date | None = None
    ) -> None:
        super().__init__(parent)
        self._fetch: PageFetcher | None = fetch
        self._rows: list[TaskRow] = []
        self._exhausted = fetch is None
        self._fetching = False
        self._today = today

    # -- loading ---------------------------------------------------------------------------------

    def reset(self, fetch: PageFetcher | None, first_page: TaskPage | None = None) -> None:
        """Start over with a new query; ``first_page`` may already have been loaded off-thread."""
        self.beginResetModel()
        self._fetch = fetch
        self._rows = list(first_page.rows) if first_page is not None else []
        self._exhausted = fetch is None or (first_page is not None and not first_page.has_more)
        self.endResetModel()

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> None:
        if not self.canFetchMore(parent) or self._fetching or self._fetch is None:
            return  # re-entered from the row signals (the model tester does this): ignore
        self._fetching = True
        try:
            page = self._fetch(self._rows[-1] if self._rows else None, self.PAGE)
            self._exhausted = not page.has_more
            if page.rows:
                first = len(self._rows)
                self.beginInsertRows(QModelIndex(), first, first + len(page.rows) - 1)
                self._rows.extend(page.rows)
                self.endInsertRows()
        finally:
            self._fetching = False

    # -- editing ---------------------------------------------------------------------------------

    def remove_task(self, task_id: int) -> bool:
        """Take a closed task off the list; return whether it was there."""
        for row, task in enumerate(self._rows):
            if task.id == task_id:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._rows[row]
                self.endRemoveRows()
                return True
        return False

    def row_of(self, task_id: int) -> int:
        return self.row_of_id(task_id)

    # -- Qt model --------------------------------------------------------------------------------

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        task = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(task, column)
        if role == SORT_ROLE:
            return self._sort_value(task, column)
        if role == ID_ROLE:
            return task.id
        if role == CASE_ROLE:
            return task.case_id
        if role == OVERDUE_ROLE:
            return task.overdue
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == COL_DUE and task.overdue and task.due is not None:
                days = (self._today_or_now() - task.due).days
                return ngettext("Overdue by {count} day", "Overdue by {count} days", days).format(count=days)
            if column == COL_TEXT:
                return task.text
            if column in (COL_STATUS, COL_PARTY, COL_CASE):
                return self._display(task, column)  # the full text when the column is narrow
            if column == COL_RESPONSIBLE:
                return task.responsible or _("No person is named; the party is responsible.")
            return None
        if task.overdue:
            if role == Qt.ItemDataRole.ForegroundRole and column in (COL_DUE, COL_STATUS):
                return QBrush(OVERDUE_TEXT)
            if role == Qt.ItemDataRole.BackgroundRole:
                return QBrush(OVERDUE_BACKGROUND)
            # No FontRole: PySide6 6.12 loses a reference to None for every QFont returned from
            # data() (found with sys.getrefcount); colour and the word «Overdue» carry the mark.
        if role == Qt.ItemDataRole.AccessibleTextRole and column == COL_DUE and task.overdue:
            return _("{date}, overdue").format(date=format_date(task.due))
        return None

    def _today_or_now(self) -> date:
        return self._today or clock.today()

    @staticmethod
    def _display(task: TaskRow, column: int) -> str:
        if column == COL_DUE:
            return format_date(task.due) if task.due is not None else _("No due date")
        if column == COL_TEXT:
            return " ".join(task.text.split())
        if column == COL_RESPONSIBLE:
            return task.responsible or "—"
        if column == COL_PARTY:
            return label(PartyType(task.party))
        if column == COL_CASE:
            return task.case_reference
        if column == COL_STATUS:
            status = label(TaskStatus(task.status))
            return _("Overdue · {status}").format(status=status) if task.overdue else status
        return ""

    @staticmethod
    def _sort_value(task: TaskRow, column: int) -> Any:
        if column == COL_DUE:
            return task.due.isoformat() if task.due else "9999-12-31"
        return TaskTableModel._display(task, column).casefold()


class TaskProxyModel(QSortFilterProxyModel):
    """Sorts on raw values (SORT_ROLE) when the user asks; filtering happens in the service,
    because only the service sees the rows that are not loaded yet."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setDynamicSortFilter(False)
