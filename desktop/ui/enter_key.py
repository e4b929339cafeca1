"""Enter presses the focused button, as on Windows.

Qt lets Enter press a push button only when the button is a dialog's (auto-)default; everywhere
else (the main window's pages) only Space does. Windows users press Enter on the button the focus
frame is on — «Åpne demodata», «Start møtet» — and expect it to act. One application-wide event
filter gives every focused push or tool button that behaviour, and leaves buttons Qt already
handles (dialog defaults) alone.

The filter is put on a button when it first gets the focus (``focusChanged``), not on the whole
application: an application-wide filter would run Python for every event of every widget.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QPushButton, QToolButton, QWidget

ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
OBJECT_NAME = "enterPressesButtons"


class EnterPressesButtons(QObject):
    """Turns Enter on a focused push or tool button into a click."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() != QEvent.Type.KeyPress or not isinstance(watched, (QPushButton, QToolButton)):
            return False
        assert isinstance(event, QKeyEvent)
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if event.key() not in ENTER_KEYS or modifiers != Qt.KeyboardModifier.NoModifier:
            return False
        if isinstance(watched, QPushButton) and (watched.autoDefault() or watched.isDefault()):
            return False  # Qt presses dialog defaults itself
        if not watched.isEnabled() or not watched.hasFocus():
            return False
        watched.animateClick()
        return True

    def watch(self, _old: QWidget | None, new: QWidget | None) -> None:
        """Filter the keys of a button that just got the focus (each button once)."""
        if isinstance(new, (QPushButton, QToolButton)) and not new.property(OBJECT_NAME):
            new.setProperty(OBJECT_NAME, True)
            new.installEventFilter(self)


def install(app: QApplication) -> None:
    """Install the filter once per application."""
    if app.findChild(EnterPressesButtons, OBJECT_NAME) is None:
        enter = EnterPressesButtons(app)
        enter.setObjectName(OBJECT_NAME)
        app.focusChanged.connect(enter.watch)
