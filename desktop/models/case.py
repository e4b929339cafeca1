"""The case: one user (bruker) and the responsibility group's shared facts about their pathway."""

from __future__ import annotations

from datetime import date

from pydantic import NaiveDatetime
from sqlmodel import Field

from desktop.models.base import Table, enum_field, now, text_field
from desktop.models.enums import CoordinationHolder, PartyType, PathwayPhase


class Case(Table, table=True):
    """One person and their responsibility group (ansvarsgruppe).

    ``reference`` is what appears in file names, headers and logs; it must never be the name.
    A case with signed minutes is never deleted: it is closed, and purged after its retention
    period (database triggers refuse anything else, migration 0008).
    """

    __tablename__ = "case"

    id: int | None = Field(default=None, primary_key=True)
    reference: str = Field(max_length=40, unique=True, index=True)
    display_name: str = Field(max_length=200)
    birth_year: int | None = None
    phase: PathwayPhase = enum_field(PathwayPhase, PathwayPhase.OUTPATIENT, index=True)
    main_pathway: int | None = None  # hovedforløp 1-3, optional
    admission_date: date | None = None
    planned_discharge_date: date | None = None
    discharge_date: date | None = None
    interpreter_language: str = Field(default="", max_length=60)
    created_at: NaiveDatetime = Field(default_factory=now)
    closed_on: date | None = None
    closed_reason: str = text_field()
    # The day the case's content was destroyed after its retention period (``services/records.py``).
    # The row stays as a tombstone without content, so that its audit trail can still be found.
    purged_on: date | None = None


class PhaseChange(Table, table=True):
    """Phase history: every change of pathway phase, with its date."""

    __tablename__ = "phase_change"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", index=True, ondelete="CASCADE")
    phase: PathwayPhase = enum_field(PathwayPhase)
    changed_on: date
    note: str = text_field()


class Coordination(Table, table=True):
    """Koordineringsansvar: who holds coordination, the two coordinator slots, and the handover date.

    The specialist service leads while the user is in specialist treatment; the municipality
    takes over on an explicit date (DOMAIN.md §2).
    """

    __tablename__ = "coordination"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", unique=True, ondelete="CASCADE")
    holder: CoordinationHolder = enum_field(CoordinationHolder, CoordinationHolder.SPECIALIST)
    specialist_coordinator_id: int | None = Field(default=None, foreign_key="member.id", ondelete="SET NULL")
    municipal_coordinator_id: int | None = Field(default=None, foreign_key="member.id", ondelete="SET NULL")
    handover_date: date | None = None
    note: str = text_field()


class CrisisPlan(Table, table=True):
    """Krise- og mestringsplan: what the user does in a crisis and whom they contact."""

    __tablename__ = "crisis_plan"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", unique=True, ondelete="CASCADE")
    warning_signs: str = text_field()
    what_helps: str = text_field()
    contacts: str = text_field()
    risk_to_others: str = text_field()
    updated_on: date | None = None


class BedAgreement(Table, table=True):
    """Avtale om brukerstyrt seng: the five points the agreement must state (DOMAIN.md §3.6)."""

    __tablename__ = "bed_agreement"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", index=True, ondelete="CASCADE")
    institution: str = Field(default="", max_length=200)
    valid_from: date | None = None
    available_until: date | None = None
    contact_point: str = text_field()
    contact_phone: str = Field(default="", max_length=40)
    normal_stay_days: int | None = None
    content: str = text_field()
    municipal_cooperation: str = text_field()
    trigger_conditions: str = text_field()
    compensating_measures: str = text_field()


class BedStay(Table, table=True):
    """One use of the user-controlled bed; a stay usually triggers an extra meeting."""

    __tablename__ = "bed_stay"

    id: int | None = Field(default=None, primary_key=True)
    agreement_id: int = Field(foreign_key="bed_agreement.id", index=True, ondelete="CASCADE")
    admitted_on: date
    discharged_on: date | None = None


class ChildRecord(Table, table=True):
    """Children as next of kin: never participants; only that they exist and are followed up (R5)."""

    __tablename__ = "child_record"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", index=True, ondelete="CASCADE")
    age_band: str = Field(default="", max_length=20)
    informed_on: date | None = None
    follow_up_by: PartyType | None = enum_field(PartyType, None, nullable=True)
    lives_with_user: bool = False
