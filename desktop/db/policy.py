"""Process-wide policy the GUI sets at start-up: the single-instance lock, passphrases, damage.

The command line sets none of these. The settings are module attributes read when they are
needed (``policy._exclusive_by_default``), so a test that patches them here changes what
:meth:`~desktop.db.database.Database.open` and :func:`_report_damage` see.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from desktop.errors import DatabaseDamagedError, DatabaseError

log = logging.getLogger(__name__)

PassphraseProvider = Callable[[Path], str | None]
DamageListener = Callable[[Path, DatabaseDamagedError], None]

_passphrase_provider: PassphraseProvider | None = None
_exclusive_by_default = False
_damage_listener: DamageListener | None = None


def set_exclusive_by_default(exclusive: bool) -> None:
    """Make every later ``Database.open`` take the single-instance lock (the GUI process does)."""
    global _exclusive_by_default
    _exclusive_by_default = exclusive


def set_passphrase_provider(provider: PassphraseProvider | None) -> None:
    """A callback asked for the passphrase when an encrypted file is opened without one (GUI)."""
    global _passphrase_provider
    _passphrase_provider = provider


def set_damage_listener(listener: DamageListener | None) -> None:
    """A callback told whenever an open database turns out to be damaged (GUI: the backup offer).

    Called from the thread that met the damage, after the error has been translated and before it
    is raised; the caller still gets the :class:`DatabaseDamagedError`.
    """
    global _damage_listener
    _damage_listener = listener


def _report_damage(path: Path, error: DatabaseError) -> None:
    """Tell the damage listener, if one is set and ``error`` is damage; never raises itself."""
    if isinstance(error, DatabaseDamagedError) and _damage_listener is not None:
        try:
            _damage_listener(Path(path), error)
        except Exception:  # noqa: BLE001 - the listener must never hide the error itself
            log.exception("damage listener failed")
