"""Importing a coordination handover: a signed minutes PDF becomes a new case.

The public entry point is :func:`import_handover`. The PDF is checked first; an unknown signer is
imported only after the user has compared and confirmed the fingerprint.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.db import Database
from desktop.i18n import _
from desktop.ui.minutes import file_choosers
from desktop.ui.minutes.worker_dialog import WorkerDialog, error_text

if TYPE_CHECKING:
    from desktop.services.minutes.verify import VerifyResult

#: What checking a handover file gives: its bytes, the handover document and the signature check.
type Checked = tuple[bytes, dict[str, Any], VerifyResult]


class HandoverImportDialog(WorkerDialog):
    """Check the PDF, show what it holds and who signed it, then import it as a new case.

    An unknown signer (not trusted, not known from this database) is imported only after the user
    has compared and confirmed the fingerprint (``trust_dialogs.confirm_unknown_signer``), which
    also offers to add the key to the trust list.
    """

    checked = Signal(bool)
    imported = Signal(int)

    def __init__(self, parent: QWidget | None, db: Database) -> None:
        super().__init__(parent)
        self.db = db
        self.setWindowTitle(_("Import coordination handover"))
        self.resize(640, 360)
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.import_button = QPushButton(_("&Import as a new case"))
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.do_import)
        cancel = QPushButton(_("&Cancel"))
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.import_button)
        buttons.addWidget(cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary_label)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self.pdf: bytes = b""
        self.case_id: int | None = None
        self.verdict: VerifyResult | None = None

    def load(self, path: Path) -> None:
        from desktop.services.minutes.handover import read_handover

        self.summary_label.setText(_("Checking the signature of {file}…").format(file=path.name))

        def work() -> Checked:
            from desktop.errors import UserError
            from desktop.services.minutes.trust import load_trust_list
            from desktop.services.minutes.verify import verify_bytes

            try:
                data = path.read_bytes()
            except OSError as exc:
                raise UserError(_("The file {path} cannot be read.").format(path=path)) from exc
            document = read_handover(data)
            return data, document, verify_bytes(data, trust=load_trust_list(), db=db)

        db = self.db
        self.run_in_background(work, self._loaded, self._failed)

    def _loaded(self, payload: Checked) -> None:
        from desktop.ui.minutes.trust_dialogs import signer_verdict_text

        data, doc, verdict = payload
        self.pdf = data
        self.verdict = verdict
        signer = verdict.signer
        headline, explanation = signer_verdict_text(verdict)
        case = doc["case"]
        self.summary_label.setText(
            f"{headline}: {explanation}\n\n"
            + _(
                "The signature is valid (signed by {signer}).\n\n"
                "Case {reference}: {members} group members, {tasks} open tasks, {meetings} earlier meetings.\n\n"
                "Importing makes a new case in this database. Ask the user again about consent: "
                "consents are given to people, and the new coordinator should confirm them."
            ).format(
                signer=signer,
                reference=case.get("reference", ""),
                members=len(doc["members"]),
                tasks=len(doc["open_tasks"]),
                meetings=len(doc["meetings"]),
            )
        )
        self.import_button.setText(
            _("Compare the fingerprint and &import…")
            if verdict.signer_status == "unknown"
            else _("&Import as a new case")
        )
        self.import_button.setEnabled(True)
        self.import_button.setDefault(True)
        self.checked.emit(True)

    def _failed(self, exc: object) -> None:
        self.summary_label.setText(error_text(exc))
        self.import_button.setEnabled(False)
        self.checked.emit(False)

    def do_import(self) -> None:
        from desktop.services.minutes.handover_import import import_handover as service_import

        verdict = self.verdict
        if verdict is not None and verdict.signer_status == "unknown" and not self._confirm_signer(verdict):
            return
        self.import_button.setEnabled(False)
        pdf = self.pdf
        self.run_in_background(lambda: service_import(self.db, pdf), self._done, self._failed)

    def _confirm_signer(self, verdict: VerifyResult) -> bool:
        """Ask for the fingerprint check; on "trust from now on" pin the signer's certificate."""
        from desktop.ui.minutes import trust_dialogs

        answer = trust_dialogs.confirm_unknown_signer(self, verdict.signer, verdict.fingerprint_sha256)
        if answer is None:
            return False
        _confirmed, add_to_trust = answer
        if add_to_trust:
            from desktop.errors import UserError
            from desktop.services.minutes.signers import signer_certificate_of
            from desktop.services.minutes.trust import add_certificate

            try:
                add_certificate(signer_certificate_of(self.pdf), verdict.signer)
            except UserError as exc:
                self.summary_label.setText(str(exc))
                return False
        return True

    def _done(self, result: object) -> None:
        r: Any = result
        self.case_id = int(r.case_id)
        self.imported.emit(self.case_id)
        self.accept()


def import_handover(parent: QWidget | None, db: Database) -> int | None:
    """Ask for a signed minutes PDF and import it as a new case; return the new case id."""
    path = file_choosers.choose_open_path(
        parent or QWidget(), _("Import coordination handover"), _("PDF files (*.pdf)")
    )
    if path is None:
        return None
    dialog = HandoverImportDialog(parent, db)
    dialog.load(path)
    if dialog.exec() == QDialog.DialogCode.Accepted:
        return dialog.case_id
    return None
