"""Who signed, in the GUI: the verify dialog's three answers, the import's fingerprint check and the
trust list dialog, driven with real signed PDFs (Bokmål, as the user sees them)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from desktop.db import Database
from desktop.services.minutes import signing_keys, trust
from desktop.services.minutes.versions import MinutesService, SigningKey
from desktop.ui.minutes import trust_dialogs
from desktop.ui.minutes.import_dialog import HandoverImportDialog
from desktop.ui.minutes.trust_dialogs import FingerprintDialog, TrustListDialog
from desktop.ui.minutes.verify_dialog import VerifyDialog
from tests.conftest import TODAY
from tests.unit import minutes_fixtures
from tests.unit.trust_fixtures import (
    PASSPHRASE,
    handover_pdf,
    make_ca,
    self_signed_key,
    signed_pdf,
    write_pem,
)

demo_template = minutes_fixtures.demo_template
demo_db = minutes_fixtures.demo_db


def _check(qtbot, dialog: VerifyDialog, path: Path) -> str:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(dialog.checked, timeout=20_000):
        dialog.check(path)
    return dialog.details_label.text()


def test_verify_dialog_says_trusted_known_or_unknown(  # type: ignore[no-untyped-def]
    qtbot, demo_db: Database, tmp_path: Path
) -> None:
    own = signing_keys.generate_key("Ingrid Solberg", PASSPHRASE)
    colleague = self_signed_key("Per Hansen", tmp_path / "per.p12")
    meeting = minutes_fixtures.held_meeting_ids(demo_db)[0]
    MinutesService(demo_db).export(meeting, key=SigningKey(colleague.path, PASSPHRASE), today=TODAY)

    dialog = VerifyDialog(None, demo_db)
    qtbot.addWidget(dialog)
    details = _check(qtbot, dialog, signed_pdf(own.path, tmp_path / "own.pdf"))
    assert dialog.verdict_label.text().startswith("Gyldig")
    assert "Betrodd avsender: Signert med denne installasjonens egen nøkkel (Ingrid Solberg)." in details

    details = _check(qtbot, dialog, handover_pdf(demo_db, meeting, colleague.path, tmp_path / "per.pdf"))
    assert "Kjent avsender" in details and "Per Hansen" in details

    stranger = self_signed_key("Per Hansen", tmp_path / "stranger.p12")
    details = _check(qtbot, dialog, signed_pdf(stranger.path, tmp_path / "stranger.pdf"))
    assert "Ukjent avsender" in details
    assert trust.group_fingerprint(stranger.fingerprint) in details
    assert dialog.result.is_valid and not dialog.result.is_accepted


def test_fingerprint_dialog_needs_the_comparison_ticked(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = FingerprintDialog(None, "Per Hansen", "ab" * 32)
    qtbot.addWidget(dialog)
    assert dialog.fingerprint_label.text() == trust.group_fingerprint("ab" * 32)
    assert not dialog.confirm_button.isEnabled()
    dialog.accept()
    assert dialog.result() != FingerprintDialog.DialogCode.Accepted
    qtbot.mouseClick(dialog.compared_box, Qt.MouseButton.LeftButton)
    assert dialog.confirm_button.isEnabled()
    qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == FingerprintDialog.DialogCode.Accepted


def test_import_of_an_unknown_signer_asks_for_the_fingerprint(  # type: ignore[no-untyped-def]
    qtbot, demo_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    colleague = self_signed_key("Per Hansen", tmp_path / "per.p12")
    meeting = minutes_fixtures.held_meeting_ids(demo_db)[0]
    copy = handover_pdf(demo_db, meeting, colleague.path, tmp_path / "overføring.pdf")
    second = Database.open(tmp_path / "second.db")
    asked: list[tuple[str, str]] = []
    answers: list[tuple[bool, bool] | None] = [None, (True, True)]

    def confirm(_parent: object, name: str, fingerprint: str) -> tuple[bool, bool] | None:
        asked.append((name, fingerprint))
        return answers.pop(0)

    monkeypatch.setattr(trust_dialogs, "confirm_unknown_signer", confirm)
    try:
        importer = HandoverImportDialog(None, second)
        qtbot.addWidget(importer)
        with qtbot.waitSignal(importer.checked, timeout=20_000) as blocker:
            importer.load(copy)
        assert blocker.args == [True]
        assert "Ukjent avsender" in importer.summary_label.text()
        assert "fingeravtrykket" in importer.import_button.text()

        qtbot.mouseClick(importer.import_button, Qt.MouseButton.LeftButton)  # cancelled: nothing
        assert asked == [("Per Hansen", colleague.fingerprint)] and importer.case_id is None
        with qtbot.waitSignal(importer.imported, timeout=20_000):
            qtbot.mouseClick(importer.import_button, Qt.MouseButton.LeftButton)
        assert importer.case_id is not None
        entry = trust.load_trust_list().find(colleague.fingerprint)
        assert entry is not None and entry.kind == "pinned" and entry.name == "Per Hansen"
    finally:
        second.dispose()


def test_trust_list_dialog_adds_and_removes(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    own = signing_keys.generate_key("Ingrid Solberg", PASSPHRASE)
    dialog = TrustListDialog()
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 1 and dialog.table.item(0, 1).text() == "egen nøkkel"
    dialog.table.selectRow(0)
    assert not dialog.remove_button.isEnabled()  # an own key is removed by deleting the key

    ca = make_ca("Test CA")
    assert dialog.add_file(write_pem(ca[1], tmp_path / "ca.pem"))
    assert dialog.table.rowCount() == 2 and dialog.table.item(1, 1).text() == "sertifikatutsteder"
    (tmp_path / "junk.pem").write_text("nonsense")
    assert not dialog.add_file(tmp_path / "junk.pem")
    assert dialog.status_label.text()

    dialog.table.selectRow(1)
    assert dialog.remove_button.isEnabled()
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    assert dialog.remove_selected()
    assert [e.fingerprint_sha256 for e in dialog.entries] == [own.fingerprint_sha256]
