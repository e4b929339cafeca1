"""Bad database files get a clear, translated message and are left exactly as they were."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import event

from desktop.db import Database, check_database, integrity, probe
from desktop.db import engine as db_engine
from desktop.errors import (
    DatabaseDamagedError,
    DatabaseError,
    DatabaseLockedError,
    DatabaseReadOnlyError,
    DatabaseTooNewError,
    DiskFullError,
    NotAnAnsvarsgruppeDatabaseError,
    WrongPassphraseError,
)
from desktop.i18n import install
from desktop.models import Meeting, Note
from tests.sql import digest


@pytest.fixture
def sound_db(tmp_path: Path) -> Path:
    """A closed, checkpointed demo database (no -wal file left)."""
    from desktop.demo.standard import create_demo

    path = tmp_path / "sound.db"
    create_demo(path).dispose()
    assert not path.with_name("sound.db-wal").exists() or path.with_name("sound.db-wal").stat().st_size == 0
    return path


def assert_refused_untouched(path: Path, error: type[DatabaseError], **open_kwargs: object) -> str:
    before = digest(path)
    with pytest.raises(error) as info:
        Database.open(path, **open_kwargs)  # type: ignore[arg-type]
    assert digest(path) == before, "the file must be left exactly as it was"
    message = str(info.value)
    assert str(path) in message and "Traceback" not in message
    return message


def test_a_pdf_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "referat.db"
    path.write_bytes(b"%PDF-1.7\n" + os.urandom(4000))
    message = assert_refused_untouched(path, NotAnAnsvarsgruppeDatabaseError)
    assert "ikke en Ansvarsgruppe-database" in message  # Bokmål by default


def test_another_programs_sqlite_file_gets_no_tables_of_ours(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT)")
    conn.close()
    assert_refused_untouched(path, NotAnAnsvarsgruppeDatabaseError)
    with sqlite3.connect(path) as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    conn.close()
    assert tables == {"photos"}


def test_a_damaged_database_is_refused(sound_db: Path) -> None:
    data = bytearray(sound_db.read_bytes())
    page = 4096
    assert len(data) > page * 12
    for offset in range(page * 3, page * 10, 97):  # scribble over b-tree pages, keep the header
        data[offset : offset + 8] = b"\xde\xad\xbe\xef\x00\xff\x13\x37"
    sound_db.write_bytes(bytes(data))
    message = assert_refused_untouched(sound_db, DatabaseDamagedError)
    assert "skadet" in message


def test_a_truncated_database_is_refused(sound_db: Path) -> None:
    data = sound_db.read_bytes()
    sound_db.write_bytes(data[: len(data) // 3])
    assert_refused_untouched(sound_db, DatabaseDamagedError)


def test_a_database_from_a_newer_version_is_refused_in_english_too(sound_db: Path) -> None:
    with sqlite3.connect(sound_db) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    conn.close()
    install("en")
    message = assert_refused_untouched(sound_db, DatabaseTooNewError)
    assert "newer version" in message


def test_a_read_only_file_is_refused(sound_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Tests may run as root, for whom chmod does not make a file read-only: simulate os.access.
    real_access = os.access
    monkeypatch.setattr(
        probe.os,
        "access",
        lambda p, mode: False if Path(p) == sound_db and mode == os.W_OK else real_access(p, mode),
    )
    message = assert_refused_untouched(sound_db, DatabaseReadOnlyError)
    assert "skrivebeskyttet" in message


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write to a read-only file")
def test_a_really_read_only_file_is_refused(sound_db: Path) -> None:
    sound_db.chmod(0o444)
    assert_refused_untouched(sound_db, DatabaseReadOnlyError)


def test_a_file_locked_by_another_program_is_refused(sound_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(db_engine, "BUSY_TIMEOUT_MS", 50)
    other = sqlite3.connect(sound_db)
    other.execute("PRAGMA locking_mode=EXCLUSIVE")
    other.execute("BEGIN EXCLUSIVE")
    try:
        before = digest(sound_db)
        with pytest.raises(DatabaseLockedError) as info:
            Database.open(sound_db)
        assert "låst" in str(info.value)
    finally:
        other.rollback()
        other.close()
    assert digest(sound_db) == before
    Database.open(sound_db).dispose()  # usable again once the other program lets go


def test_a_write_while_another_program_writes_is_a_clear_error(
    sound_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(db_engine, "BUSY_TIMEOUT_MS", 50)
    db = Database.open(sound_db)
    other = sqlite3.connect(sound_db)
    other.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(DatabaseLockedError):
            with db.session() as session:
                meeting = session.exec(__import__("sqlmodel").select(Meeting)).first()
                assert meeting is not None
                session.add(Note(meeting_id=meeting.id, text="blocked"))
    finally:
        other.rollback()
        other.close()
    with db.session() as session:
        assert session.exec(__import__("sqlmodel").select(Note).where(Note.text == "blocked")).first() is None
    db.dispose()


def test_a_full_disk_loses_nothing_saved(sound_db: Path) -> None:
    from sqlmodel import func, select

    db = Database.open(sound_db)
    with db.session() as session:
        meeting = session.exec(select(Meeting)).first()
        assert meeting is not None
        meeting_id = meeting.id
        session.add(Note(meeting_id=meeting_id, text="saved before the disk filled up"))
    with db.session() as session:
        notes_before = session.exec(select(func.count()).select_from(Note)).one()

    @event.listens_for(db.engine, "connect")
    def _tiny_disk(dbapi_connection, _record):  # type: ignore[no-untyped-def]
        pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
        dbapi_connection.execute(f"PRAGMA max_page_count={pages}")

    db.close_connections()  # pooled connections open again, on the tiny disk
    with pytest.raises(DiskFullError) as info:
        with db.session() as session:
            session.add(Note(meeting_id=meeting_id, text="x" * 100_000 + " áčđŋšŧž 🙂"))
    assert "full" in str(info.value).lower() or "fullt" in str(info.value)
    assert "xxxx" not in str(info.value)  # never the note itself in a message
    event.remove(db.engine, "connect", _tiny_disk)
    db.close_connections()
    with db.session() as session:
        assert session.exec(select(func.count()).select_from(Note)).one() == notes_before
    db.dispose()
    assert check_database(sound_db).is_sound


def test_an_encrypted_file_without_or_with_a_wrong_passphrase(tmp_path: Path) -> None:
    path = tmp_path / "secret.db"
    Database.open(path, passphrase="riktig passord").dispose()
    assert_refused_untouched(path, NotAnAnsvarsgruppeDatabaseError)
    message = assert_refused_untouched(path, WrongPassphraseError, passphrase="feil")
    assert "passordfrasen" in message.lower() or "passordet" in message.lower()
    Database.open(path, passphrase="riktig passord").dispose()


def test_messages_never_contain_case_content(sound_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """SQLAlchemy would put bound parameters (a note's text) into an IntegrityError's message."""
    import sqlalchemy as sa

    db = Database.open(sound_db)
    with pytest.raises(sa.exc.IntegrityError) as info:
        with db.session() as session:
            session.add(Note(meeting_id=987654, text="Kari Nordmann sa noe privat"))
    assert "Kari" not in str(info.value)
    db.dispose()


def test_damage_found_after_opening_a_large_file_is_a_clear_error(
    sound_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Above QUICK_CHECK_MAX_BYTES the open skips the whole-file check; damage is still reported."""
    import sqlalchemy as sa

    monkeypatch.setattr(integrity, "QUICK_CHECK_MAX_BYTES", 0)
    data = bytearray(sound_db.read_bytes())
    for offset in range(4096 * 3, len(data), 53):
        data[offset : offset + 8] = b"\xde\xad\xbe\xef\x00\xff\x13\x37"
    sound_db.write_bytes(bytes(data))
    with pytest.raises(DatabaseDamagedError):
        db = Database.open(sound_db)
        with db.session() as session:
            tables = session.exec(sa.text("SELECT name FROM sqlite_master WHERE type='table'")).all()  # type: ignore[call-overload]
            for (name,) in tables:
                session.exec(sa.text(f'SELECT * FROM "{name}"')).all()  # type: ignore[call-overload]


def test_sqlite_errors_are_told_apart_by_their_code_not_by_words_in_the_data(tmp_path: Path) -> None:
    """A text that cannot be decoded is quoted in the module's message («…with text 'disk full'»):
    the classification must not read the user's words as a disk-full or a locked file."""
    import sqlite3 as sq

    from desktop.db import _message_for, is_damage, is_translated

    path = tmp_path / "x.db"
    decode = sq.OperationalError("Could not decode to UTF-8 column 'text' with text 'disk is full, locked'")
    assert is_damage(decode) and isinstance(_message_for(decode, path, encrypted=False), DatabaseDamagedError)
    for code, expected in (
        ("SQLITE_FULL", DiskFullError),
        ("SQLITE_BUSY", DatabaseLockedError),
        ("SQLITE_READONLY_DBMOVED", DatabaseReadOnlyError),
        ("SQLITE_CORRUPT_INDEX", DatabaseDamagedError),
        ("SQLITE_IOERR_SHORT_READ", DatabaseDamagedError),
    ):
        error = sq.OperationalError("database disk image is malformed" if "CORRUPT" in code else "x")
        error.sqlite_errorname = code  # type: ignore[attr-defined]
        assert is_translated(error) and type(_message_for(error, path, encrypted=False)) is expected, code
    constraint = sq.IntegrityError("UNIQUE constraint failed: task.id")
    constraint.sqlite_errorname = "SQLITE_CONSTRAINT_UNIQUE"  # type: ignore[attr-defined]
    assert not is_translated(constraint)  # a fault of the program stays as it is
