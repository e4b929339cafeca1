"""The meeting runner's notes: what was said, and the user's own words, with their autosave.

Typing is handed to the note saver (``ctx.notes``, off the UI thread) within ``AUTOSAVE_MS`` of
the first keystroke of a burst, as a merging undo command. The indicator under the notes says
"Saved" only once the database has them; on a full disk they are "Not saved", kept on the screen
and tried again.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QVBoxLayout

from desktop.i18n import _
from desktop.models.enums import NoteKind
from desktop.ui.font_size import pt
from desktop.ui.meeting.meeting_context import MeetingContext
from desktop.ui.meeting.runner_context import NOT_SAVED_STYLE
from desktop.ui.meeting.runner_widgets import RunnerPart, RunnerState, heading
from desktop.ui.meeting.undo_commands import EditTextCommand
from desktop.ui.palette import BG_NOTE, muted_style

# Typing is handed to the database this long after the first keystroke of a burst (the timer is
# not restarted by later keystrokes). A save is cheap and runs on the writer's thread, so the
# delay is kept short: it is most of the time a keystroke waits before it survives a crash
# (benchmarks/bench_autosave.py measures keystroke to commit; figures in benchmarks/README.md).
AUTOSAVE_MS = 250

NoteKey = tuple[int | None, str]


def saved_style(state: str) -> str:
    colours = NOT_SAVED_STYLE if state == "failed" else muted_style()
    return f"{colours} font-size: {pt(9)};"


class NotesPane(RunnerPart):
    """The two note editors of the current item and the save indicator under them."""

    def __init__(self, ctx: MeetingContext, undo_filter: QObject, state: RunnerState) -> None:
        super().__init__(ctx, undo_filter, state)
        #: What was last handed to the saver per (item, kind): the "before" of the next undo command.
        self._saved_text: dict[NoteKey, str] = {}
        self._dirty: set[str] = set()
        self._flushing = False  # the note_changed of our own typing: the editor already shows it
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setAccessibleName(_("Notes"))
        self.notes_edit.setPlaceholderText(_("What was said (Ctrl+1)"))
        self.words_edit = QPlainTextEdit()
        self.words_edit.setAccessibleName(_("The user's own words"))
        self.words_edit.setPlaceholderText(_("Write down the user's own words, as they say them (Ctrl+2)"))
        self.words_edit.setStyleSheet(f"QPlainTextEdit {{ background: {BG_NOTE}; }}")
        for editor, kind in self._editors():
            editor.setTabChangesFocus(True)  # Tab moves on (a keyboard user is never trapped in a note)
            editor.installEventFilter(undo_filter)
            editor.textChanged.connect(lambda k=kind: self._text_changed(k))
        self.words_heading = heading(_("The user's own words"))
        self.saved_label = QLabel()
        self.saved_label.setWordWrap(True)  # "Not saved" says why (a full disk) and what happens next
        self.saved_label.setTextFormat(Qt.TextFormat.PlainText)
        self.saved_label.setStyleSheet(saved_style(""))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(heading(_("Notes")))
        layout.addWidget(self.notes_edit, 3)
        layout.addWidget(self.words_heading)
        layout.addWidget(self.words_edit, 2)
        layout.addWidget(self.saved_label)
        self.autosave = QTimer(self)
        self.autosave.setSingleShot(True)
        self.autosave.setInterval(AUTOSAVE_MS)
        self.autosave.timeout.connect(self.flush)
        ctx.note_changed.connect(self._note_changed)
        ctx.notes.state_changed.connect(self.show_save_state)

    def _editors(self) -> tuple[tuple[QPlainTextEdit, NoteKind], ...]:
        return ((self.notes_edit, NoteKind.NOTE), (self.words_edit, NoteKind.USER_WORDS))

    def set_user_name(self, first_name: str) -> None:
        self.words_heading.setText(
            _("In {name}'s own words").format(name=first_name) if first_name else _("The user's own words")
        )

    def forget(self) -> None:
        """A meeting (re)loaded: what was handed over before belongs to no item shown now."""
        self._saved_text.clear()

    def show_item(self, item_id: int, stored: Mapping[NoteKey, str]) -> None:
        """The notes of the item, as typed: what the saver still holds, else what was handed over,
        else what the database has (``stored``)."""
        for editor, kind in self._editors():
            key = (item_id, kind.value)
            unsaved = self._ctx.notes.pending_text(self._ctx.note_key(item_id, kind))
            text = unsaved if unsaved is not None else self._saved_text.get(key, stored.get(key, ""))
            self._saved_text[key] = text
            editor.blockSignals(True)
            editor.setPlainText(text)
            editor.blockSignals(False)
        self._dirty.clear()

    def _text_changed(self, kind: NoteKind) -> None:
        self._dirty.add(kind.value)
        if self._ctx.notes.has_failed():
            self.show_save_state()
        else:
            self._set_saved_label(_("Saving…"), "")
        if not self.autosave.isActive():  # not restarted while typing: saved at most AUTOSAVE_MS later
            self.autosave.start()

    def flush(self) -> None:
        """Turn pending typing into (merging) undo commands; each hands its text to the note saver.

        ``_saved_text`` is what was last handed over (the "before" of the next undo command), not
        what has committed: that is the saver's to say (:meth:`show_save_state`).
        """
        self.autosave.stop()
        item = self._state.current_item()
        if item is None or not self._dirty:
            self._dirty.clear()
            return
        for editor, kind in self._editors():
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
            self.saved_label.setStyleSheet(saved_style(state))

    def unsaved_reason(self) -> str:
        """'' when everything typed in the notes has committed; else why not, in the user's words.

        Hands over what was typed, waits for the writer and tries once more what failed, so that
        freeing space on the disk and trying again is enough. The guards of closing the meeting,
        leaving the meeting screen and quitting ask this first.
        """
        self.flush()
        self._ctx.notes.settle()
        self.show_save_state()
        return self._ctx.notes.unsaved_reason()

    def _note_changed(self, item_id: int | None, kind: str, text: str) -> None:
        self._saved_text[(item_id, kind)] = text
        item = self._state.current_item()
        if self._flushing or item is None or item.id != item_id:
            return  # (the editor's text, compared, would cost a copy of a long note per autosave)
        editor = self.notes_edit if kind == NoteKind.NOTE.value else self.words_edit
        if editor.toPlainText() != text:
            editor.blockSignals(True)
            editor.setPlainText(text)
            editor.moveCursor(editor.textCursor().MoveOperation.End)
            editor.blockSignals(False)
