"""What a meeting has captured, read back as rows, and the checks its services share.

The runner's full read (:mod:`desktop.services.meeting.capture`) and the review before closing
(:mod:`desktop.services.meeting.closing`) both list the agreements, the new tasks, the earlier
tasks with this meeting's review and the measure evaluations; they read them here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, col, select

from desktop.errors import UserError
from desktop.i18n import _
from desktop.models import AgendaItem, Decision, Measure, MeasureEvaluation, Meeting, Member, Task, TaskReview

MAX_TEXT_CHARS = 200_000
MAX_TASK_CHARS = 2_000
MAX_DECISION_CHARS = 5_000


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
class EvaluationRow:
    id: int
    measure_id: int
    measure_text: str
    party: str
    verdict: str
    proposed_change: str
    applied_at: datetime | None


def decision_row(decision: Decision) -> DecisionRow:
    return DecisionRow(
        id=decision.id or 0,
        agenda_item_id=decision.agenda_item_id,
        text=decision.text,
        awaiting_formal_decision=decision.awaiting_formal_decision,
        position=decision.position,
    )


def read_decisions(session: Session, meeting_id: int) -> tuple[DecisionRow, ...]:
    rows = session.exec(
        select(Decision)
        .where(Decision.meeting_id == meeting_id)
        .order_by(col(Decision.position), col(Decision.id))
    ).all()
    return tuple(decision_row(d) for d in rows)


def read_new_tasks(session: Session, meeting_id: int) -> tuple[NewTaskRow, ...]:
    """The tasks raised in this meeting, with the responsible member's name."""
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


def read_earlier_tasks(session: Session, meeting_id: int, task_ids: Iterable[int]) -> dict[int, EarlierTask]:
    """The tasks ``task_ids`` by id, each with this meeting's review of it (when there is one)."""
    ids = list(task_ids)
    reviews = {
        r.task_id: r
        for r in session.exec(
            select(TaskReview).where(TaskReview.meeting_id == meeting_id, col(TaskReview.task_id).in_(ids))
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


def read_evaluations(session: Session, meeting_id: int) -> list[EvaluationRow]:
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


def read_items(session: Session, meeting_id: int) -> list[AgendaItem]:
    """The meeting's agenda items that were not removed, in agenda order."""
    return list(
        session.exec(
            select(AgendaItem)
            .where(AgendaItem.meeting_id == meeting_id, col(AgendaItem.is_removed).is_(False))
            .order_by(col(AgendaItem.position), col(AgendaItem.id))
        ).all()
    )


# --------------------------------------------------------------------------------------------
# Checks
# --------------------------------------------------------------------------------------------
def held_on(meeting: Meeting) -> date:
    """The day the meeting was (or is being) held: the earlier of its planned and actual start."""
    if meeting.started_at is not None:
        return min(meeting.start, meeting.started_at).date()
    return meeting.start.date()


def clip(text: str, limit: int, what: str) -> str:
    """``text`` unchanged, or a :class:`UserError` naming ``what`` when it is over ``limit``."""
    if len(text) > limit:
        raise UserError(
            _("The {what} is too long: at most {limit} characters.").format(what=what, limit=limit)
        )
    return text
