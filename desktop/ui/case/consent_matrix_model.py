"""The consent matrix: active members (rows) × ConsentScope (columns), one cell per decision.

A real table model fed by :class:`CaseDetail`; editing happens in the consent editor beside the
view, which calls the group service and then :meth:`set_detail` again. The user's own row shows
"always": the user needs no consent to take part in their own group.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from desktop.i18n import N_, _, format_date
from desktop.models.enums import ConsentScope, ConsentStatus, label
from desktop.services.case.detail import CaseDetail
from desktop.services.case.views import ConsentView, MemberView
from desktop.ui.palette import (
    BG_CONSENT_GIVEN,
    BG_CONSENT_LIMITED,
    BG_CONSENT_REFUSED,
    BG_CONSENT_WITHDRAWN,
    TEXT_DIMMED,
    TEXT_MUTED,
)

SORT_ROLE = Qt.ItemDataRole.UserRole
MEMBER_ID_ROLE = Qt.ItemDataRole.UserRole + 1
SCOPE_ROLE = Qt.ItemDataRole.UserRole + 2

SCOPES: tuple[ConsentScope, ...] = tuple(ConsentScope)

#: Short column headers; the full scope label is the tooltip.
SHORT_HEADERS: dict[ConsentScope, str] = {
    ConsentScope.PARTICIPATE: N_("Take part"),
    ConsentScope.RECEIVE_NOTICE: N_("Notice"),
    ConsentScope.RECEIVE_FULL_MINUTES: N_("Full minutes"),
    ConsentScope.RECEIVE_OWN_TASKS: N_("Own tasks"),
    ConsentScope.SHARE_BETWEEN_SERVICES: N_("Share between services"),
    ConsentScope.INVOLVE_NEXT_OF_KIN: N_("Involve next of kin"),
    ConsentScope.INFORM_GP: N_("Inform GP"),
    ConsentScope.NOTIFY_MUNICIPALITY_DISCHARGE: N_("Notify at discharge"),
    ConsentScope.TRANSFER_TO_NEW_COORDINATOR: N_("To new coordinator"),
}

STATUS_COLOURS: dict[ConsentStatus, str] = {
    ConsentStatus.GIVEN: BG_CONSENT_GIVEN,
    ConsentStatus.LIMITED: BG_CONSENT_LIMITED,
    ConsentStatus.REFUSED: BG_CONSENT_REFUSED,
    ConsentStatus.WITHDRAWN: BG_CONSENT_WITHDRAWN,
}


class ConsentMatrixModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._detail: CaseDetail | None = None
        self._members: list[MemberView] = []

    def set_detail(self, detail: CaseDetail | None) -> None:
        self.beginResetModel()
        self._detail = detail
        self._members = [m for m in detail.members if m.is_active] if detail else []
        self.endResetModel()

    def member_at(self, row: int) -> MemberView:
        return self._members[row]

    def row_of(self, member_id: int) -> int:
        return next((i for i, m in enumerate(self._members) if m.id == member_id), -1)

    def cell(self, row: int, column: int) -> ConsentView | None:
        if self._detail is None or not (0 <= row < len(self._members)) or not (0 <= column < len(SCOPES)):
            return None
        return self._detail.consent(self._members[row].id, SCOPES[column])

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._members)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(SCOPES)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(SCOPES):
            if role == Qt.ItemDataRole.DisplayRole:
                return _(SHORT_HEADERS[SCOPES[section]])
            if role == Qt.ItemDataRole.ToolTipRole:
                return label(SCOPES[section])
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self._members):
            member = self._members[section]
            if role == Qt.ItemDataRole.DisplayRole:
                return member.name
            if role == Qt.ItemDataRole.ToolTipRole:
                return label(member.party)
        return None

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid():
            return None
        consent = self.cell(index.row(), index.column())
        if consent is None:
            return None
        member = self._members[index.row()]
        if role == MEMBER_ID_ROLE:
            return member.id
        if role == SCOPE_ROLE:
            return consent.scope.value
        if role == SORT_ROLE:
            return consent.status.value
        if member.is_user:
            if role == Qt.ItemDataRole.DisplayRole:
                return _("Always")
            if role == Qt.ItemDataRole.ForegroundRole:
                return QColor(TEXT_MUTED)
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(consent)
        if role == Qt.ItemDataRole.BackgroundRole and consent.status in STATUS_COLOURS:
            return QColor(STATUS_COLOURS[consent.status])
        if role == Qt.ItemDataRole.ForegroundRole and consent.status == ConsentStatus.NOT_ASKED:
            return QColor(TEXT_DIMMED)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(member, consent)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{member.name}, {label(consent.scope)}: {self._display(consent)}"
        return None

    @staticmethod
    def _display(consent: ConsentView) -> str:
        if consent.status == ConsentStatus.NOT_ASKED:
            return "–"
        if consent.status == ConsentStatus.LIMITED:
            return _("Limited")
        return label(consent.status)

    @staticmethod
    def _tooltip(member: MemberView, consent: ConsentView) -> str:
        lines = [f"{member.name} — {label(consent.scope)}", label(consent.status)]
        if consent.given_on:
            lines.append(_("Given {date}").format(date=format_date(consent.given_on)))
        if consent.withdrawn_on:
            lines.append(_("Withdrawn {date}").format(date=format_date(consent.withdrawn_on)))
        if consent.form:
            lines.append(label(consent.form))
        if consent.limitation:
            lines.append(_("Limitation: {text}").format(text=consent.limitation[:200]))
        return "\n".join(lines)
