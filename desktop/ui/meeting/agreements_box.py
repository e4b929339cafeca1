"""The meeting runner's agreements: what the group agreed, item by item, added with Enter.

An agreement may await a formal decision (vedtak) by NAV or the municipality; it says so in the
list. Delete removes the selected agreement; both are undoable commands on the meeting's stack.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QListWidgetItem, QPushButton, QVBoxLayout

from desktop.i18n import _
from desktop.services.meeting.captured import DecisionRow
from desktop.ui.meeting.meeting_context import MeetingContext
from desktop.ui.meeting.runner_widgets import ID_ROLE, DeletableList, RunnerPart, RunnerState, heading
from desktop.ui.meeting.undo_commands import AddDecisionCommand, RemoveDecisionCommand


class AgreementsBox(RunnerPart):
    """The list of agreements, the field for a new one and its "awaits a formal decision" toggle."""

    def __init__(self, ctx: MeetingContext, undo_filter: QObject, state: RunnerState) -> None:
        super().__init__(ctx, undo_filter, state)
        self.decision_list = DeletableList()
        self.decision_list.setAccessibleName(_("Agreed"))
        self.decision_list.setWordWrap(True)
        self.decision_list.delete_pressed.connect(self.remove_selected)
        self.decision_edit = QLineEdit()
        self.decision_edit.setAccessibleName(_("New agreement"))
        self.decision_edit.setPlaceholderText(_("What was agreed (Ctrl+D), then Enter"))
        self.decision_edit.installEventFilter(undo_filter)
        self.decision_edit.returnPressed.connect(self.add)
        self.awaiting_check = QPushButton(_("Awaits a formal decision"))
        self.awaiting_check.setCheckable(True)
        self.awaiting_check.setToolTip(
            _("The agreement depends on a decision (vedtak) by NAV or the municipality.")
        )
        decision_row = QHBoxLayout()
        decision_row.addWidget(self.decision_edit, 1)
        decision_row.addWidget(self.awaiting_check)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(heading(_("Agreed")))
        layout.addWidget(self.decision_list, 1)
        layout.addLayout(decision_row)

    def add(self) -> None:
        text = self.decision_edit.text()
        if not text.strip():
            self._ctx.error.emit(_("Write what was agreed."))
            return
        item = self._state.current_item()
        command = AddDecisionCommand(
            self._ctx, item.id if item else None, text, self.awaiting_check.isChecked()
        )
        if self._ctx.push(command):
            self.decision_edit.clear()
            self.awaiting_check.setChecked(False)

    def remove_selected(self) -> None:
        current = self.decision_list.currentItem()
        if current is not None:
            self._ctx.push(RemoveDecisionCommand(self._ctx, int(current.data(ID_ROLE))))

    def show_decisions(self, decisions: tuple[DecisionRow, ...], numbers: Mapping[int, int]) -> None:
        """The agreements of the meeting, each with the number of its item (``numbers`` by item id)."""
        self.decision_list.clear()
        for decision in decisions:
            number = numbers.get(decision.agenda_item_id) if decision.agenda_item_id is not None else None
            prefix = _("Item {n}").format(n=number) if number is not None else ""
            text = decision.text
            if decision.awaiting_formal_decision:
                text = _("{text} (awaits a formal decision)").format(text=text)
            row = QListWidgetItem(f"{prefix} · {text}" if prefix else text)
            row.setData(ID_ROLE, decision.id)
            self.decision_list.addItem(row)
        self.decision_list.scrollToBottom()
