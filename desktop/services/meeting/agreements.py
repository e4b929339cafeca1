"""What a meeting agreed («Avtalt»; never *vedtak*) and the new tasks it raised (who, what, by when)."""

from __future__ import annotations

from datetime import date, timedelta

from desktop import clock
from desktop.db import Database
from desktop.errors import NotFoundError, UserError
from desktop.i18n import _
from desktop.models import Decision, Member, Task
from desktop.models.enums import MeetingStatus, PartyType
from desktop.services.case.validation import clean_chars
from desktop.services.meeting.captured import (
    MAX_DECISION_CHARS,
    MAX_TASK_CHARS,
    DecisionRow,
    clip,
    decision_row,
    held_on,
    read_decisions,
)
from desktop.services.meeting.lookups import get_meeting, get_task


def _agreement_text(text: str) -> str:
    text = clip(clean_chars(text).strip(), MAX_DECISION_CHARS, _("agreement"))
    if not text:
        raise UserError(_("Write what was agreed."))
    return text


class AgreementService:
    def __init__(self, db: Database) -> None:
        self._db = db

    # -- agreements ----------------------------------------------------------------------------
    def add_decision(
        self,
        meeting_id: int,
        item_id: int | None,
        text: str,
        awaiting_formal_decision: bool = False,
        *,
        decision_id: int | None = None,
        position: int | None = None,
    ) -> int:
        """Record what was agreed. ``decision_id`` lets an undone removal come back with its id."""
        text = _agreement_text(text)
        with self._db.session() as session:
            get_meeting(session, meeting_id)
            if position is None:
                position = len(read_decisions(session, meeting_id))
            decision = Decision(
                id=decision_id,
                meeting_id=meeting_id,
                agenda_item_id=item_id,
                text=text,
                awaiting_formal_decision=awaiting_formal_decision,
                position=position,
            )
            session.add(decision)
            session.flush()
            assert decision.id is not None
            return decision.id

    def update_decision(self, decision_id: int, text: str, awaiting_formal_decision: bool) -> None:
        text = _agreement_text(text)
        with self._db.session() as session:
            decision = session.get(Decision, decision_id)
            if decision is None:
                raise NotFoundError(_("There is no agreement with id {id}.").format(id=decision_id))
            decision.text, decision.awaiting_formal_decision = text, awaiting_formal_decision

    def remove_decision(self, decision_id: int) -> DecisionRow:
        with self._db.session() as session:
            decision = session.get(Decision, decision_id)
            if decision is None:
                raise NotFoundError(_("There is no agreement with id {id}.").format(id=decision_id))
            row = decision_row(decision)
            session.delete(decision)
            return row

    # -- new tasks -------------------------------------------------------------------------------
    def add_task(
        self,
        meeting_id: int,
        item_id: int | None,
        text: str,
        party: PartyType,
        responsible_member_id: int | None = None,
        due: date | None = None,
        *,
        task_id: int | None = None,
    ) -> int:
        """A new task: what, which party, who, by when. ``task_id`` restores an undone removal."""
        text = clip(" ".join(clean_chars(text).split()), MAX_TASK_CHARS, _("task"))
        if not text:
            raise UserError(_("Write what is to be done."))
        with self._db.session() as session:
            meeting = get_meeting(session, meeting_id)
            if responsible_member_id is not None:
                member = session.get(Member, responsible_member_id)
                if member is None or member.case_id != meeting.case_id:
                    raise UserError(_("The person responsible must be a member of the group."))
            if due is not None and due < held_on(meeting) - timedelta(days=1):
                raise UserError(_("The due date is before the meeting. Choose a later date."))
            task = Task(
                id=task_id,
                case_id=meeting.case_id,
                meeting_id=meeting_id,
                agenda_item_id=item_id,
                text=text,
                party=party,
                responsible_member_id=responsible_member_id,
                due=due,
                created_at=max(meeting.start, clock.now())
                if meeting.status == MeetingStatus.IN_PROGRESS
                else meeting.start,
            )
            session.add(task)
            session.flush()
            assert task.id is not None
            return task.id

    def remove_task(self, task_id: int) -> None:
        """Remove a task raised in this meeting (a slip); tasks from earlier meetings are reviewed."""
        with self._db.session() as session:
            session.delete(get_task(session, task_id))
