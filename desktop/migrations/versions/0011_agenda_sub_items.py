"""agenda items can have sub-items (issue 17: an agenda a group can get through)

Revision ID: 0011_agenda_sub_items
Revises: 0010_audit_meeting
Create Date: 2026-12-04 18:30:00

``agenda_item.parent_id`` points at the top-level item a sub-item belongs to: a goal's measures,
the earlier tasks under «Oppfølging fra forrige møte», the checkpoints under their checklist.
Nullable, ``ON DELETE SET NULL``: deleting a parent lifts its sub-items to the top level and never
deletes what was written under them. Existing agendas stay flat (``NULL``): a held meeting's agenda
is what the group went through, and a planned one gets its sub-items when it is updated from the
plan. The new kinds (``follow_ups``, ``checkpoints``) need nothing here: enums are stored as plain
VARCHAR without a CHECK constraint (``desktop/models/base.py``).

The column comes with a batch rebuild of ``agenda_item`` (copy, DROP, rename; the foreign keys are
off during migrations, see ``env.py``, so the notes, agreements and tasks that point at items keep
their links): SQLite's own ``ADD COLUMN … REFERENCES`` would store the key in a form SQLAlchemy
reflects without its ``ON DELETE``. The index keeps ``ON DELETE SET NULL`` from scanning the whole
table for each deleted item (purging a case deletes all of its meetings' items).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011_agenda_sub_items"
down_revision: str | None = "0010_audit_meeting"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NAMING = {"fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s"}


def upgrade() -> None:
    with op.batch_alter_table("agenda_item", schema=None, naming_convention=NAMING) as batch_op:
        batch_op.add_column(sa.Column("parent_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            "fk_agenda_item_parent_id_agenda_item", "agenda_item", ["parent_id"], ["id"], ondelete="SET NULL"
        )
        batch_op.create_index(batch_op.f("ix_agenda_item_parent_id"), ["parent_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("agenda_item", schema=None, naming_convention=NAMING) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agenda_item_parent_id"))
        batch_op.drop_constraint("fk_agenda_item_parent_id_agenda_item", type_="foreignkey")
        batch_op.drop_column("parent_id")
