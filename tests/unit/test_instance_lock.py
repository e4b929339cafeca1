"""One writer per database file, proven with a real second process."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.db import Database
from desktop.errors import DatabaseInUseError
from desktop.services.instance_lock import InstanceLock, is_locked_elsewhere

ROOT = Path(__file__).resolve().parents[2]

HOLDER = """
import sys
from pathlib import Path
from desktop.db import Database
db = Database.open(Path(sys.argv[1]), exclusive=True)
print("holding", flush=True)
sys.stdin.readline()   # hold the lock until the parent says so (or kills us)
db.dispose()
"""


@pytest.fixture
def holder(demo_db: Database) -> Iterator[subprocess.Popen[str]]:
    path = demo_db.path
    demo_db.dispose()
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path)],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ},
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "holding"
    yield proc
    if proc.poll() is None:
        proc.kill()
    proc.wait(timeout=30)


def test_a_second_process_cannot_open_the_file_for_writing(
    holder: subprocess.Popen[str], demo_db: Database
) -> None:
    path = demo_db.path
    assert is_locked_elsewhere(path)
    with pytest.raises(DatabaseInUseError) as info:
        Database.open(path, exclusive=True)
    assert "allerede åpen" in str(info.value)
    # Reading without the lock (the tasks/agenda commands) still works.
    Database.open(path, exclusive=False).dispose()


def test_write_commands_exit_non_zero_while_the_gui_holds_the_file(
    holder: subprocess.Popen[str], demo_db: Database, tmp_path: Path
) -> None:
    path = demo_db.path
    backup = tmp_path / "b.db"
    ok = subprocess.run(
        [sys.executable, "-m", "desktop", "backup", "--db", str(path), "--out", str(backup)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert ok.returncode == 0, ok.stderr  # a backup only reads: allowed
    refused = subprocess.run(
        [sys.executable, "-m", "desktop", "restore", "--db", str(path), "--from", str(backup)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert refused.returncode == 1
    assert "allerede åpen" in refused.stderr and "Traceback" not in refused.stderr


def test_the_lock_is_released_when_the_holder_is_killed(
    holder: subprocess.Popen[str], demo_db: Database
) -> None:
    path = demo_db.path
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait(timeout=30)
    assert not is_locked_elsewhere(path)
    db = Database.open(path, exclusive=True)
    assert db.holds_lock
    db.dispose()


def test_the_lock_is_counted_within_one_process(tmp_path: Path) -> None:
    path = tmp_path / "x.db"
    first = Database.open(path, exclusive=True)
    second = Database.open(path, exclusive=True)  # switching back to the same file in the GUI
    first.dispose()
    assert second.holds_lock
    lock_holder = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from pathlib import Path; "
            "from desktop.services.instance_lock import is_locked_elsewhere as f; "
            "sys.exit(0 if f(Path(sys.argv[1])) else 3)",
            str(path),
        ],
        cwd=ROOT,
        timeout=60,
    )
    assert lock_holder.returncode == 0  # still held for the other process
    second.dispose()
    with InstanceLock(path) as lock:
        assert lock.is_held


def test_giving_the_lock_back_on_a_full_disk_does_not_fail(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Closing the lock file can fail on a full disk; the release must still finish (and the file
    can be locked again), not turn into «OSError: see the log file» on the way out."""
    from desktop.services import instance_lock

    path = tmp_path / "a.db"
    path.touch()
    lock = InstanceLock(path).acquire()
    handle = instance_lock._held[lock.db_path].handle

    class FullDisk:
        def __init__(self, inner: object) -> None:
            self._inner = inner

        def __getattr__(self, name: str) -> object:
            return getattr(self._inner, name)

        def close(self) -> None:
            self._inner.close()  # type: ignore[attr-defined]
            raise OSError(28, "No space left on device")

    instance_lock._held[lock.db_path].handle = FullDisk(handle)  # type: ignore[assignment]
    lock.release()
    assert not lock.is_held
    InstanceLock(path).acquire().release()
