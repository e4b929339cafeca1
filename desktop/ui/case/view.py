"""The case view: a header with the essentials and tabs for plan, group, consent, facts and timeline.

Every panel edits in place through a service and then asks the view to reload the case, so all
tabs always show what is stored. Messages (saved / refused) appear in one bar under the header.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.db import Database
from desktop.errors import UserError
from desktop.i18n import _, format_datetime
from desktop.models.enums import MeetingStatus, label
from desktop.services.case.detail import CaseDetail, CaseDetailService
from desktop.services.case.views import MeetingSummary
from desktop.ui.case.consent_panel import ConsentPanel
from desktop.ui.case.facts_panel import CoordinationPanel, CrisisAndBedPanel
from desktop.ui.case.group_panel import GroupPanel
from desktop.ui.case.panel_base import CasePanel
from desktop.ui.case.plan_editor import PlanEditor
from desktop.ui.case.ratings_chart import RATINGS_TAB_TITLE, RatingsChart
from desktop.ui.case.timeline import CaseTimeline
from desktop.ui.font_size import pt
from desktop.ui.palette import error_style, muted_style, success_style

OPEN_STATUSES = (MeetingStatus.PLANNED, MeetingStatus.NOTICE_SENT, MeetingStatus.IN_PROGRESS)


class CaseView(QWidget):
    plan_meeting_requested = Signal(int)
    open_meeting_requested = Signal(int)
    back_requested = Signal()
    case_changed = Signal(int)

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service = CaseDetailService(db)
        self.detail: CaseDetail | None = None
        header = self._build_header()
        self.message_label = QLabel()
        self.message_label.setObjectName("caseMessage")
        self.message_label.setWordWrap(True)
        self.message_label.setMinimumHeight(22)
        self._build_tabs(db)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 8)
        layout.addLayout(header)
        layout.addWidget(self.message_label)
        layout.addWidget(self.tabs, 1)

    def _build_header(self) -> QHBoxLayout:
        """Back to the list, the case's title and essentials, and the two meeting buttons."""
        self.back_button = QPushButton(_("← All cases"))
        self.back_button.setObjectName("backToCases")
        self.back_button.setFlat(True)
        self.back_button.setToolTip(_("Back to the case list (Alt+Left)"))
        self.back_button.clicked.connect(self.back_requested.emit)
        self.title_label = QLabel()
        self.title_label.setObjectName("caseTitle")
        self.title_label.setStyleSheet(f"font-size: {pt(16)}; font-weight: 600;")
        self.facts_label = QLabel()
        self.facts_label.setStyleSheet(muted_style())
        self.facts_label.setWordWrap(True)
        self.plan_meeting_button = QPushButton(_("Plan &new meeting"))
        self.plan_meeting_button.setObjectName("planMeeting")
        self.open_meeting_button = QPushButton(_("&Open meeting"))
        self.open_meeting_button.setObjectName("openMeeting")
        for button in (self.plan_meeting_button, self.open_meeting_button):
            button.setMinimumHeight(34)
        self.plan_meeting_button.clicked.connect(self._plan_meeting)
        self.open_meeting_button.clicked.connect(self._open_meeting)
        heading = QVBoxLayout()
        heading.setSpacing(2)
        heading.addWidget(self.back_button, alignment=Qt.AlignmentFlag.AlignLeft)
        heading.addWidget(self.title_label)
        heading.addWidget(self.facts_label)
        header = QHBoxLayout()
        header.addLayout(heading, 1)
        header.addWidget(self.open_meeting_button, alignment=Qt.AlignmentFlag.AlignBottom)
        header.addWidget(self.plan_meeting_button, alignment=Qt.AlignmentFlag.AlignBottom)
        return header

    def _build_tabs(self, db: Database) -> None:
        """One tab per panel; each reloads the case after a save and reports in the message bar."""
        self.plan_editor = PlanEditor(db)
        self.group_panel = GroupPanel(db)
        self.consent_panel = ConsentPanel(db)
        self.coordination_panel = CoordinationPanel(db)
        self.crisis_panel = CrisisAndBedPanel(db)
        self.timeline = CaseTimeline()
        self.ratings_chart = RatingsChart(db)
        self.timeline.meeting_activated.connect(self.open_meeting_requested.emit)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("caseTabs")
        self.tabs.addTab(self.plan_editor, _("&Plan"))
        self.tabs.addTab(self.group_panel, _("&Group"))
        self.tabs.addTab(self.consent_panel, _("&Consent"))
        self.tabs.addTab(self.coordination_panel, _("Coo&rdination and phase"))
        self.tabs.addTab(self.crisis_panel, _("Crisis plan &and bed"))
        self.tabs.addTab(self.timeline, _("&Timeline and tasks"))
        self.tabs.addTab(self.ratings_chart, _(RATINGS_TAB_TITLE))
        self.panels: list[CasePanel] = [
            self.plan_editor,
            self.group_panel,
            self.consent_panel,
            self.coordination_panel,
            self.crisis_panel,
            self.timeline,
            self.ratings_chart,
        ]
        for panel in self.panels:
            panel.changed.connect(self.reload)
            panel.message.connect(self.show_message)

    @property
    def case_id(self) -> int | None:
        return self.detail.id if self.detail else None

    def load(self, case_id: int) -> None:
        """Show ``case_id`` (raises NotFoundError for an unknown id)."""
        self.flush_pending()
        if self.detail is None or self.detail.id != case_id:
            self.plan_editor._editing = ("none", None, None)
            self.group_panel._member_id = None
            self.group_panel.name_edit.clear()  # an empty form is not a new member being written
            self.timeline.tree.clear()  # another case: start at its next meeting
            for tracker in (
                self.coordination_panel.coordination_tracker,
                self.coordination_panel.dates_tracker,
                self.crisis_panel.crisis_tracker,
                self.crisis_panel.bed_tracker,
            ):
                tracker.dirty = False  # saved above, or refused with a message: show the new case
        self.detail = self._service.load(case_id)
        self.message_label.clear()
        self._show()

    def flush_pending(self) -> None:
        """Save what is typed but not yet stored, for the case shown now."""
        self.plan_editor.flush_pending()
        self.group_panel.flush_pending()
        self.coordination_panel.flush_pending()
        self.crisis_panel.flush_pending()

    def reload(self) -> None:
        if self.detail is None:
            return
        try:
            self.detail = self._service.load(self.detail.id)
        except UserError as exc:
            self.show_message(str(exc), True)
            return
        self._show()
        self.case_changed.emit(self.detail.id)

    def _show(self) -> None:
        detail = self.detail
        assert detail is not None
        self.title_label.setText(f"{detail.display_name}  ·  {detail.reference}")
        parts = [_("Phase: {phase}").format(phase=label(detail.phase))]
        coordinator_id = (
            detail.coordination.municipal_coordinator_id
            if detail.coordination.holder.value == "municipality"
            else detail.coordination.specialist_coordinator_id
        )
        if name := detail.member_name(coordinator_id):
            parts.append(_("Coordinator: {name}").format(name=name))
        upcoming = self.next_meeting()
        if upcoming is not None:
            parts.append(_("Next meeting: {when}").format(when=format_datetime(upcoming.start)))
        overdue = sum(1 for t in detail.open_tasks if t.is_overdue)
        parts.append(
            _("{open} open tasks, {overdue} overdue").format(open=len(detail.open_tasks), overdue=overdue)
        )
        self.facts_label.setText("   ·   ".join(parts))
        self.open_meeting_button.setEnabled(bool(detail.meetings))
        for panel in self.panels:
            panel.set_detail(detail)

    def next_meeting(self) -> MeetingSummary | None:
        """The first meeting not yet held (planned, notice sent or in progress)."""
        if self.detail is None:
            return None
        return next((m for m in self.detail.meetings if m.status in OPEN_STATUSES), None)

    def show_message(self, text: str, is_error: bool) -> None:
        self.message_label.setStyleSheet(error_style() if is_error else success_style())
        self.message_label.setText(text)

    def _plan_meeting(self) -> None:
        if self.detail is not None:
            self.plan_meeting_requested.emit(self.detail.id)

    def _open_meeting(self) -> None:
        """Open the meeting chosen in the timeline, else the next planned one, else the latest."""
        if self.detail is None or not self.detail.meetings:
            return
        meeting_id = (
            self.timeline.selected_meeting_id() if self.tabs.currentWidget() is self.timeline else None
        )
        if meeting_id is None:
            upcoming = self.next_meeting()
            meeting_id = upcoming.id if upcoming else self.detail.meetings[-1].id
        self.open_meeting_requested.emit(meeting_id)
