"""The case timeline (meetings, phase changes, handover, signed minutes) and the open tasks."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import N_, _, format_date
from desktop.models.enums import label
from desktop.services.case.detail import CaseDetail
from desktop.ui.case.panel_base import CasePanel
from desktop.ui.palette import TEXT_ACCENT, TEXT_ERROR, muted_style

MEETING_ROLE = Qt.ItemDataRole.UserRole
KIND_LABELS = {
    "meeting": N_("Meeting"),
    "phase": N_("Phase"),
    "handover": N_("Coordination"),
    "minutes": N_("Minutes"),
}


class CaseTimeline(CasePanel):
    """Double-click (or Enter on) a meeting to open it."""

    meeting_activated = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tree = QTreeWidget()
        self.tree.setObjectName("caseTimeline")
        self.tree.setAccessibleName(_("Timeline"))
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setHeaderLabels([_("Date"), _("What"), _("Event")])
        self.tree.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setStretchLastSection(True)
        self.tree.itemActivated.connect(self._activated)
        self.tasks = QTreeWidget()
        self.tasks.setObjectName("caseOpenTasks")
        self.tasks.setAccessibleName(_("Open tasks"))
        self.tasks.setRootIsDecorated(False)
        self.tasks.setAlternatingRowColors(True)
        self.tasks.setWordWrap(True)
        self.tasks.setHeaderLabels([_("Due"), _("Task"), _("Responsible")])
        self.tasks.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.tasks.header().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.tasks.header().setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.tasks.header().setStretchLastSection(False)
        timeline_box = QGroupBox(_("Timeline"))
        timeline_layout = QVBoxLayout(timeline_box)
        hint = QLabel(_("Double-click a meeting, or press Enter, to open it."))
        hint.setStyleSheet(muted_style())
        hint.setWordWrap(True)
        timeline_layout.addWidget(self.tree)
        timeline_layout.addWidget(hint)
        tasks_box = QGroupBox(_("Open tasks — who does what by when"))
        tasks_layout = QVBoxLayout(tasks_box)
        tasks_layout.addWidget(self.tasks)
        layout = QHBoxLayout(self)
        layout.addWidget(timeline_box, 1)
        layout.addWidget(tasks_box, 1)

    def set_detail(self, detail: CaseDetail) -> None:
        super().set_detail(detail)
        keep = self.selected_meeting_id()
        self.tree.clear()
        future = QBrush(QColor(TEXT_ACCENT))
        current: QTreeWidgetItem | None = None
        for entry in detail.timeline():
            item = QTreeWidgetItem([format_date(entry.when), entry.text, _(KIND_LABELS[entry.kind])])
            if entry.kind == "meeting" and entry.meeting_id is not None:
                item.setData(0, MEETING_ROLE, entry.meeting_id)
            if entry.is_future:
                for column in range(3):
                    item.setForeground(column, future)
            self.tree.addTopLevelItem(item)
            if keep is not None and entry.kind == "meeting" and entry.meeting_id == keep:
                current = item  # the meeting chosen before the reload stays chosen
            elif keep is None and current is None and entry.is_future:
                current = item  # else the next thing ahead
        if current is not None:
            self.tree.setCurrentItem(current)
        self.tasks.clear()
        overdue = QBrush(QColor(TEXT_ERROR))
        for task in detail.open_tasks:
            due = format_date(task.due) if task.due else _("No due date")
            if task.is_overdue:
                due = _("{date} (overdue)").format(date=due)
            item = QTreeWidgetItem([due, task.text, task.responsible or label(task.party)])
            item.setToolTip(1, task.text[:500])
            if task.is_overdue:
                item.setForeground(0, overdue)
            self.tasks.addTopLevelItem(item)
        if not detail.open_tasks:
            self.tasks.addTopLevelItem(QTreeWidgetItem(["", _("No open tasks"), ""]))

    def selected_meeting_id(self) -> int | None:
        item = self.tree.currentItem()
        value = item.data(0, MEETING_ROLE) if item is not None else None
        return int(value) if value is not None else None

    def _activated(self, item: QTreeWidgetItem, _column: int) -> None:
        meeting_id = item.data(0, MEETING_ROLE)
        if meeting_id is not None:
            self.meeting_activated.emit(int(meeting_id))
