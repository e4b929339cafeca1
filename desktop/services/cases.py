"""Cases: the list with search and filters, and creating a case."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, col, select

from desktop.db import Database
from desktop.errors import UserError
from desktop.i18n import _
from desktop.models import Case, IndividualPlan, Member, PhaseChange
from desktop.models.enums import (
    OPEN_TASK_STATUSES,
    AuditAction,
    CoordinationHolder,
    GroupRole,
    MeetingStatus,
    PartyType,
    PathwayPhase,
)
from desktop.services.audit import record

MAX_NAME_CHARS = 200
_SQL_DATETIME = "%Y-%m-%d %H:%M:%S.%f"  # how SQLAlchemy stores a DateTime in SQLite
#: Open and overdue tasks per case. ``case_id IN (…)`` makes SQLite seek ix_task_case_status per
#: case and status (30 ms on the large database) instead of scanning all 200 000 tasks (70 ms).
TASK_COUNTS_SQL = (
    'SELECT case_id, count(*), sum(due < ?) FROM task WHERE case_id IN (SELECT id FROM "case")'
    " AND status IN ({}) GROUP BY case_id".format(", ".join("?" * len(OPEN_TASK_STATUSES)))
)


def _sql_datetime(value: datetime) -> str:
    return value.strftime(_SQL_DATETIME)


def _parse_datetime(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None

MAX_REFERENCE_CHARS = 40


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


class CaseService:
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
        """Cases matching ``search`` (name or reference, any letter case, also Æ Ø Å and Sami
        letters), ordered by reference.

        Plain SQL, not ORM statements: this runs at start-up for every case, and compiling the
        ORM statements the first time cost more than running them. The search is matched in Python
        with ``casefold`` because SQLite's ``lower()`` only knows ASCII.
        """
        today = today or date.today()
        midnight = datetime.combine(today, datetime.min.time())
        open_statuses = tuple(s.value for s in OPEN_TASK_STATUSES)
        with self._db.session() as session:
            conn = session.connection()
            cases = conn.exec_driver_sql(
                'SELECT id, reference, display_name, phase FROM "case"'
                + (" WHERE phase = ?" if phase is not None else "")
                + " ORDER BY reference",
                (phase.value,) if phase is not None else (),
            ).all()
            counts: dict[int, tuple[int, int]] = {
                case_id: (open_count, overdue)
                for case_id, open_count, overdue in conn.exec_driver_sql(
                    TASK_COUNTS_SQL, (today.isoformat(), *open_statuses)
                )
            }
            next_meetings = {
                case_id: _parse_datetime(start)
                for case_id, start in conn.exec_driver_sql(
                    "SELECT case_id, min(start) FROM meeting WHERE status IN (?, ?) AND start >= ? GROUP BY case_id",
                    (MeetingStatus.PLANNED.value, MeetingStatus.NOTICE_SENT.value, _sql_datetime(midnight)),
                )
            }
            coordinators = self._coordinators(session)
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
                    overdue_tasks=int(overdue or 0),
                )
            )
        return rows

    @staticmethod
    def _coordinators(session: Session) -> dict[int, tuple[str, set[str]]]:
        """The coordinator who currently holds coordination, per case, and both coordinators' names."""
        result: dict[int, tuple[str, set[str]]] = {}
        rows = session.connection().exec_driver_sql(
            "SELECT c.case_id, c.holder, c.specialist_coordinator_id, c.municipal_coordinator_id, s.name, m.name"
            " FROM coordination c"
            " LEFT JOIN member s ON s.id = c.specialist_coordinator_id"
            " LEFT JOIN member m ON m.id = c.municipal_coordinator_id"
        ).all()
        for case_id, holder, specialist_id, municipal_id, specialist, municipal in rows:
            is_municipal = CoordinationHolder(holder) == CoordinationHolder.MUNICIPALITY
            holder_name = municipal if is_municipal and municipal_id else specialist if specialist_id else municipal
            result[case_id] = (holder_name or "", {name for name in (specialist, municipal) if name})
        return result

    def coordinator_names(self) -> list[str]:
        """Everyone who is a coordinator in some case (for the case-list filter), by name."""
        with self._db.session() as session:
            names = {name for _holder, both in self._coordinators(session).values() for name in both}
        return sorted(names, key=str.casefold)

    def create_case(
        self,
        display_name: str,
        reference: str,
        birth_year: int | None = None,
        phase: PathwayPhase = PathwayPhase.OUTPATIENT,
    ) -> int:
        """A new case with an empty plan and the user as the first group member."""
        name = " ".join(display_name.split())
        ref = reference.strip()
        if not name:
            raise UserError(_("Write the user's name."))
        if not ref:
            raise UserError(_("Write a case reference (not the name)."))
        if len(name) > MAX_NAME_CHARS or len(ref) > MAX_REFERENCE_CHARS:
            raise UserError(_("The name or the case reference is too long."))
        if name.lower() == ref.lower() or name.lower() in ref.lower():
            raise UserError(_("The case reference must not contain the user's name."))
        this_year = date.today().year
        if birth_year is not None and not (this_year - 120 <= birth_year <= this_year):
            raise UserError(_("The birth year {year} is not possible.").format(year=birth_year))
        with self._db.session() as session:
            if session.exec(select(Case.id).where(Case.reference == ref)).first() is not None:
                raise UserError(_("The case reference {reference} is already in use.").format(reference=ref))
            case = Case(reference=ref, display_name=name, birth_year=birth_year, phase=phase)
            session.add(case)
            session.flush()
            assert case.id is not None
            session.add(IndividualPlan(case_id=case.id))
            session.add(PhaseChange(case_id=case.id, phase=phase, changed_on=date.today()))
            session.add(Member(case_id=case.id, name=name, role=GroupRole.USER, party=PartyType.USER))
            record(session, AuditAction.CASE_CREATED, case_id=case.id)
            return case.id

    def has_cases(self) -> bool:
        """Whether the database holds any case (cheap: the welcome page needs only this)."""
        with self._db.session() as session:
            return session.connection().exec_driver_sql('SELECT 1 FROM "case" LIMIT 1').first() is not None

    def next_reference(self, year: int | None = None) -> str:
        """A free reference of the form ``AG-<year>-<number>`` (no personal data)."""
        year = year or date.today().year
        prefix = f"AG-{year}-"
        with self._db.session() as session:
            taken = set(
                session.exec(select(Case.reference).where(col(Case.reference).startswith(prefix))).all()
            )
        number = 1
        while f"{prefix}{number:03d}" in taken:
            number += 1
        return f"{prefix}{number:03d}"
