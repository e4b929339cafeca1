"""File › Settings: the language (applied at once, Qt's own buttons too) and the meeting settings."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox

from desktop.i18n import _, current_language, resolve_language
from desktop.settings import load_settings, settings_path, update_settings
from desktop.ui import app as app_module
from desktop.ui import settings_dialog
from desktop.ui.actions import ActionId
from desktop.ui.main_window import MainWindow
from desktop.ui.settings_dialog import SettingsDialog, open_settings
from tests.meeting_helpers import add_meeting, make_case


@pytest.fixture(autouse=True)
def _language_from_settings(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Here the settings decide the language (conftest fixes it), and every window shown is gone after."""
    monkeypatch.delenv("ANSVARSGRUPPE_LANG", raising=False)
    monkeypatch.setattr("sys.argv", ["ansvarsgruppe"])
    app_module.apply_language("nb")
    yield
    for shown in list(app_module._shown_windows):
        shown.hide()
        shown.deleteLater()
    app_module._shown_windows.clear()
    app_module.apply_language("nb")


def _choose(dialog: SettingsDialog, language: str, weeks: int = 8) -> int:
    dialog.language_combo.setCurrentIndex(dialog.language_combo.findData(language))
    dialog.weeks_spin.setValue(weeks)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    return dialog.result()


def test_the_dialog_is_on_the_file_menu_with_ctrl_comma(window: MainWindow) -> None:
    action = window.actions_by_id[ActionId.SETTINGS]
    assert action in window.file_menu.actions()
    assert action.shortcut().toString() == "Ctrl+,"
    assert "&" in action.text()


def test_settings_are_saved_and_shown_again(qtbot, window: MainWindow, monkeypatch) -> None:
    monkeypatch.setattr(settings_dialog, "run_dialog", lambda d: _choose(d, "nb", weeks=6))
    assert open_settings(window) is window  # same language: no new window
    dialog = SettingsDialog()
    qtbot.addWidget(dialog)
    dialog.max_months_spin.setValue(12)
    dialog.stale_spin.setValue(3)
    dialog.save()
    saved = json.loads(settings_path().read_text(encoding="utf-8"))
    assert saved["next_meeting_default_weeks"] == 6
    assert (saved["next_meeting_max_months"], saved["plan_stale_months"]) == (12, 3)
    assert saved["language"] == "nb"
    again = SettingsDialog()
    qtbot.addWidget(again)
    assert (again.weeks_spin.value(), again.max_months_spin.value(), again.stale_spin.value()) == (6, 12, 3)
    # the limits of desktop.settings hold in the dialog too
    again.weeks_spin.setValue(500)
    assert again.weeks_spin.value() == 52


def test_cancel_changes_nothing(window: MainWindow, monkeypatch) -> None:
    def cancel(dialog: QDialog) -> int:
        dialog.language_combo.setCurrentIndex(dialog.language_combo.findData("en"))
        dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
        return dialog.result()

    monkeypatch.setattr(settings_dialog, "run_dialog", cancel)
    assert open_settings(window) is None
    assert not settings_path().exists()
    assert current_language() == "nb"


def test_a_new_language_rebuilds_the_window_where_the_user_was(
    qtbot, window: MainWindow, monkeypatch
) -> None:
    window.show_case(2)
    window.case_view.tabs.setCurrentIndex(2)
    assert window.file_menu.title() == "&Fil"
    monkeypatch.setattr(settings_dialog, "run_dialog", lambda d: _choose(d, "en"))
    new = open_settings(window)
    assert new is not None and new is not window
    assert current_language() == "en" and load_settings().language == "en"
    assert new.file_menu.title() == "&File"
    assert new.stack.currentWidget() is new.case_view and new.case_view.case_id == 2
    assert new.case_view.tabs.currentIndex() == 2
    assert new.db is window.db and not window.isVisible()
    # Qt's own buttons follow: English now, Nynorsk from Qt's catalog after the next switch
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"
    monkeypatch.setattr(settings_dialog, "run_dialog", lambda d: _choose(d, "nn"))
    newest = open_settings(new)
    assert newest is not None and current_language() == "nn"
    assert newest.file_menu.title() == _("&File") != "&File"
    assert QCoreApplication.translate("QPlatformTheme", "Save") == "Lagra"  # Nynorsk, not Bokmål «Lagre»
    # the database is still open and usable in the new window
    assert newest.cases.has_cases()


def test_bokmal_qt_buttons_come_from_our_own_catalog(window: MainWindow) -> None:
    app_module.apply_language("nb")
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Avbryt"
    assert QCoreApplication.translate("QPlatformTheme", "Save") == "Lagre"
    app = QApplication.instance()
    assert len(app.findChildren(app_module.QTranslator, app_module.QT_TRANSLATOR_NAME)) == 1


def test_during_a_running_meeting_the_language_waits_for_the_next_start(
    qtbot, window: MainWindow, monkeypatch
) -> None:
    small = make_case(window.db, reference="AG-T-900")
    meeting_id = add_meeting(window.db, small.case_id)
    window.open_meeting(meeting_id)
    workspace = window.meeting_workspace
    workspace.ask_move_start = lambda planned: "keep"
    workspace.start_meeting()
    assert app_module.meeting_is_running(window)
    workspace.show_review()  # the review before closing still belongs to the running meeting
    assert app_module.meeting_is_running(window)
    told: list[str] = []
    monkeypatch.setattr(settings_dialog, "tell", lambda parent, text: told.append(text))
    monkeypatch.setattr(settings_dialog, "run_dialog", lambda d: _choose(d, "en"))
    assert open_settings(window) is window
    assert load_settings().language == "en"  # saved …
    assert current_language() == "nb" and window.isVisible()  # … but not applied under the meeting
    assert told and "neste gang" in told[0]
    workspace.runner.stop()
    workspace.ctx.writer.wait()


def test_a_language_from_the_environment_wins_and_the_user_is_told(window: MainWindow, monkeypatch) -> None:
    monkeypatch.setenv("ANSVARSGRUPPE_LANG", "nb")
    told: list[str] = []
    monkeypatch.setattr(settings_dialog, "tell", lambda parent, text: told.append(text))
    monkeypatch.setattr(
        settings_dialog, "run_dialog", lambda d: d.forced_label.isVisibleTo(d) and _choose(d, "en")
    )
    assert open_settings(window) is window
    assert load_settings().language == "en" and current_language() == "nb"
    assert told and "ANSVARSGRUPPE_LANG" in told[0]


def test_precedence_lang_then_environment_then_settings_then_bokmal(monkeypatch) -> None:
    monkeypatch.delenv("ANSVARSGRUPPE_LANG", raising=False)
    assert resolve_language() == "nb"
    update_settings(language="nn")
    assert resolve_language() == "nn"
    monkeypatch.setenv("ANSVARSGRUPPE_LANG", "en")
    assert resolve_language() == "en"
    assert resolve_language("nb") == "nb"
    monkeypatch.setenv("ANSVARSGRUPPE_LANG", "klingon")  # a typo falls through to the setting
    assert resolve_language() == "nn"
    update_settings(language="pseudo")  # the pseudo-locale is never taken from the settings file
    assert resolve_language() == "nb"


def test_the_command_line_honours_the_saved_language(monkeypatch, capsys, tmp_path) -> None:
    from desktop.cli import main

    monkeypatch.delenv("ANSVARSGRUPPE_LANG", raising=False)
    update_settings(language="en")
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "usage:" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["--lang", "nb", "--help"])
    assert "bruk:" in capsys.readouterr().out


def test_the_dialog_keys_are_reachable(qtbot) -> None:
    dialog = SettingsDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=2000)
    dialog.language_combo.setFocus()
    order = [dialog.language_combo, dialog.weeks_spin, dialog.max_months_spin, dialog.stale_spin]
    for before, after in zip(order, order[1:], strict=False):
        assert before.hasFocus()
        qtbot.keyClick(before, Qt.Key.Key_Tab)
        assert after.hasFocus()


@pytest.mark.parametrize("language", ["nb", "nn"])
def test_qt_standard_buttons_and_edit_menus_are_norwegian(window: MainWindow, language: str) -> None:
    """The buttons the app uses (OK, Cancel, Close, Yes, No), context menus, Qt's file dialog."""
    app_module.apply_language(language)
    english = [
        ("QPlatformTheme", "OK"),
        ("QPlatformTheme", "Cancel"),
        ("QPlatformTheme", "Close"),
        ("QPlatformTheme", "&Yes"),
        ("QPlatformTheme", "&No"),
        ("QLineEdit", "&Copy"),
        ("QLineEdit", "&Paste"),
        ("QLineEdit", "Select All"),
        ("QFileSystemModel", "Date Modified"),  # Qt's own file dialog (where the system has none)
        ("QFileDialog", "Create a New Folder"),
        ("QFileDialog", "&Look in:"),  # the labels as Qt's own file dialog asks for them
        ("QFileDialog", "Files of &type:"),
        ("QScrollBar", "Scroll here"),
        ("QAccessibleActionInterface", "Press"),  # what a screen reader offers to do
    ]
    untranslated = [
        source for context, source in english if QCoreApplication.translate(context, source) == source
    ]
    assert untranslated in ([], ["OK"]), untranslated  # «OK» is the same word in Norwegian
