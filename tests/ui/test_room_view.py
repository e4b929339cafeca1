"""The room view follows the runner live and shows only what the person's consents allow."""

from __future__ import annotations

import html
import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMainWindow
from sqlmodel import select

from desktop.db import Database
from desktop.models import Attendance, Member, Note, Task
from desktop.models.enums import AttendanceStatus, NoteKind, PartyType
from desktop.ui.idle_lock import IdleLock
from desktop.ui.meeting.room_view import RoomView, choose_screen
from desktop.ui.meeting.undo_commands import AttendanceValue, SetAttendanceCommand
from desktop.ui.meeting.workspace import KEEP, MeetingWorkspace
from tests.meeting_helpers import start_new_meeting

# Kari Nordmann: NAV (Mona Berg) has refused the full minutes, the GP (Dr. Anne Moe) was never asked,
# next of kin have no consent.
CASE_ID = 1
FULL_CONSENT = {
    "Kari Nordmann",
    "Ingrid Haugen",
    "Tor Eriksen",
    "Hanne Solberg",
    "Lars Vik",
    "Geir Pedersen",
}


def _start_meeting(qtbot, workspace: MeetingWorkspace, db: Database) -> int:
    return start_new_meeting(qtbot, workspace, db, CASE_ID)


def _plain(rich: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", rich)).strip()


def _room_text(room: RoomView) -> str:
    """Every text the room view shows now (visible labels only)."""
    return "\n".join(
        _plain(lbl.text()) for lbl in room.findChildren(QLabel) if lbl.isVisibleTo(room) and lbl.text()
    )


def _mark(
    workspace: MeetingWorkspace, db: Database, meeting_id: int, names: set[str], status: AttendanceStatus
) -> None:
    ctx = workspace.ctx
    with db.session() as s:
        rows = s.exec(
            select(Attendance, Member)
            .join(Member, Member.id == Attendance.member_id)
            .where(Attendance.meeting_id == meeting_id)
        ).all()
        targets = [(m.id, m.name) for _a, m in rows if m.name in names]
    for member_id, _name in targets:
        ctx.push(
            SetAttendanceCommand(
                ctx, member_id, AttendanceValue(None, None, False), AttendanceValue(status, None, False)
            )
        )


def _invited_names(db: Database, meeting_id: int) -> set[str]:
    with db.session() as s:
        return {
            m.name
            for _a, m in s.exec(
                select(Attendance, Member)
                .join(Member, Member.id == Attendance.member_id)
                .where(Attendance.meeting_id == meeting_id)
            ).all()
        }


def test_the_room_view_follows_the_runner_and_hides_what_it_must(
    qtbot, workspace: MeetingWorkspace, demo_db: Database
) -> None:
    meeting_id = _start_meeting(qtbot, workspace, demo_db)
    runner = workspace.runner
    invited = _invited_names(demo_db, meeting_id)
    assert "Mona Berg" in invited  # NAV is invited, but the user has refused to share the minutes

    # Opened from the runner's action (Ctrl+Shift+R); one screen offscreen: a normal window.
    action = workspace._actions["room"]
    assert action.shortcut().toString() == "Ctrl+Shift+R"
    assert action.isEnabled()
    action.trigger()
    room = runner.room_view
    assert room is not None and room.isVisible() and not room.isFullScreen()

    # Nobody is marked yet: NAV may be in the room, so only the item's kind is shown.
    assert room.content is not None and room.content.is_restricted
    assert room.restricted_label.isVisibleTo(room)
    assert "samtykke" in workspace.status_label.text()  # the coordinator is told why, not the room

    # Everyone without full consent is marked absent: the room shows the whole meeting.
    _mark(workspace, demo_db, meeting_id, invited - FULL_CONSENT, AttendanceStatus.ABSENT)
    _mark(workspace, demo_db, meeting_id, invited & FULL_CONSENT, AttendanceStatus.PRESENT)
    qtbot.waitUntil(lambda: room.content is not None and not room.content.is_restricted)
    item = runner.current_item()
    assert item is not None
    assert item.title in room.heading_label.text()
    assert not room.restricted_label.isVisibleTo(room)

    # An agreement typed in the runner appears on the shared screen.
    runner.focus_decision()
    qtbot.keyClicks(runner.agreements.decision_edit, "Kari søker om bostøtte innen fredag")
    qtbot.keyClick(runner.agreements.decision_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Kari søker om bostøtte innen fredag" in room.decisions_label.text())

    # A task for the person themself: offered as «dette gjør jeg selv», shown first with her name.
    assert "dette gjør jeg selv" in runner.task_form.task_person.itemText(1)
    qtbot.keyClicks(runner.task_form.task_text, "Ringe NAV om time")
    runner.task_form.task_person.setCurrentIndex(4)
    qtbot.keyClick(runner.task_form.task_text, Qt.Key.Key_Return)
    qtbot.keyClicks(runner.task_form.task_text, "Fylle ut søknaden")
    runner.task_form.task_person.setCurrentIndex(1)
    qtbot.keyClick(runner.task_form.task_text, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Fylle ut søknaden" in room.tasks_label.text())
    tasks_text = _plain(room.tasks_label.text())
    assert tasks_text.startswith("Kari: Dette gjør jeg selv")
    assert tasks_text.index("Fylle ut søknaden") < tasks_text.index("Ringe NAV om time")
    with demo_db.session() as s:
        own = s.exec(
            select(Task).where(Task.meeting_id == meeting_id, Task.text == "Fylle ut søknaden")
        ).one()
        assert own.party == PartyType.USER

    # The person's own words appear once saved; the coordinator's notes never do.
    runner.focus_words()
    qtbot.keyClicks(runner.notes_pane.words_edit, "Jeg vil bo nær søsteren min")
    runner.focus_notes()
    qtbot.keyClicks(runner.notes_pane.notes_edit, "Arbeidsnotat: sjekk gjeld")
    qtbot.waitUntil(lambda: "Jeg vil bo nær søsteren min" in room.words_label.text())
    assert room.words_box.isVisibleTo(room)
    assert "sjekk gjeld" not in _room_text(room)

    # Words marked internal for the next item never reach the room; moving on follows the runner.
    next_item = runner.items()[runner._row + 1]
    with demo_db.session() as s:
        s.add(
            Note(
                meeting_id=meeting_id,
                agenda_item_id=next_item.id,
                kind=NoteKind.USER_WORDS,
                text="Intern: vurdering av rusbruk",
                is_internal=True,
            )
        )
    workspace._actions["next"].trigger()
    qtbot.waitUntil(lambda: next_item.title in room.heading_label.text())
    assert "Intern" not in _room_text(room)

    # NAV joins on video: the room hides agreements, tasks and words at once.
    _mark(workspace, demo_db, meeting_id, {"Mona Berg"}, AttendanceStatus.REMOTE)
    qtbot.waitUntil(lambda: room.content is not None and room.content.is_restricted)
    shown = _room_text(room)
    assert "bostøtte" not in shown and "Fylle ut" not in shown and "Ringe NAV" not in shown
    assert next_item.title not in shown or next_item.title == room.content.item_heading
    assert room.restricted_label.isVisibleTo(room)
    assert "samtykke" in workspace.status_label.text()  # the coordinator is told, on their screen

    # Escape or the same keys close it from the room view's own window.
    keys = [k.toString() for k in room.close_action.shortcuts()]
    assert keys == ["Esc", "Ctrl+Shift+R"]
    room.close_action.trigger()
    assert not room.isVisible()
    action.trigger()
    assert room.isVisible()

    # The same action closes it; leaving the runner closes it too.
    action.trigger()
    assert not room.isVisible()
    action.trigger()
    assert room.isVisible()
    workspace.show_review()
    assert not room.isVisible()


def test_goal_items_show_the_persons_words_first(
    qtbot, workspace: MeetingWorkspace, demo_db: Database
) -> None:
    meeting_id = _start_meeting(qtbot, workspace, demo_db)
    invited = _invited_names(demo_db, meeting_id)
    _mark(workspace, demo_db, meeting_id, invited - FULL_CONSENT, AttendanceStatus.ABSENT)
    runner = workspace.runner
    goal_row = next(n for n, item in enumerate(runner.items()) if item.kind == "goal")
    runner.go_to(goal_row)
    runner.toggle_room_view()
    room = runner.room_view
    assert room is not None and room.content is not None and room.content.goal is not None
    goal = room.content.goal
    assert room.goal_box.isVisibleTo(room)
    assert room.goal_label.text() == f"«{goal.own_words}»"
    assert "Kari" in room.goal_caption.text()
    layout_order = [room.goal_label, room.professional_label]
    assert room.goal_box.layout().indexOf(layout_order[0]) < room.goal_box.layout().indexOf(layout_order[1])
    if goal.professional_text:
        assert room.professional_label.text().endswith(goal.professional_text)
    runner.toggle_room_view()


def test_the_room_view_scales_its_type_for_the_projector(qtbot, demo_db: Database) -> None:
    room = RoomView(demo_db, lambda: 0, lambda: None)
    qtbot.addWidget(room)
    room.show()
    room.resize(1366, 768)
    qtbot.waitUntil(lambda: room.base_size == 21)
    room.resize(1920, 1080)
    qtbot.waitUntil(lambda: room.base_size == 30)
    assert "font-size: 30px" in room.styleSheet()


def test_a_second_screen_is_chosen_when_there_is_one() -> None:
    primary, projector = object(), object()
    assert choose_screen([primary, projector], primary) is projector  # type: ignore[list-item]
    assert choose_screen([primary], primary) is None  # type: ignore[list-item]


def test_the_room_view_closes_when_the_app_locks_or_the_window_closes(qtbot, demo_db: Database) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    workspace = MeetingWorkspace(demo_db)
    window.setCentralWidget(workspace)
    lock = IdleLock(window, lambda: demo_db, minutes=0)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    workspace.ask_move_start = lambda planned: KEEP
    _start_meeting(qtbot, workspace, demo_db)
    workspace.runner.toggle_room_view()
    room = workspace.runner.room_view
    assert room is not None and room.isVisible()
    lock.locked_changed.emit(True)  # what IdleLock.lock() announces for an encrypted database
    assert not room.isVisible()
    # Closing the coordinator's window closes the shared screen too (and it never keeps the app alive).
    workspace.runner.toggle_room_view()
    assert room.isVisible()
    assert not room.testAttribute(Qt.WidgetAttribute.WA_QuitOnClose)
    window.close()
    assert not room.isVisible()
    workspace.runner.stop()
    workspace.ctx.writer.wait()


def test_restricted_the_room_still_shows_the_agenda_and_the_time(
    qtbot, workspace: MeetingWorkspace, demo_db: Database
) -> None:
    """Never a nearly empty screen: restricted, the room sees the agenda (the standard items by
    title, the others by kind), where the meeting is, the clock and when it ends."""
    _start_meeting(qtbot, workspace, demo_db)
    runner = workspace.runner
    goal_row = next(n for n, item in enumerate(runner.items()) if item.kind == "goal")
    runner.go_to(goal_row)
    runner.toggle_room_view()
    room = runner.room_view
    assert room is not None and room.content is not None and room.content.is_restricted
    agenda = room.agenda_label.text()
    assert "▶" in agenda and f"{room.content.item_label}. Mål" in agenda
    goal_title = runner.items()[goal_row].title
    assert goal_title not in agenda and goal_title not in room.heading_label.text()
    assert "saker er gjennomgått" in agenda  # the items before are counted, not listed
    # the test clock starts at 10.00 and runs: the meeting ends its planned length after its start
    assert re.fullmatch(r"Klokka \d\d\.\d\d · møtet slutter \d\d\.\d\d", room.time_label.text())
    assert room.restricted_label.isVisibleTo(room)
