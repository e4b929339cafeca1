"""Tasks (oppgaver): who does what by when, agreed in a meeting and followed up until closed."""

from __future__ import annotations

from datetime import date

from pydantic import NaiveDatetime
from sqlalchemy import Index, text
from sqlmodel import Field

from desktop.models.base import Table, enum_field, now, text_field
from desktop.models.enums import PartyType, TaskStatus


class Task(Table, table=True):
    """A concrete action with a responsible party and a due date.

    Overdue (*forfalt*) is derived from ``due`` and never stored. ``done`` and ``dropped`` need an
    ``outcome`` (DOMAIN.md §9.6).
    """

    __tablename__ = "task"
    __table_args__ = (
        Index("ix_task_case_status", "case_id", "status"),
        # The task board: open tasks in due order. A partial index, so 180 000 closed tasks cost
        # nothing; queries must repeat this WHERE literally (desktop/services/tasks/board.py). party and
        # the responsible columns make the board's counts, names and filters covering-index scans.
        # It replaces ix_task_status_due, which the planner preferred and then had to sort.
        Index(
            "ix_task_open_due",
            "due",
            "id",
            "party",
            "responsible_member_id",
            "responsible_person",
            sqlite_where=text("status IN ('open', 'in_progress', 'waiting', 'postponed')"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", ondelete="CASCADE")
    meeting_id: int | None = Field(default=None, foreign_key="meeting.id", index=True, ondelete="SET NULL")
    # A soft link (no foreign key): agenda_item.task_id already points here, and SQLite cannot
    # order two tables that reference each other. Agenda items are never hard-deleted once used.
    agenda_item_id: int | None = None
    text: str = text_field()
    party: PartyType = enum_field(PartyType)
    responsible_member_id: int | None = Field(default=None, foreign_key="member.id", ondelete="SET NULL")
    responsible_person: str = Field(default="", max_length=200)
    due: date | None = None
    status: TaskStatus = enum_field(TaskStatus, TaskStatus.OPEN)
    outcome: str = text_field()
    created_at: NaiveDatetime = Field(default_factory=now)
    closed_on: date | None = None
    closed_in_meeting_id: int | None = Field(default=None, foreign_key="meeting.id", ondelete="SET NULL")
