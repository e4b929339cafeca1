"""Typing onto a full disk: the note is "saved" only once it has committed, a failed write stays on
the screen and is tried again, and the meeting cannot be finished, left or quit until it is saved.

The disk fills up for real (:class:`tests.unit.test_note_saving.Disk`): ``PRAGMA max_page_count``
on every connection to the file, so SQLite itself refuses to grow the file and says «database or
disk is full», exactly as on a full disk. Freeing the space lifts the limit again.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop import clock
from desktop.db import Database
from desktop.models.enums import MeetingStatus, NoteKind
from desktop.services.meeting.planning import MeetingService
from desktop.ui.meeting.note_saver import RETRY_MS
from desktop.ui.meeting.runner import MeetingRunner
from desktop.ui.meeting.workspace import KEEP, MeetingWorkspace
from tests.meeting_helpers import add_meeting
from tests.sql import sql_rows
from tests.unit.test_note_saving import Disk

CASE_ID = 1
PASTED = ("Kari forteller om leiligheten, om NAV og om hvordan hun har det med søvnen.\n" * 300)[:20_000]
WAIT_MS = 5_000
Running = tuple[int, MeetingRunner]


def stored_note(db: Database, meeting_id: int, item_id: int) -> str | None:
    rows = sql_rows(
        db,
        "SELECT text FROM note WHERE meeting_id = ? AND agenda_item_id = ? AND kind = ?",
        (meeting_id, item_id, NoteKind.NOTE.value),
    )
    return rows[0][0] if rows else None


def paste(qtbot, editor, text: str) -> None:  # noqa: ANN001
    QApplication.clipboard().setText(text)
    qtbot.keyClick(editor, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)


def unsaved_paste_in_window(qtbot, db: Database, monkeypatch: pytest.MonkeyPatch):  # noqa: ANN001, ANN201
    """The main window running a meeting of the demo case, a 20 000-character paste on a full disk
    not saved (the timer's retry pushed far away), and QMessageBox.warning recorded: (window,
    meeting id, item id, the disk, the warnings)."""
    from desktop.ui.main_window import MainWindow

    window = MainWindow(db)
    qtbot.addWidget(window)
    window.show()
    meeting_id = add_meeting(db, CASE_ID, clock.now().replace(second=0) - timedelta(minutes=10))
    window.open_meeting(meeting_id)
    workspace = window.meeting_workspace
    workspace.ask_move_start = lambda planned: KEEP
    workspace.start_meeting()
    runner = workspace.runner
    item_id = runner.current_item().id
    runner.notes_pane.notes_edit.setFocus()
    disk = paste_onto_a_full_disk(qtbot, workspace, db, monkeypatch)
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text, *a, **k: warnings.append(text))
    return window, meeting_id, item_id, disk, warnings


def paste_onto_a_full_disk(
    qtbot, workspace: MeetingWorkspace, db: Database, monkeypatch: pytest.MonkeyPatch
) -> Disk:  # noqa: ANN001
    """Fill the disk, paste 20 000 characters into the running meeting's notes and wait until the
    runner says they are not saved; the timer's retry is pushed far away (a test retries itself)."""
    runner = workspace.runner
    workspace.ctx.notes._retry.setInterval(10 * 60_000)
    disk = Disk(db, monkeypatch)
    disk.fill()
    paste(qtbot, runner.notes_pane.notes_edit, PASTED)
    qtbot.waitUntil(lambda: runner.notes_pane.saved_label.text().startswith("Ikke lagret!"), timeout=WAIT_MS)
    return disk


@pytest.fixture
def running(qtbot, workspace: MeetingWorkspace, demo_db: Database) -> Iterator[Running]:  # noqa: ANN001
    """A meeting of the demo case in progress in the runner, a first line typed and saved."""
    start = clock.now().replace(second=0) - timedelta(minutes=10)
    meeting_id = add_meeting(demo_db, CASE_ID, start)
    workspace.open_meeting(meeting_id)
    workspace.start_meeting()
    runner = workspace.runner
    assert workspace.stack.currentWidget() is runner
    runner.notes_pane.notes_edit.setFocus()
    qtbot.keyClicks(runner.notes_pane.notes_edit, "Alle er her. ")
    qtbot.waitUntil(lambda: runner.notes_pane.saved_label.text() == "Lagret", timeout=WAIT_MS)
    yield meeting_id, runner


def test_a_full_disk_keeps_the_text_unsaved_and_the_meeting_open_until_it_is_saved(
    qtbot, workspace: MeetingWorkspace, demo_db: Database, running: Running, monkeypatch: pytest.MonkeyPatch
) -> None:
    meeting_id, runner = running
    item_id = runner.current_item().id
    assert stored_note(demo_db, meeting_id, item_id) == "Alle er her. "
    disk = Disk(demo_db, monkeypatch)
    disk.fill()

    editor = runner.notes_pane.notes_edit
    paste(qtbot, editor, PASTED)
    qtbot.keyClicks(editor, "Hun flytter inn i mars.")
    typed = editor.toPlainText()
    assert typed.endswith(PASTED + "Hun flytter inn i mars.")

    # Not "Saved": the label says it is not saved, and why; so does the workspace's message
    qtbot.waitUntil(lambda: runner.notes_pane.saved_label.text().startswith("Ikke lagret!"), timeout=WAIT_MS)
    assert "Disken er full" in runner.notes_pane.saved_label.text()
    assert "Disken er full" in workspace.status_label.text()
    assert stored_note(demo_db, meeting_id, item_id) == "Alle er her. "  # what was saved before is safe

    # Finishing the meeting (the button, or Ctrl+Shift+Enter) is refused, saying why
    runner.finish_button.click()
    assert workspace.stack.currentWidget() is runner
    message = workspace.status_label.text()
    assert message.startswith("Møtet kan ikke avsluttes ennå. Det du har skrevet, er ikke lagret.")
    assert "Disken er full" in message
    assert MeetingService(demo_db).meeting(meeting_id).status == MeetingStatus.IN_PROGRESS
    # and so is leaving the meeting screen
    with qtbot.assertNotEmitted(workspace.finished):
        workspace.back_button.click()
    assert workspace.status_label.text().startswith("Du kan ikke gå ut av møtet ennå.")
    assert editor.hasFocus() and editor.toPlainText() == typed  # nothing typed was taken away

    # The retry timer keeps trying while the disk is full: still not saved, still refused
    qtbot.wait(RETRY_MS + 500)
    assert runner.notes_pane.saved_label.text().startswith("Ikke lagret!")
    assert stored_note(demo_db, meeting_id, item_id) == "Alle er her. "

    # Space is freed: the next retry saves it, without anyone typing
    disk.free()
    qtbot.waitUntil(lambda: runner.notes_pane.saved_label.text() == "Lagret", timeout=RETRY_MS + WAIT_MS)
    assert stored_note(demo_db, meeting_id, item_id) == typed
    assert "alt du har skrevet, er i databasen igjen" in workspace.status_label.text()

    # The meeting is finished and closed normally; the note is in the database afterwards
    runner.finish_button.click()
    review = workspace.review
    assert workspace.stack.currentWidget() is review
    review.close_button.click()
    assert MeetingService(demo_db).meeting(meeting_id).status == MeetingStatus.HELD
    assert stored_note(demo_db, meeting_id, item_id) == typed


def test_the_next_keystroke_tries_again_without_waiting_for_the_timer(
    qtbot, workspace: MeetingWorkspace, demo_db: Database, running: Running, monkeypatch: pytest.MonkeyPatch
) -> None:
    meeting_id, runner = running
    item_id = runner.current_item().id
    workspace.ctx.notes._retry.setInterval(10 * 60_000)  # the timer would not come in this test
    disk = Disk(demo_db, monkeypatch)
    disk.fill()
    paste(qtbot, runner.notes_pane.notes_edit, PASTED)
    qtbot.waitUntil(lambda: runner.notes_pane.saved_label.text().startswith("Ikke lagret!"), timeout=WAIT_MS)
    disk.free()
    qtbot.keyClicks(runner.notes_pane.notes_edit, "!")
    qtbot.waitUntil(lambda: runner.notes_pane.saved_label.text() == "Lagret", timeout=WAIT_MS)
    assert stored_note(demo_db, meeting_id, item_id) == "Alle er her. " + PASTED + "!"


def test_trying_to_leave_after_space_is_freed_saves_at_once_and_leaves(
    qtbot, workspace: MeetingWorkspace, demo_db: Database, running: Running, monkeypatch: pytest.MonkeyPatch
) -> None:
    meeting_id, runner = running
    item_id = runner.current_item().id
    disk = paste_onto_a_full_disk(qtbot, workspace, demo_db, monkeypatch)
    disk.free()
    with qtbot.waitSignal(workspace.finished, timeout=WAIT_MS):
        workspace.back_button.click()  # one more try before leaving: it works now
    assert stored_note(demo_db, meeting_id, item_id) == "Alle er her. " + PASTED


def test_undo_after_a_failed_write_saves_the_undone_text_and_nothing_older(
    qtbot, workspace: MeetingWorkspace, demo_db: Database, running: Running, monkeypatch: pytest.MonkeyPatch
) -> None:
    meeting_id, runner = running
    item_id = runner.current_item().id
    disk = paste_onto_a_full_disk(qtbot, workspace, demo_db, monkeypatch)
    workspace.undo()  # the typing of this item is one undo step: back to the empty note
    assert runner.notes_pane.notes_edit.toPlainText() == ""
    # A shorter text needs no new page: it commits even on the full disk, and replaces the failed one
    assert workspace.unsaved_text("-") == ""
    assert stored_note(demo_db, meeting_id, item_id) == ""
    assert runner.notes_pane.saved_label.text() == "Lagret"
    disk.free()
    workspace.ctx.notes.retry()
    workspace.ctx.writer.wait()
    assert stored_note(demo_db, meeting_id, item_id) == ""  # the failed paste is not written later


def test_the_app_refuses_to_quit_with_unsaved_text_and_says_why(
    qtbot, demo_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    window, meeting_id, item_id, disk, warnings = unsaved_paste_in_window(qtbot, demo_db, monkeypatch)
    workspace = window.meeting_workspace
    window.show_cases()  # another page of the window: the text stays in the workspace, unsaved
    assert not window.close()  # File › Quit, the window's close button, Alt+F4
    assert window.isVisible() and window.stack.currentWidget() is workspace
    assert len(warnings) == 1
    assert warnings[0].startswith("Ansvarsgruppe kan ikke lukkes ennå. Det du har skrevet, er ikke lagret.")
    assert "Disken er full" in warnings[0]
    assert PASTED not in (stored_note(demo_db, meeting_id, item_id) or "")

    disk.free()
    assert window.close()  # one more try on closing: saved, and the window closes
    assert len(warnings) == 1
    check = Database.open(demo_db.path, exclusive=False)
    try:
        assert stored_note(check, meeting_id, item_id) == PASTED
    finally:
        check.dispose()


def test_a_slow_write_never_queues_whole_note_rewrites_only_the_newest_text_follows(
    qtbot, workspace: MeetingWorkspace, running: Running
) -> None:
    """While one write of a note runs, newer texts wait and only the newest is written next: a
    slow disk cannot build a backlog that makes every later save later still."""
    import threading

    meeting_id, runner = running
    ctx = workspace.ctx
    key = ctx.note_key(runner.current_item().id, NoteKind.NOTE)
    written: list[str] = []
    release = threading.Event()
    real = ctx.note_service.set_note

    def slow(meeting: int, item: int | None, kind: NoteKind, text: str) -> None:
        release.wait(5)
        real(meeting, item, kind, text)
        written.append(text)

    ctx.note_service.set_note = slow  # type: ignore[method-assign]
    try:
        for text in ("a", "ab", "abc", "abcd"):
            ctx.notes.save(key, text)
        assert not ctx.notes.is_saved() and ctx.notes.unsaved_reason()
        release.set()
        qtbot.waitUntil(ctx.notes.is_saved, timeout=WAIT_MS)
    finally:
        ctx.note_service.set_note = real  # type: ignore[method-assign]
    assert written == ["a", "abcd"]
    assert ctx.capture.capture(meeting_id).notes[(key[1], NoteKind.NOTE.value)] == "abcd"
    assert runner.notes_pane.saved_label.text() == "Lagret"


@pytest.mark.parametrize("action", ["open another database", "restore a backup", "encrypt"])
def test_the_open_database_is_not_replaced_while_typed_text_is_unsaved(
    qtbot,
    demo_db: Database,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path,
    action: str,  # noqa: ANN001
) -> None:
    """Opening another file, restoring a backup and encrypting replace the open database and drop
    the meeting screen: each waits, like quitting, until what was typed has reached the database."""
    from desktop.services.backup import create_backup
    from desktop.ui.security_menu import install_security_menu

    backup = create_backup(demo_db).path
    other = tmp_path / "annen.db"
    Database.open(other).dispose()
    window, meeting_id, item_id, disk, warnings = unsaved_paste_in_window(qtbot, demo_db, monkeypatch)
    menu = install_security_menu(window)
    workspace, runner = window.meeting_workspace, window.meeting_workspace.runner
    replace = {
        "open another database": lambda: window.commands.open_path(other),
        "restore a backup": lambda: menu.restore_from(backup),
        "encrypt": lambda: menu.encrypt_with("en lang nok passfrase"),
    }[action]

    replace()
    assert window.db is demo_db and window.meeting_workspace is workspace  # nothing was replaced
    assert len(warnings) == 1 and "Det du har skrevet, er ikke lagret." in warnings[0]
    assert "Disken er full" in warnings[0]
    assert not demo_db.is_encrypted and runner.notes_pane.notes_edit.toPlainText().endswith(PASTED)

    disk.free()
    replace()  # one more try: the text is saved first, then the database is replaced
    assert window.db is not demo_db and len(warnings) == 1
    if action != "restore a backup":  # (a restore puts the backup's older contents back, by design)
        from sqlmodel import select

        from desktop.models import Note

        passphrase = "en lang nok passfrase" if action == "encrypt" else None
        check = Database.open(demo_db.path, passphrase=passphrase, exclusive=False)
        try:
            with check.session() as session:
                notes = session.exec(
                    select(Note).where(Note.meeting_id == meeting_id, Note.agenda_item_id == item_id)
                )
                assert PASTED in [n.text for n in notes]
        finally:
            check.dispose()
