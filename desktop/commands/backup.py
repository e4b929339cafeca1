"""``backup --db PATH --out FILE``: an online backup of a live database (encrypted stays encrypted)."""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop.i18n import _


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from desktop.cli import add_db_argument

    parser = sub.add_parser("backup", help=_("write a backup of the database (safe while it is in use)"))
    add_db_argument(parser)
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        metavar="FILE",
        help=_("the backup file to write (default: a new file in the backups folder next to the database)"),
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from desktop.commands import open_from_args
    from desktop.services.backup import backup_to, create_backup

    db = open_from_args(args, any_revision=True)  # read-only: a backup never migrates the file
    try:
        path = backup_to(db, args.out) if args.out is not None else create_backup(db).path
    finally:
        db.dispose()
    print(_("Backup written to {path}.").format(path=path))
    return 0
