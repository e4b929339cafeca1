"""The group's shared facts about the pathway: coordination, phase, crisis plan, bed agreement, children.

Changing the phase always writes a :class:`PhaseChange` row, so the case keeps its history
(DOMAIN.md §3). Children are recorded without names: only an age band, when they were informed
and who follows them up (R5).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from desktop import clock
from desktop.db import Database
from desktop.errors import NotFoundError, UserError
from desktop.i18n import _, format_date
from desktop.models import BedAgreement, Case, ChildRecord, Coordination, CrisisPlan, Member, PhaseChange
from desktop.models.enums import CoordinationHolder, PartyType, PathwayPhase
from desktop.services.case.validation import check_date, check_order, clean_line, clean_text
from desktop.services.case.views import BedAgreementInput, CrisisPlanInput

#: Age bands offered for children as next of kin; free text is refused so no name can slip in.
AGE_BANDS: tuple[str, ...] = ("0–2", "3–5", "6–12", "13–17", "18+")
MAX_STAY_DAYS = 60


@dataclass(frozen=True)
class CoordinationInput:
    holder: CoordinationHolder
    specialist_coordinator_id: int | None = None
    municipal_coordinator_id: int | None = None
    handover_date: date | None = None
    note: str = ""


@dataclass(frozen=True)
class ChildInput:
    age_band: str
    informed_on: date | None = None
    follow_up_by: PartyType | None = None
    lives_with_user: bool = False


class CaseFactsService:
    """Writes the case's shared facts; every method opens and commits its own session."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def set_coordination(self, case_id: int, value: CoordinationInput) -> None:
        check_date(value.handover_date, _("Handover date"))
        note = clean_text(value.note, _("Note"))
        with self._db.session() as session:
            self._case(session, case_id)
            for member_id in (value.specialist_coordinator_id, value.municipal_coordinator_id):
                if member_id is not None:
                    member = session.get(Member, member_id)
                    if member is None or member.case_id != case_id:
                        raise UserError(_("The coordinator must be a member of this group."))
            row = session.exec(select(Coordination).where(Coordination.case_id == case_id)).first()
            row = row or Coordination(case_id=case_id)
            row.holder = value.holder
            row.specialist_coordinator_id = value.specialist_coordinator_id
            row.municipal_coordinator_id = value.municipal_coordinator_id
            row.handover_date = value.handover_date
            row.note = note
            session.add(row)

    def change_phase(self, case_id: int, phase: PathwayPhase, on: date | None = None, note: str = "") -> int:
        """Move the case to ``phase`` and record the change; returns the PhaseChange id."""
        when = check_date(on, _("Date")) or clock.today()
        text = clean_text(note, _("Note"))
        with self._db.session() as session:
            case = self._case(session, case_id)
            if case.phase == phase:
                raise UserError(_("The case is already in this phase."))
            began = _current_phase_began(session, case_id)
            if began is not None and when < began:
                # The history is read in date order: an earlier date would put the new phase
                # before the one it replaces, and the case would show the wrong current phase.
                raise UserError(
                    _("The current phase began on {date}; a change of phase cannot be dated earlier.").format(
                        date=format_date(began)
                    )
                )
            case.phase = phase
            if phase == PathwayPhase.CLOSED:
                case.closed_on = when
            elif case.closed_on is not None:
                case.closed_on = None
            session.add(case)
            change = PhaseChange(case_id=case_id, phase=phase, changed_on=when, note=text)
            session.add(change)
            session.flush()
            assert change.id is not None
            return change.id

    def set_pathway_dates(
        self,
        case_id: int,
        admission: date | None,
        planned_discharge: date | None,
        discharge: date | None,
    ) -> None:
        """Admission and discharge dates; a discharge cannot come before the admission."""
        admitted, planned, discharged = _("Admission"), _("Planned discharge"), _("Discharge")
        for value, name in ((admission, admitted), (planned_discharge, planned), (discharge, discharged)):
            check_date(value, name)
        check_order(admission, planned_discharge, admitted, planned)
        check_order(admission, discharge, admitted, discharged)
        with self._db.session() as session:
            case = self._case(session, case_id)
            case.admission_date = admission
            case.planned_discharge_date = planned_discharge
            case.discharge_date = discharge
            session.add(case)

    def set_crisis_plan(self, case_id: int, value: CrisisPlanInput, *, today: date | None = None) -> None:
        fields = {
            "warning_signs": clean_text(value.warning_signs, _("Warning signs")),
            "what_helps": clean_text(value.what_helps, _("What helps")),
            "contacts": clean_text(value.contacts, _("Whom to contact")),
            "risk_to_others": clean_text(value.risk_to_others, _("Risk to others, children and next of kin")),
        }
        with self._db.session() as session:
            self._case(session, case_id)
            row = session.exec(select(CrisisPlan).where(CrisisPlan.case_id == case_id)).first()
            row = row or CrisisPlan(case_id=case_id)
            for name, text in fields.items():
                setattr(row, name, text)
            row.updated_on = today or clock.today()
            session.add(row)

    def set_bed_agreement(self, case_id: int, value: BedAgreementInput) -> int:
        """Create or update the case's current bed agreement; returns its id."""
        valid_from, until = _("Valid from"), _("Available until")
        check_date(value.valid_from, valid_from)
        check_date(value.available_until, until)
        check_order(value.valid_from, value.available_until, valid_from, until)
        days = value.normal_stay_days
        if days is not None and not (1 <= days <= MAX_STAY_DAYS):
            raise UserError(_("A normal stay must be between 1 and {days} days.").format(days=MAX_STAY_DAYS))
        fields: dict[str, object] = {
            "institution": clean_line(value.institution, _("Place")),
            "valid_from": value.valid_from,
            "available_until": value.available_until,
            "contact_point": clean_text(value.contact_point, _("Where to call")),
            "contact_phone": clean_line(value.contact_phone, _("Phone"), max_chars=40),
            "normal_stay_days": days,
            "content": clean_text(value.content, _("What the stay contains")),
            "municipal_cooperation": clean_text(
                value.municipal_cooperation, _("Cooperation with the municipality")
            ),
            "trigger_conditions": clean_text(value.trigger_conditions, _("When to use it")),
            "compensating_measures": clean_text(value.compensating_measures, _("If no bed is free")),
        }
        with self._db.session() as session:
            self._case(session, case_id)
            row = session.exec(
                select(BedAgreement)
                .where(BedAgreement.case_id == case_id)
                .order_by(col(BedAgreement.id).desc())
            ).first()
            row = row or BedAgreement(case_id=case_id)
            for name, field_value in fields.items():
                setattr(row, name, field_value)
            session.add(row)
            session.flush()
            assert row.id is not None
            return row.id

    def add_child(self, case_id: int, child: ChildInput, *, today: date | None = None) -> int:
        values = self._check_child(child, today or clock.today())
        with self._db.session() as session:
            self._case(session, case_id)
            row = ChildRecord(case_id=case_id, **values)
            session.add(row)
            session.flush()
            assert row.id is not None
            return row.id

    def update_child(self, child_id: int, child: ChildInput, *, today: date | None = None) -> None:
        values = self._check_child(child, today or clock.today())
        with self._db.session() as session:
            row = session.get(ChildRecord, child_id)
            if row is None:
                raise NotFoundError(_("The child record no longer exists."))
            for name, value in values.items():
                setattr(row, name, value)
            session.add(row)

    def remove_child(self, child_id: int) -> None:
        with self._db.session() as session:
            row = session.get(ChildRecord, child_id)
            if row is None:
                raise NotFoundError(_("The child record no longer exists."))
            session.delete(row)

    # -- helpers ---------------------------------------------------------------------------------

    @staticmethod
    def _check_child(child: ChildInput, today: date) -> dict[str, Any]:
        if child.age_band not in AGE_BANDS:
            raise UserError(_("Choose an age band."))
        check_date(child.informed_on, _("Informed on"))
        if child.informed_on is not None and child.informed_on > today:
            raise UserError(_("«Informed on» cannot be in the future."))
        return {
            "age_band": child.age_band,
            "informed_on": child.informed_on,
            "follow_up_by": child.follow_up_by,
            "lives_with_user": child.lives_with_user,
        }

    @staticmethod
    def _case(session: Session, case_id: int) -> Case:
        case = session.get(Case, case_id)
        if case is None:
            raise NotFoundError(_("Case {id} does not exist.").format(id=case_id))
        return case


def _current_phase_began(session: Session, case_id: int) -> date | None:
    """The date of the case's latest phase change (its current phase), or None without history."""
    statement = (
        select(col(PhaseChange.changed_on))
        .where(PhaseChange.case_id == case_id)
        .order_by(col(PhaseChange.changed_on).desc())
        .limit(1)
    )
    return session.exec(statement).first()
