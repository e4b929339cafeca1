"""Encryption at rest with SQLCipher: no readable case text on disk, and a wrong passphrase changes nothing."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import pytest
from sqlmodel import select

from desktop.cli import main
from desktop.db import Database, encrypt_database, is_plain_sqlite
from desktop.errors import DatabaseError, WrongPassphraseError
from desktop.models import Meeting, Note
from desktop.services.backup import create_backup, list_backups
from tests.sql import sql_rows

SECRET_NOTE = "Áilu Ŋŋuolbba fortalte om leiligheten 🙂 čđŧž"


def demo_texts(path: Path) -> list[bytes]:
    with sqlite3.connect(path) as conn:
        names = [r[0] for r in conn.execute("SELECT display_name FROM 'case'")]
        notes = [r[0][:30] for r in conn.execute("SELECT text FROM note WHERE length(text) > 30")]
    conn.close()
    return [t.encode() for t in names + notes]


def all_bytes(path: Path) -> bytes:
    return b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*") if p.is_file())


@pytest.fixture
def plain_demo(demo_db: Database) -> Path:
    path = demo_db.path
    create_backup(demo_db)
    demo_db.dispose()
    return path


def test_encrypting_an_existing_database_leaves_no_readable_text(
    plain_demo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    texts = demo_texts(plain_demo)
    assert texts and all(t in plain_demo.read_bytes() for t in texts[:3])  # the test can fail
    monkeypatch.setenv("AG_NEW", "en lang og god passordfrase")
    assert main(["encrypt", "--db", str(plain_demo), "--new-passphrase-env", "AG_NEW"]) == 0
    assert "kryptert" in capsys.readouterr().out
    assert not is_plain_sqlite(plain_demo)
    on_disk = all_bytes(plain_demo)
    assert not [t for t in texts if t in on_disk]
    for backup in list_backups(plain_demo):
        assert not is_plain_sqlite(backup.path)
        assert not [t for t in texts if t in backup.path.read_bytes()]

    db = Database.open(plain_demo, passphrase="en lang og god passordfrase")
    with db.session() as session:
        meeting = session.exec(select(Meeting)).first()
        assert meeting is not None
        session.add(Note(meeting_id=meeting.id, text=SECRET_NOTE))
    assert SECRET_NOTE.encode() not in all_bytes(plain_demo)  # also not in the WAL while open
    backup = create_backup(db)
    db.dispose()
    assert SECRET_NOTE.encode() not in all_bytes(plain_demo)
    assert SECRET_NOTE.encode() not in backup.path.read_bytes()

    monkeypatch.setenv("AG_PASS", "en lang og god passordfrase")
    assert main(["tasks", "--db", str(plain_demo), "--db-passphrase-env", "AG_PASS", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)


def test_a_wrong_or_missing_passphrase_changes_nothing(
    plain_demo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    encrypt_database(plain_demo, "riktig passordfrase")
    digest = hashlib.sha256(plain_demo.read_bytes()).hexdigest()
    monkeypatch.setenv("AG_WRONG", "feil passordfrase")
    for argv in (
        ["tasks", "--db", str(plain_demo), "--db-passphrase-env", "AG_WRONG"],
        ["tasks", "--db", str(plain_demo)],
        ["check", "--db", str(plain_demo), "--db-passphrase-env", "AG_WRONG"],
        ["tasks", "--db", str(plain_demo), "--db-passphrase-env", "AG_UNSET_VARIABLE"],
    ):
        assert main(argv) == 1, argv
        err = capsys.readouterr().err
        assert err.startswith("feil:") and "Traceback" not in err and "hmac" not in err
    with pytest.raises(WrongPassphraseError):
        Database.open(plain_demo, passphrase="feil passordfrase")
    assert hashlib.sha256(plain_demo.read_bytes()).hexdigest() == digest


def test_changing_the_passphrase(plain_demo: Path) -> None:
    encrypt_database(plain_demo, "første passordfrase")
    result = encrypt_database(plain_demo, "andre passordfrase", old_passphrase="første passordfrase")
    assert result.backups_converted == 1 and result.backups_failed == 0
    with pytest.raises(WrongPassphraseError):
        Database.open(plain_demo, passphrase="første passordfrase")
    Database.open(plain_demo, passphrase="andre passordfrase").dispose()
    Database.open(list_backups(plain_demo)[0].path, passphrase="andre passordfrase").dispose()


def test_a_short_passphrase_is_refused_and_the_file_kept(plain_demo: Path) -> None:
    digest = hashlib.sha256(plain_demo.read_bytes()).hexdigest()
    with pytest.raises(DatabaseError) as info:
        encrypt_database(plain_demo, "kort")
    assert "minst 8 tegn" in str(info.value)
    assert hashlib.sha256(plain_demo.read_bytes()).hexdigest() == digest


def test_passphrases_with_quotes_and_unicode_work_and_only_they_do(tmp_path: Path) -> None:
    """The passphrase goes into ``PRAGMA key '…'`` and a URL: quotes, @, %, / and emoji must survive."""
    for number, passphrase in enumerate(['it\'s "quoted"; --', "100% @home:/x?y#z", "Áilu ŋ 🙂 ø"]):
        path = tmp_path / f"p{number}.db"
        Database.open(path, passphrase=passphrase).dispose()
        assert not is_plain_sqlite(path)
        Database.open(path, passphrase=passphrase).dispose()
        with pytest.raises(WrongPassphraseError):
            Database.open(path, passphrase=passphrase[:-1])


def test_signed_minutes_from_an_encrypted_database_through_the_command(
    plain_demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """export-minutes on an encrypted database (SQLCipher through the ORM) signs and stores the version."""
    import os
    import subprocess
    import sys

    from desktop.services.minutes.signing_keys import generate_key
    from desktop.services.minutes.verify import verify_bytes

    encrypt_database(plain_demo, "en lang passordfrase")
    key = generate_key("Kari Koordinator", "nøkkelpassord 123", out=tmp_path / "k.p12")
    db = Database.open(plain_demo, passphrase="en lang passordfrase")
    try:
        meeting_id = sql_rows(db, "SELECT id FROM meeting WHERE status = 'held' ORDER BY id LIMIT 1")[0][0]
    finally:
        db.dispose()
    out = tmp_path / "referat.pdf"
    env = {"DB_PASS": "en lang passordfrase", "KEY_PASS": "nøkkelpassord 123"}
    run = subprocess.run(
        [sys.executable, "-m", "desktop", "export-minutes", "--db", str(plain_demo), "--db-passphrase-env", "DB_PASS",
         "--meeting", str(meeting_id), "--out", str(out), "--sign-with", str(key.path), "--passphrase-env", "KEY_PASS"],
        capture_output=True, text=True, timeout=120, env={**os.environ, **env},
        cwd=Path(__file__).resolve().parents[2],
    )  # fmt: skip
    assert run.returncode == 0, run.stderr[-2000:]
    result = verify_bytes(out.read_bytes())
    assert result.is_valid and result.signer == "Kari Koordinator"
    assert not is_plain_sqlite(plain_demo)
    db = Database.open(plain_demo, passphrase="en lang passordfrase")
    try:
        assert sql_rows(db, "SELECT status FROM meeting WHERE id = ?", (meeting_id,))[0][0] == "signed"
        assert sql_rows(db, "SELECT count(*) FROM minutes_version WHERE meeting_id = ? AND signed_at IS NOT NULL",
                       (meeting_id,))[0][0] == 1  # fmt: skip
    finally:
        db.dispose()
    assert b"%PDF" not in all_bytes(plain_demo)  # the stored PDF is inside the encrypted file
