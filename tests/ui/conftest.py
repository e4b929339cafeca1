"""Fixtures of the GUI tests: the main window and the meeting workspace, shown at laptop size."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from desktop.db import Database


@pytest.fixture
def workspace(qtbot, demo_db: Database) -> Iterator[object]:  # noqa: ANN001
    """The meeting workspace at laptop size, without the modal questions a test cannot answer:
    a meeting started on another day keeps its date, and closing does not ask to confirm."""
    from desktop.ui.meeting.workspace import KEEP, MeetingWorkspace

    widget = MeetingWorkspace(demo_db)
    qtbot.addWidget(widget)
    widget.resize(1366, 740)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    widget.ask_move_start = lambda planned: KEEP
    widget.review.confirm_close = lambda unfinished: True
    yield widget
    widget.ctx.writer.wait()


ShowMainWindow = Callable[..., Any]


@pytest.fixture
def show_main_window(qtbot) -> Iterator[ShowMainWindow]:  # noqa: ANN001
    """Builds the main window on a database, shows it at 1366×768 and waits until it is on screen
    (``active=True``: until it has the keyboard, too). A meeting a test opened is stopped after it,
    so no autosave or timer outlives the test's database."""
    from desktop.ui.main_window import MainWindow

    shown: list[MainWindow] = []

    def show(db: Database, *, active: bool = False) -> MainWindow:
        window = MainWindow(db)
        qtbot.addWidget(window)
        window.resize(1366, 768)
        window.show()
        qtbot.waitExposed(window)
        if active:
            window.activateWindow()
            qtbot.waitUntil(window.isActiveWindow, timeout=5000)
        shown.append(window)
        return window

    yield show
    for window in shown:
        workspace = window.meeting_workspace
        if workspace is not None:
            workspace.runner.stop()  # type: ignore[attr-defined]
            workspace.ctx.writer.wait()  # type: ignore[attr-defined]


@pytest.fixture
def window(show_main_window: ShowMainWindow, request: pytest.FixtureRequest) -> Any:
    """The main window, on the demo database unless the test (or its module's ``pytestmark``) says
    otherwise with ``@pytest.mark.window(...)``: ``empty=True`` opens the empty database,
    ``exclusive=True`` holds the single-writer lock as the application does, ``active=True`` waits
    until the window has the keyboard."""
    marker = request.node.get_closest_marker("window")
    options = dict(marker.kwargs) if marker is not None else {}
    db: Database = request.getfixturevalue("db" if options.pop("empty", False) else "demo_db")
    if options.pop("exclusive", False):
        db = Database.open(db.path, exclusive=True)
    return show_main_window(db, active=options.pop("active", False), **options)
