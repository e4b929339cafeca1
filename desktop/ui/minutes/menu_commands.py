"""What the main window's Minutes menu acts on: the meeting chosen, and the export of its minutes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.db import Database
from desktop.i18n import _

if TYPE_CHECKING:
    from desktop.ui.case.view import CaseView


def meeting_for_minutes(case_view: CaseView | None) -> int | None:
    """In the open case (``case_view``, None if no case is shown): the meeting chosen in its
    timeline, else the case's latest held meeting."""
    if case_view is None or case_view.detail is None:
        return None
    on_timeline = case_view.tabs.currentWidget() is case_view.timeline
    chosen = case_view.timeline.selected_meeting_id() if on_timeline else None
    if chosen is not None:
        return chosen
    held = [m for m in case_view.detail.meetings if m.status.value in ("held", "signed")]
    return held[-1].id if held else None


def export_chosen_minutes(parent: QWidget, db: Database, meeting_id: int | None) -> bool:
    """Minutes › Export for ``meeting_id``; without one, say how to choose it. True if it was opened."""
    if meeting_id is None:
        QMessageBox.information(
            parent,
            _("Export minutes"),
            _("Open a case and choose a held meeting in its timeline first."),
        )
        return False
    from desktop.ui.minutes.export_dialog import export_minutes

    export_minutes(parent, db, meeting_id)
    return True
