"""The hierarchical agenda on screen: the planner's blocks and the runner's items and sub-items."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop.db import Database
from desktop.services.meeting.agenda import AgendaService
from desktop.ui.meeting.agenda_model import AgendaRow, AgendaTableModel
from desktop.ui.meeting.workspace import MOVE, MeetingWorkspace

DISCHARGE_MEETING = 4  # the demo's planned discharge meeting of AG-2026-001


def test_the_model_numbers_indents_and_sums_blocks(qtmodeltester) -> None:  # noqa: ANN001
    model = AgendaTableModel(editable=True)
    model.set_rows(
        [
            AgendaRow(1, "welcome", "Velkommen", 5),
            AgendaRow(2, "follow_ups", "Oppfølging fra forrige møte", 0),
            AgendaRow(3, "task_follow_up", "Ringe NAV", 2, parent_id=2),
            AgendaRow(4, "task_follow_up", "Søke bostøtte", 3, parent_id=2),
            AgendaRow(5, "goal", "Bolig", 4),
            AgendaRow(6, "measure", "Tiltak: Bolig", 2, parent_id=5),
        ]
    )
    qtmodeltester.check(model)
    title = [model.data(model.index(r, AgendaTableModel.TITLE)) for r in range(6)]
    assert title[1].startswith("2. ") and title[3].startswith("2.2. ") and title[4].startswith("3. ")
    assert model.data(model.index(2, AgendaTableModel.TITLE), Qt.ItemDataRole.DecorationRole) is not None
    assert model.data(model.index(0, AgendaTableModel.TITLE), Qt.ItemDataRole.DecorationRole) is None
    assert model.data(model.index(1, AgendaTableModel.MINUTES)) == "5 i alt"
    assert model.data(model.index(4, AgendaTableModel.MINUTES)) == "6 i alt"
    assert model.data(model.index(4, AgendaTableModel.MINUTES), Qt.ItemDataRole.EditRole) == 4
    group_minutes = model.flags(model.index(1, AgendaTableModel.MINUTES))
    assert not group_minutes & Qt.ItemFlag.ItemIsEditable  # its time is its sub-items'
    assert model.total_minutes() == 16 and model.top_level_rows() == [0, 1, 4]
    assert (model.top_row(3), model.block_end(3), model.block_minutes(3)) == (1, 4, 5)


def test_the_planner_moves_and_removes_an_item_with_its_sub_items(
    qtbot,  # noqa: ANN001
    workspace: MeetingWorkspace,
    demo_db: Database,
) -> None:
    workspace.open_meeting(DISCHARGE_MEETING)
    planner, model = workspace.planner, workspace.planner.model
    before = [(r.id, r.parent_id) for r in model.rows()]
    group = next(n for n, r in enumerate(model.rows()) if r.kind == "follow_ups")
    block = [r.id for r in model.rows()[group : model.block_end(group)]]
    assert len(block) > 1
    planner.table.setFocus()
    planner.table.setCurrentIndex(model.index(group, 0))
    qtbot.keyClick(planner.table, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    rows = model.rows()
    moved = [r.id for r in rows].index(block[0])
    assert [r.id for r in rows[moved : moved + len(block)]] == block  # the sub-items came along
    assert rows[group].kind == "goal" and planner.table.currentIndex().row() == moved
    workspace.undo()
    assert [(r.id, r.parent_id) for r in model.rows()] == before
    # Delete removes the whole item; undo brings back exactly it, in its place
    planner.table.setCurrentIndex(model.index(group, 0))
    qtbot.keyClick(planner.table, Qt.Key.Key_Delete)
    assert not set(block) & {r.id for r in model.rows()}
    workspace.undo()
    assert [(r.id, r.parent_id) for r in model.rows()] == before
    # a sub-item dragged between two top-level items becomes an item of its own
    mime = model.mimeData([model.index(group + 1, 0)])
    model.dropMimeData(mime, Qt.DropAction.MoveAction, 1, 0, model.index(-1, -1))
    assert (model.rows()[1].id, model.rows()[1].parent_id) == (block[1], None)
    assert AgendaService(demo_db).agenda(DISCHARGE_MEETING)[1].parent_id is None


def test_the_runner_goes_through_items_and_sub_items_and_times_the_item(
    qtbot,  # noqa: ANN001
    workspace: MeetingWorkspace,
) -> None:
    workspace.ask_move_start = lambda when: MOVE
    workspace.open_meeting(DISCHARGE_MEETING)
    workspace.start_meeting()
    runner = workspace.runner
    model = runner.agenda_model
    group = next(n for n, i in enumerate(runner.items()) if i.kind == "checkpoints")
    runner.go_to(group)
    assert runner.context.context_stack.currentWidget() is runner.context.group_panel
    total = model.block_end(group) - group - 1
    assert runner.context.group_panel.progress_label.text().startswith(f"0 av {total} ")
    assert f"{model.block_minutes(group)}:00" in runner.item_clock.timer_label.text()
    runner.next_sub_item()
    first = runner.current_item()
    assert first.kind == "checkpoint" and runner.clock_item().id == runner.items()[group].id
    # time on the sub-item counts toward the top-level item
    runner.item_clock.seconds_by_item[runner.clock_item().id] = 125
    runner.item_clock.update_label()
    assert runner.item_clock.timer_label.text().startswith("02:05")
    assert model.data(model.index(group, AgendaTableModel.ELAPSED)) == "2:05"
    runner.context.checkpoint_panel.status.setCurrentIndex(
        runner.context.checkpoint_panel.status.findData("secured")
    )
    runner.context.checkpoint_panel.status.activated.emit(
        runner.context.checkpoint_panel.status.currentIndex()
    )
    assert "—" in model.rows()[group + 1].title  # the checklist shows what is ticked off
    runner.previous_item()
    assert model.current_row == group and runner.context.group_panel.progress_label.text().startswith(
        f"1 av {total} "
    )
    runner.next_item()
    assert model.current_row == model.block_end(group)
    assert all(i.is_done for i in runner.items()[group : model.block_end(group)])
