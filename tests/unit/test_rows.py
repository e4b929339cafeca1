"""The plain-SQL rows (desktop/models/rows.py) carry exactly what the ORM carries."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime
from enum import Enum
from pathlib import Path

import pytest

from desktop.db import Database
from desktop.errors import DatabaseLockedError
from desktop.models import rows


def _orm_tables() -> dict[str, type]:
    from sqlmodel import SQLModel

    from desktop.models import load_all

    load_all()
    return {m.local_table.name: m.class_ for m in SQLModel._sa_registry.mappers}  # noqa: SLF001


def _expected_converters() -> dict[str, dict[str, object]]:
    """What each column of each ORM table needs when read from SQLite: an enum class or a type."""
    expected: dict[str, dict[str, object]] = {}
    for name, model in _orm_tables().items():
        needs: dict[str, object] = {}
        for column in model.__table__.columns:
            enum_class = getattr(column.type, "enum_class", None)
            python_type = column.type.python_type if enum_class is None else enum_class
            if enum_class is not None or python_type in (datetime, date, bool):
                needs[column.name] = python_type
        if needs:
            expected[name] = needs
    return expected


def _declared() -> dict[str, dict[str, object]]:
    by_function = {rows._datetime: datetime, rows._date: date, rows._bool: bool}  # noqa: SLF001
    return {
        table: {
            column: getattr(convert, "enum_class", None) or by_function[convert]  # type: ignore[index]
            for column, convert in columns.items()
        }
        for table, columns in rows.COLUMNS.items()
    }


def test_the_conversions_match_the_orm_models() -> None:
    assert _declared() == _expected_converters()


def test_every_table_reads_the_same_with_plain_sql_and_with_the_orm(demo_db: Database) -> None:
    from sqlmodel import select

    checked = 0
    for table, model in sorted(_orm_tables().items()):
        with demo_db.session() as session:
            expected = [obj.model_dump() for obj in session.exec(select(model).order_by(model.id)).all()]
        found = [vars(row) for row in rows.fetch(demo_db, table)]
        assert found == expected, table
        for row, orm_row in zip(found, expected, strict=True):
            for name, value in row.items():  # an enum stays an enum, a bool a bool, a date a date
                assert type(value) is type(orm_row[name]), (table, name)
        checked += len(found)
    assert checked > 500  # the demo database has real content in most tables


def test_written_values_read_back_as_the_orm_reads_them(demo_db: Database) -> None:
    from desktop.models import AuditEvent
    from desktop.models.enums import AuditAction

    moment = datetime(2026, 11, 25, 14, 3, 9)
    with demo_db.write() as connection:
        new_id = rows.insert(
            connection, "audit_event", {"at": moment, "action": AuditAction.PRINTED, "case_id": 1, "actor": "Åse Ŋ", "os_user": ""}
        )
    with demo_db.session() as session:
        event = session.get(AuditEvent, new_id)
        assert event is not None
        assert (event.at, event.action, event.case_id, event.actor) == (moment, AuditAction.PRINTED, 1, "Åse Ŋ")
    assert rows.get(demo_db, "audit_event", new_id).action is AuditAction.PRINTED  # type: ignore[union-attr]
    assert rows.get(demo_db, "audit_event", -1) is None
    assert isinstance(AuditAction.PRINTED, Enum)


def test_a_failed_write_leaves_what_was_saved(demo_db: Database) -> None:
    before = demo_db.read("SELECT count(*) FROM audit_event")[0][0]
    with pytest.raises(ZeroDivisionError), demo_db.write() as connection:
        rows.insert(connection, "audit_event", {"at": datetime(2026, 1, 1), "action": "printed", "os_user": "", "actor": ""})
        1 / 0  # noqa: B018 - any error in the block
    assert demo_db.read("SELECT count(*) FROM audit_event")[0][0] == before
    event = {"at": datetime(2026, 1, 1), "action": "printed", "os_user": "", "actor": "", "case_id": 999_999}
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"), demo_db.write() as connection:
        rows.insert(connection, "audit_event", event)  # foreign keys are enforced as in a Session


def test_a_locked_file_is_a_translated_error(demo_db: Database, db_path: Path) -> None:
    demo_db.read("SELECT 1")
    other = sqlite3.connect(demo_db.path, timeout=0)
    other.execute("BEGIN EXCLUSIVE")
    try:
        demo_db.close_connections()
        import desktop.db

        original = desktop.db.BUSY_TIMEOUT_MS
        desktop.db.BUSY_TIMEOUT_MS = 50
        try:
            with pytest.raises(DatabaseLockedError), demo_db.write():
                pass
        finally:
            desktop.db.BUSY_TIMEOUT_MS = original
    finally:
        other.rollback()
        other.close()
    with demo_db.write() as connection:  # usable again once the other writer is gone
        connection.execute("SELECT 1")


def test_every_query_of_an_export_searches_an_index(demo_db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    """The export reads with plain SQL: none of its statements may scan a table that grows with use."""
    from desktop.services.minutes_versions import MinutesService

    statements: list[tuple[str, tuple[object, ...]]] = []
    original = Database.read_named

    def recording(self: Database, sql: str, parameters: tuple[object, ...] = ()) -> object:
        statements.append((sql, parameters))
        return original(self, sql, parameters)

    monkeypatch.setattr(Database, "read_named", recording)
    meeting_id = demo_db.read("SELECT id FROM meeting WHERE status = 'held' ORDER BY id LIMIT 1")[0][0]
    MinutesService(demo_db).export(meeting_id)
    assert len(statements) > 15
    growing = ("task", "note", "decision", "attendance", "meeting", "agenda_item", "minutes_version", "audit_event",
               "task_review", "attestation", "measure_evaluation", "life_area_rating", "member", "consent")  # fmt: skip
    for sql, parameters in statements:
        details = [row[-1] for row in original(demo_db, "EXPLAIN QUERY PLAN " + sql, parameters)[1]]
        scans = [d for d in details if d.split(" ")[:2] in (["SCAN", table] for table in growing)]
        assert not scans, (sql, details)
