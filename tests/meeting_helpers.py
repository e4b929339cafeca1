"""Small, fully controlled cases for the meeting tests (the demo data is for screens and flows)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlmodel import select

from desktop.db import Database
from desktop.models import Consent, Goal, IndividualPlan, Measure, Meeting, Member, Task
from desktop.models.enums import (
    ConsentScope,
    ConsentStatus,
    GroupRole,
    LifeDomain,
    MeetingStatus,
    MeetingType,
    PartyType,
    PathwayPhase,
)
from desktop.services.case.creation import CaseService

START = datetime(2026, 12, 2, 10, 0)


@dataclass
class SmallCase:
    case_id: int
    user_id: int
    nav_id: int
    kin_id: int
    goal_id: int
    measure_id: int
    members: dict[str, int] = field(default_factory=dict)


def make_case(
    db: Database,
    *,
    phase: PathwayPhase = PathwayPhase.DISCHARGE_PLANNING,
    kin_consent: bool = False,
    reference: str = "AG-T-001",
    name: str = "Áile Čđŋšŧž Somby",
) -> SmallCase:
    case_id = CaseService(db).create_case(name, reference, phase=phase)
    with db.session() as s:
        user = s.exec(select(Member).where(Member.case_id == case_id)).one()
        nav = Member(case_id=case_id, name="Mona Berg", party=PartyType.NAV, email="mona@nav.example")
        kin = Member(case_id=case_id, name="Randi Somby", party=PartyType.NEXT_OF_KIN)
        chair = Member(
            case_id=case_id, name="Ingrid Haugen", party=PartyType.TSB_OUTPATIENT, role=GroupRole.COORDINATOR
        )
        s.add_all([nav, kin, chair])
        s.flush()
        for member in (nav, chair):
            s.add(Consent(member_id=member.id, scope=ConsentScope.RECEIVE_NOTICE, status=ConsentStatus.GIVEN))
        if kin_consent:
            for scope in (ConsentScope.PARTICIPATE, ConsentScope.RECEIVE_NOTICE):
                s.add(Consent(member_id=kin.id, scope=scope, status=ConsentStatus.GIVEN))
        plan = s.exec(select(IndividualPlan).where(IndividualPlan.case_id == case_id)).one()
        goal = Goal(plan_id=plan.id, domain=LifeDomain.HOUSING, text="Ha et sted å bo 🏠")
        s.add(goal)
        s.flush()
        measure = Measure(goal_id=goal.id, text="Søknad om kommunal bolig", party=PartyType.MUNICIPAL_HOUSING)
        s.add(measure)
        s.flush()
        return SmallCase(
            case_id=case_id,
            user_id=user.id,
            nav_id=nav.id or 0,
            kin_id=kin.id or 0,
            goal_id=goal.id or 0,
            measure_id=measure.id or 0,
            members={"chair": chair.id or 0},
        )


def add_meeting(
    db: Database,
    case_id: int,
    start: datetime = START,
    status: MeetingStatus = MeetingStatus.PLANNED,
    type: MeetingType = MeetingType.REGULAR,
) -> int:
    with db.session() as s:
        meeting = Meeting(case_id=case_id, start=start, status=status, type=type, place="Møterom Mjøsa")
        s.add(meeting)
        s.flush()
        return meeting.id or 0


def add_task(
    db: Database,
    case_id: int,
    text: str,
    *,
    meeting_id: int | None = None,
    created: datetime | None = None,
    due: date | None = None,
    party: PartyType = PartyType.NAV,
) -> int:
    with db.session() as s:
        task = Task(
            case_id=case_id,
            meeting_id=meeting_id,
            text=text,
            party=party,
            due=due or date(2026, 12, 20),
            created_at=created or START - timedelta(days=30),
        )
        s.add(task)
        s.flush()
        return task.id or 0


def start_new_meeting(qtbot, workspace, db: Database, case_id: int, place: str = "Møterom Mjøsa") -> int:  # noqa: ANN001
    """Plan a discharge-planning meeting for ``case_id`` through the dialog, open and start it."""
    from PySide6.QtWidgets import QDialogButtonBox

    from desktop.services.meeting.planning import MeetingService
    from desktop.ui.meeting.new_meeting_dialog import NewMeetingDialog

    dialog = NewMeetingDialog(
        MeetingService(db), case_id, phase="discharge_planning", today=date(2026, 11, 25)
    )
    qtbot.addWidget(dialog)
    dialog.place_edit.setText(place)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.meeting_id is not None, dialog.error_label.text()
    workspace.open_meeting(dialog.meeting_id)
    workspace.start_meeting()
    return dialog.meeting_id
