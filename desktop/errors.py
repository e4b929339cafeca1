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
