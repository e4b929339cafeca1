"""``export-minutes``: the minutes of a held meeting as PDF, signed when a key is given."""

from __future__ import annotations

import argparse
import os
import sys

from desktop.i18n import _, ngettext


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    from pathlib import Path

    from desktop.cli import add_db_argument

    parser = sub.add_parser("export-minutes", help=_("write the minutes of a held meeting as PDF"))
    add_db_argument(parser)
    parser.add_argument("--meeting", type=int, required=True, metavar="ID", help=_("meeting id"))
    parser.add_argument(
        "--out", type=Path, required=True, metavar="FILE.pdf", help=_("the PDF file to write")
    )
    parser.add_argument(
        "--lang", dest="doc_lang", choices=("nb", "nn", "en"), default="nb", help=_("language of the minutes")
    )
    parser.add_argument("--sign-with", type=Path, metavar="KEY.p12", help=_("sign with this PKCS#12 key"))
    parser.add_argument(
        "--passphrase-env",
        metavar="VAR",
        help=_("name of the environment variable that holds the key's passphrase"),
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from desktop.commands import open_from_args
    from desktop.errors import UserError

    key = None
    if args.sign_with is not None:
        if not args.passphrase_env:
            raise UserError(
                _("--sign-with needs --passphrase-env VAR: the passphrase is read from that variable.")
            )
        passphrase = os.environ.get(args.passphrase_env)
        if passphrase is None:
            raise UserError(_("The environment variable {var} is not set.").format(var=args.passphrase_env))
        if not args.sign_with.is_file():
            raise UserError(_("The key file {path} does not exist.").format(path=args.sign_with))
        key = (args.sign_with, passphrase)
    elif args.passphrase_env:
        raise UserError(_("--passphrase-env is only used together with --sign-with."))
    from desktop.services.minutes_versions import MinutesService, SigningKey

    db = open_from_args(args, write=True)
    try:
        result = MinutesService(db).export(
            args.meeting,
            lang=args.doc_lang,
            key=SigningKey(*key) if key is not None else None,
            out=args.out,
        )
    finally:
        db.dispose()
    left_out = len(result.distribution.excluded)
    if result.version.is_signed:
        print(
            _("Wrote {path}: version {n}, {pages} pages, signed by {signer}.").format(
                path=args.out, n=result.version.version, pages=result.page_count, signer=result.version.signer
            )
        )
    else:
        print(
            _("Wrote {path}: version {n}, {pages} pages, not signed.").format(
                path=args.out, n=result.version.version, pages=result.page_count
            )
        )
    if left_out:
        print(
            ngettext(
                "{n} member of the group is not on the distribution list (no consent).",
                "{n} members of the group are not on the distribution list (no consent).",
                left_out,
            ).format(n=left_out),
            file=sys.stderr,
        )
    return 0
