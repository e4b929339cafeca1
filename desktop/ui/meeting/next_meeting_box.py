"""The review's «Next meeting» box: its date (or why there is none), and what carries over to it.

The date is proposed ``next_meeting_default_weeks`` after the day the meeting is held, at the
group's usual time (``desktop.settings``). Before closing, a preview lists what carries over (open
tasks not followed up, measures not evaluated) and what was not reached today.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from xml.sax.saxutils import escape

from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QDateTimeEdit,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop import clock
from desktop.i18n import _, date_edit_format, format_datetime, ngettext
from desktop.services.meeting.closing import ClosePreview, MeetingSummary
from desktop.services.meeting.planning import MeetingInfo
from desktop.settings import load_settings

PREVIEW_SHOWN = 5  # per group on screen; the question before closing lists them all


def _some(texts: tuple[str, ...], shown: int = 10) -> str:
    text = "; ".join(texts[:shown])
    if len(texts) > shown:
        more = len(texts) - shown
        text += "; " + ngettext("and {n} more", "and {n} more", more).format(n=more)
    return text


class NextMeetingBox(QGroupBox):
    """Before closing: the next meeting's date or the reason for none, and the close preview.
    For a held meeting: what was decided about the next meeting."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Next meeting"), parent)
        self.preview = ClosePreview()
        self._build_choice()
        self.next_info = QLabel()
        self.next_info.setWordWrap(True)
        self.preview_label = QLabel()
        self.preview_label.setObjectName("closePreview")
        self.preview_label.setWordWrap(True)
        self.preview_label.setTextFormat(Qt.TextFormat.RichText)
        self.preview_scroll = QScrollArea()
        self.preview_scroll.setWidget(self.preview_label)
        self.preview_scroll.setWidgetResizable(True)
        self.preview_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.preview_scroll.setMinimumHeight(96)  # the review must fit 1366×768 (it scrolls)
        self.preview_scroll.setAccessibleName(_("What carries over to the next meeting"))
        layout = QVBoxLayout(self)
        date_row = QHBoxLayout()
        date_row.addWidget(self.next_date_radio)
        date_row.addWidget(self.next_date)
        date_row.addStretch()
        layout.addLayout(date_row)
        layout.addWidget(self.plan_next_check)
        reason_row = QHBoxLayout()
        reason_row.addWidget(self.no_next_radio)
        reason_row.addWidget(self.reason_edit, 1)
        layout.addLayout(reason_row)
        layout.addWidget(self.next_info)
        layout.addWidget(self.preview_scroll, 1)

    def _build_choice(self) -> None:
        self.next_date_radio = QRadioButton(_("Next meeting:"))
        self.next_date_radio.setChecked(True)
        self.next_date = QDateTimeEdit()
        self.next_date.setDisplayFormat(f"{date_edit_format()} HH:mm")
        self.next_date.setCalendarPopup(True)
        self.next_date.setAccessibleName(_("Date and time of the next meeting"))
        self.plan_next_check = QCheckBox(
            _("Create it as a planned meeting (its agenda will show the open tasks)")
        )
        self.plan_next_check.setChecked(True)
        self.no_next_radio = QRadioButton(_("No date yet, because:"))
        self.reason_edit = QLineEdit()
        self.reason_edit.setAccessibleName(_("Why there is no next meeting date"))
        self.reason_edit.setPlaceholderText(
            _("For example: the coordinator calls when the housing decision is ready")
        )
        self.reason_edit.setMaxLength(500)
        self.reason_edit.textEdited.connect(lambda _t: self.no_next_radio.setChecked(True))
        self.next_date.dateTimeChanged.connect(lambda _d: self.next_date_radio.setChecked(True))

    def show_meeting(
        self, info: MeetingInfo, summary: MeetingSummary, preview: ClosePreview, *, is_held: bool
    ) -> None:
        start = summary.next_meeting_start or info.next_meeting_start
        held = info.started_at.date() if info.started_at else clock.today()
        weeks = load_settings().next_meeting_default_weeks
        default_next = datetime.combine(held + timedelta(weeks=weeks), info.usual_time.time())
        value = start or default_next
        self.next_date.setDateTime(QDateTime(QDate(value.date()), QTime(value.hour, value.minute)))
        self.next_date_radio.setChecked(True)
        self.reason_edit.setText(summary.next_meeting_reason)
        if summary.next_meeting_reason and not summary.next_meeting_start:
            self.no_next_radio.setChecked(True)
        for widget in (
            self.next_date_radio,
            self.next_date,
            self.plan_next_check,
            self.no_next_radio,
            self.reason_edit,
        ):
            widget.setVisible(not is_held)
        if is_held:
            self.next_info.setText(
                _("Next meeting: {start}").format(start=format_datetime(summary.next_meeting_start))
                if summary.next_meeting_start
                else _("No next meeting: {reason}").format(reason=summary.next_meeting_reason)
            )
        else:
            self.next_info.setText("")
        self.preview = preview
        self.preview_label.setText(self.preview_html())
        self.preview_scroll.setVisible(not is_held and not preview.is_empty)

    def lacks_reason(self) -> bool:
        """«No date yet» is chosen, but nothing says why."""
        return self.no_next_radio.isChecked() and not self.reason_edit.text().strip()

    def chosen(self) -> tuple[datetime | None, str]:
        """(the next meeting's start, or None; the reason there is none, or '')."""
        if self.next_date_radio.isChecked():
            value = self.next_date.dateTime().toPython()
            return (value if isinstance(value, datetime) else None), ""
        return None, self.reason_edit.text()

    def preview_lines(self) -> list[str]:
        """What closing leaves open, one line per group (for the confirm question)."""
        preview, lines = self.preview, []
        if preview.carry_over_tasks:
            lines.append(
                _("Carries over to the next meeting (tasks not followed up): {list}").format(
                    list=_some(preview.carry_over_tasks)
                )
            )
        if preview.unevaluated_measures:
            lines.append(
                _("Measures not evaluated today: {list}").format(list=_some(preview.unevaluated_measures))
            )
        if preview.not_reached:
            lines.append(_("Not reached today: {list}").format(list=_some(preview.not_reached)))
        return lines

    def preview_html(self) -> str:
        preview = self.preview
        if preview.is_empty:
            return ""
        parts = ["<b>" + escape(_("Nothing is dropped: this carries over")) + "</b>"]
        groups = (
            (_("Tasks not followed up:"), preview.carry_over_tasks),
            (_("Measures not evaluated:"), preview.unevaluated_measures),
            (_("Not reached today:"), preview.not_reached),
        )
        for heading, texts in groups:
            if texts:
                items = "".join(f"<li>{escape(t)}</li>" for t in texts[:PREVIEW_SHOWN])
                more = len(texts) - PREVIEW_SHOWN
                if more > 0:
                    items += (
                        "<li>"
                        + escape(ngettext("and {n} more", "and {n} more", more).format(n=more))
                        + "</li>"
                    )
                parts.append(f"<div>{escape(heading)}</div><ul style='margin-top:0'>{items}</ul>")
        return "".join(parts)
