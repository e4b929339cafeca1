"""``encrypt --db PATH --new-passphrase-env VAR``: encrypt a database, or change its passphrase."""

from __future__ import annotations

import argparse

from desktop.i18n import _


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from desktop.cli import add_db_argument

    parser = sub.add_parser(
        "encrypt",
        help=_(
            "encrypt the database with a passphrase (or change the passphrase with --db-passphrase-env); "
            "its backups are encrypted too"
        ),
    )
    add_db_argument(parser)
    parser.add_argument(
        "--new-passphrase-env",
        metavar="VAR",
        required=True,
        help=_("read the new passphrase from this environment variable"),
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    import os

    from desktop.commands import passphrase_from_args
    from desktop.db import encrypt_database
    from desktop.errors import UserError

    new = os.environ.get(args.new_passphrase_env)
    if not new:
        raise UserError(
            _("The environment variable {name} is not set or empty.").format(name=args.new_passphrase_env)
        )
    result = encrypt_database(args.db, new, old_passphrase=passphrase_from_args(args))
    print(
        _("{path} is now encrypted. Keep the passphrase safe: without it the data cannot be read.").format(
            path=result.path
        )
    )
    if result.backups_converted or result.backups_failed:
        print(
            _("Backups encrypted: {done}; could not be encrypted: {failed}.").format(
                done=result.backups_converted, failed=result.backups_failed
            )
        )
    return 0
