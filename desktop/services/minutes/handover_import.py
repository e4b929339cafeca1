"""Importing a coordination handover: a new case from the data embedded in a verified minutes PDF.

Everything happens in one transaction: the case, its group and consents, coordination, the
plan with goals and measures, the meeting history and the open tasks; a failure leaves nothing
behind. Every text goes through :func:`_text`; the schema (:mod:`.handover`) has already
refused a part of the wrong shape.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, select

from desktop.db import Database
from desktop.errors import UserError
from desktop.i18n import _
from desktop.models import (
    Attendance,
    Case,
    Consent,
    Coordination,
    Decision,
    Goal,
    IndividualPlan,
    Measure,
    Meeting,
    Member,
    Task,
)
from desktop.models.enums import (
    AttendanceStatus,
    AuditAction,
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
    ParticipationMode,
    PartyType,
    PathwayPhase,
    TaskStatus,
)
from desktop.services.audit import record
from desktop.services.case.validation import clean_chars
from desktop.services.minutes.handover import HandoverError, check_document, check_handover

#: A member's key in the document to the id of the member made from it (None: no such member).
MemberIds = Callable[[Any], int | None]


@dataclass(frozen=True)
class ImportResult:
    case_id: int
    reference: str
    original_reference: str
    members: int
    goals: int
    open_tasks: int
    meetings: int


def import_handover(db: Database, pdf: bytes) -> ImportResult:
    """Create a new case in ``db`` from a verified minutes PDF. Nothing is written on failure."""
    return import_document(db, check_handover(pdf))


def import_document(db: Database, document: dict[str, Any]) -> ImportResult:
    """Create a new case from a handover document (checked here unless :func:`check_handover` did).

    Every text goes through :func:`_text`; the schema has already refused a part of the wrong
    shape, and anything it could not foresee is still a :class:`HandoverError` with nothing written.
    """
    document = check_document(document)
    try:
        with db.session() as session:
            return _import(session, document)
    except UserError:
        raise
    except (AttributeError, TypeError, ValueError, KeyError, OverflowError) as exc:
        raise HandoverError(_("The handover data in the PDF cannot be read.")) from exc


def _import(session: Session, doc: dict[str, Any]) -> ImportResult:
    original = _text(doc["case"]["reference"], line=True)
    if not original:
        raise HandoverError(_("The handover data has no case reference."))
    reference = _free_reference(session, original)
    case_id = _import_case(session, doc["case"], reference)
    keys: dict[str, int] = {}
    for m in doc["members"]:
        member_id = _import_member(session, case_id, m)
        if m.get("key"):
            keys[str(m["key"])] = member_id

    def member_id_of(key: Any) -> int | None:
        return keys.get(str(key)) if key else None

    coordination = doc.get("coordination")
    if isinstance(coordination, dict):
        _import_coordination(session, case_id, coordination, member_id_of)
    plan = doc.get("plan")
    goals = _import_plan(session, case_id, plan, member_id_of) if isinstance(plan, dict) else 0
    meetings = sum(_import_meeting(session, case_id, h, member_id_of) for h in doc["meetings"])
    for t in doc["open_tasks"]:
        _import_task(session, case_id, t, member_id_of)
    record(session, AuditAction.HANDOVER_IMPORTED, case_id=case_id)
    return ImportResult(
        case_id=case_id,
        reference=reference,
        original_reference=original,
        members=len(keys),
        goals=goals,
        open_tasks=len(doc["open_tasks"]),
        meetings=meetings,
    )


def _import_case(session: Session, c: dict[str, Any], reference: str) -> int:
    case = Case(
        reference=reference,
        display_name=_text(c.get("display_name"), 200, line=True) or reference,
        birth_year=_int(c.get("birth_year")),
        phase=_enum(PathwayPhase, c.get("phase"), PathwayPhase.OUTPATIENT),
        main_pathway=_int(c.get("main_pathway")),
        admission_date=_date(c.get("admission_date")),
        planned_discharge_date=_date(c.get("planned_discharge_date")),
        discharge_date=_date(c.get("discharge_date")),
        interpreter_language=_text(c.get("interpreter_language"), 60, line=True),
    )
    session.add(case)
    session.flush()
    assert case.id is not None
    return case.id


def _import_member(session: Session, case_id: int, m: dict[str, Any]) -> int:
    """One member of the group with their consents (one per scope: a repeated scope is left out)."""
    member = Member(
        case_id=case_id,
        name=_text(m.get("name"), 200, line=True) or "?",
        role=_enum(GroupRole, m.get("role"), GroupRole.MEMBER),
        party=_enum(PartyType, m.get("party"), PartyType.OTHER),
        organisation=_text(m.get("organisation"), 200, line=True),
        title=_text(m.get("title"), 120, line=True),
        phone=_text(m.get("phone"), 40, line=True),
        email=_text(m.get("email"), 200, line=True),
        relation=_enum(NextOfKinRelation, m.get("relation"), None) if m.get("relation") else None,
        is_closest_next_of_kin=bool(m.get("is_closest_next_of_kin")),
        is_active=bool(m.get("is_active", True)),
    )
    session.add(member)
    session.flush()
    assert member.id is not None
    seen: set[ConsentScope] = set()
    for consent in m.get("consents") or []:
        scope = _enum(ConsentScope, consent.get("scope"), None)
        if scope is None or scope in seen:
            continue
        seen.add(scope)
        session.add(
            Consent(
                member_id=member.id,
                scope=scope,
                status=_enum(ConsentStatus, consent.get("status"), ConsentStatus.NOT_ASKED),
                form=_enum(ConsentForm, consent.get("form"), None) if consent.get("form") else None,
                given_on=_date(consent.get("given_on")),
                withdrawn_on=_date(consent.get("withdrawn_on")),
                limitation=_text(consent.get("limitation")),
                recorded_by=_("Imported from handover"),
            )
        )
    return member.id


def _import_coordination(
    session: Session, case_id: int, coordination: dict[str, Any], member_id: MemberIds
) -> None:
    session.add(
        Coordination(
            case_id=case_id,
            holder=_enum(CoordinationHolder, coordination.get("holder"), CoordinationHolder.MUNICIPALITY),
            specialist_coordinator_id=member_id(coordination.get("specialist_coordinator")),
            municipal_coordinator_id=member_id(coordination.get("municipal_coordinator")),
            handover_date=_date(coordination.get("handover_date")),
        )
    )


def _import_plan(session: Session, case_id: int, plan_doc: dict[str, Any], member_id: MemberIds) -> int:
    """The individual plan with its goals and their measures; returns how many goals."""
    plan = IndividualPlan(
        case_id=case_id,
        overall_goal=_text(plan_doc.get("overall_goal")),
        resources=_text(plan_doc.get("resources")),
        next_evaluation=_date(plan_doc.get("next_evaluation")),
    )
    session.add(plan)
    session.flush()
    assert plan.id is not None
    goals = 0
    for position, g in enumerate(plan_doc.get("goals") or []):
        goal = Goal(
            plan_id=plan.id,
            domain=_enum(LifeDomain, g.get("domain"), LifeDomain.OTHER),
            text=_text(g.get("text")),
            professional_text=_text(g.get("professional_text")),
            status=_enum(GoalStatus, g.get("status"), GoalStatus.ACTIVE),
            position=position,
        )
        session.add(goal)
        session.flush()
        assert goal.id is not None
        goals += 1
        for ms in g.get("measures") or []:
            session.add(_measure(goal.id, ms, member_id))
    return goals


def _measure(goal_id: int, ms: dict[str, Any], member_id: MemberIds) -> Measure:
    return Measure(
        goal_id=goal_id,
        text=_text(ms.get("text")),
        party=_enum(PartyType, ms.get("party"), PartyType.OTHER),
        responsible_member_id=member_id(ms.get("responsible")),
        responsible_person=_text(ms.get("responsible_person"), 200, line=True),
        start_date=_date(ms.get("start_date")),
        end_date=_date(ms.get("end_date")),
        evaluation_date=_date(ms.get("evaluation_date")),
        status=_enum(MeasureStatus, ms.get("status"), MeasureStatus.PLANNED),
    )


def _import_meeting(session: Session, case_id: int, h: dict[str, Any], member_id: MemberIds) -> int:
    """One held meeting with its agreements and attendance; 0 (nothing made) without a start."""
    start = _datetime(h.get("start"))
    if start is None:
        return 0
    meeting = Meeting(
        case_id=case_id,
        type=_enum(MeetingType, h.get("type"), MeetingType.REGULAR),
        status=MeetingStatus.HELD,
        start=start,
        duration_minutes=_int(h.get("duration_minutes")) or 90,
        place=_text(h.get("place"), 300),
        facilitator_member_id=member_id(h.get("facilitator")),
        closed_at=start,
    )
    session.add(meeting)
    session.flush()
    assert meeting.id is not None
    for position, d in enumerate(h.get("decisions") or []):
        session.add(
            Decision(
                meeting_id=meeting.id,
                text=_text(d.get("text")),
                awaiting_formal_decision=bool(d.get("awaiting_formal_decision")),
                position=position,
            )
        )
    seen_members: set[int] = set()
    for a in h.get("attendance") or []:
        mid = member_id(a.get("member"))
        if mid is None or mid in seen_members:
            continue
        seen_members.add(mid)
        session.add(
            Attendance(
                meeting_id=meeting.id,
                member_id=mid,
                status=_enum(AttendanceStatus, a.get("status"), None) if a.get("status") else None,
                mode=_enum(ParticipationMode, a.get("mode"), None) if a.get("mode") else None,
            )
        )
    return 1


def _import_task(session: Session, case_id: int, t: dict[str, Any], member_id: MemberIds) -> None:
    session.add(
        Task(
            case_id=case_id,
            text=_text(t.get("text")),
            party=_enum(PartyType, t.get("party"), PartyType.OTHER),
            responsible_member_id=member_id(t.get("responsible")),
            responsible_person=_text(t.get("responsible_person"), 200, line=True),
            due=_date(t.get("due")),
            status=_enum(TaskStatus, t.get("status"), TaskStatus.OPEN),
        )
    )


def _date(value: Any) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _datetime(value: Any) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(str(value))
    except ValueError:
        return None


def _text(value: Any, limit: int | None = None, *, line: bool = False) -> str:
    """A text of the document as it can be stored (:func:`clean_chars`: a lone surrogate from a
    ``\\ud800`` escape becomes U+FFFD, control characters go), cut to ``limit``; ``line``
    also joins white space, as the editors do for names and references."""
    text = clean_chars(value if isinstance(value, str) else str(value)) if value else ""
    if line:
        text = " ".join(text.split())
    return text[:limit] if limit is not None else text


def _int(value: Any) -> int | None:
    """A whole number of the document (JSON Schema counts ``1990.0`` as one), else None."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if isinstance(value, float):
        return int(value) if math.isfinite(value) and value.is_integer() else None
    return value


def _enum(enum_cls: Any, value: Any, default: Any) -> Any:
    try:
        return enum_cls(value)
    except ValueError:
        return default


def _free_reference(session: Session, reference: str) -> str:
    reference = reference.strip()[:34]
    candidate, n = reference, 1
    while session.exec(select(Case).where(Case.reference == candidate)).first() is not None:
        n += 1
        candidate = f"{reference}-{n}"
    return candidate
