"""Agenda titles as the minutes say them, in plain words (DOMAIN.md §10).

Agenda titles carry the meeting's working words ("Tiltak: …", "Sjekkpunkt: …"); the minutes use
plain words instead. The prefixes are matched in every language the agenda may have been
written in; a title the group wrote itself is kept.
"""

from __future__ import annotations

from desktop.i18n import N_, _
from desktop.models.enums import AgendaKind, LifeDomain, PathwayPhase, label
from desktop.services.minutes.data import ItemBlock

_CHECKPOINT_PREFIXES = ("Sjekkpunkt: ", "Checkpoint: ")
_MEASURE_PREFIXES = ("Tiltak: ", "Measure: ")
_PLAIN_CHECKPOINTS = {
    "coordination": N_(
        "Who is mainly responsible for keeping things together, and when the municipality takes over"
    ),
    "coordinator": N_("Who is mainly responsible for keeping things together"),
    "gp_informed": N_("The GP knows about the plan"),
    "next_meetings": N_("The next meetings have dates"),
    "outpatient_plan": N_("Follow-up from the clinic after discharge"),
    "bed_agreement": N_("A bed you can ask for yourself"),
}
# Agenda items whose standard title is a working word; a title the group wrote itself is kept.
_PLAIN_KINDS = {
    AgendaKind.COORDINATION.value: (
        ("Koordinering", "Coordination"),
        N_("Who is mainly responsible for keeping things together"),
    ),
    AgendaKind.BED_AGREEMENT.value: (
        ("Brukerstyrt seng", "User-controlled bed"),
        N_("A bed you can ask for yourself"),
    ),
}


def _strip_prefix(title: str, prefixes: tuple[str, ...]) -> str:
    for prefix in prefixes:
        if title.startswith(prefix):
            return title[len(prefix) :]
    return title


def plain_title(item: ItemBlock, phase: str = "") -> str:
    """The title of an agenda item as the minutes say it, without jargon."""
    if item.kind == AgendaKind.GOAL.value and item.goal_text and item.goal_domain:
        return label(LifeDomain(item.goal_domain))  # the goal itself follows, in the person's words
    title = item.title or label(AgendaKind(item.kind))
    if item.kind == AgendaKind.CHECKPOINT.value:
        rest = _strip_prefix(title, _CHECKPOINT_PREFIXES)
        if item.checkpoint in _PLAIN_CHECKPOINTS:
            rest = _(_PLAIN_CHECKPOINTS[item.checkpoint])
        if phase == PathwayPhase.PRE_ADMISSION.value:
            return _("Before admission: {title}").format(title=rest)
        return _("Before discharge: {title}").format(title=rest)
    if item.kind == AgendaKind.MEASURE.value:
        return _("Help: {title}").format(title=_strip_prefix(title, _MEASURE_PREFIXES))
    if item.kind in _PLAIN_KINDS:
        standard, plain = _PLAIN_KINDS[item.kind]
        if not item.title or item.title in standard or item.title == label(AgendaKind(item.kind)):
            return _(plain)
    return title
