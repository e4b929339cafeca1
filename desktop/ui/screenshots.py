"""Offscreen screenshots of the main views, for the README and for reviewing layouts.

Each view is rendered at the usable areas of the laptops coordinators have (1366×700: a 1366×768
screen less taskbar and title bar; 1280×650: 1920×1080 at 150 %), one folder per size, plus the
room view (restricted and full), the life-area ratings chart and the confirmation screen.

The screens are rendered from a *copy* of the database (SQLite's backup API into a temporary
folder), because showing the meeting runner starts a meeting: the user's file is never changed.
File names are fixed view names; they never contain case content.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from desktop import clock
from desktop.errors import UserError
from desktop.i18n import _

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication, QWidget

    from desktop.db import Database
    from desktop.ui.main_window import MainWindow

USABLE_AREAS: tuple[tuple[int, int], ...] = ((1366, 700), (1280, 650))
ROOM_SIZE = (1280, 720)  # the shared screen: a projector or a TV
SETTLE_SECONDS = 10.0


def _is_loading(window: MainWindow) -> bool:
    board = window.task_board
    return board is not None and board.is_loading


def render_screenshots(
    db_path: Path,
    out_dir: Path,
    *,
    passphrase: str | None = None,
    language: str | None = None,
    scale: float | None = None,
    font_size: float | None = None,
    sizes: Sequence[tuple[int, int]] = USABLE_AREAS,
) -> list[Path]:
    """Write the PNGs to ``out_dir/<width>x<height>/`` for each of ``sizes`` and return their paths
    (views that cannot be shown are skipped).

    ``language`` may be the pseudo-locale; ``scale`` sets ``QT_SCALE_FACTOR`` (200 % is 2; it only
    takes effect before the first QApplication of the process) and ``font_size`` the application
    font in points, as a user's large system font would: both for finding clipped text.
    """
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if scale is not None:
        os.environ["QT_SCALE_FACTOR"] = f"{scale:g}"
    from desktop.db import Database, online_backup

    if not Path(db_path).exists():
        raise UserError(_("No database at {path}.").format(path=db_path))
    out_dir.mkdir(parents=True, exist_ok=True)
    from desktop.ui.app import create_application

    app = create_application(language)
    if font_size is not None:
        from PySide6.QtWidgets import QApplication

        font = QApplication.font()
        font.setPointSizeF(font_size)
        QApplication.setFont(font)
    written: list[Path] = []
    for width, height in sizes:
        folder = out_dir / f"{width}x{height}"
        folder.mkdir(exist_ok=True)
        with tempfile.TemporaryDirectory(prefix="ansvarsgruppe-screens-") as tmp:
            copy = Path(tmp) / "screens.db"
            online_backup(Path(db_path), copy, passphrase=passphrase)
            db = Database.open(copy, passphrase=passphrase) if passphrase else Database.open(copy)
            try:
                written += _render_all(app, db, folder, shown_path=Path(db_path), size=(width, height))
            finally:
                db.dispose()
    return written


# A few minutes of a meeting, written into the scratch copy so that the runner and the review
# show what a meeting in progress looks like. Fictional, like the demo data.
_EXAMPLE_NOTE = "Kari forteller at uka har gått bedre. Hun har vært på visning av en leilighet på Ajer."
_EXAMPLE_WORDS = "Jeg gleder meg til å flytte, men gruer meg til kveldene alene."
_EXAMPLE_DECISION = "Boligkontoret gir svar på søknaden før utskrivning."
_EXAMPLE_TASK = "Sende kopi av husleiekontrakten til NAV"


def _capture_example(db: Database, meeting_id: int) -> None:
    from datetime import timedelta

    from desktop.models.enums import AttendanceStatus, NoteKind, PartyType
    from desktop.services.meeting.agenda import AgendaService
    from desktop.services.meeting.agreements import AgreementService
    from desktop.services.meeting.attendance import AttendanceService
    from desktop.services.meeting.notes import NoteService

    attendance = AttendanceService(db)
    for number, row in enumerate(attendance.attendance(meeting_id)):
        status = AttendanceStatus.EXCUSED if row.party == PartyType.GP.value else AttendanceStatus.PRESENT
        attendance.set_attendance(
            meeting_id, row.member_id, status if number < 6 else AttendanceStatus.REMOTE
        )
    items = AgendaService(db).agenda(meeting_id)
    first_item = items[0].id if items else None
    notes = NoteService(db)
    notes.set_note(meeting_id, first_item, NoteKind.NOTE, _EXAMPLE_NOTE)
    notes.set_note(meeting_id, first_item, NoteKind.USER_WORDS, _EXAMPLE_WORDS)
    agreements = AgreementService(db)
    agreements.add_decision(meeting_id, first_item, _EXAMPLE_DECISION)
    agreements.add_task(
        meeting_id, first_item, _EXAMPLE_TASK, PartyType.USER, due=clock.today() + timedelta(days=14)
    )


def _only_full_consent_present(db: Database, meeting_id: int) -> None:
    """Mark absent everyone who may not see the whole room screen, so that it shows everything."""
    from desktop.models.enums import AttendanceStatus
    from desktop.services.meeting.attendance import AttendanceService
    from desktop.services.meeting.room import RoomService

    attendance = AttendanceService(db)
    for member_id in RoomService(db).kept_from_the_screen(meeting_id):
        attendance.set_attendance(meeting_id, member_id, AttendanceStatus.ABSENT)


class _Camera:
    """Grabs the main window (or another widget) once its layouts have settled and its
    background loads have reported back; remembers what it wrote."""

    def __init__(self, app: QApplication, window: MainWindow, out_dir: Path, shown_path: Path) -> None:
        self._app, self._window, self._out_dir, self._shown_path = app, window, out_dir, shown_path
        self.written: list[Path] = []

    def shoot(
        self, name: str, prepare: Callable[[], object] | None = None, widget: QWidget | None = None
    ) -> None:
        from PySide6.QtCore import QEventLoop

        if prepare is not None:
            prepare()
        deadline = time.monotonic() + SETTLE_SECONDS
        for _round in range(3):  # layouts settle over a few event-loop passes
            self._app.processEvents()
        while _is_loading(self._window) and time.monotonic() < deadline:  # background loads report back
            self._app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        self._app.processEvents()
        # The file the user chose, not the temporary copy.
        self._window.db_label.setText(_("Database: {path}").format(path=self._shown_path))
        path = self._out_dir / f"{name}.png"
        if (widget or self._window).grab().save(str(path)):
            self.written.append(path)


def _render_all(
    app: QApplication, db: Database, out_dir: Path, *, shown_path: Path, size: tuple[int, int]
) -> list[Path]:
    from desktop.services.meeting.planning import MeetingService
    from desktop.ui.app import scroll_when_too_small
    from desktop.ui.main_window import MainWindow

    window = MainWindow(db)
    scroll_when_too_small(window)  # as the application shows it
    window.resize(*size)
    window.show()
    camera = _Camera(app, window, out_dir, shown_path)
    camera.shoot("01-case-list")
    meetings = MeetingService(db).list_meetings()
    planned = [m for m in meetings if m.status in ("planned", "notice_sent")]
    case_id = planned[0].case_id if planned else (meetings[0].case_id if meetings else None)
    if case_id is None:
        rows = window.cases.list_cases()
        case_id = rows[0].id if rows else None
    if case_id is not None:
        _shoot_case(camera, window, case_id)
    if planned and window.show_meeting():
        _shoot_meeting(camera, window, db, planned[0].id)
    camera.shoot("11-task-board", window.show_tasks)
    window.close()
    return camera.written


def _shoot_case(camera: _Camera, window: MainWindow, case_id: int) -> None:
    """The case's plan and each of its tabs."""
    camera.shoot("02-case-plan", lambda: window.show_case(case_id))
    view = window.case_view
    camera.shoot("03-case-group", lambda: view.tabs.setCurrentWidget(view.group_panel))
    camera.shoot("04-consent-matrix", lambda: view.tabs.setCurrentWidget(view.consent_panel))
    camera.shoot("05-case-coordination", lambda: view.tabs.setCurrentWidget(view.coordination_panel))
    camera.shoot("06-crisis-plan-and-bed", lambda: view.tabs.setCurrentWidget(view.crisis_panel))
    camera.shoot("07-case-timeline", lambda: view.tabs.setCurrentWidget(view.timeline))


def _shoot_meeting(camera: _Camera, window: MainWindow, db: Database, meeting_id: int) -> None:
    """Planner, runner (with a few minutes of example content), ratings, room view, review and
    the confirmation screen; the meeting is stopped afterwards so no autosave outlives the copy."""
    workspace = window.meeting_workspace
    assert workspace is not None  # show_meeting() built it
    camera.shoot("08-meeting-planner", lambda: workspace.open_meeting(meeting_id))
    workspace.ask_move_start = lambda _planned: "keep"  # no question
    workspace.start_meeting()
    _capture_example(db, meeting_id)
    camera.shoot("09-meeting-runner", lambda: workspace.open_meeting(meeting_id))
    runner = workspace.runner
    camera.shoot("12-ratings-chart", lambda: runner.side_tabs.setCurrentWidget(runner.ratings))
    runner.side_tabs.setCurrentIndex(0)
    runner.toggle_room_view()
    room = runner.room_view
    if room is not None:
        room.resize(*ROOM_SIZE)
        camera.shoot("13-room-view-restricted", room.refresh, widget=room)
        _only_full_consent_present(db, meeting_id)
        camera.shoot("14-room-view-full", room.refresh, widget=room)
        room.close()
    camera.shoot("10-meeting-review", lambda: workspace.show_review())
    from desktop.ui.minutes.confirmation_dialog import ConfirmationDialog

    confirmation = ConfirmationDialog(db, meeting_id, window)
    confirmation.show()
    camera.shoot("15-confirmation", widget=confirmation)
    confirmation.close()
    workspace.runner.stop()
    workspace.ctx.writer.wait()
