"""The case list behind the first screen: the rows with search and filters, coordinators, "any cases?".

Creating and editing cases lives in :mod:`desktop.services.case.creation`. The search is matched in Python
with ``casefold`` because SQLite's ``lower()`` only knows ASCII (Æ, Ø, Å and the Sami letters
would not match in another case).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, func, select

from desktop import clock
from desktop.db import Database
from desktop.models import Case, Coordination, Meeting, Member, Task
from desktop.models.enums import CoordinationHolder, MeetingStatus, PathwayPhase
from desktop.services.tasks.queries import select_open_tasks


@dataclass(frozen=True)
class CaseRow:
    id: int
    reference: str
    display_name: str
    phase: str
    coordinator: str
    next_meeting: datetime | None
    open_tasks: int
    overdue_tasks: int


def task_counts_query(today: date) -> Any:
    """(case_id, open, overdue) per case with open tasks.

    ``case_id IN (SELECT id FROM case)`` makes SQLite seek ix_task_case_status per case and
    status instead of scanning all 200 000 tasks.
    """
    overdue = sa.case((col(Task.due) < today, 1), else_=0)
    return (
        select_open_tasks(Task.case_id, func.count(), func.sum(overdue))
        .where(col(Task.case_id).in_(select(Case.id)))
        .group_by(col(Task.case_id))
    )


class CaseList:
    """Reads for the case list: the rows with search and filters, coordinators, "any cases?"."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def list_cases(
        self,
        search: str = "",
        *,
        phase: PathwayPhase | None = None,
        coordinator_name: str | None = None,
        only_overdue: bool = False,
        today: date | None = None,
    ) -> list[CaseRow]:
        """Cases matching ``search`` (name or reference, in any letter case), ordered by reference."""
        today = today or clock.today()
        midnight = datetime.combine(today, datetime.min.time())
        query = (
            select(Case.id, Case.reference, Case.display_name, Case.phase)
            .where(col(Case.purged_on).is_(None))  # a purged case is a tombstone for the audit log only
            .order_by(col(Case.reference))
        )
        if phase is not None:
            query = query.where(Case.phase == phase)
        planned = (MeetingStatus.PLANNED, MeetingStatus.NOTICE_SENT)
        next_meeting_query = (
            select(Meeting.case_id, func.min(Meeting.start))
            .where(col(Meeting.status).in_(planned), col(Meeting.start) >= midnight)
            .group_by(col(Meeting.case_id))
        )
        with self._db.session() as session:
            cases = session.exec(query).all()
            counts = {
                case_id: (open_count, int(overdue or 0))
                for case_id, open_count, overdue in session.exec(task_counts_query(today)).all()
            }
            next_meetings = {
                case_id: start for case_id, start in session.exec(next_meeting_query).all() if start
            }
            coordinators = _coordinators(session)
        needle = search.strip().casefold()
        rows: list[CaseRow] = []
        for case_id, reference, display_name, case_phase in cases:
            assert case_id is not None  # a primary key read from the table
            if needle and needle not in display_name.casefold() and needle not in reference.casefold():
                continue
            holder_name, names = coordinators.get(case_id, ("", set()))
            if coordinator_name is not None and coordinator_name not in names:
                continue
            open_tasks, overdue = counts.get(case_id, (0, 0))
            if only_overdue and not overdue:
                continue
            rows.append(
                CaseRow(
                    id=case_id,
                    reference=reference,
                    display_name=display_name,
                    phase=PathwayPhase(case_phase).value,
                    coordinator=holder_name,
                    next_meeting=next_meetings.get(case_id),
                    open_tasks=open_tasks,
                    overdue_tasks=overdue,
                )
            )
        return rows

    def coordinator_names(self) -> list[str]:
        """Everyone who is a coordinator in some case (for the case-list filter), by name."""
        with self._db.session() as session:
            coordinators = _coordinators(session)
        names = {name for _holder, both in coordinators.values() for name in both}
        return sorted(names, key=str.casefold)

    def has_cases(self) -> bool:
        """Whether the database holds any case (the welcome page needs only this)."""
        with self._db.session() as session:
            return (
                session.exec(select(Case.id).where(col(Case.purged_on).is_(None)).limit(1)).first()
                is not None
            )


def _coordinators(session: Session) -> dict[int, tuple[str, set[str]]]:
    """The coordinator who currently holds coordination, per case, and both coordinators' names."""
    specialist, municipal = aliased(Member), aliased(Member)
    query = (
        select(  # type: ignore[call-overload]  # sqlmodel types select() for at most 4 columns
            Coordination.case_id,
            Coordination.holder,
            Coordination.specialist_coordinator_id,
            Coordination.municipal_coordinator_id,
            specialist.name,
            municipal.name,
        )
        .outerjoin(specialist, col(specialist.id) == Coordination.specialist_coordinator_id)
        .outerjoin(municipal, col(municipal.id) == Coordination.municipal_coordinator_id)
    )
    result: dict[int, tuple[str, set[str]]] = {}
    for case_id, holder, specialist_id, municipal_id, specialist_name, municipal_name in session.exec(
        query
    ).all():
        is_municipal = CoordinationHolder(holder) == CoordinationHolder.MUNICIPALITY
        holder_name = (
            municipal_name
            if is_municipal and municipal_id
            else specialist_name
            if specialist_id
            else municipal_name
        )
        result[case_id] = (holder_name or "", {name for name in (specialist_name, municipal_name) if name})
    return result
