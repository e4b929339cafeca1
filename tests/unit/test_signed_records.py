"""Issue 19: signed minutes cannot change, whatever writes to the file (triggers of migration 0008)."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from sqlmodel import select

from desktop.db import Database, _alembic_config, make_engine, migrate_to_head
from desktop.errors import ImmutableVersionError, RecordsKeptError
from desktop.models import Case, Meeting, MinutesVersion
from desktop.services.minutes.versions import ExportResult, MinutesService, SigningKey
from tests.conftest import TODAY
from tests.unit import minutes_fixtures
from tests.unit.minutes_fixtures import SessionKey, held_meeting_ids

demo_template = minutes_fixtures.demo_template
demo_db = minutes_fixtures.demo_db
signing_key = minutes_fixtures.signing_key

TRIGGERS = {
    "minutes_version_signed_no_update",
    "minutes_version_signed_no_delete",
    "case_with_records_no_delete",
    "case_purge_is_final",
}


def _triggers(path: Path, passphrase: str | None = None) -> set[str]:
    from desktop.db import connect_raw

    conn = connect_raw(path, passphrase=passphrase)
    try:
        return {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    finally:
        conn.close()


@pytest.fixture
def signed(demo_db: Database, signing_key: SessionKey) -> ExportResult:
    key = SigningKey(signing_key.path, signing_key.passphrase)
    return MinutesService(demo_db).export(held_meeting_ids(demo_db)[0], key=key, today=TODAY)


@pytest.fixture
def raw(demo_db: Database) -> Iterator[sqlite3.Connection]:
    conn = sqlite3.connect(demo_db.path)
    conn.execute("PRAGMA foreign_keys=ON")
    yield conn
    conn.close()


def _unchanged(db: Database, result: ExportResult) -> None:
    service = MinutesService(db)
    assert service.pdf_bytes(result.version.id) == result.pdf
    assert hashlib.sha256(result.pdf).hexdigest() == result.version.sha256
    assert service.verify_chain(result.version.case_id)


def test_a_new_file_has_the_triggers(db: Database) -> None:
    assert TRIGGERS <= _triggers(db.path)


def test_a_file_migrated_from_0007_has_the_triggers(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    engine = make_engine(path)
    command.upgrade(_alembic_config(engine), "0007_records")
    assert not TRIGGERS & _triggers(path)
    migrate_to_head(path, engine)
    engine.dispose()
    assert TRIGGERS <= _triggers(path)


def test_an_encrypted_file_has_the_triggers_and_they_hold(tmp_path: Path) -> None:
    pytest.importorskip("sqlcipher3")
    from desktop.db import connect_raw, encrypt_database

    new = Database.open(tmp_path / "new.db", passphrase="hemmelig-passord")
    new.dispose()
    assert TRIGGERS <= _triggers(new.path, "hemmelig-passord")
    plain = tmp_path / "plain.db"
    Database.open(plain).dispose()
    encrypt_database(plain, "enda-et-passord")  # sqlcipher_export copies the triggers too
    assert TRIGGERS <= _triggers(plain, "enda-et-passord")
    encrypted = Database.open(plain, passphrase="enda-et-passord")
    try:
        version_id = _signed_row_without_pdf(encrypted)
    finally:
        encrypted.dispose()
    conn = connect_raw(plain, passphrase="enda-et-passord")
    try:
        with pytest.raises(Exception, match="signed minutes cannot be changed"):
            conn.execute("UPDATE minutes_version SET sha256 = 'b' WHERE id = ?", (version_id,))
        with pytest.raises(Exception, match="signed minutes cannot be deleted"):
            conn.execute("DELETE FROM minutes_version WHERE id = ?", (version_id,))
    finally:
        conn.close()


def _signed_row_without_pdf(db: Database) -> int:
    """A case, a meeting and a signed version row, written directly (no PDF needed)."""
    from datetime import datetime

    with db.session() as s:
        case = Case(reference="AG-2026-900", display_name="Test Testesen")
        s.add(case)
        s.flush()
        assert case.id is not None
        meeting = Meeting(case_id=case.id, start=datetime(2026, 11, 20, 10, 0))
        s.add(meeting)
        s.flush()
        assert meeting.id is not None
        version = MinutesVersion(
            meeting_id=meeting.id, case_id=case.id, signed_at=datetime(2026, 11, 20, 12, 0), sha256="a"
        )
        s.add(version)
        s.flush()
        assert version.id is not None
        return version.id


def test_raw_sqlite3_cannot_change_or_delete_a_signed_version(
    demo_db: Database, signed: ExportResult, raw: sqlite3.Connection
) -> None:
    version_id, meeting_id, case_id = signed.version.id, signed.version.meeting_id, signed.version.case_id
    attempts = [
        ("UPDATE minutes_version SET pdf = x'25504446' WHERE id = ?", (version_id,)),
        ("UPDATE minutes_version SET signed_at = NULL WHERE id = ?", (version_id,)),
        ("UPDATE minutes_version SET reason = 'changed' WHERE id = ?", (version_id,)),
        ("DELETE FROM minutes_version WHERE id = ?", (version_id,)),
        ("DELETE FROM meeting WHERE id = ?", (meeting_id,)),  # ON DELETE CASCADE
        ('DELETE FROM "case" WHERE id = ?', (case_id,)),
    ]
    for statement, params in attempts:
        with pytest.raises(sqlite3.IntegrityError, match="ansvarsgruppe:"):
            raw.execute(statement, params)
        raw.rollback()
    _unchanged(demo_db, signed)


def test_orm_and_core_writes_are_refused_with_the_translated_error(
    demo_db: Database, signed: ExportResult
) -> None:
    version_id = signed.version.id
    table = MinutesVersion.__table__  # type: ignore[attr-defined]
    with (
        pytest.raises(ImmutableVersionError, match="signert referat kan ikke endres"),
        demo_db.session() as s,
    ):
        row = s.get(MinutesVersion, version_id)
        assert row is not None
        s.delete(row)
    with pytest.raises(ImmutableVersionError), demo_db.session() as s:
        s.execute(sa.update(table).where(table.c.id == version_id).values(signer="Mallory"))
    with pytest.raises(ImmutableVersionError), demo_db.session() as s:
        s.execute(sa.delete(table).where(table.c.id == version_id))
    with pytest.raises(RecordsKeptError, match="kan ikke slettes"), demo_db.session() as s:
        case = s.get(Case, signed.version.case_id)
        s.delete(case)
    with pytest.raises(sa.exc.IntegrityError), demo_db.engine.begin() as conn:  # Core without a session
        conn.execute(sa.update(table).values(sha256="0" * 64))
    _unchanged(demo_db, signed)


def test_the_service_replaces_drafts_but_never_a_signed_version(
    demo_db: Database, signed: ExportResult, signing_key: SessionKey
) -> None:
    """The service's own write path: a correction adds a row; the signed one stays as it was."""
    from desktop.services.minutes.versions import ReasonRequiredError

    service = MinutesService(demo_db)
    meeting_id = signed.version.meeting_id
    _add_note(demo_db, meeting_id)
    service.export(meeting_id, today=TODAY)  # a draft of version 2
    service.export(meeting_id, today=TODAY)  # replaces that draft
    key = SigningKey(signing_key.path, signing_key.passphrase)
    with pytest.raises(ReasonRequiredError, match="Si hvorfor"):
        service.export(meeting_id, key=key, today=TODAY)
    v2 = service.export(meeting_id, key=key, today=TODAY, reason="  Rettet  dato \n")
    assert [(v.version, v.is_signed) for v in service.versions(meeting_id)] == [(1, True), (2, True)]
    with demo_db.session() as s:
        stored = s.get(MinutesVersion, v2.version.id)
        assert stored is not None and stored.reason == "Rettet dato"
    _unchanged(demo_db, signed)


def _add_note(db: Database, meeting_id: int, text: str = "Rettelse etter møtet.") -> None:
    from desktop.models import AgendaItem, Note

    with db.session() as s:
        item = s.exec(select(AgendaItem.id).where(AgendaItem.meeting_id == meeting_id)).first()
        s.add(Note(meeting_id=meeting_id, agenda_item_id=item, text=text))


def test_the_meeting_of_signed_minutes_cannot_be_deleted(demo_db: Database, signed: ExportResult) -> None:
    with pytest.raises(ImmutableVersionError), demo_db.session() as s:
        meeting = s.get(Meeting, signed.version.meeting_id)
        s.delete(meeting)
    _unchanged(demo_db, signed)


def test_check_reports_a_file_whose_triggers_were_dropped(
    db: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    from desktop.cli import main

    path = db.path
    db.dispose()
    assert main(["check", "--db", str(path)]) == 0
    with sqlite3.connect(path) as conn:
        conn.execute("DROP TRIGGER minutes_version_signed_no_delete")
    conn.close()
    capsys.readouterr()
    assert main(["check", "--db", str(path)]) == 1
    err = capsys.readouterr().err
    assert "minutes_version_signed_no_delete" in err and "endret utenfor Ansvarsgruppe" in err
