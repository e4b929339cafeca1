"""The agenda editor of a planned meeting.

The agenda is generated from the plan the first time the meeting is opened and saved; the
coordinator then reorders (drag, or Ctrl+Up/Down), adds (Insert), renames (F2), re-times and
removes (Delete) items, each one undoable. "Update from the plan" regenerates without losing
those edits. The notice (PDF + .ics) is written in the background to a chosen folder.

The agenda has sub-items (a goal's measures, the earlier tasks, the checkpoints): an item moves
and is removed with its sub-items; Ctrl+Up/Down move a sub-item among its siblings, and dragging
it between top-level items makes it an item of its own. A move is one undo step that puts the
whole earlier arrangement back (``AgendaService.arrange``).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError
from desktop.i18n import _, format_datetime, ngettext
from desktop.models.enums import MeetingType, label
from desktop.services.meeting.agenda_tree import AgendaEntry, Layout, drop_at, move_by_step
from desktop.ui.background_op import BackgroundOp
from desktop.ui.meeting.agenda_model import AgendaRow, AgendaTableModel
from desktop.ui.meeting.attendance_panel import AttendancePanel
from desktop.ui.meeting.meeting_context import Command, MeetingContext
from desktop.ui.meeting.undo_commands import AddItemCommand, RenameItemCommand, SetMinutesCommand
from desktop.ui.palette import muted_style, warning_style


def _native(keys: str) -> str:
    return QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText)


def rows_from_entries(entries: list[AgendaEntry]) -> list[AgendaRow]:
    return [
        AgendaRow(
            id=e.id or 0,
            kind=e.kind,
            title=e.title,
            planned_minutes=e.planned_minutes,
            is_manual=e.is_manual,
            parent_id=e.parent_id,
        )
        for e in entries
    ]


class ArrangeCommand(Command):
    """A move of an item (with its sub-items): the whole arrangement before and after it."""

    def __init__(self, ctx: MeetingContext, before: Layout, after: Layout) -> None:
        super().__init__(ctx, _("Move agenda item"))
        self._before, self._after = before, after

    def do(self) -> None:
        self._ctx.agenda.arrange(self._ctx.meeting_id, self._after)
        self._ctx.agenda_changed.emit()

    def revert(self) -> None:
        self._ctx.agenda.arrange(self._ctx.meeting_id, self._before)
        self._ctx.agenda_changed.emit()


class RemoveBlockCommand(Command):
    """Remove an item with its sub-items; undo shows exactly those again, where they were."""

    def __init__(self, ctx: MeetingContext, item_id: int, before: Layout) -> None:
        super().__init__(ctx, _("Remove agenda item"))
        self._item_id, self._before = item_id, before
        self._hidden: list[int] = []

    def do(self) -> None:
        self._hidden = self._ctx.agenda.remove_item(self._item_id)
        self._ctx.agenda_changed.emit()

    def revert(self) -> None:
        self._ctx.agenda.restore_items(self._hidden)
        self._ctx.agenda.arrange(self._ctx.meeting_id, self._before)
        self._ctx.agenda_changed.emit()


class AgendaTableView(QTableView):
    """Ctrl+Up/Down move the selected item; Insert asks for a new one; Delete removes it."""

    move_by = Signal(int)
    insert_pressed = Signal()
    delete_pressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        ctrl = event.modifiers() & Qt.KeyboardModifier.ControlModifier
        if ctrl and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self.move_by.emit(-1 if event.key() == Qt.Key.Key_Up else 1)
            return
        if event.key() == Qt.Key.Key_Insert:
            self.insert_pressed.emit()
            return
        if event.key() == Qt.Key.Key_Delete and self.state() != QAbstractItemView.State.EditingState:
            self.delete_pressed.emit()
            return
        super().keyPressEvent(event)


class MeetingPlanner(QWidget):
    start_requested = Signal()
    cancelled = Signal()
    edit_details_requested = Signal()
    notice_written = Signal(object)  # NoticeFiles
    message = Signal(str)

    def __init__(self, ctx: MeetingContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.details_label = QLabel()
        self.details_label.setWordWrap(True)
        self.details_label.setTextFormat(Qt.TextFormat.PlainText)
        self.details_button = QPushButton(_("Change &details…"))
        self.details_button.clicked.connect(self.edit_details_requested)
        top = QHBoxLayout()
        top.addWidget(self.details_label, 1)
        top.addWidget(self.details_button, 0, Qt.AlignmentFlag.AlignTop)
        body = QHBoxLayout()
        body.addWidget(self._build_agenda_box(), 3)
        body.addLayout(self._build_invited_column(), 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(body, 1)
        ctx.agenda_changed.connect(self.reload_agenda)

    def _build_agenda_box(self) -> QGroupBox:
        """The agenda: move and remove buttons, the table, a row to add an item, the total."""
        self._build_table()
        self._build_agenda_buttons()
        add_row = QHBoxLayout()
        add_row.addWidget(self.new_title, 1)
        add_row.addWidget(self.new_minutes)
        add_row.addWidget(self.add_button)
        tools = QHBoxLayout()
        for button in (self.up_button, self.down_button, self.remove_button, self.regenerate_button):
            tools.addWidget(button)
        tools.addStretch()
        agenda_box = QGroupBox(_("Agenda"))
        agenda_layout = QVBoxLayout(agenda_box)
        agenda_layout.addLayout(tools)
        agenda_layout.addWidget(self.table, 1)
        agenda_layout.addLayout(add_row)
        hint = QLabel(
            _(
                "Drag items, or use {move}. F2 renames the selected item; to change its minutes, "
                "double-click them or move to them and press F2."
            ).format(move=_native("Ctrl+Up") + " / " + _native("Ctrl+Down"))
        )
        hint.setStyleSheet(muted_style(size=9))
        hint.setWordWrap(True)
        footer = QHBoxLayout()  # the total under the list: the button row above is full in long languages
        footer.addWidget(hint, 1)
        footer.addWidget(self.total_label, 0, Qt.AlignmentFlag.AlignTop)
        agenda_layout.addLayout(footer)
        return agenda_box

    def _build_table(self) -> None:
        """The agenda table: rows drag within it, F2 edits, Tab leaves it."""
        self.model = AgendaTableModel(self)
        self.table = AgendaTableView()
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move between cells
        self.table.setModel(self.model)
        self.table.setAccessibleName(_("Agenda"))
        self.table.setToolTip(
            _(
                "An item moves and is removed with its sub-items. Drag a sub-item between two items "
                "to make it an item of its own."
            )
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.EditKeyPressed | QAbstractItemView.EditTrigger.DoubleClicked
        )
        self.table.setDragEnabled(True)
        self.table.setAcceptDrops(True)
        self.table.setDropIndicatorShown(True)
        self.table.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.table.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.table.setWordWrap(False)
        self.table.setColumnHidden(AgendaTableModel.ELAPSED, True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(26)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(AgendaTableModel.TITLE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(AgendaTableModel.MINUTES, QHeaderView.ResizeMode.ResizeToContents)
        self.table.move_by.connect(self.move_selected)
        self.table.insert_pressed.connect(self.focus_new_item)
        self.table.delete_pressed.connect(self.remove_selected)
        self.model.rename_requested.connect(self._rename)
        self.model.minutes_requested.connect(self._set_minutes)
        self.model.move_requested.connect(self._move)
        self.model.invalid_edit.connect(self.message)

    def _build_agenda_buttons(self) -> None:
        """The new item's title and minutes, the add, move, remove and update buttons, the total."""
        self.new_title = QLineEdit()
        self.new_title.setPlaceholderText(_("New item (Insert), then Enter"))
        self.new_title.setAccessibleName(_("Title of a new agenda item"))
        self.new_title.setMaxLength(300)
        self.new_minutes = QSpinBox()
        self.new_minutes.setRange(0, 600)
        self.new_minutes.setValue(5)
        self.new_minutes.setSuffix(" " + _("min"))
        self.new_minutes.setAccessibleName(_("Planned minutes of the new item"))
        self.add_button = QPushButton(_("&Add item"))
        self.add_button.clicked.connect(self.add_item)
        self.new_title.returnPressed.connect(self.add_item)
        self.remove_button = QPushButton(_("&Remove"))
        self.remove_button.clicked.connect(self.remove_selected)
        self.up_button = QPushButton(_("Move &up"))
        self.up_button.setToolTip("Ctrl+Up")
        self.up_button.clicked.connect(lambda: self.move_selected(-1))
        self.down_button = QPushButton(_("Move do&wn"))
        self.down_button.setToolTip("Ctrl+Down")
        self.down_button.clicked.connect(lambda: self.move_selected(1))
        self.regenerate_button = QPushButton(_("Update from the &plan"))
        self.regenerate_button.setToolTip(
            _("Adds new tasks and goals from the plan; your own items, names, times and removals stay.")
        )
        self.regenerate_button.clicked.connect(self.regenerate)
        self.total_label = QLabel()
        self.total_label.setObjectName("agendaTotal")

    def _build_invited_column(self) -> QVBoxLayout:
        """Who is invited (apologies are marked here), the notice, cancel and start buttons."""
        self.attendance = AttendancePanel(self._ctx)
        invited_box = QGroupBox(_("Invited"))
        invited_layout = QVBoxLayout(invited_box)
        apologies_hint = QLabel(_("Mark «Sent apologies» (4) for anyone who has said they cannot come."))
        apologies_hint.setWordWrap(True)  # long in some languages and at a large font
        invited_layout.addWidget(apologies_hint)
        invited_layout.addWidget(self.attendance, 1)
        self.notice_button = QPushButton(_("Write &notice (PDF and calendar file)…"))
        self.notice_button.clicked.connect(self.choose_notice_folder)
        self.cancel_button = QPushButton(_("&Cancel the meeting…"))
        self.cancel_button.clicked.connect(self.ask_cancel)
        self.start_button = QPushButton(_("Start &the meeting"))
        self.start_button.setObjectName("primaryButton")
        self.start_button.setMinimumHeight(36)
        self.start_button.setStyleSheet("font-weight: 600;")
        self.start_button.clicked.connect(self.start_requested)
        right = QVBoxLayout()
        right.addWidget(invited_box, 1)
        # Two rows: side by side, «Lag innkalling» and «Avlys møtet» were too wide for 1280×650.
        right.addWidget(self.notice_button)
        start_row = QHBoxLayout()
        start_row.addWidget(self.cancel_button)
        start_row.addWidget(self.start_button, 1)
        right.addLayout(start_row)
        return right

    # -- loading -------------------------------------------------------------------------------
    def load(self) -> None:
        """Save the generated agenda on first open (so edits have rows to work on) and show it."""
        self._ctx.agenda.save_generated(self._ctx.meeting_id)
        self.reload_details()
        self.reload_agenda()
        self.attendance.reload()
        if self.model.rowCount():
            self.table.setCurrentIndex(self.model.index(0, AgendaTableModel.TITLE))

    def reload_details(self) -> None:
        info = self._ctx.meetings.meeting(self._ctx.meeting_id)
        lines = [
            _("{meeting_type} · {start} · {minutes} min").format(
                meeting_type=label(MeetingType(info.type)),
                start=format_datetime(info.start),
                minutes=info.duration_minutes,
            )
        ]
        if info.place:
            lines.append(_("Place: {place}").format(place=info.place))
        if info.video_note:
            lines.append(_("Video or phone: {note}").format(note=info.video_note))
        if info.facilitator_name:
            lines.append(_("Chair: {name}").format(name=info.facilitator_name))
        self.details_label.setText("\n".join(lines))
        self._duration = info.duration_minutes

    def reload_agenda(self) -> None:
        selected = self.selected_id()
        self.model.set_rows(rows_from_entries(self._ctx.agenda.agenda(self._ctx.meeting_id)))
        if selected is not None and (row := self.model.row_of(selected)) >= 0:
            self.table.setCurrentIndex(self.model.index(row, AgendaTableModel.TITLE))
        total = self.model.total_minutes()
        duration = getattr(self, "_duration", 0)
        text = _("Total: {total} of {duration} min").format(total=total, duration=duration)
        if duration and total > duration:
            text = _("Total: {total} of {duration} min — {over} min too much").format(
                total=total, duration=duration, over=total - duration
            )
            self.total_label.setStyleSheet(warning_style(bold=True))
        else:
            self.total_label.setStyleSheet("")
        self.total_label.setText(text)

    # -- edits -----------------------------------------------------------------------------------
    def selected_row(self) -> int:
        return self.table.currentIndex().row()

    def selected_id(self) -> int | None:
        row = self.selected_row()
        rows = self.model.rows()
        return rows[row].id if 0 <= row < len(rows) else None

    def _layout(self) -> Layout:
        return [(r.id, r.parent_id) for r in self.model.rows()]

    def move_selected(self, step: int) -> None:
        item_id = self.selected_id()
        if item_id is None:
            return
        before = self._layout()
        after = move_by_step(before, item_id, step)
        if after is not None:
            self._arrange(item_id, before, after)

    def _move(self, source: int, drop_row: int) -> None:
        """A drop: ``drop_row`` is the row the item was dropped before (see the model)."""
        rows = self.model.rows()
        if not 0 <= source < len(rows):
            return
        before = self._layout()
        after = drop_at(before, rows[source].id, drop_row)
        if after is not None:
            self._arrange(rows[source].id, before, after)

    def _arrange(self, item_id: int, before: Layout, after: Layout) -> None:
        self._ctx.push(ArrangeCommand(self._ctx, before, after))
        if (row := self.model.row_of(item_id)) >= 0:
            self.table.setCurrentIndex(self.model.index(row, AgendaTableModel.TITLE))

    def _rename(self, item_id: int, old: str, new: str) -> None:
        self._ctx.push(RenameItemCommand(self._ctx, item_id, old, new))

    def _set_minutes(self, item_id: int, old: int, new: int) -> None:
        self._ctx.push(SetMinutesCommand(self._ctx, item_id, old, new))

    def focus_new_item(self) -> None:
        self.new_title.setFocus()
        self.new_title.selectAll()

    def add_item(self) -> None:
        title = self.new_title.text()
        if not title.strip():
            self._ctx.error.emit(_("An agenda item needs a title."))
            self.new_title.setFocus()
            return
        row = self.selected_row()
        command = AddItemCommand(self._ctx, title, self.new_minutes.value(), row if row >= 0 else None)
        if self._ctx.push(command):
            self.new_title.clear()
            if command.item_id is not None and (new_row := self.model.row_of(command.item_id)) >= 0:
                self.table.setCurrentIndex(self.model.index(new_row, AgendaTableModel.TITLE))
            self.table.setFocus()

    def remove_selected(self) -> None:
        row = self.selected_row()
        item_id = self.selected_id()
        if item_id is None:
            return
        self._ctx.push(RemoveBlockCommand(self._ctx, item_id, self._layout()))
        if self.model.rowCount():
            self.table.setCurrentIndex(
                self.model.index(min(row, self.model.rowCount() - 1), AgendaTableModel.TITLE)
            )

    def regenerate(self) -> None:
        self._ctx.agenda.regenerate(self._ctx.meeting_id)
        self.reload_agenda()
        self.message.emit(_("The agenda is up to date with the plan. Your own changes are kept."))

    def ask_cancel(self) -> None:
        reason, ok = QInputDialog.getText(
            self,
            _("Cancel the meeting"),
            _("Why is the meeting cancelled? (The reason is kept with the meeting.)"),
        )
        if ok:
            self.cancel_meeting(reason)

    def cancel_meeting(self, reason: str) -> bool:
        try:
            self._ctx.meetings.cancel_meeting(self._ctx.meeting_id, reason)
        except UserError as exc:
            self._ctx.error.emit(str(exc))
            return False
        self.cancelled.emit()
        return True

    # -- notice ----------------------------------------------------------------------------------
    def choose_notice_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, _("Choose a folder for the notice"), str(Path.home()))
        if folder:
            self.write_notice_to(Path(folder))

    def write_notice_to(self, folder: Path) -> None:
        from desktop.services.meeting.notice import write_notice

        db, meeting_id = self._ctx.db, self._ctx.meeting_id
        self.notice_button.setEnabled(False)
        self.message.emit(_("Writing the notice…"))
        BackgroundOp(self, lambda: write_notice(db, meeting_id, folder)).on_success(
            self._notice_done
        ).on_failure(self._notice_failed).run()

    def _notice_done(self, files: object) -> None:
        self.notice_button.setEnabled(True)
        pdf = getattr(files, "pdf", None)
        withheld = int(getattr(files, "withheld", 0))
        name = pdf.name if isinstance(pdf, Path) else ""
        if withheld:
            text = ngettext(
                "The notice is saved as {file}, with a calendar file beside it. {n} invited person is "
                "left off the notice: the user has not agreed that they receive it.",
                "The notice is saved as {file}, with a calendar file beside it. {n} invited people are "
                "left off the notice: the user has not agreed that they receive it.",
                withheld,
            ).format(file=name, n=withheld)
        else:
            text = _("The notice is saved as {file}, with a calendar file beside it.").format(file=name)
        self.message.emit(text)
        self.reload_details()
        self.notice_written.emit(files)

    def _notice_failed(self, exc: object) -> None:
        self.notice_button.setEnabled(True)
        self._ctx.error.emit(str(exc))

    def current_index(self) -> QModelIndex:
        return self.table.currentIndex()
