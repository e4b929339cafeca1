"""meetings get a calendar identity; minutes versions say why they were made

Revision ID: 0007_records
Revises: 0006_review_due
Create Date: 2026-12-04 18:00:00

- ``meeting.calendar_uid``: a random UUID, the stable ``.ics`` UID of the meeting. Ids and case
  references restart in every installation, so a UID built from them collides between
  coordinators. Existing meetings get a fresh UUID each.
- ``meeting.calendar_sequence``: the iCalendar SEQUENCE, raised on every change of a sent notice.
- ``minutes_version.reason``: why a replacing version was made (printed on it).
"""

import uuid
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_records"
down_revision: str | None = "0006_review_due"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ALTER TABLE, never a batch rebuild (see 0005).
    op.add_column("meeting", sa.Column("calendar_uid", sa.String(length=36), nullable=False, server_default=""))
    op.add_column("meeting", sa.Column("calendar_sequence", sa.Integer(), nullable=False, server_default="0"))
    op.add_column("minutes_version", sa.Column("reason", sa.Text(), nullable=False, server_default=""))
    conn = op.get_bind()
    ids = [row[0] for row in conn.execute(sa.text("SELECT id FROM meeting"))]
    for meeting_id in ids:
        conn.execute(
            sa.text("UPDATE meeting SET calendar_uid = :uid WHERE id = :id"),
            {"uid": str(uuid.uuid4()), "id": meeting_id},
        )


def downgrade() -> None:
    with op.batch_alter_table("minutes_version", schema=None) as batch_op:
        batch_op.drop_column("reason")
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.drop_column("calendar_sequence")
        batch_op.drop_column("calendar_uid")
