"""One QUndoCommand per edit in the agenda editor and the meeting runner (STYLE.md §8).

Every command's ``redo()``/``undo()`` calls a service through :class:`MeetingContext` and then
announces what changed, so the screens reload from the database rather than patching themselves.
Typing in a note merges into one command per item and field. Note text is written by the
context's :class:`NoteSaver` on the serial writer (off the UI thread) and counts as saved only once
its transaction has committed; everything else is a short synchronous write.
"""

from __future__ import annotations

import logging
from collections import deque
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from desktop.db import Database
from desktop.errors import UserError
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
from desktop.services.meeting.agenda import AgendaService
from desktop.services.meeting.agreements import AgreementService
from desktop.services.meeting.attendance import AttendanceService
from desktop.services.meeting.capture import CaptureService
from desktop.services.meeting.captured import DecisionRow, NewTaskRow
from desktop.services.meeting.closing import ClosingService
from desktop.services.meeting.measure_review import MeasureReviewService
from desktop.services.meeting.notes import NoteService
from desktop.services.meeting.planning import MeetingService
from desktop.services.meeting.task_review import TaskReviewService
from desktop.ui.background_op import SerialWriter

log = logging.getLogger(__name__)

RETRY_MS = 2_000  # a note that could not be written (a full disk) is tried again this often

NoteKey = tuple[int, int | None, str]  # meeting, agenda item (None: the meeting's own), kind


@dataclass(frozen=True)
class _Text:
    generation: int
    text: str


class NoteSaver(QObject):
    """Note text on its way to the database: a note is *saved* only once its transaction committed.

    :meth:`save` takes the newest text of a note. One write per note is on the serial writer at a
    time; text handed over while it runs waits here and is written right after it, newest only
    (never a queue of whole-note rewrites that would make each save later than the one before).
    A write that fails (a full disk, a locked file) leaves the text here, unsaved: it is written
    again every ``RETRY_MS``, as soon as newer text comes, and when someone tries to leave
    (:meth:`settle`). The close, leave and quit guards ask :meth:`unsaved_reason`.
    """

    state_changed = Signal()  # saving, saved, or not saved: the runner's indicator follows
    failed = Signal(str)  # saving stopped working: why, in the user's words
    recovered = Signal()  # after a failure, everything is saved again

    def __init__(self, ctx: MeetingContext) -> None:
        super().__init__(ctx)
        self._ctx = ctx
        self._texts: dict[NoteKey, _Text] = {}  # handed over, not yet committed
        self._writing: dict[NoteKey, int] = {}  # the generation on the writer now
        self._errors: dict[NoteKey, str] = {}  # why the last write of a note failed
        self._generation = 0
        self._recovering = False  # a write failed since everything was last saved
        # (key, generation, error or None), appended on the writer's thread, read on this one
        self._outcomes: deque[tuple[NoteKey, int, Exception | None]] = deque()
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.setInterval(RETRY_MS)
        self._retry.timeout.connect(self.retry)
        ctx.writer.written.connect(self.collect)
        ctx.writer.failed.connect(lambda _exc: self.collect())

    # -- what the screens ask ----------------------------------------------------------------------
    def is_saved(self) -> bool:
        return not self._texts

    def has_failed(self) -> bool:
        return bool(self._errors)

    def error(self) -> str:
        """Why the notes are not saved ('' while nothing failed)."""
        return next(iter(self._errors.values()), "")

    def pending_text(self, key: NoteKey) -> str | None:
        """The newest text of a note that has not committed yet (None: what is stored is current)."""
        pending = self._texts.get(key)
        return pending.text if pending is not None else None

    def unsaved_reason(self) -> str:
        """'' when every note has committed; else why not, in the user's words."""
        if self.is_saved():
            return ""
        return self.error() or _("Saving has not finished; try again in a moment.")

    # -- saving ------------------------------------------------------------------------------------
    def save(self, key: NoteKey, text: str) -> None:
        self._generation += 1
        self._texts[key] = _Text(self._generation, text)
        if key not in self._writing:
            self._submit(key)
        self.state_changed.emit()

    def retry(self) -> None:
        """Write every note that is not saved and not being written now."""
        for key in list(self._texts):
            if key not in self._writing:
                self._submit(key)

    def settle(self) -> bool:
        """Wait for the writer, try once more what failed, and wait again: True when all is saved.

        For the moments before leaving (blocks the UI thread for as long as the writes take).
        """
        self._ctx.writer.wait()
        self.collect()
        if self._texts:
            self.retry()
            self._ctx.writer.wait()
            self.collect()
        return self.is_saved()

    def _submit(self, key: NoteKey) -> None:
        pending = self._texts[key]
        self._writing[key] = pending.generation
        note_service, outcomes = self._ctx.note_service, self._outcomes
        meeting_id, item_id, kind = key
        generation, text = pending.generation, pending.text

        def work() -> None:  # on the writer's thread
            try:
                note_service.set_note(meeting_id, item_id, NoteKind(kind), text)
            except Exception as exc:  # noqa: BLE001 - kept as unsaved text, shown, tried again
                outcomes.append((key, generation, exc))
            else:
                outcomes.append((key, generation, None))

        self._ctx.writer.submit(work)

    def collect(self) -> None:
        """Take in what the writer finished (any of its signals; after ``wait()``, called directly)."""
        if not self._outcomes:
            return
        had_failed = bool(self._errors)
        while self._outcomes:
            key, generation, exc = self._outcomes.popleft()
            if self._writing.get(key) == generation:
                del self._writing[key]
            pending = self._texts.get(key)
            if exc is None:
                self._errors.pop(key, None)
                if pending is not None and pending.generation == generation:
                    del self._texts[key]
                    pending = None
            else:
                self._errors[key] = self._reason(exc)
            # newer text came while this write ran (after a failure: the next keystroke's retry)
            if pending is not None and pending.generation != generation and key not in self._writing:
                self._submit(key)
        if self._errors:
            self._recovering = True
            if not self._retry.isActive():
                self._retry.start()
            if not had_failed:
                self.failed.emit(self.error())
        else:
            self._retry.stop()
            if self._recovering and not self._texts:
                self._recovering = False
                self.recovered.emit()
        self.state_changed.emit()

    @staticmethod
    def _reason(exc: Exception) -> str:
        if isinstance(exc, UserError):
            return str(exc)  # translated, never with the note's text (a full disk, a locked file …)
        log.warning("a note could not be saved: %s", type(exc).__name__)  # never the text itself
        return _("The note could not be saved.")


class MeetingContext(QObject):
    """The services, the undo stack and the change signals of one open meeting."""

    agenda_changed = Signal()
    capture_changed = Signal()
    attendance_changed = Signal()
    note_changed = Signal(object, str, str)  # item id (or None), kind, text
    error = Signal(str)

    def __init__(self, db: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.meetings = MeetingService(db)
        self.agenda = AgendaService(db)
        self.capture = CaptureService(db)
        self.attendance = AttendanceService(db)
        self.note_service = NoteService(db)
        self.agreements = AgreementService(db)
        self.task_review = TaskReviewService(db)
        self.measure_review = MeasureReviewService(db)
        self.closing = ClosingService(db)
        self.undo_stack = QUndoStack(self)
        self.writer = SerialWriter(self)
        self.writer.failed.connect(lambda exc: self.error.emit(str(exc)))
        self.notes = NoteSaver(self)
        self.notes.failed.connect(self.error)
        self.meeting_id = 0

    def note_key(self, item_id: int | None, kind: NoteKind | str) -> NoteKey:
        return (self.meeting_id, item_id, NoteKind(kind).value)

    def write_note(self, item_id: int | None, kind: NoteKind, text: str) -> None:
        """Hand the note's newest text to the saver (it writes off the UI thread)."""
        self.notes.save(self.note_key(item_id, kind), text)
        self.note_changed.emit(item_id, kind.value, text)

    def push(self, command: Command) -> bool:
        """Apply ``command`` now and put it on the stack; a refused edit shows its message instead."""
        try:
            command.do()
        except UserError as exc:
            self.error.emit(str(exc))
            return False
        command.skip_next_redo = True
        self.undo_stack.push(command)
        return True


class Command(QUndoCommand):
    """Base: the first ``redo`` already ran in :meth:`MeetingContext.push`, so that a refused edit
    (a :class:`UserError` from the service) never reaches the stack; errors on undo/redo are shown.
    """

    def __init__(self, ctx: MeetingContext, text: str) -> None:
        super().__init__(text)
        self._ctx = ctx
        self.skip_next_redo = False

    def do(self) -> None:
        raise NotImplementedError

    def revert(self) -> None:
        raise NotImplementedError

    def redo(self) -> None:
        if self.skip_next_redo:
            self.skip_next_redo = False
            return
        try:
            self.do()
        except UserError as exc:
            self._ctx.error.emit(str(exc))

    def undo(self) -> None:
        try:
            self.revert()
        except UserError as exc:
            self._ctx.error.emit(str(exc))


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
