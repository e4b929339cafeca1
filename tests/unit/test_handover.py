"""Coordination handover: export -> signed PDF -> import into a second database."""

from __future__ import annotations

import io
import json
from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import col, select

from desktop.db import Database
from desktop.models import Case, Goal, IndividualPlan, Meeting, Member, Note, Task
from desktop.models.enums import OPEN_TASK_STATUSES, PartyType
from desktop.services.handover import (
    SCHEMA_ID,
    SCHEMA_VERSION,
    HandoverError,
    build_handover,
    extract_attachment,
    import_handover,
)
from desktop.services.minutes_versions import MinutesService, SigningKey
from tests.conftest import TODAY
from tests.unit import minutes_fixtures
from tests.unit.minutes_fixtures import SessionKey

demo_template = minutes_fixtures.demo_template
demo_db = minutes_fixtures.demo_db
held_meeting = minutes_fixtures.held_meeting
signing_key = minutes_fixtures.signing_key


@pytest.fixture
def second_db(tmp_path: Path) -> Database:
    db = Database.open(tmp_path / "second.db")
    yield db
    db.dispose()


def _signed(db: Database, meeting_id: int, key: SessionKey) -> bytes:
    return MinutesService(db).export(meeting_id, key=SigningKey(key.path, key.passphrase), today=TODAY).pdf


def test_attachment_is_present_and_versioned(
    demo_db: Database, held_meeting: int, signing_key: SessionKey
) -> None:
    pdf = _signed(demo_db, held_meeting, signing_key)
    raw = extract_attachment(pdf)
    assert raw is not None
    doc = json.loads(raw)
    assert doc["schema"] == SCHEMA_ID and doc["schema_version"] == SCHEMA_VERSION
    assert any(m["is_this_meeting"] for m in doc["meetings"])
    # pypdf sees it as an ordinary attachment too.
    from pypdf import PdfReader

    assert "ansvarsgruppe-handover.json" in PdfReader(io.BytesIO(pdf)).attachments


def test_round_trip_into_a_second_database(
    demo_db: Database, held_meeting: int, signing_key: SessionKey, second_db: Database
) -> None:
    pdf = _signed(demo_db, held_meeting, signing_key)
    result = import_handover(second_db, pdf)
    with demo_db.session() as s:
        meeting = s.get(Meeting, held_meeting)
        assert meeting is not None
        ended = meeting.closed_at or meeting.start + timedelta(minutes=meeting.duration_minutes)
        case_id = meeting.case_id
        source = s.get(Case, case_id)
        assert source is not None
        every_open = s.exec(
            select(Task).where(Task.case_id == case_id, col(Task.status).in_(OPEN_TASK_STATUSES))
        ).all()
        # The minutes of an earlier meeting carry the tasks raised by its end, not later ones.
        open_tasks = [t for t in every_open if t.created_at <= ended]
        assert len(open_tasks) < len(every_open)  # the demo case has later meetings with new tasks
        plan = s.exec(select(IndividualPlan).where(IndividualPlan.case_id == case_id)).one()
        goals = s.exec(select(Goal).where(Goal.plan_id == plan.id)).all()
    with second_db.session() as s:
        case = s.get(Case, result.case_id)
        assert case is not None and case.reference == source.reference
        assert case.display_name == source.display_name
        members = s.exec(select(Member).where(Member.case_id == case.id)).all()
        assert any(m.party == PartyType.USER for m in members)
        tasks = s.exec(select(Task).where(Task.case_id == case.id)).all()
        assert sorted(t.text for t in tasks) == sorted(t.text for t in open_tasks)
        new_plan = s.exec(select(IndividualPlan).where(IndividualPlan.case_id == case.id)).one()
        assert new_plan.overall_goal == plan.overall_goal
        assert len(s.exec(select(Goal).where(Goal.plan_id == new_plan.id)).all()) == len(goals)
        assert len(s.exec(select(Meeting).where(Meeting.case_id == case.id)).all()) == result.meetings >= 1
    # A second import into the same database gets a fresh reference instead of clashing.
    again = import_handover(second_db, pdf)
    assert again.reference != result.reference and again.original_reference == result.reference


def test_private_persons_without_consent_and_internal_notes_are_left_out(
    demo_db: Database, held_meeting: int
) -> None:
    with demo_db.session() as s:
        s.add(Note(meeting_id=held_meeting, text="Intern arbeidsnotat", is_internal=True))
    doc = build_handover(demo_db, held_meeting)
    text = json.dumps(doc, ensure_ascii=False)
    assert "Intern arbeidsnotat" not in text
    with demo_db.session() as s:
        case_id = s.get(Meeting, held_meeting).case_id  # type: ignore[union-attr]
        kin = s.exec(
            select(Member).where(Member.case_id == case_id, Member.party == PartyType.NEXT_OF_KIN)
        ).all()
    included = {m["name"] for m in doc["members"]}
    assert any(k.name not in included for k in kin)  # the one without consent


def test_import_refuses_unsigned_and_tampered_pdfs(
    demo_db: Database, held_meeting: int, signing_key: SessionKey, second_db: Database
) -> None:
    unsigned = MinutesService(demo_db).export(held_meeting, today=TODAY).pdf
    with pytest.raises(HandoverError):
        import_handover(second_db, unsigned)
    signed = bytearray(_signed(demo_db, held_meeting, signing_key))
    signed[len(signed) // 2] ^= 0x01
    with pytest.raises(HandoverError):
        import_handover(second_db, bytes(signed))
    with second_db.session() as s:
        assert s.exec(select(Case)).all() == []


def test_document_matches_the_published_json_schema(demo_db: Database, held_meeting: int) -> None:
    """A light check against docs/handover-schema.json (no jsonschema dependency)."""
    schema = json.loads((Path(__file__).resolve().parents[2] / "docs" / "handover-schema.json").read_text())
    doc = build_handover(demo_db, held_meeting)
    assert set(schema["required"]) <= set(doc)
    assert set(doc) <= set(schema["properties"])
    defs = schema["$defs"]
    for name, items in (
        ("member", doc["members"]),
        ("task", doc["open_tasks"]),
        ("meeting", doc["meetings"]),
    ):
        for item in items:
            assert set(defs[name]["required"]) <= set(item), name
            assert set(item) <= set(defs[name]["properties"]), (
                name,
                set(item) - set(defs[name]["properties"]),
            )
    for goal in doc["plan"]["goals"]:
        assert set(goal) <= set(defs["goal"]["properties"])
