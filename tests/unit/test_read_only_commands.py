"""Commands that only read never write the database: not a migration, not a PRAGMA, not a byte.

A file from an older version (one Alembic revision behind) is refused by the reading commands with
a message that says how to update it; ``check`` reports it; ``backup`` copies it as it is. A file
at the current revision is read as before. Either way the file's bytes, its modification time and
its revision are what they were.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from alembic import command
from alembic.script import ScriptDirectory

from desktop.cli import main
from desktop.db import Database, _alembic_config, check_database, head_revision, make_engine

ROOT = Path(__file__).resolve().parents[2]
PASSPHRASE = "lang og hemmelig"

# Every command that only reads the database, with the options it needs (ids from the demo data).
READING = {
    "list-meetings": ["list-meetings", "--json"],
    "list-meetings (text)": ["list-meetings"],
    "agenda": ["agenda", "--meeting", "1", "--json"],
    "tasks": ["tasks", "--open", "--json"],
    "audit": ["audit", "--case", "1", "--json"],
}


def _state(path: Path) -> tuple[str, int, str | None]:
    """The file's digest, its modification time (ns) and its schema revision (read read-only)."""
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    mtime = path.stat().st_mtime_ns
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    finally:
        conn.close()
    return digest, mtime, revision


@pytest.fixture(scope="module")
def older_template(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo data at the revision before head (what the previous release left on disk)."""
    path = tmp_path_factory.mktemp("older") / "older.db"
    shutil.copyfile(demo_template, path)
    engine = make_engine(path)
    script = ScriptDirectory.from_config(_alembic_config(engine))
    previous = script.get_revision(script.get_current_head()).down_revision
    command.downgrade(_alembic_config(engine), str(previous))
    engine.dispose()
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return path


@pytest.fixture
def older(older_template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "older.db"
    shutil.copyfile(older_template, path)
    os.utime(path, ns=(1_700_000_000_000_000_000, 1_700_000_000_000_000_000))  # a clearly older mtime
    assert _state(path)[2] != head_revision()
    return path


@pytest.mark.parametrize("name", list(READING))
def test_a_reading_command_refuses_an_older_database_and_leaves_it_as_it_was(
    older: Path, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _state(older)
    assert main([*READING[name], "--db", str(older)]) == 1
    err = capsys.readouterr().err
    assert "eldre versjon" in err and "Traceback" not in err
    assert _state(older) == before
    assert not (older.parent / "backups").exists()  # not even the migration's safety copy


def test_check_reports_an_older_database_without_changing_it(
    older: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _state(older)
    assert main(["check", "--db", str(older)]) == 1
    assert "eldre versjon" in capsys.readouterr().err
    assert _state(older) == before
    assert check_database(older).revision == before[2]


def test_backup_copies_an_older_database_as_it_is(older: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = _state(older)
    out = older.parent / "copy.db"
    assert main(["backup", "--db", str(older), "--out", str(out)]) == 0
    assert _state(older) == before
    assert _state(out)[2] == before[2]  # the copy is of what was there, not migrated


def test_list_meetings_as_a_process_leaves_an_older_database_unchanged(older: Path) -> None:
    before = _state(older)
    done = subprocess.run(
        [sys.executable, "-m", "desktop", "list-meetings", "--db", str(older), "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "eldre versjon" in done.stderr
    assert _state(older) == before


def test_a_writing_command_still_updates_an_older_database(older: Path, tmp_path: Path) -> None:
    """The way out the message names: the app (or a command that writes) migrates the file."""
    db = Database.open(older, exclusive=True)
    db.dispose()
    assert _state(older)[2] == head_revision()
    assert main(["list-meetings", "--json", "--db", str(older)]) == 0


@pytest.fixture
def current(demo_db: Database) -> Path:
    path = demo_db.path
    demo_db.dispose()
    os.utime(path, ns=(1_700_000_000_000_000_000, 1_700_000_000_000_000_000))
    return path


@pytest.mark.parametrize("name", list(READING))
def test_a_reading_command_reads_a_current_database_without_writing(
    current: Path, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _state(current)
    assert main([*READING[name], "--db", str(current)]) == 0, capsys.readouterr().err
    assert capsys.readouterr().out.strip()
    assert _state(current) == before
    wal = current.with_name(current.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0


def test_reading_an_encrypted_database_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from desktop.db import encrypt_database, online_backup

    path = tmp_path / "secret.db"
    demo = tmp_path / "plain.db"
    from desktop.demo.standard import create_demo

    create_demo(demo).dispose()  # encrypted in place, the way a coordinator turns encryption on
    online_backup(demo, path)
    encrypt_database(path, PASSPHRASE)
    os.utime(path, ns=(1_700_000_000_000_000_000, 1_700_000_000_000_000_000))
    digest, mtime = hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns
    monkeypatch.setenv("AG_PASS", PASSPHRASE)
    for args in READING.values():
        assert main([*args, "--db", str(path), "--db-passphrase-env", "AG_PASS"]) == 0, (
            capsys.readouterr().err
        )
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest
    assert path.stat().st_mtime_ns == mtime


def test_a_reading_command_never_creates_a_missing_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nothing.db"
    assert main(["list-meetings", "--db", str(missing)]) == 1
    assert not missing.exists()
    assert "Traceback" not in capsys.readouterr().err
