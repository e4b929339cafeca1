"""Help › Keyboard shortcuts: every shortcut of the window and of the meeting workspace."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _


def shortcut_lines(actions: Iterable[QAction]) -> list[tuple[str, str]]:
    """(what, keys) of every action that has a shortcut, the keys as the platform writes them."""
    return [
        (action.text().replace("&", ""), action.shortcut().toString(QKeySequence.SequenceFormat.NativeText))
        for action in actions
        if not action.shortcut().isEmpty()
    ]


class ShortcutsDialog(QDialog):
    """Help › Keyboard shortcuts: what it does | the keys, with the key names in the user's language."""

    def __init__(self, lines: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle(_("Keyboard shortcuts"))
        self.table = QTableWidget(len(lines), 2)
        self.table.setObjectName("shortcutsTable")
        self.table.setAccessibleName(_("Keyboard shortcuts"))
        self.table.setHorizontalHeaderLabels([_("What"), _("Keys")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(True)
        bold = self.font()
        bold.setBold(True)
        for row, (what, keys) in enumerate(lines):
            self.table.setItem(row, 0, QTableWidgetItem(what))
            keys_item = QTableWidgetItem(keys)
            keys_item.setFont(bold)
            self.table.setItem(row, 1, keys_item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.table.resizeRowsToContents()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(640, 600)

    def rows(self) -> list[tuple[str, str]]:
        return [(self._text(r, 0), self._text(r, 1)) for r in range(self.table.rowCount())]

    def _text(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text() if item is not None else ""
