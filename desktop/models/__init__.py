"""SQLModel tables, loaded on first use.

``from desktop.models import Case`` works as usual, but importing the package (or
``desktop.models.enums``, which the window's frame needs for its phase filter and labels) does
not import SQLAlchemy and SQLModel: the GUI shows its frame before the data layer has loaded
(``start_warm_up`` in ``desktop/ui/data_layer.py``). :func:`load_all` registers every table on
``SQLModel.metadata``; the database layer calls it before the first Session or migration, so
foreign keys always resolve.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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
    from desktop.models.withholding import Withholding

_MODULE_OF: dict[str, str] = {
    **dict.fromkeys(
        ("BedAgreement", "BedStay", "Case", "ChildRecord", "Coordination", "CrisisPlan", "PhaseChange"),
        "case",
    ),
    **dict.fromkeys(("Consent", "Member"), "group"),
    **dict.fromkeys(
        (
            "AgendaItem",
            "Attendance",
            "Decision",
            "LifeAreaRating",
            "MeasureEvaluation",
            "Meeting",
            "Note",
            "TaskReview",
        ),
        "meeting",
    ),
    **dict.fromkeys(("Goal", "IndividualPlan", "Measure"), "plan"),
    **dict.fromkeys(("AuditEvent", "MinutesVersion"), "records"),
    "Task": "task",
    "Withholding": "withholding",
}
TABLE_MODULES: tuple[str, ...] = ("case", "group", "plan", "meeting", "task", "records", "withholding")

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
    "Withholding",
    "load_all",
]


def load_all() -> None:
    """Import every table module (registers all tables on ``SQLModel.metadata``)."""
    for name in TABLE_MODULES:
        import_module(f"desktop.models.{name}")


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module 'desktop.models' has no attribute {name!r}")
    load_all()  # a table class is only usable with every table it may reference registered
    return getattr(import_module(f"desktop.models.{module}"), name)
