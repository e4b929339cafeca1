"""The forms beside the plan tree: one goal, or one measure, as the plan editor edits it.

Each form shows a stored goal or measure and reads back what is typed (``value()``); the editor
saves it through ``PlanService``.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from desktop.i18n import _
from desktop.models.enums import GoalStatus, LifeDomain, MeasureStatus, PartyType, label
from desktop.services.case.detail import CaseDetail
from desktop.services.case.plan import GoalInput, MeasureInput
from desktop.services.case.views import GoalView, MeasureView
from desktop.ui.case.panel_base import select_data, text_box
from desktop.ui.date_field import OptionalDateEdit


class GoalForm(QGroupBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Goal"), parent)
        self.domain_combo = QComboBox()
        self.domain_combo.setAccessibleName(_("Life domain"))
        for domain in LifeDomain:
            self.domain_combo.addItem(label(domain), domain.value)
        self.text_edit = text_box(_("The goal in the user's words"), _("In the user's own words"), 56)
        self.professional_edit = text_box(_("Professional wording"), _("Optional"), 44)
        self.status_combo = QComboBox()
        self.status_combo.setAccessibleName(_("Status"))
        for status in GoalStatus:
            self.status_combo.addItem(label(status), status.value)
        self.save_button = QPushButton(_("Save goal"))
        self.save_button.setDefault(True)
        form = QFormLayout(self)
        form.addRow(_("Life domain:"), self.domain_combo)
        form.addRow(_("The goal in the user's &words:"), self.text_edit)
        form.addRow(_("Professional wording (optional):"), self.professional_edit)
        form.addRow(_("Status:"), self.status_combo)
        form.addRow("", self.save_button)

    def show_goal(self, goal: GoalView | None) -> None:
        self.setTitle(_("Goal") if goal else _("New goal"))
        select_data(self.domain_combo, goal.domain.value if goal else LifeDomain.HOUSING.value)
        self.text_edit.setPlainText(goal.text if goal else "")
        self.professional_edit.setPlainText(goal.professional_text if goal else "")
        select_data(self.status_combo, goal.status.value if goal else GoalStatus.ACTIVE.value)

    def value(self) -> GoalInput:
        return GoalInput(
            domain=LifeDomain(self.domain_combo.currentData()),
            text=self.text_edit.toPlainText(),
            professional_text=self.professional_edit.toPlainText(),
            status=GoalStatus(self.status_combo.currentData()),
        )


class MeasureForm(QGroupBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Measure"), parent)
        self.text_edit = text_box(_("Measure"), _("What will be done"), 44)
        self.party_combo = QComboBox()
        self.party_combo.setAccessibleName(_("Responsible party"))
        for party in PartyType:
            self.party_combo.addItem(label(party), party.value)
        self.member_combo = QComboBox()
        self.member_combo.setAccessibleName(_("Responsible member"))
        self.person_edit = QLineEdit()
        self.person_edit.setAccessibleName(_("Responsible person (if not in the group)"))
        self.person_edit.setPlaceholderText(_("If the person is not in the group"))
        self.start_edit = OptionalDateEdit(_("Start"))
        self.end_edit = OptionalDateEdit(_("End"))
        self.evaluation_edit = OptionalDateEdit(_("Evaluation"))
        self.status_combo = QComboBox()
        self.status_combo.setAccessibleName(_("Status"))
        for status in MeasureStatus:
            self.status_combo.addItem(label(status), status.value)
        self.save_button = QPushButton(_("Save measure"))
        self.save_button.setDefault(True)
        # «Periode: [start] – [slutt]»: captions beside each date were too wide for the form in
        # long languages (each date keeps its name for screen readers).
        dates = QHBoxLayout()
        dates.addWidget(self.start_edit)
        dates.addWidget(QLabel("–"))
        dates.addWidget(self.end_edit)
        dates.addStretch(1)
        form = QFormLayout(self)
        form.addRow(_("&Measure:"), self.text_edit)
        form.addRow(_("Responsible &party:"), self.party_combo)
        form.addRow(_("Responsible &member:"), self.member_combo)
        form.addRow(_("Or &person:"), self.person_edit)
        form.addRow(_("Period:"), dates)
        form.addRow(_("&Evaluate on:"), self.evaluation_edit)
        status_row = QHBoxLayout()  # status and saving share a row: the form fits 1280×650 at 150 %
        status_row.addWidget(self.status_combo, 1)
        status_row.addWidget(self.save_button)
        form.addRow(_("Status:"), status_row)
        self.member_combo.currentIndexChanged.connect(self._member_chosen)
        self._parties: dict[int, PartyType] = {}

    def set_members(self, detail: CaseDetail) -> None:
        self.member_combo.blockSignals(True)
        self.member_combo.clear()
        self.member_combo.addItem(_("(nobody chosen)"), None)
        self._parties = {}
        for member in detail.members:
            # Inactive members stay listed so that a measure they were responsible for keeps them.
            name = member.name if member.is_active else _("{name} (inactive)").format(name=member.name)
            self.member_combo.addItem(f"{name} — {label(member.party)}", member.id)
            self._parties[member.id] = member.party
        self.member_combo.blockSignals(False)

    def _member_chosen(self) -> None:
        member_id = self.member_combo.currentData()
        if member_id in self._parties:
            select_data(self.party_combo, self._parties[member_id].value)

    def show_measure(self, measure: MeasureView | None) -> None:
        self.setTitle(_("Measure") if measure else _("New measure"))
        self.text_edit.setPlainText(measure.text if measure else "")
        self.member_combo.blockSignals(True)
        select_data(self.member_combo, measure.responsible_member_id if measure else None)
        self.member_combo.blockSignals(False)
        select_data(
            self.party_combo, measure.party.value if measure else PartyType.MUNICIPAL_HEALTH_CARE.value
        )
        self.person_edit.setText(measure.responsible_person if measure else "")
        self.start_edit.set_value(measure.start_date if measure else None)
        self.end_edit.set_value(measure.end_date if measure else None)
        self.evaluation_edit.set_value(measure.evaluation_date if measure else None)
        select_data(self.status_combo, measure.status.value if measure else MeasureStatus.PLANNED.value)

    def value(self) -> MeasureInput:
        return MeasureInput(
            text=self.text_edit.toPlainText(),
            party=PartyType(self.party_combo.currentData()),
            responsible_member_id=self.member_combo.currentData(),
            responsible_person=self.person_edit.text(),
            start_date=self.start_edit.value(),
            end_date=self.end_edit.value(),
            evaluation_date=self.evaluation_edit.value(),
            status=MeasureStatus(self.status_combo.currentData()),
        )
