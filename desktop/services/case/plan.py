"""Editing the individual plan (individuell plan): the overall goal, goals and measures.

The plan is the agenda's source (DOMAIN.md §5.2), so a goal or measure that a meeting has already
evaluated is never deleted: its history would vanish from earlier minutes. Set its status instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from desktop.db import Database
from desktop.errors import NotFoundError, UserError
from desktop.i18n import _
from desktop.models import Case, Goal, IndividualPlan, Measure, MeasureEvaluation, Member
from desktop.models.base import now
from desktop.models.enums import GoalStatus, LifeDomain, MeasureStatus, PartyType, label
from desktop.services.case.validation import check_date, check_order, clean_line, clean_text


@dataclass(frozen=True)
class GoalInput:
    """A goal as written in the editor. ``text`` is the user's own words."""

    domain: LifeDomain
    text: str
    professional_text: str = ""
    status: GoalStatus = GoalStatus.ACTIVE


@dataclass(frozen=True)
class MeasureInput:
    """A measure (tiltak) as written in the editor."""

    text: str
    party: PartyType
    responsible_member_id: int | None = None
    responsible_person: str = ""
    start_date: date | None = None
    end_date: date | None = None
    evaluation_date: date | None = None
    status: MeasureStatus = MeasureStatus.PLANNED


class PlanService:
    """Writes the plan; every method opens and commits its own session."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def set_overall_goal(self, case_id: int, text: str) -> None:
        """«Hva er viktig for deg?» in the user's own words, kept verbatim (may be empty)."""
        cleaned = clean_text(text, _("What matters to you?"))
        with self._db.session() as session:
            plan = self._plan(session, case_id)
            plan.overall_goal = cleaned
            plan.updated_at = now()
            session.add(plan)

    def set_resources(self, case_id: int, text: str) -> None:
        cleaned = clean_text(text, _("Resources"))
        with self._db.session() as session:
            plan = self._plan(session, case_id)
            plan.resources = cleaned
            plan.updated_at = now()
            session.add(plan)

    def set_next_evaluation(self, case_id: int, when: date | None) -> None:
        check_date(when, _("Next evaluation of the plan"))
        with self._db.session() as session:
            plan = self._plan(session, case_id)
            plan.next_evaluation = when
            plan.updated_at = now()
            session.add(plan)

    def add_goal(self, case_id: int, goal: GoalInput) -> int:
        """A new goal at the end of the plan; returns its id."""
        text, professional = self._check_goal(goal)
        with self._db.session() as session:
            plan = self._plan(session, case_id)
            last = session.exec(select(func.max(Goal.position)).where(Goal.plan_id == plan.id)).one()
            row = Goal(
                plan_id=plan.id or 0,
                domain=goal.domain,
                text=text,
                professional_text=professional,
                status=goal.status,
                position=(last if last is not None else -1) + 1,
            )
            session.add(row)
            plan.updated_at = now()
            session.flush()
            assert row.id is not None
            return row.id

    def update_goal(self, goal_id: int, goal: GoalInput) -> None:
        text, professional = self._check_goal(goal)
        with self._db.session() as session:
            row = self._goal(session, goal_id)
            row.domain, row.text, row.professional_text, row.status = (
                goal.domain,
                text,
                professional,
                goal.status,
            )
            session.add(row)

    def move_goal(self, goal_id: int, offset: int) -> None:
        """Move a goal up (-1) or down (+1) in the plan; the agenda follows this order."""
        with self._db.session() as session:
            row = self._goal(session, goal_id)
            goals = list(
                session.exec(
                    select(Goal).where(Goal.plan_id == row.plan_id).order_by(col(Goal.position), col(Goal.id))
                ).all()
            )
            index = next(i for i, g in enumerate(goals) if g.id == goal_id)
            target = max(0, min(len(goals) - 1, index + offset))
            goals.insert(target, goals.pop(index))
            for position, goal in enumerate(goals):
                goal.position = position
                session.add(goal)

    def remove_goal(self, goal_id: int) -> None:
        """Delete a goal and its measures, unless a meeting has evaluated one of them."""
        with self._db.session() as session:
            row = self._goal(session, goal_id)
            measure_ids = session.exec(select(Measure.id).where(Measure.goal_id == goal_id)).all()
            if measure_ids and self._evaluations(session, list(measure_ids)):
                raise UserError(
                    _(
                        "A meeting has already evaluated measures under this goal, so it cannot be "
                        "deleted. Set its status to «{status}» instead."
                    ).format(status=label(GoalStatus.DROPPED))
                )
            session.delete(row)

    def add_measure(self, goal_id: int, measure: MeasureInput) -> int:
        """A new measure under ``goal_id``; returns its id."""
        with self._db.session() as session:
            goal = self._goal(session, goal_id)
            values = self._check_measure(session, goal, measure)
            row = Measure(goal_id=goal_id, **values)
            session.add(row)
            session.flush()
            assert row.id is not None
            return row.id

    def update_measure(self, measure_id: int, measure: MeasureInput) -> None:
        with self._db.session() as session:
            row = session.get(Measure, measure_id)
            if row is None:
                raise NotFoundError(_("The measure no longer exists."))
            goal = self._goal(session, row.goal_id)
            for name, value in self._check_measure(session, goal, measure).items():
                setattr(row, name, value)
            session.add(row)

    def remove_measure(self, measure_id: int) -> None:
        with self._db.session() as session:
            row = session.get(Measure, measure_id)
            if row is None:
                raise NotFoundError(_("The measure no longer exists."))
            if self._evaluations(session, [measure_id]):
                raise UserError(
                    _(
                        "A meeting has already evaluated this measure, so it cannot be deleted. "
                        "Set its status to «{status}» instead."
                    ).format(status=label(MeasureStatus.ENDED))
                )
            session.delete(row)

    # -- helpers ---------------------------------------------------------------------------------

    @staticmethod
    def _check_goal(goal: GoalInput) -> tuple[str, str]:
        text = clean_text(goal.text, _("The goal in the user's words"), required=True)
        professional = clean_text(goal.professional_text, _("Professional wording"))
        return text, professional

    @staticmethod
    def _check_measure(session: Session, goal: Goal, measure: MeasureInput) -> dict[str, Any]:
        text = clean_text(measure.text, _("Measure"), required=True)
        person = clean_line(measure.responsible_person, _("Responsible person"))
        start, end, evaluation = _("Start"), _("End"), _("Evaluation")
        check_date(measure.start_date, start)
        check_date(measure.end_date, end)
        check_date(measure.evaluation_date, evaluation)
        check_order(measure.start_date, measure.end_date, start, end)
        check_order(measure.start_date, measure.evaluation_date, start, evaluation)
        if measure.responsible_member_id is not None:
            plan = session.get(IndividualPlan, goal.plan_id)
            member = session.get(Member, measure.responsible_member_id)
            if member is None or plan is None or member.case_id != plan.case_id:
                raise UserError(_("The responsible person is not a member of this group."))
        return {
            "text": text,
            "party": measure.party,
            "responsible_member_id": measure.responsible_member_id,
            "responsible_person": person,
            "start_date": measure.start_date,
            "end_date": measure.end_date,
            "evaluation_date": measure.evaluation_date,
            "status": measure.status,
        }

    @staticmethod
    def _plan(session: Session, case_id: int) -> IndividualPlan:
        plan = session.exec(select(IndividualPlan).where(IndividualPlan.case_id == case_id)).first()
        if plan is not None:
            return plan
        if session.get(Case, case_id) is None:
            raise NotFoundError(_("Case {id} does not exist.").format(id=case_id))
        plan = IndividualPlan(case_id=case_id)
        session.add(plan)
        session.flush()
        return plan

    @staticmethod
    def _goal(session: Session, goal_id: int) -> Goal:
        row = session.get(Goal, goal_id)
        if row is None:
            raise NotFoundError(_("The goal no longer exists."))
        return row

    @staticmethod
    def _evaluations(session: Session, measure_ids: list[int | None]) -> int:
        return session.exec(
            select(func.count()).where(col(MeasureEvaluation.measure_id).in_(measure_ids))
        ).one()
