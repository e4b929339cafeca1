"""Making a personal signing key: name, workplace and the passphrase that locks it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from desktop.i18n import _
from desktop.ui.palette import error_style

if TYPE_CHECKING:
    from desktop.services.minutes.signing_keys import KeyInfo


class NewKeyDialog(QDialog):
    """Make a personal key: name, workplace, passphrase twice."""

    def __init__(self, parent: QWidget | None, name: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Make a personal signing key"))
        self.name_edit = QLineEdit(name)
        self.organisation_edit = QLineEdit()
        self.passphrase_edit = QLineEdit()
        self.passphrase_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat_edit = QLineEdit()
        self.repeat_edit.setEchoMode(QLineEdit.EchoMode.Password)
        for edit, name in (
            (self.name_edit, _("Your name on the key")),
            (self.organisation_edit, _("Your workplace")),
            (self.passphrase_edit, _("Passphrase for the key")),
            (self.repeat_edit, _("Repeat the passphrase")),
        ):
            edit.setAccessibleName(name)
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(error_style())
        explanation = QLabel(
            _(
                "The key seals the minutes on your behalf. It is kept in your own data folder, "
                "locked with the passphrase. It is not BankID: the receivers see that it was made "
                "in this app."
            )
        )
        explanation.setWordWrap(True)
        form = QFormLayout()
        form.addRow(_("&Name:"), self.name_edit)
        form.addRow(_("&Workplace:"), self.organisation_edit)
        form.addRow(_("&Passphrase:"), self.passphrase_edit)
        form.addRow(_("&Repeat passphrase:"), self.repeat_edit)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.create_key)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.created: KeyInfo | None = None

    def create_key(self) -> None:
        from desktop.services.minutes.signing_keys import SigningError, generate_key

        if self.passphrase_edit.text() != self.repeat_edit.text():
            self.error_label.setText(_("The two passphrases are not the same."))
            return
        try:
            self.created = generate_key(
                self.name_edit.text(), self.passphrase_edit.text(), organisation=self.organisation_edit.text()
            )
        except SigningError as exc:
            self.error_label.setText(str(exc))
            return
        self.accept()
