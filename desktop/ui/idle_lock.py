"""Lock the window after a while without keyboard or mouse input; the passphrase unlocks it.

Only an encrypted database is locked (the passphrase is what unlocks). While locked, an opaque
panel covers the whole window and every key, click and shortcut outside the panel is swallowed.
The idle time comes from ``ANSVARSGRUPPE_IDLE_LOCK_MINUTES`` (default 10; 0 switches it off).
What this does not protect: the passphrase and open data stay in the process's memory.
"""

from __future__ import annotations

import hmac
import os
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QWindow
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.db import Database
from desktop.i18n import _
from desktop.ui.font_size import pt
from desktop.ui.palette import BG_PANEL, error_style

IDLE_LOCK_ENV = "ANSVARSGRUPPE_IDLE_LOCK_MINUTES"
DEFAULT_IDLE_MINUTES = 10.0
PANEL_COLOR = BG_PANEL

_INPUT_EVENTS = {
    QEvent.Type.KeyPress,
    QEvent.Type.KeyRelease,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseButtonRelease,
    QEvent.Type.MouseButtonDblClick,
    QEvent.Type.Wheel,
    QEvent.Type.ShortcutOverride,
    QEvent.Type.Shortcut,
}


def idle_minutes_from_env() -> float:
    try:
        return max(0.0, float(os.environ.get(IDLE_LOCK_ENV, DEFAULT_IDLE_MINUTES)))
    except ValueError:
        return DEFAULT_IDLE_MINUTES


class LockPanel(QWidget):
    """The opaque panel shown over a locked window."""

    unlock_requested = Signal(str)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("lockPanel")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)  # paint it: nothing shows through
        self.setStyleSheet(f"#lockPanel {{ background: {PANEL_COLOR}; }}")
        title = QLabel(_("Ansvarsgruppe is locked"))
        title.setStyleSheet(f"font-size: {pt(18)}; font-weight: 600;")
        text = QLabel(
            _("The window was locked because nobody used it for a while. Type the passphrase to go on.")
        )
        text.setWordWrap(True)
        text.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        text.setFixedWidth(460)
        text.setMinimumHeight(text.heightForWidth(460))  # a centred, wrapped label gets one line otherwise
        self.passphrase_edit = QLineEdit()
        self.passphrase_edit.setObjectName("unlockPassphrase")
        self.passphrase_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase_edit.setAccessibleName(_("Passphrase"))
        self.passphrase_edit.setPlaceholderText(_("Passphrase"))
        self.passphrase_edit.setMinimumWidth(300)
        self.unlock_button = QPushButton(_("&Unlock"))
        self.error_label = QLabel()
        self.error_label.setObjectName("unlockError")
        self.error_label.setStyleSheet(error_style())
        row = QHBoxLayout()
        row.addStretch()
        row.addWidget(self.passphrase_edit)
        row.addWidget(self.unlock_button)
        row.addStretch()
        layout = QVBoxLayout(self)
        layout.addStretch()
        layout.addWidget(title, alignment=Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(text, alignment=Qt.AlignmentFlag.AlignHCenter)
        layout.addSpacing(12)
        layout.addLayout(row)
        layout.addWidget(self.error_label, alignment=Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch()
        self.passphrase_edit.returnPressed.connect(self._submit)
        self.unlock_button.clicked.connect(self._submit)

    def _submit(self) -> None:
        text = self.passphrase_edit.text()
        self.passphrase_edit.clear()
        self.unlock_requested.emit(text)


class IdleLock(QObject):
    """Watches the application's input; locks ``window`` after ``minutes`` without any."""

    locked_changed = Signal(bool)

    def __init__(
        self, window: QMainWindow, get_db: Callable[[], Database], minutes: float | None = None
    ) -> None:
        super().__init__(window)
        self._window, self._get_db = window, get_db
        self.minutes = idle_minutes_from_env() if minutes is None else minutes
        self.panel = LockPanel(window)
        self.panel.hide()
        self.panel.unlock_requested.connect(self.try_unlock)
        self._extra_panels: list[LockPanel] = []
        self._timer = QTimer(self)
        self._timer.setObjectName("idleLockTimer")
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.lock)
        if self.minutes > 0:
            self._timer.setInterval(int(self.minutes * 60_000))
            self._timer.start()
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        window.installEventFilter(self)

    @property
    def is_locked(self) -> bool:
        return self.panel.isVisible()

    def _other_windows(self) -> list[QWidget]:
        """Visible dialogs and other top-level windows: they are covered too (a modal dialog
        would otherwise stay readable, and keep the main window's panel from getting input)."""
        return [
            w
            for w in QApplication.topLevelWidgets()
            if w is not self._window and w.isVisible() and isinstance(w, QDialog)
        ]

    def _cover(self, target: QWidget, panel: LockPanel) -> None:
        panel.setGeometry(target.rect())
        panel.error_label.clear()
        panel.show()
        panel.raise_()

    def lock(self) -> bool:
        """Lock now (only an encrypted database: the passphrase is the key). True when locked."""
        if not self._get_db().is_encrypted:
            return False
        self._cover(self._window, self.panel)
        focus_panel = self.panel
        for other in self._other_windows():
            panel = LockPanel(other)
            panel.unlock_requested.connect(self.try_unlock)
            other.installEventFilter(self)
            self._extra_panels.append(panel)
            self._cover(other, panel)
            if other is QApplication.activeModalWidget():
                focus_panel = panel  # only the modal dialog can take input
        focus_panel.passphrase_edit.setFocus()
        self.locked_changed.emit(True)
        return True

    def panels(self) -> list[LockPanel]:
        return [self.panel, *self._extra_panels]

    def try_unlock(self, passphrase: str) -> bool:
        expected = self._get_db().passphrase or ""
        if not hmac.compare_digest(passphrase.encode(), expected.encode()):
            for panel in self.panels():
                panel.error_label.setText(_("That is not the passphrase. Try again."))
            return False
        self.panel.hide()
        for panel in self._extra_panels:
            panel.hide()
            panel.deleteLater()
        self._extra_panels = []
        self.locked_changed.emit(False)
        if self.minutes > 0:
            self._timer.start()
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Resize and self.panel.isVisible():
            for panel in self.panels():
                parent = panel.parentWidget()
                if parent is not None and parent is watched:
                    panel.setGeometry(parent.rect())
        if event.type() not in _INPUT_EVENTS:
            return False
        if not self.panel.isVisible():
            if self.minutes > 0:
                self._timer.start()  # any input restarts the idle clock
            return False
        if isinstance(watched, QWindow):
            return False  # the platform window passes input on to a widget, filtered below
        inside = isinstance(watched, QWidget) and any(
            watched is panel or panel.isAncestorOf(watched) for panel in self.panels()
        )
        return not inside  # while locked, nothing outside the panels gets input or shortcuts
