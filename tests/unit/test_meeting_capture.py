"""Planning a meeting, capturing it, and closing it (services only, real SQLite files)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlmodel import select

from desktop import clock
from desktop.db import Database
from desktop.errors import NotFoundError, UserError
from desktop.models import AuditEvent, Measure, Note, Task
from desktop.models.enums import (
    AttendanceStatus,
    CheckpointStatus,
    MeasureStatus,
    MeasureVerdict,
    MeetingStatus,
    MeetingType,
    NoteKind,
    ParticipationMode,
    PartyType,
    TaskReviewResult,
    TaskStatus,
)
from desktop.services.meeting.agenda import AgendaService
from desktop.services.meeting.agreements import AgreementService
from desktop.services.meeting.attendance import AttendanceService
from desktop.services.meeting.capture import CaptureService
from desktop.services.meeting.closing import ClosingService
from desktop.services.meeting.measure_review import MeasureReviewService
from desktop.services.meeting.notes import NoteService
from desktop.services.meeting.planning import MeetingService
from desktop.services.meeting.task_review import TaskReviewService
from tests.meeting_helpers import START, add_meeting, add_task, make_case


def plan(db: Database, case_id: int, **kwargs: object) -> int:
    values: dict[str, object] = dict(type=MeetingType.REGULAR, start=START, place="Møterom Mjøsa")
    values.update(kwargs)
    return MeetingService(db).create_meeting(case_id, **values)  # type: ignore[arg-type]


# -- planning -----------------------------------------------------------------------------------
def test_create_meeting_invites_next_of_kin_only_with_consent(db: Database) -> None:
    without = make_case(db)
    with_consent = make_case(db, kin_consent=True, reference="AG-T-002", name="Ola Nordmann")
    meetings = MeetingService(db)
    m1 = plan(db, without.case_id)
    m2 = plan(db, with_consent.case_id)
    assert without.kin_id not in meetings.invitee_ids(m1)
    assert {without.user_id, without.nav_id} <= set(meetings.invitee_ids(m1))
    assert with_consent.kin_id in meetings.invitee_ids(m2)
    with pytest.raises(UserError):
        plan(db, without.case_id, invitee_ids=[without.kin_id])
    choices = {c.id: c for c in meetings.member_choices(without.case_id)}
    assert not choices[without.kin_id].may_invite and choices[without.nav_id].receives_notice
    assert next(iter(choices.values())).id == without.user_id  # the user comes first


def test_the_user_is_always_invited(db: Database) -> None:
    case = make_case(db)
    meeting_id = plan(db, case.case_id, invitee_ids=[case.nav_id])
    assert set(MeetingService(db).invitee_ids(meeting_id)) == {case.user_id, case.nav_id}


@pytest.mark.parametrize(
    "changes",
    [
        dict(duration_minutes=0),
        dict(duration_minutes=100_000),
        dict(place="", video_note=""),
        dict(place="x" * 301),
    ],
)
def test_bad_meeting_details_are_refused(db: Database, changes: dict[str, object]) -> None:
    case = make_case(db)
    with pytest.raises(UserError):
        plan(db, case.case_id, **changes)
    assert MeetingService(db).list_meetings(case.case_id) == []


def test_lifecycle_planned_in_progress_held_and_cancel(db: Database) -> None:
    case = make_case(db)
    meetings = MeetingService(db)
    closing = ClosingService(db)
    meeting_id = plan(db, case.case_id, video_note="NAV deltar på Teams")
    meetings.start_meeting(meeting_id, at=START)
    info = meetings.meeting(meeting_id)
    assert info.status == MeetingStatus.IN_PROGRESS and info.started_at == START
    with pytest.raises(UserError):
        meetings.cancel_meeting(meeting_id, "For sent")
    closing.close_meeting(meeting_id, reason="Gruppen avsluttes etter ønske fra brukeren")
    assert meetings.meeting(meeting_id).status == MeetingStatus.HELD
    with pytest.raises(UserError):
        meetings.start_meeting(meeting_id)
    other = plan(db, case.case_id)
    with pytest.raises(UserError):
        meetings.cancel_meeting(other, "  ")
    meetings.cancel_meeting(other, "Brukeren er syk")
    assert meetings.meeting(other).status == MeetingStatus.CANCELLED


def test_missing_ids_are_clear_errors(db: Database) -> None:
    with pytest.raises(NotFoundError):
        MeetingService(db).meeting(404)
    with pytest.raises(NotFoundError):
        NoteService(db).set_note(404, None, NoteKind.NOTE, "x")


# -- capture ----------------------------------------------------------------------------------------
@pytest.fixture
def running(db: Database) -> tuple[Database, object, int, list]:
    case = make_case(db)
    earlier = add_meeting(db, case.case_id, START - timedelta(days=30), MeetingStatus.HELD)
    add_task(db, case.case_id, "Søke bostøtte", meeting_id=earlier)
    meeting_id = plan(db, case.case_id)
    MeetingService(db).start_meeting(meeting_id)
    items = AgendaService(db).save_generated(meeting_id)
    return db, case, meeting_id, items


def test_attendance_statuses_and_modes(running) -> None:
    db, case, meeting_id, _items = running
    attendance = AttendanceService(db)
    attendance.set_attendance(meeting_id, case.nav_id, AttendanceStatus.REMOTE)
    attendance.set_attendance(meeting_id, case.user_id, AttendanceStatus.PARTIAL, left_early=True)
    rows = {r.member_id: r for r in attendance.attendance(meeting_id)}
    assert rows[case.nav_id].mode == ParticipationMode.VIDEO
    assert rows[case.user_id].mode == ParticipationMode.IN_PERSON and rows[case.user_id].left_early
    attendance.set_attendance(
        meeting_id, case.user_id, AttendanceStatus.EXCUSED, ParticipationMode.PHONE, True
    )
    rows = {r.member_id: r for r in attendance.attendance(meeting_id)}
    assert rows[case.user_id].status == AttendanceStatus.EXCUSED and rows[case.user_id].mode is None
    assert not rows[case.user_id].left_early
    assert attendance.attendance(meeting_id)[0].member_id == case.user_id


def test_notes_and_own_words_per_item_keep_every_character(running) -> None:
    db, _case, meeting_id, items = running
    capture = CaptureService(db)
    notes = NoteService(db)
    long_text = ("Kari sier: «Jeg vil hjem.» áčđŋšŧž 🙂\n" * 3000)[:100_000]
    notes.set_note(meeting_id, items[2].id, NoteKind.USER_WORDS, long_text)
    notes.set_note(meeting_id, items[2].id, NoteKind.NOTE, "første")
    notes.set_note(meeting_id, items[2].id, NoteKind.NOTE, "andre")
    state = capture.capture(meeting_id)
    assert state.notes[(items[2].id, "user_words")] == long_text
    assert state.notes[(items[2].id, "note")] == "andre"
    with db.session() as s:
        assert len(s.exec(select(Note).where(Note.meeting_id == meeting_id)).all()) == 2
    with pytest.raises(UserError):
        notes.set_note(meeting_id, items[2].id, NoteKind.NOTE, "x" * 200_001)
    assert capture.capture(meeting_id).notes[(items[2].id, "note")] == "andre"


def test_decisions_can_await_a_formal_decision_and_come_back_after_removal(running) -> None:
    db, _case, meeting_id, items = running
    capture = CaptureService(db)
    agreements = AgreementService(db)
    first = agreements.add_decision(meeting_id, items[0].id, "Kari flytter inn 1. februar")
    second = agreements.add_decision(
        meeting_id, None, "NAV behandler søknaden", awaiting_formal_decision=True
    )
    with pytest.raises(UserError):
        agreements.add_decision(meeting_id, None, "   ")
    removed = agreements.remove_decision(first)
    assert [d.id for d in capture.capture(meeting_id).decisions] == [second]
    agreements.add_decision(
        meeting_id, removed.agenda_item_id, removed.text, decision_id=removed.id, position=removed.position
    )
    decisions = capture.capture(meeting_id).decisions
    assert [d.id for d in decisions] == [first, second]
    assert decisions[1].awaiting_formal_decision


def test_new_tasks_need_text_a_member_of_the_group_and_a_sensible_date(running) -> None:
    db, case, meeting_id, items = running
    capture = CaptureService(db)
    agreements = AgreementService(db)
    task_id = agreements.add_task(
        meeting_id, items[3].id, "  Ringe  boligkontoret ", PartyType.NAV, case.nav_id, date(2026, 12, 16)
    )
    row = capture.capture(meeting_id).tasks[0]
    assert (row.id, row.text, row.responsible, row.due) == (
        task_id,
        "Ringe boligkontoret",
        "Mona Berg",
        date(2026, 12, 16),
    )
    other = make_case(db, reference="AG-T-009", name="Per Hansen")
    with pytest.raises(UserError):
        agreements.add_task(meeting_id, None, "Noe", PartyType.NAV, other.nav_id)
    with pytest.raises(UserError):
        agreements.add_task(meeting_id, None, "", PartyType.NAV)
    with pytest.raises(UserError):
        agreements.add_task(meeting_id, None, "For sent", PartyType.NAV, due=date(2020, 1, 1))
    agreements.remove_task(task_id)
    assert capture.capture(meeting_id).tasks == ()


@pytest.mark.parametrize(
    ("result", "status"),
    [(TaskReviewResult.DONE, TaskStatus.DONE), (TaskReviewResult.DROPPED, TaskStatus.DROPPED)],
)
def test_reviewing_an_earlier_task_closes_it_and_undo_restores_it(running, result, status) -> None:
    db, _case, meeting_id, items = running
    capture = CaptureService(db)
    task_review = TaskReviewService(db)
    task_id = next(e.task_id for e in items if e.kind == "task_follow_up")
    with pytest.raises(UserError):
        task_review.review_task(meeting_id, task_id, result, "  ")
    before = task_review.review_task(meeting_id, task_id, result, "Søknaden er sendt.")
    with db.session() as s:
        task = s.get(Task, task_id)
        assert (
            task.status == status
            and task.outcome == "Søknaden er sendt."
            and task.closed_in_meeting_id == meeting_id
        )
    assert capture.capture(meeting_id).earlier_tasks[task_id].result == result
    task_review.undo_review(meeting_id, task_id, before)
    with db.session() as s:
        task = s.get(Task, task_id)
        assert task.status == TaskStatus.OPEN and task.outcome == "" and task.closed_in_meeting_id is None
    assert capture.capture(meeting_id).earlier_tasks[task_id].result is None


def test_continued_task_gets_a_new_due_date_and_stays_open(running) -> None:
    db, _case, meeting_id, items = running
    task_review = TaskReviewService(db)
    closing = ClosingService(db)
    task_id = next(e.task_id for e in items if e.kind == "task_follow_up")
    with pytest.raises(UserError):
        task_review.review_task(meeting_id, task_id, TaskReviewResult.CONTINUED, "Ikke ferdig")
    with pytest.raises(UserError):
        task_review.review_task(meeting_id, task_id, TaskReviewResult.CONTINUED, "", new_due=date(2020, 1, 1))
    task_review.review_task(
        meeting_id, task_id, TaskReviewResult.CONTINUED, "Venter på svar", new_due=date(2027, 1, 15)
    )
    with db.session() as s:
        task = s.get(Task, task_id)
        assert task.status == TaskStatus.OPEN and task.due == date(2027, 1, 15)
    summary = closing.summary(meeting_id)
    nav = dict(summary.by_party)["nav"]
    assert nav[0].is_continued and nav[0].due == date(2027, 1, 15)


def test_measure_evaluations_reach_the_plan_only_when_applied(running) -> None:
    db, case, meeting_id, _items = running
    measure_review = MeasureReviewService(db)
    closing = ClosingService(db)
    measure_review.evaluate_measure(
        meeting_id, case.measure_id, MeasureVerdict.CHANGE, "Søknad om omsorgsbolig"
    )
    with db.session() as s:
        assert s.get(Measure, case.measure_id).text == "Søknad om kommunal bolig"
    closing.close_meeting(meeting_id, START + timedelta(days=30))
    evaluation = closing.summary(meeting_id).evaluations[0]
    assert evaluation.applied_at is None
    assert measure_review.apply_plan_changes(meeting_id, [evaluation.id]) == 1
    assert measure_review.apply_plan_changes(meeting_id, [evaluation.id]) == 0  # only once
    with db.session() as s:
        assert s.get(Measure, case.measure_id).text == "Søknad om omsorgsbolig"
    with pytest.raises(UserError):
        measure_review.evaluate_measure(meeting_id, case.measure_id, MeasureVerdict.STOP)


def test_stop_ends_the_measure_and_an_unapplied_evaluation_can_be_withdrawn(running) -> None:
    db, case, meeting_id, _items = running
    measure_review = MeasureReviewService(db)
    closing = ClosingService(db)
    measure_review.evaluate_measure(meeting_id, case.measure_id, MeasureVerdict.CONTINUE)
    measure_review.evaluate_measure(meeting_id, case.measure_id, None)
    assert closing.summary(meeting_id).evaluations == ()
    measure_review.evaluate_measure(meeting_id, case.measure_id, MeasureVerdict.STOP)
    [evaluation] = closing.summary(meeting_id).evaluations
    assert measure_review.apply_plan_changes(meeting_id, [evaluation.id]) == 0  # no reason: not ended
    with db.session() as s:
        assert s.get(Measure, case.measure_id).status != MeasureStatus.ENDED
    measure_review.evaluate_measure(meeting_id, case.measure_id, MeasureVerdict.STOP, "Kari har fått bolig")
    assert measure_review.apply_plan_changes(meeting_id, [evaluation.id]) == 1
    with db.session() as s:
        measure = s.get(Measure, case.measure_id)
        assert measure.status == MeasureStatus.ENDED and measure.end_date == clock.today()


def test_checkpoint_status_and_time_per_item(running) -> None:
    db, _case, meeting_id, items = running
    capture = CaptureService(db)
    checkpoint = next(e for e in items if e.kind == "checkpoint")
    capture.set_checkpoint_status(checkpoint.id, CheckpointStatus.UNCERTAIN)
    capture.set_elapsed(items[0].id, 312)
    capture.set_elapsed(items[1].id, -5)
    capture.set_item_done(items[0].id, True)
    state = {i.id: i for i in capture.capture(meeting_id).items}
    assert state[checkpoint.id].checkpoint_status == CheckpointStatus.UNCERTAIN
    assert state[items[0].id].elapsed_seconds == 312 and state[items[0].id].is_done
    assert state[items[1].id].elapsed_seconds == 0


def test_close_needs_a_next_date_or_a_reason_and_can_plan_the_next_meeting(running) -> None:
    db, case, meeting_id, _items = running
    agreements = AgreementService(db)
    closing = ClosingService(db)
    task_id = agreements.add_task(
        meeting_id, None, "Søke om startlån", PartyType.USER, case.user_id, date(2026, 12, 20)
    )
    with pytest.raises(UserError):
        closing.close_meeting(meeting_id)
    with pytest.raises(UserError):
        closing.close_meeting(meeting_id, START - timedelta(days=1))
    assert MeetingService(db).meeting(meeting_id).status == MeetingStatus.IN_PROGRESS
    next_id = closing.close_meeting(meeting_id, datetime(2027, 1, 6, 10, 0), plan_next=True)
    assert next_id is not None
    info = MeetingService(db).meeting(meeting_id)
    assert info.status == MeetingStatus.HELD and info.next_meeting_start == datetime(2027, 1, 6, 10, 0)
    assert set(MeetingService(db).invitee_ids(next_id)) == set(MeetingService(db).invitee_ids(meeting_id))
    assert task_id in [e.task_id for e in AgendaService(db).agenda(next_id)]
    with pytest.raises(UserError):
        closing.close_meeting(meeting_id, reason="igjen")
    with db.session() as s:
        actions = [
            e.action for e in s.exec(select(AuditEvent).where(AuditEvent.meeting_id == meeting_id)).all()
        ]
    assert "meeting_closed" in actions


def test_summary_groups_who_does_what_by_party(running) -> None:
    db, case, meeting_id, _items = running
    agreements = AgreementService(db)
    attendance = AttendanceService(db)
    closing = ClosingService(db)
    agreements.add_task(meeting_id, None, "Ringe NAV", PartyType.NAV, case.nav_id, date(2026, 12, 10))
    agreements.add_task(
        meeting_id, None, "Kari ringer boligkontoret", PartyType.USER, case.user_id, date(2026, 12, 5)
    )
    agreements.add_task(meeting_id, None, "Uten dato", PartyType.MUNICIPAL_HOUSING)
    attendance.set_attendance(meeting_id, case.user_id, AttendanceStatus.PRESENT)
    summary = closing.summary(meeting_id)
    groups = [g for g, _lines in summary.by_party]
    assert groups == ["user", "municipality", "nav"]
    assert summary.present == 1 and summary.invited >= 3


def test_closing_a_meeting_takes_a_backup_that_holds_it(running) -> None:
    import sqlite3

    from desktop.services.backup import list_backups

    db, _case, meeting_id, _items = running
    before = len(list_backups(db.path))
    ClosingService(db).close_meeting(meeting_id, reason="Siste møte")
    backups = list_backups(db.path)
    assert len(backups) == before + 1
    with sqlite3.connect(backups[0].path) as conn:
        status = conn.execute("SELECT status FROM meeting WHERE id = ?", (meeting_id,)).fetchone()[0]
    conn.close()
    assert status == "held"


# -- review findings: held on another day, clashes, what is unfinished -------------------------------
def test_starting_on_another_day_can_move_the_meeting_to_the_actual_start(db: Database) -> None:
    case = make_case(db)
    meetings = MeetingService(db)
    kept, moved = plan(db, case.case_id), plan(db, case.case_id, duration_minutes=75)
    early = START - timedelta(days=7, hours=-6, minutes=-27, seconds=-13)  # 25 Nov 16:27:13
    meetings.start_meeting(kept, at=early)
    meetings.start_meeting(moved, at=early, move_start=True)
    assert meetings.meeting(kept).start == START and meetings.meeting(kept).started_at == early
    info = meetings.meeting(moved)
    assert info.start == datetime(2026, 11, 25, 16, 27) and info.duration_minutes == 75
    # a due date counted from the actual start is accepted even though it is before the planned day
    AgreementService(db).add_task(
        kept, None, "Ringe NAV", PartyType.NAV, due=early.date() + timedelta(days=3)
    )


def test_clashes_and_a_suggested_start_on_a_free_weekday(db: Database) -> None:
    case = make_case(db)
    meetings = MeetingService(db)
    existing = add_meeting(db, case.case_id, datetime(2026, 12, 2, 9, 0))
    overlapping = meetings.clashes(case.case_id, datetime(2026, 12, 2, 10, 0), 60)
    assert [(c.id, c.overlaps) for c in overlapping] == [(existing, True)]
    later = meetings.clashes(case.case_id, datetime(2026, 12, 2, 13, 0), 60)
    assert [(c.id, c.overlaps) for c in later] == [(existing, False)]
    assert meetings.clashes(case.case_id, datetime(2026, 12, 3, 9, 0), 60) == []
    assert meetings.clashes(case.case_id, datetime(2026, 12, 2, 9, 0), 60, exclude_id=existing) == []
    assert meetings.suggest_start(case.case_id, datetime(2026, 12, 2, 10, 0), 90) == datetime(
        2026, 12, 3, 10, 0
    )
    add_meeting(db, case.case_id, datetime(2026, 12, 4, 12, 0))  # Friday taken: skip the weekend too
    assert meetings.suggest_start(case.case_id, datetime(2026, 12, 3, 10, 0) + timedelta(days=1), 90) == (
        datetime(2026, 12, 7, 10, 0)
    )


def test_plan_next_reuses_a_meeting_already_planned_that_day(running) -> None:
    db, case, meeting_id, _items = running
    already = add_meeting(db, case.case_id, datetime(2027, 1, 6, 9, 0))
    next_id = ClosingService(db).close_meeting(meeting_id, datetime(2027, 1, 6, 10, 0), plan_next=True)
    assert next_id == already
    planned = [
        m for m in MeetingService(db).list_meetings(case.case_id) if m.start.date() == date(2027, 1, 6)
    ]
    assert [m.id for m in planned] == [already]


def test_summary_counts_what_is_unfinished(running) -> None:
    db, case, meeting_id, items = running
    capture = CaptureService(db)
    closing = ClosingService(db)
    attendance = AttendanceService(db)
    task_review = TaskReviewService(db)
    summary = closing.summary(meeting_id)
    invited = summary.invited
    assert summary.not_marked == invited and summary.open_follow_ups == 1
    assert summary.open_items == len(items)
    attendance.set_attendance(meeting_id, case.user_id, AttendanceStatus.PRESENT)
    follow_up = next(i for i in items if i.task_id is not None)
    task_review.review_task(meeting_id, follow_up.task_id, TaskReviewResult.DONE, "Sendt")
    capture.set_item_done(items[0].id, True)
    summary = closing.summary(meeting_id)
    assert (summary.not_marked, summary.open_follow_ups, summary.open_items) == (
        invited - 1,
        0,
        len(items) - 1,
    )


def test_a_moved_meeting_keeps_its_plan_its_slot_and_tells_its_real_length(db: Database) -> None:
    """«Flytt møtet til nå» (issue 17): the minutes say when it was planned (not the moved time),
    the next meeting is suggested at the usual slot, and the length is the real one."""
    from desktop.services.minutes.collect import load_minutes_data

    case = make_case(db)
    meetings = MeetingService(db)
    moved = plan(db, case.case_id, duration_minutes=90)
    early = START - timedelta(days=7, hours=-4, minutes=-24)  # 25 Nov 14:24, planned 2 Dec 10:00
    meetings.start_meeting(moved, at=early, move_start=True)
    info = meetings.meeting(moved)
    assert info.start == datetime(2026, 11, 25, 14, 24) and info.planned_start == START
    assert info.usual_time == START
    meetings.start_meeting(moved, at=early)  # harmless while in progress
    from desktop import clock

    with clock.use(clock.FixedClock(early + timedelta(minutes=47), frozen=True)):
        ClosingService(db).close_meeting(moved, reason="Ingen dato ennå")
    facts = load_minutes_data(db, moved).facts
    assert facts.start == early and facts.planned_start == START
    assert facts.duration_minutes == 47
