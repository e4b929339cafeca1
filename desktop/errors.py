"""Expected failures. Their messages are already translated and never contain case content."""

from __future__ import annotations


class UserError(Exception):
    """An expected failure: shown to the user as one line, never as a traceback."""


class DatabaseError(UserError):
    """The database file cannot be used as it is; the file is left untouched."""


class DatabaseTooNewError(DatabaseError):
    """The file was written by a newer version of the application."""


class NotFoundError(UserError):
    """A case, meeting or task id that does not exist."""


class NotAnAnsvarsgruppeDatabaseError(DatabaseError):
    """Not an SQLite file, or an SQLite file of another program (or encrypted, without its passphrase)."""


class DatabaseDamagedError(DatabaseError):
    """SQLite reports a malformed file: the integrity check fails or pages cannot be read."""


class DatabaseReadOnlyError(DatabaseError):
    """The file or its folder cannot be written to."""


class DatabaseLockedError(DatabaseError):
    """Another program holds SQLite's lock on the file longer than the busy timeout."""


class DatabaseInUseError(DatabaseError):
    """Another Ansvarsgruppe window or command has this file open for writing (single-instance lock)."""


class DiskFullError(DatabaseError):
    """The disk (or the file's size limit) is full; the last change was not saved."""


class WrongPassphraseError(DatabaseError):
    """The file is encrypted and the passphrase does not open it (or none was given)."""


class BackupError(UserError):
    """A backup could not be written, or a file offered for restore is not a usable backup."""


class ImmutableVersionError(UserError):
    """Someone tried to change a signed version of the minutes."""


class RecordsKeptError(UserError):
    """A case with signed minutes (or a purged case) cannot be deleted: close it, purge it later."""
