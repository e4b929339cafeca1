from __future__ import annotations

import argparse

from desktop.i18n import _
from desktop.models.enums import PartyGroup


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from desktop.cli import add_db_argument

    parser = sub.add_parser("tasks", help=_("list tasks, overdue first"))
    add_db_argument(parser)
    parser.add_argument("--open", action="store_true", help=_("only open tasks (the default)"))
    parser.add_argument("--case", type=int, default=None, help=_("only this case id"))
    parser.add_argument(
        "--party-group",
        choices=[g.value for g in PartyGroup],
        default=None,
        help=_("only tasks of this party group"),
    )
    parser.add_argument("--responsible", default=None, help=_("only tasks of this responsible person"))
    parser.add_argument("--overdue", action="store_true", help=_("only overdue tasks"))
    parser.add_argument("--limit", type=int, default=None, help=_("at most this many tasks"))
    parser.add_argument("--json", action="store_true", help=_("print JSON"))
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from desktop.commands import open_from_args, print_json
    from desktop.models.enums import PartyType, label
    from desktop.services.tasks.board import TaskService

    db = open_from_args(args)  # read-only; honours --db-passphrase-env
    try:
        rows = TaskService(db).open_tasks(
            case_id=args.case,
            party_group=args.party_group,
            responsible=args.responsible,
            only_overdue=args.overdue,
            limit=max(0, args.limit) if args.limit is not None else None,
        )
    finally:
        db.dispose()
    if args.json:
        print_json(rows)
    else:
        for row in rows:
            flag = "!" if row.overdue else " "
            print(
                f"{flag} {row.id:>6}  {row.case_reference:<12} {str(row.due or ''):<10}  {label(PartyType(row.party)):<34} {row.text}"
            )
    return 0
