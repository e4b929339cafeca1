"""The meeting workspace: plan (agenda editor), run, and review/close one meeting.

The main window embeds it: ``new_meeting(case_id)`` / ``open_meeting(meeting_id)`` show it,
``finished(case_id)`` asks to go back to the case, ``menu_actions()`` are for a "Meeting" menu
and ``shortcut_help()`` for the Help menu's list of keys. The page follows the meeting's status:
planned → planner, in progress → runner, held → review.

Typing that has not reached the database (a full disk) keeps the meeting open: finishing it,
leaving the screen, opening another meeting and quitting (:meth:`refuse_with_unsaved_text`) are
refused with the reason until the notes are saved.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QHideEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop import clock
from desktop.db import Database
from desktop.errors import UserError
from desktop.i18n import N_, _, format_date, format_datetime
from desktop.models.enums import MeetingStatus, MeetingType, label
from desktop.ui.font_size import pt
from desktop.ui.meeting.meeting_context import MeetingContext
from desktop.ui.meeting.planner import MeetingPlanner
from desktop.ui.meeting.ratings_panel import RATINGS_ACTION_KEYS, RATINGS_ACTION_TEXT
from desktop.ui.meeting.review import MeetingReview
from desktop.ui.meeting.room_view import ROOM_ACTION_KEYS, ROOM_ACTION_TEXT
from desktop.ui.meeting.runner import MeetingRunner
from desktop.ui.meeting.runner_widgets import native_keys
from desktop.ui.pages import size_to_current_page
from desktop.ui.palette import error_style, muted_style, success_style

MOVE, KEEP, DONT_START = "move", "keep", "dont_start"
ERROR_STYLE = error_style()
SUCCESS_STYLE = success_style()

MESSAGE_MS = 10_000

# (msgid, shortcut): custom keys stay out of the catalog so a translation cannot create a clash.
SHORTCUTS: dict[str, tuple[str, QKeySequence.StandardKey | str]] = {
    "undo": (N_("&Undo"), QKeySequence.StandardKey.Undo),
    "redo": (N_("&Redo"), QKeySequence.StandardKey.Redo),
    "start": (N_("Start &the meeting"), "F5"),
    "notice": (N_("Write &notice (PDF and calendar file)…"), "Ctrl+Shift+I"),
    "next": (N_("Next &agenda item"), "Ctrl+PgDown"),
    "previous": (N_("&Previous agenda item"), "Ctrl+PgUp"),
    "notes": (N_("Write a n&ote"), "Ctrl+1"),
    "words": (N_("Write the user's o&wn words"), "Ctrl+2"),
    "follow_up": (N_("&Follow up task or measure"), "Ctrl+3"),
    "attendance": (N_("Att&endance"), "Ctrl+4"),
    "decision": (N_("Wr&ite what was agreed"), "Ctrl+D"),
    "task": (N_("New ta&sk"), "Ctrl+T"),
    "pause": (N_("Pause or resu&me the timer"), "F8"),
    "finish": (N_("Finish the meetin&g…"), "Ctrl+Shift+Return"),
    "room": (ROOM_ACTION_TEXT, ROOM_ACTION_KEYS),
    "ratings": (RATINGS_ACTION_TEXT, RATINGS_ACTION_KEYS),
}
RUNNER_ACTIONS = (
    "next",
    "previous",
    "notes",
    "words",
    "follow_up",
    "attendance",
    "decision",
    "task",
    "pause",
    "finish",
    "room",
    "ratings",
)


class MeetingWorkspace(QWidget):
    finished = Signal(int)  # case id

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.ctx = MeetingContext(db, self)
        self.case_id = 0
        self.back_button = QPushButton(_("◀ Back to the case"))
        self.back_button.clicked.connect(self.leave)
        self.title_label = QLabel()
        self.title_label.setStyleSheet(f"font-size: {pt(12)}; font-weight: 600;")
        self.title_label.setTextFormat(Qt.TextFormat.PlainText)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.status_label.setObjectName("meetingMessage")
        self._message_timer = QTimer(self)
        self._message_timer.setSingleShot(True)
        self._message_timer.timeout.connect(self.status_label.clear)
        header = QHBoxLayout()
        header.addWidget(self.back_button)
        header.addWidget(self.title_label)
        header.addWidget(self.status_label, 1)

        self.planner = MeetingPlanner(self.ctx)
        self.runner = MeetingRunner(self.ctx)
        self.review = MeetingReview(self.ctx)
        self.empty_page = QLabel(
            _("No meeting is open. Open a case, then plan a new meeting or open one of its meetings.")
        )
        self.empty_page.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_page.setWordWrap(True)
        self.empty_page.setStyleSheet(muted_style(size=12))
        self.stack = QStackedWidget()
        size_to_current_page(self.stack)
        for page in (self.empty_page, self.planner, self.runner, self.review):
            self.stack.addWidget(page)
        self.back_button.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(header)
        layout.addWidget(self.stack, 1)

        self.planner.start_requested.connect(self.start_meeting)
        self.planner.edit_details_requested.connect(self.edit_details)
        self.planner.cancelled.connect(self._cancelled)
        self.planner.notice_written.connect(self._notice_written)
        self.runner.review_requested.connect(self.show_review)
        self.review.back_requested.connect(self.back_to_runner)
        self.review.closed.connect(self._closed)
        self.review.status_changed.connect(self._update_title)
        for source in (self.planner.message, self.runner.message, self.review.message):
            source.connect(self.show_message)
        self.ctx.error.connect(lambda text: self.show_message(text, error=True))
        self.runner.item_changed.connect(self.clear_message)
        self.stack.currentChanged.connect(lambda _i: self.clear_message())
        # Asked before starting a meeting on another day than planned: MOVE, KEEP or DONT_START.
        # Tests replace it; the default asks in a message box.
        self.ask_move_start: Callable[[datetime], str] = self._ask_move_start
        self._actions = self._create_actions()
        self.stack.currentChanged.connect(lambda _i: self._update_actions())
        self._update_actions()

    # -- actions -----------------------------------------------------------------------------------
    def _create_actions(self) -> dict[str, QAction]:
        handlers: dict[str, Callable[[], None]] = {
            "undo": self.undo,
            "redo": self.redo,
            "start": self.start_meeting,
            "notice": self.planner.choose_notice_folder,
            "next": self.runner.next_item,
            "previous": self.runner.previous_item,
            "notes": self.runner.focus_notes,
            "words": self.runner.focus_words,
            "follow_up": self.runner.focus_follow_up,
            "attendance": self.runner.focus_attendance,
            "decision": self.runner.focus_decision,
            "task": self.runner.focus_task,
            "pause": self.runner.toggle_timer,
            "finish": self.show_review,
            "room": self.runner.toggle_room_view,
            "ratings": self.runner.focus_ratings,
        }
        actions: dict[str, QAction] = {}
        for key, (text, shortcut) in SHORTCUTS.items():
            action = QAction(_(text), self)
            action.setObjectName(f"meeting_{key}")
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(handlers[key])
            self.addAction(action)
            actions[key] = action
        stack = self.ctx.undo_stack
        stack.canUndoChanged.connect(lambda _b: self._update_actions())
        stack.canRedoChanged.connect(lambda _b: self._update_actions())
        stack.undoTextChanged.connect(lambda _t: self._update_actions())
        stack.redoTextChanged.connect(lambda _t: self._update_actions())
        return actions

    def _update_actions(self) -> None:
        try:
            self._refresh_actions()
        except RuntimeError:  # the undo stack is being destroyed with the workspace
            pass

    def _refresh_actions(self) -> None:
        page = self.stack.currentWidget()
        stack = self.ctx.undo_stack
        a = self._actions
        a["undo"].setEnabled(stack.canUndo() or page is self.runner)
        a["redo"].setEnabled(stack.canRedo())
        a["undo"].setText(
            _("&Undo {action}").format(action=stack.undoText()) if stack.canUndo() else _("&Undo")
        )
        a["redo"].setText(
            _("&Redo {action}").format(action=stack.redoText()) if stack.canRedo() else _("&Redo")
        )
        a["start"].setEnabled(page is self.planner and self.planner.start_button.isEnabled())
        a["notice"].setEnabled(page is self.planner and self.planner.notice_button.isEnabled())
        for key in RUNNER_ACTIONS:
            a[key].setEnabled(page is self.runner)

    def menu_actions(self) -> list[QAction]:
        return list(self._actions.values())

    def shortcut_help(self) -> list[tuple[str, str]]:
        rows = [
            (
                _(text).replace("&", ""),
                QKeySequence(shortcut).toString(QKeySequence.SequenceFormat.NativeText),
            )
            for text, shortcut in SHORTCUTS.values()
        ]
        rows += [
            (
                _("Move an agenda item up or down"),
                f"{native_keys('Ctrl+Up')} / {native_keys('Ctrl+Down')}",
            ),
            (_("Add an agenda item"), native_keys("Ins")),
            (_("Rename an agenda item"), native_keys("F2")),
            (_("Remove an agenda item, agreement or task"), native_keys("Del")),
            (_("Attendance of the selected person"), "1–5, 0, M, L"),
        ]
        return rows

    def undo(self) -> None:
        self.runner.flush_text()
        self.ctx.undo_stack.undo()

    def redo(self) -> None:
        self.runner.flush_text()
        self.ctx.undo_stack.redo()

    # -- opening ----------------------------------------------------------------------------------------
    def new_meeting(self, case_id: int) -> int | None:
        """Ask for the new meeting's details; open it in the planner. Returns its id (or None)."""
        from desktop.ui.meeting.new_meeting_dialog import NewMeetingDialog

        dialog = NewMeetingDialog(
            self.ctx.meetings, case_id, self, phase=self.ctx.meetings.case_phase(case_id)
        )
        if not dialog.exec() or dialog.meeting_id is None:
            if dialog.open_existing_id is not None:
                self.open_meeting(dialog.open_existing_id)
                return dialog.open_existing_id
            return None
        self.open_meeting(dialog.meeting_id)
        return dialog.meeting_id

    def open_meeting(self, meeting_id: int) -> None:
        if self.refuse_with_unsaved_text(_("Another meeting cannot be opened yet.")):
            return
        if self.stack.currentWidget() is self.runner and self.ctx.meeting_id:
            self.runner.stop()
        self.ctx.writer.wait()
        info = self.ctx.meetings.meeting(meeting_id)
        self.ctx.meeting_id = meeting_id
        self.case_id = info.case_id
        self.back_button.setEnabled(True)
        self.ctx.undo_stack.clear()
        self._update_title()
        status = MeetingStatus(info.status)
        if status == MeetingStatus.IN_PROGRESS:
            self.runner.load()
            self.stack.setCurrentWidget(self.runner)
            self.runner.focus_notes()
        elif status in (MeetingStatus.HELD, MeetingStatus.SIGNED):
            self.review.load()
            self.stack.setCurrentWidget(self.review)
        else:
            self.planner.load()
            self._set_planner_enabled(status != MeetingStatus.CANCELLED)
            self.stack.setCurrentWidget(self.planner)
            self.planner.table.setFocus()
        self._update_actions()

    def refresh(self) -> None:
        """After a change made from outside (the Minutes menu signed or confirmed the minutes):
        the title and, on the review page, the summary say the meeting's status now."""
        if not self.ctx.meeting_id:
            return
        if self.stack.currentWidget() is self.review:
            self.review.load()
        self._update_title()

    def _update_title(self) -> None:
        info = self.ctx.meetings.meeting(self.ctx.meeting_id)
        self.title_label.setText(
            _("{meeting_type} · {reference} · {start} · {status}").format(
                meeting_type=label(MeetingType(info.type)),
                reference=info.case_reference,
                start=format_datetime(info.start),
                status=label(MeetingStatus(info.status)),
            )
        )

    # -- moving between pages -----------------------------------------------------------------------------
    def edit_details(self) -> None:
        from desktop.ui.meeting.new_meeting_dialog import NewMeetingDialog

        dialog = NewMeetingDialog(self.ctx.meetings, self.case_id, self, meeting_id=self.ctx.meeting_id)
        if dialog.exec():
            self.planner.reload_details()
            self.planner.reload_agenda()
            self._update_title()

    def start_meeting(self) -> None:
        """Start the meeting; on another day than planned, first ask whether to move it to now."""
        move = False
        try:
            info = self.ctx.meetings.meeting(self.ctx.meeting_id)
            if info.status != MeetingStatus.IN_PROGRESS.value and info.start.date() != clock.today():
                answer = self.ask_move_start(info.start)
                if answer == DONT_START:
                    return
                move = answer == MOVE
            self.ctx.meetings.start_meeting(self.ctx.meeting_id, move_start=move)
        except UserError as exc:
            self.show_message(str(exc), error=True)
            return
        self.runner.load()
        self.stack.setCurrentWidget(self.runner)
        self._update_title()
        self.runner.focus_notes()

    def _ask_move_start(self, planned: datetime) -> str:
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(_("Start the meeting"))
        box.setText(
            _("This meeting was planned for {planned}. Is it being held now instead?").format(
                planned=format_datetime(planned)
            )
        )
        box.setInformativeText(
            _(
                "If you move it, the minutes show that it was held today, {today}. Due dates and the "
                "next meeting count from today either way."
            ).format(today=format_date(clock.today()))
        )
        move = box.addButton(_("&Move it to now"), QMessageBox.ButtonRole.AcceptRole)
        keep = box.addButton(_("&Keep the planned date"), QMessageBox.ButtonRole.ActionRole)
        box.addButton(_("&Don't start"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(move)
        box.exec()
        clicked = box.clickedButton()
        return MOVE if clicked is move else KEEP if clicked is keep else DONT_START

    def show_review(self) -> None:
        if self.refuse_with_unsaved_text(_("The meeting cannot be finished yet.")):
            return
        self.runner.stop()
        items, current = self.runner.items(), self.runner.current_item()
        if current is not None and items and current.id == items[-1].id and not current.is_done:
            self.ctx.capture.set_item_done(current.id, True)  # finishing from the last item completes it
        self.review.status_label.clear()
        self.review.load()
        self.stack.setCurrentWidget(self.review)
        self.review.tasks.setFocus()  # not the close button: closing is never one Enter away

    def back_to_runner(self) -> None:
        self.runner.load()
        self.stack.setCurrentWidget(self.runner)

    def _closed(self, next_meeting_id: object) -> None:
        self._update_title()
        self._update_actions()
        if next_meeting_id:
            self.show_message(_("The next meeting is planned. Its agenda shows every task still open."))

    def _notice_written(self, _files: object) -> None:
        self.ctx.undo_stack.setClean()  # the notice went out with the agenda as it is now
        self._update_title()

    def _cancelled(self) -> None:
        self._update_title()
        self._set_planner_enabled(False)
        self.show_message(_("The meeting is cancelled."))

    def _set_planner_enabled(self, enabled: bool) -> None:
        for widget in (
            self.planner.start_button,
            self.planner.cancel_button,
            self.planner.notice_button,
            self.planner.details_button,
        ):
            widget.setEnabled(enabled)
        self._update_actions()

    def leave(self) -> None:
        """Save everything and ask the main window to show the case again."""
        if self.refuse_with_unsaved_text(_("You cannot leave the meeting yet.")):
            return
        if self.stack.currentWidget() is self.runner:
            self.runner.stop()
        self.ctx.writer.wait()
        self.finished.emit(self.case_id)

    def unsaved_text(self, refused: str) -> str:
        """'' when everything typed in the meeting has reached the database (after one more try
        now); else the message that ``refused`` (what is refused, a sentence) and why."""
        reason = self.runner.unsaved_reason()
        if not reason:
            return ""
        return _("{refused} What you typed is not saved. {reason}").format(refused=refused, reason=reason)

    def refuse_with_unsaved_text(self, refused: str) -> str:
        """The guard of finishing the meeting, leaving it and quitting: while typed text has not
        reached the database, the message (shown here, with the notes in front); else ''."""
        text = self.unsaved_text(refused)
        if text:
            self.show_message(text, error=True)
            if self.ctx.meeting_id and self.stack.currentWidget() is self.runner:
                self.runner.focus_notes()
        return text

    def show_message(self, text: str, error: bool = False) -> None:
        self.status_label.setStyleSheet(ERROR_STYLE if error else SUCCESS_STYLE)
        self.status_label.setText(text)
        self._message_timer.start(MESSAGE_MS)

    def clear_message(self) -> None:
        self._message_timer.stop()
        self.status_label.clear()

    def hideEvent(self, event: QHideEvent) -> None:
        """Leaving the workspace (another page, or the window closing) saves what was typed."""
        self.runner.flush_text()
        self.ctx.writer.wait()
        self.ctx.notes.collect()
        super().hideEvent(event)
