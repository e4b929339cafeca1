"""the audit trail keeps the meeting ids of a purged case

Revision ID: 0010_audit_meeting
Revises: 0009_withholding
Create Date: 2026-12-04 18:20:00

``audit_event.meeting_id`` was a foreign key with ``ON DELETE SET NULL``: purging a case after its
retention period (issue 19) deleted its meetings and so erased from every audit event which
meeting it concerned. The audit log is a record; it is now a soft link without a foreign key,
like ``member_id`` (0009): ids only, never content, and no cascade ever rewrites it.

``audit_event`` has no child tables, so the batch rebuild (copy, DROP, rename) touches nothing
else. Downgrading clears ids of meetings that no longer exist before the key comes back.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0010_audit_meeting"
down_revision: str | None = "0009_withholding"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# SQLite's foreign keys have no names; Alembic names them on reflection with this convention.
NAMING = {"fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s"}


def upgrade() -> None:
    with op.batch_alter_table("audit_event", schema=None, naming_convention=NAMING) as batch_op:
        batch_op.drop_constraint("fk_audit_event_meeting_id_meeting", type_="foreignkey")


def downgrade() -> None:
    op.execute(
        "UPDATE audit_event SET meeting_id = NULL "
        "WHERE meeting_id IS NOT NULL AND meeting_id NOT IN (SELECT id FROM meeting)"
    )
    with op.batch_alter_table("audit_event", schema=None, naming_convention=NAMING) as batch_op:
        batch_op.create_foreign_key(
            "fk_audit_event_meeting_id_meeting", "meeting", ["meeting_id"], ["id"], ondelete="SET NULL"
        )
