"""SQLModel tables. Importing this package registers every table on ``SQLModel.metadata``."""

from desktop.models.case import (
    BedAgreement,
    BedStay,
    Case,
    ChildRecord,
    Coordination,
    CrisisPlan,
    PhaseChange,
)
from desktop.models.group import Consent, Member
from desktop.models.meeting import (
    AgendaItem,
    Attendance,
    Decision,
    LifeAreaRating,
    MeasureEvaluation,
    Meeting,
    Note,
    TaskReview,
)
from desktop.models.plan import Goal, IndividualPlan, Measure
from desktop.models.records import AuditEvent, MinutesVersion
from desktop.models.task import Task

__all__ = [
    "AgendaItem",
    "Attendance",
    "AuditEvent",
    "BedAgreement",
    "BedStay",
    "Case",
    "ChildRecord",
    "Consent",
    "Coordination",
    "CrisisPlan",
    "Decision",
    "Goal",
    "IndividualPlan",
    "LifeAreaRating",
    "Measure",
    "MeasureEvaluation",
    "Meeting",
    "Member",
    "MinutesVersion",
    "Note",
    "PhaseChange",
    "Task",
    "TaskReview",
]
