"""The SQLite database: engine, start-up migration, integrity check.

One file per installation (or per ``--db``). WAL journal and foreign keys are switched on for
every connection. Alembic is imported lazily: it is only needed when the schema changes.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.pool import NullPool
from sqlmodel import Session

import desktop.models  # noqa: F401  (registers the tables)
from desktop.errors import DatabaseError, DatabaseTooNewError
from desktop.i18n import _

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
BUSY_TIMEOUT_MS = 5000


def _on_connect(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_engine(db_path: Path) -> Engine:
    """An engine for ``db_path`` (created on first write). NullPool: one connection per Session."""
    engine = sa.create_engine(f"sqlite:///{db_path}", poolclass=NullPool)
    event.listen(engine, "connect", _on_connect)
    return engine


def _alembic_config(engine: Engine) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["engine"] = engine
    return cfg


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_alembic_config(sa.create_engine("sqlite://"))).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def _ensure_sqlite_file(db_path: Path) -> None:
    """Refuse anything that is not an SQLite file before touching it (a PDF, a Word file, …)."""
    if not db_path.exists() or db_path.stat().st_size == 0:
        return
    with db_path.open("rb") as fh:
        header = fh.read(16)
    if header != b"SQLite format 3\x00":
        raise DatabaseError(_("The file {path} is not an Ansvarsgruppe database.").format(path=db_path))


def migrate_to_head(db_path: Path, engine: Engine) -> Path | None:
    """Bring the file to the newest schema; return the backup taken first, if any.

    A file whose revision this build does not know was written by a newer version: it is refused
    and left exactly as it was.
    """
    from alembic import command
    from alembic.script import ScriptDirectory

    _ensure_sqlite_file(db_path)
    cfg = _alembic_config(engine)
    script = ScriptDirectory.from_config(cfg)
    head = script.get_current_head()
    try:
        current = current_revision(engine)
    except sa.exc.DatabaseError as exc:
        raise DatabaseError(
            _("The database {path} cannot be read: it may be damaged.").format(path=db_path)
        ) from exc
    if current == head:
        return None
    if current is not None and current not in {r.revision for r in script.walk_revisions()}:
        raise DatabaseTooNewError(
            _(
                "The database {path} was made by a newer version of Ansvarsgruppe. "
                "Update the application; the file has not been changed."
            ).format(path=db_path)
        )
    backup = None
    if current is not None:
        stamp = datetime.now().strftime("%Y%m%d%H%M%S")
        backup = db_path.with_name(f"{db_path.stem}-before-{head}-{stamp}.db")
        online_backup(db_path, backup)
    try:
        command.upgrade(cfg, "head")
    except sa.exc.OperationalError as exc:
        raise DatabaseError(
            _("The database {path} could not be updated (read-only, locked or disk full).").format(
                path=db_path
            )
        ) from exc
    return backup


def online_backup(source: Path, target: Path) -> None:
    """Copy a live database with SQLite's backup API (safe with WAL, unlike a file copy)."""
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    dst.close()
    src.close()


@dataclass(frozen=True)
class CheckResult:
    integrity: str
    revision: str | None
    head: str

    @property
    def is_sound(self) -> bool:
        return self.integrity == "ok" and self.revision == self.head


def check_database(db_path: Path) -> CheckResult:
    """``PRAGMA integrity_check`` plus the schema revision, without changing the file."""
    if not db_path.exists():
        raise DatabaseError(_("No database at {path}.").format(path=db_path))
    _ensure_sqlite_file(db_path)
    try:
        with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True) as conn:
            rows = conn.execute("PRAGMA integrity_check").fetchall()
            has_version = conn.execute(
                "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'"
            ).fetchone()
            revision = (
                conn.execute("SELECT version_num FROM alembic_version").fetchone() if has_version else None
            )
        conn.close()
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(
            _("The database {path} cannot be read: it may be damaged.").format(path=db_path)
        ) from exc
    integrity = "; ".join(str(r[0]) for r in rows)
    return CheckResult(integrity=integrity, revision=revision[0] if revision else None, head=head_revision())


class Database:
    """An open, migrated database file. Services take one of these."""

    def __init__(self, path: Path, engine: Engine) -> None:
        self.path = path
        self.engine = engine

    @classmethod
    def open(cls, path: Path, *, create: bool = True) -> Database:
        """Open (and migrate) ``path``; with ``create=False`` a missing file is an error."""
        path = Path(path)
        if not path.exists() and not create:
            raise DatabaseError(_("No database at {path}.").format(path=path))
        if not path.parent.exists():
            raise DatabaseError(_("The folder {path} does not exist.").format(path=path.parent))
        engine = make_engine(path)
        migrate_to_head(path, engine)
        return cls(path, engine)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A short-lived Session that commits on success and rolls back on error."""
        with Session(self.engine, expire_on_commit=False) as session:
            try:
                yield session
                session.commit()
            except Exception:
                session.rollback()
                raise

    def dispose(self) -> None:
        self.engine.dispose()
