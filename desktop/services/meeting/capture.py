"""What is captured while a meeting runs, and closing it.

Attendance, notes and the user's own words per agenda item, decisions («Avtalt»; never *vedtak*),
new tasks (who does what by when), the review of every earlier open task (done / continued with a
new due date / dropped, each with an outcome, written straight to the task), the evaluation of
measures (continue / change / stop; reaching the plan only through :meth:`apply_plan_changes`
after the meeting), per-item elapsed time, and closing the meeting (next date or a reason).

Every method opens its own short session so that each keystroke batch is committed at once:
a crash loses at most the last autosave interval.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import insert, or_, update
from sqlmodel import Session, col, select

from desktop import clock
from desktop.db import Database
from desktop.errors import NotFoundError, UserError
from desktop.i18n import _
from desktop.models import (
    AgendaItem,
    Attendance,
    Decision,
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
    AttendanceStatus,
    AuditAction,
    CheckpointStatus,
    MeasureStatus,
    MeasureVerdict,
    MeetingStatus,
    MeetingType,
    NoteKind,
    ParticipationMode,
    PartyGroup,
    PartyType,
    TaskReviewResult,
    TaskStatus,
)
from desktop.services.audit import record
from desktop.services.case.validation import clean_chars
from desktop.services.tasks.queries import task_is_open

MAX_TEXT_CHARS = 200_000
MAX_TASK_CHARS = 2_000
MAX_DECISION_CHARS = 5_000
PARTY_GROUP_ORDER = tuple(PartyGroup)


# --------------------------------------------------------------------------------------------
# Returned data
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class AttendanceRow:
    member_id: int
    name: str
    party: str
    role: str
    status: str | None
    mode: str | None
    left_early: bool


@dataclass(frozen=True)
class ItemState:
    id: int
    position: int
    kind: str
    title: str
    planned_minutes: int
    elapsed_seconds: int
    is_done: bool
    task_id: int | None
    goal_id: int | None
    measure_id: int | None
    checkpoint: str
    checkpoint_status: str | None


@dataclass(frozen=True)
class DecisionRow:
    id: int
    agenda_item_id: int | None
    text: str
    awaiting_formal_decision: bool
    position: int


@dataclass(frozen=True)
class NewTaskRow:
    id: int
    agenda_item_id: int | None
    text: str
    party: str
    responsible_member_id: int | None
    responsible: str
    due: date | None


@dataclass(frozen=True)
class EarlierTask:
    """An open task raised before this meeting, with what this meeting concluded (if anything)."""

    id: int
    text: str
    party: str
    responsible: str
    due: date | None
    result: str | None
    new_due: date | None
    outcome: str


@dataclass(frozen=True)
class TaskState:
    """What a task looked like before a review changed it (for undo)."""

    status: str
    due: date | None
    outcome: str
    closed_on: date | None
    closed_in_meeting_id: int | None


@dataclass(frozen=True)
class EvaluationRow:
    id: int
    measure_id: int
    measure_text: str
    party: str
    verdict: str
    proposed_change: str
    applied_at: datetime | None


@dataclass(frozen=True)
class MeetingCapture:
    """The whole captured state of one meeting, as the runner shows it."""

    meeting_id: int
    status: str
    items: tuple[ItemState, ...]
    notes: dict[tuple[int | None, str], str] = field(default_factory=dict)
    decisions: tuple[DecisionRow, ...] = ()
    tasks: tuple[NewTaskRow, ...] = ()
    earlier_tasks: dict[int, EarlierTask] = field(default_factory=dict)
    evaluations: dict[int, EvaluationRow] = field(default_factory=dict)
    measures: dict[int, str] = field(default_factory=dict)


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
    import calendar

    index = value.year * 12 + value.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return value.replace(year=year, month=month, day=min(value.day, calendar.monthrange(year, month)[1]))


# --------------------------------------------------------------------------------------------
# The service
# --------------------------------------------------------------------------------------------
def _clip(text: str, limit: int, what: str) -> str:
    if len(text) > limit:
        raise UserError(
            _("The {what} is too long: at most {limit} characters.").format(what=what, limit=limit)
        )
    return text


class CaptureService:
    def __init__(self, db: Database) -> None:
        self._db = db

    # -- reading -----------------------------------------------------------------------------
    def capture(self, meeting_id: int) -> MeetingCapture:
        with self._db.session() as session:
            meeting = _meeting(session, meeting_id)
            rows = session.exec(
                select(AgendaItem)
                .where(AgendaItem.meeting_id == meeting_id, col(AgendaItem.is_removed).is_(False))
                .order_by(col(AgendaItem.position), col(AgendaItem.id))
            ).all()
            items = tuple(_item_state(r) for r in rows)
            notes = {
                (n.agenda_item_id, n.kind.value): n.text
                for n in session.exec(select(Note).where(Note.meeting_id == meeting_id)).all()
            }
            decisions = self._decisions(session, meeting_id)
            tasks = self._new_tasks(session, meeting_id)
            task_ids = [r.task_id for r in rows if r.task_id is not None]
            earlier = self._earlier(session, meeting_id, task_ids)
            measure_ids = [r.measure_id for r in rows if r.measure_id is not None]
            measures = {
                m.id or 0: m.text
                for m in session.exec(select(Measure).where(col(Measure.id).in_(measure_ids))).all()
            }
            evaluations = {e.measure_id: e for e in self._evaluations(session, meeting_id)}
            return MeetingCapture(
                meeting_id=meeting_id,
                status=meeting.status.value,
                items=items,
                notes=notes,
                decisions=decisions,
                tasks=tasks,
                earlier_tasks=earlier,
                evaluations=evaluations,
                measures=measures,
            )

    @staticmethod
    def _decisions(session: Session, meeting_id: int) -> tuple[DecisionRow, ...]:
        rows = session.exec(
            select(Decision)
            .where(Decision.meeting_id == meeting_id)
            .order_by(col(Decision.position), col(Decision.id))
        ).all()
        return tuple(
            DecisionRow(
                id=d.id or 0,
                agenda_item_id=d.agenda_item_id,
                text=d.text,
                awaiting_formal_decision=d.awaiting_formal_decision,
                position=d.position,
            )
            for d in rows
        )

    @staticmethod
    def _new_tasks(session: Session, meeting_id: int) -> tuple[NewTaskRow, ...]:
        rows = session.exec(
            select(Task, Member.name)
            .outerjoin(Member, col(Member.id) == Task.responsible_member_id)
            .where(Task.meeting_id == meeting_id)
            .order_by(col(Task.id))
        ).all()
        return tuple(
            NewTaskRow(
                id=t.id or 0,
                agenda_item_id=t.agenda_item_id,
                text=t.text,
                party=t.party.value,
                responsible_member_id=t.responsible_member_id,
                responsible=name or t.responsible_person,
                due=t.due,
            )
            for t, name in rows
        )

    @staticmethod
    def _earlier(session: Session, meeting_id: int, task_ids: Iterable[int]) -> dict[int, EarlierTask]:
        ids = list(task_ids)
        reviews = {
            r.task_id: r
            for r in session.exec(
                select(TaskReview).where(
                    TaskReview.meeting_id == meeting_id, col(TaskReview.task_id).in_(ids)
                )
            ).all()
        }
        result: dict[int, EarlierTask] = {}
        for task, name in session.exec(
            select(Task, Member.name)
            .outerjoin(Member, col(Member.id) == Task.responsible_member_id)
            .where(col(Task.id).in_(ids))
        ).all():
            review = reviews.get(task.id or 0)
            result[task.id or 0] = EarlierTask(
                id=task.id or 0,
                text=task.text,
                party=task.party.value,
                responsible=name or task.responsible_person,
                due=task.due,
                result=review.result.value if review else None,
                new_due=review.new_due if review else None,
                outcome=review.outcome if review else "",
            )
        return result

    @staticmethod
    def _evaluations(session: Session, meeting_id: int) -> list[EvaluationRow]:
        rows = session.exec(
            select(MeasureEvaluation, Measure)
            .join(Measure, col(Measure.id) == MeasureEvaluation.measure_id)
            .where(MeasureEvaluation.meeting_id == meeting_id)
            .order_by(col(MeasureEvaluation.id))
        ).all()
        return [
            EvaluationRow(
                id=e.id or 0,
                measure_id=e.measure_id,
                measure_text=m.text,
                party=m.party.value,
                verdict=e.verdict.value,
                proposed_change=e.proposed_change,
                applied_at=e.applied_at,
            )
            for e, m in rows
        ]

    # -- attendance --------------------------------------------------------------------------
    def attendance(self, meeting_id: int) -> list[AttendanceRow]:
        with self._db.session() as session:
            _meeting(session, meeting_id)
            rows = session.exec(
                select(Attendance, Member)
                .join(Member, col(Member.id) == Attendance.member_id)
                .where(Attendance.meeting_id == meeting_id)
                .order_by(col(Member.id))
            ).all()
            result = [
                AttendanceRow(
                    member_id=m.id or 0,
                    name=m.name,
                    party=m.party.value,
                    role=m.role.value,
                    status=a.status.value if a.status else None,
                    mode=a.mode.value if a.mode else None,
                    left_early=a.left_early,
                )
                for a, m in rows
            ]
        return sorted(result, key=lambda r: (r.party != PartyType.USER.value, r.member_id))

    def set_attendance(
        self,
        meeting_id: int,
        member_id: int,
        status: AttendanceStatus | None,
        mode: ParticipationMode | None = None,
        left_early: bool = False,
    ) -> None:
        """Record whether and how a member took part; remote defaults to video, present to in person."""
        if mode is None and status == AttendanceStatus.REMOTE:
            mode = ParticipationMode.VIDEO
        if mode is None and status in (AttendanceStatus.PRESENT, AttendanceStatus.PARTIAL):
            mode = ParticipationMode.IN_PERSON
        if status in (AttendanceStatus.EXCUSED, AttendanceStatus.ABSENT, None):
            # Someone who was not there may still have sent written input (DOMAIN: «skriftlig innspill»).
            mode = ParticipationMode.WRITTEN if mode == ParticipationMode.WRITTEN and status else None
            left_early = False
        with self._db.session() as session:
            _meeting(session, meeting_id)
            row = session.exec(
                select(Attendance).where(
                    Attendance.meeting_id == meeting_id, Attendance.member_id == member_id
                )
            ).first()
            if row is None:
                member = session.get(Member, member_id)
                if member is None:
                    raise NotFoundError(_("There is no member with id {id}.").format(id=member_id))
                row = Attendance(meeting_id=meeting_id, member_id=member_id)
                session.add(row)
            row.status, row.mode, row.left_early = status, mode, left_early

    # -- notes ---------------------------------------------------------------------------------
    def set_note(self, meeting_id: int, item_id: int | None, kind: NoteKind, text: str) -> None:
        """One note (or one block of the user's own words) per item; empty text keeps an empty row.

        Called for every autosave of the meeting runner (a few times a second while someone types,
        with notes of up to 200 000 characters), so it is one short transaction of Core statements
        (no ORM objects to load and flush). When this returns, the text has committed; when it
        raises, nothing changed: a full disk is the translated :class:`DiskFullError`.
        """
        text = _clip(clean_chars(text), MAX_TEXT_CHARS, _("note"))
        kind = NoteKind(kind)
        same_item = col(Note.agenda_item_id).is_(None) if item_id is None else Note.agenda_item_id == item_id
        with self._db.session() as session:
            if session.exec(select(Meeting.id).where(Meeting.id == meeting_id)).first() is None:
                raise NotFoundError(_("There is no meeting with id {id}.").format(id=meeting_id))
            found = session.exec(
                select(Note.id, Note.text)
                .where(Note.meeting_id == meeting_id, Note.kind == kind, same_item)
                .order_by(col(Note.id))
                .limit(1)
            ).first()
            if found is None:
                session.exec(
                    insert(Note).values(
                        meeting_id=meeting_id,
                        agenda_item_id=item_id,
                        kind=kind,
                        text=text,
                        is_internal=False,
                        updated_at=clock.now(),
                    )
                )
            elif found.text != text:  # the same text again (a retry, an undo to it): no rewrite
                # Only a changed text fires the FTS5 trigger (re-indexing the whole note).
                session.exec(
                    update(Note).where(col(Note.id) == found.id).values(text=text, updated_at=clock.now())
                )

    # -- decisions -----------------------------------------------------------------------------
    def add_decision(
        self,
        meeting_id: int,
        item_id: int | None,
        text: str,
        awaiting_formal_decision: bool = False,
        *,
        decision_id: int | None = None,
        position: int | None = None,
    ) -> int:
        """Record what was agreed. ``decision_id`` lets an undone removal come back with its id."""
        text = _clip(clean_chars(text).strip(), MAX_DECISION_CHARS, _("agreement"))
        if not text:
            raise UserError(_("Write what was agreed."))
        with self._db.session() as session:
            _meeting(session, meeting_id)
            if position is None:
                position = len(self._decisions(session, meeting_id))
            decision = Decision(
                id=decision_id,
                meeting_id=meeting_id,
                agenda_item_id=item_id,
                text=text,
                awaiting_formal_decision=awaiting_formal_decision,
                position=position,
            )
            session.add(decision)
            session.flush()
            assert decision.id is not None
            return decision.id

    def update_decision(self, decision_id: int, text: str, awaiting_formal_decision: bool) -> None:
        text = _clip(clean_chars(text).strip(), MAX_DECISION_CHARS, _("agreement"))
        if not text:
            raise UserError(_("Write what was agreed."))
        with self._db.session() as session:
            decision = session.get(Decision, decision_id)
            if decision is None:
                raise NotFoundError(_("There is no agreement with id {id}.").format(id=decision_id))
            decision.text, decision.awaiting_formal_decision = text, awaiting_formal_decision

    def remove_decision(self, decision_id: int) -> DecisionRow:
        with self._db.session() as session:
            decision = session.get(Decision, decision_id)
            if decision is None:
                raise NotFoundError(_("There is no agreement with id {id}.").format(id=decision_id))
            row = DecisionRow(
                id=decision_id,
                agenda_item_id=decision.agenda_item_id,
                text=decision.text,
                awaiting_formal_decision=decision.awaiting_formal_decision,
                position=decision.position,
            )
            session.delete(decision)
            return row

    # -- new tasks -------------------------------------------------------------------------------
    def add_task(
        self,
        meeting_id: int,
        item_id: int | None,
        text: str,
        party: PartyType,
        responsible_member_id: int | None = None,
        due: date | None = None,
        *,
        task_id: int | None = None,
    ) -> int:
        """A new task: what, which party, who, by when. ``task_id`` restores an undone removal."""
        text = _clip(" ".join(clean_chars(text).split()), MAX_TASK_CHARS, _("task"))
        if not text:
            raise UserError(_("Write what is to be done."))
        with self._db.session() as session:
            meeting = _meeting(session, meeting_id)
            if responsible_member_id is not None:
                member = session.get(Member, responsible_member_id)
                if member is None or member.case_id != meeting.case_id:
                    raise UserError(_("The person responsible must be a member of the group."))
            if due is not None and due < _held_on(meeting) - timedelta(days=1):
                raise UserError(_("The due date is before the meeting. Choose a later date."))
            task = Task(
                id=task_id,
                case_id=meeting.case_id,
                meeting_id=meeting_id,
                agenda_item_id=item_id,
                text=text,
                party=party,
                responsible_member_id=responsible_member_id,
                due=due,
                created_at=max(meeting.start, clock.now())
                if meeting.status == MeetingStatus.IN_PROGRESS
                else meeting.start,
            )
            session.add(task)
            session.flush()
            assert task.id is not None
            return task.id

    def remove_task(self, task_id: int) -> None:
        """Remove a task raised in this meeting (a slip); tasks from earlier meetings are reviewed."""
        with self._db.session() as session:
            task = session.get(Task, task_id)
            if task is None:
                raise NotFoundError(_("There is no task with id {id}.").format(id=task_id))
            session.delete(task)

    # -- review of earlier tasks -------------------------------------------------------------
    def task_state(self, task_id: int) -> TaskState:
        with self._db.session() as session:
            task = _task(session, task_id)
            return TaskState(
                status=task.status.value,
                due=task.due,
                outcome=task.outcome,
                closed_on=task.closed_on,
                closed_in_meeting_id=task.closed_in_meeting_id,
            )

    def review_task(
        self,
        meeting_id: int,
        task_id: int,
        result: TaskReviewResult,
        outcome: str,
        new_due: date | None = None,
    ) -> TaskState:
        """Record the follow-up of an earlier task and update the task; returns its previous state.

        Done and dropped close the task and need an outcome (DOMAIN.md §9.6); continued needs a new
        due date and keeps the task open, so it comes back on the next agenda.
        """
        outcome = _clip(clean_chars(outcome).strip(), MAX_DECISION_CHARS, _("outcome"))
        if result in (TaskReviewResult.DONE, TaskReviewResult.DROPPED) and not outcome:
            raise UserError(_("Write what came out of the task before closing it."))
        if result == TaskReviewResult.CONTINUED and new_due is None:
            raise UserError(_("Choose a new due date for a task that continues."))
        with self._db.session() as session:
            meeting = _meeting(session, meeting_id)
            task = _task(session, task_id)
            if task.case_id != meeting.case_id:
                raise UserError(_("The task belongs to another case."))
            if new_due is not None and new_due < _held_on(meeting):
                raise UserError(_("The new due date is before the meeting. Choose a later date."))
            previous = TaskState(
                status=task.status.value,
                due=task.due,
                outcome=task.outcome,
                closed_on=task.closed_on,
                closed_in_meeting_id=task.closed_in_meeting_id,
            )
            review = session.exec(
                select(TaskReview).where(TaskReview.meeting_id == meeting_id, TaskReview.task_id == task_id)
            ).first()
            if review is None:  # a second answer in the same meeting keeps the first one's old date
                review = TaskReview(
                    meeting_id=meeting_id, task_id=task_id, result=result, previous_due=task.due
                )
                session.add(review)
            review.result, review.outcome = result, outcome
            review.new_due = new_due if result == TaskReviewResult.CONTINUED else None
            if result == TaskReviewResult.CONTINUED:
                task.due = new_due
                task.outcome = outcome
                if task.status in (TaskStatus.DONE, TaskStatus.DROPPED):
                    task.status = TaskStatus.IN_PROGRESS
                task.closed_on = task.closed_in_meeting_id = None
            else:
                task.status = TaskStatus.DONE if result == TaskReviewResult.DONE else TaskStatus.DROPPED
                task.outcome = outcome
                task.closed_on = _held_on(meeting)
                task.closed_in_meeting_id = meeting_id
            return previous

    def undo_review(self, meeting_id: int, task_id: int, previous: TaskState) -> None:
        """Forget this meeting's review of a task and put the task back as it was."""
        with self._db.session() as session:
            task = _task(session, task_id)
            for review in session.exec(
                select(TaskReview).where(TaskReview.meeting_id == meeting_id, TaskReview.task_id == task_id)
            ).all():
                session.delete(review)
            task.status = TaskStatus(previous.status)
            task.due, task.outcome = previous.due, previous.outcome
            task.closed_on, task.closed_in_meeting_id = previous.closed_on, previous.closed_in_meeting_id

    # -- measures and checkpoints --------------------------------------------------------------
    def evaluate_measure(
        self, meeting_id: int, measure_id: int, verdict: MeasureVerdict | None, proposed_change: str = ""
    ) -> None:
        """Record (or with ``verdict=None`` forget) the group's view of a measure.

        Nothing reaches the plan here: :meth:`apply_plan_changes` does that after the meeting.
        """
        proposed_change = _clip(
            clean_chars(proposed_change).strip(), MAX_DECISION_CHARS, _("proposed change")
        )
        with self._db.session() as session:
            _meeting(session, meeting_id)
            if session.get(Measure, measure_id) is None:
                raise NotFoundError(_("There is no measure with id {id}.").format(id=measure_id))
            row = session.exec(
                select(MeasureEvaluation).where(
                    MeasureEvaluation.meeting_id == meeting_id, MeasureEvaluation.measure_id == measure_id
                )
            ).first()
            if verdict is None:
                if row is not None and row.applied_at is None:
                    session.delete(row)
                return
            if row is None:
                row = MeasureEvaluation(meeting_id=meeting_id, measure_id=measure_id, verdict=verdict)
                session.add(row)
            elif row.applied_at is not None:
                raise UserError(_("This change has already been made in the plan."))
            row.verdict, row.proposed_change = verdict, proposed_change

    def apply_plan_changes(self, meeting_id: int, evaluation_ids: Iterable[int]) -> int:
        """Put the confirmed evaluations into the plan; returns how many were applied.

        *Stop* ends the measure today, but only with a written reason (nothing is dropped
        silently: without one the evaluation stays pending and the review says why); *change*
        replaces the measure's wording with the proposed change (when one was written);
        *continue* leaves the measure as it is.
        """
        ids = set(evaluation_ids)
        applied = 0
        today = clock.today()
        with self._db.session() as session:
            _meeting(session, meeting_id)
            rows = session.exec(
                select(MeasureEvaluation).where(
                    MeasureEvaluation.meeting_id == meeting_id, col(MeasureEvaluation.id).in_(ids)
                )
            ).all()
            for row in rows:
                if row.applied_at is not None:
                    continue
                measure = session.get(Measure, row.measure_id)
                if measure is None:
                    continue
                if row.verdict == MeasureVerdict.STOP:
                    if not row.proposed_change.strip():
                        continue  # no reason written: not ended
                    measure.status = MeasureStatus.ENDED
                    measure.end_date = measure.end_date or today
                elif row.verdict == MeasureVerdict.CHANGE and row.proposed_change:
                    measure.text = row.proposed_change
                row.applied_at = clock.now()
                applied += 1
        return applied

    def set_checkpoint_status(self, item_id: int, status: CheckpointStatus | None) -> None:
        with self._db.session() as session:
            _item(session, item_id).checkpoint_status = status

    # -- time ----------------------------------------------------------------------------------------
    def set_elapsed(self, item_id: int, seconds: int) -> None:
        with self._db.session() as session:
            _item(session, item_id).elapsed_seconds = max(0, int(seconds))

    def set_item_done(self, item_id: int, is_done: bool) -> None:
        with self._db.session() as session:
            _item(session, item_id).is_done = is_done

    # -- closing -----------------------------------------------------------------------------------
    def summary(self, meeting_id: int) -> MeetingSummary:
        with self._db.session() as session:
            meeting = _meeting(session, meeting_id)
            decisions = self._decisions(session, meeting_id)
            lines: dict[str, list[WhoWhatWhen]] = {g.value: [] for g in PARTY_GROUP_ORDER}
            for task in self._new_tasks(session, meeting_id):
                group = PARTY_GROUP[PartyType(task.party)].value
                lines[group].append(WhoWhatWhen(task.text, task.responsible, task.party, task.due, False))
            reviewed = session.exec(select(TaskReview).where(TaskReview.meeting_id == meeting_id)).all()
            earlier = self._earlier(session, meeting_id, [r.task_id for r in reviewed])
            closed: list[EarlierTask] = []
            for review in reviewed:
                task = earlier.get(review.task_id)
                if task is None:
                    continue
                if review.result == TaskReviewResult.CONTINUED:
                    group = PARTY_GROUP[PartyType(task.party)].value
                    lines[group].append(
                        WhoWhatWhen(task.text, task.responsible, task.party, review.new_due, True)
                    )
                else:
                    closed.append(task)
            for group_lines in lines.values():
                group_lines.sort(key=lambda w: (w.due is None, w.due or date.max, w.text))
            attendance = session.exec(select(Attendance).where(Attendance.meeting_id == meeting_id)).all()
            present = sum(
                1
                for a in attendance
                if a.status in (AttendanceStatus.PRESENT, AttendanceStatus.REMOTE, AttendanceStatus.PARTIAL)
            )
            items = session.exec(
                select(AgendaItem).where(
                    AgendaItem.meeting_id == meeting_id, col(AgendaItem.is_removed).is_(False)
                )
            ).all()
            reviewed_ids = {r.task_id for r in reviewed}
            return MeetingSummary(
                meeting_id=meeting_id,
                status=meeting.status.value,
                decisions=decisions,
                by_party=tuple((g, tuple(v)) for g, v in lines.items() if v),
                closed_tasks=tuple(closed),
                evaluations=tuple(self._evaluations(session, meeting_id)),
                present=present,
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
            meeting = _meeting(session, meeting_id)
            items = session.exec(
                select(AgendaItem)
                .where(AgendaItem.meeting_id == meeting_id, col(AgendaItem.is_removed).is_(False))
                .order_by(col(AgendaItem.position), col(AgendaItem.id))
            ).all()
            reviewed = {
                r.task_id
                for r in session.exec(select(TaskReview).where(TaskReview.meeting_id == meeting_id)).all()
            }
            open_tasks = session.exec(
                select(Task)
                .where(
                    Task.case_id == meeting.case_id,
                    task_is_open(),
                    or_(col(Task.meeting_id).is_(None), Task.meeting_id != meeting_id),
                )
                .order_by(col(Task.due), col(Task.id))
            ).all()
            evaluated = {
                e.measure_id
                for e in session.exec(
                    select(MeasureEvaluation).where(MeasureEvaluation.meeting_id == meeting_id)
                ).all()
            }
            measure_ids = [i.measure_id for i in items if i.kind == AgendaKind.MEASURE and i.measure_id]
            # Measures past their evaluation date count too, on the agenda or not.
            from desktop.services.tasks.follow_up import FollowUpService

            measure_ids += [
                m.measure_id for m in FollowUpService(self._db).overdue_measures(case_id=meeting.case_id)
            ]
            measures = {
                m.id: m.text
                for m in session.exec(select(Measure).where(col(Measure.id).in_(measure_ids))).all()
            }
            return ClosePreview(
                carry_over_tasks=tuple(t.text for t in open_tasks if t.id not in reviewed),
                unevaluated_measures=tuple(
                    measures[m] for m in dict.fromkeys(measure_ids) if m not in evaluated and m in measures
                ),
                # Follow-ups and measures are listed above (by what they are), not again here.
                not_reached=tuple(
                    i.title
                    for i in items
                    if not i.is_done and i.kind not in (AgendaKind.TASK_FOLLOW_UP, AgendaKind.MEASURE)
                ),
            )

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
            meeting = _meeting(session, meeting_id)
            if meeting.status not in (
                MeetingStatus.IN_PROGRESS,
                MeetingStatus.PLANNED,
                MeetingStatus.NOTICE_SENT,
            ):
                raise UserError(_("This meeting is already closed."))
            if next_meeting_start is not None and next_meeting_start <= meeting.start:
                raise UserError(_("The next meeting must come after this one."))
            held = meeting.started_at or meeting.start
            if next_meeting_start is not None and next_meeting_start > add_months(
                max(held, meeting.start), max_months
            ):
                raise UserError(
                    _(
                        "The next meeting can be at most {months} months after this one. "
                        "Choose an earlier date, or write why there is no date."
                    ).format(months=max_months)
                )
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
            day = datetime.combine(next_meeting_start.date(), datetime.min.time())
            same_day = session.exec(
                select(Meeting).where(
                    Meeting.case_id == meeting.case_id,
                    Meeting.id != meeting_id,
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
                start=next_meeting_start.replace(second=0, microsecond=0),
                duration_minutes=meeting.duration_minutes,
                place=meeting.place,
                video_note=meeting.video_note,
                facilitator_member_id=meeting.facilitator_member_id,
                minute_taker_member_id=meeting.minute_taker_member_id,
            )
            session.add(follow_up)
            session.flush()
            assert follow_up.id is not None
            for attendance in session.exec(
                select(Attendance).where(Attendance.meeting_id == meeting_id)
            ).all():
                session.add(Attendance(meeting_id=follow_up.id, member_id=attendance.member_id))
            record(session, AuditAction.MEETING_CREATED, case_id=meeting.case_id, meeting_id=follow_up.id)
            return follow_up.id


def _meeting(session: Session, meeting_id: int) -> Meeting:
    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        raise NotFoundError(_("There is no meeting with id {id}.").format(id=meeting_id))
    return meeting


def _held_on(meeting: Meeting) -> date:
    """The day the meeting was (or is being) held: the earlier of its planned and actual start."""
    if meeting.started_at is not None:
        return min(meeting.start, meeting.started_at).date()
    return meeting.start.date()


def _task(session: Session, task_id: int) -> Task:
    task = session.get(Task, task_id)
    if task is None:
        raise NotFoundError(_("There is no task with id {id}.").format(id=task_id))
    return task


def _item(session: Session, item_id: int) -> AgendaItem:
    item = session.get(AgendaItem, item_id)
    if item is None:
        raise NotFoundError(_("There is no agenda item with id {id}.").format(id=item_id))
    return item


def _item_state(row: AgendaItem) -> ItemState:
    return ItemState(
        id=row.id or 0,
        position=row.position,
        kind=AgendaKind(row.kind).value,
        title=row.title,
        planned_minutes=row.planned_minutes,
        elapsed_seconds=row.elapsed_seconds,
        is_done=row.is_done,
        task_id=row.task_id,
        goal_id=row.goal_id,
        measure_id=row.measure_id,
        checkpoint=row.checkpoint,
        checkpoint_status=row.checkpoint_status.value if row.checkpoint_status else None,
    )
