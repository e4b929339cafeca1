"""A whole meeting without a mouse: every key goes to the widget that has the focus, as in real use.

From the case list: find the case, open it, plan a meeting (its dialog filled in with keys), start
it, take a note, write an agreement and a task, move to the next item, finish and close the
meeting. Modal questions are answered with keys too (from a timer, inside their own event loop).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from sqlmodel import select

from desktop.db import Database
from desktop.models import Decision, Meeting, Note, Task, TaskReview
from desktop.models.enums import MeetingStatus, TaskReviewResult
from desktop.ui.main_window import MainWindow

WAIT_MS = 5000
CTRL, SHIFT, ALT = (
    Qt.KeyboardModifier.ControlModifier,
    Qt.KeyboardModifier.ShiftModifier,
    Qt.KeyboardModifier.AltModifier,
)
REFERENCE = "AG-2026-001"


pytestmark = pytest.mark.window(active=True)


def back_in(qtbot, window: QWidget) -> None:  # noqa: ANN001
    """After a dialog closes, the offscreen platform does not hand activation back to the window
    (a desktop's window manager does); do what the window manager would."""
    if QApplication.activeWindow() is None:
        window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None, timeout=WAIT_MS)


def mnemonic(text: str) -> Qt.Key:
    """The key of a «&» mnemonic in a (translated) text: «&Lukk møtet» → L."""
    letter = text[text.index("&") + 1].upper()
    return Qt.Key(ord(letter))


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def key(qtbot, k: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:  # noqa: ANN001
    qtbot.keyClick(focused(), k, modifier)


def type_text(qtbot, text: str) -> None:  # noqa: ANN001
    qtbot.keyClicks(focused(), text)


def tab_to(qtbot, target: QWidget, *, backwards: bool = False, limit: int = 12) -> int:  # noqa: ANN001
    """Press Tab (or Shift+Tab) until ``target`` has the focus; return how many presses it took."""
    for presses in range(limit + 1):
        if focused() is target:
            return presses
        key(
            qtbot,
            Qt.Key.Key_Backtab if backwards else Qt.Key.Key_Tab,
            SHIFT if backwards else Qt.KeyboardModifier.NoModifier,
        )
    raise AssertionError(f"{target.accessibleName() or type(target).__name__} not reached with Tab")


def answer_modal(keys: Callable[[QWidget], None], seen: list[str]) -> None:
    """When the next modal dialog opens, hand it to ``keys``, which must close it with keys.

    A dialog still open afterwards is closed here and recorded as «… left open» (never a hang).
    """

    def attempt(tries: int = 250) -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            if tries:
                QTimer.singleShot(20, lambda: attempt(tries - 1))
            return
        seen.append(type(dialog).__name__)
        try:
            keys(dialog)
        finally:
            if dialog.isVisible():
                seen.append(f"{type(dialog).__name__} left open: {_texts(dialog)}")
                dialog.close()

    QTimer.singleShot(0, attempt)


def _texts(dialog: QWidget) -> str:
    from PySide6.QtWidgets import QLabel

    return " | ".join(
        label.text() for label in dialog.findChildren(QLabel) if label.isVisible() and label.text()
    )


def test_a_whole_meeting_with_the_keyboard_only(qtbot, window: MainWindow, demo_db: Database) -> None:  # noqa: ANN001
    seen: list[str] = []
    # Find the case (Ctrl+F), reach the list with Tab, open the case with Enter
    key(qtbot, Qt.Key.Key_F, CTRL)
    assert focused() is window.case_list.search_edit
    type_text(qtbot, REFERENCE)
    tab_to(qtbot, window.case_list.table)
    key(qtbot, Qt.Key.Key_Return)
    view = window.case_view
    assert window.stack.currentWidget() is view and view.detail is not None
    assert view.detail.reference == REFERENCE

    # Plan a new meeting (its mnemonic); the dialog: place, then Enter
    def fill_new_meeting(dialog: QWidget) -> None:
        qtbot.waitUntil(dialog.isActiveWindow, timeout=WAIT_MS)
        tab_to(qtbot, dialog.place_edit)  # type: ignore[attr-defined]
        key(qtbot, Qt.Key.Key_A, CTRL)
        type_text(qtbot, "Møterom Mjøsa")
        key(qtbot, Qt.Key.Key_Return)

    answer_modal(fill_new_meeting, seen)
    key(
        qtbot, mnemonic(view.plan_meeting_button.text()), ALT
    )  # a mnemonic «clicks» the button after a short animation
    qtbot.waitUntil(
        lambda: seen == ["NewMeetingDialog"] and window.meeting_workspace is not None, timeout=WAIT_MS
    )
    workspace = window.meeting_workspace
    back_in(qtbot, window)
    planner = workspace.planner  # type: ignore[attr-defined]
    assert workspace.stack.currentWidget() is planner  # type: ignore[attr-defined]
    meeting_id = workspace.ctx.meeting_id  # type: ignore[attr-defined]

    # Start it (F5); asked whether it is held now instead of the planned day: Enter = move it to now
    def move_to_now(dialog: QWidget) -> None:
        assert isinstance(dialog, QMessageBox)
        qtbot.waitUntil(dialog.isActiveWindow, timeout=WAIT_MS)
        key(qtbot, Qt.Key.Key_Return)

    answer_modal(move_to_now, seen)
    key(qtbot, Qt.Key.Key_F5)
    back_in(qtbot, window)
    runner = workspace.runner  # type: ignore[attr-defined]
    assert workspace.stack.currentWidget() is runner  # type: ignore[attr-defined]
    with demo_db.session() as s:
        assert s.get(Meeting, meeting_id).status == MeetingStatus.IN_PROGRESS

    # A note on the first item (the notes field has the focus after the start)
    assert focused() is runner.notes_pane.notes_edit
    first_item = runner.current_item().id
    type_text(qtbot, "Alle er her.")

    # An agreement: Ctrl+D, text, Enter
    key(qtbot, Qt.Key.Key_D, CTRL)
    assert focused() is runner.agreements.decision_edit
    type_text(qtbot, "Kari flytter inn 1. februar")
    key(qtbot, Qt.Key.Key_Return)
    assert runner.agreements.decision_list.count() == 1

    # A task: Ctrl+T, text, Tab to who is responsible, Down picks the first person, back, Enter
    key(qtbot, Qt.Key.Key_T, CTRL)
    assert focused() is runner.task_form.task_text
    type_text(qtbot, "Kari ringer NAV om depositum")
    tab_to(qtbot, runner.task_form.task_person)
    key(qtbot, Qt.Key.Key_Down)
    assert runner.task_form.task_person.currentData()
    tab_to(qtbot, runner.task_form.task_text, backwards=True)
    key(qtbot, Qt.Key.Key_Return)
    assert runner.task_form.task_list.count() == 1

    # The next agenda item: Ctrl+PgDown
    key(qtbot, Qt.Key.Key_PageDown, CTRL)
    assert runner.agenda_model.current_row == 1

    # The agenda has sub-items (issue 17): Ctrl+PgDown goes from item to item, past sub-items …
    agenda = runner.agenda_model
    key(qtbot, Qt.Key.Key_PageDown, CTRL)
    key(qtbot, Qt.Key.Key_PageDown, CTRL)
    group_row = agenda.current_row
    assert runner.current_item().kind == "follow_ups" and agenda.number(group_row) == "4"
    assert len(agenda.top_level_rows()) <= 12 < agenda.rowCount()
    # … Alt+PgDown goes into them one by one; the follow-up's answer is given on the sub-item
    key(qtbot, Qt.Key.Key_PageDown, ALT)
    follow_up = runner.current_item()
    assert follow_up.kind == "task_follow_up" and agenda.number(agenda.current_row) == "4.1"
    key(qtbot, mnemonic(runner.context.follow_up_panel.done.text()), ALT)
    qtbot.waitUntil(lambda: focused() is runner.context.follow_up_panel.outcome, timeout=WAIT_MS)
    type_text(qtbot, "Boligkontoret har svart")
    key(qtbot, Qt.Key.Key_Return)
    with demo_db.session() as s:
        review = s.exec(
            select(TaskReview).where(
                TaskReview.meeting_id == meeting_id, TaskReview.task_id == follow_up.task_id
            )
        ).one()
        assert (review.result, review.outcome) == (TaskReviewResult.DONE, "Boligkontoret har svart")
    key(qtbot, Qt.Key.Key_PageDown, ALT)
    assert agenda.number(agenda.current_row) == "4.2"
    # Ctrl+PgUp: back to the start of the item; Ctrl+PgDown: on to the next item, this one gone through
    key(qtbot, Qt.Key.Key_PageUp, CTRL)
    assert agenda.current_row == group_row
    key(qtbot, Qt.Key.Key_PageDown, CTRL)
    assert agenda.number(agenda.current_row) == "5"
    assert all(item.is_done for item in runner.items()[group_row : agenda.current_row])

    # Finish (Ctrl+Shift+Enter), then close the meeting and confirm it in the question (mnemonics)
    key(qtbot, Qt.Key.Key_Return, CTRL | SHIFT)
    review = workspace.review  # type: ignore[attr-defined]
    assert workspace.stack.currentWidget() is review  # type: ignore[attr-defined]

    def confirm_close(dialog: QWidget) -> None:
        assert isinstance(dialog, QMessageBox)
        qtbot.waitUntil(dialog.isActiveWindow, timeout=WAIT_MS)
        close = next(b for b in dialog.buttons() if dialog.buttonRole(b) == QMessageBox.ButtonRole.AcceptRole)
        key(qtbot, mnemonic(close.text()), ALT)
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT_MS)

    answer_modal(confirm_close, seen)
    key(qtbot, mnemonic(review.close_button.text()), ALT)

    def held() -> bool:
        with demo_db.session() as s:
            return s.get(Meeting, meeting_id).status == MeetingStatus.HELD

    qtbot.waitUntil(held, timeout=WAIT_MS)
    assert seen == ["NewMeetingDialog", "QMessageBox", "QMessageBox"]
    with demo_db.session() as s:
        assert [d.text for d in s.exec(select(Decision).where(Decision.meeting_id == meeting_id))] == [
            "Kari flytter inn 1. februar"
        ]
        assert [t.text for t in s.exec(select(Task).where(Task.meeting_id == meeting_id))] == [
            "Kari ringer NAV om depositum"
        ]
        notes = s.exec(select(Note).where(Note.agenda_item_id == first_item)).all()
        assert any(n.text == "Alle er her." for n in notes)


# -- tab order --------------------------------------------------------------------------------------


def tab_chain(qtbot, root: QWidget, first: QWidget) -> list[QWidget]:  # noqa: ANN001
    """The widgets Tab visits inside ``root``, starting at ``first``, until it comes round again."""
    root.activateWindow()
    qtbot.waitUntil(root.isActiveWindow, timeout=WAIT_MS)
    first.setFocus()
    qtbot.waitUntil(first.hasFocus, timeout=WAIT_MS)
    chain = [first]
    for _press in range(60):
        key(qtbot, Qt.Key.Key_Tab)
        widget = focused()
        if chain and widget is chain[-1]:
            continue  # Tab moves between the day, month and year of a date field first
        if widget is first or widget in chain:
            break
        if root.isAncestorOf(widget):
            chain.append(widget)
    return chain


def reading_order(root: QWidget, widgets: list[QWidget], row_tolerance: int = 12) -> list[QWidget]:
    """Top to bottom, and left to right within a row (widgets whose tops are within a few pixels)."""
    from PySide6.QtCore import QPoint

    def top_left(w: QWidget) -> tuple[int, int]:
        p = w.mapTo(root, QPoint(0, 0))
        return p.y(), p.x()

    ordered = sorted(widgets, key=top_left)
    rows: list[list[QWidget]] = []
    for widget in ordered:
        if rows and abs(top_left(widget)[0] - top_left(rows[-1][0])[0]) <= row_tolerance:
            rows[-1].append(widget)
        else:
            rows.append([widget])
    return [w for row in rows for w in sorted(row, key=lambda w: top_left(w)[1])]


def _names(widgets: list[QWidget]) -> list[str]:
    return [w.accessibleName() or getattr(w, "text", lambda: "")() or type(w).__name__ for w in widgets]


def _dialogs(demo_db: Database) -> list[tuple[str, QWidget, str]]:
    from datetime import date

    from desktop.models.enums import TaskStatus
    from desktop.services.case.creation import CaseService
    from desktop.services.meeting.planning import MeetingService
    from desktop.services.tasks.board import TaskService
    from desktop.ui.case.new_case_dialog import NewCaseDialog
    from desktop.ui.meeting.new_meeting_dialog import NewMeetingDialog
    from desktop.ui.minutes.new_key_dialog import NewKeyDialog
    from desktop.ui.security_menu import NewPassphraseDialog
    from desktop.ui.settings_dialog import SettingsDialog
    from desktop.ui.tasks.outcome_dialog import TaskOutcomeDialog

    task = TaskService(demo_db).open_tasks(limit=1)[0]
    return [
        ("settings", SettingsDialog(), "language_combo"),
        ("new case", NewCaseDialog(CaseService(demo_db), "AG-2026-099"), "name_edit"),
        (
            "new meeting",
            NewMeetingDialog(
                MeetingService(demo_db), 1, phase="discharge_planning", today=date(2026, 11, 25)
            ),
            "type_combo",
        ),
        ("task outcome", TaskOutcomeDialog(task, TaskStatus.DONE), "outcome_edit"),
        ("new passphrase", NewPassphraseDialog(changing=False), "first"),
        ("new signing key", NewKeyDialog(None, "Ingrid Haugen"), "name_edit"),
    ]


def test_tab_order_in_the_dialogs_follows_the_screen(qtbot, demo_db: Database) -> None:  # noqa: ANN001
    wrong = {}
    for name, dialog, first_field in _dialogs(demo_db):
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        chain = tab_chain(qtbot, dialog, getattr(dialog, first_field))
        assert len(chain) >= 3, f"{name}: Tab reached only {_names(chain)}"
        if chain != reading_order(dialog, chain):
            wrong[name] = (_names(chain), _names(reading_order(dialog, chain)))
        dialog.reject()
    assert not wrong, "\n".join(
        f"{n}: Tab goes {got}\n   the screen reads {want}" for n, (got, want) in wrong.items()
    )


def test_tab_in_the_runner_goes_through_the_capture_fields_in_screen_order(
    qtbot,  # noqa: ANN001
    window: MainWindow,
    demo_db: Database,
) -> None:
    from desktop.services.meeting.planning import MeetingService

    planned = [m for m in MeetingService(demo_db).list_meetings() if m.status in ("planned", "notice_sent")]
    window.open_meeting(planned[0].id)
    workspace = window.meeting_workspace
    workspace.ask_move_start = lambda _planned: "keep"  # type: ignore[attr-defined]
    workspace.start_meeting()  # type: ignore[attr-defined]
    runner = workspace.runner  # type: ignore[attr-defined]
    chain = tab_chain(qtbot, window, runner.notes_pane.notes_edit)
    # Tab leaves the notes (no tab character typed into them) and goes on down the form
    fields = [
        runner.notes_pane.notes_edit,
        runner.notes_pane.words_edit,
        runner.agreements.decision_edit,
        runner.task_form.task_text,
        runner.task_form.task_person,
        runner.task_form.task_party,
        runner.task_form.task_due,
        runner.task_form.task_add,
    ]
    assert all(field in chain for field in fields), _names(chain)
    positions = [chain.index(field) for field in fields]
    assert positions == sorted(positions), _names(chain)
    assert runner.notes_pane.notes_edit.toPlainText() == ""


def test_tab_leaves_every_table(qtbot, window: MainWindow, demo_db: Database) -> None:  # noqa: ANN001
    """Tab moves on to the next control instead of from cell to cell (arrows move between cells)."""
    from PySide6.QtWidgets import QTableView

    from desktop.services.meeting.planning import MeetingService

    planned = [m for m in MeetingService(demo_db).list_meetings() if m.status in ("planned", "notice_sent")]
    window.show_case(planned[0].case_id)
    window.open_meeting(planned[0].id)
    window.show_tasks()
    tables = window.findChildren(QTableView)
    assert len(tables) >= 8  # case tabs, planner, attendance, task board …
    trapping = [
        table.accessibleName() or table.objectName() or type(table.parentWidget()).__name__
        for table in tables
        if table.tabKeyNavigation()
    ]
    assert trapping == []


def test_tab_on_the_case_list_follows_the_screen(qtbot, window: MainWindow) -> None:  # noqa: ANN001
    """The buttons at the top, then the filters, then the list (was: the list before the buttons)."""
    page = window.case_list
    chain = tab_chain(qtbot, window, page.new_button)
    expected = [
        page.new_button,
        page.open_button,
        page.search_edit,
        page.phase_combo,
        page.coordinator_combo,
        page.overdue_check,
        page.table,
    ]
    assert chain[: len(expected)] == expected, _names(chain)
