"""The plan tree: goals (bold, by life domain) with their measures, as tall as their wrapped text.

Each row knows its kind («goal» or «measure», ``KIND_ROLE``) and its id (``ID_ROLE``).
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from desktop.i18n import _, format_date
from desktop.models.enums import label
from desktop.services.case.detail import CaseDetail
from desktop.services.case.views import GoalView, MeasureView

KIND_ROLE = Qt.ItemDataRole.UserRole
ID_ROLE = Qt.ItemDataRole.UserRole + 1


class _WrappingDelegate(QStyledItemDelegate):
    """Rows of the plan tree as tall as their wrapped title at the column's current width."""

    def __init__(self, tree: QTreeWidget) -> None:
        super().__init__(tree)
        self._tree = tree

    def sizeHint(  # noqa: N802 (Qt API)
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        size = super().sizeHint(option, index)
        depth, parent = 0, index.parent()
        while parent.isValid():
            depth, parent = depth + 1, parent.parent()
        width = self._tree.header().sectionSize(0) - self._tree.indentation() * (depth + 1) - 8
        font = index.data(Qt.ItemDataRole.FontRole) or option.font
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        if width <= 40 or not text:
            return size
        bounds = QFontMetrics(font).boundingRect(QRect(0, 0, width, 100_000), Qt.TextFlag.TextWordWrap, text)
        return QSize(size.width(), max(size.height(), bounds.height() + 6))


class PlanTree(QTreeWidget):
    """Goal / measure, responsible, status; long goals wrap onto more lines instead of ending in «…»."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("planTree")
        self.setAccessibleName(_("Goals and measures"))
        self.setHeaderLabels([_("Goal / measure"), _("Responsible"), _("Status")])
        self.setAlternatingRowColors(True)
        self.setWordWrap(True)
        self.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.header().setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.setUniformRowHeights(False)
        self.setItemDelegateForColumn(0, _WrappingDelegate(self))
        self.header().sectionResized.connect(lambda *_args: self.doItemsLayout())
        self.header().setStretchLastSection(False)

    def fill(self, detail: CaseDetail, kind: str, item_id: int | None) -> QTreeWidgetItem | None:
        """Show the plan of ``detail`` (without signals); return the row of (``kind``, ``item_id``)."""
        self.blockSignals(True)
        self.clear()
        selected: QTreeWidgetItem | None = None
        for goal in detail.plan.goals:
            goal_item = _goal_row(goal)
            self.addTopLevelItem(goal_item)
            if kind == "goal" and item_id == goal.id:
                selected = goal_item
            for measure in goal.measures:
                measure_item = _measure_row(detail, measure)
                goal_item.addChild(measure_item)
                if kind == "measure" and item_id == measure.id:
                    selected = measure_item
        self.expandAll()
        self.blockSignals(False)
        return selected

    def current_goal_id(self) -> int | None:
        """The goal of the current row (a measure's own goal)."""
        current = self.currentItem()
        if current is None:
            return None
        if current.data(0, KIND_ROLE) == "measure":
            current = current.parent()
        return int(current.data(0, ID_ROLE)) if current is not None else None


def _goal_row(goal: GoalView) -> QTreeWidgetItem:
    item = QTreeWidgetItem([f"{label(goal.domain)}: {_first_line(goal.text)}", "", label(goal.status)])
    item.setData(0, KIND_ROLE, "goal")
    item.setData(0, ID_ROLE, goal.id)
    item.setToolTip(0, goal.text[:500])
    font = item.font(0)
    font.setBold(True)
    item.setFont(0, font)
    return item


def _measure_row(detail: CaseDetail, measure: MeasureView) -> QTreeWidgetItem:
    responsible = detail.member_name(measure.responsible_member_id) or measure.responsible_person
    when = ""
    if measure.evaluation_date:
        when = _("evaluate {date}").format(date=format_date(measure.evaluation_date))
    item = QTreeWidgetItem(
        [
            _first_line(measure.text),
            responsible or label(measure.party),
            ", ".join(p for p in (label(measure.status), when) if p),
        ]
    )
    item.setData(0, KIND_ROLE, "measure")
    item.setData(0, ID_ROLE, measure.id)
    item.setToolTip(0, measure.text[:500])
    item.setToolTip(1, label(measure.party))
    return item


def _first_line(text: str, limit: int = 140) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= limit else line[: limit - 1] + "…"
