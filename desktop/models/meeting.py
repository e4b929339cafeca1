"""Meetings and what is captured in them: agenda, attendance, notes, decisions, reviews."""

from __future__ import annotations

import uuid
from datetime import date

from pydantic import NaiveDatetime
from sqlalchemy import Index
from sqlmodel import Field

from desktop.models.base import Table, enum_field, now, text_field
from desktop.models.enums import (
    AgendaKind,
    AttendanceStatus,
    CheckpointStatus,
    InvitationResponse,
    LifeDomain,
    MeasureVerdict,
    MeetingStatus,
    MeetingType,
    NoteKind,
    ParticipationMode,
    TaskReviewResult,
)


class Meeting(Table, table=True):
    """An ansvarsgruppemøte (or samarbeidsmøte) of one case's group."""

    __tablename__ = "meeting"
    __table_args__ = (Index("ix_meeting_case_start", "case_id", "start"),)

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", ondelete="CASCADE")
    type: MeetingType = enum_field(MeetingType, MeetingType.REGULAR)
    status: MeetingStatus = enum_field(MeetingStatus, MeetingStatus.PLANNED, index=True)
    start: NaiveDatetime = Field(index=True)
    duration_minutes: int = 90
    place: str = Field(default="", max_length=300)
    video_note: str = Field(default="", max_length=500)
    facilitator_member_id: int | None = Field(default=None, foreign_key="member.id", ondelete="SET NULL")
    minute_taker_member_id: int | None = Field(default=None, foreign_key="member.id", ondelete="SET NULL")
    next_meeting_start: NaiveDatetime | None = None
    next_meeting_reason: str = text_field()
    started_at: NaiveDatetime | None = None
    closed_at: NaiveDatetime | None = None
    # The start as planned, kept when the meeting was moved to the time it was held.
    planned_start: NaiveDatetime | None = None
    cancelled_reason: str = text_field()
    created_at: NaiveDatetime = Field(default_factory=now)
    # The person wants this meeting's life-area ratings printed in the minutes.
    ratings_in_minutes: bool = False
    # The minutes wait for the person's confirmation (absent, or wants time to read them).
    awaiting_confirmation: bool = False
    # The stable iCalendar UID (a random UUID: ids and references restart in every installation).
    calendar_uid: str = Field(
        default_factory=lambda: str(uuid.uuid4()), max_length=36, sa_column_kwargs={"server_default": ""}
    )
    # iCalendar SEQUENCE: raised whenever a sent notice changes, so calendars update the entry.
    calendar_sequence: int = Field(default=0, sa_column_kwargs={"server_default": "0"})


class AgendaItem(Table, table=True):
    """One item of a saved agenda.

    ``source_key`` identifies what generated the item (``goal:12``, ``task:40``,
    ``checkpoint:housing``) so that regenerating the agenda keeps manual edits, manual items and
    removals (``is_removed``) instead of starting over.

    ``parent_id`` makes the agenda hierarchical (issue 17): a goal's measures, the earlier tasks
    under «Oppfølging fra forrige møte» and the checkpoints under their checklist are sub-items of
    one top-level item, so that a group gets through 6–12 points, not 35. One level only: a
    sub-item has no sub-items. ``position`` stays one order over the whole agenda, each parent
    followed by its sub-items, so that everything reading the agenda flat still reads it in order.
    Deleting a parent lifts its sub-items to the top level (SET NULL) instead of deleting them:
    a sub-item can hold notes, agreements and a follow-up's answer.
    """

    __tablename__ = "agenda_item"

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True, ondelete="CASCADE")
    parent_id: int | None = Field(default=None, foreign_key="agenda_item.id", index=True, ondelete="SET NULL")
    position: int = 0
    kind: AgendaKind = enum_field(AgendaKind)
    title: str = text_field()
    planned_minutes: int = 5
    source_key: str = Field(default="", max_length=80)
    goal_id: int | None = Field(default=None, foreign_key="goal.id", ondelete="SET NULL")
    measure_id: int | None = Field(default=None, foreign_key="measure.id", ondelete="SET NULL")
    task_id: int | None = Field(default=None, foreign_key="task.id", ondelete="SET NULL")
    checkpoint: str = Field(default="", max_length=40)
    checkpoint_status: CheckpointStatus | None = enum_field(CheckpointStatus, None, nullable=True)
    is_manual: bool = False
    is_title_edited: bool = False
    is_removed: bool = False
    elapsed_seconds: int = 0
    is_done: bool = False


class Attendance(Table, table=True):
    """Invitation and attendance of one member at one meeting."""

    __tablename__ = "attendance"
    __table_args__ = (Index("uq_attendance_meeting_member", "meeting_id", "member_id", unique=True),)

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True, ondelete="CASCADE")
    member_id: int = Field(foreign_key="member.id", ondelete="CASCADE")
    response: InvitationResponse = enum_field(InvitationResponse, InvitationResponse.NO_RESPONSE)
    status: AttendanceStatus | None = enum_field(AttendanceStatus, None, nullable=True)
    mode: ParticipationMode | None = enum_field(ParticipationMode, None, nullable=True)
    left_early: bool = False


class Note(Table, table=True):
    """Free text captured under an agenda item; ``USER_WORDS`` is the user's own voice, verbatim."""

    __tablename__ = "note"

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True, ondelete="CASCADE")
    agenda_item_id: int | None = Field(
        default=None, foreign_key="agenda_item.id", index=True, ondelete="SET NULL"
    )
    kind: NoteKind = enum_field(NoteKind, NoteKind.NOTE)
    text: str = text_field()
    is_internal: bool = False
    updated_at: NaiveDatetime = Field(default_factory=now)


class Decision(Table, table=True):
    """What the group agreed («Avtalt»). Not a *vedtak*: the group makes no formal decisions.

    ``awaiting_formal_decision`` marks agreements that depend on a vedtak by NAV or the municipality.
    """

    __tablename__ = "decision"

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True, ondelete="CASCADE")
    agenda_item_id: int | None = Field(default=None, foreign_key="agenda_item.id", ondelete="SET NULL")
    text: str = text_field()
    awaiting_formal_decision: bool = False
    position: int = 0
    created_at: NaiveDatetime = Field(default_factory=now)


class TaskReview(Table, table=True):
    """What a meeting concluded about a task raised earlier: done, continued (new due) or dropped."""

    __tablename__ = "task_review"

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True, ondelete="CASCADE")
    task_id: int = Field(foreign_key="task.id", index=True, ondelete="CASCADE")
    result: TaskReviewResult = enum_field(TaskReviewResult)
    new_due: date | None = None
    outcome: str = text_field()
    #: The task's due date before this review moved it: the minutes of the meeting that raised the
    #: task keep printing the date agreed there. None for reviews made before revision 0006.
    previous_due: date | None = None


class MeasureEvaluation(Table, table=True):
    """A measure evaluated in a meeting; the proposed change reaches the plan only when confirmed."""

    __tablename__ = "measure_evaluation"

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True, ondelete="CASCADE")
    measure_id: int = Field(foreign_key="measure.id", index=True, ondelete="CASCADE")
    verdict: MeasureVerdict = enum_field(MeasureVerdict)
    proposed_change: str = text_field()
    applied_at: NaiveDatetime | None = None


class LifeAreaRating(Table, table=True):
    """How the person rates one life area (DOMAIN.md §4) at one meeting, 1–5, with a line of their own."""

    __tablename__ = "life_area_rating"
    __table_args__ = (Index("uq_rating_meeting_domain", "meeting_id", "domain", unique=True),)

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", ondelete="CASCADE")
    domain: LifeDomain = enum_field(LifeDomain)
    score: int = 3
    comment: str = text_field()
    updated_at: NaiveDatetime = Field(default_factory=now)
