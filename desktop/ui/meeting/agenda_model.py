"""The agenda as a table model: number and title, planned minutes, time used.

Edits (rename, minutes, drag-and-drop moves) are not applied here: the model emits a request and
the screen pushes an undo command, which writes through the service and reloads the model.

The agenda is hierarchical (``desktop/services/meeting/agenda.py``): rows come in tree order, a sub-item
carries its parent's id, is numbered within it («4.2») and is indented. A top-level item with
sub-items shows the minutes of the whole block («14 i alt»: its own plus its sub-items'); time
used is counted per top-level item.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from PySide6.QtCore import (
    QAbstractTableModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont, QGuiApplication, QPixmap

from desktop.i18n import _
from desktop.models.enums import AgendaKind
from desktop.ui.palette import BG_CURRENT, TEXT_MUTED, TEXT_WARNING

ID_ROLE = Qt.ItemDataRole.UserRole + 1
KIND_ROLE = Qt.ItemDataRole.UserRole + 2
PARENT_ROLE = Qt.ItemDataRole.UserRole + 3  # the parent's id, or None at the top level
# A sub-item is indented by a transparent decoration, one pixel high so that it does not make the
# row taller: all lines of a wrapped title start there, not only the first.
SUB_ITEM_INDENT_PX = 22
GROUP_KINDS = frozenset({AgendaKind.FOLLOW_UPS.value, AgendaKind.CHECKPOINTS.value})
MIME_TYPE = "application/x-ansvarsgruppe-agenda-row"
MAX_MINUTES = 600

CURRENT_BACKGROUND = BG_CURRENT
OVERRUN_FOREGROUND = TEXT_WARNING
DONE_FOREGROUND = TEXT_MUTED  # 4.5:1 also on the current row's blue (WCAG AA)


@dataclass(frozen=True)
class AgendaRow:
    id: int
    kind: str
    title: str
    planned_minutes: int
    elapsed_seconds: int = 0
    is_done: bool = False
    is_manual: bool = False
    parent_id: int | None = None

    @property
    def is_sub_item(self) -> bool:
        return self.parent_id is not None


Index = QModelIndex | QPersistentModelIndex


class AgendaTableModel(QAbstractTableModel):
    TITLE, MINUTES, ELAPSED = range(3)

    rename_requested = Signal(int, str, str)  # item id, old, new
    minutes_requested = Signal(int, int, int)  # item id, old, new
    move_requested = Signal(int, int)  # the dragged row, the row it is dropped before (rows = the end)
    invalid_edit = Signal(str)

    def __init__(self, parent: QObject | None = None, *, editable: bool = True) -> None:
        super().__init__(parent)
        self._rows: list[AgendaRow] = []
        self._numbers: list[str] = []
        self._block_minutes: list[int] = []
        self._has_children: set[int] = set()
        self._editable = editable
        self.current_row = -1
        self._indent: QPixmap | None = None  # made on first use: a pixmap needs a QGuiApplication

    # -- contents ----------------------------------------------------------------------------
    def set_rows(self, rows: list[AgendaRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._number_rows()
        if self.current_row >= len(self._rows):
            self.current_row = len(self._rows) - 1
        self.endResetModel()

    def _number_rows(self) -> None:
        from desktop.services.meeting.agenda_tree import item_numbers  # the data layer loads after the window

        self._numbers = item_numbers(self._rows)
        self._has_children = {r.parent_id for r in self._rows if r.parent_id is not None}
        self._block_minutes = [self.block_minutes(i) for i in range(len(self._rows))]

    def rows(self) -> list[AgendaRow]:
        return list(self._rows)

    def number(self, row: int) -> str:
        """The item's number as shown: «4» for a top-level item, «4.2» for its second sub-item."""
        return self._numbers[row] if 0 <= row < len(self._numbers) else ""

    def top_row(self, row: int) -> int:
        """The row of the top-level item that ``row`` belongs to (``row`` itself at the top level)."""
        while 0 < row < len(self._rows) and self._rows[row].is_sub_item:
            row -= 1
        return row

    def block_end(self, row: int) -> int:
        """One past the last sub-item of the top-level item at ``top_row(row)``."""
        end = self.top_row(row) + 1
        while end < len(self._rows) and self._rows[end].is_sub_item:
            end += 1
        return end

    def block_minutes(self, row: int) -> int:
        """Planned minutes of the top-level item of ``row`` with its sub-items: its clock's time."""
        if not 0 <= row < len(self._rows):
            return 0
        return sum(r.planned_minutes for r in self._rows[self.top_row(row) : self.block_end(row)])

    def top_level_rows(self) -> list[int]:
        return [i for i, r in enumerate(self._rows) if not r.is_sub_item]

    def row_of(self, item_id: int) -> int:
        return next((i for i, r in enumerate(self._rows) if r.id == item_id), -1)

    def set_current(self, row: int) -> None:
        old = self.current_row
        self.current_row = row
        for r in {old, row}:
            if 0 <= r < len(self._rows):
                self.dataChanged.emit(self.index(r, 0), self.index(r, self.columnCount() - 1))

    def set_elapsed(self, row: int, seconds: int) -> None:
        if 0 <= row < len(self._rows):
            self._rows[row] = replace(self._rows[row], elapsed_seconds=seconds)
            self.dataChanged.emit(self.index(row, self.ELAPSED), self.index(row, self.ELAPSED))

    def total_minutes(self) -> int:
        return sum(r.planned_minutes for r in self._rows)

    def _indent_pixmap(self) -> QPixmap | QColor:
        if self._indent is None:
            if QGuiApplication.instance() is None:
                return QColor(0, 0, 0, 0)
            self._indent = QPixmap(SUB_ITEM_INDENT_PX, 1)
            self._indent.fill(QColor(0, 0, 0, 0))
        return self._indent

    # -- Qt model API ---------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else 3

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        return (_("Item"), _("Min."), _("Used"))[section]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, column = self._rows[index.row()], index.column()
        is_parent = row.id in self._has_children
        planned = self._block_minutes[index.row()] if is_parent else row.planned_minutes
        over = row.elapsed_seconds > planned * 60
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.TITLE:
                mark = "✓ " if row.is_done else ""
                return f"{self._numbers[index.row()]}. {mark}{row.title}"
            if column == self.MINUTES:
                return (
                    _("{minutes} in all").format(minutes=planned) if is_parent else str(row.planned_minutes)
                )
            return _format_seconds(row.elapsed_seconds) if row.elapsed_seconds else ""
        if role == Qt.ItemDataRole.DecorationRole and column == self.TITLE and row.is_sub_item:
            return self._indent_pixmap()
        if role == Qt.ItemDataRole.EditRole:
            return (
                row.title if column == self.TITLE else row.planned_minutes if column == self.MINUTES else None
            )
        if role == Qt.ItemDataRole.ToolTipRole and column == self.TITLE:
            return row.title
        if role == Qt.ItemDataRole.ToolTipRole and column == self.MINUTES and is_parent:
            return _("{total} min in all: {own} for the item itself, {sub} for its sub-items").format(
                total=planned, own=row.planned_minutes, sub=planned - row.planned_minutes
            )
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self.data(index, Qt.ItemDataRole.DisplayRole)
        if role == Qt.ItemDataRole.TextAlignmentRole and column != self.TITLE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole and index.row() == self.current_row:
            return QBrush(QColor(CURRENT_BACKGROUND))
        if role == Qt.ItemDataRole.FontRole and index.row() == self.current_row:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == self.ELAPSED and over:
                return QBrush(QColor(OVERRUN_FOREGROUND))
            if row.is_done and index.row() != self.current_row:
                return QBrush(QColor(DONE_FOREGROUND))
        if role == ID_ROLE:
            return row.id
        if role == KIND_ROLE:
            return row.kind
        if role == PARENT_ROLE:
            return row.parent_id
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if not index.isValid():
            return base | Qt.ItemFlag.ItemIsDropEnabled if self._editable else base
        if self._editable:
            base |= Qt.ItemFlag.ItemIsDragEnabled | Qt.ItemFlag.ItemIsDropEnabled
            is_group = self._rows[index.row()].kind in GROUP_KINDS  # its time is its sub-items'
            if index.column() == self.TITLE or (index.column() == self.MINUTES and not is_group):
                base |= Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: Index, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or not self._editable:
            return False
        row = self._rows[index.row()]
        if index.column() == self.TITLE:
            text = " ".join(str(value).split())
            if not text:
                self.invalid_edit.emit(_("An agenda item needs a title."))
                return False
            if text != row.title:
                self.rename_requested.emit(row.id, row.title, text)
            return True
        if index.column() == self.MINUTES:
            try:
                minutes = int(str(value).strip())
            except ValueError:
                self.invalid_edit.emit(_("Write the planned minutes as a whole number."))
                return False
            if not 0 <= minutes <= MAX_MINUTES:
                self.invalid_edit.emit(
                    _("Planned minutes must be between 0 and {max}.").format(max=MAX_MINUTES)
                )
                return False
            if minutes != row.planned_minutes:
                self.minutes_requested.emit(row.id, row.planned_minutes, minutes)
            return True
        return False

    # -- drag and drop ---------------------------------------------------------------------------
    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [MIME_TYPE]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        data = QMimeData()
        rows = sorted({i.row() for i in indexes if i.isValid()})
        if rows:
            data.setData(MIME_TYPE, QByteArray(str(rows[0]).encode()))
        return data

    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        return self._editable and data.hasFormat(MIME_TYPE)

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        """Ask for a move; return False so that the view removes nothing itself.

        The request names the row dropped *before* (as the list is shown now); the screen works out
        where the item and its sub-items go (``desktop.services.meeting.agenda.drop_at``).
        """
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        source = int(bytes(data.data(MIME_TYPE).data()).decode() or -1)
        target = row if row >= 0 else parent.row() if parent.isValid() else len(self._rows)
        if 0 <= source < len(self._rows) and target not in (source, source + 1):
            self.move_requested.emit(source, max(0, min(target, len(self._rows))))
        return False


def _format_seconds(seconds: int) -> str:
    minutes, secs = divmod(max(0, seconds), 60)
    return f"{minutes}:{secs:02d}"
