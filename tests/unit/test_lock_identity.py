"""The single-instance lock is found by every name of the file: a symbolic link and a hard link.

A second process holds the lock through one name; every other name must be refused, for the GUI's
open, for ``restore`` and for ``export-minutes``. Restore and backup through a symbolic link work
on the file it points to (the link stays a link).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.db import Database, check_database
from desktop.errors import DatabaseInUseError
from desktop.services.backup import create_backup, list_backups, restore_backup
from desktop.services.instance_lock import InstanceLock, is_locked_elsewhere
from tests.sql import sql_connection, sql_rows

ROOT = Path(__file__).resolve().parents[2]

HOLDER = """
import sys
from pathlib import Path
from desktop.db import Database
db = Database.open(Path(sys.argv[1]), exclusive=True)
print("holding", flush=True)
sys.stdin.readline()
db.dispose()
"""


@pytest.fixture
def names(demo_db: Database, tmp_path: Path) -> dict[str, Path]:
    """The demo file under three names: its own, a symbolic link and a hard link (another folder)."""
    real = demo_db.path
    demo_db.dispose()
    shortcut = tmp_path / "shortcut"
    shortcut.mkdir()
    link = shortcut / "link.db"
    link.symlink_to(real)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    hard = elsewhere / "hard.db"
    os.link(real, hard)
    assert os.stat(hard).st_ino == os.stat(real).st_ino and hard.resolve() != real.resolve()
    return {"real": real, "symlink": link, "hardlink": hard}


def _hold(path: Path) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path)],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "holding"
    return proc


@pytest.fixture
def holders() -> Iterator[list[subprocess.Popen[str]]]:
    procs: list[subprocess.Popen[str]] = []
    yield procs
    for proc in procs:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=30)


@pytest.mark.parametrize(
    ("held", "other"),
    [
        ("real", "symlink"),
        ("symlink", "real"),
        ("real", "hardlink"),
        ("hardlink", "real"),
        ("symlink", "hardlink"),
    ],
)
def test_every_name_of_the_file_finds_the_lock(
    names: dict[str, Path], holders: list[subprocess.Popen[str]], held: str, other: str
) -> None:
    holders.append(_hold(names[held]))
    assert is_locked_elsewhere(names[other])
    with pytest.raises(DatabaseInUseError):
        Database.open(names[other], exclusive=True)
    with pytest.raises(DatabaseInUseError):
        InstanceLock(names[other]).acquire()


def test_restore_and_export_through_another_name_are_refused(
    names: dict[str, Path], holders: list[subprocess.Popen[str]], tmp_path: Path
) -> None:
    holders.append(_hold(names["real"]))
    backup = tmp_path / "b.db"
    assert main(["backup", "--db", str(names["real"]), "--out", str(backup)]) == 0  # reading is allowed
    before = names["real"].read_bytes()
    for name in ("symlink", "hardlink"):
        restore = subprocess.run(
            [sys.executable, "-m", "desktop", "restore", "--db", str(names[name]), "--from", str(backup)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert restore.returncode == 1, restore.stdout
        assert "allerede åpen" in restore.stderr and "Traceback" not in restore.stderr
        export = subprocess.run(
            [
                sys.executable,
                "-m",
                "desktop",
                "export-minutes",
                "--db",
                str(names[name]),
                "--meeting",
                "1",
                "--out",
                str(tmp_path / f"{name}.pdf"),
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert export.returncode == 1
        assert "allerede åpen" in export.stderr
    assert names["real"].read_bytes() == before
    assert names["symlink"].is_symlink()


def test_the_lock_is_counted_across_names_within_one_process(names: dict[str, Path]) -> None:
    first = Database.open(names["real"], exclusive=True)
    second = Database.open(names["hardlink"], exclusive=True)  # the same file: not a second writer
    third = Database.open(names["symlink"], exclusive=True)
    first.dispose()
    second.dispose()
    assert third.holds_lock
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from pathlib import Path; "
            "from desktop.services.instance_lock import is_locked_elsewhere as f; "
            "sys.exit(0 if f(Path(sys.argv[1])) else 3)",
            str(names["hardlink"]),
        ],
        cwd=ROOT,
        timeout=60,
    )
    assert probe.returncode == 0
    third.dispose()
    assert not is_locked_elsewhere(names["hardlink"])


def test_restore_through_a_symlink_replaces_the_file_it_points_to(names: dict[str, Path]) -> None:
    real, link = names["real"], names["symlink"]
    db = Database.open(link)
    saved = create_backup(db)
    with sql_connection(db) as conn:
        conn.execute("DELETE FROM note")
    db.dispose()
    assert saved.path.parent == real.parent / "backups"  # next to the real file, not the link
    result = restore_backup(link, saved.path)
    assert link.is_symlink() and link.resolve() == real.resolve()
    assert result.db_path == real
    assert check_database(real).is_sound
    restored = Database.open(real)
    assert sql_rows(restored, "SELECT count(*) FROM note")[0][0] > 0  # the real file got the backup
    restored.dispose()
    assert [b.path for b in list_backups(link)] == [b.path for b in list_backups(real)]
    assert result.previous_copy is not None and result.previous_copy.parent == real.parent / "backups"


def test_the_backup_command_through_a_symlink_writes_next_to_the_real_file(
    names: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["backup", "--db", str(names["symlink"])]) == 0
    written = list_backups(names["real"])
    assert len(written) == 1 and written[0].path.parent == names["real"].parent / "backups"
    assert not (names["symlink"].parent / "backups").exists()
    assert main(["restore", "--db", str(names["symlink"]), "--from", str(written[0].path)]) == 0
    assert names["symlink"].is_symlink()
    assert "Traceback" not in capsys.readouterr().err


def test_a_new_file_is_locked_by_identity_once_created(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    db = Database.open(path, exclusive=True)  # did not exist when the lock was taken
    hard = tmp_path / "other-name.db"
    os.link(path, hard)
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from pathlib import Path; "
            "from desktop.services.instance_lock import is_locked_elsewhere as f; "
            "sys.exit(0 if f(Path(sys.argv[1])) else 3)",
            str(hard),
        ],
        cwd=ROOT,
        timeout=60,
    )
    db.dispose()
    assert probe.returncode == 0
