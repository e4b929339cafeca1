"""``import``: a new case from the handover data of a verified minutes PDF."""

from __future__ import annotations

import argparse

from desktop.i18n import _


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    from pathlib import Path

    from desktop.cli import add_db_argument

    parser = sub.add_parser(
        "import", help=_("import the handover data of a signed minutes PDF as a new case")
    )
    parser.add_argument("file", type=Path, metavar="FILE.pdf", help=_("the signed minutes"))
    add_db_argument(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from desktop.commands import open_from_args
    from desktop.errors import UserError
    from desktop.services.handover import import_document, read_handover

    try:
        pdf = args.file.read_bytes()
    except OSError as exc:
        raise UserError(_("The file {path} cannot be read.").format(path=args.file)) from exc
    # Check the PDF before touching the database: a refused file creates no database and no lock.
    document = read_handover(pdf)
    db = open_from_args(args, write=True, create=True)
    try:
        result = import_document(db, document)
    finally:
        db.dispose()
    print(
        _(
            "Imported case {reference} (id {id}): {members} members, {goals} goals, "
            "{tasks} open tasks, {meetings} meetings."
        ).format(
            reference=result.reference,
            id=result.case_id,
            members=result.members,
            goals=result.goals,
            tasks=result.open_tasks,
            meetings=result.meetings,
        )
    )
    if result.reference != result.original_reference:
        print(
            _("The reference {old} was taken in this database; the case got {new}.").format(
                old=result.original_reference, new=result.reference
            )
        )
    return 0
