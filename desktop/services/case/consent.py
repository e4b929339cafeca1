"""The consent policy, in one place (DOMAIN.md §5.4): default deny; the person always may.

Who counts as the person (:func:`is_user`), who may be invited (:func:`may_be_invited`), what a
member receives of the minutes (:func:`receipt`, rules R1-R4), which copy they get
(:func:`copy_for`: full, limited, own tasks only or nothing), whether the plan may go to a new
coordinator (:func:`may_transfer`) and who may look at the shared room screen
(:func:`may_see_everything`). The rules read only ``party``, ``role``, ``id`` and
``is_active`` of a member and the fields of its consents. tests/unit/test_consent_policy.py holds the whole policy as one table.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, Protocol

from sqlmodel import col, select

from desktop.models import Consent, Member
from desktop.models.enums import ConsentScope, ConsentStatus, GroupRole, PartyType

if TYPE_CHECKING:
    from sqlmodel import Session

GRANTING_STATUSES = (ConsentStatus.GIVEN, ConsentStatus.LIMITED)


class _HasPartyAndRole(Protocol):
    @property
    def party(self) -> PartyType: ...
    @property
    def role(self) -> GroupRole: ...


def is_user(member: _HasPartyAndRole) -> bool:
    """The person the group is for: consent is theirs to give, never something asked of them."""
    return member.party == PartyType.USER or member.role == GroupRole.USER


def members_and_consents(session: Session, case_id: int) -> tuple[list[Member], list[Consent]]:
    """The case's group in the order it was made, and every consent of its members."""
    members = session.exec(select(Member).where(Member.case_id == case_id).order_by(col(Member.id))).all()
    of_case = select(Member.id).where(Member.case_id == case_id)
    consents = session.exec(
        select(Consent).where(col(Consent.member_id).in_(of_case)).order_by(col(Consent.id))
    ).all()
    return list(members), list(consents)


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
    if is_user(member):
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


def may_see_everything(member: Member, consents: Iterable[Consent], on: date) -> bool:
    """Whether ``member`` may see the whole shared room screen: the person always; anyone else
    only with an unlimited, not withdrawn *receive full minutes* consent."""
    if is_user(member):
        return True
    for consent in consents:
        if consent.member_id == member.id and consent.scope == ConsentScope.RECEIVE_FULL_MINUTES:
            return consent.status == ConsentStatus.GIVEN and is_granted(consent, on)
    return False


class Reason:
    """Why a member is or is not on the distribution list (codes; distribution.reason_text says them)."""

    USER = "user"
    CONSENT_GIVEN = "consent_given"
    CONSENT_LIMITED = "consent_limited"
    NOT_ASKED = "not_asked"
    REFUSED = "refused"
    WITHDRAWN = "withdrawn"
    OWN_TASKS_ONLY = "own_tasks_only"
    INACTIVE = "inactive"
    #: A limited consent whose limits are only free text: nothing the program can leave out.
    LIMITS_NOT_RECORDED = "limits_not_recorded"


@dataclass(frozen=True)
class Receipt:
    """What the consent matrix decides for one member's copy of the minutes."""

    is_included: bool
    reason: str  # a Reason code
    on: date | None = None  # when the deciding consent was given or withdrawn
    limitation: str = ""


def receipt(member: Member, consents: Iterable[Consent], today: date) -> Receipt:
    """R1-R4 for one member: the person always receives the minutes (R3); anyone else needs a
    *receive full minutes* consent given (possibly limited) and not withdrawn on ``today`` (R1, R4);
    no row means no consent."""
    if is_user(member):
        return Receipt(True, Reason.USER)
    if not member.is_active:
        return Receipt(False, Reason.INACTIVE)
    by_scope = {c.scope: c for c in consents if c.member_id == member.id}
    full = by_scope.get(ConsentScope.RECEIVE_FULL_MINUTES)
    if full is not None and is_granted(full, today):
        if full.status == ConsentStatus.LIMITED:
            return Receipt(True, Reason.CONSENT_LIMITED, full.given_on, full.limitation)
        return Receipt(True, Reason.CONSENT_GIVEN, full.given_on)
    if full is not None and (
        (full.withdrawn_on is not None and full.withdrawn_on <= today)
        or full.status == ConsentStatus.WITHDRAWN
    ):
        return Receipt(False, Reason.WITHDRAWN, full.withdrawn_on)
    if is_granted(by_scope.get(ConsentScope.RECEIVE_OWN_TASKS), today):
        return Receipt(False, Reason.OWN_TASKS_ONLY)
    if full is not None and full.status == ConsentStatus.REFUSED:
        return Receipt(False, Reason.REFUSED)
    return Receipt(False, Reason.NOT_ASKED)


class CopyKind(StrEnum):
    """What one recipient's copy of the minutes holds (issue 18). The values are the ``kind`` of
    ``distribute``'s ``manifest.json``."""

    FULL = "full"
    LIMITED = "limited"
    OWN_TASKS = "own_tasks"


@dataclass(frozen=True)
class CopyDecision:
    """Which copy one member gets (``kind`` None: nothing) and why (a Reason code)."""

    kind: CopyKind | None
    reason: str


def copy_for(
    member: Member, consents: Iterable[Consent], today: date, *, has_withholdings: bool
) -> CopyDecision:
    """The copy of the minutes ``member`` gets on ``today``.

    - The person: the full minutes (R3).
    - *Receive full minutes* given: the full minutes, or limited ones when anything is withheld
      from this member or their party (``has_withholdings``).
    - Given *with limits*: limited minutes, but only when the limits are recorded in a form the
      program can apply; free text alone cannot be applied, so nothing goes out (R1) and the
      coordinator is told to record what is withheld.
    - Otherwise, *receive own tasks* given: the own-tasks extract (R2), also after the full
      minutes were withdrawn (R4: the withdrawal narrows what they get, it does not widen it).
    - Otherwise nothing, with the reason :func:`receipt` gives.
    """
    decided = receipt(member, consents, today)
    if decided.reason == Reason.USER:
        return CopyDecision(CopyKind.FULL, Reason.USER)
    if decided.is_included:
        if has_withholdings:
            return CopyDecision(CopyKind.LIMITED, Reason.CONSENT_LIMITED)
        if decided.reason == Reason.CONSENT_LIMITED:
            return CopyDecision(None, Reason.LIMITS_NOT_RECORDED)
        return CopyDecision(CopyKind.FULL, decided.reason)
    if decided.reason != Reason.INACTIVE and has_consent(
        member, ConsentScope.RECEIVE_OWN_TASKS, consents, today
    ):
        return CopyDecision(CopyKind.OWN_TASKS, Reason.OWN_TASKS_ONLY)
    return CopyDecision(None, decided.reason)


def may_transfer(member: Member, consents: Iterable[Consent], today: date) -> bool:
    """Whether the person has consented to transferring the plan to ``member`` as a new coordinator.

    Unlike the other scopes, the person themself is no recipient here: the handover copy goes to
    another service, so only an explicit *transfer to new coordinator* consent counts.
    """
    for consent in consents:
        if consent.member_id == member.id and consent.scope == ConsentScope.TRANSFER_TO_NEW_COORDINATOR:
            return member.is_active and is_granted(consent, today)
    return False
