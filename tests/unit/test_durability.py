"""A power cut loses no committed transaction and no backup: every connection commits with
``synchronous=FULL``, and a backup is synced before its rename and its folder after it.

A power cut cannot be simulated in a test; what can be checked is that every kind of connection
really has the setting, and that the backup code calls fsync on the file and on the folder, in
that order around the rename.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from desktop.db import Database, connect_raw, fsync_folder, online_backup
from desktop.db import files as db_files
from desktop.services.backup import backup_to, create_backup, restore_backup
from tests.sql import sql_connection, sql_rows

FULL = 2
PASSPHRASE = "lang og hemmelig"


def _synchronous_everywhere(db: Database) -> dict[str, int]:
    """PRAGMA synchronous of the ORM session's connection, the engine's, and raw read and write connections."""
    with db.session() as session:
        orm = session.exec(text("PRAGMA synchronous")).one()[0]  # type: ignore[call-overload]
    with db.engine.connect() as conn:
        engine = conn.exec_driver_sql("PRAGMA synchronous").scalar()
    reader = sql_rows(db, "PRAGMA synchronous")[0][0]
    with sql_connection(db) as conn:
        writer = conn.execute("PRAGMA synchronous").fetchone()[0]
    return {"orm": orm, "engine": engine, "reader": reader, "writer": writer}


@pytest.mark.parametrize("passphrase", [None, PASSPHRASE], ids=["plain", "encrypted"])
def test_every_connection_commits_with_synchronous_full(tmp_path: Path, passphrase: str | None) -> None:
    path = tmp_path / "x.db"
    db = Database.open(path, passphrase=passphrase)
    try:
        assert _synchronous_everywhere(db) == dict.fromkeys(("orm", "engine", "reader", "writer"), FULL)
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    finally:
        db.dispose()
    raw = connect_raw(path, passphrase=passphrase)
    ro = connect_raw(path, passphrase=passphrase, readonly=True)
    try:
        assert raw.execute("PRAGMA synchronous").fetchone()[0] == FULL
        assert ro.execute("PRAGMA synchronous").fetchone()[0] == FULL
    finally:
        raw.close()
        ro.close()


@pytest.mark.parametrize("passphrase", [None, PASSPHRASE], ids=["plain", "encrypted"])
def test_a_read_only_open_has_the_setting_too(tmp_path: Path, passphrase: str | None) -> None:
    path = tmp_path / "x.db"
    Database.open(path, passphrase=passphrase).dispose()
    db = Database.open(path, passphrase=passphrase, read_only=True)
    try:
        with db.session() as session:
            assert session.exec(text("PRAGMA synchronous")).one()[0] == FULL  # type: ignore[call-overload]
        assert sql_rows(db, "PRAGMA synchronous")[0][0] == FULL
    finally:
        db.dispose()


class _Recorder:
    """Records fsync (of a file or a folder, by inode) and rename calls, in order."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.events: list[tuple[str, Any]] = []
        real_fsync, real_replace = os.fsync, os.replace

        def fsync(fd: int) -> None:
            st = os.fstat(fd)
            kind = "folder" if stat.S_ISDIR(st.st_mode) else "file"
            self.events.append((f"fsync-{kind}", st.st_ino))
            real_fsync(fd)

        def replace(src: Any, dst: Any) -> None:
            self.events.append(("replace", (Path(src), Path(dst))))
            real_replace(src, dst)

        monkeypatch.setattr(os, "fsync", fsync)
        monkeypatch.setattr(os, "replace", replace)

    def check_durable_rename(self, target: Path) -> None:
        """``target`` was synced, then renamed into place, then its folder synced."""
        renames = [i for i, (what, arg) in enumerate(self.events) if what == "replace" and arg[1] == target]
        assert renames, f"{target.name} was not renamed into place: {self.events}"
        at = renames[-1]
        inode = target.stat().st_ino  # a rename keeps the inode: the synced file is the one in place
        assert ("fsync-file", inode) in self.events[:at], self.events
        folder = target.parent.stat().st_ino
        assert ("fsync-folder", folder) in self.events[at + 1 :], self.events


@pytest.fixture
def recorder(monkeypatch: pytest.MonkeyPatch) -> Iterator[_Recorder]:
    yield _Recorder(monkeypatch)


def test_a_backup_is_synced_before_and_its_folder_after_the_rename(
    demo_db: Database, recorder: _Recorder, tmp_path: Path
) -> None:
    info = create_backup(demo_db)
    recorder.check_durable_rename(info.path)
    out = backup_to(demo_db, tmp_path / "chosen.db")
    recorder.check_durable_rename(out)


def test_the_online_backup_itself_is_durable(demo_db: Database, recorder: _Recorder, tmp_path: Path) -> None:
    target = tmp_path / "copy.db"
    online_backup(demo_db.path, target)
    recorder.check_durable_rename(target)
    assert not target.with_name("copy.db.part").exists()


def test_a_restore_syncs_the_restored_file_the_safety_copy_and_the_folders(
    demo_db: Database, recorder: _Recorder
) -> None:
    path = demo_db.path
    saved = create_backup(demo_db)
    demo_db.dispose()
    recorder.events.clear()
    result = restore_backup(path, saved.path)
    assert result.previous_copy is not None
    recorder.check_durable_rename(result.previous_copy)
    recorder.check_durable_rename(path)


def test_folder_sync_is_skipped_where_folders_cannot_be_opened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []
    monkeypatch.setattr(os, "fsync", lambda fd: calls.append(fd))
    fsync_folder(tmp_path)
    assert len(calls) == 1  # POSIX: the folder is synced
    with monkeypatch.context() as windows:
        windows.setattr(db_files.os, "name", "nt")
        fsync_folder(tmp_path)  # Windows: skipped
    assert len(calls) == 1

    def refuse(*_args: Any, **_kwargs: Any) -> int:
        raise PermissionError(13, "Access is denied")  # a folder that cannot be opened

    monkeypatch.setattr(os, "open", refuse)
    fsync_folder(tmp_path)  # no exception
    assert len(calls) == 1


def test_the_bulk_writer_leaves_no_unsynced_connection_in_the_pool(tmp_path: Path) -> None:
    """The large demo writes with synchronous=OFF; a later session must still commit with FULL."""
    from desktop.db import bulk_write_connection

    db = Database.open(tmp_path / "x.db")
    try:
        with bulk_write_connection(db) as conn:
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 0
        with db.session() as session:
            assert session.exec(text("PRAGMA synchronous")).one()[0] == FULL  # type: ignore[call-overload]
    finally:
        db.dispose()
