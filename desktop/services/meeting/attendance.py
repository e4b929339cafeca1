"""Who took part in a meeting, and how (in person, by video, in writing)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import col, select

from desktop.db import Database
from desktop.errors import NotFoundError
from desktop.i18n import _
from desktop.models import Attendance, Member
from desktop.models.enums import AttendanceStatus, ParticipationMode, PartyType
from desktop.services.meeting.lookups import get_meeting


@dataclass(frozen=True)
class AttendanceRow:
    member_id: int
    name: str
    party: str
    role: str
    status: str | None
    mode: str | None
    left_early: bool


class AttendanceService:
    def __init__(self, db: Database) -> None:
        self._db = db

    def attendance(self, meeting_id: int) -> list[AttendanceRow]:
        """The invited members, the user first."""
        with self._db.session() as session:
            get_meeting(session, meeting_id)
            rows = session.exec(
                select(Attendance, Member)
                .join(Member, col(Member.id) == Attendance.member_id)
                .where(Attendance.meeting_id == meeting_id)
                .order_by(col(Member.id))
            ).all()
            result = [
                AttendanceRow(
                    member_id=m.id or 0,
                    name=m.name,
                    party=m.party.value,
                    role=m.role.value,
                    status=a.status.value if a.status else None,
                    mode=a.mode.value if a.mode else None,
                    left_early=a.left_early,
                )
                for a, m in rows
            ]
        return sorted(result, key=lambda r: (r.party != PartyType.USER.value, r.member_id))

    def set_attendance(
        self,
        meeting_id: int,
        member_id: int,
        status: AttendanceStatus | None,
        mode: ParticipationMode | None = None,
        left_early: bool = False,
    ) -> None:
        """Record whether and how a member took part; remote defaults to video, present to in person."""
        if mode is None and status == AttendanceStatus.REMOTE:
            mode = ParticipationMode.VIDEO
        if mode is None and status in (AttendanceStatus.PRESENT, AttendanceStatus.PARTIAL):
            mode = ParticipationMode.IN_PERSON
        if status in (AttendanceStatus.EXCUSED, AttendanceStatus.ABSENT, None):
            # Someone who was not there may still have sent written input (DOMAIN: «skriftlig innspill»).
            mode = ParticipationMode.WRITTEN if mode == ParticipationMode.WRITTEN and status else None
            left_early = False
        with self._db.session() as session:
            get_meeting(session, meeting_id)
            row = session.exec(
                select(Attendance).where(
                    Attendance.meeting_id == meeting_id, Attendance.member_id == member_id
                )
            ).first()
            if row is None:
                member = session.get(Member, member_id)
                if member is None:
                    raise NotFoundError(_("There is no member with id {id}.").format(id=member_id))
                row = Attendance(meeting_id=meeting_id, member_id=member_id)
                session.add(row)
            row.status, row.mode, row.left_early = status, mode, left_early
