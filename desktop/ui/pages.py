"""Pages and windows that fit the screen a coordinator has.

Stacked pages ask for the room of the page on show, not of the largest page.

``QStackedWidget`` reports the largest minimum size of *all* its pages, so one tall page (the
meeting review) made the window scroll on every other page at a usable area of 1366×700. Giving
the hidden pages an ``Ignored`` size policy leaves only the current page's size in the sum; the
window then scrolls only when the page in front of the user cannot shrink any further.
"""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QSizePolicy, QStackedWidget, QWidget

_IGNORED = QSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)


def size_to_current_page(stack: QStackedWidget) -> None:
    """Keep ``stack``'s minimum size that of its current page, now and whenever the page changes."""

    originals: dict[int, QSizePolicy] = {}  # by page identity; pages are added later, too

    def update(_index: int = -1) -> None:
        current = stack.currentWidget()
        for index in range(stack.count()):
            page = stack.widget(index)
            if page is None:
                continue
            original = originals.setdefault(id(page), QSizePolicy(page.sizePolicy()))
            page.setSizePolicy(original if page is current else _IGNORED)
        stack.updateGeometry()

    stack.currentChanged.connect(update)
    update()


def fit_to_screen(widget: QWidget, width: int, height: int) -> None:
    """Resize ``widget`` to ``width``×``height``, but never beyond the screen's usable area (a
    1366×768 laptop leaves about 1366×700 under the taskbar; the title bar takes its share too)."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        widget.resize(width, height)
        return
    available = screen.availableGeometry()
    frame = 40  # a title bar and borders, which the window manager adds outside this size
    widget.resize(min(width, available.width()), min(height, max(200, available.height() - frame)))
