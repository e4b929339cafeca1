from __future__ import annotations

import argparse

from desktop.i18n import _


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from desktop.cli import add_db_argument

    parser = sub.add_parser("list-meetings", help=_("list meetings"))
    add_db_argument(parser)
    parser.add_argument("--case", type=int, default=None, help=_("only this case id"))
    parser.add_argument("--json", action="store_true", help=_("print JSON"))
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from desktop.commands import open_from_args, print_json
    from desktop.services.meeting.planning import MeetingService

    db = open_from_args(args)  # read-only: never migrates or writes the file
    try:
        rows = MeetingService(db).list_meetings(args.case)
    finally:
        db.dispose()
    if args.json:
        print_json(rows)
    else:
        from desktop.models.enums import MeetingStatus, MeetingType, label

        for row in rows:
            kind, status = label(MeetingType(row.type)), label(MeetingStatus(row.status))
            print(f"{row.id:>6}  {row.case_id:>5}  {row.start:%Y-%m-%d %H:%M}  {kind:<40} {status}")
    return 0
