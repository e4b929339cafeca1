"""One module per command-line command; each has ``register(subparsers)``."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict, is_dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from desktop.services.minutes.signing_keys import OpenedKey
    from desktop.services.minutes.versions import SigningKey


def _default(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat(timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    if is_dataclass(value) and not isinstance(value, type):
        return asdict(value)
    raise TypeError(type(value).__name__)


def print_json(data: Any) -> None:
    """JSON on stdout, UTF-8, dates as ISO 8601."""
    print(json.dumps(data, ensure_ascii=False, indent=2, default=_default))  # noqa: T201


def passphrase_from_args(args: Any) -> str | None:
    """The passphrase named by ``--db-passphrase-env VAR`` (None when the option is not given).

    The passphrase itself never appears on the command line (where ``ps`` would show it).
    """
    import os

    from desktop.errors import UserError
    from desktop.i18n import _

    var = getattr(args, "db_passphrase_env", None)
    if not var:
        return None
    value = os.environ.get(var)
    if not value:
        raise UserError(_("The environment variable {name} is not set or empty.").format(name=var))
    return value


def open_from_args(
    args: Any, *, write: bool = False, create: bool = False, any_revision: bool = False
) -> Any:
    """Open ``args.db`` with the passphrase from ``--db-passphrase-env``.

    ``write=True`` takes the single-instance lock and brings an older schema up to date: a command
    that changes the file refuses to run (exit 1, one clear line) while the GUI or another command
    has the file open. Without it the file is opened read-only: never migrated, created or written
    (SQLite's ``mode=ro``), and a file from an older version is refused with a message that says
    how to update it, unless ``any_revision`` (``backup`` copies whatever it finds).
    """
    from desktop.db import Database, head_revision

    passphrase = passphrase_from_args(args)
    if write:
        return Database.open(args.db, create=create, passphrase=passphrase, exclusive=True)
    db = Database.open(args.db, create=False, passphrase=passphrase, read_only=True)
    if not any_revision and db.revision != head_revision():
        from desktop.errors import DatabaseError
        from desktop.i18n import _

        db.dispose()
        raise DatabaseError(
            _(
                "The database {path} was made by an older version of Ansvarsgruppe and must be "
                "updated before this command can read it: open it once in the Ansvarsgruppe app. "
                "Nothing has been changed."
            ).format(path=args.db)
        )
    return db


def add_document_arguments(parser: argparse.ArgumentParser) -> None:
    """``--lang``, ``--sign-with KEY.p12`` and ``--passphrase-env VAR``: the options every command
    that writes a minutes document shares (``export-minutes``, ``distribute``, ``export-handover``)."""
    from desktop.i18n import _

    parser.add_argument(
        "--lang", dest="doc_lang", choices=("nb", "nn", "en"), default="nb", help=_("language of the minutes")
    )
    parser.add_argument("--sign-with", type=Path, metavar="KEY.p12", help=_("sign with this PKCS#12 key"))
    parser.add_argument(
        "--passphrase-env",
        metavar="VAR",
        help=_("name of the environment variable that holds the key's passphrase"),
    )


def signing_key(args: argparse.Namespace) -> SigningKey | None:
    """The key of ``--sign-with`` with its passphrase from ``--passphrase-env`` (not opened yet)."""
    import os

    from desktop.errors import UserError
    from desktop.i18n import _
    from desktop.services.minutes.versions import SigningKey

    if args.sign_with is None:
        if args.passphrase_env:
            raise UserError(_("--passphrase-env is only used together with --sign-with."))
        return None
    if not args.passphrase_env:
        raise UserError(
            _("--sign-with needs --passphrase-env VAR: the passphrase is read from that variable.")
        )
    passphrase = os.environ.get(args.passphrase_env)
    if passphrase is None:
        raise UserError(_("The environment variable {var} is not set.").format(var=args.passphrase_env))
    if not args.sign_with.is_file():
        raise UserError(_("The key file {path} does not exist.").format(path=args.sign_with))
    return SigningKey(args.sign_with, passphrase)


def opened_signing_key(args: argparse.Namespace) -> tuple[SigningKey | None, OpenedKey | None]:
    """The key, and the key opened: a wrong passphrase stops the command here, before the database
    is opened and anything is written."""
    key = signing_key(args)
    if key is None:
        return None, None
    from desktop.services.minutes.signing_keys import open_key

    return key, open_key(key.path, key.passphrase)
