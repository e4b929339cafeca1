"""A date that may be empty: a check box ("set") beside a QDateEdit, both reachable with Tab."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QCheckBox, QDateEdit, QHBoxLayout, QWidget

from desktop import clock
from desktop.i18n import _, date_edit_format


class OptionalDateEdit(QWidget):
    """``value()`` is a :class:`date` or ``None``; ticking the box starts at today."""

    changed = Signal()

    def __init__(self, accessible_name: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.check = QCheckBox()
        self.check.setToolTip(_("Tick to set a date"))
        self.check.setAccessibleName(_("{field}: set a date").format(field=accessible_name))
        self.edit = QDateEdit()
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat(date_edit_format())  # dd.MM.yyyy in Norwegian
        self.edit.setMinimumDate(QDate(1900, 1, 1))
        self.edit.setMaximumDate(QDate(2100, 12, 31))
        self.edit.setSpecialValueText("—")  # shown while no date is set
        self.edit.setAccessibleName(accessible_name)
        self.edit.setMinimumWidth(120)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.check)
        layout.addWidget(self.edit)
        layout.addStretch()
        self.check.toggled.connect(self._toggled)
        self.edit.dateChanged.connect(lambda _d: self.changed.emit())
        self.set_value(None)

    def _toggled(self, on: bool) -> None:
        self.edit.setEnabled(on)
        if on and self.edit.date() == self.edit.minimumDate():
            self.edit.setDate(QDate(clock.today()))
        self.changed.emit()

    def value(self) -> date | None:
        if not self.check.isChecked():
            return None
        d = self.edit.date()
        return date(d.year(), d.month(), d.day())

    def set_value(self, value: date | None) -> None:
        self.blockSignals(True)
        if value is None:
            self.edit.setDate(self.edit.minimumDate())
            self.check.setChecked(False)
            self.edit.setEnabled(False)
        else:
            self.edit.setDate(QDate(value.year, value.month, value.day))
            self.check.setChecked(True)
            self.edit.setEnabled(True)
        self.blockSignals(False)
