"""Closing a meeting: a next date or a reason, never further away than the setting allows; the
preview of what carries over; after closing, the minutes wait for an absent person."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import QDate, QDateTime, QTime

from desktop import clock
from desktop.db import Database
from desktop.models import Meeting, Member
from desktop.models.enums import AttendanceStatus, MeetingStatus, PartyType
from desktop.services.meeting.attendance import AttendanceService
from desktop.services.meeting.closing import ClosingService
from desktop.services.meeting.planning import MeetingService
from desktop.settings import Settings, save_settings
from desktop.ui.meeting.workspace import MeetingWorkspace
from tests.meeting_helpers import add_meeting

CASE_ID = 1  # demo case AG-2026-001: open tasks and measures on the agenda


@pytest.fixture
def workspace(workspace: MeetingWorkspace) -> MeetingWorkspace:
    """The shared workspace (tests/ui/conftest.py) with the real close question: this file tests it."""
    del workspace.review.confirm_close
    return workspace


def _running(workspace: MeetingWorkspace, db: Database) -> int:
    """A meeting of the demo case started now, on the review screen."""
    start = clock.now_precise().replace(second=0, microsecond=0) - timedelta(minutes=30)
    meeting_id = add_meeting(db, CASE_ID, start)
    workspace.open_meeting(meeting_id)
    workspace.start_meeting()
    workspace.show_review()
    return meeting_id


def _set_next(review, value: datetime) -> None:  # noqa: ANN001
    review.next_box.next_date.setDateTime(QDateTime(QDate(value.date()), QTime(value.hour, value.minute)))
    assert review.next_box.next_date_radio.isChecked()


def _status(db: Database, meeting_id: int) -> MeetingStatus:
    return MeetingService(db).meeting(meeting_id).status


def test_no_date_and_no_reason_cannot_close(qtbot, workspace: MeetingWorkspace, demo_db: Database) -> None:
    meeting_id = _running(workspace, demo_db)
    review = workspace.review
    asked: list[object] = []
    review.confirm_close = lambda unfinished: asked.append(unfinished) or True
    review.next_box.no_next_radio.setChecked(True)
    review.next_box.reason_edit.setText("   ")
    review.close_button.click()
    assert asked == []  # refused before the question
    assert "hvorfor" in review.status_label.text()
    assert review.next_box.reason_edit.hasFocus()
    assert _status(demo_db, meeting_id) == MeetingStatus.IN_PROGRESS
    qtbot.keyClicks(review.next_box.reason_edit, "Koordinator ringer når vedtaket er klart")
    review.close_button.click()
    assert _status(demo_db, meeting_id) == MeetingStatus.HELD
    assert MeetingService(demo_db).meeting(meeting_id).next_meeting_reason.startswith("Koordinator ringer")


def test_a_next_date_too_far_away_is_refused_with_a_clear_message(
    workspace: MeetingWorkspace, demo_db: Database
) -> None:
    meeting_id = _running(workspace, demo_db)
    review = workspace.review
    asked: list[object] = []
    review.confirm_close = lambda unfinished: asked.append(unfinished) or True
    _set_next(review, clock.now_precise() + timedelta(days=7 * 31))
    review.close_button.click()
    assert asked == []
    assert "høyst 6 måneder" in review.status_label.text()
    assert _status(demo_db, meeting_id) == MeetingStatus.IN_PROGRESS
    _set_next(review, clock.now_precise() + timedelta(days=5 * 30))
    review.close_button.click()
    assert len(asked) == 1
    assert _status(demo_db, meeting_id) == MeetingStatus.HELD


def test_the_settings_propose_the_date_and_set_the_maximum(
    workspace: MeetingWorkspace, demo_db: Database
) -> None:
    save_settings(Settings(next_meeting_default_weeks=4, next_meeting_max_months=2))
    meeting_id = _running(workspace, demo_db)
    review = workspace.review
    review.confirm_close = lambda unfinished: True
    proposed = review.next_box.next_date.dateTime().toPython()
    assert proposed.date() == clock.today() + timedelta(weeks=4)
    _set_next(review, clock.now_precise() + timedelta(weeks=10))
    review.close_button.click()
    assert "høyst 2 måneder" in review.status_label.text()
    assert _status(demo_db, meeting_id) == MeetingStatus.IN_PROGRESS


def test_the_preview_lists_what_carries_over_and_what_was_not_reached(
    workspace: MeetingWorkspace, demo_db: Database
) -> None:
    meeting_id = _running(workspace, demo_db)
    review = workspace.review
    preview = ClosingService(demo_db).close_preview(meeting_id)
    assert preview.carry_over_tasks and preview.not_reached and preview.unevaluated_measures
    assert review.next_box.preview_label.isVisible()
    text = review.next_box.preview_label.text()
    assert "Dette tas med videre" in text or "tas med" in text
    assert preview.carry_over_tasks[0] in text.replace("&amp;", "&")
    lines = review.next_box.preview_lines()
    assert any(line.startswith("Tas med til neste møte") for line in lines)
    assert any(line.startswith("Tiltak som ikke ble evaluert") for line in lines)
    assert any(line.startswith("Rakk vi ikke i dag") for line in lines)
    asked: list[list[str]] = []
    review.confirm_close = lambda unfinished: asked.append(unfinished) or False
    review.close_button.click()
    assert asked and _status(demo_db, meeting_id) == MeetingStatus.IN_PROGRESS


@pytest.mark.parametrize("present", [True, False])
def test_after_closing_the_minutes_wait_only_when_the_person_was_not_in_the_room(
    workspace: MeetingWorkspace, demo_db: Database, present: bool
) -> None:
    meeting_id = _running(workspace, demo_db)
    with demo_db.session() as s:
        from sqlmodel import select

        user = s.exec(select(Member).where(Member.case_id == CASE_ID, Member.party == PartyType.USER)).one()
        user_id = user.id
    AttendanceService(demo_db).set_attendance(
        meeting_id, user_id, AttendanceStatus.PRESENT if present else AttendanceStatus.EXCUSED
    )
    review = workspace.review
    review.load()
    review.confirm_close = lambda unfinished: True
    review.close_button.click()
    with demo_db.session() as s:
        meeting = s.get(Meeting, meeting_id)
        assert meeting is not None and meeting.status == MeetingStatus.HELD
        assert meeting.awaiting_confirmation is (not present)
    assert review.confirm_box.isVisible()
    assert review.confirm_button.isEnabled() is present
    if present:
        assert review.confirm_button.hasFocus()
        assert "bekrefte referatet" in review.status_label.text()
    else:
        assert "venter på at Kari Nordmann bekrefter" in review.confirm_info.text()
