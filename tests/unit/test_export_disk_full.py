"""``export-minutes`` onto a full disk: the translated disk-full line, a non-zero exit, nothing lost.

Two places fill up: the database, where the version row stores the whole PDF, and the folder the
PDF is written to. SQLite is made to report a full disk for real with ``PRAGMA max_page_count`` on
the command's own connections; the PDF's disk is ``/dev/full`` (every write fails with ENOSPC), or
an ``fsync`` that reports ENOSPC, as a nearly full disk with delayed allocation does.
"""

from __future__ import annotations

import errno
import hashlib
import os
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.db import Database
from desktop.db import engine as db_engine
from desktop.errors import DiskFullError, UserError
from desktop.services.minutes.versions import MinutesService
from tests.conftest import TODAY
from tests.sql import sql_rows


def _held(db: Database, skip: int = 0) -> int:
    return sql_rows(db, "SELECT id FROM meeting WHERE status = 'held' ORDER BY id LIMIT 1 OFFSET ?", (skip,))[
        0
    ][0]


def _saved(db_path: Path) -> tuple[object, ...]:
    """Everything an export may change: the versions (with their PDFs), audit events, statuses."""
    database = Database.open(db_path, exclusive=False)
    try:
        versions = sql_rows(
            database, "SELECT id, version, sha256, length(pdf) FROM minutes_version ORDER BY id"
        )
        audit = sql_rows(database, "SELECT count(*) FROM audit_event")[0][0]
        statuses = sql_rows(database, "SELECT id, status FROM meeting ORDER BY id")
        return tuple(versions), audit, tuple(statuses)
    finally:
        database.dispose()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def exported(demo_db: Database, tmp_path: Path) -> tuple[Path, int, Path]:
    """(database, a held meeting, the file to write): the minutes of another meeting are already
    stored and written to that file. (A draft of the same meeting would be replaced in place: its
    freed pages would hold the new one, and the database would not need to grow.)"""
    out = tmp_path / "referat.pdf"
    MinutesService(demo_db).export(_held(demo_db), out=out, today=TODAY)
    meeting_id = _held(demo_db, skip=1)
    demo_db.dispose()
    return demo_db.path, meeting_id, out


def _export(db_path: Path, meeting_id: int, out: Path) -> int:
    return main(["export-minutes", "--db", str(db_path), "--meeting", str(meeting_id), "--out", str(out)])


def _database_full(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every connection the command opens may not grow the file: SQLite says «database or disk is full»."""
    on_connect = db_engine._on_connect

    def limited(dbapi_connection: object, record: object) -> None:
        on_connect(dbapi_connection, record)
        cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
        pages = cursor.execute("PRAGMA page_count").fetchone()[0]
        cursor.execute(f"PRAGMA max_page_count = {pages}")
        cursor.close()

    monkeypatch.setattr(db_engine, "_on_connect", limited)


def _one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err and "Error:" not in err, err
    return lines[0]


def test_a_full_database_gives_the_disk_full_message_and_keeps_what_was_saved(
    exported: tuple[Path, int, Path], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db_path, meeting_id, out = exported
    before, earlier_pdf = _saved(db_path), _digest(out)
    capsys.readouterr()
    _database_full(monkeypatch)
    code = _export(db_path, meeting_id, out)
    line = _one_line(capsys.readouterr().err)
    assert code == 1
    assert "Disken er full" in line and "OperationalError" not in line
    monkeypatch.undo()
    assert _saved(db_path) == before  # the earlier draft was not deleted for the new one
    assert _digest(out) == earlier_pdf  # the earlier file is left as it was
    assert not list(out.parent.glob("*.part"))
    assert main(["check", "--db", str(db_path)]) == 0
    assert _export(db_path, meeting_id, out) == 0  # once there is room, the same export works


def test_a_full_database_is_a_disk_full_error_for_every_caller(
    exported: tuple[Path, int, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The GUI's export and the confirmation flow call the service: they get the same error."""
    db_path, meeting_id, _out = exported
    _database_full(monkeypatch)
    database = Database.open(db_path)
    try:
        with pytest.raises(DiskFullError, match="Disken er full"):
            MinutesService(database).export(meeting_id, today=TODAY)
    finally:
        database.dispose()


def _redirect_part_files_to_dev_full(monkeypatch: pytest.MonkeyPatch) -> None:
    real_open = os.open

    def open_(path: object, flags: int, mode: int = 0o777, *args: object, **kwargs: object) -> int:
        if str(path).endswith(".pdf.part"):
            return real_open("/dev/full", os.O_WRONLY)
        return real_open(path, flags, mode, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", open_)


def _fsync_reports_a_full_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    def fsync(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", fsync)


@pytest.mark.parametrize("how", ["write to /dev/full", "fsync"])
def test_a_full_disk_for_the_pdf_gives_the_disk_full_message_and_stores_nothing(
    exported: tuple[Path, int, Path],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    how: str,
) -> None:
    db_path, meeting_id, out = exported
    if how == "write to /dev/full":
        if not Path("/dev/full").exists():
            pytest.skip("no /dev/full on this system")
        _redirect_part_files_to_dev_full(monkeypatch)
    else:
        _fsync_reports_a_full_disk(monkeypatch)
    before, earlier_pdf = _saved(db_path), _digest(out)
    capsys.readouterr()
    code = _export(db_path, meeting_id, out)
    line = _one_line(capsys.readouterr().err)
    monkeypatch.undo()
    assert code == 1
    assert "Disken er full" in line and str(out) in line
    assert _saved(db_path) == before  # no version stored for a file nobody received
    assert _digest(out) == earlier_pdf
    assert not list(out.parent.glob("*.part"))


def test_a_file_that_cannot_be_written_for_another_reason_says_so(tmp_path: Path) -> None:
    """Only ENOSPC (and a full quota) is called a full disk."""
    from desktop.services.minutes.files import _not_written

    assert "Disken er full" in str(_not_written(tmp_path / "r.pdf", OSError(errno.ENOSPC, "full")))
    other = _not_written(tmp_path / "r.pdf", OSError(errno.EACCES, "denied"))
    assert (
        isinstance(other, UserError)
        and "Disken er full" not in str(other)
        and "kunne ikke skrives" in str(other)
    )
