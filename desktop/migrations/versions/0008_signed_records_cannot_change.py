"""signed records cannot change: triggers, content hash of a version, purged case tombstone

Revision ID: 0008_immutable
Revises: 0007_records
Create Date: 2026-12-04 18:30:00

Signed minutes are records (issue 19, DOMAIN.md §6). An ORM listener alone guarded them, and
every Core statement, every raw ``sqlite3`` connection and every ``ON DELETE CASCADE`` went past
it. The rule now lives in the file itself, as triggers that abort:

- any UPDATE of a signed ``minutes_version`` row, and any DELETE of one;
- any DELETE of a case that has signed minutes, or that has been purged (its row is the
  content-free tombstone that keeps the audit trail findable by ``audit --case``);
- un-purging a case, or purging one that was never closed.

The one way past the first two is the purge (``desktop/services/case/records.py``): it first marks the
case ``purged_on`` (allowed only for a closed case), and for such a case the triggers let its
versions go. The triggers guard against accidents and bugs, not against someone with a SQLite
shell (who could drop them): that is what the signature and the hash chain are for.

Columns:
- ``case.purged_on``: the day the case's content was destroyed after its retention period.
- ``minutes_version.content_sha256``: SHA-256 of the minutes data the version was rendered from
  (language-independent), so that signing unchanged minutes again is refused and another
  language is a rendering of the same version. Empty for versions made before this revision.

The SQL is frozen here (a migration must not change when the application does). A later batch
rebuild of ``minutes_version`` or ``case`` must drop these triggers first (SQLite refuses to
rename the rebuilt ``case`` table while a trigger names the dropped one: "error in trigger ...:
no such table") and create them again afterwards; ``check`` and
``tests/unit/test_signed_records.py`` fail when they are missing at head.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008_immutable"
down_revision: str | None = "0007_records"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The messages are markers the application maps to translated errors (desktop/models/records.py);
# they must not contain words the database layer reads as disk or lock trouble ("full", "locked").
_CASE_PURGED = 'EXISTS (SELECT 1 FROM "case" WHERE id = OLD.case_id AND purged_on IS NOT NULL)'

CREATE_TRIGGERS = [
    "CREATE TRIGGER IF NOT EXISTS minutes_version_signed_no_update BEFORE UPDATE ON minutes_version "
    f"WHEN OLD.signed_at IS NOT NULL AND NOT {_CASE_PURGED} "
    "BEGIN SELECT RAISE(ABORT, 'ansvarsgruppe: signed minutes cannot be changed'); END",
    "CREATE TRIGGER IF NOT EXISTS minutes_version_signed_no_delete BEFORE DELETE ON minutes_version "
    f"WHEN OLD.signed_at IS NOT NULL AND NOT {_CASE_PURGED} "
    "BEGIN SELECT RAISE(ABORT, 'ansvarsgruppe: signed minutes cannot be deleted'); END",
    'CREATE TRIGGER IF NOT EXISTS case_with_records_no_delete BEFORE DELETE ON "case" '
    "WHEN OLD.purged_on IS NOT NULL OR EXISTS "
    "(SELECT 1 FROM minutes_version WHERE case_id = OLD.id AND signed_at IS NOT NULL) "
    "BEGIN SELECT RAISE(ABORT, 'ansvarsgruppe: a case with signed minutes cannot be deleted'); END",
    'CREATE TRIGGER IF NOT EXISTS case_purge_is_final BEFORE UPDATE OF purged_on ON "case" '
    "WHEN (OLD.purged_on IS NOT NULL AND NEW.purged_on IS NOT OLD.purged_on) "
    "OR (NEW.purged_on IS NOT NULL AND OLD.closed_on IS NULL) "
    "BEGIN SELECT RAISE(ABORT, 'ansvarsgruppe: only a closed case can be purged, once'); END",
]

DROP_TRIGGERS = [
    "DROP TRIGGER IF EXISTS minutes_version_signed_no_update",
    "DROP TRIGGER IF EXISTS minutes_version_signed_no_delete",
    "DROP TRIGGER IF EXISTS case_with_records_no_delete",
    "DROP TRIGGER IF EXISTS case_purge_is_final",
]


def upgrade() -> None:
    # Plain ALTER TABLE, never a batch rebuild (see 0005).
    op.add_column("case", sa.Column("purged_on", sa.Date(), nullable=True))
    op.add_column(
        "minutes_version",
        sa.Column("content_sha256", sa.String(length=64), nullable=False, server_default=""),
    )
    for statement in CREATE_TRIGGERS:
        op.execute(statement)


def downgrade() -> None:
    for statement in DROP_TRIGGERS:
        op.execute(statement)
    with op.batch_alter_table("minutes_version", schema=None) as batch_op:
        batch_op.drop_column("content_sha256")
    with op.batch_alter_table("case", schema=None) as batch_op:
        batch_op.drop_column("purged_on")
