"""One writer per database file: OS locks on the file's *identity*, not on the path as typed.

A database can be reached by more than one path: a relative and an absolute path, a symbolic link,
a hard link (another name for the same inode, in any folder of the same file system). Two writers
through two names would each keep their own ``-wal`` file for a hard link and break the file, so
the lock is taken on two keys, and both must be free:

* the **resolved path** (symbolic links followed): ``<real file>.lock`` next to the real file, so
  a symlink and its target find the same lock file, for every user who can write that folder;
* the **device and inode** (``st_dev``/``st_ino``), which every hard link shares: a lock file
  ``<dev>-<ino>.lock`` in the per-user ``locks/`` folder of the data folder. It is taken when the
  file exists; :meth:`InstanceLock.refresh` adds the key of a file created (or replaced by a
  restore) while the lock is held.

The locks are taken with ``fcntl.flock`` (POSIX) or ``msvcrt.locking`` (Windows). The operating
system drops them when the process ends, also on a crash or ``kill -9``, so a stale lock file never
blocks the next start. Inside one process the lock is reference-counted (by either key): the GUI may
close and reopen the same file (switching databases, the demo) without locking itself out.

The lock files hold only the process id; never a name or anything from the case data.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from desktop.errors import DatabaseInUseError, DatabaseReadOnlyError
from desktop.i18n import _

log = logging.getLogger(__name__)

LOCK_SUFFIX = ".lock"
LOCKS_DIR_NAME = "locks"

Identity = tuple[int, int]

_registry_guard = threading.Lock()
_held: dict[Path, _HeldLock] = {}
_by_identity: dict[Identity, Path] = {}


@dataclass
class _HeldLock:
    handle: IO[bytes]
    identities: dict[Identity, IO[bytes]] = field(default_factory=dict)
    count: int = field(default=1)


def real_path(db_path: Path) -> Path:
    """The file ``db_path`` names, with every symbolic link followed (also a missing file's folder)."""
    return Path(os.path.realpath(os.path.abspath(db_path)))


def lock_path_for(db_path: Path) -> Path:
    """The path lock file, next to the real file (a symlink's target, not the link)."""
    real = real_path(db_path)
    return real.with_name(real.name + LOCK_SUFFIX)


def file_identity(db_path: Path) -> Identity | None:
    """``(st_dev, st_ino)`` of the file (shared by all its hard links); None when there is none."""
    try:
        st = os.stat(db_path)
    except OSError:
        return None
    if not st.st_ino:  # a file system without inode numbers: the path lock is all there is
        return None
    return (st.st_dev, st.st_ino)


def identity_lock_path(identity: Identity) -> Path:
    from desktop.paths import data_dir

    return data_dir() / LOCKS_DIR_NAME / f"{identity[0]}-{identity[1]}{LOCK_SUFFIX}"


def _key(db_path: Path) -> Path:
    return real_path(db_path)


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


def _write_pid(handle: IO[bytes]) -> None:
    try:
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n".encode("ascii"))
        handle.flush()
    except OSError:
        pass  # the OS lock is what counts; the pid is only a hint for a human


def _in_use(db_path: Path) -> DatabaseInUseError:
    return DatabaseInUseError(
        _(
            "The database {path} is already open in another Ansvarsgruppe window or command. "
            "Close it there first; nothing has been changed."
        ).format(path=db_path)
    )


def _same_file(handle: IO[bytes], path: Path) -> bool:
    """The locked handle is still the file at ``path`` (not one unlinked by its last holder)."""
    if sys.platform == "win32":  # pragma: no cover - an open file cannot be unlinked there
        return True
    try:
        mine, now = os.fstat(handle.fileno()), os.stat(path)
    except OSError:
        return False
    return (mine.st_dev, mine.st_ino) == (now.st_dev, now.st_ino)


def _lock_identity(identity: Identity, db_path: Path) -> IO[bytes] | None:
    """The identity lock (or :class:`DatabaseInUseError`); None when its folder cannot be written.

    Identity lock files are removed by their last holder (there would be one per inode ever
    opened otherwise), so a lock taken on a file that was unlinked meanwhile is retried.
    """
    path = identity_lock_path(identity)
    for _attempt in range(5):
        try:
            path.parent.mkdir(exist_ok=True)
            handle = open(path, "a+b")  # noqa: SIM115 - kept open while the lock is held
        except OSError:
            log.warning("the identity lock could not be taken; the path lock still holds")
            return None
        if not _try_os_lock(handle):
            handle.close()
            raise _in_use(db_path)
        if _same_file(handle, path):
            _write_pid(handle)
            return handle
        _os_unlock(handle)
        handle.close()
    raise _in_use(db_path)  # pragma: no cover - five races in a row


def _drop_identity(identity: Identity, handle: IO[bytes]) -> None:
    try:
        if sys.platform != "win32":
            identity_lock_path(identity).unlink(missing_ok=True)  # still locked: nobody else has it
    except OSError:
        pass
    finally:
        try:
            _os_unlock(handle)
        finally:
            handle.close()


class InstanceLock:
    """The single-writer lock of one database file; use as a context manager or call release()."""

    def __init__(self, db_path: Path) -> None:
        self.given_path = Path(db_path)
        self.db_path = _key(db_path)
        self._released = True

    def acquire(self) -> InstanceLock:
        """Take the lock or raise :class:`DatabaseInUseError` (never waits)."""
        identity = file_identity(self.db_path)
        with _registry_guard:
            key = self.db_path if self.db_path in _held else _by_identity.get(identity) if identity else None
            if key is not None:  # this process holds it already, under this or another name
                _held[key].count += 1
                self.db_path = key
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
                    ).format(path=self.given_path)
                ) from exc
            if not _try_os_lock(handle):
                handle.close()
                raise _in_use(self.given_path)
            held = _HeldLock(handle)
            if identity is not None:
                try:
                    identity_handle = _lock_identity(identity, self.given_path)
                except BaseException:
                    _os_unlock(handle)
                    handle.close()
                    raise
                if identity_handle is not None:
                    held.identities[identity] = identity_handle
                    _by_identity[identity] = self.db_path
            _write_pid(handle)
            _held[self.db_path] = held
            self._released = False
            return self

    def refresh(self) -> None:
        """Add the identity key of the file now at the path (created, or replaced by a restore).

        Raises :class:`DatabaseInUseError` when another process holds that identity (a hard link
        made to a new file while this process held only its path).
        """
        if self._released:
            return
        identity = file_identity(self.db_path)
        if identity is None:
            return
        with _registry_guard:
            held = _held.get(self.db_path)
            if held is None or identity in held.identities:
                return
            if identity in _by_identity:
                return  # held by this process under another name: that holder keeps it
            handle = _lock_identity(identity, self.given_path)
            if handle is not None:
                held.identities[identity] = handle
                _by_identity[identity] = self.db_path

    def release(self) -> None:
        """Give the lock back (idempotent). The path lock file stays; the OS lock is what counts."""
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
            # Giving a lock back never fails the caller: on a full disk closing the lock file can
            # raise, and the OS drops the lock with the handle (or the process) anyway.
            for identity, handle in held.identities.items():
                _by_identity.pop(identity, None)
                with contextlib.suppress(OSError):
                    _drop_identity(identity, handle)
            with contextlib.suppress(OSError):
                _os_unlock(held.handle)
            with contextlib.suppress(OSError):
                held.handle.close()

    @property
    def is_held(self) -> bool:
        return not self._released

    def __enter__(self) -> InstanceLock:
        return self.acquire()

    def __exit__(self, *_exc: object) -> None:
        self.release()


def _locked_by_other(path: Path) -> bool:
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


def is_locked_elsewhere(db_path: Path) -> bool:
    """True when another process holds the lock, by path or by identity (a probe that takes and
    drops each lock at once)."""
    key = _key(db_path)
    identity = file_identity(key)
    with _registry_guard:
        if key in _held or (identity is not None and identity in _by_identity):
            return False
    if _locked_by_other(lock_path_for(key)):
        return True
    return identity is not None and _locked_by_other(identity_lock_path(identity))
