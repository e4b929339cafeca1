"""The meeting runner's new tasks: who does what by when, added with Enter.

A task needs what is to be done and who answers for it: a person of the group (their party
follows), or only a party. The due date starts ``DEFAULT_TASK_DAYS`` after the day the meeting is
held. Delete removes the selected task; both are undoable commands on the meeting's stack.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from PySide6.QtCore import QDate, QObject
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _, date_edit_format, format_date
from desktop.models.enums import PartyType, label
from desktop.services.meeting.captured import NewTaskRow
from desktop.services.meeting.planning import MemberChoice
from desktop.ui.meeting.meeting_context import MeetingContext
from desktop.ui.meeting.room_view import OWN_TASK_CHOICE
from desktop.ui.meeting.runner_widgets import (
    DEFAULT_TASK_DAYS,
    ID_ROLE,
    DeletableList,
    EnterPresses,
    RunnerPart,
    RunnerState,
    heading,
)
from desktop.ui.meeting.undo_commands import AddTaskCommand, RemoveTaskCommand, TaskDraft


class NewTaskForm(RunnerPart):
    """The list of the meeting's new tasks and the form that adds one."""

    def __init__(self, ctx: MeetingContext, undo_filter: QObject, state: RunnerState) -> None:
        super().__init__(ctx, undo_filter, state)
        self.task_list = DeletableList()
        self.task_list.setAccessibleName(_("New tasks"))
        self.task_list.setWordWrap(True)
        self.task_list.delete_pressed.connect(self.remove_selected)
        self.task_text = QLineEdit()
        self.task_text.setAccessibleName(_("What is to be done"))
        self.task_text.setPlaceholderText(_("What is to be done (Ctrl+T), then Enter"))
        self.task_text.setMaxLength(2000)
        self.task_text.installEventFilter(undo_filter)
        self.task_text.returnPressed.connect(self.add)
        self._build_choices()
        self.task_add = QPushButton(_("Add task"))
        self.task_add.clicked.connect(self.add)
        self._enter_adds_task = EnterPresses(self.add, self)
        for field in (self.task_person, self.task_party, self.task_due):
            field.installEventFilter(self._enter_adds_task)  # Enter anywhere in the row adds the task
        self._lay_out()

    def _build_choices(self) -> None:
        """Who, which party and by when."""
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

    def _lay_out(self) -> None:
        form = QGridLayout()
        # Who and which party get a row of their own: «Hvilken instans? (velg)» was cut off beside
        # the date at 1366×768 (and at 200 %).
        form.addWidget(self.task_text, 0, 0, 1, 2)
        form.addWidget(self.task_person, 1, 0)
        form.addWidget(self.task_party, 1, 1)
        due_row = QHBoxLayout()
        due_row.addWidget(self.task_due)
        due_row.addStretch(1)
        due_row.addWidget(self.task_add)
        form.addLayout(due_row, 2, 0, 1, 2)
        form.setColumnStretch(0, 1)
        form.setColumnStretch(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(heading(_("Who does what by when")))
        layout.addWidget(self.task_list, 1)
        layout.addLayout(form)
        # Tab follows the screen: the person (left) before the party (right), then the date
        for first, second in (
            (self.task_text, self.task_person),
            (self.task_person, self.task_party),
            (self.task_party, self.task_due),
            (self.task_due, self.task_add),
        ):
            QWidget.setTabOrder(first, second)

    def load(self, members: Iterable[MemberChoice], held_on: date) -> None:
        """The group's members to choose from, and the default due date counted from ``held_on``."""
        self.task_person.blockSignals(True)
        self.task_person.clear()
        self.task_person.addItem(_("Who? (choose)"), None)
        for member in members:
            is_user = PartyType.USER.value in (member.party, member.role)
            shown = _(OWN_TASK_CHOICE).format(name=member.name) if is_user else member.name
            self.task_person.addItem(shown, (member.id, member.party))
        self.task_person.blockSignals(False)
        self.task_due.setDate(QDate(held_on + timedelta(days=DEFAULT_TASK_DAYS)))

    def _person_chosen(self) -> None:
        data = self.task_person.currentData()
        if data:
            self.task_party.setCurrentIndex(max(0, self.task_party.findData(data[1])))
        else:
            self.task_party.setCurrentIndex(0)

    def add(self) -> None:
        text = self.task_text.text()
        if not text.strip():
            self._ctx.error.emit(_("Write what is to be done."))
            self.task_text.setFocus()
            return
        item = self._state.current_item()
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

    def remove_selected(self) -> None:
        current, capture = self.task_list.currentItem(), self._state.capture()
        if current is None or capture is None:
            return
        task_id = int(current.data(ID_ROLE))
        row = next((t for t in capture.tasks if t.id == task_id), None)
        if row is not None:
            self._ctx.push(RemoveTaskCommand(self._ctx, row))

    def show_tasks(self, tasks: tuple[NewTaskRow, ...]) -> None:
        self.task_list.clear()
        for task in tasks:
            due = format_date(task.due) if task.due else _("no date")
            who = task.responsible or label(PartyType(task.party))
            row = QListWidgetItem(_("{what} — {who}, by {due}").format(what=task.text, who=who, due=due))
            row.setData(ID_ROLE, task.id)
            self.task_list.addItem(row)
        self.task_list.scrollToBottom()
