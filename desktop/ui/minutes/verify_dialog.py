"""Checking received minutes: who signed the PDF, when, and whether it is unchanged.

The public entry point is :func:`verify_received_pdf`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.db import Database
from desktop.i18n import _, format_datetime
from desktop.ui.minutes import file_choosers
from desktop.ui.minutes.worker_dialog import WorkerDialog, error_text
from desktop.ui.palette import error_style, success_style


class VerifyDialog(WorkerDialog):
    """Shows who signed a received PDF, when, and whether it is unchanged.

    Who signed is one of three plain answers (``trust_dialogs.signer_verdict_text``): trusted,
    known (with ``db``: the key signed earlier minutes of the case there) or unknown.
    """

    checked = Signal(object)  # VerifyResult

    def __init__(self, parent: QWidget | None = None, db: Database | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.setWindowTitle(_("Check received minutes"))
        self.resize(640, 360)
        self.verdict_label = QLabel(_("Choose a PDF to check."))
        self.verdict_label.setWordWrap(True)
        font = self.verdict_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.verdict_label.setFont(font)
        self.details_label = QLabel()
        self.details_label.setWordWrap(True)
        self.details_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details_label.setAccessibleName(_("Details of the check"))
        choose = QPushButton(_("&Choose another PDF…"))
        choose.clicked.connect(self.choose)
        close = QPushButton(_("C&lose"))
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(choose)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.verdict_label)
        layout.addSpacing(8)
        layout.addWidget(self.details_label)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self.result: Any = None

    def choose(self) -> None:
        path = file_choosers.choose_open_path(self, _("Check received minutes"), _("PDF files (*.pdf)"))
        if path is not None:
            self.check(path)

    def check(self, path: Path) -> None:
        from desktop.services.minutes.trust import load_trust_list
        from desktop.services.minutes.verify import verify_file

        self.verdict_label.setText(_("Checking {file}…").format(file=path.name))
        self.details_label.clear()
        db = self.db
        self.run_in_background(
            lambda: verify_file(path, trust=load_trust_list(), db=db), self._show, self._failed
        )

    def _failed(self, exc: object) -> None:
        self.verdict_label.setStyleSheet(error_style())
        self.verdict_label.setText(error_text(exc))
        self.checked.emit(None)

    def _show(self, result: object) -> None:
        from desktop.ui.minutes.trust_dialogs import signer_verdict_text

        self.result = result
        r: Any = result
        self.verdict_label.setStyleSheet(success_style() if r.is_accepted else error_style())
        self.verdict_label.setText(
            (_("Valid: {message}") if r.is_valid else _("Not valid: {message}")).format(message=r.message)
        )
        lines = []
        if r.is_valid:
            headline, explanation = signer_verdict_text(r)
            lines += [f"{headline}: {explanation}", ""]
        if r.signature_count:
            yes, no = _("yes"), _("no")
            lines += [
                _("Signed by: {name}").format(name=r.signer or _("unknown")),
                _("Signed: {time}").format(
                    time=format_datetime(r.signed_at) if r.signed_at else _("unknown")
                ),
                _("Unchanged since signing: {answer}").format(answer=no if r.modified_after_signing else yes),
                _("Changed or added to after signing: {answer}").format(
                    answer=yes if r.modified_after_signing else no
                ),
                _("Certificate fingerprint (SHA-256): {fp}").format(fp=r.fingerprint_sha256),
            ]
        self.details_label.setText("\n".join(lines))
        self.checked.emit(result)


def verify_received_pdf(parent: QWidget | None) -> None:
    """Ask for a PDF and show whether its signature is valid and covers the whole file."""
    path = file_choosers.choose_open_path(
        parent or QWidget(), _("Check received minutes"), _("PDF files (*.pdf)")
    )
    if path is None:
        return
    dialog = VerifyDialog(parent, getattr(parent, "db", None))
    dialog.check(path)
    dialog.exec()
