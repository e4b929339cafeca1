"""``purge-case --db PATH --case ID [--yes]``: destroy a closed case's content after its retention period.

Without ``--yes`` it only says what would be destroyed (counts, never content) and whether the
case may be purged yet; nothing is changed. With ``--yes`` it purges, in one transaction, and the
audit log records it. A case that is not closed, or whose retention period is not over, is
refused (exit 1). See ``desktop/services/case/records.py`` for what remains.
"""

from __future__ import annotations

import argparse

from desktop.i18n import _


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from desktop.cli import add_db_argument

    parser = sub.add_parser(
        "purge-case",
        help=_("destroy a closed case's content after its retention period (shows what first)"),
    )
    add_db_argument(parser)
    parser.add_argument("--case", type=int, required=True, metavar="ID", help=_("case id"))
    parser.add_argument(
        "--yes", action="store_true", help=_("really destroy it (without: only show what would be destroyed)")
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from desktop.commands import open_from_args
    from desktop.services.case.records import RecordsService, describe_plan

    db = open_from_args(args, write=args.yes)
    try:
        service = RecordsService(db)
        plan = service.plan_purge(args.case)
        for line in describe_plan(plan):
            print(line)
        service.check_purgeable(plan)  # refused: one line on stderr, exit 1
        if not args.yes:
            print(_("Nothing was destroyed. Run the command again with --yes to purge the case."))
            return 0
        service.purge(args.case, expected=plan)
        print(_("Case {reference} was purged.").format(reference=plan.reference))
        return 0
    finally:
        db.dispose()
