"""Every focusable control has an accessible name; every menu action has a key.

The rule for a name (what a screen reader announces when the control gets focus):

* a visible widget whose ``focusPolicy()`` is not ``NoFocus`` needs a non-empty ``accessibleName()``;
* except a button (QAbstractButton, incl. check boxes and radio buttons) or a label with its own
  visible text: Qt announces that text as the name;
* a buddy label does NOT count: Qt uses it only on some platforms, so names are set explicitly
  with ``setAccessibleName(_("…"))``;
* parts of a composite control are named through the composite (the line edit inside a spin box
  or an editable combo box, the tab bar of a QTabWidget, a widget whose focus goes to a proxy).

Menu actions: every action in the menus (menu titles included) has a shortcut or a «&» mnemonic.
"""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QLabel,
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


def _is_part_of_composite(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    if widget.focusProxy() is not None:
        return True
    if isinstance(parent, (QAbstractSpinBox, QComboBox)):
        return True  # the inner line edit
    if isinstance(widget, QTabBar) and isinstance(parent, QTabWidget):
        return True  # each tab's text is announced
    # Qt's own helpers: the QCalendarWidget of a date edit's popup, scroll bars, header sections
    return widget.objectName().startswith("qt_")


def has_name(widget: QWidget) -> bool:
    if widget.accessibleName().strip():
        return True
    if isinstance(widget, (QAbstractButton, QLabel)):
        return bool(widget.text().replace("&", "").strip())
    return False


def describe(widget: QWidget) -> str:
    chain = []
    current: QWidget | None = widget
    while current is not None and len(chain) < 4:
        chain.append(current.objectName() or type(current).__name__)
        current = current.parentWidget()
    return f"{type(widget).__name__} in {' < '.join(chain[1:])}"


def focusable_controls(root: QWidget) -> list[QWidget]:
    return [
        w
        for w in [root, *root.findChildren(QWidget)]
        if w.focusPolicy() != Qt.FocusPolicy.NoFocus and w.isVisible() and not w.isWindow()
    ]


def unnamed_controls(root: QWidget) -> list[str]:
    """The focusable, visible controls under ``root`` (itself included) without an accessible name."""
    found = []
    for widget in [root, *root.findChildren(QWidget)]:
        if widget.focusPolicy() == Qt.FocusPolicy.NoFocus or not widget.isVisible():
            continue
        if isinstance(widget, (QDialog, MainWindow, QMenu)) or widget.isWindow():
            continue  # the window's title names it
        if _is_part_of_composite(widget) or has_name(widget):
            continue
        found.append(describe(widget))
    return found


def actions_without_keys(window: MainWindow) -> list[str]:
    missing = []

    def walk(menu: QMenu) -> None:
        menu.aboutToShow.emit()  # menus filled on demand (Meeting)
        for action in menu.actions():
            if action.isSeparator():
                continue
            if action.menu() is not None:
                walk(action.menu())
            if "&" not in action.text() and action.shortcut().isEmpty():
                missing.append(action.text())

    for action in window.menuBar().actions():
        if "&" not in action.text():
            missing.append(f"menu {action.text()}")
        if action.menu() is not None:
            walk(action.menu())
    return missing


class Walk:
    """Collects what each view leaves unnamed, so that one test reports every view at once."""

    def __init__(self, qtbot) -> None:  # noqa: ANN001
        self.qtbot = qtbot
        self.problems: dict[str, list[str]] = {}
        self.counts: dict[str, int] = {}

    def check(self, view_name: str, root: QWidget) -> None:
        """Check ``root`` as shown, then with each tab of its tab widgets in front (hidden tabs'
        controls are invisible until then)."""
        QApplication.processEvents()
        self.counts[view_name] = len(focusable_controls(root))
        missing = set(unnamed_controls(root))
        for tabs in [t for t in root.findChildren(QTabWidget) if t.isVisible()]:
            shown = tabs.currentIndex()
            for index in range(tabs.count()):
                tabs.setCurrentIndex(index)
                QApplication.processEvents()
                missing |= {
                    f"{item} (tab {tabs.tabText(index)!r})" for item in unnamed_controls(tabs.widget(index))
                }
            tabs.setCurrentIndex(shown)
        if missing:
            self.problems[view_name] = sorted(missing)

    def check_dialog(self, view_name: str, dialog: QDialog) -> None:
        self.qtbot.addWidget(dialog)
        dialog.show()
        self.qtbot.waitExposed(dialog)
        self.check(view_name, dialog)
        dialog.reject()


@pytest.fixture
def demo_window(window: MainWindow) -> MainWindow:
    return window


def _planned_meeting(db: Database) -> tuple[int, int]:
    meetings = MeetingService(db).list_meetings()
    planned = [m for m in meetings if m.status in ("planned", "notice_sent")]
    return planned[0].id, planned[0].case_id


def test_every_main_view_names_its_controls(qtbot, demo_window: MainWindow, demo_db: Database) -> None:  # noqa: ANN001
    window = demo_window
    walk = Walk(qtbot)
    walk.check("case list", window)

    meeting_id, case_id = _planned_meeting(demo_db)
    window.show_case(case_id)
    view = window.case_view
    for index in range(view.tabs.count()):
        view.tabs.setCurrentIndex(index)
        walk.check(f"case view, tab {view.tabs.tabText(index)!r}", window)

    window.open_meeting(meeting_id)
    workspace = window.meeting_workspace
    assert workspace is not None
    walk.check("meeting planner", window)
    workspace.ask_move_start = lambda planned: "keep"  # type: ignore[attr-defined]
    workspace.start_meeting()  # type: ignore[attr-defined]
    walk.check("meeting runner", window)
    runner = workspace.runner  # type: ignore[attr-defined]
    runner.toggle_room_view()
    if runner.room_view is not None:
        qtbot.waitExposed(runner.room_view)
        walk.check("room view", runner.room_view)
        runner.room_view.close()
    workspace.show_review()  # type: ignore[attr-defined]
    walk.check("meeting review", window)
    workspace.back_to_runner()  # type: ignore[attr-defined]

    window.show_tasks()
    board = window.task_board
    qtbot.waitUntil(lambda: not getattr(board, "is_loading", False), timeout=WAIT_MS)
    walk.check("task board", window)

    shown = {view: n for view, n in walk.counts.items() if view != "room view"}  # a display: no controls
    assert min(shown.values()) >= 2, walk.counts  # the views were really on screen
    assert not walk.problems, "controls without an accessible name:\n" + "\n".join(
        f"  {view}: {', '.join(items)}" for view, items in walk.problems.items()
    )


def test_the_welcome_page_names_its_controls(qtbot, db: Database) -> None:  # noqa: ANN001
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.show()
    assert window.stack.currentWidget() is window.welcome
    assert unnamed_controls(window) == []


def test_the_dialogs_name_their_controls(qtbot, demo_window: MainWindow, demo_db: Database) -> None:  # noqa: ANN001
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

    window = demo_window
    walk = Walk(qtbot)
    meeting_id, case_id = _planned_meeting(demo_db)
    held = [m for m in MeetingService(demo_db).list_meetings() if m.status in ("held", "signed")]
    task = TaskService(demo_db).open_tasks(limit=1)[0]
    walk.check_dialog("settings", SettingsDialog(window))
    walk.check_dialog("new case", NewCaseDialog(window.cases, "AG-2026-099", window))
    walk.check_dialog(
        "new meeting",
        NewMeetingDialog(
            MeetingService(demo_db), case_id, phase="discharge_planning", today=date(2026, 11, 25)
        ),
    )
    walk.check_dialog("task outcome", TaskOutcomeDialog(task, TaskStatus.DONE, window))
    walk.check_dialog("search", SearchDialog(demo_db, window))
    walk.check_dialog("keyboard shortcuts", ShortcutsDialog(window.shortcut_lines(), window))
    walk.check_dialog("new passphrase", NewPassphraseDialog(changing=False, parent=window))
    walk.check_dialog("audit log", AuditLogDialog(demo_db, case_id, window))
    if held:
        walk.check_dialog("export minutes", MinutesExportDialog(window, demo_db, held[-1].id))
    walk.check_dialog("new signing key", NewKeyDialog(window, "Ingrid Haugen"))
    walk.check_dialog("verify minutes", VerifyDialog(window))
    walk.check_dialog("import handover", HandoverImportDialog(window, demo_db))
    from desktop.ui.minutes.trust_dialogs import AddFingerprintDialog, FingerprintDialog, TrustListDialog

    walk.check_dialog("trusted signers", TrustListDialog(window))
    walk.check_dialog("trust a fingerprint", AddFingerprintDialog(window))
    walk.check_dialog("unknown signer", FingerprintDialog(window, "Per Hansen", "ab" * 32))
    if held:
        from desktop.ui.minutes.confirmation_dialog import ConfirmationDialog
        from desktop.ui.minutes.later_confirmation_dialog import LaterConfirmationDialog

        walk.check_dialog("confirmation in the room", ConfirmationDialog(demo_db, held[-1].id, window))
        walk.check_dialog("confirmation given later", LaterConfirmationDialog(demo_db, held[-1].id, window))
    assert min(walk.counts.values()) >= 2, walk.counts  # the views were really on screen
    assert not walk.problems, "controls without an accessible name:\n" + "\n".join(
        f"  {view}: {', '.join(items)}" for view, items in walk.problems.items()
    )


def test_every_menu_action_has_a_shortcut_or_a_mnemonic(demo_window: MainWindow) -> None:
    from desktop.ui.app import install_security_features

    install_security_features(demo_window)
    assert actions_without_keys(demo_window) == []


def test_the_walker_finds_an_unnamed_control(qtbot) -> None:  # noqa: ANN001
    """The rule itself: an unnamed line edit is found, a named one and a labelled button are not."""
    from PySide6.QtWidgets import QLineEdit, QPushButton, QVBoxLayout

    root = QWidget()
    qtbot.addWidget(root)
    unnamed, named, button = QLineEdit(), QLineEdit(), QPushButton("&Save")
    named.setAccessibleName("Name")
    layout = QVBoxLayout(root)
    for widget in (unnamed, named, button):
        layout.addWidget(widget)
    root.show()
    assert unnamed_controls(root) == ["QLineEdit in QWidget"]


def test_with_a_large_system_font_the_window_scrolls_instead_of_leaving_the_screen(
    qtbot,  # noqa: ANN001
    demo_db: Database,
) -> None:
    from desktop.ui.app import scroll_when_too_small

    normal = QApplication.font()
    large = QApplication.font()
    large.setPointSizeF(17)
    QApplication.setFont(large)
    try:
        bare, wrapped = MainWindow(demo_db), MainWindow(demo_db)
        scroll_when_too_small(wrapped)
        for window in (bare, wrapped):
            qtbot.addWidget(window)
            window.resize(1366, 768)
            window.show()
            window.show_case(_planned_meeting(demo_db)[1])
        QApplication.processEvents()
        assert bare.minimumSizeHint().width() > 1366  # what the scroll area is for
        hint = wrapped.minimumSizeHint()
        assert hint.width() <= 1366 and hint.height() <= 768
        assert wrapped.width() <= 1366 and wrapped.case_view.isVisible()
    finally:
        QApplication.setFont(normal)


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_menu_titles_have_distinct_mnemonics(qtbot, db: Database, language: str) -> None:  # noqa: ANN001
    """Alt+letter opens exactly one menu (two titles with the same letter only cycle between them)."""
    import re

    from desktop.ui.app import apply_language, install_security_features

    apply_language(language)
    try:
        window = MainWindow(db)
        qtbot.addWidget(window)
        install_security_features(window)
        letters = [re.search(r"&(\w)", a.text()).group(1).lower() for a in window.menuBar().actions()]
        assert len(letters) == len(set(letters)), [a.text() for a in window.menuBar().actions()]
        # Within each menu too, the Meeting menu included (filled with the workspace's actions
        # when it is first opened).
        for title in window.menuBar().actions():
            if title.menu() is None:
                continue
            title.menu().aboutToShow.emit()
            items = [a.text() for a in title.menu().actions() if not a.isSeparator()]
            letters = [m.group(1).lower() for m in (re.search(r"&(\w)", text) for text in items) if m]
            assert len(letters) == len(set(letters)), (title.text(), items)
    finally:
        apply_language("nb")
