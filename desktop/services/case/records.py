"""Keeping what the law says to keep: a case with signed minutes is closed, then purged on purpose.

Signed minutes and the audit log are records (pasientjournalloven, arkivlova; DOMAIN.md §6,
issue 19). So:

- A case with signed minutes is never deleted: database triggers (migration 0008) refuse it, and
  an ``ON DELETE CASCADE`` can no longer take its minutes along. The coordinator closes the case
  (phase «closed», ``Case.closed_on``).
- After the retention period (``Settings.retention_years``, default 10 years after the case's
  last entry) a closed case can be **purged**: an explicit action that first says what it will
  destroy (counts per kind, never content), then destroys it in one transaction and writes a
  ``case_purged`` audit event.
- What remains is a tombstone: the case row with its id, reference (never a name, by design),
  creation, closing and purge dates, and nothing else; and every audit event of the case, which
  never held content. So ``audit --case ID`` still answers who did what, when, after a purge,
  and which meeting each event concerned (``meeting_id`` is a soft link since migration 0010).
- The file is written with ``secure_delete`` (freed pages are zeroed) and checkpointed, so the
  content is not left in free pages. Backups taken earlier still hold it: the plan says so.

The «last entry» is the newest of: the case's creation, its phase changes, its closing, the start
of its held meetings, the planning of any meeting and its minutes versions. A meeting planned
for a later day is not an entry on that day; opening a case to look at it is no entry at all.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlmodel import SQLModel, col

from desktop import clock
from desktop.db import checkpoint_wal, secure_delete
from desktop.errors import NotFoundError, UserError
from desktop.i18n import _, format_date, ngettext
from desktop.models import Case, Meeting, PhaseChange, load_all
from desktop.models.enums import AuditAction, MeetingStatus
from desktop.models.records import AuditEvent, MinutesVersion
from desktop.services.audit import record_on

if TYPE_CHECKING:
    from desktop.db import Database

#: What the tombstone keeps of the case row: everything that could say who it was is emptied.
_TOMBSTONE: dict[str, Any] = {
    "display_name": "",
    "birth_year": None,
    "main_pathway": None,
    "admission_date": None,
    "planned_discharge_date": None,
    "discharge_date": None,
    "interpreter_language": "",
    "closed_reason": "",
}

#: Tables whose rows are kept by a purge (the audit trail; the case row becomes a tombstone).
KEPT_TABLES = frozenset({"case", "audit_event", "alembic_version"})


@dataclass(frozen=True)
class PurgePlan:
    """What purging a case would destroy, in counts per table (never content), and whether it may."""

    case_id: int
    reference: str
    closed_on: date | None
    purged_on: date | None
    last_entry: date
    retention_years: int
    #: The first day the case may be purged (``last_entry`` + ``retention_years``).
    purge_from: date
    #: Table name -> rows that will be destroyed (only tables with rows).
    destroyed: dict[str, int]
    #: Audit events of the case: kept, without content.
    audit_events_kept: int

    @property
    def total(self) -> int:
        return sum(self.destroyed.values())


def add_years(day: date, years: int) -> date:
    """``day`` ``years`` later; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _as_date(value: Any) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value)
    return date.fromisoformat(text[:10]) if text else None


def _cascade_predicates() -> dict[str, sa.ColumnElement[bool]]:
    """For every table a purge reaches, the condition selecting its rows of case ``:case_id``.

    A row goes when any of its ``ON DELETE CASCADE`` foreign keys points at a row that goes,
    starting from the case; tables reached only through ``SET NULL`` (the audit log) stay.
    """
    load_all()
    tables = SQLModel.metadata.tables
    case_table = tables["case"]
    found: dict[str, sa.ColumnElement[bool]] = {}

    def predicate(table: sa.Table, seen: frozenset[str]) -> sa.ColumnElement[bool] | None:
        if table.name == "case":
            return case_table.c.id == sa.bindparam("case_id")
        parts: list[sa.ColumnElement[bool]] = []
        for fk in table.foreign_keys:
            parent = fk.column.table
            if (fk.ondelete or "").upper() != "CASCADE" or parent.name in seen or parent is table:
                continue
            inner = predicate(parent, seen | {table.name})
            if inner is None:
                continue
            if parent.name == "case":
                parts.append(fk.parent == sa.bindparam("case_id"))
            else:
                parts.append(fk.parent.in_(sa.select(fk.column).where(inner)))
        return sa.or_(*parts) if parts else None

    for table in tables.values():
        if table.name in KEPT_TABLES:
            continue
        condition = predicate(table, frozenset())
        if condition is not None:
            found[table.name] = condition
    return found


def table_label(table: str) -> str:
    """Plain words for a table whose rows a purge destroys (the table name for one not listed)."""
    labels = {
        "minutes_version": _("minutes versions (signed and drafts)"),
        "meeting": _("meetings"),
        "agenda_item": _("agenda items"),
        "note": _("notes"),
        "decision": _("decisions"),
        "task": _("tasks"),
        "task_review": _("task follow-ups"),
        "attendance": _("attendance records"),
        "attestation": _("confirmations of minutes"),
        "member": _("group members"),
        "consent": _("consents"),
        "individual_plan": _("plans"),
        "goal": _("goals"),
        "measure": _("measures"),
        "phase_change": _("phase changes"),
        "coordination": _("coordination records"),
        "crisis_plan": _("crisis plans"),
        "bed_agreement": _("bed agreements"),
        "bed_stay": _("bed stays"),
        "child_record": _("children as next of kin"),
        "measure_evaluation": _("evaluations of measures"),
        "life_area_rating": _("life-area ratings"),
        "withholding": _("things withheld from copies"),
    }
    return labels.get(table, table)


def describe_plan(plan: PurgePlan) -> list[str]:
    """The lines that say what a purge destroys and keeps (shared with the GUI's confirmation)."""
    lines = [
        _("Case {reference} (id {id}): last entry {last}; kept until {date}.").format(
            reference=plan.reference,
            id=plan.case_id,
            last=format_date(plan.last_entry),
            date=format_date(plan.purge_from),
        ),
        ngettext("A purge destroys {n} row:", "A purge destroys {n} rows:", plan.total).format(n=plan.total),
    ]
    lines += [f"  {count:>7}  {table_label(table)}" for table, count in plan.destroyed.items()]
    lines.append(
        ngettext(
            "Kept: the case's id and reference, and {n} audit event (who did what, when; no content).",
            "Kept: the case's id and reference, and {n} audit events (who did what, when; no content).",
            plan.audit_events_kept,
        ).format(n=plan.audit_events_kept)
    )
    lines.append(_("Backups made before the purge still hold the content; they are not changed."))
    return lines


class RecordsService:
    """Close-then-purge for cases with records, with the plan shown first."""

    def __init__(self, db: Database, *, retention_years: int | None = None) -> None:
        self._db = db
        if retention_years is None:
            from desktop.settings import load_settings

            retention_years = load_settings().retention_years
        self._retention_years = retention_years

    def has_signed_minutes(self, case_id: int) -> bool:
        query = (
            sa.select(col(MinutesVersion.id))
            .where(col(MinutesVersion.case_id) == case_id, col(MinutesVersion.signed_at).is_not(None))
            .limit(1)
        )
        with self._db.engine.connect() as conn:
            found = conn.execute(query).first()
        return found is not None

    def last_entry(self, case_id: int) -> date:
        """The day of the case's newest entry (see the module docstring)."""
        held = (MeetingStatus.HELD, MeetingStatus.SIGNED)
        of_case = col(Case.id) == case_id
        meetings, versions = col(Meeting.case_id) == case_id, col(MinutesVersion.case_id) == case_id
        candidates = (
            sa.select(col(Case.created_at)).where(of_case),
            sa.select(col(Case.closed_on)).where(of_case),
            sa.select(sa.func.max(col(PhaseChange.changed_on))).where(col(PhaseChange.case_id) == case_id),
            sa.select(sa.func.max(col(Meeting.start))).where(meetings, col(Meeting.status).in_(held)),
            sa.select(sa.func.max(col(Meeting.created_at))).where(meetings),
            sa.select(sa.func.max(col(MinutesVersion.created_at))).where(versions),
            sa.select(sa.func.max(col(MinutesVersion.signed_at))).where(versions),
        )
        query = sa.select(*(candidate.scalar_subquery() for candidate in candidates))
        with self._db.engine.connect() as conn:
            row = conn.execute(query).one()
        days = [d for value in row if (d := _as_date(value)) is not None]
        if not days:
            raise NotFoundError(_("There is no case with id {id}.").format(id=case_id))
        return max(days)

    def plan_purge(self, case_id: int) -> PurgePlan:
        """What a purge of the case would destroy (counts only); nothing is changed."""
        with self._db.session() as session:
            case = session.get(Case, case_id)
            if case is None:
                raise NotFoundError(_("There is no case with id {id}.").format(id=case_id))
            reference, closed_on, purged_on = case.reference, case.closed_on, case.purged_on
        last = self.last_entry(case_id)
        destroyed: dict[str, int] = {}
        with self._db.engine.connect() as conn:
            for name, condition in sorted(_cascade_predicates().items()):
                table = SQLModel.metadata.tables[name]
                count = conn.execute(
                    sa.select(sa.func.count()).select_from(table).where(condition), {"case_id": case_id}
                ).scalar_one()
                if count:
                    destroyed[name] = int(count)
            kept = conn.execute(
                sa.select(sa.func.count()).select_from(AuditEvent).where(col(AuditEvent.case_id) == case_id)
            ).scalar_one()
        return PurgePlan(
            case_id=case_id,
            reference=reference,
            closed_on=closed_on,
            purged_on=purged_on,
            last_entry=last,
            retention_years=self._retention_years,
            purge_from=add_years(last, self._retention_years),
            destroyed=destroyed,
            audit_events_kept=int(kept),
        )

    def check_purgeable(self, plan: PurgePlan, today: date | None = None) -> None:
        """Raise a clear :class:`UserError` unless the case may be purged now."""
        today = today or clock.today()
        if plan.purged_on is not None:
            raise UserError(
                _("Case {reference} was purged on {date}.").format(
                    reference=plan.reference, date=format_date(plan.purged_on)
                )
            )
        if plan.closed_on is None:
            raise UserError(
                _(
                    "Case {reference} is not closed. Close the case first; it can be purged after its retention period."
                ).format(reference=plan.reference)
            )
        if today < plan.purge_from:
            raise UserError(
                _(
                    "Case {reference} must be kept until {date} ({years} years after its last entry "
                    "on {last}). Nothing was destroyed."
                ).format(
                    reference=plan.reference,
                    date=format_date(plan.purge_from),
                    years=plan.retention_years,
                    last=format_date(plan.last_entry),
                )
            )

    def purge(
        self, case_id: int, *, expected: PurgePlan, actor: str = "", today: date | None = None
    ) -> PurgePlan:
        """Destroy the case's content; keep the tombstone row and the audit trail.

        ``expected`` is the plan the user saw and confirmed: if the case changed since (another
        meeting, a new version), nothing is destroyed and a new confirmation is needed.
        Returns the plan as it stood when it was carried out.
        """
        plan = self.plan_purge(case_id)
        self.check_purgeable(plan, today)
        if plan.destroyed != expected.destroyed or plan.last_entry != expected.last_entry:
            raise UserError(
                _("The case has changed since the list of what will be destroyed was shown. Check it again.")
            )
        day = today or clock.today()
        predicates = _cascade_predicates()
        with self._db.engine.connect() as conn:
            with secure_delete(conn), _records_refusal(), conn.begin():  # no content left in free pages
                # First the mark that lets the triggers (migration 0008) release the signed minutes.
                conn.execute(sa.update(Case).where(col(Case.id) == case_id).values(purged_on=day))
                # Children before parents is not needed: each table's rows are chosen by what
                # they belong to, and the cascades take what hangs below.
                for name in _deletion_order(predicates):
                    table = SQLModel.metadata.tables[name]
                    conn.execute(sa.delete(table).where(predicates[name]), {"case_id": case_id})
                conn.execute(sa.update(Case).where(col(Case.id) == case_id).values(**_TOMBSTONE))
                record_on(conn, AuditAction.CASE_PURGED, case_id=case_id, actor=actor)
            checkpoint_wal(conn)
        return plan


@contextmanager
def _records_refusal() -> Iterator[None]:
    """A trigger's refusal to destroy records (migration 0008), raised as its translated error."""
    try:
        yield
    except sa.exc.DatabaseError as exc:
        from desktop.models.records import records_refusal

        refusal = records_refusal(exc.orig)
        if refusal is not None:
            raise refusal from exc
        raise


def _deletion_order(predicates: dict[str, sa.ColumnElement[bool]]) -> list[str]:
    """Tables deepest first (a child's condition reads its parent's rows, so the parent goes last)."""
    tables = SQLModel.metadata.tables

    def depth(name: str, seen: frozenset[str] = frozenset()) -> int:
        parents = [
            fk.column.table.name
            for fk in tables[name].foreign_keys
            if (fk.ondelete or "").upper() == "CASCADE"
            and fk.column.table.name in predicates
            and fk.column.table.name != name
            and fk.column.table.name not in seen
        ]
        return 1 + max((depth(p, seen | {name}) for p in parents), default=0)

    return sorted(predicates, key=lambda n: (-depth(n), n))
