"""Meetings: listing and lookup. Running a meeting lives in the spine's services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import col, select

from desktop.db import Database
from desktop.models import Meeting


@dataclass(frozen=True)
class MeetingRow:
    id: int
    case_id: int
    type: str
    status: str
    start: datetime
    place: str


class MeetingService:
    def __init__(self, db: Database) -> None:
        self._db = db

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
