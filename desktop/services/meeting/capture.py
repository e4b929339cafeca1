"""The captured state of a running meeting, read in one go, and each agenda item's progress.

What is written during the meeting lives in its own small services: attendance
(:mod:`.attendance`), notes (:mod:`.notes`), agreements and new tasks (:mod:`.agreements`), the
review of earlier tasks (:mod:`.task_review`) and of measures (:mod:`.measure_review`), and
closing (:mod:`.closing`). Every method opens its own short session so that each change is
committed at once: a crash loses at most the last autosave interval.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import col, select

from desktop.db import Database
from desktop.models import AgendaItem, Measure, Note
from desktop.models.enums import AgendaKind, CheckpointStatus
from desktop.services.meeting.captured import (
    DecisionRow,
    EarlierTask,
    EvaluationRow,
    NewTaskRow,
    read_decisions,
    read_earlier_tasks,
    read_evaluations,
    read_items,
    read_new_tasks,
)
from desktop.services.meeting.lookups import get_agenda_item, get_meeting


@dataclass(frozen=True)
class ItemState:
    id: int
    position: int
    kind: str
    title: str
    planned_minutes: int
    elapsed_seconds: int
    is_done: bool
    task_id: int | None
    goal_id: int | None
    measure_id: int | None
    checkpoint: str
    checkpoint_status: str | None


@dataclass(frozen=True)
class MeetingCapture:
    """The whole captured state of one meeting, as the runner shows it."""

    meeting_id: int
    status: str
    items: tuple[ItemState, ...]
    notes: dict[tuple[int | None, str], str] = field(default_factory=dict)
    decisions: tuple[DecisionRow, ...] = ()
    tasks: tuple[NewTaskRow, ...] = ()
    earlier_tasks: dict[int, EarlierTask] = field(default_factory=dict)
    evaluations: dict[int, EvaluationRow] = field(default_factory=dict)
    measures: dict[int, str] = field(default_factory=dict)


class CaptureService:
    def __init__(self, db: Database) -> None:
        self._db = db

    def capture(self, meeting_id: int) -> MeetingCapture:
        with self._db.session() as session:
            meeting = get_meeting(session, meeting_id)
            rows = read_items(session, meeting_id)
            notes = {
                (n.agenda_item_id, n.kind.value): n.text
                for n in session.exec(select(Note).where(Note.meeting_id == meeting_id)).all()
            }
            task_ids = [r.task_id for r in rows if r.task_id is not None]
            measure_ids = [r.measure_id for r in rows if r.measure_id is not None]
            measures = {
                m.id or 0: m.text
                for m in session.exec(select(Measure).where(col(Measure.id).in_(measure_ids))).all()
            }
            return MeetingCapture(
                meeting_id=meeting_id,
                status=meeting.status.value,
                items=tuple(_item_state(r) for r in rows),
                notes=notes,
                decisions=read_decisions(session, meeting_id),
                tasks=read_new_tasks(session, meeting_id),
                earlier_tasks=read_earlier_tasks(session, meeting_id, task_ids),
                evaluations={e.measure_id: e for e in read_evaluations(session, meeting_id)},
                measures=measures,
            )

    def set_checkpoint_status(self, item_id: int, status: CheckpointStatus | None) -> None:
        with self._db.session() as session:
            get_agenda_item(session, item_id).checkpoint_status = status

    def set_elapsed(self, item_id: int, seconds: int) -> None:
        with self._db.session() as session:
            get_agenda_item(session, item_id).elapsed_seconds = max(0, int(seconds))

    def set_item_done(self, item_id: int, is_done: bool) -> None:
        with self._db.session() as session:
            get_agenda_item(session, item_id).is_done = is_done


def _item_state(row: AgendaItem) -> ItemState:
    return ItemState(
        id=row.id or 0,
        position=row.position,
        kind=AgendaKind(row.kind).value,
        title=row.title,
        planned_minutes=row.planned_minutes,
        elapsed_seconds=row.elapsed_seconds,
        is_done=row.is_done,
        task_id=row.task_id,
        goal_id=row.goal_id,
        measure_id=row.measure_id,
        checkpoint=row.checkpoint,
        checkpoint_status=row.checkpoint_status.value if row.checkpoint_status else None,
    )
