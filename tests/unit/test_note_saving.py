"""``NoteService.set_note``, the write behind every autosave of the meeting runner.

It is a short transaction of Core statements (no ORM objects): these tests check that what it stores reads back
through the ORM as before, that the full-text index follows the note, and that a full disk is the
translated :class:`DiskFullError` with what was stored before left as it was. The disk fills up for
real (:class:`Disk`, used by the GUI's tests too).
"""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlmodel import select

from desktop import clock
from desktop.db import Database
from desktop.errors import DiskFullError, NotFoundError
from desktop.models import Note
from desktop.models.enums import NoteKind
from desktop.services.meeting.agenda import AgendaService
from desktop.services.meeting.capture import CaptureService
from desktop.services.meeting.notes import NoteService
from desktop.services.search import SearchService
from tests.meeting_helpers import add_meeting, make_case
from tests.sql import sql_connection

NO_LIMIT = 1_073_741_823  # SQLite's default max_page_count


class Disk:
    """The database file's disk, which can be filled up and freed again while the app runs.

    Every connection the app opens to the file gets ``PRAGMA max_page_count`` (an engine event);
    filling and freeing close the open ones, so the next write meets the new limit.
    """

    def __init__(self, db: Database, monkeypatch: pytest.MonkeyPatch | None = None) -> None:
        from sqlalchemy import event

        self.db = db
        self.full = False
        event.listen(db.engine, "connect", lambda connection, _record: self._limit(connection))
        db.close_connections()  # the connections open again, limited

    def _limit(self, connection: object) -> None:
        # Below the file's size SQLite takes its current size: not one page more.
        connection.execute(f"PRAGMA max_page_count = {1 if self.full else NO_LIMIT}")  # type: ignore[attr-defined]

    def fill(self) -> None:
        self.full = True
        self.db.close_connections()

    def free(self) -> None:
        self.full = False
        self.db.close_connections()


@pytest.fixture
def meeting(db: Database) -> tuple[int, int]:
    """(meeting id, the id of its first agenda item)."""
    case = make_case(db)
    meeting_id = add_meeting(db, case.case_id)
    agenda = AgendaService(db)
    agenda.save_generated(meeting_id)
    return meeting_id, agenda.agenda(meeting_id)[0].id


def _notes(db: Database, meeting_id: int) -> list[Note]:
    with db.session() as session:
        return list(session.exec(select(Note).where(Note.meeting_id == meeting_id).order_by(Note.id)))


def _found(db: Database, word: str) -> bool:
    return any(hit.kind == "note" for hit in SearchService(db).search(word))


def test_a_note_is_stored_as_the_orm_reads_it_one_row_per_item_and_kind(
    db: Database, meeting: tuple[int, int]
) -> None:
    meeting_id, item_id = meeting
    note_service = NoteService(db)
    with clock.use(clock.FixedClock(datetime(2026, 11, 25, 10, 0), frozen=True)):
        note_service.set_note(meeting_id, item_id, NoteKind.NOTE, "første")
        note_service.set_note(meeting_id, None, NoteKind.NOTE, "om møtet")
        note_service.set_note(meeting_id, item_id, NoteKind.USER_WORDS, "Jeg vil bo nær søsteren min.")
    with clock.use(clock.FixedClock(datetime(2026, 11, 25, 10, 5), frozen=True)):
        note_service.set_note(meeting_id, item_id, NoteKind.NOTE, "andre")
        note_service.set_note(meeting_id, None, NoteKind.NOTE, "om møtet")  # the same text: not rewritten
    notes = {(n.agenda_item_id, n.kind): n for n in _notes(db, meeting_id)}
    assert len(notes) == 3
    first = notes[(item_id, NoteKind.NOTE)]
    assert first.text == "andre" and first.updated_at == datetime(2026, 11, 25, 10, 5)
    assert first.is_internal is False
    assert notes[(None, NoteKind.NOTE)].updated_at == datetime(2026, 11, 25, 10, 0)
    assert notes[(item_id, NoteKind.USER_WORDS)].text == "Jeg vil bo nær søsteren min."
    assert CaptureService(db).capture(meeting_id).notes[(item_id, NoteKind.NOTE.value)] == "andre"
    with pytest.raises(NotFoundError):
        note_service.set_note(meeting_id + 1000, None, NoteKind.NOTE, "x")


def test_the_search_index_follows_the_note(db: Database, meeting: tuple[int, int]) -> None:
    meeting_id, item_id = meeting
    notes = NoteService(db)
    notes.set_note(meeting_id, item_id, NoteKind.NOTE, "Kari ringer boligkontoret")
    assert _found(db, "boligkontoret")
    notes.set_note(meeting_id, item_id, NoteKind.NOTE, "Kari ringer NAV om depositum")
    assert _found(db, "depositum") and not _found(db, "boligkontoret")
    with sql_connection(db) as connection:  # the external-content index matches the table, row by row
        connection.execute("INSERT INTO note_fts(note_fts, rank) VALUES ('integrity-check', 1)")


def test_a_full_disk_is_the_translated_error_and_keeps_what_was_stored(
    db: Database, meeting: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    meeting_id, item_id = meeting
    notes = NoteService(db)
    notes.set_note(meeting_id, item_id, NoteKind.NOTE, "Kari ringer boligkontoret")
    disk = Disk(db, monkeypatch)
    disk.fill()
    longer = "Kari ringer boligkontoret. " + "Hun forteller om søvnen og om depositumet. " * 2_000
    with pytest.raises(DiskFullError, match="Disken er full"):
        notes.set_note(meeting_id, item_id, NoteKind.NOTE, longer)
    with pytest.raises(DiskFullError):  # a new row as well
        notes.set_note(meeting_id, None, NoteKind.USER_WORDS, longer)
    assert [(n.agenda_item_id, n.text) for n in _notes(db, meeting_id)] == [
        (item_id, "Kari ringer boligkontoret")
    ]
    assert _found(db, "boligkontoret") and not _found(db, "depositumet")

    disk.free()  # the same call works once there is room
    notes.set_note(meeting_id, item_id, NoteKind.NOTE, longer)
    assert _notes(db, meeting_id)[0].text == longer
    assert _found(db, "depositumet")
    with sql_connection(db) as connection:
        connection.execute("INSERT INTO note_fts(note_fts, rank) VALUES ('integrity-check', 1)")
