"""The consent matrix with an editor for the selected cell (DOMAIN.md §5.4: default deny)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.db import Database
from desktop.i18n import _, format_date
from desktop.models.enums import ConsentForm, ConsentStatus, label
from desktop.services.case.detail import CaseDetail
from desktop.services.case.group import ConsentInput, GroupService
from desktop.services.case.views import ConsentView
from desktop.ui.case.consent_matrix_model import SCOPES, ConsentMatrixModel
from desktop.ui.case.panel_base import CasePanel, select_data, text_box
from desktop.ui.date_field import OptionalDateEdit
from desktop.ui.palette import muted_style

#: Quick keys on the matrix, like the attendance keys in the meeting: digits work in every language.
QUICK_KEYS: dict[int, ConsentStatus] = {
    Qt.Key.Key_1: ConsentStatus.GIVEN,
    Qt.Key.Key_2: ConsentStatus.LIMITED,
    Qt.Key.Key_3: ConsentStatus.REFUSED,
    Qt.Key.Key_4: ConsentStatus.WITHDRAWN,
    Qt.Key.Key_0: ConsentStatus.NOT_ASKED,
}


class ConsentPanel(CasePanel):
    status_combo: QComboBox  # made below the table, whose activation focuses it

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._group = GroupService(db)
        self._build_table()
        hint = QLabel(
            _(
                "What the user has agreed may be shared with each member. Without a consent nothing "
                "is shared. Choose a cell and press Enter to change it, or press a key: "
                "1 = given, 2 = with limits, 3 = not given, 4 = withdrawn, 0 = not asked."
            )
        )
        hint.setWordWrap(True)
        self._build_editor()
        left = QVBoxLayout()
        left.addWidget(hint)
        left.addWidget(self.table, 1)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 1)
        layout.addWidget(self.editor)
        self.editor.setEnabled(False)

    def _build_table(self) -> None:
        """The matrix: members by what may be shared; the quick keys reach it by the event filter."""
        self.model = ConsentMatrixModel(self)
        self.table = QTableView()
        self.table.setObjectName("consentMatrix")
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move between cells
        self.table.setAccessibleName(_("Consent matrix"))
        self.table.setModel(self.model)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setDefaultAlignment(
            Qt.AlignmentFlag.AlignCenter | Qt.AlignmentFlag(Qt.TextFlag.TextWordWrap.value)
        )
        self.table.horizontalHeader().setMinimumHeight(62)
        self.table.setWordWrap(True)
        self.table.selectionModel().currentChanged.connect(self._cell_changed)
        self.table.activated.connect(lambda _i: self.status_combo.setFocus())
        self.table.installEventFilter(self)

    def _build_editor_fields(self) -> None:
        self.cell_label = QLabel()
        self.cell_label.setWordWrap(True)
        self.cell_label.setStyleSheet("font-weight: 600;")
        self.status_combo = QComboBox()
        self.status_combo.setAccessibleName(_("Consent"))
        for status in ConsentStatus:
            self.status_combo.addItem(label(status), status.value)
        self.form_combo = QComboBox()
        self.form_combo.setAccessibleName(_("Form"))
        self.form_combo.addItem(_("(not recorded)"), None)
        for form in ConsentForm:
            self.form_combo.addItem(label(form), form.value)
        self.date_edit = OptionalDateEdit(_("Date"))
        self.limitation_edit = text_box(_("Limitation"), _("What the consent does not cover"), 60)
        self.recorded_by_edit = QLineEdit()
        self.recorded_by_edit.setAccessibleName(_("Recorded by"))
        self.history_label = QLabel()
        self.history_label.setWordWrap(True)
        self.history_label.setStyleSheet(muted_style())

    def _build_editor(self) -> None:
        """The editor of the selected cell, beside the matrix; disabled until a cell is chosen."""
        self._build_editor_fields()
        self.save_button = QPushButton(_("Save consent"))
        self.save_button.setDefault(True)
        self.withdraw_button = QPushButton(_("Withdraw consent"))
        self.save_button.clicked.connect(self.save_consent)
        self.withdraw_button.clicked.connect(self.withdraw)
        self.status_combo.currentIndexChanged.connect(self._status_changed)
        fields = QFormLayout()
        fields.addRow(_("Consent:"), self.status_combo)
        fields.addRow(_("Form:"), self.form_combo)
        fields.addRow(_("&Date:"), self.date_edit)
        fields.addRow(_("Limitation:"), self.limitation_edit)
        fields.addRow(_("Recorded &by:"), self.recorded_by_edit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.withdraw_button)
        buttons.addStretch()
        buttons.addWidget(self.save_button)
        self.editor = QGroupBox(_("Selected consent"))
        editor_layout = QVBoxLayout(self.editor)
        editor_layout.addWidget(self.cell_label)
        editor_layout.addLayout(fields)
        editor_layout.addWidget(self.history_label)
        editor_layout.addStretch()
        editor_layout.addLayout(buttons)
        self.editor.setMinimumWidth(330)
        self.editor.setMaximumWidth(360)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            status = QUICK_KEYS.get(event.key())
            if status is not None and event.modifiers() in (
                Qt.KeyboardModifier.NoModifier,
                Qt.KeyboardModifier.KeypadModifier,
            ):
                self.quick_set(status)
                return True
        return super().eventFilter(watched, event)

    def quick_set(self, status: ConsentStatus) -> None:
        """Record ``status`` for the chosen cell today; «with limits» first asks what the limit is."""
        current = self.table.currentIndex()
        cell = self.model.cell(current.row(), current.column()) if current.isValid() else None
        if not self.editor.isEnabled() or cell is None or cell.status == status:
            return
        if status == ConsentStatus.WITHDRAWN:
            self.withdraw()
            return
        select_data(self.status_combo, status.value)
        if status == ConsentStatus.LIMITED and not self.limitation_edit.toPlainText().strip():
            self.limitation_edit.setFocus()
            self.message.emit(_("Write what the limited consent covers, then save."), False)
            return
        self.date_edit.set_value(None)  # today
        self.save_consent()

    def set_detail(self, detail: CaseDetail) -> None:
        super().set_detail(detail)
        current = self.table.currentIndex()
        keep = (
            (self.model.member_at(current.row()).id, current.column())
            if current.isValid() and current.row() < self.model.rowCount()
            else None
        )
        self.model.set_detail(detail)
        self.table.resizeRowsToContents()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        if keep is not None and (row := self.model.row_of(keep[0])) >= 0:
            self.select_cell(row, keep[1])
        elif self.model.rowCount() > 1:
            self.select_cell(1, 0)  # the first member after the user: ready for the quick keys
        else:
            self.editor.setEnabled(False)
            self.cell_label.setText(_("Choose a member and what may be shared."))

    def select_cell(self, row: int, column: int) -> None:
        index = self.model.index(row, column)
        self.table.setCurrentIndex(index)
        self._cell_changed(index, QModelIndex())

    def _cell_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        consent = self.model.cell(current.row(), current.column()) if current.isValid() else None
        if consent is None or self.detail is None:
            self.editor.setEnabled(False)
            return
        member = self.model.member_at(current.row())
        self.cell_label.setText(f"{member.name} — {label(consent.scope)}")
        if member.is_user:
            self.editor.setEnabled(False)
            self.history_label.setText(_("The user needs no consent to take part in their own group."))
            return
        self.editor.setEnabled(True)
        self._show(consent)

    def _show(self, consent: ConsentView) -> None:
        select_data(self.status_combo, consent.status.value)
        select_data(self.form_combo, consent.form.value if consent.form else None)
        self.date_edit.set_value(consent.given_on)
        self.limitation_edit.setPlainText(consent.limitation)
        self.recorded_by_edit.setText(consent.recorded_by)
        history = []
        if consent.given_on:
            history.append(_("Given {date}").format(date=format_date(consent.given_on)))
        if consent.withdrawn_on:
            history.append(_("Withdrawn {date}").format(date=format_date(consent.withdrawn_on)))
        self.history_label.setText(" · ".join(history))
        self.withdraw_button.setEnabled(consent.status in (ConsentStatus.GIVEN, ConsentStatus.LIMITED))
        self._status_changed()

    def _status_changed(self) -> None:
        status = self.status_combo.currentData()
        self.limitation_edit.setEnabled(status == ConsentStatus.LIMITED.value)

    def _current(self) -> tuple[int, int] | None:
        index = self.table.currentIndex()
        if not index.isValid() or self.detail is None:
            return None
        return self.model.member_at(index.row()).id, index.column()

    def save_consent(self) -> None:
        current = self._current()
        if current is None:
            return
        member_id, column = current
        form = self.form_combo.currentData()
        decision = ConsentInput(
            status=ConsentStatus(self.status_combo.currentData()),
            form=ConsentForm(form) if form else None,
            on=self.date_edit.value(),
            limitation=self.limitation_edit.toPlainText(),
            recorded_by=self.recorded_by_edit.text(),
        )
        self.run(
            lambda: self._group.set_consent(member_id, SCOPES[column], decision),
            _("Consent saved."),
        )

    def withdraw(self) -> None:
        current = self._current()
        if current is None:
            return
        member_id, column = current
        self.run(
            lambda: self._group.withdraw_consent(member_id, SCOPES[column]),
            _("Consent withdrawn today. Earlier minutes are not changed."),
        )
