"""Coordination, phase, crisis plan, bed agreement and children."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from desktop.db import Database
from desktop.errors import UserError
from desktop.models.enums import CoordinationHolder, PartyType, PathwayPhase
from desktop.services.case.creation import CaseService
from desktop.services.case.detail import CaseDetailService
from desktop.services.case.facts import (
    CaseFactsService,
    ChildInput,
    CoordinationInput,
)
from desktop.services.case.group import GroupService, MemberInput
from desktop.services.case.views import BedAgreementInput, CrisisPlanInput


@pytest.fixture
def case_id(db: Database) -> int:
    return CaseService(db).create_case("Kari Test", "AG-F-1")


def test_coordination_round_trip_and_members_from_other_cases_refused(db: Database, case_id: int) -> None:
    facts = CaseFactsService(db)
    member_id = GroupService(db).add_member(case_id, MemberInput("Hanne K", PartyType.MUNICIPAL_HEALTH_CARE))
    facts.set_coordination(
        case_id,
        CoordinationInput(
            CoordinationHolder.MUNICIPALITY,
            municipal_coordinator_id=member_id,
            handover_date=date(2027, 1, 1),
        ),
    )
    detail = CaseDetailService(db).load(case_id)
    assert detail.coordination.holder == CoordinationHolder.MUNICIPALITY
    assert detail.coordination.municipal_coordinator_id == member_id
    other = CaseService(db).create_case("Per Annen", "AG-F-2")
    stranger = CaseDetailService(db).load(other).members[0].id
    with pytest.raises(UserError):
        facts.set_coordination(
            case_id, CoordinationInput(CoordinationHolder.SPECIALIST, specialist_coordinator_id=stranger)
        )


def test_phase_change_records_history_and_refuses_the_same_phase(db: Database, case_id: int) -> None:
    facts = CaseFactsService(db)
    began = CaseDetailService(db).load(case_id).phases[0].changed_on
    facts.change_phase(case_id, PathwayPhase.CLOSED, began + timedelta(days=6))
    detail = CaseDetailService(db).load(case_id)
    assert [p.phase for p in detail.phases] == [PathwayPhase.OUTPATIENT, PathwayPhase.CLOSED]
    assert detail.phase == PathwayPhase.CLOSED
    with pytest.raises(UserError):
        facts.change_phase(case_id, PathwayPhase.CLOSED)


def test_phase_change_dated_before_the_current_phase_began_is_refused(db: Database, case_id: int) -> None:
    """The history is read in date order; an earlier date would put the new phase first."""
    facts = CaseFactsService(db)
    began = CaseDetailService(db).load(case_id).phases[0].changed_on
    with pytest.raises(UserError, match="kan ikke dateres tidligere"):
        facts.change_phase(case_id, PathwayPhase.INPATIENT, began - timedelta(days=1))
    detail = CaseDetailService(db).load(case_id)
    assert [p.phase for p in detail.phases] == [PathwayPhase.OUTPATIENT]
    assert detail.phase == PathwayPhase.OUTPATIENT
    facts.change_phase(case_id, PathwayPhase.INPATIENT, began)  # the same day is allowed
    assert CaseDetailService(db).load(case_id).phase == PathwayPhase.INPATIENT


def test_crisis_plan_and_bed_agreement(db: Database, case_id: int) -> None:
    facts = CaseFactsService(db)
    facts.set_crisis_plan(
        case_id, CrisisPlanInput("Sover dårlig", "Tur", "Legevakt 116 117", "Ingen"), today=date(2026, 11, 25)
    )
    first = facts.set_bed_agreement(
        case_id, BedAgreementInput("Døgnavdelingen", date(2026, 12, 1), date(2027, 12, 1), normal_stay_days=5)
    )
    second = facts.set_bed_agreement(case_id, BedAgreementInput("Døgnavdelingen", normal_stay_days=3))
    assert first == second  # one current agreement, updated
    detail = CaseDetailService(db).load(case_id)
    assert detail.crisis_plan.contacts == "Legevakt 116 117" and detail.crisis_plan.updated_on == date(
        2026, 11, 25
    )
    assert detail.bed_agreement.normal_stay_days == 3
    with pytest.raises(UserError):
        facts.set_bed_agreement(
            case_id, BedAgreementInput(valid_from=date(2027, 1, 1), available_until=date(2026, 1, 1))
        )
    with pytest.raises(UserError):
        facts.set_bed_agreement(case_id, BedAgreementInput(normal_stay_days=400))
    with pytest.raises(UserError):
        facts.set_pathway_dates(case_id, date(2026, 12, 1), None, date(2026, 11, 1))


def test_children_only_by_age_band(db: Database, case_id: int) -> None:
    facts = CaseFactsService(db)
    child_id = facts.add_child(
        case_id, ChildInput("6–12", date(2026, 11, 1), PartyType.CHILD_WELFARE), today=date(2026, 11, 25)
    )
    with pytest.raises(UserError):
        facts.add_child(case_id, ChildInput("Emma, 7 år"))
    with pytest.raises(UserError):
        facts.add_child(case_id, ChildInput("0–2", informed_on=date(2027, 1, 1)), today=date(2026, 11, 25))
    assert [c.id for c in CaseDetailService(db).load(case_id).children] == [child_id]
    facts.remove_child(child_id)
    assert CaseDetailService(db).load(case_id).children == ()
