"""The room view: a calm, read-only second window for a shared screen or the laptop turned around.

It shows what :class:`desktop.services.meeting.room.RoomService` allows (the consent rule is there): the
current agenda item, the goal in the person's own words, what has been agreed so far, and who
does what by when, the person's own tasks first. It follows the meeting runner live: it reloads
after every change the runner announces (agenda, capture, attendance, saved typing, a new item).

On a machine with a second screen it opens full-screen there; otherwise it is a normal window.
Escape closes it; the runner's room-view key (Ctrl+Shift+R) opens and closes it. The agenda and
the lists are written as rich text in ``room_text.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QGuiApplication,
    QKeySequence,
    QResizeEvent,
    QScreen,
    QShowEvent,
)
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QLayout, QVBoxLayout, QWidget

from desktop import clock
from desktop.db import Database
from desktop.errors import UserError
from desktop.i18n import N_, _, format_clock
from desktop.models.enums import AgendaKind, LifeDomain, label
from desktop.services.meeting.room import RoomContent, RoomService
from desktop.ui.meeting.room_text import agenda_text, decision_text, task_text
from desktop.ui.palette import (
    BG_ROOM,
    BG_ROOM_WORDS,
    BORDER_ROOM_WORDS,
    RULE_ROOM,
    TEXT_ACCENT,
    TEXT_MUTED,
    TEXT_STRONG,
)

if TYPE_CHECKING:
    from desktop.ui.meeting.runner import MeetingRunner

#: The runner's action that opens and closes the room view (free in the workspace and the main window).
ROOM_ACTION_TEXT = N_("Room &view (shared screen)")
ROOM_ACTION_KEYS = "Ctrl+Shift+R"
#: The person themself in the runner's "who?" list of a new task («Dette gjør jeg selv»).
OWN_TASK_CHOICE = N_("{name} (I will do this myself)")
#: Told to the coordinator (never on the shared screen, and never who it is).
ROOM_NOTICE_RESTRICTED = N_(
    "The room view shows only the agenda: someone who may be in the room has not got the user's "
    "consent to receive the full minutes. Mark who is present, or check the consents."
)
CLOCK_MS = 20_000
REFRESH_MS = 120

BACKGROUND = BG_ROOM
TEXT = TEXT_STRONG
MUTED = TEXT_MUTED
ACCENT = TEXT_ACCENT
WORDS_BACKGROUND = BG_ROOM_WORDS
WORDS_BORDER = BORDER_ROOM_WORDS


def choose_screen(screens: Sequence[QScreen], primary: QScreen | None) -> QScreen | None:
    """The screen the room view goes full-screen on: the first one that is not the primary, if any."""
    return next((screen for screen in screens if screen is not primary), None)


class _CloseWithOwner(QObject):
    """Closes the room view when ``owner`` is hidden by the program (closed), not when minimised."""

    def __init__(self, view: QWidget, owner: QWidget) -> None:
        super().__init__(view)
        self._view = view
        owner.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Hide and not event.spontaneous():
            self._view.close()
        return False


def _label(object_name: str, text: str = "") -> QLabel:
    lbl = QLabel(text)
    lbl.setObjectName(object_name)
    lbl.setWordWrap(True)
    lbl.setTextFormat(Qt.TextFormat.PlainText)
    lbl.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    return lbl


def _section(title: str, object_name: str) -> tuple[QLabel, QLabel]:
    """A section's title and its body, rich text (every text in it is escaped) named by the title."""
    body = _label(object_name)
    body.setTextFormat(Qt.TextFormat.RichText)
    body.setAccessibleName(title)
    return _label("roomSection", title), body


def _column(title: QLabel, body: QLabel) -> QVBoxLayout:
    column = QVBoxLayout()
    column.setSpacing(10)
    column.addWidget(title)
    column.addWidget(body)
    column.addStretch(1)
    return column


class RoomView(QWidget):
    """The window. ``meeting_id`` and ``current_item_id`` are read from the runner on each refresh.

    ``restriction_changed(True)`` is emitted when the consent rule starts hiding content, so that
    the coordinator can be told (on their own screen) why the room sees less.
    """

    restriction_changed = Signal(bool)

    def __init__(
        self,
        db: Database,
        meeting_id: Callable[[], int],
        current_item_id: Callable[[], int | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("roomView")
        # Never what keeps the application running once the coordinator's window is closed.
        self.setAttribute(Qt.WidgetAttribute.WA_QuitOnClose, False)
        self.setWindowTitle(_("Room view"))
        self.setAccessibleName(_("Room view"))
        self._service = RoomService(db)
        self._meeting_id = meeting_id
        self._current_item_id = current_item_id
        self.content: RoomContent | None = None

        self._build_agenda_panel()
        self._build_item_labels()
        self._build_lists()
        self._lay_out()
        self.close_action = QAction(_("Close the room view"), self)
        self.close_action.setShortcuts([QKeySequence(Qt.Key.Key_Escape), QKeySequence(ROOM_ACTION_KEYS)])
        self.close_action.triggered.connect(self.close)
        self.addAction(self.close_action)
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(REFRESH_MS)
        self._refresh_timer.timeout.connect(self.refresh)
        self._clock_timer = QTimer(self)
        self._clock_timer.setInterval(CLOCK_MS)
        self._clock_timer.timeout.connect(self._show_time)
        self.resize(1200, 760)
        self._apply_scale()

    def _build_agenda_panel(self) -> None:
        """Left, the agenda: what is done, where we are, what is still to come."""
        self.agenda_title, self.agenda_label = _section(_("Agenda"), "roomAgenda")
        self.agenda_panel = QFrame()
        self.agenda_panel.setObjectName("roomAgendaPanel")
        self.agenda_panel.setLayout(_column(self.agenda_title, self.agenda_label))

    def _build_item_labels(self) -> None:
        """The item now: position and time, heading, the consent notice, and the person's words."""
        self.position_label = _label("roomPosition")
        self.time_label = _label("roomPosition")
        self.time_label.setAccessibleName(_("Time"))
        self.time_label.setWordWrap(False)
        self.time_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.heading_label = _label("roomHeading")
        self.heading_label.setAccessibleName(_("Agenda item now"))
        self.restricted_label = _label(
            "roomNotice",
            _(
                "Only the agenda is shown on this screen. Not everyone here may see everything from "
                "the meeting, so the rest stays on the coordinator's screen."
            ),
        )
        self.goal_caption = _label("roomCaption")
        self.goal_label = _label("roomWords")
        self.professional_label = _label("roomSmall")
        self.words_caption = _label("roomCaption")
        self.words_label = _label("roomWords")
        self.goal_box = self._words_box(self.goal_caption, self.goal_label, self.professional_label)
        self.words_box = self._words_box(self.words_caption, self.words_label)

    def _build_lists(self) -> None:
        """What is agreed so far and who does what, in two columns below a rule."""
        self.decisions_title, self.decisions_label = _section(_("Agreed so far"), "roomList")
        self.tasks_title, self.tasks_label = _section(_("Who does what, and by when"), "roomList")
        columns = QHBoxLayout()
        columns.setSpacing(48)
        columns.setContentsMargins(0, 0, 0, 0)
        columns.addLayout(_column(self.decisions_title, self.decisions_label), 1)
        columns.addLayout(_column(self.tasks_title, self.tasks_label), 1)
        self.lists = QWidget()
        self.lists.setLayout(columns)
        self.rule = QFrame()
        self.rule.setObjectName("roomRule")
        self.rule.setFrameShape(QFrame.Shape.HLine)

    def _lay_out(self) -> None:
        """The agenda on the left, the item now on the right."""
        now_column = QVBoxLayout()
        self._now_column = now_column
        now_column.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(self.position_label, 1)
        top.addWidget(self.time_label)
        now_column.addLayout(top)
        for widget in (self.heading_label, self.restricted_label, self.goal_box, self.words_box):
            now_column.addWidget(widget)
        now_column.addWidget(self.rule)
        now_column.addWidget(self.lists)
        now_column.addStretch(1)
        layout = QHBoxLayout(self)
        self._layout = layout
        layout.addWidget(self.agenda_panel, 3)
        layout.addLayout(now_column, 7)
        # The window's size is the screen's, not the text's: long content is capped (room_text.MAX_LINES).
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)

    @staticmethod
    def _words_box(*labels: QLabel) -> QFrame:
        box = QFrame()
        box.setObjectName("roomWordsBox")
        inner = QVBoxLayout(box)
        inner.setSpacing(6)
        for lbl in labels:
            inner.addWidget(lbl)
        return box

    # -- following the runner -------------------------------------------------------------------
    def schedule_refresh(self) -> None:
        """Coalesce a burst of changes (typing, an undo) into one reload."""
        if self.isVisible():
            self._refresh_timer.start()

    def refresh(self) -> None:
        self._refresh_timer.stop()
        meeting_id = self._meeting_id()
        if not meeting_id:
            return
        try:
            content = self._service.content(meeting_id, self._current_item_id())
        except UserError:
            self.close()  # the meeting is gone; nothing to show
            return
        self.show_content(content)

    def show_content(self, content: RoomContent) -> None:
        was_restricted = self.content.is_restricted if self.content is not None else None
        self.content = content
        if was_restricted is not None and was_restricted != content.is_restricted:
            self.restriction_changed.emit(content.is_restricted)
        self.position_label.setText(
            _("Item {n} of {total}").format(n=content.item_label, total=content.top_level_count)
            if content.item_number
            else ""
        )
        heading = content.item_heading or _("The meeting has not started yet.")
        if content.goal is not None and content.item_kind == AgendaKind.GOAL.value:
            heading = label(LifeDomain(content.goal.domain))  # the goal itself follows, in the person's words
        self.heading_label.setText(heading)
        self.restricted_label.setVisible(content.is_restricted)
        name = content.person_name
        goal_words = content.goal.own_words if content.goal else content.person_goal
        if content.goal is not None:
            self.goal_caption.setText(
                _("{name}'s goal, in {name}'s own words").format(name=name)
                if name
                else _("The goal, in the person's own words")
            )
        else:
            self.goal_caption.setText(
                _("What matters to {name}?").format(name=name) if name else _("What matters to you?")
            )
        self.goal_label.setText(f"«{goal_words}»" if goal_words else "")
        professional = content.goal.professional_text if content.goal else ""
        self.professional_label.setText(
            _("Professional wording: {text}").format(text=professional) if professional else ""
        )
        self.professional_label.setVisible(bool(professional))
        self.goal_box.setVisible(bool(goal_words) and not content.is_restricted)
        self.words_caption.setText(
            _("{name} says").format(name=name) if name else _("In the person's own words")
        )
        self.words_label.setText(f"«{content.own_words}»" if content.own_words else "")
        self.words_box.setVisible(bool(content.own_words) and not content.is_restricted)
        self.lists.setVisible(not content.is_restricted)
        self.rule.setVisible(not content.is_restricted)
        self.decisions_label.setText(decision_text(content))
        self.tasks_label.setText(task_text(content))
        self.agenda_label.setText(agenda_text(content))
        self._show_time()

    def _show_time(self) -> None:
        """The clock, and when the meeting is planned to end: a group keeps to time it can see."""
        now = clock.now()
        text = _("Time {time}").format(time=format_clock(now))
        content = self.content
        if content is not None and content.ends_at is not None and content.ends_at > now:
            text = _("Time {time} · the meeting ends {end}").format(
                time=format_clock(now), end=format_clock(content.ends_at)
            )
        self.time_label.setText(text)

    # -- showing and placing ---------------------------------------------------------------------
    def open_on_best_screen(self) -> None:
        """Full-screen on a second screen when there is one; otherwise a normal window."""
        screen = choose_screen(QGuiApplication.screens(), QGuiApplication.primaryScreen())
        self.refresh()
        if screen is not None:
            # The coordinator keeps the keyboard: the projector window does not take the focus.
            self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating, True)
            self.setScreen(screen)
            self.setGeometry(screen.geometry())
            self.showFullScreen()
        else:
            available = QGuiApplication.primaryScreen().availableGeometry()
            self.resize(min(1280, int(available.width() * 0.85)), min(800, int(available.height() * 0.85)))
            self.show()
        self.raise_()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._apply_scale()

    def _apply_scale(self) -> None:
        """Type sized to the window: about 32 px body text on a 1080-line projector, 23 px on a laptop."""
        height = max(self.height(), 300)
        base = max(15, min(40, round(height / 36)))
        self.base_size = base
        margin = max(24, round(base * 1.6))
        self._layout.setContentsMargins(margin, round(margin * 0.8), margin, margin)
        self._layout.setSpacing(round(base * 1.5))
        self._now_column.setSpacing(round(base * 0.7))
        self.setStyleSheet(
            f"""
            QWidget#roomView {{ background: {BACKGROUND}; }}
            QWidget#roomView QLabel {{ color: {TEXT}; font-family: "Noto Sans"; font-size: {base}px; }}
            QWidget#roomView QLabel#roomPosition {{ color: {MUTED}; font-size: {round(base * 0.8)}px; }}
            QWidget#roomView QLabel#roomHeading {{ font-size: {round(base * 1.55)}px; font-weight: 700; }}
            QWidget#roomView QLabel#roomNotice {{ color: {ACCENT}; font-size: {base}px; padding-top: {base}px; }}
            QWidget#roomView QLabel#roomSection {{ color: {ACCENT}; font-size: {round(base * 1.05)}px; font-weight: 700; }}
            QWidget#roomView QLabel#roomCaption {{ color: {MUTED}; font-size: {round(base * 0.8)}px; font-weight: 600; }}
            QWidget#roomView QLabel#roomWords {{ font-size: {round(base * 1.2)}px; }}
            QWidget#roomView QLabel#roomSmall {{ color: {MUTED}; font-size: {round(base * 0.8)}px; }}
            QWidget#roomView QLabel#roomList {{ font-size: {base}px; }}
            QWidget#roomView QLabel#roomAgenda {{ font-size: {round(base * 0.85)}px; }}
            QFrame#roomAgendaPanel {{ border-right: 1px solid {RULE_ROOM}; padding-right: {base}px; }}
            QFrame#roomWordsBox {{ background: {WORDS_BACKGROUND}; border-left: {max(4, base // 4)}px solid {WORDS_BORDER};
                                   padding: {round(base * 0.5)}px {base}px; }}
            QFrame#roomRule {{ color: {RULE_ROOM}; }}
            """
        )

    @classmethod
    def for_runner(cls, runner: MeetingRunner) -> RoomView:
        """A room view that follows ``runner``: every change it announces schedules a reload."""
        ctx = runner._ctx

        def current() -> int | None:
            item = runner.current_item()
            return item.id if item is not None else None

        view = cls(ctx.db, lambda: ctx.meeting_id, current, runner)
        for signal in (
            ctx.agenda_changed,
            ctx.capture_changed,
            ctx.attendance_changed,
            ctx.writer.written,  # typed words are saved off the UI thread; reload once stored
            runner.item_changed,
        ):
            signal.connect(view.schedule_refresh)
        view.restriction_changed.connect(
            lambda restricted: runner.message.emit(_(ROOM_NOTICE_RESTRICTED)) if restricted else None
        )
        view.follow_idle_lock()
        view.follow_owner_window()
        return view

    def follow_owner_window(self) -> None:
        """Close with the coordinator's window (a closed main window hides, it is not deleted)."""
        parent = self.parentWidget()
        owner = parent.window() if parent is not None else None
        if owner is not None and owner is not self:
            self._owner_watch = _CloseWithOwner(self, owner)

    def follow_idle_lock(self) -> None:
        """Close when the application locks itself: the lock covers the coordinator's window, and
        a shared screen must not keep showing the meeting while nobody is at the keyboard."""
        from desktop.ui.idle_lock import IdleLock

        parent = self.parentWidget()
        owner = parent.window() if parent is not None else None
        lock = owner.findChild(IdleLock) if owner is not None else None
        if lock is not None:
            lock.locked_changed.connect(lambda locked: self.close() if locked else None)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt API)
        super().showEvent(event)
        self._clock_timer.start()

    def closeEvent(self, event: QCloseEvent) -> None:
        self._refresh_timer.stop()
        self._clock_timer.stop()
        super().closeEvent(event)
