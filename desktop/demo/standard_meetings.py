"""Fictional demo data: the meetings of one demo case (``standard.py`` builds the case itself).

Held meetings with agendas, notes, decisions, tasks, ratings and confirmations, and one upcoming
meeting; dates are relative to today like the rest of the demo.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING

from desktop.demo.standard_content import (
    DEMO_CONFIRMATION_CHANGE,
    DEMO_DECISIONS,
    DEMO_EXTRA_TASKS,
    DEMO_MEETINGS,
    DEMO_NOTES,
    DEMO_RATED_AREAS,
    DEMO_RATING_COMMENTS,
    DEMO_TASK_AREAS,
    DEMO_TASKS,
    DEMO_USER_WORDS,
)
from desktop.models import (
    AgendaItem,
    Attendance,
    Decision,
    Goal,
    LifeAreaRating,
    Meeting,
    Member,
    Note,
    Task,
    TaskReview,
)
from desktop.models.enums import (
    AttendanceStatus,
    AuditAction,
    ConfirmationChannel,
    ConfirmationVerdict,
    InvitationResponse,
    LifeDomain,
    MeetingStatus,
    MeetingType,
    NoteKind,
    ParticipationMode,
    PartyType,
    PathwayPhase,
    TaskReviewResult,
    TaskStatus,
)
from desktop.models.records import Attestation
from desktop.services.audit import record
from desktop.services.meeting.agenda import save_entries
from desktop.services.meeting.agenda_generation import generate_agenda

if TYPE_CHECKING:
    from desktop.demo.standard import DemoCase


class DemoMeetings:
    """Builds the meetings of a :class:`DemoCase` whose group already exists."""

    def __init__(self, case: DemoCase) -> None:
        self.case = case
        self.s, self.rng, self.today, self.index = case.s, case.rng, case.today, case.index
        self.phase, self.case_id, self.first_name = case.phase, case.case_id, case.first_name
        self.members, self.user = case.members, case.user

    def add[Row](self, obj: Row) -> Row:
        return self.case.add(obj)

    def build(self) -> None:
        if self.phase == PathwayPhase.CLOSED:
            schedule: tuple[tuple[MeetingType, int], ...] = ((MeetingType.HANDOVER, -60),)
        else:
            schedule = DEMO_MEETINGS
        for number, (meeting_type, days) in enumerate(schedule):
            self._held_meeting(number, meeting_type, days, last=number == len(schedule) - 1)
        if self.phase != PathwayPhase.CLOSED:
            upcoming_type = (
                MeetingType.DISCHARGE_PLANNING
                if self.phase == PathwayPhase.DISCHARGE_PLANNING
                else MeetingType.REGULAR
            )
            meeting = self.add(self._meeting(upcoming_type, 7 + self.index, MeetingStatus.PLANNED))
            assert isinstance(meeting, Meeting)
            self._invite(meeting, held=False)

    def _meeting(self, meeting_type: MeetingType, days: int, status: MeetingStatus) -> Meeting:
        day = self.today + timedelta(days=days)
        while day.weekday() >= 5:  # meetings are held on weekdays
            day += timedelta(days=1)
        start = datetime.combine(day, time(9 + self.index % 4, 0))
        return Meeting(
            case_id=self.case_id,
            type=meeting_type,
            status=status,
            start=start,
            duration_minutes=90,
            place="Møterom Mjøsa, Rus og psykisk helse, Hamar kommune",
            video_note="NAV deltar på Teams ved behov." if self.index % 2 else "",
            facilitator_member_id=self.members[PartyType.TSB_OUTPATIENT].id,
            minute_taker_member_id=self.members[PartyType.MUNICIPAL_HEALTH_CARE].id,
            started_at=start if status == MeetingStatus.HELD else None,
            closed_at=start + timedelta(minutes=85) if status == MeetingStatus.HELD else None,
            next_meeting_start=start + timedelta(days=35) if status == MeetingStatus.HELD else None,
        )

    def _invite(self, meeting: Meeting, *, held: bool) -> list[Member]:
        assert meeting.id is not None
        invitees = [self.user, *self.members.values()]
        for position, member in enumerate(invitees):
            assert isinstance(member, Member) and member.id is not None
            status = None
            mode = None
            if held:
                status = AttendanceStatus.PRESENT
                mode = ParticipationMode.IN_PERSON
                if member.party == PartyType.GP:
                    status = AttendanceStatus.EXCUSED
                elif member.party == PartyType.NAV:
                    status, mode = AttendanceStatus.REMOTE, ParticipationMode.VIDEO
                elif member.party == PartyType.PEER_WORKER and position % 2:
                    status, mode = AttendanceStatus.ABSENT, None
            self.s.add(
                Attendance(
                    meeting_id=meeting.id,
                    member_id=member.id,
                    response=InvitationResponse.ACCEPTED
                    if member.party != PartyType.GP
                    else InvitationResponse.DECLINED,
                    status=status,
                    mode=mode,
                )
            )
        return invitees

    def _held_meeting(self, number: int, meeting_type: MeetingType, days: int, *, last: bool = False) -> None:
        meeting = self.add(self._meeting(meeting_type, days, MeetingStatus.IN_PROGRESS))
        assert isinstance(meeting, Meeting) and meeting.id is not None
        self._invite(meeting, held=True)
        agenda = generate_agenda(self.s, meeting)
        items = save_entries(self.s, meeting.id, agenda)  # the same tree as a saved agenda
        for item in items:
            item.elapsed_seconds = max(0, item.planned_minutes * 60 + self.rng.randint(-90, 120))
            item.is_done = True
        self.s.flush()
        user_view = next(i for i in items if i.kind == "user_view")
        goal_items = [i for i in items if i.kind == "goal"] or [user_view]
        self.s.add(
            Note(
                meeting_id=meeting.id,
                agenda_item_id=user_view.id,
                kind=NoteKind.USER_WORDS,
                text=DEMO_USER_WORDS[number % len(DEMO_USER_WORDS)],
            )
        )
        for n, text in enumerate(DEMO_NOTES[: 2 + number]):
            item = goal_items[n % len(goal_items)]
            self.s.add(
                Note(meeting_id=meeting.id, agenda_item_id=item.id, text=text.format(first=self.first_name))
            )
        self.s.add(
            Decision(
                meeting_id=meeting.id,
                agenda_item_id=goal_items[0].id,
                text=DEMO_DECISIONS[number % len(DEMO_DECISIONS)],
                position=0,
            )
        )
        self._review_earlier_tasks(meeting, items)
        self._new_tasks(meeting, number, goal_items)
        self._ratings(meeting, number)
        self._confirmations(meeting, last=last)
        meeting.status = MeetingStatus.HELD
        record(self.s, AuditAction.MEETING_CLOSED, case_id=self.case_id, meeting_id=meeting.id)

    def _ratings(self, meeting: Meeting, number: int) -> None:
        """The person's own rating of a few life areas; deterministic (no rng: the rest of the demo
        stays as it was): some areas unchanged, some slowly better, some up and down."""
        assert meeting.id is not None  # flushed
        for i, (domain, start) in enumerate(DEMO_RATED_AREAS):
            step = (i + self.index + 1) % 3  # 0: unchanged, 1: slowly better, 2: up and down
            score = start + (number if step == 1 else (number % 2) * 2 if step == 2 else 0)
            comment = (
                DEMO_RATING_COMMENTS[(number + self.index) % len(DEMO_RATING_COMMENTS)] if i == 0 else ""
            )
            self.s.add(
                LifeAreaRating(
                    meeting_id=meeting.id,
                    domain=domain,
                    score=max(1, min(5, score)),
                    comment=comment,
                    updated_at=meeting.start,
                )
            )

    def _confirmations(self, meeting: Meeting, *, last: bool) -> None:
        """The latest meeting of each case: the person confirmed the minutes in the room; in the
        second case the person wanted time to read them (they wait for confirmation), in the third
        the person wanted a change, and in the first the person asked for the ratings in the
        minutes. Earlier meetings have no recorded confirmation (held before the app was used)."""
        if not last:
            return
        assert meeting.id is not None  # flushed
        at = meeting.start + timedelta(minutes=85)  # as the meeting closed
        if self.index == 1:
            meeting.awaiting_confirmation = True
            return
        wants_change = self.index == 2
        self.s.add(
            Attestation(
                meeting_id=meeting.id,
                member_id=self.user.id,
                name=self.user.name,
                approved_at=at,
                recorded_at=at,
                verdict=ConfirmationVerdict.WANTS_CHANGE if wants_change else ConfirmationVerdict.AGREES,
                comment=DEMO_CONFIRMATION_CHANGE if wants_change else "",
                channel=ConfirmationChannel.IN_ROOM,
            )
        )
        if self.index == 0:
            meeting.ratings_in_minutes = True

    def _review_earlier_tasks(self, meeting: Meeting, items: list[AgendaItem]) -> None:
        for item in items:
            if item.task_id is None:
                continue
            task = self.s.get(Task, item.task_id)
            assert task is not None and meeting.id is not None
            if task.status == TaskStatus.DONE:
                self.s.add(
                    TaskReview(
                        meeting_id=meeting.id,
                        task_id=task.id or 0,
                        result=TaskReviewResult.DONE,
                        outcome=task.outcome,
                    )
                )
            elif task.status == TaskStatus.DROPPED:
                self.s.add(
                    TaskReview(
                        meeting_id=meeting.id,
                        task_id=task.id or 0,
                        result=TaskReviewResult.DROPPED,
                        outcome=task.outcome,
                    )
                )
            else:
                self.s.add(
                    TaskReview(
                        meeting_id=meeting.id,
                        task_id=task.id or 0,
                        result=TaskReviewResult.CONTINUED,
                        # A new due date is after the meeting that set it, never already past.
                        new_due=max(task.due, meeting.start.date() + timedelta(days=14))
                        if task.due is not None
                        else meeting.start.date() + timedelta(days=14),
                        outcome="Ikke ferdig ennå. Fortsetter.",
                    )
                )

    def _new_tasks(self, meeting: Meeting, number: int, goal_items: list[AgendaItem]) -> None:
        """Spread the demo tasks over the meetings: older meetings raised the older tasks."""
        pool = DEMO_TASKS + DEMO_EXTRA_TASKS
        offset = (self.index * 3) % len(pool)
        selection = (pool[offset:] + pool[:offset])[: len(DEMO_TASKS)]
        share = [t for i, t in enumerate(selection) if i % len(DEMO_MEETINGS) == number % len(DEMO_MEETINGS)]
        areas: dict[LifeDomain, AgendaItem] = {}  # the goal item of each life area on this meeting's agenda
        for item in goal_items:
            goal = self.s.get(Goal, item.goal_id) if item.goal_id is not None else None
            if goal is not None:
                areas.setdefault(goal.domain, item)
        for n, (text, party, due_days, status) in enumerate(share):
            member = self.user if party == PartyType.USER else self.members.get(party)
            area = DEMO_TASK_AREAS.get(text)
            home = areas.get(area) if area is not None else None
            task_status = TaskStatus(status)
            if self.phase == PathwayPhase.CLOSED:
                task_status = TaskStatus.DONE
            outcome = ""
            if task_status == TaskStatus.DONE:
                outcome = "Utført. Søknaden er sendt og bekreftet mottatt."
            elif task_status == TaskStatus.DROPPED:
                outcome = "Verkstedet har ikke plass i år. Jobbspesialisten ser etter andre muligheter."
            assert meeting.id is not None
            self.s.add(
                Task(
                    case_id=self.case_id,
                    meeting_id=meeting.id,
                    agenda_item_id=(home or goal_items[n % len(goal_items)]).id,
                    text=text.replace("{first}", self.first_name),
                    party=party,
                    responsible_member_id=member.id if isinstance(member, Member) else None,
                    due=self.today + timedelta(days=due_days - self.index),
                    status=task_status,
                    outcome=outcome,
                    created_at=meeting.start,
                    closed_on=self.today - timedelta(days=5) if outcome else None,
                )
            )
        self.s.flush()
