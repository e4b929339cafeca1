"""Meetings: listing, planning (type, time, place, invitees) and the status lifecycle.

Lifecycle: ``planned`` → (``notice_sent``) → ``in_progress`` → ``held`` (→ ``signed`` by the minutes
service). A planned meeting can be ``cancelled`` with a reason. Invitations follow the consent
rules: next of kin and other private persons only with the user's consent (DOMAIN.md §5.3–5.4).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlmodel import Session, col, select

from desktop import clock
from desktop.db import Database
from desktop.errors import NotFoundError, UserError
from desktop.i18n import _
from desktop.models import Attendance, AuditEvent, Case, Consent, Meeting, Member
from desktop.models.enums import (
    AuditAction,
    ConsentScope,
    GroupRole,
    MeetingStatus,
    MeetingType,
    PartyType,
)
from desktop.services.audit import record
from desktop.services.case.consent import has_consent, is_user, may_be_invited
from desktop.services.case.validation import clean_chars

MIN_DURATION_MINUTES = 10
MAX_DURATION_MINUTES = 8 * 60
MAX_PLACE_CHARS = 300
MAX_VIDEO_NOTE_CHARS = 500
PLANNABLE_STATUSES = (MeetingStatus.PLANNED, MeetingStatus.NOTICE_SENT)
UPCOMING_STATUSES = (MeetingStatus.PLANNED, MeetingStatus.NOTICE_SENT, MeetingStatus.IN_PROGRESS)
LATEST_SUGGESTED_START = time(15, 0)


@dataclass(frozen=True)
class MeetingRow:
    id: int
    case_id: int
    type: str
    status: str
    start: datetime
    place: str


@dataclass(frozen=True)
class Clash:
    """Another upcoming meeting of the same case that overlaps, or is on the same day."""

    id: int
    type: str
    status: str
    start: datetime
    duration_minutes: int
    overlaps: bool


@dataclass(frozen=True)
class MeetingInfo:
    """Everything the planner, runner and notice need about one meeting (no capture content)."""

    id: int
    case_id: int
    case_reference: str
    user_name: str
    type: str
    status: str
    start: datetime
    duration_minutes: int
    place: str
    video_note: str
    facilitator_member_id: int | None
    facilitator_name: str
    minute_taker_member_id: int | None
    next_meeting_start: datetime | None
    next_meeting_reason: str
    started_at: datetime | None
    closed_at: datetime | None
    cancelled_reason: str
    planned_start: datetime | None = None  # the first plan, when the meeting was moved to now

    @property
    def usual_time(self) -> datetime:
        """The start the group planned (not the clock time of a move): the next meeting's default slot."""
        return self.planned_start or self.start


@dataclass(frozen=True)
class MemberChoice:
    """A group member as offered in the new-meeting dialog.

    ``may_invite`` is False for next of kin (and other private persons) without the user's
    consent to take part; ``receives_notice`` says whether the notice may be sent to them.
    """

    id: int
    name: str
    party: str
    role: str
    organisation: str
    email: str
    may_invite: bool
    receives_notice: bool


def _validate(duration_minutes: int, place: str, video_note: str) -> tuple[str, str]:
    place, video_note = clean_chars(place).strip(), clean_chars(video_note).strip()
    if not MIN_DURATION_MINUTES <= duration_minutes <= MAX_DURATION_MINUTES:
        raise UserError(
            _("A meeting lasts between {low} and {high} minutes.").format(
                low=MIN_DURATION_MINUTES, high=MAX_DURATION_MINUTES
            )
        )
    if len(place) > MAX_PLACE_CHARS:
        raise UserError(_("The place is too long (at most {n} characters).").format(n=MAX_PLACE_CHARS))
    if len(video_note) > MAX_VIDEO_NOTE_CHARS:
        raise UserError(
            _("The video note is too long (at most {n} characters).").format(n=MAX_VIDEO_NOTE_CHARS)
        )
    if not place and not video_note:
        raise UserError(_("Write where the meeting is, or how to join by video or phone."))
    return place, video_note


def _active_group(session: Session, case_id: int) -> tuple[Sequence[Member], list[Consent]]:
    """The case's active members and their consents; :class:`NotFoundError` for an unknown case."""
    if session.get(Case, case_id) is None:
        raise NotFoundError(_("There is no case with id {id}.").format(id=case_id))
    members = session.exec(
        select(Member).where(Member.case_id == case_id, col(Member.is_active).is_(True))
    ).all()
    return members, _consents(session, [m.id for m in members])


def _checked_invitees(
    members: Sequence[Member], consents: list[Consent], on: date, invitee_ids: Iterable[int] | None
) -> set[int]:
    """Who gets an invitation: ``invitee_ids`` (None: everyone allowed) and always the user.

    Inviting someone consent does not allow (next of kin without consent) is refused.
    """
    allowed = {m.id for m in members if m.id is not None and may_be_invited(m, consents, on)}
    users = {m.id for m in members if m.id is not None and is_user(m)}
    wanted = set(allowed) if invitee_ids is None else set(invitee_ids)
    refused = wanted - allowed
    if refused:
        raise UserError(
            _("Someone on the list cannot be invited: the user has not consented to their taking part.")
        )
    return wanted | users


def _check_roles(
    members: Sequence[Member], facilitator_member_id: int | None, minute_taker_member_id: int | None
) -> None:
    """The chair and the minute-taker, when named, are active members of the group."""
    ids = {m.id for m in members}
    if facilitator_member_id is not None and facilitator_member_id not in ids:
        raise UserError(_("The chair must be a member of the group."))
    if minute_taker_member_id is not None and minute_taker_member_id not in ids:
        raise UserError(_("The minute-taker must be a member of the group."))


class MeetingService:
    def __init__(self, db: Database) -> None:
        self._db = db

    # -- reading ---------------------------------------------------------------------------
    def list_meetings(self, case_id: int | None = None) -> list[MeetingRow]:
        query = select(Meeting).order_by(col(Meeting.start), col(Meeting.id))
        if case_id is not None:
            query = query.where(Meeting.case_id == case_id)
        with self._db.session() as session:
            return [
                MeetingRow(
                    id=m.id or 0,
                    case_id=m.case_id,
                    type=m.type.value,
                    status=m.status.value,
                    start=m.start,
                    place=m.place,
                )
                for m in session.exec(query).all()
            ]

    def meeting(self, meeting_id: int) -> MeetingInfo:
        with self._db.session() as session:
            meeting = _get(session, meeting_id)
            case = session.get(Case, meeting.case_id)
            assert case is not None
            facilitator = (
                session.get(Member, meeting.facilitator_member_id) if meeting.facilitator_member_id else None
            )
            return MeetingInfo(
                id=meeting_id,
                case_id=meeting.case_id,
                case_reference=case.reference,
                user_name=case.display_name,
                type=meeting.type.value,
                status=meeting.status.value,
                start=meeting.start,
                duration_minutes=meeting.duration_minutes,
                place=meeting.place,
                video_note=meeting.video_note,
                facilitator_member_id=meeting.facilitator_member_id,
                facilitator_name=facilitator.name if facilitator else "",
                minute_taker_member_id=meeting.minute_taker_member_id,
                next_meeting_start=meeting.next_meeting_start,
                next_meeting_reason=meeting.next_meeting_reason,
                started_at=meeting.started_at,
                closed_at=meeting.closed_at,
                cancelled_reason=meeting.cancelled_reason,
                planned_start=meeting.planned_start,
            )

    def case_phase(self, case_id: int) -> str:
        """The case's pathway phase (the new-meeting dialog suggests a meeting type from it)."""
        with self._db.session() as session:
            case = session.get(Case, case_id)
            if case is None:
                raise NotFoundError(_("There is no case with id {id}.").format(id=case_id))
            return case.phase.value

    def member_choices(self, case_id: int, on: date | None = None) -> list[MemberChoice]:
        """Active members of the case's group, the user first, with what consent allows."""
        with self._db.session() as session:
            members, consents = _active_group(session, case_id)
            rows = [
                MemberChoice(
                    id=m.id or 0,
                    name=m.name,
                    party=m.party.value,
                    role=m.role.value,
                    organisation=m.organisation,
                    email=m.email,
                    may_invite=may_be_invited(m, consents, on),
                    receives_notice=has_consent(m, ConsentScope.RECEIVE_NOTICE, consents, on),
                )
                for m in members
            ]
        is_user = {PartyType.USER.value, GroupRole.USER.value}
        return sorted(rows, key=lambda r: (r.party not in is_user and r.role not in is_user, r.id))

    # -- clashes -----------------------------------------------------------------------------
    def clashes(
        self, case_id: int, start: datetime, duration_minutes: int, exclude_id: int | None = None
    ) -> list[Clash]:
        """Upcoming meetings of the case on the same day as ``start`` (``overlaps`` when the times meet)."""
        day_start = datetime.combine(start.date(), time(0, 0))
        end = start + timedelta(minutes=duration_minutes)
        with self._db.session() as session:
            rows = session.exec(
                select(Meeting)
                .where(
                    Meeting.case_id == case_id,
                    col(Meeting.status).in_(UPCOMING_STATUSES),
                    Meeting.start >= day_start,
                    Meeting.start < day_start + timedelta(days=1),
                )
                .order_by(col(Meeting.start))
            ).all()
            return [
                Clash(
                    id=m.id or 0,
                    type=m.type.value,
                    status=m.status.value,
                    start=m.start,
                    duration_minutes=m.duration_minutes,
                    overlaps=m.start < end and start < m.start + timedelta(minutes=m.duration_minutes),
                )
                for m in rows
                if m.id != exclude_id
            ]

    def suggest_start(self, case_id: int, start: datetime, duration_minutes: int) -> datetime:
        """``start``, or the first weekday after it (same time) with no other upcoming meeting of the case."""
        candidate = start
        for _attempt in range(60):
            if candidate.weekday() < 5 and not self.clashes(case_id, candidate, duration_minutes):
                return candidate
            candidate += timedelta(days=1)
        return start

    # -- planning ----------------------------------------------------------------------------
    def create_meeting(
        self,
        case_id: int,
        *,
        type: MeetingType,
        start: datetime,
        duration_minutes: int = 90,
        place: str = "",
        video_note: str = "",
        facilitator_member_id: int | None = None,
        invitee_ids: Iterable[int] | None = None,
        minute_taker_member_id: int | None = None,
    ) -> int:
        """A planned meeting with its invitations; ``invitee_ids=None`` invites everyone allowed.

        Inviting someone consent does not allow (next of kin without consent) is refused.
        """
        place, video_note = _validate(duration_minutes, place, video_note)
        with self._db.session() as session:
            members, consents = _active_group(session, case_id)
            invited = _checked_invitees(members, consents, start.date(), invitee_ids)
            _check_roles(members, facilitator_member_id, minute_taker_member_id)
            meeting = Meeting(
                case_id=case_id,
                type=type,
                status=MeetingStatus.PLANNED,
                start=start.replace(second=0, microsecond=0),
                duration_minutes=duration_minutes,
                place=place,
                video_note=video_note,
                facilitator_member_id=facilitator_member_id,
                minute_taker_member_id=minute_taker_member_id,
            )
            session.add(meeting)
            session.flush()
            assert meeting.id is not None
            for member_id in sorted(invited):
                session.add(Attendance(meeting_id=meeting.id, member_id=member_id))
            record(session, AuditAction.MEETING_CREATED, case_id=case_id, meeting_id=meeting.id)
            return meeting.id

    def update_details(
        self,
        meeting_id: int,
        *,
        type: MeetingType,
        start: datetime,
        duration_minutes: int,
        place: str,
        video_note: str,
        facilitator_member_id: int | None,
        minute_taker_member_id: int | None = None,
    ) -> None:
        place, video_note = _validate(duration_minutes, place, video_note)
        with self._db.session() as session:
            meeting = _get(session, meeting_id)
            if meeting.status not in PLANNABLE_STATUSES:
                raise UserError(_("Only a planned meeting can be changed."))
            start = start.replace(second=0, microsecond=0)
            when_where_who = (start, duration_minutes, place, video_note, facilitator_member_id)
            if when_where_who != (
                meeting.start,
                meeting.duration_minutes,
                meeting.place,
                meeting.video_note,
                meeting.facilitator_member_id,
            ):
                bump_calendar_sequence(session, meeting)
            meeting.type = type
            meeting.start = start
            meeting.duration_minutes = duration_minutes
            meeting.place = place
            meeting.video_note = video_note
            meeting.facilitator_member_id = facilitator_member_id
            meeting.minute_taker_member_id = minute_taker_member_id

    def invitee_ids(self, meeting_id: int) -> list[int]:
        with self._db.session() as session:
            _get(session, meeting_id)
            return list(
                session.exec(select(Attendance.member_id).where(Attendance.meeting_id == meeting_id)).all()
            )

    def mark_notice_sent(self, meeting_id: int) -> None:
        with self._db.session() as session:
            meeting = _get(session, meeting_id)
            if meeting.status == MeetingStatus.PLANNED:
                meeting.status = MeetingStatus.NOTICE_SENT
            record(session, AuditAction.NOTICE_EXPORTED, case_id=meeting.case_id, meeting_id=meeting_id)

    # -- lifecycle ---------------------------------------------------------------------------
    def start_meeting(self, meeting_id: int, at: datetime | None = None, *, move_start: bool = False) -> None:
        """Planned → in progress. Starting a meeting already in progress is harmless.

        With ``move_start`` the meeting's planned start becomes the actual start (same length), for a
        meeting held on another day or time than planned: the minutes then show when it was held.
        """
        with self._db.session() as session:
            meeting = _get(session, meeting_id)
            if meeting.status == MeetingStatus.IN_PROGRESS:
                return
            if meeting.status not in PLANNABLE_STATUSES:
                raise UserError(_("This meeting has already been held or cancelled."))
            started = (at or clock.now_precise()).replace(microsecond=0)
            meeting.status = MeetingStatus.IN_PROGRESS
            meeting.started_at = started
            if move_start:
                if meeting.planned_start is None:  # the first plan is kept (reopened and moved again)
                    meeting.planned_start = meeting.start
                meeting.start = started.replace(second=0)

    def reopen_planning(self, meeting_id: int) -> None:
        """In progress → planned (started by mistake). Captured content is kept."""
        with self._db.session() as session:
            meeting = _get(session, meeting_id)
            if meeting.status != MeetingStatus.IN_PROGRESS:
                raise UserError(_("Only a meeting in progress can go back to planning."))
            meeting.status = MeetingStatus.PLANNED
            meeting.started_at = None

    def cancel_meeting(self, meeting_id: int, reason: str) -> None:
        reason = clean_chars(reason).strip()
        if not reason:
            raise UserError(_("Write why the meeting is cancelled."))
        with self._db.session() as session:
            meeting = _get(session, meeting_id)
            if meeting.status not in PLANNABLE_STATUSES:
                raise UserError(_("Only a planned meeting can be cancelled."))
            bump_calendar_sequence(session, meeting)
            meeting.status = MeetingStatus.CANCELLED
            meeting.cancelled_reason = reason


def bump_calendar_sequence(session: Session, meeting: Meeting) -> None:
    """Raise the iCalendar SEQUENCE of a meeting whose notice was already written.

    Calendars replace an entry they hold only when a re-sent invitation (or a cancellation)
    carries a higher SEQUENCE (RFC 5545 3.8.7.4); before the first notice nobody holds one.
    """
    if (
        meeting.status == MeetingStatus.NOTICE_SENT
        or session.exec(
            select(AuditEvent.id).where(
                AuditEvent.meeting_id == meeting.id, AuditEvent.action == AuditAction.NOTICE_EXPORTED
            )
        ).first()
        is not None
    ):
        meeting.calendar_sequence = (meeting.calendar_sequence or 0) + 1


def _get(session: Session, meeting_id: int) -> Meeting:
    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        raise NotFoundError(_("There is no meeting with id {id}.").format(id=meeting_id))
    return meeting


def _consents(session: Session, member_ids: list[int | None]) -> list[Consent]:
    return list(session.exec(select(Consent).where(col(Consent.member_id).in_(member_ids))).all())
