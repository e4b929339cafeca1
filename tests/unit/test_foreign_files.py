"""Files that are not ours are never made ours (issue 15, point 5).

An empty file is made a database only when the caller says so (the GUI asks first; the data
folder's own file is ours); an SQLite file of another program — with tables or without, with an
Alembic history of its own — is refused and left byte for byte as it was.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.db import APPLICATION_ID, Database, head_revision, probe_database
from desktop.errors import NotAnAnsvarsgruppeDatabaseError
from tests.sql import digest, tables


def application_id(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("PRAGMA application_id").fetchone()[0])
    finally:
        conn.close()


def sqlite_file(path: Path, *statements: str) -> Path:
    conn = sqlite3.connect(path)
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()
    return path


def assert_refused_untouched(path: Path, **kwargs: object) -> str:
    before = digest(path)
    with pytest.raises(NotAnAnsvarsgruppeDatabaseError) as info:
        Database.open(path, **kwargs)  # type: ignore[arg-type]
    assert digest(path) == before, "the file must be left exactly as it was"
    return str(info.value)


def test_an_empty_file_is_not_made_a_database_unless_the_caller_agreed(tmp_path: Path) -> None:
    empty = tmp_path / "tom.db"
    empty.touch()
    message = assert_refused_untouched(empty)
    assert "er tom" in message and "ikke en Ansvarsgruppe-database" in message
    assert empty.stat().st_size == 0
    db = Database.open(empty, adopt_empty=True)  # the user said «create» (or it is our own file)
    db.dispose()
    assert "meeting" in tables(empty) and application_id(empty) == APPLICATION_ID


def test_another_programs_sqlite_file_without_tables_gets_none_of_ours(tmp_path: Path) -> None:
    path = sqlite_file(tmp_path / "annet.db", "PRAGMA user_version = 7", "PRAGMA page_size = 8192", "VACUUM")
    assert path.stat().st_size > 0 and tables(path) == set()
    message = assert_refused_untouched(path)
    assert "ikke en Ansvarsgruppe-database" in message and "passordfrase" not in message
    assert tables(path) == set()


def test_a_wal_mode_sqlite_file_without_tables_is_refused_too(tmp_path: Path) -> None:
    path = sqlite_file(tmp_path / "wal.db", "PRAGMA journal_mode = WAL")
    assert_refused_untouched(path)
    assert tables(path) == set()


def test_another_programs_alembic_database_is_not_called_ours(tmp_path: Path) -> None:
    """Alembic is common: a version table with a revision we do not know, and no tables of ours,
    is another program's file — not «made by a newer version of Ansvarsgruppe»."""
    path = sqlite_file(
        tmp_path / "alembic.db",
        "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)",
        "INSERT INTO alembic_version VALUES ('3f2a1b9c0d7e')",
        "CREATE TABLE invoices (id INTEGER PRIMARY KEY, amount INTEGER)",
    )
    assert_refused_untouched(path)
    assert tables(path) == {"alembic_version", "invoices"}


def test_an_empty_alembic_version_table_is_not_ours_either(tmp_path: Path) -> None:
    path = sqlite_file(
        tmp_path / "tom-alembic.db",
        "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)",
    )
    assert_refused_untouched(path, adopt_empty=True)  # it has a table: not empty, not ours


def test_a_first_start_cut_short_is_recognised_and_finished(tmp_path: Path) -> None:
    """Our application_id is the first thing written: a file with it and no tables yet (killed
    before the schema's transaction committed) is ours, and the next start completes it."""
    path = sqlite_file(
        tmp_path / "avbrutt.db", f"PRAGMA application_id = {APPLICATION_ID}", "PRAGMA journal_mode = WAL"
    )
    assert tables(path) == set()
    db = Database.open(path)
    db.dispose()
    assert "case" in tables(path)
    assert probe_database(path).revision == head_revision()


def test_every_new_database_carries_our_application_id(tmp_path: Path) -> None:
    db = Database.open(tmp_path / "ny.db")
    db.dispose()
    assert application_id(tmp_path / "ny.db") == APPLICATION_ID


def test_commands_refuse_a_foreign_file_without_tables(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = sqlite_file(tmp_path / "annet.db", "PRAGMA user_version = 3")
    before = digest(path)
    for argv in (["list-meetings"], ["backup"], ["check"]):
        code = main([argv[0], "--db", str(path)])
        assert code == 1, argv
        assert "ikke en Ansvarsgruppe-database" in capsys.readouterr().err
    assert digest(path) == before


def test_demo_fills_an_empty_file_it_was_given(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "demo.db"
    empty.touch()
    assert main(["demo", "--db", str(empty)]) == 0
    assert "meeting" in tables(empty)
