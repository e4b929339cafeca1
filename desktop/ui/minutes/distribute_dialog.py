"""«Distribuer»: every recipient's copy of the minutes into one folder, opened, and printable.

From the review screen of a held meeting (issue 18). The coordinator sees who gets which copy
(full, limited, own tasks) and who gets nothing, and why; the folder opens when the copies are
written; «Skriv ut» prints each copy as its own job with a cover line naming the recipient, so
that paper can be handed out before people leave. Consent is read when the button is pressed: a
consent withdrawn or changed since the last distribution counts now.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Literal

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop import clock
from desktop.i18n import _, format_date, ngettext
from desktop.models.enums import PartyType, label
from desktop.ui.minutes import file_choosers
from desktop.ui.minutes.export_dialog import LANGUAGE_CHOICES
from desktop.ui.minutes.worker_dialog import WorkerDialog, error_text

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter

    from desktop.db import Database
    from desktop.services.minutes.copies import CopyFile, DistributionResult
    from desktop.services.minutes.versions import SigningKey


def kind_text(kind: str) -> str:
    """The copy's kind in words."""
    return {
        "full": _("the full minutes"),
        "limited": _("the minutes, with what the person withholds left out"),
        "own_tasks": _("only their own tasks"),
    }.get(kind, kind)


def default_folder(db: Database, meeting_id: int) -> Path:
    """``~/Ansvarsgruppe/utdeling/<the minutes' file name without .pdf>``: no personal name."""
    from desktop.services.minutes.versions import MinutesService

    stem = MinutesService(db).next_file_name(meeting_id).removesuffix(".pdf")
    return Path.home() / "Ansvarsgruppe" / "utdeling" / stem


class DistributeDialog(WorkerDialog):
    """Write, open and print every recipient's copy of one meeting's minutes."""

    distributed = Signal(object)  # DistributionResult
    handover_saved = Signal(object)  # HandoverResult
    failed = Signal(str)

    def __init__(self, parent: QWidget | None, db: Database, meeting_id: int) -> None:
        super().__init__(parent)
        self.db, self.meeting_id = db, meeting_id
        self.outcome: DistributionResult | None = None
        self.setWindowTitle(_("Distribute the minutes"))
        self.resize(820, 560)

        form = self._build_form()
        self.copies_list = QListWidget()
        self.copies_list.setAccessibleName(_("Who gets which copy"))
        self.status_label = QLabel(
            _("Each person gets what the user has agreed to. Press «Distribute» to write the copies.")
        )
        self.status_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.copies_list, 1)
        layout.addWidget(self.status_label)  # a row of its own: the folder's path is long
        layout.addLayout(self._build_buttons())
        self.reload_keys()
        self.show_plan()

    def _build_form(self) -> QFormLayout:
        """Folder, language of the minutes, signing key and its passphrase."""
        self.folder_edit = QLineEdit(str(default_folder(self.db, self.meeting_id)))
        self.folder_edit.setAccessibleName(_("Folder for the copies"))
        self.folder_button = QPushButton(_("C&hoose folder…"))
        self.folder_button.clicked.connect(self.choose_folder)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(self.folder_button)
        self.language_combo = QComboBox()
        self.language_combo.setAccessibleName(_("Language of the minutes"))
        for code, name in LANGUAGE_CHOICES:
            self.language_combo.addItem(name, code)
        self.key_combo = QComboBox()
        self.key_combo.setAccessibleName(_("Signing key"))
        self.passphrase_edit = QLineEdit()
        self.passphrase_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase_edit.setAccessibleName(_("The key's passphrase"))
        self.passphrase_edit.setPlaceholderText(_("The key's passphrase"))
        form = QFormLayout()
        folder_label = QLabel(_("&Folder:"))
        folder_label.setBuddy(self.folder_edit)
        form.addRow(folder_label, folder_row)
        form.addRow(_("L&anguage:"), self.language_combo)
        form.addRow(_("Signing &key:"), self.key_combo)
        form.addRow(_("&Passphrase:"), self.passphrase_edit)
        return form

    def _build_buttons(self) -> QHBoxLayout:
        """Withhold and handover on the left; open and print (enabled once written), distribute, close."""
        self.distribute_button = QPushButton(_("&Distribute"))
        self.distribute_button.setDefault(True)
        self.distribute_button.clicked.connect(self.distribute)
        self.open_button = QPushButton(_("&Open folder"))
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(self.open_folder)
        self.print_button = QPushButton(_("P&rint each copy…"))
        self.print_button.setEnabled(False)
        self.print_button.clicked.connect(self.print_all)
        self.withhold_button = QPushButton(_("&Withhold…"))
        self.withhold_button.setToolTip(
            _(
                "Record what the person does not want a member or a party to see, so that their copy leaves it out."
            )
        )
        self.withhold_button.clicked.connect(self.edit_withholdings)
        self.handover_button = QPushButton(_("Handover &copy…"))
        self.handover_button.setToolTip(
            _(
                "For the service that takes over coordination: the minutes with the plan and the group as "
                "data it can import. Only with the person's consent to the transfer."
            )
        )
        self.handover_button.clicked.connect(self.save_handover_copy)
        close_button = QPushButton(_("C&lose"))
        close_button.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.withhold_button)
        buttons.addWidget(self.handover_button)
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.distribute_button)
        buttons.addWidget(close_button)
        return buttons

    # -- state ----------------------------------------------------------------------------
    def reload_keys(self) -> None:
        from desktop.services.minutes.signing_keys import list_keys

        self.key_combo.clear()
        self.key_combo.addItem(_("Do not sign"), None)
        for info in list_keys():
            text = _("{name} (valid until {date})").format(
                name=info.subject_name, date=format_date(info.not_valid_after.date())
            )
            self.key_combo.addItem(text, str(info.path))
        if self.key_combo.count() > 1:
            self.key_combo.setCurrentIndex(1)

    def edit_withholdings(self) -> None:
        """What is withheld from whom: applied by the next «Distribute»."""
        from desktop.models import Meeting
        from desktop.ui.case.withholding_dialog import WithholdingDialog

        with self.db.session() as session:
            meeting = session.get(Meeting, self.meeting_id)
        if meeting is None:
            return
        self.withholding_dialog = WithholdingDialog(self, self.db, meeting.case_id, self.meeting_id)
        self.withholding_dialog.open()

    def _key(self) -> SigningKey | None | Literal[False]:
        """The chosen key; None: do not sign; False: a key is chosen but its passphrase is missing."""
        from desktop.services.minutes.versions import SigningKey

        key_path = self.key_combo.currentData()
        if not key_path:
            return None
        if not self.passphrase_edit.text():
            self.status_label.setText(_("Write the key's passphrase."))
            self.passphrase_edit.setFocus()
            return False
        return SigningKey(Path(str(key_path)), self.passphrase_edit.text())

    def save_handover_copy(self, target: Path | None = None) -> None:
        """The handover copy for a new coordinator; refused, with the reason, without the consent."""
        from desktop.models import Meeting
        from desktop.services.minutes.handover_copy import export_handover
        from desktop.services.minutes.versions import MinutesService

        key = self._key()
        if key is False:
            return
        with self.db.session() as session:
            meeting = session.get(Meeting, self.meeting_id)
        if meeting is None:
            return
        if target is None:
            name = MinutesService(self.db).next_file_name(self.meeting_id).replace(".pdf", "-handover.pdf")
            suggested = Path(self.folder_edit.text().strip()).expanduser() / name
            target = file_choosers.choose_save_path(self, suggested)
            if target is None:
                return
        db, case_id, lang, today = (
            self.db,
            meeting.case_id,
            str(self.language_combo.currentData()),
            clock.today(),
        )
        self.handover_button.setEnabled(False)
        self.run_in_background(
            lambda: export_handover(db, case_id, target, lang=lang, key=key, today=today),
            self._handover_done,
            self._handover_failed,
        )

    def _handover_done(self, result: object) -> None:
        self.passphrase_edit.clear()
        self.handover_button.setEnabled(True)
        self.status_label.setText(
            _("The handover copy is saved: {path}").format(path=getattr(result, "path", ""))
        )
        self.handover_saved.emit(result)

    def _handover_failed(self, exc: BaseException) -> None:
        self.handover_button.setEnabled(True)
        text = error_text(exc)
        self.status_label.setText(text)
        self.failed.emit(text)

    def choose_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, _("Folder for the copies"), self.folder_edit.text())
        if chosen:
            self.folder_edit.setText(chosen)

    # -- distributing -----------------------------------------------------------------------
    def distribute(self) -> None:
        from desktop.services.minutes.copies import distribute

        key = self._key()
        if key is False:
            return
        folder = Path(self.folder_edit.text().strip()).expanduser()
        lang = str(self.language_combo.currentData())
        self.distribute_button.setEnabled(False)
        self.status_label.setText(_("Writing the copies…"))
        db, meeting_id, today = self.db, self.meeting_id, clock.today()
        self.run_in_background(
            lambda: distribute(db, meeting_id, folder, lang=lang, key=key, today=today),
            self._done,
            self._failed,
        )

    def _done(self, result: DistributionResult) -> None:
        self.passphrase_edit.clear()
        self.outcome = result
        self.distribute_button.setEnabled(True)
        self.show_result(result)
        self.open_button.setEnabled(True)
        self.print_button.setEnabled(bool(result.copies))
        self.open_folder()
        self.distributed.emit(result)

    def _failed(self, exc: BaseException) -> None:
        self.distribute_button.setEnabled(True)
        text = error_text(exc)
        self.status_label.setText(text)
        self.failed.emit(text)

    def show_plan(self) -> None:
        """Before anything is written: who will get which copy, and who nothing and why."""
        from desktop.models import Meeting
        from desktop.services.minutes.distribution import distribution_for_case

        with self.db.session() as session:
            meeting = session.get(Meeting, self.meeting_id)
        if meeting is None:
            return
        self.copies_list.clear()
        for r in distribution_for_case(self.db, meeting.case_id, today=clock.today()).recipients:
            party = label(PartyType(r.party))
            text = (
                _("{name} ({party}) will get {kind}.").format(
                    name=r.name, party=party, kind=kind_text(r.kind)
                )
                if r.kind
                else _("{name} ({party}) will get nothing. {reason}").format(
                    name=r.name, party=party, reason=r.reason_text()
                )
            )
            self.copies_list.addItem(QListWidgetItem(text))

    def show_result(self, result: DistributionResult) -> None:
        self.copies_list.clear()
        for copy in result.copies:
            party = label(PartyType(copy.party))
            self.copies_list.addItem(
                QListWidgetItem(
                    _("✓ {name} ({party}) gets {kind}.\n    {file}").format(
                        name=copy.name, party=party, kind=kind_text(copy.kind), file=copy.file
                    )
                )
            )
        for left in result.left_out:
            self.copies_list.addItem(
                QListWidgetItem(
                    _("✗ {name} gets nothing.\n    {reason}").format(
                        name=left.name, reason=left.reason_text()
                    )
                )
            )
        text = ngettext(
            "{n} copy of version {version} written to {folder}.",
            "{n} copies of version {version} written to {folder}.",
            len(result.copies),
        ).format(n=len(result.copies), version=result.version.version, folder=result.folder)
        if result.may_be_stale:
            from desktop.services.minutes.copies import stale_warning

            text = f"{text} {stale_warning(result)}"
        self.status_label.setText(text)

    def open_folder(self) -> None:
        if self.outcome is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.outcome.folder)))

    # -- printing ------------------------------------------------------------------------------
    def print_all(self) -> None:
        """One print dialog, then one job per recipient."""
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        if self.outcome is None or not self.outcome.copies:
            return
        template = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(template, self)
        dialog.setWindowTitle(_("Print each copy"))
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            return
        printed = self.print_copies(template)
        self.status_label.setText(
            ngettext("{n} copy sent to the printer.", "{n} copies sent to the printer.", printed).format(
                n=printed
            )
        )

    def print_copies(self, template: QPrinter, copies: list[CopyFile] | None = None) -> int:
        """Print each copy as its own job with ``template``'s settings; return how many."""
        from desktop.errors import UserError
        from desktop.services.minutes.copies import record_printed
        from desktop.ui.minutes.print_copies import copy_printer, cover_line, print_pdf

        assert self.outcome is not None
        printed = 0
        for copy in copies if copies is not None else list(self.outcome.copies):
            if copy.path is None:
                continue
            printer = copy_printer(template, copy.file)
            if printer.outputFormat().name == "PdfFormat":
                base = Path(template.outputFileName())
                printer.setOutputFileName(str(base.with_name(f"{base.stem}-{printed + 1}{base.suffix}")))
            try:
                print_pdf(printer, copy.path, cover_line(copy.name, label(PartyType(copy.party))))
            except UserError as exc:
                self.status_label.setText(str(exc))
                continue
            record_printed(self.db, self.outcome.version.case_id, self.meeting_id, copy.member_id)
            printed += 1
        return printed


def distribute_minutes(parent: QWidget | None, db: Database, meeting_id: int) -> DistributeDialog:
    """Open the dialog (modal) from the review screen."""
    dialog = DistributeDialog(parent, db, meeting_id)
    dialog.open()
    return dialog
