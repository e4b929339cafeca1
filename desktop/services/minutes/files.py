"""Minutes files on disk: their names, and writing them so that no one else can read them.

Every file that holds health data (minutes, copies, the notice and its ``.ics``) is written to
``<name>.part``, synced and renamed, readable by the user only (0600): a crash never leaves half
a file under the real name. A full disk is a translated :class:`UserError`.
"""

from __future__ import annotations

import errno
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from desktop.errors import UserError
from desktop.i18n import _


def safe_reference(reference: str) -> str:
    """The case reference as it may appear in a file name (letters, digits, dash)."""
    cleaned = re.sub(r"[^A-Za-z0-9-]+", "-", reference).strip("-")
    return cleaned or "sak"


def minutes_file_name(reference: str, day: date, version: int) -> str:
    return f"referat-{safe_reference(reference)}-{day.isoformat()}-v{version}.pdf"


def check_output(path: Path) -> None:
    """Refuse a target the minutes must not be written to, before anything is made or stored.

    Overwriting an earlier export is fine; overwriting anything else is not: ``--out`` pointing
    at the database or the signing key by mistake would destroy it.
    """
    path = Path(path)
    if not path.parent.is_dir():
        raise UserError(_("The folder {path} does not exist.").format(path=path.parent))
    if path.is_dir() or (path.exists() and not _is_pdf(path)):
        raise UserError(
            _(
                "{path} is already there and is not a PDF; it is left as it is. Choose another file name."
            ).format(path=path)
        )


def _is_pdf(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            return fh.read(5) == b"%PDF-"
    except OSError:
        return False


def write_atomically(path: Path, data: bytes) -> None:
    """Write next to the target and rename: a crash never leaves half a PDF under the real name."""
    check_output(path)
    write_private(path, data)


def write_private(path: Path, data: bytes) -> None:
    """``data`` to ``path`` via ``<name>.part`` and a rename, readable by the user only (0600).

    Every file that holds health data gets this (minutes, the notice and its ``.ics``); unlike
    :func:`write_atomically` it does not insist on a PDF target. A full disk is a UserError.
    """
    _finish(_write_part(Path(path), data), Path(path))


#: OSError numbers that mean «no space left» (a full disk, or the user's quota).
_DISK_FULL_ERRNOS = frozenset(
    number for number in (errno.ENOSPC, getattr(errno, "EDQUOT", None)) if number is not None
)


def _not_written(path: Path, exc: OSError) -> UserError:
    """The translated reason a file could not be written; a full disk says so, as elsewhere."""
    if exc.errno in _DISK_FULL_ERRNOS:
        return UserError(
            _(
                "The disk is full, so {path} could not be written. "
                "Free some space and try again; what was saved before is safe."
            ).format(path=path)
        )
    return UserError(_("The file {path} could not be written.").format(path=path))


def _write_part(path: Path, data: bytes) -> Path:
    """``data`` in ``<name>.part`` beside ``path``, on disk, readable by the user only."""
    part = path.with_name(path.name + ".part")
    try:
        fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
    except OSError as exc:  # ENOSPC comes from write, flush, fsync or close, whichever fills the disk
        _discard(part)
        raise _not_written(path, exc) from exc
    return part


def _finish(part: Path, path: Path) -> None:
    try:
        os.replace(part, path)
    except OSError as exc:
        _discard(part)
        raise _not_written(path, exc) from exc


def _discard(part: Path) -> None:
    try:
        part.unlink(missing_ok=True)
    except OSError:  # a read-only file system: there is nothing to remove either
        pass


@contextmanager
def staged_write(path: Path | None, data: bytes) -> Iterator[None]:
    """``data`` on disk beside ``path`` before the block; renamed to ``path`` only when it succeeds.

    What the block stores (a version, an audit event) and the file then stand or fall together:
    a folder that cannot be written to never leaves a stored version that nobody received.
    Without ``path`` only the block runs.
    """
    if path is None:
        yield
        return
    part = _write_part(Path(path), data)
    try:
        yield
    except BaseException:
        _discard(part)
        raise
    _finish(part, Path(path))
