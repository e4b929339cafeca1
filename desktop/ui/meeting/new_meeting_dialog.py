"""Plan a new meeting (or change a planned one): type, date and time, length, place or video, chair,
and who is invited. Next of kin without the user's consent are shown but cannot be ticked."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

from PySide6.QtCore import QDate, Qt, QTime
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from desktop import clock
from desktop.errors import UserError
from desktop.i18n import _, date_edit_format, format_datetime
from desktop.models.enums import MeetingStatus, MeetingType, PartyType, PathwayPhase, label
from desktop.services.meeting.planning import (
    MAX_DURATION_MINUTES,
    MAX_PLACE_CHARS,
    MAX_VIDEO_NOTE_CHARS,
    MIN_DURATION_MINUTES,
    MeetingService,
    MemberChoice,
)
from desktop.ui.palette import BG_ATTENTION, error_style, warning_style

DEFAULT_START = time(10, 0)
DEFAULT_DAYS_AHEAD = 7


#: Meetings a stay has one of: a second one planned beside the first is usually a mistake.
ONCE_PLANNED_TYPES = frozenset({MeetingType.DISCHARGE_PLANNING.value})
PLANNED_STATUSES = frozenset({MeetingStatus.PLANNED.value, MeetingStatus.NOTICE_SENT.value})


def suggested_type(phase: PathwayPhase | str | None) -> MeetingType:
    return {
        PathwayPhase.DISCHARGE_PLANNING.value: MeetingType.DISCHARGE_PLANNING,
        PathwayPhase.PRE_ADMISSION.value: MeetingType.PRE_ADMISSION,
        PathwayPhase.AFTER_DISCHARGE.value: MeetingType.AFTERCARE,
    }.get(str(phase or ""), MeetingType.REGULAR)


def suggested_day(today: date) -> date:
    day = today + timedelta(days=DEFAULT_DAYS_AHEAD)
    while day.weekday() >= 5:  # not on a weekend
        day += timedelta(days=1)
    return day


class NewMeetingDialog(QDialog):
    """``meeting_id`` is set after OK. With ``meeting_id`` given, edits that meeting's details."""

    def __init__(
        self,
        meetings: MeetingService,
        case_id: int,
        parent: QWidget | None = None,
        *,
        phase: str | None = None,
        meeting_id: int | None = None,
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        self._meetings, self._case_id = meetings, case_id
        self.meeting_id = meeting_id
        self.open_existing_id: int | None = None  # set when the user chose to open a clashing meeting
        self._clash_id: int | None = None
        self._editing = meeting_id is not None
        self.setWindowTitle(_("Change meeting") if self._editing else _("New meeting"))
        self.setMinimumWidth(620)

        self._build_type_combo(phase)
        when = self._build_when_row(today or clock.today())
        self._build_place_fields()
        self._build_people(meetings.member_choices(case_id))
        self._build_clash_box()
        self._build_buttons()
        self._lay_out(self._build_form(when))
        if self._editing and meeting_id is not None:
            self._load(meeting_id)
        else:  # suggest a day with no other meeting of the case
            free = meetings.suggest_start(case_id, self.start(), self.duration_spin.value())
            self.date_edit.setDate(QDate(free.date()))
        for signal in (
            self.type_combo.currentIndexChanged,
            self.date_edit.dateChanged,
            self.time_edit.timeChanged,
            self.duration_spin.valueChanged,
        ):
            signal.connect(lambda *_args: self.check_clashes())
        self.check_clashes()

    def _build_type_combo(self, phase: str | None) -> None:
        self.type_combo = QComboBox()
        self.type_combo.setAccessibleName(_("Type of meeting"))
        for meeting_type in MeetingType:
            self.type_combo.addItem(label(meeting_type), meeting_type.value)
        self.type_combo.setCurrentIndex(self.type_combo.findData(suggested_type(phase).value))

    def _build_when_row(self, today: date) -> QHBoxLayout:
        """Date, start time and length side by side; the row's label leads to the date."""
        self.date_edit = QDateEdit()
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat(date_edit_format())
        self.date_edit.setMinimumDate(QDate(2000, 1, 1))
        self.date_edit.setMaximumDate(QDate(2100, 12, 31))
        self.date_edit.setDate(QDate(suggested_day(today)))
        self.date_edit.setAccessibleName(_("Date"))
        self.time_edit = QTimeEdit(QTime(DEFAULT_START.hour, DEFAULT_START.minute))
        self.time_edit.setDisplayFormat("HH:mm")
        self.time_edit.setAccessibleName(_("Start time"))
        self.duration_spin = QSpinBox()
        self.duration_spin.setRange(MIN_DURATION_MINUTES, MAX_DURATION_MINUTES)
        self.duration_spin.setSingleStep(15)
        self.duration_spin.setValue(90)
        self.duration_spin.setSuffix(" " + _("min"))
        self.duration_spin.setAccessibleName(_("Length in minutes"))
        when = QHBoxLayout()
        when.addWidget(self.date_edit)
        when.addWidget(self.time_edit)
        when.addWidget(self.duration_spin)
        when.addStretch()
        return when

    def _build_place_fields(self) -> None:
        self.place_edit = QLineEdit()
        self.place_edit.setMaxLength(MAX_PLACE_CHARS)
        self.place_edit.setPlaceholderText(_("Room and address"))
        self.place_edit.setAccessibleName(_("Place"))
        self.video_edit = QLineEdit()
        self.video_edit.setMaxLength(MAX_VIDEO_NOTE_CHARS)
        self.video_edit.setPlaceholderText(_("For example: NAV joins on video; the link comes by e-mail"))
        self.video_edit.setAccessibleName(_("Video or phone"))

    def _build_people(self, choices: Sequence[MemberChoice]) -> None:
        """The chair and minute-taker choices and the invitee list, from the same members."""
        self.chair_combo = QComboBox()
        self.chair_combo.setAccessibleName(_("Chair"))
        self.chair_combo.addItem(_("Not chosen"), None)
        self.minute_taker_combo = QComboBox()
        self.minute_taker_combo.setAccessibleName(_("Minute-taker"))
        self.minute_taker_combo.addItem(_("Not chosen"), None)
        self.invitee_list = QListWidget()
        self.invitee_list.setAccessibleName(_("Invited"))
        self.invitee_list.setMinimumHeight(170)
        for choice in choices:
            text = self._add_invitee(choice)
            if choice.party != PartyType.USER.value:
                self.chair_combo.addItem(text, choice.id)
                self.minute_taker_combo.addItem(text, choice.id)
        leaders = [c.id for c in choices if c.role in ("chair", "coordinator")]
        if leaders:  # the coordinator usually chairs; the user can choose someone else
            self.chair_combo.setCurrentIndex(max(0, self.chair_combo.findData(leaders[0])))

    def _add_invitee(self, choice: MemberChoice) -> str:
        """Adds the member to the invitee list, ticked if they may be invited; returns their label.
        Without the user's consent a member is shown but cannot be ticked."""
        party = label(PartyType(choice.party))
        text = _("{name} — {party}").format(name=choice.name, party=party)
        item = QListWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, choice.id)
        if choice.may_invite:
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            if not choice.receives_notice:
                item.setToolTip(
                    _("Invited, but the user has not agreed that this person receives the notice.")
                )
        else:
            item.setText(_("{member} (not invited: no consent from the user)").format(member=text))
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            item.setCheckState(Qt.CheckState.Unchecked)
        if choice.party == PartyType.USER.value:
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsUserCheckable)  # the user is always invited
        self.invitee_list.addItem(item)
        return text

    def _build_form(self, when: QHBoxLayout) -> QFormLayout:
        form = QFormLayout()
        form.addRow(_("&Type:"), self.type_combo)
        form.addRow(_("&When:"), when)
        form.addRow(_("&Place:"), self.place_edit)
        form.addRow(_("&Video or phone:"), self.video_edit)
        form.addRow(_("&Chair:"), self.chair_combo)
        form.addRow(_("&Minute-taker:"), self.minute_taker_combo)
        when_label = form.labelForField(when)
        if isinstance(when_label, QLabel):
            when_label.setBuddy(self.date_edit)
        return form

    def _build_clash_box(self) -> None:
        """The warning about another meeting of the case, with a way to open that one instead."""
        self.clash_label = QLabel()
        self.clash_label.setObjectName("clashWarning")
        self.clash_label.setWordWrap(True)
        self.clash_label.setTextFormat(Qt.TextFormat.PlainText)
        self.clash_label.setStyleSheet(warning_style())
        self.open_existing_button = QPushButton(_("&Open that meeting instead"))
        self.open_existing_button.clicked.connect(self._open_existing)
        clash_row = QHBoxLayout()
        clash_row.addWidget(self.clash_label, 1)
        clash_row.addWidget(self.open_existing_button)
        self.clash_box = QWidget()
        self.clash_box.setLayout(clash_row)
        clash_row.setContentsMargins(0, 0, 0, 0)
        self.clash_box.setStyleSheet(f"background: {BG_ATTENTION};")

    def _build_buttons(self) -> None:
        self.error_label = QLabel()
        self.error_label.setStyleSheet(error_style())
        self.error_label.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._save)
        self.buttons.rejected.connect(self.reject)

    def _lay_out(self, form: QFormLayout) -> None:
        """Form, clash warning, invitees (not when changing a meeting), error and buttons."""
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.clash_box)
        if self._editing:
            self.invitee_list.hide()
        else:
            invited_label = QLabel(_("&Invited (the user is always invited):"))
            invited_label.setBuddy(self.invitee_list)
            layout.addWidget(invited_label)
            layout.addWidget(self.invitee_list)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

    def check_clashes(self) -> None:
        """Warn about another upcoming meeting of the case that overlaps or is on the same day."""
        clashes = self._meetings.clashes(
            self._case_id, self.start(), self.duration_spin.value(), exclude_id=self.meeting_id
        )
        clash = next((c for c in clashes if c.overlaps), clashes[0] if clashes else None)
        self._clash_id = clash.id if clash else None
        self.clash_box.setVisible(clash is not None)
        if clash is None:
            self.clash_label.setText("")
            self._check_same_kind_planned()
            return
        values = dict(
            meeting_type=label(MeetingType(clash.type)).lower(),
            start=format_datetime(clash.start),
            minutes=clash.duration_minutes,
            status=label(MeetingStatus(clash.status)).lower(),
        )
        self.clash_label.setText(
            _(
                "This overlaps another meeting of the case: {meeting_type}, {start} ({minutes} min, "
                "{status})."
            ).format(**values)
            if clash.overlaps
            else _(
                "The case already has a meeting that day: {meeting_type}, {start} ({minutes} min, {status})."
            ).format(**values)
        )
        self.open_existing_button.setVisible(not self._editing)

    def _check_same_kind_planned(self) -> None:
        """A discharge meeting is held once per stay: warn when one is already planned for the case."""
        chosen = self.type_combo.currentData()
        if chosen not in ONCE_PLANNED_TYPES:
            return
        planned = next(
            (
                m
                for m in self._meetings.list_meetings(self._case_id)
                if m.type == chosen and m.status in PLANNED_STATUSES and m.id != self.meeting_id
            ),
            None,
        )
        if planned is None:
            return
        self._clash_id = planned.id
        self.clash_box.setVisible(True)
        self.clash_label.setText(
            _(
                "A {meeting_type} is already planned for the case: {start}. Plan another one only if that one will not be held."
            ).format(
                meeting_type=label(MeetingType(planned.type)).lower(), start=format_datetime(planned.start)
            )
        )
        self.open_existing_button.setVisible(not self._editing)

    def _open_existing(self) -> None:
        if self._clash_id is None:
            return
        self.open_existing_id = self._clash_id
        self.reject()

    def _load(self, meeting_id: int) -> None:
        info = self._meetings.meeting(meeting_id)
        self.type_combo.setCurrentIndex(self.type_combo.findData(info.type))
        self.date_edit.setDate(QDate(info.start.date()))
        self.time_edit.setTime(QTime(info.start.hour, info.start.minute))
        self.duration_spin.setValue(info.duration_minutes)
        self.place_edit.setText(info.place)
        self.video_edit.setText(info.video_note)
        index = self.chair_combo.findData(info.facilitator_member_id)
        self.chair_combo.setCurrentIndex(max(0, index))
        self.minute_taker_combo.setCurrentIndex(
            max(0, self.minute_taker_combo.findData(info.minute_taker_member_id))
        )

    def start(self) -> datetime:
        day, clock_time = self.date_edit.date().toPython(), self.time_edit.time().toPython()
        assert isinstance(day, date) and isinstance(clock_time, time)  # the stubs say only «object»
        return datetime.combine(day, clock_time)

    def invitee_ids(self) -> list[int]:
        ids = []
        for row in range(self.invitee_list.count()):
            item = self.invitee_list.item(row)
            if item.flags() & Qt.ItemFlag.ItemIsEnabled and (
                item.checkState() == Qt.CheckState.Checked
                or not item.flags() & Qt.ItemFlag.ItemIsUserCheckable
            ):
                ids.append(int(item.data(Qt.ItemDataRole.UserRole)))
        return ids

    def _save(self) -> None:
        values = dict(
            type=MeetingType(self.type_combo.currentData()),
            start=self.start(),
            duration_minutes=self.duration_spin.value(),
            place=self.place_edit.text(),
            video_note=self.video_edit.text(),
            facilitator_member_id=self.chair_combo.currentData(),
            minute_taker_member_id=self.minute_taker_combo.currentData(),
        )
        try:
            if self._editing and self.meeting_id is not None:
                self._meetings.update_details(self.meeting_id, **values)
            else:
                self.meeting_id = self._meetings.create_meeting(
                    self._case_id,
                    invitee_ids=self.invitee_ids(),
                    **values,
                )
        except UserError as exc:
            self.error_label.setText(str(exc))
            return
        self.accept()
