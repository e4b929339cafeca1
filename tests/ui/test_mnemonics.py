"""Alt+letter does one thing: no two mnemonics that are active at the same time share a letter.

In Qt a «&» mnemonic is a window-wide shortcut (``Qt::WindowShortcut``). Within one top-level
window, the mnemonics of the menu bar's titles, of the tabs of every visible tab bar, of every
visible button (push, tool, check and radio buttons), of every visible label that has a buddy and
of every visible group box title are all active together. When two of them share a letter,
Alt+letter only moves the focus between them and never acts (Qt's «ambiguous shortcut»).

``mnemonic_clashes(window)`` collects those letters for a window as it is shown and reports each
letter used more than once. The tests below apply it to the main window in every state a user
sees (case list, each tab of the case view, the meeting planner, runner and review, the task
board) and to the dialogs of the accessibility walk, in every language; and to each menu's items
(a menu's own mnemonics are active while it is open, apart from the window's).

Where a form has more fields than letters left over by the menu bar, the tab bar and the buttons
(the case view's tabs), the later labels go without a mnemonic rather than share one: Tab still
reaches their fields, and Alt+letter keeps doing one thing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date

import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialog,
    QGroupBox,
    QLabel,
    QMainWindow,
    QMenu,
    QTabBar,
    QTabWidget,
    QWidget,
)

from desktop.db import Database
from desktop.models.enums import TaskStatus
from desktop.services.meeting.planning import MeetingService
from desktop.services.tasks.board import TaskService
from desktop.ui.main_window import MainWindow

WAIT_MS = 5000
LANGUAGES = ("nb", "nn", "en")


def mnemonic_letter(text: str) -> str | None:
    """The letter Alt selects in ``text`` (lower case), as ``QKeySequence::mnemonic`` finds it:
    the character after the first single «&»; «&&» is a literal ampersand."""
    position = 0
    while (found := text.find("&", position)) >= 0 and found + 1 < len(text):
        if text[found + 1] != "&":
            return text[found + 1].lower()
        position = found + 2
    return None


def active_mnemonics(window: QWidget) -> list[tuple[str, str]]:
    """(letter, where) for every mnemonic active together in the top-level ``window`` as it is now.

    Widgets of other top-level windows (dialogs, the room view) are left out: their mnemonics
    act only when that window is active. Disabled controls are kept: they are enabled in the
    same view as soon as a row is selected or a field is filled in.
    """
    found: list[tuple[str, str]] = []

    def add(text: str, where: str) -> None:
        letter = mnemonic_letter(text)
        if letter is not None:
            found.append((letter, f"{where} {text!r}"))

    if isinstance(window, QMainWindow) and window.menuWidget() is not None and window.menuBar().isVisible():
        for action in window.menuBar().actions():
            if action.isVisible() and not action.isSeparator():
                add(action.text(), "menu")
    for widget in [window, *window.findChildren(QWidget)]:
        if widget.window() is not window or not widget.isVisible():
            continue
        if isinstance(widget, QTabBar):
            for index in range(widget.count()):
                if widget.isTabVisible(index):
                    add(widget.tabText(index), "tab")
        elif isinstance(widget, QAbstractButton):
            add(widget.text(), type(widget).__name__)
        elif isinstance(widget, QLabel) and widget.buddy() is not None:
            add(widget.text(), "label")
        elif isinstance(widget, QGroupBox):
            add(widget.title(), "group box")
    return found


def clashes_in(mnemonics: list[tuple[str, str]]) -> dict[str, list[str]]:
    by_letter: dict[str, list[str]] = {}
    for letter, where in mnemonics:
        by_letter.setdefault(letter, []).append(where)
    return {letter: sorted(places) for letter, places in sorted(by_letter.items()) if len(places) > 1}


def mnemonic_clashes(window: QWidget) -> dict[str, list[str]]:
    """Letter -> the texts sharing it, for the mnemonics active together in ``window`` now."""
    QApplication.processEvents()
    return clashes_in(active_mnemonics(window))


def menu_item_clashes(menu: QMenu) -> dict[str, list[str]]:
    """Letter -> the item texts sharing it, among the items of one (open) menu."""
    menu.aboutToShow.emit()  # menus filled on demand (Meeting)
    mnemonics = []
    for action in menu.actions():
        if action.isVisible() and not action.isSeparator():
            letter = mnemonic_letter(action.text())
            if letter is not None:
                mnemonics.append((letter, repr(action.text())))
    return clashes_in(mnemonics)


class Survey:
    """Checks a window in one state, and again with each tab of each visible tab widget in front
    (nested ones too): the controls of a tab page are on screen only while it is in front."""

    def __init__(self) -> None:
        self.problems: dict[str, dict[str, list[str]]] = {}
        self.counts: dict[str, int] = {}

    def check(self, state: str, window: QWidget) -> None:
        self._record(state, window)
        self._walk_tabs(state, window, set())

    def _record(self, state: str, window: QWidget) -> None:
        QApplication.processEvents()
        mnemonics = active_mnemonics(window)
        self.counts[state] = len(mnemonics)
        clashes = clashes_in(mnemonics)
        if clashes:
            self.problems[state] = clashes

    def _walk_tabs(self, state: str, window: QWidget, seen: set[int]) -> None:
        for tabs in window.findChildren(QTabWidget):
            if id(tabs) in seen or not tabs.isVisible() or tabs.window() is not window:
                continue
            shown = tabs.currentIndex()
            for index in range(tabs.count()):
                if not tabs.isTabVisible(index):
                    continue
                tabs.setCurrentIndex(index)
                label = f"{state}, tab {tabs.tabText(index)!r}"
                self._record(label, window)
                self._walk_tabs(label, window, seen | {id(tabs)})
            tabs.setCurrentIndex(shown)

    def report(self) -> str:
        return "mnemonics sharing a letter:\n" + "\n".join(
            f"  {state}: " + "; ".join(f"{letter}: {', '.join(places)}" for letter, places in clashes.items())
            for state, clashes in self.problems.items()
        )


def _planned_meeting(db: Database) -> tuple[int, int]:
    meetings = MeetingService(db).list_meetings()
    planned = [m for m in meetings if m.status in ("planned", "notice_sent")]
    return planned[0].id, planned[0].case_id


@pytest.fixture(params=LANGUAGES)
def language(request: pytest.FixtureRequest) -> Iterator[str]:
    from desktop.ui.app import apply_language

    apply_language(request.param)
    yield request.param
    apply_language("nb")


def _main_window(qtbot, db: Database) -> MainWindow:  # noqa: ANN001
    from desktop.ui.app import install_security_features

    window = MainWindow(db)
    qtbot.addWidget(window)
    install_security_features(window)  # the Security menu is part of the real menu bar
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    return window


# -- the checker itself ----------------------------------------------------------------------------


def test_mnemonic_letter_follows_qt() -> None:
    assert mnemonic_letter("&File") == "f"
    assert mnemonic_letter("S&tatus") == "t"
    assert mnemonic_letter("Save && &close") == "c"
    assert mnemonic_letter("Fish && chips") is None
    assert mnemonic_letter("Trailing &") is None
    assert mnemonic_letter("&Økonomi") == "ø"


def test_the_checker_finds_a_planted_clash(qtbot) -> None:  # noqa: ANN001
    """Every kind of mnemonic counts, case-insensitively; hidden widgets, «&&» and labels without
    a buddy do not; and a clean window has no clashes (so the checker cannot silently pass)."""
    from PySide6.QtWidgets import QCheckBox, QLineEdit, QPushButton, QVBoxLayout

    window = QMainWindow()
    qtbot.addWidget(window)
    window.menuBar().addMenu("&File")
    central = QWidget()
    layout = QVBoxLayout(central)
    tabs = QTabWidget()
    tabs.addTab(QWidget(), "&Tasks")
    tabs.addTab(QWidget(), "&Overview")
    edit = QLineEdit()
    label = QLabel("&Name")
    label.setBuddy(edit)
    group = QGroupBox("&Group")
    QVBoxLayout(group).addWidget(QCheckBox("&Urgent"))
    hidden = QPushButton("&Hidden")
    plain = QLabel("&Alone")  # no buddy: no mnemonic
    literal = QPushButton("Fish && chips")
    for widget in (tabs, label, edit, group, hidden, plain, literal):
        layout.addWidget(widget)
    window.setCentralWidget(central)
    window.show()
    hidden.hide()
    assert mnemonic_clashes(window) == {}
    assert {letter for letter, _where in active_mnemonics(window)} == {"f", "t", "o", "n", "g", "u"}

    planted = [QPushButton("&finish"), QPushButton("S&tatus"), QPushButton("&na"), QPushButton("&Ghost")]
    for button in planted:
        layout.addWidget(button)
    QApplication.processEvents()
    clashes = mnemonic_clashes(window)
    assert set(clashes) == {"f", "t", "n", "g"}
    assert clashes["f"] == ["QPushButton '&finish'", "menu '&File'"]
    assert clashes["t"] == ["QPushButton 'S&tatus'", "tab '&Tasks'"]
    assert clashes["n"] == ["QPushButton '&na'", "label '&Name'"]
    assert clashes["g"] == ["QPushButton '&Ghost'", "group box '&Group'"]
    hidden.show()
    planted[0].setText("&Hide")  # now «h» is shared with the button shown again
    assert set(mnemonic_clashes(window)) == {"t", "n", "g", "h"}


def test_the_survey_looks_behind_every_tab(qtbot) -> None:  # noqa: ANN001
    from PySide6.QtWidgets import QPushButton, QVBoxLayout

    window = QWidget()
    qtbot.addWidget(window)
    tabs = QTabWidget()
    first, second = QWidget(), QWidget()
    QVBoxLayout(first).addWidget(QPushButton("&Save"))
    QVBoxLayout(second).addWidget(QPushButton("&Send"))
    tabs.addTab(first, "&One")
    tabs.addTab(second, "&Two")
    QVBoxLayout(window).addWidget(tabs)
    window.show()
    survey = Survey()
    survey.check("window", window)
    assert survey.problems == {}
    second.findChild(QPushButton).setText("&Other")  # clashes with the «&One» tab, only on tab 2
    survey.check("window", window)
    assert list(survey.problems) == ["window, tab '&Two'"]


def test_the_menu_check_finds_a_planted_clash(qtbot) -> None:  # noqa: ANN001
    menu = QMenu()
    menu.addAction("&Open")
    menu.addSeparator()
    menu.addAction("&Close")
    assert menu_item_clashes(menu) == {}
    menu.addAction("&Options")
    assert menu_item_clashes(menu) == {"o": ["'&Open'", "'&Options'"]}


# -- the application ---------------------------------------------------------------------------------


def test_every_main_view_has_distinct_mnemonics(qtbot, demo_db: Database, language: str) -> None:  # noqa: ANN001
    window = _main_window(qtbot, demo_db)
    survey = Survey()
    survey.check("case list", window)

    meeting_id, case_id = _planned_meeting(demo_db)
    window.show_case(case_id)
    survey.check("case view", window)  # each of its tabs in turn

    window.open_meeting(meeting_id)
    workspace = window.meeting_workspace
    assert workspace is not None
    try:
        survey.check("meeting planner", window)
        workspace.ask_move_start = lambda planned: "keep"  # type: ignore[attr-defined]
        workspace.start_meeting()  # type: ignore[attr-defined]
        survey.check("meeting runner", window)
        runner = workspace.runner  # type: ignore[attr-defined]
        for kind in ("task_follow_up", "measure", "checkpoint"):  # each item kind has its own panel
            row = next((n for n, item in enumerate(runner.items()) if item.kind == kind), None)
            if row is not None:
                runner.go_to(row)
                survey.check(f"meeting runner on a {kind} item", window)
        workspace.show_review()  # type: ignore[attr-defined]
        survey.check("meeting review", window)
        workspace.back_to_runner()  # type: ignore[attr-defined]
    finally:
        workspace.runner.stop()  # type: ignore[attr-defined]
        workspace.ctx.writer.wait()  # type: ignore[attr-defined]

    window.show_tasks()
    board = window.task_board
    qtbot.waitUntil(lambda: not getattr(board, "is_loading", False), timeout=WAIT_MS)
    survey.check("task board", window)

    assert min(survey.counts.values()) >= 6, survey.counts  # the menu bar at least: really shown
    assert not survey.problems, f"{language}: {survey.report()}"


def test_every_menu_has_distinct_item_mnemonics(qtbot, demo_db: Database, language: str) -> None:  # noqa: ANN001
    window = _main_window(qtbot, demo_db)
    meeting_id, _case_id = _planned_meeting(demo_db)
    window.open_meeting(meeting_id)  # the Meeting menu holds the workspace's actions from now on
    problems = {}
    menus = [a.menu() for a in window.menuBar().actions() if a.menu() is not None]
    while menus:
        menu = menus.pop()
        clashes = menu_item_clashes(menu)
        if clashes:
            problems[menu.title()] = clashes
        menus.extend(a.menu() for a in menu.actions() if a.menu() is not None)
    assert not problems, f"{language}: {problems}"


def _dialogs(window: MainWindow, db: Database) -> Iterator[tuple[str, Callable[[], QDialog]]]:
    """The dialogs of the accessibility walk (tests/ui/test_accessibility.py), built on demand."""
    from desktop.ui.case.audit_log_dialog import AuditLogDialog
    from desktop.ui.case.new_case_dialog import NewCaseDialog
    from desktop.ui.meeting.new_meeting_dialog import NewMeetingDialog
    from desktop.ui.minutes.export_dialog import MinutesExportDialog
    from desktop.ui.minutes.import_dialog import HandoverImportDialog
    from desktop.ui.minutes.new_key_dialog import NewKeyDialog
    from desktop.ui.minutes.verify_dialog import VerifyDialog
    from desktop.ui.search_dialog import SearchDialog
    from desktop.ui.security_menu import NewPassphraseDialog
    from desktop.ui.settings_dialog import SettingsDialog
    from desktop.ui.shortcuts_dialog import ShortcutsDialog
    from desktop.ui.tasks.outcome_dialog import TaskOutcomeDialog

    meeting_id, case_id = _planned_meeting(db)
    held = [m for m in MeetingService(db).list_meetings() if m.status in ("held", "signed")]
    task = TaskService(db).open_tasks(limit=1)[0]
    yield "settings", lambda: SettingsDialog(window)
    yield "new case", lambda: NewCaseDialog(window.cases, "AG-2026-099", window)
    yield (
        "new meeting",
        lambda: NewMeetingDialog(
            MeetingService(db), case_id, phase="discharge_planning", today=date(2026, 11, 25)
        ),
    )
    yield "task outcome", lambda: TaskOutcomeDialog(task, TaskStatus.DONE, window)
    yield "search", lambda: SearchDialog(db, window)
    yield "keyboard shortcuts", lambda: ShortcutsDialog(window.shortcut_lines(), window)
    yield "new passphrase", lambda: NewPassphraseDialog(changing=False, parent=window)
    yield "change passphrase", lambda: NewPassphraseDialog(changing=True, parent=window)
    yield "audit log", lambda: AuditLogDialog(db, case_id, window)
    yield "new signing key", lambda: NewKeyDialog(window, "Ingrid Haugen")
    yield "verify minutes", lambda: VerifyDialog(window)
    yield "import handover", lambda: HandoverImportDialog(window, db)
    from desktop.ui.minutes.trust_dialogs import AddFingerprintDialog, FingerprintDialog, TrustListDialog

    yield "trusted signers", lambda: TrustListDialog(window)
    yield "trust a fingerprint", lambda: AddFingerprintDialog(window)
    yield "unknown signer", lambda: FingerprintDialog(window, "Per Hansen", "ab" * 32)
    assert held, "the demo data has a held meeting"
    from desktop.ui.minutes.confirmation_dialog import ConfirmationDialog
    from desktop.ui.minutes.later_confirmation_dialog import LaterConfirmationDialog

    yield "export minutes", lambda: MinutesExportDialog(window, db, held[-1].id)
    yield "confirmation in the room", lambda: ConfirmationDialog(db, held[-1].id, window)
    yield "confirmation given later", lambda: LaterConfirmationDialog(db, held[-1].id, window)


def test_every_dialog_has_distinct_mnemonics(qtbot, demo_db: Database, language: str) -> None:  # noqa: ANN001
    window = _main_window(qtbot, demo_db)
    survey = Survey()
    for name, build in _dialogs(window, demo_db):
        dialog = build()
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        survey.check(name, dialog)
        dialog.reject()
    assert len(survey.counts) >= 15, survey.counts
    assert not survey.problems, f"{language}: {survey.report()}"


def test_every_dialog_has_a_default_button(qtbot, demo_db: Database) -> None:  # noqa: ANN001
    """Enter in a dialog's field does what the dialog is for (a Windows user's habit): each dialog
    has a default button once shown. Read-only dialogs (verify, shortcuts, audit log) count their
    Close; the confirmation screen its «Dette stemmer»."""
    from PySide6.QtWidgets import QPushButton

    window = _main_window(qtbot, demo_db)
    missing = []
    for name, build in _dialogs(window, demo_db):
        dialog = build()
        qtbot.addWidget(dialog)
        dialog.show()
        QApplication.processEvents()
        if not any(b.isDefault() for b in dialog.findChildren(QPushButton) if b.isVisible()):
            missing.append(name)
        dialog.close()
    assert not missing, missing
