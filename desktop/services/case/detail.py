"""One case, loaded in one call: the plan, the group and its consents, the shared facts, the timeline.

The case view shows everything at once, so it reads everything at once: a handful of indexed
queries in one short session, returned as frozen dataclasses that the UI may keep without
touching the database again.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, col, select

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
from desktop.models.enums import (
    ConsentForm,
    ConsentScope,
    ConsentStatus,
    CoordinationHolder,
    GoalStatus,
    GroupRole,
    LifeDomain,
    MeasureStatus,
    MeetingStatus,
    MeetingType,
    NextOfKinRelation,
    PartyType,
    PathwayPhase,
)
from desktop.services.case.consent import is_user
from desktop.services.tasks.queries import task_is_open


@dataclass(frozen=True)
class MeasureView:
    """Tiltak as shown in the plan editor."""

    id: int
    goal_id: int
    text: str
    party: PartyType
    responsible_member_id: int | None
    responsible_person: str
    start_date: date | None
    end_date: date | None
    evaluation_date: date | None
    status: MeasureStatus


@dataclass(frozen=True)
class GoalView:
    """Mål in one life domain, with its measures in creation order."""

    id: int
    domain: LifeDomain
    text: str
    professional_text: str
    status: GoalStatus
    position: int
    measures: tuple[MeasureView, ...] = ()


@dataclass(frozen=True)
class PlanView:
    """The individual plan (IP); ``overall_goal`` is the user's own words."""

    id: int
    overall_goal: str
    resources: str
    next_evaluation: date | None
    goals: tuple[GoalView, ...] = ()


@dataclass(frozen=True)
class MemberView:
    """A member of the responsibility group."""

    id: int
    name: str
    role: GroupRole
    party: PartyType
    organisation: str
    title: str
    phone: str
    email: str
    relation: NextOfKinRelation | None
    is_closest_next_of_kin: bool
    is_active: bool

    @property
    def is_user(self) -> bool:
        """The user themself: consent is theirs to give, never something asked of them."""
        return is_user(self)


@dataclass(frozen=True)
class ConsentView:
    """One cell of the consent matrix. A missing row means *not asked* (default deny)."""

    member_id: int
    scope: ConsentScope
    status: ConsentStatus
    form: ConsentForm | None = None
    given_on: date | None = None
    withdrawn_on: date | None = None
    limitation: str = ""
    recorded_by: str = ""
    id: int | None = None


@dataclass(frozen=True)
class CoordinationView:
    """Koordineringsansvar: who holds it, both coordinators and the handover date."""

    holder: CoordinationHolder = CoordinationHolder.SPECIALIST
    specialist_coordinator_id: int | None = None
    municipal_coordinator_id: int | None = None
    handover_date: date | None = None
    note: str = ""


@dataclass(frozen=True)
class PhaseChangeView:
    id: int
    phase: PathwayPhase
    changed_on: date
    note: str


@dataclass(frozen=True)
class CrisisPlanView:
    """Krise- og mestringsplan."""

    warning_signs: str = ""
    what_helps: str = ""
    contacts: str = ""
    risk_to_others: str = ""
    updated_on: date | None = None


@dataclass(frozen=True)
class BedAgreementView:
    """Avtale om brukerstyrt seng: the five points (DOMAIN.md §3.6) plus when it applies."""

    id: int | None = None
    institution: str = ""
    valid_from: date | None = None
    available_until: date | None = None
    contact_point: str = ""
    contact_phone: str = ""
    normal_stay_days: int | None = None
    content: str = ""
    municipal_cooperation: str = ""
    trigger_conditions: str = ""
    compensating_measures: str = ""

    @property
    def exists(self) -> bool:
        return self.id is not None


@dataclass(frozen=True)
class ChildView:
    """A child as next of kin: age band and follow-up only, never a name."""

    id: int
    age_band: str
    informed_on: date | None
    follow_up_by: PartyType | None
    lives_with_user: bool


@dataclass(frozen=True)
class MeetingSummary:
    id: int
    type: MeetingType
    status: MeetingStatus
    start: datetime
    place: str


@dataclass(frozen=True)
class MinutesSummary:
    id: int
    meeting_id: int
    version: int
    created_at: datetime
    signed_at: datetime | None


@dataclass(frozen=True)
class OpenTaskSummary:
    id: int
    text: str
    party: PartyType
    responsible: str
    due: date | None
    is_overdue: bool


@dataclass(frozen=True)
class TimelineEntry:
    """One line of the case timeline. ``kind`` is ``meeting``, ``phase``, ``handover`` or ``minutes``."""

    when: date
    kind: str
    text: str
    meeting_id: int | None = None
    is_future: bool = False


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
            members = session.exec(
                select(Member).where(Member.case_id == case_id).order_by(col(Member.id))
            ).all()
            member_ids = [m.id for m in members]
            names = {m.id: m.name for m in members}
            consents = session.exec(select(Consent).where(col(Consent.member_id).in_(member_ids))).all()
            coordination = session.exec(select(Coordination).where(Coordination.case_id == case_id)).first()
            phases = session.exec(
                select(PhaseChange)
                .where(PhaseChange.case_id == case_id)
                .order_by(col(PhaseChange.changed_on), col(PhaseChange.id))
            ).all()
            crisis = session.exec(select(CrisisPlan).where(CrisisPlan.case_id == case_id)).first()
            bed = session.exec(
                select(BedAgreement)
                .where(BedAgreement.case_id == case_id)
                .order_by(col(BedAgreement.id).desc())
            ).first()
            children = session.exec(
                select(ChildRecord).where(ChildRecord.case_id == case_id).order_by(col(ChildRecord.id))
            ).all()
            meetings = session.exec(
                select(Meeting)
                .where(Meeting.case_id == case_id)
                .order_by(col(Meeting.start), col(Meeting.id))
            ).all()
            minutes = session.exec(
                select(MinutesVersion)
                .where(MinutesVersion.case_id == case_id)
                .order_by(col(MinutesVersion.created_at), col(MinutesVersion.id))
            ).all()
            tasks = session.exec(
                select(Task)
                .where(Task.case_id == case_id, task_is_open())
                .order_by(col(Task.due).is_(None), col(Task.due), col(Task.id))
            ).all()
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
                members=tuple(_member_view(m) for m in members),
                consents=tuple(consent_view(c) for c in consents),
                coordination=CoordinationView(
                    holder=coordination.holder,
                    specialist_coordinator_id=coordination.specialist_coordinator_id,
                    municipal_coordinator_id=coordination.municipal_coordinator_id,
                    handover_date=coordination.handover_date,
                    note=coordination.note,
                )
                if coordination
                else CoordinationView(),
                phases=tuple(
                    PhaseChangeView(id=p.id or 0, phase=p.phase, changed_on=p.changed_on, note=p.note)
                    for p in phases
                ),
                crisis_plan=CrisisPlanView(
                    warning_signs=crisis.warning_signs,
                    what_helps=crisis.what_helps,
                    contacts=crisis.contacts,
                    risk_to_others=crisis.risk_to_others,
                    updated_on=crisis.updated_on,
                )
                if crisis
                else CrisisPlanView(),
                bed_agreement=bed_agreement_view(bed) if bed else BedAgreementView(),
                children=tuple(
                    ChildView(
                        id=c.id or 0,
                        age_band=c.age_band,
                        informed_on=c.informed_on,
                        follow_up_by=c.follow_up_by,
                        lives_with_user=c.lives_with_user,
                    )
                    for c in children
                ),
                meetings=tuple(
                    MeetingSummary(id=m.id or 0, type=m.type, status=m.status, start=m.start, place=m.place)
                    for m in meetings
                ),
                minutes=tuple(
                    MinutesSummary(
                        id=v.id or 0,
                        meeting_id=v.meeting_id,
                        version=v.version,
                        created_at=v.created_at,
                        signed_at=v.signed_at,
                    )
                    for v in minutes
                ),
                open_tasks=tuple(
                    OpenTaskSummary(
                        id=t.id or 0,
                        text=t.text,
                        party=t.party,
                        responsible=names.get(t.responsible_member_id, "") or t.responsible_person,
                        due=t.due,
                        is_overdue=t.due is not None and t.due < today,
                    )
                    for t in tasks
                ),
                today=today,
            )


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


def _copy_into[V](view_cls: type[V], row: object, **overrides: Any) -> V:
    """A frozen view with every field of ``view_cls`` read from the same-named attribute of ``row``."""
    values = {f.name: getattr(row, f.name) for f in fields(view_cls) if f.name not in overrides}  # type: ignore[arg-type]
    return view_cls(**values, **overrides)


def measure_view(m: Measure) -> MeasureView:
    return _copy_into(MeasureView, m, id=m.id or 0)


def _member_view(m: Member) -> MemberView:
    return _copy_into(MemberView, m, id=m.id or 0)


def consent_view(c: Consent) -> ConsentView:
    return _copy_into(ConsentView, c)


def bed_agreement_view(b: BedAgreement) -> BedAgreementView:
    return _copy_into(BedAgreementView, b)
