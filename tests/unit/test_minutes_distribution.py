"""Distribution from the consent matrix: the user always, others only with consent (R1-R4)."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from desktop.db import Database
from desktop.i18n import install
from desktop.models import Consent, Meeting, Member
from desktop.models.enums import ConsentScope, ConsentStatus, PartyType
from desktop.services.minutes.distribution import Reason, distribution_for_case
from desktop.services.minutes.versions import MinutesService
from tests.conftest import TODAY
from tests.pdf_text import pdf_text
from tests.unit import minutes_fixtures

demo_template = minutes_fixtures.demo_template
demo_db = minutes_fixtures.demo_db
held_meeting = minutes_fixtures.held_meeting


def _case_of(db: Database, meeting_id: int) -> int:
    with db.session() as s:
        meeting = s.get(Meeting, meeting_id)
        assert meeting is not None
        return meeting.case_id


def test_user_always_and_next_of_kin_without_consent_left_out(demo_db: Database, held_meeting: int) -> None:
    dist = distribution_for_case(demo_db, _case_of(demo_db, held_meeting), today=TODAY)
    assert dist.recipients[0].reason == Reason.USER and dist.recipients[0].is_included
    kin = [r for r in dist.recipients if r.party == PartyType.NEXT_OF_KIN.value]
    assert kin and all(not r.is_included for r in kin)
    assert all(r.reason_text() for r in dist.excluded)
    install("nb")
    assert "Ikke på listen" in dist.excluded[0].reason_text()
    # The PDF names recipients only; who was left out is only counted.
    pdf = MinutesService(demo_db).export(held_meeting, today=TODAY).pdf
    text = pdf_text(pdf)
    for r in dist.excluded:
        assert r.name not in text.split("Referatet sendes til")[-1]
    assert "får ikke referatet" in text


def test_given_consent_puts_next_of_kin_on_the_list(demo_db: Database, held_meeting: int) -> None:
    case_id = _case_of(demo_db, held_meeting)
    with demo_db.session() as s:
        kin = s.exec(
            select(Member).where(Member.case_id == case_id, Member.party == PartyType.NEXT_OF_KIN)
        ).first()
        assert kin is not None and kin.id is not None
        s.add(Consent(member_id=kin.id, scope=ConsentScope.RECEIVE_FULL_MINUTES, status=ConsentStatus.GIVEN,
                      given_on=TODAY - timedelta(days=1)))  # fmt: skip
        kin_id = kin.id
    dist = distribution_for_case(demo_db, case_id, today=TODAY)
    assert next(r for r in dist.recipients if r.member_id == kin_id).is_included


def test_withdrawn_consent_takes_effect_on_the_next_export(demo_db: Database, held_meeting: int) -> None:
    case_id = _case_of(demo_db, held_meeting)
    service = MinutesService(demo_db)
    first = service.export(held_meeting, today=TODAY)
    included = [r for r in first.distribution.included if r.party != PartyType.USER.value]
    assert included
    target = included[0]
    assert target.name in pdf_text(first.pdf).split("Referatet sendes til")[-1]
    with demo_db.session() as s:
        consent = s.exec(
            select(Consent).where(
                Consent.member_id == target.member_id, Consent.scope == ConsentScope.RECEIVE_FULL_MINUTES
            )
        ).one()
        consent.status = ConsentStatus.WITHDRAWN
        consent.withdrawn_on = TODAY
        s.add(consent)
    second = service.export(held_meeting, today=TODAY)
    recipient = next(r for r in second.distribution.recipients if r.member_id == target.member_id)
    assert not recipient.is_included and recipient.reason == Reason.WITHDRAWN
    assert target.name not in pdf_text(second.pdf).split("Referatet sendes til")[-1]
    # Withdrawal dated in the future does not yet count.
    with demo_db.session() as s:
        consent = s.exec(
            select(Consent).where(
                Consent.member_id == target.member_id, Consent.scope == ConsentScope.RECEIVE_FULL_MINUTES
            )
        ).one()
        consent.status = ConsentStatus.GIVEN
        consent.withdrawn_on = TODAY + timedelta(days=3)
        s.add(consent)
    assert next(
        r
        for r in distribution_for_case(demo_db, case_id, today=TODAY).recipients
        if r.member_id == target.member_id
    ).is_included
