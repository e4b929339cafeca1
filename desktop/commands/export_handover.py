"""``export-handover``: the handover copy of a case for the service that takes over coordination.

The full minutes of the case's newest held meeting with the handover data embedded (the group,
the plan, open tasks, earlier meetings; ``docs/handover-schema.md``), which ``import`` reads.
Refused without the person's consent to transfer the plan to a new coordinator.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop.commands import add_document_arguments, opened_signing_key
from desktop.i18n import _


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from desktop.cli import add_db_argument

    parser = sub.add_parser(
        "export-handover",
        help=_("write the handover copy for a new coordinator (needs the person's consent)"),
    )
    add_db_argument(parser)
    parser.add_argument("--case", type=int, required=True, metavar="ID", help=_("case id"))
    parser.add_argument(
        "--out", type=Path, required=True, metavar="FILE.pdf", help=_("the PDF file to write")
    )
    add_document_arguments(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from desktop.commands import open_from_args
    from desktop.services.minutes.files import check_output
    from desktop.services.minutes.handover_copy import export_handover

    check_output(args.out)
    key, opened = opened_signing_key(args)
    db = open_from_args(args, write=True)
    try:
        result = export_handover(db, args.case, args.out, lang=args.doc_lang, key=key, opened=opened)
    finally:
        db.dispose()
    print(
        _("Wrote the handover copy {path} (version {n}) for member {id}.").format(
            path=result.path, n=result.version.version, id=result.member_id
        )
    )
    return 0
