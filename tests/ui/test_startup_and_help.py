"""Start-up prompts (non-database files, a mistyped --db) and the fixes in the case screens."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QInputDialog

from desktop.db import Database
from desktop.models.enums import PathwayPhase
from desktop.ui import app as app_module
from desktop.ui import database_dialogs
from desktop.ui.case.table_model import COL_REFERENCE, COL_TASKS, ID_ROLE
from desktop.ui.database_dialogs import (
    DatabaseProblemDialog,
    NewDatabaseDialog,
    confirm_database_path,
    open_database_interactively,
)
from desktop.ui.main_window import MainWindow
from desktop.ui.shortcuts_dialog import ShortcutsDialog


def recording(seen: list[QDialog], choice: int | None = None):  # type: ignore[no-untyped-def]
    def run(dialog: QDialog) -> None:
        seen.append(dialog)
        if choice is not None and hasattr(dialog, "button_for"):
            dialog.button_for(choice).click()  # type: ignore[attr-defined]
        else:
            dialog.reject()

    return run


def test_a_text_file_is_not_called_encrypted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qtbot) -> None:  # noqa: ANN001
    path = tmp_path / "t.txt"
    path.write_text("Notater fra møtet áčđŋšŧž 🙂\n" * 200, encoding="utf-8")
    before = path.read_bytes()
    seen: list[QDialog] = []
    monkeypatch.setattr(database_dialogs, "run_dialog", recording(seen, DatabaseProblemDialog.QUIT))
    assert open_database_interactively(path) is None
    assert not [d for d in seen if isinstance(d, QInputDialog)]  # no passphrase prompt
    problem = seen[0]
    assert isinstance(problem, DatabaseProblemDialog)
    assert "ikke en Ansvarsgruppe-database" in problem.text()
    assert "kryptert" not in problem.text() and "passord" not in problem.text().lower()
    assert problem.button_for(DatabaseProblemDialog.PASSPHRASE) is None
    assert path.read_bytes() == before


def test_a_missing_explicit_database_is_created_only_when_the_user_agrees(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    qtbot,  # noqa: ANN001
) -> None:
    missing = tmp_path / "mistyped.db"
    seen: list[QDialog] = []
    monkeypatch.setattr(database_dialogs, "run_dialog", recording(seen, NewDatabaseDialog.QUIT))
    assert confirm_database_path(missing) is None
    assert isinstance(seen[0], NewDatabaseDialog)
    assert "mistyped.db" in seen[0].text() and "ny, tom database" in seen[0].text()
    assert not missing.exists() and list(tmp_path.iterdir()) == []

    monkeypatch.setattr(database_dialogs, "run_dialog", recording(seen, NewDatabaseDialog.CREATE))
    assert confirm_database_path(missing) == missing


def test_an_existing_database_is_opened_without_asking(
    db: Database, monkeypatch: pytest.MonkeyPatch, qtbot
) -> None:  # noqa: ANN001
    seen: list[QDialog] = []
    monkeypatch.setattr(database_dialogs, "run_dialog", recording(seen))
    assert confirm_database_path(db.path) == db.path
    assert seen == []


def test_run_gui_asks_before_creating_a_mistyped_database(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    qtbot,  # noqa: ANN001
) -> None:
    missing = tmp_path / "missing.db"
    seen: list[QDialog] = []
    monkeypatch.setattr(database_dialogs, "run_dialog", recording(seen, NewDatabaseDialog.QUIT))
    monkeypatch.setattr(app_module, "create_application", lambda language=None: None)
    monkeypatch.setattr("desktop.logging_setup.setup_logging", lambda: None)
    # run_gui sets process-wide policies; monkeypatch puts them back after the test
    monkeypatch.setattr("desktop.db.policy._exclusive_by_default", False)
    monkeypatch.setattr("desktop.db.policy._passphrase_provider", None)
    assert app_module.run_gui(missing) == 1
    assert isinstance(seen[0], NewDatabaseDialog)
    assert list(tmp_path.iterdir()) == []


def _closed_flags(win: MainWindow) -> list[bool]:
    model = win.case_list.model
    return [model.row_at(row).phase == PathwayPhase.CLOSED.value for row in range(model.rowCount())]


def test_closed_cases_come_last_in_either_order(window: MainWindow) -> None:
    flags = _closed_flags(window)
    assert any(flags) and not flags[0]  # the demo has a closed case, with the oldest reference
    assert flags == sorted(flags)
    first = window.case_list.model.index(0, 0).data(ID_ROLE)
    assert window.case_list.table.currentIndex().data(ID_ROLE) == first
    for column in (COL_REFERENCE, COL_TASKS):
        for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
            window.case_list.table.sortByColumn(column, order)
            assert _closed_flags(window) == sorted(_closed_flags(window)), (column, order)


def test_shortcut_help_is_a_two_column_table_with_norwegian_key_names(window: MainWindow, qtbot) -> None:  # noqa: ANN001
    dialog = ShortcutsDialog(window.shortcut_lines(), window)
    qtbot.addWidget(dialog)
    assert dialog.table.columnCount() == 2
    rows = dict(dialog.rows())
    assert rows["Tilbake til sakslisten"] == "Alt+Pil venstre"
    assert rows["Neste sak"] == "Ctrl+Page Down"
    assert not [keys for keys in rows.values() if "Return" in keys or "Left" in keys]


def test_consent_help_reads_key_equals_meaning(window: MainWindow) -> None:
    from PySide6.QtWidgets import QLabel

    window.show_case(1)
    texts = [label.text() for label in window.case_view.consent_panel.findChildren(QLabel)]
    assert any("tast 1 = gitt, 2 = med begrensninger" in text for text in texts)


def test_coordinator_names_are_not_cut(window: MainWindow, qtbot) -> None:  # noqa: ANN001
    view = window.case_view
    window.show_case(1)
    view.tabs.setCurrentWidget(view.coordination_panel)
    qtbot.waitUntil(lambda: view.coordination_panel.isVisible())
    for combo in (view.coordination_panel.specialist_combo, view.coordination_panel.municipal_combo):
        widest = max(combo.fontMetrics().horizontalAdvance(combo.itemText(i)) for i in range(combo.count()))
        assert "—" in combo.currentText()
        assert combo.width() >= widest + 30, (combo.width(), widest)
