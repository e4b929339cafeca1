"""Every view works in the area a real laptop leaves for the window, without the page scrolling.

A 1366×768 screen with a taskbar and a title bar leaves about 1366×700 for the window; a 1920×1080
laptop at Windows' default 150 % leaves about 1280×650 logical pixels. The main window is shown
as the application shows it (its content in a scroll area, for very large fonts), sized to each
area, and in every view — the case list, each tab of the case view, the meeting planner, the
runner on *every* agenda item, the review and the task board — two things must hold:

- the page itself does not scroll (lists and text areas scroll inside themselves), and
- every button, field and combo box outside such a scrolling list is wholly visible: not clipped
  by a squeezed layout, not scrolled away.

In nb, nn, en and the pseudo-locale (every text 40 % longer).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QApplication,
    QComboBox,
    QDateEdit,
    QLineEdit,
    QScrollArea,
    QWidget,
)

from desktop.db import Database
from desktop.services.meeting.planning import MeetingService
from desktop.ui.main_window import MainWindow

USABLE_AREAS = ((1366, 700), (1280, 650))
LANGUAGES = ("nb", "nn", "en", "pseudo")
CONTROLS = (QAbstractButton, QLineEdit, QComboBox, QDateEdit)


def _inside_a_scrolling_list(widget: QWidget, stop: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None and parent is not stop:
        if isinstance(parent, QAbstractScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def cut_off_controls(window: MainWindow) -> list[str]:
    """Controls of the shown page that the user cannot see whole (a description of each)."""
    area = window.centralWidget()
    assert isinstance(area, QScrollArea)
    body = area.widget()
    problems = []
    for control in body.findChildren(QWidget):
        if not isinstance(control, CONTROLS) or not control.isVisible():
            continue
        if _inside_a_scrolling_list(control, area) or control.parentWidget() is None:
            continue
        if isinstance(control.parentWidget(), (QComboBox, QDateEdit, QLineEdit)):
            continue  # a composite's inner parts (a line edit's clear button, a spin box's edit)
        seen = control.visibleRegion().boundingRect()
        if seen.size() != control.rect().size():
            name = control.accessibleName() or getattr(control, "text", lambda: "")() or control.objectName()
            problems.append(
                f"{type(control).__name__} «{name}» shows {seen.width()}×{seen.height()} of "
                f"{control.width()}×{control.height()}"
            )
    return problems


def page_scrolls(window: MainWindow) -> bool:
    area = window.centralWidget()
    assert isinstance(area, QScrollArea)
    return area.verticalScrollBar().maximum() > 0 or area.horizontalScrollBar().maximum() > 0


@pytest.fixture(params=LANGUAGES)
def language(request: pytest.FixtureRequest) -> Iterator[str]:
    from desktop.ui.app import apply_language

    apply_language(request.param)
    yield request.param
    apply_language("nb")


@pytest.mark.parametrize("size", USABLE_AREAS, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_view_fits_the_usable_area(
    qtbot, demo_db: Database, language: str, size: tuple[int, int]
) -> None:  # noqa: ANN001
    from desktop.ui.app import scroll_when_too_small

    window = MainWindow(demo_db)
    qtbot.addWidget(window)
    scroll_when_too_small(window)  # as the application shows it
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    problems: dict[str, list[str]] = {}

    def check(view: str) -> None:
        for _round in range(3):
            QApplication.processEvents()
        qtbot.wait(50)  # the scroll area follows a page's new size on a posted layout request
        found = cut_off_controls(window)
        if page_scrolls(window):
            found.insert(0, "the page scrolls")
        if found:
            problems[view] = found

    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.case_list, timeout=10_000)
    check("case list")
    meetings = MeetingService(demo_db).list_meetings()
    planned = next(m for m in meetings if m.status in ("planned", "notice_sent"))
    window.show_case(planned.case_id)
    tabs = window.case_view.tabs
    for index in range(tabs.count()):
        tabs.setCurrentIndex(index)
        check(f"case tab «{tabs.tabText(index)}»")
    tabs.setCurrentWidget(window.case_view.plan_editor)  # the measure form is the plan's tallest
    tree = window.case_view.plan_editor.tree
    tree.setCurrentItem(tree.topLevelItem(0).child(0))
    check("plan, a measure chosen")
    window.open_meeting(planned.id)
    workspace = window.meeting_workspace
    check("meeting planner")
    workspace.ask_move_start = lambda _planned: "keep"  # type: ignore[union-attr]
    workspace.start_meeting()  # type: ignore[union-attr]
    runner = workspace.runner  # type: ignore[union-attr]
    for row in range(runner.agenda_model.rowCount()):
        runner.go_to(row)
        check(f"runner, item {row + 1}")
    workspace.show_review()  # type: ignore[union-attr]
    check("meeting review")
    runner.stop()
    workspace.ctx.writer.wait()  # type: ignore[union-attr]
    window.show_tasks()
    qtbot.waitUntil(lambda: not window.task_board.is_loading, timeout=10_000)  # type: ignore[union-attr]
    check("task board")
    assert not problems, f"at {size[0]}×{size[1]} in {language}: " + "; ".join(
        f"{view}: {', '.join(found)}" for view, found in problems.items()
    )
