"""The person's rating of each life area (desktop/services/meeting/ratings.py)."""

from __future__ import annotations

from datetime import datetime

import pytest

from desktop.db import Database
from desktop.errors import NotFoundError
from desktop.models.enums import LifeDomain, MeetingStatus
from desktop.services.meeting.ratings import RatingService, meeting_ratings, score_label
from tests.meeting_helpers import add_meeting, make_case


def test_set_change_and_remove_a_rating(db: Database) -> None:
    case = make_case(db)
    meeting_id = add_meeting(db, case.case_id, status=MeetingStatus.IN_PROGRESS)
    service = RatingService(db)
    service.set_rating(meeting_id, LifeDomain.SUBSTANCE_USE, 2, "Tøft, men bedre")
    service.set_rating(meeting_id, LifeDomain.HOUSING, 4)
    lines = service.ratings(meeting_id)
    # in the order of the life areas (DOMAIN.md §4), not the order they were set
    assert [(line.domain, line.score, line.comment) for line in lines] == [
        ("housing", 4, ""),
        ("substance_use", 2, "Tøft, men bedre"),
    ]
    service.set_rating(meeting_id, LifeDomain.HOUSING, 5, "Fått nøkkel!")
    assert [(x.domain, x.score, x.comment) for x in meeting_ratings(db, meeting_id)][0] == (
        "housing",
        5,
        "Fått nøkkel!",
    )
    service.set_rating(meeting_id, LifeDomain.HOUSING, None)
    assert [line.domain for line in service.ratings(meeting_id)] == ["substance_use"]
    service.set_rating(meeting_id, LifeDomain.HOUSING, None)  # removing nothing is fine


@pytest.mark.parametrize("score", [0, 6, -1])
def test_scores_outside_the_scale_are_refused(db: Database, score: int) -> None:
    case = make_case(db)
    meeting_id = add_meeting(db, case.case_id)
    with pytest.raises(ValueError, match="1"):
        RatingService(db).set_rating(meeting_id, LifeDomain.ECONOMY, score)
    assert RatingService(db).ratings(meeting_id) == ()


def test_too_long_comment_and_unknown_meeting(db: Database) -> None:
    case = make_case(db)
    meeting_id = add_meeting(db, case.case_id)
    service = RatingService(db)
    with pytest.raises(ValueError):
        service.set_rating(meeting_id, LifeDomain.ECONOMY, 3, "x" * 2001)
    with pytest.raises(NotFoundError):
        service.set_rating(9999, LifeDomain.ECONOMY, 3)
    with pytest.raises(NotFoundError):
        service.in_minutes(9999)


def test_in_minutes_flag(db: Database) -> None:
    case = make_case(db)
    meeting_id = add_meeting(db, case.case_id)
    service = RatingService(db)
    assert service.in_minutes(meeting_id) is False
    service.set_in_minutes(meeting_id, True)
    assert service.in_minutes(meeting_id) is True
    service.set_in_minutes(meeting_id, False)
    assert service.in_minutes(meeting_id) is False


def test_history_is_oldest_first_and_only_this_case(db: Database) -> None:
    case = make_case(db)
    other = make_case(db, reference="AG-T-002", name="Per Hansen")
    later = add_meeting(db, case.case_id, start=datetime(2026, 12, 2, 10, 0), status=MeetingStatus.HELD)
    earlier = add_meeting(db, case.case_id, start=datetime(2026, 10, 2, 10, 0), status=MeetingStatus.HELD)
    elsewhere = add_meeting(db, other.case_id)
    service = RatingService(db)
    service.set_rating(later, LifeDomain.HOUSING, 4)
    service.set_rating(earlier, LifeDomain.HOUSING, 2)
    service.set_rating(earlier, LifeDomain.ECONOMY, 3)
    service.set_rating(elsewhere, LifeDomain.HOUSING, 1)
    history = service.history(case.case_id)
    assert [(p.meeting_id, p.domain, p.score) for p in history] == [
        (earlier, "economy", 3),
        (earlier, "housing", 2),
        (later, "housing", 4),
    ]
    assert history[0].held_at == datetime(2026, 10, 2, 10, 0)


def test_score_words() -> None:
    assert [score_label(n) for n in range(1, 6)] == ["Svært dårlig", "Dårlig", "Middels", "Bra", "Svært bra"]
    assert score_label(9) == "9"


def test_the_demo_has_ratings_for_the_chart(demo_db: Database) -> None:
    history = RatingService(demo_db).history(1)
    meetings = {p.meeting_id for p in history}
    assert len(meetings) == 3  # every held meeting of the first demo case
    housing = [p.score for p in history if p.domain == "housing"]
    assert len(housing) == 3 and all(1 <= s <= 5 for s in housing)
