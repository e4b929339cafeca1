"""The group's members as a table: name, party, role, organisation, phone, e-mail, active."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from desktop.i18n import N_, _
from desktop.models.enums import PARTY_GROUP, label
from desktop.services.case.views import MemberView
from desktop.ui.list_table_model import ListTableModel
from desktop.ui.palette import TEXT_DIMMED

SORT_ROLE = Qt.ItemDataRole.UserRole
ID_ROLE = Qt.ItemDataRole.UserRole + 1

COLUMNS = (N_("Name"), N_("Party"), N_("Role"), N_("Organisation / relation"), N_("Phone"), N_("E-mail"))
COL_NAME, COL_PARTY, COL_ROLE, COL_ORGANISATION, COL_PHONE, COL_EMAIL = range(len(COLUMNS))

#: Members are listed by party: the user first, then the services, next of kin last.
PARTY_ORDER = ("user", "specialist", "municipality", "nav", "other", "next_of_kin")


class MemberTableModel(ListTableModel):
    COLUMNS = COLUMNS

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[MemberView] = []

    def set_members(self, members: tuple[MemberView, ...] | list[MemberView]) -> None:
        self.beginResetModel()
        self._rows = sorted(
            members,
            key=lambda m: (not m.is_active, PARTY_ORDER.index(PARTY_GROUP[m.party].value), m.id),
        )
        self.endResetModel()

    def member_at(self, row: int) -> MemberView:
        return self.row_at(row)

    def row_of(self, member_id: int) -> int:
        return self.row_of_id(member_id)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        member = self._rows[index.row()]
        if role == ID_ROLE:
            return member.id
        if role in (Qt.ItemDataRole.DisplayRole, SORT_ROLE):
            text = self._display(member, index.column())
            return text.lower() if role == SORT_ROLE else text
        if role == Qt.ItemDataRole.ForegroundRole and not member.is_active:
            return QColor(TEXT_DIMMED)  # still readable (WCAG AA), only greyed
        if role == Qt.ItemDataRole.ToolTipRole and not member.is_active:
            return _("No longer in the group")
        return None

    @staticmethod
    def _display(member: MemberView, column: int) -> str:
        if column == COL_NAME:
            return member.name if member.is_active else _("{name} (inactive)").format(name=member.name)
        if column == COL_PARTY:
            return label(member.party)
        if column == COL_ROLE:
            return label(member.role)
        if column == COL_ORGANISATION:
            if member.relation is not None:
                return label(member.relation)
            return ", ".join(part for part in (member.title, member.organisation) if part)
        if column == COL_PHONE:
            return member.phone
        if column == COL_EMAIL:
            return member.email
        return ""
