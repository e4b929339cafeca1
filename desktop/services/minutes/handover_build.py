"""The coordination handover document of a case, built for the handover copy of the minutes.

Only the handover copy (:func:`desktop.services.minutes.copies.export_handover`, made with the person's
consent to transfer the plan to a new coordinator) embeds this JSON (``docs/handover-schema.md``);
ordinary minutes and recipients' copies do not (issue 18). Importing it lives in
:mod:`desktop.services.minutes.handover`.
"""

from __future__ import annotations

import json
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
    kept_ids = {m.id for m in kept}

    def kept_key(member_id: int | None) -> str | None:
        """The member's key in the document, or None for someone left out of it."""
        return _member_key(member_id) if member_id in kept_ids else None

    def member_doc(m: Member) -> dict[str, Any]:
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
            "consents": [
                {
                    "scope": c.scope.value,
                    "status": c.status.value,
                    "form": c.form.value if c.form else None,
                    "given_on": _d(c.given_on),
                    "withdrawn_on": _d(c.withdrawn_on),
                    "limitation": c.limitation,
                }
                for c in consents
                if c.member_id == m.id
            ],
        }

    plan = session.exec(
        select(IndividualPlan).where(IndividualPlan.case_id == case.id).order_by(col(IndividualPlan.id))
    ).first()
    goals_doc: list[dict[str, Any]] = []
    if plan is not None:
        goals = session.exec(
            select(Goal).where(Goal.plan_id == plan.id).order_by(col(Goal.position), col(Goal.id))
        ).all()
        goals_of_plan = select(Goal.id).where(Goal.plan_id == plan.id)
        all_measures = session.exec(
            select(Measure).where(col(Measure.goal_id).in_(goals_of_plan)).order_by(col(Measure.id))
        ).all()
        for goal in goals:
            measures = [ms for ms in all_measures if ms.goal_id == goal.id]
            goals_doc.append(
                {
                    "domain": goal.domain.value,
                    "text": goal.text,
                    "professional_text": goal.professional_text,
                    "status": goal.status.value,
                    "measures": [
                        {
                            "text": ms.text,
                            "party": ms.party.value,
                            "responsible": kept_key(ms.responsible_member_id),
                            "responsible_person": ms.responsible_person,
                            "start_date": _d(ms.start_date),
                            "end_date": _d(ms.end_date),
                            "evaluation_date": _d(ms.evaluation_date),
                            "status": ms.status.value,
                        }
                        for ms in measures
                    ],
                }
            )
    coordination = session.exec(
        select(Coordination).where(Coordination.case_id == case.id).order_by(col(Coordination.id))
    ).first()
    # Tasks raised after this meeting do not belong in its minutes (exported later, or again).
    tasks = session.exec(
        select_open_tasks(case_id=case.id)
        .where(col(Task.created_at) <= _meeting_end(meeting))
        .order_by(col(Task.due), col(Task.id))
    ).all()
    held = (
        Meeting.case_id == case.id,
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
    history = []
    for m in meetings:
        decisions = [d for d in all_decisions if d.meeting_id == m.id]
        attendance = [a for a in all_attendance if a.meeting_id == m.id]
        history.append(
            {
                "type": m.type.value,
                "start": _d(m.start),
                "duration_minutes": m.duration_minutes,
                "place": m.place,
                "facilitator": kept_key(m.facilitator_member_id),
                "is_this_meeting": m.id == meeting.id,
                "decisions": [
                    {"text": d.text, "awaiting_formal_decision": d.awaiting_formal_decision}
                    for d in decisions
                ],
                "attendance": [
                    {
                        "member": _member_key(a.member_id),
                        "status": a.status.value if a.status else None,
                        "mode": a.mode.value if a.mode else None,
                    }
                    for a in attendance
                    if a.member_id in kept_ids
                ],
            }
        )
    return {
        "schema": SCHEMA_ID,
        "schema_version": SCHEMA_VERSION,
        "generated_at": _d(clock.now_precise()),
        "generator": f"Ansvarsgruppe {__version__}",
        "language": language,
        "case": {
            "reference": case.reference,
            "display_name": case.display_name,
            "birth_year": case.birth_year,
            "phase": case.phase.value,
            "main_pathway": case.main_pathway,
            "admission_date": _d(case.admission_date),
            "planned_discharge_date": _d(case.planned_discharge_date),
            "discharge_date": _d(case.discharge_date),
            "interpreter_language": case.interpreter_language,
        },
        "coordination": None
        if coordination is None
        else {
            "holder": coordination.holder.value,
            "specialist_coordinator": kept_key(coordination.specialist_coordinator_id),
            "municipal_coordinator": kept_key(coordination.municipal_coordinator_id),
            "handover_date": _d(coordination.handover_date),
        },
        "members": [member_doc(m) for m in kept],
        "plan": None
        if plan is None
        else {
            "overall_goal": plan.overall_goal,
            "resources": plan.resources,
            "next_evaluation": _d(plan.next_evaluation),
            "goals": goals_doc,
        },
        "open_tasks": [
            {
                "text": t.text,
                "party": t.party.value,
                "responsible": kept_key(t.responsible_member_id),
                "responsible_person": t.responsible_person,
                "due": _d(t.due),
                "status": t.status.value,
                "created_at": _d(t.created_at),
            }
            for t in tasks
        ],
        "meetings": history,
        "next_meeting_start": _d(meeting.next_meeting_start),
    }


def _meeting_end(meeting: Meeting) -> datetime:
    """When the meeting ended: closed in the runner, else its start plus its planned length."""
    if meeting.closed_at is not None:
        return meeting.closed_at
    return (meeting.started_at or meeting.start) + timedelta(minutes=meeting.duration_minutes or 0)


def to_json_bytes(document: dict[str, Any]) -> bytes:
    return json.dumps(document, ensure_ascii=False, indent=1, sort_keys=False).encode("utf-8")
