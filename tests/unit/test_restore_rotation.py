"""A killed restore leaves nothing that piles up: the next backup or restore rotates it away.

Before: every restore added a ``before-restore`` copy that nothing rotated (13 killed restores left
26 files in ``backups/``), and a copy cut short by the kill had a backup's name. Now copies are
written under a ``.part`` name and renamed when complete, rotation runs at the start and at the end
of every backup and restore, and parts of safety copies are removed by the next operation that
holds the lock.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

from desktop import clock
from desktop.db import Database, backup_file_name, backups_dir, check_database
from desktop.services.backup import (
    KEEP_SAFETY,
    REASON_BEFORE_RESTORE,
    STALE_PART_SECONDS,
    create_backup,
    folder_now,
    list_backups,
    restore_backup,
)

ROOT = Path(__file__).resolve().parents[2]
KILLED = 13


def _leave_killed_restores(db_path: Path, source: Path) -> dict[str, list[Path]]:
    """What 13 restores killed at different moments leave behind (written by hand, the same names).

    Killed after the safety copy: a complete ``before-restore`` copy and no rotation. Killed
    during it: ``….db.part`` with SQLite's ``-journal``. Killed while copying the backup in: the
    ``.restoring`` file (and its part) next to the database.
    """
    folder = backups_dir(db_path)
    folder.mkdir(exist_ok=True)
    data = db_path.read_bytes()
    left: dict[str, list[Path]] = {"copies": [], "parts": [], "beside": []}
    for i in range(KILLED):
        when = clock.now_precise() - timedelta(minutes=KILLED - i)
        copy = backup_file_name(db_path, REASON_BEFORE_RESTORE, when)
        if i % 3 == 2:  # cut short while the copy was written
            part = copy.with_name(copy.name + ".part")
            part.write_bytes(data[: len(data) // 2])
            part.with_name(part.name + "-journal").write_bytes(b"\x00" * 512)
            left["parts"] += [part, part.with_name(part.name + "-journal")]
        else:
            copy.write_bytes(data)
            left["copies"].append(copy)
    restoring = db_path.with_name(db_path.name + ".restoring")
    for leftover in (restoring, restoring.with_name(restoring.name + ".part")):
        leftover.write_bytes(source.read_bytes()[:4096])
        left["beside"].append(leftover)
    left["beside"].append(restoring.with_name(restoring.name + ".part-journal"))
    left["beside"][-1].write_bytes(b"\x00" * 512)
    return left


def _files(db_path: Path) -> list[str]:
    return sorted(p.name for p in backups_dir(db_path).iterdir())


def test_the_next_restore_leaves_exactly_the_retained_copies(demo_db: Database, tmp_path: Path) -> None:
    path = demo_db.path
    source = tmp_path / "chosen.db"
    from desktop.services.backup import backup_to

    backup_to(demo_db, source)
    demo_db.dispose()
    left = _leave_killed_restores(path, source)
    assert len(_files(path)) == len(left["copies"]) + len(left["parts"])  # 9 copies + 4 parts x 2 files

    result = restore_backup(path, source)

    safety = [b for b in list_backups(path) if b.reason == REASON_BEFORE_RESTORE]
    assert len(safety) == KEEP_SAFETY
    assert result.previous_copy in [b.path for b in safety]  # the newest one is this restore's
    assert _files(path) == sorted(b.path.name for b in safety)  # no part, no journal, nothing else
    assert not any(p.exists() for p in left["beside"])
    for info in safety:
        assert check_database(info.path).is_sound
    assert check_database(path).is_sound


def test_the_next_backup_rotates_them_too(demo_db: Database) -> None:
    path = demo_db.path
    left = _leave_killed_restores(path, path)
    old = folder_now(backups_dir(path)) - STALE_PART_SECONDS - 60
    for part in left["parts"]:
        os.utime(part, (old, old))  # the backup command holds no lock: parts go once stale
    create_backup(demo_db)
    safety = [b for b in list_backups(path) if b.reason == REASON_BEFORE_RESTORE]
    assert len(safety) == KEEP_SAFETY
    assert not any(p.exists() for p in left["parts"])


def test_a_fresh_part_of_another_backup_is_left_to_its_writer(demo_db: Database) -> None:
    """The ``backup`` command runs beside the GUI without the lock: its part may be in progress."""
    path = demo_db.path
    in_progress = backup_file_name(path, "manual")
    in_progress.parent.mkdir(exist_ok=True)
    part = in_progress.with_name(in_progress.name + ".part")
    part.write_bytes(b"being written")
    saved = create_backup(demo_db, "start")
    demo_db.dispose()
    restore_backup(path, saved.path)
    assert part.exists()  # fresh, and not a safety copy: another writer's
    old = folder_now(part.parent) - STALE_PART_SECONDS - 60
    os.utime(part, (old, old))
    db = Database.open(path)
    create_backup(db)
    db.dispose()
    assert not part.exists()


def test_the_backups_of_a_file_whose_name_contains_part_are_never_taken_for_parts(tmp_path: Path) -> None:
    db = Database.open(tmp_path / "x.partner.db")
    made = [create_backup(db, "start") for _ in range(3)]
    old = folder_now(made[0].path.parent) - STALE_PART_SECONDS - 60
    for info in made:
        os.utime(info.path, (old, old))
    create_backup(db, "start")
    db.dispose()
    assert all(info.path.exists() for info in made)


RESTORE = [sys.executable, "-m", "desktop", "restore", "--db"]


def test_restores_killed_at_random_moments_leave_only_the_retained_copies(
    demo_db: Database, tmp_path: Path
) -> None:
    """The real thing: SIGKILL restores at random moments, then one restore that finishes."""
    path = demo_db.path
    source = tmp_path / "chosen.db"
    from desktop.services.backup import backup_to

    backup_to(demo_db, source)
    demo_db.dispose()
    rng = random.Random(15)
    for _ in range(8):
        proc = subprocess.Popen(
            [*RESTORE, str(path), "--from", str(source)],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.3, 1.6))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
    done = subprocess.run(
        [*RESTORE, str(path), "--from", str(source)], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    safety = [b for b in list_backups(path) if b.reason == REASON_BEFORE_RESTORE]
    assert 1 <= len(safety) <= KEEP_SAFETY
    assert _files(path) == sorted(b.path.name for b in safety)
    assert not path.with_name(path.name + ".restoring").exists()
    for info in safety:
        assert check_database(info.path).integrity == "ok"
    assert check_database(path).is_sound
