"""Enter on a focused button presses it, in the main window as in dialogs."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton, QVBoxLayout, QWidget

from desktop.ui import enter_key


def _window_with_button(qtbot) -> tuple[QWidget, QPushButton, list[int]]:  # noqa: ANN001
    window = QWidget()
    qtbot.addWidget(window)
    button = QPushButton("Åpne demodata", window)
    other = QPushButton("Annet", window)
    layout = QVBoxLayout(window)
    layout.addWidget(button)
    layout.addWidget(other)
    clicks: list[int] = []
    button.clicked.connect(lambda: clicks.append(1))
    enter_key.install(QApplication.instance())  # type: ignore[arg-type]
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    button.setFocus()
    qtbot.waitUntil(button.hasFocus)
    return window, button, clicks


def test_enter_and_keypad_enter_press_the_focused_button(qtbot) -> None:  # noqa: ANN001
    _window, button, clicks = _window_with_button(qtbot)
    qtbot.keyClick(button, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: clicks == [1])
    qtbot.keyClick(button, Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)
    qtbot.waitUntil(lambda: clicks == [1, 1])


def test_enter_with_a_modifier_does_nothing(qtbot) -> None:  # noqa: ANN001
    _window, button, clicks = _window_with_button(qtbot)
    qtbot.keyClick(button, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.wait(300)
    assert clicks == []


def test_installing_twice_filters_once(qtbot) -> None:  # noqa: ANN001
    app = QApplication.instance()
    enter_key.install(app)  # type: ignore[arg-type]
    enter_key.install(app)  # type: ignore[arg-type]
    assert len(app.findChildren(enter_key.EnterPressesButtons, enter_key.OBJECT_NAME)) == 1  # type: ignore[union-attr]


def test_enter_opens_the_demo_and_then_the_selected_case(qtbot, show_main_window, db) -> None:  # noqa: ANN001
    """On the welcome page: Enter on «Åpne demodata» opens it, the case list has the focus, and
    Enter opens the selected case — no mouse, no Space."""
    window = show_main_window(db, active=True)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.welcome, timeout=10_000)
    button = window.welcome.demo_button
    button.setFocus()
    qtbot.keyClick(button, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.case_list, timeout=60_000)
    table = window.case_list.table
    qtbot.waitUntil(table.hasFocus)
    assert table.currentIndex().isValid()
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert window.stack.currentWidget() is window.case_view
    assert window.case_view.detail is not None
    assert window.statusBar().currentMessage() == ""  # «7 saker» belongs to the case list
    assert window.windowTitle().count("Ansvarsgruppe") == 0  # Qt appends the application name
