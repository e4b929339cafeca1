"""The individual plan (individuell plan, IP): the agenda's source."""

from __future__ import annotations

from datetime import date

from pydantic import NaiveDatetime
from sqlmodel import Field

from desktop.models.base import Table, enum_field, now, text_field
from desktop.models.enums import GoalStatus, LifeDomain, MeasureStatus, PartyType


class IndividualPlan(Table, table=True):
    """Individuell plan. ``overall_goal`` is the user's answer to «Hva er viktig for deg?», verbatim."""

    __tablename__ = "individual_plan"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", unique=True, ondelete="CASCADE")
    overall_goal: str = text_field()
    resources: str = text_field()
    next_evaluation: date | None = None
    updated_at: NaiveDatetime = Field(default_factory=now)


class Goal(Table, table=True):
    """Mål in one life domain. ``text`` holds the user's own words; ``professional_text`` is optional."""

    __tablename__ = "goal"

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="individual_plan.id", index=True, ondelete="CASCADE")
    domain: LifeDomain = enum_field(LifeDomain)
    text: str = text_field()
    professional_text: str = text_field()
    status: GoalStatus = enum_field(GoalStatus, GoalStatus.ACTIVE)
    position: int = 0


class Measure(Table, table=True):
    """Tiltak: help a party provides, with a responsible party and dates. Not the same as a task."""

    __tablename__ = "measure"

    id: int | None = Field(default=None, primary_key=True)
    goal_id: int = Field(foreign_key="goal.id", index=True, ondelete="CASCADE")
    text: str = text_field()
    party: PartyType = enum_field(PartyType)
    responsible_member_id: int | None = Field(default=None, foreign_key="member.id", ondelete="SET NULL")
    responsible_person: str = Field(default="", max_length=200)
    start_date: date | None = None
    end_date: date | None = None
    evaluation_date: date | None = None
    status: MeasureStatus = enum_field(MeasureStatus, MeasureStatus.PLANNED)
