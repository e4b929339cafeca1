"""Attendance per invited member: present / remote / partly / sent apologies / did not attend,
how they took part, and whether they left early. Quick keys on the selected row: 1–5 set the
status, 0 clears it, M changes how they took part (in the room, video, phone, written input; for
someone absent or excused: written input or not), L marks "left early"."""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractTableModel,
    QIdentityProxyModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from desktop.i18n import _
from desktop.models.enums import AttendanceStatus, ParticipationMode, PartyType, label
from desktop.services.meeting.attendance import AttendanceRow
from desktop.ui.meeting.meeting_context import MeetingContext
from desktop.ui.meeting.undo_commands import AttendanceValue, SetAttendanceCommand
from desktop.ui.palette import (
    TEXT_DIMMED,
    TEXT_ERROR,
    TEXT_INFO,
    TEXT_MUTED,
    TEXT_PENDING,
    TEXT_SUCCESS,
    muted_style,
)

STATUS_KEYS: dict[int, AttendanceStatus] = {
    Qt.Key.Key_1: AttendanceStatus.PRESENT,
    Qt.Key.Key_2: AttendanceStatus.REMOTE,
    Qt.Key.Key_3: AttendanceStatus.PARTIAL,
    Qt.Key.Key_4: AttendanceStatus.EXCUSED,
    Qt.Key.Key_5: AttendanceStatus.ABSENT,
}
MODES = (
    ParticipationMode.IN_PERSON,
    ParticipationMode.VIDEO,
    ParticipationMode.PHONE,
    ParticipationMode.WRITTEN,
)
NOT_THERE = (AttendanceStatus.EXCUSED.value, AttendanceStatus.ABSENT.value)
STATUS_COLOURS = {
    AttendanceStatus.PRESENT.value: TEXT_SUCCESS,
    AttendanceStatus.REMOTE.value: TEXT_INFO,
    AttendanceStatus.PARTIAL.value: TEXT_PENDING,
    AttendanceStatus.EXCUSED.value: TEXT_DIMMED,
    AttendanceStatus.ABSENT.value: TEXT_ERROR,
}
MEMBER_ROLE = Qt.ItemDataRole.UserRole + 1
SUMMARY_ROLE = Qt.ItemDataRole.UserRole + 2


class _SummaryColumns(QIdentityProxyModel):
    """Two columns for the narrow side panel: «Name» (with party) and «Attendance» (with how and
    whether they left early), so that nothing is cut at 1366×768."""

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            value = super().data(index, SUMMARY_ROLE)
            if value is not None:
                return value
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == AttendanceTableModel.NAME:
            return super().data(index, SUMMARY_ROLE)
        return super().data(index, role)


Index = QModelIndex | QPersistentModelIndex


class AttendanceTableModel(QAbstractTableModel):
    NAME, PARTY, STATUS, MODE, LEFT_EARLY = range(5)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[AttendanceRow] = []

    def set_rows(self, rows: list[AttendanceRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> AttendanceRow:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else 5

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        return (_("Name"), _("Party"), _("Attendance"), _("How"), _("Left early"))[section]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, column = self._rows[index.row()], index.column()
        if role == SUMMARY_ROLE:  # the narrow panel: name with party, attendance with how and left early
            if column == self.NAME:
                return f"{row.name}\n{label(PartyType(row.party))}"
            if column == self.STATUS:
                return self.status_text(row)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if column == self.NAME:
                return row.name
            if column == self.PARTY:
                return label(PartyType(row.party))
            if column == self.STATUS:
                return label(AttendanceStatus(row.status)) if row.status else _("Not marked")
            if column == self.MODE:
                return label(ParticipationMode(row.mode)) if row.mode else ""
            return _("Yes") if row.left_early else ""
        if role == Qt.ItemDataRole.ForegroundRole and column == self.STATUS:
            return QBrush(QColor(STATUS_COLOURS.get(row.status or "", TEXT_MUTED)))
        if role == Qt.ItemDataRole.ToolTipRole and column == self.STATUS:
            return _("1 present · 2 remote · 3 partly · 4 sent apologies · 5 did not attend · 0 clear")
        if role == MEMBER_ROLE:
            return row.member_id
        return None

    @staticmethod
    def status_text(row: AttendanceRow) -> str:
        if not row.status:
            return _("Not marked")
        parts = [label(AttendanceStatus(row.status))]
        if row.mode:
            parts.append(label(ParticipationMode(row.mode)).lower())
        if row.left_early:
            parts.append(_("left early"))
        return "\n".join(parts)

    def counts(self) -> tuple[int, int]:
        present = sum(
            1
            for r in self._rows
            if r.status
            in (AttendanceStatus.PRESENT.value, AttendanceStatus.REMOTE.value, AttendanceStatus.PARTIAL.value)
        )
        return present, len(self._rows)


class AttendanceTable(QTableView):
    """The table with its quick keys; edits go through the context's undo stack."""

    def __init__(self, panel: AttendancePanel) -> None:
        super().__init__(panel)
        self._panel = panel

    def keyPressEvent(self, event: QKeyEvent) -> None:
        row = self.currentIndex().row()
        key = event.key()
        if row >= 0 and event.modifiers() in (
            Qt.KeyboardModifier.NoModifier,
            Qt.KeyboardModifier.KeypadModifier,
        ):
            if key in STATUS_KEYS:
                self._panel.set_status(row, STATUS_KEYS[Qt.Key(key)])
                return
            if key == Qt.Key.Key_0:
                self._panel.set_status(row, None)
                return
            if key == Qt.Key.Key_M:
                self._panel.cycle_mode(row)
                return
            if key == Qt.Key.Key_L:
                self._panel.toggle_left_early(row)
                return
        super().keyPressEvent(event)


class AttendancePanel(QWidget):
    def __init__(self, ctx: MeetingContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.model = AttendanceTableModel(self)
        self.table = AttendanceTable(self)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move between cells
        self.view_model = _SummaryColumns(self)
        self.view_model.setSourceModel(self.model)
        self.table.setModel(self.view_model)
        for column in (
            AttendanceTableModel.PARTY,
            AttendanceTableModel.MODE,
            AttendanceTableModel.LEFT_EARLY,
        ):
            self.table.setColumnHidden(column, True)
        self.table.setAccessibleName(_("Attendance"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(True)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(AttendanceTableModel.NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(AttendanceTableModel.STATUS, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.summary = QLabel()
        self.summary.setObjectName("attendanceSummary")
        hint = QLabel(
            _(
                "Keys: 1 present · 2 remote · 3 partly · 4 sent apologies · 5 did not attend · 0 clear · "
                "M how (in the room, video, phone, written input) · L left early"
            )
        )
        hint.setWordWrap(True)
        hint.setStyleSheet(muted_style(size=9))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(hint)
        ctx.attendance_changed.connect(self.reload)

    def reload(self) -> None:
        current = self.table.currentIndex()
        row, column = current.row(), max(0, current.column())
        self.model.set_rows(self._ctx.attendance.attendance(self._ctx.meeting_id))
        if self.model.rowCount():
            if column not in (AttendanceTableModel.NAME, AttendanceTableModel.STATUS):
                column = AttendanceTableModel.NAME
            self.table.setCurrentIndex(
                self.view_model.index(max(0, min(row, self.model.rowCount() - 1)), column)
            )
        present, invited = self.model.counts()
        self.summary.setText(_("{present} of {invited} taking part").format(present=present, invited=invited))

    def _value(self, row: AttendanceRow) -> AttendanceValue:
        return AttendanceValue(
            AttendanceStatus(row.status) if row.status else None,
            ParticipationMode(row.mode) if row.mode else None,
            row.left_early,
        )

    def _push(self, row: int, new: AttendanceValue) -> None:
        current = self.model.row_at(row)
        old = self._value(current)
        if old != new:
            self._ctx.push(SetAttendanceCommand(self._ctx, current.member_id, old, new))

    def set_status(self, row: int, status: AttendanceStatus | None) -> None:
        current = self.model.row_at(row)
        keep_mode = (
            current.mode
            if status in (AttendanceStatus.PRESENT, AttendanceStatus.REMOTE, AttendanceStatus.PARTIAL)
            or (status is not None and current.mode == ParticipationMode.WRITTEN.value)
            else None
        )
        mode = ParticipationMode(keep_mode) if keep_mode else None
        if status == AttendanceStatus.REMOTE and mode == ParticipationMode.IN_PERSON:
            mode = ParticipationMode.VIDEO
        if status == AttendanceStatus.PRESENT and mode in (
            ParticipationMode.VIDEO,
            ParticipationMode.PHONE,
            ParticipationMode.WRITTEN,
        ):
            mode = ParticipationMode.IN_PERSON
        self._push(row, AttendanceValue(status, mode, current.left_early and status is not None))

    def cycle_mode(self, row: int) -> None:
        current = self.model.row_at(row)
        if current.status in NOT_THERE:  # not there, but may have sent written input
            written = None if current.mode == ParticipationMode.WRITTEN.value else ParticipationMode.WRITTEN
            self._push(row, AttendanceValue(AttendanceStatus(current.status), written, False))
            return
        if current.status not in (
            AttendanceStatus.PRESENT.value,
            AttendanceStatus.REMOTE.value,
            AttendanceStatus.PARTIAL.value,
        ):
            return
        mode = ParticipationMode(current.mode) if current.mode else MODES[-1]
        next_mode = MODES[(MODES.index(mode) + 1) % len(MODES)] if mode in MODES else MODES[0]
        status = AttendanceStatus(current.status)
        if status == AttendanceStatus.PRESENT and next_mode != ParticipationMode.IN_PERSON:
            status = AttendanceStatus.REMOTE
        elif status == AttendanceStatus.REMOTE and next_mode == ParticipationMode.IN_PERSON:
            status = AttendanceStatus.PRESENT
        self._push(row, AttendanceValue(status, next_mode, current.left_early))

    def toggle_left_early(self, row: int) -> None:
        current = self.model.row_at(row)
        if current.status not in (
            AttendanceStatus.PRESENT.value,
            AttendanceStatus.REMOTE.value,
            AttendanceStatus.PARTIAL.value,
        ):
            return
        self._push(
            row,
            AttendanceValue(
                AttendanceStatus(current.status),
                ParticipationMode(current.mode) if current.mode else None,
                not current.left_early,
            ),
        )
