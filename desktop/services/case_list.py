"""The case list behind the first screen, in plain SQL: no SQLAlchemy, no ORM.

The main window shows this list before SQLAlchemy and the tables are imported (about 0.4 s of
start-up); creating and editing cases lives in :mod:`desktop.services.cases`. The search is
matched in Python with ``casefold`` because SQLite's ``lower()`` only knows ASCII (Æ, Ø, Å and the
Sami letters would not match in another case).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from desktop import clock
from desktop.db import Database
from desktop.models.enums import OPEN_TASK_STATUSES, CoordinationHolder, MeetingStatus, PathwayPhase

_SQL_DATETIME = "%Y-%m-%d %H:%M:%S.%f"  # how SQLAlchemy stores a DateTime in SQLite
#: Open and overdue tasks per case. ``case_id IN (…)`` makes SQLite seek ix_task_case_status per
#: case and status (30 ms on the large database) instead of scanning all 200 000 tasks (70 ms).
TASK_COUNTS_SQL = (
    'SELECT case_id, count(*), sum(due < ?) FROM task WHERE case_id IN (SELECT id FROM "case")'
    " AND status IN ({}) GROUP BY case_id".format(", ".join("?" * len(OPEN_TASK_STATUSES)))
)
_NEXT_MEETING_SQL = "SELECT case_id, min(start) FROM meeting WHERE status IN (?, ?) AND start >= ? GROUP BY case_id"
_COORDINATORS_SQL = (
    "SELECT c.case_id, c.holder, c.specialist_coordinator_id, c.municipal_coordinator_id, s.name, m.name"
    " FROM coordination c"
    " LEFT JOIN member s ON s.id = c.specialist_coordinator_id"
    " LEFT JOIN member m ON m.id = c.municipal_coordinator_id"
)


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
        read = self._db.read
        cases = read(
            'SELECT id, reference, display_name, phase FROM "case"'
            + (" WHERE phase = ?" if phase is not None else "")
            + " ORDER BY reference",
            (phase.value,) if phase is not None else (),
        )
        open_statuses = tuple(s.value for s in OPEN_TASK_STATUSES)
        counts = {
            case_id: (open_count, int(overdue or 0))
            for case_id, open_count, overdue in read(TASK_COUNTS_SQL, (today.isoformat(), *open_statuses))
        }
        planned = (MeetingStatus.PLANNED.value, MeetingStatus.NOTICE_SENT.value)
        next_meetings = {
            case_id: datetime.fromisoformat(start)
            for case_id, start in read(_NEXT_MEETING_SQL, (*planned, midnight.strftime(_SQL_DATETIME)))
            if start
        }
        coordinators = self._coordinators()
        needle = search.strip().casefold()
        rows: list[CaseRow] = []
        for case_id, reference, display_name, case_phase in cases:
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
                    phase=case_phase,
                    coordinator=holder_name,
                    next_meeting=next_meetings.get(case_id),
                    open_tasks=open_tasks,
                    overdue_tasks=overdue,
                )
            )
        return rows

    def _coordinators(self) -> dict[int, tuple[str, set[str]]]:
        """The coordinator who currently holds coordination, per case, and both coordinators' names."""
        result: dict[int, tuple[str, set[str]]] = {}
        for case_id, holder, specialist_id, municipal_id, specialist, municipal in self._db.read(_COORDINATORS_SQL):
            is_municipal = CoordinationHolder(holder) == CoordinationHolder.MUNICIPALITY
            holder_name = municipal if is_municipal and municipal_id else specialist if specialist_id else municipal
            result[case_id] = (holder_name or "", {name for name in (specialist, municipal) if name})
        return result

    def coordinator_names(self) -> list[str]:
        """Everyone who is a coordinator in some case (for the case-list filter), by name."""
        names = {name for _holder, both in self._coordinators().values() for name in both}
        return sorted(names, key=str.casefold)

    def has_cases(self) -> bool:
        """Whether the database holds any case (the welcome page needs only this)."""
        return bool(self._db.read('SELECT 1 FROM "case" LIMIT 1'))
