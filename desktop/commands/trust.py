"""``trust``: the trust list of signers (``add``, ``list``, ``remove``), the same one the GUI edits.

``trust add FILE`` takes a certificate (PEM or DER; a CA certificate trusts every certificate it
issued) or a PKCS#12 key with ``--passphrase-env VAR`` (its own certificate is pinned);
``trust add --fingerprint SHA256 --name NAME`` pins a key by the fingerprint its owner read out.
"""

from __future__ import annotations

import argparse

from desktop.i18n import _


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from pathlib import Path

    parser = sub.add_parser("trust", help=_("the trust list: whose signatures you accept"))
    actions = parser.add_subparsers(
        dest="trust_command", metavar=_("ACTION"), title=_("actions"), required=True
    )
    add = actions.add_parser(
        "add",
        help=_("trust a certificate file, or a key by its SHA-256 fingerprint"),
        description=_(
            "Trust a colleague's key (a certificate file, or the fingerprint they read out to you) or a "
            "certificate authority (a CA certificate: every certificate it issued is trusted)."
        ),
    )
    add.add_argument(
        "file",
        type=Path,
        nargs="?",
        metavar="FILE",
        help=_("a certificate (.pem, .crt, .cer, .der) or a .p12 key"),
    )
    add.add_argument(
        "--passphrase-env", metavar="VAR", help=_("environment variable with the .p12 passphrase")
    )
    add.add_argument("--fingerprint", metavar="SHA256", help=_("the key's SHA-256 fingerprint"))
    add.add_argument("--name", metavar="NAME", help=_("whose key it is (needed with --fingerprint)"))
    add.set_defaults(handler=run_add)
    listing = actions.add_parser("list", help=_("show the trusted keys and CAs"))
    listing.add_argument("--json", action="store_true", help=_("print JSON"))
    listing.set_defaults(handler=run_list)
    remove = actions.add_parser("remove", help=_("stop trusting a key or CA"))
    remove.add_argument("fingerprint", metavar="FINGERPRINT", help=_("its SHA-256 fingerprint"))
    remove.set_defaults(handler=run_remove)


def run_add(args: argparse.Namespace) -> int:
    import os

    from desktop.errors import UserError
    from desktop.services.minutes import trust
    from desktop.services.minutes.trust import kind_label

    if args.fingerprint is not None:
        if args.file is not None or args.passphrase_env:
            raise UserError(_("Give either a file or --fingerprint with --name, not both."))
        if not args.name:
            raise UserError(_("--fingerprint needs --name: whose key it is."))
        entry = trust.add_fingerprint(args.fingerprint, args.name)
        if entry is None:
            print(_("This is one of this installation's own keys; it is already trusted."))
            return 0
        print(_("Trusted {name} ({fp}).").format(name=entry.name, fp=entry.fingerprint_sha256))
        return 0
    if args.file is None:
        raise UserError(_("Give a certificate file, or --fingerprint and --name."))
    passphrase = None
    if args.passphrase_env:
        passphrase = os.environ.get(args.passphrase_env)
        if passphrase is None:
            raise UserError(_("The environment variable {var} is not set.").format(var=args.passphrase_env))
    entries = trust.add_certificate_file(args.file, passphrase=passphrase, name=args.name or "")
    if not entries:
        print(_("This is one of this installation's own keys; it is already trusted."))
    for entry in entries:
        print(
            _("Trusted {name} ({kind}, {fp}).").format(
                name=entry.name, kind=kind_label(entry.kind), fp=entry.fingerprint_sha256
            )
        )
    return 0


def run_list(args: argparse.Namespace) -> int:
    from desktop.services.minutes.trust import entry_as_json, kind_label, load_trust_list

    entries = load_trust_list().entries
    if args.json:
        from desktop.commands import print_json

        print_json([entry_as_json(e) for e in entries])
        return 0
    if not entries:
        print(_("The trust list is empty."))
    for entry in entries:
        print(f"{entry.fingerprint_sha256}  {kind_label(entry.kind)}  {entry.name}")
    return 0


def run_remove(args: argparse.Namespace) -> int:
    from desktop.services.minutes.trust import remove

    entry = remove(args.fingerprint)
    print(_("{name} is no longer trusted.").format(name=entry.name))
    return 0
