"""Cases: the list with search and filters, and creating a case."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from desktop.db import Database
from desktop.errors import UserError
from desktop.i18n import _
from desktop.models import Case, Coordination, IndividualPlan, Meeting, Member, PhaseChange, Task
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
        """Cases matching ``search`` (name or reference, case-insensitive), newest activity first."""
        today = today or date.today()
        with self._db.session() as session:
            query = select(Case.id, Case.reference, Case.display_name, Case.phase).order_by(
                col(Case.reference)
            )
            if search.strip():
                needle = f"%{search.strip().lower()}%"
                query = query.where(
                    func.lower(Case.display_name).like(needle) | func.lower(Case.reference).like(needle)
                )
            if phase is not None:
                query = query.where(Case.phase == phase)
            cases = session.exec(query).all()
            ids = [c.id for c in cases]
            open_counts = dict(
                session.exec(
                    select(Task.case_id, func.count())
                    .where(col(Task.case_id).in_(ids), col(Task.status).in_(OPEN_TASK_STATUSES))
                    .group_by(col(Task.case_id))
                ).all()
            )
            overdue_counts = dict(
                session.exec(
                    select(Task.case_id, func.count())
                    .where(
                        col(Task.case_id).in_(ids),
                        col(Task.status).in_(OPEN_TASK_STATUSES),
                        col(Task.due) < today,
                    )
                    .group_by(col(Task.case_id))
                ).all()
            )
            next_meetings = dict(
                session.exec(
                    select(Meeting.case_id, func.min(Meeting.start))
                    .where(
                        col(Meeting.case_id).in_(ids),
                        col(Meeting.status).in_([MeetingStatus.PLANNED, MeetingStatus.NOTICE_SENT]),
                        col(Meeting.start) >= datetime.combine(today, datetime.min.time()),
                    )
                    .group_by(col(Meeting.case_id))
                ).all()
            )
            coordinators = self._coordinators(session, ids)
            rows: list[CaseRow] = []
            for case in cases:
                assert case.id is not None
                holder_name, names = coordinators.get(case.id, ("", set()))
                if coordinator_name is not None and coordinator_name not in names:
                    continue
                overdue = overdue_counts.get(case.id, 0)
                if only_overdue and not overdue:
                    continue
                rows.append(
                    CaseRow(
                        id=case.id,
                        reference=case.reference,
                        display_name=case.display_name,
                        phase=case.phase.value,
                        coordinator=holder_name,
                        next_meeting=next_meetings.get(case.id),
                        open_tasks=open_counts.get(case.id, 0),
                        overdue_tasks=overdue,
                    )
                )
            return rows

    @staticmethod
    def _coordinators(session: Session, case_ids: list[int | None]) -> dict[int, tuple[str, set[str]]]:
        """The coordinator who currently holds coordination, per case, and both coordinators' names.

        Plain columns, not ORM objects: the case list is built at start-up for every case.
        """
        result: dict[int, tuple[str, set[str]]] = {}
        rows = session.exec(
            select(
                Coordination.case_id,
                Coordination.holder,
                Coordination.specialist_coordinator_id,
                Coordination.municipal_coordinator_id,
            ).where(col(Coordination.case_id).in_(case_ids))
        ).all()
        member_ids = {m for r in rows for m in (r[2], r[3]) if m}
        names = dict(session.exec(select(Member.id, Member.name).where(col(Member.id).in_(member_ids))).all())
        for case_id, holder, specialist_id, municipal_id in rows:
            is_municipal = CoordinationHolder(holder) == CoordinationHolder.MUNICIPALITY
            holder_id = municipal_id if is_municipal and municipal_id else specialist_id or municipal_id
            both = {names[m] for m in (specialist_id, municipal_id) if m in names}
            result[case_id] = (names.get(holder_id, "") if holder_id else "", both)
        return result

    def coordinator_names(self) -> list[str]:
        """Everyone who is a coordinator in some case (for the case-list filter), by name."""
        with self._db.session() as session:
            rows = session.exec(
                select(Coordination.specialist_coordinator_id, Coordination.municipal_coordinator_id)
            ).all()
            ids = {m for r in rows for m in r if m}
            return sorted(set(session.exec(select(Member.name).where(col(Member.id).in_(ids))).all()))

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
            return session.exec(select(Case.id).limit(1)).first() is not None

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
