"""Where the minutes go: never over the database or a key, nothing stored when the file cannot be written."""

from __future__ import annotations

import hashlib
import stat
import sys
from datetime import datetime
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.db import Database
from desktop.services.minutes.collect import load_minutes_data
from desktop.services.minutes.versions import MinutesService
from tests.conftest import TODAY
from tests.sql import sql_rows


def _held(db: Database) -> int:
    return sql_rows(db, "SELECT id FROM meeting WHERE status = 'held' ORDER BY id LIMIT 1")[0][0]


def _stored(db: Database) -> tuple[int, int, str]:
    versions = sql_rows(db, "SELECT count(*) FROM minutes_version")[0][0]
    audit = sql_rows(db, "SELECT count(*) FROM audit_event WHERE action LIKE 'minutes%'")[0][0]
    statuses = ",".join(r[0] for r in sql_rows(db, "SELECT status FROM meeting ORDER BY id"))
    return versions, audit, statuses


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("target", ["database", "key", "text"])
def test_the_output_is_never_a_file_that_is_not_a_pdf(
    demo_db: Database, tmp_path: Path, target: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from desktop.services.minutes.signing_keys import generate_key

    key = generate_key("Kari Koordinator", "nøkkelpassord 123", out=tmp_path / "k.p12").path
    notes = tmp_path / "notater.txt"
    notes.write_text("mine notater", encoding="utf-8")
    path = {"database": demo_db.path, "key": key, "text": notes}[target]
    meeting_id = _held(demo_db)
    demo_db.dispose()
    before = _digest(path)
    code = main(
        ["export-minutes", "--db", str(demo_db.path), "--meeting", str(meeting_id), "--out", str(path)]
    )
    err = capsys.readouterr().err
    assert code == 1 and "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert "ikke en PDF" in err
    assert _digest(path) == before  # left as it was
    assert main(["check", "--db", str(demo_db.path)]) == 0


def test_an_earlier_export_is_replaced(demo_db: Database, tmp_path: Path) -> None:
    out = tmp_path / "referat.pdf"
    service = MinutesService(demo_db)
    first = service.export(_held(demo_db), out=out, today=TODAY)
    second = service.export(_held(demo_db), out=out, today=TODAY)
    assert first.version.version == second.version.version and out.read_bytes() == second.pdf
    assert stat.S_IMODE(out.stat().st_mode) == 0o600 or sys.platform == "win32"  # health data: the user only
    assert not list(tmp_path.glob("*.part"))


def test_nothing_is_stored_when_the_file_cannot_be_written(demo_db: Database, tmp_path: Path) -> None:
    out = tmp_path / "referat.pdf"
    (tmp_path / "referat.pdf.part").mkdir()  # the temporary file cannot be made (works as root too)
    before = _stored(demo_db)
    from desktop.errors import UserError

    with pytest.raises(UserError, match="kunne ikke skrives"):
        MinutesService(demo_db).export(_held(demo_db), out=out, today=TODAY)
    assert _stored(demo_db) == before  # no version, no audit event, no status change
    assert not out.exists()


def test_an_empty_database_file_is_refused_and_left_empty(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "tom.db"
    empty.touch()
    code = main(["export-minutes", "--db", str(empty), "--meeting", "1", "--out", str(tmp_path / "r.pdf")])
    assert code == 1 and "ikke en Ansvarsgruppe-database" in capsys.readouterr().err
    assert empty.stat().st_size == 0


def test_a_new_database_is_readable_by_the_user_only(tmp_path: Path) -> None:
    if sys.platform == "win32":
        pytest.skip("POSIX file modes")
    db = Database.open(tmp_path / "ny.db")
    db.dispose()
    assert stat.S_IMODE((tmp_path / "ny.db").stat().st_mode) == 0o600


def test_minutes_exported_later_name_the_meeting_held_next(demo_db: Database) -> None:
    """Without a date written in the meeting, «Neste møte» is the group's next meeting, held or planned."""
    rows = sql_rows(
        demo_db,
        "SELECT a.id, min(b.start) FROM meeting a JOIN meeting b ON b.case_id = a.case_id AND b.start > a.start"
        " AND b.status != 'cancelled' WHERE a.status = 'held' AND a.next_meeting_start IS NULL"
        " AND EXISTS (SELECT 1 FROM meeting c WHERE c.case_id = a.case_id AND c.start > a.start"
        " AND c.status IN ('held', 'signed')) GROUP BY a.id LIMIT 1",
    )
    if not rows:
        pytest.skip("the demo has no held meeting followed by another held one without a written date")
    meeting_id, next_start = rows[0]
    facts = load_minutes_data(demo_db, meeting_id).facts
    assert facts.next_meeting_start == datetime.fromisoformat(next_start)
    place = sql_rows(
        demo_db,
        "SELECT place FROM meeting WHERE start = ? AND case_id = ?",
        (next_start, sql_rows(demo_db, "SELECT case_id FROM meeting WHERE id = ?", (meeting_id,))[0][0]),
    )
    assert facts.next_meeting_place == place[0][0] != ""  # where, too


def test_minutes_keep_the_due_date_agreed_in_their_meeting(db: Database) -> None:
    """A later meeting moves a task's deadline: the earlier minutes still print the date agreed there."""
    from datetime import date, timedelta

    from desktop.models.enums import MeetingStatus, TaskReviewResult
    from desktop.services.meeting.task_review import TaskReviewService
    from tests.meeting_helpers import START, add_meeting, add_task, make_case

    case = make_case(db)
    first = add_meeting(db, case.case_id, START, status=MeetingStatus.HELD)
    second = add_meeting(db, case.case_id, START + timedelta(days=42), status=MeetingStatus.IN_PROGRESS)
    task_id = add_task(
        db, case.case_id, "Søke om bostøtte", meeting_id=first, created=START, due=date(2026, 12, 20)
    )
    task_review = TaskReviewService(db)
    task_review.review_task(
        second, task_id, TaskReviewResult.CONTINUED, "Venter på svar", new_due=date(2027, 2, 1)
    )
    # A second answer in the same meeting keeps the date the meeting started from.
    task_review.review_task(
        second, task_id, TaskReviewResult.CONTINUED, "Venter fortsatt", new_due=date(2027, 2, 8)
    )
    earlier = {t.id: t.due for t in load_minutes_data(db, first).tasks}
    later = {t.id: t.due for t in load_minutes_data(db, second).tasks}
    assert earlier[task_id] == date(2026, 12, 20)  # what the first meeting agreed
    assert later[task_id] == date(2027, 2, 8)  # continued, with the date set in the second
