"""The case list service: search in any letter case (Norwegian and Sami letters), counts, filters."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlmodel import select

from desktop.db import Database
from desktop.models import Meeting, Task
from desktop.models.enums import MeetingStatus, PartyType, PathwayPhase, TaskStatus
from desktop.services.case.creation import CaseService
from desktop.services.case.listing import CaseList

TODAY = date(2026, 11, 25)


def test_search_ignores_letter_case_also_for_norwegian_and_sami_letters(db: Database) -> None:
    cases = CaseService(db)
    cases.create_case("Øystein Ærø", "AG-T-1")
    cases.create_case("Áilu Čáhppes", "AG-T-2")
    cases.create_case("Kari Nordmann", "AG-T-3")
    assert [r.reference for r in cases.list_cases("øystein")] == ["AG-T-1"]
    assert [r.reference for r in cases.list_cases("ÆRØ")] == ["AG-T-1"]
    assert [r.reference for r in cases.list_cases("čáhppes")] == ["AG-T-2"]
    assert [r.reference for r in cases.list_cases("ag-t-")] == ["AG-T-1", "AG-T-2", "AG-T-3"]
    assert cases.list_cases("   ") == cases.list_cases("")
    assert cases.list_cases("finnes ikke") == []


def test_counts_open_and_overdue_tasks_and_the_next_meeting(db: Database) -> None:
    cases = CaseService(db)
    case_id = cases.create_case("Kari Nordmann", "AG-T-1", phase=PathwayPhase.INPATIENT)
    cases.create_case("Ola Nordmann", "AG-T-2")
    with db.session() as session:
        for due, status in (
            (TODAY - timedelta(days=3), TaskStatus.OPEN),
            (TODAY + timedelta(days=3), TaskStatus.WAITING),
            (TODAY - timedelta(days=30), TaskStatus.DONE),
        ):
            session.add(
                Task(case_id=case_id, text="x", party=PartyType.NAV, due=due, status=status, outcome="y")
            )
        soon = datetime.combine(TODAY + timedelta(days=7), datetime.min.time()).replace(hour=10)
        session.add(Meeting(case_id=case_id, start=soon, status=MeetingStatus.PLANNED))
        session.add(Meeting(case_id=case_id, start=soon - timedelta(days=60), status=MeetingStatus.HELD))
        session.commit()
        assert len(session.exec(select(Task)).all()) == 3
    row = next(r for r in cases.list_cases(today=TODAY) if r.id == case_id)
    assert (row.open_tasks, row.overdue_tasks, row.next_meeting) == (2, 1, soon)
    assert [r.id for r in cases.list_cases(only_overdue=True, today=TODAY)] == [case_id]
    assert [r.id for r in cases.list_cases(phase=PathwayPhase.INPATIENT, today=TODAY)] == [case_id]


def test_task_counts_seek_the_case_status_index_instead_of_scanning(db: Database) -> None:
    """EXPLAIN QUERY PLAN of the counts statement the service really sends."""
    from sqlalchemy import event

    statements: list[tuple[str, object]] = []
    capture = lambda *args: statements.append((args[2], args[3]))  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", capture)
    try:
        CaseList(db).list_cases(today=TODAY)
    finally:
        event.remove(db.engine, "before_cursor_execute", capture)
    sql, parameters = next((sql, p) for sql, p in statements if "GROUP BY task.case_id" in sql)
    with db.session() as session:
        plan = session.connection().exec_driver_sql("EXPLAIN QUERY PLAN " + sql, parameters).all()
    details = " / ".join(row[-1] for row in plan)
    assert "SEARCH task USING INDEX ix_task_case_status" in details, details
    assert "SCAN task" not in details, details
