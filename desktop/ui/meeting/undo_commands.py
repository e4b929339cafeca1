"""One QUndoCommand per edit in the agenda editor and the meeting runner (STYLE.md §8).

Every command's ``redo()``/``undo()`` calls a service through the ``MeetingContext``
(``meeting_context.py``) and then announces what changed, so the screens reload from the database
rather than patching themselves. Typing in a note merges into one command per item and field. Note
text is written by the context's ``NoteSaver`` (``note_saver.py``) on the serial writer (off the UI
thread) and counts as saved only once its transaction has committed; everything else is a short
synchronous write.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtGui import QUndoCommand

from desktop.i18n import _
from desktop.models.enums import (
    AttendanceStatus,
    CheckpointStatus,
    MeasureVerdict,
    NoteKind,
    ParticipationMode,
    PartyType,
    TaskReviewResult,
)
from desktop.services.meeting.captured import DecisionRow, NewTaskRow
from desktop.ui.meeting.meeting_context import Command, MeetingContext


# ---------------------------------------------------------------------------------------------
# Agenda editor
# ---------------------------------------------------------------------------------------------
class MoveItemCommand(Command):
    def __init__(self, ctx: MeetingContext, item_id: int, old_index: int, new_index: int) -> None:
        super().__init__(ctx, _("Move agenda item"))
        self._ctx, self._item_id, self._old, self._new = ctx, item_id, old_index, new_index

    def do(self) -> None:
        self._ctx.agenda.move_item(self._item_id, self._new)
        self._ctx.agenda_changed.emit()

    def revert(self) -> None:
        self._ctx.agenda.move_item(self._item_id, self._old)
        self._ctx.agenda_changed.emit()


class RenameItemCommand(Command):
    def __init__(self, ctx: MeetingContext, item_id: int, old: str, new: str) -> None:
        super().__init__(ctx, _("Rename agenda item"))
        self._ctx, self._item_id, self._old, self._new = ctx, item_id, old, new

    def do(self) -> None:
        self._ctx.agenda.rename_item(self._item_id, self._new)
        self._ctx.agenda_changed.emit()

    def revert(self) -> None:
        self._ctx.agenda.rename_item(self._item_id, self._old)
        self._ctx.agenda_changed.emit()


class SetMinutesCommand(Command):
    def __init__(self, ctx: MeetingContext, item_id: int, old: int, new: int) -> None:
        super().__init__(ctx, _("Change planned minutes"))
        self._ctx, self._item_id, self._old, self._new = ctx, item_id, old, new

    def do(self) -> None:
        self._ctx.agenda.set_planned_minutes(self._item_id, self._new)
        self._ctx.agenda_changed.emit()

    def revert(self) -> None:
        self._ctx.agenda.set_planned_minutes(self._item_id, self._old)
        self._ctx.agenda_changed.emit()


class AddItemCommand(Command):
    def __init__(self, ctx: MeetingContext, title: str, minutes: int, after_position: int | None) -> None:
        super().__init__(ctx, _("Add agenda item"))
        self._ctx, self._title, self._minutes, self._after = ctx, title, minutes, after_position
        self.item_id: int | None = None

    def do(self) -> None:
        if self.item_id is None:
            self.item_id = self._ctx.agenda.add_item(
                self._ctx.meeting_id, self._title, self._minutes, self._after
            )
        else:
            self._ctx.agenda.restore_item(self.item_id)
        self._ctx.agenda_changed.emit()

    def revert(self) -> None:
        if self.item_id is not None:
            self._ctx.agenda.remove_item(self.item_id)
        self._ctx.agenda_changed.emit()


class RemoveItemCommand(Command):
    def __init__(self, ctx: MeetingContext, item_id: int, index: int) -> None:
        super().__init__(ctx, _("Remove agenda item"))
        self._ctx, self._item_id, self._index = ctx, item_id, index

    def do(self) -> None:
        self._ctx.agenda.remove_item(self._item_id)
        self._ctx.agenda_changed.emit()

    def revert(self) -> None:
        self._ctx.agenda.restore_item(self._item_id)
        self._ctx.agenda.move_item(self._item_id, self._index)
        self._ctx.agenda_changed.emit()


# ---------------------------------------------------------------------------------------------
# Meeting runner
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class AttendanceValue:
    status: AttendanceStatus | None
    mode: ParticipationMode | None
    left_early: bool


class SetAttendanceCommand(Command):
    def __init__(
        self, ctx: MeetingContext, member_id: int, old: AttendanceValue, new: AttendanceValue
    ) -> None:
        super().__init__(ctx, _("Change attendance"))
        self._ctx, self._member_id, self._old, self._new = ctx, member_id, old, new

    def _apply(self, value: AttendanceValue) -> None:
        self._ctx.attendance.set_attendance(
            self._ctx.meeting_id, self._member_id, value.status, value.mode, value.left_early
        )
        self._ctx.attendance_changed.emit()

    def do(self) -> None:
        self._apply(self._new)

    def revert(self) -> None:
        self._apply(self._old)


class EditTextCommand(Command):
    """Typing in the notes or the user's own words of one item: consecutive edits merge."""

    MERGE_ID = 4101

    def __init__(self, ctx: MeetingContext, item_id: int | None, kind: NoteKind, old: str, new: str) -> None:
        super().__init__(ctx, _("Edit note") if kind == NoteKind.NOTE else _("Edit the user's own words"))
        self._ctx, self.item_id, self.kind, self._old, self._new = ctx, item_id, kind, old, new

    def do(self) -> None:
        self._ctx.write_note(self.item_id, self.kind, self._new)

    def revert(self) -> None:
        self._ctx.write_note(self.item_id, self.kind, self._old)

    def id(self) -> int:
        return self.MERGE_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, EditTextCommand) or (other.item_id, other.kind) != (self.item_id, self.kind):
            return False
        self._new = other._new
        return True


class AddDecisionCommand(Command):
    def __init__(self, ctx: MeetingContext, item_id: int | None, text: str, awaiting: bool) -> None:
        super().__init__(ctx, _("Add agreement"))
        self._ctx, self._item_id, self._text, self._awaiting = ctx, item_id, text, awaiting
        self.decision_id: int | None = None

    def do(self) -> None:
        self.decision_id = self._ctx.agreements.add_decision(
            self._ctx.meeting_id, self._item_id, self._text, self._awaiting, decision_id=self.decision_id
        )
        self._ctx.capture_changed.emit()

    def revert(self) -> None:
        if self.decision_id is not None:
            self._ctx.agreements.remove_decision(self.decision_id)
        self._ctx.capture_changed.emit()


class RemoveDecisionCommand(Command):
    def __init__(self, ctx: MeetingContext, decision_id: int) -> None:
        super().__init__(ctx, _("Remove agreement"))
        self._ctx, self._decision_id = ctx, decision_id
        self._row: DecisionRow | None = None

    def do(self) -> None:
        self._row = self._ctx.agreements.remove_decision(self._decision_id)
        self._ctx.capture_changed.emit()

    def revert(self) -> None:
        row = self._row
        if row is not None:
            self._ctx.agreements.add_decision(
                self._ctx.meeting_id,
                row.agenda_item_id,
                row.text,
                row.awaiting_formal_decision,
                decision_id=row.id,
                position=row.position,
            )
        self._ctx.capture_changed.emit()


@dataclass(frozen=True)
class TaskDraft:
    item_id: int | None
    text: str
    party: PartyType
    responsible_member_id: int | None
    due: date | None


class AddTaskCommand(Command):
    def __init__(self, ctx: MeetingContext, draft: TaskDraft) -> None:
        super().__init__(ctx, _("Add task"))
        self._ctx, self._draft = ctx, draft
        self.task_id: int | None = None

    def do(self) -> None:
        d = self._draft
        self.task_id = self._ctx.agreements.add_task(
            self._ctx.meeting_id,
            d.item_id,
            d.text,
            d.party,
            d.responsible_member_id,
            d.due,
            task_id=self.task_id,
        )
        self._ctx.capture_changed.emit()

    def revert(self) -> None:
        if self.task_id is not None:
            self._ctx.agreements.remove_task(self.task_id)
        self._ctx.capture_changed.emit()


class RemoveTaskCommand(Command):
    def __init__(self, ctx: MeetingContext, row: NewTaskRow) -> None:
        super().__init__(ctx, _("Remove task"))
        self._ctx, self._row = ctx, row

    def do(self) -> None:
        self._ctx.agreements.remove_task(self._row.id)
        self._ctx.capture_changed.emit()

    def revert(self) -> None:
        r = self._row
        self._ctx.agreements.add_task(
            self._ctx.meeting_id,
            r.agenda_item_id,
            r.text,
            PartyType(r.party),
            r.responsible_member_id,
            r.due,
            task_id=r.id,
        )
        self._ctx.capture_changed.emit()


@dataclass(frozen=True)
class ReviewValue:
    result: TaskReviewResult
    outcome: str
    new_due: date | None


class ReviewTaskCommand(Command):
    """Done / continued / dropped for an earlier task; undo restores the task as it was."""

    def __init__(self, ctx: MeetingContext, task_id: int, new: ReviewValue, old: ReviewValue | None) -> None:
        super().__init__(ctx, _("Follow up task"))
        self._ctx, self._task_id, self._new, self._old = ctx, task_id, new, old
        self._before = ctx.task_review.task_state(task_id) if old is None else None

    def do(self) -> None:
        n = self._new
        self._ctx.task_review.review_task(self._ctx.meeting_id, self._task_id, n.result, n.outcome, n.new_due)
        self._ctx.capture_changed.emit()

    def revert(self) -> None:
        if self._old is not None:
            o = self._old
            self._ctx.task_review.review_task(
                self._ctx.meeting_id, self._task_id, o.result, o.outcome, o.new_due
            )
        elif self._before is not None:
            self._ctx.task_review.undo_review(self._ctx.meeting_id, self._task_id, self._before)
        self._ctx.capture_changed.emit()


class EvaluateMeasureCommand(Command):
    def __init__(
        self,
        ctx: MeetingContext,
        measure_id: int,
        old: tuple[MeasureVerdict | None, str],
        new: tuple[MeasureVerdict | None, str],
    ) -> None:
        super().__init__(ctx, _("Evaluate measure"))
        self._ctx, self._measure_id, self._old, self._new = ctx, measure_id, old, new

    def _apply(self, value: tuple[MeasureVerdict | None, str]) -> None:
        self._ctx.measure_review.evaluate_measure(self._ctx.meeting_id, self._measure_id, value[0], value[1])
        self._ctx.capture_changed.emit()

    def do(self) -> None:
        self._apply(self._new)

    def revert(self) -> None:
        self._apply(self._old)


class SetCheckpointCommand(Command):
    def __init__(
        self, ctx: MeetingContext, item_id: int, old: CheckpointStatus | None, new: CheckpointStatus | None
    ) -> None:
        super().__init__(ctx, _("Change checkpoint status"))
        self._ctx, self._item_id, self._old, self._new = ctx, item_id, old, new

    def do(self) -> None:
        self._ctx.capture.set_checkpoint_status(self._item_id, self._new)
        self._ctx.capture_changed.emit()

    def revert(self) -> None:
        self._ctx.capture.set_checkpoint_status(self._item_id, self._old)
        self._ctx.capture_changed.emit()
