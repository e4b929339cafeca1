"""The review of every earlier open task in a meeting: done, continued with a new due date, or dropped.

Each answer is written straight to the task (with an outcome), and can be undone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, select

from desktop.db import Database
from desktop.errors import UserError
from desktop.i18n import _
from desktop.models import Meeting, Task, TaskReview
from desktop.models.enums import TaskReviewResult, TaskStatus
from desktop.services.case.validation import clean_chars
from desktop.services.meeting.captured import MAX_DECISION_CHARS, clip, held_on
from desktop.services.meeting.lookups import get_meeting, get_task


@dataclass(frozen=True)
class TaskState:
    """What a task looked like before a review changed it (for undo)."""

    status: str
    due: date | None
    outcome: str
    closed_on: date | None
    closed_in_meeting_id: int | None


def _state_of(task: Task) -> TaskState:
    return TaskState(
        status=task.status.value,
        due=task.due,
        outcome=task.outcome,
        closed_on=task.closed_on,
        closed_in_meeting_id=task.closed_in_meeting_id,
    )


class TaskReviewService:
    def __init__(self, db: Database) -> None:
        self._db = db

    def task_state(self, task_id: int) -> TaskState:
        with self._db.session() as session:
            return _state_of(get_task(session, task_id))

    def review_task(
        self,
        meeting_id: int,
        task_id: int,
        result: TaskReviewResult,
        outcome: str,
        new_due: date | None = None,
    ) -> TaskState:
        """Record the follow-up of an earlier task and update the task; returns its previous state.

        Done and dropped close the task and need an outcome (DOMAIN.md §9.6); continued needs a new
        due date and keeps the task open, so it comes back on the next agenda.
        """
        outcome = clip(clean_chars(outcome).strip(), MAX_DECISION_CHARS, _("outcome"))
        if result in (TaskReviewResult.DONE, TaskReviewResult.DROPPED) and not outcome:
            raise UserError(_("Write what came out of the task before closing it."))
        if result == TaskReviewResult.CONTINUED and new_due is None:
            raise UserError(_("Choose a new due date for a task that continues."))
        with self._db.session() as session:
            meeting = get_meeting(session, meeting_id)
            task = get_task(session, task_id)
            if task.case_id != meeting.case_id:
                raise UserError(_("The task belongs to another case."))
            if new_due is not None and new_due < held_on(meeting):
                raise UserError(_("The new due date is before the meeting. Choose a later date."))
            previous = _state_of(task)
            _record_review(session, meeting_id, task, result, outcome, new_due)
            _apply_review(task, meeting, result, outcome, new_due)
            return previous

    def undo_review(self, meeting_id: int, task_id: int, previous: TaskState) -> None:
        """Forget this meeting's review of a task and put the task back as it was."""
        with self._db.session() as session:
            task = get_task(session, task_id)
            for review in session.exec(
                select(TaskReview).where(TaskReview.meeting_id == meeting_id, TaskReview.task_id == task_id)
            ).all():
                session.delete(review)
            task.status = TaskStatus(previous.status)
            task.due, task.outcome = previous.due, previous.outcome
            task.closed_on, task.closed_in_meeting_id = previous.closed_on, previous.closed_in_meeting_id


def _record_review(
    session: Session,
    meeting_id: int,
    task: Task,
    result: TaskReviewResult,
    outcome: str,
    new_due: date | None,
) -> None:
    task_id = task.id or 0
    review = session.exec(
        select(TaskReview).where(TaskReview.meeting_id == meeting_id, TaskReview.task_id == task_id)
    ).first()
    if review is None:  # a second answer in the same meeting keeps the first one's old date
        review = TaskReview(meeting_id=meeting_id, task_id=task_id, result=result, previous_due=task.due)
        session.add(review)
    review.result, review.outcome = result, outcome
    review.new_due = new_due if result == TaskReviewResult.CONTINUED else None


def _apply_review(
    task: Task, meeting: Meeting, result: TaskReviewResult, outcome: str, new_due: date | None
) -> None:
    """Continued keeps the task open with the new date; done and dropped close it in ``meeting``."""
    task.outcome = outcome
    if result == TaskReviewResult.CONTINUED:
        task.due = new_due
        if task.status in (TaskStatus.DONE, TaskStatus.DROPPED):
            task.status = TaskStatus.IN_PROGRESS
        task.closed_on = task.closed_in_meeting_id = None
    else:
        task.status = TaskStatus.DONE if result == TaskReviewResult.DONE else TaskStatus.DROPPED
        task.closed_on = held_on(meeting)
        task.closed_in_meeting_id = meeting.id
