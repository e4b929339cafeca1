"""The hierarchical agenda (issue 17): few top-level items, every task and checkpoint still there."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import select

from desktop.cli import main
from desktop.db import Database
from desktop.models import AgendaItem
from desktop.models.enums import CheckpointStatus, MeetingStatus, NoteKind, PathwayPhase
from desktop.services.meeting.agenda import AgendaService
from desktop.services.meeting.agenda_tree import block_minutes, drop_at, move_by_step, total_minutes
from desktop.services.meeting.capture import CaptureService
from desktop.services.meeting.checkpoints import DISCHARGE_CHECKPOINTS
from desktop.services.meeting.notes import NoteService
from desktop.services.minutes.collect import load_minutes_data
from desktop.services.minutes.pdf import render_minutes
from tests.meeting_helpers import START, add_meeting, add_task, make_case
from tests.pdf_text import flat_text


def _case_with_tasks(db: Database, n: int = 5) -> tuple[object, list[int], int]:
    case = make_case(db, kin_consent=True)
    add_meeting(db, case.case_id, START - timedelta(days=30), MeetingStatus.HELD)
    tasks = [
        add_task(db, case.case_id, f"Oppgave {i}", created=START - timedelta(days=20 - i)) for i in range(n)
    ]
    return case, tasks, add_meeting(db, case.case_id)


def test_a_discharge_agenda_has_few_top_level_items_and_keeps_every_task_and_checkpoint(
    db: Database,
) -> None:
    case, tasks, meeting_id = _case_with_tasks(db)
    entries = AgendaService(db).agenda(meeting_id)  # generated, not saved: no ids, only keys

    top = [e for e in entries if not e.is_sub_item]
    assert len(top) <= 12 < len(entries)
    follow_ups = next(e for e in entries if e.kind == "follow_ups")
    assert [e.task_id for e in entries if e.parent_key == follow_ups.source_key] == tasks
    assert all(e.kind == "task_follow_up" for e in entries if e.parent_key == "follow_ups")
    checklist = next(e for e in entries if e.kind == "checkpoints")
    assert [e.checkpoint for e in entries if e.parent_key == checklist.source_key] == [
        c.key for c in DISCHARGE_CHECKPOINTS
    ]
    measure = next(e for e in entries if e.kind == "measure")
    assert measure.parent_key == f"goal:{case.goal_id}"
    # sub-items follow their item directly (tree order), and group items have no time of their own
    for n, entry in enumerate(entries):
        if entry.is_sub_item:
            assert entries[n - 1].source_key == entry.parent_key or entries[n - 1].is_sub_item
    assert follow_ups.planned_minutes == checklist.planned_minutes == 0
    assert total_minutes(entries) == sum(block_minutes(entries, entries.index(e)) for e in top) <= 90


def test_saving_keeps_the_hierarchy_by_id(db: Database) -> None:
    _case, tasks, meeting_id = _case_with_tasks(db, 2)
    saved = AgendaService(db).save_generated(meeting_id)
    group = next(e for e in saved if e.kind == "follow_ups")
    assert [e.task_id for e in saved if e.parent_id == group.id] == tasks
    assert all(e.parent_key == "follow_ups" for e in saved if e.parent_id == group.id)
    assert [e.position for e in saved] == sorted(e.position for e in saved)


def test_regenerating_puts_a_new_task_beneath_the_follow_ups(db: Database) -> None:
    case, tasks, meeting_id = _case_with_tasks(db, 2)
    agenda = AgendaService(db)
    agenda.save_generated(meeting_id)
    new = add_task(db, case.case_id, "Ny siden sist", created=START - timedelta(days=1))
    after = agenda.regenerate(meeting_id)
    group = next(e for e in after if e.kind == "follow_ups")
    assert [e.task_id for e in after if e.parent_id == group.id] == [*tasks, new]


def test_a_new_task_under_a_removed_group_comes_on_the_agenda_at_the_top_level(db: Database) -> None:
    case, _tasks, meeting_id = _case_with_tasks(db, 2)
    agenda = AgendaService(db)
    group = next(e for e in agenda.save_generated(meeting_id) if e.kind == "follow_ups")
    assert len(agenda.remove_item(group.id)) == 3  # the group and its two sub-items
    assert not [e for e in agenda.agenda(meeting_id) if e.kind == "task_follow_up"]
    new = add_task(db, case.case_id, "Ny siden sist", created=START - timedelta(days=1))
    after = agenda.regenerate(meeting_id)
    assert [(e.task_id, e.parent_id) for e in after if e.kind == "task_follow_up"] == [(new, None)]


def test_a_flat_agenda_saved_before_sub_items_gets_them_when_updated(db: Database) -> None:
    case, tasks, meeting_id = _case_with_tasks(db, 2)
    agenda = AgendaService(db)
    flat = agenda.save_generated(meeting_id)
    with db.session() as s:  # as an agenda saved before revision 0011: no groups, no parents
        for row in s.exec(select(AgendaItem).where(AgendaItem.meeting_id == meeting_id)).all():
            if row.kind.value in ("follow_ups", "checkpoints"):
                s.delete(row)
            else:
                row.parent_id = None
    renamed = next(e for e in flat if e.task_id == tasks[0])
    agenda.rename_item(renamed.id, "Eget navn")
    after = agenda.regenerate(meeting_id)
    group = next(e for e in after if e.kind == "follow_ups")
    subs = [e for e in after if e.parent_id == group.id]
    assert [e.task_id for e in subs] == tasks and subs[0].id == renamed.id and subs[0].title == "Eget navn"
    goal = next(e for e in after if e.kind == "goal")
    assert next(e for e in after if e.kind == "measure").parent_id == goal.id


def test_removing_an_item_removes_its_sub_items_and_undo_brings_back_exactly_those(db: Database) -> None:
    _case, _tasks, meeting_id = _case_with_tasks(db, 3)
    agenda = AgendaService(db)
    saved = agenda.save_generated(meeting_id)
    layout = agenda.layout(meeting_id)
    group = next(e for e in saved if e.kind == "follow_ups")
    first, *_rest = [e for e in saved if e.parent_id == group.id]
    agenda.remove_item(first.id)  # removed on its own first: stays removed after the undo below
    hidden = agenda.remove_item(group.id)
    assert first.id not in hidden and len(hidden) == 3
    agenda.restore_items(hidden)
    agenda.arrange(meeting_id, [entry for entry in layout if entry[0] != first.id])
    assert [e.id for e in agenda.agenda(meeting_id)] == [e.id for e in saved if e.id != first.id]


def test_moving_an_item_takes_its_sub_items_along_and_undo_restores_the_layout(db: Database) -> None:
    _case, _tasks, meeting_id = _case_with_tasks(db, 2)
    agenda = AgendaService(db)
    saved = agenda.save_generated(meeting_id)
    before = agenda.layout(meeting_id)
    goal = next(e for e in saved if e.kind == "goal")
    after = move_by_step(before, goal.id, -1)  # above the follow-ups with their two sub-items
    assert after is not None
    agenda.arrange(meeting_id, after)
    entries = agenda.agenda(meeting_id)
    kinds = [e.kind for e in entries]
    assert kinds[3:5] == ["goal", "measure"] and kinds[5] == "follow_ups"
    assert agenda.layout(meeting_id) == after
    agenda.arrange(meeting_id, before)
    assert agenda.layout(meeting_id) == before


def test_layout_moves_by_step_and_by_drop() -> None:
    layout = [(1, None), (2, None), (3, 2), (4, 2), (5, None), (6, 5)]
    # a top-level item passes the whole neighbouring item
    assert move_by_step(layout, 1, 1) == [(2, None), (3, 2), (4, 2), (1, None), (5, None), (6, 5)]
    assert move_by_step(layout, 5, -1) == [(1, None), (5, None), (6, 5), (2, None), (3, 2), (4, 2)]
    # a sub-item passes a sibling and stops at the edge of its item
    assert move_by_step(layout, 3, 1) == [(1, None), (2, None), (4, 2), (3, 2), (5, None), (6, 5)]
    assert move_by_step(layout, 3, -1) is None and move_by_step(layout, 1, -1) is None
    # dropped between top-level items, a sub-item becomes an item of its own …
    assert drop_at(layout, 3, 0) == [(3, None), (1, None), (2, None), (4, 2), (5, None), (6, 5)]
    # … and dropped among another item's sub-items, an item without sub-items becomes one of them
    assert drop_at(layout, 1, 5) == [(2, None), (3, 2), (4, 2), (5, None), (1, 5), (6, 5)]
    # an item with sub-items goes after the item it was dropped into, with its sub-items
    assert drop_at(layout, 2, 5) == [(1, None), (5, None), (6, 5), (2, None), (3, 2), (4, 2)]
    assert drop_at(layout, 2, 3) is None  # onto itself


def test_cli_agenda_json_has_parent_and_children(
    db: Database, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _case, tasks, meeting_id = _case_with_tasks(db, 2)
    AgendaService(db).save_generated(meeting_id)
    db.dispose()
    assert main(["agenda", "--db", str(db_path), "--meeting", str(meeting_id), "--json"]) == 0
    items = json.loads(capsys.readouterr().out)
    group = next(i for i in items if i["kind"] == "follow_ups")
    subs = [i for i in items if i["parent"] == group["id"]]
    assert [i["task_id"] for i in subs] == tasks and group["children"] == [i["id"] for i in subs]
    assert group["parent"] is None and [i["number"] for i in subs] == [
        f"{group['number']}.1",
        f"{group['number']}.2",
    ]
    for item in items:
        assert {
            "kind",
            "title",
            "planned_minutes",
            "task_id",
            "goal_id",
            "measure_id",
            "parent",
        } <= item.keys()


def test_what_is_written_on_sub_items_reaches_the_minutes(db: Database) -> None:
    case = make_case(db, phase=PathwayPhase.DISCHARGE_PLANNING)
    add_meeting(db, case.case_id, START - timedelta(days=30), MeetingStatus.HELD)
    task = add_task(db, case.case_id, "Ringe boligkontoret", created=START - timedelta(days=10))
    meeting_id = add_meeting(db, case.case_id, status=MeetingStatus.IN_PROGRESS)
    saved = AgendaService(db).save_generated(meeting_id)
    follow_up = next(e for e in saved if e.task_id == task)
    housing = next(e for e in saved if e.checkpoint == "housing")
    measure = next(e for e in saved if e.kind == "measure")
    assert follow_up.parent_id and housing.parent_id and measure.parent_id
    capture = CaptureService(db)
    notes = NoteService(db)
    notes.set_note(meeting_id, follow_up.id, NoteKind.NOTE, "Boligkontoret svarer innen fredag")
    notes.set_note(meeting_id, measure.id, NoteKind.USER_WORDS, "Jeg vil bo nær søsteren min")
    capture.set_checkpoint_status(housing.id, CheckpointStatus.SECURED)

    data = load_minutes_data(db, meeting_id)
    pdf = render_minutes(data, lang="nb").pdf
    text = flat_text(pdf)
    for words in ("Boligkontoret svarer innen fredag", "Jeg vil bo nær søsteren min"):
        assert words in text
    block = next(b for b in data.items if b.id == housing.id)
    assert block.checkpoint_status == CheckpointStatus.SECURED.value


def test_regenerating_keeps_a_sub_item_the_facilitator_made_an_item_of_its_own(db: Database) -> None:
    _case, tasks, meeting_id = _case_with_tasks(db, 2)
    agenda = AgendaService(db)
    agenda.save_generated(meeting_id)
    layout = agenda.layout(meeting_id)
    lifted = next(e for e in agenda.agenda(meeting_id) if e.task_id == tasks[1])
    moved = drop_at(layout, lifted.id or 0, 1)  # dragged up between welcome and the approval
    assert moved is not None
    agenda.arrange(meeting_id, moved)
    after = agenda.regenerate(meeting_id)
    assert (after[1].id, after[1].parent_id) == (lifted.id, None)
    group = next(e for e in after if e.kind == "follow_ups")
    assert [e.task_id for e in after if e.parent_id == group.id] == tasks[:1]
