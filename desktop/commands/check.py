from __future__ import annotations

import argparse
import sys

from desktop.i18n import _


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from desktop.cli import add_db_argument

    parser = sub.add_parser("check", help=_("check the database's integrity and schema revision"))
    add_db_argument(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from desktop.commands import passphrase_from_args
    from desktop.db import check_database, known_revisions

    result = check_database(args.db, passphrase=passphrase_from_args(args))  # opens read-only
    if result.is_sound:
        print(
            _("OK: integrity {integrity}, schema revision {revision}.").format(
                integrity=result.integrity, revision=result.revision
            )
        )
        return 0
    if result.integrity != "ok":
        print(_("The database is damaged: {details}").format(details=result.integrity[:500]), file=sys.stderr)
    elif result.missing_triggers:
        print(
            _(
                "The safeguards that keep signed minutes from being changed or deleted are missing "
                "({names}): the file has been altered outside Ansvarsgruppe."
            ).format(names=", ".join(result.missing_triggers)),
            file=sys.stderr,
        )
    elif result.revision is None:
        print(_("The file is not an Ansvarsgruppe database (no schema revision)."), file=sys.stderr)
    elif result.revision in known_revisions():
        print(
            _(
                "The database was made by an older version of Ansvarsgruppe (schema revision {revision}; "
                "this version has {head}). Opening it once in the Ansvarsgruppe app updates it; "
                "nothing has been changed."
            ).format(revision=result.revision, head=result.head),
            file=sys.stderr,
        )
    else:
        print(
            _("Schema revision {revision} differs from this version's {head}.").format(
                revision=result.revision, head=result.head
            ),
            file=sys.stderr,
        )
    return 1
