"""Who signed, in the GUI: the signer's verdict in plain words, the fingerprint confirmation that
an unknown signer needs before an import, and the trust list (Security › Trusted signers…).

The rules live in ``desktop/services/minutes/trust.py``; these widgets only show and ask. The fingerprint
is shown in groups of four so that two people can read it to each other on the phone.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop import APP_NAME
from desktop.errors import UserError
from desktop.i18n import _
from desktop.ui.palette import error_style

if TYPE_CHECKING:
    from desktop.services.minutes.trust import TrustEntry
    from desktop.services.minutes.verify import VerifyResult


def signer_verdict_text(result: VerifyResult) -> tuple[str, str]:
    """(a short headline, an explanation) for a valid result's signer status."""
    from desktop.services.minutes.trust import group_fingerprint

    name = result.trusted_name or result.signer or _("unknown")
    if result.signer_status == "trusted":
        if result.trusted_via == "own":
            return _("Trusted signer"), _("Signed with this installation's own key ({name}).").format(
                name=name
            )
        if result.trusted_via == "ca":
            return _("Trusted signer"), _(
                "Signed by {name}, with a certificate from {issuer}, which is in your trust list."
            ).format(name=name, issuer=result.issuer)
        return _("Trusted signer"), _("Signed by {name}, whose key is in your trust list.").format(name=name)
    if result.signer_status == "known":
        return _("Known signer"), _(
            "The same key ({name}) signed earlier minutes of this case in this database. It is not in "
            "your trust list."
        ).format(name=name)
    return _("Unknown signer"), _(
        "The key that signed is not in your trust list. The certificate says {name}, but anyone can make "
        "a key with any name. Compare this fingerprint with the sender's, for example by phone:\n{fp}"
    ).format(name=name, fp=group_fingerprint(result.fingerprint_sha256))


class FingerprintDialog(QDialog):
    """Before importing from an unknown signer: compare the fingerprint, then confirm it.

    The confirm button stays disabled until the user ticks that they compared it; the second box
    adds the key to the trust list so that the next minutes from the same person are trusted.
    """

    def __init__(self, parent: QWidget | None, name: str, fingerprint: str) -> None:
        from desktop.services.minutes.trust import group_fingerprint

        super().__init__(parent)
        self.setObjectName("fingerprintDialog")
        self.setWindowTitle(_("Unknown signer"))
        intro = QLabel(
            _(
                "These minutes were signed by a key that is not in your trust list. The certificate says "
                "{name}, but anyone can make a key with any name. Call the sender (on a number you know) "
                "and compare the fingerprint of their key with this one:"
            ).format(name=name)
        )
        intro.setWordWrap(True)
        self.fingerprint_label = QLabel(group_fingerprint(fingerprint))
        self.fingerprint_label.setObjectName("fingerprint")
        self.fingerprint_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.fingerprint_label.setAccessibleName(_("Fingerprint (SHA-256)"))
        font = self.fingerprint_label.font()
        font.setFamily("monospace")
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.fingerprint_label.setFont(font)
        self.fingerprint_label.setWordWrap(True)
        self.compared_box = QCheckBox(_("I have &compared the fingerprint with the sender, and it matches"))
        self.trust_box = QCheckBox(_("&Trust this key from now on (add it to the trust list)"))
        self.buttons = QDialogButtonBox()
        self.confirm_button = self.buttons.addButton(_("&Import"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.confirm_button.setEnabled(False)
        self.compared_box.toggled.connect(self.confirm_button.setEnabled)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.fingerprint_label)
        layout.addWidget(self.compared_box)
        layout.addWidget(self.trust_box)
        layout.addWidget(self.buttons)

    def accept(self) -> None:
        if not self.compared_box.isChecked():
            return
        super().accept()


def confirm_unknown_signer(parent: QWidget | None, name: str, fingerprint: str) -> tuple[bool, bool] | None:
    """Ask; None when the user cancels, else (confirmed, add to the trust list). Tests replace it."""
    dialog = FingerprintDialog(parent, name, fingerprint)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return True, dialog.trust_box.isChecked()


class AddFingerprintDialog(QDialog):
    """Pin a colleague's key by the fingerprint they read out, with their name."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("addFingerprintDialog")
        self.setWindowTitle(_("Trust a key by its fingerprint"))
        self.fingerprint_edit = QLineEdit()
        self.fingerprint_edit.setAccessibleName(_("Fingerprint (SHA-256)"))
        self.name_edit = QLineEdit()
        self.name_edit.setAccessibleName(_("Whose key"))
        self.error_label = QLabel()
        self.error_label.setStyleSheet(error_style())
        self.error_label.setWordWrap(True)
        form = QFormLayout()
        form.addRow(_("&Fingerprint (SHA-256):"), self.fingerprint_edit)
        form.addRow(_("&Whose key:"), self.name_edit)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)

    def accept(self) -> None:
        from desktop.services.minutes.trust import add_fingerprint

        try:
            add_fingerprint(self.fingerprint_edit.text(), self.name_edit.text())
        except UserError as exc:
            self.error_label.setText(str(exc))
            return
        super().accept()


class TrustListDialog(QDialog):
    """See, add and remove trusted keys and CAs (the same list as ``python -m desktop trust``)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("trustListDialog")
        self.setWindowTitle(_("Trusted signers"))
        self.resize(760, 380)
        intro = QLabel(
            _(
                "Minutes signed with these keys show as trusted. Your own keys are always here. Add a "
                "colleague's key from a certificate file or by the fingerprint they read out to you, or "
                "a certificate authority (CA) whose certificates you trust."
            )
        )
        intro.setWordWrap(True)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels([_("Whose"), _("Kind"), _("Fingerprint (SHA-256)")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setAccessibleName(_("Trusted signers"))
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.add_file_button = QPushButton(_("Add a &certificate file…"))
        self.add_file_button.clicked.connect(self.choose_file)
        self.add_fingerprint_button = QPushButton(_("Add by &fingerprint…"))
        self.add_fingerprint_button.clicked.connect(self.add_fingerprint)
        self.remove_button = QPushButton(_("&Remove"))
        self.remove_button.clicked.connect(self.remove_selected)
        close = QPushButton(_("C&lose"))
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        for button in (self.add_file_button, self.add_fingerprint_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table)
        layout.addWidget(self.status_label)
        layout.addLayout(buttons)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.entries: list[TrustEntry] = []
        self.reload()

    def reload(self) -> None:
        from desktop.services.minutes.trust import kind_label, load_trust_list

        try:
            self.entries = list(load_trust_list().entries)
        except UserError as exc:
            self.entries = []
            self.status_label.setText(str(exc))
        self.table.setRowCount(len(self.entries))
        for row, entry in enumerate(self.entries):
            for column, text in enumerate((entry.name, kind_label(entry.kind), entry.fingerprint_sha256)):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self._selection_changed()

    def selected_entry(self) -> TrustEntry | None:
        rows = self.table.selectionModel().selectedRows()
        return self.entries[rows[0].row()] if rows else None

    def _selection_changed(self) -> None:
        entry = self.selected_entry()
        self.remove_button.setEnabled(entry is not None and entry.kind != "own")

    def choose_file(self) -> None:
        selected, _filter = QFileDialog.getOpenFileName(
            self,
            _("Add a certificate file"),
            str(Path.home()),
            _("Certificates and keys (*.pem *.crt *.cer *.der *.p12 *.pfx)"),
        )
        if selected:
            self.add_file(Path(selected))

    def add_file(self, path: Path, passphrase: str | None = None) -> bool:
        from desktop.services.minutes.trust import add_certificate_file

        if passphrase is None and path.suffix.lower() in (".p12", ".pfx"):
            text, ok = QInputDialog.getText(
                self,
                _("Passphrase"),
                _("The passphrase of {file}:").format(file=path.name),
                QLineEdit.EchoMode.Password,
            )
            if not ok:
                return False
            passphrase = text
        try:
            added = add_certificate_file(path, passphrase=passphrase)
        except UserError as exc:
            self.status_label.setText(str(exc))
            return False
        self.status_label.setText(
            _("Added: {names}.").format(names=", ".join(e.name for e in added))
            if added
            else _("This is one of this installation's own keys; it is already trusted.")
        )
        self.reload()
        return True

    def add_fingerprint(self) -> None:
        if AddFingerprintDialog(self).exec() == QDialog.DialogCode.Accepted:
            self.reload()

    def remove_selected(self) -> bool:
        from desktop.services.minutes.trust import remove

        entry = self.selected_entry()
        if entry is None:
            return False
        answer = QMessageBox.question(
            self,
            APP_NAME,
            _("Stop trusting {name}? Minutes they sign will show as unknown.").format(name=entry.name),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        try:
            remove(entry.fingerprint_sha256)
        except UserError as exc:
            self.status_label.setText(str(exc))
            return False
        self.status_label.setText(_("{name} is no longer trusted.").format(name=entry.name))
        self.reload()
        return True
