"""Members and consent (DOMAIN.md §5.4): default deny, withdrawal keeps history."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.db import Database
from desktop.errors import UserError
from desktop.models.enums import (
    ConsentForm,
    ConsentScope,
    ConsentStatus,
    GroupRole,
    NextOfKinRelation,
    PartyType,
)
from desktop.services.case.creation import CaseService
from desktop.services.case.detail import CaseDetailService
from desktop.services.case.group import ConsentInput, GroupService, MemberInput

TODAY = date(2026, 11, 25)


@pytest.fixture
def case_id(db: Database) -> int:
    return CaseService(db).create_case("Kari Test", "AG-G-1")


def _next_of_kin(db: Database, case_id: int) -> int:
    return GroupService(db).add_member(
        case_id,
        MemberInput(
            "Randi Test",
            PartyType.NEXT_OF_KIN,
            phone="+47 900 00 000",
            relation=NextOfKinRelation.PARENT,
            is_closest_next_of_kin=True,
        ),
    )


def test_add_and_edit_member(db: Database, case_id: int) -> None:
    group = GroupService(db)
    member_id = group.add_member(
        case_id,
        MemberInput(
            "  Lars   Vik ", PartyType.MUNICIPAL_HOUSING, organisation="Boligkontoret", email="l@v.no"
        ),
    )
    group.update_member(
        member_id,
        MemberInput("Lars Vik", PartyType.MUNICIPAL_HOUSING, role=GroupRole.COORDINATOR, title="Rådgiver"),
    )
    member = CaseDetailService(db).load(case_id).member(member_id)
    assert member is not None
    assert (member.name, member.role, member.title, member.email) == (
        "Lars Vik",
        GroupRole.COORDINATOR,
        "Rådgiver",
        "",
    )


def test_relation_is_only_kept_for_next_of_kin(db: Database, case_id: int) -> None:
    group = GroupService(db)
    member_id = group.add_member(
        case_id, MemberInput("A B", PartyType.NAV, relation=NextOfKinRelation.PARENT)
    )
    kin_id = _next_of_kin(db, case_id)
    detail = CaseDetailService(db).load(case_id)
    assert detail.member(member_id).relation is None  # type: ignore[union-attr]
    assert detail.member(kin_id).relation == NextOfKinRelation.PARENT  # type: ignore[union-attr]
    assert detail.member(kin_id).is_closest_next_of_kin  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "member",
    [
        MemberInput("", PartyType.NAV),
        MemberInput("A" * 201, PartyType.NAV),
        MemberInput("A B", PartyType.NAV, email="not an address"),
        MemberInput("A B", PartyType.NAV, phone="call me maybe"),
    ],
)
def test_bad_member_input_is_refused(db: Database, case_id: int, member: MemberInput) -> None:
    with pytest.raises(UserError):
        GroupService(db).add_member(case_id, member)
    assert len(CaseDetailService(db).load(case_id).members) == 1


def test_deactivate_member_but_never_the_user(db: Database, case_id: int) -> None:
    group = GroupService(db)
    kin_id = _next_of_kin(db, case_id)
    group.set_active(kin_id, False)
    detail = CaseDetailService(db).load(case_id)
    assert detail.member(kin_id).is_active is False  # type: ignore[union-attr]
    with pytest.raises(UserError):
        group.set_active(detail.members[0].id, False)


def test_give_limit_and_withdraw_consent(db: Database, case_id: int) -> None:
    group = GroupService(db)
    kin_id = _next_of_kin(db, case_id)
    given = group.set_consent(
        kin_id,
        ConsentScope.PARTICIPATE,
        ConsentInput(ConsentStatus.GIVEN, ConsentForm.WRITTEN, on=date(2026, 11, 1), recorded_by="Ingrid"),
        today=TODAY,
    )
    assert (given.status, given.given_on, given.withdrawn_on) == (
        ConsentStatus.GIVEN,
        date(2026, 11, 1),
        None,
    )
    withdrawn = group.withdraw_consent(kin_id, ConsentScope.PARTICIPATE, today=TODAY)
    assert withdrawn.status == ConsentStatus.WITHDRAWN
    assert withdrawn.given_on == date(2026, 11, 1)  # history kept
    assert withdrawn.withdrawn_on == TODAY
    assert withdrawn.form == ConsentForm.WRITTEN
    cell = CaseDetailService(db).load(case_id).consent(kin_id, ConsentScope.PARTICIPATE)
    assert cell.status == ConsentStatus.WITHDRAWN and cell.withdrawn_on == TODAY

    with pytest.raises(UserError):
        group.set_consent(kin_id, ConsentScope.INFORM_GP, ConsentInput(ConsentStatus.LIMITED), today=TODAY)
    limited = group.set_consent(
        kin_id,
        ConsentScope.INFORM_GP,
        ConsentInput(ConsentStatus.LIMITED, limitation="Ikke om rus 🙂 áčđŋšŧž"),
        today=TODAY,
    )
    assert limited.given_on == TODAY and limited.limitation.endswith("áčđŋšŧž")


def test_consent_rules(db: Database, case_id: int) -> None:
    group = GroupService(db)
    kin_id = _next_of_kin(db, case_id)
    user_id = CaseDetailService(db).load(case_id).members[0].id
    with pytest.raises(UserError):  # nothing given yet
        group.withdraw_consent(kin_id, ConsentScope.PARTICIPATE, today=TODAY)
    with pytest.raises(UserError):  # the user needs no consent
        group.set_consent(user_id, ConsentScope.PARTICIPATE, ConsentInput(ConsentStatus.GIVEN), today=TODAY)
    with pytest.raises(UserError):  # not in the future
        group.set_consent(
            kin_id,
            ConsentScope.PARTICIPATE,
            ConsentInput(ConsentStatus.GIVEN, on=date(2027, 1, 1)),
            today=TODAY,
        )
    group.set_consent(
        kin_id,
        ConsentScope.PARTICIPATE,
        ConsentInput(ConsentStatus.GIVEN, on=date(2026, 11, 20)),
        today=TODAY,
    )
    with pytest.raises(UserError):  # withdrawn before it was given
        group.withdraw_consent(kin_id, ConsentScope.PARTICIPATE, on=date(2026, 11, 1), today=TODAY)
    refused = group.set_consent(
        kin_id, ConsentScope.PARTICIPATE, ConsentInput(ConsentStatus.REFUSED), today=TODAY
    )
    assert refused.given_on is None and refused.status == ConsentStatus.REFUSED
