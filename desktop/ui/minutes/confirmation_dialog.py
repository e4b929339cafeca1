"""Confirming the minutes.

:class:`ConfirmationDialog`: in the room, on the same laptop, one calm screen per person (the
person themself first): what was agreed and who does what by when, in plain words, and two big
choices, «Dette stemmer» / «Dette vil jeg endre», with a comment. The person can also ask for time
to read; the minutes then wait for their confirmation (shown on the task board).

A confirmation given after the meeting is recorded with ``later_confirmation_dialog.py``.
"""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.db import Database
from desktop.errors import UserError
from desktop.i18n import _
from desktop.models.enums import ConfirmationVerdict, label
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
