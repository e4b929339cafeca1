"""Running the meeting, item by item, from the keyboard.

The current item is highlighted in the agenda and has its own timer (a gentle amber cue when it
runs over). Notes and the user's own words are saved within a second of typing, off the UI
thread; the indicator under them says "Saved" only once the database has them (on a full disk they
are "Not saved", kept on the screen and tried again). Agreements and new tasks are added with
Enter; an earlier task is marked done, continued or dropped with an outcome; a measure is
evaluated continue/change/stop. Every edit is undoable.

The agenda has sub-items (issue 17): Ctrl+PgDown / Ctrl+PgUp go from top-level item to top-level
item, Alt+PgDown / Alt+PgUp through every item one by one, sub-items included. The clock runs per
top-level item: time on a sub-item counts toward its item, against the planned minutes of the
item with all of its sub-items. Notes, agreements, tasks and a follow-up's answer are written on
the sub-item itself.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from PySide6.QtCore import QDate, QElapsedTimer, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop import clock
from desktop.i18n import _, date_edit_format, format_date
from desktop.models.enums import (
    AgendaKind,
    CheckpointStatus,
    MeasureVerdict,
    MeetingStatus,
    NoteKind,
    PartyType,
    TaskReviewResult,
    label,
)
from desktop.services.meeting.capture import ItemState, MeetingCapture
from desktop.services.meeting.planning import MeetingInfo
from desktop.ui.font_size import pt
from desktop.ui.meeting.agenda_model import AgendaRow, AgendaTableModel
from desktop.ui.meeting.attendance_panel import AttendancePanel
from desktop.ui.meeting.ratings_panel import RATINGS_TAB_TITLE, RatingsPanel
from desktop.ui.meeting.room_view import OWN_TASK_CHOICE, ROOM_ACTION_KEYS, ROOM_NOTICE_RESTRICTED, RoomView
from desktop.ui.meeting.runner_context import (
    NOT_SAVED_STYLE,
    CheckpointPanel,
    FollowUpPanel,
    GroupPanel,
    MeasurePanel,
)
from desktop.ui.meeting.undo_commands import (
    AddDecisionCommand,
    AddTaskCommand,
    EditTextCommand,
    EvaluateMeasureCommand,
    MeetingContext,
    RemoveDecisionCommand,
    RemoveTaskCommand,
    ReviewTaskCommand,
    ReviewValue,
    SetCheckpointCommand,
    TaskDraft,
)
from desktop.ui.palette import (
    BG_ATTENTION_STRONG,
    BG_CALM,
    BG_CHIP,
    BG_NOTE,
    TEXT_STRONG,
    TEXT_WARNING,
    label_style,
    muted_style,
    warning_style,
)

# Typing is handed to the database this long after the first keystroke of a burst (the timer is
# not restarted by later keystrokes). A save costs ~0.3 ms (1 000 characters) to ~3 ms (160 000)
# on the writer's thread, plus the commit's wait for the disk, and ~1 ms here, so a short delay is
# cheap; it is most of the time a keystroke waits before it survives a crash (600 ms made the
# worst case 0.7-0.9 s: benchmarks/bench_autosave.py, keystroke to commit, and its README).
AUTOSAVE_MS = 250
ELAPSED_SAVE_EVERY_SECONDS = 15
#: Through every item, sub-items included; Ctrl+PgDown/PgUp (the workspace's actions) go through
#: the top-level items. Alt+Page keys are no mnemonic and nothing in the runner's fields uses them.
NEXT_SUB_ITEM_KEYS = "Alt+PgDown"
PREVIOUS_SUB_ITEM_KEYS = "Alt+PgUp"
DEFAULT_TASK_DAYS = 14
ID_ROLE = Qt.ItemDataRole.UserRole + 1


def timer_style(*, over: bool) -> str:
    """The clock's style: amber when the item runs over (the size follows the system font)."""
    colours = (
        f"background: {BG_ATTENTION_STRONG}; color: {TEXT_WARNING};" if over else f"background: {BG_CHIP};"
    )
    return f"font-size: {pt(15)}; font-weight: 600; padding: 2px 10px; border-radius: 6px; {colours}"


def held_on(info: MeetingInfo) -> date:
    """The day the meeting is actually held: when it was started, else today (never the planned day
    of a meeting started early or late); due dates and the next meeting count from it."""
    if info.started_at is not None:
        return info.started_at.date()
    return clock.today()


class _UndoKeysToStack(QObject):
    """Let Ctrl+Z / Ctrl+Shift+Z reach the meeting's undo stack instead of the editor's own undo."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            if event.matches(QKeySequence.StandardKey.Undo) or event.matches(QKeySequence.StandardKey.Redo):
                event.ignore()
                return True
        return False


class _EnterPresses(QObject):
    """Enter (or the keypad's Enter) in a watched field calls ``action``, as in a dialog's form."""

    def __init__(self, action: Callable[[], None], parent: QObject) -> None:
        super().__init__(parent)
        self._action = action

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            if (
                event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and modifiers == Qt.KeyboardModifier.NoModifier
            ):
                self._action()
                return True
        return False


class _DeletableList(QListWidget):
    delete_pressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.currentItem() is not None:
            self.delete_pressed.emit()
            return
        super().keyPressEvent(event)


def native_keys(keys: str) -> str:
    """A shortcut as the platform (and Qt's translation) writes it, e.g. for tooltips and help."""
    return QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText)


def _side_title(item: ItemState) -> str:
    """The title in the side agenda: a checkpoint says how far it has come, so that the checklist
    shows at a glance what is ticked off."""
    if item.kind == AgendaKind.CHECKPOINT.value and item.checkpoint_status:
        status = label(CheckpointStatus(item.checkpoint_status))
        return _("{title} — {status}").format(title=item.title, status=status)
    return item.title


def _heading(text: str) -> QLabel:
    lbl = QLabel(text)
    lbl.setStyleSheet(label_style(TEXT_STRONG, bold=True))
    return lbl


class MeetingRunner(QWidget):
    review_requested = Signal()
    message = Signal(str)
    item_changed = Signal()  # moving on clears messages about the previous item

    def __init__(self, ctx: MeetingContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._capture: MeetingCapture | None = None
        self._row = -1
        self._saved_text: dict[tuple[int | None, str], str] = {}
        self._dirty: set[str] = set()
        self._flushing = False  # the note_changed of our own typing: the editor already shows it
        self._elapsed_base: dict[int, int] = {}  # by the id of the top-level item (its clock)
        self._parents: dict[int, int | None] = {}  # item id -> its top-level item's id, or None
        self._clock = QElapsedTimer()
        self._running = False
        self._ticks = 0
        self._meeting_date = clock.today()
        self._undo_filter = _UndoKeysToStack(self)
        self._shown_context: object = None
        self.room_view: RoomView | None = None  # the shared screen, opened with toggle_room_view()

        # -- left: agenda and attendance ------------------------------------------------------
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
        self.attendance = AttendancePanel(ctx)
        self.side_tabs = QTabWidget()
        self.side_tabs.addTab(self.agenda_view, _("Agenda"))
        self.side_tabs.addTab(self.attendance, _("Attendance"))
        self.ratings = RatingsPanel(ctx)  # the user's own rating of each life area (Ctrl+5)
        for edit in self.ratings.comments.values():
            edit.installEventFilter(self._undo_filter)
        self.side_tabs.addTab(self.ratings, _(RATINGS_TAB_TITLE))

        # -- header: item, timer, navigation ----------------------------------------------------
        self.item_label = QLabel()
        self.item_label.setWordWrap(True)
        self.item_label.setStyleSheet(f"font-size: {pt(14)}; font-weight: 600;")
        self.item_label.setTextFormat(Qt.TextFormat.PlainText)
        self.timer_label = QLabel()
        self.timer_label.setAccessibleName(_("Time on this item"))
        self.timer_label.setStyleSheet(timer_style(over=False))
        self.overrun_label = QLabel()
        self.overrun_label.setStyleSheet(warning_style())
        self.pause_button = QPushButton(_("Pause"))
        self.pause_button.setToolTip(native_keys("F8"))
        self.pause_button.clicked.connect(self.toggle_timer)
        self.previous_button = QPushButton(_("◀ Previous"))
        self.previous_button.setToolTip(native_keys("Ctrl+PgUp"))
        self.previous_button.clicked.connect(self.previous_item)
        self.next_button = QPushButton(_("Next ▶"))
        self.next_button.setToolTip(native_keys("Ctrl+PgDown"))
        self.next_button.clicked.connect(self.next_item)
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
        header = QHBoxLayout()
        header.addWidget(self.item_label, 1)
        header.addWidget(self.overrun_label)
        header.addWidget(self.timer_label)
        header.addWidget(self.pause_button)
        header.addWidget(self.previous_button)
        header.addWidget(self.next_button)

        # -- context: earlier task / measure / checkpoint -----------------------------------------
        self.context_stack = QStackedWidget()
        self.context_stack.addWidget(QWidget())
        self._build_context_panels()
        self.context_frame = QFrame()
        self.context_frame.setFrameShape(QFrame.Shape.StyledPanel)
        self.context_frame.setStyleSheet(f"QFrame#contextFrame {{ background: {BG_CALM}; }}")
        self.context_frame.setObjectName("contextFrame")
        context_layout = QVBoxLayout(self.context_frame)
        context_layout.setContentsMargins(8, 6, 8, 6)
        context_layout.addWidget(self.context_stack)

        # -- notes and the user's own words ---------------------------------------------------------
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setAccessibleName(_("Notes"))
        self.notes_edit.setPlaceholderText(_("What was said (Ctrl+1)"))
        self.words_edit = QPlainTextEdit()
        self.words_edit.setAccessibleName(_("The user's own words"))
        self.words_edit.setPlaceholderText(_("Write down the user's own words, as they say them (Ctrl+2)"))
        self.words_edit.setStyleSheet(f"QPlainTextEdit {{ background: {BG_NOTE}; }}")
        for editor in (self.notes_edit, self.words_edit):
            editor.setTabChangesFocus(True)  # Tab moves on (a keyboard user is never trapped in a note)
        for editor, kind in ((self.notes_edit, NoteKind.NOTE), (self.words_edit, NoteKind.USER_WORDS)):
            editor.installEventFilter(self._undo_filter)
            editor.textChanged.connect(lambda k=kind: self._text_changed(k))
        self.words_heading = _heading(_("The user's own words"))
        self.saved_label = QLabel()
        self.saved_label.setWordWrap(True)  # "Not saved" says why (a full disk) and what happens next
        self.saved_label.setTextFormat(Qt.TextFormat.PlainText)
        self.saved_label.setStyleSheet(self._saved_style(""))

        # -- agreements -------------------------------------------------------------------------------
        self.decision_list = _DeletableList()
        self.decision_list.setAccessibleName(_("Agreed"))
        self.decision_list.setWordWrap(True)
        self.decision_list.delete_pressed.connect(self.remove_selected_decision)
        self.decision_edit = QLineEdit()
        self.decision_edit.setAccessibleName(_("New agreement"))
        self.decision_edit.setPlaceholderText(_("What was agreed (Ctrl+D), then Enter"))
        self.decision_edit.installEventFilter(self._undo_filter)
        self.decision_edit.returnPressed.connect(self.add_decision)
        self.awaiting_check = QPushButton(_("Awaits a formal decision"))
        self.awaiting_check.setCheckable(True)
        self.awaiting_check.setToolTip(
            _("The agreement depends on a decision (vedtak) by NAV or the municipality.")
        )
        decision_row = QHBoxLayout()
        decision_row.addWidget(self.decision_edit, 1)
        decision_row.addWidget(self.awaiting_check)

        # -- new tasks ----------------------------------------------------------------------------------
        self.task_list = _DeletableList()
        self.task_list.setAccessibleName(_("New tasks"))
        self.task_list.setWordWrap(True)
        self.task_list.delete_pressed.connect(self.remove_selected_task)
        self.task_text = QLineEdit()
        self.task_text.setAccessibleName(_("What is to be done"))
        self.task_text.setPlaceholderText(_("What is to be done (Ctrl+T), then Enter"))
        self.task_text.setMaxLength(2000)
        self.task_text.installEventFilter(self._undo_filter)
        self.task_text.returnPressed.connect(self.add_task)
        self.task_party = QComboBox()
        self.task_party.setAccessibleName(_("Party"))
        self.task_party.addItem(_("Which party? (choose)"), None)
        for party in PartyType:
            self.task_party.addItem(label(party), party.value)
        self.task_person = QComboBox()
        self.task_person.setAccessibleName(_("Responsible"))
        self.task_person.setMinimumContentsLength(14)
        self.task_person.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.task_party.setMinimumContentsLength(12)
        self.task_party.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.task_person.currentIndexChanged.connect(self._person_chosen)
        self.task_due = QDateEdit()
        self.task_due.setCalendarPopup(True)
        self.task_due.setDisplayFormat(date_edit_format())
        self.task_due.setMinimumDate(QDate(2000, 1, 1))
        self.task_due.setMaximumDate(QDate(2100, 12, 31))
        self.task_due.setAccessibleName(_("Due date"))
        self.task_add = QPushButton(_("Add task"))
        self.task_add.clicked.connect(self.add_task)
        self._enter_adds_task = _EnterPresses(self.add_task, self)
        for field in (self.task_person, self.task_party, self.task_due):
            field.installEventFilter(self._enter_adds_task)  # Enter anywhere in the row adds the task
        task_form = QGridLayout()
        # Who and which party get a row of their own: «Hvilken instans? (velg)» was cut off beside
        # the date at 1366×768 (and at 200 %).
        task_form.addWidget(self.task_text, 0, 0, 1, 2)
        task_form.addWidget(self.task_person, 1, 0)
        task_form.addWidget(self.task_party, 1, 1)
        due_row = QHBoxLayout()
        due_row.addWidget(self.task_due)
        due_row.addStretch(1)
        due_row.addWidget(self.task_add)
        task_form.addLayout(due_row, 2, 0, 1, 2)
        task_form.setColumnStretch(0, 1)
        task_form.setColumnStretch(1, 1)

        # -- layout ---------------------------------------------------------------------------------------
        left_col = QVBoxLayout()
        left_col.addWidget(_heading(_("Notes")))
        left_col.addWidget(self.notes_edit, 3)
        left_col.addWidget(self.words_heading)
        left_col.addWidget(self.words_edit, 2)
        left_col.addWidget(self.saved_label)
        right_col = QVBoxLayout()
        right_col.addWidget(_heading(_("Agreed")))
        right_col.addWidget(self.decision_list, 2)
        right_col.addLayout(decision_row)
        right_col.addWidget(_heading(_("Who does what by when")))
        right_col.addWidget(self.task_list, 2)
        right_col.addLayout(task_form)
        columns = QHBoxLayout()
        columns.addLayout(left_col, 1)
        columns.addLayout(right_col, 1)
        self.finish_button = QPushButton(_("Finish the meetin&g…"))
        self.finish_button.setToolTip(native_keys("Ctrl+Shift+Return"))
        self.finish_button.setStyleSheet("font-weight: 600;")
        self.finish_button.clicked.connect(self.review_requested)
        footer = QHBoxLayout()
        self.keys_label = QLabel(
            _(
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
                pause=native_keys("F8"),
            )
        )
        self.keys_label.setWordWrap(True)
        self.keys_label.setStyleSheet(muted_style())
        footer.addWidget(self.keys_label, 1)
        self.room_button = QPushButton(_("Room view"))  # the shared screen (see room_view.py)
        self.room_button.setAccessibleName(_("Room view"))
        self.room_button.setToolTip(native_keys(ROOM_ACTION_KEYS))
        self.room_button.clicked.connect(self.toggle_room_view)
        footer.addWidget(self.room_button)
        footer.addWidget(self.finish_button)
        main = QWidget()
        main_layout = QVBoxLayout(main)
        main_layout.setContentsMargins(6, 0, 0, 0)
        main_layout.addLayout(header)
        main_layout.addWidget(self.context_frame)
        main_layout.addLayout(columns, 1)
        main_layout.addLayout(footer)
        splitter = QSplitter()
        splitter.addWidget(self.side_tabs)
        splitter.addWidget(main)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([360, 1000])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        # Tab follows the screen: the person (left) before the party (right), then the date
        for first, second in (
            (self.task_text, self.task_person),
            (self.task_person, self.task_party),
            (self.task_party, self.task_due),
            (self.task_due, self.task_add),
        ):
            QWidget.setTabOrder(first, second)

        self._autosave = QTimer(self)
        self._autosave.setSingleShot(True)
        self._autosave.setInterval(AUTOSAVE_MS)
        self._autosave.timeout.connect(self.flush_text)
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._on_tick)
        ctx.capture_changed.connect(self.reload_capture)
        ctx.agenda_changed.connect(self._reload_parents)
        ctx.agenda_changed.connect(self.reload_capture)
        ctx.note_changed.connect(self._note_changed)
        ctx.notes.state_changed.connect(self.show_save_state)
        ctx.notes.recovered.connect(
            lambda: self.message.emit(_("Saved: everything typed is in the database again."))
        )

    # -- context panels ---------------------------------------------------------------------------------
    def _build_context_panels(self) -> None:
        """One panel per kind of item (desktop/ui/meeting/runner_context.py); the runner saves what they read."""
        self.follow_up_panel = FollowUpPanel(self._undo_filter)
        self.follow_up_panel.save_requested.connect(self.save_review)
        self.measure_panel = MeasurePanel(self._undo_filter)
        self.measure_panel.save_requested.connect(self.save_evaluation)
        self.checkpoint_panel = CheckpointPanel()
        self.checkpoint_panel.chosen.connect(self._checkpoint_chosen)
        self.group_panel = GroupPanel()
        for panel in (self.follow_up_panel, self.measure_panel, self.checkpoint_panel, self.group_panel):
            self.context_stack.addWidget(panel)
        # The fields by their old names: the keyboard tests and the focus keys reach them so.
        panel = self.follow_up_panel
        self.review_done, self.review_continued, self.review_dropped = (
            panel.done,
            panel.continued,
            panel.dropped,
        )
        self.review_due, self.review_outcome, self.review_status = panel.due, panel.outcome, panel.status
        self.measure_verdict, self.measure_change = self.measure_panel.verdict, self.measure_panel.change
        self.checkpoint_status = self.checkpoint_panel.status

    def _sub_item_progress(self) -> tuple[str, int, int] | None:
        """(kind of the sub-items, how many are dealt with, how many there are) on a top-level item
        with sub-items; None elsewhere."""
        capture, row = self._capture, self._row
        if capture is None or row < 0 or self.agenda_model.top_row(row) != row:
            return None
        subs = self.items()[row + 1 : self.agenda_model.block_end(row)]
        if not subs:
            return None
        kind = subs[0].kind
        if kind == AgendaKind.TASK_FOLLOW_UP.value:
            done = sum(
                1
                for i in subs
                if i.task_id in capture.earlier_tasks and capture.earlier_tasks[i.task_id].result is not None  # type: ignore[index]
            )
        elif kind == AgendaKind.CHECKPOINT.value:
            assessed = {None, CheckpointStatus.NOT_ASSESSED.value}
            done = sum(1 for i in subs if i.checkpoint_status not in assessed)
        elif kind == AgendaKind.MEASURE.value:
            done = sum(1 for i in subs if i.measure_id in capture.evaluations)
        else:
            done = sum(1 for i in subs if i.is_done)
        return kind, done, len(subs)

    # -- loading -----------------------------------------------------------------------------------------
    def load(self) -> None:
        self._ctx.agenda.save_generated(self._ctx.meeting_id)
        info = self._ctx.meetings.meeting(self._ctx.meeting_id)
        self._meeting_date = held_on(info)
        first_name = info.user_name.split()[0] if info.user_name.split() else ""
        self.words_heading.setText(
            _("In {name}'s own words").format(name=first_name) if first_name else _("The user's own words")
        )
        self.task_person.blockSignals(True)
        self.task_person.clear()
        self.task_person.addItem(_("Who? (choose)"), None)
        for member in self._ctx.meetings.member_choices(info.case_id):
            is_user = PartyType.USER.value in (member.party, member.role)
            shown = _(OWN_TASK_CHOICE).format(name=member.name) if is_user else member.name
            self.task_person.addItem(shown, (member.id, member.party))
        self.task_person.blockSignals(False)
        self.task_due.setDate(QDate(self._meeting_date + timedelta(days=DEFAULT_TASK_DAYS)))
        self.review_due.setDate(QDate(self._meeting_date + timedelta(days=DEFAULT_TASK_DAYS)))
        self._saved_text.clear()
        self._row = -1
        self.attendance.reload()
        self.ratings.load(first_name)
        self._reload_parents()
        self.reload_capture()
        first_open = next((i for i, item in enumerate(self.items()) if not item.is_done), 0)
        self.go_to(first_open)
        self.set_timer_running(info.status == MeetingStatus.IN_PROGRESS.value)

    def items(self) -> tuple[ItemState, ...]:
        return self._capture.items if self._capture else ()

    def current_item(self) -> ItemState | None:
        items = self.items()
        return items[self._row] if 0 <= self._row < len(items) else None

    def _reload_parents(self) -> None:
        """Which item is a sub-item of which (the capture lists the items flat, in tree order)."""
        self._parents = {e.id: e.parent_id for e in self._ctx.agenda.agenda(self._ctx.meeting_id) if e.id}

    def reload_capture(self) -> None:
        current = self.current_item()
        self._capture = self._ctx.capture.capture(self._ctx.meeting_id)
        for item in self._capture.items:
            self._elapsed_base.setdefault(item.id, item.elapsed_seconds)
        self.agenda_model.set_rows(
            [
                AgendaRow(
                    i.id,
                    i.kind,
                    _side_title(i),
                    i.planned_minutes,
                    self._elapsed_base.get(i.id, 0),
                    i.is_done,
                    parent_id=self._parents.get(i.id),
                )
                for i in self._capture.items
            ]
        )
        if current is not None:
            self._row = self.agenda_model.row_of(current.id)
        self.agenda_model.set_current(self._row)
        if self._row >= 0:
            self.agenda_view.setCurrentIndex(self.agenda_model.index(self._row, AgendaTableModel.TITLE))
        self._fill_lists()
        self._fill_context()

    def _fill_lists(self) -> None:
        capture = self._capture
        if capture is None:
            return
        numbers = {item.id: n for n, item in enumerate(capture.items, start=1)}
        self.decision_list.clear()
        for decision in capture.decisions:
            prefix = (
                _("Item {n}").format(n=numbers[decision.agenda_item_id])
                if decision.agenda_item_id in numbers
                else ""
            )
            text = decision.text
            if decision.awaiting_formal_decision:
                text = _("{text} (awaits a formal decision)").format(text=text)
            item = QListWidgetItem(f"{prefix} · {text}" if prefix else text)
            item.setData(ID_ROLE, decision.id)
            self.decision_list.addItem(item)
        self.decision_list.scrollToBottom()
        self.task_list.clear()
        for task in capture.tasks:
            due = format_date(task.due) if task.due else _("no date")
            who = task.responsible or label(PartyType(task.party))
            item = QListWidgetItem(_("{what} — {who}, by {due}").format(what=task.text, who=who, due=due))
            item.setData(ID_ROLE, task.id)
            self.task_list.addItem(item)
        self.task_list.scrollToBottom()

    def _context_state(self) -> object:
        item, capture = self.current_item(), self._capture
        if item is None or capture is None:
            return None
        return (
            item.id,
            self._sub_item_progress(),
            item.checkpoint_status,
            capture.earlier_tasks.get(item.task_id) if item.task_id is not None else None,
            capture.evaluations.get(item.measure_id) if item.measure_id is not None else None,
            capture.measures.get(item.measure_id) if item.measure_id is not None else None,
        )

    def _fill_context(self, force: bool = False) -> None:
        """Show the follow-up, evaluation or checkpoint of the current item.

        Unless ``force``d (a new item), the fields are refilled only when their saved data changed
        (an undo), so that an outcome being typed survives adding an agreement in between.
        """
        state = self._context_state()
        if not force and state == self._shown_context:
            return
        self._shown_context = state
        item, capture = self.current_item(), self._capture
        if item is None or capture is None:
            self.context_stack.setCurrentIndex(0)
            self.context_frame.setVisible(False)
            return
        if item.kind == AgendaKind.TASK_FOLLOW_UP.value and item.task_id in capture.earlier_tasks:
            self.follow_up_panel.show_task(capture.earlier_tasks[item.task_id], self._meeting_date)  # type: ignore[index]
            self.context_stack.setCurrentWidget(self.follow_up_panel)
        elif item.kind == AgendaKind.MEASURE.value and item.measure_id is not None:
            self.measure_panel.show_measure(
                capture.measures.get(item.measure_id, item.title), capture.evaluations.get(item.measure_id)
            )
            self.context_stack.setCurrentWidget(self.measure_panel)
        elif item.kind == AgendaKind.CHECKPOINT.value:
            self.checkpoint_panel.show_status(item.checkpoint_status)
            self.context_stack.setCurrentWidget(self.checkpoint_panel)
        elif (progress := self._sub_item_progress()) is not None:
            self.group_panel.show_progress(*progress, keys=native_keys(NEXT_SUB_ITEM_KEYS))
            self.context_stack.setCurrentWidget(self.group_panel)
        else:
            self.context_stack.setCurrentIndex(0)
        self.context_frame.setVisible(self.context_stack.currentIndex() != 0)

    # -- navigation --------------------------------------------------------------------------------------
    def go_to(self, row: int) -> None:
        items = self.items()
        if not items:
            return
        row = max(0, min(row, len(items) - 1))
        self.flush_text()
        self._save_elapsed()
        self._row = row
        if self._clock.isValid():
            self._clock.restart()
        self.agenda_model.set_current(row)
        self.agenda_view.setCurrentIndex(self.agenda_model.index(row, AgendaTableModel.TITLE))
        self.agenda_view.scrollTo(self.agenda_model.index(row, AgendaTableModel.TITLE))
        item = items[row]
        self.item_label.setText(
            _("Item {n} of {total}: {title}").format(
                n=self.agenda_model.number(row),
                total=len(self.agenda_model.top_level_rows()),
                title=item.title,
            )
        )
        for editor, kind in ((self.notes_edit, NoteKind.NOTE), (self.words_edit, NoteKind.USER_WORDS)):
            key = (item.id, kind.value)
            unsaved = self._ctx.notes.pending_text(self._ctx.note_key(item.id, kind))
            text = (
                unsaved
                if unsaved is not None
                else self._saved_text.get(key, self._capture.notes.get(key, "") if self._capture else "")
            )
            self._saved_text[key] = text
            editor.blockSignals(True)
            editor.setPlainText(text)
            editor.blockSignals(False)
        self._dirty.clear()
        self._fill_context(force=True)
        self._update_timer_label()
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

    def clock_item(self) -> ItemState | None:
        """The top-level item whose clock runs while the current item (or its sub-item) is on."""
        items = self.items()
        row = self.agenda_model.top_row(self._row)
        return items[row] if 0 <= row < len(items) and 0 <= self._row else None

    # -- timer ----------------------------------------------------------------------------------------------
    def set_timer_running(self, running: bool) -> None:
        if running and not self._running:
            self._clock.start()
            self._tick.start()
        elif not running and self._running:
            self._save_elapsed()
            self._clock.invalidate()
            self._tick.stop()
        self._running = running
        self.pause_button.setText(_("Pause") if running else _("Resume"))
        self._update_timer_label()

    def toggle_timer(self) -> None:
        self.set_timer_running(not self._running)

    def elapsed_seconds(self) -> int:
        item = self.clock_item()
        if item is None:
            return 0
        running = self._clock.elapsed() // 1000 if self._clock.isValid() else 0
        return self._elapsed_base.get(item.id, 0) + int(running)

    def _save_elapsed(self) -> None:
        item = self.clock_item()
        if item is None or not self._clock.isValid():
            return
        seconds = self.elapsed_seconds()
        self._elapsed_base[item.id] = seconds
        self._clock.restart()
        capture = self._ctx.capture
        self._ctx.writer.submit(lambda: capture.set_elapsed(item.id, seconds))
        self.agenda_model.set_elapsed(self.agenda_model.top_row(self._row), seconds)

    def _on_tick(self) -> None:
        self._ticks += 1
        if self._ticks % ELAPSED_SAVE_EVERY_SECONDS == 0:
            self._save_elapsed()
        self._update_timer_label()

    def _update_timer_label(self) -> None:
        item = self.clock_item()
        if item is None:
            self.timer_label.setText("")
            return
        seconds = self.elapsed_seconds()
        minutes, secs = divmod(seconds, 60)
        planned = self.agenda_model.block_minutes(self._row)  # the item with all of its sub-items
        self.timer_label.setText(f"{minutes:02d}:{secs:02d} / {planned}:00")
        over = seconds - planned * 60
        if over > 0:
            self.timer_label.setStyleSheet(timer_style(over=True))
            self.overrun_label.setText(_("{n} min over").format(n=max(1, over // 60)))
        else:
            self.timer_label.setStyleSheet(timer_style(over=False))
            self.overrun_label.setText("")
        self.agenda_model.set_elapsed(self.agenda_model.top_row(self._row), seconds)

    # -- notes ------------------------------------------------------------------------------------------------
    def _text_changed(self, kind: NoteKind) -> None:
        self._dirty.add(kind.value)
        if self._ctx.notes.has_failed():
            self.show_save_state()
        else:
            self._set_saved_label(_("Saving…"), "")
        if not self._autosave.isActive():  # not restarted while typing: saved at most AUTOSAVE_MS later
            self._autosave.start()

    def flush_text(self) -> None:
        """Turn pending typing into (merging) undo commands; each hands its text to the note saver.

        ``_saved_text`` is what was last handed over (the "before" of the next undo command), not
        what has committed: that is the saver's to say (:meth:`show_save_state`).
        """
        self._autosave.stop()
        item = self.current_item()
        if item is None or not self._dirty:
            self._dirty.clear()
            return
        for editor, kind in ((self.notes_edit, NoteKind.NOTE), (self.words_edit, NoteKind.USER_WORDS)):
            if kind.value not in self._dirty:
                continue
            key = (item.id, kind.value)
            old, new = self._saved_text.get(key, ""), editor.toPlainText()
            if old != new:
                self._saved_text[key] = new
                self._flushing = True
                try:
                    self._ctx.push(EditTextCommand(self._ctx, item.id, kind, old, new))
                finally:
                    self._flushing = False
        self._dirty.clear()

    def show_save_state(self) -> None:
        """The indicator under the notes: "Saved" only once the database has every note."""
        notes = self._ctx.notes
        if notes.has_failed():
            self._set_saved_label(
                _(
                    "Not saved! {reason} What you typed stays here and is saved as soon as it can be "
                    "(tried again every few seconds)."
                ).format(reason=notes.error()),
                "failed",
            )
        elif self._dirty or not notes.is_saved():
            self._set_saved_label(_("Saving…"), "")
        else:
            self._set_saved_label(_("Saved"), "")

    def _set_saved_label(self, text: str, state: str) -> None:
        if self.saved_label.text() != text:
            self.saved_label.setText(text)
        if self.saved_label.property("saveState") != state:
            self.saved_label.setProperty("saveState", state)
            self.saved_label.setStyleSheet(self._saved_style(state))

    @staticmethod
    def _saved_style(state: str) -> str:
        colours = NOT_SAVED_STYLE if state == "failed" else muted_style()
        return f"{colours} font-size: {pt(9)};"

    def unsaved_reason(self) -> str:
        """'' when everything typed in the notes has committed; else why not, in the user's words.

        Hands over what was typed, waits for the writer and tries once more what failed, so that
        freeing space on the disk and trying again is enough. The guards of closing the meeting,
        leaving the meeting screen and quitting ask this first.
        """
        self.flush_text()
        self._ctx.notes.settle()
        self.show_save_state()
        return self._ctx.notes.unsaved_reason()

    def _note_changed(self, item_id: object, kind: str, text: str) -> None:
        self._saved_text[(item_id, kind)] = text  # type: ignore[index]
        item = self.current_item()
        if self._flushing or item is None or item.id != item_id:
            return  # (the editor's text, compared, would cost a copy of a long note per autosave)
        editor = self.notes_edit if kind == NoteKind.NOTE.value else self.words_edit
        if editor.toPlainText() != text:
            editor.blockSignals(True)
            editor.setPlainText(text)
            editor.moveCursor(editor.textCursor().MoveOperation.End)
            editor.blockSignals(False)

    # -- agreements and tasks ------------------------------------------------------------------------------------
    def add_decision(self) -> None:
        text = self.decision_edit.text()
        if not text.strip():
            self._ctx.error.emit(_("Write what was agreed."))
            return
        item = self.current_item()
        command = AddDecisionCommand(
            self._ctx, item.id if item else None, text, self.awaiting_check.isChecked()
        )
        if self._ctx.push(command):
            self.decision_edit.clear()
            self.awaiting_check.setChecked(False)

    def remove_selected_decision(self) -> None:
        current = self.decision_list.currentItem()
        if current is not None:
            self._ctx.push(RemoveDecisionCommand(self._ctx, int(current.data(ID_ROLE))))

    def _person_chosen(self) -> None:
        data = self.task_person.currentData()
        if data:
            self.task_party.setCurrentIndex(max(0, self.task_party.findData(data[1])))
        else:
            self.task_party.setCurrentIndex(0)

    def add_task(self) -> None:
        text = self.task_text.text()
        if not text.strip():
            self._ctx.error.emit(_("Write what is to be done."))
            self.task_text.setFocus()
            return
        item = self.current_item()
        person = self.task_person.currentData()
        party = self.task_party.currentData()
        if not person and not party:
            self._ctx.error.emit(_("Choose who is responsible: a person, or a party."))
            self.task_person.setFocus()
            return
        due_value = self.task_due.date().toPython()
        draft = TaskDraft(
            item_id=item.id if item else None,
            text=text,
            party=PartyType(party if party else person[1]),
            responsible_member_id=person[0] if person else None,
            due=due_value if isinstance(due_value, date) else None,
        )
        if self._ctx.push(AddTaskCommand(self._ctx, draft)):
            self.task_text.clear()
            self.task_person.setCurrentIndex(0)
            self.task_party.setCurrentIndex(0)
            self.task_text.setFocus()

    def remove_selected_task(self) -> None:
        current = self.task_list.currentItem()
        if current is None or self._capture is None:
            return
        task_id = int(current.data(ID_ROLE))
        row = next((t for t in self._capture.tasks if t.id == task_id), None)
        if row is not None:
            self._ctx.push(RemoveTaskCommand(self._ctx, row))

    # -- follow-up of earlier tasks, measures, checkpoints ------------------------------------------------------
    def save_review(self) -> None:
        item, capture = self.current_item(), self._capture
        if item is None or capture is None or item.task_id not in capture.earlier_tasks:
            return
        result = self.follow_up_panel.chosen()
        if result is None:
            return
        new_due = self.follow_up_panel.new_due() if result == TaskReviewResult.CONTINUED else None
        task = capture.earlier_tasks[item.task_id]  # type: ignore[index]
        old = ReviewValue(TaskReviewResult(task.result), task.outcome, task.new_due) if task.result else None
        new = ReviewValue(result, self.review_outcome.text(), new_due)
        if old != new and self._ctx.push(ReviewTaskCommand(self._ctx, task.id, new, old)):
            self.message.emit(_("Follow-up saved."))

    def save_evaluation(self) -> None:
        item, capture = self.current_item(), self._capture
        if item is None or capture is None or item.measure_id is None:
            return
        evaluation = capture.evaluations.get(item.measure_id)
        old = (MeasureVerdict(evaluation.verdict), evaluation.proposed_change) if evaluation else (None, "")
        new = self.measure_panel.value()
        if old != new:
            self._ctx.push(EvaluateMeasureCommand(self._ctx, item.measure_id, old, new))

    def _checkpoint_chosen(self) -> None:
        item = self.current_item()
        if item is None:
            return
        new = self.checkpoint_panel.value()
        old = CheckpointStatus(item.checkpoint_status) if item.checkpoint_status else None
        if new != old:
            self._ctx.push(SetCheckpointCommand(self._ctx, item.id, old, new))

    # -- keyboard focus targets -----------------------------------------------------------------------------------
    def focus_notes(self) -> None:
        self.notes_edit.setFocus()

    def focus_words(self) -> None:
        self.words_edit.setFocus()

    def focus_decision(self) -> None:
        self.decision_edit.setFocus()

    def focus_task(self) -> None:
        self.task_text.setFocus()

    def focus_follow_up(self) -> None:
        if self.context_stack.currentWidget() is self.follow_up_panel:
            self.review_outcome.setFocus()
        elif self.context_stack.currentWidget() is self.measure_panel:
            self.measure_verdict.setFocus()
        elif self.context_stack.currentWidget() is self.checkpoint_panel:
            self.checkpoint_status.setFocus()

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
        self.set_timer_running(False)
        self._ctx.writer.wait()
        self._ctx.notes.collect()
