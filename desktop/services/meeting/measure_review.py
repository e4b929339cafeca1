"""The group's evaluation of measures in a meeting (continue / change / stop), and putting it into the plan.

Nothing reaches the plan while the meeting runs: :meth:`MeasureReviewService.apply_plan_changes`
does that after the meeting, for the evaluations the coordinator confirms.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlmodel import col, select

from desktop import clock
from desktop.db import Database
from desktop.errors import NotFoundError, UserError
from desktop.i18n import _
from desktop.models import Measure, MeasureEvaluation
from desktop.models.enums import MeasureStatus, MeasureVerdict
from desktop.services.case.validation import clean_chars
from desktop.services.meeting.captured import MAX_DECISION_CHARS, clip
from desktop.services.meeting.lookups import get_meeting


class MeasureReviewService:
    def __init__(self, db: Database) -> None:
        self._db = db

    def evaluate_measure(
        self, meeting_id: int, measure_id: int, verdict: MeasureVerdict | None, proposed_change: str = ""
    ) -> None:
        """Record (or with ``verdict=None`` forget) the group's view of a measure.

        Nothing reaches the plan here: :meth:`apply_plan_changes` does that after the meeting.
        """
        proposed_change = clip(clean_chars(proposed_change).strip(), MAX_DECISION_CHARS, _("proposed change"))
        with self._db.session() as session:
            get_meeting(session, meeting_id)
            if session.get(Measure, measure_id) is None:
                raise NotFoundError(_("There is no measure with id {id}.").format(id=measure_id))
            row = session.exec(
                select(MeasureEvaluation).where(
                    MeasureEvaluation.meeting_id == meeting_id, MeasureEvaluation.measure_id == measure_id
                )
            ).first()
            if verdict is None:
                if row is not None and row.applied_at is None:
                    session.delete(row)
                return
            if row is None:
                row = MeasureEvaluation(meeting_id=meeting_id, measure_id=measure_id, verdict=verdict)
                session.add(row)
            elif row.applied_at is not None:
                raise UserError(_("This change has already been made in the plan."))
            row.verdict, row.proposed_change = verdict, proposed_change

    def apply_plan_changes(self, meeting_id: int, evaluation_ids: Iterable[int]) -> int:
        """Put the confirmed evaluations into the plan; returns how many were applied.

        *Stop* ends the measure today, but only with a written reason (nothing is dropped
        silently: without one the evaluation stays pending and the review says why); *change*
        replaces the measure's wording with the proposed change (when one was written);
        *continue* leaves the measure as it is.
        """
        ids = set(evaluation_ids)
        applied = 0
        with self._db.session() as session:
            get_meeting(session, meeting_id)
            rows = session.exec(
                select(MeasureEvaluation).where(
                    MeasureEvaluation.meeting_id == meeting_id, col(MeasureEvaluation.id).in_(ids)
                )
            ).all()
            for row in rows:
                if row.applied_at is not None:
                    continue
                measure = session.get(Measure, row.measure_id)
                if measure is None or not _apply(row, measure):
                    continue
                row.applied_at = clock.now()
                applied += 1
        return applied


def _apply(evaluation: MeasureEvaluation, measure: Measure) -> bool:
    """Change ``measure`` as ``evaluation`` says; False when a stop has no written reason."""
    if evaluation.verdict == MeasureVerdict.STOP:
        if not evaluation.proposed_change.strip():
            return False  # no reason written: not ended
        measure.status = MeasureStatus.ENDED
        measure.end_date = measure.end_date or clock.today()
    elif evaluation.verdict == MeasureVerdict.CHANGE and evaluation.proposed_change:
        measure.text = evaluation.proposed_change
    return True
