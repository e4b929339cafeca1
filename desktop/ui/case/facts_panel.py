"""Coordination and phase; crisis plan, user-controlled bed agreement and children (no names)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.db import Database
from desktop.i18n import _, format_date
from desktop.models.enums import CoordinationHolder, PartyType, PathwayPhase, label
from desktop.services.case.detail import CaseDetail
from desktop.services.case.facts import (
    AGE_BANDS,
    MAX_STAY_DAYS,
    CaseFactsService,
    ChildInput,
    CoordinationInput,
)
from desktop.services.case.views import BedAgreementInput, CrisisPlanInput
from desktop.ui.case.panel_base import CasePanel, DirtyTracker, select_data, text_box
from desktop.ui.date_field import OptionalDateEdit
from desktop.ui.palette import muted_style


def _scrolled(content: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the fields; the area scrolls to each
    area.setWidget(content)
    return area


class CoordinationPanel(CasePanel):
    """Koordineringsansvar, the phase with its history, and the admission/discharge dates."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._facts = CaseFactsService(db)
        coordination = self._build_coordination_box()
        dates = self._build_dates_box()
        phase_box = self._build_phase_box()
        self.coordination_tracker = DirtyTracker(
            self.holder_combo,
            self.specialist_combo,
            self.municipal_combo,
            self.handover_edit,
            self.coordination_note,
        )
        self.dates_tracker = DirtyTracker(
            self.admission_edit, self.planned_discharge_edit, self.discharge_edit
        )
        self.phase_tracker = DirtyTracker()
        left = QVBoxLayout()
        left.addWidget(coordination)
        left.addWidget(dates)
        left.addStretch()
        layout = QHBoxLayout(self)
        layout.addLayout(left, 3)  # room for «Name — Kommunal helse- og omsorgstjeneste» in the combos
        layout.addWidget(phase_box, 2)

    def _build_coordination_box(self) -> QGroupBox:
        """Who holds koordineringsansvar, the two coordinators, the handover date and a note."""
        self.holder_combo = QComboBox()
        self.holder_combo.setAccessibleName(_("Holds coordination"))
        for holder in CoordinationHolder:
            self.holder_combo.addItem(label(holder), holder.value)
        self.specialist_combo = QComboBox()
        self.specialist_combo.setAccessibleName(_("Coordinator in the specialist health service"))
        self.municipal_combo = QComboBox()
        self.municipal_combo.setAccessibleName(_("Coordinator in the municipality"))
        for combo in (self.specialist_combo, self.municipal_combo):  # long names must not widen the window
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(24)
        self.handover_edit = OptionalDateEdit(_("Handover date"))
        self.coordination_note = text_box(_("Note on coordination"), "", 50)
        self.coordination_note.setMaximumHeight(90)
        self.save_coordination_button = QPushButton(_("Save coordination"))
        self.save_coordination_button.clicked.connect(self.save_coordination)
        coordination = QGroupBox(_("Coordination"))
        form = QFormLayout(coordination)
        form.addRow(_("Hol&ds coordination:"), self.holder_combo)
        form.addRow(_("Coordinator, specialist service:"), self.specialist_combo)
        form.addRow(_("Coordinator, municipalit&y:"), self.municipal_combo)
        form.addRow(_("Handover to the m&unicipality:"), self.handover_edit)
        form.addRow(_("Note:"), self.coordination_note)
        form.addRow("", self.save_coordination_button)
        return coordination

    def _build_dates_box(self) -> QGroupBox:
        self.admission_edit = OptionalDateEdit(_("Admission"))
        self.planned_discharge_edit = OptionalDateEdit(_("Planned discharge"))
        self.discharge_edit = OptionalDateEdit(_("Discharge"))
        self.save_dates_button = QPushButton(_("Save dates"))
        self.save_dates_button.clicked.connect(self.save_dates)
        dates = QGroupBox(_("Admission and discharge"))
        dates_form = QFormLayout(dates)
        dates_form.addRow(_("Admission:"), self.admission_edit)
        dates_form.addRow(_("Planned discharge:"), self.planned_discharge_edit)
        dates_form.addRow(_("Discharge:"), self.discharge_edit)
        dates_form.addRow("", self.save_dates_button)
        return dates

    def _build_phase_box(self) -> QGroupBox:
        """The phase now, a form to change it (saved at once) and the history of changes."""
        self.current_phase_label = QLabel()
        self.current_phase_label.setStyleSheet("font-weight: 600;")
        self.phase_combo = QComboBox()
        self.phase_combo.setAccessibleName(_("New phase"))
        for phase in PathwayPhase:
            self.phase_combo.addItem(label(phase), phase.value)
        self.phase_date = OptionalDateEdit(_("Date of the change"))
        self.phase_note = QLineEdit()
        self.phase_note.setAccessibleName(_("Note on the phase change"))
        self.phase_note.setPlaceholderText(_("Optional"))
        self.change_phase_button = QPushButton(_("Change phase"))
        self.change_phase_button.clicked.connect(self.change_phase)
        self.history = QTableWidget(0, 3)
        self.history.setObjectName("phaseHistory")
        self.history.setTabKeyNavigation(False)  # Tab leaves the table; arrows move between cells
        self.history.setAccessibleName(_("Phase history"))
        self.history.setHorizontalHeaderLabels([_("Date"), _("Phase"), _("Note")])
        self.history.verticalHeader().setVisible(False)
        self.history.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history.horizontalHeader().setStretchLastSection(True)
        phase_box = QGroupBox(_("Phase"))
        phase_form = QFormLayout(phase_box)
        phase_form.addRow(_("Now:"), self.current_phase_label)
        phase_form.addRow(_("Ne&w phase:"), self.phase_combo)
        phase_form.addRow(_("From date:"), self.phase_date)
        phase_form.addRow(_("Note:"), self.phase_note)
        phase_form.addRow("", self.change_phase_button)
        phase_form.addRow(self.history)
        return phase_box

    def set_detail(self, detail: CaseDetail) -> None:
        super().set_detail(detail)
        self.coordination_tracker.fill(lambda: self._fill_coordination(detail))
        self.dates_tracker.fill(lambda: self._fill_dates(detail))
        self.phase_tracker.dirty = False  # a phase change is saved at once; its form always refills
        self.current_phase_label.setText(label(detail.phase))
        select_data(self.phase_combo, detail.phase.value)
        self.phase_date.set_value(detail.today)
        self.phase_note.clear()
        self.history.setRowCount(len(detail.phases))
        for row, change in enumerate(reversed(detail.phases)):
            for column, text in enumerate((format_date(change.changed_on), label(change.phase), change.note)):
                self.history.setItem(row, column, QTableWidgetItem(text))
        self.history.resizeColumnsToContents()

    def _fill_coordination(self, detail: CaseDetail) -> None:
        for combo, member_id in (
            (self.specialist_combo, detail.coordination.specialist_coordinator_id),
            (self.municipal_combo, detail.coordination.municipal_coordinator_id),
        ):
            combo.clear()
            combo.addItem(_("(nobody chosen)"), None)
            for member in detail.members:
                if (member.is_active or member.id == member_id) and not member.is_user:
                    combo.addItem(f"{member.name} — {label(member.party)}", member.id)
            select_data(combo, member_id)
            combo.setToolTip(combo.currentText())
        select_data(self.holder_combo, detail.coordination.holder.value)
        self.handover_edit.set_value(detail.coordination.handover_date)
        self.coordination_note.setPlainText(detail.coordination.note)

    def _fill_dates(self, detail: CaseDetail) -> None:
        self.admission_edit.set_value(detail.admission_date)
        self.planned_discharge_edit.set_value(detail.planned_discharge_date)
        self.discharge_edit.set_value(detail.discharge_date)

    def flush_pending(self) -> None:
        """Save edited coordination or dates before another case is shown."""
        if self.coordination_tracker.dirty:
            self.save_coordination()
        if self.dates_tracker.dirty:
            self.save_dates()

    def save_coordination(self) -> None:
        if self.detail is None:
            return
        case_id = self.detail.id
        value = CoordinationInput(
            holder=CoordinationHolder(self.holder_combo.currentData()),
            specialist_coordinator_id=self.specialist_combo.currentData(),
            municipal_coordinator_id=self.municipal_combo.currentData(),
            handover_date=self.handover_edit.value(),
            note=self.coordination_note.toPlainText(),
        )
        self.run(
            lambda: self._facts.set_coordination(case_id, value),
            _("Coordination saved."),
            lambda _r: setattr(self.coordination_tracker, "dirty", False),
        )

    def save_dates(self) -> None:
        if self.detail is None:
            return
        case_id = self.detail.id
        values = (
            self.admission_edit.value(),
            self.planned_discharge_edit.value(),
            self.discharge_edit.value(),
        )
        self.run(
            lambda: self._facts.set_pathway_dates(case_id, *values),
            _("Dates saved."),
            lambda _r: setattr(self.dates_tracker, "dirty", False),
        )

    def change_phase(self) -> None:
        if self.detail is None:
            return
        case_id = self.detail.id
        phase = PathwayPhase(self.phase_combo.currentData())
        on, note = self.phase_date.value(), self.phase_note.text()
        self.run(lambda: self._facts.change_phase(case_id, phase, on, note), _("Phase changed."))


class CrisisAndBedPanel(CasePanel):
    """Krise- og mestringsplan, avtale om brukerstyrt seng (five points) and children as next of kin."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._facts = CaseFactsService(db)
        crisis = self._build_crisis_box()
        bed = self._build_bed_box()
        children = self._build_children_box()
        self.crisis_tracker = DirtyTracker(
            self.warning_edit, self.helps_edit, self.contacts_edit, self.risk_edit
        )
        self.bed_tracker = DirtyTracker(
            self.institution_edit,
            self.valid_from_edit,
            self.until_edit,
            self.contact_point_edit,
            self.bed_phone_edit,
            self.stay_spin,
            self.content_edit,
            self.cooperation_edit,
            self.trigger_edit,
            self.compensating_edit,
        )
        left = QVBoxLayout()
        left.addWidget(crisis)
        left.addWidget(children)
        left.addStretch()
        content = QWidget()
        columns = QHBoxLayout(content)
        columns.addLayout(left, 1)
        right = QVBoxLayout()
        right.addWidget(bed)
        right.addStretch()
        columns.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(_scrolled(content))

    def _build_crisis_box(self) -> QGroupBox:
        """Krise- og mestringsplan: warning signs, what helps, whom to contact, risk to others."""
        self.warning_edit = text_box(
            _("Warning signs"), _("How the user and others notice a crisis coming"), 56
        )
        self.helps_edit = text_box(_("What helps"), _("What the user can do, and what helps"), 56)
        self.contacts_edit = text_box(_("Whom to contact"), _("Names, phone numbers, opening hours"), 56)
        self.risk_edit = text_box(_("Risk to others, children and next of kin"), "", 56)
        self.crisis_updated = QLabel()
        self.crisis_updated.setStyleSheet(muted_style())
        self.save_crisis_button = QPushButton(_("Save crisis plan"))
        self.save_crisis_button.clicked.connect(self.save_crisis_plan)
        crisis = QGroupBox(_("Crisis plan"))
        crisis_form = QFormLayout(crisis)
        crisis_form.addRow(_("&Warning signs:"), self.warning_edit)
        crisis_form.addRow(_("What helps:"), self.helps_edit)
        crisis_form.addRow(_("Whom to contact:"), self.contacts_edit)
        crisis_form.addRow(_("Ris&k to others:"), self.risk_edit)
        crisis_buttons = QHBoxLayout()
        crisis_buttons.addWidget(self.crisis_updated)
        crisis_buttons.addStretch()
        crisis_buttons.addWidget(self.save_crisis_button)
        crisis_form.addRow(crisis_buttons)
        return crisis

    def _build_bed_box(self) -> QGroupBox:
        """Avtale om brukerstyrt seng: its five points, when to use it and what if no bed is free."""
        self.institution_edit = QLineEdit()
        self.institution_edit.setAccessibleName(_("Place"))
        self.valid_from_edit = OptionalDateEdit(_("Valid from"))
        self.until_edit = OptionalDateEdit(_("Available until"))
        self.contact_point_edit = text_box(_("Where to call"), "", 44)
        self.bed_phone_edit = QLineEdit()
        self.bed_phone_edit.setAccessibleName(_("Phone"))
        self.stay_spin = QSpinBox()
        self.stay_spin.setRange(0, MAX_STAY_DAYS)
        self.stay_spin.setSpecialValueText(_("not set"))
        self.stay_spin.setSuffix(_(" days"))
        self.stay_spin.setAccessibleName(_("Normal length of stay"))
        self.content_edit = text_box(_("What the stay contains"), "", 44)
        self.cooperation_edit = text_box(_("Cooperation with the municipality"), "", 44)
        self.trigger_edit = text_box(_("When to use it"), "", 44)
        self.compensating_edit = text_box(_("If no bed is free"), _("What the user is offered instead"), 44)
        self.save_bed_button = QPushButton(_("Save bed agreement"))
        self.save_bed_button.clicked.connect(self.save_bed_agreement)
        bed = QGroupBox(_("User-controlled bed agreement"))
        bed_form = QFormLayout(bed)
        bed_form.addRow(_("Place:"), self.institution_edit)
        bed_form.addRow(_("1. Vali&d from:"), self.valid_from_edit)
        bed_form.addRow(_("   Availa&ble until:"), self.until_edit)
        bed_form.addRow(_("2. Where to call:"), self.contact_point_edit)
        bed_form.addRow(_("   Phone:"), self.bed_phone_edit)
        bed_form.addRow(_("3. Normal sta&y:"), self.stay_spin)
        bed_form.addRow(_("4. What the stay contains:"), self.content_edit)
        bed_form.addRow(_("5. Cooperation with the m&unicipality:"), self.cooperation_edit)
        bed_form.addRow(_("When to use it:"), self.trigger_edit)
        bed_form.addRow(_("If no bed is free:"), self.compensating_edit)
        bed_form.addRow("", self.save_bed_button)
        return bed

    def _build_children_box(self) -> QGroupBox:
        """Children as next of kin, without names: the table and a row to add one."""
        self.children_table = QTableWidget(0, 4)
        self.children_table.setObjectName("childrenTable")
        self.children_table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move between cells
        self.children_table.setAccessibleName(_("Children"))
        self.children_table.setHorizontalHeaderLabels(
            [_("Age"), _("Informed on"), _("Followed up by"), _("Lives with the user")]
        )
        self.children_table.verticalHeader().setVisible(False)
        self.children_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.children_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.children_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.children_table.setMaximumHeight(110)
        children = QGroupBox(_("Children as next of kin (no names)"))
        children_layout = QVBoxLayout(children)
        children_layout.addWidget(self.children_table)
        children_layout.addLayout(self._build_child_row())
        return children

    def _build_child_row(self) -> QGridLayout:
        self.age_combo = QComboBox()
        self.age_combo.setAccessibleName(_("Age band"))
        for band in AGE_BANDS:
            self.age_combo.addItem(_("{band} years").format(band=band), band)
        self.informed_edit = OptionalDateEdit(_("Informed on"))
        self.follow_up_combo = QComboBox()
        self.follow_up_combo.setAccessibleName(_("Followed up by"))
        self.follow_up_combo.addItem(_("(nobody yet)"), None)
        for party in PartyType:
            if party not in (PartyType.USER, PartyType.NEXT_OF_KIN):
                self.follow_up_combo.addItem(label(party), party.value)
        self.lives_check = QCheckBox(_("Lives with the user"))
        self.add_child_button = QPushButton(_("Add child"))
        self.remove_child_button = QPushButton(_("Remove"))
        self.add_child_button.clicked.connect(self.add_child)
        self.remove_child_button.clicked.connect(self.remove_child)
        child_row = QGridLayout()
        child_row.addWidget(self.age_combo, 0, 0)
        child_row.addWidget(self.informed_edit, 0, 1)
        child_row.addWidget(self.follow_up_combo, 0, 2)
        child_row.addWidget(self.lives_check, 1, 0)
        child_row.addWidget(self.add_child_button, 1, 1, alignment=Qt.AlignmentFlag.AlignRight)
        child_row.addWidget(self.remove_child_button, 1, 2, alignment=Qt.AlignmentFlag.AlignRight)
        return child_row

    def set_detail(self, detail: CaseDetail) -> None:
        super().set_detail(detail)
        self.crisis_tracker.fill(lambda: self._fill_crisis(detail))
        self.bed_tracker.fill(lambda: self._fill_bed(detail))
        self.children_table.setRowCount(len(detail.children))
        for row, child in enumerate(detail.children):
            values = (
                _("{band} years").format(band=child.age_band),
                format_date(child.informed_on) or _("Not yet"),
                label(child.follow_up_by) if child.follow_up_by else _("Nobody yet"),
                _("Yes") if child.lives_with_user else _("No"),
            )
            for column, text in enumerate(values):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, child.id)
                self.children_table.setItem(row, column, item)

    def _fill_crisis(self, detail: CaseDetail) -> None:
        crisis = detail.crisis_plan
        self.warning_edit.setPlainText(crisis.warning_signs)
        self.helps_edit.setPlainText(crisis.what_helps)
        self.contacts_edit.setPlainText(crisis.contacts)
        self.risk_edit.setPlainText(crisis.risk_to_others)
        self.crisis_updated.setText(
            _("Updated {date}").format(date=format_date(crisis.updated_on)) if crisis.updated_on else ""
        )

    def _fill_bed(self, detail: CaseDetail) -> None:
        bed = detail.bed_agreement
        self.institution_edit.setText(bed.institution)
        self.valid_from_edit.set_value(bed.valid_from)
        self.until_edit.set_value(bed.available_until)
        self.contact_point_edit.setPlainText(bed.contact_point)
        self.bed_phone_edit.setText(bed.contact_phone)
        self.stay_spin.setValue(bed.normal_stay_days or 0)
        self.content_edit.setPlainText(bed.content)
        self.cooperation_edit.setPlainText(bed.municipal_cooperation)
        self.trigger_edit.setPlainText(bed.trigger_conditions)
        self.compensating_edit.setPlainText(bed.compensating_measures)

    def flush_pending(self) -> None:
        """Save an edited crisis plan or bed agreement before another case is shown."""
        if self.crisis_tracker.dirty:
            self.save_crisis_plan()
        if self.bed_tracker.dirty:
            self.save_bed_agreement()

    def save_crisis_plan(self) -> None:
        if self.detail is None:
            return
        case_id = self.detail.id
        value = CrisisPlanInput(
            warning_signs=self.warning_edit.toPlainText(),
            what_helps=self.helps_edit.toPlainText(),
            contacts=self.contacts_edit.toPlainText(),
            risk_to_others=self.risk_edit.toPlainText(),
        )
        self.run(
            lambda: self._facts.set_crisis_plan(case_id, value),
            _("Crisis plan saved."),
            lambda _r: setattr(self.crisis_tracker, "dirty", False),
        )

    def save_bed_agreement(self) -> None:
        if self.detail is None:
            return
        case_id = self.detail.id
        value = BedAgreementInput(
            institution=self.institution_edit.text(),
            valid_from=self.valid_from_edit.value(),
            available_until=self.until_edit.value(),
            contact_point=self.contact_point_edit.toPlainText(),
            contact_phone=self.bed_phone_edit.text(),
            normal_stay_days=self.stay_spin.value() or None,
            content=self.content_edit.toPlainText(),
            municipal_cooperation=self.cooperation_edit.toPlainText(),
            trigger_conditions=self.trigger_edit.toPlainText(),
            compensating_measures=self.compensating_edit.toPlainText(),
        )
        self.run(
            lambda: self._facts.set_bed_agreement(case_id, value),
            _("Bed agreement saved."),
            lambda _r: setattr(self.bed_tracker, "dirty", False),
        )

    def add_child(self) -> None:
        if self.detail is None:
            return
        case_id = self.detail.id
        follow_up = self.follow_up_combo.currentData()
        value = ChildInput(
            age_band=self.age_combo.currentData(),
            informed_on=self.informed_edit.value(),
            follow_up_by=PartyType(follow_up) if follow_up else None,
            lives_with_user=self.lives_check.isChecked(),
        )
        self.run(lambda: self._facts.add_child(case_id, value), _("Child added."))

    def remove_child(self) -> None:
        row = self.children_table.currentRow()
        item = self.children_table.item(row, 0) if row >= 0 else None
        if item is None:
            self.message.emit(_("Choose the row to remove first."), True)
            return
        child_id = int(item.data(Qt.ItemDataRole.UserRole))
        self.run(lambda: self._facts.remove_child(child_id), _("Child removed."))
