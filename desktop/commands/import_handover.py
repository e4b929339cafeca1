"""``import``: a new case from the handover data of a verified minutes PDF.

The signature must be valid (``handover.read_handover``) and the signer trusted or known
(``desktop/services/minutes/trust.py``). An unknown signer is refused unless the user confirms the
fingerprint they compared with the sender (``--trust-fingerprint``); ``--add-to-trust-list`` then
also pins the key, so that the next minutes from the same person are trusted.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from desktop.i18n import _

if TYPE_CHECKING:
    from desktop.services.minutes.trust import TrustList
    from desktop.services.minutes.verify import VerifyResult

EXIT_UNKNOWN_SIGNER = 3


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from pathlib import Path

    from desktop.cli import add_db_argument

    parser = sub.add_parser(
        "import",
        help=_("import the handover data of a signed minutes PDF as a new case"),
        epilog=_(
            "A signer who is not in your trust list is refused (exit 3) until you compare the "
            "fingerprint with the sender and give it with --trust-fingerprint."
        ),
    )
    parser.add_argument("file", type=Path, metavar="FILE.pdf", help=_("the signed minutes"))
    add_db_argument(parser)
    parser.add_argument(
        "--trust-fingerprint",
        metavar="SHA256",
        help=_("accept an unknown signer whose fingerprint you compared with the sender"),
    )
    parser.add_argument(
        "--add-to-trust-list",
        action="store_true",
        help=_("also add the signer's key to the trust list (with --trust-fingerprint)"),
    )
    parser.set_defaults(handler=run)


def _known_in(args: argparse.Namespace, pdf: bytes, trust: TrustList) -> VerifyResult | None:
    """The verdict with "known" checked against an existing database (None: no such database).

    Opened read-only, so that a refused import leaves no database and no lock behind.
    """
    from desktop.commands import open_from_args
    from desktop.errors import UserError
    from desktop.services.minutes.verify import verify_bytes

    if not args.db.exists():
        return None
    try:
        db = open_from_args(args)
    except UserError:
        return None  # an older or locked file cannot vouch; the signer stays unknown
    try:
        return verify_bytes(pdf, trust=trust, db=db)
    finally:
        db.dispose()


def check_signer(args: argparse.Namespace, pdf: bytes) -> VerifyResult:
    """The signer's verdict; raise :class:`UnknownSignerError` for an unconfirmed unknown signer."""
    from desktop.commands.verify import signer_lines
    from desktop.services.minutes.trust import load_trust_list, normalize_fingerprint
    from desktop.services.minutes.verify import verify_bytes

    trust = load_trust_list()
    result = verify_bytes(pdf, trust=trust)
    if result.is_valid and result.signer_status == "unknown":
        result = _known_in(args, pdf, trust) or result
    if not result.is_valid or result.signer_status != "unknown":
        return result  # an invalid file is refused by read_handover, with its reason
    if args.trust_fingerprint is None:
        raise UnknownSignerError(
            "\n".join(
                [
                    _(
                        "The minutes were signed by a key that is not in your trust list; nothing was imported."
                    ),
                    *signer_lines(result)[:2],
                    _(
                        "Compare the fingerprint with the sender, for example by phone. If it matches, "
                        "import with --trust-fingerprint {fp} (and --add-to-trust-list to trust the key "
                        "from now on)."
                    ).format(fp=result.fingerprint_sha256),
                ]
            )
        )
    if normalize_fingerprint(args.trust_fingerprint) != result.fingerprint_sha256:
        raise UnknownSignerError(
            _(
                "The fingerprint you gave is not the signer's; nothing was imported. The signer's "
                "fingerprint is {fp}. If the sender's differs, the file is not from them."
            ).format(fp=result.fingerprint_sha256)
        )
    return result


class UnknownSignerError(Exception):
    """An unknown signer without a confirmed fingerprint: exit 3, like ``verify``."""


def _trust_signer(pdf: bytes, name: str) -> str:
    """Pin the signer's certificate (taken from the signature itself); return its name."""
    from desktop.services.minutes.signers import signer_certificate_of
    from desktop.services.minutes.trust import add_certificate

    entry = add_certificate(signer_certificate_of(pdf), name)
    return entry.name if entry is not None else name


def run(args: argparse.Namespace) -> int:
    import sys

    from desktop.commands import open_from_args
    from desktop.errors import UserError
    from desktop.services.minutes.handover import read_handover
    from desktop.services.minutes.handover_import import import_document

    if args.add_to_trust_list and args.trust_fingerprint is None:
        raise UserError(_("--add-to-trust-list needs --trust-fingerprint: the fingerprint you compared."))
    try:
        pdf = args.file.read_bytes()
    except OSError as exc:
        raise UserError(_("The file {path} cannot be read.").format(path=args.file)) from exc
    # Check the PDF before touching the database: a refused file creates no database and no lock.
    # The signer first: data from an unconfirmed signer is not even parsed.
    try:
        verdict = check_signer(args, pdf)
    except UnknownSignerError as exc:
        print(_("error: {message}").format(message=exc), file=sys.stderr)
        return EXIT_UNKNOWN_SIGNER
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
    if verdict.signer_status == "unknown":
        name, fingerprint = verdict.signer, verdict.fingerprint_sha256
        if args.add_to_trust_list:
            print(_("{name} is now in your trust list.").format(name=_trust_signer(pdf, name)))
        else:
            print(
                _(
                    "To trust this signer's key from now on: python -m desktop trust add "
                    '--fingerprint {fp} --name "{name}"'
                ).format(fp=fingerprint, name=name)
            )
    return 0
