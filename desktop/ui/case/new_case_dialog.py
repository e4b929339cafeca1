"""Create a case: the user's name, a reference that is not the name, birth year and phase."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop import clock
from desktop.errors import UserError
from desktop.i18n import _
from desktop.models.enums import PathwayPhase, label
from desktop.services.case.creation import CaseService
from desktop.ui.palette import error_style


class NewCaseDialog(QDialog):
    def __init__(self, cases: CaseService, suggested_reference: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._cases = cases
        self.case_id: int | None = None
        self.setWindowTitle(_("New case"))
        self.name_edit = QLineEdit()
        self.name_edit.setMaxLength(200)
        self.name_edit.setAccessibleName(_("The user's name"))
        self.reference_edit = QLineEdit(suggested_reference)
        self.reference_edit.setMaxLength(40)
        self.reference_edit.setAccessibleName(_("Case reference"))
        self.birth_year = QSpinBox()
        self.birth_year.setRange(0, clock.today().year)
        self.birth_year.setSpecialValueText(_("Unknown"))
        self.birth_year.setValue(0)
        self.birth_year.setAccessibleName(_("Birth year"))
        self.phase_combo = QComboBox()
        self.phase_combo.setAccessibleName(_("Phase"))
        for phase in PathwayPhase:
            if phase != PathwayPhase.CLOSED:
                self.phase_combo.addItem(label(phase), phase.value)
        form = QFormLayout()
        form.addRow(_("&Name:"), self.name_edit)
        form.addRow(_("&Reference:"), self.reference_edit)
        form.addRow(_("&Birth year:"), self.birth_year)
        form.addRow(_("&Phase:"), self.phase_combo)
        hint = QLabel(_("The reference is used in file names and headers instead of the name."))
        hint.setWordWrap(True)
        self.error_label = QLabel()
        self.error_label.setStyleSheet(error_style())
        self.error_label.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._create)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)

    def _create(self) -> None:
        year = self.birth_year.value() or None
        try:
            self.case_id = self._cases.create_case(
                self.name_edit.text(),
                self.reference_edit.text(),
                birth_year=year,
                phase=PathwayPhase(self.phase_combo.currentData()),
            )
        except UserError as exc:
            self.error_label.setText(str(exc))
            return
        self.accept()
