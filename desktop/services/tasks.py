"""Follow-up of tasks across all cases: open tasks, overdue first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import case as sql_case
from sqlmodel import Session, col, select

from desktop.db import Database
from desktop.errors import NotFoundError, UserError
from desktop.i18n import _
from desktop.models import Case, Member, Task
from desktop.models.enums import OPEN_TASK_STATUSES, PARTY_GROUP, PartyType, TaskStatus


@dataclass(frozen=True)
class TaskRow:
    """A task as listed on the task board and by ``tasks --json``."""

    id: int
    case_id: int
    case_reference: str
    text: str
    party: str
    party_group: str
    responsible: str
    due: date | None
    status: str
    overdue: bool
    meeting_id: int | None


def is_overdue(due: date | None, status: TaskStatus, today: date) -> bool:
    """*Forfalt*: derived, never stored."""
    return due is not None and due < today and status in OPEN_TASK_STATUSES


class TaskService:
    def __init__(self, db: Database) -> None:
        self._db = db

    def open_tasks(
        self,
        *,
        today: date | None = None,
        case_id: int | None = None,
        party_group: str | None = None,
        offset: int = 0,
        limit: int | None = None,
    ) -> list[TaskRow]:
        """Open tasks, overdue first (oldest due first), then by due date; undated last."""
        today = today or date.today()
        overdue_first = sql_case((col(Task.due) < today, 0), else_=1)
        undated_last = sql_case((col(Task.due).is_(None), 1), else_=0)
        query = (
            select(Task, Case.reference, Member.name)
            .join(Case, col(Case.id) == Task.case_id)
            .outerjoin(Member, col(Member.id) == Task.responsible_member_id)
            .where(col(Task.status).in_(OPEN_TASK_STATUSES))
            .order_by(overdue_first, undated_last, col(Task.due), col(Task.id))
        )
        if case_id is not None:
            query = query.where(Task.case_id == case_id)
        if party_group is not None:
            parties = [p for p, g in PARTY_GROUP.items() if g.value == party_group]
            query = query.where(col(Task.party).in_(parties))
        if offset:
            query = query.offset(offset)
        if limit is not None:
            query = query.limit(limit)
        with self._db.session() as session:
            return [_row(task, ref, name, today) for task, ref, name in session.exec(query).all()]

    def close_task(
        self, task_id: int, status: TaskStatus, outcome: str, meeting_id: int | None = None
    ) -> None:
        """Mark a task done or dropped; both need an outcome (DOMAIN.md §9.6)."""
        if status not in (TaskStatus.DONE, TaskStatus.DROPPED):
            raise ValueError(status)
        if not outcome.strip():
            raise UserError(_("Write what came out of the task before closing it."))
        with self._db.session() as session:
            task = _get(session, task_id)
            task.status = status
            task.outcome = outcome.strip()
            task.closed_on = date.today()
            task.closed_in_meeting_id = meeting_id


def _get(session: Session, task_id: int) -> Task:
    task = session.get(Task, task_id)
    if task is None:
        raise NotFoundError(_("There is no task with id {id}.").format(id=task_id))
    return task


def _row(task: Task, reference: str, member_name: str | None, today: date) -> TaskRow:
    assert task.id is not None
    return TaskRow(
        id=task.id,
        case_id=task.case_id,
        case_reference=reference,
        text=task.text,
        party=task.party.value,
        party_group=PARTY_GROUP[PartyType(task.party)].value,
        responsible=member_name or task.responsible_person,
        due=task.due,
        status=task.status.value,
        overdue=is_overdue(task.due, task.status, today),
        meeting_id=task.meeting_id,
    )
