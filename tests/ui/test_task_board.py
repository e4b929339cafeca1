"""The task board: the model obeys Qt's contract, overdue first, filters, closing with an outcome."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QDialogButtonBox

from desktop.db import Database
from desktop.models import Task
from desktop.models.enums import PartyGroup, TaskStatus
from desktop.services.tasks.board import TaskFilter, TaskPage, TaskRow, TaskService
from desktop.ui.tasks.board import TaskBoard
from desktop.ui.tasks.table_model import COL_STATUS, OVERDUE_ROLE, TaskProxyModel, TaskTableModel
from tests.conftest import TODAY

LOAD_MS = 10_000


def _fake_rows(n: int) -> list[TaskRow]:
    return [
        TaskRow(
            id=i + 1,
            case_id=1 + i % 7,
            case_reference=f"AG-{1 + i % 7}",
            text=f"Oppgave {i}",
            party="nav",
            party_group="nav",
            responsible="Nils",
            due=TODAY + timedelta(days=i - 100),
            status="open",
            overdue=i < 100,
            meeting_id=None,
        )
        for i in range(n)
    ]


def _fake_fetch(rows: list[TaskRow]):  # noqa: ANN202
    def fetch(after: TaskRow | None, limit: int) -> TaskPage:
        start = 0 if after is None else next(i for i, r in enumerate(rows) if r.id == after.id) + 1
        chunk = rows[start : start + limit]
        return TaskPage(rows=tuple(chunk), has_more=start + limit < len(rows))

    return fetch


def test_model_and_proxy_obey_the_qt_contract_and_page_exactly_once(qtmodeltester) -> None:  # noqa: ANN001
    rows = _fake_rows(450)
    model = TaskTableModel(_fake_fetch(rows), today=TODAY)
    proxy = TaskProxyModel()
    proxy.setSourceModel(model)
    qtmodeltester.check(model)
    qtmodeltester.check(proxy)
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    assert model.rowCount() == 450  # the re-entrancy guard: no page twice
    assert [model.row_at(i).id for i in range(450)] == [r.id for r in rows]
    assert model.data(model.index(0, COL_STATUS), OVERDUE_ROLE) is True
    assert model.data(model.index(0, COL_STATUS)).startswith("Forfalt")
    assert model.data(model.index(200, COL_STATUS), OVERDUE_ROLE) is False


@pytest.fixture
def board(qtbot, demo_db: Database) -> Iterator[TaskBoard]:  # noqa: ANN001
    widget = TaskBoard(demo_db, today=TODAY)
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    qtbot.waitUntil(lambda: not widget.is_loading, timeout=LOAD_MS)
    yield widget


def _visible_rows(board: TaskBoard) -> list[TaskRow]:
    return [
        board.model.row_at(board.proxy.mapToSource(board.proxy.index(r, 0)).row())
        for r in range(board.proxy.rowCount())
    ]


def test_all_open_tasks_overdue_first_clearly_marked(board: TaskBoard, demo_db: Database) -> None:
    rows = _visible_rows(board)
    expected = TaskService(demo_db).open_tasks(today=TODAY)
    assert [r.id for r in rows] == [r.id for r in expected]
    flags = [r.overdue for r in rows]
    assert flags[0] and flags == sorted(flags, reverse=True)  # every overdue task before the others
    assert board.proxy.index(0, COL_STATUS).data().startswith("Forfalt")
    assert "forfalt" in board.summary_label.text()


def test_filter_by_party_group_with_the_keyboard(qtbot, board: TaskBoard) -> None:  # noqa: ANN001
    board.group_list.setFocus()
    with qtbot.waitSignal(board.loaded, timeout=LOAD_MS):
        qtbot.keyClick(board.group_list, Qt.Key.Key_Down)  # "All parties" -> "The user"
    assert board.current_filter().party_group == PartyGroup.USER.value
    rows = _visible_rows(board)
    assert rows and all(r.party_group == "user" for r in rows)
    assert board.group_list.item(1).text().startswith("Brukeren")
    with qtbot.waitSignal(board.loaded, timeout=LOAD_MS):
        qtbot.keyClick(board.group_list, Qt.Key.Key_End)  # "Others"
    assert all(r.party_group == "other" for r in _visible_rows(board))


def test_filter_by_responsible_words_and_overdue(qtbot, board: TaskBoard) -> None:  # noqa: ANN001
    combo = board.responsible_combo
    assert combo.count() > 2
    name = combo.itemText(2)
    with qtbot.waitSignal(board.loaded, timeout=LOAD_MS):
        combo.setCurrentIndex(2)
    assert {r.responsible for r in _visible_rows(board)} == {name}
    with qtbot.waitSignal(board.loaded, timeout=LOAD_MS):
        combo.setCurrentIndex(0)
    with qtbot.waitSignal(board.loaded, timeout=LOAD_MS):
        qtbot.keyClicks(board.filter_edit, "tannlegen")
    rows = _visible_rows(board)
    assert rows and all("tannlegen" in r.text.lower() for r in rows)
    with qtbot.waitSignal(board.loaded, timeout=LOAD_MS):
        board.filter_edit.clear()
    with qtbot.waitSignal(board.loaded, timeout=LOAD_MS):
        qtbot.mouseClick(board.overdue_check, Qt.MouseButton.LeftButton)
    rows = _visible_rows(board)
    assert rows and all(r.overdue for r in rows)
    with qtbot.waitSignal(board.loaded, timeout=LOAD_MS):
        qtbot.keyClicks(board.filter_edit, "ingenting-som-finnes")
    assert board.model.rowCount() == 0 and board.empty_label.isVisible()


def test_mark_done_asks_for_the_outcome(qtbot, board: TaskBoard, demo_db: Database) -> None:  # noqa: ANN001
    board.table.setFocus()
    board.table.selectRow(0)
    task = board.selected_task()
    assert task is not None and task.overdue
    before_open = sum(c.open for c in TaskService(demo_db).counts_by_group(today=TODAY))
    qtbot.keyClick(board.done_button, Qt.Key.Key_Space)
    dialog = board.outcome_dialog
    assert dialog is not None and dialog.isVisible()
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)  # empty: refused with a message
    assert dialog.isVisible() and dialog.error_label.isVisible()
    assert "Skriv" in dialog.error_label.text()
    qtbot.keyClicks(dialog.outcome_edit, "Ringte boligkontoret, svar kommer i posten.")
    with qtbot.waitSignal(board.task_closed, timeout=LOAD_MS) as closed:
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert closed.args == [task.id]
    assert task.id not in [r.id for r in _visible_rows(board)]
    with demo_db.session() as s:
        saved = s.get(Task, task.id)
        assert saved is not None
        assert (
            saved.status == TaskStatus.DONE and saved.outcome == "Ringte boligkontoret, svar kommer i posten."
        )
    assert board.status_label.text().startswith("Merket som utført")
    assert sum(c.open for c in board._counts) == before_open - 1


def test_drop_cancelled_changes_nothing(qtbot, board: TaskBoard, demo_db: Database) -> None:  # noqa: ANN001
    board.table.selectRow(0)
    task = board.selected_task()
    assert task is not None
    qtbot.mouseClick(board.drop_button, Qt.MouseButton.LeftButton)
    dialog = board.outcome_dialog
    assert dialog is not None
    qtbot.keyClicks(dialog.outcome_edit, "Ikke aktuelt")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert TaskService(demo_db).task(task.id, today=TODAY).status == task.status
    assert task.id in [r.id for r in _visible_rows(board)]


def test_enter_opens_the_case(qtbot, board: TaskBoard) -> None:  # noqa: ANN001
    board.table.setFocus()
    board.table.selectRow(1)
    task = board.selected_task()
    assert task is not None
    with qtbot.waitSignal(board.case_requested, timeout=LOAD_MS) as opened:
        qtbot.keyClick(board.table, Qt.Key.Key_Return)
    assert opened.args == [task.case_id]
    with qtbot.waitSignal(board.case_requested, timeout=LOAD_MS) as opened:
        qtbot.mouseClick(board.open_button, Qt.MouseButton.LeftButton)
    assert opened.args == [task.case_id]


def test_scrolling_fetches_more_pages(qtbot, board: TaskBoard, demo_db: Database, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setattr(TaskTableModel, "PAGE", 7)
    with qtbot.waitSignal(board.loaded, timeout=LOAD_MS):
        board.refresh()
    expected = [r.id for r in TaskService(demo_db).page(TaskFilter(), limit=None, today=TODAY).rows]
    # Whole pages only; the view may already have asked for a second one to fill its height.
    rows = board.model.rowCount()
    assert rows % 7 == 0 and 0 < rows < len(expected) and board.model.canFetchMore(QModelIndex())
    while board.model.canFetchMore(QModelIndex()):
        board.model.fetchMore(QModelIndex())
    assert [r.id for r in _visible_rows(board)] == expected


def test_search_dialog_finds_notes_and_opens_the_case(qtbot, board: TaskBoard) -> None:  # noqa: ANN001
    qtbot.mouseClick(board.search_button, Qt.MouseButton.LeftButton)
    dialog = board.search_dialog
    assert dialog is not None and dialog.isVisible()
    with qtbot.waitSignal(dialog.searched, timeout=LOAD_MS):  # type: ignore[attr-defined]
        qtbot.keyClicks(dialog.query_edit, "bolig")  # type: ignore[attr-defined]
    model = dialog.model  # type: ignore[attr-defined]
    assert model.rowCount() > 0
    qtbot.keyClick(dialog.query_edit, Qt.Key.Key_Return)  # type: ignore[attr-defined]
    with qtbot.waitSignal(board.case_requested, timeout=LOAD_MS) as opened:
        qtbot.keyClick(dialog.table, Qt.Key.Key_Return)  # type: ignore[attr-defined]
    assert opened.args == [model.hit_at(0).case_id]
    with qtbot.waitSignal(dialog.searched, timeout=LOAD_MS):  # type: ignore[attr-defined]
        dialog.query_edit.setText("«»!!")  # type: ignore[attr-defined]
    assert model.rowCount() == 0


def test_type_part_of_a_name_to_choose_the_responsible(qtbot, board: TaskBoard) -> None:  # noqa: ANN001
    combo = board.responsible_combo
    name = combo.itemText(3)
    line = combo.lineEdit()
    line.selectAll()
    with qtbot.waitSignal(board.loaded, timeout=LOAD_MS):
        qtbot.keyClicks(line, name.lower())
        qtbot.keyClick(line, Qt.Key.Key_Return)
    assert combo.currentText() == name
    assert {r.responsible for r in _visible_rows(board)} == {name}
    line.selectAll()
    qtbot.keyClicks(line, "Ingen med dette navnet")
    qtbot.keyClick(line, Qt.Key.Key_Return)  # unknown text: back to the chosen person, nothing lost
    assert combo.currentText() == name


def test_names_are_not_lost_when_a_filter_overtakes_the_refresh(qtbot, board: TaskBoard) -> None:  # noqa: ANN001
    board.responsible_combo.clear()  # as if the names had never arrived
    board.refresh()
    board.group_list.setCurrentRow(2)  # a newer load starts before the refresh reports back
    qtbot.waitUntil(lambda: not board.is_loading, timeout=LOAD_MS)
    assert board.responsible_combo.count() > 2
    assert board.current_filter().party_group == PartyGroup.SPECIALIST.value
