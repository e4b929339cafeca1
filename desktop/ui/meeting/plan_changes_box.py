"""The review's «Proposed changes to the plan»: the measures the meeting proposed to change or stop.

The group ticks the changes it agreed on; nothing changes in the plan until the user confirms
(closing the meeting, or «Make the ticked changes in the plan» on a held meeting). A stop without
a written reason is not offered: it is shown in red, to be written in the meeting first.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QGroupBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _
from desktop.models.enums import MeasureVerdict
from desktop.services.meeting.captured import EvaluationRow
from desktop.ui.palette import TEXT_ERROR, TEXT_SUCCESS

ID_ROLE = Qt.ItemDataRole.UserRole + 1


def _change_text(evaluation: EvaluationRow) -> str:
    measure = evaluation.measure_text
    is_stop = evaluation.verdict == MeasureVerdict.STOP.value
    if evaluation.applied_at is not None:
        return (
            _("Ended in the plan: {measure}").format(measure=measure)
            if is_stop
            else _("Changed in the plan to: {measure}").format(measure=measure)
        )
    if is_stop and not evaluation.proposed_change.strip():
        return _(
            "Stop: {measure}. No reason is written, so it is not ended: write why in the meeting."
        ).format(measure=measure)
    if is_stop:
        return _("Stop: {measure} (because: {reason})").format(
            measure=measure, reason=evaluation.proposed_change
        )
    return _("Change: {measure} → {change}").format(
        measure=measure, change=evaluation.proposed_change or _("(no new wording)")
    )


class PlanChangesBox(QGroupBox):
    """The proposed changes, ticked by default, and the button that makes them on a held meeting."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Proposed changes to the plan"), parent)
        self.changes = QListWidget()
        self.changes.setAccessibleName(_("Proposed changes to the plan"))
        self.changes.setWordWrap(True)
        self.apply_button = QPushButton(_("Make &the ticked changes in the plan"))
        tick_hint = QLabel(
            _("Tick the changes the group agreed on. Nothing changes in the plan until you confirm.")
        )
        tick_hint.setWordWrap(True)  # long in some languages and at a large font
        layout = QVBoxLayout(self)
        layout.addWidget(tick_hint)
        layout.addWidget(self.changes, 1)
        layout.addWidget(self.apply_button)

    def show_evaluations(self, evaluations: tuple[EvaluationRow, ...], *, is_held: bool) -> None:
        self.changes.clear()
        pending = 0
        for evaluation in evaluations:
            if evaluation.verdict == MeasureVerdict.CONTINUE.value:
                continue
            no_reason = (
                evaluation.verdict == MeasureVerdict.STOP.value and not evaluation.proposed_change.strip()
            )
            item = QListWidgetItem(_change_text(evaluation))
            item.setData(ID_ROLE, evaluation.id)
            if no_reason and evaluation.applied_at is None:
                item.setForeground(QColor(TEXT_ERROR))
            elif evaluation.applied_at is None:
                pending += 1
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked)
            else:
                item.setForeground(QColor(TEXT_SUCCESS))
            self.changes.addItem(item)
        if not self.changes.count():
            self.changes.addItem(_("No changes to the plan were proposed."))
        self.apply_button.setEnabled(pending > 0 and is_held)
        self.apply_button.setToolTip("" if is_held else _("The changes are made when you close the meeting."))

    def checked_change_ids(self) -> list[int]:
        ids = []
        for row in range(self.changes.count()):
            item = self.changes.item(row)
            if item.flags() & Qt.ItemFlag.ItemIsUserCheckable and item.checkState() == Qt.CheckState.Checked:
                ids.append(int(item.data(ID_ROLE)))
        return ids
