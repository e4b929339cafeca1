"""Everything the minutes of one meeting say, collected into frozen dataclasses.

The renderer (``minutes_pdf``), the handover export and the GUI read only these objects; they
never touch the ORM. Enum fields keep their raw value so that the text can be rendered in any
language later (``label(PartyType(value))``). Internal notes (``Note.is_internal``) never reach
the minutes: they are the facilitator's own working notes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, col, select

from desktop import clock
from desktop.db import Database
from desktop.errors import NotFoundError
from desktop.i18n import _
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
from desktop.services.meeting.ratings import RatingLine, meeting_ratings
from desktop.services.minutes.distribution import Distribution, distribution_for_case

PARTY_GROUP_ORDER: tuple[PartyGroup, ...] = (
    PartyGroup.USER,
    PartyGroup.SPECIALIST,
    PartyGroup.MUNICIPALITY,
    PartyGroup.NAV,
    PartyGroup.NEXT_OF_KIN,
    PartyGroup.OTHER,
)


@dataclass(frozen=True)
class MeetingFacts:
    """Type, time, place and roles of the meeting. ``case_reference`` is used in headers, never the name."""

    meeting_id: int
    case_id: int
    case_reference: str
    user_name: str
    user_first_name: str
    type: str
    status: str
    start: datetime
    duration_minutes: int
    place: str
    video_note: str
    facilitator: str
    minute_taker: str
    coordinators: tuple[str, ...]
    next_meeting_start: datetime | None
    next_meeting_reason: str
    planned_start: datetime | None = None  # the planned time, when the meeting was held at another time
    phase: str = ""  # PathwayPhase value of the case (plain titles of checkpoints)
    next_meeting_place: str = ""  # known when the next meeting has been planned


@dataclass(frozen=True)
class AttendanceLine:
    member_id: int
    name: str
    party: str
    role: str
    organisation: str
    status: str | None  # AttendanceStatus value; None = not recorded
    mode: str | None
    left_early: bool = False


@dataclass(frozen=True)
class DecisionLine:
    """«Avtalt»: what the group agreed. Never called *vedtak*."""

    text: str
    awaiting_formal_decision: bool
    agenda_item_id: int | None


@dataclass(frozen=True)
class TaskLine:
    """Who does what by when."""

    id: int
    text: str
    party: str
    party_group: str
    person: str
    due: date | None
    status: str
    is_new: bool  # raised in this meeting (False: an earlier task continued with a new due date)


@dataclass(frozen=True)
class ItemBlock:
    """One agenda item with what was said and agreed under it."""

    id: int
    position: int
    kind: str
    title: str
    notes: tuple[str, ...]
    user_words: tuple[str, ...]
    decisions: tuple[DecisionLine, ...]
    tasks: tuple[TaskLine, ...]
    checkpoint_status: str | None
    checkpoint: str = ""  # checkpoint key (``checkpoints.py``) for kind "checkpoint"
    # For kind "goal": the person's own words first, the professional wording (optional) after.
    goal_domain: str = ""
    goal_text: str = ""
    goal_professional_text: str = ""
    # The task a follow-up item reviews and the measure a measure item is about: the minutes put
    # such an item where its outcome is (``minutes_sections``), so that it is told once.
    task_id: int | None = None
    measure_id: int | None = None
    # The item this one is a sub-item of, when the agenda is hierarchical (a goal's measures, the
    # earlier tasks under «Oppfølging fra forrige møte», the checkpoints under their checklist).
    parent_id: int | None = None


@dataclass(frozen=True)
class ReviewLine:
    """Follow-up of a task raised at an earlier meeting, with its outcome."""

    task_id: int
    text: str
    party: str
    person: str
    result: str  # TaskReviewResult value
    new_due: date | None
    outcome: str


@dataclass(frozen=True)
class PlanChangeLine:
    """A proposed change to a measure of the plan (applies only once confirmed)."""

    measure_text: str
    goal_domain: str
    party: str
    verdict: str  # MeasureVerdict value
    proposed_change: str
    is_applied: bool
    measure_id: int | None = None


@dataclass(frozen=True)
class AttestationLine:
    """One participant's confirmation of the minutes (``confirmation.py``)."""

    name: str
    approved_at: datetime
    verdict: str = ConfirmationVerdict.AGREES.value
    comment: str = ""
    channel: str = ConfirmationChannel.IN_ROOM.value
    recorded_at: datetime | None = None
    member_id: int | None = None
    is_user: bool = False


@dataclass(frozen=True)
class MinutesData:
    facts: MeetingFacts
    attendance: tuple[AttendanceLine, ...]
    items: tuple[ItemBlock, ...]
    decisions: tuple[DecisionLine, ...]
    tasks: tuple[TaskLine, ...]
    reviews: tuple[ReviewLine, ...]
    plan_changes: tuple[PlanChangeLine, ...]
    distribution: Distribution
    attestations: tuple[AttestationLine, ...]
    # This meeting's life-area ratings; empty unless the person wanted them in the minutes.
    ratings: tuple[RatingLine, ...] = ()
    ratings_in_minutes: bool = False
    awaiting_confirmation: bool = False

    def tasks_by_group(self) -> list[tuple[str, list[TaskLine]]]:
        """Page one: tasks grouped by party group in a fixed order (the user first), due date inside."""
        groups: list[tuple[str, list[TaskLine]]] = []
        for group in PARTY_GROUP_ORDER:
            lines = [t for t in self.tasks if t.party_group == group.value]
            if lines:
                lines.sort(key=lambda t: (t.due is None, t.due or date.max, t.id))
                groups.append((group.value, lines))
        return groups


def first_name(name: str) -> str:
    parts = name.split()
    return parts[0] if parts else name


def _party_group(party: PartyType) -> str:
    return PARTY_GROUP.get(party, PartyGroup.OTHER).value


def load_minutes_data(db: Database, meeting_id: int, *, today: date | None = None) -> MinutesData:
    """Collect one meeting. ``today`` decides which consents count (withdrawal affects the next export)."""
    with db.session() as session:
        meeting = session.get(Meeting, meeting_id)
        if meeting is None:
            raise NotFoundError(_("There is no meeting with id {id}.").format(id=meeting_id))
        case = session.get(Case, meeting.case_id)
        assert case is not None and case.id is not None
        of_case = select(Member).where(Member.case_id == case.id).order_by(col(Member.id))
        members = {m.id: m for m in session.exec(of_case).all() if m.id is not None}
        data = _collect(session, meeting, case, members)
    if meeting.ratings_in_minutes:
        data["ratings"] = meeting_ratings(db, meeting_id)
    distribution = distribution_for_case(db, case.id, today=today or clock.today())
    return MinutesData(distribution=distribution, **data)


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


def _collect(session: Session, meeting: Meeting, case: Case, members: dict[int, Member]) -> dict[str, object]:
    assert meeting.id is not None and case.id is not None
    user = next((m for m in members.values() if is_user(m)), None)
    user_name = user.name if user is not None else case.display_name
    coordination = session.exec(
        select(Coordination).where(Coordination.case_id == case.id).order_by(col(Coordination.id))
    ).first()
    coordinators: tuple[str, ...] = ()
    if coordination is not None:
        coordinators = tuple(
            name
            for name in (
                _member_name(members, coordination.specialist_coordinator_id),
                _member_name(members, coordination.municipal_coordinator_id),
            )
            if name
        )
    next_start, next_reason = meeting.next_meeting_start, meeting.next_meeting_reason
    others = select(Meeting.start, Meeting.place).where(
        Meeting.case_id == case.id, Meeting.status != MeetingStatus.CANCELLED
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
    facts = MeetingFacts(
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
        coordinators=coordinators,
        next_meeting_start=next_start,
        next_meeting_place=next_place,
        next_meeting_reason=next_reason,
        planned_start=_planned_start(meeting),
        phase=case.phase.value,
    )

    attendance = []
    for row in session.exec(
        select(Attendance).where(Attendance.meeting_id == meeting.id).order_by(col(Attendance.id))
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

    agenda = session.exec(
        select(AgendaItem)
        .where(AgendaItem.meeting_id == meeting.id, col(AgendaItem.is_removed).is_(False))
        .order_by(col(AgendaItem.position), col(AgendaItem.id))
    ).all()
    notes = session.exec(
        select(Note)
        .where(Note.meeting_id == meeting.id, col(Note.is_internal).is_(False))
        .order_by(col(Note.id))
    ).all()
    decisions = session.exec(
        select(Decision)
        .where(Decision.meeting_id == meeting.id)
        .order_by(col(Decision.position), col(Decision.id))
    ).all()
    new_tasks = session.exec(
        select(Task).where(Task.meeting_id == meeting.id).order_by(col(Task.due), col(Task.id))
    ).all()
    reviews = session.exec(
        select(TaskReview, Task)
        .join(Task, col(Task.id) == TaskReview.task_id)
        .where(TaskReview.meeting_id == meeting.id)
        .order_by(col(TaskReview.id))
    ).all()

    def task_line(task: Task, *, is_new: bool, due: date | None) -> TaskLine:
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

    # The due date agreed in this meeting: a later meeting that moved it kept the old one
    # (``previous_due``), so minutes exported again later still say what was agreed here.
    agreed_due: dict[int, date] = {
        task_id: previous
        for task_id, previous in session.exec(
            select(TaskReview.task_id, TaskReview.previous_due)
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
    task_lines = [task_line(t, is_new=True, due=agreed_due.get(t.id, t.due)) for t in new_tasks]
    continued = [
        task_line(task, is_new=False, due=review.new_due or task.due)
        for review, task in reviews
        if review.result == TaskReviewResult.CONTINUED
    ]
    decision_lines = [
        DecisionLine(
            text=d.text, awaiting_formal_decision=d.awaiting_formal_decision, agenda_item_id=d.agenda_item_id
        )
        for d in decisions
    ]
    item_ids = {item.id for item in agenda}
    goal_ids = [item.goal_id for item in agenda if item.kind == AgendaKind.GOAL and item.goal_id is not None]
    goals = (
        {g.id: g for g in session.exec(select(Goal).where(col(Goal.id).in_(goal_ids))).all()}
        if goal_ids
        else {}
    )
    blocks = []
    for item in agenda:
        blocks.append(
            ItemBlock(
                id=item.id or 0,
                position=item.position,
                kind=item.kind.value,
                title=item.title,
                notes=tuple(n.text for n in notes if n.agenda_item_id == item.id and n.kind == NoteKind.NOTE),
                user_words=tuple(
                    n.text for n in notes if n.agenda_item_id == item.id and n.kind == NoteKind.USER_WORDS
                ),
                decisions=tuple(d for d in decision_lines if d.agenda_item_id == item.id),
                tasks=tuple(
                    line
                    for line, task in zip(task_lines, new_tasks, strict=True)
                    if task.agenda_item_id == item.id
                ),
                checkpoint_status=item.checkpoint_status.value if item.checkpoint_status else None,
                checkpoint=item.checkpoint or "",
                **_goal_fields(goals.get(item.goal_id) if item.kind == AgendaKind.GOAL else None),
                task_id=item.task_id if item.kind == AgendaKind.TASK_FOLLOW_UP else None,
                measure_id=item.measure_id if item.kind == AgendaKind.MEASURE else None,
                parent_id=getattr(item, "parent_id", None),  # the column comes with the hierarchical agenda
            )
        )
    # Notes, decisions and tasks without a (kept) agenda item still belong in the minutes.
    loose_notes = [n for n in notes if n.agenda_item_id not in item_ids]
    loose_decisions = tuple(d for d in decision_lines if d.agenda_item_id not in item_ids)
    loose_tasks = tuple(
        line for line, task in zip(task_lines, new_tasks, strict=True) if task.agenda_item_id not in item_ids
    )
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

    review_lines = tuple(
        ReviewLine(
            task_id=task.id or 0,
            text=task.text,
            party=task.party.value,
            person=_member_name(members, task.responsible_member_id, task.responsible_person),
            result=review.result.value,
            new_due=review.new_due,
            outcome=review.outcome,
        )
        for review, task in reviews
    )
    plan_changes = tuple(
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
            .where(MeasureEvaluation.meeting_id == meeting.id)
            .order_by(col(MeasureEvaluation.id))
        ).all()
    )
    attestations = tuple(
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
            .where(Attestation.meeting_id == meeting.id)
            .order_by(col(Attestation.approved_at), col(Attestation.id))
        ).all()
    )
    return {
        "facts": facts,
        "attendance": tuple(attendance),
        "items": tuple(blocks),
        "decisions": tuple(decision_lines),
        "tasks": tuple(task_lines + continued),
        "reviews": review_lines,
        "plan_changes": plan_changes,
        "attestations": attestations,
        "ratings": (),  # filled in by load_minutes_data when the person wants them printed
        "ratings_in_minutes": meeting.ratings_in_minutes,
        "awaiting_confirmation": meeting.awaiting_confirmation,
    }


def _goal_fields(goal: Goal | None) -> dict[str, str]:
    if goal is None:
        return {}
    return {
        "goal_domain": goal.domain.value,
        "goal_text": goal.text,
        "goal_professional_text": goal.professional_text,
    }


def record_attestation(db: Database, meeting_id: int, member_id: int, at: datetime | None = None) -> None:
    """Record that ``member_id`` approved the minutes in the meeting («Dette stemmer», in the room).

    The tick list of the export dialog uses this; the confirmation screens use
    :class:`desktop.services.minutes.confirmation.ConfirmationService`, which also takes a comment and
    «Dette vil jeg endre». One answer per person: a new one replaces the old.
    """
    with db.session() as session:
        meeting = session.get(Meeting, meeting_id)
        member = session.get(Member, member_id)
        if meeting is None or member is None or member.case_id != meeting.case_id:
            raise NotFoundError(_("That person is not in this meeting's group."))
        for old in session.exec(
            select(Attestation).where(
                Attestation.meeting_id == meeting_id, Attestation.member_id == member_id
            )
        ).all():
            session.delete(old)
        moment = at or clock.now()
        session.add(
            Attestation(
                meeting_id=meeting_id,
                member_id=member_id,
                name=member.name,
                approved_at=moment,
                recorded_at=moment,
            )
        )
        if is_user(member) and meeting.awaiting_confirmation:
            meeting.awaiting_confirmation = False
            session.add(meeting)


def remove_attestation(db: Database, meeting_id: int, member_id: int) -> None:
    """Take back an approval ticked by mistake (the person did not approve the minutes)."""
    with db.session() as session:
        found = session.exec(
            select(Attestation).where(
                Attestation.meeting_id == meeting_id, Attestation.member_id == member_id
            )
        ).all()
        for row in found:
            session.delete(row)
