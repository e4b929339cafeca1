"""What the room view (the shared screen, or the laptop turned toward the person) may show.

The room view is read-only and follows the facilitator's meeting runner. It shows the current
agenda item, what has been agreed so far, who does what by when (the person's own tasks first)
and, where a goal is discussed, the person's own words before the professional wording.

Disclosure rule (DOMAIN.md §5.4, R1 default deny; "show nothing rather than too much"):

- Everyone who may be in the room counts: each invited member whose attendance is present,
  remote (a shared video screen is seen too) or partly present, and each invited member whose
  attendance is not marked yet unless they declined the invitation. Members marked absent or
  excused do not count.
- The person themself (party or role *user*) may always see everything.
- Every other member who counts must have a *receive full minutes* consent that is given without
  limits and not withdrawn on the meeting day. A consent *with limits* does not count: the app
  cannot tell which part of the meeting the limit covers.
- If everyone who counts passes, the room view shows the full content. Otherwise it is
  *restricted*: only the number and the kind of the current agenda item (never its title, which
  may name a goal or a task), and a calm note that not everything is shown. No agreements, tasks,
  goals or words. The note never says who lacks consent.

Notes are never shown, whatever the consent: they are the facilitator's working notes, and
notes marked internal (``Note.is_internal``) never leave the facilitator's screen. The person's
own words (``NoteKind.USER_WORDS``) for the current item are shown in full mode unless marked
internal.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from sqlmodel import Session, col, select

from desktop.db import Database
from desktop.errors import NotFoundError
from desktop.i18n import _
from desktop.models import (
    AgendaItem,
    Attendance,
    Case,
    Consent,
    Decision,
    Goal,
    IndividualPlan,
    Measure,
    Meeting,
    Member,
    Note,
    Task,
    TaskReview,
)
from desktop.models.enums import (
    AgendaKind,
    AttendanceStatus,
    InvitationResponse,
    NoteKind,
    PartyType,
    TaskReviewResult,
    label,
)
from desktop.services.case.consent import is_user, may_see_everything
from desktop.services.meeting.agenda_tree import AgendaEntry, item_numbers, visible_entries

#: Attendance that means "may see the shared screen". ``None`` (not marked yet) counts too.
IN_THE_ROOM = (AttendanceStatus.PRESENT, AttendanceStatus.REMOTE, AttendanceStatus.PARTIAL)


@dataclass(frozen=True)
class RoomGoal:
    """A goal as the room shows it: the person's own words first, the professional wording after."""

    domain: str  # LifeDomain value
    own_words: str
    professional_text: str


@dataclass(frozen=True)
class RoomDecision:
    text: str
    awaiting_formal_decision: bool


@dataclass(frozen=True)
class RoomTask:
    """Who does what by when. ``is_own``: the person does it themself («Dette gjør jeg selv»)."""

    text: str
    who: str
    is_own: bool
    due: date | None
    is_continued: bool = False  # an earlier task this meeting agreed to go on with (new due date)


#: Agenda items whose titles say nothing about the person (the standard frame of every meeting):
#: the restricted room view shows their titles; other items show only their kind.
NEUTRAL_KINDS = frozenset(
    {
        AgendaKind.WELCOME,
        AgendaKind.APPROVE_MINUTES,
        AgendaKind.USER_VIEW,
        AgendaKind.COORDINATION,
        AgendaKind.OTHER_BUSINESS,
        AgendaKind.NEXT_MEETING,
    }
)


class AgendaState:
    DONE = "done"
    CURRENT = "current"
    COMING = "coming"


@dataclass(frozen=True)
class RoomAgendaLine:
    """One agenda item on the room screen: its number («4», «4.2»), what the room may read, where
    we are. Sub-items are listed only under the item the meeting is at (``is_sub_item``)."""

    number: str
    title: str
    state: str  # AgendaState
    is_sub_item: bool = False


@dataclass(frozen=True)
class RoomContent:
    meeting_id: int
    person_name: str  # the first name, as the room addresses the person
    is_restricted: bool
    item_number: int  # 1-based position among all items; 0 when the agenda is empty
    item_count: int
    item_kind: str  # AgendaKind value, or "" without an item
    item_heading: str
    goal: RoomGoal | None = None
    overall_goal: str = ""  # «Hva er viktig for deg?», on the item about the person's own view
    own_words: str = ""  # the person's words written down under the current item
    decisions: tuple[RoomDecision, ...] = ()
    tasks: tuple[RoomTask, ...] = ()
    agenda: tuple[RoomAgendaLine, ...] = ()  # the whole agenda, in both modes
    person_goal: str = ""  # the plan's overall goal in the person's words (full mode only)
    ends_at: datetime | None = None  # when the meeting is planned to end
    item_label: str = ""  # the agenda's own number of the item now («4.2»)
    top_level_count: int = 0  # how many top-level items the agenda has


def may_be_in_the_room(attendance: Attendance) -> bool:
    """Whether an invited member counts as someone who may see the shared screen."""
    if attendance.status is None:
        return attendance.response != InvitationResponse.DECLINED
    return attendance.status in IN_THE_ROOM


def kept_from_the_screen(session: Session, meeting: Meeting, on: date) -> list[int]:
    """Ids of the members who may be in the room but have not got the person's consent to see it all."""
    rows = session.exec(
        select(Attendance, Member)
        .join(Member, col(Member.id) == Attendance.member_id)
        .where(Attendance.meeting_id == meeting.id)
    ).all()
    present = [member for attendance, member in rows if may_be_in_the_room(attendance)]
    ids = [m.id for m in present]
    consents = list(session.exec(select(Consent).where(col(Consent.member_id).in_(ids))).all())
    return [m.id for m in present if m.id is not None and not may_see_everything(m, consents, on)]


def room_is_restricted(session: Session, meeting: Meeting, on: date) -> bool:
    """True when someone who may be in the room has not got the person's consent to see it all."""
    return bool(kept_from_the_screen(session, meeting, on))


def room_title(item: AgendaItem, *, restricted: bool) -> str:
    """What the room may read of an item: its title, or in restricted mode only the kind, unless
    the item is part of every meeting's frame (welcome, minutes, next meeting …)."""
    if not restricted or item.kind in NEUTRAL_KINDS:
        return item.title
    return label(AgendaKind(item.kind))


def _state(position: int, current: int | None) -> str:
    if current is None or position > current:
        return AgendaState.COMING
    return AgendaState.CURRENT if position == current else AgendaState.DONE


def _agenda_lines(
    items: list[AgendaItem],
    entries: list[AgendaEntry],
    numbers: list[str],
    current: int | None,
    *,
    restricted: bool,
) -> tuple[RoomAgendaLine, ...]:
    """The top-level items, and the sub-items of the one the meeting is at (a 35-item wall helps
    no one). A top-level item is current while the meeting is at it or at one of its sub-items."""
    top_of: list[int] = []  # the index of each item's top-level item
    for n, entry in enumerate(entries):
        top_of.append(top_of[-1] if entry.is_sub_item and top_of else n)
    current_top = top_of[current] if current is not None else None
    lines = []
    for n, (item, entry, number) in enumerate(zip(items, entries, numbers, strict=True)):
        if entry.is_sub_item and top_of[n] != current_top:
            continue
        position = n if entry.is_sub_item else top_of[n]
        reference = current if entry.is_sub_item else current_top
        lines.append(
            RoomAgendaLine(
                number=number,
                title=room_title(item, restricted=restricted),
                state=_state(position, reference),
                is_sub_item=entry.is_sub_item,
            )
        )
    return tuple(lines)


def _meeting_day(meeting: Meeting) -> date:
    return (meeting.started_at or meeting.start).date()


class RoomService:
    def __init__(self, db: Database) -> None:
        self._db = db

    def kept_from_the_screen(self, meeting_id: int) -> list[int]:
        """Ids of the members whose presence restricts the room screen today."""
        with self._db.session() as session:
            meeting = session.get(Meeting, meeting_id)
            return [] if meeting is None else kept_from_the_screen(session, meeting, _meeting_day(meeting))

    def content(self, meeting_id: int, current_item_id: int | None) -> RoomContent:
        """What the room may see now, with ``current_item_id`` the runner's current agenda item."""
        with self._db.session() as session:
            meeting = session.get(Meeting, meeting_id)
            if meeting is None:
                raise NotFoundError(_("The meeting no longer exists."))
            case = session.get(Case, meeting.case_id)
            first_name = (case.display_name.split() or [""])[0] if case else ""
            rows = session.exec(
                select(AgendaItem)
                .where(AgendaItem.meeting_id == meeting_id)
                .order_by(col(AgendaItem.position), col(AgendaItem.id))
            ).all()
            entries = visible_entries(rows)
            by_id = {row.id: row for row in rows}
            items = [by_id[entry.id] for entry in entries]
            numbers = item_numbers(entries)
            index = next((i for i, item in enumerate(items) if item.id == current_item_id), None)
            item = items[index] if index is not None else None
            restricted = room_is_restricted(session, meeting, _meeting_day(meeting))
            start = meeting.started_at or meeting.start
            base = RoomContent(
                meeting_id=meeting_id,
                person_name=first_name,
                is_restricted=restricted,
                item_number=(index + 1) if index is not None else 0,
                item_count=len(items),
                item_label=numbers[index] if index is not None else "",
                top_level_count=sum(1 for entry in entries if not entry.is_sub_item),
                item_kind=AgendaKind(item.kind).value if item is not None else "",
                item_heading=room_title(item, restricted=restricted) if item is not None else "",
                agenda=_agenda_lines(items, entries, numbers, index, restricted=restricted),
                ends_at=start + timedelta(minutes=max(0, meeting.duration_minutes)),
            )
            if restricted:
                return base
            plan_goal = self._plan_goal(session, meeting)
            return replace(
                base,
                goal=self._goal(session, item),
                overall_goal=plan_goal if item is not None and item.kind == AgendaKind.USER_VIEW else "",
                person_goal=plan_goal,
                own_words=self._own_words(session, meeting_id, item),
                decisions=self._decisions(session, meeting_id),
                tasks=self._tasks(session, meeting, first_name),
            )

    @staticmethod
    def _goal(session: Session, item: AgendaItem | None) -> RoomGoal | None:
        if item is None:
            return None
        goal_id = item.goal_id
        if goal_id is None and item.measure_id is not None:
            measure = session.get(Measure, item.measure_id)
            goal_id = measure.goal_id if measure else None
        goal = session.get(Goal, goal_id) if goal_id is not None else None
        if goal is None:
            return None
        return RoomGoal(
            domain=goal.domain.value,
            own_words=goal.text.strip(),
            professional_text=goal.professional_text.strip(),
        )

    @staticmethod
    def _plan_goal(session: Session, meeting: Meeting) -> str:
        plan = session.exec(select(IndividualPlan).where(IndividualPlan.case_id == meeting.case_id)).first()
        return plan.overall_goal.strip() if plan else ""

    @staticmethod
    def _own_words(session: Session, meeting_id: int, item: AgendaItem | None) -> str:
        if item is None:
            return ""
        note = session.exec(
            select(Note).where(
                Note.meeting_id == meeting_id,
                Note.agenda_item_id == item.id,
                Note.kind == NoteKind.USER_WORDS,
                col(Note.is_internal).is_(False),
            )
        ).first()
        return note.text.strip() if note else ""

    @staticmethod
    def _decisions(session: Session, meeting_id: int) -> tuple[RoomDecision, ...]:
        rows = session.exec(
            select(Decision)
            .where(Decision.meeting_id == meeting_id)
            .order_by(col(Decision.position), col(Decision.id))
        ).all()
        return tuple(RoomDecision(d.text, d.awaiting_formal_decision) for d in rows if d.text.strip())

    @staticmethod
    def _tasks(session: Session, meeting: Meeting, first_name: str) -> tuple[RoomTask, ...]:
        """This meeting's new tasks and the earlier tasks it agreed to continue (with the new date)."""
        rows = session.exec(
            select(Task, Member)
            .outerjoin(Member, col(Member.id) == Task.responsible_member_id)
            .where(Task.meeting_id == meeting.id)
            .order_by(col(Task.id))
        ).all()
        continued = session.exec(
            select(Task, Member, TaskReview)
            .join(TaskReview, col(TaskReview.task_id) == Task.id)
            .outerjoin(Member, col(Member.id) == Task.responsible_member_id)
            .where(TaskReview.meeting_id == meeting.id, TaskReview.result == TaskReviewResult.CONTINUED)
            .order_by(col(Task.id))
        ).all()
        entries: list[tuple[Task, Member | None, date | None]] = [
            (task, member, None) for task, member in rows
        ]
        entries += [(task, member, review.new_due) for task, member, review in continued]
        tasks = []
        for task, member, new_due in entries:
            is_own = task.party == PartyType.USER or (member is not None and is_user(member))
            if is_own:
                who = first_name
            elif member is not None:
                who = member.name
            else:
                who = task.responsible_person or label(task.party)
            is_continued = new_due is not None
            due = new_due if is_continued else task.due
            tasks.append(RoomTask(text=task.text, who=who, is_own=is_own, due=due, is_continued=is_continued))
        # The person's own tasks first, then by due date (no date last), then as they were added.
        order = {id(t): n for n, t in enumerate(tasks)}
        return tuple(
            sorted(tasks, key=lambda t: (not t.is_own, t.due is None, t.due or date.max, order[id(t)]))
        )
