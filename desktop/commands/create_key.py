"""``create-key``: a personal signing key with a self-signed certificate, as a .p12 (for scripts)."""

from __future__ import annotations

import argparse

from desktop.i18n import _


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from pathlib import Path

    parser = sub.add_parser(
        "create-key", help=_("make a personal signing key (.p12, self-signed certificate)")
    )
    parser.add_argument("--name", required=True, help=_("the name of the person the key belongs to"))
    parser.add_argument("--organisation", default="", help=_("the person's service or workplace"))
    parser.add_argument("--out", type=Path, required=True, metavar="KEY.p12", help=_("the key file to write"))
    parser.add_argument(
        "--passphrase-env", required=True, metavar="VAR",
        help=_("name of the environment variable that holds the new passphrase"),
    )  # fmt: skip
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    import os

    from desktop.errors import UserError
    from desktop.services.minutes.signing_keys import generate_key

    passphrase = os.environ.get(args.passphrase_env)
    if passphrase is None:
        raise UserError(_("The environment variable {var} is not set.").format(var=args.passphrase_env))
    if args.out.exists():
        raise UserError(_("{path} already exists; choose a new file name.").format(path=args.out))
    if not args.out.parent.is_dir():
        raise UserError(_("The folder {path} does not exist.").format(path=args.out.parent))
    info = generate_key(args.name, passphrase, organisation=args.organisation, out=args.out)
    print(
        _("Wrote {path}. Certificate fingerprint (SHA-256): {fp}").format(
            path=args.out, fp=info.fingerprint_sha256
        )
    )
    return 0
