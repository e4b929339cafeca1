"""Schema revisions and the migration at start-up (Alembic).

Whether a file is at head is read from the revision files themselves, without importing Alembic
(slow, and only needed when the schema changes). :func:`migrate_to_head` imports it, backs the
file up first, and refuses a file written by a newer version.
"""

from __future__ import annotations

import functools
import logging
import re
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.db.backups import backup_file_name, online_backup
from desktop.db.file_kind import _ensure_sqlite_file
from desktop.db.messages import _too_new
from desktop.db.sqlite_errors import _message_for
from desktop.errors import DatabaseError
from desktop.i18n import _

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"

_REVISION_RE = re.compile(r"^revision(?:\s*:\s*str)?\s*=\s*[\"']([^\"']+)[\"']", re.MULTILINE)
_DOWN_RE = re.compile(r"^down_revision(?:\s*:[^=]+)?\s*=\s*(?:[\"']([^\"']+)[\"']|None)", re.MULTILINE)


def _alembic_config(engine: Engine) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["engine"] = engine
    return cfg


@functools.cache
def _revision_graph() -> dict[str, str | None]:
    """revision -> down_revision, read from the version files without importing Alembic.

    Importing Alembic is slow; start-up only needs to know whether the file is at head.
    ``tests/migrations`` checks that this agrees with Alembic's own view.
    """
    graph: dict[str, str | None] = {}
    for file in sorted((MIGRATIONS_DIR / "versions").glob("*.py")):
        text = file.read_text(encoding="utf-8")
        revision, down = _REVISION_RE.search(text), _DOWN_RE.search(text)
        if revision is not None and down is not None:
            graph[revision.group(1)] = down.group(1)
    return graph


@functools.cache
def head_revision() -> str:
    graph = _revision_graph()
    heads = set(graph) - {down for down in graph.values() if down}
    assert len(heads) == 1, heads
    return heads.pop()


@functools.cache
def known_revisions() -> frozenset[str]:
    return frozenset(_revision_graph())


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def migrate_to_head(db_path: Path, engine: Engine, *, passphrase: str | None = None) -> Path | None:
    """Bring the file to the newest schema; return the backup taken first, if any.

    A file whose revision this build does not know was written by a newer version: it is refused
    and left exactly as it was. Before an upgrade the file is copied to ``backups/``.
    """
    import sqlalchemy as sa
    from alembic import command
    from alembic.script import ScriptDirectory

    if passphrase is None:
        _ensure_sqlite_file(db_path)
    cfg = _alembic_config(engine)
    script = ScriptDirectory.from_config(cfg)
    head = script.get_current_head()
    try:
        current = current_revision(engine)
    except sa.exc.DatabaseError as exc:
        raise _message_for(exc, db_path, encrypted=bool(passphrase)) from exc
    if current == head:
        return None
    if current is not None and current not in {r.revision for r in script.walk_revisions()}:
        raise _too_new(db_path)
    backup = None if current is None else _backup_before(db_path, head, passphrase)
    try:
        command.upgrade(cfg, "head")
    except sa.exc.DBAPIError as exc:
        raise DatabaseError(
            _("The database {path} could not be updated (read-only, locked or disk full).").format(
                path=db_path
            )
        ) from exc
    log.info("database schema upgraded from %s to %s", current or "empty", head)
    return backup


def _backup_before(db_path: Path, head: str | None, passphrase: str | None) -> Path:
    """The copy in ``backups/`` taken before an upgrade to ``head``; none is left if it fails."""
    backup = backup_file_name(db_path, f"before-{head}")
    try:
        backup.parent.mkdir(exist_ok=True)
        online_backup(db_path, backup, passphrase=passphrase)
    except (OSError, sqlite3.Error, DatabaseError) as exc:
        backup.unlink(missing_ok=True)
        if isinstance(exc, DatabaseError):
            raise
        raise _message_for(exc, db_path, encrypted=bool(passphrase)) from exc
    return backup
