"""The translated words for a file Ansvarsgruppe refuses, or cannot use.

Each message names the file and says what happened to it (nothing, as a rule). None includes
SQL or data: an SQLite message may quote stored text, so it is never shown.
"""

from __future__ import annotations

from pathlib import Path

from desktop.errors import DatabaseError, DatabaseTooNewError, NotAnAnsvarsgruppeDatabaseError
from desktop.i18n import _


def _no_database(path: Path) -> DatabaseError:
    return DatabaseError(_("No database at {path}.").format(path=path))


def damaged_message(path: Path) -> str:
    return _(
        "The database {path} is damaged and cannot be used as it is. The file has not been changed."
    ).format(path=path)


def _read_only_message(path: Path) -> str:
    return _(
        "The database {path} is read-only (or its folder is). "
        "Ansvarsgruppe needs to write to it; nothing has been changed."
    ).format(path=path)


def _too_new(path: Path) -> DatabaseTooNewError:
    return DatabaseTooNewError(
        _(
            "The database {path} was made by a newer version of Ansvarsgruppe. "
            "Update the application; the file has not been changed."
        ).format(path=path)
    )


def _not_ours(path: Path) -> NotAnAnsvarsgruppeDatabaseError:
    return NotAnAnsvarsgruppeDatabaseError(
        _(
            "The file {path} is not an Ansvarsgruppe database, or it is encrypted and needs its passphrase. "
            "The file has not been changed."
        ).format(path=path)
    )


def _not_a_database(path: Path) -> NotAnAnsvarsgruppeDatabaseError:
    """For a file that is certainly not a database (text, PDF, Office …): no talk of passphrases."""
    return NotAnAnsvarsgruppeDatabaseError(
        _("The file {path} is not an Ansvarsgruppe database. The file has not been changed.").format(
            path=path
        )
    )


def _empty_file(path: Path) -> NotAnAnsvarsgruppeDatabaseError:
    return NotAnAnsvarsgruppeDatabaseError(
        _(
            "The file {path} is empty: it is not an Ansvarsgruppe database. The file has not been changed."
        ).format(path=path)
    )
