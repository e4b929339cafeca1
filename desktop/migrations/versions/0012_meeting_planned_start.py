"""a meeting moved to the time it was held keeps the time it was planned for

Revision ID: 0012_planned_start
Revises: 0011_agenda_sub_items
Create Date: 2026-12-04 19:00:00

«Flytt møtet til nå» overwrote ``meeting.start``: the minutes' «Planlagt til» then showed the
moved time, and the next meeting was suggested at the clock time of the move. ``planned_start``
keeps the original plan (NULL when the meeting was never moved).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012_planned_start"
down_revision: str | None = "0011_agenda_sub_items"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ALTER TABLE, never a batch rebuild (see 0005).
    op.add_column("meeting", sa.Column("planned_start", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.drop_column("planned_start")
