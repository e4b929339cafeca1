"""The one "open tasks" query: the task board, the agenda, the handover and the case list use it.

Open means :data:`~desktop.models.enums.OPEN_TASK_STATUSES`. The statuses are rendered into the
SQL as literal values (``literal_execute``), not bound parameters: SQLite uses the partial index
``ix_task_open_due`` (see ``desktop/models/task.py``) only when a query repeats the index's
``WHERE`` with the same literal values, and the task board's first page over 200 000 tasks
depends on that index. The SQL itself stays portable (``status IN ('open', …)``).
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlmodel import col, select

from desktop.models import Task
from desktop.models.enums import OPEN_TASK_STATUSES


def task_is_open() -> sa.ColumnElement[bool]:
    """``task.status IN ('open', 'in_progress', 'waiting', 'postponed')``, values inline."""
    values = [status.value for status in OPEN_TASK_STATUSES]
    return col(Task.status).in_(sa.bindparam("open_statuses", values, expanding=True, literal_execute=True))


def select_open_tasks(*columns: Any, case_id: int | None = None) -> Any:
    """``SELECT columns FROM task WHERE <open>`` (``Task`` itself when no columns are given).

    Callers add their own conditions, joins and order; ``case_id`` narrows to one case.
    """
    query: Any = select(*columns) if columns else select(Task)
    query = query.where(task_is_open())
    if case_id is not None:
        query = query.where(Task.case_id == case_id)
    return query
