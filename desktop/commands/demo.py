from __future__ import annotations

import argparse

from desktop.errors import UserError
from desktop.i18n import _


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from desktop.cli import add_db_argument

    parser = sub.add_parser("demo", help=_("create a new database with fictional demo data"))
    add_db_argument(parser)
    parser.add_argument("--scale", choices=("normal", "large"), default="normal", help=_("how much data"))
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from desktop.commands import passphrase_from_args

    passphrase = passphrase_from_args(args)  # --db-passphrase-env: the new file is encrypted
    if passphrase is not None:
        from desktop.db import MIN_PASSPHRASE_LENGTH

        if len(passphrase) < MIN_PASSPHRASE_LENGTH:  # the same rule as `encrypt`
            raise UserError(
                _("The passphrase must have at least {n} characters.").format(n=MIN_PASSPHRASE_LENGTH)
            )
    if args.scale == "large":
        from desktop.demo.large import create_large_demo

        counts = create_large_demo(args.db, passphrase=passphrase)
        print(
            _("Created {path} with {cases} cases, {meetings} meetings and {tasks} tasks.").format(
                path=args.db, **counts
            )
        )
        return 0
    from desktop.demo.standard import create_demo

    create_demo(args.db, passphrase=passphrase).dispose()
    print(_("Created {path} with fictional demo data.").format(path=args.db))
    return 0
