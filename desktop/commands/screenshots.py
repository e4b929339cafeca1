from __future__ import annotations

import argparse
from pathlib import Path

from desktop.i18n import _


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from desktop.cli import add_db_argument

    parser = sub.add_parser(
        "screenshots",
        help=_(
            "PNG screenshots of the main views at the usable areas of 1366×768 and 1920×1080 (150 %%) laptops"
        ),
    )
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
    parser.add_argument(
        "--size",
        type=_size,
        action="append",
        metavar="WIDTHxHEIGHT",
        help=_("window size, e.g. 1366x700 (repeatable; default: 1366x700 and 1280x650)"),
    )
    parser.set_defaults(handler=run)


def _size(text: str) -> tuple[int, int]:
    """«1366x700» → (1366, 700)."""
    width, sep, height = text.lower().replace("×", "x").partition("x")
    if (
        not sep
        or not width.isdigit()
        or not height.isdigit()
        or not (200 <= int(width) <= 8000 and 200 <= int(height) <= 8000)
    ):
        raise argparse.ArgumentTypeError(_("a size like 1366x700"))
    return int(width), int(height)


def run(args: argparse.Namespace) -> int:
    from desktop.commands import passphrase_from_args
    from desktop.i18n import PSEUDO_LANGUAGE
    from desktop.ui.screenshots import USABLE_AREAS, render_screenshots

    language = PSEUDO_LANGUAGE if args.pseudo_locale else getattr(args, "lang", None)
    written = render_screenshots(
        Path(args.db),
        args.out,
        passphrase=passphrase_from_args(args),
        language=language,
        scale=args.scale,
        font_size=args.font_size,
        sizes=args.size or USABLE_AREAS,
    )
    print(_("Wrote {count} screenshots to {folder}.").format(count=len(written), folder=args.out))
    return 0 if written else 1
