"""The open database: :class:`Database`, which every service takes, and how a file is opened.

Opening a file: check where it is, ask for its passphrase if it is encrypted, take the
single-instance lock, probe it read-only (:func:`~desktop.db.probe.probe_database`), mark a new
file as ours, and migrate it when it is behind (:func:`~desktop.db.schema.migrate_to_head`).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.db import policy
from desktop.db.engine import connect_raw, make_engine
from desktop.db.file_kind import APPLICATION_ID, is_encrypted
from desktop.db.files import make_private
from desktop.db.messages import _empty_file, _no_database, _not_a_database, _not_ours, damaged_message
from desktop.db.probe import ProbeResult, probe_database
from desktop.db.schema import head_revision, migrate_to_head
from desktop.db.sqlite_errors import _message_for, is_translated
from desktop.errors import (
    DatabaseDamagedError,
    DatabaseError,
    NotAnAnsvarsgruppeDatabaseError,
    WrongPassphraseError,
)
from desktop.i18n import _

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine
    from sqlmodel import Session

    from desktop.services.instance_lock import InstanceLock

log = logging.getLogger(__name__)


class Database:
    """An open, migrated database file. Services take one of these.

    ``passphrase`` is kept so that backups can be encrypted with it; it is never logged.
    """

    def __init__(
        self,
        path: Path,
        engine: Engine | None = None,
        *,
        passphrase: str | None = None,
        lock: Any = None,
        read_only: bool = False,
        revision: str | None = None,
    ) -> None:
        self.path = path
        self._engine = engine
        self.passphrase = passphrase
        self._lock = lock
        self.read_only = read_only
        #: The schema revision found by a read-only open (None otherwise: a writable open migrates).
        self.revision = revision
        self._engine_lock = threading.Lock()

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine, made on first use (importing SQLAlchemy and the tables is slow)."""
        with self._engine_lock:
            if self._engine is None:
                self._engine = make_engine(self.path, self.passphrase, read_only=self.read_only)
            return self._engine

    def warm_up(self) -> None:
        """Import SQLAlchemy, SQLModel and the tables and make the engine, ahead of first use.

        The GUI runs this on a thread once the event loop runs, after that thread has imported the
        data layer (``start_warm_up`` in ``desktop/ui/data_layer.py``); it reads nothing and
        writes nothing.
        """
        from sqlalchemy.orm import configure_mappers

        _ = self.engine
        configure_mappers()

    def _translate(self, exc: BaseException) -> DatabaseError:
        """The translated error for an SQLite error met in use; damage is told to the listener."""
        error = _message_for(exc, self.path, encrypted=self.is_encrypted)
        if isinstance(error, NotAnAnsvarsgruppeDatabaseError):  # it was ours when it opened
            error = DatabaseDamagedError(damaged_message(self.path))
        policy._report_damage(self.path, error)
        return error

    #: False when the open made only the cheap checks (a large file): see :func:`check_integrity`.
    integrity_checked = True
    #: Set once damage was found in use: no more automatic backups of this file (they would push
    #: good copies out of the rotation).
    damage_found = False

    def __repr__(self) -> str:  # never show the passphrase
        return f"Database({str(self.path)!r}, encrypted={self.is_encrypted})"

    @property
    def is_encrypted(self) -> bool:
        return bool(self.passphrase)

    @property
    def holds_lock(self) -> bool:
        return self._lock is not None and self._lock.is_held

    @classmethod
    def open(
        cls,
        path: Path,
        *,
        create: bool = True,
        passphrase: str | None = None,
        exclusive: bool | None = None,
        read_only: bool = False,
        adopt_empty: bool = False,
    ) -> Database:
        """Open (and migrate) ``path``; with ``create=False`` a missing file is an error.

        A missing file is created (``create``). An existing file with nothing in it (0 bytes, or
        an SQLite file without tables) is refused unless ``adopt_empty``: the caller asked the user
        (GUI), or it is the application's own file in its data folder. A new file gets our
        ``application_id`` before anything else, so that a first start cut short is recognised.

        ``read_only`` (the commands that only read): no lock, no migration, nothing created; the
        file is only read (``mode=ro``), whatever its schema revision (see ``Database.revision``).

        The file is first probed read-only (see :func:`probe_database`). ``exclusive`` takes the
        single-instance lock (default: the process-wide policy, on in the GUI); another process
        holding it gives :class:`~desktop.errors.DatabaseInUseError`. An encrypted file opened
        without a passphrase asks the passphrase provider (the GUI's dialog), if one is set.
        """
        path = Path(path)
        new_file = _check_location(path, create=create, adopt_empty=adopt_empty)
        passphrase = _passphrase_for(path, passphrase)
        if read_only:
            return cls._open_read_only(path, passphrase)
        if exclusive is None:
            exclusive = policy._exclusive_by_default
        lock = _take_lock(path) if exclusive else None
        try:
            probe, engine = _probe_and_migrate(path, passphrase, adopt_empty=adopt_empty, lock=lock)
        except BaseException:
            if lock is not None:
                lock.release()
            raise
        if new_file:
            make_private(path)
        log.info("database opened (encrypted=%s, exclusive=%s)", bool(passphrase), bool(exclusive))
        db = cls(path, engine, passphrase=passphrase, lock=lock)
        db.integrity_checked = probe.integrity_checked
        return db

    @classmethod
    def _open_read_only(cls, path: Path, passphrase: str | None) -> Database:
        if not path.exists():
            raise _no_database(path)
        probe = probe_database(path, passphrase=passphrase, writable=False)
        if not probe.exists:  # an empty file
            raise _not_a_database(path)
        if probe.revision is None:
            raise _not_ours(path)
        log.info("database opened read-only (encrypted=%s)", bool(passphrase))
        return cls(path, passphrase=passphrase, read_only=True, revision=probe.revision)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A short-lived Session that commits on success and rolls back on error.

        A full disk, a read-only or a locked file becomes a translated :class:`DatabaseError`
        (the transaction is rolled back, so what was saved before stays intact).
        """
        import sqlalchemy as sa
        from sqlmodel import Session

        with Session(self.engine, expire_on_commit=False) as session:
            try:
                yield session
                session.commit()
            except sa.exc.DatabaseError as exc:  # OperationalError and the "malformed" ones
                try:
                    session.rollback()
                except sa.exc.DatabaseError:  # a damaged file may fail the rollback too
                    log.info("rollback failed after a database error")
                if exc.orig is not None and is_translated(exc.orig):
                    raise self._translate(exc.orig) from exc
                from desktop.models.records import records_refusal  # the triggers of migration 0008

                if (refusal := records_refusal(exc.orig)) is not None:
                    raise refusal from exc
                raise
            except BaseException:
                session.rollback()
                raise

    def close_connections(self) -> None:
        """Close every open connection (before the file is replaced); later use reopens them."""
        if self._engine is not None:
            self._engine.dispose()

    def dispose(self) -> None:
        """Close every connection and give the single-instance lock back."""
        self.close_connections()
        if self._lock is not None:
            self._lock.release()


# --------------------------------------------------------------------------------------------
# The steps of Database.open


def _check_location(path: Path, *, create: bool, adopt_empty: bool) -> bool:
    """Refuse a missing file (unless ``create``), an empty one not to adopt, a missing folder.

    Returns whether the file is new (absent, or 0 bytes and adopted).
    """
    if not path.exists() and not create:
        raise _no_database(path)
    empty_file = path.exists() and path.stat().st_size == 0
    new_file = not path.exists() or empty_file
    if empty_file and not (create and adopt_empty):  # a failed copy, `touch`: not ours to fill
        raise _empty_file(path)
    if not path.parent.exists():
        raise DatabaseError(_("The folder {path} does not exist.").format(path=path.parent))
    return new_file


def _passphrase_for(path: Path, passphrase: str | None) -> str | None:
    """The passphrase to open ``path`` with: the one given, else the provider's for an encrypted
    file (none given there is refused); an empty one counts as none."""
    provider = policy._passphrase_provider
    if passphrase is None and provider is not None and is_encrypted(path):
        passphrase = provider(path)
        if passphrase is None:
            raise WrongPassphraseError(
                _("The database {path} is encrypted; no passphrase was given.").format(path=path)
            )
    return passphrase or None


def _take_lock(path: Path) -> InstanceLock:
    from desktop.services.instance_lock import InstanceLock

    return InstanceLock(path).acquire()


def _probe_and_migrate(
    path: Path, passphrase: str | None, *, adopt_empty: bool, lock: InstanceLock | None
) -> tuple[ProbeResult, Engine | None]:
    """Probe the file, mark a new one as ours, and migrate it when it is behind.

    Returns the probe and the engine made for the migration (None at head: Alembic is not even
    loaded). On failure the engine is disposed of; the caller releases the lock.
    """
    probe = probe_database(path, passphrase=passphrase, adopt_blank=adopt_empty)
    engine = None
    try:
        if probe.revision is None:
            _mark_as_ours(path, passphrase)
        if probe.revision != head_revision():  # at head: no need to load Alembic at all
            engine = make_engine(path, passphrase)
            migrate_to_head(path, engine, passphrase=passphrase)
        if lock is not None:
            lock.refresh()  # a file created just now: its identity (hard links) is locked too
    except BaseException:
        if engine is not None:
            engine.dispose()
        raise
    return probe, engine


def _mark_as_ours(path: Path, passphrase: str | None) -> None:
    """Write our ``application_id`` into a new (or blank) file: its first write, before the schema.

    One small transaction (the file's first page); the migration that follows creates the tables
    in one more. A start cut short in between leaves a file that is recognisably ours.
    """
    try:
        conn = connect_raw(path, passphrase=passphrase)
        try:
            if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
                conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                conn.commit()
        finally:
            conn.close()
    except Exception as exc:  # noqa: BLE001 - sqlite3 and sqlcipher3 errors
        raise _message_for(exc, path, encrypted=bool(passphrase)) from exc
    make_private(path)


@contextmanager
def bulk_write_connection(db: Database) -> Iterator[Any]:
    """A SQLAlchemy connection for writing a whole new file at once (the large demo generator).

    No fsync per write (``synchronous=OFF``: a crash loses the file being generated, nothing
    else) and a 64 MB page cache; ``PRAGMA optimize`` when the block ends without error. The
    connection is not given back to the pool afterwards: no later session may commit without fsync.
    """
    with db.engine.connect() as connection:
        try:
            connection.exec_driver_sql("PRAGMA synchronous=OFF")
            connection.exec_driver_sql("PRAGMA cache_size=-65536")
            connection.commit()
            yield connection
            connection.exec_driver_sql("PRAGMA optimize")
            connection.commit()
        finally:
            connection.invalidate()  # closed, not pooled
