"""One writer per database file: an OS lock on ``<file>.lock`` next to the database.

The lock is taken with ``fcntl.flock`` (POSIX) or ``msvcrt.locking`` (Windows). The operating
system drops it when the process ends, also on a crash or ``kill -9``, so a stale lock file never
blocks the next start. Inside one process the lock is reference-counted: the GUI may close and
reopen the same file (switching databases, the demo) without locking itself out.

The lock file holds only the process id; never a name or anything from the case data.
"""

from __future__ import annotations

import os
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from desktop.errors import DatabaseInUseError, DatabaseReadOnlyError
from desktop.i18n import _

LOCK_SUFFIX = ".lock"

_registry_guard = threading.Lock()
_held: dict[Path, _HeldLock] = {}


@dataclass
class _HeldLock:
    handle: IO[bytes]
    count: int = field(default=1)


def lock_path_for(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + LOCK_SUFFIX)


def _key(db_path: Path) -> Path:
    return Path(os.path.abspath(db_path))


def _try_os_lock(handle: IO[bytes]) -> bool:
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        import msvcrt

        try:
            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _os_unlock(handle: IO[bytes]) -> None:
    if sys.platform == "win32":  # pragma: no cover
        import msvcrt

        try:
            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
        except OSError:
            pass
        return
    import fcntl

    fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


class InstanceLock:
    """The single-writer lock of one database file; use as a context manager or call release()."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = _key(db_path)
        self._released = True

    def acquire(self) -> InstanceLock:
        """Take the lock or raise :class:`DatabaseInUseError` (never waits)."""
        with _registry_guard:
            held = _held.get(self.db_path)
            if held is not None:
                held.count += 1
                self._released = False
                return self
            path = lock_path_for(self.db_path)
            try:
                handle = open(path, "a+b")  # noqa: SIM115 - kept open while the lock is held
            except OSError as exc:
                raise DatabaseReadOnlyError(
                    _(
                        "Ansvarsgruppe cannot write in the folder of {path}. "
                        "Choose a folder you can write to; nothing has been changed."
                    ).format(path=self.db_path)
                ) from exc
            if not _try_os_lock(handle):
                handle.close()
                raise DatabaseInUseError(
                    _(
                        "The database {path} is already open in another Ansvarsgruppe window or command. "
                        "Close it there first; nothing has been changed."
                    ).format(path=self.db_path)
                )
            try:
                handle.seek(0)
                handle.truncate()
                handle.write(f"{os.getpid()}\n".encode("ascii"))
                handle.flush()
            except OSError:
                pass  # the OS lock is what counts; the pid is only a hint for a human
            _held[self.db_path] = _HeldLock(handle)
            self._released = False
            return self

    def release(self) -> None:
        """Give the lock back (idempotent). The lock file stays; the OS lock is what counts."""
        if self._released:
            return
        self._released = True
        with _registry_guard:
            held = _held.get(self.db_path)
            if held is None:
                return
            held.count -= 1
            if held.count > 0:
                return
            del _held[self.db_path]
            try:
                _os_unlock(held.handle)
            finally:
                held.handle.close()

    @property
    def is_held(self) -> bool:
        return not self._released

    def __enter__(self) -> InstanceLock:
        return self.acquire()

    def __exit__(self, *_exc: object) -> None:
        self.release()


def is_locked_elsewhere(db_path: Path) -> bool:
    """True when another process holds the lock (a probe that takes and drops it at once)."""
    key = _key(db_path)
    with _registry_guard:
        if key in _held:
            return False
    path = lock_path_for(key)
    if not path.exists():
        return False
    try:
        handle = open(path, "a+b")  # noqa: SIM115
    except OSError:
        return False
    try:
        if _try_os_lock(handle):
            _os_unlock(handle)
            return False
        return True
    finally:
        handle.close()
