"""``distribute``: one signed copy of a meeting's minutes per recipient, as consent allows.

Writes ``referat-<case ref>-<date>-v<n>-<kind>-<k>.pdf`` for each recipient (``full``,
``limited`` or ``own_tasks``; never a name in a file name) and ``manifest.json``:
``{"copies": [{"member_id", "party", "kind", "file", "sha256"}], "left_out": [{"member_id",
"reason"}]}``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desktop.commands import add_document_arguments, opened_signing_key
from desktop.i18n import _, ngettext


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from desktop.cli import add_db_argument

    parser = sub.add_parser(
        "distribute", help=_("write each recipient's copy of the minutes, as the person has consented")
    )
    add_db_argument(parser)
    parser.add_argument("--meeting", type=int, required=True, metavar="ID", help=_("meeting id"))
    parser.add_argument(
        "--out", type=Path, required=True, metavar="DIR", help=_("the folder to write the copies to")
    )
    add_document_arguments(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from desktop.commands import open_from_args
    from desktop.services.minutes.copies import MANIFEST_NAME, distribute

    key, opened = opened_signing_key(args)
    db = open_from_args(args, write=True)
    try:
        result = distribute(db, args.meeting, args.out, lang=args.doc_lang, key=key, opened=opened)
    finally:
        db.dispose()
    for copy in result.copies:
        print(
            _("Wrote {file} ({kind}) for member {id}.").format(
                file=copy.file, kind=copy.kind, id=copy.member_id
            )
        )
    for left in result.left_out:
        print(
            _("Member {id} gets nothing: {reason}").format(id=left.member_id, reason=left.reason_text()),
            file=sys.stderr,
        )
    if result.may_be_stale:
        from desktop.services.minutes.copies import stale_warning

        print(stale_warning(result), file=sys.stderr)
    print(
        ngettext(
            "{n} copy of version {version} and {manifest} written to {folder}.",
            "{n} copies of version {version} and {manifest} written to {folder}.",
            len(result.copies),
        ).format(
            n=len(result.copies), version=result.version.version, manifest=MANIFEST_NAME, folder=args.out
        )
    )
    return 0
