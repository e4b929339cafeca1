"""Migrations build exactly the models; older files upgrade with a backup; newer files are refused."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlmodel import SQLModel

from desktop.db import Database, _alembic_config, check_database, head_revision, make_engine, migrate_to_head
from desktop.errors import DatabaseError, DatabaseTooNewError


def _is_fts(name: str) -> bool:
    """Full-text-search shadow tables are created with raw SQL and are not models."""
    return "fts" in name.lower()


def _relevant(diff: object) -> bool:
    op = diff[0] if isinstance(diff, tuple) else diff[0][0]  # type: ignore[index]
    target = diff[1] if isinstance(diff, tuple) else diff[0][1]  # type: ignore[index]
    name = getattr(target, "name", "") or ""
    table = getattr(getattr(target, "table", None), "name", "") or ""
    return not (op in ("remove_table", "remove_index") and (_is_fts(name) or _is_fts(table)))


def test_migrations_build_exactly_the_models(db_path: Path) -> None:
    engine = make_engine(db_path)
    migrate_to_head(db_path, engine)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
    diff = [d for d in diff if _relevant(d)]
    assert diff == [], f"models and migrations disagree; add a revision: {diff}"


def test_there_is_exactly_one_head() -> None:
    script = ScriptDirectory.from_config(_alembic_config(make_engine(Path("/nonexistent.db"))))
    assert len(script.get_heads()) == 1, script.get_heads()


def test_every_revision_upgrades_to_head_with_a_backup(tmp_path: Path) -> None:
    script = ScriptDirectory.from_config(_alembic_config(make_engine(tmp_path / "x.db")))
    revisions = [r.revision for r in script.walk_revisions()]
    for revision in revisions[1:] or []:  # every revision older than head
        path = tmp_path / f"old-{revision}.db"
        engine = make_engine(path)
        command.upgrade(_alembic_config(engine), revision)
        backup = migrate_to_head(path, engine)
        assert backup is not None and backup.exists()
        assert check_database(path).is_sound


def test_a_fresh_database_is_at_head_and_sound(db_path: Path) -> None:
    Database.open(db_path).dispose()
    result = check_database(db_path)
    assert result.integrity == "ok"
    assert result.revision == head_revision()
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_refuses_a_file_from_a_newer_version_and_leaves_it_untouched(db_path: Path) -> None:
    Database.open(db_path).dispose()
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = 'ffff_from_the_future'")
    conn.close()
    before = db_path.read_bytes()
    with pytest.raises(DatabaseTooNewError) as info:
        Database.open(db_path)
    assert "nyere versjon" in str(info.value)
    assert db_path.read_bytes() == before


def test_refuses_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "referat.db"
    path.write_bytes(b"%PDF-1.7 not a database" * 10)
    before = path.read_bytes()
    with pytest.raises(DatabaseError):
        Database.open(path)
    assert path.read_bytes() == before


def test_the_light_revision_reader_agrees_with_alembic() -> None:
    from desktop.db import known_revisions

    script = ScriptDirectory.from_config(_alembic_config(make_engine(Path("/nonexistent.db"))))
    assert head_revision() == script.get_current_head()
    assert known_revisions() == {r.revision for r in script.walk_revisions()}


def _row_counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
            if not _is_fts(row[0]) and row[0] != "alembic_version"
        ]
        return {table: conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] for table in tables}


def test_migrating_a_populated_database_keeps_every_row(tmp_path: Path) -> None:
    """Down to the oldest revision and up to head again, with demo data: not one row may be lost.

    Guards against a batch rebuild (DROP TABLE) cascading deletes into child tables.
    """
    from desktop.demo.standard import create_demo

    path = tmp_path / "populated.db"
    create_demo(path).dispose()
    before = _row_counts(path)
    assert before["note"] > 0 and before["attendance"] > 0 and before["task"] > 0
    engine = make_engine(path)
    script = ScriptDirectory.from_config(_alembic_config(engine))
    previous = [r.down_revision for r in script.walk_revisions() if r.down_revision][0]
    command.downgrade(_alembic_config(engine), str(previous))
    old = _row_counts(path)
    assert old == {table: count for table, count in before.items() if table in old}
    migrate_to_head(path, engine)
    engine.dispose()
    after = _row_counts(path)
    assert {table: after[table] for table in old} == old
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []


def test_a_failed_upgrade_changes_nothing(tmp_path: Path) -> None:
    """The whole upgrade is one transaction: a failure half-way leaves the old schema intact."""
    path = tmp_path / "old.db"
    engine = make_engine(path)
    script = ScriptDirectory.from_config(_alembic_config(engine))
    rebuild = script.get_revision("0011_agenda_sub_items")  # a batch rebuild of agenda_item
    start = script.get_revision(rebuild.down_revision).down_revision  # a whole revision before it
    command.upgrade(_alembic_config(engine), str(start))
    with sqlite3.connect(path) as conn:
        before = conn.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall()
        # Make 0011 fail (the table of its batch rebuild already exists), after a whole revision
        # has run in the same transaction; the upgrade to head stops there.
        conn.execute("CREATE TABLE _alembic_tmp_agenda_item (id INTEGER)")  # 0011's batch rebuild
        before_sabotage = conn.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall()
    assert before_sabotage != before
    with pytest.raises(DatabaseError):
        migrate_to_head(path, engine)
    engine.dispose()
    with sqlite3.connect(path) as conn:
        assert (
            conn.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall()
            == before_sabotage
        )
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == start
