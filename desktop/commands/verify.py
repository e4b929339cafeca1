"""``verify``: check the signature of a received minutes PDF (exit 0 only when valid and whole)."""

from __future__ import annotations

import argparse

from desktop.i18n import _


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    from pathlib import Path

    parser = sub.add_parser("verify", help=_("check the signature of a minutes PDF"))
    parser.add_argument("file", type=Path, metavar="FILE.pdf", help=_("the PDF to check"))
    parser.add_argument("--json", action="store_true", help=_("print JSON"))
    parser.set_defaults(handler=run)


def _yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


def run(args: argparse.Namespace) -> int:
    import sys

    from desktop.i18n import format_datetime
    from desktop.services.verify import verify_file

    result = verify_file(args.file)
    if args.json:
        from desktop.commands import print_json

        print_json(result)
        return 0 if result.is_valid else 1
    if result.signature_count:
        print(_("Signer: {name}").format(name=result.signer or _("unknown")))
        print(
            _("Signed: {time}").format(
                time=format_datetime(result.signed_at) if result.signed_at else _("unknown")
            )
        )
        print(_("Intact: {answer}").format(answer=_yes_no(result.is_intact)))
        print(_("Modified after signing: {answer}").format(answer=_yes_no(result.modified_after_signing)))
        print(_("Certificate fingerprint (SHA-256): {fp}").format(fp=result.fingerprint_sha256))
        if not result.is_trusted:
            print(
                _("The certificate is not from a known authority: compare the fingerprint with the sender's.")
            )
    stream = sys.stdout if result.is_valid else sys.stderr
    print(result.message, file=stream)
    return 0 if result.is_valid else 1
