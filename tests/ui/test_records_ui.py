"""Issue 19 in the GUI: a new signed version asks why; a case is purged only after saying what goes."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtWidgets import QInputDialog, QMessageBox

from desktop import clock
from desktop.db import Database
from desktop.models import AgendaItem, Case, Note
from desktop.models.enums import PathwayPhase
from desktop.services.case.facts import CaseFactsService
from desktop.services.case.records import RecordsService
from desktop.services.minutes import signing_keys
from desktop.services.minutes.versions import MinutesService, SigningKey
from desktop.ui.case import purge_dialog
from desktop.ui.minutes.export_dialog import MinutesExportDialog
from tests.conftest import TODAY
from tests.unit import minutes_fixtures
from tests.unit.minutes_fixtures import SessionKey, held_meeting_ids

demo_template = minutes_fixtures.demo_template
demo_db = minutes_fixtures.demo_db
signing_key = minutes_fixtures.signing_key


@pytest.fixture
def installed_key(signing_key: SessionKey) -> SessionKey:
    info = signing_keys.import_pkcs12(signing_key.path, signing_key.passphrase)
    return SessionKey(path=info.path, passphrase=signing_key.passphrase, name=info.subject_name)


@pytest.fixture
def signed_meeting(demo_db: Database, installed_key: SessionKey) -> int:
    meeting_id = held_meeting_ids(demo_db)[0]
    key = SigningKey(installed_key.path, installed_key.passphrase)
    MinutesService(demo_db).export(meeting_id, key=key, today=TODAY)
    return meeting_id


@pytest.fixture
def dialog(qtbot, demo_db: Database, signed_meeting: int) -> Iterator[MinutesExportDialog]:  # type: ignore[no-untyped-def]
    widget = MinutesExportDialog(None, demo_db, signed_meeting)
    qtbot.addWidget(widget)
    qtbot.waitUntil(lambda: widget.preview.page_count() > 0, timeout=20_000)
    yield widget
    assert widget.wait_for_background()


def _add_note(db: Database, meeting_id: int) -> None:
    from sqlmodel import select

    with db.session() as s:
        item = s.exec(select(AgendaItem.id).where(AgendaItem.meeting_id == meeting_id)).first()
        s.add(Note(meeting_id=meeting_id, agenda_item_id=item, text="Rettelse etter møtet."))


def test_unchanged_minutes_are_not_signed_again(
    dialog: MinutesExportDialog, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QInputDialog, "getMultiLineText", lambda *a, **k: pytest.fail("asked for a reason"))
    assert dialog.ask_reason() is None
    assert "Ingenting i referatet er endret" in dialog.status_label.text()


def test_a_correction_asks_why_and_prints_it(  # type: ignore[no-untyped-def]
    qtbot,
    dialog: MinutesExportDialog,
    demo_db: Database,
    installed_key: SessionKey,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _add_note(demo_db, dialog.meeting_id)
    monkeypatch.setattr(QInputDialog, "getMultiLineText", lambda *a, **k: ("", True))
    assert dialog.ask_reason() is None  # an empty reason signs nothing
    assert "trenger en begrunnelse" in dialog.status_label.text()
    asked: list[str] = []
    monkeypatch.setattr(
        QInputDialog,
        "getMultiLineText",
        lambda _p, _t, label, *a, **k: (asked.append(label), ("Feil dato", True))[1],
    )
    reason = dialog.ask_reason()
    assert reason == "Feil dato" and "versjon 2" in asked[0]
    qtbot.keyClicks(dialog.passphrase_edit, installed_key.passphrase)
    with qtbot.waitSignal(dialog.exported, timeout=30_000):
        dialog.save_to(tmp_path / "v2.pdf", sign=True, reason=reason)
    versions = dialog.service.versions(dialog.meeting_id)
    assert [v.version for v in versions] == [1, 2]


def test_purge_says_what_goes_refuses_too_early_and_purges_on_confirmation(  # type: ignore[no-untyped-def]
    qtbot, demo_db: Database, signed_meeting: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    with demo_db.session() as s:
        from desktop.models import Meeting

        meeting = s.get(Meeting, signed_meeting)
        assert meeting is not None
        case_id = meeting.case_id
    shown: list[tuple[str, str]] = []

    def fake_exec(box: QMessageBox) -> int:
        shown.append((box.text(), box.informativeText()))
        buttons = [b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.DestructiveRole]
        if buttons:
            buttons[0].click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: shown.append((a[2], "")))
    assert not purge_dialog.purge_case(None, demo_db, case_id)  # not closed
    assert "ikke avsluttet" in shown[-1][0] and "referatversjoner" in shown[-1][1]

    CaseFactsService(demo_db).change_phase(case_id, PathwayPhase.CLOSED)
    assert not purge_dialog.purge_case(None, demo_db, case_id)  # kept for ten years
    assert "må oppbevares til" in shown[-1][0]

    later = RecordsService(demo_db).plan_purge(case_id).purge_from
    with clock.use(clock.FixedClock(datetime.combine(later, datetime.min.time()))):
        assert purge_dialog.purge_case(None, demo_db, case_id)
    assert any("kan ikke angres" in text for text, _info in shown)
    with demo_db.session() as s:
        case = s.get(Case, case_id)
        assert case is not None and case.purged_on == later and case.display_name == ""
