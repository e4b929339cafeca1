"""Consent rules (DOMAIN.md §5.4): default deny; next of kin only with the user's consent."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

from desktop.models import rows
from desktop.models.enums import ConsentScope, ConsentStatus, GroupRole, PartyType

if TYPE_CHECKING:
    from desktop.db import Database
    from desktop.models import Consent, Member
    from desktop.models.rows import Row

GRANTING_STATUSES = (ConsentStatus.GIVEN, ConsentStatus.LIMITED)


def members_and_consents(db: Database, case_id: int) -> tuple[list[Row], list[Row]]:
    """The case's group in the order it was made, and every consent of its members (plain SQL).

    The rules below take these rows as they take the ORM objects: they read the same attributes.
    """
    members = rows.fetch(db, "member", "case_id = ?", (case_id,))
    consents = rows.fetch(
        db, "consent", "member_id IN (SELECT id FROM member WHERE case_id = ?)", (case_id,)
    )
    return members, consents


def is_granted(consent: Consent | None, on: date | None = None) -> bool:
    """True when ``consent`` is given (possibly with limits) and not withdrawn by ``on``."""
    if consent is None or consent.status not in GRANTING_STATUSES:
        return False
    if consent.withdrawn_on is not None and (on is None or consent.withdrawn_on <= on):
        return False
    return True


def has_consent(
    member: Member, scope: ConsentScope, consents: Iterable[Consent], on: date | None = None
) -> bool:
    """Whether the user has consented to ``scope`` for ``member``. The user themself always may."""
    if member.party == PartyType.USER or member.role == GroupRole.USER:
        return True
    for consent in consents:
        if consent.member_id == member.id and consent.scope == scope:
            return is_granted(consent, on)
    return False


def may_be_invited(member: Member, consents: Iterable[Consent], on: date | None = None) -> bool:
    """Next of kin and other private persons are invited only with a ``participate`` consent (R2).

    Professionals are invited by default; what they may *receive* is decided separately.
    """
    if member.party in (
        PartyType.NEXT_OF_KIN,
        PartyType.PEER_WORKER,
        PartyType.USER_ORGANISATION,
        PartyType.OTHER,
    ):
        return has_consent(member, ConsentScope.PARTICIPATE, consents, on)
    return member.is_active
