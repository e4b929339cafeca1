"""Closing a meeting: what was agreed, who does what by when (grouped by party), the proposed
changes to the plan to confirm, and the next meeting's date (or why there is none). Closing makes
the meeting *held*. For a held meeting the same screen shows the result, lets each person in the
room confirm the minutes (``confirmation_dialog``), records a confirmation given later
(``later_confirmation_dialog``), and exports the minutes.

The close guard: a date for the next meeting (at most ``next_meeting_max_months`` away, from
``desktop.settings``) or a reason why there is none (``next_meeting_box.py``, with the preview of
what carries over). The proposed changes to the plan are in ``plan_changes_box.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError
from desktop.i18n import _, format_date, format_datetime, ngettext
from desktop.models.enums import (
    ConfirmationVerdict,
    MeetingStatus,
    PartyGroup,
    PartyType,
    label,
)
from desktop.services.meeting.closing import ClosePreview, MeetingSummary, add_months
from desktop.settings import load_settings
from desktop.ui.font_size import pt
from desktop.ui.meeting.meeting_context import MeetingContext
from desktop.ui.meeting.next_meeting_box import NextMeetingBox
from desktop.ui.meeting.plan_changes_box import PlanChangesBox
from desktop.ui.palette import error_style, muted_style, notice_style, success_style


class MeetingReview(QWidget):
    closed = Signal(object)  # id of the next meeting, or None
    back_requested = Signal()
    message = Signal(str)
    status_changed = Signal()  # signed, confirmed: the workspace's title says the new status

    def __init__(self, ctx: MeetingContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._summary: MeetingSummary | None = None
        self.heading = QLabel()
        self.heading.setStyleSheet(f"font-size: {pt(14)}; font-weight: 600;")
        self.attendance_label = QLabel()
        self._build_lists()
        self.plan_box = PlanChangesBox()
        self.plan_box.apply_button.clicked.connect(self.apply_changes)
        self.next_box = NextMeetingBox()
        self._build_buttons()
        # Tests replace these so that no modal dialog blocks them.
        self.open_confirmation: Callable[[], None] = self._open_confirmation
        self.open_later_confirmation: Callable[[], None] = self._open_later_confirmation
        # Asked before closing, with what is unfinished; tests replace it. True closes the meeting.
        self.confirm_close: Callable[[list[str]], bool] = self._confirm_close
        self._lay_out()

    def _build_lists(self) -> None:
        """What was agreed, and who does what by when (grouped by party)."""
        self.decisions = QListWidget()
        self.decisions.setAccessibleName(_("Agreed"))
        self.decisions.setWordWrap(True)
        self.tasks = QTreeWidget()
        self.tasks.setAccessibleName(_("Who does what by when"))
        self.tasks.setColumnCount(3)
        self.tasks.setHeaderLabels([_("What"), _("Who"), _("By when")])
        self.tasks.setRootIsDecorated(False)
        self.tasks.setWordWrap(True)
        self.tasks.header().setStretchLastSection(False)
        self.tasks.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tasks.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tasks.header().setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.closed_tasks = QLabel()
        self.closed_tasks.setWordWrap(True)
        self.closed_tasks.setStyleSheet(muted_style())

    def _build_buttons(self) -> None:
        """The buttons under the review, and the confirmation of the minutes (a held meeting)."""
        self.back_button = QPushButton(_("◀ Back to the meeting"))
        self.back_button.clicked.connect(self.back_requested)
        self.close_button = QPushButton(_("&Close the meeting"))
        self.close_button.setStyleSheet("font-weight: 600;")
        self.close_button.setMinimumHeight(34)
        self.close_button.clicked.connect(self.close_meeting)
        self.export_button = QPushButton(_("Export minutes…"))
        self.export_button.clicked.connect(self.export_minutes)
        self.distribute_button = QPushButton(_("D&istribute…"))
        self.distribute_button.setAccessibleName(_("Distribute each recipient's copy"))
        self.distribute_button.setToolTip(
            _(
                "Writes each person's copy (as the user has agreed) into one folder, and prints them if you want."
            )
        )
        self.distribute_button.clicked.connect(self.distribute)
        self.confirm_button = QPushButton(_("Confirm in the &room…"))
        self.confirm_button.setAccessibleName(_("Confirm the minutes in the room"))
        self.confirm_button.setToolTip(
            _(
                "Each person in the room reads what was agreed and answers «This is right» or «I want to change this»."
            )
        )
        self.confirm_button.clicked.connect(self.confirm_in_room)
        self.later_button = QPushButton(_("Record a confirmation given &later…"))
        self.later_button.setAccessibleName(_("Record a confirmation given later"))
        self.later_button.clicked.connect(self.record_later)
        self.confirm_info = QLabel()
        self.confirm_info.setObjectName("confirmationInfo")
        self.confirm_info.setWordWrap(True)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.unfinished_label = QLabel()
        self.unfinished_label.setObjectName("unfinished")
        self.unfinished_label.setWordWrap(True)
        self.unfinished_label.setStyleSheet(notice_style())
        self.unfinished_label.setVisible(False)

    def _lay_out(self) -> None:
        decided = QGroupBox(_("Agreed"))
        QVBoxLayout(decided).addWidget(self.decisions)
        who = QGroupBox(_("Who does what by when"))
        who_layout = QVBoxLayout(who)
        who_layout.addWidget(self.tasks, 1)
        who_layout.addWidget(self.closed_tasks)
        self.confirm_box = QGroupBox(_("Confirmation of the minutes"))
        confirm_layout = QVBoxLayout(self.confirm_box)
        confirm_layout.addWidget(self.confirm_info)
        confirm_row = QHBoxLayout()
        confirm_row.addWidget(self.confirm_button)
        confirm_row.addWidget(self.later_button)
        confirm_row.addStretch()
        confirm_layout.addLayout(confirm_row)
        left = QVBoxLayout()
        left.addWidget(decided, 2)
        left.addWidget(who, 3)
        right = QVBoxLayout()
        right.addWidget(self.plan_box, 1)
        right.addWidget(self.next_box, 1)
        right.addWidget(self.confirm_box)
        columns = QHBoxLayout()
        columns.addLayout(left, 3)
        columns.addLayout(right, 2)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.status_label, 1)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.distribute_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.attendance_label)
        layout.addLayout(top)
        layout.addWidget(self.unfinished_label)
        layout.addLayout(columns, 1)
        layout.addLayout(buttons)

    # -- loading ------------------------------------------------------------------------------------
    def load(self) -> None:
        info = self._ctx.meetings.meeting(self._ctx.meeting_id)
        summary = self._ctx.closing.summary(self._ctx.meeting_id)
        self._summary = summary
        is_held = summary.status in (MeetingStatus.HELD.value, MeetingStatus.SIGNED.value)
        self.heading.setText(
            _("Summary of the meeting {start}").format(start=format_datetime(info.start))
            if is_held
            else _("Review before closing: {start}").format(start=format_datetime(info.start))
        )
        self.attendance_label.setText(
            _("{present} of {invited} took part").format(present=summary.present, invited=summary.invited)
        )
        self._show_agreed_and_tasks(summary)
        self.plan_box.show_evaluations(summary.evaluations, is_held=is_held)
        preview = self._ctx.closing.close_preview(self._ctx.meeting_id) if not is_held else ClosePreview()
        self.next_box.show_meeting(info, summary, preview, is_held=is_held)
        self.confirm_box.setVisible(is_held)
        if is_held:
            self._show_confirmations()
        unfinished = self.unfinished() if not is_held else []
        self.unfinished_label.setText(
            _("Not finished yet: {list}.").format(list="; ".join(unfinished)) if unfinished else ""
        )
        self.unfinished_label.setVisible(bool(unfinished))
        self.close_button.setVisible(not is_held)
        self.back_button.setVisible(not is_held)
        self.export_button.setVisible(is_held)
        self.distribute_button.setVisible(is_held)

    def _show_agreed_and_tasks(self, summary: MeetingSummary) -> None:
        self.decisions.clear()
        for decision in summary.decisions:
            text = decision.text
            if decision.awaiting_formal_decision:
                text = _("{text} (awaits a formal decision)").format(text=text)
            self.decisions.addItem(text)
        if not summary.decisions:
            self.decisions.addItem(_("Nothing recorded as agreed."))
        self.tasks.clear()
        for group, lines in summary.by_party:
            parent = QTreeWidgetItem([label(PartyGroup(group)), "", ""])
            font = parent.font(0)
            font.setBold(True)
            parent.setFont(0, font)
            parent.setFirstColumnSpanned(True)
            self.tasks.addTopLevelItem(parent)
            for line in lines:
                what = _("Continues: {text}").format(text=line.text) if line.is_continued else line.text
                who = line.responsible or label(PartyType(line.party))
                due = format_date(line.due) if line.due else _("no date")
                parent.addChild(QTreeWidgetItem([what, who, due]))
            parent.setExpanded(True)
        if not summary.by_party:
            self.tasks.addTopLevelItem(QTreeWidgetItem([_("No tasks from this meeting."), "", ""]))
        if summary.closed_tasks:
            self.closed_tasks.setText(
                _("Closed in this meeting: {tasks}").format(
                    tasks="; ".join(t.text for t in summary.closed_tasks)
                )
            )
        else:
            self.closed_tasks.setText("")

    # -- actions -----------------------------------------------------------------------------------------
    def unfinished(self) -> list[str]:
        """What is still open in the meeting, in words (empty when everything is done)."""
        summary = self._summary
        if summary is None:
            return []
        parts = []
        if summary.not_marked:
            parts.append(
                ngettext(
                    "attendance not recorded for {n} person",
                    "attendance not recorded for {n} people",
                    summary.not_marked,
                ).format(n=summary.not_marked)
            )
        if summary.open_follow_ups:
            parts.append(
                ngettext(
                    "{n} earlier task not followed up",
                    "{n} earlier tasks not followed up",
                    summary.open_follow_ups,
                ).format(n=summary.open_follow_ups)
            )
        if summary.open_items:
            parts.append(
                ngettext(
                    "{n} agenda item not gone through",
                    "{n} agenda items not gone through",
                    summary.open_items,
                ).format(n=summary.open_items)
            )
        return parts

    def _show_confirmations(self) -> None:
        from desktop.services.minutes.confirmation import ConfirmationService

        service = ConfirmationService(self._ctx.db)
        answers = service.confirmations(self._ctx.meeting_id)
        lines = [
            _("{name}: «{verdict}»").format(name=a.name, verdict=label(ConfirmationVerdict(a.verdict)))
            for a in answers
        ]
        if service.is_awaiting(self._ctx.meeting_id):
            user = next((p for p in service.participants(self._ctx.meeting_id) if p.is_user), None)
            lines.append(
                _("The minutes wait for {name}'s confirmation.").format(name=user.name if user else "")
            )
        if not lines:
            lines.append(_("No one has confirmed the minutes yet."))
        self.confirm_info.setText("\n".join(lines))
        self.confirm_button.setEnabled(bool(service.in_room(self._ctx.meeting_id)))

    def confirm_in_room(self) -> None:
        self.open_confirmation()
        self._reload_after_minutes()

    def _open_confirmation(self) -> None:
        from desktop.ui.minutes.confirmation_dialog import ConfirmationDialog

        dialog = ConfirmationDialog(self._ctx.db, self._ctx.meeting_id, self)
        dialog.exec()
        dialog.deleteLater()

    def record_later(self) -> None:
        self.open_later_confirmation()
        self._reload_after_minutes()

    def _open_later_confirmation(self) -> None:
        from desktop.ui.minutes.later_confirmation_dialog import LaterConfirmationDialog, version_text

        dialog = LaterConfirmationDialog(self._ctx.db, self._ctx.meeting_id, self)
        dialog.recorded.connect(lambda result: self.status_label.setText(version_text(result)))
        dialog.exec()
        dialog.deleteLater()

    def check_next_date(self, next_start: datetime | None) -> str:
        """An error message when the next meeting is too far away (setting), else empty."""
        if next_start is None:
            return ""
        months = load_settings().next_meeting_max_months
        info = self._ctx.meetings.meeting(self._ctx.meeting_id)
        held = max(info.start, info.started_at or info.start)
        if next_start > add_months(held, months):
            return _(
                "The next meeting can be at most {months} months after this one. "
                "Choose an earlier date, or write why there is no date."
            ).format(months=months)
        return ""

    def _confirm_close(self, unfinished: list[str]) -> bool:
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning if unfinished else QMessageBox.Icon.Question)
        box.setWindowTitle(_("Close the meeting"))
        box.setText(_("Close the meeting? After closing, the meeting cannot be changed or undone here."))
        details = []
        if unfinished:
            details.append(_("Not finished yet:") + "\n" + "\n".join(f"• {part}" for part in unfinished))
        lines = self.next_box.preview_lines()
        if lines:
            details.append("\n".join(f"• {line}" for line in lines))
        if details:
            box.setInformativeText("\n\n".join(details))
        close = box.addButton(_("&Close the meeting"), QMessageBox.ButtonRole.AcceptRole)
        back = box.addButton(_("&Go back"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(back)
        box.exec()
        return box.clickedButton() is close

    def close_meeting(self) -> None:
        if self.next_box.lacks_reason():
            self._show_error(_("Choose the date of the next meeting, or write why there is none."))
            self.next_box.reason_edit.setFocus()
            return
        next_start, reason = self.next_box.chosen()
        too_far = self.check_next_date(next_start)
        if too_far:
            self._show_error(too_far)
            self.next_box.next_date.setFocus()
            return
        if not self.confirm_close(self.unfinished()):
            return
        try:
            next_id = self._ctx.closing.close_meeting(
                self._ctx.meeting_id,
                next_start,
                reason,
                plan_next=self.next_box.plan_next_check.isChecked() and next_start is not None,
                max_months=load_settings().next_meeting_max_months,
            )
        except UserError as exc:
            self._show_error(str(exc))
            return
        ids = self.plan_box.checked_change_ids()
        applied = self._ctx.measure_review.apply_plan_changes(self._ctx.meeting_id, ids) if ids else 0
        self._ctx.undo_stack.clear()  # a held meeting is a record; its edits are no longer undone here
        self.status_label.setStyleSheet(success_style())
        self.status_label.setText(
            ngettext(
                "The meeting is closed. {n} change was made in the plan.",
                "The meeting is closed. {n} changes were made in the plan.",
                applied,
            ).format(n=applied)
            if applied
            else _("The meeting is closed.")
        )
        self.load()
        if self.confirm_button.isEnabled():
            self.status_label.setText(
                _("{closed} Now each person in the room can confirm the minutes.").format(
                    closed=self.status_label.text()
                )
            )
            self.confirm_button.setFocus()
        self.closed.emit(next_id)

    def _show_error(self, text: str) -> None:
        self.status_label.setStyleSheet(error_style())
        self.status_label.setText(text)

    def apply_changes(self) -> None:
        ids = self.plan_box.checked_change_ids()
        if not ids:
            self._show_error(_("Tick at least one change."))
            return
        applied = self._ctx.measure_review.apply_plan_changes(self._ctx.meeting_id, ids)
        self.status_label.setStyleSheet(success_style())
        self.status_label.setText(
            ngettext(
                "{n} change was made in the plan.", "{n} changes were made in the plan.", applied
            ).format(n=applied)
        )
        self.load()

    def export_minutes(self) -> None:
        from desktop.ui.minutes.export_dialog import export_minutes  # built by the minutes engineer

        export_minutes(self, self._ctx.db, self._ctx.meeting_id)
        self._reload_after_minutes()

    def _reload_after_minutes(self) -> None:
        """Signing or confirming changes the meeting's status and what the summary says."""
        self.load()
        self.status_changed.emit()

    def distribute(self) -> None:
        """Every recipient's copy into one folder, opened, printable (issue 18)."""
        from desktop.ui.minutes.distribute_dialog import distribute_minutes

        self.distribute_dialog = distribute_minutes(self, self._ctx.db, self._ctx.meeting_id)
        finished = getattr(self.distribute_dialog, "finished", None)
        if finished is not None:  # distributing may sign the version first
            finished.connect(self._reload_after_minutes)
