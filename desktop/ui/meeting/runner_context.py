"""The meeting runner's context panel: what the current item asks of the group, by kind of item.

An earlier task asks for its follow-up (done, continues with a new due date, dropped); a measure
for its evaluation; a checkpoint for its status; a top-level item with sub-items shows how far its
sub-items have come. Each panel only shows and reads its fields; ``ItemContextBox`` shows the
panel of the current item and saves what it reads through the meeting's undo stack.
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop import clock
from desktop.i18n import _, format_date
from desktop.models.enums import (
    AgendaKind,
    CheckpointStatus,
    MeasureVerdict,
    PartyType,
    TaskReviewResult,
    label,
)
from desktop.services.meeting.capture import MeetingCapture
from desktop.services.meeting.captured import EarlierTask, EvaluationRow
from desktop.ui.date_field import date_edit_format
from desktop.ui.meeting.agenda_model import AgendaTableModel
from desktop.ui.meeting.meeting_context import MeetingContext
from desktop.ui.meeting.runner_widgets import (
    DEFAULT_TASK_DAYS,
    NEXT_SUB_ITEM_KEYS,
    RunnerPart,
    RunnerState,
    native_keys,
)
from desktop.ui.meeting.undo_commands import (
    EvaluateMeasureCommand,
    ReviewTaskCommand,
    ReviewValue,
    SetCheckpointCommand,
)
from desktop.ui.palette import BG_CALM, TEXT_PENDING, error_style, label_style, muted_style, success_style

SAVED_STYLE = success_style()
PENDING_STYLE = label_style(TEXT_PENDING)
NOT_SAVED_STYLE = error_style(bold=True)


def _page() -> tuple[QWidget, QVBoxLayout]:
    page = QWidget()
    layout = QVBoxLayout(page)
    layout.setContentsMargins(0, 0, 0, 0)
    return page, layout


class FollowUpPanel(QWidget):
    """An earlier task: what came of it. ``save_requested`` when the outcome is entered or saved."""

    save_requested = Signal()

    def __init__(self, undo_filter: QObject, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.task_label = QLabel()
        self.task_label.setWordWrap(True)
        self.task_label.setTextFormat(Qt.TextFormat.PlainText)
        # One Alt+letter each: the date field's sections used to be in the way of Shift+Tab.
        self.done = QRadioButton(_("&Done"))
        self.continued = QRadioButton(_("&Continues, new due date:"))
        self.dropped = QRadioButton(_("D&ropped"))
        self.group = QButtonGroup(self)
        for button in (self.done, self.continued, self.dropped):
            self.group.addButton(button)
        self.due = QDateEdit()
        self.due.setCalendarPopup(True)
        self.due.setDisplayFormat(date_edit_format())
        self.due.setAccessibleName(_("New due date"))
        self.outcome = QLineEdit()
        self.outcome.setAccessibleName(_("Outcome"))
        self.outcome.setPlaceholderText(_("What came out of it (Ctrl+3), then Enter"))
        self.outcome.installEventFilter(undo_filter)
        self.outcome.returnPressed.connect(self.save_requested)
        self.save = QPushButton(_("Save follow-up"))
        self.save.clicked.connect(self.save_requested)
        # After the choice, the keyboard is where the next answer goes: the date, or the outcome.
        self.continued.clicked.connect(lambda: self.due.setFocus())
        self.done.clicked.connect(lambda: self.outcome.setFocus())
        self.dropped.clicked.connect(lambda: self.outcome.setFocus())
        self.status = QLabel()
        self.status.setStyleSheet(PENDING_STYLE)
        self.status.setWordWrap(False)  # one line beside the choices: the panel keeps its height
        choices = QHBoxLayout()
        for widget in (self.done, self.continued, self.due, self.dropped):
            choices.addWidget(widget)
        choices.addStretch()
        choices.addWidget(self.status)
        outcome = QHBoxLayout()
        outcome.addWidget(self.outcome, 1)
        outcome.addWidget(self.save)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.task_label)
        layout.addLayout(choices)
        layout.addLayout(outcome)

    def show_task(self, task: EarlierTask, meeting_date: date) -> None:
        who = task.responsible or label(PartyType(task.party))
        due = format_date(task.due) if task.due else _("no date")
        self.task_label.setText(
            (
                _("Task: {what} — {who}, due {due} (overdue)")
                if task.due is not None and task.due < meeting_date
                else _("Task: {what} — {who}, due {due}")
            ).format(what=task.text, who=who, due=due)
        )
        if task.result is None:
            self.status.setText(_("Not followed up yet."))
            self.status.setStyleSheet(PENDING_STYLE)
            self.group.setExclusive(False)
            for button in self.group.buttons():
                button.setChecked(False)
            self.group.setExclusive(True)
            self.outcome.clear()
            return
        result = TaskReviewResult(task.result)
        self._buttons()[result].setChecked(True)
        if task.new_due:
            self.due.setDate(QDate(task.new_due))
        self.outcome.setText(task.outcome)
        self.status.setText(_("Saved: {result}").format(result=label(result)))
        self.status.setStyleSheet(SAVED_STYLE)

    def _buttons(self) -> dict[TaskReviewResult, QRadioButton]:
        return {
            TaskReviewResult.DONE: self.done,
            TaskReviewResult.CONTINUED: self.continued,
            TaskReviewResult.DROPPED: self.dropped,
        }

    def chosen(self) -> TaskReviewResult | None:
        """The answer ticked, or None (then the panel says so beside the choices)."""
        checked = self.group.checkedButton()
        for result, button in self._buttons().items():
            if button is checked:
                return result
        self.status.setText(_("Choose done, continues or dropped."))
        self.status.setStyleSheet(NOT_SAVED_STYLE)
        self.done.setFocus()
        return None

    def new_due(self) -> date | None:
        value = self.due.date().toPython()
        return value if isinstance(value, date) else None


class MeasurePanel(QWidget):
    """A measure: its evaluation and, if it changes, its new wording."""

    save_requested = Signal()

    def __init__(self, undo_filter: QObject, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.measure_label = QLabel()
        self.measure_label.setWordWrap(True)
        self.measure_label.setTextFormat(Qt.TextFormat.PlainText)
        self.verdict = QComboBox()
        self.verdict.setAccessibleName(_("Evaluation of the measure"))
        self.verdict.addItem(_("Not evaluated"), None)
        for verdict in MeasureVerdict:
            self.verdict.addItem(label(verdict), verdict.value)
        self.change = QLineEdit()
        self.change.setAccessibleName(_("Proposed change"))
        self.change.setPlaceholderText(_("New wording of the measure, if it changes (Ctrl+3), then Enter"))
        self.change.installEventFilter(undo_filter)
        self.change.returnPressed.connect(self.save_requested)
        self.save = QPushButton(_("Save evaluation"))
        self.save.clicked.connect(self.save_requested)
        self.status = QLabel()
        self.status.setStyleSheet(muted_style())
        row = QHBoxLayout()
        row.addWidget(self.verdict)
        row.addWidget(self.change, 1)
        row.addWidget(self.save)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.measure_label)
        layout.addLayout(row)
        layout.addWidget(self.status)

    def show_measure(self, text: str, evaluation: EvaluationRow | None) -> None:
        self.measure_label.setText(_("Measure: {text}").format(text=text))
        self.verdict.setCurrentIndex(
            max(0, self.verdict.findData(evaluation.verdict if evaluation else None))
        )
        self.change.setText(evaluation.proposed_change if evaluation else "")
        self.status.setText(
            _("Proposed to the plan; confirmed when the meeting is closed.")
            if evaluation
            else _("Not evaluated yet.")
        )

    def value(self) -> tuple[MeasureVerdict | None, str]:
        verdict = self.verdict.currentData()
        return (MeasureVerdict(verdict) if verdict else None, self.change.text().strip())


class CheckpointPanel(QWidget):
    """A discharge checkpoint: its status. ``chosen`` when the user picks one."""

    chosen = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.status = QComboBox()
        self.status.setAccessibleName(_("Checkpoint status"))
        for status in CheckpointStatus:
            self.status.addItem(label(status), status.value)
        self.status.activated.connect(self.chosen)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel(_("Status of the checkpoint:")))
        layout.addWidget(self.status)
        layout.addStretch()

    def show_status(self, status: str | None) -> None:
        value = status or CheckpointStatus.NOT_ASSESSED.value
        self.status.setCurrentIndex(max(0, self.status.findData(value)))

    def value(self) -> CheckpointStatus:
        return CheckpointStatus(self.status.currentData())


class GroupPanel(QWidget):
    """A top-level item with sub-items: how far its sub-items have come, and how to reach them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.progress_label = QLabel()
        self.progress_label.setWordWrap(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.progress_label, 1)

    def show_progress(self, kind: str, done: int, total: int, keys: str) -> None:
        text = {
            AgendaKind.TASK_FOLLOW_UP.value: _("{done} of {total} earlier tasks followed up."),
            AgendaKind.CHECKPOINT.value: _("{done} of {total} checkpoints assessed."),
            AgendaKind.MEASURE.value: _("{done} of {total} measures evaluated."),
        }.get(kind, _("{done} of {total} sub-items gone through."))
        self.progress_label.setText(
            text.format(done=done, total=total)
            + " "
            + _("{keys} goes through them one by one.").format(keys=keys)
        )


SubItemProgress = tuple[str, int, int]


def sub_item_progress(
    capture: MeetingCapture | None, model: AgendaTableModel, row: int
) -> SubItemProgress | None:
    """(kind of the sub-items, how many are dealt with, how many there are) on a top-level item
    with sub-items; None elsewhere."""
    if capture is None or row < 0 or model.top_row(row) != row:
        return None
    subs = capture.items[row + 1 : model.block_end(row)]
    if not subs:
        return None
    kind = subs[0].kind
    if kind == AgendaKind.TASK_FOLLOW_UP.value:
        done = sum(
            1
            for i in subs
            if i.task_id in capture.earlier_tasks and capture.earlier_tasks[i.task_id].result is not None
        )
    elif kind == AgendaKind.CHECKPOINT.value:
        assessed = {None, CheckpointStatus.NOT_ASSESSED.value}
        done = sum(1 for i in subs if i.checkpoint_status not in assessed)
    elif kind == AgendaKind.MEASURE.value:
        done = sum(1 for i in subs if i.measure_id in capture.evaluations)
    else:
        done = sum(1 for i in subs if i.is_done)
    return kind, done, len(subs)


class ItemContextBox(RunnerPart):
    """The panel of the current item above the notes (hidden for an item that asks nothing).

    It saves what its panels read: a follow-up, an evaluation, a checkpoint's status, each an
    undoable command. ``message`` reports a saved follow-up.
    """

    message = Signal(str)

    def __init__(self, ctx: MeetingContext, undo_filter: QObject, state: RunnerState) -> None:
        super().__init__(ctx, undo_filter, state)
        self._meeting_date = clock.today()
        self._shown: object = None
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(f"QFrame#contextFrame {{ background: {BG_CALM}; }}")
        self.setObjectName("contextFrame")
        self.follow_up_panel = FollowUpPanel(undo_filter)
        self.follow_up_panel.save_requested.connect(self.save_review)
        self.measure_panel = MeasurePanel(undo_filter)
        self.measure_panel.save_requested.connect(self.save_evaluation)
        self.checkpoint_panel = CheckpointPanel()
        self.checkpoint_panel.chosen.connect(self._checkpoint_chosen)
        self.group_panel = GroupPanel()
        self.context_stack = QStackedWidget()
        self.context_stack.addWidget(QWidget())
        for panel in (self.follow_up_panel, self.measure_panel, self.checkpoint_panel, self.group_panel):
            self.context_stack.addWidget(panel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(self.context_stack)

    def set_meeting_date(self, held_on: date) -> None:
        """Overdue is counted against the day the meeting is held; a continued task's new due
        date starts from it."""
        self._meeting_date = held_on
        self.follow_up_panel.due.setDate(QDate(held_on + timedelta(days=DEFAULT_TASK_DAYS)))

    def _shown_data(self, progress: SubItemProgress | None) -> object:
        item, capture = self._state.current_item(), self._state.capture()
        if item is None or capture is None:
            return None
        return (
            item.id,
            progress,
            item.checkpoint_status,
            capture.earlier_tasks.get(item.task_id) if item.task_id is not None else None,
            capture.evaluations.get(item.measure_id) if item.measure_id is not None else None,
            capture.measures.get(item.measure_id) if item.measure_id is not None else None,
        )

    def show_current(self, progress: SubItemProgress | None, *, force: bool = False) -> None:
        """Show the follow-up, evaluation or checkpoint of the current item.

        Unless ``force``d (a new item), the fields are refilled only when their saved data changed
        (an undo), so that an outcome being typed survives adding an agreement in between.
        """
        state = self._shown_data(progress)
        if not force and state == self._shown:
            return
        self._shown = state
        item, capture = self._state.current_item(), self._state.capture()
        if item is None or capture is None:
            self.context_stack.setCurrentIndex(0)
        elif item.kind == AgendaKind.TASK_FOLLOW_UP.value and item.task_id in capture.earlier_tasks:
            self.follow_up_panel.show_task(capture.earlier_tasks[item.task_id], self._meeting_date)
            self.context_stack.setCurrentWidget(self.follow_up_panel)
        elif item.kind == AgendaKind.MEASURE.value and item.measure_id is not None:
            self.measure_panel.show_measure(
                capture.measures.get(item.measure_id, item.title), capture.evaluations.get(item.measure_id)
            )
            self.context_stack.setCurrentWidget(self.measure_panel)
        elif item.kind == AgendaKind.CHECKPOINT.value:
            self.checkpoint_panel.show_status(item.checkpoint_status)
            self.context_stack.setCurrentWidget(self.checkpoint_panel)
        elif progress is not None:
            self.group_panel.show_progress(*progress, keys=native_keys(NEXT_SUB_ITEM_KEYS))
            self.context_stack.setCurrentWidget(self.group_panel)
        else:
            self.context_stack.setCurrentIndex(0)
        self.setVisible(self.context_stack.currentIndex() != 0)

    def focus_answer(self) -> None:
        """The first field of the shown panel (Ctrl+3)."""
        shown = self.context_stack.currentWidget()
        if shown is self.follow_up_panel:
            self.follow_up_panel.outcome.setFocus()
        elif shown is self.measure_panel:
            self.measure_panel.verdict.setFocus()
        elif shown is self.checkpoint_panel:
            self.checkpoint_panel.status.setFocus()

    def save_review(self) -> None:
        item, capture = self._state.current_item(), self._state.capture()
        if item is None or capture is None or item.task_id not in capture.earlier_tasks:
            return
        result = self.follow_up_panel.chosen()
        if result is None:
            return
        new_due = self.follow_up_panel.new_due() if result == TaskReviewResult.CONTINUED else None
        task = capture.earlier_tasks[item.task_id]
        old = ReviewValue(TaskReviewResult(task.result), task.outcome, task.new_due) if task.result else None
        new = ReviewValue(result, self.follow_up_panel.outcome.text(), new_due)
        if old != new and self._ctx.push(ReviewTaskCommand(self._ctx, task.id, new, old)):
            self.message.emit(_("Follow-up saved."))

    def save_evaluation(self) -> None:
        item, capture = self._state.current_item(), self._state.capture()
        if item is None or capture is None or item.measure_id is None:
            return
        evaluation = capture.evaluations.get(item.measure_id)
        old = (MeasureVerdict(evaluation.verdict), evaluation.proposed_change) if evaluation else (None, "")
        new = self.measure_panel.value()
        if old != new:
            self._ctx.push(EvaluateMeasureCommand(self._ctx, item.measure_id, old, new))

    def _checkpoint_chosen(self) -> None:
        item = self._state.current_item()
        if item is None:
            return
        new = self.checkpoint_panel.value()
        old = CheckpointStatus(item.checkpoint_status) if item.checkpoint_status else None
        if new != old:
            self._ctx.push(SetCheckpointCommand(self._ctx, item.id, old, new))
