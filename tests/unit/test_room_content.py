"""The room view's content and its disclosure rule (desktop/services/meeting/room.py)."""

from __future__ import annotations

from datetime import date

from sqlmodel import select

from desktop.db import Database
from desktop.models import AgendaItem, Attendance, Consent, Goal, IndividualPlan, Note
from desktop.models.enums import (
    AgendaKind,
    AttendanceStatus,
    ConsentScope,
    ConsentStatus,
    InvitationResponse,
    MeetingStatus,
    NoteKind,
    PartyType,
    TaskReviewResult,
)
from desktop.services.meeting.agreements import AgreementService
from desktop.services.meeting.attendance import AttendanceService
from desktop.services.meeting.notes import NoteService
from desktop.services.meeting.room import RoomService
from desktop.services.meeting.task_review import TaskReviewService
from tests.meeting_helpers import START, SmallCase, add_meeting, add_task, make_case


def _setup(db: Database) -> tuple[SmallCase, int, dict[str, int]]:
    case = make_case(db, name="Kari Nordmann")
    meeting_id = add_meeting(db, case.case_id, status=MeetingStatus.IN_PROGRESS)
    with db.session() as s:
        goal = s.get(Goal, case.goal_id)
        assert goal is not None
        goal.professional_text = "Stabil bosituasjon"
        plan = s.exec(select(IndividualPlan).where(IndividualPlan.case_id == case.case_id)).one()
        plan.overall_goal = "Å få være mamma igjen"
        items = {}
        for position, (key, kind, title, goal_id) in enumerate(
            (
                ("view", AgendaKind.USER_VIEW, "Siden sist: hva er viktig for deg nå?", None),
                ("goal", AgendaKind.GOAL, "Mål: Ha et sted å bo", case.goal_id),
                ("custom", AgendaKind.CUSTOM, "Barnevernets sak", None),
            )
        ):
            item = AgendaItem(
                meeting_id=meeting_id, position=position, kind=kind, title=title, goal_id=goal_id
            )
            s.add(item)
            s.flush()
            items[key] = item.id or 0
        s.add(Attendance(meeting_id=meeting_id, member_id=case.user_id, status=AttendanceStatus.PRESENT))
        s.add(
            Attendance(
                meeting_id=meeting_id, member_id=case.members["chair"], status=AttendanceStatus.PRESENT
            )
        )
        s.add(
            Consent(
                member_id=case.members["chair"],
                scope=ConsentScope.RECEIVE_FULL_MINUTES,
                status=ConsentStatus.GIVEN,
            )
        )
    return case, meeting_id, items


def test_full_content_puts_the_persons_words_and_own_tasks_first(db: Database) -> None:
    case, meeting_id, items = _setup(db)
    agreements = AgreementService(db)
    notes = NoteService(db)
    agreements.add_decision(meeting_id, items["goal"], "Kari søker om kommunal bolig")
    agreements.add_decision(meeting_id, items["goal"], "NAV ser på bostøtte", awaiting_formal_decision=True)
    agreements.add_task(
        meeting_id, items["goal"], "Ringe boligkontoret", PartyType.NAV, case.nav_id, date(2026, 12, 10)
    )
    agreements.add_task(
        meeting_id, items["goal"], "Fylle ut søknaden", PartyType.USER, case.user_id, date(2026, 12, 20)
    )
    notes.set_note(meeting_id, items["goal"], NoteKind.USER_WORDS, "Jeg vil bo nær søsteren min.")
    notes.set_note(meeting_id, items["goal"], NoteKind.NOTE, "Koordinator: sjekk gjeld")

    room = RoomService(db).content(meeting_id, items["goal"])

    assert not room.is_restricted
    assert (room.item_number, room.item_count, room.item_kind) == (2, 3, "goal")
    assert room.item_heading == "Mål: Ha et sted å bo"
    assert room.person_name == "Kari"
    assert room.goal is not None
    assert room.goal.own_words == "Ha et sted å bo 🏠"
    assert room.goal.professional_text == "Stabil bosituasjon"
    assert room.own_words == "Jeg vil bo nær søsteren min."
    assert [d.text for d in room.decisions] == ["Kari søker om kommunal bolig", "NAV ser på bostøtte"]
    assert [d.awaiting_formal_decision for d in room.decisions] == [False, True]
    assert [(t.text, t.who, t.is_own) for t in room.tasks] == [
        ("Fylle ut søknaden", "Kari", True),  # the person's own task first, though due later
        ("Ringe boligkontoret", "Mona Berg", False),
    ]
    assert "sjekk gjeld" not in repr(room)  # the facilitator's notes are never in the room


def test_the_overall_goal_appears_on_the_persons_own_item(db: Database) -> None:
    _case, meeting_id, items = _setup(db)
    room = RoomService(db).content(meeting_id, items["view"])
    assert room.overall_goal == "Å få være mamma igjen"
    assert room.goal is None
    assert RoomService(db).content(meeting_id, items["goal"]).overall_goal == ""


def test_internal_words_never_reach_the_room(db: Database) -> None:
    _case, meeting_id, items = _setup(db)
    with db.session() as s:
        s.add(
            Note(
                meeting_id=meeting_id,
                agenda_item_id=items["goal"],
                kind=NoteKind.USER_WORDS,
                text="Intern vurdering",
                is_internal=True,
            )
        )
    room = RoomService(db).content(meeting_id, items["goal"])
    assert room.own_words == ""
    assert "Intern vurdering" not in repr(room)


def test_someone_present_without_full_consent_restricts_the_room(db: Database) -> None:
    case, meeting_id, items = _setup(db)
    agreements = AgreementService(db)
    agreements.add_decision(meeting_id, items["custom"], "Hemmelig avtale")
    agreements.add_task(meeting_id, items["custom"], "Hemmelig oppgave", PartyType.USER, case.user_id)
    attendance = AttendanceService(db)
    # NAV has consent to the notice only; present on video, NAV must not see the content.
    attendance.set_attendance(meeting_id, case.nav_id, AttendanceStatus.REMOTE)

    room = RoomService(db).content(meeting_id, items["custom"])

    assert room.is_restricted
    assert room.item_heading == "Annen sak"  # the kind, never the title («Barnevernets sak»)
    assert (room.item_number, room.item_count) == (3, 3)
    assert room.decisions == () and room.tasks == () and room.goal is None and room.own_words == ""
    assert "Hemmelig" not in repr(room) and "Barnevern" not in repr(room)

    # Marked absent, NAV no longer counts: the room shows everything again.
    attendance.set_attendance(meeting_id, case.nav_id, AttendanceStatus.ABSENT)
    room = RoomService(db).content(meeting_id, items["custom"])
    assert not room.is_restricted
    assert room.item_heading == "Barnevernets sak"
    assert [d.text for d in room.decisions] == ["Hemmelig avtale"]


def test_unmarked_invitees_count_unless_they_declined(db: Database) -> None:
    case, meeting_id, items = _setup(db)
    with db.session() as s:
        s.add(Attendance(meeting_id=meeting_id, member_id=case.kin_id, response=InvitationResponse.ACCEPTED))
    assert RoomService(db).content(meeting_id, items["goal"]).is_restricted
    with db.session() as s:
        row = s.exec(select(Attendance).where(Attendance.member_id == case.kin_id)).one()
        row.response = InvitationResponse.DECLINED
    assert not RoomService(db).content(meeting_id, items["goal"]).is_restricted


def test_limited_or_withdrawn_consent_is_not_enough(db: Database) -> None:
    case, meeting_id, items = _setup(db)
    AttendanceService(db).set_attendance(meeting_id, case.nav_id, AttendanceStatus.PRESENT)
    with db.session() as s:
        s.add(
            Consent(
                member_id=case.nav_id,
                scope=ConsentScope.RECEIVE_FULL_MINUTES,
                status=ConsentStatus.LIMITED,
                limitation="Ikke detaljer om rus",
            )
        )
    assert RoomService(db).content(meeting_id, items["goal"]).is_restricted
    with db.session() as s:
        consent = s.exec(
            select(Consent).where(
                Consent.member_id == case.nav_id, Consent.scope == ConsentScope.RECEIVE_FULL_MINUTES
            )
        ).one()
        consent.status = ConsentStatus.GIVEN
    assert not RoomService(db).content(meeting_id, items["goal"]).is_restricted
    with db.session() as s:
        consent = s.exec(
            select(Consent).where(
                Consent.member_id == case.nav_id, Consent.scope == ConsentScope.RECEIVE_FULL_MINUTES
            )
        ).one()
        consent.withdrawn_on = START.date()
    assert RoomService(db).content(meeting_id, items["goal"]).is_restricted


def test_no_current_item_and_the_measure_shows_its_goal(db: Database) -> None:
    case, meeting_id, _items = _setup(db)
    room = RoomService(db).content(meeting_id, None)
    assert (room.item_number, room.item_heading, room.item_kind) == (0, "", "")
    with db.session() as s:
        item = AgendaItem(
            meeting_id=meeting_id,
            position=9,
            kind=AgendaKind.MEASURE,
            title="Tiltak",
            measure_id=case.measure_id,
        )
        s.add(item)
        s.flush()
        item_id = item.id
    room = RoomService(db).content(meeting_id, item_id)
    assert room.goal is not None and room.goal.own_words == "Ha et sted å bo 🏠"


def test_earlier_tasks_the_meeting_continues_are_listed_with_the_new_date(db: Database) -> None:
    case, meeting_id, items = _setup(db)
    earlier = add_task(db, case.case_id, "Søke om startlån", party=PartyType.USER, due=date(2026, 11, 20))
    dropped = add_task(db, case.case_id, "Gammel oppgave", due=date(2026, 11, 20))
    task_review = TaskReviewService(db)
    agreements = AgreementService(db)
    task_review.review_task(
        meeting_id, earlier, TaskReviewResult.CONTINUED, "Venter på papirer", date(2027, 1, 15)
    )
    task_review.review_task(meeting_id, dropped, TaskReviewResult.DROPPED, "Ikke aktuelt lenger")
    agreements.add_task(
        meeting_id, items["goal"], "Ringe banken", PartyType.NAV, case.nav_id, date(2026, 12, 10)
    )

    room = RoomService(db).content(meeting_id, items["goal"])

    assert [(t.text, t.is_own, t.is_continued, t.due) for t in room.tasks] == [
        ("Søke om startlån", True, True, date(2027, 1, 15)),
        ("Ringe banken", False, False, date(2026, 12, 10)),
    ]


def test_both_modes_show_the_agenda_and_where_the_meeting_is(db: Database) -> None:
    """The room always sees the agenda (done, now, to come); restricted, it reads only the titles of
    the meeting's standard frame and the kind of every other item."""
    case, meeting_id, items = _setup(db)
    AttendanceService(db).set_attendance(meeting_id, case.nav_id, AttendanceStatus.REMOTE)

    room = RoomService(db).content(meeting_id, items["goal"])

    assert room.is_restricted
    assert [(line.number, line.title, line.state) for line in room.agenda] == [
        ("1", "Siden sist: hva er viktig for deg nå?", "done"),
        ("2", "Mål", "current"),
        ("3", "Annen sak", "coming"),
    ]
    assert room.person_goal == "" and "mamma" not in repr(room) and "Barnevern" not in repr(room)
    assert room.ends_at is not None and room.ends_at > START

    AttendanceService(db).set_attendance(meeting_id, case.nav_id, AttendanceStatus.ABSENT)
    room = RoomService(db).content(meeting_id, items["goal"])
    assert [line.title for line in room.agenda] == [
        "Siden sist: hva er viktig for deg nå?",
        "Mål: Ha et sted å bo",
        "Barnevernets sak",
    ]
    assert room.person_goal == "Å få være mamma igjen"  # shown on every item, not only the first


def test_the_room_lists_top_level_items_and_the_sub_items_of_the_one_now(db: Database) -> None:
    """A hierarchical agenda: the room reads «Sak 2.1 av 3», lists the three top-level items and,
    beneath the one the meeting is at, its sub-items; other items' sub-items stay folded."""
    case, meeting_id, items = _setup(db)
    with db.session() as s:
        group = s.get(AgendaItem, items["goal"])
        assert group is not None
        for position, title in enumerate(("Søknad om bolig", "Oppfølging i bolig"), start=10):
            s.add(
                AgendaItem(
                    meeting_id=meeting_id,
                    position=position,
                    kind=AgendaKind.MEASURE,
                    title=title,
                    parent_id=group.id,
                )
            )
        s.flush()
        first_sub = s.exec(select(AgendaItem).where(AgendaItem.title == "Søknad om bolig")).one().id

    room = RoomService(db).content(meeting_id, first_sub)

    assert (room.item_label, room.top_level_count) == ("2.1", 3)
    assert [(line.number, line.state, line.is_sub_item) for line in room.agenda] == [
        ("1", "done", False),
        ("2", "current", False),
        ("2.1", "current", True),
        ("2.2", "coming", True),
        ("3", "coming", False),
    ]
    elsewhere = RoomService(db).content(meeting_id, items["custom"])
    assert [line.number for line in elsewhere.agenda] == ["1", "2", "3"]  # 2's sub-items folded
