"""Cases: creating a case, and (from :mod:`desktop.services.case.listing`) the list with its filters."""

from __future__ import annotations

from sqlmodel import col, select

from desktop import clock
from desktop.db import Database
from desktop.errors import UserError
from desktop.i18n import _
from desktop.models import Case, IndividualPlan, Member, PhaseChange
from desktop.models.enums import (
    AuditAction,
    GroupRole,
    PartyType,
    PathwayPhase,
)
from desktop.services.audit import record
from desktop.services.case.listing import CaseList
from desktop.services.case.validation import clean_chars

MAX_NAME_CHARS = 200
MAX_REFERENCE_CHARS = 40


class CaseService(CaseList):
    """The case list (:class:`CaseList`) and creating a case."""

    def __init__(self, db: Database) -> None:
        super().__init__(db)

    def create_case(
        self,
        display_name: str,
        reference: str,
        birth_year: int | None = None,
        phase: PathwayPhase = PathwayPhase.OUTPATIENT,
    ) -> int:
        """A new case with an empty plan and the user as the first group member."""
        name = " ".join(clean_chars(display_name).split())
        ref = clean_chars(reference).strip()
        if not name:
            raise UserError(_("Write the user's name."))
        if not ref:
            raise UserError(_("Write a case reference (not the name)."))
        if len(name) > MAX_NAME_CHARS or len(ref) > MAX_REFERENCE_CHARS:
            raise UserError(_("The name or the case reference is too long."))
        if name.lower() == ref.lower() or name.lower() in ref.lower():
            raise UserError(_("The case reference must not contain the user's name."))
        this_year = clock.today().year
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
            session.add(PhaseChange(case_id=case.id, phase=phase, changed_on=clock.today()))
            session.add(Member(case_id=case.id, name=name, role=GroupRole.USER, party=PartyType.USER))
            record(session, AuditAction.CASE_CREATED, case_id=case.id)
            return case.id

    def next_reference(self, year: int | None = None) -> str:
        """A free reference of the form ``AG-<year>-<number>`` (no personal data)."""
        year = year or clock.today().year
        prefix = f"AG-{year}-"
        with self._db.session() as session:
            taken = set(
                session.exec(select(Case.reference).where(col(Case.reference).startswith(prefix))).all()
            )
        number = 1
        while f"{prefix}{number:03d}" in taken:
            number += 1
        return f"{prefix}{number:03d}"
