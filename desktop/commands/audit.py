"""``audit --db PATH --case ID [--json | --csv] [--out FILE]``: a case's audit log (innsyn)."""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop.i18n import _


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from desktop.cli import add_db_argument

    parser = sub.add_parser(
        "audit",
        help=_("show who opened, exported or signed a case, and when (for the user's right of access)"),
    )
    add_db_argument(parser)
    parser.add_argument("--case", type=int, required=True, metavar="ID", help=_("case id"))
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--json", action="store_true", help=_("print JSON"))
    group.add_argument("--csv", action="store_true", help=_("print CSV"))
    parser.add_argument(
        "--out", type=Path, default=None, metavar="FILE", help=_("write to this file instead of the screen")
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from desktop.commands import open_from_args
    from desktop.errors import UserError
    from desktop.i18n import format_datetime
    from desktop.services.audit import case_audit, export_audit

    db = open_from_args(args)  # read-only: looking at the audit log is not logged or written
    try:
        entries = case_audit(db, args.case)
    finally:
        db.dispose()
    if args.json or args.csv:
        text = export_audit(entries, "json" if args.json else "csv")
    else:
        lines = [
            _("{when}  {what}  (user {os_user}{actor})").format(
                when=format_datetime(e.at),
                what=e.action_text,
                os_user=e.os_user or "?",
                actor=f", {e.actor}" if e.actor else "",
            )
            for e in entries
        ]
        text = "\n".join(lines) if lines else _("No audit events for this case.")
    if args.out is not None:
        if args.out.exists():
            raise UserError(_("{path} already exists. Choose a new file name.").format(path=args.out))
        try:
            args.out.write_text(text + "\n", encoding="utf-8")
        except OSError as exc:
            raise UserError(_("{path} could not be written.").format(path=args.out)) from exc
        print(_("Audit log written to {path}.").format(path=args.out))
    else:
        print(text)
    return 0
