"""Issue 19: a new version needs a reason or a change; a language is a rendering of a version."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import col, select

from desktop.cli import main
from desktop.db import Database
from desktop.models import AgendaItem, AuditEvent, Note
from desktop.models.enums import AuditAction
from desktop.services.minutes.collect import load_minutes_data
from desktop.services.minutes.verify import verify_file
from desktop.services.minutes.version_history import content_hash
from desktop.services.minutes.versions import (
    MinutesService,
    NothingChangedError,
    ReasonRequiredError,
    SigningKey,
)
from tests.conftest import TODAY
from tests.pdf_text import pdf_text
from tests.unit import minutes_fixtures
from tests.unit.minutes_fixtures import SessionKey, held_meeting_ids

demo_template = minutes_fixtures.demo_template
demo_db = minutes_fixtures.demo_db
signing_key = minutes_fixtures.signing_key


def _key(signing_key: SessionKey) -> SigningKey:
    return SigningKey(signing_key.path, signing_key.passphrase)


def _add_note(db: Database, meeting_id: int) -> None:
    with db.session() as s:
        item = s.exec(select(AgendaItem.id).where(AgendaItem.meeting_id == meeting_id)).first()
        s.add(Note(meeting_id=meeting_id, agenda_item_id=item, text="Rettelse: møtet varte til 11."))


def _audit_actions(db: Database, meeting_id: int) -> list[str]:
    with db.session() as s:
        rows = s.exec(
            select(AuditEvent.action).where(AuditEvent.meeting_id == meeting_id).order_by(col(AuditEvent.id))
        ).all()
    return [str(getattr(a, "value", a)) for a in rows]


def test_the_content_hash_ignores_signing_and_the_day(demo_db: Database) -> None:
    meeting_id = held_meeting_ids(demo_db)[0]
    from datetime import timedelta

    today = content_hash(load_minutes_data(demo_db, meeting_id, today=TODAY))
    tomorrow = content_hash(load_minutes_data(demo_db, meeting_id, today=TODAY + timedelta(days=1)))
    assert today == tomorrow
    _add_note(demo_db, meeting_id)
    assert content_hash(load_minutes_data(demo_db, meeting_id, today=TODAY)) != today


def test_signing_unchanged_minutes_again_is_refused(demo_db: Database, signing_key: SessionKey) -> None:
    service = MinutesService(demo_db)
    meeting_id = held_meeting_ids(demo_db)[0]
    v1 = service.export(meeting_id, key=_key(signing_key), today=TODAY)
    assert service.plan_export(meeting_id, lang="nb", today=TODAY).kind == "unchanged"
    with pytest.raises(NothingChangedError, match="Ingenting i referatet er endret siden versjon 1"):
        service.export(meeting_id, key=_key(signing_key), today=TODAY, reason="Bare for sikkerhets skyld")
    assert [v.id for v in service.versions(meeting_id)] == [v1.version.id]


def test_a_correction_needs_a_reason_which_is_stored_and_printed(
    demo_db: Database, signing_key: SessionKey, tmp_path: Path
) -> None:
    service = MinutesService(demo_db)
    meeting_id = held_meeting_ids(demo_db)[0]
    service.export(meeting_id, key=_key(signing_key), today=TODAY)
    _add_note(demo_db, meeting_id)
    plan = service.plan_export(meeting_id, lang="nb", today=TODAY)
    assert (plan.kind, plan.version, plan.replaces_version) == ("replacing", 2, 1)
    with pytest.raises(ReasonRequiredError, match="Si hvorfor versjon 2 erstatter den"):
        service.export(meeting_id, key=_key(signing_key), today=TODAY, reason="   ")
    assert len(service.versions(meeting_id)) == 1
    v2 = service.export(meeting_id, key=_key(signing_key), today=TODAY, reason="Feil sluttid")
    text = pdf_text(v2.pdf)
    assert "erstatter versjon 1" in text and "Begrunnelse: Feil sluttid" in text
    assert [v.version for v in service.versions(meeting_id)] == [1, 2]
    from desktop.services.minutes.version_history import format_version_line

    assert format_version_line(service.versions(meeting_id)[1]).endswith(
        "(erstatter versjon 1: Feil sluttid)"
    )
    # A full copy of version 2 says why it replaces version 1, as the version does; a limited copy
    # or an own-tasks extract does not (a reason may name what they leave out).
    from desktop.services.minutes.copies import distribute

    result = distribute(demo_db, meeting_id, tmp_path, key=_key(signing_key), today=TODAY)
    assert result.version.version == 2 and {c.kind for c in result.copies} >= {"full", "own_tasks"}
    for copy in result.copies:
        text = pdf_text((tmp_path / copy.file).read_bytes())
        assert ("Begrunnelse: Feil sluttid" in text) == (copy.kind == "full"), copy.kind


def test_english_is_a_rendering_of_the_signed_version_not_a_new_one(
    demo_db: Database, signing_key: SessionKey, tmp_path: Path
) -> None:
    service = MinutesService(demo_db)
    meeting_id = held_meeting_ids(demo_db)[0]
    v1 = service.export(meeting_id, key=_key(signing_key), today=TODAY)
    assert service.plan_export(meeting_id, lang="en", today=TODAY).kind == "rendering"
    out = tmp_path / "minutes-en.pdf"
    english = service.export(meeting_id, lang="en", key=_key(signing_key), out=out, today=TODAY)
    assert english.is_rendering and english.version.version == 1 and english.version.language == "en"
    text = pdf_text(english.pdf)
    assert "Version 1." in text and "replaces version" not in text and "Version 2" not in text
    assert verify_file(out).is_valid  # signed like any copy
    # Nothing new stored: the version is the Bokmål one, untouched; the copy is in the audit log.
    (only,) = service.versions(meeting_id)
    assert only.id == v1.version.id and only.language == "nb"
    assert service.pdf_bytes(only.id) == v1.pdf
    assert _audit_actions(demo_db, meeting_id)[-1] == AuditAction.MINUTES_RENDERED.value
    # An unsigned copy in Bokmål is a rendering too, and the next real change is version 2.
    assert service.export(meeting_id, today=TODAY).is_rendering
    _add_note(demo_db, meeting_id)
    v2 = service.export(
        meeting_id, lang="en", key=_key(signing_key), today=TODAY, reason="Corrected end time"
    )
    assert not v2.is_rendering and v2.version.version == 2 and v2.version.replaces_id == v1.version.id


def test_a_rendering_of_a_correction_says_what_the_correction_says(
    demo_db: Database, signing_key: SessionKey
) -> None:
    service = MinutesService(demo_db)
    meeting_id = held_meeting_ids(demo_db)[0]
    service.export(meeting_id, key=_key(signing_key), today=TODAY)
    _add_note(demo_db, meeting_id)
    service.export(meeting_id, key=_key(signing_key), today=TODAY, reason="Feil sluttid")
    english = service.export(meeting_id, lang="en", key=_key(signing_key), today=TODAY)
    text = pdf_text(english.pdf)
    assert english.is_rendering and "Version 2." in text and "replaces version 1" in text
    assert "Feil sluttid" in text


def test_export_minutes_command_takes_a_reason_and_says_a_copy_is_a_copy(
    demo_db: Database, signing_key: SessionKey, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:  # type: ignore[no-untyped-def]
    meeting_id = held_meeting_ids(demo_db)[0]
    path = demo_db.path
    demo_db.dispose()
    monkeypatch.setenv("KEY_PASS", signing_key.passphrase)
    base = ["export-minutes", "--db", str(path), "--meeting", str(meeting_id)]
    sign = ["--sign-with", str(signing_key.path), "--passphrase-env", "KEY_PASS"]
    assert main([*base, "--out", str(tmp_path / "v1.pdf"), *sign]) == 0
    capsys.readouterr()
    assert main([*base, "--out", str(tmp_path / "again.pdf"), *sign]) == 1
    assert "Ingenting i referatet er endret" in capsys.readouterr().err
    assert not (tmp_path / "again.pdf").exists()
    assert main([*base, "--out", str(tmp_path / "en.pdf"), "--lang", "en", *sign]) == 0
    assert "a copy of version 1" in capsys.readouterr().out  # --lang also sets the command's language
    db = Database.open(path)
    _add_note(db, meeting_id)
    db.dispose()
    assert main([*base, "--out", str(tmp_path / "v2.pdf"), *sign]) == 1
    assert "Si hvorfor" in capsys.readouterr().err
    assert main([*base, "--out", str(tmp_path / "v2.pdf"), *sign, "--reason", "Feil sluttid"]) == 0
    assert "versjon 2" in capsys.readouterr().out
