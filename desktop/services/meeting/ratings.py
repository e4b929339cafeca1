"""The person's own rating of each life area at a meeting (1–5, with a line of their own).

The scale is deliberately short and the same in every language: 1 «Svært dårlig» … 5 «Svært bra».
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from desktop import clock
from desktop.db import Database
from desktop.errors import NotFoundError, UserError
from desktop.i18n import N_, _
from desktop.models import LifeAreaRating, Meeting
from desktop.models.enums import LifeDomain
from desktop.services.case.validation import clean_chars

RATING_MIN = 1
RATING_MAX = 5
COMMENT_LIMIT = 2_000
_SCORE_LABELS: dict[int, str] = {
    1: N_("Very bad"),
    2: N_("Bad"),
    3: N_("So-so"),
    4: N_("Good"),
    5: N_("Very good"),
}


class RatingError(UserError, ValueError):
    """A score off the scale or a comment too long: a translated :class:`UserError` (shown as one
    line by every caller), and a ValueError as the ratings panel has always caught it."""


def score_label(score: int) -> str:
    """The translated word for a score («Svært dårlig» … «Svært bra»)."""
    return _(_SCORE_LABELS[score]) if score in _SCORE_LABELS else str(score)


@dataclass(frozen=True)
class RatingLine:
    """One life area's rating at one meeting. ``domain`` is the LifeDomain value."""

    domain: str
    score: int
    comment: str


@dataclass(frozen=True)
class RatingPoint:
    """One point of a life area's curve over time (the case view's chart)."""

    meeting_id: int
    held_at: datetime
    domain: str
    score: int


def meeting_ratings(db: Database, meeting_id: int) -> tuple[RatingLine, ...]:
    """This meeting's ratings, in the order of the life areas (DOMAIN.md §4)."""
    with db.session() as session:
        return ratings_in(session, meeting_id)


def ratings_in(session: Session, meeting_id: int) -> tuple[RatingLine, ...]:
    """:func:`meeting_ratings` read in ``session``."""
    found = session.exec(
        select(LifeAreaRating).where(LifeAreaRating.meeting_id == meeting_id).order_by(col(LifeAreaRating.id))
    ).all()
    order = {d.value: i for i, d in enumerate(LifeDomain)}
    lines = [RatingLine(domain=r.domain.value, score=r.score, comment=r.comment) for r in found]
    return tuple(sorted(lines, key=lambda line: order.get(line.domain, len(order))))


class RatingService:
    def __init__(self, db: Database) -> None:
        self.db = db

    def ratings(self, meeting_id: int) -> tuple[RatingLine, ...]:
        return meeting_ratings(self.db, meeting_id)

    def set_rating(self, meeting_id: int, domain: LifeDomain, score: int | None, comment: str = "") -> None:
        """Save (or with ``score=None`` remove) the person's rating of one life area."""
        if score is not None and not RATING_MIN <= score <= RATING_MAX:
            raise RatingError(
                _("A rating is a number from {low} to {high}.").format(low=RATING_MIN, high=RATING_MAX)
            )
        comment = clean_chars(comment)
        if len(comment) > COMMENT_LIMIT:
            raise RatingError(
                _("The comment is too long (at most {limit} characters).").format(limit=COMMENT_LIMIT)
            )
        with self.db.session() as session:
            if session.get(Meeting, meeting_id) is None:
                raise NotFoundError(_("The meeting no longer exists."))
            row = session.exec(
                select(LifeAreaRating).where(
                    LifeAreaRating.meeting_id == meeting_id, LifeAreaRating.domain == domain
                )
            ).first()
            if score is None:
                if row is not None:
                    session.delete(row)
            elif row is None:
                session.add(
                    LifeAreaRating(meeting_id=meeting_id, domain=domain, score=score, comment=comment)
                )
            else:
                row.score, row.comment, row.updated_at = score, comment, clock.now()
                session.add(row)
            session.commit()

    def in_minutes(self, meeting_id: int) -> bool:
        """Whether the person wants this meeting's ratings printed in the minutes."""
        with self.db.session() as session:
            meeting = session.get(Meeting, meeting_id)
            if meeting is None:
                raise NotFoundError(_("The meeting no longer exists."))
            return meeting.ratings_in_minutes

    def set_in_minutes(self, meeting_id: int, include: bool) -> None:
        """Whether the person wants this meeting's ratings printed in the minutes."""
        with self.db.session() as session:
            meeting = session.get(Meeting, meeting_id)
            if meeting is None:
                raise NotFoundError(_("The meeting no longer exists."))
            meeting.ratings_in_minutes = include
            session.add(meeting)
            session.commit()

    def history(self, case_id: int) -> tuple[RatingPoint, ...]:
        """Every rating of the case's held meetings, oldest first (for the chart over time)."""
        with self.db.session() as session:
            found = session.exec(
                select(LifeAreaRating, Meeting)
                .join(Meeting, col(Meeting.id) == col(LifeAreaRating.meeting_id))
                .where(Meeting.case_id == case_id)
                .order_by(col(Meeting.start), col(LifeAreaRating.domain))
            ).all()
            return tuple(
                RatingPoint(
                    meeting_id=meeting.id or 0,
                    held_at=meeting.started_at or meeting.start,
                    domain=LifeDomain(rating.domain).value,
                    score=rating.score,
                )
                for rating, meeting in found
            )
