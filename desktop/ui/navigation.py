"""The main window's left navigation: Cases, Tasks, Meeting."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from desktop.i18n import _
from desktop.ui.palette import BG_PANEL, BG_PANEL_SELECTED, TEXT_ACCENT


class NavigationList(QListWidget):
    """One entry per page; the window follows ``currentRowChanged`` and marks the page it shows
    with :meth:`show_row` (which does not signal)."""

    CASES, TASKS, MEETING = range(3)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("navigation")
        self.setAccessibleName(_("Navigation"))
        for text in (_("Cases"), _("Tasks"), _("Meeting")):
            self.addItem(QListWidgetItem(text))
        # One point larger than the system font (not a fixed size: a large system font must follow),
        # and as wide as the longest entry in this language needs.
        nav_font = QFont(self.font())
        nav_font.setPointSizeF(max(nav_font.pointSizeF(), 9.0) + 1)
        self.setFont(nav_font)
        widest = max(
            QFontMetrics(nav_font).horizontalAdvance(self.item(i).text()) for i in range(self.count())
        )
        self.setFixedWidth(max(150, widest + 48))
        self.setStyleSheet(
            f"QListWidget {{ border: none; background: {BG_PANEL}; padding-top: 8px; outline: 0; }}"
            "QListWidget::item { padding: 10px 14px; }"
            f"QListWidget::item:selected {{ background: {BG_PANEL_SELECTED}; color: {TEXT_ACCENT}; font-weight: 600; }}"
        )

    def show_row(self, row: int) -> None:
        """Mark the page shown, without asking the window to show it again."""
        self.blockSignals(True)
        self.setCurrentRow(row)
        self.blockSignals(False)
