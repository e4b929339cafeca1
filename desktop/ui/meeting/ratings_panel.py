"""The person rates each life area (DOMAIN.md §4) at the meeting: 1–5, with a line of their own.

A tab beside the agenda and attendance in the meeting runner. Each life area is one row of radio
buttons («Ikke satt», 1 … 5, the words in the header and in each button's accessible name) and,
under it, an optional line in the person's own words. Tab moves from area to area, the arrow keys
or the keys 1–5 (0: not set) choose within an area. «Ta med i referatet» records whether the person wants
this meeting's ratings in the minutes. Every change is saved at once and can be undone (Ctrl+Z).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import N_, _
from desktop.models.enums import LifeDomain, label
from desktop.services.meeting.ratings import COMMENT_LIMIT, RATING_MAX, RATING_MIN, RatingService, score_label
from desktop.ui.meeting.meeting_context import Command, MeetingContext
from desktop.ui.palette import muted_style

#: The runner's key for this tab (beside Ctrl+4 for attendance).
RATINGS_ACTION_TEXT = N_("&Life areas: the user's own rating")
RATINGS_ACTION_KEYS = "Ctrl+5"
RATINGS_TAB_TITLE = N_("Life areas")
NOT_RATED = 0

Rating = tuple[int | None, str]  # (score or None, comment)


class SetRatingCommand(Command):
    """One life area's score and line; undo puts back what was there (or nothing)."""

    def __init__(
        self, ctx: MeetingContext, panel: RatingsPanel, domain: LifeDomain, old: Rating, new: Rating
    ) -> None:
        super().__init__(ctx, _("Rate {area}").format(area=label(domain)))
        self._panel, self._domain, self._old, self._new = panel, domain, old, new

    def _apply(self, value: Rating) -> None:
        try:
            self._panel.service.set_rating(
                self._ctx.meeting_id, self._domain, value[0], value[1] if value[0] else ""
            )
        except ValueError as exc:
            self._ctx.error.emit(str(exc))
        self._panel.reload()

    def do(self) -> None:
        self._apply(self._new)

    def revert(self) -> None:
        self._apply(self._old)


class SetInMinutesCommand(Command):
    def __init__(self, ctx: MeetingContext, panel: RatingsPanel, include: bool) -> None:
        super().__init__(
            ctx,
            _("Include the ratings in the minutes") if include else _("Leave the ratings out of the minutes"),
        )
        self._panel, self._include = panel, include

    def _apply(self, include: bool) -> None:
        self._panel.service.set_in_minutes(self._ctx.meeting_id, include)
        self._panel.reload()

    def do(self) -> None:
        self._apply(self._include)

    def revert(self) -> None:
        self._apply(not self._include)


class _DigitKeys(QObject):
    """On a life area's buttons, the keys 1–5 choose that score and 0 «not set» (besides the arrows)."""

    def __init__(self, group: QButtonGroup, parent: QObject) -> None:
        super().__init__(parent)
        self._group = group

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            score = event.key() - Qt.Key.Key_0
            if event.modifiers() in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier):
                button = self._group.button(score) if NOT_RATED <= score <= RATING_MAX else None
                if button is not None:
                    button.setFocus()
                    button.click()
                    return True
        return False


class RatingsPanel(QWidget):
    """The ratings of the open meeting. ``changed`` is emitted after each stored change."""

    changed = Signal()

    def __init__(self, ctx: MeetingContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.service = RatingService(ctx.db)
        self._stored: dict[LifeDomain, Rating] = {}
        self._filling = False
        self.groups: dict[LifeDomain, QButtonGroup] = {}
        self.comments: dict[LifeDomain, QLineEdit] = {}
        self.area_labels: dict[LifeDomain, QLabel] = {}

        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.intro.setStyleSheet(muted_style())
        self.in_minutes = QCheckBox(_("Include in &the minutes"))
        self.in_minutes.setAccessibleName(_("Include this meeting's ratings in the minutes"))
        self.in_minutes.setToolTip(_("Only if the user wants the ratings in the minutes."))
        self.in_minutes.clicked.connect(self._in_minutes_clicked)
        body = QWidget()
        body.setLayout(self._build_grid())
        scroll = QScrollArea()
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the ratings; the area scrolls to each
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.intro)
        layout.addWidget(self.in_minutes)
        layout.addWidget(scroll, 1)

    def _build_grid(self) -> QGridLayout:
        """A header row of scores, then per life area its radio buttons and a comment line below."""
        grid = QGridLayout()
        grid.setHorizontalSpacing(4)
        grid.setVerticalSpacing(2)
        headers = [_("Not set"), *(str(score) for score in range(RATING_MIN, RATING_MAX + 1))]
        for column, text in enumerate(headers, start=1):
            header = QLabel(text)
            header.setAlignment(Qt.AlignmentFlag.AlignCenter)
            header.setStyleSheet(muted_style(size=8) if column == 1 else "font-weight: 600;")
            if column > 1:
                header.setToolTip(score_label(column - 1))
            grid.addWidget(header, 0, column)
        row = 1
        for domain in LifeDomain:
            self._add_domain_rows(grid, domain, row)
            row += 2
        grid.setColumnStretch(0, 1)
        grid.setRowStretch(row, 1)
        return grid

    def _add_domain_rows(self, grid: QGridLayout, domain: LifeDomain, row: int) -> None:
        """The area's name and one radio button per score (digits choose too) on ``row``; the
        comment in the user's own words on the row below."""
        area = label(domain)
        name = QLabel(area)
        name.setWordWrap(True)
        self.area_labels[domain] = name
        name.setStyleSheet("font-weight: 600;")
        grid.addWidget(name, row, 0)
        group = QButtonGroup(self)
        group.setExclusive(True)
        for column, score in enumerate(range(NOT_RATED, RATING_MAX + 1), start=1):
            button = QRadioButton()
            word = score_label(score) if score else _("not set")
            button.setAccessibleName(_("{area}: {word}").format(area=area, word=word))
            button.setToolTip(word)
            button.setObjectName(f"rating_{domain.value}_{score}")
            group.addButton(button, score)
            grid.addWidget(button, row, column, alignment=Qt.AlignmentFlag.AlignCenter)
        group.idClicked.connect(lambda score, d=domain: self._score_chosen(d, score))
        digits = _DigitKeys(group, self)
        for choice in group.buttons():
            choice.installEventFilter(digits)
        comment = QLineEdit()
        comment.setMaxLength(COMMENT_LIMIT)
        comment.setAccessibleName(_("{area}: in the user's own words").format(area=area))
        comment.setObjectName(f"rating_comment_{domain.value}")
        comment.editingFinished.connect(lambda d=domain: self._comment_done(d))
        grid.addWidget(comment, row + 1, 0, 1, RATING_MAX + 2)
        self.groups[domain] = group
        self.comments[domain] = comment

    # -- loading ---------------------------------------------------------------------------------
    def load(self, first_name: str) -> None:
        self.intro.setText(
            _("How is it going? From 1 (very bad) to {high} (very good), in {name}'s own words.").format(
                high=RATING_MAX, name=first_name
            )
            if first_name
            else _("How is it going? From 1 (very bad) to {high} (very good).").format(high=RATING_MAX)
        )
        for domain in LifeDomain:
            self.comments[domain].setPlaceholderText(
                _("What {name} says (optional)").format(name=first_name)
                if first_name
                else _("In the user's own words (optional)")
            )
        self.reload()

    def reload(self) -> None:
        """Show what is stored for the open meeting."""
        if not self._ctx.meeting_id:
            return
        lines: dict[LifeDomain, Rating] = {
            LifeDomain(line.domain): (line.score, line.comment)
            for line in self.service.ratings(self._ctx.meeting_id)
        }
        self._stored = lines
        self._filling = True
        try:
            for domain in LifeDomain:
                score, comment = lines.get(domain, (None, ""))
                button = self.groups[domain].button(score or NOT_RATED)
                if button is not None:
                    button.setChecked(True)
                edit = self.comments[domain]
                if not edit.hasFocus() or edit.text() == comment:
                    edit.setText(comment)
                edit.setEnabled(score is not None)
                area = label(domain)
                self.area_labels[domain].setText(f"{area} · {score_label(score)}" if score else area)
            self.in_minutes.setChecked(self.service.in_minutes(self._ctx.meeting_id))
        finally:
            self._filling = False
        self.changed.emit()

    # -- editing -----------------------------------------------------------------------------------
    def score(self, domain: LifeDomain) -> int | None:
        return self._stored.get(domain, (None, ""))[0]

    def _score_chosen(self, domain: LifeDomain, score: int) -> None:
        if self._filling:
            return
        old = self._stored.get(domain, (None, ""))
        new = (score or None, self.comments[domain].text().strip() if score else "")
        if new != old:
            self._ctx.push(SetRatingCommand(self._ctx, self, domain, old, new))
        if score:
            self.comments[domain].setEnabled(True)

    def _comment_done(self, domain: LifeDomain) -> None:
        if self._filling:
            return
        old = self._stored.get(domain, (None, ""))
        if old[0] is None:
            return
        new = (old[0], self.comments[domain].text().strip())
        if new != old:
            self._ctx.push(SetRatingCommand(self._ctx, self, domain, old, new))

    def _in_minutes_clicked(self, checked: bool) -> None:
        self._ctx.push(SetInMinutesCommand(self._ctx, self, checked))

    def flush(self) -> None:
        """Save a line still being typed (before leaving the runner)."""
        for domain, edit in self.comments.items():
            if edit.hasFocus():
                self._comment_done(domain)

    def focus_first(self) -> None:
        first = next(iter(LifeDomain))
        group = self.groups[first]
        (group.checkedButton() or group.button(NOT_RATED)).setFocus()
