"""Issue 19: a case with signed minutes is closed, then purged after its retention period; what remains."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlmodel import col, select

from desktop import clock
from desktop.cli import main
from desktop.db import Database
from desktop.errors import RecordsKeptError, UserError
from desktop.models import Case, Meeting, MinutesVersion
from desktop.models.enums import AuditAction, MeetingStatus, PathwayPhase
from desktop.services.audit import case_audit
from desktop.services.case.facts import CaseFactsService
from desktop.services.case.records import RecordsService, add_years
from tests import conftest

demo_template = conftest.demo_template
demo_db = conftest.demo_db


def _case_with_signed_minutes(db: Database) -> tuple[int, str]:
    """A demo case with a held meeting, given a signed version row (no PDF rendering needed)."""
    with db.session() as s:
        meeting = s.exec(
            select(Meeting).where(Meeting.status == MeetingStatus.HELD).order_by(col(Meeting.id))
        ).first()
        assert meeting is not None and meeting.id is not None
        case = s.get(Case, meeting.case_id)
        assert case is not None and case.id is not None
        s.add(
            MinutesVersion(
                meeting_id=meeting.id,
                case_id=case.id,
                signed_at=datetime(2026, 11, 20, 12, 0),
                sha256="a" * 64,
                pdf=b"%PDF-1.7 signert",
            )
        )
        return case.id, case.display_name


def _counts_by_case(path: Path) -> dict[tuple[str, int], int]:
    """Rows per (table, case_id) for the tables that have a case_id column."""
    with sqlite3.connect(path) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        counts: dict[tuple[str, int], int] = {}
        for table in tables:
            columns = {r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')}
            if "case_id" not in columns:
                continue
            for case_id, n in conn.execute(f'SELECT case_id, count(*) FROM "{table}" GROUP BY case_id'):
                if case_id is not None:
                    counts[(table, case_id)] = n
    return counts


def test_add_years_keeps_29_february_possible() -> None:
    assert add_years(date(2028, 2, 29), 10) == date(2038, 2, 28)
    assert add_years(date(2026, 11, 25), 10) == date(2036, 11, 25)


def test_a_case_with_signed_minutes_cannot_be_deleted(demo_db: Database) -> None:
    case_id, _name = _case_with_signed_minutes(demo_db)
    with pytest.raises(RecordsKeptError, match="Avslutt saken"), demo_db.session() as s:
        s.delete(s.get(Case, case_id))
    with sqlite3.connect(demo_db.path) as conn:
        conn.execute("PRAGMA foreign_keys=ON")
        with pytest.raises(sqlite3.IntegrityError, match="cannot be deleted"):
            conn.execute('DELETE FROM "case" WHERE id = ?', (case_id,))
    with demo_db.session() as s:
        assert s.get(Case, case_id) is not None


def test_purge_is_refused_until_closed_and_kept_long_enough_then_leaves_a_tombstone(
    demo_db: Database,
) -> None:
    case_id, name = _case_with_signed_minutes(demo_db)
    service = RecordsService(demo_db, retention_years=10)
    plan = service.plan_purge(case_id)
    assert plan.destroyed["minutes_version"] >= 1 and plan.destroyed["meeting"] >= 1
    assert plan.destroyed["member"] >= 1 and plan.audit_events_kept >= 1
    with pytest.raises(UserError, match="ikke avsluttet"):
        service.purge(case_id, expected=plan)

    CaseFactsService(demo_db).change_phase(case_id, PathwayPhase.CLOSED)
    plan = service.plan_purge(case_id)
    assert plan.purge_from == add_years(plan.last_entry, 10)
    with pytest.raises(UserError, match="må oppbevares til"):
        service.purge(case_id, expected=plan)  # today is 2026-11-25
    with pytest.raises(UserError, match="endret"):  # the plan the user saw is not what is there now
        stale = RecordsService(demo_db, retention_years=10).plan_purge(case_id)
        service.purge(
            case_id, expected=type(stale)(**{**stale.__dict__, "destroyed": {}}), today=plan.purge_from
        )

    before = _counts_by_case(demo_db.path)
    audit_before = len(case_audit(demo_db, case_id))
    meetings_in_audit = [e.meeting_id for e in case_audit(demo_db, case_id)]
    assert any(m is not None for m in meetings_in_audit)
    service.purge(case_id, expected=plan, today=plan.purge_from)

    # What remains: the tombstone (id, reference, dates) and every audit event, plus the purge's own.
    with demo_db.session() as s:
        tombstone = s.get(Case, case_id)
        assert tombstone is not None
        assert tombstone.reference == plan.reference and tombstone.display_name == ""
        assert tombstone.purged_on == plan.purge_from and tombstone.closed_on is not None
        assert tombstone.birth_year is None
    after = _counts_by_case(demo_db.path)
    left = {table: n for (table, cid), n in after.items() if cid == case_id}
    assert left == {"audit_event": audit_before + 1}, left
    entries = case_audit(demo_db, case_id)
    assert len(entries) == audit_before + 1 and entries[-1].action == AuditAction.CASE_PURGED.value
    assert [e.meeting_id for e in entries[:-1]] == meetings_in_audit  # which meeting: kept (0010)
    # Other cases are untouched.
    assert {k: v for k, v in after.items() if k[1] != case_id} == {
        k: v for k, v in before.items() if k[1] != case_id
    }
    from desktop.services.case.creation import CaseService

    assert case_id not in {row.id for row in CaseService(demo_db).list_cases()}
    # No trace of the person's name is left in the file's pages (secure_delete, checkpointed).
    assert name.encode() not in demo_db.path.read_bytes()

    with pytest.raises(UserError, match="ble slettet"):
        service.purge(case_id, expected=service.plan_purge(case_id), today=plan.purge_from)
    with sqlite3.connect(demo_db.path) as conn:  # the tombstone keeps the audit trail findable
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute('DELETE FROM "case" WHERE id = ?', (case_id,))
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute('UPDATE "case" SET purged_on = NULL WHERE id = ?', (case_id,))


def test_purge_case_command_shows_first_refuses_early_and_purges_with_yes(
    demo_db: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    case_id, _name = _case_with_signed_minutes(demo_db)
    path = demo_db.path
    demo_db.dispose()
    args = ["purge-case", "--db", str(path), "--case", str(case_id)]

    assert main(args) == 1  # not closed
    out, err = capsys.readouterr()
    assert "minutes_version" not in out and "referatversjoner" in out
    assert "ikke avsluttet" in err and "Traceback" not in err

    db = Database.open(path)
    CaseFactsService(db).change_phase(case_id, PathwayPhase.CLOSED)
    plan = RecordsService(db, retention_years=10).plan_purge(case_id)
    db.dispose()
    assert main([*args, "--yes"]) == 1  # kept for ten years
    assert "må oppbevares til" in capsys.readouterr().err

    with clock.use(clock.FixedClock(datetime.combine(plan.purge_from, datetime.min.time()))):
        assert main(args) == 0  # without --yes: only what would be destroyed
        assert "--yes" in capsys.readouterr().out
        with sqlite3.connect(path) as conn:
            assert (
                conn.execute("SELECT count(*) FROM meeting WHERE case_id = ?", (case_id,)).fetchone()[0] > 0
            )
        assert main([*args, "--yes"]) == 0
    out = capsys.readouterr().out
    assert plan.reference in out
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT count(*) FROM meeting WHERE case_id = ?", (case_id,)).fetchone()[0] == 0
    assert main(["audit", "--db", str(path), "--case", str(case_id), "--json"]) == 0
    assert AuditAction.CASE_PURGED.value in capsys.readouterr().out
