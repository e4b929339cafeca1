"""TaskService: order (overdue first), paging, filters, counts, closing with an outcome."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import datetime, timedelta

import pytest

from desktop import clock
from desktop.db import Database
from desktop.errors import UserError
from desktop.models import Case, Member, Task
from desktop.models.enums import PartyType, TaskStatus
from desktop.services.tasks.board import TaskFilter, TaskService
from tests.conftest import TODAY


def _seed(db: Database) -> dict[str, int]:
    """Two cases, tasks with past, future and no due date, open and closed, several parties."""
    ids: dict[str, int] = {}
    with db.session() as s:
        a = Case(reference="AG-T-1", display_name="Kari Nordmann")
        b = Case(reference="AG-T-2", display_name="Áile Somby")
        s.add_all([a, b])
        s.flush()
        ids["case_b"] = b.id or 0
        nav = Member(case_id=a.id or 0, name="Nils NAV-veileder", party=PartyType.NAV)
        s.add(nav)
        s.flush()
        specs = [
            (
                "late_old",
                a,
                "Søke om bostøtte",
                PartyType.USER,
                TODAY - timedelta(days=30),
                TaskStatus.OPEN,
                None,
            ),
            (
                "late_new",
                b,
                "Ringe NAV om AAP",
                PartyType.NAV,
                TODAY - timedelta(days=1),
                TaskStatus.WAITING,
                nav,
            ),
            (
                "soon",
                a,
                "Bestille time hos fastlegen",
                PartyType.GP,
                TODAY + timedelta(days=3),
                TaskStatus.IN_PROGRESS,
                None,
            ),
            (
                "later",
                b,
                "Ølkveld er ikke aktuelt – finne annen aktivitet",
                PartyType.OTHER,
                TODAY + timedelta(days=20),
                TaskStatus.POSTPONED,
                None,
            ),
            (
                "undated",
                a,
                "Avklare bolig før utskrivning",
                PartyType.MUNICIPAL_HOUSING,
                None,
                TaskStatus.OPEN,
                None,
            ),
            ("done", a, "Sende søknad", PartyType.USER, TODAY - timedelta(days=60), TaskStatus.DONE, None),
            (
                "dropped",
                b,
                "Kurs i regi av frivilligsentralen",
                PartyType.VOLUNTARY_ORG,
                TODAY - timedelta(days=50),
                TaskStatus.DROPPED,
                None,
            ),
        ]
        for key, case, text, party, due, status, member in specs:
            task = Task(
                case_id=case.id or 0,
                text=text,
                party=party,
                due=due,
                status=status,
                responsible_member_id=member.id if member else None,
                responsible_person=""
                if member
                else "Tildelingskontoret"
                if party == PartyType.MUNICIPAL_HOUSING
                else "",
                outcome="Utført" if status in (TaskStatus.DONE, TaskStatus.DROPPED) else "",
                created_at=datetime(2026, 10, 1, 10, 0),
            )
            s.add(task)
            s.flush()
            ids[key] = task.id or 0
    return ids


def test_open_tasks_come_overdue_first_then_by_due_and_undated_last(db: Database) -> None:
    ids = _seed(db)
    rows = TaskService(db).open_tasks(today=TODAY)
    assert [r.id for r in rows] == [ids[k] for k in ("late_old", "late_new", "soon", "later", "undated")]
    assert [r.overdue for r in rows] == [True, True, False, False, False]
    assert rows[1].responsible == "Nils NAV-veileder"
    assert rows[4].responsible == "Tildelingskontoret"
    assert rows[1].party_group == "nav" and rows[4].party_group == "municipality"


@pytest.mark.parametrize("limit", [1, 2, 3, 4, 5, 6])
def test_keyset_and_offset_paging_give_the_same_order_as_one_read(db: Database, limit: int) -> None:
    _seed(db)
    service = TaskService(db)
    everything = [r.id for r in service.page(TaskFilter(), limit=None, today=TODAY).rows]
    by_keyset: list[int] = []
    after = None
    while True:
        page = service.page(TaskFilter(), after=after, limit=limit, today=TODAY)
        by_keyset += [r.id for r in page.rows]
        if not page.has_more:
            break
        after = page.rows[-1]
    by_offset: list[int] = []
    offset = 0
    while True:
        page = service.page(TaskFilter(), offset=offset, limit=limit, today=TODAY)
        by_offset += [r.id for r in page.rows]
        offset += limit
        if not page.has_more:
            break
    assert by_keyset == everything == by_offset
    assert len(everything) == 5


def test_filters_by_party_group_responsible_words_and_overdue(db: Database) -> None:
    ids = _seed(db)
    service = TaskService(db)

    def ids_of(flt: TaskFilter) -> list[int]:
        return [r.id for r in service.page(flt, today=TODAY).rows]

    assert ids_of(TaskFilter(party_group="nav")) == [ids["late_new"]]
    assert ids_of(TaskFilter(party_group="municipality")) == [ids["soon"], ids["undated"]]
    assert ids_of(TaskFilter(party_group="next_of_kin")) == []
    assert ids_of(TaskFilter(responsible="Nils NAV-veileder")) == [ids["late_new"]]
    assert ids_of(TaskFilter(responsible="Tildelingskontoret")) == [ids["undated"]]
    assert ids_of(TaskFilter(only_overdue=True)) == [ids["late_old"], ids["late_new"]]
    # Words: case-insensitive for Norwegian letters too, prefix match, every word must occur.
    assert ids_of(TaskFilter(text="ØLKVELD")) == [ids["later"]]
    assert ids_of(TaskFilter(text="bol")) == [ids["undated"]]
    assert ids_of(TaskFilter(text="ringe aap")) == [ids["late_new"]]
    assert ids_of(TaskFilter(text="ringe bolig")) == []
    assert ids_of(TaskFilter(text='"); DROP TABLE task; --')) == []  # never FTS syntax, never SQL
    assert ids_of(TaskFilter(text="!!!")) == []
    assert ids_of(TaskFilter(case_id=ids["case_b"])) == [ids["late_new"], ids["later"]]


def test_counts_per_group_and_names(db: Database) -> None:
    _seed(db)
    service = TaskService(db)
    counts = {c.group: (c.open, c.overdue) for c in service.counts_by_group(today=TODAY)}
    assert counts == {
        "user": (1, 1),
        "specialist": (0, 0),
        "municipality": (2, 0),
        "nav": (1, 1),
        "next_of_kin": (0, 0),
        "other": (1, 0),
    }
    assert service.count_open(today=TODAY) == (5, 2)
    assert service.count_open(TaskFilter(party_group="municipality"), today=TODAY) == (2, 0)
    assert service.responsible_names() == ["Nils NAV-veileder", "Tildelingskontoret"]


def test_closing_needs_an_outcome_and_keeps_the_first_one(db: Database) -> None:
    ids = _seed(db)
    service = TaskService(db)
    with pytest.raises(UserError):
        service.close_task(ids["soon"], TaskStatus.DONE, "   \n ")
    with pytest.raises(UserError):
        service.close_task(ids["soon"], TaskStatus.DONE, "x" * 100_001)
    assert service.task(ids["soon"], today=TODAY).status == "in_progress"  # nothing lost
    outcome = "Time bestilt 3. desember 🦷 – Áile fikk hjelp av ŋ-tastaturet: áčđŋšŧž"
    service.close_task(ids["soon"], TaskStatus.DONE, f"  {outcome}  ")
    with db.session() as s:
        task = s.get(Task, ids["soon"])
        assert task is not None
        assert task.status == TaskStatus.DONE and task.outcome == outcome and task.closed_on == clock.today()
    with pytest.raises(UserError):
        service.close_task(ids["soon"], TaskStatus.DROPPED, "Another outcome")
    with pytest.raises(ValueError):
        service.close_task(ids["later"], TaskStatus.WAITING, "not a closing status")
    assert ids["soon"] not in [r.id for r in service.open_tasks(today=TODAY)]


OPEN_STATUS_SQL = "task.status IN ('open', 'in_progress', 'waiting', 'postponed')"


def _page_statements(db: Database, run: Callable[[], object]) -> list[tuple[str, tuple[object, ...]]]:
    """The statements (with their parameters) the service sends to SQLite while ``run`` runs."""
    from sqlalchemy import event

    statements: list[tuple[str, tuple[object, ...]]] = []

    def capture(_conn: object, _cursor: object, statement: str, parameters: object, *_rest: object) -> None:
        statements.append((statement, tuple(parameters) if isinstance(parameters, (list, tuple)) else ()))

    event.listen(db.engine, "before_cursor_execute", capture)
    try:
        run()
    finally:
        event.remove(db.engine, "before_cursor_execute", capture)
    return statements


def test_open_task_query_uses_the_partial_index_without_sorting(db: Database) -> None:
    """EXPLAIN QUERY PLAN of the SQL the service runs: the board's first page and the next page
    (keyset) are index range scans over the partial index, with no temp B-tree."""
    _seed(db)
    service = TaskService(db)
    first = service.page(TaskFilter(), limit=1, today=TODAY)
    statements = _page_statements(db, lambda: service.page(TaskFilter(), after=first.rows[0], today=TODAY))
    statements += _page_statements(db, lambda: service.page(TaskFilter(), today=TODAY))
    pages = [(sql, parameters) for sql, parameters in statements if "ORDER BY task.due" in sql]
    assert len(pages) == 2
    with sqlite3.connect(db.path) as conn:
        conn.execute("ANALYZE")
        index_sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'ix_task_open_due'").fetchone()[
            0
        ]
        for sql, parameters in pages:
            assert OPEN_STATUS_SQL in sql  # the literal values, as in the partial index
            plan = " | ".join(row[3] for row in conn.execute("EXPLAIN QUERY PLAN " + sql, parameters))
            assert "ix_task_open_due" in plan, plan
            assert "TEMP B-TREE" not in plan, plan
    conn.close()
    assert OPEN_STATUS_SQL.replace("task.", "") in index_sql


def test_tasks_command_filters_and_keeps_the_json_contract(
    db: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    from desktop.cli import main

    _seed(db)
    db.dispose()
    assert main(["tasks", "--db", str(db.path), "--open", "--json", "--party-group", "nav"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["text"] for r in rows] == ["Ringe NAV om AAP"]
    assert {"id", "case_id", "text", "party", "due", "overdue"} <= set(rows[0])
    assert main(["tasks", "--db", str(db.path), "--open", "--json", "--limit", "2"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 2
