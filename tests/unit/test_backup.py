"""Rotating backups with the online backup API, and restore that keeps what it replaces."""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import func, select

from desktop import clock
from desktop.cli import main
from desktop.db import Database, backup_file_name, check_database
from desktop.errors import BackupError
from desktop.models import Meeting, Note
from desktop.services import backup as backup_service
from desktop.services.backup import (
    KEEP_DAYS,
    KEEP_RECENT,
    MAX_AGE_DAYS,
    backup_after_meeting,
    backup_daily_if_due,
    backup_on_start,
    create_backup,
    list_backups,
    newest_backup,
    restore_backup,
    rotate_backups,
)


def note_count(db: Database) -> int:
    with db.session() as session:
        return session.exec(select(func.count()).select_from(Note)).one()


def add_note(db: Database, text: str) -> None:
    with db.session() as session:
        meeting = session.exec(select(Meeting)).first()
        assert meeting is not None
        session.add(Note(meeting_id=meeting.id, text=text))


def test_backups_are_written_next_to_the_database_and_are_sound(demo_db: Database) -> None:
    add_note(demo_db, "still in the WAL when the backup is taken")
    start = backup_on_start(demo_db)
    meeting = backup_after_meeting(demo_db)
    assert start is not None and meeting is not None
    assert start.path.parent == demo_db.path.parent / "backups"
    assert [b.reason for b in list_backups(demo_db.path)] == ["meeting", "start"]
    copy = Database.open(meeting.path)
    assert note_count(copy) == note_count(demo_db)
    copy.dispose()
    assert check_database(meeting.path).is_sound
    assert "demo" in meeting.path.name and meeting.path.name.endswith("-meeting.db")


def test_the_daily_backup_is_made_once_a_day(demo_db: Database) -> None:
    assert backup_daily_if_due(demo_db) is not None
    assert backup_daily_if_due(demo_db) is None
    tomorrow = clock.now_precise() + timedelta(days=1)
    assert backup_daily_if_due(demo_db, now=tomorrow) is not None


def test_rotation_keeps_recent_and_one_per_day(tmp_path: Path) -> None:
    db_path = tmp_path / "a.db"
    now = datetime(2026, 11, 25, 12, 0)
    made = []
    for hours in range(0, 24 * 30, 6):  # four backups a day for 30 days
        when = now - timedelta(hours=hours)
        path = backup_file_name(db_path, "start", when)
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(b"x")
        made.append(path)
    safety = [backup_file_name(db_path, "before-restore", now - timedelta(days=d)) for d in range(4)]
    safety.append(backup_file_name(db_path, "before-restore", now - timedelta(days=MAX_AGE_DAYS + 1)))
    safety += [backup_file_name(db_path, "damaged", now - timedelta(days=d)) for d in range(7)]
    for path in safety:
        path.write_bytes(b"x")
    elsewhere = tmp_path / "backups" / "notes.txt"
    elsewhere.write_text("not a backup")
    deleted = rotate_backups(db_path, now=now)
    kept = list_backups(db_path)
    automatic = [b for b in kept if b.reason == "start"]
    days = {b.created_at.date() for b in automatic}
    assert len(days) == KEEP_DAYS  # one per day for the last two weeks
    assert len(automatic) == KEEP_RECENT + KEEP_DAYS - 3  # the 10 newest span 3 days
    assert len([b for b in kept if b.reason == "before-restore"]) == 4  # the one past MAX_AGE_DAYS is gone
    assert len([b for b in kept if b.reason == "damaged"]) == backup_service.KEEP_SAFETY
    assert elsewhere.exists()
    assert len(deleted) == len(made) + len(safety) - len(kept)


def test_restore_replaces_the_database_and_keeps_a_copy(demo_db: Database) -> None:
    path = demo_db.path
    saved = create_backup(demo_db)
    before = note_count(demo_db)
    add_note(demo_db, "written after the backup")
    demo_db.dispose()
    result = restore_backup(path, saved.path)
    assert result.previous_copy is not None and result.previous_copy.exists()
    restored = Database.open(path)
    assert note_count(restored) == before
    restored.dispose()
    replaced = Database.open(result.previous_copy)
    assert note_count(replaced) == before + 1  # what was replaced is not lost
    replaced.dispose()
    assert check_database(path).is_sound


def test_restore_refuses_a_file_that_is_not_a_database(demo_db: Database, tmp_path: Path) -> None:
    path = demo_db.path
    demo_db.dispose()
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    bogus = tmp_path / "bogus.db"
    bogus.write_bytes(b"%PDF-1.4 not a database")
    with pytest.raises(BackupError):
        restore_backup(path, bogus)
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE x (y)")
    conn.close()
    with pytest.raises(BackupError):
        restore_backup(path, other)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest
    assert not any(b.reason == "before-restore" for b in list_backups(path))


def test_a_damaged_database_is_kept_byte_for_byte_when_restoring(demo_db: Database) -> None:
    path = demo_db.path
    saved = create_backup(demo_db)
    demo_db.dispose()
    data = bytearray(path.read_bytes())
    data[4096 * 3 : 4096 * 6] = b"\x00\xff" * (4096 * 3 // 2)
    path.write_bytes(bytes(data))
    result = restore_backup(path, newest_backup(path).path)  # type: ignore[union-attr]
    assert result.restored_from == saved.path
    assert result.previous_copy is not None and result.previous_copy.read_bytes() == bytes(data)
    assert check_database(path).is_sound


def test_backup_and_restore_commands(
    demo_db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = demo_db.path
    before = note_count(demo_db)
    demo_db.dispose()
    out = tmp_path / "copy.db"
    assert main(["backup", "--db", str(path), "--out", str(out)]) == 0
    assert check_database(out).is_sound
    assert main(["backup", "--db", str(path), "--out", str(out)]) == 1  # never overwrites
    assert "finnes allerede" in capsys.readouterr().err
    db = Database.open(path)
    add_note(db, "later")
    db.dispose()
    assert main(["restore", "--db", str(path), "--from", str(out)]) == 0
    db = Database.open(path)
    assert note_count(db) == before
    db.dispose()
    bogus = tmp_path / "x.db"
    bogus.write_text("hello")
    assert main(["restore", "--db", str(path), "--from", str(bogus)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and "Ingenting ble gjenopprettet" in err


def test_backups_of_an_encrypted_database_are_encrypted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "secret.db"
    db = Database.open(path, passphrase="lang og hemmelig")
    from desktop.models import Case

    with db.session() as session:
        session.add(Case(reference="X-1", display_name="Áilu Ŋŋuolbba"))
    info = create_backup(db)
    db.dispose()
    raw = info.path.read_bytes()
    assert "Áilu".encode() not in raw and b"SQLite format 3" not in raw
    copy = Database.open(info.path, passphrase="lang og hemmelig")
    with copy.session() as session:
        assert session.exec(select(Case)).one().display_name == "Áilu Ŋŋuolbba"
    copy.dispose()
    monkeypatch.setenv("AG_PASS", "lang og hemmelig")
    out = tmp_path / "cli-copy.db"
    assert main(["backup", "--db", str(path), "--db-passphrase-env", "AG_PASS", "--out", str(out)]) == 0
    assert b"SQLite format 3" not in out.read_bytes()
    assert main(["restore", "--db", str(path), "--db-passphrase-env", "AG_PASS", "--from", str(out)]) == 0
    assert main(["backup", "--db", str(path), "--out", str(tmp_path / "nopass.db")]) == 1


def test_a_restore_killed_after_removing_the_wal_loses_no_commit(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    """The old file's last commits can still be in its WAL (a crashed app leaves them there); the
    restore writes them into the file before it removes the WAL, so a kill just before the rename
    leaves the old database whole."""
    import subprocess
    import sys

    from desktop.services import backup as backup_module
    from desktop.services.backup import create_backup, restore_backup
    from tests.sql import sql_rows

    path = tmp_path / "a.db"
    db = Database.open(path)
    source = create_backup(db).path
    db.dispose()
    crash = (
        "import os, sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute('PRAGMA wal_autocheckpoint=0');"
        "c.execute(\"INSERT INTO audit_event (at, actor, os_user, action) VALUES ('2026-11-25 10:00:00', '', '', 'x')\");"
        "c.commit(); os._exit(0)"
    )
    subprocess.run([sys.executable, "-c", crash, str(path)], check=True)
    assert path.with_name("a.db-wal").stat().st_size > 0  # the commit is in the WAL only

    def killed(*_args: object) -> None:
        raise KeyboardInterrupt  # the process dies here: after the WAL is gone, before the rename

    monkeypatch.setattr(backup_module.os, "replace", killed)
    with pytest.raises(KeyboardInterrupt):
        restore_backup(path, source)
    assert not path.with_name("a.db-wal").exists()
    check = Database.open(path)
    try:
        assert sql_rows(check, "SELECT count(*) FROM audit_event WHERE action = 'x'")[0][0] == 1
    finally:
        check.dispose()
