"""Recording a confirmation of the minutes given after the meeting.

:class:`LaterConfirmationDialog`: who answered, when and how (by phone, in person, in writing),
and the answer. Recording it makes a new version of the minutes, signed with the chosen key when
there is one. The confirmation in the room is ``confirmation_dialog.py``.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QDateTime, QTime, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop import clock
from desktop.db import Database
from desktop.errors import UserError
from desktop.i18n import _, format_datetime
from desktop.models.enums import ConfirmationChannel, ConfirmationVerdict, label
from desktop.services.minutes.confirmation import ConfirmationService
from desktop.ui.palette import error_style


class LaterConfirmationDialog(QDialog):
    """Record a confirmation given after the meeting; makes a new (signed) version of the minutes."""

    recorded = Signal(object)  # ExportResult

    def __init__(
        self, db: Database, meeting_id: int, parent: QWidget | None = None, *, member_id: int | None = None
    ) -> None:
        super().__init__(parent)
        self.db, self.meeting_id = db, meeting_id
        self.service = ConfirmationService(db)
        self.result_value: Any = None
        self.setWindowTitle(_("Record a confirmation given later"))
        self.setMinimumWidth(620)

        self._build_who_when_how(member_id)
        verdict_row = self._build_verdict_row()
        self.comment_edit = QPlainTextEdit()
        self.comment_edit.setAccessibleName(_("Comment"))
        self.comment_edit.setTabChangesFocus(True)
        self.comment_edit.setMaximumHeight(100)
        self.key_combo = QComboBox()
        self.key_combo.setAccessibleName(_("Signing key"))
        self.passphrase_edit = QLineEdit()
        self.passphrase_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase_edit.setAccessibleName(_("The key's passphrase"))
        self._fill_keys()

        explanation = QLabel(
            _(
                "Recording the answer makes a new version of the minutes with it. "
                "The new version is signed with the key, like the first one."
            )
        )
        explanation.setWordWrap(True)
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(error_style())
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addLayout(self._build_form(verdict_row))
        layout.addWidget(self.error_label)
        layout.addLayout(self._build_buttons())

    def _build_who_when_how(self, member_id: int | None) -> None:
        """Who answered (preselected when given), when, and how: by phone, in person or in writing."""
        self.who_combo = QComboBox()
        self.who_combo.setAccessibleName(_("Who answered"))
        for person in self.service.participants(self.meeting_id):
            self.who_combo.addItem(person.name, person.member_id)
        if member_id is not None:
            self.who_combo.setCurrentIndex(max(0, self.who_combo.findData(member_id)))

        self.when_edit = QDateTimeEdit()
        self.when_edit.setDisplayFormat("dd.MM.yyyy HH:mm")
        self.when_edit.setCalendarPopup(True)
        self.when_edit.setAccessibleName(_("When the answer was given"))
        now = clock.now_precise()
        self.when_edit.setDateTime(QDateTime(QDate(now.date()), QTime(now.hour, now.minute)))

        self.how_combo = QComboBox()
        self.how_combo.setAccessibleName(_("How the answer was given"))
        for channel in (
            ConfirmationChannel.PHONE,
            ConfirmationChannel.IN_PERSON,
            ConfirmationChannel.WRITTEN,
        ):
            self.how_combo.addItem(label(channel), channel.value)

    def _build_verdict_row(self) -> QHBoxLayout:
        self.agree_radio = QRadioButton(_("«This is righ&t»"))
        self.agree_radio.setAccessibleName(_("This is right"))
        self.change_radio = QRadioButton(_("«I want to chan&ge this»"))
        self.change_radio.setAccessibleName(_("I want to change this"))
        self.agree_radio.setChecked(True)
        self.verdict_group = QButtonGroup(self)
        self.verdict_group.addButton(self.agree_radio)
        self.verdict_group.addButton(self.change_radio)
        verdict_row = QHBoxLayout()
        verdict_row.addWidget(self.agree_radio)
        verdict_row.addWidget(self.change_radio)
        verdict_row.addStretch(1)
        return verdict_row

    def _build_form(self, verdict_row: QHBoxLayout) -> QFormLayout:
        form = QFormLayout()
        form.addRow(_("&Who:"), self.who_combo)
        form.addRow(_("Time of the &answer:"), self.when_edit)
        form.addRow(_("&How:"), self.how_combo)
        form.addRow(_("Answer:"), verdict_row)
        form.addRow(_("C&omment:"), self.comment_edit)
        form.addRow(_("Signing &key:"), self.key_combo)
        form.addRow(_("&Passphrase:"), self.passphrase_edit)
        return form

    def _build_buttons(self) -> QHBoxLayout:
        self.ok_button = QPushButton(_("&Record and make a new version"))
        self.ok_button.setDefault(True)
        self.ok_button.setAccessibleName(_("Record and make a new version"))
        self.ok_button.clicked.connect(self.record)
        cancel = QPushButton(_("&Cancel"))
        cancel.setAccessibleName(_("Cancel"))
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.ok_button)
        buttons.addWidget(cancel)
        return buttons

    def _fill_keys(self) -> None:
        from desktop.services.minutes.signing_keys import list_keys

        self.key_combo.clear()
        for info in list_keys():
            self.key_combo.addItem(
                _("{name} (valid until {date})").format(
                    name=info.subject_name, date=info.not_valid_after.date().isoformat()
                ),
                str(info.path),
            )
        if self.key_combo.count() == 0:
            self.key_combo.addItem(_("No key: the new version is not signed"), "")
        has_key = bool(self.key_combo.currentData())
        self.passphrase_edit.setEnabled(has_key)

    def record(self) -> None:
        from desktop.services.minutes.signing_keys import SigningError
        from desktop.services.minutes.versions import SigningKey

        member = self.who_combo.currentData()
        if member is None:
            self.error_label.setText(_("There is no one to record an answer for."))
            return
        key = None
        key_path = self.key_combo.currentData()
        if key_path:
            if not self.passphrase_edit.text():
                self.error_label.setText(_("Write the key's passphrase."))
                self.passphrase_edit.setFocus()
                return
            key = SigningKey(Path(str(key_path)), self.passphrase_edit.text())
        value = self.when_edit.dateTime().toPython()
        when = value if isinstance(value, datetime) else clock.now_precise()
        verdict = (
            ConfirmationVerdict.AGREES if self.agree_radio.isChecked() else ConfirmationVerdict.WANTS_CHANGE
        )
        try:
            self.result_value = self.service.record_later(
                self.meeting_id,
                int(member),
                verdict,
                self.comment_edit.toPlainText(),
                ConfirmationChannel(str(self.how_combo.currentData())),
                when,
                key=key,
            )
        except (UserError, SigningError) as exc:
            self.error_label.setText(str(exc))
            return
        self.passphrase_edit.clear()
        self.recorded.emit(self.result_value)
        self.accept()


def version_text(result: Any) -> str:
    """«Version 2 of the minutes is made and signed.» for the status line after recording."""
    version = result.version
    if version.is_signed:
        return _("Version {n} of the minutes is made and signed {time}.").format(
            n=version.version, time=format_datetime(version.signed_at)
        )
    return _("Version {n} of the minutes is made (not signed).").format(n=version.version)
