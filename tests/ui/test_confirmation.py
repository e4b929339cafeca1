"""The confirmation screens: one per person in the room («Dette stemmer» / «Dette vil jeg endre» with
a comment), the person asking for time, a later confirmation from the task board making a new
signed version of the minutes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from desktop import clock
from desktop.db import Database
from desktop.models.enums import (
    AttendanceStatus,
    ConfirmationChannel,
    ConfirmationVerdict,
    MeetingStatus,
    ParticipationMode,
    PartyType,
)
from desktop.services.meeting.agreements import AgreementService
from desktop.services.meeting.attendance import AttendanceService
from desktop.services.meeting.closing import ClosingService
from desktop.services.minutes.confirmation import ConfirmationService
from desktop.services.minutes.versions import MinutesService, SigningKey
from desktop.ui.minutes.confirmation_dialog import ConfirmationDialog
from desktop.ui.minutes.later_confirmation_dialog import LaterConfirmationDialog
from tests.conftest import TODAY
from tests.meeting_helpers import SmallCase, add_meeting, make_case
from tests.pdf_text import flat_text

PASSPHRASE = "et-langt-passord-42"


@pytest.fixture
def case(db: Database) -> SmallCase:
    return make_case(db)


def _held(db: Database, case: SmallCase, *, user: AttendanceStatus = AttendanceStatus.PRESENT) -> int:
    start = clock.now_precise().replace(second=0, microsecond=0) - timedelta(days=1)
    meeting_id = add_meeting(db, case.case_id, start, status=MeetingStatus.IN_PROGRESS)
    attendance = AttendanceService(db)
    agreements = AgreementService(db)
    closing = ClosingService(db)
    attendance.set_attendance(meeting_id, case.user_id, user)
    attendance.set_attendance(meeting_id, case.members["chair"], AttendanceStatus.PRESENT)
    attendance.set_attendance(meeting_id, case.nav_id, AttendanceStatus.REMOTE, ParticipationMode.PHONE)
    agreements.add_decision(meeting_id, None, "Kommunen svarer på boligsøknaden før jul")
    agreements.add_task(
        meeting_id,
        None,
        "Ringe boligkontoret",
        PartyType.USER,
        case.user_id,
        start.date() + timedelta(days=7),
    )
    closing.close_meeting(meeting_id, start + timedelta(weeks=6), max_months=6)
    return meeting_id


def test_each_person_in_the_room_answers_on_their_own_screen(qtbot, db: Database, case: SmallCase) -> None:
    meeting_id = _held(db, case)
    dialog = ConfirmationDialog(db, meeting_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    # The person first, then the chair; the one on the phone is not asked here.
    assert [p.member_id for p in dialog.participants] == [case.user_id, case.members["chair"]]
    assert dialog.name_label.text() == "Áile Čđŋšŧž Somby"
    assert dialog.progress_label.text() == "Person 1 av 2"
    assert "Kommunen svarer på boligsøknaden før jul" in dialog.content.text()
    assert "Áile skal ringe boligkontoret innen" in dialog.content.text()
    assert dialog.agree_button.text() == "&Dette stemmer"
    assert dialog.change_button.text() == "Dette vil jeg &endre"
    assert dialog.wait_button.isVisible()  # only the person can ask for time

    # «Dette vil jeg endre» without a comment: asked to write what, stays on the same person
    qtbot.mouseClick(dialog.change_button, Qt.MouseButton.LeftButton)
    assert "Skriv hva som bør endres" in dialog.error_label.text()
    assert dialog.current is not None and dialog.current.member_id == case.user_id
    dialog.comment_edit.setFocus()
    qtbot.keyClicks(dialog.comment_edit, "Fristen for boligkontoret er for kort")
    qtbot.mouseClick(dialog.change_button, Qt.MouseButton.LeftButton)

    assert dialog.name_label.text() == "Ingrid Haugen"
    assert dialog.progress_label.text() == "Person 2 av 2"
    assert not dialog.wait_button.isVisible()
    assert dialog.comment_edit.toPlainText() == ""
    assert dialog.agree_button.hasFocus()
    qtbot.keyClick(dialog.agree_button, Qt.Key.Key_Space)  # keyboard: Space on the focused choice

    assert dialog.current is None
    assert dialog.done_label.isVisible()
    summary = dialog.done_label.text()
    assert "Áile Čđŋšŧž Somby: «Dette vil jeg endre»" in summary
    assert "Ingrid Haugen: «Dette stemmer»" in summary
    answers = {c.member_id: c for c in ConfirmationService(db).confirmations(meeting_id)}
    assert answers[case.user_id].verdict == ConfirmationVerdict.WANTS_CHANGE.value
    assert answers[case.user_id].comment == "Fristen for boligkontoret er for kort"
    assert answers[case.user_id].channel == ConfirmationChannel.IN_ROOM.value
    assert answers[case.members["chair"]].verdict == ConfirmationVerdict.AGREES.value
    assert not ConfirmationService(db).is_awaiting(meeting_id)
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted


def test_the_person_can_ask_for_time_and_the_minutes_wait(qtbot, db: Database, case: SmallCase) -> None:
    meeting_id = _held(db, case)
    assert not ConfirmationService(db).is_awaiting(meeting_id)
    dialog = ConfirmationDialog(db, meeting_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(dialog.wait_button, Qt.MouseButton.LeftButton)
    assert dialog.name_label.text() == "Ingrid Haugen"  # on to the next person
    assert ConfirmationService(db).is_awaiting(meeting_id)
    qtbot.mouseClick(dialog.skip_button, Qt.MouseButton.LeftButton)
    assert "Áile Čđŋšŧž Somby: ikke svart" in dialog.done_label.text()
    assert "venter på at Áile Čđŋšŧž Somby bekrefter" in dialog.done_label.text()
    assert ConfirmationService(db).confirmations(meeting_id) == ()


def test_a_later_confirmation_from_the_task_board_makes_a_new_signed_version(
    qtbot, db: Database, case: SmallCase
) -> None:
    from desktop.services.minutes.signing_keys import generate_key
    from desktop.ui.tasks.board import TaskBoard

    key = generate_key("Ingrid Haugen", PASSPHRASE, organisation="DPS")
    meeting_id = _held(db, case, user=AttendanceStatus.ABSENT)
    first = MinutesService(db).export(meeting_id, key=SigningKey(key.path, PASSPHRASE), today=TODAY)
    assert first.version.version == 1 and first.version.is_signed

    board = TaskBoard(db, today=TODAY)
    qtbot.addWidget(board)
    board.resize(1366, 768)
    board.show()
    qtbot.waitUntil(lambda: not board.is_loading, timeout=10_000)
    assert board.attention.isVisible()
    rows = [
        board.attention.warnings_list.item(i).text() for i in range(board.attention.warnings_list.count())
    ]
    waiting = [r for r in rows if "venter på at Áile Čđŋšŧž Somby bekrefter" in r]
    assert len(waiting) == 1 and "AG-T-001" in waiting[0]
    assert not board.attention.record_confirmation_button.isEnabled()
    board.attention.warnings_list.setCurrentRow(rows.index(waiting[0]))
    assert board.attention.record_confirmation_button.isEnabled()

    seen: list[LaterConfirmationDialog] = []
    results: list[object] = []

    def answer_by_phone() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, LaterConfirmationDialog)
        seen.append(dialog)
        assert dialog.who_combo.currentData() == case.user_id  # the person is proposed
        dialog.how_combo.setCurrentIndex(dialog.how_combo.findData(ConfirmationChannel.PHONE.value))
        dialog.comment_edit.setPlainText("Jeg er enig, takk")
        dialog.ok_button.click()  # no passphrase yet: refused, the dialog stays
        assert "passordfrasen" in dialog.error_label.text()
        dialog.passphrase_edit.setText(PASSPHRASE)
        dialog.ok_button.click()
        results.append(dialog.result())

    QTimer.singleShot(0, answer_by_phone)
    with qtbot.waitSignal(board.loaded, timeout=20_000):
        qtbot.mouseClick(board.attention.record_confirmation_button, Qt.MouseButton.LeftButton)
    assert results == [LaterConfirmationDialog.DialogCode.Accepted]
    assert "Versjon 2 av referatet er laget og signert" in board.status_label.text()
    assert not board.attention.isVisible() or not any(
        "venter på" in board.attention.warnings_list.item(i).text()
        for i in range(board.attention.warnings_list.count())
    )

    service = ConfirmationService(db)
    assert not service.is_awaiting(meeting_id)
    [answer] = service.confirmations(meeting_id)
    assert answer.channel == ConfirmationChannel.PHONE.value and answer.comment == "Jeg er enig, takk"
    versions = MinutesService(db).versions(meeting_id)
    assert [v.version for v in versions] == [1, 2]
    assert versions[1].is_signed and versions[1].replaces_version == 1
    text = flat_text(MinutesService(db).pdf_bytes(versions[1].id))
    assert "Áile Čđŋšŧž Somby: «Dette stemmer»" in text
    assert "På telefon" in text and "«Jeg er enig, takk»" in text
    assert "venter på" not in text


def test_the_review_screen_opens_the_confirmation_after_closing(qtbot, db: Database, case: SmallCase) -> None:
    from desktop.ui.meeting.workspace import MeetingWorkspace

    meeting_id = _held(db, case)
    workspace = MeetingWorkspace(db)
    qtbot.addWidget(workspace)
    workspace.resize(1366, 740)
    workspace.show()
    workspace.open_meeting(meeting_id)
    review = workspace.review
    assert workspace.stack.currentWidget() is review
    assert review.confirm_box.isVisible() and review.confirm_button.isEnabled()
    assert "Ingen har bekreftet referatet ennå" in review.confirm_info.text()
    opened: list[ConfirmationDialog] = []

    def answer_all() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ConfirmationDialog)
        opened.append(dialog)
        dialog.agree_button.click()
        dialog.agree_button.click()
        dialog.close_button.click()

    QTimer.singleShot(0, answer_all)
    qtbot.mouseClick(review.confirm_button, Qt.MouseButton.LeftButton)
    assert opened
    assert "Áile Čđŋšŧž Somby: «Dette stemmer»" in review.confirm_info.text()
    assert "Ingrid Haugen: «Dette stemmer»" in review.confirm_info.text()
    workspace.ctx.writer.wait()


def test_attendance_records_written_input_and_leaving_early_by_keyboard(qtbot, demo_db: Database) -> None:
    """How each took part (in the room, video, phone, written input, absent, excused) and who left
    early are set with keys on the attendance table, and the minutes print them."""
    from desktop.services.minutes.collect import load_minutes_data
    from desktop.ui.meeting.workspace import KEEP, MeetingWorkspace

    workspace = MeetingWorkspace(demo_db)
    qtbot.addWidget(workspace)
    workspace.resize(1366, 740)
    workspace.show()
    qtbot.waitExposed(workspace)
    workspace.activateWindow()
    workspace.ask_move_start = lambda planned: KEEP
    start = clock.now_precise().replace(second=0, microsecond=0) - timedelta(minutes=20)
    meeting_id = add_meeting(demo_db, 1, start)
    with demo_db.session() as s:
        from sqlmodel import select

        from desktop.models import Attendance, Member

        for member in s.exec(select(Member).where(Member.case_id == 1)).all():
            s.add(Attendance(meeting_id=meeting_id, member_id=member.id))
    workspace.open_meeting(meeting_id)
    workspace.start_meeting()
    runner = workspace.runner
    runner.focus_attendance()
    panel = runner.attendance
    table = panel.table

    def row(n: int):  # noqa: ANN202
        return panel.model.row_at(n)

    def key(k: Qt.Key) -> None:
        qtbot.keyClick(table, k)

    # row 0: present, in the room; M cycles video → phone → written input → in the room
    table.setCurrentIndex(panel.view_model.index(0, 0))
    key(Qt.Key.Key_1)
    assert (row(0).status, row(0).mode) == ("present", "in_person")
    key(Qt.Key.Key_M)
    assert (row(0).status, row(0).mode) == ("remote", "video")
    key(Qt.Key.Key_M)
    assert row(0).mode == "phone"
    key(Qt.Key.Key_M)
    assert (row(0).status, row(0).mode) == ("remote", "written")
    key(Qt.Key.Key_M)
    assert (row(0).status, row(0).mode) == ("present", "in_person")
    key(Qt.Key.Key_L)
    assert row(0).left_early
    assert "gikk tidlig" in panel.view_model.data(panel.view_model.index(0, 2))
    # row 1: sent apologies, but sent written input (M toggles it); 5 (did not attend) keeps it
    table.setCurrentIndex(panel.view_model.index(1, 0))
    key(Qt.Key.Key_4)
    assert (row(1).status, row(1).mode) == ("excused", None)
    key(Qt.Key.Key_M)
    assert (row(1).status, row(1).mode) == ("excused", "written")
    key(Qt.Key.Key_5)
    assert (row(1).status, row(1).mode) == ("absent", "written")
    key(Qt.Key.Key_M)
    assert row(1).mode is None
    key(Qt.Key.Key_M)
    workspace.ctx.writer.wait()

    lines = {a.member_id: a for a in load_minutes_data(demo_db, meeting_id, today=TODAY).attendance}
    assert lines[row(0).member_id].left_early and lines[row(0).member_id].mode == "in_person"
    assert lines[row(1).member_id].mode == "written" and lines[row(1).member_id].status == "absent"


def test_the_export_dialog_shows_the_answers_and_can_ask_the_room(
    qtbot, db: Database, case: SmallCase
) -> None:
    from desktop.ui.minutes.export_dialog import MinutesExportDialog

    meeting_id = _held(db, case)
    dialog = MinutesExportDialog(None, db, meeting_id)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.preview.page_count() > 0, timeout=20_000)
    answered: list[bool] = []

    def answer() -> None:
        screen = QApplication.activeModalWidget()
        assert isinstance(screen, ConfirmationDialog)
        screen.comment_edit.setPlainText("Frist før jul, ikke etter")
        screen.change_button.click()
        screen.skip_button.click()
        screen.close_button.click()
        answered.append(True)

    QTimer.singleShot(0, answer)
    with qtbot.waitSignal(dialog.preview_ready, timeout=20_000):
        qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    assert answered
    texts = [dialog.attendee_list.item(i).text() for i in range(dialog.attendee_list.count())]
    assert any(t.startswith("Áile Čđŋšŧž Somby: «Dette vil jeg endre»") for t in texts)
    assert "Ingrid Haugen" in texts  # skipped: no answer
    assert dialog.wait_for_background()


def test_an_absent_person_is_not_asked_in_the_room_and_the_screen_says_the_minutes_wait(
    qtbot, db: Database, case: SmallCase
) -> None:
    meeting_id = _held(db, case, user=AttendanceStatus.EXCUSED)
    dialog = ConfirmationDialog(db, meeting_id)
    qtbot.addWidget(dialog)
    dialog.show()
    assert [p.member_id for p in dialog.participants] == [case.members["chair"]]
    assert dialog.absent_label.isVisible()
    assert "Áile Čđŋšŧž Somby er ikke i rommet" in dialog.absent_label.text()
    dialog.agree_button.click()
    assert "venter på at Áile Čđŋšŧž Somby bekrefter" in dialog.done_label.text()
    assert ConfirmationService(db).is_awaiting(meeting_id)  # the chair's answer does not end the wait
