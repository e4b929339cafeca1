"""Everything the minutes of one meeting say, as frozen dataclasses.

The renderer (``minutes.pdf``), the handover export and the GUI read only these objects; they
never touch the ORM. Enum fields keep their raw value so that the text can be rendered in any
language later (``label(PartyType(value))``). :func:`desktop.services.minutes.collect.load_minutes_data`
fills them from the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from desktop.models.enums import ConfirmationChannel, ConfirmationVerdict, PartyGroup
from desktop.services.meeting.ratings import RatingLine
from desktop.services.minutes.distribution import Distribution

PARTY_GROUP_ORDER: tuple[PartyGroup, ...] = (
    PartyGroup.USER,
    PartyGroup.SPECIALIST,
    PartyGroup.MUNICIPALITY,
    PartyGroup.NAV,
    PartyGroup.NEXT_OF_KIN,
    PartyGroup.OTHER,
)


@dataclass(frozen=True)
class MeetingFacts:
    """Type, time, place and roles of the meeting. ``case_reference`` is used in headers, never the name."""

    meeting_id: int
    case_id: int
    case_reference: str
    user_name: str
    user_first_name: str
    type: str
    status: str
    start: datetime
    duration_minutes: int
    place: str
    video_note: str
    facilitator: str
    minute_taker: str
    coordinators: tuple[str, ...]
    next_meeting_start: datetime | None
    next_meeting_reason: str
    planned_start: datetime | None = None  # the planned time, when the meeting was held at another time
    phase: str = ""  # PathwayPhase value of the case (plain titles of checkpoints)
    next_meeting_place: str = ""  # known when the next meeting has been planned


@dataclass(frozen=True)
class AttendanceLine:
    member_id: int
    name: str
    party: str
    role: str
    organisation: str
    status: str | None  # AttendanceStatus value; None = not recorded
    mode: str | None
    left_early: bool = False


@dataclass(frozen=True)
class DecisionLine:
    """«Avtalt»: what the group agreed. Never called *vedtak*."""

    text: str
    awaiting_formal_decision: bool
    agenda_item_id: int | None


@dataclass(frozen=True)
class TaskLine:
    """Who does what by when."""

    id: int
    text: str
    party: str
    party_group: str
    person: str
    due: date | None
    status: str
    is_new: bool  # raised in this meeting (False: an earlier task continued with a new due date)


@dataclass(frozen=True)
class ItemBlock:
    """One agenda item with what was said and agreed under it."""

    id: int
    position: int
    kind: str
    title: str
    notes: tuple[str, ...]
    user_words: tuple[str, ...]
    decisions: tuple[DecisionLine, ...]
    tasks: tuple[TaskLine, ...]
    checkpoint_status: str | None
    checkpoint: str = ""  # checkpoint key (``checkpoints.py``) for kind "checkpoint"
    # For kind "goal": the person's own words first, the professional wording (optional) after.
    goal_domain: str = ""
    goal_text: str = ""
    goal_professional_text: str = ""
    # The task a follow-up item reviews and the measure a measure item is about: the minutes put
    # such an item where its outcome is (``minutes_sections``), so that it is told once.
    task_id: int | None = None
    measure_id: int | None = None
    # The item this one is a sub-item of, when the agenda is hierarchical (a goal's measures, the
    # earlier tasks under «Oppfølging fra forrige møte», the checkpoints under their checklist).
    parent_id: int | None = None


@dataclass(frozen=True)
class ReviewLine:
    """Follow-up of a task raised at an earlier meeting, with its outcome."""

    task_id: int
    text: str
    party: str
    person: str
    result: str  # TaskReviewResult value
    new_due: date | None
    outcome: str


@dataclass(frozen=True)
class PlanChangeLine:
    """A proposed change to a measure of the plan (applies only once confirmed)."""

    measure_text: str
    goal_domain: str
    party: str
    verdict: str  # MeasureVerdict value
    proposed_change: str
    is_applied: bool
    measure_id: int | None = None


@dataclass(frozen=True)
class AttestationLine:
    """One participant's confirmation of the minutes (``confirmation.py``)."""

    name: str
    approved_at: datetime
    verdict: str = ConfirmationVerdict.AGREES.value
    comment: str = ""
    channel: str = ConfirmationChannel.IN_ROOM.value
    recorded_at: datetime | None = None
    member_id: int | None = None
    is_user: bool = False


@dataclass(frozen=True)
class MinutesData:
    facts: MeetingFacts
    attendance: tuple[AttendanceLine, ...]
    items: tuple[ItemBlock, ...]
    decisions: tuple[DecisionLine, ...]
    tasks: tuple[TaskLine, ...]
    reviews: tuple[ReviewLine, ...]
    plan_changes: tuple[PlanChangeLine, ...]
    distribution: Distribution
    attestations: tuple[AttestationLine, ...]
    # This meeting's life-area ratings; empty unless the person wanted them in the minutes.
    ratings: tuple[RatingLine, ...] = ()
    ratings_in_minutes: bool = False
    awaiting_confirmation: bool = False

    def tasks_by_group(self) -> list[tuple[str, list[TaskLine]]]:
        """Page one: tasks grouped by party group in a fixed order (the user first), due date inside."""
        groups: list[tuple[str, list[TaskLine]]] = []
        for group in PARTY_GROUP_ORDER:
            lines = [t for t in self.tasks if t.party_group == group.value]
            if lines:
                lines.sort(key=lambda t: (t.due is None, t.due or date.max, t.id))
                groups.append((group.value, lines))
        return groups


def first_name(name: str) -> str:
    parts = name.split()
    return parts[0] if parts else name
