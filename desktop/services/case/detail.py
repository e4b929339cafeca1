"""One case, loaded in one call: the plan, the group and its consents, the shared facts, the timeline.

The case view shows everything at once, so it reads everything at once: a handful of indexed
queries in one short session, returned as frozen dataclasses that the UI may keep without
touching the database again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, cast

from sqlmodel import Session, SQLModel, col, select

from desktop import clock
from desktop.db import Database
from desktop.errors import NotFoundError
from desktop.i18n import _
from desktop.models import (
    BedAgreement,
    Case,
    ChildRecord,
    Consent,
    Coordination,
    CrisisPlan,
    Goal,
    IndividualPlan,
    Measure,
    Meeting,
    Member,
    MinutesVersion,
    PhaseChange,
    Task,
)
from desktop.models.enums import ConsentScope, ConsentStatus, PathwayPhase
from desktop.services.case.views import (
    BedAgreementView,
    ChildView,
    ConsentView,
    CoordinationView,
    CrisisPlanView,
    GoalView,
    MeasureView,
    MeetingSummary,
    MemberView,
    MinutesSummary,
    OpenTaskSummary,
    PhaseChangeView,
    PlanView,
    TimelineEntry,
    bed_agreement_view,
    child_view,
    consent_view,
    coordination_view,
    crisis_plan_view,
    measure_view,
    meeting_summary,
    member_view,
    minutes_summary,
    open_task_summary,
    phase_change_view,
)
from desktop.services.tasks.queries import task_is_open


@dataclass(frozen=True)
class CaseDetail:
    """Everything the case view shows, read in one session."""

    id: int
    reference: str
    display_name: str
    birth_year: int | None
    phase: PathwayPhase
    admission_date: date | None
    planned_discharge_date: date | None
    discharge_date: date | None
    plan: PlanView
    members: tuple[MemberView, ...]
    consents: tuple[ConsentView, ...]
    coordination: CoordinationView
    phases: tuple[PhaseChangeView, ...]
    crisis_plan: CrisisPlanView
    bed_agreement: BedAgreementView
    children: tuple[ChildView, ...]
    meetings: tuple[MeetingSummary, ...]
    minutes: tuple[MinutesSummary, ...]
    open_tasks: tuple[OpenTaskSummary, ...]
    today: date = field(default_factory=clock.today)

    def member(self, member_id: int | None) -> MemberView | None:
        return next((m for m in self.members if m.id == member_id), None)

    def member_name(self, member_id: int | None) -> str:
        member = self.member(member_id)
        return member.name if member else ""

    def consent(self, member_id: int, scope: ConsentScope) -> ConsentView:
        """The consent cell; a missing row is *not asked*."""
        for consent in self.consents:
            if consent.member_id == member_id and consent.scope == scope:
                return consent
        return ConsentView(member_id=member_id, scope=scope, status=ConsentStatus.NOT_ASKED)

    def goal(self, goal_id: int) -> GoalView | None:
        return next((g for g in self.plan.goals if g.id == goal_id), None)

    def measure(self, measure_id: int) -> MeasureView | None:
        return next((m for g in self.plan.goals for m in g.measures if m.id == measure_id), None)

    def timeline(self) -> list[TimelineEntry]:
        """Meetings, phase changes, the handover date and signed minutes, oldest first."""
        from desktop.models.enums import label

        entries: list[TimelineEntry] = []
        for meeting in self.meetings:
            entries.append(
                TimelineEntry(
                    when=meeting.start.date(),
                    kind="meeting",
                    text=_("{type} ({status})").format(
                        type=label(meeting.type), status=label(meeting.status).lower()
                    ),
                    meeting_id=meeting.id,
                    is_future=meeting.start.date() >= self.today,
                )
            )
        for change in self.phases:
            entries.append(
                TimelineEntry(
                    when=change.changed_on,
                    kind="phase",
                    text=_("Phase: {phase}").format(phase=label(change.phase)),
                    is_future=change.changed_on > self.today,
                )
            )
        if self.coordination.handover_date is not None:
            entries.append(
                TimelineEntry(
                    when=self.coordination.handover_date,
                    kind="handover",
                    text=_("Coordination moves to the municipality"),
                    is_future=self.coordination.handover_date > self.today,
                )
            )
        for minutes in self.minutes:
            if minutes.signed_at is None:
                continue
            entries.append(
                TimelineEntry(
                    when=minutes.signed_at.date(),
                    kind="minutes",
                    text=_("Minutes signed (version {version})").format(version=minutes.version),
                    meeting_id=minutes.meeting_id,
                )
            )
        order = {"phase": 0, "handover": 1, "meeting": 2, "minutes": 3}
        entries.sort(key=lambda e: (e.when, order.get(e.kind, 9)))
        return entries


class CaseDetailService:
    """Reads one case for the case view."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def load(self, case_id: int, *, today: date | None = None) -> CaseDetail:
        """The whole case; raises :class:`NotFoundError` for an unknown id."""
        today = today or clock.today()
        with self._db.session() as session:
            case = session.get(Case, case_id)
            if case is None or case.id is None:
                raise NotFoundError(_("Case {id} does not exist.").format(id=case_id))
            members = _of_case(session, Member, case_id, col(Member.id))
            names = {m.id: m.name for m in members}
            consents = session.exec(
                select(Consent).where(col(Consent.member_id).in_([m.id for m in members]))
            ).all()
            coordination = _of_case(session, Coordination, case_id)
            crisis = _of_case(session, CrisisPlan, case_id)
            bed = _of_case(session, BedAgreement, case_id, col(BedAgreement.id).desc())  # the newest
            phases = _of_case(session, PhaseChange, case_id, col(PhaseChange.changed_on), col(PhaseChange.id))
            children = _of_case(session, ChildRecord, case_id, col(ChildRecord.id))
            meetings = _of_case(session, Meeting, case_id, col(Meeting.start), col(Meeting.id))
            minutes = _of_case(
                session, MinutesVersion, case_id, col(MinutesVersion.created_at), col(MinutesVersion.id)
            )
            return CaseDetail(
                id=case.id,
                reference=case.reference,
                display_name=case.display_name,
                birth_year=case.birth_year,
                phase=case.phase,
                admission_date=case.admission_date,
                planned_discharge_date=case.planned_discharge_date,
                discharge_date=case.discharge_date,
                plan=_load_plan(session, case_id),
                members=tuple(member_view(m) for m in members),
                consents=tuple(consent_view(c) for c in consents),
                coordination=coordination_view(coordination[0]) if coordination else CoordinationView(),
                phases=tuple(phase_change_view(p) for p in phases),
                crisis_plan=crisis_plan_view(crisis[0]) if crisis else CrisisPlanView(),
                bed_agreement=bed_agreement_view(bed[0]) if bed else BedAgreementView(),
                children=tuple(child_view(c) for c in children),
                meetings=tuple(meeting_summary(m) for m in meetings),
                minutes=tuple(minutes_summary(v) for v in minutes),
                open_tasks=tuple(open_task_summary(t, names, today) for t in _open_tasks(session, case_id)),
                today=today,
            )


def _of_case[R: SQLModel](session: Session, model: type[R], case_id: int, *order: Any) -> Sequence[R]:
    """The rows of ``model`` that belong to the case, in ``order``."""
    case_column = cast(Any, model).case_id
    return session.exec(select(model).where(case_column == case_id).order_by(*order)).all()


def _open_tasks(session: Session, case_id: int) -> Sequence[Task]:
    """The case's open tasks, those with a due date first and soonest first."""
    return session.exec(
        select(Task)
        .where(Task.case_id == case_id, task_is_open())
        .order_by(col(Task.due).is_(None), col(Task.due), col(Task.id))
    ).all()


def _load_plan(session: Session, case_id: int) -> PlanView:
    plan = session.exec(select(IndividualPlan).where(IndividualPlan.case_id == case_id)).first()
    if plan is None or plan.id is None:
        return PlanView(id=0, overall_goal="", resources="", next_evaluation=None)
    goals = session.exec(
        select(Goal).where(Goal.plan_id == plan.id).order_by(col(Goal.position), col(Goal.id))
    ).all()
    goal_ids = [g.id for g in goals]
    measures = session.exec(
        select(Measure).where(col(Measure.goal_id).in_(goal_ids)).order_by(col(Measure.id))
    ).all()
    by_goal: dict[int, list[MeasureView]] = {}
    for m in measures:
        by_goal.setdefault(m.goal_id, []).append(measure_view(m))
    return PlanView(
        id=plan.id,
        overall_goal=plan.overall_goal,
        resources=plan.resources,
        next_evaluation=plan.next_evaluation,
        goals=tuple(
            GoalView(
                id=g.id or 0,
                domain=g.domain,
                text=g.text,
                professional_text=g.professional_text,
                status=g.status,
                position=g.position,
                measures=tuple(by_goal.get(g.id or 0, [])),
            )
            for g in goals
        ),
    )
