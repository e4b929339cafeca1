"""``restore --db PATH --from FILE``: replace the database with a backup, keeping a copy of it."""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop.i18n import _


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from desktop.cli import add_db_argument

    parser = sub.add_parser(
        "restore", help=_("replace the database with a backup (a copy of the replaced file is kept)")
    )
    add_db_argument(parser)
    parser.add_argument(
        "--from",
        dest="source",
        type=Path,
        default=None,
        metavar="FILE",
        help=_("the backup to restore (default: the newest backup in the backups folder)"),
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from desktop.commands import passphrase_from_args
    from desktop.errors import BackupError
    from desktop.services.backup import newest_backup, restore_backup

    source = args.source
    if source is None:
        newest = newest_backup(args.db)
        if newest is None:
            raise BackupError(_("There is no backup of {path} to restore.").format(path=args.db))
        source = newest.path
    result = restore_backup(args.db, source, passphrase=passphrase_from_args(args))
    print(_("Restored {path} from {source}.").format(path=result.db_path, source=result.restored_from))
    if result.previous_copy is not None:
        print(_("The replaced database was kept as {path}.").format(path=result.previous_copy))
    return 0
