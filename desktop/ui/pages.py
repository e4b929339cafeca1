"""Stacked pages that ask for the room of the page on show, not of the largest page.

``QStackedWidget`` reports the largest minimum size of *all* its pages, so one tall page (the
meeting review) made the window scroll on every other page at a usable area of 1366×700. Giving
the hidden pages an ``Ignored`` size policy leaves only the current page's size in the sum; the
window then scrolls only when the page in front of the user cannot shrink any further.
"""

from __future__ import annotations

from PySide6.QtWidgets import QSizePolicy, QStackedWidget

_IGNORED = QSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)


def size_to_current_page(stack: QStackedWidget) -> None:
    """Keep ``stack``'s minimum size that of its current page, now and whenever the page changes."""

    originals: dict[int, QSizePolicy] = {}  # by page identity; pages are added later, too

    def update(_index: int = -1) -> None:
        current = stack.currentWidget()
        for index in range(stack.count()):
            page = stack.widget(index)
            original = originals.setdefault(id(page), QSizePolicy(page.sizePolicy()))
            page.setSizePolicy(original if page is current else _IGNORED)
        stack.updateGeometry()

    stack.currentChanged.connect(update)
    update()
