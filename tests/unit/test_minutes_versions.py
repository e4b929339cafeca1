"""Versions: drafts are replaced, signed versions are immutable, corrections chain their hashes."""

from __future__ import annotations

import hashlib

import pytest

from desktop.db import Database
from desktop.errors import UserError
from desktop.models import Meeting, MinutesVersion
from desktop.models.enums import MeetingStatus
from desktop.services.minutes.files import minutes_file_name
from desktop.services.minutes.versions import MinutesService, SigningKey
from tests.conftest import TODAY
from tests.pdf_text import pdf_text
from tests.unit import minutes_fixtures
from tests.unit.minutes_fixtures import SessionKey, held_meeting_ids, planned_meeting_id

demo_template = minutes_fixtures.demo_template
demo_db = minutes_fixtures.demo_db
signing_key = minutes_fixtures.signing_key


def test_planned_meeting_is_refused_with_a_clear_message(demo_db: Database) -> None:
    with pytest.raises(UserError, match="holdt"):
        MinutesService(demo_db).export(planned_meeting_id(demo_db), today=TODAY)


def test_drafts_are_replaced_and_signing_sets_the_meeting_signed(
    demo_db: Database, signing_key: SessionKey
) -> None:
    service = MinutesService(demo_db)
    meeting_id = held_meeting_ids(demo_db)[0]
    service.export(meeting_id, today=TODAY)
    service.export(meeting_id, today=TODAY)
    (draft,) = service.versions(meeting_id)
    assert draft.version == 1 and not draft.is_signed
    signed = service.export(meeting_id, key=SigningKey(signing_key.path, signing_key.passphrase), today=TODAY)
    (only,) = service.versions(meeting_id)
    assert only.is_signed and only.version == 1 and only.signer == "Ingrid Solberg"
    assert only.sha256 == hashlib.sha256(signed.pdf).hexdigest()
    assert service.pdf_bytes(only.id) == signed.pdf
    with demo_db.session() as s:
        meeting = s.get(Meeting, meeting_id)
        assert meeting is not None and meeting.status == MeetingStatus.SIGNED


def test_correction_is_a_new_version_chained_to_the_previous(
    demo_db: Database, signing_key: SessionKey
) -> None:
    service = MinutesService(demo_db)
    key = SigningKey(signing_key.path, signing_key.passphrase)
    first_id, second_id = held_meeting_ids(demo_db)[:2]
    with demo_db.session() as s:
        same_case = s.get(Meeting, first_id).case_id == s.get(Meeting, second_id).case_id  # type: ignore[union-attr]
    v1 = service.export(first_id, key=key, today=TODAY)
    _correct_a_note(demo_db, first_id)
    # a correction of a signed version, which says why (issue 19)
    v2 = service.export(first_id, key=key, today=TODAY, reason="Feil dato for neste møte")
    assert v2.version.version == 2 and v2.version.replaces_id == v1.version.id
    assert v2.version.previous_sha256 == v1.version.sha256
    text = pdf_text(v2.pdf)
    assert "erstatter versjon 1" in text
    assert "Feil dato for neste møte" in text
    assert v1.version.sha256[:8] in text
    assert v2.version.file_name.endswith("-v2.pdf")
    if same_case:
        v3 = service.export(second_id, key=key, today=TODAY)
        assert v3.version.previous_sha256 == v2.version.sha256
    assert service.verify_chain(v1.version.case_id)
    # The first signed version is untouched and can still be opened.
    assert hashlib.sha256(service.pdf_bytes(v1.version.id)).hexdigest() == v1.version.sha256


def _correct_a_note(db: Database, meeting_id: int) -> None:
    """Change what the minutes say (a correction), as the review screen does."""
    from sqlmodel import select

    from desktop.models import AgendaItem, Note

    with db.session() as s:
        item = s.exec(select(AgendaItem.id).where(AgendaItem.meeting_id == meeting_id)).first()
        s.add(Note(meeting_id=meeting_id, agenda_item_id=item, text="Rettelse: neste møte er 10. desember."))


def test_signed_versions_cannot_be_changed(demo_db: Database, signing_key: SessionKey) -> None:
    service = MinutesService(demo_db)
    meeting_id = held_meeting_ids(demo_db)[0]
    v1 = service.export(meeting_id, key=SigningKey(signing_key.path, signing_key.passphrase), today=TODAY)
    with pytest.raises(UserError), demo_db.session() as s:
        row = s.get(MinutesVersion, v1.version.id)
        assert row is not None
        row.pdf = b"%PDF-fake"
        s.add(row)
    assert service.pdf_bytes(v1.version.id) == v1.pdf
    assert service.verify_chain(v1.version.case_id)


def test_file_names_hold_the_reference_never_a_name(demo_db: Database) -> None:
    result = MinutesService(demo_db).export(held_meeting_ids(demo_db)[0], today=TODAY)
    name = result.version.file_name
    assert name.startswith("referat-AG-") and name.endswith("-v1.pdf")
    assert "Nordmann" not in name and "Kari" not in name
    assert minutes_file_name("AG/2026 ø 01", TODAY, 3) == "referat-AG-2026-01-2026-11-25-v3.pdf"


def test_missing_output_folder_stores_nothing(demo_db: Database, tmp_path) -> None:  # type: ignore[no-untyped-def]
    service = MinutesService(demo_db)
    meeting_id = held_meeting_ids(demo_db)[0]
    with pytest.raises(UserError, match="finnes ikke"):
        service.export(meeting_id, out=tmp_path / "no-such-folder" / "r.pdf", today=TODAY)
    assert service.versions(meeting_id) == []
