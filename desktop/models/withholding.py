"""What the person wants withheld from one member or party (a limited consent, made applicable).

A limited *receive full minutes* consent says in free text what must not be shared ("not details
of substance use to NAV"). The program cannot apply free text, so the coordinator also records it
here: a whole life area (goals carry one), or one note, decision or task. Each row withholds one
thing from one member (``member_id``) or from every member of one party (``party``).
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import NaiveDatetime
from sqlmodel import Field

from desktop.models.base import Table, enum_field, now
from desktop.models.enums import LifeDomain, PartyType


class WithheldSubject(StrEnum):
    """What a withholding covers: a life area of the plan, or one captured note, decision or task."""

    LIFE_AREA = "life_area"
    NOTE = "note"
    DECISION = "decision"
    TASK = "task"


class Withholding(Table, table=True):
    """One thing left out of one member's (or one party's) copy of the minutes.

    ``life_area`` is set for ``LIFE_AREA``; ``item_id`` (a soft link, like ``task.agenda_item_id``)
    names the note, decision or task otherwise. Exactly one of ``member_id`` and ``party`` says who
    it is withheld from.
    """

    __tablename__ = "withholding"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", index=True, ondelete="CASCADE")
    subject: WithheldSubject = enum_field(WithheldSubject)
    life_area: LifeDomain | None = enum_field(LifeDomain, None, nullable=True)
    item_id: int | None = None
    member_id: int | None = Field(default=None, foreign_key="member.id", ondelete="CASCADE")
    party: PartyType | None = enum_field(PartyType, None, nullable=True)
    created_at: NaiveDatetime = Field(default_factory=now)
