"""The meeting runner's clock: time on the current top-level item, against its planned minutes.

The clock runs per top-level item: time on a sub-item counts toward its item, against the planned
minutes of the item with all of its sub-items. It turns a gentle amber when the item runs over.
The time is stored off the UI thread every ``ELAPSED_SAVE_EVERY_SECONDS``, on pausing and on
moving to another item.
"""

from __future__ import annotations

from PySide6.QtCore import QElapsedTimer, QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from desktop.i18n import _
from desktop.services.meeting.capture import ItemState
from desktop.ui.font_size import pt
from desktop.ui.meeting.agenda_model import AgendaTableModel
from desktop.ui.meeting.meeting_context import MeetingContext
from desktop.ui.meeting.runner_widgets import RunnerState, native_keys
from desktop.ui.palette import BG_ATTENTION_STRONG, BG_CHIP, TEXT_WARNING, warning_style

ELAPSED_SAVE_EVERY_SECONDS = 15
PAUSE_KEYS = "F8"


def timer_style(*, over: bool) -> str:
    """The clock's style: amber when the item runs over (the size follows the system font)."""
    colours = (
        f"background: {BG_ATTENTION_STRONG}; color: {TEXT_WARNING};" if over else f"background: {BG_CHIP};"
    )
    return f"font-size: {pt(15)}; font-weight: 600; padding: 2px 10px; border-radius: 6px; {colours}"


class ItemClock(QWidget):
    """The overrun cue, the time on the item and the pause button, as one row of the header.

    It counts for the runner's ``clock_item``, against the planned minutes of the block of the
    runner's ``current_row``.
    """

    def __init__(
        self,
        ctx: MeetingContext,
        agenda_model: AgendaTableModel,
        state: RunnerState,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._agenda_model = agenda_model
        self._state = state
        #: Seconds stored for each top-level item, by its id; the running part is added on top.
        self.seconds_by_item: dict[int, int] = {}
        self._clock = QElapsedTimer()
        self._running = False
        self._ticks = 0
        self.overrun_label = QLabel()
        self.overrun_label.setStyleSheet(warning_style())
        self.timer_label = QLabel()
        self.timer_label.setAccessibleName(_("Time on this item"))
        self.timer_label.setStyleSheet(timer_style(over=False))
        self.pause_button = QPushButton(_("Pause"))
        self.pause_button.setToolTip(native_keys(PAUSE_KEYS))
        self.pause_button.clicked.connect(self.toggle)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.overrun_label)
        layout.addWidget(self.timer_label)
        layout.addWidget(self.pause_button)
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._on_tick)

    def is_running(self) -> bool:
        return self._running

    def set_running(self, running: bool) -> None:
        if running and not self._running:
            self._clock.start()
            self._tick.start()
        elif not running and self._running:
            self.save_elapsed()
            self._clock.invalidate()
            self._tick.stop()
        self._running = running
        self.pause_button.setText(_("Pause") if running else _("Resume"))
        self.update_label()

    def toggle(self) -> None:
        self.set_running(not self._running)

    def remember(self, items: tuple[ItemState, ...]) -> None:
        """Take the stored time of items not seen before (what is counted here wins)."""
        for item in items:
            self.seconds_by_item.setdefault(item.id, item.elapsed_seconds)

    def restart(self) -> None:
        """A new item: the running part starts again from zero (if the clock runs)."""
        if self._clock.isValid():
            self._clock.restart()

    def elapsed_seconds(self) -> int:
        item = self._state.clock_item()
        if item is None:
            return 0
        running = self._clock.elapsed() // 1000 if self._clock.isValid() else 0
        return self.seconds_by_item.get(item.id, 0) + int(running)

    def save_elapsed(self) -> None:
        """Store the time of the clock's item (off the UI thread) and count on from there."""
        item = self._state.clock_item()
        if item is None or not self._clock.isValid():
            return
        seconds = self.elapsed_seconds()
        self.seconds_by_item[item.id] = seconds
        self._clock.restart()
        capture = self._ctx.capture
        self._ctx.writer.submit(lambda: capture.set_elapsed(item.id, seconds))
        self._agenda_model.set_elapsed(self._agenda_model.top_row(self._state.current_row()), seconds)

    def _on_tick(self) -> None:
        self._ticks += 1
        if self._ticks % ELAPSED_SAVE_EVERY_SECONDS == 0:
            self.save_elapsed()
        self.update_label()

    def update_label(self) -> None:
        """The time against the planned minutes of the item with all of its sub-items."""
        if self._state.clock_item() is None:
            self.timer_label.setText("")
            return
        row = self._state.current_row()
        seconds = self.elapsed_seconds()
        minutes, secs = divmod(seconds, 60)
        planned = self._agenda_model.block_minutes(row)
        self.timer_label.setText(f"{minutes:02d}:{secs:02d} / {planned}:00")
        over = seconds - planned * 60
        self.timer_label.setStyleSheet(timer_style(over=over > 0))
        self.overrun_label.setText(_("{n} min over").format(n=max(1, over // 60)) if over > 0 else "")
        self._agenda_model.set_elapsed(self._agenda_model.top_row(row), seconds)
