"""Domain enumerations (DOMAIN.md §9) with English identifiers.

Values are stored as their lowercase identifier. The Norwegian (or other) label of a member comes
from the translation catalog through :func:`label`; the English msgids live in ``_LABELS``.
"""

from __future__ import annotations

from enum import StrEnum

from desktop.i18n import N_, _


class PathwayPhase(StrEnum):
    """Pasientforløp phase of a case (DOMAIN.md §9.1)."""

    OUTPATIENT = "outpatient"
    PRE_ADMISSION = "pre_admission"
    INPATIENT = "inpatient"
    DISCHARGE_PLANNING = "discharge_planning"
    AFTER_DISCHARGE = "after_discharge"
    MUNICIPAL_FOLLOW_UP = "municipal_follow_up"
    CLOSED = "closed"


class PartyLevel(StrEnum):
    SPECIALIST = "specialist"
    MUNICIPAL = "municipal"
    STATE = "state"
    PRIVATE = "private"
    CIVIL = "civil"
    PERSONAL = "personal"
    OTHER = "other"


class PartyType(StrEnum):
    """Which service or role a group member or a task owner belongs to (DOMAIN.md §9.2)."""

    USER = "user"
    TSB_OUTPATIENT = "tsb_outpatient"
    INPATIENT_INSTITUTION = "inpatient_institution"
    PRIVATE_INSTITUTION = "private_institution"
    MENTAL_HEALTH_SERVICE = "mental_health_service"
    OUTREACH_TEAM = "outreach_team"
    MUNICIPAL_HEALTH_CARE = "municipal_health_care"
    MUNICIPAL_HOUSING = "municipal_housing"
    GP = "gp"
    NAV = "nav"
    CHILD_WELFARE = "child_welfare"
    NEXT_OF_KIN = "next_of_kin"
    USER_ORGANISATION = "user_organisation"
    PEER_WORKER = "peer_worker"
    VOLUNTARY_ORG = "voluntary_org"
    CORRECTIONAL = "correctional"
    OTHER = "other"


class PartyGroup(StrEnum):
    """The coarse grouping used on the task board and page one of the minutes."""

    USER = "user"
    SPECIALIST = "specialist"
    MUNICIPALITY = "municipality"
    NAV = "nav"
    NEXT_OF_KIN = "next_of_kin"
    OTHER = "other"


PARTY_GROUP: dict[PartyType, PartyGroup] = {
    PartyType.USER: PartyGroup.USER,
    PartyType.TSB_OUTPATIENT: PartyGroup.SPECIALIST,
    PartyType.INPATIENT_INSTITUTION: PartyGroup.SPECIALIST,
    PartyType.PRIVATE_INSTITUTION: PartyGroup.SPECIALIST,
    PartyType.MENTAL_HEALTH_SERVICE: PartyGroup.SPECIALIST,
    PartyType.OUTREACH_TEAM: PartyGroup.SPECIALIST,
    PartyType.MUNICIPAL_HEALTH_CARE: PartyGroup.MUNICIPALITY,
    PartyType.MUNICIPAL_HOUSING: PartyGroup.MUNICIPALITY,
    PartyType.GP: PartyGroup.MUNICIPALITY,
    PartyType.CHILD_WELFARE: PartyGroup.MUNICIPALITY,
    PartyType.NAV: PartyGroup.NAV,
    PartyType.NEXT_OF_KIN: PartyGroup.NEXT_OF_KIN,
    PartyType.USER_ORGANISATION: PartyGroup.OTHER,
    PartyType.PEER_WORKER: PartyGroup.OTHER,
    PartyType.VOLUNTARY_ORG: PartyGroup.OTHER,
    PartyType.CORRECTIONAL: PartyGroup.OTHER,
    PartyType.OTHER: PartyGroup.OTHER,
}


class LifeDomain(StrEnum):
    """Livsområde of a goal in the individual plan (DOMAIN.md §4)."""

    HOUSING = "housing"
    ECONOMY = "economy"
    WORK_ACTIVITY = "work_activity"
    PHYSICAL_HEALTH = "physical_health"
    MENTAL_HEALTH = "mental_health"
    SUBSTANCE_USE = "substance_use"
    NETWORK_LEISURE = "network_leisure"
    DAILY_FUNCTIONING = "daily_functioning"
    FAMILY_CHILDREN = "family_children"
    LEGAL = "legal"
    OTHER = "other"


class MeetingType(StrEnum):
    """DOMAIN.md §5.1."""

    PRE_ADMISSION = "pre_admission"
    FIRST_MEETING = "first_meeting"
    REGULAR = "regular"
    DISCHARGE_PLANNING = "discharge_planning"
    BED_UNIT = "bed_unit"
    AFTERCARE = "aftercare"
    EVALUATION = "evaluation"
    HANDOVER = "handover"
    EXTRA = "extra"
    NETWORK = "network"


class MeetingStatus(StrEnum):
    PLANNED = "planned"
    NOTICE_SENT = "notice_sent"
    IN_PROGRESS = "in_progress"
    HELD = "held"
    SIGNED = "signed"
    CANCELLED = "cancelled"


class ParticipationMode(StrEnum):
    IN_PERSON = "in_person"
    VIDEO = "video"
    PHONE = "phone"
    WRITTEN = "written"


class ConsentScope(StrEnum):
    """What the user has agreed may be shared with a member (DOMAIN.md §9.5)."""

    PARTICIPATE = "participate"
    RECEIVE_NOTICE = "receive_notice"
    RECEIVE_FULL_MINUTES = "receive_full_minutes"
    RECEIVE_OWN_TASKS = "receive_own_tasks"
    SHARE_BETWEEN_SERVICES = "share_between_services"
    INVOLVE_NEXT_OF_KIN = "involve_next_of_kin"
    INFORM_GP = "inform_gp"
    NOTIFY_MUNICIPALITY_DISCHARGE = "notify_municipality_discharge"
    TRANSFER_TO_NEW_COORDINATOR = "transfer_to_new_coordinator"


class ConsentStatus(StrEnum):
    NOT_ASKED = "not_asked"
    GIVEN = "given"
    LIMITED = "limited"
    REFUSED = "refused"
    WITHDRAWN = "withdrawn"


class ConsentForm(StrEnum):
    ORAL = "oral"
    WRITTEN = "written"


class TaskStatus(StrEnum):
    """DOMAIN.md §9.6. *Forfalt* (overdue) is derived from the due date, never stored."""

    OPEN = "open"
    IN_PROGRESS = "in_progress"
    WAITING = "waiting"
    DONE = "done"
    POSTPONED = "postponed"
    DROPPED = "dropped"


OPEN_TASK_STATUSES: tuple[TaskStatus, ...] = (
    TaskStatus.OPEN,
    TaskStatus.IN_PROGRESS,
    TaskStatus.WAITING,
    TaskStatus.POSTPONED,
)


class TaskReviewResult(StrEnum):
    """What a meeting decided about a task raised earlier."""

    DONE = "done"
    CONTINUED = "continued"
    DROPPED = "dropped"


class AttendanceStatus(StrEnum):
    PRESENT = "present"
    REMOTE = "remote"
    PARTIAL = "partial"
    EXCUSED = "excused"
    ABSENT = "absent"


class ConfirmationVerdict(StrEnum):
    """A participant's answer to the minutes: «Dette stemmer» or «Dette vil jeg endre»."""

    AGREES = "agrees"
    WANTS_CHANGE = "wants_change"


class ConfirmationChannel(StrEnum):
    """How a confirmation reached the coordinator: in the room, or later by phone, in person, in writing."""

    IN_ROOM = "in_room"
    IN_PERSON = "in_person"
    PHONE = "phone"
    WRITTEN = "written"


class InvitationResponse(StrEnum):
    NO_RESPONSE = "no_response"
    ACCEPTED = "accepted"
    DECLINED = "declined"


class CheckpointStatus(StrEnum):
    NOT_ASSESSED = "not_assessed"
    SECURED = "secured"
    UNCERTAIN = "uncertain"
    UNLIKELY = "unlikely"
    NOT_NEEDED = "not_needed"


class GoalStatus(StrEnum):
    ACTIVE = "active"
    ACHIEVED = "achieved"
    PARTLY_ACHIEVED = "partly_achieved"
    PAUSED = "paused"
    DROPPED = "dropped"


class MeasureStatus(StrEnum):
    PLANNED = "planned"
    APPLIED = "applied"
    GRANTED = "granted"
    REJECTED = "rejected"
    STARTED = "started"
    ENDED = "ended"


class MeasureVerdict(StrEnum):
    """The group's evaluation of a measure in a meeting; applied to the plan only on confirmation."""

    CONTINUE = "continue"
    CHANGE = "change"
    STOP = "stop"


class GroupRole(StrEnum):
    USER = "user"
    COORDINATOR = "coordinator"
    CHAIR = "chair"
    MINUTE_TAKER = "minute_taker"
    MEMBER = "member"


class CoordinationHolder(StrEnum):
    SPECIALIST = "specialist"
    MUNICIPALITY = "municipality"


class NextOfKinRelation(StrEnum):
    PARTNER = "partner"
    PARENT = "parent"
    ADULT_CHILD = "adult_child"
    SIBLING = "sibling"
    FRIEND = "friend"
    OTHER = "other"


class AgendaKind(StrEnum):
    """The kind of an agenda item (DOMAIN.md §5.2)."""

    WELCOME = "welcome"
    APPROVE_MINUTES = "approve_minutes"
    USER_VIEW = "user_view"
    TASK_FOLLOW_UP = "task_follow_up"
    GOAL = "goal"
    MEASURE = "measure"
    CHECKPOINT = "checkpoint"
    #: The group item «Oppfølging fra forrige møte»: each earlier task is a sub-item beneath it.
    FOLLOW_UPS = "follow_ups"
    #: The checklist item of the phase's checkpoints: each checkpoint is a sub-item beneath it.
    CHECKPOINTS = "checkpoints"
    CRISIS_PLAN = "crisis_plan"
    BED_AGREEMENT = "bed_agreement"
    NEXT_OF_KIN = "next_of_kin"
    COORDINATION = "coordination"
    OTHER_BUSINESS = "other_business"
    NEXT_MEETING = "next_meeting"
    CUSTOM = "custom"


class NoteKind(StrEnum):
    NOTE = "note"
    USER_WORDS = "user_words"


class AuditAction(StrEnum):
    """What happened; an audit event never stores content, only this code and ids."""

    CASE_CREATED = "case_created"
    CASE_OPENED = "case_opened"
    CASE_DELETED = "case_deleted"
    MEETING_CREATED = "meeting_created"
    MEETING_CLOSED = "meeting_closed"
    NOTICE_EXPORTED = "notice_exported"
    MINUTES_EXPORTED = "minutes_exported"
    MINUTES_SIGNED = "minutes_signed"
    HANDOVER_IMPORTED = "handover_imported"
    PRINTED = "printed"
    COPY_FULL = "copy_full"
    COPY_LIMITED = "copy_limited"
    COPY_OWN_TASKS = "copy_own_tasks"
    COPY_PRINTED = "copy_printed"
    HANDOVER_EXPORTED = "handover_exported"
    BACKUP_CREATED = "backup_created"
    DEMO_CREATED = "demo_created"
    # Issue 19: a signed version rendered in another language (not a new version), and a purge.
    MINUTES_RENDERED = "minutes_rendered"
    CASE_PURGED = "case_purged"


_LABEL_PAIRS: tuple[tuple[StrEnum, str], ...] = (
    (PathwayPhase.OUTPATIENT, N_("Outpatient treatment")),
    (PathwayPhase.PRE_ADMISSION, N_("Before admission")),
    (PathwayPhase.INPATIENT, N_("Inpatient stay")),
    (PathwayPhase.DISCHARGE_PLANNING, N_("Discharge planning")),
    (PathwayPhase.AFTER_DISCHARGE, N_("After discharge")),
    (PathwayPhase.MUNICIPAL_FOLLOW_UP, N_("Municipal follow-up")),
    (PathwayPhase.CLOSED, N_("Closed")),
    (PartyType.USER, N_("User")),
    (PartyType.TSB_OUTPATIENT, N_("TSB outpatient clinic")),
    (PartyType.INPATIENT_INSTITUTION, N_("Inpatient institution")),
    (PartyType.PRIVATE_INSTITUTION, N_("Private contracted institution")),
    (PartyType.MENTAL_HEALTH_SERVICE, N_("Mental health service / DPS")),
    (PartyType.OUTREACH_TEAM, N_("Outreach team (ACT/FACT)")),
    (PartyType.MUNICIPAL_HEALTH_CARE, N_("Municipal health and care service")),
    (PartyType.MUNICIPAL_HOUSING, N_("Municipal housing service")),
    (PartyType.GP, N_("GP")),
    (PartyType.NAV, N_("NAV")),
    (PartyType.CHILD_WELFARE, N_("Child welfare")),
    (PartyType.NEXT_OF_KIN, N_("Next of kin")),
    (PartyType.USER_ORGANISATION, N_("User organisation")),
    (PartyType.PEER_WORKER, N_("Peer worker")),
    (PartyType.VOLUNTARY_ORG, N_("Voluntary organisation")),
    (PartyType.CORRECTIONAL, N_("Correctional service")),
    (PartyType.OTHER, N_("Other")),
    (PartyGroup.USER, N_("The user")),
    (PartyGroup.SPECIALIST, N_("Specialist health service")),
    (PartyGroup.MUNICIPALITY, N_("Municipality")),
    (PartyGroup.NAV, N_("NAV")),
    (PartyGroup.NEXT_OF_KIN, N_("Next of kin")),
    (PartyGroup.OTHER, N_("Others")),
    (LifeDomain.HOUSING, N_("Housing")),
    (LifeDomain.ECONOMY, N_("Economy")),
    (LifeDomain.WORK_ACTIVITY, N_("Work, education and activity")),
    (LifeDomain.PHYSICAL_HEALTH, N_("Physical health")),
    (LifeDomain.MENTAL_HEALTH, N_("Mental health")),
    (LifeDomain.SUBSTANCE_USE, N_("Substance use")),
    (LifeDomain.NETWORK_LEISURE, N_("Network and leisure")),
    (LifeDomain.DAILY_FUNCTIONING, N_("Everyday coping")),
    (LifeDomain.FAMILY_CHILDREN, N_("Family, next of kin and children")),
    (LifeDomain.LEGAL, N_("Legal matters")),
    (LifeDomain.OTHER, N_("Other")),
    (MeetingType.PRE_ADMISSION, N_("Cooperation meeting before admission")),
    (MeetingType.FIRST_MEETING, N_("First cooperation meeting")),
    (MeetingType.REGULAR, N_("Responsibility group meeting")),
    (MeetingType.DISCHARGE_PLANNING, N_("Discharge meeting")),
    (MeetingType.BED_UNIT, N_("Meeting with the user-controlled bed unit")),
    (MeetingType.AFTERCARE, N_("Follow-up meeting after discharge")),
    (MeetingType.EVALUATION, N_("Evaluation of the individual plan")),
    (MeetingType.HANDOVER, N_("Handover of coordination")),
    (MeetingType.EXTRA, N_("Extraordinary meeting")),
    (MeetingType.NETWORK, N_("Network meeting")),
    (MeetingStatus.PLANNED, N_("Planned")),
    (MeetingStatus.NOTICE_SENT, N_("Notice sent")),
    (MeetingStatus.IN_PROGRESS, N_("In progress")),
    (MeetingStatus.HELD, N_("Held")),
    (MeetingStatus.SIGNED, N_("Signed")),
    (MeetingStatus.CANCELLED, N_("Cancelled")),
    (ParticipationMode.IN_PERSON, N_("In person")),
    (ParticipationMode.VIDEO, N_("Video")),
    (ParticipationMode.PHONE, N_("Phone")),
    (ParticipationMode.WRITTEN, N_("Written input")),
    (ConsentScope.PARTICIPATE, N_("Take part in meetings")),
    (ConsentScope.RECEIVE_NOTICE, N_("Receive notice")),
    (ConsentScope.RECEIVE_FULL_MINUTES, N_("Receive full minutes")),
    (ConsentScope.RECEIVE_OWN_TASKS, N_("Receive own tasks")),
    (ConsentScope.SHARE_BETWEEN_SERVICES, N_("Share information between services")),
    (ConsentScope.INVOLVE_NEXT_OF_KIN, N_("Involve next of kin")),
    (ConsentScope.INFORM_GP, N_("Inform the GP")),
    (ConsentScope.NOTIFY_MUNICIPALITY_DISCHARGE, N_("Notify the municipality of discharge")),
    (ConsentScope.TRANSFER_TO_NEW_COORDINATOR, N_("Transfer the plan to a new coordinator")),
    (ConsentStatus.NOT_ASKED, N_("Not asked")),
    (ConsentStatus.GIVEN, N_("Given")),
    (ConsentStatus.LIMITED, N_("Given with limits")),
    (ConsentStatus.REFUSED, N_("Not given")),
    (ConsentStatus.WITHDRAWN, N_("Withdrawn")),
    (ConsentForm.ORAL, N_("Oral")),
    (ConsentForm.WRITTEN, N_("Written")),
    (TaskStatus.OPEN, N_("Not started")),
    (TaskStatus.IN_PROGRESS, N_("In progress")),
    (TaskStatus.WAITING, N_("Waiting for others / decision")),
    (TaskStatus.DONE, N_("Done")),
    (TaskStatus.POSTPONED, N_("Postponed")),
    (TaskStatus.DROPPED, N_("Ended without being done")),
    (TaskReviewResult.DONE, N_("Done")),
    (TaskReviewResult.CONTINUED, N_("Continued")),
    (TaskReviewResult.DROPPED, N_("Dropped")),
    (AttendanceStatus.PRESENT, N_("Present")),
    (AttendanceStatus.REMOTE, N_("Took part remotely")),
    (AttendanceStatus.PARTIAL, N_("Took part partly")),
    (AttendanceStatus.EXCUSED, N_("Sent apologies")),
    (AttendanceStatus.ABSENT, N_("Did not attend")),
    (InvitationResponse.NO_RESPONSE, N_("No response")),
    (InvitationResponse.ACCEPTED, N_("Coming")),
    (InvitationResponse.DECLINED, N_("Not coming")),
    (CheckpointStatus.NOT_ASSESSED, N_("Not assessed")),
    (CheckpointStatus.SECURED, N_("Secured")),
    (CheckpointStatus.UNCERTAIN, N_("Uncertain")),
    (CheckpointStatus.UNLIKELY, N_("Most likely not")),
    (CheckpointStatus.NOT_NEEDED, N_("Not relevant")),
    (GoalStatus.ACTIVE, N_("Active")),
    (GoalStatus.ACHIEVED, N_("Achieved")),
    (GoalStatus.PARTLY_ACHIEVED, N_("Partly achieved")),
    (GoalStatus.PAUSED, N_("On hold")),
    (GoalStatus.DROPPED, N_("Ended")),
    (MeasureStatus.PLANNED, N_("Planned")),
    (MeasureStatus.APPLIED, N_("Applied for")),
    (MeasureStatus.GRANTED, N_("Granted")),
    (MeasureStatus.REJECTED, N_("Rejected")),
    (MeasureStatus.STARTED, N_("Started")),
    (MeasureStatus.ENDED, N_("Ended")),
    (MeasureVerdict.CONTINUE, N_("Continue")),
    (MeasureVerdict.CHANGE, N_("Change")),
    (MeasureVerdict.STOP, N_("Stop")),
    (GroupRole.USER, N_("User")),
    (GroupRole.COORDINATOR, N_("Coordinator")),
    (GroupRole.CHAIR, N_("Chair")),
    (GroupRole.MINUTE_TAKER, N_("Minute-taker")),
    (GroupRole.MEMBER, N_("Member")),
    (CoordinationHolder.SPECIALIST, N_("Specialist health service")),
    (CoordinationHolder.MUNICIPALITY, N_("Municipality")),
    (NextOfKinRelation.PARTNER, N_("Partner / spouse / cohabitant")),
    (NextOfKinRelation.PARENT, N_("Parent")),
    (NextOfKinRelation.ADULT_CHILD, N_("Adult child")),
    (NextOfKinRelation.SIBLING, N_("Sibling")),
    (NextOfKinRelation.FRIEND, N_("Friend")),
    (NextOfKinRelation.OTHER, N_("Other")),
    (AgendaKind.WELCOME, N_("Welcome and roles")),
    (AgendaKind.APPROVE_MINUTES, N_("Approval of the minutes from the last meeting")),
    (AgendaKind.USER_VIEW, N_("Since last time: what matters to you now?")),
    (AgendaKind.TASK_FOLLOW_UP, N_("Follow-up of task")),
    (AgendaKind.GOAL, N_("Goal")),
    (AgendaKind.MEASURE, N_("Measure")),
    (AgendaKind.CHECKPOINT, N_("Checkpoint")),
    (AgendaKind.FOLLOW_UPS, N_("Follow-up from the last meeting")),
    (AgendaKind.CHECKPOINTS, N_("Checkpoints")),
    (AgendaKind.CRISIS_PLAN, N_("Crisis plan")),
    (AgendaKind.BED_AGREEMENT, N_("User-controlled bed")),
    (AgendaKind.NEXT_OF_KIN, N_("Next of kin and children")),
    (AgendaKind.COORDINATION, N_("Coordination")),
    (AgendaKind.OTHER_BUSINESS, N_("Any other business")),
    (AgendaKind.NEXT_MEETING, N_("Next meeting")),
    (AgendaKind.CUSTOM, N_("Other item")),
    (NoteKind.NOTE, N_("Note")),
    (NoteKind.USER_WORDS, N_("In the user's own words")),
    (ConfirmationVerdict.AGREES, N_("This is right")),
    (ConfirmationVerdict.WANTS_CHANGE, N_("I want to change this")),
    (ConfirmationChannel.IN_ROOM, N_("During the meeting")),  # the room, video or phone alike
    (ConfirmationChannel.IN_PERSON, N_("In person, later")),
    (ConfirmationChannel.PHONE, N_("By phone")),
    (ConfirmationChannel.WRITTEN, N_("In writing")),
)


# Keyed by (enum class, value): StrEnum members of different enums with equal values compare equal.
_LABELS: dict[tuple[type, str], str] = {(type(m), m.value): text for m, text in _LABEL_PAIRS}


def label(member: StrEnum) -> str:
    """The translated, user-visible label of an enum member."""
    text = _LABELS.get((type(member), member.value))
    return _(text) if text is not None else str(member.value)
