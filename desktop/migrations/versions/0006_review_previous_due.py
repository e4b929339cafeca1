"""task review remembers the due date it replaced

Revision ID: 0006_review_due
Revises: 0005_person
Create Date: 2026-11-26 03:05:00

A nullable column: reviews made before this revision keep NULL (the date they replaced is lost).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_review_due"
down_revision: str | None = "0005_person"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ALTER TABLE, never a batch rebuild (see 0005): nothing else in the table changes.
    op.add_column("task_review", sa.Column("previous_due", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("task_review", schema=None) as batch_op:
        batch_op.drop_column("previous_due")
