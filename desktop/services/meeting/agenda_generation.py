"""The agenda generated from the individual plan (DOMAIN.md §5.2), and fitted to the meeting's length.

Order: welcome, approval of the last minutes, the user's own view (the user speaks first), every
open task from earlier meetings (oldest first: the group closes old business before new), each
active goal with its measures, the checkpoints of the current phase, crisis plan / bed agreement
when relevant, next of kin (only with consent), coordination, any other business, next meeting.

The agenda is hierarchical (issue 17): a 90-minute discharge meeting generated 35 items, where the
agendas groups actually get through have 6–12 points. So the earlier tasks are sub-items of one
item «Oppfølging fra forrige møte», each goal's measures are sub-items of the goal, and the
phase's checkpoints are sub-items of one checklist item; every task and every checkpoint is still
an item of its own, with its own notes, answer and status.
"""

from __future__ import annotations

from dataclasses import replace

from sqlmodel import Session, col, select

from desktop.i18n import _
from desktop.models import (
    BedAgreement,
    Case,
    ChildRecord,
    Consent,
    Coordination,
    Goal,
    IndividualPlan,
    Measure,
    Meeting,
    Member,
    Task,
)
from desktop.models.enums import (
    AgendaKind,
    ConsentScope,
    GoalStatus,
    MeasureStatus,
    MeetingStatus,
    MeetingType,
    PartyType,
    PathwayPhase,
    label,
)
from desktop.services.case.consent import has_consent
from desktop.services.meeting.agenda_tree import CHECKPOINTS_KEY, FOLLOW_UPS_KEY, GROUP_KINDS, AgendaEntry
from desktop.services.meeting.checkpoints import checkpoints_for
from desktop.services.tasks.queries import select_open_tasks

TITLE_CHARS = 120

PLANNED_MINUTES: dict[AgendaKind, int] = {
    AgendaKind.WELCOME: 5,
    AgendaKind.APPROVE_MINUTES: 3,
    AgendaKind.USER_VIEW: 10,
    AgendaKind.TASK_FOLLOW_UP: 3,
    AgendaKind.GOAL: 5,
    AgendaKind.MEASURE: 3,
    AgendaKind.CHECKPOINT: 3,
    AgendaKind.FOLLOW_UPS: 0,
    AgendaKind.CHECKPOINTS: 0,
    AgendaKind.CRISIS_PLAN: 5,
    AgendaKind.BED_AGREEMENT: 5,
    AgendaKind.NEXT_OF_KIN: 5,
    AgendaKind.COORDINATION: 5,
    AgendaKind.OTHER_BUSINESS: 5,
    AgendaKind.NEXT_MEETING: 5,
    AgendaKind.CUSTOM: 5,
}

_ENDED_MEASURES = (MeasureStatus.ENDED, MeasureStatus.REJECTED)


def _short(text: str) -> str:
    """A one-line title from a long text (a goal in the user's words can be a paragraph)."""
    line = " ".join(text.split())
    return line if len(line) <= TITLE_CHARS else line[: TITLE_CHARS - 1].rstrip() + "…"


def _entry(
    kind: AgendaKind,
    title: str,
    key: str,
    *,
    task_id: int | None = None,
    goal_id: int | None = None,
    measure_id: int | None = None,
    checkpoint: str | None = None,
    parent_key: str = "",
) -> AgendaEntry:
    return AgendaEntry(
        kind=kind.value,
        title=title,
        planned_minutes=PLANNED_MINUTES[kind],
        source_key=key,
        task_id=task_id,
        goal_id=goal_id,
        measure_id=measure_id,
        checkpoint=checkpoint,
        parent_key=parent_key,
    )


def _under(parent_key: str, entries: list[AgendaEntry]) -> list[AgendaEntry]:
    return [replace(entry, parent_key=parent_key) for entry in entries]


def generate_agenda(session: Session, meeting: Meeting) -> list[AgendaEntry]:
    """Build the agenda for ``meeting`` from the case's plan, open tasks and phase."""
    case = session.get(Case, meeting.case_id)
    assert case is not None
    items: list[AgendaEntry] = [_entry(AgendaKind.WELCOME, label(AgendaKind.WELCOME), "welcome")]
    earlier = session.exec(
        select(Meeting.id).where(
            Meeting.case_id == case.id,
            Meeting.start < meeting.start,
            col(Meeting.status).in_([MeetingStatus.HELD, MeetingStatus.SIGNED]),
        )
    ).first()
    if earlier is not None:
        items.append(_entry(AgendaKind.APPROVE_MINUTES, label(AgendaKind.APPROVE_MINUTES), "approve_minutes"))
    items.append(_entry(AgendaKind.USER_VIEW, label(AgendaKind.USER_VIEW), "user_view"))
    tasks = _task_items(session, case, meeting)
    if tasks:
        items.append(_entry(AgendaKind.FOLLOW_UPS, label(AgendaKind.FOLLOW_UPS), FOLLOW_UPS_KEY))
        items += _under(FOLLOW_UPS_KEY, tasks)
    items += _goal_items(session, case)
    checkpoints = [
        _entry(
            AgendaKind.CHECKPOINT,
            checkpoint.title,  # beneath «Sjekkpunkter …»: no «Sjekkpunkt:» in front of each
            f"checkpoint:{checkpoint.key}",
            checkpoint=checkpoint.key,
        )
        for checkpoint in checkpoints_for(case.phase)
    ]
    if checkpoints:
        # Plain words, not «Sjekkpunkter»: the title reaches the minutes the person reads.
        title = (
            _("Before admission: is everything in place?")
            if case.phase == PathwayPhase.PRE_ADMISSION
            else _("Before discharge: is everything in place?")
        )
        items.append(_entry(AgendaKind.CHECKPOINTS, title, CHECKPOINTS_KEY))
        items += _under(CHECKPOINTS_KEY, checkpoints)
    items += _situational_items(session, case, meeting)
    items.append(_entry(AgendaKind.OTHER_BUSINESS, label(AgendaKind.OTHER_BUSINESS), "other_business"))
    items.append(_entry(AgendaKind.NEXT_MEETING, label(AgendaKind.NEXT_MEETING), "next_meeting"))
    items = fit_to_duration(items, meeting.duration_minutes)
    return [replace(item, position=i) for i, item in enumerate(items)]


# The user's own view, welcome and the next meeting keep their time: the group shortens the
# per-item discussion of tasks, goals, measures and checkpoints instead (DOMAIN.md §5.2: the
# user speaks first, and small, predictable meetings work).
_FIXED_KINDS = frozenset(
    {
        AgendaKind.WELCOME,
        AgendaKind.APPROVE_MINUTES,
        AgendaKind.USER_VIEW,
        AgendaKind.OTHER_BUSINESS,
        AgendaKind.NEXT_MEETING,
        *GROUP_KINDS,  # no time of their own: their sub-items have it
    }
)
MIN_ITEM_MINUTES = 1


def fit_to_duration(items: list[AgendaEntry], duration_minutes: int) -> list[AgendaEntry]:
    """Shorten the flexible items so that the agenda fits the meeting, never below one minute.

    A long plan easily generates more than 90 minutes of items; the facilitator then sees an agenda
    that fits and can give time back where it matters. When even one minute each is too much,
    the agenda stays over time and the planner shows it.
    """
    flexible = [n for n, i in enumerate(items) if AgendaKind(i.kind) not in _FIXED_KINDS]
    fixed = sum(i.planned_minutes for n, i in enumerate(items) if n not in flexible)
    flexible_total = sum(items[n].planned_minutes for n in flexible)
    budget = duration_minutes - fixed
    if not flexible or fixed + flexible_total <= duration_minutes or budget <= 0:
        return items
    factor = budget / flexible_total
    raw = {n: items[n].planned_minutes * factor for n in flexible}
    minutes = {n: max(MIN_ITEM_MINUTES, int(value)) for n, value in raw.items()}
    spare = budget - sum(minutes.values())
    # Largest remainder first, so that the agenda uses the whole meeting and not less.
    for n in sorted(raw, key=lambda k: raw[k] - int(raw[k]), reverse=True):
        if spare <= 0:
            break
        if raw[n] >= MIN_ITEM_MINUTES:
            minutes[n] += 1
            spare -= 1
    return [
        replace(item, planned_minutes=minutes[n]) if n in minutes else item for n, item in enumerate(items)
    ]


def _task_items(session: Session, case: Case, meeting: Meeting) -> list[AgendaEntry]:
    """Every task still open, raised before this meeting, oldest first (DOMAIN.md §7.2)."""
    tasks = session.exec(
        select_open_tasks(case_id=case.id)
        .where((col(Task.meeting_id).is_(None)) | (Task.meeting_id != meeting.id))
        .order_by(col(Task.created_at), col(Task.id))
    ).all()
    return [
        _entry(
            AgendaKind.TASK_FOLLOW_UP,
            _short(task.text),  # beneath «Oppfølging fra forrige møte»: no «Oppfølging:» in front
            f"task:{task.id}",
            task_id=task.id,
        )
        for task in tasks
    ]


def _goal_items(session: Session, case: Case) -> list[AgendaEntry]:
    plan = session.exec(select(IndividualPlan).where(IndividualPlan.case_id == case.id)).first()
    if plan is None:
        return []
    goals = session.exec(
        select(Goal)
        .where(Goal.plan_id == plan.id, Goal.status == GoalStatus.ACTIVE)
        .order_by(col(Goal.position), col(Goal.id))
    ).all()
    items: list[AgendaEntry] = []
    for goal in goals:
        items.append(
            _entry(
                AgendaKind.GOAL,
                _("{domain}: {goal}").format(domain=label(goal.domain), goal=_short(goal.text)),
                f"goal:{goal.id}",
                goal_id=goal.id,
            )
        )
        measures = session.exec(
            select(Measure)
            .where(Measure.goal_id == goal.id, col(Measure.status).not_in(_ENDED_MEASURES))
            .order_by(col(Measure.id))
        ).all()
        for measure in measures:
            items.append(
                _entry(
                    AgendaKind.MEASURE,
                    _("Measure: {measure} ({party})").format(
                        measure=_short(measure.text), party=label(measure.party)
                    ),
                    f"measure:{measure.id}",
                    goal_id=goal.id,
                    measure_id=measure.id,
                    parent_key=f"goal:{goal.id}",
                )
            )
    return items


def _situational_items(session: Session, case: Case, meeting: Meeting) -> list[AgendaEntry]:
    """Crisis plan, bed agreement, next of kin and coordination, when the situation calls for them."""
    items: list[AgendaEntry] = []
    in_discharge = case.phase == PathwayPhase.DISCHARGE_PLANNING  # covered by the checkpoints then
    crisis_types = (MeetingType.EXTRA, MeetingType.FIRST_MEETING, MeetingType.EVALUATION)
    if not in_discharge and meeting.type in crisis_types:
        items.append(_entry(AgendaKind.CRISIS_PLAN, label(AgendaKind.CRISIS_PLAN), "crisis_plan"))
    has_bed = session.exec(select(BedAgreement.id).where(BedAgreement.case_id == case.id)).first() is not None
    if not in_discharge and has_bed and meeting.type in (MeetingType.BED_UNIT, MeetingType.EXTRA):
        items.append(_entry(AgendaKind.BED_AGREEMENT, label(AgendaKind.BED_AGREEMENT), "bed_agreement"))
    if (
        _next_of_kin_consented(session, case)
        or session.exec(select(ChildRecord.id).where(ChildRecord.case_id == case.id)).first()
    ):
        items.append(_entry(AgendaKind.NEXT_OF_KIN, label(AgendaKind.NEXT_OF_KIN), "next_of_kin"))
    coordination = session.exec(select(Coordination).where(Coordination.case_id == case.id)).first()
    needs_coordination = meeting.type in (MeetingType.FIRST_MEETING, MeetingType.HANDOVER) or (
        not in_discharge
        and case.phase in (PathwayPhase.AFTER_DISCHARGE, PathwayPhase.INPATIENT)
        and (coordination is None or coordination.handover_date is None)
    )
    if needs_coordination:
        items.append(_entry(AgendaKind.COORDINATION, label(AgendaKind.COORDINATION), "coordination"))
    return items


def _next_of_kin_consented(session: Session, case: Case) -> bool:
    members = session.exec(
        select(Member).where(Member.case_id == case.id, Member.party == PartyType.NEXT_OF_KIN)
    ).all()
    if not members:
        return False
    ids = [m.id for m in members]
    consents = session.exec(select(Consent).where(col(Consent.member_id).in_(ids))).all()
    return any(
        has_consent(m, ConsentScope.PARTICIPATE, consents)
        or has_consent(m, ConsentScope.INVOLVE_NEXT_OF_KIN, consents)
        for m in members
    )
