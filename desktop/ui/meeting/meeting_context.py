"""One open meeting as the screens share it: its services, undo stack, writer and change signals.

Every edit is a :class:`Command` pushed through :meth:`MeetingContext.push` (STYLE.md §8): the
edit runs first, so a refused edit (a ``UserError`` from the service) never reaches the undo stack.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from desktop.db import Database
from desktop.errors import UserError
from desktop.models.enums import (
    NoteKind,
)
from desktop.services.meeting.agenda import AgendaService
from desktop.services.meeting.agreements import AgreementService
from desktop.services.meeting.attendance import AttendanceService
from desktop.services.meeting.capture import CaptureService
from desktop.services.meeting.closing import ClosingService
from desktop.services.meeting.measure_review import MeasureReviewService
from desktop.services.meeting.notes import NoteService
from desktop.services.meeting.planning import MeetingService
from desktop.services.meeting.task_review import TaskReviewService
from desktop.ui.background_op import SerialWriter
from desktop.ui.meeting.note_saver import NoteKey, NoteSaver


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
