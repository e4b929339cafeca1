"""The SQLite database: engine, start-up checks and migration, backups, optional encryption.

One file per installation (or per ``--db``). WAL journal and foreign keys are switched on for
every connection. Alembic is imported lazily: it is only needed when the schema changes. Before
anything writes to an existing file it is probed read-only, and a file Ansvarsgruppe must not
write to is refused with a translated message and left exactly as it was. With a passphrase the
file is opened through SQLCipher (``sqlcipher3``): every page, the WAL and the backups are
encrypted. Raw SQL lives here (and in the search service), nowhere else; nothing here imports Qt.

The modules, from the bottom up:

- ``policy``: what the GUI sets for the whole process (lock by default, passphrase dialog,
  damage listener).
- ``engine``: connections and their PRAGMAs, the SQLCipher key, :func:`make_engine`.
- ``messages``: the translated refusals; ``file_kind``: plain SQLite, encrypted or foreign, from
  the first bytes; ``sqlite_errors``: which SQLite errors mean damage, and their words.
- ``files``: durable writes, permissions; ``backups``: backup names and :func:`online_backup`.
- ``schema``: revisions and :func:`migrate_to_head`.
- ``integrity``: the check at open, the deferred whole-file check, the ``check`` command.
- ``probe``: :func:`probe_database`, the read-only look before any write.
- ``pragmas``: secure delete and WAL checkpoints for the services.
- ``encryption``: :func:`encrypt_database`.
- ``database``: :class:`Database`, opening a file, and the bulk writer.

Everything callers use is re-exported here. A test that patches a setting or a function must
patch the module that reads it (``desktop.db.engine.BUSY_TIMEOUT_MS``), not this package. Names
with a leading underscore are the package's own, shared between its modules.
"""

from desktop.db.backups import backup_file_name, backups_dir, online_backup
from desktop.db.database import Database, bulk_write_connection
from desktop.db.encryption import MIN_PASSPHRASE_LENGTH, EncryptionResult, encrypt_database
from desktop.db.engine import connect_raw, data_layer_loaded, make_engine
from desktop.db.file_kind import APPLICATION_ID, is_encrypted, is_plain_sqlite
from desktop.db.files import PART_SUFFIX, fsync_file, fsync_folder, real_file, remove_part
from desktop.db.integrity import (
    QUICK_CHECK_MAX_BYTES,
    CheckResult,
    check_database,
    check_integrity,
    explain_database_error,
)
from desktop.db.messages import damaged_message
from desktop.db.policy import set_damage_listener, set_exclusive_by_default, set_passphrase_provider
from desktop.db.pragmas import checkpoint_file, checkpoint_wal, secure_delete
from desktop.db.probe import ProbeResult, probe_database
from desktop.db.schema import (
    _alembic_config,
    current_revision,
    head_revision,
    known_revisions,
    migrate_to_head,
)
from desktop.db.sqlite_errors import _message_for, is_damage, is_sqlite_error, is_translated

__all__ = [
    "APPLICATION_ID",
    "MIN_PASSPHRASE_LENGTH",
    "PART_SUFFIX",
    "QUICK_CHECK_MAX_BYTES",
    "CheckResult",
    "Database",
    "EncryptionResult",
    "ProbeResult",
    "_alembic_config",
    "damaged_message",
    "_message_for",
    "backup_file_name",
    "backups_dir",
    "bulk_write_connection",
    "check_database",
    "check_integrity",
    "checkpoint_file",
    "checkpoint_wal",
    "connect_raw",
    "current_revision",
    "data_layer_loaded",
    "encrypt_database",
    "explain_database_error",
    "fsync_file",
    "fsync_folder",
    "head_revision",
    "is_damage",
    "is_encrypted",
    "is_plain_sqlite",
    "is_sqlite_error",
    "is_translated",
    "known_revisions",
    "make_engine",
    "migrate_to_head",
    "online_backup",
    "probe_database",
    "real_file",
    "remove_part",
    "secure_delete",
    "set_damage_listener",
    "set_exclusive_by_default",
    "set_passphrase_provider",
]
