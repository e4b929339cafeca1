"""Reading one meeting's minutes out of the database, section by section, into :mod:`.data`.

Internal notes (``Note.is_internal``) never reach the minutes: they are the facilitator's own
working notes.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlmodel import Session, col, select

from desktop import clock
from desktop.db import Database
from desktop.models import (
    AgendaItem,
    Attendance,
    Case,
    Coordination,
    Decision,
    Goal,
    Measure,
    MeasureEvaluation,
    Meeting,
    Member,
    Note,
    Task,
    TaskReview,
)
from desktop.models.enums import (
    PARTY_GROUP,
    AgendaKind,
    ConfirmationChannel,
    ConfirmationVerdict,
    MeetingStatus,
    NoteKind,
    PartyGroup,
    PartyType,
    TaskReviewResult,
)
from desktop.models.records import Attestation
from desktop.services.case.consent import is_user
from desktop.services.meeting.lookups import get_meeting
from desktop.services.meeting.ratings import ratings_in
from desktop.services.minutes.data import (
    AttendanceLine,
    AttestationLine,
    DecisionLine,
    ItemBlock,
    MeetingFacts,
    MinutesData,
    PlanChangeLine,
    ReviewLine,
    TaskLine,
    first_name,
)
from desktop.services.minutes.distribution import distribution_in


def _party_group(party: PartyType) -> str:
    return PARTY_GROUP.get(party, PartyGroup.OTHER).value


def load_minutes_data(db: Database, meeting_id: int, *, today: date | None = None) -> MinutesData:
    """Collect one meeting. ``today`` decides which consents count (withdrawal affects the next export)."""
    with db.session() as session:
        meeting = get_meeting(session, meeting_id)
        case = session.get(Case, meeting.case_id)
        assert case is not None and case.id is not None
        of_case = select(Member).where(Member.case_id == case.id).order_by(col(Member.id))
        members = {m.id: m for m in session.exec(of_case).all() if m.id is not None}
        return _collect(session, meeting, case, members, today=today or clock.today())


def _held_minutes(meeting: Meeting) -> int:
    """How long the meeting lasted, from its start to its close; the planned length until then."""
    if (
        meeting.started_at is not None
        and meeting.closed_at is not None
        and meeting.closed_at > meeting.started_at
    ):
        return max(1, round((meeting.closed_at - meeting.started_at).total_seconds() / 60))
    return meeting.duration_minutes


def _planned_start(meeting: Meeting) -> datetime | None:
    """When the meeting was planned for, told only when it was held at another time: the first plan
    of a meeting moved to the time it was held, else its planned start when it began elsewhen."""
    if meeting.planned_start is not None:
        return meeting.planned_start
    if meeting.started_at is not None and meeting.started_at.replace(second=0) != meeting.start:
        return meeting.start
    return None


def _member_name(members: dict[int, Member], member_id: int | None, fallback: str = "") -> str:
    if member_id is not None and member_id in members:
        return members[member_id].name
    return fallback


def _collect(
    session: Session, meeting: Meeting, case: Case, members: dict[int, Member], *, today: date
) -> MinutesData:
    assert meeting.id is not None and case.id is not None
    user = next((m for m in members.values() if is_user(m)), None)
    new_tasks = session.exec(
        select(Task).where(Task.meeting_id == meeting.id).order_by(col(Task.due), col(Task.id))
    ).all()
    reviews = session.exec(
        select(TaskReview, Task)
        .join(Task, col(Task.id) == TaskReview.task_id)
        .where(TaskReview.meeting_id == meeting.id)
        .order_by(col(TaskReview.id))
    ).all()
    agreed_due = _agreed_due(session, meeting)
    task_lines = [
        _task_line(t, members, is_new=True, due=agreed_due.get(t.id or 0, t.due)) for t in new_tasks
    ]
    continued = [
        _task_line(task, members, is_new=False, due=review.new_due or task.due)
        for review, task in reviews
        if review.result == TaskReviewResult.CONTINUED
    ]
    decisions = _decision_lines(session, meeting.id)
    return MinutesData(
        facts=_facts(session, meeting, case, members, user),
        attendance=_attendance_lines(session, meeting.id, members),
        items=_item_blocks(session, meeting.id, decisions, list(zip(task_lines, new_tasks, strict=True))),
        decisions=decisions,
        tasks=tuple(task_lines + continued),
        reviews=tuple(_review_line(review, task, members) for review, task in reviews),
        plan_changes=_plan_changes(session, meeting.id),
        distribution=distribution_in(session, case.id, today=today),
        attestations=_attestation_lines(session, meeting.id, members, user),
        # Printed only when the person wanted their ratings in the minutes.
        ratings=ratings_in(session, meeting.id) if meeting.ratings_in_minutes else (),
        ratings_in_minutes=meeting.ratings_in_minutes,
        awaiting_confirmation=meeting.awaiting_confirmation,
    )


def _facts(
    session: Session, meeting: Meeting, case: Case, members: dict[int, Member], user: Member | None
) -> MeetingFacts:
    assert meeting.id is not None and case.id is not None
    user_name = user.name if user is not None else case.display_name
    next_start, next_place = _next_meeting(session, meeting)
    return MeetingFacts(
        meeting_id=meeting.id,
        case_id=case.id,
        case_reference=case.reference,
        user_name=user_name,
        user_first_name=first_name(user_name),
        type=meeting.type.value,
        status=meeting.status.value,
        # The minutes tell when the meeting was actually held (it may start early or late).
        start=meeting.started_at or meeting.start,
        duration_minutes=_held_minutes(meeting),
        place=meeting.place,
        video_note=meeting.video_note,
        facilitator=_member_name(members, meeting.facilitator_member_id),
        minute_taker=_member_name(members, meeting.minute_taker_member_id),
        coordinators=_coordinators(session, case.id, members),
        next_meeting_start=next_start,
        next_meeting_place=next_place,
        next_meeting_reason=meeting.next_meeting_reason,
        planned_start=_planned_start(meeting),
        phase=case.phase.value,
    )


def _coordinators(session: Session, case_id: int, members: dict[int, Member]) -> tuple[str, ...]:
    coordination = session.exec(
        select(Coordination).where(Coordination.case_id == case_id).order_by(col(Coordination.id))
    ).first()
    if coordination is None:
        return ()
    return tuple(
        name
        for name in (
            _member_name(members, coordination.specialist_coordinator_id),
            _member_name(members, coordination.municipal_coordinator_id),
        )
        if name
    )


def _next_meeting(session: Session, meeting: Meeting) -> tuple[datetime | None, str]:
    """The next meeting's start and place: the date written in the meeting, else the next one held or planned."""
    next_start = meeting.next_meeting_start
    others = select(Meeting.start, Meeting.place).where(
        Meeting.case_id == meeting.case_id, Meeting.status != MeetingStatus.CANCELLED
    )
    if next_start is None:
        # No date written in the meeting: the group's next meeting after this one, planned or held
        # since (minutes exported later must not skip a meeting that took place in between).
        upcoming = session.exec(
            others.where(col(Meeting.start) > meeting.start).order_by(col(Meeting.start)).limit(1)
        ).first()
    else:  # the date written in the meeting: its place, when the meeting has been planned
        upcoming = session.exec(others.where(Meeting.start == next_start).limit(1)).first()
    next_place = str(upcoming[1] or "") if upcoming else ""
    if next_start is None and upcoming:
        next_start = upcoming[0]
    return next_start, next_place


def _attendance_lines(
    session: Session, meeting_id: int, members: dict[int, Member]
) -> tuple[AttendanceLine, ...]:
    """Who was invited and how they took part, by party (the user first), then by name."""
    attendance = []
    for row in session.exec(
        select(Attendance).where(Attendance.meeting_id == meeting_id).order_by(col(Attendance.id))
    ).all():
        member = members.get(row.member_id)
        if member is None:
            continue
        attendance.append(
            AttendanceLine(
                member_id=row.member_id,
                name=member.name,
                party=member.party.value,
                role=member.role.value,
                organisation=member.organisation,
                status=row.status.value if row.status is not None else None,
                mode=row.mode.value if row.mode is not None else None,
                left_early=row.left_early,
            )
        )
    party_rank = {p: i for i, p in enumerate(PartyType)}
    attendance.sort(key=lambda a: (party_rank.get(PartyType(a.party), 99), a.name))
    return tuple(attendance)


def _task_line(task: Task, members: dict[int, Member], *, is_new: bool, due: date | None) -> TaskLine:
    return TaskLine(
        id=task.id or 0,
        text=task.text,
        party=task.party.value,
        party_group=_party_group(task.party),
        person=_member_name(members, task.responsible_member_id, task.responsible_person),
        due=due,
        status=task.status.value,
        is_new=is_new,
    )


def _agreed_due(session: Session, meeting: Meeting) -> dict[int, date]:
    """The due date agreed in this meeting for each of its tasks that a later meeting moved.

    A later meeting that moved a date kept the old one (``previous_due``), so minutes exported
    again later still say what was agreed here.
    """
    return {
        task_id: previous
        for task_id, previous in session.exec(
            select(col(TaskReview.task_id), col(TaskReview.previous_due))
            .join(Meeting, col(Meeting.id) == TaskReview.meeting_id)
            .where(
                col(TaskReview.task_id).in_(select(Task.id).where(Task.meeting_id == meeting.id)),
                col(Meeting.start) > meeting.start,
                col(TaskReview.previous_due).is_not(None),
            )
            .order_by(col(Meeting.start).desc())  # the earliest later review wins
        ).all()
        if previous is not None
    }


def _decision_lines(session: Session, meeting_id: int) -> tuple[DecisionLine, ...]:
    decisions = session.exec(
        select(Decision)
        .where(Decision.meeting_id == meeting_id)
        .order_by(col(Decision.position), col(Decision.id))
    ).all()
    return tuple(
        DecisionLine(
            text=d.text, awaiting_formal_decision=d.awaiting_formal_decision, agenda_item_id=d.agenda_item_id
        )
        for d in decisions
    )


def _item_blocks(
    session: Session,
    meeting_id: int,
    decisions: tuple[DecisionLine, ...],
    new_tasks: list[tuple[TaskLine, Task]],
) -> tuple[ItemBlock, ...]:
    """One block per kept agenda item, and one for what was written outside them (when anything was)."""
    agenda = session.exec(
        select(AgendaItem)
        .where(AgendaItem.meeting_id == meeting_id, col(AgendaItem.is_removed).is_(False))
        .order_by(col(AgendaItem.position), col(AgendaItem.id))
    ).all()
    notes = session.exec(
        select(Note)
        .where(Note.meeting_id == meeting_id, col(Note.is_internal).is_(False))
        .order_by(col(Note.id))
    ).all()
    goal_ids = [item.goal_id for item in agenda if item.kind == AgendaKind.GOAL and item.goal_id is not None]
    goals = (
        {g.id: g for g in session.exec(select(Goal).where(col(Goal.id).in_(goal_ids))).all()}
        if goal_ids
        else {}
    )
    blocks = []
    for item in agenda:
        goal = goals.get(item.goal_id) if item.kind == AgendaKind.GOAL else None
        blocks.append(_item_block(item, goal, notes, decisions, new_tasks))
    # Notes, decisions and tasks without a (kept) agenda item still belong in the minutes.
    item_ids = {item.id for item in agenda}
    loose_notes = [n for n in notes if n.agenda_item_id not in item_ids]
    loose_decisions = tuple(d for d in decisions if d.agenda_item_id not in item_ids)
    loose_tasks = tuple(line for line, task in new_tasks if task.agenda_item_id not in item_ids)
    if loose_notes or loose_decisions or loose_tasks:
        blocks.append(
            ItemBlock(
                id=0,
                position=len(blocks),
                kind="other_business",
                title="",
                notes=tuple(n.text for n in loose_notes if n.kind == NoteKind.NOTE),
                user_words=tuple(n.text for n in loose_notes if n.kind == NoteKind.USER_WORDS),
                decisions=loose_decisions,
                tasks=loose_tasks,
                checkpoint_status=None,
            )
        )
    return tuple(blocks)


def _item_block(
    item: AgendaItem,
    goal: Goal | None,
    notes: Sequence[Note],
    decisions: tuple[DecisionLine, ...],
    new_tasks: list[tuple[TaskLine, Task]],
) -> ItemBlock:
    return ItemBlock(
        id=item.id or 0,
        position=item.position,
        kind=item.kind.value,
        title=item.title,
        notes=tuple(n.text for n in notes if n.agenda_item_id == item.id and n.kind == NoteKind.NOTE),
        user_words=tuple(
            n.text for n in notes if n.agenda_item_id == item.id and n.kind == NoteKind.USER_WORDS
        ),
        decisions=tuple(d for d in decisions if d.agenda_item_id == item.id),
        tasks=tuple(line for line, task in new_tasks if task.agenda_item_id == item.id),
        checkpoint_status=item.checkpoint_status.value if item.checkpoint_status else None,
        checkpoint=item.checkpoint or "",
        **_goal_fields(goal),
        task_id=item.task_id if item.kind == AgendaKind.TASK_FOLLOW_UP else None,
        measure_id=item.measure_id if item.kind == AgendaKind.MEASURE else None,
        parent_id=getattr(item, "parent_id", None),  # the column comes with the hierarchical agenda
    )


def _review_line(review: TaskReview, task: Task, members: dict[int, Member]) -> ReviewLine:
    return ReviewLine(
        task_id=task.id or 0,
        text=task.text,
        party=task.party.value,
        person=_member_name(members, task.responsible_member_id, task.responsible_person),
        result=review.result.value,
        new_due=review.new_due,
        outcome=review.outcome,
    )


def _plan_changes(session: Session, meeting_id: int) -> tuple[PlanChangeLine, ...]:
    return tuple(
        PlanChangeLine(
            measure_text=measure.text,
            goal_domain=goal.domain.value,
            party=measure.party.value,
            verdict=evaluation.verdict.value,
            proposed_change=evaluation.proposed_change,
            is_applied=evaluation.applied_at is not None,
            measure_id=measure.id,
        )
        for evaluation, measure, goal in session.exec(
            select(MeasureEvaluation, Measure, Goal)
            .join(Measure, col(Measure.id) == MeasureEvaluation.measure_id)
            .join(Goal, col(Goal.id) == Measure.goal_id)
            .where(MeasureEvaluation.meeting_id == meeting_id)
            .order_by(col(MeasureEvaluation.id))
        ).all()
    )


def _attestation_lines(
    session: Session, meeting_id: int, members: dict[int, Member], user: Member | None
) -> tuple[AttestationLine, ...]:
    return tuple(
        AttestationLine(
            name=a.name or _member_name(members, a.member_id),
            approved_at=a.approved_at,
            verdict=ConfirmationVerdict(a.verdict).value,
            comment=a.comment,
            channel=ConfirmationChannel(a.channel).value,
            recorded_at=a.recorded_at,
            member_id=a.member_id,
            is_user=a.member_id is not None and user is not None and a.member_id == user.id,
        )
        for a in session.exec(
            select(Attestation)
            .where(Attestation.meeting_id == meeting_id)
            .order_by(col(Attestation.approved_at), col(Attestation.id))
        ).all()
    )


def _goal_fields(goal: Goal | None) -> dict[str, str]:
    if goal is None:
        return {}
    return {
        "goal_domain": goal.domain.value,
        "goal_text": goal.text,
        "goal_professional_text": goal.professional_text,
    }
