"""The responsibility group: members by party and the user's consent for each (DOMAIN.md §5.4).

Consent is default deny: a member without a row for a scope has *not been asked*. Withdrawing
keeps the row and its ``given_on`` (the history matters for minutes already sent) and records
``withdrawn_on``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import Session, select

from desktop import clock
from desktop.db import Database
from desktop.errors import NotFoundError, UserError
from desktop.i18n import _
from desktop.models import Case, Consent, Member
from desktop.models.enums import (
    ConsentForm,
    ConsentScope,
    ConsentStatus,
    GroupRole,
    NextOfKinRelation,
    PartyType,
)
from desktop.services.case.consent import is_user
from desktop.services.case.validation import check_date, clean_line, clean_text
from desktop.services.case.views import ConsentView, consent_view

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^[0-9+()\-\s]*$")


@dataclass(frozen=True)
class MemberInput:
    """A member as written in the group editor."""

    name: str
    party: PartyType
    role: GroupRole = GroupRole.MEMBER
    organisation: str = ""
    title: str = ""
    phone: str = ""
    email: str = ""
    relation: NextOfKinRelation | None = None
    is_closest_next_of_kin: bool = False


@dataclass(frozen=True)
class ConsentInput:
    """One consent decision. ``on`` is the date it was given, limited, refused or withdrawn."""

    status: ConsentStatus
    form: ConsentForm | None = None
    on: date | None = None
    limitation: str = ""
    recorded_by: str = ""


class GroupService:
    """Members and consents; every method opens and commits its own session."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def add_member(self, case_id: int, member: MemberInput) -> int:
        values = self._check_member(member)
        with self._db.session() as session:
            if session.get(Case, case_id) is None:
                raise NotFoundError(_("Case {id} does not exist.").format(id=case_id))
            row = Member(case_id=case_id, **values)
            session.add(row)
            session.flush()
            assert row.id is not None
            return row.id

    def update_member(self, member_id: int, member: MemberInput) -> None:
        values = self._check_member(member)
        with self._db.session() as session:
            row = self._member(session, member_id)
            if row.role == GroupRole.USER and values["role"] != GroupRole.USER:
                raise UserError(_("The user is always in the group; their role cannot be changed."))
            for name, value in values.items():
                setattr(row, name, value)
            session.add(row)

    def set_active(self, member_id: int, is_active: bool) -> None:
        """Deactivate (or bring back) a member; earlier meetings keep them in their minutes."""
        with self._db.session() as session:
            row = self._member(session, member_id)
            if row.role == GroupRole.USER and not is_active:
                raise UserError(_("The user is always in the group and cannot be deactivated."))
            row.is_active = is_active
            session.add(row)

    def set_consent(
        self, member_id: int, scope: ConsentScope, decision: ConsentInput, *, today: date | None = None
    ) -> ConsentView:
        """Record the user's decision for one member and scope; returns the stored cell."""
        today = today or clock.today()
        when = check_date(decision.on, _("Date")) or today
        if when > today:
            raise UserError(_("A consent cannot be dated in the future."))
        limitation = clean_text(decision.limitation, _("Limitation"))
        recorded_by = clean_line(decision.recorded_by, _("Recorded by"))
        if decision.status == ConsentStatus.LIMITED and not limitation:
            raise UserError(_("Write what the limited consent covers."))
        with self._db.session() as session:
            member = self._member(session, member_id)
            if is_user(member):
                raise UserError(_("The user needs no consent to take part in their own group."))
            row = session.exec(
                select(Consent).where(Consent.member_id == member_id, Consent.scope == scope)
            ).first()
            if row is None:
                if decision.status == ConsentStatus.WITHDRAWN:
                    raise UserError(_("Only a consent that has been given can be withdrawn."))
                row = Consent(member_id=member_id, scope=scope)
            if decision.status == ConsentStatus.WITHDRAWN:
                if row.status not in (ConsentStatus.GIVEN, ConsentStatus.LIMITED, ConsentStatus.WITHDRAWN):
                    raise UserError(_("Only a consent that has been given can be withdrawn."))
                if row.status != ConsentStatus.WITHDRAWN or decision.on is not None:
                    if row.given_on is not None and when < row.given_on:
                        raise UserError(_("A consent cannot be withdrawn before it was given."))
                    row.withdrawn_on = when
            elif decision.status in (ConsentStatus.GIVEN, ConsentStatus.LIMITED):
                row.given_on = when
                row.withdrawn_on = None
            elif decision.status == ConsentStatus.REFUSED:
                row.given_on = None
                row.withdrawn_on = None
            else:  # not asked
                row.given_on = None
                row.withdrawn_on = None
            row.status = decision.status
            row.form = decision.form if decision.status != ConsentStatus.NOT_ASKED else None
            row.limitation = limitation if decision.status == ConsentStatus.LIMITED else ""
            row.recorded_by = recorded_by
            session.add(row)
            session.flush()
            return consent_view(row)

    def withdraw_consent(
        self, member_id: int, scope: ConsentScope, *, on: date | None = None, today: date | None = None
    ) -> ConsentView:
        """The user takes a consent back: keeps when it was given, records when it was withdrawn."""
        with self._db.session() as session:
            row = session.exec(
                select(Consent).where(Consent.member_id == member_id, Consent.scope == scope)
            ).first()
            form = row.form if row else None
            recorded_by = row.recorded_by if row else ""
        return self.set_consent(
            member_id,
            scope,
            ConsentInput(status=ConsentStatus.WITHDRAWN, form=form, on=on, recorded_by=recorded_by),
            today=today,
        )

    # -- helpers ---------------------------------------------------------------------------------

    @staticmethod
    def _check_member(member: MemberInput) -> dict[str, Any]:
        name = clean_line(member.name, _("Name"), required=True)
        phone = clean_line(member.phone, _("Phone"), max_chars=40)
        email = clean_line(member.email, _("E-mail"))
        if phone and not _PHONE.match(phone):
            raise UserError(_("The phone number may only contain digits, spaces and + ( ) -."))
        if email and not _EMAIL.match(email):
            raise UserError(_("The e-mail address does not look right."))
        is_next_of_kin = member.party == PartyType.NEXT_OF_KIN
        return {
            "name": name,
            "party": member.party,
            "role": member.role,
            "organisation": clean_line(member.organisation, _("Organisation")),
            "title": clean_line(member.title, _("Title"), max_chars=120),
            "phone": phone,
            "email": email,
            "relation": member.relation if is_next_of_kin else None,
            "is_closest_next_of_kin": member.is_closest_next_of_kin and is_next_of_kin,
        }

    @staticmethod
    def _member(session: Session, member_id: int) -> Member:
        row = session.get(Member, member_id)
        if row is None:
            raise NotFoundError(_("The member no longer exists."))
        return row
