"""``verify``: check the signature of a received minutes PDF, and who signed it.

Exit codes (the command-line contract, DESIGN.md): 0 intact and the signer trusted or known;
3 intact but the signer unknown; 1 tampered, invalid, unsigned or not covering the whole file;
2 usage errors (argparse).
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from desktop.i18n import _

if TYPE_CHECKING:
    from desktop.services.minutes.verify import VerifyResult

EXIT_ACCEPTED, EXIT_INVALID, EXIT_UNKNOWN_SIGNER = 0, 1, 3


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from pathlib import Path

    from desktop.cli import add_db_argument

    parser = sub.add_parser(
        "verify",
        help=_("check the signature of a minutes PDF, and who signed it"),
        description=_(
            "Checks that the PDF is exactly as it was signed, and whether the signer is trusted (your "
            "own key, a key in the trust list, or a certificate from a trusted CA), known (the same key "
            "signed earlier minutes of this case in the database given with --db) or unknown."
        ),
        epilog=_(
            "Exit codes: 0 unchanged and the signer trusted or known; 3 unchanged but the signer "
            "unknown; 1 changed, invalid, unsigned or not covering the whole file; 2 wrong usage."
        ),
    )
    parser.add_argument("file", type=Path, metavar="FILE.pdf", help=_("the PDF to check"))
    parser.add_argument("--json", action="store_true", help=_("print JSON"))
    add_db_argument(parser, required=False)
    parser.set_defaults(handler=run)


def _yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


def exit_code(result: VerifyResult) -> int:
    if not result.is_valid:
        return EXIT_INVALID
    return EXIT_ACCEPTED if result.is_accepted else EXIT_UNKNOWN_SIGNER


def signer_lines(result: VerifyResult) -> list[str]:
    """Who signed, in plain words (shared with ``import``)."""
    from desktop.services.minutes.trust import group_fingerprint

    name = result.trusted_name or result.signer or _("unknown")
    fingerprint = result.fingerprint_sha256
    if result.signer_status == "trusted" and result.trusted_via == "own":
        return [_("Trusted: signed with this installation's own key ({name}).").format(name=name)]
    if result.signer_status == "trusted" and result.trusted_via == "ca":
        return [
            _("Trusted: {name}, with a certificate from {issuer}, which is in your trust list.").format(
                name=name, issuer=result.issuer
            )
        ]
    if result.signer_status == "trusted":
        return [_("Trusted: {name}, whose key is in your trust list.").format(name=name)]
    if result.signer_status == "known":
        return [
            _(
                "Known: the same key ({name}) signed earlier minutes of this case in this database. "
                "It is not in your trust list."
            ).format(name=name)
        ]
    return [
        _(
            "Unknown signer: the key that signed is not in your trust list. The certificate says {name}, "
            "but anyone can make a key with any name."
        ).format(name=name),  # fmt: skip
        _("Fingerprint (SHA-256): {fp}").format(fp=group_fingerprint(fingerprint)),
        _(
            "Compare the fingerprint with the sender's, for example by phone. If it matches, trust the "
            'key with: python -m desktop trust add --fingerprint {fp} --name "{name}"'
        ).format(fp=fingerprint, name=name),
    ]


def run(args: argparse.Namespace) -> int:
    import sys

    from desktop.i18n import format_datetime
    from desktop.services.minutes.trust import load_trust_list
    from desktop.services.minutes.verify import verify_file

    trust = load_trust_list()
    db = None
    if getattr(args, "db", None) is not None:
        from desktop.commands import open_from_args

        db = open_from_args(args)  # read-only: "known" only reads the stored minutes
    try:
        result = verify_file(args.file, trust=trust, db=db)
    finally:
        if db is not None:
            db.dispose()
    if args.json:
        from desktop.commands import print_json

        print_json(result)
        return exit_code(result)
    if result.signature_count:
        print(_("Signer: {name}").format(name=result.signer or _("unknown")))
        print(
            _("Signed: {time}").format(
                time=format_datetime(result.signed_at) if result.signed_at else _("unknown")
            )
        )
        print(_("Intact: {answer}").format(answer=_yes_no(result.is_intact and result.is_signature_valid)))
        print(_("Modified after signing: {answer}").format(answer=_yes_no(result.modified_after_signing)))
        print(_("Certificate fingerprint (SHA-256): {fp}").format(fp=result.fingerprint_sha256))
    stream = sys.stdout if result.is_valid else sys.stderr
    print(result.message, file=stream)
    if result.is_valid:
        for line in signer_lines(result):
            print(line)
    return exit_code(result)
