"""Exporting the minutes: preview, language, approvals, signing key, sign and save.

The public entry point is :func:`export_minutes`. The preview is rendered on a worker thread and
shown from memory (``pdf_preview.py``); saving writes a new version and can open its folder.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QColor, QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.db import Database
from desktop.i18n import _, current_language, format_date, format_datetime
from desktop.ui.minutes import file_choosers
from desktop.ui.minutes.new_key_dialog import NewKeyDialog
from desktop.ui.minutes.pdf_preview import PdfPreview
from desktop.ui.minutes.worker_dialog import WorkerDialog, error_text
from desktop.ui.pages import fit_to_screen
from desktop.ui.palette import TEXT_ERROR

LANGUAGE_CHOICES = (("nb", "Bokmål"), ("nn", "Nynorsk"), ("en", "English"))


@dataclass(frozen=True)
class _ExportDone:
    result: Any
    path: Path


class MinutesExportDialog(WorkerDialog):
    """Preview, choose language and key, sign, save, open the folder."""

    preview_ready = Signal()
    exported = Signal(object)  # ExportResult
    failed = Signal(str)

    def __init__(self, parent: QWidget | None, db: Database, meeting_id: int) -> None:
        from desktop.services.minutes.versions import MinutesService

        super().__init__(parent)
        self.db, self.meeting_id = db, meeting_id
        self.service = MinutesService(db)
        self.last_path: Path | None = None
        self._busy = False
        self.setWindowTitle(_("Minutes"))
        fit_to_screen(self, 1200, 740)
        self.preview = PdfPreview()
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.preview)
        splitter.addWidget(self._side_panel())
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addLayout(self._button_row())
        self.reload_keys()
        self.reload_side()
        self.refresh_preview()
        # While the coordinator reads the preview and types the passphrase, the signing code
        # (pyHanko, slow to import) loads on the same worker, after the preview: the first
        # signature does not wait.
        from desktop.services.minutes.signing import load_signing_code

        self.run_in_background(load_signing_code, lambda _loaded: None)

    def _signing_form(self) -> QFormLayout:
        """Language, signing key (make or import one) and its passphrase."""
        self.language_combo = QComboBox()
        self.language_combo.setAccessibleName(_("Language of the minutes"))
        for code, name in LANGUAGE_CHOICES:
            self.language_combo.addItem(name, code)
        index = self.language_combo.findData(current_language())
        self.language_combo.setCurrentIndex(max(index, 0))
        self.language_combo.currentIndexChanged.connect(self.refresh_preview)

        self.key_combo = QComboBox()
        self.key_combo.setAccessibleName(_("Signing key"))
        self.new_key_button = QPushButton(_("&New key…"))
        self.new_key_button.clicked.connect(self.new_key)
        self.import_key_button = QPushButton(_("&Import key (.p12)…"))
        self.import_key_button.clicked.connect(self.import_key)
        self.passphrase_edit = QLineEdit()
        self.passphrase_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase_edit.setPlaceholderText(_("The key's passphrase"))
        self.passphrase_edit.setAccessibleName(_("The key's passphrase"))

        # The key's name and date get the whole width; the buttons go beneath (they cut it off).
        key_row = QVBoxLayout()
        key_row.addWidget(self.key_combo)
        key_buttons = QHBoxLayout()
        key_buttons.addWidget(self.new_key_button)
        key_buttons.addWidget(self.import_key_button)
        key_buttons.addStretch(1)
        key_row.addLayout(key_buttons)
        form = QFormLayout()
        form.addRow(_("L&anguage:"), self.language_combo)
        key_label = QLabel(_("Signing &key:"))
        key_label.setBuddy(self.key_combo)
        form.addRow(key_label, key_row)
        form.addRow(_("&Passphrase:"), self.passphrase_edit)
        return form

    def _side_panel(self) -> QWidget:
        """Beside the preview: the signing form, who receives the minutes, who approved them, the
        versions."""
        self.distribution_list = QListWidget()
        self.distribution_list.setAccessibleName(_("Distribution list"))
        self.attendee_list = QListWidget()
        self.attendee_list.setAccessibleName(_("Tick who approved the minutes in the meeting"))
        self.attendee_list.itemChanged.connect(self._approval_changed)
        self.approve_hint = QLabel(
            _("Space ticks or unticks. No one ticked means no one has approved the minutes yet.")
        )
        self.approve_hint.setWordWrap(True)
        self.versions_list = QListWidget()
        self.versions_list.setAccessibleName(_("Versions"))
        self.versions_list.setToolTip(_("Double-click a version to save a copy of it."))
        self.versions_list.itemActivated.connect(self.save_version_copy)

        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addLayout(self._signing_form())
        dist_box = QGroupBox(_("The minutes are sent to"))
        QVBoxLayout(dist_box).addWidget(self.distribution_list)
        side_layout.addWidget(dist_box, 2)
        approve_box = QGroupBox(_("Tick who approved the minutes in the meeting"))
        approve_layout = QVBoxLayout(approve_box)
        approve_layout.addWidget(self.attendee_list)
        approve_layout.addWidget(self.approve_hint)
        self.confirm_button = QPushButton(_("Confirm in the &room…"))
        self.confirm_button.setAccessibleName(_("Confirm the minutes in the room"))
        self.confirm_button.setToolTip(
            _(
                "Each person in the room reads what was agreed and answers «This is right» or «I want to change this»."
            )
        )
        self.confirm_button.clicked.connect(self.confirm_in_room)
        approve_layout.addWidget(self.confirm_button)
        side_layout.addWidget(approve_box, 1)
        versions_box = QGroupBox(_("Versions"))
        QVBoxLayout(versions_box).addWidget(self.versions_list)
        side_layout.addWidget(versions_box, 1)
        return side

    def _button_row(self) -> QHBoxLayout:
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.sign_button = QPushButton(_("&Sign and save…"))
        self.sign_button.setDefault(True)
        self.sign_button.clicked.connect(lambda: self.save(sign=True))
        self.save_unsigned_button = QPushButton(_("Save &without signing…"))
        self.save_unsigned_button.clicked.connect(lambda: self.save(sign=False))
        self.open_folder_button = QPushButton(_("&Open folder"))
        self.open_folder_button.setEnabled(False)
        self.open_folder_button.clicked.connect(self.open_folder)
        close_button = QPushButton(_("C&lose"))
        close_button.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status_label, 1)
        buttons.addWidget(self.open_folder_button)
        buttons.addWidget(self.save_unsigned_button)
        buttons.addWidget(self.sign_button)
        buttons.addWidget(close_button)
        return buttons

    # -- state -----------------------------------------------------------------------------
    @property
    def language(self) -> str:
        return str(self.language_combo.currentData())

    def set_busy(self, busy: bool, text: str = "") -> None:
        self._busy = busy
        for widget in (self.sign_button, self.save_unsigned_button, self.language_combo):
            widget.setEnabled(not busy)
        if text:
            self.status_label.setText(text)

    def reload_keys(self, select_path: Path | None = None) -> None:
        from desktop.services.minutes.signing_keys import list_keys

        self.key_combo.clear()
        for info in list_keys():
            text = _("{name} (valid until {date})").format(
                name=info.subject_name, date=format_date(info.not_valid_after.date())
            )
            self.key_combo.addItem(text, str(info.path))
            if select_path is not None and info.path == select_path:
                self.key_combo.setCurrentIndex(self.key_combo.count() - 1)
        if self.key_combo.count() == 0:
            self.key_combo.addItem(_("No key yet: make one or import one"), None)

    def reload_side(self) -> None:
        from desktop.services.minutes.collect import load_minutes_data
        from desktop.services.minutes.version_history import format_version_line

        try:
            data = load_minutes_data(self.db, self.meeting_id)
        except Exception as exc:  # noqa: BLE001 - shown, not raised
            self.status_label.setText(error_text(exc))
            return
        self.distribution_list.clear()
        for r in data.distribution.recipients:
            mark = "✓" if r.is_included else "✗"
            item = QListWidgetItem(f"{mark} {r.name}\n    {r.reason_text()}")
            item.setData(Qt.ItemDataRole.UserRole, r.member_id)
            if not r.is_included:
                item.setForeground(QColor(TEXT_ERROR))
            self.distribution_list.addItem(item)
        self.attendee_list.blockSignals(True)
        self.attendee_list.clear()
        from desktop.models.enums import ConfirmationVerdict, label

        answers = {a.name: a for a in data.attestations}
        approved = {a.name: a.approved_at for a in data.attestations}
        for a in data.attendance:
            if a.status not in ("present", "remote", "partial"):
                continue
            text = a.name
            answer = answers.get(a.name)
            if answer is not None and answer.verdict == ConfirmationVerdict.AGREES.value:
                text = _("{name}: approved {time}").format(
                    name=a.name, time=format_datetime(answer.approved_at)
                )
            elif answer is not None:
                text = _("{name}: «{verdict}» {time}").format(
                    name=a.name,
                    verdict=label(ConfirmationVerdict(answer.verdict)),
                    time=format_datetime(answer.approved_at),
                )
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, a.member_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if a.name in approved else Qt.CheckState.Unchecked)
            self.attendee_list.addItem(item)
        self.attendee_list.blockSignals(False)
        self.versions_list.clear()
        rows = self.service.versions(self.meeting_id)
        for row in rows:
            item = QListWidgetItem(format_version_line(row))
            item.setData(Qt.ItemDataRole.UserRole, row.id)
            self.versions_list.addItem(item)
        signed = [r for r in rows if r.is_signed]
        if signed:
            self.sign_button.setText(_("&Sign a corrected version…"))
            self.sign_button.setToolTip(
                _(
                    "Version {n} is signed and cannot be changed. Signing again makes version {next}, which replaces it."
                ).format(n=signed[-1].version, next=signed[-1].version + 1)
            )

    # -- actions ---------------------------------------------------------------------------
    def refresh_preview(self) -> None:
        lang = self.language
        self.set_busy(True, _("Making the preview…"))
        self.run_in_background(
            lambda: self.service.preview(self.meeting_id, lang=lang), self._show_preview, self._show_failure
        )

    def _show_preview(self, pdf: object) -> None:
        assert isinstance(pdf, bytes)
        self.preview.show_pdf(pdf)
        self.set_busy(False, _("Preview of the minutes. Check them, then sign and save."))
        self.preview_ready.emit()

    def _show_failure(self, exc: object) -> None:
        self.set_busy(False, error_text(exc))
        self.failed.emit(self.status_label.text())

    def _approval_changed(self, item: QListWidgetItem) -> None:
        """Ticking records that the person approved the minutes in the meeting; unticking takes it back."""
        from desktop.services.minutes.confirmation import record_attestation, remove_attestation

        member_id = int(item.data(Qt.ItemDataRole.UserRole))
        if item.checkState() == Qt.CheckState.Checked:
            record_attestation(self.db, self.meeting_id, member_id)
        else:
            remove_attestation(self.db, self.meeting_id, member_id)
        row = self.attendee_list.row(item)
        self.reload_side()
        self.attendee_list.setCurrentRow(row)
        self.refresh_preview()

    def confirm_in_room(self) -> None:
        """One screen per person in the room; the answers then show here and in the preview."""
        self.open_confirmation()
        self.reload_side()
        self.refresh_preview()

    def open_confirmation(self) -> None:
        from desktop.ui.minutes.confirmation_dialog import ConfirmationDialog

        dialog = ConfirmationDialog(self.db, self.meeting_id, self)
        dialog.exec()
        dialog.deleteLater()

    def new_key(self) -> None:
        dialog = NewKeyDialog(self, self.service.facilitator_name(self.meeting_id))
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.created is not None:
            self.reload_keys(dialog.created.path)
            self.status_label.setText(_("The key is made. Write its passphrase to sign."))

    def import_key(self) -> None:
        from PySide6.QtWidgets import QInputDialog

        from desktop.services.minutes.signing_keys import SigningError, import_pkcs12

        path = file_choosers.choose_open_path(self, _("Import a signing key"), _("Keys (*.p12 *.pfx)"))
        if path is None:
            return
        passphrase, ok = QInputDialog.getText(
            self, _("Import a signing key"), _("The key's passphrase:"), QLineEdit.EchoMode.Password
        )
        if not ok:
            return
        try:
            info = import_pkcs12(path, passphrase)
        except SigningError as exc:
            self.status_label.setText(str(exc))
            return
        self.reload_keys(info.path)

    def suggested_path(self) -> Path:
        from desktop.services.minutes.collect import load_minutes_data
        from desktop.services.minutes.files import minutes_file_name

        facts = load_minutes_data(self.db, self.meeting_id).facts
        # A copy in another language keeps the number of the version it shows (issue 19).
        number = self.service.plan_export(self.meeting_id, lang=self.language).version
        folder = Path.home() / "Documents"
        return (folder if folder.is_dir() else Path.home()) / minutes_file_name(
            facts.case_reference, facts.start.date(), number
        )

    def save(self, *, sign: bool) -> None:
        if self._busy:
            return
        key_path = self.key_combo.currentData()
        if sign and not key_path:
            self.status_label.setText(_("Make or import a signing key first."))
            return
        if sign and not self.passphrase_edit.text():
            self.status_label.setText(_("Write the key's passphrase."))
            self.passphrase_edit.setFocus()
            return
        try:
            suggested = self.suggested_path()
        except Exception as exc:  # noqa: BLE001
            self.status_label.setText(error_text(exc))
            return
        reason = self.ask_reason() if sign else ""
        if reason is None:
            return
        path = file_choosers.choose_save_path(self, suggested)
        if path is None:
            return
        self.save_to(path, sign=sign, reason=reason)

    def ask_reason(self) -> str | None:
        """Why a new signed version replaces the signed one (issue 19); None: do not sign.

        Unchanged minutes in the same language are not signed again; in another language they are
        a copy of the signed version, which needs no reason.
        """
        from PySide6.QtWidgets import QInputDialog

        try:
            plan = self.service.plan_export(self.meeting_id, lang=self.language, signed=True)
        except Exception as exc:  # noqa: BLE001 - shown, not raised
            self.status_label.setText(error_text(exc))
            return None
        if plan.kind == "unchanged":
            self.status_label.setText(
                _(
                    "Nothing in the minutes has changed since version {n} was signed. "
                    "Save a copy of it from the list of versions."
                ).format(n=plan.version)
            )
            return None
        if plan.kind != "replacing":
            return ""
        text, ok = QInputDialog.getMultiLineText(
            self,
            _("Why a new version?"),
            _(
                "Version {n} is signed. Say why version {next} replaces it; the reason is printed on it:"
            ).format(n=plan.replaces_version, next=plan.version),
        )
        if not ok or not text.strip():
            self.status_label.setText(_("Not signed: a new version needs a reason."))
            return None
        return text

    def save_to(self, path: Path, *, sign: bool, reason: str = "") -> None:
        """Export to ``path`` (signed with the chosen key when ``sign``) on a worker thread."""
        from desktop.services.minutes.versions import SigningKey

        if path.suffix.lower() != ".pdf":
            path = path.with_suffix(".pdf")
        key = None
        if sign:
            key = SigningKey(Path(str(self.key_combo.currentData())), self.passphrase_edit.text())
        lang = self.language
        self.set_busy(True, _("Signing and saving…") if sign else _("Saving…"))
        self.run_in_background(
            lambda: _ExportDone(
                self.service.export(self.meeting_id, lang=lang, key=key, out=path, reason=reason), path
            ),
            self._saved,
            self._show_failure,
        )

    def _saved(self, done: object) -> None:
        assert isinstance(done, _ExportDone)
        result = done.result
        self.last_path = done.path
        self.passphrase_edit.clear()
        self.preview.show_pdf(result.pdf)
        self.reload_side()
        if result.version.is_signed:
            text = _("Signed and saved as {file}.").format(file=done.path.name)
        else:
            text = _("Saved as {file}, not signed.").format(file=done.path.name)
        self.set_busy(False, text)
        self.open_folder_button.setEnabled(True)
        self.exported.emit(result)

    def save_version_copy(self, item: QListWidgetItem) -> None:
        """Save the stored bytes of a version exactly as they were (a signed copy stays valid)."""
        from desktop.services.minutes.files import write_atomically

        version_id = int(item.data(Qt.ItemDataRole.UserRole))
        row = next((r for r in self.service.versions(self.meeting_id) if r.id == version_id), None)
        if row is None:
            return
        folder = self.last_path.parent if self.last_path else Path.home()
        path = file_choosers.choose_save_path(self, folder / row.file_name)
        if path is None:
            return
        try:
            write_atomically(path, self.service.pdf_bytes(version_id))
        except Exception as exc:  # noqa: BLE001 - shown, not raised
            self.status_label.setText(error_text(exc))
            return
        self.last_path = path
        self.open_folder_button.setEnabled(True)
        self.status_label.setText(_("Saved a copy as {file}.").format(file=path.name))

    def open_folder(self) -> None:
        if self.last_path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.last_path.parent)))


def export_minutes(parent: QWidget | None, db: Database, meeting_id: int) -> None:
    """Open the export dialog for a held meeting (a clear message if it is not held)."""
    from PySide6.QtWidgets import QMessageBox

    from desktop.errors import UserError
    from desktop.services.minutes.versions import MinutesService

    try:
        MinutesService(db).check_exportable(meeting_id)
    except UserError as exc:
        QMessageBox.information(parent, _("Minutes"), str(exc))
        return
    MinutesExportDialog(parent, db, meeting_id).exec()
