"""The person's (and each participant's) confirmation of the minutes: «Dette stemmer» / «Dette vil
jeg endre», with a comment, the time and how it reached the coordinator.

Rules:
- In the room, everyone who sat in the room to the end can confirm, one screen per person on the
  same laptop (``confirmation_dialog``). The person themself comes first.
- One confirmation per person and meeting: answering again replaces the earlier answer.
- «Dette vil jeg endre» needs a comment: what the person wants changed.
- The minutes wait for confirmation (``Meeting.awaiting_confirmation``) while the person has not
  answered: they were not in the room, or they want time to read. The task board lists these.
- A confirmation recorded later (by phone, in person, in writing) makes a new version of the
  minutes (``MinutesService.export``), signed when a key is given.

Nothing here logs names, comments or case content.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from desktop import clock
from desktop.db import Database
from desktop.errors import NotFoundError, UserError
from desktop.i18n import _
from desktop.models import Attendance, Case, Meeting, Member
from desktop.models.enums import (
    AttendanceStatus,
    ConfirmationChannel,
    ConfirmationVerdict,
    MeetingStatus,
    ParticipationMode,
    PartyType,
)
from desktop.models.records import Attestation
from desktop.services.case.consent import is_user
from desktop.services.case.validation import clean_chars

MAX_COMMENT_CHARS = 5_000
#: Statuses of a meeting whose minutes can be confirmed (after closing, before and after signing).
CONFIRMABLE_STATUSES = (MeetingStatus.HELD, MeetingStatus.SIGNED)
IN_THE_ROOM = (AttendanceStatus.PRESENT, AttendanceStatus.PARTIAL)


@dataclass(frozen=True)
class Confirmation:
    """One stored answer. ``verdict`` and ``channel`` keep their enum values."""

    member_id: int | None
    name: str
    verdict: str
    comment: str
    channel: str
    approved_at: datetime
    recorded_at: datetime

    @property
    def agrees(self) -> bool:
        return self.verdict == ConfirmationVerdict.AGREES.value


@dataclass(frozen=True)
class Participant:
    """Someone who can confirm the minutes; ``in_room`` says whether they can do it here and now."""

    member_id: int
    name: str
    party: str
    is_user: bool
    in_room: bool
    attendance: str | None  # AttendanceStatus value
    confirmation: Confirmation | None


@dataclass(frozen=True)
class AwaitingMeeting:
    """A held meeting whose minutes wait for the person's confirmation (the task board's list)."""

    meeting_id: int
    case_id: int
    case_reference: str
    start: datetime
    user_member_id: int | None
    user_name: str


def _confirmation(row: Attestation) -> Confirmation:
    return Confirmation(
        member_id=row.member_id,
        name=row.name,
        verdict=ConfirmationVerdict(row.verdict).value,
        comment=row.comment,
        channel=ConfirmationChannel(row.channel).value,
        approved_at=row.approved_at,
        recorded_at=row.recorded_at,
    )


def _now() -> datetime:
    return clock.now()


def _meeting(session: Session, meeting_id: int) -> Meeting:
    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        raise NotFoundError(_("There is no meeting with id {id}.").format(id=meeting_id))
    return meeting


def _user_of(session: Session, case_id: int) -> Member | None:
    return session.exec(
        select(Member)
        .where(Member.case_id == case_id, Member.party == PartyType.USER)
        .order_by(col(Member.id))
    ).first()


def was_in_room(attendance: Attendance | None) -> bool:
    """In the room to the end: present (or partly), in person, and did not leave early."""
    if attendance is None or attendance.status not in IN_THE_ROOM:
        return False
    if attendance.mode not in (None, ParticipationMode.IN_PERSON):
        return False
    return not attendance.left_early


def user_in_room(session: Session, meeting: Meeting) -> bool:
    """Whether the person themself sat in the room to the end (else the minutes wait for them)."""
    assert meeting.id is not None
    user = _user_of(session, meeting.case_id)
    if user is None:
        return False
    row = session.exec(
        select(Attendance).where(Attendance.meeting_id == meeting.id, Attendance.member_id == user.id)
    ).first()
    return was_in_room(row)


def _answers_of(session: Session, meeting_id: int, member_id: int) -> Sequence[Attestation]:
    """The member's stored answers to the meeting's minutes (one, or none)."""
    return session.exec(
        select(Attestation).where(Attestation.meeting_id == meeting_id, Attestation.member_id == member_id)
    ).all()


def _checked_comment(comment: str, verdict: ConfirmationVerdict) -> str:
    """The comment cleaned; refused when too long, or missing where a change is wanted."""
    comment = clean_chars(comment).strip()
    if len(comment) > MAX_COMMENT_CHARS:
        raise UserError(
            _("The comment is too long: at most {limit} characters.").format(limit=MAX_COMMENT_CHARS)
        )
    if verdict == ConfirmationVerdict.WANTS_CHANGE and not comment:
        raise UserError(_("Write what should be changed."))
    return comment


def _member_who_may_answer(
    session: Session, meeting: Meeting, member_id: int, channel: ConfirmationChannel, answered_at: datetime
) -> Member:
    """The member, once the meeting is closed, the time fits and (in the room) they sat there."""
    if meeting.status not in CONFIRMABLE_STATUSES:
        raise UserError(_("The minutes can be confirmed only after the meeting is closed."))
    held = min(meeting.start, meeting.started_at or meeting.start).replace(second=0)
    if channel != ConfirmationChannel.IN_ROOM and answered_at < held:
        raise UserError(_("The answer cannot be from before the meeting."))
    member = session.get(Member, member_id)
    if member is None or member.case_id != meeting.case_id:
        raise NotFoundError(_("That person is not in this meeting's group."))
    if channel == ConfirmationChannel.IN_ROOM:
        attendance = session.exec(
            select(Attendance).where(Attendance.meeting_id == meeting.id, Attendance.member_id == member_id)
        ).first()
        if not was_in_room(attendance):
            raise UserError(_("This person was not in the room. Record the answer as given later instead."))
    return member


class ConfirmationService:
    def __init__(self, db: Database) -> None:
        self._db = db

    # -- reading ---------------------------------------------------------------------------------
    def confirmations(self, meeting_id: int) -> tuple[Confirmation, ...]:
        with self._db.session() as session:
            _meeting(session, meeting_id)
            rows = session.exec(
                select(Attestation)
                .where(Attestation.meeting_id == meeting_id)
                .order_by(col(Attestation.approved_at), col(Attestation.id))
            ).all()
            return tuple(_confirmation(r) for r in rows)

    def participants(self, meeting_id: int) -> tuple[Participant, ...]:
        """Everyone invited, the person first, then the others in the order of the group."""
        with self._db.session() as session:
            meeting = _meeting(session, meeting_id)
            answers = {
                r.member_id: _confirmation(r)
                for r in session.exec(select(Attestation).where(Attestation.meeting_id == meeting_id)).all()
            }
            rows = session.exec(
                select(Attendance, Member)
                .join(Member, col(Member.id) == Attendance.member_id)
                .where(Attendance.meeting_id == meeting_id, Member.case_id == meeting.case_id)
                .order_by(col(Member.id))
            ).all()
            result = [
                Participant(
                    member_id=member.id or 0,
                    name=member.name,
                    party=member.party.value,
                    is_user=is_user(member),
                    in_room=was_in_room(attendance),
                    attendance=attendance.status.value if attendance.status else None,
                    confirmation=answers.get(member.id),
                )
                for attendance, member in rows
            ]
        return tuple(sorted(result, key=lambda p: (not p.is_user, p.member_id)))

    def in_room(self, meeting_id: int) -> tuple[Participant, ...]:
        """Who can confirm on this laptop now: those who sat in the room to the end."""
        return tuple(p for p in self.participants(meeting_id) if p.in_room)

    def is_awaiting(self, meeting_id: int) -> bool:
        with self._db.session() as session:
            return _meeting(session, meeting_id).awaiting_confirmation

    def awaiting(self, *, case_id: int | None = None) -> tuple[AwaitingMeeting, ...]:
        """Held meetings whose minutes wait for the person's confirmation, oldest first."""
        with self._db.session() as session:
            query = (
                select(Meeting, Case)
                .join(Case, col(Case.id) == Meeting.case_id)
                .where(
                    col(Meeting.awaiting_confirmation).is_(True),
                    col(Meeting.status).in_(CONFIRMABLE_STATUSES),
                )
                .order_by(col(Meeting.start), col(Meeting.id))
            )
            if case_id is not None:
                query = query.where(Meeting.case_id == case_id)
            result = []
            for meeting, case in session.exec(query).all():
                user = _user_of(session, case.id or 0)
                result.append(
                    AwaitingMeeting(
                        meeting_id=meeting.id or 0,
                        case_id=case.id or 0,
                        case_reference=case.reference,
                        start=meeting.started_at or meeting.start,
                        user_member_id=user.id if user is not None else None,
                        user_name=user.name if user is not None else case.display_name,
                    )
                )
            return tuple(result)

    # -- writing -----------------------------------------------------------------------------------
    def record(
        self,
        meeting_id: int,
        member_id: int,
        verdict: ConfirmationVerdict,
        comment: str = "",
        *,
        channel: ConfirmationChannel = ConfirmationChannel.IN_ROOM,
        approved_at: datetime | None = None,
    ) -> Confirmation:
        """Store one person's answer (replacing an earlier one) and update «waiting for confirmation»."""
        comment = _checked_comment(comment, verdict)
        recorded_at = _now()
        answered_at = (approved_at or recorded_at).replace(microsecond=0)
        if answered_at > recorded_at:
            raise UserError(_("The time of the answer cannot be in the future."))
        with self._db.session() as session:
            meeting = _meeting(session, meeting_id)
            member = _member_who_may_answer(session, meeting, member_id, channel, answered_at)
            for old in _answers_of(session, meeting_id, member_id):
                session.delete(old)
            row = Attestation(
                meeting_id=meeting_id,
                member_id=member_id,
                name=member.name,
                approved_at=answered_at,
                verdict=verdict,
                comment=comment,
                channel=channel,
                recorded_at=recorded_at,
            )
            session.add(row)
            if is_user(member):
                meeting.awaiting_confirmation = False
                session.add(meeting)
            session.flush()
            return _confirmation(row)

    def remove(self, meeting_id: int, member_id: int) -> None:
        """Take back an answer recorded by mistake; the person's minutes wait for them again."""
        with self._db.session() as session:
            meeting = _meeting(session, meeting_id)
            member = session.get(Member, member_id)
            for row in _answers_of(session, meeting_id, member_id):
                session.delete(row)
            if member is not None and is_user(member):
                meeting.awaiting_confirmation = True
                session.add(meeting)

    def set_awaiting(self, meeting_id: int, awaiting: bool) -> None:
        """The person wants time to read (True), or the wait is over (False)."""
        with self._db.session() as session:
            meeting = _meeting(session, meeting_id)
            meeting.awaiting_confirmation = awaiting
            session.add(meeting)

    def record_later(
        self,
        meeting_id: int,
        member_id: int,
        verdict: ConfirmationVerdict,
        comment: str,
        channel: ConfirmationChannel,
        approved_at: datetime,
        *,
        key: object | None = None,
        lang: str | None = None,
    ) -> object:
        """A confirmation given after the meeting; returns the new minutes version (ExportResult).

        ``key`` is a ``minutes_versions.SigningKey``: the new version is signed like the first one.
        ``lang`` defaults to the language of the latest version (else Bokmål).
        """
        from desktop.services.minutes.versions import MinutesService, SigningKey

        if channel == ConfirmationChannel.IN_ROOM:
            raise UserError(_("Choose how the answer was given: by phone, in person or in writing."))
        assert key is None or isinstance(key, SigningKey)
        service = MinutesService(self._db)
        service.check_exportable(meeting_id)
        if lang is None:
            versions = service.versions(meeting_id)
            lang = versions[-1].language if versions else "nb"
        if key is not None:
            from desktop.services.minutes.signing_keys import open_key

            open_key(key.path, key.passphrase)  # a wrong passphrase fails before anything is stored
        previous = self._snapshot(meeting_id, member_id)
        self.record(meeting_id, member_id, verdict, comment, channel=channel, approved_at=approved_at)
        from desktop.services.minutes.pdf import language

        with language(lang):  # the reason is printed in the minutes' language (issue 19)
            reason = _("A participant's answer to the minutes was recorded after the meeting.")
        try:
            return service.export(meeting_id, lang=lang, key=key, reason=reason)
        except Exception:
            self._restore(meeting_id, member_id, previous)
            raise

    def _snapshot(self, meeting_id: int, member_id: int) -> tuple[list[Attestation], bool]:
        with self._db.session() as session:
            meeting = _meeting(session, meeting_id)
            rows = _answers_of(session, meeting_id, member_id)
            copies = [Attestation(**r.model_dump(exclude={"id"})) for r in rows]
            return copies, meeting.awaiting_confirmation

    def _restore(self, meeting_id: int, member_id: int, previous: tuple[list[Attestation], bool]) -> None:
        rows, awaiting = previous
        with self._db.session() as session:
            for row in _answers_of(session, meeting_id, member_id):
                session.delete(row)
            session.add_all(rows)
            meeting = _meeting(session, meeting_id)
            meeting.awaiting_confirmation = awaiting
            session.add(meeting)


def record_attestation(db: Database, meeting_id: int, member_id: int, at: datetime | None = None) -> None:
    """Record that ``member_id`` approved the minutes in the meeting («Dette stemmer», in the room).

    The tick list of the export dialog uses this; the confirmation screens use
    :class:`ConfirmationService`, which also takes a comment and «Dette vil jeg
    endre». One answer per person: a new one replaces the old.
    """
    with db.session() as session:
        meeting = session.get(Meeting, meeting_id)
        member = session.get(Member, member_id)
        if meeting is None or member is None or member.case_id != meeting.case_id:
            raise NotFoundError(_("That person is not in this meeting's group."))
        for old in session.exec(
            select(Attestation).where(
                Attestation.meeting_id == meeting_id, Attestation.member_id == member_id
            )
        ).all():
            session.delete(old)
        moment = at or clock.now()
        session.add(
            Attestation(
                meeting_id=meeting_id,
                member_id=member_id,
                name=member.name,
                approved_at=moment,
                recorded_at=moment,
            )
        )
        if is_user(member) and meeting.awaiting_confirmation:
            meeting.awaiting_confirmation = False
            session.add(meeting)


def remove_attestation(db: Database, meeting_id: int, member_id: int) -> None:
    """Take back an approval ticked by mistake (the person did not approve the minutes)."""
    with db.session() as session:
        found = session.exec(
            select(Attestation).where(
                Attestation.meeting_id == meeting_id, Attestation.member_id == member_id
            )
        ).all()
        for row in found:
            session.delete(row)


__all__ = [
    "AwaitingMeeting",
    "Confirmation",
    "ConfirmationService",
    "Participant",
    "record_attestation",
    "remove_attestation",
    "user_in_room",
    "was_in_room",
]
