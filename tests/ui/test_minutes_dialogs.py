"""The minutes dialogs, driven as a user would: preview, approve, sign and save, verify, import."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from desktop.db import Database
from desktop.services.minutes import signing_keys
from desktop.services.minutes.verify import verify_file
from desktop.ui.minutes import export_dialog, file_choosers
from desktop.ui.minutes.export_dialog import MinutesExportDialog
from desktop.ui.minutes.import_dialog import HandoverImportDialog
from desktop.ui.minutes.verify_dialog import VerifyDialog
from tests.unit import minutes_fixtures
from tests.unit.minutes_fixtures import SessionKey, held_meeting_ids, planned_meeting_id

demo_template = minutes_fixtures.demo_template
demo_db = minutes_fixtures.demo_db
signing_key = minutes_fixtures.signing_key


@pytest.fixture
def installed_key(signing_key: SessionKey) -> SessionKey:
    """The session key, imported into this test's own data folder (as the user would)."""
    info = signing_keys.import_pkcs12(signing_key.path, signing_key.passphrase)
    return SessionKey(path=info.path, passphrase=signing_key.passphrase, name=info.subject_name)


@pytest.fixture
def dialog(qtbot, demo_db: Database, installed_key: SessionKey) -> Iterator[MinutesExportDialog]:  # type: ignore[no-untyped-def]
    meeting_id = held_meeting_ids(demo_db)[0]
    widget = MinutesExportDialog(None, demo_db, meeting_id)
    qtbot.addWidget(widget)
    qtbot.waitUntil(lambda: widget.preview.page_count() > 0, timeout=20_000)
    yield widget
    assert widget.wait_for_background()


def _sign_and_save(qtbot, widget: MinutesExportDialog, key: SessionKey, out: Path) -> None:  # type: ignore[no-untyped-def]
    widget.passphrase_edit.setFocus()
    qtbot.keyClicks(widget.passphrase_edit, key.passphrase)
    with qtbot.waitSignal(widget.exported, timeout=30_000):
        widget.save_to(out, sign=True)


def test_preview_shows_the_minutes_and_the_distribution(dialog: MinutesExportDialog) -> None:
    assert dialog.preview.page_count() >= 2
    texts = [dialog.distribution_list.item(i).text() for i in range(dialog.distribution_list.count())]
    assert texts[0].startswith("✓") and "alltid" in texts[0]
    assert any(t.startswith("✗") and "Ikke på listen" in t for t in texts)
    assert dialog.key_combo.currentData()


def test_sign_button_without_passphrase_asks_for_it(qtbot, dialog: MinutesExportDialog) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)
    assert "passordfrase" in dialog.status_label.text().lower()
    assert dialog.service.versions(dialog.meeting_id) == []


def test_sign_and_save_through_the_button(  # type: ignore[no-untyped-def]
    qtbot,
    dialog: MinutesExportDialog,
    installed_key: SessionKey,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    out = tmp_path / "referat.pdf"
    suggested: list[Path] = []
    monkeypatch.setattr(file_choosers, "choose_save_path", lambda _parent, s: suggested.append(s) or out)
    qtbot.keyClicks(dialog.passphrase_edit, installed_key.passphrase)
    with qtbot.waitSignal(dialog.exported, timeout=30_000):
        qtbot.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)
    assert suggested[0].name.startswith("referat-AG-") and suggested[0].name.endswith("-v1.pdf")
    assert verify_file(out).is_valid
    assert dialog.open_folder_button.isEnabled()
    assert dialog.passphrase_edit.text() == ""
    assert dialog.versions_list.count() == 1 and "signert" in dialog.versions_list.item(0).text()
    assert "Signert og lagret" in dialog.status_label.text()


def test_wrong_passphrase_is_a_message_not_a_crash(  # type: ignore[no-untyped-def]
    qtbot, dialog: MinutesExportDialog, tmp_path: Path
) -> None:
    qtbot.keyClicks(dialog.passphrase_edit, "feil passord")
    with qtbot.waitSignal(dialog.failed, timeout=30_000):
        dialog.save_to(tmp_path / "x.pdf", sign=True)
    assert "passordfrasen" in dialog.status_label.text()
    assert not (tmp_path / "x.pdf").exists()
    assert dialog.sign_button.isEnabled()


def test_approval_in_the_room_is_a_tick_box(qtbot, dialog: MinutesExportDialog) -> None:  # type: ignore[no-untyped-def]
    from desktop.services.minutes.collect import load_minutes_data

    assert dialog.attendee_list.count() > 0
    # Nothing ticked means nobody has approved yet.
    assert all(
        dialog.attendee_list.item(i).checkState() == Qt.CheckState.Unchecked
        for i in range(dialog.attendee_list.count())
    )
    assert load_minutes_data(dialog.db, dialog.meeting_id).attestations == ()
    dialog.attendee_list.setFocus()
    dialog.attendee_list.setCurrentRow(0)
    with qtbot.waitSignal(dialog.preview_ready, timeout=20_000):
        qtbot.keyClick(dialog.attendee_list, Qt.Key.Key_Space)
    assert dialog.attendee_list.item(0).checkState() == Qt.CheckState.Checked
    assert "godkjent" in dialog.attendee_list.item(0).text()
    assert len(load_minutes_data(dialog.db, dialog.meeting_id).attestations) == 1
    # Unticking takes the approval back.
    with qtbot.waitSignal(dialog.preview_ready, timeout=20_000):
        qtbot.keyClick(dialog.attendee_list, Qt.Key.Key_Space)
    assert dialog.attendee_list.item(0).checkState() == Qt.CheckState.Unchecked
    assert load_minutes_data(dialog.db, dialog.meeting_id).attestations == ()


def test_language_switch_rerenders(qtbot, dialog: MinutesExportDialog) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(dialog.preview_ready, timeout=20_000):
        dialog.language_combo.setCurrentIndex(dialog.language_combo.findData("en"))
    assert dialog.language == "en"
    assert dialog.preview.page_count() >= 2


def test_export_of_a_planned_meeting_explains_why_not(  # type: ignore[no-untyped-def]
    qtbot, demo_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    from PySide6.QtWidgets import QMessageBox

    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text, *a, **k: shown.append(text))
    export_dialog.export_minutes(None, demo_db, planned_meeting_id(demo_db))
    assert shown and "holdt" in shown[0]


def test_verify_and_import_dialogs(  # type: ignore[no-untyped-def]
    qtbot, dialog: MinutesExportDialog, installed_key: SessionKey, tmp_path: Path
) -> None:
    out = tmp_path / "signert.pdf"
    _sign_and_save(qtbot, dialog, installed_key, out)

    verifier = VerifyDialog()
    qtbot.addWidget(verifier)
    with qtbot.waitSignal(verifier.checked, timeout=20_000):
        verifier.check(out)
    assert verifier.verdict_label.text().startswith("Gyldig")
    assert "Ingrid Solberg" in verifier.details_label.text()

    tampered = tmp_path / "endret.pdf"
    data = bytearray(out.read_bytes())
    data[len(data) // 2] ^= 0x01
    tampered.write_bytes(bytes(data))
    with qtbot.waitSignal(verifier.checked, timeout=20_000):
        verifier.check(tampered)
    assert verifier.verdict_label.text().startswith("Ikke gyldig")

    second = Database.open(tmp_path / "second.db")
    try:
        importer = HandoverImportDialog(None, second)
        qtbot.addWidget(importer)
        with qtbot.waitSignal(importer.checked, timeout=20_000) as blocker:
            importer.load(tampered)
        assert blocker.args == [False] and not importer.import_button.isEnabled()
        # Minutes carry no handover data since issue 19; a handover copy (own key: trusted) does.
        from tests.unit.trust_fixtures import handover_pdf

        copy = handover_pdf(dialog.db, dialog.meeting_id, installed_key.path, tmp_path / "overføring.pdf")
        with qtbot.waitSignal(importer.checked, timeout=20_000) as blocker:
            importer.load(copy)
        assert blocker.args == [True] and importer.import_button.isEnabled()
        assert "Betrodd avsender" in importer.summary_label.text()
        with qtbot.waitSignal(importer.imported, timeout=20_000):
            qtbot.mouseClick(importer.import_button, Qt.MouseButton.LeftButton)
        assert importer.case_id is not None
    finally:
        second.dispose()


def test_signed_version_can_be_saved_again_unchanged(  # type: ignore[no-untyped-def]
    qtbot,
    dialog: MinutesExportDialog,
    installed_key: SessionKey,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    first = tmp_path / "first.pdf"
    _sign_and_save(qtbot, dialog, installed_key, first)
    assert "korrigert" in dialog.sign_button.text()
    copy = tmp_path / "copy.pdf"
    monkeypatch.setattr(file_choosers, "choose_save_path", lambda _parent, _s: copy)
    dialog.versions_list.itemActivated.emit(dialog.versions_list.item(0))
    assert copy.read_bytes() == first.read_bytes()
    assert verify_file(copy).is_valid
