"""Confirmation of the minutes: who can confirm in the room, one answer per person, «waiting for
confirmation», a later confirmation making a new (signed) version; what the minutes print."""

from __future__ import annotations

from datetime import timedelta

import pytest

from desktop import clock
from desktop.db import Database
from desktop.errors import UserError
from desktop.models import Goal, Measure, Meeting
from desktop.models.enums import (
    AgendaKind,
    AttendanceStatus,
    ConfirmationChannel,
    ConfirmationVerdict,
    LifeDomain,
    MeasureStatus,
    MeetingStatus,
    ParticipationMode,
    PartyType,
    TaskReviewResult,
)
from desktop.services.meeting.agreements import AgreementService
from desktop.services.meeting.attendance import AttendanceService
from desktop.services.meeting.capture import CaptureService
from desktop.services.meeting.closing import ClosingService
from desktop.services.meeting.ratings import RatingService
from desktop.services.meeting.task_review import TaskReviewService
from desktop.services.minutes.collect import load_minutes_data
from desktop.services.minutes.confirmation import ConfirmationService
from desktop.services.minutes.pdf import render_minutes
from desktop.services.minutes.versions import MinutesService, SigningKey
from tests.conftest import TODAY
from tests.meeting_helpers import START, SmallCase, add_meeting, make_case
from tests.pdf_text import flat_text
from tests.unit import minutes_fixtures
from tests.unit.minutes_fixtures import SessionKey

signing_key = minutes_fixtures.signing_key


def _minutes_text(db: Database, meeting_id: int) -> str:
    return flat_text(render_minutes(load_minutes_data(db, meeting_id, today=TODAY), lang="nb").pdf)


@pytest.fixture
def case(db: Database) -> SmallCase:
    return make_case(db)


def _held(db: Database, case: SmallCase, *, user: AttendanceStatus | None = AttendanceStatus.PRESENT) -> int:
    """A meeting in progress with attendance, an agreement and a task; closed with a next date."""
    # Held two days ago: a later answer (now) comes after it.
    start = clock.now_precise().replace(second=0, microsecond=0) - timedelta(days=2)
    meeting_id = add_meeting(db, case.case_id, start, status=MeetingStatus.IN_PROGRESS)
    attendance = AttendanceService(db)
    agreements = AgreementService(db)
    closing = ClosingService(db)
    chair = case.members["chair"]
    attendance.set_attendance(meeting_id, case.user_id, user)
    attendance.set_attendance(meeting_id, chair, AttendanceStatus.PRESENT)
    attendance.set_attendance(meeting_id, case.nav_id, AttendanceStatus.REMOTE, ParticipationMode.VIDEO)
    attendance.set_attendance(meeting_id, case.kin_id, AttendanceStatus.PRESENT, left_early=True)
    agreements.add_decision(meeting_id, None, "Kommunen sender svar på boligsøknaden")
    agreements.add_task(meeting_id, None, "Ringe boligkontoret", PartyType.USER, case.user_id, start.date())
    closing.close_meeting(meeting_id, start + timedelta(weeks=8), max_months=6)
    return meeting_id


def test_only_those_in_the_room_to_the_end_confirm_here_and_the_person_comes_first(
    db: Database, case: SmallCase
) -> None:
    meeting_id = _held(db, case)
    service = ConfirmationService(db)
    in_room = service.in_room(meeting_id)
    assert [p.member_id for p in in_room] == [case.user_id, case.members["chair"]]
    assert in_room[0].is_user
    # by video and left early: not in the room
    with pytest.raises(UserError, match="ikke i rommet"):
        service.record(meeting_id, case.nav_id, ConfirmationVerdict.AGREES)
    with pytest.raises(UserError, match="ikke i rommet"):
        service.record(meeting_id, case.kin_id, ConfirmationVerdict.AGREES)
    assert not service.is_awaiting(meeting_id)  # the person was in the room


def test_one_answer_per_person_and_a_change_needs_a_comment(db: Database, case: SmallCase) -> None:
    meeting_id = _held(db, case)
    service = ConfirmationService(db)
    with pytest.raises(UserError, match="endres"):
        service.record(meeting_id, case.user_id, ConfirmationVerdict.WANTS_CHANGE, "   ")
    service.record(meeting_id, case.user_id, ConfirmationVerdict.AGREES)
    service.record(meeting_id, case.user_id, ConfirmationVerdict.WANTS_CHANGE, "Fristen er for kort")
    answers = service.confirmations(meeting_id)
    assert len(answers) == 1
    assert answers[0].verdict == ConfirmationVerdict.WANTS_CHANGE.value
    assert answers[0].comment == "Fristen er for kort"
    assert answers[0].channel == ConfirmationChannel.IN_ROOM.value


def test_an_open_meeting_cannot_be_confirmed(db: Database, case: SmallCase) -> None:
    meeting_id = add_meeting(db, case.case_id, status=MeetingStatus.IN_PROGRESS)
    with pytest.raises(UserError, match="avsluttet"):
        ConfirmationService(db).record(meeting_id, case.user_id, ConfirmationVerdict.AGREES)


def test_the_minutes_print_each_confirmation_with_verdict_comment_time_and_channel(
    db: Database, case: SmallCase
) -> None:
    meeting_id = _held(db, case)
    service = ConfirmationService(db)
    service.record(meeting_id, case.user_id, ConfirmationVerdict.WANTS_CHANGE, "Jeg vil ha lengre frist")
    service.record(meeting_id, case.members["chair"], ConfirmationVerdict.AGREES)
    text = _minutes_text(db, meeting_id)
    assert "Bekreftelse av referatet" in text
    assert "Áile Čđŋšŧž Somby: «Dette vil jeg endre»" in text
    assert "«Jeg vil ha lengre frist»" in text
    assert "Ingrid Haugen: «Dette stemmer»" in text
    assert "I møtet," in text
    # attendance: how each took part, and who left early
    assert "Mona Berg (NAV): video" in text
    assert "Randi Somby (Pårørende): gikk tidlig" in text


def test_an_absent_person_leaves_the_minutes_waiting_and_a_later_answer_makes_a_new_signed_version(
    db: Database, case: SmallCase, signing_key: SessionKey
) -> None:
    meeting_id = _held(db, case, user=AttendanceStatus.EXCUSED)
    service = ConfirmationService(db)
    assert service.is_awaiting(meeting_id)
    assert [a.meeting_id for a in service.awaiting()] == [meeting_id]
    key = SigningKey(signing_key.path, signing_key.passphrase)
    minutes = MinutesService(db)
    first = minutes.export(meeting_id, key=key, today=TODAY)
    assert first.version.version == 1 and first.version.is_signed
    assert "venter på at Áile bekrefter" in flat_text(first.pdf)

    with pytest.raises(UserError):  # a wrong passphrase stores nothing
        service.record_later(
            meeting_id, case.user_id, ConfirmationVerdict.AGREES, "", ConfirmationChannel.PHONE,
            clock.now_precise() - timedelta(hours=1), key=SigningKey(signing_key.path, "feil"),
        )  # fmt: skip
    assert service.confirmations(meeting_id) == () and service.is_awaiting(meeting_id)

    answered = clock.now_precise().replace(second=0, microsecond=0) - timedelta(hours=2)
    result = service.record_later(
        meeting_id, case.user_id, ConfirmationVerdict.AGREES, "Ok for meg", ConfirmationChannel.PHONE,
        answered, key=key,
    )  # fmt: skip
    assert result.version.version == 2 and result.version.is_signed
    assert result.version.replaces_version == 1
    assert not service.is_awaiting(meeting_id)
    assert service.awaiting() == ()
    text = flat_text(result.pdf)
    assert "Áile Čđŋšŧž Somby: «Dette stemmer»" in text
    assert "På telefon" in text and "«Ok for meg»" in text
    assert "venter på" not in text
    assert "erstatter versjon 1" in text
    assert minutes.verify_chain(case.case_id)


def test_a_later_answer_cannot_claim_to_be_in_the_room_or_from_the_future(
    db: Database, case: SmallCase
) -> None:
    meeting_id = _held(db, case, user=AttendanceStatus.ABSENT)
    service = ConfirmationService(db)
    with pytest.raises(UserError):
        service.record_later(
            meeting_id,
            case.user_id,
            ConfirmationVerdict.AGREES,
            "",
            ConfirmationChannel.IN_ROOM,
            clock.now_precise(),
        )
    with pytest.raises(UserError, match="fram i tid"):
        service.record_later(
            meeting_id, case.user_id, ConfirmationVerdict.AGREES, "", ConfirmationChannel.WRITTEN,
            clock.now_precise() + timedelta(days=2),
        )  # fmt: skip
    assert service.is_awaiting(meeting_id)
    result = service.record_later(
        meeting_id,
        case.user_id,
        ConfirmationVerdict.AGREES,
        "",
        ConfirmationChannel.WRITTEN,
        clock.now_precise(),
    )
    assert not result.version.is_signed  # no key: a new unsigned version
    assert "Skriftlig" in flat_text(result.pdf)


def test_ratings_are_in_the_minutes_only_when_the_person_wants_it(db: Database, case: SmallCase) -> None:
    meeting_id = _held(db, case)
    ratings = RatingService(db)
    ratings.set_rating(meeting_id, LifeDomain.HOUSING, 2, "Trangt på hybelen")
    ratings.set_rating(meeting_id, LifeDomain.ECONOMY, 4)
    text = _minutes_text(db, meeting_id)
    assert "Trangt på hybelen" not in text and "livsområdene" not in text
    ratings.set_in_minutes(meeting_id, True)
    text = _minutes_text(db, meeting_id)
    assert "Hvordan Áile vurderer livsområdene i dag" in text
    assert "Bolig: 2 av 5" in text and "«Trangt på hybelen»" in text
    assert "Økonomi: 4 av 5" in text


def test_the_goal_is_printed_in_the_persons_words_before_the_professional_wording(
    db: Database, case: SmallCase
) -> None:
    from desktop.services.meeting.agenda import AgendaService

    with db.session() as s:
        goal = s.get(Goal, case.goal_id)
        assert goal is not None
        goal.professional_text = "Etablere stabil boligsituasjon"
    meeting_id = add_meeting(db, case.case_id)
    AgendaService(db).save_generated(meeting_id)
    with db.session() as s:
        meeting = s.get(Meeting, meeting_id)
        assert meeting is not None
        meeting.status = MeetingStatus.HELD
        # Something said under the goal: a goal with nothing recorded is only listed by name.
        from sqlmodel import select

        from desktop.models import AgendaItem, Note

        item = s.exec(
            select(AgendaItem).where(
                AgendaItem.meeting_id == meeting_id,
                AgendaItem.goal_id == case.goal_id,
                AgendaItem.kind == AgendaKind.GOAL,
            )
        ).one()
        s.add(Note(meeting_id=meeting_id, agenda_item_id=item.id, text="Boligkontoret har fått søknaden."))
    data = load_minutes_data(db, meeting_id, today=TODAY)
    goal_items = [i for i in data.items if i.kind == AgendaKind.GOAL.value]
    assert goal_items and goal_items[0].goal_text == "Ha et sted å bo 🏠"
    text = _minutes_text(db, meeting_id)
    own, professional = text.find("Ha et sted å bo"), text.find("Etablere stabil boligsituasjon")
    assert 0 <= own < professional


def test_closing_needs_a_date_or_a_reason_and_the_date_at_most_the_maximum_away(
    db: Database, case: SmallCase
) -> None:
    meeting_id = add_meeting(db, case.case_id, status=MeetingStatus.IN_PROGRESS)
    closing = ClosingService(db)
    with pytest.raises(UserError, match="hvorfor"):
        closing.close_meeting(meeting_id, None, "  ", max_months=6)
    with pytest.raises(UserError, match="6 måneder"):
        closing.close_meeting(meeting_id, START + timedelta(days=200), max_months=6)
    with pytest.raises(UserError, match="3 måneder"):
        closing.close_meeting(meeting_id, START + timedelta(days=100), max_months=3)
    with db.session() as s:
        assert s.get(Meeting, meeting_id).status == MeetingStatus.IN_PROGRESS  # type: ignore[union-attr]
    closing.close_meeting(meeting_id, None, "Koordinator ringer når vedtaket kommer", max_months=6)
    with db.session() as s:
        meeting = s.get(Meeting, meeting_id)
        assert meeting is not None and meeting.status == MeetingStatus.HELD
        assert meeting.awaiting_confirmation  # attendance of the person was not recorded
    assert "Koordinator ringer når vedtaket kommer" in _minutes_text(db, meeting_id)


def test_the_close_preview_lists_what_carries_over_and_what_was_not_reached(
    db: Database, case: SmallCase
) -> None:
    from desktop.services.meeting.agenda import AgendaService
    from tests.meeting_helpers import add_task

    add_task(db, case.case_id, "Søke bostøtte")
    reviewed = add_task(db, case.case_id, "Bestille time hos fastlegen")
    meeting_id = add_meeting(db, case.case_id, status=MeetingStatus.IN_PROGRESS)
    AgendaService(db).save_generated(meeting_id)
    capture = CaptureService(db)
    task_review = TaskReviewService(db)
    closing = ClosingService(db)
    task_review.review_task(meeting_id, reviewed, TaskReviewResult.DONE, "Time 3. desember")
    items = capture.capture(meeting_id).items
    capture.set_item_done(items[0].id, True)
    preview = closing.close_preview(meeting_id)
    assert preview.carry_over_tasks == ("Søke bostøtte",)
    assert preview.unevaluated_measures == ("Søknad om kommunal bolig",)
    # a measure past its evaluation date is listed even when it is not on the agenda
    with db.session() as s:
        s.add(
            Measure(
                goal_id=case.goal_id, text="Støttekontakt to timer i uka", party=PartyType.MUNICIPAL_HEALTH_CARE,
                status=MeasureStatus.STARTED, evaluation_date=clock.today() - timedelta(days=3),
            )
        )  # fmt: skip
    preview = closing.close_preview(meeting_id)
    assert preview.unevaluated_measures == ("Søknad om kommunal bolig", "Støttekontakt to timer i uka")
    assert items[0].title not in preview.not_reached
    listed_above = (AgendaKind.TASK_FOLLOW_UP.value, AgendaKind.MEASURE.value)
    assert preview.not_reached == tuple(i.title for i in items[1:] if i.kind not in listed_above)
    assert preview.not_reached  # the goal and the usual items are still there
