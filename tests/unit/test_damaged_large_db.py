"""A damaged database above QUICK_CHECK_MAX_BYTES gets the same «damaged» answer as a small one.

Issue 15, point 3: above 32 MB the open skipped the whole-file check, and the damage then came
out as «OperationalError: see the log file» (the command line) or a crash while the main window
was built (the GUI). The files here are real: a demo database padded past the limit with stored
minutes (1 MB each, as signed PDFs make a database large), then spoilt in one of three ways.

The builders are used by the GUI tests too (tests/ui/test_database_problem_dialog.py).
"""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.db import (
    Database,
    check_integrity,
    connect_raw,
    explain_database_error,
    integrity,
    online_backup,
    policy,
)
from desktop.errors import DatabaseDamagedError, DatabaseError
from tests.sql import digest

ROOT = Path(__file__).resolve().parents[2]
LARGE_BYTES = integrity.QUICK_CHECK_MAX_BYTES + 4 * 1024 * 1024
PAD_BLOB = 1 << 20
GARBAGE = bytes((i * 37 + 11) % 251 for i in range(65536))


def build_large(path: Path, template: Path) -> None:
    """The demo database, padded past QUICK_CHECK_MAX_BYTES with stored minutes; closed, no WAL."""
    online_backup(template, path)
    conn = sqlite3.connect(path)
    meeting_id, case_id = conn.execute("SELECT id, case_id FROM meeting ORDER BY id LIMIT 1").fetchone()
    rng = random.Random(15)
    with conn:
        for n in range(LARGE_BYTES // PAD_BLOB + 1):
            conn.execute(
                "INSERT INTO minutes_version (meeting_id, case_id, version, language, created_at, signer,"
                " sha256, previous_sha256, file_name, pdf) VALUES (?, ?, ?, 'nb', '2026-11-25 10:00:00',"
                " '', '', '', ?, ?)",
                (meeting_id, case_id, 1000 + n, f"padding-{n}.pdf", rng.randbytes(PAD_BLOB)),
            )
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    assert path.stat().st_size > integrity.QUICK_CHECK_MAX_BYTES
    assert not path.with_name(path.name + "-wal").exists()


def page_size(path: Path) -> int:
    size = int.from_bytes(path.read_bytes()[16:18], "big")
    return 65536 if size == 1 else size


def pages_of(path: Path, table: str) -> list[int]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return [
            r[0] for r in conn.execute("SELECT pageno FROM dbstat WHERE name = ? ORDER BY pageno", (table,))
        ]
    finally:
        conn.close()


def scribble_pages(path: Path, pages: list[int]) -> None:
    """Overwrite whole pages with garbage (a bad sector, a torn write)."""
    size = page_size(path)
    with path.open("r+b") as fh:
        for page in pages:
            fh.seek((page - 1) * size)
            fh.write(GARBAGE[:size])


def scribble_middle(path: Path, count: int = 8) -> list[int]:
    """Garbage over ``count`` pages in the middle of the file (stored minutes: not read at start)."""
    middle = path.stat().st_size // page_size(path) // 2
    pages = list(range(middle, middle + count))
    assert not set(pages) & set(pages_of(path, "case") + pages_of(path, "meeting"))
    scribble_pages(path, pages)
    return pages


def spoil_text(path: Path, table: str, column: str) -> None:
    """Turn the first byte of one stored text into a byte that is not UTF-8, inside ``table``'s
    own pages: the b-trees stay sound (PRAGMA quick_check says ok), reading the value fails."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        values = [
            r[0] for r in conn.execute(f'SELECT "{column}" FROM "{table}" WHERE length("{column}") > 5')
        ]
    finally:
        conn.close()
    size = page_size(path)
    data = bytearray(path.read_bytes())
    for page in pages_of(path, table):
        start = (page - 1) * size
        for value in values:
            at = data.find(value.encode("utf-8"), start, start + size)
            if at >= 0:
                data[at] = 0xFF
                path.write_bytes(bytes(data))
                return
    raise AssertionError(f"no {table}.{column} value found in the table's pages")


@pytest.fixture(scope="module")
def large_template(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("large") / "large.db"
    build_large(path, demo_template)
    return path


@pytest.fixture
def large_db(large_template: Path, tmp_path: Path) -> Path:
    """A private copy of the sound large database, with one backup of it (taken while sound)."""
    from desktop.services.backup import create_backup

    path = tmp_path / "stor.db"
    shutil.copyfile(large_template, path)
    db = Database.open(path)
    create_backup(db)
    db.dispose()
    return path


# -- opening -------------------------------------------------------------------------------------


def test_garbage_over_the_tables_of_the_first_screen_is_refused_at_open(large_db: Path) -> None:
    scribble_pages(large_db, pages_of(large_db, "meeting")[:2] + pages_of(large_db, "case")[:1])
    before = digest(large_db)
    with pytest.raises(DatabaseDamagedError) as info:
        Database.open(large_db)
    assert "skadet" in str(info.value) and str(large_db) in str(info.value)
    assert digest(large_db) == before


def test_a_large_file_cut_short_is_refused_at_open(large_db: Path) -> None:
    data = large_db.read_bytes()
    large_db.write_bytes(data[: len(data) - 40 * page_size(large_db)])
    with pytest.raises(DatabaseDamagedError):
        Database.open(large_db)


def test_a_healthy_large_file_opens_without_the_whole_file_check(
    large_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cheap checks cost milliseconds; ``PRAGMA quick_check`` waits for the background."""
    statements: list[str] = []
    real_connect = connect_raw

    def tracing(*args: object, **kwargs: object) -> object:
        conn = real_connect(*args, **kwargs)  # type: ignore[arg-type]
        conn.set_trace_callback(statements.append)
        return conn

    # Every module of desktop.db that opens raw connections, so that none of them goes unseen.
    users = [
        module
        for name, module in list(sys.modules.items())
        if name.startswith("desktop.db.") and getattr(module, "connect_raw", None) is real_connect
    ]
    assert users
    for module in users:
        monkeypatch.setattr(module, "connect_raw", tracing)
    started = time.perf_counter()
    db = Database.open(large_db)
    elapsed = time.perf_counter() - started
    db.dispose()
    assert not db.integrity_checked
    assert not [s for s in statements if "quick_check" in s.lower() or "integrity_check" in s.lower()]
    assert elapsed < 2.0, elapsed  # the whole check of this file alone takes longer on a slow disk
    check_integrity(large_db)  # and the whole check, when it runs, finds it sound


def test_damage_the_cheap_checks_miss_is_found_by_the_whole_check_and_told(
    large_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scribble_middle(large_db)
    told: list[tuple[Path, DatabaseError]] = []
    monkeypatch.setattr(policy, "_damage_listener", lambda path, error: told.append((path, error)))
    db = Database.open(large_db)  # the cheap checks pass: the first screen's tables are whole
    assert not db.integrity_checked
    db.dispose()
    before = digest(large_db)
    with pytest.raises(DatabaseDamagedError) as info:
        check_integrity(large_db)
    assert "skadet" in str(info.value)
    assert [path for path, _error in told] == [large_db]
    assert digest(large_db) == before


def test_a_text_that_is_not_utf8_is_damage_not_a_crash(
    large_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite's checks cannot see it; the read that meets it reports damage (and tells the GUI)."""
    from sqlmodel import select

    from desktop.models import Meeting

    spoil_text(large_db, "meeting", "place")
    told: list[Path] = []
    monkeypatch.setattr(policy, "_damage_listener", lambda path, error: told.append(path))
    db = Database.open(large_db)
    try:
        with pytest.raises(DatabaseDamagedError), db.session() as session:
            session.exec(select(Meeting.place)).all()
        from desktop.services.meeting.planning import MeetingService

        with pytest.raises(DatabaseDamagedError) as info:
            MeetingService(db).list_meetings(None)
        assert "Could not decode" not in str(info.value)  # the raw message quotes the stored text
    finally:
        db.dispose()
    assert told and set(told) == {large_db}


# -- the command line ------------------------------------------------------------------------------


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ANSVARSGRUPPE_LANG": "nb"}
    return subprocess.run(
        [sys.executable, "-m", "desktop", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def assert_damaged_message(result: subprocess.CompletedProcess[str], path: Path) -> None:
    assert result.returncode == 1, result
    assert "OperationalError" not in result.stderr and "loggfil" not in result.stderr.lower()
    assert "Traceback" not in result.stderr and "see the log file" not in result.stderr
    assert f"Databasen {path} er skadet" in result.stderr
    assert f"ansvarsgruppe restore --db {path}" in result.stderr  # the way back: the newest backup


def test_list_meetings_on_a_spoilt_text_prints_the_damaged_message(large_db: Path) -> None:
    """The issue's own case: list-meetings said «OperationalError: see the log file»."""
    spoil_text(large_db, "meeting", "place")
    assert_damaged_message(run_cli("list-meetings", "--db", str(large_db), "--json"), large_db)


def test_list_meetings_on_scribbled_pages_prints_the_damaged_message(large_db: Path) -> None:
    scribble_pages(large_db, pages_of(large_db, "meeting")[:2])
    assert_damaged_message(run_cli("list-meetings", "--db", str(large_db)), large_db)


def test_every_reading_command_says_damaged(large_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spoil_text(large_db, "meeting", "place")
    for argv in (["list-meetings", "--json"], ["agenda", "--meeting", "1", "--json"], ["tasks", "--open"]):
        code = main([argv[0], "--db", str(large_db), *argv[1:]])
        err = capsys.readouterr().err
        if argv[0] == "list-meetings":
            assert code == 1 and "skadet" in err, err
        assert "OperationalError" not in err and "see the log file" not in err


def test_an_untranslated_error_on_a_sound_file_names_its_code_not_its_text(large_db: Path) -> None:
    error = sqlite3.OperationalError("no such table: Kari Nordmann")
    error.sqlite_errorname = "SQLITE_ERROR"  # type: ignore[attr-defined]
    explained = explain_database_error(error, large_db)
    assert not isinstance(explained, DatabaseDamagedError)
    assert "SQLITE_ERROR" in str(explained) and "Kari" not in str(explained)


def test_an_untranslated_error_on_a_damaged_file_is_damage(large_db: Path) -> None:
    scribble_middle(large_db)
    error = sqlite3.IntegrityError("UNIQUE constraint failed: task.id")
    error.sqlite_errorname = "SQLITE_CONSTRAINT_PRIMARYKEY"  # type: ignore[attr-defined]
    assert isinstance(explain_database_error(error, large_db), DatabaseDamagedError)


def test_a_damaged_large_backup_is_not_restored(large_db: Path, tmp_path: Path) -> None:
    """Above the size the open checks only cheaply, restore still reads the whole backup first."""
    from desktop.errors import BackupError
    from desktop.services.backup import restore_backup

    damaged = tmp_path / "gammel.db"
    shutil.copyfile(large_db, damaged)
    scribble_middle(damaged)
    before = digest(large_db)
    with pytest.raises(BackupError, match="kan ikke gjenopprettes|cannot be restored"):
        restore_backup(large_db, damaged)
    assert digest(large_db) == before  # the sound database is untouched
