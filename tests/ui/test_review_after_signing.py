"""The review screen after signing: the title and the summary follow at once (issue 17)."""

from __future__ import annotations

from typing import Any

import pytest

from desktop.db import Database
from desktop.models.enums import MeetingStatus, label
from desktop.services.meeting.planning import MeetingService
from desktop.ui.meeting.workspace import MOVE, MeetingWorkspace
from tests.ui.test_meeting_flow import plan_with_dialog
from tests.unit import minutes_fixtures

signing_key = minutes_fixtures.signing_key


def test_after_signing_the_summary_and_title_say_signed(
    qtbot,
    workspace: MeetingWorkspace,
    demo_db: Database,
    signing_key: minutes_fixtures.SessionKey,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Signing from the review screen updates the workspace's title and the summary at once, not
    only when the meeting is opened again."""
    from desktop.services.minutes.versions import MinutesService, SigningKey
    from desktop.ui.minutes import export_dialog

    meeting_id = plan_with_dialog(qtbot, demo_db)
    workspace.ask_move_start = lambda when: MOVE
    workspace.open_meeting(meeting_id)
    workspace.start_meeting()
    workspace.show_review()
    workspace.review.close_meeting()
    qtbot.waitUntil(lambda: MeetingService(demo_db).meeting(meeting_id).status == MeetingStatus.HELD)
    workspace.open_meeting(meeting_id)
    held = workspace.title_label.text()
    assert label(MeetingStatus.HELD) in held

    def sign(_parent: object, db: Database, chosen: int) -> None:  # the dialog, without its questions
        key = SigningKey(signing_key.path, signing_key.passphrase)
        MinutesService(db).export(chosen, key=key, out=None)

    monkeypatch.setattr(export_dialog, "export_minutes", sign)
    workspace.review.export_minutes()
    assert label(MeetingStatus.SIGNED) in workspace.title_label.text()
    assert label(MeetingStatus.HELD) not in workspace.title_label.text()


def test_signing_from_the_minutes_menu_updates_the_open_review(
    window: Any,  # noqa: ANN401 - the main window fixture
    signing_key: minutes_fixtures.SessionKey,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Referat › Eksporter on the review of a held meeting: the workspace's title and summary say
    «signed» at once, as after the review's own export button."""
    from desktop.services.minutes.versions import MinutesService, SigningKey
    from desktop.ui import main_commands

    db = window.db
    meeting_id = next(m.id for m in MeetingService(db).list_meetings() if m.status == MeetingStatus.HELD)
    window.open_meeting(meeting_id)
    workspace = window.meeting_workspace
    assert workspace is not None and window.stack.currentWidget() is workspace
    assert workspace.stack.currentWidget() is workspace.review
    assert label(MeetingStatus.HELD) in workspace.title_label.text()

    def sign(_parent: object, chosen_db: Database, chosen: int | None) -> bool:  # the dialog, answered
        assert chosen == meeting_id  # the menu acts on the meeting on screen
        MinutesService(chosen_db).export(chosen, key=SigningKey(signing_key.path, signing_key.passphrase))
        return True

    monkeypatch.setattr(main_commands, "export_chosen_minutes", sign)
    window.commands.export_minutes()
    assert label(MeetingStatus.SIGNED) in workspace.title_label.text()
    assert label(MeetingStatus.HELD) not in workspace.title_label.text()
