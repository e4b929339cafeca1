"""The group: members by party (add, edit, deactivate) with their details."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.db import Database
from desktop.errors import UserError
from desktop.i18n import _
from desktop.models.enums import GroupRole, NextOfKinRelation, PartyType, label
from desktop.services.case.detail import CaseDetail
from desktop.services.case.group import GroupService, MemberInput
from desktop.services.case.views import MemberView
from desktop.ui.case.member_table_model import COL_EMAIL, COL_ORGANISATION, COL_PHONE, MemberTableModel
from desktop.ui.case.panel_base import CasePanel, select_data


class GroupPanel(CasePanel):
    name_edit: QLineEdit  # made below the table, whose activation focuses it

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._group = GroupService(db)
        self._member_id: int | None = None
        self._build_table()
        self._build_fields()
        self._build_form_box()
        layout = QHBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.form_box)
        self._party_changed()

    def _build_table(self) -> None:
        """The members; phone and e-mail are hidden here, they are in the form beside the table."""
        self.model = MemberTableModel(self)
        self.table = QTableView()
        self.table.setObjectName("memberTable")
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move between cells
        self.table.setAccessibleName(_("Group members"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.setColumnHidden(COL_PHONE, True)  # shown in the form beside the table
        self.table.setColumnHidden(COL_EMAIL, True)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.table.activated.connect(lambda _i: self.name_edit.setFocus())

    def _build_fields(self) -> None:
        self.name_edit = QLineEdit()
        self.name_edit.setMaxLength(200)
        self.name_edit.setAccessibleName(_("Name"))
        self.party_combo = QComboBox()
        self.party_combo.setAccessibleName(_("Party"))
        for party in PartyType:
            self.party_combo.addItem(label(party), party.value)
        self.role_combo = QComboBox()
        self.role_combo.setAccessibleName(_("Role"))
        for role in GroupRole:
            self.role_combo.addItem(label(role), role.value)
        self.organisation_edit = QLineEdit()
        self.organisation_edit.setAccessibleName(_("Organisation"))
        self.title_edit = QLineEdit()
        self.title_edit.setAccessibleName(_("Title"))
        self.phone_edit = QLineEdit()
        self.phone_edit.setMaxLength(40)
        self.phone_edit.setAccessibleName(_("Phone"))
        self.email_edit = QLineEdit()
        self.email_edit.setAccessibleName(_("E-mail"))
        self.relation_combo = QComboBox()
        self.relation_combo.setAccessibleName(_("Relation to the user"))
        self.relation_combo.addItem(_("(not next of kin)"), None)
        for relation in NextOfKinRelation:
            self.relation_combo.addItem(label(relation), relation.value)
        self.closest_check = QCheckBox(_("Closest next of kin"))
        self.party_combo.currentIndexChanged.connect(self._party_changed)

    def _build_form_box(self) -> None:
        """The member's details with the new, deactivate and save buttons below them."""
        form = QFormLayout()
        form.addRow(_("Name:"), self.name_edit)
        form.addRow(_("Part&y:"), self.party_combo)
        form.addRow(_("Role:"), self.role_combo)
        form.addRow(_("Organisation:"), self.organisation_edit)
        form.addRow(_("Title:"), self.title_edit)
        form.addRow(_("Phone:"), self.phone_edit)
        form.addRow(_("E-mail:"), self.email_edit)
        form.addRow(_("Relation:"), self.relation_combo)
        form.addRow("", self.closest_check)
        self.new_button = QPushButton(_("New member"))
        self.save_button = QPushButton(_("Save member"))
        self.save_button.setDefault(True)
        self.active_button = QPushButton(_("Deactivate"))
        self.new_button.clicked.connect(self.start_new_member)
        self.save_button.clicked.connect(self.save_member)
        self.active_button.clicked.connect(self.toggle_active)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addStretch()
        buttons.addWidget(self.active_button)
        buttons.addWidget(self.save_button)
        self.form_box = QGroupBox(_("Member"))
        box_layout = QVBoxLayout(self.form_box)
        box_layout.addLayout(form)
        box_layout.addStretch()
        box_layout.addLayout(buttons)
        self.form_box.setMinimumWidth(380)
        self.form_box.setMaximumWidth(460)

    def set_detail(self, detail: CaseDetail) -> None:
        super().set_detail(detail)
        keep = self._member_id
        self.model.set_members(detail.members)
        self.table.resizeColumnsToContents()
        self.table.setColumnWidth(0, max(self.table.columnWidth(0), 180))
        self.table.setColumnWidth(COL_ORGANISATION, min(self.table.columnWidth(COL_ORGANISATION), 260))
        row = self.model.row_of(keep) if keep is not None else -1
        if row >= 0:
            self.table.selectRow(row)
            if not self.is_form_dirty():
                self._show_member(self.model.member_at(row))
        elif keep is None and self.is_form_dirty():
            pass  # a new member is being written: keep the form
        elif self.model.rowCount():
            self.table.selectRow(0)
        else:
            self.start_new_member()

    def _row_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        """Show the chosen member; unsaved edits of the previous one are saved first."""
        if not current.isValid():
            return
        member = self.model.member_at(current.row())
        if self.is_form_dirty() and member.id != self._member_id:
            if not self._commit_form():
                selection = self.table.selectionModel()
                selection.blockSignals(True)
                if previous.isValid():
                    self.table.setCurrentIndex(previous)
                else:
                    self.table.clearSelection()
                selection.blockSignals(False)
                return
            QTimer.singleShot(0, self.changed.emit)
        elif self.is_form_dirty():
            return  # the same member after a reload: keep what is being written
        self._show_member(member)

    def flush_pending(self) -> None:
        """Save the member form if it holds unsaved edits (before another case is shown)."""
        if self.is_form_dirty():
            self._commit_form()

    def is_form_dirty(self) -> bool:
        if self.detail is None:
            return False
        if self._member_id is None:
            return bool(self.name_edit.text().strip())
        member = self.detail.member(self._member_id)
        if member is None:
            return False
        stored = MemberInput(
            name=member.name,
            party=member.party,
            role=member.role,
            organisation=member.organisation,
            title=member.title,
            phone=member.phone,
            email=member.email,
            relation=member.relation,
            is_closest_next_of_kin=member.is_closest_next_of_kin,
        )
        return self.member_input() != stored

    def _commit_form(self) -> bool:
        assert self.detail is not None
        try:
            if self._member_id is None:
                self._group.add_member(self.detail.id, self.member_input())
            else:
                self._group.update_member(self._member_id, self.member_input())
        except UserError as exc:
            self.message.emit(str(exc), True)
            return False
        self.message.emit(_("Member saved."), False)
        return True

    def _show_member(self, member: MemberView) -> None:
        self._member_id = member.id
        self.form_box.setTitle(_("Member: {name}").format(name=member.name))
        self.name_edit.setText(member.name)
        select_data(self.party_combo, member.party.value)
        select_data(self.role_combo, member.role.value)
        self.organisation_edit.setText(member.organisation)
        self.title_edit.setText(member.title)
        self.phone_edit.setText(member.phone)
        self.email_edit.setText(member.email)
        select_data(self.relation_combo, member.relation.value if member.relation else None)
        self.closest_check.setChecked(member.is_closest_next_of_kin)
        self.active_button.setEnabled(not member.is_user)
        self.active_button.setText(_("Deactivate") if member.is_active else _("Make active again"))
        self.party_combo.setEnabled(not member.is_user)
        self.role_combo.setEnabled(not member.is_user)

    def start_new_member(self) -> None:
        """Clear the form for a new member; Save adds them."""
        if self.detail is not None and self._member_id is not None and self.is_form_dirty():
            if not self._commit_form():
                return
            QTimer.singleShot(0, self.changed.emit)
        self._member_id = None
        self.table.clearSelection()
        self.form_box.setTitle(_("New member"))
        for edit in (
            self.name_edit,
            self.organisation_edit,
            self.title_edit,
            self.phone_edit,
            self.email_edit,
        ):
            edit.clear()
        select_data(self.party_combo, PartyType.MUNICIPAL_HEALTH_CARE.value)
        select_data(self.role_combo, GroupRole.MEMBER.value)
        select_data(self.relation_combo, None)
        self.closest_check.setChecked(False)
        self.active_button.setEnabled(False)
        self.party_combo.setEnabled(True)
        self.role_combo.setEnabled(True)
        self.name_edit.setFocus()

    def _party_changed(self) -> None:
        is_next_of_kin = self.party_combo.currentData() == PartyType.NEXT_OF_KIN.value
        self.relation_combo.setEnabled(is_next_of_kin)
        self.closest_check.setEnabled(is_next_of_kin)

    def member_input(self) -> MemberInput:
        relation = self.relation_combo.currentData()
        return MemberInput(
            name=self.name_edit.text(),
            party=PartyType(self.party_combo.currentData()),
            role=GroupRole(self.role_combo.currentData()),
            organisation=self.organisation_edit.text(),
            title=self.title_edit.text(),
            phone=self.phone_edit.text(),
            email=self.email_edit.text(),
            relation=NextOfKinRelation(relation) if relation else None,
            is_closest_next_of_kin=self.closest_check.isChecked(),
        )

    def save_member(self) -> None:
        if self.detail is None:
            return
        value = self.member_input()
        if self._member_id is None:
            case_id = self.detail.id
            self.run(
                lambda: self._group.add_member(case_id, value),
                _("Member added."),
                lambda new_id: setattr(self, "_member_id", new_id),
            )
        else:
            member_id = self._member_id
            self.run(lambda: self._group.update_member(member_id, value), _("Member saved."))

    def toggle_active(self) -> None:
        if self.detail is None or self._member_id is None:
            return
        member = self.detail.member(self._member_id)
        if member is None:
            return
        member_id, activate = member.id, not member.is_active
        self.run(
            lambda: self._group.set_active(member_id, activate),
            _("Member is active again.") if activate else _("Member deactivated; earlier minutes keep them."),
        )
