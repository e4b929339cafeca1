"""Follow-up of tasks across all cases: open tasks, overdue first.

The open-task list is the task board's source and must show its first page without a wait,
however many tasks there are (the large demo has 200 000). It therefore reads through the
partial index ``ix_task_open_due`` (``due, id`` over open tasks only, see
``desktop/models/task.py``), with the open-status condition of :mod:`desktop.services.tasks.queries`.

Order: by due date, oldest first, which puts every overdue task (due before today) first and the
most overdue at the top; tasks without a due date come last.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy import func, or_, text
from sqlmodel import Session, col, select

from desktop import clock
from desktop.db import Database
from desktop.errors import NotFoundError, UserError
from desktop.i18n import _
from desktop.models import Case, Member, Task
from desktop.models.enums import OPEN_TASK_STATUSES, PARTY_GROUP, PartyGroup, PartyType, TaskStatus
from desktop.services.case.validation import clean_chars
from desktop.services.tasks.queries import select_open_tasks

#: How long an outcome may be; notes can be long, but an outcome is a sentence or a paragraph.
MAX_OUTCOME_CHARS = 100_000
PAGE_SIZE = 200


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


@dataclass(frozen=True)
class TaskFilter:
    """What the task board shows. Empty values mean "no filter"."""

    party_group: str | None = None
    responsible: str | None = None
    text: str = ""
    only_overdue: bool = False
    case_id: int | None = None


@dataclass(frozen=True)
class GroupCount:
    """Open and overdue tasks of one party group (the task board's left column)."""

    group: str
    open: int
    overdue: int


@dataclass(frozen=True)
class TaskPage:
    """One page of open tasks plus whether more follow."""

    rows: tuple[TaskRow, ...]
    has_more: bool


def is_overdue(due: date | None, status: TaskStatus, today: date) -> bool:
    """*Forfalt*: derived, never stored."""
    return due is not None and due < today and status in OPEN_TASK_STATUSES


def parties_of(group: str) -> list[str]:
    """The party types (values) that make up a party group."""
    return [p.value for p, g in PARTY_GROUP.items() if g.value == group]


class TaskService:
    def __init__(self, db: Database) -> None:
        self._db = db

    # -- reading ---------------------------------------------------------------------------------

    def open_tasks(
        self,
        *,
        today: date | None = None,
        case_id: int | None = None,
        party_group: str | None = None,
        responsible: str | None = None,
        text_filter: str = "",
        only_overdue: bool = False,
        offset: int = 0,
        limit: int | None = None,
    ) -> list[TaskRow]:
        """Open tasks, overdue first (oldest due first), then by due date; undated last."""
        flt = TaskFilter(
            party_group=party_group,
            responsible=responsible,
            text=text_filter,
            only_overdue=only_overdue,
            case_id=case_id,
        )
        return list(self.page(flt, offset=offset, limit=limit, today=today).rows)

    def page(
        self,
        flt: TaskFilter,
        *,
        offset: int = 0,
        after: TaskRow | None = None,
        limit: int | None = PAGE_SIZE,
        today: date | None = None,
    ) -> TaskPage:
        """``limit`` open tasks in board order, after the row ``after`` (or from ``offset``).

        Two index range scans: dated tasks by (due, id), then undated ones by id. Paging with
        ``after`` (keyset) costs the same for the hundredth page as for the first; ``offset``
        is kept for the command line.
        """
        today = today or clock.today()
        offset = 0 if after is not None else max(0, offset)
        want = None if limit is None else max(0, limit)
        take = None if want is None else want + 1
        rows: list[TaskRow] = []
        with self._db.session() as session:
            in_undated = after is not None and after.due is None
            if not in_undated:
                dated = self._query(flt, today, dated=True)
                if after is not None:
                    dated = dated.where(
                        sa.tuple_(col(Task.due), col(Task.id))
                        > sa.tuple_(sa.literal(after.due), sa.literal(after.id))
                    )
                dated = dated.order_by(col(Task.due), col(Task.id))
                found = session.exec(_window(dated, offset, take)).all()
                rows = [_row_from_columns(r, today) for r in found]
                if want is not None and len(rows) > want:
                    return TaskPage(rows=tuple(rows[:want]), has_more=True)
                if flt.only_overdue:
                    return TaskPage(rows=tuple(rows), has_more=False)
            # The dated tasks ran out inside this page: continue with the undated ones.
            undated_offset = 0
            if after is None and not rows and offset:
                count_query = self._query(flt, today, dated=True, count=True)
                undated_offset = max(0, offset - int(session.exec(count_query).one()))
            undated = self._query(flt, today, dated=False)
            if in_undated and after is not None:
                undated = undated.where(col(Task.id) > after.id)
            undated = undated.order_by(col(Task.id))
            rest = None if want is None else want - len(rows) + 1
            more = session.exec(_window(undated, undated_offset, rest)).all()
            rows += [_row_from_columns(r, today) for r in more]
        if want is not None and len(rows) > want:
            return TaskPage(rows=tuple(rows[:want]), has_more=True)
        return TaskPage(rows=tuple(rows), has_more=False)

    def _query(self, flt: TaskFilter, today: date, *, dated: bool, count: bool = False) -> Any:
        if count:
            query: Any = select_open_tasks(func.count())
        else:
            # Plain columns, not ORM objects: no identity map or instance state per row.
            query = (
                select_open_tasks(*_ROW_COLUMNS)
                .join(Case, col(Case.id) == Task.case_id)
                .outerjoin(Member, col(Member.id) == Task.responsible_member_id)
            )
        query = query.where(col(Task.due).is_not(None) if dated else col(Task.due).is_(None))
        return _apply_filter(query, flt, today)

    def count_open(self, flt: TaskFilter | None = None, *, today: date | None = None) -> tuple[int, int]:
        """(open, overdue) for a filter."""
        flt = flt or TaskFilter()
        today = today or clock.today()
        with self._db.session() as session:
            query: Any = select_open_tasks(func.count(), func.sum(sql_overdue(today)))
            query = _apply_filter(query, flt, today)
            total, overdue = session.exec(query).one()
            return int(total or 0), int(overdue or 0)

    def counts_by_group(
        self, *, today: date | None = None, responsible: str | None = None, text_filter: str = ""
    ) -> list[GroupCount]:
        """Open and overdue tasks per party group, every group listed (zeros included)."""
        today = today or clock.today()
        flt = TaskFilter(responsible=responsible, text=text_filter)
        with self._db.session() as session:
            query: Any = select_open_tasks(Task.party, func.count(), func.sum(sql_overdue(today)))
            query = _apply_filter(query, flt, today).group_by(col(Task.party))
            totals: dict[str, list[int]] = {g.value: [0, 0] for g in PartyGroup}
            for party, total, overdue in session.exec(query).all():
                group = PARTY_GROUP[PartyType(party)].value
                totals[group][0] += int(total or 0)
                totals[group][1] += int(overdue or 0)
        return [GroupCount(group=g, open=t[0], overdue=t[1]) for g, t in totals.items()]

    def responsible_names(self) -> list[str]:
        """Everyone who is responsible for at least one open task, sorted by name."""
        with self._db.session() as session:
            member_names = session.exec(
                select(Member.name)
                .where(
                    col(Member.id).in_(
                        select_open_tasks(Task.responsible_member_id).where(
                            col(Task.responsible_member_id).is_not(None)
                        )
                    )
                )
                .distinct()
            ).all()
            free_names = session.exec(
                select_open_tasks(Task.responsible_person)
                .where(col(Task.responsible_member_id).is_(None), Task.responsible_person != "")
                .distinct()
            ).all()
        names = {n.strip() for n in (*member_names, *free_names) if n and n.strip()}
        return sorted(names, key=str.casefold)

    def task(self, task_id: int, *, today: date | None = None) -> TaskRow:
        """One task, open or closed."""
        today = today or clock.today()
        with self._db.session() as session:
            found = session.exec(
                select(Task, Case.reference, Member.name)
                .join(Case, col(Case.id) == Task.case_id)
                .outerjoin(Member, col(Member.id) == Task.responsible_member_id)
                .where(Task.id == task_id)
            ).first()
            if found is None:
                raise NotFoundError(_("There is no task with id {id}.").format(id=task_id))
            task, reference, name = found
            return _row(task, reference, name, today)

    # -- writing ---------------------------------------------------------------------------------

    def close_task(
        self, task_id: int, status: TaskStatus, outcome: str, meeting_id: int | None = None
    ) -> None:
        """Mark a task done or dropped; both need an outcome (DOMAIN.md §9.6).

        Closing a task that is already closed is refused, so that a second click (or a second
        window) never overwrites the outcome written first.
        """
        if status not in (TaskStatus.DONE, TaskStatus.DROPPED):
            raise ValueError(status)
        cleaned = clean_chars(outcome).strip()
        if not cleaned:
            raise UserError(_("Write what came out of the task before closing it."))
        if len(cleaned) > MAX_OUTCOME_CHARS:
            raise UserError(
                _("The outcome is too long ({count} characters). Keep it under {limit}.").format(
                    count=len(cleaned), limit=MAX_OUTCOME_CHARS
                )
            )
        with self._db.session() as session:
            task = _get(session, task_id)
            if task.status not in OPEN_TASK_STATUSES:
                raise UserError(_("This task is already closed."))
            task.status = status
            task.outcome = cleaned
            task.closed_on = clock.today()
            task.closed_in_meeting_id = meeting_id


def sql_overdue(today: date) -> Any:
    """1 for an overdue open task, else 0 (inside a query that already selects open tasks)."""
    from sqlalchemy import case as sql_case

    return sql_case((col(Task.due) < today, 1), else_=0)


def _apply_filter(query: Any, flt: TaskFilter, today: date) -> Any:
    if flt.case_id is not None:
        query = query.where(Task.case_id == flt.case_id)
    if flt.party_group:
        query = query.where(col(Task.party).in_(parties_of(flt.party_group)))
    if flt.responsible:
        # The member ids of that name first (one small scan), then a check inside the index.
        name = flt.responsible.strip()
        query = query.where(
            or_(
                col(Task.responsible_member_id).in_(select(Member.id).where(Member.name == name)),
                (col(Task.responsible_member_id).is_(None)) & (col(Task.responsible_person) == name),
            )
        )
    if flt.text.strip():
        from desktop.services.search import task_match_clause

        clause = task_match_clause(flt.text)
        # Text without letters or digits (only punctuation) matches nothing.
        query = query.where(text(clause[0]).bindparams(**clause[1]) if clause else sa.false())
    if flt.only_overdue:
        query = query.where(col(Task.due) < today)
    return query


def _window(query: Any, offset: int, limit: int | None) -> Any:
    """OFFSET and LIMIT when given (each dialect spells an offset without a limit its own way)."""
    if offset:
        query = query.offset(offset)
    if limit is not None:
        query = query.limit(limit)
    return query


_ROW_COLUMNS = (
    Task.id,
    Task.case_id,
    Case.reference,
    Task.text,
    Task.party,
    Member.name,
    Task.responsible_person,
    Task.due,
    Task.status,
    Task.meeting_id,
)


def _row_from_columns(r: Any, today: date) -> TaskRow:
    task_id, case_id, reference, task_text, party, member_name, person, due, status, meeting_id = r
    status = TaskStatus(status)
    return TaskRow(
        id=task_id,
        case_id=case_id,
        case_reference=reference,
        text=task_text,
        party=PartyType(party).value,
        party_group=PARTY_GROUP[PartyType(party)].value,
        responsible=member_name or person,
        due=due,
        status=status.value,
        overdue=is_overdue(due, status, today),
        meeting_id=meeting_id,
    )


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
