"""The row writer of the large demo: ids assigned here, rows buffered per table, executemany.

Rows go in as plain tuples in the column order below (the id first, assigned by :meth:`RowWriter.add`),
parents before children, many rows per statement execution: the large demo writes a million rows
in well under two minutes this way.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlmodel import SQLModel

FLUSH_ROWS = 50_000

_COLUMNS: dict[str, tuple[str, ...]] = {
    "case": (
        "id",
        "reference",
        "display_name",
        "birth_year",
        "phase",
        "admission_date",
        "planned_discharge_date",
        "discharge_date",
        "interpreter_language",
        "created_at",
        "closed_on",
        "closed_reason",
    ),
    "phase_change": ("id", "case_id", "phase", "changed_on", "note"),
    "member": (
        "id",
        "case_id",
        "name",
        "role",
        "party",
        "organisation",
        "title",
        "phone",
        "email",
        "relation",
        "is_closest_next_of_kin",
        "is_active",
    ),
    "consent": (
        "id",
        "member_id",
        "scope",
        "status",
        "form",
        "given_on",
        "withdrawn_on",
        "recorded_by",
        "limitation",
    ),
    "coordination": (
        "id",
        "case_id",
        "holder",
        "specialist_coordinator_id",
        "municipal_coordinator_id",
        "handover_date",
        "note",
    ),
    "crisis_plan": (
        "id",
        "case_id",
        "warning_signs",
        "what_helps",
        "contacts",
        "risk_to_others",
        "updated_on",
    ),
    "individual_plan": ("id", "case_id", "overall_goal", "resources", "next_evaluation", "updated_at"),
    "goal": ("id", "plan_id", "domain", "text", "professional_text", "status", "position"),
    "measure": (
        "id",
        "goal_id",
        "text",
        "party",
        "responsible_member_id",
        "responsible_person",
        "start_date",
        "end_date",
        "evaluation_date",
        "status",
    ),
    "meeting": (
        "id",
        "case_id",
        "type",
        "status",
        "start",
        "duration_minutes",
        "place",
        "video_note",
        "facilitator_member_id",
        "minute_taker_member_id",
        "next_meeting_start",
        "next_meeting_reason",
        "started_at",
        "closed_at",
        "cancelled_reason",
        "created_at",
    ),
    "agenda_item": (
        "id",
        "meeting_id",
        "position",
        "kind",
        "title",
        "planned_minutes",
        "source_key",
        "checkpoint",
        "is_manual",
        "is_title_edited",
        "is_removed",
        "elapsed_seconds",
        "is_done",
    ),
    "attendance": ("id", "meeting_id", "member_id", "response", "status", "mode", "left_early"),
    "note": ("id", "meeting_id", "agenda_item_id", "kind", "text", "is_internal", "updated_at"),
    "decision": (
        "id",
        "meeting_id",
        "agenda_item_id",
        "text",
        "awaiting_formal_decision",
        "position",
        "created_at",
    ),
    "task": (
        "id",
        "case_id",
        "meeting_id",
        "agenda_item_id",
        "text",
        "party",
        "responsible_member_id",
        "responsible_person",
        "due",
        "status",
        "outcome",
        "created_at",
        "closed_on",
        "closed_in_meeting_id",
    ),
    "audit_event": ("id", "at", "os_user", "actor", "action"),
}
_INSERT_ORDER = tuple(_COLUMNS)


class RowWriter:
    """Buffers rows per table and writes them with executemany, parents before children."""

    def __init__(self, conn: Any) -> None:
        self.conn = conn
        self.rows: dict[str, list[tuple[Any, ...]]] = {t: [] for t in _INSERT_ORDER}
        self.next_id: dict[str, int] = {t: 1 for t in _INSERT_ORDER}
        self.pending = 0
        self.counts: dict[str, int] = {t: 0 for t in _INSERT_ORDER}

    def add(self, table: str, values: Sequence[Any]) -> int:
        row_id = self.next_id[table]
        self.next_id[table] += 1
        self.rows[table].append((row_id, *values))
        self.pending += 1
        return row_id

    def maybe_flush(self) -> None:
        if self.pending >= FLUSH_ROWS:
            self.flush()

    def flush(self) -> None:
        for table in _INSERT_ORDER:
            batch = self.rows[table]
            if not batch:
                continue
            columns = _COLUMNS[table]
            self.conn.execute(
                sa.insert(SQLModel.metadata.tables[table]),
                [dict(zip(columns, row, strict=True)) for row in batch],
            )
            self.counts[table] += len(batch)
            self.rows[table] = []
        self.pending = 0
