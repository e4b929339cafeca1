"""The responsibility group: members and the user's consent for each of them."""

from __future__ import annotations

from datetime import date

from sqlalchemy import UniqueConstraint
from sqlmodel import Field

from desktop.models.base import Table, enum_field, text_field
from desktop.models.enums import (
    ConsentForm,
    ConsentScope,
    ConsentStatus,
    GroupRole,
    NextOfKinRelation,
    PartyType,
)


class Member(Table, table=True):
    """A person in the group: the user, a professional, a next of kin."""

    __tablename__ = "member"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", index=True, ondelete="CASCADE")
    name: str = Field(max_length=200)
    role: GroupRole = enum_field(GroupRole, GroupRole.MEMBER)
    party: PartyType = enum_field(PartyType)
    organisation: str = Field(default="", max_length=200)
    title: str = Field(default="", max_length=120)
    phone: str = Field(default="", max_length=40)
    email: str = Field(default="", max_length=200)
    relation: NextOfKinRelation | None = enum_field(NextOfKinRelation, None, nullable=True)
    is_closest_next_of_kin: bool = False
    is_active: bool = True


class Consent(Table, table=True):
    """Samtykke: one scope for one member. Default deny: no row means no consent (DOMAIN.md §5.4 R1)."""

    __tablename__ = "consent"
    __table_args__ = (UniqueConstraint("member_id", "scope"),)

    id: int | None = Field(default=None, primary_key=True)
    member_id: int = Field(foreign_key="member.id", index=True, ondelete="CASCADE")
    scope: ConsentScope = enum_field(ConsentScope)
    status: ConsentStatus = enum_field(ConsentStatus, ConsentStatus.NOT_ASKED)
    form: ConsentForm | None = enum_field(ConsentForm, None, nullable=True)
    given_on: date | None = None
    withdrawn_on: date | None = None
    recorded_by: str = Field(default="", max_length=200)
    limitation: str = text_field()
