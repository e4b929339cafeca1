"""what is withheld from whom; the audit trail names the member a copy went to

Revision ID: 0009_withholding
Revises: 0008_immutable
Create Date: 2026-12-04 18:10:00

- ``withholding``: one thing (a life area, a note, a decision or a task) left out of one member's
  or one party's copy of the minutes (issue 18: a limited consent the program can apply).
- ``audit_event.member_id``: which member a copy went to (ids only, never content). A soft link
  without a foreign key, so the trail outlives the member and no cascade ever rewrites it.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_withholding"
down_revision: str | None = "0008_immutable"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The values as they are today (a migration must not follow later changes of the enums).
PARTIES = (
    "user", "tsb_outpatient", "inpatient_institution", "private_institution", "mental_health_service",
    "outreach_team", "municipal_health_care", "municipal_housing", "gp", "nav", "child_welfare",
    "next_of_kin", "user_organisation", "peer_worker", "voluntary_org", "correctional", "other",
)  # fmt: skip


def upgrade() -> None:
    op.create_table(
        "withholding",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("subject", sa.Enum("life_area", "note", "decision", "task", name="withheldsubject",
                                     native_enum=False, create_constraint=False, length=32), nullable=False),
        sa.Column("life_area", sa.Enum("housing", "economy", "work_activity", "physical_health",
                                       "mental_health", "substance_use", "network_leisure",
                                       "daily_functioning", "family_children", "legal", "other",
                                       name="lifedomain", native_enum=False, create_constraint=False,
                                       length=32), nullable=True),
        sa.Column("item_id", sa.Integer(), nullable=True),
        sa.Column("member_id", sa.Integer(), nullable=True),
        sa.Column("party", sa.Enum(*PARTIES, name="partytype", native_enum=False, create_constraint=False,
                                   length=32), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["case.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["member_id"], ["member.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )  # fmt: skip
    op.create_index(op.f("ix_withholding_case_id"), "withholding", ["case_id"], unique=False)
    # Plain ALTER TABLE, never a batch rebuild (see 0005).
    op.add_column("audit_event", sa.Column("member_id", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.drop_column("member_id")
    op.drop_index(op.f("ix_withholding_case_id"), table_name="withholding")
    op.drop_table("withholding")
