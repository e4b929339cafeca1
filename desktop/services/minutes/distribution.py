"""Who receives the minutes, derived from the consent matrix (DOMAIN.md §5.4).

- R3: the user always receives the minutes.
- R1: everyone else needs a *receive full minutes* consent that is given (possibly limited) and
  not withdrawn on the day of the export. No row means no consent.
- R4: a withdrawal counts from its date: the next export leaves the person out; versions already
  sent are not recalled.
- Issue 18: each member's copy is one of full, limited (what the person withholds from them is
  left out) or own tasks only (:func:`desktop.services.case.consent.copy_for`); ``kind`` says which.
A member left out gets a reason the app shows (translated when it is shown, so the language can
change). The PDF prints only the recipients, plus how many were left out, never who.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from desktop import clock
from desktop.i18n import _, format_date
from desktop.services.case.consent import CopyKind, Reason, copy_for, members_and_consents, receipt
from desktop.services.case.withholding import withholdings_of_case

if TYPE_CHECKING:
    from sqlmodel import Session

    from desktop.db import Database
    from desktop.models import Consent, Member


@dataclass(frozen=True)
class Recipient:
    member_id: int
    name: str
    party: str
    organisation: str
    email: str
    is_included: bool
    reason: str  # a Reason code
    reason_date: date | None = None
    limitation: str = ""
    #: The copy this member gets (a CopyKind value); None: nothing.
    kind: str | None = None

    def reason_text(self) -> str:
        return reason_text(self.reason, self.reason_date, self.limitation)


@dataclass(frozen=True)
class Distribution:
    """The list for one export. ``recipients`` keeps the group's order (the user first)."""

    recipients: tuple[Recipient, ...]
    decided_on: date

    @property
    def included(self) -> tuple[Recipient, ...]:
        return tuple(r for r in self.recipients if r.is_included)

    @property
    def excluded(self) -> tuple[Recipient, ...]:
        return tuple(r for r in self.recipients if not r.is_included)


def reason_text(reason: str, on: date | None = None, limitation: str = "") -> str:
    """The translated explanation shown next to a member on or off the list."""
    when = format_date(on) if on else ""
    texts = {
        Reason.USER: _("The user always receives the minutes."),
        Reason.CONSENT_GIVEN: _("The user has agreed that this person receives the minutes."),
        Reason.CONSENT_LIMITED: _("The user has agreed, with limits: {limits}").format(
            limits=limitation or _("see the consent")
        ),
        Reason.NOT_ASKED: _("Not on the list: the user has not been asked about sharing the minutes."),
        Reason.REFUSED: _("Not on the list: the user does not want this person to receive the minutes."),
        Reason.WITHDRAWN: _("Not on the list: the user withdrew consent on {date}.").format(date=when)
        if when
        else _("Not on the list: the user has withdrawn consent."),
        Reason.OWN_TASKS_ONLY: _(
            "Not on the list: the user has agreed only to sharing this person's own tasks with them."
        ),
        Reason.INACTIVE: _("Not on the list: no longer a member of the group."),
        Reason.LIMITS_NOT_RECORDED: _(
            "Not on the list: the consent is limited, but what is to be left out is not recorded. "
            "Record what is withheld, then distribute again."
        ),
    }
    return texts.get(reason, reason)


def decide(
    member: Member, consents: list[Consent], today: date, *, has_withholdings: bool = False
) -> Recipient:
    """One member's line on the list, as the consent policy decides it."""
    assert member.id is not None
    decided = receipt(member, consents, today)
    copy = copy_for(member, consents, today, has_withholdings=has_withholdings)
    reason = copy.reason if copy.kind != CopyKind.OWN_TASKS else decided.reason
    return Recipient(
        member_id=member.id,
        name=member.name,
        party=member.party.value,
        organisation=member.organisation,
        email=member.email,
        is_included=copy.kind in (CopyKind.FULL, CopyKind.LIMITED),
        reason=reason,
        reason_date=decided.on,
        limitation=decided.limitation,
        kind=copy.kind.value if copy.kind is not None else None,
    )


def distribution_for_case(db: Database, case_id: int, *, today: date | None = None) -> Distribution:
    """The distribution list as the consent matrix stands on ``today`` (default: the real today)."""
    with db.session() as session:
        return distribution_in(session, case_id, today=today or clock.today())


def distribution_in(session: Session, case_id: int, *, today: date) -> Distribution:
    """:func:`distribution_for_case` read in ``session`` (the minutes read everything in one)."""
    members, consents = members_and_consents(session, case_id)
    withheld = withholdings_of_case(session, case_id)
    recipients = [decide(m, consents, today, has_withholdings=withheld.applies_to(m)) for m in members]
    recipients.sort(key=lambda r: (r.reason != Reason.USER, not r.is_included))
    return Distribution(recipients=tuple(recipients), decided_on=today)
