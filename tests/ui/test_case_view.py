"""The case view with demo data: tabs, in-place edits, refusals that keep input, signals."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QDate, QSortFilterProxyModel, Qt

from desktop.db import Database
from desktop.models.enums import ConsentScope, ConsentStatus, PathwayPhase
from desktop.services.case.detail import CaseDetailService
from desktop.ui.case.consent_matrix_model import MEMBER_ID_ROLE, SCOPES, ConsentMatrixModel
from desktop.ui.case.member_table_model import MemberTableModel
from desktop.ui.case.view import CaseView
from tests.conftest import TODAY


@pytest.fixture
def view(qtbot, demo_db: Database) -> Iterator[CaseView]:  # noqa: ANN001
    widget = CaseView(demo_db)
    qtbot.addWidget(widget)
    widget.resize(1366, 700)
    widget.show()
    widget.load(1)
    yield widget


def test_header_and_tabs_show_the_case(view: CaseView) -> None:
    detail = view.detail
    assert detail is not None
    assert detail.reference in view.title_label.text()
    assert view.tabs.count() == 7  # plan, group, consent, coordination, crisis, timeline, life areas
    assert view.plan_editor.overall_edit.toPlainText() == detail.plan.overall_goal
    assert view.plan_editor.tree.topLevelItemCount() == len(detail.plan.goals)
    assert view.group_panel.model.rowCount() == len(detail.members)
    assert view.consent_panel.model.rowCount() == sum(m.is_active for m in detail.members)
    assert view.timeline.tree.topLevelItemCount() == len(detail.timeline())


def test_measure_ending_before_it_starts_is_refused_and_the_form_keeps_the_text(
    qtbot, view: CaseView
) -> None:  # noqa: ANN001
    editor = view.plan_editor
    goal_item = editor.tree.topLevelItem(0)
    measure_item = goal_item.child(0)
    editor.tree.setCurrentItem(measure_item)
    form = editor.measure_form
    assert editor.forms.currentWidget() is form
    form.text_edit.selectAll()
    qtbot.keyClicks(form.text_edit, "Endret tekst")
    form.start_edit.set_value(TODAY)
    form.end_edit.set_value(TODAY.replace(year=TODAY.year - 1))
    before = (
        CaseDetailService(view._service._db)
        .load(1)
        .measure(measure_item.data(0, Qt.ItemDataRole.UserRole + 1))
    )
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert "«" in view.message_label.text()  # a clear, translated reason
    assert form.text_edit.toPlainText() == "Endret tekst"
    after = CaseDetailService(view._service._db).load(1).measure(before.id)  # type: ignore[union-attr]
    assert after == before


def test_withdrawing_consent_records_the_date(qtbot, view: CaseView) -> None:  # noqa: ANN001
    panel = view.consent_panel
    view.tabs.setCurrentWidget(panel)
    detail = view.detail
    assert detail is not None
    member = next(m for m in detail.members if not m.is_user and m.is_active)
    row = panel.model.row_of(member.id)
    column = SCOPES.index(ConsentScope.PARTICIPATE)
    assert detail.consent(member.id, ConsentScope.PARTICIPATE).status == ConsentStatus.GIVEN
    panel.select_cell(row, column)
    assert panel.withdraw_button.isEnabled()
    qtbot.mouseClick(panel.withdraw_button, Qt.MouseButton.LeftButton)
    cell = view.detail.consent(member.id, ConsentScope.PARTICIPATE)  # type: ignore[union-attr]
    assert cell.status == ConsentStatus.WITHDRAWN and cell.withdrawn_on is not None
    assert cell.given_on is not None
    assert panel.model.data(panel.model.index(row, column)) == "Trukket tilbake"
    assert panel.table.currentIndex().row() == row  # the same cell stays chosen


def test_limited_consent_needs_a_limitation(qtbot, view: CaseView) -> None:  # noqa: ANN001
    panel = view.consent_panel
    view.tabs.setCurrentWidget(panel)
    member = next(m for m in view.detail.members if not m.is_user)  # type: ignore[union-attr]
    column = SCOPES.index(ConsentScope.INFORM_GP)
    panel.select_cell(panel.model.row_of(member.id), column)
    panel.status_combo.setCurrentIndex(panel.status_combo.findData(ConsentStatus.LIMITED.value))
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    assert view.message_label.text()
    assert view.detail.consent(member.id, ConsentScope.INFORM_GP).status == ConsentStatus.NOT_ASKED  # type: ignore[union-attr]
    panel.limitation_edit.setPlainText("Bare om medisiner")
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    cell = view.detail.consent(member.id, ConsentScope.INFORM_GP)  # type: ignore[union-attr]
    assert cell.status == ConsentStatus.LIMITED and cell.limitation == "Bare om medisiner"


def test_changing_phase_adds_to_the_history(qtbot, view: CaseView) -> None:  # noqa: ANN001
    panel = view.coordination_panel
    view.tabs.setCurrentWidget(panel)
    rows = panel.history.rowCount()
    panel.phase_combo.setCurrentIndex(panel.phase_combo.findData(PathwayPhase.AFTER_DISCHARGE.value))
    panel.phase_date.edit.setDate(QDate(TODAY.year, TODAY.month, TODAY.day))
    qtbot.mouseClick(panel.change_phase_button, Qt.MouseButton.LeftButton)
    assert view.detail.phase == PathwayPhase.AFTER_DISCHARGE  # type: ignore[union-attr]
    assert panel.history.rowCount() == rows + 1
    assert "Etter utskrivning" in view.facts_label.text()


def test_crisis_plan_accepts_a_very_long_text(qtbot, view: CaseView) -> None:  # noqa: ANN001
    panel = view.crisis_panel
    view.tabs.setCurrentWidget(panel)
    long_text = "Ring mor 🙂 áčđŋšŧž. " * 5000  # ~100 000 characters
    panel.helps_edit.setPlainText(long_text)
    qtbot.mouseClick(panel.save_crisis_button, Qt.MouseButton.LeftButton)
    assert view.detail.crisis_plan.what_helps == long_text.strip()  # type: ignore[union-attr]


def test_children_are_added_by_age_band_only(qtbot, view: CaseView) -> None:  # noqa: ANN001
    panel = view.crisis_panel
    rows = panel.children_table.rowCount()
    panel.age_combo.setCurrentIndex(3)
    qtbot.mouseClick(panel.add_child_button, Qt.MouseButton.LeftButton)
    assert panel.children_table.rowCount() == rows + 1


def test_meeting_signals(qtbot, view: CaseView) -> None:  # noqa: ANN001
    with qtbot.waitSignal(view.plan_meeting_requested, timeout=1000) as planned:
        qtbot.mouseClick(view.plan_meeting_button, Qt.MouseButton.LeftButton)
    assert planned.args == [1]
    view.tabs.setCurrentWidget(view.timeline)
    tree = view.timeline.tree
    item = next(
        tree.topLevelItem(i)
        for i in range(tree.topLevelItemCount())
        if tree.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole) is not None
    )
    tree.setCurrentItem(item)
    tree.setFocus()
    with qtbot.waitSignal(view.open_meeting_requested, timeout=1000) as opened:
        qtbot.keyClick(tree, Qt.Key.Key_Return)
    assert opened.args == [item.data(0, Qt.ItemDataRole.UserRole)]


def test_table_models_obey_the_qt_contract(qtmodeltester, demo_db: Database) -> None:  # noqa: ANN001
    detail = CaseDetailService(demo_db).load(1, today=TODAY)
    members = MemberTableModel()
    members.set_members(detail.members)
    matrix = ConsentMatrixModel()
    matrix.set_detail(detail)
    for model in (members, matrix):
        proxy = QSortFilterProxyModel()
        proxy.setSourceModel(model)
        qtmodeltester.check(model)
        qtmodeltester.check(proxy)
    assert matrix.columnCount() == len(ConsentScope)
    assert matrix.data(matrix.index(0, 0), MEMBER_ID_ROLE) == detail.members[0].id
    assert matrix.data(matrix.index(0, 0)) == "Alltid"  # the user needs no consent


def test_moving_to_another_goal_saves_what_was_typed(qtbot, view: CaseView) -> None:  # noqa: ANN001
    editor = view.plan_editor
    first = editor.tree.topLevelItem(0)
    editor.tree.setCurrentItem(first)
    goal_id = first.data(0, Qt.ItemDataRole.UserRole + 1)
    editor.goal_form.professional_edit.selectAll()
    qtbot.keyClicks(editor.goal_form.professional_edit, "Ny faglig formulering")
    editor.tree.setFocus()
    qtbot.keyClick(editor.tree, Qt.Key.Key_Down)  # to the first measure
    assert editor.tree.currentItem() is not first
    qtbot.waitUntil(
        lambda: view.detail.goal(goal_id).professional_text == "Ny faglig formulering", timeout=2000
    )  # type: ignore[union-attr]


def test_a_refused_edit_keeps_the_item_chosen(qtbot, view: CaseView) -> None:  # noqa: ANN001
    editor = view.plan_editor
    first = editor.tree.topLevelItem(0)
    editor.tree.setCurrentItem(first)
    editor.goal_form.text_edit.clear()  # a goal needs the user's words
    editor.tree.setCurrentItem(editor.tree.topLevelItem(1))
    assert editor.tree.currentItem() is first
    assert view.message_label.text()
    assert view.detail.goal(first.data(0, Qt.ItemDataRole.UserRole + 1)).text  # type: ignore[union-attr]


def test_choosing_another_member_saves_the_edited_one(qtbot, view: CaseView) -> None:  # noqa: ANN001
    panel = view.group_panel
    view.tabs.setCurrentWidget(panel)
    panel.table.setFocus()
    panel.table.selectRow(1)
    member_id = panel._member_id
    panel.title_edit.selectAll()
    qtbot.keyClicks(panel.title_edit, "Ny stilling")
    panel.table.setFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_Down)
    assert panel._member_id != member_id
    qtbot.waitUntil(lambda: view.detail.member(member_id).title == "Ny stilling", timeout=2000)  # type: ignore[union-attr]


def test_quick_keys_in_the_consent_matrix(qtbot, view: CaseView) -> None:  # noqa: ANN001
    panel = view.consent_panel
    view.tabs.setCurrentWidget(panel)
    member = next(m for m in view.detail.members if not m.is_user)  # type: ignore[union-attr]
    row, column = panel.model.row_of(member.id), SCOPES.index(ConsentScope.TRANSFER_TO_NEW_COORDINATOR)
    panel.table.setFocus()
    panel.select_cell(row, column)
    qtbot.keyClick(panel.table, Qt.Key.Key_1)
    assert (
        view.detail.consent(member.id, ConsentScope.TRANSFER_TO_NEW_COORDINATOR).status == ConsentStatus.GIVEN
    )  # type: ignore[union-attr]
    qtbot.keyClick(panel.table, Qt.Key.Key_4)
    cell = view.detail.consent(member.id, ConsentScope.TRANSFER_TO_NEW_COORDINATOR)  # type: ignore[union-attr]
    assert cell.status == ConsentStatus.WITHDRAWN and cell.withdrawn_on is not None
    qtbot.keyClick(panel.table, Qt.Key.Key_2)  # with limits: asks what the limit is first
    assert panel.limitation_edit.hasFocus()
    assert (
        view.detail.consent(member.id, ConsentScope.TRANSFER_TO_NEW_COORDINATOR).status
        == ConsentStatus.WITHDRAWN
    )  # type: ignore[union-attr]


def test_resources_and_next_evaluation_are_saved(qtbot, view: CaseView) -> None:  # noqa: ANN001
    editor = view.plan_editor
    editor.resources_edit.selectAll()
    qtbot.keyClicks(editor.resources_edit, "Liker musikk")
    editor.next_evaluation_edit.set_value(TODAY)
    editor.next_evaluation_edit.changed.emit()
    service = CaseDetailService(view._service._db)
    qtbot.waitUntil(lambda: service.load(1).plan.resources == "Liker musikk", timeout=3000)
    assert service.load(1).plan.next_evaluation == TODAY


def test_typing_then_opening_another_case_saves_to_the_right_case(qtbot, view: CaseView) -> None:  # noqa: ANN001
    editor = view.plan_editor
    editor.overall_edit.selectAll()
    qtbot.keyClicks(editor.overall_edit, "Nytt hovedmaal")
    view.load(2)  # before the autosave has fired
    service = CaseDetailService(view._service._db)
    assert service.load(1).plan.overall_goal == "Nytt hovedmaal"
    assert service.load(2).plan.overall_goal != "Nytt hovedmaal"
    assert editor.overall_edit.toPlainText() == service.load(2).plan.overall_goal


def test_an_edited_goal_is_saved_when_another_case_is_opened(qtbot, view: CaseView) -> None:  # noqa: ANN001
    editor = view.plan_editor
    goal_id = editor.tree.topLevelItem(0).data(0, Qt.ItemDataRole.UserRole + 1)
    editor.goal_form.professional_edit.selectAll()
    qtbot.keyClicks(editor.goal_form.professional_edit, "Endret for bytte av sak")
    view.load(2)
    assert (
        CaseDetailService(view._service._db).load(1).goal(goal_id).professional_text
        == "Endret for bytte av sak"
    )  # type: ignore[union-attr]


def test_a_reload_from_another_tab_keeps_crisis_plan_text_being_written(qtbot, view: CaseView) -> None:  # noqa: ANN001
    crisis = view.crisis_panel
    view.tabs.setCurrentWidget(crisis)
    crisis.warning_edit.setFocus()
    crisis.warning_edit.selectAll()
    qtbot.keyClicks(crisis.warning_edit, "Halvskrevet tekst")
    view.reload()  # e.g. a consent saved in another tab
    assert crisis.warning_edit.toPlainText() == "Halvskrevet tekst"
    view.load(2)  # opening another case saves it first
    assert CaseDetailService(view._service._db).load(1).crisis_plan.warning_signs == "Halvskrevet tekst"
    assert (
        crisis.warning_edit.toPlainText()
        == CaseDetailService(view._service._db).load(2).crisis_plan.warning_signs
    )


def test_opening_another_case_shows_its_own_group(qtbot, view: CaseView) -> None:  # noqa: ANN001
    view.tabs.setCurrentWidget(view.group_panel)
    view.load(2)
    names = {m.name for m in view.detail.members}  # type: ignore[union-attr]
    assert view.group_panel.name_edit.text() in names


def test_long_goals_wrap_in_the_plan_tree_instead_of_being_cut(qtbot, view: CaseView) -> None:  # noqa: ANN001
    """A goal in the person's own words is often a sentence: its row grows to show it whole, and
    shrinks again when the column has room (rows are laid out anew when the column's width changes)."""
    from PySide6.QtGui import QFontMetrics

    tree = view.plan_editor.tree
    goal = tree.topLevelItem(0)
    metrics = QFontMetrics(goal.font(0))
    one_line = metrics.height()
    assert tree.visualItemRect(goal).height() < 2 * one_line  # 1366 wide: the goal fits on a line
    view.resize(980, 700)
    qtbot.waitUntil(lambda: tree.header().sectionSize(0) < metrics.horizontalAdvance(goal.text(0)))
    qtbot.waitUntil(lambda: tree.visualItemRect(goal).height() >= 2 * one_line)
    view.resize(1366, 700)
    qtbot.waitUntil(lambda: tree.visualItemRect(goal).height() < 2 * one_line)
