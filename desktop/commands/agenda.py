from __future__ import annotations

import argparse

from desktop.i18n import _


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    from desktop.cli import add_db_argument

    parser = sub.add_parser("agenda", help=_("print the agenda of a meeting (generated if none is saved)"))
    add_db_argument(parser)
    parser.add_argument("--meeting", type=int, required=True, metavar="ID", help=_("meeting id"))
    parser.add_argument("--json", action="store_true", help=_("print JSON"))
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from desktop.commands import open_from_args, print_json
    from desktop.services.agenda import AgendaService, total_minutes

    db = open_from_args(args)  # read-only: the generated agenda is shown, never saved
    try:
        entries = AgendaService(db).agenda(args.meeting)
    finally:
        db.dispose()
    if args.json:
        print_json(entries)
    else:
        for number, entry in enumerate(entries, start=1):
            print(f"{number:>3}. {entry.title}  ({entry.planned_minutes} min)")
        print(_("Total: {minutes} minutes").format(minutes=total_minutes(entries)))
    return 0
