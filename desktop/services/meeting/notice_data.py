"""What the meeting notice shows: the meeting, the invitees who may receive it, the agenda, the chair.

Only invitees the user has consented to receive the notice are listed (DOMAIN.md §5.4 R1); the
user always is. The PDF (:mod:`.notice_pdf`) and the calendar invitation (:mod:`.notice_ics`)
are drawn from :class:`NoticeData`.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlmodel import Session, col, select

from desktop.db import Database
from desktop.i18n import _
from desktop.models import Attendance, Consent, Coordination, Meeting, Member
from desktop.models.enums import ConsentScope, CoordinationHolder, GroupRole, MeetingStatus, PartyType
from desktop.services.case.consent import has_consent
from desktop.services.meeting.agenda import AgendaService
from desktop.services.meeting.agenda_tree import AgendaEntry
from desktop.services.meeting.planning import MeetingInfo, MeetingService


@dataclass(frozen=True)
class Recipient:
    name: str
    party: str
    organisation: str
    email: str


@dataclass(frozen=True)
class NoticeData:
    meeting: MeetingInfo
    recipients: tuple[Recipient, ...]
    withheld: int
    agenda: tuple[AgendaEntry, ...]
    chair_phone: str = ""
    chair_email: str = ""
    #: The stable random UUID of the meeting's calendar entry, and its SEQUENCE.
    calendar_uid: str = ""
    calendar_sequence: int = 0
    #: Who sends the invitation (the chair, else the coordinator); empty when no one is known.
    organizer_name: str = ""
    organizer_email: str = ""

    @property
    def is_cancelled(self) -> bool:
        return self.meeting.status == MeetingStatus.CANCELLED.value


def notice_data(db: Database, meeting_id: int) -> NoticeData:
    """What the notice shows: the meeting, the consented recipients and the agenda."""
    meeting = MeetingService(db).meeting(meeting_id)
    agenda = AgendaService(db).agenda(meeting_id)
    with db.session() as session:
        members = session.exec(
            select(Member)
            .join(Attendance, col(Attendance.member_id) == Member.id)
            .where(Attendance.meeting_id == meeting_id)
            .order_by(col(Member.id))
        ).all()
        consents = session.exec(
            select(Consent).where(col(Consent.member_id).in_([m.id for m in members]))
        ).all()
        allowed = [m for m in members if has_consent(m, ConsentScope.RECEIVE_NOTICE, consents)]
        recipients = tuple(
            Recipient(name=m.name, party=m.party.value, organisation=m.organisation, email=m.email)
            for m in sorted(allowed, key=lambda m: (m.party != PartyType.USER, m.id))
        )
        chair = session.get(Member, meeting.facilitator_member_id) if meeting.facilitator_member_id else None
        organizer = chair or _coordinator(session, meeting.case_id)
        calendar_uid, calendar_sequence = _calendar_identity(session, meeting_id)
    return NoticeData(
        meeting=meeting,
        recipients=recipients,
        withheld=len(members) - len(allowed),
        agenda=tuple(agenda),
        chair_phone=chair.phone.strip() if chair else "",
        chair_email=chair.email.strip() if chair else "",
        calendar_uid=calendar_uid,
        calendar_sequence=calendar_sequence,
        organizer_name=organizer.name if organizer else "",
        organizer_email=organizer.email.strip() if organizer else "",
    )


def _calendar_identity(session: Session, meeting_id: int) -> tuple[str, int]:
    """The meeting's calendar UID and SEQUENCE; a UID is made and stored when there is none.

    Meetings made through the model get a UUID at once; rows written in bulk (the large demo)
    may hold ''. Storing it here means every later notice of the meeting carries the same UID.
    """
    meeting = session.get(Meeting, meeting_id)
    assert meeting is not None
    if not meeting.calendar_uid:
        meeting.calendar_uid = str(uuid.uuid4())
    return meeting.calendar_uid, meeting.calendar_sequence or 0


def _coordinator(session: Session, case_id: int) -> Member | None:
    """The member who holds coordination for the case (Coordination), else one in the coordinator role."""
    coordination = session.exec(select(Coordination).where(Coordination.case_id == case_id)).first()
    if coordination is not None:
        first, second = (
            (coordination.specialist_coordinator_id, coordination.municipal_coordinator_id)
            if coordination.holder == CoordinationHolder.SPECIALIST
            else (coordination.municipal_coordinator_id, coordination.specialist_coordinator_id)
        )
        for member_id in (first, second):
            if member_id is not None and (member := session.get(Member, member_id)) is not None:
                return member
    return session.exec(
        select(Member)
        .where(Member.case_id == case_id, Member.role == GroupRole.COORDINATOR)
        .order_by(col(Member.id))
    ).first()


def chair_contact(data: NoticeData) -> str:
    """How to reach the chair, e.g. «tlf. 900 00 000, e-post …» (empty when nothing is known)."""
    parts = []
    if data.chair_phone:
        parts.append(_("phone {number}").format(number=data.chair_phone))
    if data.chair_email:
        parts.append(_("e-mail {address}").format(address=data.chair_email))
    return ", ".join(parts)
