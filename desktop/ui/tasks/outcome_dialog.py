"""Closing a task asks what came out of it: the outcome is required for done and dropped
(DOMAIN.md §9.6), and it is what the group reads at the next meeting."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _
from desktop.models.enums import TaskStatus
from desktop.services.tasks.board import MAX_OUTCOME_CHARS, TaskRow
from desktop.ui.palette import error_style


class TaskOutcomeDialog(QDialog):
    """``exec()`` returns Accepted only with a non-empty outcome; read it from ``outcome()``."""

    def __init__(self, task: TaskRow, status: TaskStatus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.status = status
        done = status == TaskStatus.DONE
        self.setWindowTitle(_("Mark the task as done") if done else _("End the task without doing it"))
        self.setMinimumWidth(520)
        task_label = QLabel(" ".join(task.text.split()))
        task_label.setWordWrap(True)
        task_label.setStyleSheet("font-weight: 600;")
        who = QLabel(
            _("Responsible: {person} · Case {reference}").format(
                person=task.responsible or "—", reference=task.case_reference
            )
        )
        question = QLabel(
            _("What came out of it?") if done else _("Why is the task ended, and what happens instead?")
        )
        self.outcome_edit = QPlainTextEdit()
        self.outcome_edit.setAccessibleName(_("Outcome"))
        self.outcome_edit.setPlaceholderText(
            _("For example: The application was sent and its receipt confirmed.")
            if done
            else _("For example: No longer needed; the user chose another offer.")
        )
        self.outcome_edit.setTabChangesFocus(True)
        question.setBuddy(self.outcome_edit)
        self.error_label = QLabel()
        self.error_label.setObjectName("outcomeError")
        self.error_label.setStyleSheet(error_style())
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(_("Mark as done") if done else _("End the task"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(task_label)
        layout.addWidget(who)
        layout.addSpacing(8)
        layout.addWidget(question)
        layout.addWidget(self.outcome_edit)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.outcome_edit.setFocus()

    def outcome(self) -> str:
        return self.outcome_edit.toPlainText().strip()

    def accept(self) -> None:
        text = self.outcome()
        if not text:
            self._show_error(_("Write what came out of the task before closing it."))
            return
        if len(text) > MAX_OUTCOME_CHARS:
            self._show_error(
                _("The outcome is too long ({count} characters). Keep it under {limit}.").format(
                    count=len(text), limit=MAX_OUTCOME_CHARS
                )
            )
            return
        super().accept()

    def _show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.show()
        self.outcome_edit.setFocus()
