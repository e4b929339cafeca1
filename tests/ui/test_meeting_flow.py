"""Plan, run and close a meeting for a demo case with the keyboard, through the real widgets."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtWidgets import QDialogButtonBox
from sqlmodel import select

from desktop import clock
from desktop.db import Database
from desktop.models import Attendance, Decision, Meeting, Note, Task
from desktop.models.enums import AttendanceStatus, MeetingStatus, NoteKind, TaskStatus
from desktop.services.meeting.agenda import AgendaService
from desktop.services.meeting.planning import MeetingService
from desktop.ui.meeting.agenda_model import AgendaRow, AgendaTableModel
from desktop.ui.meeting.attendance_panel import AttendanceTableModel
from desktop.ui.meeting.new_meeting_dialog import NewMeetingDialog
from desktop.ui.meeting.workspace import DONT_START, MOVE, MeetingWorkspace
from desktop.ui.palette import TEXT_ERROR

CASE_ID = 1  # AG-2026-001, discharge planning, next of kin with consent, open and overdue tasks
WAIT_MS = 5000


def run_new_meeting(qtbot, workspace: MeetingWorkspace, db: Database) -> tuple[int, object]:
    """Plan a meeting through the dialog, open it and start it; return its id and the runner."""
    meeting_id = plan_with_dialog(qtbot, db)
    workspace.open_meeting(meeting_id)
    workspace.start_meeting()
    return meeting_id, workspace.runner


def plan_with_dialog(qtbot, db: Database) -> int:
    dialog = NewMeetingDialog(
        MeetingService(db), CASE_ID, phase="discharge_planning", today=date(2026, 11, 25)
    )
    qtbot.addWidget(dialog)
    assert dialog.type_combo.currentData() == "discharge_planning"
    assert dialog.date_edit.date() == QDate(2026, 12, 3)  # 2 Dec already has a meeting of the case
    dialog.place_edit.setFocus()
    qtbot.keyClicks(dialog.place_edit, "Møterom Mjøsa, Hamar")
    qtbot.keyClicks(dialog.video_edit, "NAV deltar på Teams")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.result() == dialog.DialogCode.Accepted, dialog.error_label.text()
    assert dialog.meeting_id is not None
    return dialog.meeting_id


def press(qtbot, widget, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(widget, key, modifier)


def test_plan_run_and_close_a_meeting_with_the_keyboard(
    qtbot, workspace: MeetingWorkspace, demo_db: Database
) -> None:
    meeting_id = plan_with_dialog(qtbot, demo_db)
    workspace.open_meeting(meeting_id)
    planner = workspace.planner
    assert workspace.stack.currentWidget() is planner

    # the generated agenda: welcome, approval, the user's view, open tasks, goals, checkpoints …
    rows = planner.model.rows()
    kinds = [r.kind for r in rows]
    assert kinds[:3] == ["welcome", "approve_minutes", "user_view"]
    assert "task_follow_up" in kinds and "checkpoint" in kinds and kinds[-1] == "next_meeting"
    assert planner.total_label.text()

    # reorder with the keyboard: the user's view moves up above the approval of the minutes
    planner.table.setFocus()
    planner.table.setCurrentIndex(planner.model.index(2, AgendaTableModel.TITLE))
    press(qtbot, planner.table, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert [e.kind for e in AgendaService(demo_db).agenda(meeting_id)][:3] == [
        "welcome",
        "user_view",
        "approve_minutes",
    ]
    assert planner.table.currentIndex().row() == 1

    # add an item of our own with Insert, its title, Enter
    press(qtbot, planner.table, Qt.Key.Key_Insert)
    assert planner.new_title.hasFocus()
    qtbot.keyClicks(planner.new_title, "Reise hjem til jul")
    press(qtbot, planner.new_title, Qt.Key.Key_Return)
    assert "Reise hjem til jul" in [r.title for r in planner.model.rows()]

    # start the meeting (F5)
    press(qtbot, planner.table, Qt.Key.Key_F5)
    runner = workspace.runner
    assert workspace.stack.currentWidget() is runner
    assert MeetingService(demo_db).meeting(meeting_id).status == MeetingStatus.IN_PROGRESS
    assert runner.agenda_model.current_row == 0

    # attendance: Ctrl+4, then 1 (present) for the user, Down, 4 (sent apologies)
    press(qtbot, runner.notes_pane.notes_edit, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    table = runner.attendance.table
    assert table.hasFocus()
    table.setCurrentIndex(runner.attendance.view_model.index(0, 0))
    press(qtbot, table, Qt.Key.Key_1)
    press(qtbot, table, Qt.Key.Key_Down)
    press(qtbot, table, Qt.Key.Key_4)
    with demo_db.session() as s:
        statuses = [
            a.status for a in s.exec(select(Attendance).where(Attendance.meeting_id == meeting_id)).all()
        ]
    assert AttendanceStatus.PRESENT in statuses and AttendanceStatus.EXCUSED in statuses

    # next item (Ctrl+PgDown) is the user's view; a note and the user's own words
    press(qtbot, table, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert runner.agenda_model.current_row == 1
    item_id = runner.current_item().id
    press(qtbot, table, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert runner.notes_pane.notes_edit.hasFocus()
    qtbot.keyClicks(runner.notes_pane.notes_edit, "Kari har fått svar fra boligkontoret.")
    press(qtbot, runner.notes_pane.notes_edit, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(runner.notes_pane.words_edit, "Jeg gleder meg, æøå")
    runner.notes_pane.words_edit.insertPlainText(" – áčđŋšŧž 🙂")  # QTest types Latin-1 only

    def saved(kind: NoteKind, text: str) -> bool:
        with demo_db.session() as s:
            note = s.exec(select(Note).where(Note.agenda_item_id == item_id, Note.kind == kind)).first()
            return note is not None and note.text == text

    qtbot.waitUntil(lambda: saved(NoteKind.NOTE, "Kari har fått svar fra boligkontoret."), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: saved(NoteKind.USER_WORDS, "Jeg gleder meg, æøå – áčđŋšŧž 🙂"), timeout=WAIT_MS)

    # an agreement (Ctrl+D … Enter) and a task (Ctrl+T … Enter)
    press(qtbot, runner.notes_pane.words_edit, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert runner.agreements.decision_edit.hasFocus()
    qtbot.keyClicks(runner.agreements.decision_edit, "Kari flytter inn 1. februar")
    press(qtbot, runner.agreements.decision_edit, Qt.Key.Key_Return)
    assert runner.agreements.decision_list.count() == 1
    press(qtbot, runner.agreements.decision_edit, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    assert runner.task_form.task_text.hasFocus()
    runner.task_form.task_person.setCurrentIndex(1)  # the user: party follows the person
    qtbot.keyClicks(runner.task_form.task_text, "Kari ringer NAV om depositum")
    press(qtbot, runner.task_form.task_text, Qt.Key.Key_Return)
    assert runner.task_form.task_list.count() == 1

    def task_ids() -> list[int]:
        with demo_db.session() as s:
            return [t.id for t in s.exec(select(Task).where(Task.meeting_id == meeting_id)).all()]

    assert len(task_ids()) == 1

    # undo the task, then the agreement; redo both
    press(qtbot, runner.task_form.task_text, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert task_ids() == [] and runner.task_form.task_list.count() == 0
    press(qtbot, runner.task_form.task_text, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert runner.agreements.decision_list.count() == 0
    redo = workspace.menu_actions()[1]
    redo.trigger()
    redo.trigger()
    assert runner.agreements.decision_list.count() == 1 and len(task_ids()) == 1

    # typing merges into one undo step; undoing it restores the earlier text in the editor
    runner.notes_pane.notes_edit.setFocus()
    qtbot.keyClicks(runner.notes_pane.notes_edit, " Ny leilighet.")
    press(qtbot, runner.notes_pane.notes_edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert runner.notes_pane.notes_edit.toPlainText() == "Kari har fått svar fra boligkontoret."
    qtbot.waitUntil(lambda: saved(NoteKind.NOTE, "Kari har fått svar fra boligkontoret."), timeout=WAIT_MS)

    # follow up an earlier task: done, with an outcome
    follow_up = next(i for i, item in enumerate(runner.items()) if item.kind == "task_follow_up")
    runner.go_to(follow_up)
    earlier_task = runner.current_item().task_id
    press(qtbot, runner.notes_pane.notes_edit, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert runner.context.follow_up_panel.outcome.hasFocus()
    runner.context.follow_up_panel.done.setChecked(True)
    qtbot.keyClicks(runner.context.follow_up_panel.outcome, "Søknaden er sendt.")
    press(qtbot, runner.context.follow_up_panel.outcome, Qt.Key.Key_Return)
    with demo_db.session() as s:
        assert s.get(Task, earlier_task).status == TaskStatus.DONE

    # finish: the review shows what was agreed and who does what; close with a next date
    press(
        qtbot,
        runner.notes_pane.notes_edit,
        Qt.Key.Key_Return,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    review = workspace.review
    assert workspace.stack.currentWidget() is review
    assert review.decisions.item(0).text() == "Kari flytter inn 1. februar"
    assert review.tasks.topLevelItemCount() >= 1
    review.next_box.next_date.setDateTime(QDateTime(QDate(2027, 1, 6), QTime(10, 0)))
    review.close_button.setFocus()
    press(qtbot, review.close_button, Qt.Key.Key_Space)
    with demo_db.session() as s:
        meeting = s.get(Meeting, meeting_id)
        assert meeting.status == MeetingStatus.HELD and meeting.next_meeting_start == datetime(
            2027, 1, 6, 10, 0
        )
        assert s.exec(select(Decision).where(Decision.meeting_id == meeting_id)).first() is not None
        next_meeting = s.exec(
            select(Meeting).where(Meeting.case_id == CASE_ID, Meeting.start == datetime(2027, 1, 6, 10, 0))
        ).one()
    assert review.export_button.isVisible() and not review.close_button.isVisible()

    # the new task is on the next meeting's agenda; the task marked done is not
    next_agenda = AgendaService(demo_db).agenda(next_meeting.id)
    assert task_ids()[0] in [e.task_id for e in next_agenda]
    assert earlier_task not in [e.task_id for e in next_agenda]

    # back to the case
    with qtbot.waitSignal(workspace.finished, timeout=WAIT_MS) as blocker:
        workspace.back_button.click()
    assert blocker.args == [CASE_ID]


def test_bad_input_gets_a_message_and_nothing_is_lost(
    qtbot, workspace: MeetingWorkspace, demo_db: Database
) -> None:
    meeting_id, runner = run_new_meeting(qtbot, workspace, demo_db)
    runner.agreements.decision_edit.setFocus()
    press(qtbot, runner.agreements.decision_edit, Qt.Key.Key_Return)  # empty
    assert workspace.status_label.text()
    runner.task_form.task_text.setText("Noe som må gjøres")
    runner.task_form.task_due.setDate(QDate(2020, 1, 1))
    press(qtbot, runner.task_form.task_text, Qt.Key.Key_Return)
    assert "dato" in workspace.status_label.text().lower() or workspace.status_label.text()
    assert runner.task_form.task_text.text() == "Noe som må gjøres"  # kept for a second try
    assert runner.task_form.task_list.count() == 0
    assert workspace.ctx.undo_stack.count() == 0
    long_note = ("Kari sier noe viktig. " * 5000)[:100_000]
    runner.notes_pane.notes_edit.setPlainText(long_note)
    runner.flush_text()
    workspace.ctx.writer.wait()
    with demo_db.session() as s:
        assert s.exec(select(Note).where(Note.meeting_id == meeting_id)).one().text == long_note


def test_the_review_refuses_to_close_without_a_date_or_reason(
    qtbot, workspace: MeetingWorkspace, demo_db: Database
) -> None:
    meeting_id = plan_with_dialog(qtbot, demo_db)
    workspace.open_meeting(meeting_id)
    workspace.start_meeting()
    workspace.show_review()
    review = workspace.review
    review.next_box.no_next_radio.setChecked(True)
    review.close_button.click()
    assert review.status_label.text()
    assert MeetingService(demo_db).meeting(meeting_id).status == MeetingStatus.IN_PROGRESS
    review.next_box.reason_edit.setText("Koordinator kaller inn når vedtaket om bolig er klart")
    review.next_box.no_next_radio.setChecked(True)
    review.close_button.click()
    assert MeetingService(demo_db).meeting(meeting_id).status == MeetingStatus.HELD


def test_notice_is_written_in_the_background(
    qtbot, workspace: MeetingWorkspace, demo_db: Database, tmp_path: Path
) -> None:
    meeting_id = plan_with_dialog(qtbot, demo_db)
    workspace.open_meeting(meeting_id)
    folder = tmp_path / "innkalling"
    folder.mkdir()
    with qtbot.waitSignal(workspace.planner.notice_written, timeout=20_000) as blocker:
        workspace.planner.write_notice_to(folder)
    files = blocker.args[0]
    assert files.pdf.exists() and files.ics.exists()
    assert "Kari" not in files.pdf.name and files.pdf.name.startswith("innkalling-AG-2026-001-")
    assert MeetingService(demo_db).meeting(meeting_id).status == MeetingStatus.NOTICE_SENT


def test_shortcuts_are_listed_and_unique(qtbot, db: Database) -> None:
    workspace = MeetingWorkspace(db)
    qtbot.addWidget(workspace)
    keys = [a.shortcut().toString() for a in workspace.menu_actions() if not a.shortcut().isEmpty()]
    assert len(keys) == len(set(keys)) == len(workspace.menu_actions())
    help_rows = workspace.shortcut_help()
    assert all(text and key for text, key in help_rows)
    assert any("Ctrl+D" in key for _text, key in help_rows)


def test_agenda_and_attendance_models_obey_the_qt_contract(qtmodeltester) -> None:
    agenda = AgendaTableModel(editable=True)
    agenda.set_rows([AgendaRow(i, "custom", f"Sak {i} – áčđŋšŧž", 5, i * 70) for i in range(1, 6)])
    agenda.set_current(2)
    qtmodeltester.check(agenda)
    assert agenda.data(agenda.index(0, AgendaTableModel.TITLE)).startswith("1. Sak 1")
    renamed: list[tuple] = []
    agenda.rename_requested.connect(lambda *args: renamed.append(args))
    assert agenda.setData(agenda.index(0, AgendaTableModel.TITLE), "  Ny   tittel ")
    assert renamed == [(1, "Sak 1 – áčđŋšŧž", "Ny tittel")]
    errors: list[str] = []
    agenda.invalid_edit.connect(errors.append)
    assert not agenda.setData(agenda.index(0, AgendaTableModel.MINUTES), "mange")
    assert not agenda.setData(agenda.index(0, AgendaTableModel.MINUTES), 601)
    assert len(errors) == 2
    attendance = AttendanceTableModel()
    qtmodeltester.check(attendance)


def test_planner_drag_remove_undo_and_regenerate(
    qtbot, workspace: MeetingWorkspace, demo_db: Database
) -> None:
    meeting_id = plan_with_dialog(qtbot, demo_db)
    workspace.open_meeting(meeting_id)
    planner, model = workspace.planner, workspace.planner.model
    before = [r.id for r in model.rows()]
    # a drop of row 4 onto row 1 asks for a move, which goes through the undo stack
    mime = model.mimeData([model.index(4, 0)])
    assert not model.dropMimeData(mime, Qt.DropAction.MoveAction, 1, 0, model.index(-1, -1))
    after = [r.id for r in model.rows()]
    assert after[1] == before[4] and sorted(after) == sorted(before)
    workspace.undo()
    assert [r.id for r in model.rows()] == before
    # Delete removes the selected item; undo puts it back in its place
    planner.table.setFocus()
    planner.table.setCurrentIndex(model.index(3, 0))
    press(qtbot, planner.table, Qt.Key.Key_Delete)
    assert before[3] not in [r.id for r in model.rows()]
    press(qtbot, planner.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert [r.id for r in model.rows()] == before
    # rename (F2 path: setData) and re-time survive "Update from the plan"
    model.setData(model.index(0, AgendaTableModel.TITLE), "Velkommen, kaffe og roller")
    model.setData(model.index(0, AgendaTableModel.MINUTES), "8")
    planner.table.setCurrentIndex(model.index(2, 0))
    press(qtbot, planner.table, Qt.Key.Key_Delete)
    planner.regenerate_button.click()
    rows = model.rows()
    assert rows[0].title == "Velkommen, kaffe og roller" and rows[0].planned_minutes == 8
    assert before[2] not in [r.id for r in rows]
    assert "8" in planner.total_label.text() or planner.total_label.text()


def test_runner_evaluates_measures_checkpoints_and_cues_overrun(
    qtbot, workspace: MeetingWorkspace, demo_db: Database
) -> None:
    meeting_id, runner = run_new_meeting(qtbot, workspace, demo_db)
    measure_row = next(i for i, item in enumerate(runner.items()) if item.kind == "measure")
    runner.go_to(measure_row)
    assert runner.context.context_stack.currentWidget() is runner.context.measure_panel
    runner.context.measure_panel.verdict.setCurrentIndex(
        runner.context.measure_panel.verdict.findData("change")
    )
    runner.context.measure_panel.change.setFocus()
    qtbot.keyClicks(runner.context.measure_panel.change, "Soknad om omsorgsbolig")
    press(qtbot, runner.context.measure_panel.change, Qt.Key.Key_Return)
    evaluation = workspace.ctx.closing.summary(meeting_id).evaluations[0]
    assert (evaluation.verdict, evaluation.proposed_change) == ("change", "Soknad om omsorgsbolig")
    workspace.undo()
    assert workspace.ctx.closing.summary(meeting_id).evaluations == ()

    checkpoint_row = next(i for i, item in enumerate(runner.items()) if item.kind == "checkpoint")
    runner.go_to(checkpoint_row)
    assert runner.context.context_stack.currentWidget() is runner.context.checkpoint_panel
    runner.context.checkpoint_panel.status.setFocus()
    runner.context.checkpoint_panel.status.setCurrentIndex(
        runner.context.checkpoint_panel.status.findData("uncertain")
    )
    runner.context.checkpoint_panel.status.activated.emit(
        runner.context.checkpoint_panel.status.currentIndex()
    )
    assert runner.current_item().checkpoint_status == "uncertain"

    # the gentle overrun cue: amber timer and "n min over" once the planned time is used up; the
    # clock runs per top-level item (here the checklist), against its minutes with its sub-items'
    item = runner.clock_item()
    planned = runner.agenda_model.block_minutes(checkpoint_row)
    assert item.id != runner.current_item().id and planned > item.planned_minutes
    runner.item_clock.seconds_by_item[item.id] = planned * 60 - 5
    runner.item_clock.update_label()
    assert runner.item_clock.overrun_label.text() == ""
    runner.item_clock.seconds_by_item[item.id] = planned * 60 + 130
    runner.item_clock.update_label()
    assert (
        "2" in runner.item_clock.overrun_label.text()
        and "fde68a" in runner.item_clock.timer_label.styleSheet()
    )
    runner.toggle_timer()
    assert not runner.item_clock.is_running()


def test_an_outcome_being_typed_survives_adding_an_agreement(
    qtbot, workspace: MeetingWorkspace, demo_db: Database
) -> None:
    meeting_id, runner = run_new_meeting(qtbot, workspace, demo_db)
    runner.go_to(next(i for i, item in enumerate(runner.items()) if item.kind == "task_follow_up"))
    runner.context.follow_up_panel.dropped.setChecked(True)
    runner.context.follow_up_panel.outcome.setFocus()
    qtbot.keyClicks(runner.context.follow_up_panel.outcome, "Ikke aktuelt lenger")
    runner.agreements.decision_edit.setFocus()
    qtbot.keyClicks(runner.agreements.decision_edit, "Koordinator sjekker saken")
    press(qtbot, runner.agreements.decision_edit, Qt.Key.Key_Return)
    assert (
        runner.context.follow_up_panel.outcome.text() == "Ikke aktuelt lenger"
        and runner.context.follow_up_panel.dropped.isChecked()
    )


def test_a_planned_meeting_can_be_cancelled_with_a_reason(
    qtbot, workspace: MeetingWorkspace, demo_db: Database
) -> None:
    meeting_id = plan_with_dialog(qtbot, demo_db)
    workspace.open_meeting(meeting_id)
    assert not workspace.planner.cancel_meeting("  ")
    assert workspace.status_label.text()
    assert workspace.planner.cancel_meeting("Kari er innlagt på sykehus")
    info = MeetingService(demo_db).meeting(meeting_id)
    assert info.status == MeetingStatus.CANCELLED and info.cancelled_reason == "Kari er innlagt på sykehus"
    start = next(a for a in workspace.menu_actions() if a.objectName() == "meeting_start")
    assert not start.isEnabled() and not workspace.planner.start_button.isEnabled()


def test_time_on_an_item_is_saved_when_moving_on(
    qtbot, workspace: MeetingWorkspace, demo_db: Database
) -> None:
    meeting_id, runner = run_new_meeting(qtbot, workspace, demo_db)
    first = runner.current_item()
    runner.item_clock.seconds_by_item[first.id] = 400
    press(qtbot, runner.notes_pane.notes_edit, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    workspace.ctx.writer.wait()
    saved = {i.id: i for i in workspace.ctx.capture.capture(meeting_id).items}[first.id]
    assert saved.elapsed_seconds >= 400 and saved.is_done
    assert runner.agenda_model.rows()[0].is_done


# -- review findings ------------------------------------------------------------------------------------
def test_a_task_needs_someone_responsible_and_errors_are_red_and_cleared(
    qtbot, workspace: MeetingWorkspace, demo_db: Database
) -> None:
    meeting_id, runner = run_new_meeting(qtbot, workspace, demo_db)
    runner.focus_task()
    qtbot.keyClicks(runner.task_form.task_text, "Ringe boligkontoret")
    press(qtbot, runner.task_form.task_text, Qt.Key.Key_Return)  # nobody chosen
    assert (
        runner.task_form.task_list.count() == 0 and runner.task_form.task_text.text() == "Ringe boligkontoret"
    )
    assert workspace.status_label.text() and TEXT_ERROR in workspace.status_label.styleSheet()
    with demo_db.session() as s:
        assert s.exec(select(Task).where(Task.meeting_id == meeting_id)).first() is None
    # a party alone is enough
    runner.task_form.task_party.setCurrentIndex(runner.task_form.task_party.findData("nav"))
    runner.task_form.task_text.setFocus()
    press(qtbot, runner.task_form.task_text, Qt.Key.Key_Return)
    assert runner.task_form.task_list.count() == 1 and runner.task_form.task_text.text() == ""
    assert runner.task_form.task_party.currentData() is None  # the next task asks again
    # the due date counts from the day the meeting is held, not the planned day
    assert runner.task_form.task_due.date().toPython() == clock.today() + timedelta(days=14)
    # moving on clears the stale message
    runner.task_form.task_text.setText("Noe")
    press(qtbot, runner.task_form.task_text, Qt.Key.Key_Return)
    assert workspace.status_label.text()
    runner.next_item()
    assert workspace.status_label.text() == ""


def test_closing_asks_first_and_lists_what_is_unfinished(
    qtbot, workspace: MeetingWorkspace, demo_db: Database
) -> None:
    meeting_id = plan_with_dialog(qtbot, demo_db)
    workspace.open_meeting(meeting_id)
    workspace.start_meeting()
    asked: list[list[str]] = []
    workspace.review.confirm_close = lambda unfinished: asked.append(unfinished) or False
    press(
        qtbot,
        workspace.runner.notes_pane.notes_edit,
        Qt.Key.Key_Return,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    review = workspace.review
    assert workspace.stack.currentWidget() is review
    assert not review.close_button.hasFocus()
    assert review.unfinished_label.isVisible() and review.unfinished_label.text()
    press(qtbot, review.tasks, Qt.Key.Key_Return)  # Enter where the focus is does not close
    assert asked == []
    review.close_button.click()
    assert len(asked) == 1 and len(asked[0]) == 3  # attendance, follow-ups, items
    assert MeetingService(demo_db).meeting(meeting_id).status == MeetingStatus.IN_PROGRESS
    review.confirm_close = lambda unfinished: True
    review.close_button.click()
    assert MeetingService(demo_db).meeting(meeting_id).status == MeetingStatus.HELD


def test_starting_on_another_day_asks_and_can_move_the_meeting(
    qtbot, workspace: MeetingWorkspace, demo_db: Database
) -> None:
    meeting_id = plan_with_dialog(qtbot, demo_db)
    planned = MeetingService(demo_db).meeting(meeting_id).start
    assert planned.date() != clock.today()
    asked: list[datetime] = []
    workspace.ask_move_start = lambda when: asked.append(when) or DONT_START
    workspace.open_meeting(meeting_id)
    workspace.start_meeting()
    assert asked == [planned]
    assert MeetingService(demo_db).meeting(meeting_id).status == MeetingStatus.PLANNED
    workspace.ask_move_start = lambda when: MOVE
    workspace.start_meeting()
    info = MeetingService(demo_db).meeting(meeting_id)
    assert info.status == MeetingStatus.IN_PROGRESS and info.start.date() == clock.today()
    assert info.start.time() == info.started_at.time().replace(second=0)
    assert workspace.stack.currentWidget() is workspace.runner


def test_new_meeting_dialog_avoids_and_warns_about_other_meetings_of_the_case(
    qtbot, workspace: MeetingWorkspace, demo_db: Database
) -> None:
    existing = next(
        m
        for m in MeetingService(demo_db).list_meetings(CASE_ID)
        if m.status == "planned" and m.start.date() == date(2026, 12, 2)
    )
    dialog = NewMeetingDialog(
        MeetingService(demo_db), CASE_ID, phase="discharge_planning", today=date(2026, 11, 25)
    )
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.type_combo.setCurrentIndex(dialog.type_combo.findData("regular"))  # not a second discharge meeting
    assert dialog.date_edit.date() == QDate(2026, 12, 3)  # 2 Dec already has a meeting
    assert not dialog.clash_box.isVisible()
    dialog.date_edit.setDate(QDate(2026, 12, 2))
    assert dialog.clash_box.isVisible() and "09" in dialog.clash_label.text()
    dialog.time_edit.setTime(QTime(14, 0))
    assert dialog.clash_box.isVisible()  # same day, no overlap: still said
    dialog.open_existing_button.click()
    assert dialog.result() == dialog.DialogCode.Rejected and dialog.open_existing_id == existing.id


def test_attendance_fits_the_side_panel_at_1366(
    qtbot, workspace: MeetingWorkspace, demo_db: Database
) -> None:
    meeting_id = plan_with_dialog(qtbot, demo_db)
    workspace.open_meeting(meeting_id)
    workspace.start_meeting()
    workspace.runner.focus_attendance()
    table = workspace.runner.attendance.table
    qtbot.waitUntil(lambda: table.viewport().width() > 100)
    header = table.horizontalHeader()
    visible = [c for c in range(header.count()) if not header.isSectionHidden(c)]
    assert sum(header.sectionSize(c) for c in visible) <= table.viewport().width()
    assert table.horizontalScrollBar().maximum() == 0
    metrics = header.fontMetrics()
    for column in visible:
        title = table.model().headerData(column, Qt.Orientation.Horizontal)
        assert metrics.horizontalAdvance(title) < header.sectionSize(column), title


def test_shortcut_help_uses_native_key_names(qtbot, db: Database) -> None:
    from PySide6.QtGui import QKeySequence

    workspace = MeetingWorkspace(db)
    qtbot.addWidget(workspace)
    native = QKeySequence("Ctrl+Shift+Return").toString(QKeySequence.SequenceFormat.NativeText)
    keys = dict(workspace.shortcut_help()).values()
    assert native in keys
    assert QKeySequence("Del").toString(QKeySequence.SequenceFormat.NativeText) in keys
    assert workspace.runner.finish_button.toolTip() == native
