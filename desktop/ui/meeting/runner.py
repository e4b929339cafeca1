"""Running the meeting, item by item, from the keyboard.

The runner coordinates its parts: the agenda and attendance on the left; the current item with
its clock (``item_clock.py``); the panel of what the item asks (``runner_context.py``); the notes
with their autosave (``notes_pane.py``); the agreements (``agreements_box.py``) and the new tasks
(``new_task_form.py``). Every edit is an undoable command on the meeting's stack.

The agenda has sub-items (issue 17): Ctrl+PgDown / Ctrl+PgUp go from top-level item to top-level
item, Alt+PgDown / Alt+PgUp through every item one by one, sub-items included. Notes, agreements,
tasks and a follow-up's answer are written on the sub-item itself.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop import clock
from desktop.i18n import _
from desktop.models.enums import AgendaKind, CheckpointStatus, MeetingStatus, label
from desktop.services.meeting.capture import ItemState, MeetingCapture
from desktop.services.meeting.planning import MeetingInfo
from desktop.ui.font_size import pt
from desktop.ui.meeting.agenda_model import AgendaRow, AgendaTableModel
from desktop.ui.meeting.agreements_box import AgreementsBox
from desktop.ui.meeting.attendance_panel import AttendancePanel
from desktop.ui.meeting.item_clock import PAUSE_KEYS, ItemClock
from desktop.ui.meeting.meeting_context import MeetingContext
from desktop.ui.meeting.new_task_form import NewTaskForm
from desktop.ui.meeting.notes_pane import NotesPane
from desktop.ui.meeting.ratings_panel import RATINGS_TAB_TITLE, RatingsPanel
from desktop.ui.meeting.room_view import ROOM_ACTION_KEYS, ROOM_NOTICE_RESTRICTED, RoomView
from desktop.ui.meeting.runner_context import ItemContextBox, sub_item_progress
from desktop.ui.meeting.runner_widgets import (
    NEXT_SUB_ITEM_KEYS,
    PREVIOUS_SUB_ITEM_KEYS,
    UndoKeysToStack,
    native_keys,
)
from desktop.ui.palette import muted_style


def held_on(info: MeetingInfo) -> date:
    """The day the meeting is actually held: when it was started, else today (never the planned day
    of a meeting started early or late); due dates and the next meeting count from it."""
    if info.started_at is not None:
        return info.started_at.date()
    return clock.today()


def _side_title(item: ItemState) -> str:
    """The title in the side agenda: a checkpoint says how far it has come, so that the checklist
    shows at a glance what is ticked off."""
    if item.kind == AgendaKind.CHECKPOINT.value and item.checkpoint_status:
        status = label(CheckpointStatus(item.checkpoint_status))
        return _("{title} — {status}").format(title=item.title, status=status)
    return item.title


def _keys_help() -> str:
    return _(
        "{notes} notes · {words} own words · {agreed} agreed · {task} task · "
        "{follow_up} follow-up · {next} next item · {sub} next sub-item · {pause} pause"
    ).format(
        notes=native_keys("Ctrl+1"),
        words=native_keys("Ctrl+2"),
        agreed=native_keys("Ctrl+D"),
        task=native_keys("Ctrl+T"),
        follow_up=native_keys("Ctrl+3"),
        next=native_keys("Ctrl+PgDown"),
        sub=native_keys(NEXT_SUB_ITEM_KEYS),
        pause=native_keys(PAUSE_KEYS),
    )


class MeetingRunner(QWidget):
    """Where the meeting is (the current row of the agenda) and what its parts show of it."""

    review_requested = Signal()
    message = Signal(str)
    item_changed = Signal()  # moving on clears messages about the previous item

    def __init__(self, ctx: MeetingContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._capture: MeetingCapture | None = None
        self._row = -1
        self._parents: dict[int, int | None] = {}  # item id -> its top-level item's id, or None
        self._undo_filter = UndoKeysToStack(self)
        self.room_view: RoomView | None = None  # the shared screen, opened with toggle_room_view()
        self._build_side_tabs()
        self.item_clock = ItemClock(ctx, self.agenda_model, self)
        self.context = ItemContextBox(ctx, self._undo_filter, self)
        self.context.message.connect(self.message)
        self.notes_pane = NotesPane(ctx, self._undo_filter, self)
        self.agreements = AgreementsBox(ctx, self._undo_filter, self)
        self.task_form = NewTaskForm(ctx, self._undo_filter, self)
        self._lay_out()
        self._add_sub_item_actions()
        ctx.capture_changed.connect(self.reload_capture)
        ctx.agenda_changed.connect(self._reload_parents)
        ctx.agenda_changed.connect(self.reload_capture)
        ctx.notes.recovered.connect(
            lambda: self.message.emit(_("Saved: everything typed is in the database again."))
        )

    def _build_side_tabs(self) -> None:
        """The agenda, attendance and the user's own ratings of each life area (Ctrl+5)."""
        self.agenda_model = AgendaTableModel(self, editable=False)
        self.agenda_view = QListView()
        self.agenda_view.setModel(self.agenda_model)
        self.agenda_view.setModelColumn(AgendaTableModel.TITLE)
        self.agenda_view.setAccessibleName(_("Agenda"))
        self.agenda_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.agenda_view.setWordWrap(True)
        self.agenda_view.setSpacing(1)
        self.agenda_view.setResizeMode(QListView.ResizeMode.Adjust)
        self.agenda_view.setUniformItemSizes(False)
        self.agenda_view.activated.connect(lambda index: self.go_to(index.row()))
        self.agenda_view.clicked.connect(lambda index: self.go_to(index.row()))
        self.attendance = AttendancePanel(self._ctx)
        self.ratings = RatingsPanel(self._ctx)
        for edit in self.ratings.comments.values():
            edit.installEventFilter(self._undo_filter)
        self.side_tabs = QTabWidget()
        self.side_tabs.addTab(self.agenda_view, _("Agenda"))
        self.side_tabs.addTab(self.attendance, _("Attendance"))
        self.side_tabs.addTab(self.ratings, _(RATINGS_TAB_TITLE))

    def _header(self) -> QHBoxLayout:
        """The current item, its clock and the way to the previous and next item."""
        self.item_label = QLabel()
        self.item_label.setWordWrap(True)
        self.item_label.setStyleSheet(f"font-size: {pt(14)}; font-weight: 600;")
        self.item_label.setTextFormat(Qt.TextFormat.PlainText)
        self.previous_button = QPushButton(_("◀ Previous"))
        self.previous_button.setToolTip(native_keys("Ctrl+PgUp"))
        self.previous_button.clicked.connect(self.previous_item)
        self.next_button = QPushButton(_("Next ▶"))
        self.next_button.setToolTip(native_keys("Ctrl+PgDown"))
        self.next_button.clicked.connect(self.next_item)
        header = QHBoxLayout()
        header.addWidget(self.item_label, 1)
        header.addWidget(self.item_clock)
        header.addWidget(self.previous_button)
        header.addWidget(self.next_button)
        return header

    def _footer(self) -> QHBoxLayout:
        """The keys to remember, the room view and the way to finish the meeting."""
        self.keys_label = QLabel(_keys_help())
        self.keys_label.setWordWrap(True)
        self.keys_label.setStyleSheet(muted_style())
        self.room_button = QPushButton(_("Room view"))  # the shared screen (see room_view.py)
        self.room_button.setAccessibleName(_("Room view"))
        self.room_button.setToolTip(native_keys(ROOM_ACTION_KEYS))
        self.room_button.clicked.connect(self.toggle_room_view)
        self.finish_button = QPushButton(_("Finish the meetin&g…"))
        self.finish_button.setToolTip(native_keys("Ctrl+Shift+Return"))
        self.finish_button.setStyleSheet("font-weight: 600;")
        self.finish_button.clicked.connect(self.review_requested)
        footer = QHBoxLayout()
        footer.addWidget(self.keys_label, 1)
        footer.addWidget(self.room_button)
        footer.addWidget(self.finish_button)
        return footer

    def _lay_out(self) -> None:
        right_col = QVBoxLayout()
        right_col.addWidget(self.agreements, 1)
        right_col.addWidget(self.task_form, 1)
        columns = QHBoxLayout()
        columns.addWidget(self.notes_pane, 1)
        columns.addLayout(right_col, 1)
        main = QWidget()
        main_layout = QVBoxLayout(main)
        main_layout.setContentsMargins(6, 0, 0, 0)
        main_layout.addLayout(self._header())
        main_layout.addWidget(self.context)
        main_layout.addLayout(columns, 1)
        main_layout.addLayout(self._footer())
        splitter = QSplitter()
        splitter.addWidget(self.side_tabs)
        splitter.addWidget(main)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([360, 1000])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

    def _add_sub_item_actions(self) -> None:
        for keys, handler, name in (
            (NEXT_SUB_ITEM_KEYS, self.next_sub_item, "runner_next_sub_item"),
            (PREVIOUS_SUB_ITEM_KEYS, self.previous_sub_item, "runner_previous_sub_item"),
        ):
            action = QAction(self)
            action.setObjectName(name)
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(handler)
            self.addAction(action)

    # -- loading -----------------------------------------------------------------------------------------
    def load(self) -> None:
        self._ctx.agenda.save_generated(self._ctx.meeting_id)
        info = self._ctx.meetings.meeting(self._ctx.meeting_id)
        meeting_date = held_on(info)
        first_name = info.user_name.split()[0] if info.user_name.split() else ""
        self.notes_pane.set_user_name(first_name)
        self.task_form.load(self._ctx.meetings.member_choices(info.case_id), meeting_date)
        self.context.set_meeting_date(meeting_date)
        self.notes_pane.forget()
        self._row = -1
        self.attendance.reload()
        self.ratings.load(first_name)
        self._reload_parents()
        self.reload_capture()
        first_open = next((i for i, item in enumerate(self.items()) if not item.is_done), 0)
        self.go_to(first_open)
        self.item_clock.set_running(info.status == MeetingStatus.IN_PROGRESS.value)

    def capture(self) -> MeetingCapture | None:
        return self._capture

    def current_row(self) -> int:
        return self._row

    def items(self) -> tuple[ItemState, ...]:
        return self._capture.items if self._capture else ()

    def current_item(self) -> ItemState | None:
        items = self.items()
        return items[self._row] if 0 <= self._row < len(items) else None

    def clock_item(self) -> ItemState | None:
        """The top-level item whose clock runs while the current item (or its sub-item) is on."""
        items = self.items()
        row = self.agenda_model.top_row(self._row)
        return items[row] if 0 <= row < len(items) and 0 <= self._row else None

    def _reload_parents(self) -> None:
        """Which item is a sub-item of which (the capture lists the items flat, in tree order)."""
        self._parents = {e.id: e.parent_id for e in self._ctx.agenda.agenda(self._ctx.meeting_id) if e.id}

    def reload_capture(self) -> None:
        current = self.current_item()
        self._capture = capture = self._ctx.capture.capture(self._ctx.meeting_id)
        self.item_clock.remember(capture.items)
        seconds = self.item_clock.seconds_by_item
        self.agenda_model.set_rows(
            [
                AgendaRow(
                    i.id,
                    i.kind,
                    _side_title(i),
                    i.planned_minutes,
                    seconds.get(i.id, 0),
                    i.is_done,
                    parent_id=self._parents.get(i.id),
                )
                for i in capture.items
            ]
        )
        if current is not None:
            self._row = self.agenda_model.row_of(current.id)
        self.agenda_model.set_current(self._row)
        if self._row >= 0:
            self.agenda_view.setCurrentIndex(self.agenda_model.index(self._row, AgendaTableModel.TITLE))
        numbers = {item.id: n for n, item in enumerate(capture.items, start=1)}
        self.agreements.show_decisions(capture.decisions, numbers)
        self.task_form.show_tasks(capture.tasks)
        self._show_context()

    def _show_context(self, *, force: bool = False) -> None:
        self.context.show_current(sub_item_progress(self._capture, self.agenda_model, self._row), force=force)

    # -- navigation --------------------------------------------------------------------------------------
    def go_to(self, row: int) -> None:
        items = self.items()
        if not items or self._capture is None:
            return
        row = max(0, min(row, len(items) - 1))
        self.notes_pane.flush()
        self.item_clock.save_elapsed()
        self._row = row
        self.item_clock.restart()
        index = self.agenda_model.index(row, AgendaTableModel.TITLE)
        self.agenda_model.set_current(row)
        self.agenda_view.setCurrentIndex(index)
        self.agenda_view.scrollTo(index)
        item = items[row]
        self.item_label.setText(
            _("Item {n} of {total}: {title}").format(
                n=self.agenda_model.number(row),
                total=len(self.agenda_model.top_level_rows()),
                title=item.title,
            )
        )
        self.notes_pane.show_item(item.id, self._capture.notes)
        self._show_context(force=True)
        self.item_clock.update_label()
        self.item_changed.emit()

    def next_item(self) -> None:
        """The next top-level item; the one left, with its sub-items, counts as gone through."""
        if self.current_item() is None:
            return
        top, end = self.agenda_model.top_row(self._row), self.agenda_model.block_end(self._row)
        block = self.items()[top:end]
        for item in block:
            if not item.is_done:
                self._ctx.capture.set_item_done(item.id, True)
        if any(not item.is_done for item in block):
            self.reload_capture()
        self.go_to(end)

    def previous_item(self) -> None:
        """From a sub-item back to the start of its item; from a top-level item to the one before."""
        if self._row > 0 and self.agenda_model.top_row(self._row) != self._row:
            self.go_to(self.agenda_model.top_row(self._row))
        else:
            self.go_to(self.agenda_model.top_row(self._row - 1))

    def next_sub_item(self) -> None:
        """One item on, sub-items included (Alt+PgDown); the one left counts as gone through."""
        item = self.current_item()
        if item is not None and not item.is_done:
            self._ctx.capture.set_item_done(item.id, True)
            self.reload_capture()
        self.go_to(self._row + 1)

    def previous_sub_item(self) -> None:
        self.go_to(self._row - 1)

    # -- what the workspace asks of the runner -------------------------------------------------------------
    def flush_text(self) -> None:
        """Hand what was typed in the notes to the note saver (see ``NotesPane.flush``)."""
        self.notes_pane.flush()

    def unsaved_reason(self) -> str:
        """'' when everything typed has committed; else why not (see ``NotesPane.unsaved_reason``)."""
        return self.notes_pane.unsaved_reason()

    def toggle_timer(self) -> None:
        self.item_clock.toggle()

    def focus_notes(self) -> None:
        self.notes_pane.notes_edit.setFocus()

    def focus_words(self) -> None:
        self.notes_pane.words_edit.setFocus()

    def focus_decision(self) -> None:
        self.agreements.decision_edit.setFocus()

    def focus_task(self) -> None:
        self.task_form.task_text.setFocus()

    def focus_follow_up(self) -> None:
        self.context.focus_answer()

    def focus_attendance(self) -> None:
        self.side_tabs.setCurrentWidget(self.attendance)
        self.attendance.table.setFocus()

    def focus_ratings(self) -> None:
        self.side_tabs.setCurrentWidget(self.ratings)
        self.ratings.focus_first()

    def toggle_room_view(self) -> None:
        """Open the room view (on a second screen if there is one), or close it if it is open."""
        if self.room_view is not None and self.room_view.isVisible():
            self.room_view.close()
            return
        self.flush_text()
        self._ctx.writer.wait()
        if self.room_view is None:
            self.room_view = RoomView.for_runner(self)
        self.room_view.open_on_best_screen()
        if self.room_view.content is not None and self.room_view.content.is_restricted:
            self.message.emit(_(ROOM_NOTICE_RESTRICTED))

    def stop(self) -> None:
        """Before leaving the runner: save typing and time, stop the clock, drain the writer."""
        if self.room_view is not None:
            self.room_view.close()  # never leave the shared screen showing a meeting no longer open
        self.ratings.flush()
        self.flush_text()
        self.item_clock.set_running(False)
        self._ctx.writer.wait()
        self._ctx.notes.collect()
