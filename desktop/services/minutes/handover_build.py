"""The coordination handover document of a case, built for the handover copy of the minutes.

Only the handover copy (:func:`desktop.services.minutes.handover_copy.export_handover`, made with
the person's consent to transfer the plan to a new coordinator) embeds this JSON
(``docs/handover-schema.md``); ordinary minutes and recipients' copies do not (issue 18). Importing it lives in
:mod:`desktop.services.minutes.handover`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

from sqlmodel import Session, col, select

from desktop import __version__, clock
from desktop.db import Database
from desktop.errors import NotFoundError
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
from desktop.models.enums import MeetingStatus, PartyType
from desktop.services.case.consent import is_user, may_be_invited, members_and_consents
from desktop.services.tasks.queries import select_open_tasks

SCHEMA_ID = "ansvarsgruppe.handover"
SCHEMA_VERSION = 1
PRIVATE_PARTIES = (PartyType.NEXT_OF_KIN, PartyType.PEER_WORKER, PartyType.USER_ORGANISATION, PartyType.OTHER)


def _d(value: date | datetime | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.replace(microsecond=0).isoformat()
    return value.isoformat()


def _member_key(member_id: int | None) -> str | None:
    return f"m{member_id}" if member_id is not None else None


# -- export ---------------------------------------------------------------------------------


def build_handover(db: Database, meeting_id: int, *, language: str = "nb") -> dict[str, Any]:
    """The handover document for the case of ``meeting_id``, as of that meeting's export."""
    with db.session() as session:
        meeting = session.get(Meeting, meeting_id)
        if meeting is None:
            raise NotFoundError(_("There is no meeting with id {id}.").format(id=meeting_id))
        case = session.get(Case, meeting.case_id)
        assert case is not None
        return _build(session, case, meeting, language)


def _build(session: Session, case: Case, meeting: Meeting, language: str) -> dict[str, Any]:
    assert case.id is not None
    members, consents = members_and_consents(session, case.id)
    kept = [
        m
        for m in members
        if is_user(m) or m.party not in PRIVATE_PARTIES or may_be_invited(m, consents, meeting.start.date())
    ]
    keys = _Keys({m.id for m in kept})
    plan = _plan_doc(session, case.id, keys)
    coordination = _coordination_doc(session, case.id, keys)
    open_tasks = _open_tasks_doc(session, case.id, meeting, keys)
    history = _history_doc(session, case.id, meeting, keys)
    return {
        "schema": SCHEMA_ID,
        "schema_version": SCHEMA_VERSION,
        "generated_at": _d(clock.now_precise()),
        "generator": f"Ansvarsgruppe {__version__}",
        "language": language,
        "case": _case_doc(case),
        "coordination": coordination,
        "members": [_member_doc(m, consents) for m in kept],
        "plan": plan,
        "open_tasks": open_tasks,
        "meetings": history,
        "next_meeting_start": _d(meeting.next_meeting_start),
    }


class _Keys:
    """The members kept in the document, and the keys that refer to them."""

    def __init__(self, kept_ids: set[int | None]) -> None:
        self.kept_ids = kept_ids

    def __call__(self, member_id: int | None) -> str | None:
        """The member's key in the document, or None for someone left out of it."""
        return _member_key(member_id) if member_id in self.kept_ids else None


def _case_doc(case: Case) -> dict[str, Any]:
    return {
        "reference": case.reference,
        "display_name": case.display_name,
        "birth_year": case.birth_year,
        "phase": case.phase.value,
        "main_pathway": case.main_pathway,
        "admission_date": _d(case.admission_date),
        "planned_discharge_date": _d(case.planned_discharge_date),
        "discharge_date": _d(case.discharge_date),
        "interpreter_language": case.interpreter_language,
    }


def _member_doc(m: Member, consents: Sequence[Consent]) -> dict[str, Any]:
    return {
        "key": _member_key(m.id),
        "name": m.name,
        "role": m.role.value,
        "party": m.party.value,
        "organisation": m.organisation,
        "title": m.title,
        "phone": m.phone,
        "email": m.email,
        "relation": m.relation.value if m.relation else None,
        "is_closest_next_of_kin": m.is_closest_next_of_kin,
        "is_active": m.is_active,
        "consents": [_consent_doc(c) for c in consents if c.member_id == m.id],
    }


def _consent_doc(c: Consent) -> dict[str, Any]:
    return {
        "scope": c.scope.value,
        "status": c.status.value,
        "form": c.form.value if c.form else None,
        "given_on": _d(c.given_on),
        "withdrawn_on": _d(c.withdrawn_on),
        "limitation": c.limitation,
    }


def _plan_doc(session: Session, case_id: int, keys: _Keys) -> dict[str, Any] | None:
    """The case's individual plan with its goals and measures, or None when it has none."""
    plan = session.exec(
        select(IndividualPlan).where(IndividualPlan.case_id == case_id).order_by(col(IndividualPlan.id))
    ).first()
    if plan is None:
        return None
    goals = session.exec(
        select(Goal).where(Goal.plan_id == plan.id).order_by(col(Goal.position), col(Goal.id))
    ).all()
    goals_of_plan = select(Goal.id).where(Goal.plan_id == plan.id)
    all_measures = session.exec(
        select(Measure).where(col(Measure.goal_id).in_(goals_of_plan)).order_by(col(Measure.id))
    ).all()
    return {
        "overall_goal": plan.overall_goal,
        "resources": plan.resources,
        "next_evaluation": _d(plan.next_evaluation),
        "goals": [
            _goal_doc(goal, [ms for ms in all_measures if ms.goal_id == goal.id], keys) for goal in goals
        ],
    }


def _goal_doc(goal: Goal, measures: list[Measure], keys: _Keys) -> dict[str, Any]:
    return {
        "domain": goal.domain.value,
        "text": goal.text,
        "professional_text": goal.professional_text,
        "status": goal.status.value,
        "measures": [_measure_doc(ms, keys) for ms in measures],
    }


def _measure_doc(ms: Measure, keys: _Keys) -> dict[str, Any]:
    return {
        "text": ms.text,
        "party": ms.party.value,
        "responsible": keys(ms.responsible_member_id),
        "responsible_person": ms.responsible_person,
        "start_date": _d(ms.start_date),
        "end_date": _d(ms.end_date),
        "evaluation_date": _d(ms.evaluation_date),
        "status": ms.status.value,
    }


def _coordination_doc(session: Session, case_id: int, keys: _Keys) -> dict[str, Any] | None:
    coordination = session.exec(
        select(Coordination).where(Coordination.case_id == case_id).order_by(col(Coordination.id))
    ).first()
    if coordination is None:
        return None
    return {
        "holder": coordination.holder.value,
        "specialist_coordinator": keys(coordination.specialist_coordinator_id),
        "municipal_coordinator": keys(coordination.municipal_coordinator_id),
        "handover_date": _d(coordination.handover_date),
    }


def _open_tasks_doc(session: Session, case_id: int, meeting: Meeting, keys: _Keys) -> list[dict[str, Any]]:
    # Tasks raised after this meeting do not belong in its minutes (exported later, or again).
    tasks = session.exec(
        select_open_tasks(case_id=case_id)
        .where(col(Task.created_at) <= _meeting_end(meeting))
        .order_by(col(Task.due), col(Task.id))
    ).all()
    return [
        {
            "text": t.text,
            "party": t.party.value,
            "responsible": keys(t.responsible_member_id),
            "responsible_person": t.responsible_person,
            "due": _d(t.due),
            "status": t.status.value,
            "created_at": _d(t.created_at),
        }
        for t in tasks
    ]


def _history_doc(session: Session, case_id: int, meeting: Meeting, keys: _Keys) -> list[dict[str, Any]]:
    """The case's held meetings up to and including this one, with decisions and attendance."""
    held = (
        Meeting.case_id == case_id,
        col(Meeting.status).in_((MeetingStatus.HELD, MeetingStatus.SIGNED)),
        col(Meeting.start) <= meeting.start,
    )
    meetings = session.exec(select(Meeting).where(*held).order_by(col(Meeting.start), col(Meeting.id))).all()
    held_ids = select(Meeting.id).where(*held)
    all_decisions = session.exec(
        select(Decision)
        .where(col(Decision.meeting_id).in_(held_ids))
        .order_by(col(Decision.position), col(Decision.id))
    ).all()
    all_attendance = session.exec(
        select(Attendance).where(col(Attendance.meeting_id).in_(held_ids)).order_by(col(Attendance.id))
    ).all()
    return [
        _held_meeting_doc(
            m,
            meeting,
            [d for d in all_decisions if d.meeting_id == m.id],
            [a for a in all_attendance if a.meeting_id == m.id],
            keys,
        )
        for m in meetings
    ]


def _held_meeting_doc(
    m: Meeting, this: Meeting, decisions: list[Decision], attendance: list[Attendance], keys: _Keys
) -> dict[str, Any]:
    return {
        "type": m.type.value,
        "start": _d(m.start),
        "duration_minutes": m.duration_minutes,
        "place": m.place,
        "facilitator": keys(m.facilitator_member_id),
        "is_this_meeting": m.id == this.id,
        "decisions": [
            {"text": d.text, "awaiting_formal_decision": d.awaiting_formal_decision} for d in decisions
        ],
        "attendance": [
            {
                "member": _member_key(a.member_id),
                "status": a.status.value if a.status else None,
                "mode": a.mode.value if a.mode else None,
            }
            for a in attendance
            if a.member_id in keys.kept_ids
        ],
    }


def _meeting_end(meeting: Meeting) -> datetime:
    """When the meeting ended: closed in the runner, else its start plus its planned length."""
    if meeting.closed_at is not None:
        return meeting.closed_at
    return (meeting.started_at or meeting.start) + timedelta(minutes=meeting.duration_minutes or 0)


def to_json_bytes(document: dict[str, Any]) -> bytes:
    return json.dumps(document, ensure_ascii=False, indent=1, sort_keys=False).encode("utf-8")
