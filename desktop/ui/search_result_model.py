"""Search hits (notes, agreements, tasks) as a table model; the snippet's match is shown in bold."""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from desktop.i18n import N_, _, format_date
from desktop.services.search import MARK_END, MARK_START, SearchHit
from desktop.ui.list_table_model import ListTableModel

CASE_ROLE = Qt.ItemDataRole.UserRole + 2
HTML_ROLE = Qt.ItemDataRole.UserRole + 4

COLUMNS = (N_("Date"), N_("Case"), N_("Where"), N_("Text"))
COL_DATE, COL_CASE, COL_KIND, COL_TEXT = range(len(COLUMNS))
KIND_LABELS = {"note": N_("Note"), "decision": N_("Agreed"), "task": N_("Task")}


def snippet_html(snippet: str) -> str:
    """The snippet as safe HTML with the matched words in bold."""
    return escape(snippet).replace(MARK_START, "<b>").replace(MARK_END, "</b>")


class SearchResultModel(ListTableModel):
    COLUMNS = COLUMNS

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[SearchHit] = []

    def set_hits(self, hits: list[SearchHit]) -> None:
        self.set_rows(hits)

    def hit_at(self, row: int) -> SearchHit:
        return self.row_at(row)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        hit = self._rows[index.row()]
        column = index.column()
        if role == CASE_ROLE:
            return hit.case_id
        if role == HTML_ROLE and column == COL_TEXT:
            return snippet_html(hit.snippet)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if column == COL_DATE:
                return format_date(hit.when.date()) if hit.when else ""
            if column == COL_CASE:
                return hit.case_reference
            if column == COL_KIND:
                return _(KIND_LABELS.get(hit.kind, hit.kind))
            if column == COL_TEXT:
                return hit.plain_snippet
        return None
