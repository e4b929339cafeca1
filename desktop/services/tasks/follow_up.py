"""A plan that cannot go stale: the warnings on the follow-up (task) board.

- A measure is *past its evaluation date* when it is still running (not ended or rejected), its
  ``evaluation_date`` is before today, and no held meeting on or after that date evaluated it.
- A plan is *not evaluated* when its case is open and no held meeting has evaluated any of its
  measures within ``plan_stale_months`` (setting, default six months). A plan that was never
  evaluated counts from its first held meeting (or the day the case was created). A plan is also
  overdue when its own «next evaluation» date (``IndividualPlan.next_evaluation``) has passed
  without a held meeting evaluating it since.
- Meetings whose minutes wait for the person's confirmation are listed too
  (``confirmation.ConfirmationService.awaiting``).

Qt-free; rows are frozen dataclasses. Nothing here logs case content.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func
from sqlmodel import col, select

from desktop import clock
from desktop.db import Database
from desktop.models import Case, Goal, IndividualPlan, Measure, MeasureEvaluation, Meeting
from desktop.models.enums import GoalStatus, MeasureStatus, MeetingStatus
from desktop.services.minutes.confirmation import AwaitingMeeting, ConfirmationService

ENDED_MEASURES = (MeasureStatus.ENDED, MeasureStatus.REJECTED)
HELD = (MeetingStatus.HELD, MeetingStatus.SIGNED)


@dataclass(frozen=True)
class OverdueMeasure:
    measure_id: int
    case_id: int
    case_reference: str
    text: str
    party: str
    goal_domain: str
    evaluation_date: date
    days_overdue: int


@dataclass(frozen=True)
class StalePlan:
    case_id: int
    case_reference: str
    last_evaluated: date | None  # None: never evaluated in a meeting
    since: date  # the date the period is counted from
    months: int  # the setting used
    evaluation_due: date | None = None  # set when the plan's own next evaluation date has passed


@dataclass(frozen=True)
class FollowUpWarnings:
    overdue_measures: tuple[OverdueMeasure, ...]
    stale_plans: tuple[StalePlan, ...]
    awaiting: tuple[AwaitingMeeting, ...]

    @property
    def count(self) -> int:
        return len(self.overdue_measures) + len(self.stale_plans) + len(self.awaiting)


def months_before(day: date, months: int) -> date:
    """The same day ``months`` earlier (the last day of the month when it is shorter)."""
    import calendar

    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


class FollowUpService:
    def __init__(self, db: Database) -> None:
        self._db = db

    def overdue_measures(
        self, *, today: date | None = None, case_id: int | None = None
    ) -> tuple[OverdueMeasure, ...]:
        today = today or clock.today()
        with self._db.session() as session:
            query = (
                select(Measure, Goal, Case)
                .join(Goal, col(Goal.id) == Measure.goal_id)
                .join(IndividualPlan, col(IndividualPlan.id) == Goal.plan_id)
                .join(Case, col(Case.id) == IndividualPlan.case_id)
                .where(
                    col(Measure.evaluation_date).is_not(None),
                    col(Measure.evaluation_date) < today,
                    col(Measure.status).not_in(ENDED_MEASURES),
                    col(Goal.status).in_((GoalStatus.ACTIVE, GoalStatus.PAUSED)),
                    col(Case.closed_on).is_(None),
                )
                .order_by(col(Measure.evaluation_date), col(Measure.id))
            )
            if case_id is not None:
                query = query.where(Case.id == case_id)
            rows = session.exec(query).all()
            ids = [m.id for m, _g, _c in rows]
            evaluated: dict[int, date] = {}
            if ids:
                for measure_id, newest in session.exec(
                    select(MeasureEvaluation.measure_id, func.max(Meeting.start))
                    .join(Meeting, col(Meeting.id) == MeasureEvaluation.meeting_id)
                    .where(col(MeasureEvaluation.measure_id).in_(ids), col(Meeting.status).in_(HELD))
                    .group_by(col(MeasureEvaluation.measure_id))
                ).all():
                    evaluated[measure_id] = newest.date() if hasattr(newest, "date") else newest
            result = []
            for measure, goal, case in rows:
                assert measure.evaluation_date is not None
                last = evaluated.get(measure.id or 0)
                if last is not None and last >= measure.evaluation_date:
                    continue
                result.append(
                    OverdueMeasure(
                        measure_id=measure.id or 0,
                        case_id=case.id or 0,
                        case_reference=case.reference,
                        text=measure.text,
                        party=measure.party.value,
                        goal_domain=goal.domain.value,
                        evaluation_date=measure.evaluation_date,
                        days_overdue=(today - measure.evaluation_date).days,
                    )
                )
            return tuple(result)

    def stale_plans(
        self, *, months: int, today: date | None = None, case_id: int | None = None
    ) -> tuple[StalePlan, ...]:
        today = today or clock.today()
        limit = months_before(today, months)
        with self._db.session() as session:
            last_by_case: dict[int | None, date] = {
                cid: (last.date() if hasattr(last, "date") else last)
                for cid, last in session.exec(
                    select(Meeting.case_id, func.max(Meeting.start))
                    .join(MeasureEvaluation, col(MeasureEvaluation.meeting_id) == Meeting.id)
                    .where(col(Meeting.status).in_(HELD))
                    .group_by(col(Meeting.case_id))
                ).all()
            }
            first_by_case: dict[int | None, date] = {
                cid: (first.date() if hasattr(first, "date") else first)
                for cid, first in session.exec(
                    select(Meeting.case_id, func.min(Meeting.start))
                    .where(col(Meeting.status).in_(HELD))
                    .group_by(col(Meeting.case_id))
                ).all()
            }
            # Only plans with something in them: a case without goals has no plan to evaluate yet.
            query = (
                select(Case, IndividualPlan)
                .join(IndividualPlan, col(IndividualPlan.case_id) == Case.id)
                .where(
                    col(Case.closed_on).is_(None),
                    select(Goal.id)
                    .where(Goal.plan_id == IndividualPlan.id, Goal.status == GoalStatus.ACTIVE)
                    .exists(),
                )
                .order_by(col(Case.reference))
            )
            if case_id is not None:
                query = query.where(Case.id == case_id)
            result = []
            for case, plan in session.exec(query).all():
                last = last_by_case.get(case.id)
                since = last or min(case.created_at.date(), first_by_case.get(case.id) or date.max)
                due = plan.next_evaluation
                date_passed = due is not None and due < today and (last is None or last < due)
                if since < limit or date_passed:
                    result.append(
                        StalePlan(
                            case_id=case.id or 0,
                            case_reference=case.reference,
                            last_evaluated=last,
                            since=since,
                            months=months,
                            evaluation_due=due if date_passed else None,
                        )
                    )
            result.sort(key=lambda p: (p.since, p.case_reference))
            return tuple(result)

    def warnings(
        self, *, months: int | None = None, today: date | None = None, case_id: int | None = None
    ) -> FollowUpWarnings:
        """Everything the follow-up board warns about. ``months`` defaults to the saved setting."""
        if months is None:
            from desktop.settings import load_settings

            months = load_settings().plan_stale_months
        return FollowUpWarnings(
            overdue_measures=self.overdue_measures(today=today, case_id=case_id),
            stale_plans=self.stale_plans(months=months, today=today, case_id=case_id),
            awaiting=ConfirmationService(self._db).awaiting(case_id=case_id),
        )


__all__ = [
    "FollowUpService",
    "FollowUpWarnings",
    "OverdueMeasure",
    "StalePlan",
    "months_before",
]
