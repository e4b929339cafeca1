"""The audit log of one case (who opened, exported, signed … and when), with export for innsyn."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop import APP_NAME
from desktop.db import Database
from desktop.errors import UserError
from desktop.i18n import _, format_datetime
from desktop.services.audit import AuditEntry, case_audit, export_audit

SORT_ROLE = Qt.ItemDataRole.UserRole


class AuditTableModel(QAbstractTableModel):
    """When, what, OS user, facilitator profile, meeting id: one row per audit event."""

    WHEN, WHAT, OS_USER, ACTOR, MEETING = range(5)

    def __init__(self, entries: list[AuditEntry], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._entries = list(entries)

    def set_entries(self, entries: list[AuditEntry]) -> None:
        self.beginResetModel()
        self._entries = list(entries)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else 5

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        titles = (_("When"), _("What"), _("Computer user"), _("Profile"), _("Meeting"))
        return titles[section] if 0 <= section < len(titles) else None

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if not index.isValid() or not (0 <= index.row() < len(self._entries)):
            return None
        entry = self._entries[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                format_datetime(entry.at),
                entry.action_text,
                entry.os_user,
                entry.actor,
                str(entry.meeting_id) if entry.meeting_id is not None else "",
            )[column]
        if role == SORT_ROLE:
            return (entry.at.isoformat(), entry.action, entry.os_user, entry.actor, entry.meeting_id or 0)[
                column
            ]
        return None


class AuditLogDialog(QDialog):
    """Read-only view of a case's audit events; «Export…» writes JSON or CSV for the user."""

    def __init__(self, db: Database, case_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("auditLogDialog")
        self.setWindowTitle(_("Audit log of case {id}").format(id=case_id))
        self.resize(820, 480)
        self._db, self._case_id = db, case_id
        self.entries = case_audit(db, case_id)
        intro = QLabel(
            _(
                "Who has opened, exported, signed or printed this case, and when. The log holds no "
                "content from the case. The user may ask for a copy (innsyn)."
            )
        )
        intro.setWordWrap(True)
        self.model = AuditTableModel(self.entries, self)
        self.table = QTableView()
        self.table.setAccessibleName(_("Audit events"))
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move between cells
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.empty_label = QLabel(_("No audit events for this case."))
        self.empty_label.setVisible(not self.entries)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.export_button = QPushButton(_("&Export for the user…"))
        buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.export_button.clicked.connect(self.choose_export_file)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label)
        layout.addWidget(buttons)

    def export_to(self, path: Path) -> Path:
        """Write the log as CSV (``.csv``) or JSON (anything else)."""
        fmt = "csv" if path.suffix.lower() == ".csv" else "json"
        try:
            path.write_text(export_audit(self.entries, fmt) + "\n", encoding="utf-8")
        except OSError as exc:
            raise UserError(_("{path} could not be written.").format(path=path)) from exc
        return path

    def choose_export_file(self) -> None:
        selected, _filter = QFileDialog.getSaveFileName(
            self,
            _("Export the audit log"),
            f"audit-case-{self._case_id}.csv",
            _("CSV for a spreadsheet (*.csv);;JSON (*.json)"),
        )
        if not selected:
            return
        try:
            self.export_to(Path(selected))
        except UserError as exc:
            QMessageBox.critical(self, APP_NAME, str(exc))
