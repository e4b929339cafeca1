"""The main window: welcome page, creating a case, writing its plan and consent, navigation."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog

from desktop.db import Database
from desktop.models.enums import ConsentScope, ConsentStatus, LifeDomain, PartyType, PathwayPhase
from desktop.services.case.detail import CaseDetailService
from desktop.ui.case.consent_matrix_model import SCOPES
from desktop.ui.case.table_model import CaseTableModel
from desktop.ui.main_window import MainWindow

pytestmark = pytest.mark.window(empty=True)  # the main window on an empty database


def _fill_new_case_dialog(qtbot, name: str) -> None:  # noqa: ANN001
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, QDialog), "the new-case dialog should be open"
    qtbot.keyClicks(dialog.name_edit, name)  # type: ignore[attr-defined]
    dialog.name_edit.insert(" Ŋáđđá")  # QTest types ASCII only; Sami letters arrive as from an input method  # type: ignore[attr-defined]
    qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Return)  # type: ignore[attr-defined]


def test_create_case_write_plan_and_consent_and_find_it_again(
    qtbot, window: MainWindow, db_path: Path
) -> None:  # noqa: ANN001
    assert window.stack.currentWidget() is window.welcome
    QTimer.singleShot(0, lambda: _fill_new_case_dialog(qtbot, "Aile"))
    qtbot.mouseClick(window.welcome.create_button, Qt.MouseButton.LeftButton)
    view = window.case_view
    assert window.stack.currentWidget() is view
    assert view.detail is not None and view.detail.display_name == "Aile Ŋáđđá"
    case_id = view.detail.id

    # The user's overall goal saves itself shortly after typing.
    plan = view.plan_editor
    plan.overall_edit.setFocus()
    qtbot.keyClicks(plan.overall_edit, "A ha et hjem")
    plan.overall_edit.insertPlainText(" og jobbe litt 🙂 áčđŋšŧž")
    qtbot.waitUntil(
        lambda: (
            CaseDetailService(window.db).load(case_id).plan.overall_goal
            == "A ha et hjem og jobbe litt 🙂 áčđŋšŧž"
        ),
        timeout=5000,
    )

    # A goal in the user's words, then a measure under it.
    qtbot.mouseClick(plan.add_goal_button, Qt.MouseButton.LeftButton)
    form = plan.goal_form
    form.domain_combo.setCurrentIndex(form.domain_combo.findData(LifeDomain.HOUSING.value))
    qtbot.keyClicks(form.text_edit, "Egen leilighet for sommeren")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert view.detail.plan.goals and view.detail.plan.goals[0].text == "Egen leilighet for sommeren"
    assert plan.tree.topLevelItemCount() == 1
    qtbot.mouseClick(plan.add_measure_button, Qt.MouseButton.LeftButton)
    measure_form = plan.measure_form
    qtbot.keyClicks(measure_form.text_edit, "Soke kommunal bolig")
    measure_form.party_combo.setCurrentIndex(
        measure_form.party_combo.findData(PartyType.MUNICIPAL_HOUSING.value)
    )
    qtbot.mouseClick(measure_form.save_button, Qt.MouseButton.LeftButton)
    assert [m.text for m in view.detail.plan.goals[0].measures] == ["Soke kommunal bolig"]

    # A next of kin joins the group.
    view.tabs.setCurrentWidget(view.group_panel)
    group = view.group_panel
    qtbot.mouseClick(group.new_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(group.name_edit, "Randi Test")
    group.party_combo.setCurrentIndex(group.party_combo.findData(PartyType.NEXT_OF_KIN.value))
    assert group.relation_combo.isEnabled()
    group.relation_combo.setCurrentIndex(2)
    qtbot.keyClicks(group.phone_edit, "+47 900 00 000")
    qtbot.mouseClick(group.save_button, Qt.MouseButton.LeftButton)
    kin = next(m for m in view.detail.members if m.name == "Randi Test")
    assert kin.party == PartyType.NEXT_OF_KIN and kin.relation is not None

    # The user consents to the next of kin taking part: choose the cell, Enter, choose "given", save.
    view.tabs.setCurrentWidget(view.consent_panel)
    consent = view.consent_panel
    row = consent.model.row_of(kin.id)
    column = SCOPES.index(ConsentScope.PARTICIPATE)
    consent.table.setFocus()
    consent.select_cell(row, column)
    qtbot.keyClick(consent.table, Qt.Key.Key_Return)
    assert consent.status_combo.hasFocus() or consent.editor.isEnabled()
    consent.status_combo.setCurrentIndex(consent.status_combo.findData(ConsentStatus.GIVEN.value))
    qtbot.mouseClick(consent.save_button, Qt.MouseButton.LeftButton)
    assert consent.model.data(consent.model.index(row, column)) == "Gitt"

    # Reopen the database: everything is there.
    window.close()
    reopened = Database.open(db_path)
    try:
        detail = CaseDetailService(reopened).load(case_id)
        assert detail.plan.overall_goal == "A ha et hjem og jobbe litt 🙂 áčđŋšŧž"
        assert detail.plan.goals[0].measures[0].party == PartyType.MUNICIPAL_HOUSING
        kin_again = next(m for m in detail.members if m.name == "Randi Test")
        cell = detail.consent(kin_again.id, ConsentScope.PARTICIPATE)
        assert cell.status == ConsentStatus.GIVEN and cell.given_on is not None
        second = MainWindow(reopened)
        qtbot.addWidget(second)
        assert second.stack.currentWidget() is second.case_list
        second.show_case(case_id)
        assert (
            second.case_view.plan_editor.overall_edit.toPlainText() == "A ha et hjem og jobbe litt 🙂 áčđŋšŧž"
        )
    finally:
        reopened.dispose()


def test_new_case_dialog_explains_bad_input_and_keeps_it(qtbot, window: MainWindow) -> None:  # noqa: ANN001
    from desktop.ui.case.new_case_dialog import NewCaseDialog

    dialog = NewCaseDialog(window.cases, "AG-X-1")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.reference_edit.clear()
    qtbot.keyClicks(dialog.name_edit, "Kari Test")
    qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Return)
    assert dialog.result() != QDialog.DialogCode.Accepted.value
    assert dialog.error_label.text()
    assert dialog.name_edit.text() == "Kari Test"


def test_search_and_filters_narrow_the_case_list(qtbot, demo_db: Database) -> None:  # noqa: ANN001
    win = MainWindow(demo_db)
    qtbot.addWidget(win)
    page = win.case_list
    total = page.model.rowCount()
    assert total == 7
    qtbot.keyClicks(page.search_edit, "nordmann")
    assert page.model.rowCount() == 1
    page.search_edit.clear()
    qtbot.keyClicks(page.search_edit, "AG-2026-00")
    assert page.model.rowCount() == 6
    page.search_edit.clear()
    page.phase_combo.setCurrentIndex(page.phase_combo.findData(PathwayPhase.CLOSED.value))
    assert page.model.rowCount() == 1
    page.phase_combo.setCurrentIndex(0)
    page.overdue_check.setChecked(True)
    overdue = page.model.rowCount()
    assert 0 < overdue < total
    page.overdue_check.setChecked(False)
    page.coordinator_combo.setCurrentIndex(1)
    assert 0 < page.model.rowCount() < total


def test_enter_opens_the_case_and_back_returns(qtbot, demo_db: Database) -> None:  # noqa: ANN001
    win = MainWindow(demo_db)
    qtbot.addWidget(win)
    win.show()
    page = win.case_list
    page.table.setFocus()
    page.table.setCurrentIndex(page.model.index(1, 0))
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert win.stack.currentWidget() is win.case_view
    assert win.case_view.detail is not None
    opened = win.case_view.detail.id
    assert win.case_view.detail.reference in win.windowTitle()
    win.actions_by_id[next(k for k in win.actions_by_id if k.name == "BACK")].trigger()
    assert win.stack.currentWidget() is page
    assert page.model.data(page.table.currentIndex(), Qt.ItemDataRole.UserRole + 1) == opened


def test_show_tasks_and_back_to_cases(qtbot, demo_db: Database) -> None:  # noqa: ANN001
    pytest.importorskip("desktop.ui.tasks.board")
    win = MainWindow(demo_db)
    qtbot.addWidget(win)
    win.show_tasks()
    assert win.stack.currentWidget() is win.task_board
    assert win.nav.currentRow() == win.nav.TASKS
    win.nav.setCurrentRow(win.nav.CASES)
    assert win.stack.currentWidget() is win.case_list


def test_no_two_actions_share_a_shortcut(qtbot, demo_db: Database) -> None:  # noqa: ANN001
    win = MainWindow(demo_db)
    qtbot.addWidget(win)
    win._ensure_meeting_workspace()  # its actions join the window when it exists
    seen: dict[str, str] = {}
    for action in win.all_actions():
        for sequence in action.shortcuts():
            key = sequence.toString()
            assert key not in seen, f"{key} is used by both «{seen[key]}» and «{action.text()}»"
            seen[key] = action.text()
    assert {"Ctrl+N", "Ctrl+F", "Ctrl+Q", "F1", "Alt+1", "Alt+2", "Alt+Left"} <= set(seen)


def test_shortcut_help_lists_window_shortcuts(qtbot, demo_db: Database) -> None:  # noqa: ANN001
    win = MainWindow(demo_db)
    qtbot.addWidget(win)
    lines = win.shortcut_lines()
    assert ("Finn sak", "Ctrl+F") in [(what, keys) for what, keys in lines]


def test_case_table_model_obeys_the_qt_contract(qtmodeltester, demo_db: Database) -> None:  # noqa: ANN001
    from desktop.services.case.creation import CaseService

    model = CaseTableModel()
    model.set_rows(CaseService(demo_db).list_cases())
    qtmodeltester.check(model)


def test_case_list_sorts_by_name_and_keeps_the_selection(qtbot, demo_db: Database) -> None:  # noqa: ANN001
    from desktop.ui.case.table_model import COL_NAME, COL_REFERENCE

    win = MainWindow(demo_db)
    qtbot.addWidget(win)
    page = win.case_list

    def column(number: int) -> list[str]:
        return [page.model.index(row, number).data() for row in range(page.model.rowCount())]

    page.table.setCurrentIndex(page.model.index(2, 0))
    chosen = page.model.data(page.table.currentIndex(), Qt.ItemDataRole.UserRole + 1)
    for order in (Qt.SortOrder.DescendingOrder, Qt.SortOrder.AscendingOrder):
        page.table.sortByColumn(COL_NAME, order)
        open_names = [name.lower() for name in column(COL_NAME)[:-1]]  # the closed case is last
        assert open_names == sorted(open_names, reverse=order == Qt.SortOrder.DescendingOrder)
        assert page.model.data(page.table.currentIndex(), Qt.ItemDataRole.UserRole + 1) == chosen
    page.table.sortByColumn(COL_REFERENCE, Qt.SortOrder.AscendingOrder)
    references = column(COL_REFERENCE)[:-1]
    assert references == sorted(references)


def test_meeting_page_without_a_case_explains_where_to_start(qtbot, demo_db: Database) -> None:  # noqa: ANN001
    pytest.importorskip("desktop.ui.meeting.workspace")
    win = MainWindow(demo_db)
    qtbot.addWidget(win)
    win.show()
    win.nav.setCurrentRow(win.nav.MEETING)
    assert win.stack.currentWidget() is win.case_list
    assert win.nav.currentRow() == win.nav.CASES
    assert win.statusBar().currentMessage()
    win.show_case(1)
    win.nav.setCurrentRow(win.nav.MEETING)
    assert win.stack.currentWidget() is win.meeting_workspace
    upcoming = win.case_view.next_meeting()
    assert upcoming is not None and win.meeting_workspace.ctx.meeting_id == upcoming.id  # type: ignore[union-attr]


def test_minutes_menu_acts_on_the_chosen_meeting(qtbot, demo_db: Database, monkeypatch) -> None:  # noqa: ANN001
    from desktop.ui.minutes import export_dialog, import_dialog, verify_dialog

    calls: list[object] = []
    monkeypatch.setattr(
        export_dialog, "export_minutes", lambda parent, db, meeting_id: calls.append(meeting_id)
    )
    monkeypatch.setattr(verify_dialog, "verify_received_pdf", lambda parent: calls.append("verify"))
    monkeypatch.setattr(import_dialog, "import_handover", lambda parent, db: calls.append("import") or None)
    win = MainWindow(demo_db)
    qtbot.addWidget(win)
    win.show_case(1)
    detail = win.case_view.detail
    assert detail is not None
    held = [m.id for m in detail.meetings if m.status.value == "held"]
    actions = {action_id.name: action for action_id, action in win.actions_by_id.items()}
    actions["EXPORT_MINUTES"].trigger()
    actions["VERIFY_MINUTES"].trigger()
    actions["IMPORT_HANDOVER"].trigger()
    assert calls == [held[-1], "verify", "import"]
    win.case_view.tabs.setCurrentWidget(win.case_view.timeline)
    tree = win.case_view.timeline.tree
    first_meeting = next(
        tree.topLevelItem(i)
        for i in range(tree.topLevelItemCount())
        if tree.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole) is not None
    )
    tree.setCurrentItem(first_meeting)
    chosen = first_meeting.data(0, Qt.ItemDataRole.UserRole)
    actions["EXPORT_MINUTES"].trigger()  # the case view reloads afterwards (new minutes version)
    assert calls[-1] == chosen
