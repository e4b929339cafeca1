"""A plan that cannot go stale: measures past their evaluation date, plans not evaluated in time."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlmodel import select

from desktop.db import Database
from desktop.models import Case, IndividualPlan, Measure, MeasureEvaluation, Meeting
from desktop.models.enums import MeasureStatus, MeasureVerdict, MeetingStatus
from desktop.services.tasks.follow_up import FollowUpService, months_before
from desktop.settings import Settings, save_settings
from tests.conftest import TODAY
from tests.meeting_helpers import SmallCase, add_meeting, make_case


@pytest.fixture
def case(db: Database) -> SmallCase:
    small = make_case(db)
    with db.session() as s:
        measure = s.get(Measure, small.measure_id)
        assert measure is not None
        measure.evaluation_date = TODAY - timedelta(days=10)
        measure.status = MeasureStatus.STARTED
        created = s.get(Case, small.case_id)
        assert created is not None
        created.created_at = datetime(2026, 1, 5, 9, 0)
    return small


def _evaluated_in(
    db: Database, case: SmallCase, day: date, status: MeetingStatus = MeetingStatus.HELD
) -> int:
    meeting_id = add_meeting(
        db, case.case_id, datetime.combine(day, datetime.min.time()).replace(hour=10), status
    )
    with db.session() as s:
        s.add(
            MeasureEvaluation(
                meeting_id=meeting_id, measure_id=case.measure_id, verdict=MeasureVerdict.CONTINUE
            )
        )
    return meeting_id


def test_a_measure_past_its_evaluation_date_is_a_warning_until_a_held_meeting_evaluates_it(
    db: Database, case: SmallCase
) -> None:
    service = FollowUpService(db)
    [overdue] = service.overdue_measures(today=TODAY)
    assert overdue.measure_id == case.measure_id and overdue.days_overdue == 10
    assert overdue.case_reference == "AG-T-001"
    assert service.overdue_measures(today=TODAY - timedelta(days=10)) == ()  # not before the date
    _evaluated_in(db, case, TODAY - timedelta(days=40))  # evaluated, but before the date: still due
    assert len(service.overdue_measures(today=TODAY)) == 1
    _evaluated_in(db, case, TODAY - timedelta(days=2), MeetingStatus.PLANNED)  # not held: does not count
    assert len(service.overdue_measures(today=TODAY)) == 1
    _evaluated_in(db, case, TODAY - timedelta(days=3))
    assert service.overdue_measures(today=TODAY) == ()


def test_ended_measures_and_closed_cases_give_no_warning(db: Database, case: SmallCase) -> None:
    service = FollowUpService(db)
    with db.session() as s:
        measure = s.get(Measure, case.measure_id)
        assert measure is not None
        measure.status = MeasureStatus.ENDED
    assert service.overdue_measures(today=TODAY) == ()
    with db.session() as s:
        measure = s.get(Measure, case.measure_id)
        closed = s.get(Case, case.case_id)
        assert measure is not None and closed is not None
        measure.status = MeasureStatus.STARTED
        closed.closed_on = TODAY - timedelta(days=1)
    assert service.overdue_measures(today=TODAY) == ()
    assert service.stale_plans(months=1, today=TODAY) == ()


def test_a_plan_not_evaluated_within_the_period_is_a_warning(db: Database, case: SmallCase) -> None:
    service = FollowUpService(db)
    # created 5 January, never evaluated: stale after six months, not after twelve
    [stale] = service.stale_plans(months=6, today=TODAY)
    assert stale.case_id == case.case_id and stale.last_evaluated is None
    assert stale.since == date(2026, 1, 5)
    assert service.stale_plans(months=12, today=TODAY) == ()
    _evaluated_in(db, case, TODAY - timedelta(days=60))
    assert service.stale_plans(months=6, today=TODAY) == ()
    [stale] = service.stale_plans(months=1, today=TODAY)
    assert stale.last_evaluated == TODAY - timedelta(days=60)


def test_the_plans_own_evaluation_date_passing_is_a_warning_until_evaluated(
    db: Database, case: SmallCase
) -> None:
    service = FollowUpService(db)
    _evaluated_in(db, case, TODAY - timedelta(days=60))
    assert service.stale_plans(months=6, today=TODAY) == ()
    with db.session() as s:
        plan = s.exec(select(IndividualPlan).where(IndividualPlan.case_id == case.case_id)).one()
        plan.next_evaluation = TODAY - timedelta(days=5)
    [due] = service.stale_plans(months=6, today=TODAY)
    assert due.evaluation_due == TODAY - timedelta(days=5)
    assert service.stale_plans(months=6, today=TODAY - timedelta(days=5)) == ()  # not before the date
    _evaluated_in(db, case, TODAY - timedelta(days=1))
    assert service.stale_plans(months=6, today=TODAY) == ()


def test_a_case_without_goals_has_no_plan_to_go_stale(db: Database) -> None:
    from desktop.services.case.creation import CaseService

    CaseService(db).create_case("Ola Uten Mål", "AG-T-002")
    assert [
        p.case_reference for p in FollowUpService(db).stale_plans(months=1, today=TODAY + timedelta(days=400))
    ] == []


def test_warnings_use_the_saved_setting_and_list_minutes_waiting_for_confirmation(
    db: Database, case: SmallCase
) -> None:
    save_settings(Settings(plan_stale_months=12))
    warnings = FollowUpService(db).warnings(today=TODAY)
    assert warnings.stale_plans == ()
    save_settings(Settings(plan_stale_months=3))
    assert len(FollowUpService(db).warnings(today=TODAY).stale_plans) == 1
    meeting_id = add_meeting(db, case.case_id, datetime(2026, 11, 20, 10, 0), MeetingStatus.HELD)
    with db.session() as s:
        meeting = s.get(Meeting, meeting_id)
        assert meeting is not None
        meeting.awaiting_confirmation = True
    warnings = FollowUpService(db).warnings(today=TODAY)
    assert [w.meeting_id for w in warnings.awaiting] == [meeting_id]
    assert warnings.count == 3


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 8, 31), 6, date(2026, 2, 28)),
        (date(2026, 11, 25), 6, date(2026, 5, 25)),
        (date(2026, 3, 15), 12, date(2025, 3, 15)),
        (date(2026, 1, 10), 1, date(2025, 12, 10)),
    ],
)
def test_months_before(day: date, months: int, expected: date) -> None:
    assert months_before(day, months) == expected
