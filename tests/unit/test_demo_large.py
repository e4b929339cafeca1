"""The large-database generator, scaled down: same code path, exact counts, a sound file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from desktop.db import Database, check_database
from desktop.demo.large import create_large_demo
from desktop.errors import UserError
from desktop.services.search import SearchService
from desktop.services.tasks.board import TaskFilter, TaskService
from tests.conftest import TODAY


def test_scaled_down_large_demo_is_sound_and_realistic(tmp_path: Path) -> None:
    path = tmp_path / "large.db"
    counts = create_large_demo(path, cases=20, meetings_per_case=6, tasks_per_case=30, today=TODAY)
    assert counts["cases"] == 20 and counts["meetings"] == 120 and counts["tasks"] == 600
    assert counts["notes"] > 120 and counts["decisions"] >= 120
    assert check_database(path).is_sound
    with sqlite3.connect(path) as conn:
        phases = {r[0] for r in conn.execute('SELECT DISTINCT phase FROM "case"')}
        statuses = dict(conn.execute("SELECT status, count(*) FROM task GROUP BY status").fetchall())
        note_chars = conn.execute("SELECT avg(length(text)) FROM note WHERE kind = 'note'").fetchone()[0]
        orphans = conn.execute(
            "SELECT count(*) FROM task LEFT JOIN meeting ON meeting.id = task.meeting_id WHERE meeting.id IS NULL"
        ).fetchone()[0]
        closed_without_outcome = conn.execute(
            "SELECT count(*) FROM task WHERE status IN ('done', 'dropped') AND outcome = ''"
        ).fetchone()[0]
        fk_problems = conn.execute("PRAGMA foreign_key_check").fetchall()
    conn.close()
    assert len(phases) >= 4
    assert statuses.get("done", 0) > statuses.get("open", 0) > 0
    assert note_chars > 100  # notes of realistic length, not one-liners
    assert orphans == 0 and closed_without_outcome == 0 and fk_problems == []
    db = Database.open(path)
    try:
        tasks = TaskService(db)
        total, overdue = tasks.count_open(today=TODAY)
        assert 0 < overdue < total
        first = tasks.page(TaskFilter(), today=TODAY).rows
        assert first[0].overdue and first == tuple(sorted(first, key=lambda r: (r.due is None, r.due, r.id)))
        assert SearchService(db).search("bolig", 5)  # the FTS index was filled while loading
    finally:
        db.dispose()


def test_refuses_an_existing_database(tmp_path: Path) -> None:
    path = tmp_path / "x.db"
    create_large_demo(path, cases=1, meetings_per_case=2, tasks_per_case=2, today=TODAY)
    before = path.read_bytes()
    with pytest.raises(UserError):
        create_large_demo(path, cases=1)
    assert path.read_bytes() == before
