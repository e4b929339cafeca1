"""«Distribuer» on the review screen: every recipient's copy into one folder, opened, printed.

Driven as a coordinator would: the button on the review screen of a held meeting, the key and
passphrase, «Distribuer»; then each copy is printed (to PDF files here, with Qt's PDF printer)
as its own job whose first page names the recipient.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from sqlmodel import col, select

from desktop.db import Database
from desktop.models import AuditEvent, Case, Meeting, Member
from desktop.models.enums import AuditAction, MeetingStatus, PartyType
from desktop.services.minutes import signing_keys
from desktop.services.minutes.verify import verify_bytes
from desktop.ui.minutes import distribute_dialog
from tests.pdf_text import flat_text
from tests.unit import minutes_fixtures
from tests.unit.minutes_fixtures import SessionKey

demo_template = minutes_fixtures.demo_template
demo_db = minutes_fixtures.demo_db
signing_key = minutes_fixtures.signing_key


@pytest.fixture
def installed_key(signing_key: SessionKey) -> SessionKey:
    info = signing_keys.import_pkcs12(signing_key.path, signing_key.passphrase)
    return SessionKey(path=info.path, passphrase=signing_key.passphrase, name=info.subject_name)


def _last_held_of_first_case(db: Database) -> tuple[int, int]:
    with db.session() as s:
        case = s.exec(select(Case).where(Case.reference == "AG-2026-001")).one()
        meeting = s.exec(
            select(Meeting)
            .where(Meeting.case_id == case.id, Meeting.status == MeetingStatus.HELD)
            .order_by(col(Meeting.start).desc())
        ).first()
        assert case.id is not None and meeting is not None and meeting.id is not None
        return case.id, meeting.id


def test_distribute_writes_opens_and_prints_every_copy(  # type: ignore[no-untyped-def]
    qtbot,
    workspace,
    demo_db: Database,
    installed_key: SessionKey,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    opened: list[str] = []
    monkeypatch.setattr(
        distribute_dialog.QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile())
    )
    folder = tmp_path / "utdeling"
    monkeypatch.setattr(distribute_dialog, "default_folder", lambda db, meeting_id: folder)
    case_id, meeting_id = _last_held_of_first_case(demo_db)
    workspace.open_meeting(meeting_id)
    review = workspace.review
    assert review.distribute_button.isVisible()
    qtbot.mouseClick(review.distribute_button, Qt.MouseButton.LeftButton)
    dialog = review.distribute_dialog
    qtbot.addWidget(dialog)
    assert dialog.folder_edit.text() == str(folder)
    dialog.key_combo.setCurrentIndex(dialog.key_combo.findData(str(installed_key.path)))
    dialog.passphrase_edit.setFocus()
    qtbot.keyClicks(dialog.passphrase_edit, installed_key.passphrase)
    with qtbot.waitSignal(dialog.distributed, timeout=60_000):
        qtbot.mouseClick(dialog.distribute_button, Qt.MouseButton.LeftButton)
    result = dialog.outcome
    assert result is not None and opened == [str(folder)]
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert sorted(p.name for p in folder.glob("*.pdf")) == sorted(c["file"] for c in manifest["copies"])
    kinds = {c["kind"] for c in manifest["copies"]}
    assert kinds == {"full", "own_tasks"}
    for copy in result.copies:
        assert copy.path is not None and verify_bytes(copy.path.read_bytes()).is_valid
    # The coordinator sees who gets nothing, and why: the GP was never asked.
    with demo_db.session() as s:
        gp = s.exec(select(Member).where(Member.case_id == case_id, Member.party == PartyType.GP)).one()
    lines = [dialog.copies_list.item(i).text() for i in range(dialog.copies_list.count())]
    assert any(gp.name in line and "ikke spurt" in line for line in lines)
    assert dialog.print_button.isEnabled()

    # Printing: one job per recipient, the first page naming the recipient.
    template = QPrinter(QPrinter.PrinterMode.HighResolution)
    template.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    template.setOutputFileName(str(tmp_path / "utskrift.pdf"))
    assert dialog.print_copies(template) == len(result.copies)
    printed = sorted(tmp_path.glob("utskrift-*.pdf"))
    assert len(printed) == len(result.copies)
    for number, copy in enumerate(result.copies, start=1):
        text = flat_text(tmp_path / f"utskrift-{number}.pdf")
        assert f"Til: {copy.name}" in text
    with demo_db.session() as s:
        events = s.exec(
            select(AuditEvent).where(
                AuditEvent.meeting_id == meeting_id, AuditEvent.action == AuditAction.COPY_PRINTED
            )
        ).all()
    assert sorted(e.member_id for e in events) == sorted(c.member_id for c in result.copies)
    dialog.accept()
    assert dialog.wait_for_background()


def test_withhold_dialog_records_what_the_next_distribution_leaves_out(  # type: ignore[no-untyped-def]
    qtbot, demo_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop.models.enums import LifeDomain
    from desktop.services.case.withholding import WithholdingService
    from desktop.services.minutes.copies import distribute
    from tests.conftest import TODAY

    monkeypatch.setattr(distribute_dialog, "default_folder", lambda db, meeting_id: tmp_path / "out")
    case_id, meeting_id = _last_held_of_first_case(demo_db)
    dialog = distribute_dialog.DistributeDialog(None, demo_db, meeting_id)
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.withhold_button, Qt.MouseButton.LeftButton)
    editor = dialog.withholding_dialog
    qtbot.addWidget(editor)
    with demo_db.session() as s:
        housing = s.exec(
            select(Member).where(Member.case_id == case_id, Member.party == PartyType.MUNICIPAL_HOUSING)
        ).one()
    assert editor.rows_list.count() == 1 and not editor.remove_button.isEnabled()  # «Ingenting …»
    assert "Ingenting holdes tilbake" in editor.rows_list.item(0).text()
    editor.from_combo.setCurrentIndex(editor.from_combo.findData(f"member:{housing.id}"))
    editor.what_combo.setCurrentIndex(editor.what_combo.findData(f"life_area:{LifeDomain.HOUSING.value}"))
    with qtbot.waitSignal(editor.changed, timeout=5_000):
        qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    assert editor.rows_list.count() == 1 and housing.name in editor.rows_list.item(0).text()
    rows = WithholdingService(demo_db).of_case(case_id).rows
    assert [(r.subject, r.life_area, r.member_id) for r in rows] == [("life_area", "housing", housing.id)]
    result = distribute(demo_db, meeting_id, tmp_path / "out", today=TODAY)
    assert {c.member_id: c.kind for c in result.copies}[housing.id] == "limited"
    editor.rows_list.setCurrentRow(0)
    qtbot.mouseClick(editor.remove_button, Qt.MouseButton.LeftButton)
    assert WithholdingService(demo_db).of_case(case_id).rows == ()


def test_handover_copy_needs_the_transfer_consent(  # type: ignore[no-untyped-def]
    qtbot, demo_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop.services.minutes.handover import extract_attachment

    monkeypatch.setattr(distribute_dialog, "default_folder", lambda db, meeting_id: tmp_path)
    _case_id, meeting_id = _last_held_of_first_case(demo_db)
    dialog = distribute_dialog.DistributeDialog(None, demo_db, meeting_id)
    qtbot.addWidget(dialog)
    dialog.key_combo.setCurrentIndex(0)  # do not sign
    target = tmp_path / "overforing.pdf"
    with qtbot.waitSignal(dialog.handover_saved, timeout=60_000):
        dialog.save_handover_copy(target)
    assert extract_attachment(target.read_bytes()) is not None
    # The second demo case refused the transfer: the coordinator is told so, and nothing is written.
    with demo_db.session() as s:
        case = s.exec(select(Case).where(Case.reference == "AG-2026-002")).one()
        other = s.exec(
            select(Meeting)
            .where(Meeting.case_id == case.id, Meeting.status == MeetingStatus.HELD)
            .order_by(col(Meeting.start).desc())
        ).first()
        assert other is not None and other.id is not None
    refused = distribute_dialog.DistributeDialog(None, demo_db, other.id)
    qtbot.addWidget(refused)
    refused.key_combo.setCurrentIndex(0)
    with qtbot.waitSignal(refused.failed, timeout=60_000) as failure:
        refused.save_handover_copy(tmp_path / "nei.pdf")
    assert "samtykket" in str(failure.args[0]) and not (tmp_path / "nei.pdf").exists()
    dialog.accept()
    refused.accept()
