from __future__ import annotations

import argparse
from pathlib import Path

from desktop.i18n import _


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    from desktop.cli import add_db_argument

    parser = sub.add_parser("screenshots", help=_("PNG screenshots of the main views at 1366×768"))
    add_db_argument(parser)
    parser.add_argument("--out", type=Path, required=True, help=_("folder for the PNG files"))
    parser.add_argument(
        "--pseudo-locale",
        action="store_true",
        help=_("stretched, accented texts instead of a language, to find clipped labels (for developers)"),
    )
    parser.add_argument(
        "--scale", type=float, default=None, metavar="FACTOR", help=_("screen scale factor, e.g. 2 for 200%%")
    )
    parser.add_argument(
        "--font-size",
        type=float,
        default=None,
        metavar="PT",
        help=_("font size in points, e.g. 17 for large text"),
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from desktop.commands import passphrase_from_args
    from desktop.i18n import PSEUDO_LANGUAGE
    from desktop.ui.screenshots import render_screenshots

    language = PSEUDO_LANGUAGE if args.pseudo_locale else getattr(args, "lang", None)
    written = render_screenshots(
        Path(args.db),
        args.out,
        passphrase=passphrase_from_args(args),
        language=language,
        scale=args.scale,
        font_size=args.font_size,
    )
    print(_("Wrote {count} screenshots to {folder}.").format(count=len(written), folder=args.out))
    return 0 if written else 1
