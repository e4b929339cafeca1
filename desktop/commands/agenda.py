"""``agenda``: the agenda of a meeting, as text or JSON (the saved one, or generated if none is)."""

from __future__ import annotations

import argparse
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from desktop.i18n import _

if TYPE_CHECKING:
    from desktop.services.meeting.agenda_tree import AgendaEntry


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from desktop.cli import add_db_argument

    parser = sub.add_parser("agenda", help=_("print the agenda of a meeting (generated if none is saved)"))
    add_db_argument(parser)
    parser.add_argument("--meeting", type=int, required=True, metavar="ID", help=_("meeting id"))
    parser.add_argument("--json", action="store_true", help=_("print JSON"))
    parser.set_defaults(handler=run)


def as_json(entries: list[AgendaEntry]) -> list[dict[str, Any]]:
    """The contract fields, plus the hierarchy: ``parent`` (the parent's id, null at the top level
    or before the agenda is saved), ``parent_key`` (the parent's ``source_key``, set also before it
    is saved), ``children`` (the sub-items' ids) and ``number`` («2.1»)."""
    from desktop.services.meeting.agenda_tree import item_numbers

    out = []
    for entry, number in zip(entries, item_numbers(entries), strict=True):
        item = asdict(entry)
        item["parent"] = entry.parent_id
        item["children"] = [
            e.id for e in entries if e.id is not None and e.parent_id == entry.id and entry.id
        ]
        item["number"] = number
        out.append(item)
    return out


def run(args: argparse.Namespace) -> int:
    from desktop.commands import open_from_args, print_json
    from desktop.services.meeting.agenda import AgendaService
    from desktop.services.meeting.agenda_tree import total_minutes

    db = open_from_args(args)  # read-only: the generated agenda is shown, never saved
    try:
        entries = AgendaService(db).agenda(args.meeting)
    finally:
        db.dispose()
    if args.json:
        print_json(as_json(entries))
    else:
        from desktop.services.meeting.agenda_tree import block_minutes, item_numbers

        for index, (entry, number) in enumerate(zip(entries, item_numbers(entries), strict=True)):
            indent = "      " if entry.is_sub_item else ""
            has_sub_items = (
                index + 1 < len(entries) and entries[index + 1].is_sub_item and not entry.is_sub_item
            )
            minutes = (
                _("{minutes} min in all").format(minutes=block_minutes(entries, index))
                if has_sub_items
                else f"{entry.planned_minutes} min"
            )
            print(f"{indent}{number:>4}. {entry.title}  ({minutes})")
        print(_("Total: {minutes} minutes").format(minutes=total_minutes(entries)))
    return 0
