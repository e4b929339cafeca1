"""Planning a meeting: a second discharge meeting beside a planned one is warned about."""

from __future__ import annotations

from datetime import date

from desktop.db import Database
from desktop.models.enums import MeetingType
from desktop.services.meeting.planning import MeetingService
from desktop.ui.meeting.new_meeting_dialog import NewMeetingDialog

CASE_ID = 1  # the demo's Kari Nordmann has a discharge meeting planned


def test_a_second_discharge_meeting_is_warned_about(qtbot, demo_db: Database) -> None:  # noqa: ANN001
    meetings = MeetingService(demo_db)
    planned = next(
        m
        for m in meetings.list_meetings(CASE_ID)
        if m.type == MeetingType.DISCHARGE_PLANNING.value and m.status in ("planned", "notice_sent")
    )
    dialog = NewMeetingDialog(meetings, CASE_ID, phase="discharge_planning", today=date(2026, 11, 25))
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.clash_box.isVisible()
    assert "Utskrivningsmøte er allerede planlagt".lower() in dialog.clash_label.text().lower()
    assert dialog.open_existing_button.isVisible()
    dialog.open_existing_button.click()
    assert dialog.open_existing_id == planned.id

    ordinary = NewMeetingDialog(meetings, CASE_ID, phase="discharge_planning", today=date(2026, 11, 25))
    qtbot.addWidget(ordinary)
    ordinary.show()
    ordinary.type_combo.setCurrentIndex(ordinary.type_combo.findData(MeetingType.REGULAR.value))
    assert not ordinary.clash_box.isVisible()  # ordinary meetings: several may be planned
