"""Fixtures of the GUI tests: the meeting workspace, shown and ready to run a meeting."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from desktop.db import Database


@pytest.fixture
def workspace(qtbot, demo_db: Database) -> Iterator[object]:  # noqa: ANN001
    """The meeting workspace at laptop size, without the modal questions a test cannot answer:
    a meeting started on another day keeps its date, and closing does not ask to confirm."""
    from desktop.ui.meeting_workspace import KEEP, MeetingWorkspace

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
