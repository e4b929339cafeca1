"""Rows of the tables read and written with plain SQL: no SQLAlchemy, no SQLModel.

Exporting and signing minutes is a command of its own (``export-minutes --sign-with``) with a
budget of 0.8 s for the whole process, and importing SQLAlchemy, SQLModel and the tables costs
about 0.5 s of it. The export path therefore reads and writes through the plain DB-API
connections of :class:`desktop.db.Database` and gets back :class:`Row` objects that carry the
same Python values as the ORM classes (enums, dates, booleans), so the code that builds the
minutes reads ``member.party`` or ``meeting.start`` either way.

``COLUMNS`` names the columns that need a conversion; every other column comes back as SQLite
gives it (int, str, bytes). ``tests/unit/test_rows.py`` checks this table against the ORM
models and reads the demo database both ways.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from enum import Enum
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from desktop import clock
from desktop.models import enums as e

if TYPE_CHECKING:
    from desktop.db import Database

Converter = Callable[[Any], Any]

#: How SQLAlchemy stores a DateTime in SQLite (microseconds always written).
SQL_DATETIME = "%Y-%m-%d %H:%M:%S.%f"


def now() -> datetime:
    """The local time to the second: what every ``created_at``-like column stores."""
    return clock.now()


def _datetime(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


def _date(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


def _bool(value: int | None) -> bool | None:
    return None if value is None else bool(value)


def _enum(kind: type[Enum]) -> Converter:
    def convert(value: str | None) -> Enum | None:
        return None if value is None else kind(value)

    convert.enum_class = kind  # type: ignore[attr-defined]  # read by the consistency test
    return convert


COLUMNS: dict[str, dict[str, Converter]] = {
    "agenda_item": {
        "kind": _enum(e.AgendaKind),
        "checkpoint_status": _enum(e.CheckpointStatus),
        "is_manual": _bool,
        "is_title_edited": _bool,
        "is_removed": _bool,
        "is_done": _bool,
    },
    "attendance": {
        "response": _enum(e.InvitationResponse),
        "status": _enum(e.AttendanceStatus),
        "mode": _enum(e.ParticipationMode),
        "left_early": _bool,
    },
    "attestation": {
        "approved_at": _datetime,
        "verdict": _enum(e.ConfirmationVerdict),
        "channel": _enum(e.ConfirmationChannel),
        "recorded_at": _datetime,
    },
    "audit_event": {"at": _datetime, "action": _enum(e.AuditAction)},
    "bed_agreement": {"valid_from": _date, "available_until": _date},
    "bed_stay": {"admitted_on": _date, "discharged_on": _date},
    "case": {
        "phase": _enum(e.PathwayPhase),
        "admission_date": _date,
        "planned_discharge_date": _date,
        "discharge_date": _date,
        "created_at": _datetime,
        "closed_on": _date,
    },
    "child_record": {"informed_on": _date, "follow_up_by": _enum(e.PartyType), "lives_with_user": _bool},
    "consent": {
        "scope": _enum(e.ConsentScope),
        "status": _enum(e.ConsentStatus),
        "form": _enum(e.ConsentForm),
        "given_on": _date,
        "withdrawn_on": _date,
    },
    "coordination": {"holder": _enum(e.CoordinationHolder), "handover_date": _date},
    "crisis_plan": {"updated_on": _date},
    "decision": {"awaiting_formal_decision": _bool, "created_at": _datetime},
    "goal": {"domain": _enum(e.LifeDomain), "status": _enum(e.GoalStatus)},
    "individual_plan": {"next_evaluation": _date, "updated_at": _datetime},
    "life_area_rating": {"domain": _enum(e.LifeDomain), "updated_at": _datetime},
    "measure": {
        "party": _enum(e.PartyType),
        "start_date": _date,
        "end_date": _date,
        "evaluation_date": _date,
        "status": _enum(e.MeasureStatus),
    },
    "measure_evaluation": {"verdict": _enum(e.MeasureVerdict), "applied_at": _datetime},
    "meeting": {
        "type": _enum(e.MeetingType),
        "status": _enum(e.MeetingStatus),
        "start": _datetime,
        "next_meeting_start": _datetime,
        "started_at": _datetime,
        "closed_at": _datetime,
        "created_at": _datetime,
        "ratings_in_minutes": _bool,
        "awaiting_confirmation": _bool,
    },
    "member": {
        "role": _enum(e.GroupRole),
        "party": _enum(e.PartyType),
        "relation": _enum(e.NextOfKinRelation),
        "is_closest_next_of_kin": _bool,
        "is_active": _bool,
    },
    "minutes_version": {"created_at": _datetime, "signed_at": _datetime},
    "note": {"kind": _enum(e.NoteKind), "is_internal": _bool, "updated_at": _datetime},
    "phase_change": {"phase": _enum(e.PathwayPhase), "changed_on": _date},
    "task": {
        "party": _enum(e.PartyType),
        "due": _date,
        "status": _enum(e.TaskStatus),
        "created_at": _datetime,
        "closed_on": _date,
    },
    "task_review": {"result": _enum(e.TaskReviewResult), "new_due": _date, "previous_due": _date},
}


class Row(SimpleNamespace):
    """One row of one table, with the ORM's Python values, read with plain SQL."""


def _rows(table: str, names: list[str], raw: Iterable[tuple[Any, ...]]) -> list[Row]:
    converters = COLUMNS.get(table, {})
    plan = [(name, converters.get(name)) for name in names]
    return [
        Row(**{name: convert(v) if convert else v for (name, convert), v in zip(plan, values, strict=True)})
        for values in raw
    ]


def fetch(
    db: Database, table: str, where: str = "", parameters: tuple[Any, ...] = (), *, order_by: str = "id"
) -> list[Row]:
    """``SELECT * FROM table [WHERE where] ORDER BY order_by`` as rows.

    ``table``, ``where`` and ``order_by`` are written in code, never taken from input; values
    go in ``parameters``.
    """
    sql = f'SELECT * FROM "{table}"' + (f" WHERE {where}" if where else "") + f" ORDER BY {order_by}"
    names, raw = db.read_named(sql, parameters)
    return _rows(table, names, raw)


def get(db: Database, table: str, row_id: int | None) -> Row | None:
    """The row with primary key ``row_id``, or None."""
    if row_id is None:
        return None
    found = fetch(db, table, "id = ?", (row_id,))
    return found[0] if found else None


def placeholders(values: Iterable[Any]) -> str:
    """``?, ?, ?`` for an ``IN (…)`` of ``values`` (at least one, so that the SQL stays valid)."""
    count = len(list(values))
    return ", ".join("?" * count) if count else "NULL"


def to_sql(value: Any) -> Any:
    """A Python value as the ORM stores it in SQLite."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return value.strftime(SQL_DATETIME)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value


def insert(connection: Any, table: str, values: Mapping[str, Any]) -> int:
    """Insert one row through a DB-API connection inside a transaction; the new id."""
    names = ", ".join(f'"{name}"' for name in values)
    sql = f'INSERT INTO "{table}" ({names}) VALUES ({placeholders(values)})'
    cursor = connection.execute(sql, tuple(to_sql(v) for v in values.values()))
    return int(cursor.lastrowid)


def update(connection: Any, table: str, row_id: int, values: Mapping[str, Any]) -> None:
    """Set ``values`` on the row ``row_id`` through a DB-API connection inside a transaction."""
    assignments = ", ".join(f'"{name}" = ?' for name in values)
    connection.execute(
        f'UPDATE "{table}" SET {assignments} WHERE id = ?', (*(to_sql(v) for v in values.values()), row_id)
    )
