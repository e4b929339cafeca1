from __future__ import annotations

import argparse
from pathlib import Path

from desktop.i18n import _


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    from desktop.cli import add_db_argument

    parser = sub.add_parser("screenshots", help=_("PNG screenshots of the main views at 1366×768"))
    add_db_argument(parser)
    parser.add_argument("--out", type=Path, required=True, help=_("folder for the PNG files"))
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from desktop.commands import passphrase_from_args
    from desktop.ui.screenshots import render_screenshots

    written = render_screenshots(
        Path(args.db), args.out, passphrase=passphrase_from_args(args), language=getattr(args, "lang", None)
    )
    print(_("Wrote {count} screenshots to {folder}.").format(count=len(written), folder=args.out))
    return 0 if written else 1
