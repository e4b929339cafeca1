from __future__ import annotations

import argparse

from desktop.i18n import _


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    from desktop.cli import add_db_argument

    parser = sub.add_parser("tasks", help=_("list tasks, overdue first"))
    add_db_argument(parser)
    parser.add_argument("--open", action="store_true", help=_("only open tasks (the default)"))
    parser.add_argument("--case", type=int, default=None, help=_("only this case id"))
    parser.add_argument("--json", action="store_true", help=_("print JSON"))
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from desktop.commands import open_from_args, print_json
    from desktop.services.tasks import TaskService

    rows = TaskService(open_from_args(args)).open_tasks(case_id=args.case)
    if args.json:
        print_json(rows)
    else:
        for row in rows:
            flag = "!" if row.overdue else " "
            print(
                f"{flag} {row.id:>6}  {row.case_reference:<12} {str(row.due or ''):<10}  {row.party:<22} {row.text}"
            )
    return 0
