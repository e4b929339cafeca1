"""Note text on its way to the database, off the UI thread: saved only once its transaction committed.

Typing in the meeting runner hands each note's newest text to the :class:`NoteSaver` of the open
meeting (``MeetingContext.notes``); it writes on the meeting's serial writer and says whether
everything typed has reached the database (a full disk: "Not saved", tried again).
"""

from __future__ import annotations

import logging
from collections import deque
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from desktop.errors import UserError
from desktop.i18n import _
from desktop.models.enums import (
    NoteKind,
)

if TYPE_CHECKING:
    from desktop.ui.meeting.meeting_context import MeetingContext

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
