"""A meeting, agenda item or task by id, or the translated :class:`NotFoundError` that says so."""

from __future__ import annotations

from sqlmodel import Session

from desktop.errors import NotFoundError
from desktop.i18n import _
from desktop.models import AgendaItem, Meeting, Task


def get_meeting(session: Session, meeting_id: int) -> Meeting:
    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        raise NotFoundError(_("There is no meeting with id {id}.").format(id=meeting_id))
    return meeting


def get_task(session: Session, task_id: int) -> Task:
    task = session.get(Task, task_id)
    if task is None:
        raise NotFoundError(_("There is no task with id {id}.").format(id=task_id))
    return task


def get_agenda_item(session: Session, item_id: int) -> AgendaItem:
    item = session.get(AgendaItem, item_id)
    if item is None:
        raise NotFoundError(_("There is no agenda item with id {id}.").format(id=item_id))
    return item
