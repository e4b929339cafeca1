"""Real keys and real signed PDFs for the trust tests: a test CA, issued keys, handover copies.

Everything is made with ``cryptography`` and signed by ``desktop.services.minutes.signing``; nothing is
mocked. The handover copy is a small one-page PDF carrying the case's real handover data
(``build_handover``), so that ``import`` accepts it once the signer is settled.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from desktop import clock
from desktop.db import Database
from desktop.services.minutes import signing, signing_keys

PASSPHRASE = "riktig-passord-123"


@dataclass(frozen=True)
class Issued:
    """A key as a .p12 file, and its certificate."""

    path: Path
    certificate: Any
    fingerprint: str


def make_ca(name: str) -> tuple[Any, Any]:
    """A self-signed CA (ECDSA P-256): (private key, certificate)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = clock.now_utc()
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=30))
        .not_valid_after(now + timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )  # fmt: skip
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return key, cert


def issue_key(
    ca: tuple[Any, Any], name: str, out: Path, *, with_chain: bool = True, timestamping: bool = False
) -> Issued:
    """A signing key issued by ``ca``, written as a .p12 (with the CA certificate when ``with_chain``).

    ``timestamping``: an RSA key for a timestamp authority (pyHanko's test TSA signs with RSA only).
    """
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec, rsa
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    ca_key, ca_cert = ca
    key: Any = (
        rsa.generate_private_key(public_exponent=65537, key_size=2048)
        if timestamping
        else ec.generate_private_key(ec.SECP256R1())
    )
    now = clock.now_utc()
    builder = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)]))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=700))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(signing_keys.signing_key_usage(), critical=True)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_cert.public_key()), critical=False
        )
    )
    if timestamping:
        builder = builder.add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True
        )
    cert = builder.sign(ca_key, hashes.SHA256())
    blob = pkcs12.serialize_key_and_certificates(
        b"test", key, cert, [ca_cert] if with_chain else None,
        serialization.BestAvailableEncryption(PASSPHRASE.encode()),
    )  # fmt: skip
    out.write_bytes(blob)
    return Issued(path=out, certificate=cert, fingerprint=cert.fingerprint(hashes.SHA256()).hex())


def self_signed_key(name: str, out: Path) -> Issued:
    """A key as ``create-key --out`` makes it: self-signed, outside the key folder (not "own")."""
    from cryptography.hazmat.primitives.serialization import pkcs12

    info = signing_keys.generate_key(name, PASSPHRASE, out=out)
    _key, cert, _extra = pkcs12.load_key_and_certificates(out.read_bytes(), PASSPHRASE.encode())
    return Issued(path=out, certificate=cert, fingerprint=info.fingerprint_sha256)


def write_pem(cert: Any, out: Path) -> Path:
    from cryptography.hazmat.primitives import serialization

    out.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return out


def _one_page(title: str) -> bytes:
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.setTitle(title)
    page.drawString(72, 720, title)
    page.save()
    return buffer.getvalue()


def handover_pdf(db: Database, meeting_id: int, key: Path, out: Path) -> Path:
    """A signed handover copy of ``meeting_id``'s case: one page, the real handover JSON attached."""
    from desktop.services.minutes.handover_build import build_handover, to_json_bytes

    attachment = to_json_bytes(build_handover(db, meeting_id))
    result = signing.sign_pdf(
        signing.SignRequest(
            pdf=_one_page("Overføring"),
            key_path=key,
            passphrase=PASSPHRASE,
            slot=None,
            attachment=attachment,
            attachment_description="handover",
        )
    )
    out.write_bytes(result.pdf)
    return out


def signed_pdf(key: Path, out: Path, title: str = "Referat") -> Path:
    """A signed one-page PDF without handover data."""
    result = signing.sign_pdf(
        signing.SignRequest(pdf=_one_page(title), key_path=key, passphrase=PASSPHRASE, slot=None)
    )
    out.write_bytes(result.pdf)
    return out
