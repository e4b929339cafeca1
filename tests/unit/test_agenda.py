"""The agenda generated from the plan (DOMAIN.md §5.2) and kept through manual edits."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.db import Database
from desktop.errors import UserError
from desktop.models.enums import MeetingStatus, PathwayPhase, TaskStatus
from desktop.services.meeting.agenda import AgendaService
from desktop.services.meeting.agenda_tree import total_minutes
from desktop.services.meeting.checkpoints import DISCHARGE_CHECKPOINTS, PRE_ADMISSION_CHECKPOINTS
from desktop.services.tasks.board import TaskService
from tests.meeting_helpers import START, add_meeting, add_task, make_case


def kinds(entries: list) -> list[str]:
    return [e.kind for e in entries]


def test_generated_order_follows_the_domain_convention(db: Database) -> None:
    case = make_case(db, kin_consent=True)
    add_meeting(db, case.case_id, START - timedelta(days=30), MeetingStatus.HELD)
    newer = add_task(db, case.case_id, "Nyere oppgave", created=START - timedelta(days=5))
    older = add_task(db, case.case_id, "Eldre oppgave", created=START - timedelta(days=40))
    meeting_id = add_meeting(db, case.case_id)

    entries = AgendaService(db).agenda(meeting_id)

    assert kinds(entries)[:3] == ["welcome", "approve_minutes", "user_view"]
    assert [e.task_id for e in entries if e.kind == "task_follow_up"] == [older, newer]  # oldest first
    order = kinds(entries)
    last_task = max(i for i, k in enumerate(order) if k == "task_follow_up")
    assert order.index("goal") > last_task
    assert order.index("measure") == order.index("goal") + 1
    assert order.index("checkpoint") > order.index("measure")
    assert order.index("next_of_kin") > max(i for i, k in enumerate(order) if k == "checkpoint")
    assert order[-2:] == ["other_business", "next_meeting"]
    goal = next(e for e in entries if e.kind == "goal")
    measure = next(e for e in entries if e.kind == "measure")
    assert goal.goal_id == case.goal_id and measure.measure_id == case.measure_id
    assert "🏠" in goal.title
    assert total_minutes(entries) == sum(e.planned_minutes for e in entries) > 0


def test_first_meeting_has_no_minutes_to_approve(db: Database) -> None:
    case = make_case(db)
    entries = AgendaService(db).agenda(add_meeting(db, case.case_id))
    assert "approve_minutes" not in kinds(entries)
    assert kinds(entries)[:2] == ["welcome", "user_view"]


def test_discharge_phase_lists_every_discharge_checkpoint_in_order(db: Database) -> None:
    case = make_case(db, phase=PathwayPhase.DISCHARGE_PLANNING)
    entries = AgendaService(db).agenda(add_meeting(db, case.case_id))
    assert [e.checkpoint for e in entries if e.kind == "checkpoint"] == [c.key for c in DISCHARGE_CHECKPOINTS]
    assert {"housing", "gp_informed", "crisis_plan", "bed_agreement", "coordination"} <= {
        e.checkpoint for e in entries
    }


def test_other_phases_have_their_own_checkpoints_or_none(db: Database) -> None:
    pre = make_case(db, phase=PathwayPhase.PRE_ADMISSION, reference="AG-T-002")
    out = make_case(db, phase=PathwayPhase.OUTPATIENT, reference="AG-T-003")
    agenda = AgendaService(db)
    pre_items = agenda.agenda(add_meeting(db, pre.case_id))
    assert [e.checkpoint for e in pre_items if e.kind == "checkpoint"] == [
        c.key for c in PRE_ADMISSION_CHECKPOINTS
    ]
    assert "checkpoint" not in kinds(agenda.agenda(add_meeting(db, out.case_id)))


@pytest.mark.parametrize("consented", [False, True])
def test_next_of_kin_item_only_with_the_users_consent(db: Database, consented: bool) -> None:
    case = make_case(db, kin_consent=consented, phase=PathwayPhase.OUTPATIENT)
    entries = AgendaService(db).agenda(add_meeting(db, case.case_id))
    assert ("next_of_kin" in kinds(entries)) is consented


def test_regenerate_keeps_renamed_added_and_removed_items(db: Database) -> None:
    case = make_case(db)
    meeting_id = add_meeting(db, case.case_id)
    agenda = AgendaService(db)
    saved = agenda.save_generated(meeting_id)
    user_view = next(e for e in saved if e.kind == "user_view")
    other = next(e for e in saved if e.kind == "other_business")
    measure = next(e for e in saved if e.kind == "measure")
    agenda.rename_item(user_view.id, "Kari forteller – hva er viktig nå? áčđŋšŧž")
    agenda.set_planned_minutes(user_view.id, 15)
    manual = agenda.add_item(meeting_id, "Reise til Kautokeino", 7, after_position=0)
    agenda.remove_item(measure.id)
    agenda.move_item(other.id, 1)
    new_task = add_task(db, case.case_id, "Ny oppgave siden sist", created=START - timedelta(days=1))

    after = agenda.regenerate(meeting_id)

    by_id = {e.id: e for e in after}
    assert by_id[user_view.id].title == "Kari forteller – hva er viktig nå? áčđŋšŧž"
    assert by_id[user_view.id].planned_minutes == 15
    assert manual in by_id and by_id[manual].is_manual and by_id[manual].planned_minutes == 7
    assert measure.id not in by_id
    assert [e.task_id for e in after if e.kind == "task_follow_up"] == [new_task]
    assert [e.id for e in after].index(other.id) == 1  # the manual order survives
    assert [e.position for e in after] == sorted(e.position for e in after)


def test_remove_and_restore_put_an_item_back_where_it_was(db: Database) -> None:
    case = make_case(db)
    meeting_id = add_meeting(db, case.case_id)
    agenda = AgendaService(db)
    saved = agenda.save_generated(meeting_id)
    victim = saved[2]
    agenda.remove_item(victim.id)
    assert victim.id not in [e.id for e in agenda.agenda(meeting_id)]
    agenda.restore_item(victim.id)
    agenda.move_item(victim.id, 2)
    assert [e.id for e in agenda.agenda(meeting_id)] == [e.id for e in saved]


@pytest.mark.parametrize("title", ["", "   ", "x" * 301])
def test_bad_titles_are_refused_and_nothing_is_lost(db: Database, title: str) -> None:
    case = make_case(db)
    meeting_id = add_meeting(db, case.case_id)
    agenda = AgendaService(db)
    saved = agenda.save_generated(meeting_id)
    with pytest.raises(UserError):
        agenda.rename_item(saved[0].id, title)
    with pytest.raises(UserError):
        agenda.add_item(meeting_id, title)
    assert agenda.agenda(meeting_id) == saved


def test_an_open_task_comes_back_until_it_is_done_or_dropped(db: Database) -> None:
    case = make_case(db)
    first = add_meeting(db, case.case_id, START - timedelta(days=60), MeetingStatus.HELD)
    keep = add_task(db, case.case_id, "Søke bostøtte", meeting_id=first)
    done = add_task(db, case.case_id, "Ringe fastlegen", meeting_id=first)
    dropped = add_task(db, case.case_id, "Starte på verksted", meeting_id=first)
    agenda = AgendaService(db)
    second = add_meeting(db, case.case_id, START - timedelta(days=30))
    assert {e.task_id for e in agenda.agenda(second)} >= {keep, done, dropped}
    tasks = TaskService(db)
    tasks.close_task(done, TaskStatus.DONE, "Timen er bestilt.")
    tasks.close_task(dropped, TaskStatus.DROPPED, "Ikke aktuelt lenger.")
    third = add_meeting(db, case.case_id, START)
    ids = [e.task_id for e in agenda.agenda(third) if e.task_id]
    assert ids == [keep]
    # a task raised in a meeting is not followed up in that same meeting
    assert add_task(db, case.case_id, "Ny i dag", meeting_id=third) not in [
        e.task_id for e in agenda.agenda(third)
    ]


def test_cli_agenda_json_has_the_contract_fields(
    db: Database, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case = make_case(db)
    task = add_task(db, case.case_id, "Søke bostøtte")
    meeting_id = add_meeting(db, case.case_id)
    db.dispose()

    code = main(["agenda", "--db", str(db_path), "--meeting", str(meeting_id), "--json"])
    out, err = capsys.readouterr()

    assert code == 0, err
    items = json.loads(out)
    for item in items:
        assert {"kind", "title", "planned_minutes", "task_id", "goal_id", "measure_id"} <= item.keys()
    assert any(i["task_id"] == task for i in items)
    assert any(i["goal_id"] == case.goal_id and i["kind"] == "goal" for i in items)
    assert any(i["measure_id"] == case.measure_id for i in items)
    assert items == json.loads(json.dumps(items))  # plain JSON values only


def test_cli_agenda_for_a_missing_meeting_is_one_clear_line(
    db: Database, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db.dispose()
    code = main(["agenda", "--db", str(db_path), "--meeting", "999", "--json"])
    out, err = capsys.readouterr()
    assert code == 1 and "Traceback" not in err and "999" in err and out == ""


def test_saved_agenda_wins_over_a_fresh_generation(db: Database) -> None:
    case = make_case(db)
    meeting_id = add_meeting(db, case.case_id)
    agenda = AgendaService(db)
    saved = agenda.save_generated(meeting_id)
    add_task(db, case.case_id, "Kommer først ved oppdatering", created=datetime(2026, 11, 30))
    assert agenda.agenda(meeting_id) == saved


def test_an_agenda_with_every_item_removed_stays_empty(db: Database) -> None:
    case = make_case(db)
    meeting_id = add_meeting(db, case.case_id)
    agenda = AgendaService(db)
    for entry in agenda.save_generated(meeting_id):
        agenda.remove_item(entry.id)
    assert agenda.agenda(meeting_id) == []
    assert agenda.save_generated(meeting_id) == []
