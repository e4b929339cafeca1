"""A generated agenda fits the meeting: flexible items shrink, the user's own time does not."""

from __future__ import annotations

import json

import pytest

from desktop.cli import main
from desktop.db import Database
from desktop.services.meeting.agenda_generation import fit_to_duration
from desktop.services.meeting.agenda_tree import AgendaEntry, total_minutes


def entry(kind: str, minutes: int) -> AgendaEntry:
    return AgendaEntry(kind=kind, title=kind, planned_minutes=minutes)


def test_flexible_items_shrink_to_the_meeting_and_the_users_view_keeps_its_time() -> None:
    items = (
        [entry("welcome", 5), entry("user_view", 10)]
        + [entry("measure", 3)] * 30
        + [entry("next_meeting", 5)]
    )
    fitted = fit_to_duration(items, 90)
    assert total_minutes(fitted) == 90
    assert fitted[1].planned_minutes == 10
    assert all(i.planned_minutes >= 1 for i in fitted)


def test_a_short_agenda_is_left_alone() -> None:
    items = [entry("welcome", 5), entry("goal", 5), entry("next_meeting", 5)]
    assert fit_to_duration(items, 90) == items


def test_when_one_minute_each_is_too_much_the_agenda_stays_over_time() -> None:
    items = [entry("user_view", 10)] + [entry("task_follow_up", 3)] * 50
    fitted = fit_to_duration(items, 30)
    assert all(i.planned_minutes == 1 for i in fitted[1:]) and total_minutes(fitted) == 60


def test_every_generated_demo_agenda_fits_its_meeting(
    demo_db: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["list-meetings", "--db", str(demo_db.path), "--json"]) == 0
    planned = [m for m in json.loads(capsys.readouterr().out) if m["status"] == "planned"]
    assert planned
    for meeting in planned:
        assert main(["agenda", "--db", str(demo_db.path), "--meeting", str(meeting["id"]), "--json"]) == 0
        items = json.loads(capsys.readouterr().out)
        assert sum(i["planned_minutes"] for i in items) <= 90
