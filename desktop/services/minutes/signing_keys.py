"""The facilitator's signing keys: made here or imported, listed, opened for signing.

A key is either imported from a PKCS#12 file (.p12/.pfx, e.g. from the employer) or generated
here: a personal key with a self-signed certificate. Both are kept in the user's data folder
(``<data>/keys/``), encrypted with the passphrase the user chose; the file name is the
certificate's fingerprint, never a person's name. A public ``.crt`` beside each file lets the
app list keys without asking for passphrases. Only ``cryptography`` is needed here; pyHanko
(:mod:`.signing`) is imported when a signature is made.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop import clock
from desktop.errors import UserError
from desktop.i18n import _, format_long_date
from desktop.paths import data_dir
from desktop.services.case.validation import clean_chars

if TYPE_CHECKING:
    from cryptography.x509 import Certificate, KeyUsage

KEY_VALID_DAYS = 3 * 365
MIN_PASSPHRASE_CHARS = 8


class SigningError(UserError):
    """Signing could not be done (wrong passphrase, unreadable key, …). The message is translated."""


@dataclass(frozen=True)
class KeyInfo:
    """A stored key, described by its certificate (no secret material)."""

    path: Path
    subject_name: str
    issuer_name: str
    fingerprint_sha256: str
    not_valid_before: datetime
    not_valid_after: datetime
    is_self_signed: bool

    @property
    def is_expired(self) -> bool:
        return self.not_valid_after < clock.now_utc()


def keys_dir() -> Path:
    path = data_dir() / "keys"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _common_name(name: Any) -> str:
    from cryptography.x509.oid import NameOID

    values = name.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(values[0].value) if values else name.rfc4514_string()


def describe_certificate(cert: Certificate, path: Path) -> KeyInfo:
    from cryptography.hazmat.primitives import hashes

    return KeyInfo(
        path=path,
        subject_name=_common_name(cert.subject),
        issuer_name=_common_name(cert.issuer),
        fingerprint_sha256=cert.fingerprint(hashes.SHA256()).hex(),
        not_valid_before=cert.not_valid_before_utc,
        not_valid_after=cert.not_valid_after_utc,
        is_self_signed=cert.subject == cert.issuer,
    )


def _check_passphrase(passphrase: str) -> None:
    if len(passphrase) < MIN_PASSPHRASE_CHARS:
        raise SigningError(
            _("The passphrase must have at least {n} characters.").format(n=MIN_PASSPHRASE_CHARS)
        )


def _write_private(path: Path, data: bytes) -> None:
    """Write a file only the user can read (best effort on Windows)."""
    tmp = path.with_suffix(path.suffix + ".part")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    os.replace(tmp, path)


def signing_key_usage() -> KeyUsage:
    """What a minutes-signing certificate may do: sign, with non-repudiation; nothing else."""
    from cryptography import x509

    return x509.KeyUsage(
        digital_signature=True,
        content_commitment=True,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=False,
        crl_sign=False,
        encipher_only=False,
        decipher_only=False,
    )


def _self_signed_certificate(key: Any, subject: Any, days: int) -> Certificate:
    """A certificate for ``key`` issued by itself, for signing only, valid ``days`` from now."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes

    now = clock.now_utc()
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(signing_key_usage(), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )


def generate_key(
    name: str, passphrase: str, *, organisation: str = "", out: Path | None = None, days: int = KEY_VALID_DAYS
) -> KeyInfo:
    """Make a personal key and self-signed certificate for ``name``; store it as an encrypted .p12.

    ``out`` writes the .p12 there instead of the key folder (``create-key`` for scripts).
    """
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import NameOID

    name, organisation = " ".join(clean_chars(name).split()), clean_chars(organisation)
    if not name:
        raise SigningError(_("Write the name of the person the key belongs to."))
    if len(name) > 64:
        raise SigningError(_("The name can have at most 64 characters."))
    _check_passphrase(passphrase)
    # ECDSA P-256: fast to load and sign with (an RSA private key is re-validated on every load,
    # which is slow, and the key is loaded for every export that signs).
    key = ec.generate_private_key(ec.SECP256R1())
    attributes = [x509.NameAttribute(NameOID.COMMON_NAME, name)]
    if organisation.strip():
        attributes.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation.strip()[:64]))
    attributes.append(x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, "Ansvarsgruppe (self-signed)"))
    cert = _self_signed_certificate(key, x509.Name(attributes), days)
    blob = pkcs12.serialize_key_and_certificates(
        b"ansvarsgruppe",
        key,
        cert,
        None,
        serialization.BestAvailableEncryption(passphrase.encode("utf-8")),
    )
    fingerprint = cert.fingerprint(hashes.SHA256()).hex()
    target = out if out is not None else keys_dir() / f"{fingerprint[:16]}.p12"
    _write_private(target, blob)
    if out is None:
        target.with_suffix(".crt").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return describe_certificate(cert, target)


def read_key_file(path: Path) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise SigningError(_("The key file {path} cannot be read.").format(path=path)) from exc


def load_p12(data: bytes, passphrase: str) -> tuple[Any, Certificate, list[Certificate]]:
    from cryptography.hazmat.primitives.serialization import pkcs12

    try:
        key, cert, extra = pkcs12.load_key_and_certificates(data, passphrase.encode("utf-8"))
    except ValueError as exc:
        raise SigningError(
            _("The key could not be opened. Check the passphrase, and that the file is a .p12 or .pfx key.")
        ) from exc
    if key is None or cert is None:
        raise SigningError(_("The file holds no signing key with a certificate."))
    return key, cert, list(extra or [])


def read_key(path: Path, passphrase: str) -> KeyInfo:
    """Open a .p12 with ``passphrase`` (checks both) and describe its certificate."""
    _key, cert, _extra = load_p12(read_key_file(path), passphrase)
    return describe_certificate(cert, Path(path))


def import_pkcs12(source: Path, passphrase: str) -> KeyInfo:
    """Copy a PKCS#12 file into the key folder after checking that the passphrase opens it."""
    from cryptography.hazmat.primitives import serialization

    data = read_key_file(source)
    _key, cert, _extra = load_p12(data, passphrase)
    info = describe_certificate(cert, source)
    target = keys_dir() / f"{info.fingerprint_sha256[:16]}.p12"
    _write_private(target, data)
    target.with_suffix(".crt").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return describe_certificate(cert, target)


def list_keys() -> list[KeyInfo]:
    """Keys in the key folder, newest certificate first (reads only the public .crt files)."""
    from cryptography import x509

    keys = []
    for crt in sorted(keys_dir().glob("*.crt")):
        p12 = crt.with_suffix(".p12")
        if not p12.exists():
            continue
        try:
            cert = x509.load_pem_x509_certificate(crt.read_bytes())
        except ValueError:
            continue
        keys.append(describe_certificate(cert, p12))
    keys.sort(key=lambda k: k.not_valid_before, reverse=True)
    return keys


def delete_key(info: KeyInfo) -> None:
    for path in (info.path, info.path.with_suffix(".crt")):
        path.unlink(missing_ok=True)


def export_key(info: KeyInfo, target: Path) -> None:
    """Copy the encrypted .p12 elsewhere (a backup of the key; still passphrase-protected)."""
    shutil.copyfile(info.path, target)


@dataclass(frozen=True)
class OpenedKey:
    """A key opened with its passphrase (cryptography objects) and its certificate's description.

    Opening needs only ``cryptography``; pyHanko is imported when the signature is made, so a
    wrong passphrase is refused before any PDF is rendered.
    """

    key: Any
    certificate: Any
    extra_certificates: tuple[Any, ...]
    info: KeyInfo


def open_key(path: Path, passphrase: str) -> OpenedKey:
    """Decrypt the .p12 (its passphrase goes through PBKDF2) once: a batch of signatures reuses it."""
    key, cert, extra = load_p12(read_key_file(path), passphrase)
    info = describe_certificate(cert, Path(path))
    if info.is_expired:
        raise SigningError(
            _("The key's certificate expired on {date}. Make or import a new key.").format(
                date=format_long_date(info.not_valid_after.date())
            )
        )
    return OpenedKey(key=key, certificate=cert, extra_certificates=tuple(extra), info=info)
