"""Editing the individual plan: overall goal, goals and measures, with validation."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.db import Database
from desktop.errors import UserError
from desktop.models import MeasureEvaluation, Meeting
from desktop.models.enums import GoalStatus, LifeDomain, MeasureStatus, MeasureVerdict, PartyType
from desktop.services.case.creation import CaseService
from desktop.services.case.detail import CaseDetailService
from desktop.services.case.plan import GoalInput, MeasureInput, PlanService

SAMI = "áčđŋšŧž"


@pytest.fixture
def case_id(db: Database) -> int:
    return CaseService(db).create_case("Kari Test", "AG-P-1")


def test_overall_goal_is_kept_verbatim_even_when_long(db: Database, case_id: int) -> None:
    text = f"Jeg vil bo i egen leilighet 🏠 {SAMI}\n" + "x" * 100_000
    PlanService(db).set_overall_goal(case_id, text)
    assert CaseDetailService(db).load(case_id).plan.overall_goal == text


def test_goal_and_measure_round_trip(db: Database, case_id: int) -> None:
    plan = PlanService(db)
    goal_id = plan.add_goal(case_id, GoalInput(LifeDomain.HOUSING, "Egen leilighet", "Bolig med oppfølging"))
    user_id = CaseDetailService(db).load(case_id).members[0].id
    measure_id = plan.add_measure(
        goal_id,
        MeasureInput(
            "Søke kommunal bolig",
            PartyType.MUNICIPAL_HOUSING,
            responsible_member_id=user_id,
            start_date=date(2026, 12, 1),
            end_date=date(2027, 3, 1),
            evaluation_date=date(2027, 1, 15),
            status=MeasureStatus.APPLIED,
        ),
    )
    detail = CaseDetailService(db).load(case_id)
    goal = detail.plan.goals[0]
    assert (goal.id, goal.domain, goal.text, goal.professional_text) == (
        goal_id,
        LifeDomain.HOUSING,
        "Egen leilighet",
        "Bolig med oppfølging",
    )
    measure = goal.measures[0]
    assert measure.id == measure_id and measure.status == MeasureStatus.APPLIED
    assert measure.end_date == date(2027, 3, 1) and measure.responsible_member_id == user_id

    plan.update_goal(goal_id, GoalInput(LifeDomain.HOUSING, "Egen leilighet nå", status=GoalStatus.PAUSED))
    plan.update_measure(measure_id, MeasureInput("Søknad sendt", PartyType.MUNICIPAL_HOUSING))
    detail = CaseDetailService(db).load(case_id)
    assert detail.plan.goals[0].status == GoalStatus.PAUSED
    assert detail.plan.goals[0].measures[0].text == "Søknad sendt"
    assert detail.plan.goals[0].measures[0].end_date is None


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_empty_goal_text_is_refused(db: Database, case_id: int, text: str) -> None:
    with pytest.raises(UserError, match="«"):
        PlanService(db).add_goal(case_id, GoalInput(LifeDomain.ECONOMY, text))
    assert CaseDetailService(db).load(case_id).plan.goals == ()


def test_measure_ending_before_it_starts_is_refused_and_nothing_changes(db: Database, case_id: int) -> None:
    plan = PlanService(db)
    goal_id = plan.add_goal(case_id, GoalInput(LifeDomain.ECONOMY, "Oversikt"))
    measure_id = plan.add_measure(goal_id, MeasureInput("Budsjett", PartyType.NAV))
    bad = MeasureInput("Budsjett", PartyType.NAV, start_date=date(2027, 2, 1), end_date=date(2027, 1, 1))
    with pytest.raises(UserError):
        plan.update_measure(measure_id, bad)
    with pytest.raises(UserError):
        plan.add_measure(goal_id, bad)
    evaluation_first = MeasureInput(
        "Budsjett", PartyType.NAV, start_date=date(2027, 2, 1), evaluation_date=date(2027, 1, 1)
    )
    with pytest.raises(UserError):
        plan.add_measure(goal_id, evaluation_first)
    measures = CaseDetailService(db).load(case_id).plan.goals[0].measures
    assert [(m.id, m.start_date) for m in measures] == [(measure_id, None)]


def test_impossible_date_is_refused(db: Database, case_id: int) -> None:
    plan = PlanService(db)
    goal_id = plan.add_goal(case_id, GoalInput(LifeDomain.ECONOMY, "Oversikt"))
    with pytest.raises(UserError):
        plan.add_measure(goal_id, MeasureInput("Budsjett", PartyType.NAV, start_date=date(1, 1, 1)))


def test_responsible_member_must_belong_to_the_case(db: Database, case_id: int) -> None:
    other_case = CaseService(db).create_case("Per Annen", "AG-P-2")
    stranger = CaseDetailService(db).load(other_case).members[0].id
    plan = PlanService(db)
    goal_id = plan.add_goal(case_id, GoalInput(LifeDomain.ECONOMY, "Oversikt"))
    with pytest.raises(UserError):
        plan.add_measure(goal_id, MeasureInput("Budsjett", PartyType.NAV, responsible_member_id=stranger))


def test_goals_can_be_reordered(db: Database, case_id: int) -> None:
    plan = PlanService(db)
    first = plan.add_goal(case_id, GoalInput(LifeDomain.HOUSING, "A"))
    second = plan.add_goal(case_id, GoalInput(LifeDomain.ECONOMY, "B"))
    plan.move_goal(second, -1)
    assert [g.id for g in CaseDetailService(db).load(case_id).plan.goals] == [second, first]
    plan.move_goal(second, -1)  # already first: stays
    assert [g.id for g in CaseDetailService(db).load(case_id).plan.goals] == [second, first]


def test_removing_goals_and_measures(db: Database, case_id: int) -> None:
    plan = PlanService(db)
    goal_id = plan.add_goal(case_id, GoalInput(LifeDomain.HOUSING, "A"))
    measure_id = plan.add_measure(goal_id, MeasureInput("M", PartyType.NAV))
    plan.remove_measure(measure_id)
    assert CaseDetailService(db).load(case_id).plan.goals[0].measures == ()
    plan.remove_goal(goal_id)
    assert CaseDetailService(db).load(case_id).plan.goals == ()


def test_an_evaluated_measure_is_kept(db: Database, case_id: int) -> None:
    """Evaluations belong to earlier minutes; deleting the measure would rewrite history."""
    plan = PlanService(db)
    goal_id = plan.add_goal(case_id, GoalInput(LifeDomain.HOUSING, "A"))
    measure_id = plan.add_measure(goal_id, MeasureInput("M", PartyType.NAV))
    from datetime import datetime

    with db.session() as session:
        meeting = Meeting(case_id=case_id, start=datetime(2026, 11, 1, 10, 0))
        session.add(meeting)
        session.flush()
        session.add(
            MeasureEvaluation(
                meeting_id=meeting.id or 0, measure_id=measure_id, verdict=MeasureVerdict.CONTINUE
            )
        )
    with pytest.raises(UserError):
        plan.remove_measure(measure_id)
    with pytest.raises(UserError):
        plan.remove_goal(goal_id)
    assert CaseDetailService(db).load(case_id).plan.goals[0].measures[0].id == measure_id
