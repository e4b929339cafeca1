"""Small pieces the parts of the meeting runner share: key filters, a deletable list, a heading."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QFrame, QLabel, QListWidget, QWidget

from desktop.services.meeting.capture import ItemState, MeetingCapture
from desktop.ui.meeting.meeting_context import MeetingContext
from desktop.ui.palette import TEXT_STRONG, label_style

#: Through every item, sub-items included; Ctrl+PgDown/PgUp (the workspace's actions) go through
#: the top-level items. Alt+Page keys are no mnemonic and nothing in the runner's fields uses them.
NEXT_SUB_ITEM_KEYS = "Alt+PgDown"
PREVIOUS_SUB_ITEM_KEYS = "Alt+PgUp"
#: A new task is due, and a continued one due again, this long after the meeting is held.
DEFAULT_TASK_DAYS = 14
#: Where a list row of the runner keeps the id of its agreement or task.
ID_ROLE = Qt.ItemDataRole.UserRole + 1


class RunnerState(Protocol):
    """Where the meeting runner is: what its parts read, never change."""

    def capture(self) -> MeetingCapture | None: ...
    def current_row(self) -> int: ...
    def current_item(self) -> ItemState | None: ...
    def clock_item(self) -> ItemState | None: ...


class UndoKeysToStack(QObject):
    """Let Ctrl+Z / Ctrl+Shift+Z reach the meeting's undo stack instead of the editor's own undo."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            if event.matches(QKeySequence.StandardKey.Undo) or event.matches(QKeySequence.StandardKey.Redo):
                event.ignore()
                return True
        return False


class EnterPresses(QObject):
    """Enter (or the keypad's Enter) in a watched field calls ``action``, as in a dialog's form."""

    def __init__(self, action: Callable[[], None], parent: QObject) -> None:
        super().__init__(parent)
        self._action = action

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            if (
                event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and modifiers == Qt.KeyboardModifier.NoModifier
            ):
                self._action()
                return True
        return False


class DeletableList(QListWidget):
    """A list whose current row Delete (or Backspace) asks to remove."""

    delete_pressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt API)
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.currentItem() is not None:
            self.delete_pressed.emit()
            return
        super().keyPressEvent(event)


def native_keys(keys: str) -> str:
    """A shortcut as the platform (and Qt's translation) writes it, e.g. for tooltips and help."""
    return QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText)


def heading(text: str) -> QLabel:
    """A bold heading over a part of the runner."""
    lbl = QLabel(text)
    lbl.setStyleSheet(label_style(TEXT_STRONG, bold=True))
    return lbl


class RunnerPart(QFrame):
    """A part of the meeting runner: it edits the meeting through ``ctx``'s undo stack, reads where
    the runner is from ``state``, and puts ``undo_filter`` on its text fields (Ctrl+Z undoes the
    meeting's last edit, not the field's)."""

    def __init__(
        self,
        ctx: MeetingContext,
        undo_filter: QObject,
        state: RunnerState,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)  # (the parts put undo_filter on their fields themselves)
        self._ctx = ctx
        self._state = state
