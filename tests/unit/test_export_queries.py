"""Every statement of an export of minutes searches an index: nothing scans a table that grows.

The statements are the ones the ORM really sends, captured with SQLAlchemy's
``before_cursor_execute`` event, and explained with ``EXPLAIN QUERY PLAN``.
"""

from __future__ import annotations

from desktop.db import Database
from desktop.services.minutes.versions import MinutesService
from tests.sql import sql_rows

GROWING = (
    "task",
    "note",
    "decision",
    "attendance",
    "meeting",
    "agenda_item",
    "minutes_version",
    "audit_event",
    "task_review",
    "attestation",
    "measure_evaluation",
    "life_area_rating",
    "member",
    "consent",
)


def test_every_query_of_an_export_searches_an_index(demo_db: Database) -> None:
    from sqlalchemy import event

    statements: list[tuple[str, tuple[object, ...]]] = []

    def capture(_conn: object, _cursor: object, sql: str, parameters: object, *_rest: object) -> None:
        statements.append((sql, tuple(parameters) if isinstance(parameters, (list, tuple)) else ()))

    meeting_id = sql_rows(demo_db, "SELECT id FROM meeting WHERE status = 'held' ORDER BY id LIMIT 1")[0][0]
    event.listen(demo_db.engine, "before_cursor_execute", capture)
    try:
        MinutesService(demo_db).export(meeting_id)
    finally:
        event.remove(demo_db.engine, "before_cursor_execute", capture)
    explained = [
        (sql, p) for sql, p in statements if sql.lstrip().upper().startswith(("SELECT", "UPDATE", "DELETE"))
    ]
    assert len(explained) > 15
    assert any(sql.lstrip().startswith("INSERT INTO minutes_version") for sql, _p in statements)
    for sql, parameters in explained:
        details = [row[-1] for row in sql_rows(demo_db, "EXPLAIN QUERY PLAN " + sql, parameters)]
        scans = [d for d in details if d.split(" ")[:2] in (["SCAN", table] for table in GROWING)]
        assert not scans, (sql, details)
