"""Keys as Windows users expect them (issue 17): one key per follow-up answer, Enter anywhere in the
new-task row, Ctrl+Tab through the case tabs from inside a table."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from sqlmodel import select

from desktop.db import Database
from desktop.models import Task, TaskReview
from desktop.models.enums import TaskReviewResult
from desktop.ui.main_window import MainWindow
from desktop.ui.meeting.workspace import MeetingWorkspace
from tests.meeting_helpers import start_new_meeting
from tests.ui.test_keyboard_meeting import ALT, CTRL, SHIFT, WAIT_MS, mnemonic

CASE_ID = 1


def _press(qtbot, keys: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:  # noqa: ANN001
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    qtbot.keyClick(widget, keys, modifier)


def _focus(qtbot, widget: QWidget) -> None:  # noqa: ANN001
    widget.window().activateWindow()
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus, timeout=WAIT_MS)


def _follow_up_row(workspace: MeetingWorkspace) -> int:
    return next(n for n, item in enumerate(workspace.runner.items()) if item.kind == "task_follow_up")


def test_one_key_answers_a_follow_up_and_enter_saves_it(
    qtbot, workspace: MeetingWorkspace, demo_db: Database
) -> None:
    meeting_id = start_new_meeting(qtbot, workspace, demo_db, CASE_ID)
    runner = workspace.runner
    runner.go_to(_follow_up_row(workspace))
    task_id = runner.current_item().task_id
    height = runner.context.height()

    # Saving without an answer: the message is beside the choices, and nothing moves.
    _focus(qtbot, runner.context.follow_up_panel.outcome)
    _press(qtbot, Qt.Key.Key_Return)
    assert (
        runner.context.follow_up_panel.status.isVisible()
        and "Velg" in runner.context.follow_up_panel.status.text()
    )
    assert runner.context.height() == height
    assert runner.context.follow_up_panel.done.hasFocus()

    # «Fortsetter»: one Alt+letter, and the keyboard is in the new date.
    _press(qtbot, mnemonic(runner.context.follow_up_panel.continued.text()), ALT)
    qtbot.waitUntil(runner.context.follow_up_panel.continued.isChecked, timeout=WAIT_MS)
    qtbot.waitUntil(runner.context.follow_up_panel.due.hasFocus, timeout=WAIT_MS)

    # «Utført»: one Alt+letter, the outcome field has the keyboard, Enter saves.
    _press(qtbot, mnemonic(runner.context.follow_up_panel.done.text()), ALT)
    qtbot.waitUntil(runner.context.follow_up_panel.done.isChecked, timeout=WAIT_MS)
    qtbot.waitUntil(runner.context.follow_up_panel.outcome.hasFocus, timeout=WAIT_MS)
    qtbot.keyClicks(runner.context.follow_up_panel.outcome, "Søknaden er sendt")
    _press(qtbot, Qt.Key.Key_Return)
    workspace.ctx.writer.wait()
    with demo_db.session() as s:
        review = s.exec(
            select(TaskReview).where(TaskReview.meeting_id == meeting_id, TaskReview.task_id == task_id)
        ).one()
        assert review.result == TaskReviewResult.DONE and review.outcome == "Søknaden er sendt"


def test_enter_in_any_field_of_the_new_task_row_adds_the_task(
    qtbot, workspace: MeetingWorkspace, demo_db: Database
) -> None:
    meeting_id = start_new_meeting(qtbot, workspace, demo_db, CASE_ID)
    runner = workspace.runner
    for number, field in enumerate(
        (runner.task_form.task_person, runner.task_form.task_party, runner.task_form.task_due), start=1
    ):
        runner.task_form.task_text.setText(f"Oppgave {number}")
        runner.task_form.task_person.setCurrentIndex(1)
        _focus(qtbot, field)
        _press(qtbot, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda n=number: runner.task_form.task_list.count() == n, timeout=WAIT_MS)
    workspace.ctx.writer.wait()
    with demo_db.session() as s:
        texts = [t.text for t in s.exec(select(Task).where(Task.meeting_id == meeting_id))]
    assert texts == ["Oppgave 1", "Oppgave 2", "Oppgave 3"]


def test_ctrl_tab_switches_case_tabs_from_every_control(qtbot, window: MainWindow) -> None:  # noqa: ANN001
    """From every control of every tab — tables included — Ctrl+Tab goes to the next tab and
    Ctrl+Shift+Tab back, round the ends (found failing from a table on a real desktop; offscreen it
    works, and this keeps it so for every control)."""
    window.show_case(CASE_ID)
    tabs = window.case_view.tabs
    eaten = []
    for index in range(tabs.count()):
        tabs.setCurrentIndex(index)
        for control in tabs.widget(index).findChildren(QWidget):
            if (
                not control.isVisible()
                or not control.isEnabled()
                or control.focusPolicy() == Qt.FocusPolicy.NoFocus
            ):
                continue
            tabs.setCurrentIndex(index)
            control.setFocus()
            if not control.hasFocus():
                continue
            qtbot.keyClick(control, Qt.Key.Key_Tab, CTRL)
            forward = tabs.currentIndex()
            tabs.setCurrentIndex(index)
            control.setFocus()
            qtbot.keyClick(control, Qt.Key.Key_Backtab, CTRL | SHIFT)
            if (forward, tabs.currentIndex()) != ((index + 1) % tabs.count(), (index - 1) % tabs.count()):
                eaten.append(f"tab {index}: {type(control).__name__} {control.accessibleName()}")
    assert not eaten


def test_a_discharge_meeting_with_enter_on_the_buttons(qtbot, window: MainWindow, demo_db: Database) -> None:  # noqa: ANN001
    """Plan, run (through the tree agenda's top-level items) and close a discharge meeting, pressing
    Enter on the focused buttons as a Windows user does; questions are answered with keys too."""
    from desktop.models import Meeting
    from desktop.models.enums import MeetingStatus
    from desktop.ui import enter_key
    from tests.ui.test_keyboard_meeting import answer_modal, back_in, key, type_text

    enter_key.install(QApplication.instance())  # type: ignore[arg-type]  # as create_application does
    seen: list[str] = []
    window.show_case(CASE_ID)
    view = window.case_view

    def fill(dialog: QWidget) -> None:  # the new-meeting dialog: a place, then Enter (its default)
        qtbot.waitUntil(dialog.isActiveWindow, timeout=WAIT_MS)
        dialog.place_edit.setFocus()  # type: ignore[attr-defined]
        type_text(qtbot, "Møterom Mjøsa")
        key(qtbot, Qt.Key.Key_Return)

    answer_modal(fill, seen)
    _focus(qtbot, view.plan_meeting_button)
    _press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: window.meeting_workspace is not None and seen == ["NewMeetingDialog"], timeout=WAIT_MS
    )
    workspace = window.meeting_workspace
    back_in(qtbot, window)
    meeting_id = workspace.ctx.meeting_id  # type: ignore[union-attr]

    def move_to_now(dialog: QWidget) -> None:  # started on another day: Enter takes the default
        qtbot.waitUntil(dialog.isActiveWindow, timeout=WAIT_MS)
        key(qtbot, Qt.Key.Key_Return)

    answer_modal(move_to_now, seen)
    _focus(qtbot, workspace.planner.start_button)  # type: ignore[union-attr]
    _press(qtbot, Qt.Key.Key_Return)
    runner = workspace.runner  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: workspace.stack.currentWidget() is runner, timeout=WAIT_MS)  # type: ignore[union-attr]
    back_in(qtbot, window)

    # Ctrl+PgDown goes from top-level item to top-level item: about a dozen, not 35.
    items = runner.items()
    tops = [n for n, item in enumerate(items) if runner._parents.get(item.id) is None]  # noqa: SLF001
    assert len(tops) <= 13 < len(items), (len(tops), len(items))
    visited = [runner.agenda_model.current_row]
    for _top in tops[1:]:
        runner.focus_notes()
        key(qtbot, Qt.Key.Key_PageDown, CTRL)
        visited.append(runner.agenda_model.current_row)
    assert visited == tops

    _focus(qtbot, runner.finish_button)
    _press(qtbot, Qt.Key.Key_Return)
    review = workspace.review  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: workspace.stack.currentWidget() is review, timeout=WAIT_MS)  # type: ignore[union-attr]
    back_in(qtbot, window)

    def close_anyway(dialog: QWidget) -> None:  # unfinished things: the accept button's letter
        qtbot.waitUntil(dialog.isActiveWindow, timeout=WAIT_MS)
        accept = next(
            b for b in dialog.buttons() if dialog.buttonRole(b) == QMessageBox.ButtonRole.AcceptRole
        )  # type: ignore[attr-defined]
        key(qtbot, mnemonic(accept.text()), ALT)
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT_MS)

    answer_modal(close_anyway, seen)
    _focus(qtbot, review.close_button)
    _press(qtbot, Qt.Key.Key_Return)

    def held() -> bool:
        with demo_db.session() as s:
            return s.get(Meeting, meeting_id).status == MeetingStatus.HELD

    qtbot.waitUntil(held, timeout=WAIT_MS)
    assert seen == ["NewMeetingDialog", "QMessageBox", "QMessageBox"], seen
