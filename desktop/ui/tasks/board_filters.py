"""The task board's two choosers: the party groups with their counts, and the responsible person.

:class:`PartyGroupList` is the board's left column: «All parties» and each party group, with its
open and overdue tasks. :class:`ResponsibleCombo` holds the names of everyone responsible for an
open task; on a large database there are hundreds, so part of a name can be typed to find one.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QCompleter, QListWidget, QListWidgetItem, QWidget

from desktop.i18n import _, ngettext
from desktop.models.enums import PartyGroup, label
from desktop.services.tasks.board import GroupCount
from desktop.ui.tasks.attention_box import number

GROUP_ROLE = Qt.ItemDataRole.UserRole


class PartyGroupList(QListWidget):
    """«All parties» first, then each party group; choosing one filters the board."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(_("Party"))
        self.setFixedWidth(205)
        self.setSpacing(2)
        self.setStyleSheet("QListWidget::item { padding: 6px 8px; }")
        for group in (None, *PartyGroup):
            item = QListWidgetItem()
            # "" rather than None: PySide6 6.12 loses a reference to None stored in Qt containers
            item.setData(GROUP_ROLE, group.value if group is not None else "")
            self.addItem(item)
        self.setCurrentRow(0)

    def chosen_group(self) -> str | None:
        """The chosen party group's value; None for «All parties»."""
        item = self.currentItem()
        return (item.data(GROUP_ROLE) or None) if item is not None else None

    def show_counts(self, counts: list[GroupCount], all_parties: GroupCount) -> None:
        """Each group's name with its open and overdue tasks; ``all_parties`` holds the totals."""
        by_group = {c.group: c for c in counts}
        for row in range(self.count()):
            item = self.item(row)
            group = item.data(GROUP_ROLE)
            name = label(PartyGroup(group)) if group else _("All parties")
            count = by_group.get(group) if group else all_parties
            open_count = count.open if count else 0
            overdue_count = count.overdue if count else 0
            line = ngettext("{count} open", "{count} open", open_count).format(count=number(open_count))
            if overdue_count:
                line = _("{open} · {overdue} overdue").format(open=line, overdue=number(overdue_count))
            item.setText(f"{name}\n{line}")
            item.setToolTip(f"{name}: {line}")


class ResponsibleCombo(QComboBox):
    """«Everyone responsible», then each name (the item's data is the name; "" for everyone).

    Typing part of a name offers the matching names; a typed name that matches one chooses that
    person, anything else goes back to the current choice.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(_("Responsible person"))
        self.setMinimumWidth(220)
        self.addItem(_("Everyone responsible"), "")
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        completer = self.completer()
        if completer is not None:  # an editable combo box has one; the stubs allow None
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        line = self.lineEdit()
        if line is not None:
            line.editingFinished.connect(self._typed)

    def fill_names(self, names: list[str]) -> None:
        """Replace the names, keeping the chosen person (without a change signal)."""
        current = self.currentData() or ""
        self.blockSignals(True)
        self.clear()
        self.addItem(_("Everyone responsible"), "")
        for name in names:
            self.addItem(name, name)
        index = self.findData(current) if current else 0
        self.setCurrentIndex(max(0, index))
        self.blockSignals(False)

    def _typed(self) -> None:
        """A typed name selects that person; anything else goes back to the current choice."""
        text = self.currentText().strip()
        index = self.findText(text, Qt.MatchFlag.MatchFixedString) if text else 0
        if index < 0:
            index = self.currentIndex()
        if index != self.currentIndex():
            self.setCurrentIndex(index)
        else:
            self.setEditText(self.itemText(index))
