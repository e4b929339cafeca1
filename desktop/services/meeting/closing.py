"""Closing a meeting: the review screen's summary, what closing leaves open, and the close itself.

Closing needs the next meeting's date or a reason there is none; with ``plan_next`` it also
plans that meeting (same place, same invitees).
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import or_
from sqlmodel import Session, col, select

from desktop import clock
from desktop.db import Database
from desktop.errors import UserError
from desktop.i18n import _
from desktop.models import AgendaItem, Attendance, Measure, MeasureEvaluation, Meeting, Task, TaskReview
from desktop.models.enums import (
    PARTY_GROUP,
    AgendaKind,
    AttendanceStatus,
    AuditAction,
    MeetingStatus,
    MeetingType,
    PartyGroup,
    PartyType,
    TaskReviewResult,
)
from desktop.services.audit import record
from desktop.services.case.validation import clean_chars
from desktop.services.meeting.captured import (
    DecisionRow,
    EarlierTask,
    EvaluationRow,
    read_decisions,
    read_earlier_tasks,
    read_evaluations,
    read_items,
    read_new_tasks,
)
from desktop.services.meeting.lookups import get_meeting
from desktop.services.tasks.queries import task_is_open

PARTY_GROUP_ORDER = tuple(PartyGroup)
_PRESENT = (AttendanceStatus.PRESENT, AttendanceStatus.REMOTE, AttendanceStatus.PARTIAL)
_OPEN = (MeetingStatus.IN_PROGRESS, MeetingStatus.PLANNED, MeetingStatus.NOTICE_SENT)


@dataclass(frozen=True)
class WhoWhatWhen:
    text: str
    responsible: str
    party: str
    due: date | None
    is_continued: bool


@dataclass(frozen=True)
class MeetingSummary:
    """The review screen: what was agreed, who does what by when (by party), pending plan changes."""

    meeting_id: int
    status: str
    decisions: tuple[DecisionRow, ...]
    by_party: tuple[tuple[str, tuple[WhoWhatWhen, ...]], ...]
    closed_tasks: tuple[EarlierTask, ...]
    evaluations: tuple[EvaluationRow, ...]
    present: int
    invited: int
    next_meeting_start: datetime | None
    next_meeting_reason: str
    not_marked: int = 0
    open_follow_ups: int = 0
    open_items: int = 0


@dataclass(frozen=True)
class ClosePreview:
    """What closing leaves open, in words (nothing is dropped silently).

    ``carry_over_tasks``: open tasks of the case that this meeting did not follow up (they come
    back on the next agenda). ``unevaluated_measures``: measures on the agenda that were not
    evaluated. ``not_reached``: agenda items not gone through today.
    """

    carry_over_tasks: tuple[str, ...] = ()
    unevaluated_measures: tuple[str, ...] = ()
    not_reached: tuple[str, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not (self.carry_over_tasks or self.unevaluated_measures or self.not_reached)


def add_months(value: datetime, months: int) -> datetime:
    """The same day and time ``months`` later (the month's last day when it is shorter)."""
    index = value.year * 12 + value.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return value.replace(year=year, month=month, day=min(value.day, calendar.monthrange(year, month)[1]))


class ClosingService:
    def __init__(self, db: Database) -> None:
        self._db = db

    def summary(self, meeting_id: int) -> MeetingSummary:
        with self._db.session() as session:
            meeting = get_meeting(session, meeting_id)
            reviewed = session.exec(select(TaskReview).where(TaskReview.meeting_id == meeting_id)).all()
            by_party, closed = _who_what_when(session, meeting_id, reviewed)
            attendance = session.exec(select(Attendance).where(Attendance.meeting_id == meeting_id)).all()
            items = read_items(session, meeting_id)
            reviewed_ids = {r.task_id for r in reviewed}
            return MeetingSummary(
                meeting_id=meeting_id,
                status=meeting.status.value,
                decisions=read_decisions(session, meeting_id),
                by_party=by_party,
                closed_tasks=closed,
                evaluations=tuple(read_evaluations(session, meeting_id)),
                present=sum(1 for a in attendance if a.status in _PRESENT),
                invited=len(attendance),
                next_meeting_start=meeting.next_meeting_start,
                next_meeting_reason=meeting.next_meeting_reason,
                not_marked=sum(1 for a in attendance if a.status is None),
                open_follow_ups=sum(
                    1
                    for i in items
                    if i.kind == AgendaKind.TASK_FOLLOW_UP
                    and i.task_id is not None
                    and i.task_id not in reviewed_ids
                ),
                open_items=sum(1 for i in items if not i.is_done),
            )

    def close_preview(self, meeting_id: int) -> ClosePreview:
        """What will carry over to the next meeting and what was not reached today.

        Measures: those on the agenda and those past their evaluation date, not evaluated today.
        """
        with self._db.session() as session:
            meeting = get_meeting(session, meeting_id)
            items = read_items(session, meeting_id)
            return ClosePreview(
                carry_over_tasks=_carry_over_tasks(session, meeting),
                unevaluated_measures=self._unevaluated_measures(session, meeting, items),
                # Follow-ups and measures are listed above (by what they are), not again here.
                not_reached=tuple(
                    i.title
                    for i in items
                    if not i.is_done and i.kind not in (AgendaKind.TASK_FOLLOW_UP, AgendaKind.MEASURE)
                ),
            )

    def _unevaluated_measures(
        self, session: Session, meeting: Meeting, items: Sequence[AgendaItem]
    ) -> tuple[str, ...]:
        from desktop.services.tasks.follow_up import FollowUpService

        evaluated = {
            e.measure_id
            for e in session.exec(
                select(MeasureEvaluation).where(MeasureEvaluation.meeting_id == meeting.id)
            ).all()
        }
        measure_ids = [i.measure_id for i in items if i.kind == AgendaKind.MEASURE and i.measure_id]
        # Measures past their evaluation date count too, on the agenda or not.
        measure_ids += [
            m.measure_id for m in FollowUpService(self._db).overdue_measures(case_id=meeting.case_id)
        ]
        measures = {
            m.id: m.text for m in session.exec(select(Measure).where(col(Measure.id).in_(measure_ids))).all()
        }
        return tuple(measures[m] for m in dict.fromkeys(measure_ids) if m not in evaluated and m in measures)

    def close_meeting(
        self,
        meeting_id: int,
        next_meeting_start: datetime | None = None,
        reason: str = "",
        *,
        plan_next: bool = False,
        max_months: int | None = None,
    ) -> int | None:
        """The meeting becomes *held*. Needs the next meeting's date or an explicit reason.

        The next meeting may be at most ``max_months`` away (setting ``next_meeting_max_months``,
        default six months, as in the Danish KIP). When the person was not in the room to the
        end, the minutes wait for their confirmation (``Meeting.awaiting_confirmation``).

        With ``plan_next`` the next meeting is created as planned (same place, same invitees), so
        that every task still open is on its generated agenda. Returns the new meeting's id.
        A closed meeting is worth a backup: it is the moment the most new content exists.
        """
        if max_months is None:
            from desktop.settings import load_settings

            max_months = load_settings().next_meeting_max_months
        next_id = self._close_meeting(
            meeting_id, next_meeting_start, reason, plan_next=plan_next, max_months=max_months
        )
        from desktop.services.backup import backup_after_meeting

        backup_after_meeting(self._db)  # never raises: a failed backup is logged, the meeting stays closed
        return next_id

    def _close_meeting(
        self,
        meeting_id: int,
        next_meeting_start: datetime | None,
        reason: str,
        *,
        plan_next: bool,
        max_months: int,
    ) -> int | None:
        from desktop.services.minutes.confirmation import user_in_room

        reason = clean_chars(reason).strip()
        if next_meeting_start is None and not reason:
            raise UserError(_("Choose the date of the next meeting, or write why there is none."))
        with self._db.session() as session:
            meeting = get_meeting(session, meeting_id)
            if meeting.status not in _OPEN:
                raise UserError(_("This meeting is already closed."))
            if next_meeting_start is not None:
                _check_next_start(meeting, next_meeting_start, max_months)
            meeting.status = MeetingStatus.HELD
            meeting.awaiting_confirmation = not user_in_room(session, meeting)
            meeting.next_meeting_start = next_meeting_start
            meeting.next_meeting_reason = reason
            meeting.closed_at = clock.now()
            if meeting.started_at is None:
                meeting.started_at = meeting.start
            record(session, AuditAction.MEETING_CLOSED, case_id=meeting.case_id, meeting_id=meeting_id)
            if not (plan_next and next_meeting_start is not None):
                return None
            return _plan_next_meeting(session, meeting, next_meeting_start)


def _who_what_when(
    session: Session, meeting_id: int, reviewed: Sequence[TaskReview]
) -> tuple[tuple[tuple[str, tuple[WhoWhatWhen, ...]], ...], tuple[EarlierTask, ...]]:
    """New and continued tasks by party group (by due date), and the earlier tasks closed today."""
    lines: dict[str, list[WhoWhatWhen]] = {g.value: [] for g in PARTY_GROUP_ORDER}
    for task in read_new_tasks(session, meeting_id):
        group = PARTY_GROUP[PartyType(task.party)].value
        lines[group].append(WhoWhatWhen(task.text, task.responsible, task.party, task.due, False))
    earlier = read_earlier_tasks(session, meeting_id, [r.task_id for r in reviewed])
    closed: list[EarlierTask] = []
    for review in reviewed:
        earlier_task = earlier.get(review.task_id)
        if earlier_task is None:
            continue
        if review.result == TaskReviewResult.CONTINUED:
            group = PARTY_GROUP[PartyType(earlier_task.party)].value
            lines[group].append(
                WhoWhatWhen(
                    earlier_task.text, earlier_task.responsible, earlier_task.party, review.new_due, True
                )
            )
        else:
            closed.append(earlier_task)
    for group_lines in lines.values():
        group_lines.sort(key=lambda w: (w.due is None, w.due or date.max, w.text))
    return tuple((g, tuple(v)) for g, v in lines.items() if v), tuple(closed)


def _carry_over_tasks(session: Session, meeting: Meeting) -> tuple[str, ...]:
    """The case's open tasks, raised elsewhere, that this meeting did not follow up."""
    reviewed = {
        r.task_id for r in session.exec(select(TaskReview).where(TaskReview.meeting_id == meeting.id)).all()
    }
    open_tasks = session.exec(
        select(Task)
        .where(
            Task.case_id == meeting.case_id,
            task_is_open(),
            or_(col(Task.meeting_id).is_(None), col(Task.meeting_id) != meeting.id),
        )
        .order_by(col(Task.due), col(Task.id))
    ).all()
    return tuple(t.text for t in open_tasks if t.id not in reviewed)


def _check_next_start(meeting: Meeting, next_meeting_start: datetime, max_months: int) -> None:
    if next_meeting_start <= meeting.start:
        raise UserError(_("The next meeting must come after this one."))
    held = meeting.started_at or meeting.start
    if next_meeting_start > add_months(max(held, meeting.start), max_months):
        raise UserError(
            _(
                "The next meeting can be at most {months} months after this one. "
                "Choose an earlier date, or write why there is no date."
            ).format(months=max_months)
        )


def _plan_next_meeting(session: Session, meeting: Meeting, start: datetime) -> int | None:
    """Plan the follow-up meeting (same place, same invitees); one already planned that day wins."""
    day = datetime.combine(start.date(), datetime.min.time())
    same_day = session.exec(
        select(Meeting).where(
            Meeting.case_id == meeting.case_id,
            Meeting.id != meeting.id,
            col(Meeting.status).in_((MeetingStatus.PLANNED, MeetingStatus.NOTICE_SENT)),
            Meeting.start >= day,
            Meeting.start < day + timedelta(days=1),
        )
    ).first()
    if same_day is not None:  # already planned that day: no second meeting
        return same_day.id
    follow_up = Meeting(
        case_id=meeting.case_id,
        type=MeetingType.REGULAR,
        status=MeetingStatus.PLANNED,
        start=start.replace(second=0, microsecond=0),
        duration_minutes=meeting.duration_minutes,
        place=meeting.place,
        video_note=meeting.video_note,
        facilitator_member_id=meeting.facilitator_member_id,
        minute_taker_member_id=meeting.minute_taker_member_id,
    )
    session.add(follow_up)
    session.flush()
    assert follow_up.id is not None
    for attendance in session.exec(select(Attendance).where(Attendance.meeting_id == meeting.id)).all():
        session.add(Attendance(meeting_id=follow_up.id, member_id=attendance.member_id))
    record(session, AuditAction.MEETING_CREATED, case_id=meeting.case_id, meeting_id=follow_up.id)
    return follow_up.id
