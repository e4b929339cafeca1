"""The whole consent policy as one table: one member, their consents, one day -> every decision.

Each row is a situation a coordinator meets (DOMAIN.md §5.4, §9.5); the columns are what the
policy in desktop/services/case/consent.py answers for it: may the member be invited, do they receive
the minutes (and why), which copy they get (issue 18: full, limited, own tasks only or nothing;
``withheld`` says whether anything is recorded as withheld from them), and may they see the whole
shared room screen.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from desktop.models import Consent, Member
from desktop.models.enums import ConsentScope, ConsentStatus, GroupRole, PartyType
from desktop.services.case.consent import (
    CopyKind,
    Reason,
    copy_for,
    is_user,
    may_be_invited,
    may_see_everything,
    receipt,
)

DAY = date(2026, 11, 25)
BEFORE = DAY - timedelta(days=30)
FULL = ConsentScope.RECEIVE_FULL_MINUTES
OWN = ConsentScope.RECEIVE_OWN_TASKS
JOIN = ConsentScope.PARTICIPATE
GIVEN, LIMITED, REFUSED, WITHDRAWN = (
    ConsentStatus.GIVEN,
    ConsentStatus.LIMITED,
    ConsentStatus.REFUSED,
    ConsentStatus.WITHDRAWN,
)


@dataclass(frozen=True)
class Row:
    situation: str
    party: PartyType
    consents: tuple[tuple[ConsentScope, ConsentStatus, date | None], ...]  # scope, status, withdrawn on
    invited: bool
    reason: str
    sees_room: bool
    role: GroupRole = GroupRole.MEMBER
    active: bool = True
    kind: CopyKind | None = None  # the copy they get; None: nothing
    withheld: bool = False  # something is recorded as withheld from them
    copy_reason: str = ""  # why they get that copy (default: ``reason``)


TABLE = (
    Row("the person", PartyType.USER, (), True, Reason.USER, True, kind=CopyKind.FULL),
    Row(
        "the person, recorded by role",
        PartyType.OTHER,
        (),
        True,
        Reason.USER,
        True,
        role=GroupRole.USER,
        kind=CopyKind.FULL,
    ),  # fmt: skip
    Row("professional, nothing asked", PartyType.NAV, (), True, Reason.NOT_ASKED, False),
    Row(
        "professional, full minutes",
        PartyType.NAV,
        ((FULL, GIVEN, None),),
        True,
        Reason.CONSENT_GIVEN,
        True,
        kind=CopyKind.FULL,
    ),  # fmt: skip
    Row(
        "professional, full minutes, something withheld",
        PartyType.NAV,
        ((FULL, GIVEN, None),),
        True,
        Reason.CONSENT_GIVEN,
        True,
        kind=CopyKind.LIMITED,
        withheld=True,
        copy_reason=Reason.CONSENT_LIMITED,
    ),  # fmt: skip
    Row(
        "professional, limited, only in words",
        PartyType.NAV,
        ((FULL, LIMITED, None),),
        True,
        Reason.CONSENT_LIMITED,
        False,
        copy_reason=Reason.LIMITS_NOT_RECORDED,
    ),  # fmt: skip
    Row(
        "professional, limited and recorded",
        PartyType.NAV,
        ((FULL, LIMITED, None),),
        True,
        Reason.CONSENT_LIMITED,
        False,
        kind=CopyKind.LIMITED,
        withheld=True,
    ),  # fmt: skip
    Row("professional, refused", PartyType.GP, ((FULL, REFUSED, None),), True, Reason.REFUSED, False),
    Row("withdrawn before today", PartyType.NAV, ((FULL, GIVEN, BEFORE),), True, Reason.WITHDRAWN, False),
    Row(
        "withdrawal dated ahead",
        PartyType.NAV,
        ((FULL, GIVEN, DAY + timedelta(1)),),
        True,
        Reason.CONSENT_GIVEN,
        True,
        kind=CopyKind.FULL,
    ),  # fmt: skip
    Row("withdrawn, status only", PartyType.NAV, ((FULL, WITHDRAWN, None),), True, Reason.WITHDRAWN, False),
    Row(
        "own tasks only",
        PartyType.NAV,
        ((OWN, GIVEN, None),),
        True,
        Reason.OWN_TASKS_ONLY,
        False,
        kind=CopyKind.OWN_TASKS,
    ),  # fmt: skip
    Row(
        "full withdrawn, own tasks kept",
        PartyType.NAV,
        ((FULL, GIVEN, BEFORE), (OWN, GIVEN, None)),
        True,
        Reason.WITHDRAWN,
        False,
        kind=CopyKind.OWN_TASKS,
        copy_reason=Reason.OWN_TASKS_ONLY,
    ),  # fmt: skip
    Row("left the group", PartyType.NAV, ((FULL, GIVEN, None),), False, Reason.INACTIVE, True, active=False),
    Row("gp, never asked, has tasks", PartyType.GP, (), True, Reason.NOT_ASKED, False),
    Row("next of kin, not asked", PartyType.NEXT_OF_KIN, (), False, Reason.NOT_ASKED, False),
    Row(
        "next of kin, may join", PartyType.NEXT_OF_KIN, ((JOIN, GIVEN, None),), True, Reason.NOT_ASKED, False
    ),
    Row(
        "next of kin, join and minutes",
        PartyType.NEXT_OF_KIN,
        ((JOIN, GIVEN, None), (FULL, GIVEN, None)),
        True,
        Reason.CONSENT_GIVEN,
        True,
        kind=CopyKind.FULL,
    ),  # fmt: skip
    Row(
        "next of kin, join withdrawn",
        PartyType.NEXT_OF_KIN,
        ((JOIN, GIVEN, BEFORE),),
        False,
        Reason.NOT_ASKED,
        False,
    ),  # fmt: skip
    Row(
        "peer worker, refused to join",
        PartyType.PEER_WORKER,
        ((JOIN, REFUSED, None),),
        False,
        Reason.NOT_ASKED,
        False,
    ),  # fmt: skip
)


@pytest.mark.parametrize("row", TABLE, ids=[r.situation for r in TABLE])
def test_consent_policy(row: Row) -> None:
    member = Member(id=7, case_id=1, name="X", party=row.party, role=row.role, is_active=row.active)
    consents = [
        Consent(
            member_id=7,
            scope=scope,
            status=status,
            given_on=BEFORE - timedelta(days=10),
            withdrawn_on=withdrawn,
            limitation="Ikke detaljer om rusbruk" if status == LIMITED else "",
        )
        for scope, status, withdrawn in row.consents
    ]
    others = [Consent(member_id=8, scope=FULL, status=GIVEN), Consent(member_id=8, scope=JOIN, status=GIVEN)]
    consents += others  # another member's consents never count for this one
    decided = receipt(member, consents, DAY)
    assert decided.reason == row.reason
    assert decided.is_included == (row.reason in (Reason.USER, Reason.CONSENT_GIVEN, Reason.CONSENT_LIMITED))
    assert may_be_invited(member, consents, DAY) == row.invited
    assert may_see_everything(member, consents, DAY) == row.sees_room
    assert is_user(member) == (row.reason == Reason.USER)
    if row.reason == Reason.CONSENT_LIMITED:
        assert decided.limitation == "Ikke detaljer om rusbruk"
    copy = copy_for(member, consents, DAY, has_withholdings=row.withheld)
    assert copy.kind == row.kind
    assert copy.reason == (row.copy_reason or row.reason)
