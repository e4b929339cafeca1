"""Confirming the minutes.

:class:`ConfirmationDialog`: in the room, on the same laptop, one calm screen per person (the
person themself first): what was agreed and who does what by when, in plain words, and two big
choices, «Dette stemmer» / «Dette vil jeg endre», with a comment. The person can also ask for time
to read; the minutes then wait for their confirmation (shown on the task board).

:class:`LaterConfirmationDialog`: a confirmation given after the meeting (who, when, how: by phone,
in person, in writing). Recording it makes a new version of the minutes, signed with the chosen
key when there is one.
"""

from __future__ import annotations

from datetime import datetime
from itertools import pairwise
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QDateTime, Qt, QTime, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop import clock
from desktop.db import Database
from desktop.errors import UserError
from desktop.i18n import _, format_datetime
from desktop.models.enums import ConfirmationChannel, ConfirmationVerdict, label
from desktop.services.minutes.confirmation import ConfirmationService, Participant
from desktop.ui.font_size import pt
from desktop.ui.pages import fit_to_screen
from desktop.ui.palette import (
    BG_AGREE,
    BG_CALM,
    BG_CHANGE,
    BG_PAPER,
    TEXT_ERROR,
    TEXT_MUTED,
    TEXT_ON_STRONG,
    TEXT_STRONG,
)

CALM = f"background: {BG_CALM};"
TEXT = f"color: {TEXT_STRONG};"
MUTED = f"color: {TEXT_MUTED};"
ERROR = f"color: {TEXT_ERROR};"


def _agreed_html(db: Database, meeting_id: int) -> str:
    """What was agreed and who does what by when, as the minutes say it (plain sentences)."""
    from xml.sax.saxutils import escape

    from desktop.services.minutes.collect import load_minutes_data
    from desktop.services.minutes.sentences import task_sentence

    data = load_minutes_data(db, meeting_id)
    first = data.facts.user_first_name
    parts = ["<h2>" + escape(_("This is what we agreed")) + "</h2>"]
    if data.decisions:
        parts.append("<ul>" + "".join(f"<li>{escape(d.text)}</li>" for d in data.decisions) + "</ul>")
    else:
        parts.append("<p>" + escape(_("Nothing new was agreed at this meeting.")) + "</p>")
    parts.append("<h2>" + escape(_("Who does what by when")) + "</h2>")
    lines = [line for _group, group_lines in data.tasks_by_group() for line in group_lines]
    if lines:
        parts.append("<ul>" + "".join(f"<li>{escape(task_sentence(t, first))}</li>" for t in lines) + "</ul>")
    else:
        parts.append("<p>" + escape(_("No new tasks were given at this meeting.")) + "</p>")
    return "".join(parts)


class ConfirmationDialog(QDialog):
    """One screen per person in the room. ``answered(member_id)`` after each stored answer."""

    answered = Signal(int)

    def __init__(self, db: Database, meeting_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.meeting_id = db, meeting_id
        self.service = ConfirmationService(db)
        self.participants: tuple[Participant, ...] = self.service.in_room(meeting_id)
        self.index = 0
        self.setWindowTitle(_("Confirm the minutes"))
        self.setObjectName("confirmationDialog")
        self.setStyleSheet(f"QDialog#confirmationDialog {{ {CALM} }}")
        fit_to_screen(self, 1100, 760)

        self._build_header()
        scroll = self._build_content()
        choices = self._build_choices()
        comment_label = self._build_comment()
        small = self._build_small_buttons()
        self._build_answer_page(scroll, comment_label, choices)
        self._build_done_label()
        self._lay_out(small)
        for before, after in pairwise(
            (
                scroll,
                self.comment_edit,
                self.agree_button,
                self.change_button,
                self.back_button,
                self.skip_button,
                self.wait_button,
                self.close_button,
            )
        ):
            self.setTabOrder(before, after)
        self._show_current()

    def _build_header(self) -> None:
        """Which person of how many, whether the person themself is absent, and the name."""
        self.progress_label = QLabel()
        self.progress_label.setStyleSheet(f"{MUTED} font-size: {pt(12)};")
        # When the person themself is not in the room, say so: their minutes will wait for them.
        self.absent_label = QLabel()
        self.absent_label.setObjectName("confirmAbsent")
        self.absent_label.setWordWrap(True)
        self.absent_label.setStyleSheet(f"{MUTED} font-size: {pt(12)};")
        user = next((p for p in self.service.participants(self.meeting_id) if p.is_user), None)
        if user is not None and not user.in_room and user.confirmation is None:
            self.absent_label.setText(
                _("{name} is not in the room. The minutes wait for {name}'s confirmation.").format(
                    name=user.name
                )
            )
        self.absent_label.setVisible(bool(self.absent_label.text()))
        self.name_label = QLabel()
        self.name_label.setObjectName("confirmName")
        self.name_label.setStyleSheet(f"{TEXT} font-size: {pt(26)}; font-weight: 600;")
        self.name_label.setWordWrap(True)

    def _build_content(self) -> QScrollArea:
        """The question and what was agreed, in a scroll area the keyboard can reach."""
        self.question_label = QLabel(_("Read what we agreed. Is this right?"))
        self.question_label.setStyleSheet(f"{TEXT} font-size: {pt(16)};")
        self.question_label.setWordWrap(True)
        self.content = QLabel()
        self.content.setObjectName("confirmContent")
        self.content.setTextFormat(Qt.TextFormat.RichText)
        self.content.setWordWrap(True)
        self.content.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.content.setStyleSheet(f"{TEXT} font-size: {pt(15)}; background: {BG_PAPER}; padding: 16px;")
        self.content.setText(_agreed_html(self.db, self.meeting_id))
        scroll = QScrollArea()
        scroll.setWidget(self.content)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.StyledPanel)
        scroll.setAccessibleName(_("What we agreed"))
        scroll.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        return scroll

    def _build_choices(self) -> QHBoxLayout:
        """The two big answers, «Dette stemmer» and «Dette vil jeg endre», side by side."""
        self.agree_button = QPushButton(_("&This is right"))
        self.change_button = QPushButton(_("I &want to change this"))
        for button, colour in ((self.agree_button, BG_AGREE), (self.change_button, BG_CHANGE)):
            button.setMinimumHeight(72)
            button.setStyleSheet(
                f"QPushButton {{ font-size: {pt(18)}; font-weight: 600; color: {TEXT_ON_STRONG}; background: {colour};"
                " border-radius: 8px; padding: 8px 24px; }"
                f" QPushButton:focus {{ border: 4px solid {TEXT_STRONG}; }}"
            )
        self.agree_button.setAccessibleName(_("This is right"))
        self.change_button.setAccessibleName(_("I want to change this"))
        self.agree_button.clicked.connect(lambda: self.answer(ConfirmationVerdict.AGREES))
        self.change_button.clicked.connect(lambda: self.answer(ConfirmationVerdict.WANTS_CHANGE))
        choices = QHBoxLayout()
        choices.addWidget(self.agree_button, 1)
        choices.addSpacing(24)
        choices.addWidget(self.change_button, 1)
        return choices

    def _build_comment(self) -> QLabel:
        """The comment box and the error line below it; returns the comment's label."""
        comment_label = QLabel(_("&Comment (what should be changed, or anything else):"))
        comment_label.setStyleSheet(f"{TEXT} font-size: {pt(13)};")
        self.comment_edit = QPlainTextEdit()
        self.comment_edit.setAccessibleName(_("Comment"))
        self.comment_edit.setTabChangesFocus(True)
        self.comment_edit.setMaximumHeight(110)
        self.comment_edit.setStyleSheet(f"font-size: {pt(14)}; background: {BG_PAPER};")
        comment_label.setBuddy(self.comment_edit)
        self.error_label = QLabel()
        self.error_label.setStyleSheet(f"{ERROR} font-size: {pt(13)};")
        self.error_label.setWordWrap(True)
        return comment_label

    def _build_small_buttons(self) -> QHBoxLayout:
        """Back, skip, ask for time and done: smaller than the two answers."""
        self.wait_button = QPushButton(_("I want time to &read first"))
        self.wait_button.setAccessibleName(_("I want time to read first"))
        self.wait_button.setToolTip(_("The minutes wait for the confirmation; it can be recorded later."))
        self.wait_button.clicked.connect(self.wants_time)
        self.skip_button = QPushButton(_("&Skip this person"))
        self.skip_button.setAccessibleName(_("Skip this person"))
        self.skip_button.clicked.connect(self.skip)
        self.back_button = QPushButton(_("&Previous person"))
        self.back_button.setAccessibleName(_("Previous person"))
        self.back_button.clicked.connect(self.previous)
        self.close_button = QPushButton(_("&Done"))
        self.close_button.setAccessibleName(_("Finish the confirmation"))
        self.close_button.clicked.connect(self.accept)
        for button in (self.wait_button, self.skip_button, self.back_button, self.close_button):
            button.setMinimumHeight(36)
            button.setStyleSheet(f"font-size: {pt(12)};")
        small = QHBoxLayout()
        small.addWidget(self.back_button)
        small.addWidget(self.skip_button)
        small.addWidget(self.wait_button)
        small.addStretch(1)
        small.addWidget(self.close_button)
        return small

    def _build_answer_page(self, scroll: QScrollArea, comment_label: QLabel, choices: QHBoxLayout) -> None:
        self.answer_page = QWidget()
        page = QVBoxLayout(self.answer_page)
        page.setContentsMargins(0, 0, 0, 0)
        page.addWidget(self.question_label)
        page.addWidget(scroll, 1)
        page.addWidget(comment_label)
        page.addWidget(self.comment_edit)
        page.addWidget(self.error_label)
        page.addSpacing(8)
        page.addLayout(choices)

    def _build_done_label(self) -> None:
        """The summary shown once everyone has answered, in place of the answer page."""
        self.done_label = QLabel()
        self.done_label.setObjectName("confirmDone")
        self.done_label.setWordWrap(True)
        self.done_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.done_label.setStyleSheet(f"{TEXT} font-size: {pt(15)};")

    def _lay_out(self, small: QHBoxLayout) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 28, 40, 24)
        layout.setSpacing(12)
        layout.addWidget(self.progress_label)
        layout.addWidget(self.absent_label)
        layout.addWidget(self.name_label)
        layout.addWidget(self.answer_page, 1)
        layout.addWidget(self.done_label, 1)
        layout.addLayout(small)

    # -- state -------------------------------------------------------------------------------
    @property
    def current(self) -> Participant | None:
        return self.participants[self.index] if 0 <= self.index < len(self.participants) else None

    def _show_current(self) -> None:
        person = self.current
        self.error_label.clear()
        self.answer_page.setVisible(person is not None)
        self.done_label.setVisible(person is None)
        self.skip_button.setVisible(person is not None)
        self.back_button.setVisible(self.index > 0)
        self.wait_button.setVisible(person is not None and person.is_user)
        if person is None:
            self.progress_label.setText("")
            self.name_label.setText(_("Thank you"))
            self.done_label.setText(self._summary_text())
            self.close_button.setDefault(True)
            self.close_button.setFocus()
            return
        self.progress_label.setText(
            _("Person {n} of {total}").format(n=self.index + 1, total=len(self.participants))
        )
        self.name_label.setText(person.name)
        self.comment_edit.setPlainText(person.confirmation.comment if person.confirmation else "")
        if person.confirmation is not None:
            self.error_label.setStyleSheet(f"{MUTED} font-size: {pt(13)};")
            self.error_label.setText(
                _("Already answered: «{verdict}». A new answer replaces it.").format(
                    verdict=label(ConfirmationVerdict(person.confirmation.verdict))
                )
            )
        self.agree_button.setFocus()

    def _summary_text(self) -> str:
        if not self.participants:
            return _(
                "No one is marked as being in the room to the end. Mark attendance first, "
                "or record the confirmations as given later."
            )
        answers = {c.member_id: c for c in self.service.confirmations(self.meeting_id)}
        lines = []
        for person in self.participants:
            answer = answers.get(person.member_id)
            if answer is None:
                lines.append(_("{name}: no answer").format(name=person.name))
            else:
                lines.append(
                    _("{name}: «{verdict}»").format(
                        name=person.name, verdict=label(ConfirmationVerdict(answer.verdict))
                    )
                )
        if self.service.is_awaiting(self.meeting_id):
            lines.append("")
            user = next((p for p in self.service.participants(self.meeting_id) if p.is_user), None)
            name = user.name if user is not None else ""
            lines.append(
                _("The minutes wait for {name}'s confirmation. The task board shows it.").format(name=name)
            )
        return "\n".join(lines)

    def _reload(self) -> None:
        self.participants = self.service.in_room(self.meeting_id)

    # -- actions ------------------------------------------------------------------------------
    def answer(self, verdict: ConfirmationVerdict) -> bool:
        person = self.current
        if person is None:
            return False
        try:
            self.service.record(self.meeting_id, person.member_id, verdict, self.comment_edit.toPlainText())
        except UserError as exc:
            self.error_label.setStyleSheet(f"{ERROR} font-size: {pt(13)};")
            self.error_label.setText(str(exc))
            self.comment_edit.setFocus()
            return False
        self.answered.emit(person.member_id)
        self._reload()
        self.index += 1
        self._show_current()
        return True

    def wants_time(self) -> None:
        """The person wants to read first: the minutes wait for their confirmation."""
        person = self.current
        if person is None or not person.is_user:
            return
        self.service.set_awaiting(self.meeting_id, True)
        self.skip()

    def skip(self) -> None:
        if self.current is not None:
            self.index += 1
            self._show_current()

    def previous(self) -> None:
        if self.index > 0:
            self.index -= 1
            self._show_current()


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
        self.error_label.setStyleSheet(ERROR)
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
