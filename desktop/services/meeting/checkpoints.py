"""Phase checkpoints (sjekkpunkter) that become agenda items (DOMAIN.md §3.1 and §3.4)."""

from __future__ import annotations

from dataclasses import dataclass

from desktop.i18n import N_, _
from desktop.models.enums import PathwayPhase


@dataclass(frozen=True)
class Checkpoint:
    key: str
    msgid: str

    @property
    def title(self) -> str:
        return _(self.msgid)


DISCHARGE_CHECKPOINTS: tuple[Checkpoint, ...] = (
    Checkpoint("housing", N_("Housing from the day of discharge")),
    Checkpoint("economy", N_("Economy and NAV")),
    Checkpoint("activity", N_("Work, education and activity")),
    Checkpoint("network_leisure", N_("Network and leisure")),
    Checkpoint("physical_health", N_("Physical health and dental care")),
    Checkpoint("mental_health", N_("Mental health")),
    Checkpoint("outpatient_plan", N_("Follow-up from the outpatient clinic")),
    Checkpoint("gp_informed", N_("The GP has been informed")),
    Checkpoint("appointments_set", N_("Appointments with dates")),
    Checkpoint("next_meetings", N_("Next cooperation meetings fixed")),
    Checkpoint("first_weeks_plan", N_("Plan for the first weeks")),
    Checkpoint("crisis_plan", N_("Crisis plan")),
    Checkpoint("bed_agreement", N_("User-controlled bed")),
    Checkpoint("coordination", N_("Coordination and handover")),
)

PRE_ADMISSION_CHECKPOINTS: tuple[Checkpoint, ...] = (
    Checkpoint("housing", N_("Housing while away and after the stay")),
    Checkpoint("economy", N_("Economy: rights and applications")),
    Checkpoint("activity", N_("Work and activity: what exists and what the user wants")),
    Checkpoint("next_of_kin", N_("Next of kin: needs and support")),
    Checkpoint("peers", N_("Contact with a user organisation or peer worker")),
    Checkpoint("health", N_("Dental treatment and GP follow-up")),
    Checkpoint("applications", N_("Municipal and NAV services applied for")),
    Checkpoint("coordinator", N_("Coordinator appointed")),
)

_BY_PHASE: dict[PathwayPhase, tuple[Checkpoint, ...]] = {
    PathwayPhase.DISCHARGE_PLANNING: DISCHARGE_CHECKPOINTS,
    PathwayPhase.PRE_ADMISSION: PRE_ADMISSION_CHECKPOINTS,
}


def checkpoints_for(phase: PathwayPhase) -> tuple[Checkpoint, ...]:
    """The checkpoints a meeting in ``phase`` must go through (empty for phases without any)."""
    return _BY_PHASE.get(phase, ())


def checkpoint_title(key: str, phase: PathwayPhase) -> str:
    for checkpoint in checkpoints_for(phase) or DISCHARGE_CHECKPOINTS:
        if checkpoint.key == key:
            return checkpoint.title
    return key
