"""The frozen views of one case's parts that the case view shows and may keep.

Plain copies of rows (the plan, the group and its consents, the shared facts, meetings, minutes
and open tasks), so that the UI never touches the database again after
:meth:`desktop.services.case.detail.CaseDetailService.load`.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

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

if TYPE_CHECKING:  # the rows are only read here; the UI may import the views without the data layer
    from _typeshed import DataclassInstance

    from desktop.models.case import BedAgreement, ChildRecord, Coordination, CrisisPlan, PhaseChange
    from desktop.models.group import Consent, Member
    from desktop.models.meeting import Meeting
    from desktop.models.plan import Measure
    from desktop.models.records import MinutesVersion
    from desktop.models.task import Task


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
class CrisisPlanInput:
    """Krise- og mestringsplan, as the coordinator writes it."""

    warning_signs: str = ""
    what_helps: str = ""
    contacts: str = ""
    risk_to_others: str = ""


@dataclass(frozen=True)
class BedAgreementInput:
    """The five points of DOMAIN.md §3.6: how long, where to call, stay length, content, cooperation."""

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


@dataclass(frozen=True)
class CrisisPlanView(CrisisPlanInput):
    """Krise- og mestringsplan as saved: what was written and when."""

    updated_on: date | None = None


@dataclass(frozen=True)
class BedAgreementView(BedAgreementInput):
    """Avtale om brukerstyrt seng as saved: the five points plus its row (none yet: ``id`` None)."""

    id: int | None = None

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


def _copy_into[V: DataclassInstance](view_cls: type[V], row: object, **overrides: Any) -> V:
    """A frozen view with every field of ``view_cls`` read from the same-named attribute of ``row``."""
    values = {f.name: getattr(row, f.name) for f in fields(view_cls) if f.name not in overrides}
    return view_cls(**values, **overrides)


def measure_view(m: Measure) -> MeasureView:
    return _copy_into(MeasureView, m, id=m.id or 0)


def member_view(m: Member) -> MemberView:
    return _copy_into(MemberView, m, id=m.id or 0)


def consent_view(c: Consent) -> ConsentView:
    return _copy_into(ConsentView, c)


def bed_agreement_view(b: BedAgreement) -> BedAgreementView:
    return _copy_into(BedAgreementView, b)


def coordination_view(c: Coordination) -> CoordinationView:
    return _copy_into(CoordinationView, c)


def phase_change_view(p: PhaseChange) -> PhaseChangeView:
    return _copy_into(PhaseChangeView, p, id=p.id or 0)


def crisis_plan_view(c: CrisisPlan) -> CrisisPlanView:
    return _copy_into(CrisisPlanView, c)


def child_view(c: ChildRecord) -> ChildView:
    return _copy_into(ChildView, c, id=c.id or 0)


def meeting_summary(m: Meeting) -> MeetingSummary:
    return _copy_into(MeetingSummary, m, id=m.id or 0)


def minutes_summary(v: MinutesVersion) -> MinutesSummary:
    return _copy_into(MinutesSummary, v, id=v.id or 0)


def open_task_summary(t: Task, names: dict[int | None, str], today: date) -> OpenTaskSummary:
    """``names``: the case's members by id, to name the responsible one (else the free-text person)."""
    responsible = names.get(t.responsible_member_id, "") or t.responsible_person
    is_overdue = t.due is not None and t.due < today
    return _copy_into(OpenTaskSummary, t, id=t.id or 0, responsible=responsible, is_overdue=is_overdue)
