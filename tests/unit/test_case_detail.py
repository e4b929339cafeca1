"""Loading one case for the case view: everything in one call, and the timeline."""

from __future__ import annotations

import time
from datetime import date, datetime

import pytest

from desktop.db import Database
from desktop.errors import NotFoundError
from desktop.models import MinutesVersion
from desktop.models.enums import ConsentScope, ConsentStatus, PathwayPhase
from desktop.services.case.creation import CaseService
from desktop.services.case.detail import CaseDetailService
from desktop.services.case.facts import CaseFactsService
from tests.conftest import TODAY


def test_demo_case_loads_everything_in_one_call(demo_db: Database) -> None:
    started = time.perf_counter()
    detail = CaseDetailService(demo_db).load(1, today=TODAY)
    assert time.perf_counter() - started < 2.0  # generous: the point is one call, not a benchmark
    assert detail.reference and detail.display_name
    assert detail.plan.overall_goal
    assert detail.plan.goals and all(g.measures for g in detail.plan.goals)
    positions = [g.position for g in detail.plan.goals]
    assert positions == sorted(positions)
    assert detail.members[0].is_user
    assert detail.consents
    assert detail.coordination.specialist_coordinator_id is not None
    assert detail.phases and detail.phases[-1].phase == detail.phase
    assert detail.crisis_plan.warning_signs
    assert detail.meetings
    assert all(t.is_overdue == (t.due is not None and t.due < TODAY) for t in detail.open_tasks)


def test_missing_consent_row_reads_as_not_asked(demo_db: Database) -> None:
    detail = CaseDetailService(demo_db).load(1, today=TODAY)
    member = detail.members[1]
    cell = detail.consent(member.id, ConsentScope.TRANSFER_TO_NEW_COORDINATOR)
    assert cell.status == ConsentStatus.NOT_ASKED
    assert cell.id is None


def test_unknown_case_is_a_clear_error(db: Database) -> None:
    with pytest.raises(NotFoundError):
        CaseDetailService(db).load(999)


def test_timeline_holds_meetings_phases_handover_and_signed_minutes(demo_db: Database) -> None:
    service = CaseDetailService(demo_db)
    detail = service.load(1, today=TODAY)
    held = next(m for m in detail.meetings if m.status.value == "held")
    with demo_db.session() as session:
        session.add(
            MinutesVersion(meeting_id=held.id, case_id=1, version=1, signed_at=datetime(2026, 11, 20, 12, 0))
        )
        session.add(MinutesVersion(meeting_id=held.id, case_id=1, version=2))  # unsigned: not shown
    detail = service.load(1, today=TODAY)
    entries = detail.timeline()
    kinds = {e.kind for e in entries}
    assert kinds == {"meeting", "phase", "handover", "minutes"}
    assert [e.when for e in entries] == sorted(e.when for e in entries)
    minutes = [e for e in entries if e.kind == "minutes"]
    assert len(minutes) == 1 and minutes[0].meeting_id == held.id
    meetings = [e for e in entries if e.kind == "meeting"]
    assert {e.meeting_id for e in meetings} == {m.id for m in detail.meetings}
    assert any(e.is_future for e in meetings) and any(not e.is_future for e in meetings)


def test_new_case_has_an_empty_plan_and_the_user_as_member(db: Database) -> None:
    case_id = CaseService(db).create_case("Áile Ŋáđđá", "AG-T-1")
    detail = CaseDetailService(db).load(case_id)
    assert detail.plan.id and detail.plan.goals == ()
    assert [m.name for m in detail.members] == ["Áile Ŋáđđá"]
    assert detail.bed_agreement.exists is False
    assert detail.timeline()[0].kind == "phase"


def test_phase_change_appears_in_history_and_timeline(db: Database) -> None:
    case_id = CaseService(db).create_case("Ola Test", "AG-T-2")
    CaseFactsService(db).change_phase(case_id, PathwayPhase.INPATIENT, date(2030, 1, 5), "Innlagt")
    detail = CaseDetailService(db).load(case_id)
    assert detail.phase == PathwayPhase.INPATIENT
    assert detail.phases[-1].phase == PathwayPhase.INPATIENT and detail.phases[-1].note == "Innlagt"
    assert any(e.kind == "phase" and e.when == date(2030, 1, 5) for e in detail.timeline())
